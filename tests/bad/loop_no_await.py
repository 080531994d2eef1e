"""An infinite loop that never awaits: the real-time budget stops it."""
while True:
    pass
