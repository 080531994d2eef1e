"""An exception while the module runs its top level."""
print("before")
1 / 0
