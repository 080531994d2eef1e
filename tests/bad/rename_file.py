"""Renaming a file."""
import os
os.rename(__file__, __file__ + ".moved")
