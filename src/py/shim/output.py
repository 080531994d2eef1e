"""output.py - stdout and stderr as looplab records and prints them.

Every completed line written to sys.stdout or sys.stderr goes into the trace
with its virtual time and the task that wrote it (the window's console).
With --stamp, stdout lines also start with the virtual time; the writer and
its rules are vstamp.py's, shared with the reference runner.
"""
import atexit
import sys

import _looplab

_introspect = sys.modules["_looplab_introspect"]
_vstamp = sys.modules["_looplab_vstamp"]


def install(options):
    out = _vstamp.LineWriter(sys.stdout, _looplab.now, options["stamp"],
                             lambda line: _introspect.output_line(1, line))
    err = _vstamp.LineWriter(sys.stderr, _looplab.now, False,
                             lambda line: _introspect.output_line(2, line))
    sys.stdout, sys.stderr = out, err
    atexit.register(err.finish)
    atexit.register(out.finish)
    sys.modules["_looplab_stops"].flushers.append(out.finish)
