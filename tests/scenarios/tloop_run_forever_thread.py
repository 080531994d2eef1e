"""A loop.run_forever() thread fed with run_coroutine_threadsafe while the main thread blocks on fut.result(); the main thread wakes when the other loop sets each result. [real-order]"""
import asyncio
import threading


def serve(loop):
    asyncio.set_event_loop(loop)
    loop.run_forever()


async def work(n):
    await asyncio.sleep(n)
    print(f'work({n}) on {threading.current_thread().name}')
    return n * 10


loop = asyncio.new_event_loop()
server = threading.Thread(target=serve, args=(loop,), name='loop-thread')
server.start()
for n in (1, 2):
    future = asyncio.run_coroutine_threadsafe(work(n), loop)
    print('result', future.result())
both = [asyncio.run_coroutine_threadsafe(work(n), loop) for n in (0.5, 0.25)]
print('results', [f.result() for f in both])
loop.call_soon_threadsafe(loop.stop)
server.join()
loop.close()
print('closed', loop.is_closed())
