"""output.py - stdout and stderr as looplab records and prints them.

Every completed line written to sys.stdout or sys.stderr goes into the trace
with its virtual time and the task that wrote it (the window's console).
With --stamp, stdout lines also start with the virtual time; the writer and
its rules are vstamp.py's.
"""
import atexit
import codecs
import sys

import _looplab

_introspect = _shim["introspect"]
_vstamp = _shim["vstamp"]


def install(options):
    # python3 looks up the UTF-8 codec while it reads the main file (its
    # registry caches it); looplab compiles the file from bytes and would
    # not. Without it in the cache, a traceback printed at interpreter exit
    # (a task exception never retrieved, once the codec search can no longer
    # import) fails with "LookupError: unknown encoding: utf-8".
    codecs.lookup("utf-8")
    out = _vstamp.LineWriter(sys.stdout, _looplab.now, options["stamp"],
                             lambda line: _introspect.output_line(1, line))
    err = _vstamp.LineWriter(sys.stderr, _looplab.now, False,
                             lambda line: _introspect.output_line(2, line))
    sys.stdout, sys.stderr = out, err
    atexit.register(err.finish)
    atexit.register(out.finish)
    _shim["stops"].flushers.append(out.finish)
