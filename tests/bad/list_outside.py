"""Listing a folder outside the program's folder."""
import os
print(os.listdir("/"))
