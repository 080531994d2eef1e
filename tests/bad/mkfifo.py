"""os.mkfifo makes a file without an audit event: the native gate refuses it."""
import os
os.mkfifo("looplab_bad_corpus_fifo")
