"""Three CPU-bound threads start 0.5 s apart with different amounts of work; each one that starts or finishes changes the others' speed (1, 1/2, 1/3 of the CPU)."""
import threading
import time

import sim


def crunch(name, delay, work):
    time.sleep(delay)
    start = time.monotonic()
    sim.cpu(work)
    print(f'{time.monotonic():.3f} {name}: {work} s of work took {time.monotonic() - start:.3f} s')


threads = [threading.Thread(target=crunch, args=(f'c{i}', 0.5 * i, work))
           for i, work in enumerate((1.5, 1.0, 0.5))]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(f'{time.monotonic():.3f} total')
