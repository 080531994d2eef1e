"""os.chroot (no audit event): refused by the kernel (capabilities dropped, seccomp)."""
import os
os.chroot("/tmp")
print("chrooted")
