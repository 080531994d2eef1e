"""Killing another process by its id (run_kernel.py started it)."""
import os
import signal
import sys
os.kill(int(sys.argv[1]), signal.SIGKILL)
print("killed", sys.argv[1])
