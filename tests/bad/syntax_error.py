"""A syntax error: status 1, the file and line of the error."""
print("never printed")
if True
    pass
