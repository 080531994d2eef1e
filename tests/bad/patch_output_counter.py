"""The output counter switched off through its streams and sys.modules, then printing without end."""
import sys
for stream in (sys.stdout, sys.stderr):
    on_line = stream._on_line
    inner = on_line.__closure__[0].cell_contents if on_line.__closure__ else on_line
    stream._on_line = inner if callable(inner) else on_line
sys.modules.get("_looplab_limits", sys).OUTPUT_LIMIT = 1 << 62
while True:
    print("spam " * 20)
