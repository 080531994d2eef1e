"""BoundedSemaphore raises ValueError when released more often than acquired. [real-order]"""
import asyncio


async def main():
    sem = asyncio.BoundedSemaphore(1)
    async with sem:
        print('inside, locked() =', sem.locked())
    try:
        sem.release()
    except ValueError as exc:
        print('ValueError:', exc)
    plain = asyncio.Semaphore(1)
    plain.release()
    print('a plain Semaphore just grows: locked() =', plain.locked())


asyncio.run(main())
