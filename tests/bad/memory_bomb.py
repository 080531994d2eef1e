"""Allocates without end: the memory limit (2 GiB) stops it."""
hoard = []
while True:
    hoard.append(bytearray(10 ** 7))
