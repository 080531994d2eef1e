"""Near miss: the same as deadlock_self.py with an RLock, which its holder
may take again: no deadlock, nothing to report.
[expect none]
"""
import threading

cache_lock = threading.RLock()


def refresh():
    with cache_lock:
        print("refreshing")


def update():
    with cache_lock:
        refresh()


worker = threading.Thread(target=update, name="updater")
worker.start()
worker.join()
