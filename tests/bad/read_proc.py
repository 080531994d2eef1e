"""Reading /proc."""
print(open("/proc/self/environ", "rb").read())
