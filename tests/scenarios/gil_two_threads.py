"""Two threads each do 1 s of CPU work at once: they share the GIL, so each runs at half speed and both finish at 2 s (one alone takes 1 s)."""
import threading
import time

import sim


def crunch(name):
    start = time.monotonic()
    sim.cpu(1.0)
    print(f'{time.monotonic():.2f} {name} finished after {time.monotonic() - start:.2f} s')


alone = threading.Thread(target=crunch, args=('alone',))
alone.start()
alone.join()
pair = [threading.Thread(target=crunch, args=(f'pair-{i}',)) for i in range(2)]
for thread in pair:
    thread.start()
for thread in pair:
    thread.join()
print(f'{time.monotonic():.2f} done')
