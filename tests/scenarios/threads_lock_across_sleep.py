"""Three threads share a threading.Lock and hold it across a time.sleep: the lock passes from thread to thread in the order they asked for it."""
import threading
import time

lock = threading.Lock()
balance = 0


def deposit(name, amount, rounds):
    global balance
    for _ in range(rounds):
        with lock:
            seen = balance
            time.sleep(0.2)              # holds the lock while it sleeps
            balance = seen + amount
            print(f'{time.monotonic():.1f} {name} balance={balance}')
        time.sleep(0.1)


threads = [threading.Thread(target=deposit, args=(f'd{i}', 10 * (i + 1), 2), name=f'd{i}')
           for i in range(3)]
for thread in threads:
    thread.start()
print('started, locked:', lock.locked())
for thread in threads:
    thread.join()
print(f'{time.monotonic():.1f} final balance {balance}, locked: {lock.locked()}')
print('acquire with timeout on a held lock:')
lock.acquire()
helper = threading.Thread(target=lambda: print('  got it:', lock.acquire(timeout=0.5), f'at {time.monotonic():.1f}'))
helper.start()
helper.join()
print('  non-blocking:', lock.acquire(blocking=False))
lock.release()
