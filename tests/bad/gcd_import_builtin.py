"""A denied built-in module reached round the import event: it is not in the interpreter at all."""
import importlib._bootstrap
spwd = importlib._bootstrap._gcd_import("spwd")
print(spwd.getspall()[:1])
