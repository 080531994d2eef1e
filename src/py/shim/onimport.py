"""onimport.py - patches a standard module the moment it is imported.

The model patches modules a program may never use (datetime, random,
sched, concurrent.futures.process and what it drags in); importing them all
at start-up cost a good part of it. Instead, when_imported(name, patch)
runs patch(module) right after the standard module's code has run, inside
the import that runs it, before the importer (the program, or a standard
module that imports it) gets it back: no code outside the module itself can
use it unpatched. A module already imported is patched at once. Every
import that runs the module's code patches it: a reload, or an import after
the module left sys.modules, patches the new one too. A module of the
program's own that has the name (a random.py beside it, which shadows the
standard one as in python3) is left alone.

The hook is a finder on sys.meta_path, just before importlib's PathFinder
(BuiltinImporter and FrozenImporter keep their places). For any other name
it answers None at once, and importlib asks the next finder. For a watched
name it asks the finders after it for the spec, as importlib would, and
gives that spec's loader an exec_module of its own that runs the loader's
real one and then the patches. The stand-in removes itself when it runs,
so the module's loader is as importlib made it (a loader that cannot take
one, a class or an object with no __dict__, is stood in for in the spec
instead, until the module runs). A program that takes the finder out of
sys.meta_path imports these modules unpatched from then on (README,
"Patched when imported").
"""
import os
import sys
from importlib.machinery import PathFinder

_patches = {}                           # module name -> [patch(module), ...]
_STDLIB = os.path.join(os.path.dirname(os.__file__), '')


def when_imported(name, patch):
    """Run patch(module) on module `name` now if it is imported, and
    whenever its code runs from now on."""
    _patches.setdefault(name, []).append(patch)
    module = sys.modules.get(name)
    if module is not None:
        patch(module)


class _PatchingFinder:
    """The sys.meta_path entry: it finds nothing itself."""

    __slots__ = ()

    def find_spec(self, name, path=None, target=None):
        patches = _patches.get(name)
        if patches is None:
            return None
        spec = _spec_after(self, name, path, target)
        if spec is not None and _in_stdlib(spec):
            _patch_after_exec(spec, patches)
        return spec


def _spec_after(finder, name, path, target):
    """The spec the finders after `finder` give, as importlib asks them
    (None when none does: importlib then asks them itself)."""
    finders = list(sys.meta_path)
    start = next((i + 1 for i, f in enumerate(finders) if f is finder), 0)
    for later in finders[start:]:
        find_spec = getattr(later, "find_spec", None)
        if find_spec is None:
            continue
        spec = find_spec(name, path, target)
        if spec is not None:
            return spec
    return None


def _in_stdlib(spec):
    """The standard library's module, not one of the program's that has its
    name (a random.py beside it shadows the standard one, as in python3)."""
    origin = spec.origin
    return isinstance(origin, str) and origin.startswith(_STDLIB)


def _patch_after_exec(spec, patches):
    loader = spec.loader
    real_exec = getattr(loader, "exec_module", None)
    if real_exec is None:               # a namespace package, an old loader
        return
    if isinstance(loader, type) or not hasattr(loader, "__dict__"):
        spec.loader = _PatchingLoader(loader, spec, patches)
        return

    def exec_module(module):
        if module.__spec__ is not spec:  # another module, same loader object
            return real_exec(module)
        if vars(loader).get("exec_module") is exec_module:
            del loader.exec_module
        real_exec(module)
        for patch in list(patches):
            patch(module)

    loader.exec_module = exec_module


class _PatchingLoader:
    """For a loader whose exec_module cannot be shadowed on the object
    itself (a class, or an object with no __dict__): stands in for it in
    the spec until the module has run, then gives the spec and the module
    the real loader back."""

    __slots__ = ("_loader", "_spec", "_patches")

    def __init__(self, loader, spec, patches):
        self._loader = loader
        self._spec = spec
        self._patches = patches

    def __getattr__(self, name):
        return getattr(self._loader, name)

    def create_module(self, spec):
        create = getattr(self._loader, "create_module", None)
        return None if create is None else create(spec)

    def exec_module(self, module):
        loader = self._loader
        self._spec.loader = loader
        if getattr(module, "__loader__", None) is self:
            module.__loader__ = loader
        loader.exec_module(module)
        for patch in list(self._patches):
            patch(module)


def install():
    """Puts the finder before PathFinder (the last entry if it is absent)."""
    finders = sys.meta_path
    at = next((i for i, f in enumerate(finders) if f is PathFinder), len(finders))
    finders.insert(at, _PatchingFinder())
