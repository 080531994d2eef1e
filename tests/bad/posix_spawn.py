"""os.posix_spawn."""
import os
os.posix_spawn("/bin/echo", ["echo", "escaped"], {})
