"""The control: the audit hook refuses importing _ctypes; without it this works (test binary only)."""
import _ctypes
print("the audit hook is off:", _ctypes.__name__)
