"""Modules the reference runner shares with looplab itself.

looplab embeds src/py/shim/*.py in its binary; two of them describe the
model rather than looplab's machinery, and the reference runner uses the
very same files so that both runners agree on every observable detail:
    vmodel.py   the clocks, time.sleep's argument check, randomness
    vreport.py  the messages of a run stopped early (deadlock, limits)
    vstamp.py   the --stamp writer of stdout
    lanes.py    thread pools as lockstep lanes (each runner plugs in its
                own lockstep scheduler)
They are loaded here by path, under the names looplab gives them.
"""

import importlib.util
import os
import sys

_SHIM = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))), "src", "py", "shim")


def load(name):
    module_name = "_looplab_" + name
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, os.path.join(_SHIM, name + ".py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module
