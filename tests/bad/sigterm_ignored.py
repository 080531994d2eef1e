"""SIGTERM ignored, then a loop in C: the supervisor's kill cannot be ignored."""
import re, signal
signal.signal(signal.SIGTERM, signal.SIG_IGN)
re.match(r"(a+)+$", "a" * 64 + "b")
