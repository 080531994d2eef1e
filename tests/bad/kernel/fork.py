"""A new process."""
import os
pid = os.fork()
if pid == 0:
    print("FORKED-CHILD")
    os._exit(0)
os.waitpid(pid, 0)
