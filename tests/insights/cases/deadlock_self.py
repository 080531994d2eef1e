"""A thread takes a Lock it already holds (a helper takes it again): a
deadlock of one thread.
[expect deadlock line 11]
"""
import threading

cache_lock = threading.Lock()


def refresh():
    with cache_lock:
        print("refreshing")


def update():
    with cache_lock:
        refresh()


worker = threading.Thread(target=update, name="updater")
worker.start()
worker.join()
