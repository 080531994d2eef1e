"""Near miss: two threads take the same two locks in the same order, at the
same time: one waits for the other, and nobody can deadlock.
[expect none]
"""
import threading
import time

first = threading.Lock()
second = threading.Lock()


def worker():
    with first:
        time.sleep(0.05)
        with second:
            time.sleep(0.05)


threads = [threading.Thread(target=worker) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done")
