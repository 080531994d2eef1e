"""Unbounded recursion: RecursionError, as in python3."""
def down(n):
    return down(n + 1)

down(0)
