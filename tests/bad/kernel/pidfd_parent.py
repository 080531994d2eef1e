"""Killing looplab's supervisor (the parent) through a pidfd."""
import os
import signal
fd = os.pidfd_open(os.getppid())
signal.pidfd_send_signal(fd, signal.SIGKILL)
print("killed the parent")
