"""Replacing the process with a shell."""
import os
os.execv("/bin/sh", ["sh", "-c", "echo RAN-A-SHELL"])
