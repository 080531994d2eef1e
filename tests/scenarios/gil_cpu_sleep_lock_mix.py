"""Threads mix CPU work, sleeps and a lock: a thread that sleeps or waits on the lock holds no CPU, so the others compute at full speed meanwhile."""
import threading
import time

import sim

lock = threading.Lock()


def worker(name, plan):
    for step, amount in plan:
        start = time.monotonic()
        if step == 'cpu':
            sim.cpu(amount)
        elif step == 'sleep':
            time.sleep(amount)
        else:
            with lock:
                sim.cpu(amount)
        print(f'{time.monotonic():.3f} {name} {step} {amount}: {time.monotonic() - start:.3f} s')


plans = {
    'a': [('cpu', 1.0), ('sleep', 1.0), ('locked-cpu', 0.5)],
    'b': [('sleep', 0.5), ('cpu', 1.0), ('locked-cpu', 0.5)],
    'c': [('locked-cpu', 1.0), ('cpu', 0.5)],
}
threads = [threading.Thread(target=worker, args=(name, plan), name=name) for name, plan in plans.items()]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(f'{time.monotonic():.3f} all done')
