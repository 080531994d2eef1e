"""Three threads, one after another, each take two of three locks, nested:
a then b, b then c, c then a. No two of them form an inversion, but three
threads at those lines at the same time would deadlock in a cycle.
[expect lock_order_inversion line 15]
"""
import threading

a = threading.Lock()
b = threading.Lock()
c = threading.Lock()


def nested(outer, inner):
    with outer:
        with inner:
            pass


for pair in ((a, b), (b, c), (c, a)):
    worker = threading.Thread(target=nested, args=pair)
    worker.start()
    worker.join()
print("done")
