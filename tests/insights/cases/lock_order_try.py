"""Near miss: the second thread takes `first` while holding `second`, but
only with a try (acquire(blocking=False)) that gives up at once: it can
never wait, so it can never deadlock.
[expect none]
"""
import threading

first = threading.Lock()
second = threading.Lock()


def forward():
    with first:
        with second:
            pass


def backward():
    with second:
        if first.acquire(blocking=False):
            first.release()


for target in (forward, backward):
    worker = threading.Thread(target=target)
    worker.start()
    worker.join()
print("done")
