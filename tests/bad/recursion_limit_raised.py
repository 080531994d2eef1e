"""Raising the recursion limit past looplab's cap is refused."""
import sys
sys.setrecursionlimit(10 ** 6)
