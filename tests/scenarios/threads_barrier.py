"""Three threads meet at a threading.Barrier after different amounts of work; the last to arrive releases them all; a barrier wait with a timeout breaks it."""
import threading
import time

barrier = threading.Barrier(3, action=lambda: print(f'{time.monotonic():.1f} all three arrived'))


def runner(name, work):
    time.sleep(work)
    print(f'{time.monotonic():.1f} {name} arrives')
    index = barrier.wait()
    print(f'{time.monotonic():.1f} {name} passes (index {index})')


threads = [threading.Thread(target=runner, args=(f'r{i}', w), name=f'r{i}')
           for i, w in enumerate((0.5, 1.5, 1.0))]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()

lonely = threading.Barrier(2)
try:
    lonely.wait(timeout=0.4)
except threading.BrokenBarrierError:
    print(f'{time.monotonic():.1f} nobody came: BrokenBarrierError, broken={lonely.broken}')
