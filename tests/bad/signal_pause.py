"""signal.pause(): waits for a signal that never comes."""
import signal
signal.pause()
