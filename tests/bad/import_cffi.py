"""cffi."""
import cffi
