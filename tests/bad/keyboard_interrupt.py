"""An uncaught KeyboardInterrupt: 130, as python3."""
raise KeyboardInterrupt
