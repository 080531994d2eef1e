"""lock_nested.py - one thread takes two program locks, nested, 50,000 times.

Nobody else wants them, so every acquire is the fast path; but the program
made them, so looplab traces each take and release (src/py/lock.c, for the
lock-order and deadlock insights): this is what that tracing costs. An
optional argument scales the count.
"""
import sys
import threading

ROUNDS = int(50_000 * (float(sys.argv[1]) if len(sys.argv) > 1 else 1.0))

outer = threading.Lock()
inner = threading.RLock()
total = 0


def work():
    global total
    for i in range(ROUNDS):
        with outer:
            with inner:
                total += i


worker = threading.Thread(target=work)
worker.start()
worker.join()
print(total)
