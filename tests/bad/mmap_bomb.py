"""2.5 GiB of anonymous mmap, round the counted allocator: the supervisor sees the memory."""
import mmap
size = 2560 << 20
m = mmap.mmap(-1, size)
block = b"x" * (1 << 20)
for offset in range(0, size, 1 << 20):
    m[offset:offset + (1 << 20)] = block
print("mapped and touched 2.5 GiB")
