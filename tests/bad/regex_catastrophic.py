"""A catastrophic regex: hours in C with the GIL held, where the watchdog cannot run."""
import re
re.match(r"(a+)+$", "a" * 64 + "b")
