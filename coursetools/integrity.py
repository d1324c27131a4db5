"""Detect a notebook that changed the course's checking code or the libraries it uses.

Where an exercise's answer cannot travel as data (see `coursetools.bridge`),
its check runs in the kernel, beside the learner's code. Then the kernel
also reports a fingerprint of the checking code: for each function and class
of ``utils`` (its checkers included, through the registry), NumPy, ``math``
and ``builtins``, and of SymPy and mpmath where the kernel has imported them,
a digest of its code (or its name, for built-in ones), and whether each
module in ``sys.modules`` is the one of that name. The grader compares it
with the same fingerprint taken in a clean Python process; any difference
grades the exercise "error: the notebook changed the course's checking code".

SymPy and mpmath count only once imported: a notebook must import them to
change them, and a check that uses them imports them, so the fingerprint
taken after the check covers them. Before that, where an import of them
would come from counts, so that an import hook handing out a changed copy is
found. (Importing them only to take the fingerprint cost a kernel half a
second.) For the same reason the clean fingerprint imports them only when
the kernel's has: most kernels a grader asks never do.

This detects the changes a notebook makes from Python (assigning a module's
function, a registry entry, a module in ``sys.modules``); it is no proof
against code that also fakes the fingerprint, which is why every answer that
can travel as data is checked in the grader instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache

__all__ = [
    "FINGERPRINT_CODE",
    "NOT_IMPORTED",
    "TAMPERED",
    "changed_modules",
    "clean_fingerprint",
]

#: The message of an exercise whose check found its checking code changed.
TAMPERED = "the notebook changed the course's checking code"

#: What the fingerprint says of a library that counts only once imported.
NOT_IMPORTED = "not imported"
#: The libraries that count only once imported (the checks import them when needed).
_ONCE_IMPORTED = ("sympy", "mpmath")

#: Python code that defines ``_course_fingerprint(everything=False)``: module
#: name -> digest; with ``everything``, SymPy and mpmath are imported first.
FINGERPRINT_CODE = r"""
def _course_fingerprint(everything=False):
    import hashlib, importlib.util, sys, types
    import utils.exercises, utils.autodiff, utils.numerics, numpy, numpy.linalg, math, builtins
    if everything:
        import sympy, mpmath
    names = sorted(n for n in sys.modules if n == "utils" or n.startswith("utils."))
    names += ["numpy", "numpy.linalg", "math", "builtins"]
    names += [n for n in __ONCE_IMPORTED__ if n in sys.modules]

    def code_digest(code, h):
        h.update(code.co_code)
        h.update(repr(code.co_names).encode())
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                code_digest(const, h)
            elif isinstance(const, (frozenset, set)):
                h.update(repr(sorted(map(repr, const))).encode())
            else:
                h.update(repr(const).encode())

    def describe(value, h, depth=0):
        kind = type(value)
        h.update(kind.__name__.encode())
        if isinstance(value, types.FunctionType):
            code_digest(value.__code__, h)
        elif isinstance(value, types.MethodType):
            describe(value.__func__, h, depth)
        elif isinstance(value, (types.BuiltinFunctionType, numpy.ufunc)):
            h.update(repr(getattr(value, "__name__", "")).encode())
        elif isinstance(value, type) and depth == 0:
            for key in sorted(vars(value)):
                h.update(key.encode())
                describe(vars(value)[key], h, 1)
        elif isinstance(value, (staticmethod, classmethod)):
            describe(value.__func__, h, depth)
        elif isinstance(value, property):
            for part in (value.fget, value.fset):
                if part is not None:
                    describe(part, h, depth)

    # Names IPython and ipykernel add to builtins, or replace, in every kernel.
    ipython_names = {"input", "exit", "quit", "display", "get_ipython", "help",
                     "__IPYTHON__", "_", "__", "___", "copyright", "runfile", "execfile",
                     "credits", "license", "__builtins__", "__spec__", "__loader__"}
    result = {}
    for name in __ONCE_IMPORTED__:
        # Imported or not, where an import of it would come from (an import
        # hook that hands out a changed copy shows here).
        result[name] = "__NOT_IMPORTED__"
        try:
            spec = importlib.util.find_spec(name)
            where = (spec.origin, type(spec.loader).__name__)
        except Exception:
            where = None
        result[name + " comes from"] = repr(where)
    for name in names:
        module = sys.modules.get(name)
        h = hashlib.sha256()
        if not isinstance(module, types.ModuleType) or module.__name__ != name:
            result[name] = "replaced"
            continue
        for key in sorted(k for k in vars(module) if isinstance(k, str)):
            if name == "builtins" and key in ipython_names:
                continue
            value = vars(module)[key]
            if isinstance(value, types.ModuleType):
                continue  # submodules appear as they are imported
            h.update(key.encode())
            describe(value, h)
        result[name] = h.hexdigest()
    h = hashlib.sha256()
    registry = utils.exercises.REGISTRY
    for key in sorted(registry):
        entry = registry[key]
        h.update(repr((key, entry.depends_on)).encode())
        describe(entry.checker, h)
    result["REGISTRY"] = h.hexdigest()
    return result
""".replace("__ONCE_IMPORTED__", repr(_ONCE_IMPORTED)).replace(
    "__NOT_IMPORTED__", NOT_IMPORTED
)


@cache
def clean_fingerprint(everything: bool = True) -> dict[str, str]:
    """Return the fingerprint of the checking code in a fresh Python process.

    With ``everything`` false, SymPy and mpmath are not imported, and their
    digests read `NOT_IMPORTED` (half a second less).
    """
    code = (
        FINGERPRINT_CODE
        + "\nimport json\n"
        + f"print(json.dumps(_course_fingerprint(everything={bool(everything)})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def changed_modules(fingerprint: object) -> list[str]:
    """Return the names whose digest differs from the clean one (all, if malformed).

    SymPy and mpmath count as unchanged where the kernel has not imported them.
    """
    if not isinstance(fingerprint, dict):
        return sorted(clean_fingerprint(everything=False))
    clean = clean_fingerprint(
        everything=any(fingerprint.get(name) != NOT_IMPORTED for name in _ONCE_IMPORTED)
    )
    return sorted(
        name
        for name, digest in clean.items()
        if fingerprint.get(name) != digest
        and not (name in _ONCE_IMPORTED and fingerprint.get(name) == NOT_IMPORTED)
    )
