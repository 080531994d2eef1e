"""Bootstrap of the reference runner's child interpreter.

refrun.py puts this directory first on PYTHONPATH and passes its settings
in the LOOPLAB_REFRUN environment variable (JSON). The `site` module
imports this file while the interpreter starts, before the scenario runs.
It removes every trace of itself from the environment the scenario sees
(the variable, sys.path, PYTHONPATH, PYTHONHASHSEED, PYTHONDONTWRITEBYTECODE),
runs the system's own sitecustomize as site would have, and hands over to
refloop.runtime.boot. Without LOOPLAB_REFRUN it only chains to the system's.
"""

import importlib.machinery
import importlib.util
import json
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))


def _restore_environment(config):
    del os.environ['LOOPLAB_REFRUN']
    for name, value in config['environ'].items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _run_system_sitecustomize():
    spec = importlib.machinery.PathFinder.find_spec('sitecustomize', sys.path)
    if spec is None:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules['sitecustomize'] = module
    spec.loader.exec_module(module)


def _main():
    if _HERE in sys.path:
        sys.path.remove(_HERE)
    raw = os.environ.get('LOOPLAB_REFRUN')
    config = json.loads(raw) if raw else None
    if config is not None:
        _restore_environment(config)
    _run_system_sitecustomize()
    if config is None:
        return
    reference = os.path.dirname(_HERE)
    sys.path.insert(0, reference)
    try:
        from refloop import runtime
    finally:
        sys.path.remove(reference)
    runtime.boot(config)


_main()
