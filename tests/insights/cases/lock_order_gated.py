"""Near miss: two threads take `first` and `second` in opposite orders, but
both only while holding `gate`, so only one of them is ever inside: they
cannot deadlock (lockdep would still warn; looplab does not).
[expect none]
"""
import threading
import time

gate = threading.Lock()
first = threading.Lock()
second = threading.Lock()


def forward():
    with gate:
        with first:
            with second:
                time.sleep(0.05)


def backward():
    with gate:
        with second:
            with first:
                time.sleep(0.05)


threads = [threading.Thread(target=forward), threading.Thread(target=backward)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done")
