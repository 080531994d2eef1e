"""Text that is not ASCII: printed, written by tasks, read back from the
program's own file, and the encodings Python reports, as python3 does in a
UTF-8 locale. [real-order]"""
import asyncio
import locale
import sys


async def greet(name, delay):
    await asyncio.sleep(delay)
    print(f"{name}: héllo ✓ — ünïcode 日本語")


async def main():
    await asyncio.gather(greet("b", 0.2), greet("a", 0.1))
    with open(__file__, encoding=None) as source:
        text = source.read()
    print("the file reads back:", "héllo ✓" in text)
    print("encodings:", sys.stdout.encoding, locale.getpreferredencoding(False).lower())
    print("é".encode(), len("日本語".encode()))


asyncio.run(main())
