"""subprocess.run."""
import subprocess
subprocess.run(["echo", "escaped"])
