"""boot.py - installs looplab's engine before the program runs.

run.c executes this module right after the interpreter starts. It loads the
other embedded shim modules (their sources come from _looplab.shim_files(),
compiled into the binary) and lets each install its part:
    vclock  every clock the program can read becomes the virtual clock
    threads thread-pool jobs run in lockstep with the loop; time.sleep
    introspect  what tasks do, into the trace
    loop    every way of getting an asyncio loop gives looplab's C loop
    output  every output line into the trace; --stamp: stdout lines start
            with the virtual time
"""
import sys
import types

import _looplab


def _load(name, files):
    module = types.ModuleType("_looplab_" + name)
    module.__file__ = "<looplab>/%s.py" % name
    sys.modules[module.__name__] = module
    exec(compile(files[name], module.__file__, "exec"), module.__dict__)
    return module


def _boot():
    files = _looplab.shim_files()
    options = _looplab.options()
    _load("vclock", files).install(options)
    _load("threads", files).install(options)
    _load("introspect", files).install(options)
    _load("loop", files).install(options)
    _load("output", files).install(options)


_boot()
