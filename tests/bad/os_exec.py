"""os.execv."""
import os
os.execv("/bin/echo", ["echo", "escaped"])
