"""Reading a file outside the program's folder."""
print(open("/etc/passwd").read())
