"""Answer cases for every exercise, one module per lesson, merged into `CASES`.

`tests/test_exercises.py` runs each check on these answers: the right ones must
pass, and each wrong one must be rejected with feedback containing its words.
A new lesson's module (``lessonNN.py``) is picked up here by its name.
"""

import importlib
import pkgutil

CASES = {}
for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    if _module.startswith("lesson"):
        CASES.update(importlib.import_module(f"{__name__}.{_module}").CASES)
