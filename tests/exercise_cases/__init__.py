"""Answer cases for every exercise, one module per lesson, merged into `CASES`.

`tests/test_exercises.py` runs each check on these answers: the right ones must
pass, and each wrong one must be rejected with feedback containing its words.
"""

from . import (
    lesson00,
    lesson01,
    lesson02,
    lesson03,
    lesson04,
    lesson05,
    lesson06,
    lesson07,
    lesson08,
)

CASES = {}
for _module in (
    lesson00,
    lesson01,
    lesson02,
    lesson03,
    lesson04,
    lesson05,
    lesson06,
    lesson07,
    lesson08,
):
    CASES.update(_module.CASES)
