"""Records of every kind forged into the trace (possible with --trust only: the engine's
module is then importable), between a real task's steps. The window must replay the rest:
no crash, and what the loop really did still shown."""
import asyncio
import random
import _looplab

KINDS = [getattr(_looplab, name) for name in dir(_looplab) if name.startswith("EV_")]
ARGS = [0, 1, 2, 3, 2 ** 40, 2 ** 64 - 1, 0.25, -1.0, 1e308, float("nan"), float("inf")]


async def worker():
    await asyncio.sleep(0.5)
    print("worker done")


async def main():
    task = asyncio.create_task(worker(), name="worker")
    rnd = random.Random(15)
    for _ in range(800):
        _looplab.trace(rnd.choice(KINDS), rnd.randrange(0, 40), rnd.randrange(0, 5), rnd.choice(ARGS))
    await task
    print("forged and replayed")

asyncio.run(main())
