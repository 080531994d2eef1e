"""Three philosophers, three forks: each takes the fork on its left, then
the one on its right, and all three wait in a cycle of three.
[expect deadlock line 16]
"""
import threading
import time

fork_a = threading.Lock()
fork_b = threading.Lock()
fork_c = threading.Lock()


def dine(left, right):
    with left:
        time.sleep(0.1)
        with right:
            print("eating")


seats = [(fork_a, fork_b), (fork_b, fork_c), (fork_c, fork_a)]
diners = [threading.Thread(target=dine, args=seat, name=f"diner_{i}") for i, seat in enumerate(seats)]
for d in diners:
    d.start()
for d in diners:
    d.join()
