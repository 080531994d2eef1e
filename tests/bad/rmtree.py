"""shutil.rmtree."""
import shutil
shutil.rmtree("looplab_bad_corpus_never_there")
