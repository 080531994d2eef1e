"""boot.py - installs looplab's engine before the program runs.

run.c executes this module right after the interpreter starts. It loads the
other embedded shim modules (their code objects come from
_looplab.shim_files(), compiled into the binary) and lets each install its part:
    onimport  patches a module when it is imported (the finder on
            sys.meta_path that the ones below register with)
    vmodel  the model's patches (clocks, randomness)
    vreport the messages of a stopped run
    stops   deadlock, time limit, busy loop, real-time watchdog
    introspect  what tasks do, into the trace
    vcpu    CPU work and the GIL
    vthreads  every thread in lockstep; threading's primitives wait in
            virtual time
    lanes   thread pools as lockstep lanes
    threads lockstep threads on the C lanes; time.sleep, sim.cpu
    vclock  every clock the program can read becomes the virtual clock
    loop    every way of getting an asyncio loop gives looplab's C loop
    vstamp  the --stamp writer
    output  every output line into the trace; --stamp: stdout lines start
            with the virtual time
    limits  the output-volume limit (the other limits are C: limits.c)

The shim modules find each other through `_shim` (name -> module), a dict
each one gets in its globals before it runs, never through sys.modules:
unless --trust, guard.c takes every `_looplab*` module out of sys.modules
once the engine is installed, so that the program cannot import them.
Each shim module also gets its own copy of the builtins, taken before the
program runs: a program that replaces builtins.len or builtins.isinstance
does not see the engine's objects go through its functions.
"""
import builtins
import sys
import types

import _looplab

_BUILTINS = dict(builtins.__dict__)


def _load(name, files, shim):
    module = types.ModuleType("_looplab_" + name)
    module.__file__ = "<looplab>/%s.py" % name
    module.__builtins__ = _BUILTINS
    module._shim = shim
    shim[name] = module
    sys.modules[module.__name__] = module  # for tracebacks while booting
    exec(files[name], module.__dict__)
    return module


def _boot():
    files = _looplab.shim_files()
    options = _looplab.options()
    shim = {}
    _load("onimport", files, shim).install()
    _load("vmodel", files, shim)
    _load("vreport", files, shim)
    _load("stops", files, shim).install(options)
    _load("introspect", files, shim).install(options)
    _load("vcpu", files, shim)
    _load("vthreads", files, shim)
    _load("lanes", files, shim)
    _load("threads", files, shim).install(options)
    _load("vclock", files, shim).install(options)
    _load("loop", files, shim).install(options)
    _load("vstamp", files, shim)
    _load("output", files, shim).install(options)
    _load("limits", files, shim).install(options)


_boot()


def prepare_main(script, scenarios_dir):
    """Makes __main__ as `python3 SCRIPT` makes it, with the path kept as
    given, and returns the script's code (compiled as python compiles a
    main file: bytes, so a coding cookie is honoured). run.c runs it."""
    import os
    main = sys.modules["__main__"]
    main.__file__ = script
    main.__cached__ = None
    sys.argv[0] = script
    sys.path.insert(0, os.path.dirname(os.path.realpath(script)))
    if scenarios_dir:
        sys.path.append(scenarios_dir)
    with open(script, "rb") as f:
        source = f.read()
    try:
        return compile(source, script, "exec", dont_inherit=True)
    except ValueError:  # null bytes: python 3.11 reports a SyntaxError
        line = source.count(b"\n", 0, source.find(b"\0")) + 1
        raise SyntaxError("source code cannot contain null bytes",
                          (script, line, None, None)) from None
