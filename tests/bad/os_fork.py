"""os.fork."""
import os
os.fork()
