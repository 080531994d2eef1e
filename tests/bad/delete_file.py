"""Deleting a file."""
import os
os.remove("looplab_bad_corpus_never_there.txt")
