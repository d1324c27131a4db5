"""Detect a notebook that changed the course's checking code or the libraries it uses.

Where an exercise's answer cannot travel as data (see `coursetools.bridge`),
its check runs in the kernel, beside the learner's code. Then the kernel
also reports a fingerprint of the checking code: for each function and class
of ``utils`` (its checkers included, through the registry), NumPy, SymPy,
mpmath, ``math`` and ``builtins``, a digest of its code (or its name, for
built-in ones), and whether each module in ``sys.modules`` is the one of
that name. The grader compares it with the same fingerprint taken in a clean
Python process; any difference grades the exercise "error: the notebook
changed the course's checking code".

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

__all__ = ["FINGERPRINT_CODE", "TAMPERED", "changed_modules", "clean_fingerprint"]

#: The message of an exercise whose check found its checking code changed.
TAMPERED = "the notebook changed the course's checking code"

#: Python code that defines ``_course_fingerprint()``: module name -> digest.
FINGERPRINT_CODE = r"""
def _course_fingerprint():
    import hashlib, sys, types
    import utils.exercises, utils.autodiff, utils.numerics, numpy, numpy.linalg, sympy, mpmath, math, builtins
    names = sorted(n for n in sys.modules if n == "utils" or n.startswith("utils."))
    names += ["numpy", "numpy.linalg", "sympy", "mpmath", "math", "builtins"]

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
"""


@cache
def clean_fingerprint() -> dict[str, str]:
    """Return the fingerprint of the checking code in a fresh Python process."""
    code = FINGERPRINT_CODE + "\nimport json\nprint(json.dumps(_course_fingerprint()))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def changed_modules(fingerprint: object) -> list[str]:
    """Return the names whose digest differs from the clean one (all, if malformed)."""
    clean = clean_fingerprint()
    if not isinstance(fingerprint, dict):
        return sorted(clean)
    return sorted(
        name for name, digest in clean.items() if fingerprint.get(name) != digest
    )
