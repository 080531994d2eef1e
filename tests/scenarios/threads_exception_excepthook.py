"""A thread that raises is reported as threading reports it (Exception in thread ...); then threading.excepthook is replaced and honoured; the program goes on."""
import threading
import time


def fail(n):
    time.sleep(0.5)
    raise ValueError(f'failure {n}')


first = threading.Thread(target=fail, args=(1,), name='first')
first.start()
first.join()
print(f'{time.monotonic():.1f} first ended, alive: {first.is_alive()}')


def hook(args):
    print(f'{time.monotonic():.1f} hook: {args.exc_type.__name__}: {args.exc_value} in {args.thread.name}')


threading.excepthook = hook
second = threading.Thread(target=fail, args=(2,), name='second')
second.start()
second.join()
print('done')
