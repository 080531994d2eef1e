"""Writing a file."""
with open("looplab_bad_corpus_out.txt", "w") as f:
    f.write("x")
