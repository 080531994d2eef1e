"""Opening for writing with os.open."""
import os
os.open("looplab_bad_corpus_out.txt", os.O_WRONLY | os.O_CREAT)
