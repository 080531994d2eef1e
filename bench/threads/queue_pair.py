"""queue_pair.py - a producer and a consumer thread pass 20,000 items
through a queue.Queue of 16 places.

The producer fills the queue and blocks; the consumer drains it and blocks:
every 16 items both threads wait and wake once. An optional argument scales
the item count.
"""
import queue
import sys
import threading
import time

ITEMS = int(20_000 * (float(sys.argv[1]) if len(sys.argv) > 1 else 1.0))

items = queue.Queue(maxsize=16)
total = 0


def producer():
    for i in range(ITEMS):
        items.put(i)
    items.put(None)


def consumer():
    global total
    while (item := items.get()) is not None:
        total += item


threads = [threading.Thread(target=producer), threading.Thread(target=consumer)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("items %d, sum %d, time %.3f" % (ITEMS, total, time.monotonic()))
