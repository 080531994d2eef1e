"""64 MiB through os.write(1, ...), round sys.stdout's counter: the supervisor counts the pipe."""
import os
block = b"x" * 65535 + b"\n"
for _ in range(1024):
    os.write(1, block)
print("wrote 64 MiB")
