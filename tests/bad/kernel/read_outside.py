"""Reading a file outside the program's folder and Python's (the path comes from run_kernel.py)."""
import sys
with open(sys.argv[1]) as f:
    print(f.read())
