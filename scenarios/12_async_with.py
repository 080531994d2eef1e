"""Lesson 12: async context managers."""
#: title async with: setup and teardown that can wait
#: teaches asynccontextmanager
#: uses async with
#: uses coroutine, task, async generator
#: intro
#:   `async with` is `with` for resources whose opening and closing take
#:   time: a connection to open, a transaction to commit, a lock to take.
#:   The object's __aenter__ and __aexit__ are coroutines, so the setup and
#:   the teardown can await, and other tasks run meanwhile.
#:
#:   __aexit__ runs however the block ends, even when it raises, which makes
#:   it the right place for cleanup. contextlib.asynccontextmanager builds
#:   the same thing from an async generator.
import asyncio
import contextlib
import time

START = time.monotonic()


def clock():
    """Seconds since the program started."""
    return f"{time.monotonic() - START:.2f} s"


class Connection:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        print(f"{self.name}: connecting at {clock()}")
        await asyncio.sleep(0.5)  # the handshake
        print(f"{self.name}: connected at {clock()}")
        return self

    async def __aexit__(self, exc_type, exc, tb):
        reason = exc_type.__name__ if exc_type else "no error"
        print(f"{self.name}: closing ({reason}) at {clock()}")
        await asyncio.sleep(0.25)  # saying goodbye to the server
        print(f"{self.name}: closed at {clock()}")
        return False  # do not swallow the exception

    async def query(self, sql):
        await asyncio.sleep(1)
        return f"{sql!r} -> 3 rows"


@contextlib.asynccontextmanager
async def transaction(conn):
    print(f"{conn.name}: BEGIN")
    await asyncio.sleep(0.1)
    try:
        yield conn
        print(f"{conn.name}: COMMIT")
    except Exception:
        print(f"{conn.name}: ROLLBACK")
        raise


async def main():
    #: say at line
    #:   Entering the block awaits __aenter__: main is suspended during the
    #:   handshake, before the body runs.
    #: expect output "db: connecting at 0.00 s"
    #: expect timers 1
    #: expect ready none
    async with Connection("db") as conn:
        print(await conn.query("SELECT * FROM plants"))

    try:
        async with Connection("cache") as conn:
            #: ask at print "cache: closing"
            #:   The body raises KeyError. What prints next?
            #:   [x] cache: closing (KeyError)
            #:   [ ] the KeyError, and the program stops
            #:   [ ] nothing: the connection stays open
            #:   why: leaving an async with block, even by an exception, awaits
            #:     __aexit__ with the exception's details. It returns False,
            #:     so the KeyError goes on to the except below.
            #: expect output "cache: connected at 2.25 s"
            #: expect running main
            raise KeyError("missing")
    except KeyError as error:
        print(f"caught {error!r} after the connection closed")

    async with Connection("shop") as conn:
        try:
            async with transaction(conn):
                await conn.query("UPDATE stock SET count = count - 1")
                raise ValueError("out of stock")
        except ValueError as error:
            #: say at print "shop: ROLLBACK"
            #:   transaction comes from contextlib.asynccontextmanager: its async
            #:   generator's code before yield is the setup (BEGIN), after it the
            #:   teardown. The body's ValueError was thrown in at the yield; the
            #:   except printed ROLLBACK and raised it again, on to the except
            #:   here. The shop block itself did not fail: it closes with no error.
            #: expect output "shop: ROLLBACK"
            #: expect running main
            #: expect timers 0
            print(f"transaction failed: {error}")


asyncio.run(main())
