# ticker.py - a 1 ms ticker that runs 760 s of virtual time: its trace is near
# looplab's 256 MiB trace limit (bench/ui/trace_load.sh opens it as the window does).
import asyncio

async def main():
    loop = asyncio.get_running_loop()
    n = 0
    while loop.time() < 760:
        await asyncio.sleep(0.001)
        n += 1
    print(n, "ticks")

asyncio.run(main())
