"""One huge string: refused at once, the memory limit stops the run."""
text = "x" * (10 ** 10)
