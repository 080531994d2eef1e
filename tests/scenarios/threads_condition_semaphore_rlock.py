"""Condition.wait_for with notify, a BoundedSemaphore limiting three workers to two at a time, and an RLock taken twice by the same thread."""
import threading
import time

cond = threading.Condition()
ready = []


def waiter(n):
    with cond:
        got = cond.wait_for(lambda: len(ready) >= n, timeout=2)
        print(f'{time.monotonic():.1f} waiter {n}: {got} {ready}')


def filler():
    for i in range(3):
        time.sleep(0.5)
        with cond:
            ready.append(i)
            cond.notify_all()


threads = [threading.Thread(target=waiter, args=(n,)) for n in (1, 3, 5)] + [threading.Thread(target=filler)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()

slots = threading.BoundedSemaphore(2)


def limited(name):
    with slots:
        print(f'{time.monotonic():.1f} {name} in')
        time.sleep(1)
    print(f'{time.monotonic():.1f} {name} out')


workers = [threading.Thread(target=limited, args=(f'w{i}',)) for i in range(3)]
for thread in workers:
    thread.start()
for thread in workers:
    thread.join()
try:
    slots.release()
except ValueError as error:
    print('extra release:', error)

rlock = threading.RLock()
with rlock:
    with rlock:
        print('RLock taken twice by', threading.current_thread().name)
