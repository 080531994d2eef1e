"""Typing into the terminal with TIOCSTI (a command would run after looplab ends)."""
import fcntl, termios
fcntl.ioctl(0, termios.TIOCSTI, b"x")
