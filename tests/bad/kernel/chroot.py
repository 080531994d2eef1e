"""Changing the root folder (as root, the way out of every path check)."""
import os
os.chroot("/tmp")
print("chrooted")
