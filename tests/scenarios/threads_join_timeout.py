"""Thread.join with a timeout returns at the deadline while the thread still runs; is_alive tells which; a later join waits for the end."""
import threading
import time


def long_job():
    time.sleep(2)
    print(f'{time.monotonic():.1f} long job finished')


worker = threading.Thread(target=long_job, name='long')
print('before start: alive', worker.is_alive())
worker.start()
worker.join(timeout=0.5)
print(f'{time.monotonic():.1f} after join(0.5): alive {worker.is_alive()}')
worker.join(timeout=0)
print(f'{time.monotonic():.1f} after join(0): alive {worker.is_alive()}')
worker.join()
print(f'{time.monotonic():.1f} after join(): alive {worker.is_alive()}')
try:
    threading.current_thread().join()
except RuntimeError as error:
    print('join self:', error)
try:
    threading.Thread(target=long_job).join()
except RuntimeError as error:
    print('join unstarted:', error)
