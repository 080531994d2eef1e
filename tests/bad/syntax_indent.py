"""An indentation error."""
def f():
return 1
