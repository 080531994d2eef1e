"""LifoQueue, PriorityQueue and SimpleQueue between threads; a daemon thread still blocked at exit does not hold the program."""
import queue
import threading
import time

lifo, prio, simple = queue.LifoQueue(), queue.PriorityQueue(), queue.SimpleQueue()


def fill():
    for n in (3, 1, 2):
        lifo.put(n)
        prio.put((n, f'p{n}'))
        simple.put(n)
        time.sleep(0.1)


filler = threading.Thread(target=fill)
filler.start()
filler.join()
print('lifo', [lifo.get() for _ in range(3)])
print('prio', [prio.get()[1] for _ in range(3)])
print('simple', [simple.get() for _ in range(3)])
try:
    simple.get(timeout=0.3)
except queue.Empty:
    print(f'{time.monotonic():.1f} SimpleQueue empty')
threading.Thread(target=simple.get, daemon=True, name='forever').start()
time.sleep(0.5)
print(f'{time.monotonic():.1f} exit with a daemon thread blocked')
