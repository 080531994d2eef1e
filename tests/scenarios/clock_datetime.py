"""datetime.now/today/utcnow and date.today read the virtual clock (1970-01-01 UTC); the types still behave as datetime's own."""
import asyncio
import datetime


async def main():
    print(datetime.datetime.now())
    await asyncio.sleep(3000.5)
    now = datetime.datetime.now()
    print(now, repr(now))
    print(datetime.datetime.utcnow(), datetime.datetime.today())
    print(datetime.date.today(), datetime.datetime.now(datetime.timezone.utc))
    print('isinstance:', isinstance(now, datetime.datetime), isinstance(now, datetime.date),
          isinstance(datetime.date.today(), datetime.datetime))
    print('issubclass:', issubclass(datetime.datetime, datetime.date))
    print('type:', type(now), datetime.datetime)
    print('built:', datetime.datetime(2024, 2, 29, 12, 30) + datetime.timedelta(days=1))
    print('parsed:', datetime.datetime.strptime('2001-02-03', '%Y-%m-%d'))

    class Stamp(datetime.datetime):
        pass

    print('subclass:', type(Stamp(2020, 1, 1)).__name__, isinstance(Stamp(2020, 1, 1), Stamp))


asyncio.run(main(), debug=False)
