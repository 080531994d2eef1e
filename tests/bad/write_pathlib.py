"""Writing a file through pathlib."""
import pathlib
pathlib.Path("looplab_bad_corpus_out.txt").write_text("x")
