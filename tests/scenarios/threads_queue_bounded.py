"""A producer thread and a consumer thread pass items through a bounded queue.Queue: the producer blocks when the queue is full, task_done/join track the work."""
import queue
import threading
import time

items = queue.Queue(maxsize=3)


def producer():
    for i in range(8):
        items.put(i)
        print(f'{time.monotonic():.2f} put {i} (size {items.qsize()})')
        time.sleep(0.05)
    items.put(None)


def consumer():
    while True:
        item = items.get()
        if item is None:
            items.task_done()
            break
        time.sleep(0.3)
        print(f'{time.monotonic():.2f} done {item}')
        items.task_done()


threading.Thread(target=producer, name='producer').start()
threading.Thread(target=consumer, name='consumer').start()
items.join()
print(f'{time.monotonic():.2f} all items processed, full={items.full()} empty={items.empty()}')
try:
    items.get(timeout=0.25)
except queue.Empty:
    print(f'{time.monotonic():.2f} get(timeout=0.25) raised queue.Empty')
items.put('x')
items.put('y')
items.put('z')
try:
    items.put_nowait('w')
except queue.Full:
    print('put_nowait on a full queue raised queue.Full')
