"""datetime, random and sched imported late, after the clock has moved and
os.urandom has been read, random first by a standard module (tempfile):
each reads the virtual clock / starts from the seed all the same, and each
module keeps the loader importlib gave it."""
import asyncio
import os
import sys


async def main():
    print('urandom first:', os.urandom(4).hex())
    await asyncio.sleep(5.25)

    import datetime
    print('now:', datetime.datetime.now(), datetime.date.today())

    import tempfile                     # imports random itself
    print('tempfile name:', next(tempfile._get_candidate_names()))
    import random
    print('random:', random.random(), random.randint(1, 1000))
    print('Random():', random.Random().random(), 'urandom:', os.urandom(4).hex())

    import sched
    import time
    s = sched.scheduler()
    s.enter(2, 1, lambda: print('sched fired at', time.monotonic()))
    s.run()

    for module in (datetime, random, sched):
        loader = module.__loader__
        print(module.__name__, type(loader).__name__, module.__spec__.loader is loader,
              'exec_module' in vars(loader))


asyncio.run(main())
