"""sys.exit(n) gives status n."""
import sys
print("leaving")
sys.exit(7)
