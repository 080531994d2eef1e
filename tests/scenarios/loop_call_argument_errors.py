"""loop.call_soon/call_later/call_at with wrong arguments raise the TypeErrors CPython raises. [real-order]"""
import asyncio
async def main():
    loop = asyncio.get_running_loop()
    for call in (lambda: loop.call_soon(print, "a", sep="-"), lambda: loop.call_soon(),
                 lambda: loop.call_later(1), lambda: loop.call_at(), lambda: loop.call_later(None, print),
                 lambda: loop.call_at(1, print, "x", context=None, foo=1)):
        try:
            call()
        except TypeError as e:
            print(e)
asyncio.run(main())
