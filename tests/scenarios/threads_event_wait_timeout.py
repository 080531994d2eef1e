"""A worker polls a threading.Event with wait(timeout) in a loop until another thread sets it; wait returns False on each timeout and True once set."""
import threading
import time

stop = threading.Event()


def worker():
    ticks = 0
    while not stop.wait(timeout=0.3):
        ticks += 1
        print(f'{time.monotonic():.1f} tick {ticks}')
    print(f'{time.monotonic():.1f} stopped after {ticks} ticks, is_set={stop.is_set()}')


def stopper():
    time.sleep(1.0)
    print(f'{time.monotonic():.1f} setting the event')
    stop.set()


threads = [threading.Thread(target=worker), threading.Thread(target=stopper)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
stop.clear()
print('after clear, wait(0) ->', stop.wait(0), 'wait(0.5) ->', stop.wait(0.5), f'at {time.monotonic():.1f}')
