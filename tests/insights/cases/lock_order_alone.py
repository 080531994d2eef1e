"""Near miss: one thread takes `first` then `second`, and later `second`
alone; another thread takes `second` alone, then `first` alone: no thread
ever holds one lock while it asks for the other in the opposite order.
[expect none]
"""
import threading
import time

first = threading.Lock()
second = threading.Lock()


def nested():
    with first:
        with second:
            time.sleep(0.05)
    with second:
        time.sleep(0.05)


def one_at_a_time():
    with second:
        time.sleep(0.05)
    with first:
        time.sleep(0.05)


threads = [threading.Thread(target=nested), threading.Thread(target=one_at_a_time)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done")
