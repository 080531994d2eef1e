"""Two threads take the same two locks in opposite orders, one after the
other: this run does not deadlock, but two threads that ran those lines at
the same time would.
[expect lock_order_inversion line 21]
"""
import threading
import time

first = threading.Lock()
second = threading.Lock()


def transfer():
    with first:
        with second:
            time.sleep(0.1)


def audit():
    with second:
        with first:
            time.sleep(0.1)


one = threading.Thread(target=transfer, name="transfer")
one.start()
one.join()
two = threading.Thread(target=audit, name="audit")
two.start()
two.join()
print("done")
