"""A bomb that catches MemoryError and goes on: still stopped."""
hoard = []
while True:
    try:
        hoard.append(bytes(10 ** 8))
    except MemoryError:
        pass
