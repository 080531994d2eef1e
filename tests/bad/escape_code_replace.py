"""An open call smuggled in a rebuilt code object: still audited."""
def f():
    return len("x")

f.__code__ = f.__code__.replace(co_names=("open",), co_consts=(None, "/etc/hostname"))
print(f())
