"""Two tasks hand control back and forth with await asyncio.sleep(0). [real-order]"""
import asyncio


async def player(name, turns):
    for turn in range(turns):
        print(name, turn)
        await asyncio.sleep(0)
    print(name, 'done')


async def main():
    await asyncio.gather(player('ping', 3), player('pong', 4))


asyncio.run(main())
