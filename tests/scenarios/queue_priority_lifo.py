"""PriorityQueue pops smallest first, LifoQueue newest first; get_nowait/put_nowait raise QueueEmpty/QueueFull. [real-order]"""
import asyncio


async def main():
    pq = asyncio.PriorityQueue()
    for item in [(3, 'low'), (1, 'urgent'), (2, 'normal'), (1, 'also urgent')]:
        pq.put_nowait(item)
    print('priority:', [pq.get_nowait() for _ in range(pq.qsize())])

    lq = asyncio.LifoQueue(maxsize=3)
    for item in 'abc':
        lq.put_nowait(item)
    try:
        lq.put_nowait('d')
    except asyncio.QueueFull:
        print('QueueFull, full() =', lq.full())
    print('lifo:', [await lq.get() for _ in range(3)])
    try:
        lq.get_nowait()
    except asyncio.QueueEmpty:
        print('QueueEmpty, empty() =', lq.empty())


asyncio.run(main())
