"""Writing a file in a folder the user may write (the path comes from run_kernel.py)."""
import sys
with open(sys.argv[1], "w") as f:
    f.write("written\n")
print("wrote", sys.argv[1])
