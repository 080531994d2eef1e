"""Creating a folder."""
import os
os.mkdir("looplab_bad_corpus_dir")
