"""Trying to lift the audit hook: a hook of our own, a new sys.audit, sys.modules games."""
import sys
sys.addaudithook(lambda event, args: None)
sys.audit = lambda *args: None
sys.modules["_looplab"] = None
open("looplab_bad_corpus_out.txt", "w")
