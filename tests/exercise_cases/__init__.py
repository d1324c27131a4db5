"""Answer cases for every exercise, one module per lesson, merged into `CASES`.

`tests/test_exercises.py` runs each check on these answers: the right ones must
pass, and each wrong one must be rejected with feedback containing its words.
A lesson module may also hold `ERRORS`: answers whose own code raises (such as
``x ^ 2`` on floats), which the check reports as an error whose message must
contain the words given. A new lesson's module (``lessonNN.py``) is picked up
here by its name.
"""

import importlib
import pkgutil

CASES = {}
ERRORS = {}
for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if _module.startswith("lesson"):
        _cases = importlib.import_module(f"{__name__}.{_module}")
        CASES.update(_cases.CASES)
        ERRORS.update(getattr(_cases, "ERRORS", {}))
