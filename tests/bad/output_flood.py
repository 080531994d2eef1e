"""Prints without end: the output limit stops it."""
while True:
    print("spam " * 20)
