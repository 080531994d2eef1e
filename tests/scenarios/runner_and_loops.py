"""Every way to get a loop gives the virtual one: asyncio.Runner (run twice), new_event_loop, and a policy reset with set_event_loop_policy(None)."""
import asyncio
import time


async def nap(seconds):
    await asyncio.sleep(seconds)
    return asyncio.get_running_loop().time()


with asyncio.Runner() as runner:
    print('runner first run ends at', runner.run(nap(1)))
    print('runner second run ends at', runner.run(nap(2)))
    print('runner loop:', runner.get_loop())

loop = asyncio.new_event_loop()
print('new_event_loop:', loop, 'time', loop.time())
print('run_until_complete ends at', loop.run_until_complete(nap(0.5)))
loop.close()

asyncio.set_event_loop_policy(None)
print('after a policy reset:', asyncio.run(nap(0.25)))
print('SelectorEventLoop() is the virtual loop too:',
      asyncio.SelectorEventLoop().time() == time.monotonic())
