"""os.system."""
import os
os.system("echo escaped")
