"""With --trust the program may write (a temporary file, removed again)."""
import os, tempfile
fd, path = tempfile.mkstemp()
os.write(fd, b"ok")
os.close(fd)
os.remove(path)
print("wrote and removed a file")
