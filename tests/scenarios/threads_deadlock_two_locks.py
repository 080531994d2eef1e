"""Two threads take two locks in opposite orders and deadlock; the runner reports each thread, its line and the lock call it waits in. [exit 1]"""
import threading
import time

a = threading.Lock()
b = threading.Lock()


def left():
    with a:
        time.sleep(0.1)
        with b:
            print('left has both')


def right():
    with b:
        time.sleep(0.1)
        with a:
            print('right has both')


threads = [threading.Thread(target=left, name='left'), threading.Thread(target=right, name='right')]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print('never printed')
