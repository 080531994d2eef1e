"""Allocates without end: the memory limit (2 GiB) stops it."""
hoard = []
while True:
    hoard.append(bytes(10 ** 8))  # calloc: no page is touched, so it is quick
