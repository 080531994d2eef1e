"""Writing a file next to the program itself."""
import os
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "looplab_kernel_out.txt"), "w") as f:
    f.write("written\n")
print("wrote next to the program")
