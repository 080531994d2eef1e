"""From a generator's frame to builtins, __import__ and os."""
def gen():
    yield

g = gen()
builtins = g.gi_frame.f_globals["__builtins__"]
imp = builtins["__import__"] if isinstance(builtins, dict) else builtins.__import__
imp("os").remove("looplab_bad_corpus_never_there.txt")
