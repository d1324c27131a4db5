"""Exercises: `check` an answer, and the registry of every exercise in the course.

Examples
--------
>>> from utils.exercises import check
>>> result = check("00.1", 19.6)
✓ 00.1 correct: distance fallen divided by time taken, in metres per second.
>>> result.correct
True
"""

from . import (  # noqa: F401  (importing registers the checks)
    lesson00,
    lesson01,
    lesson02,
    lesson03,
    lesson04,
    lesson05,
    lesson06,
    lesson07,
    lesson08,
    lesson09,
    lesson10,
    lesson11,
    lesson12,
    lesson13,
)
from ._core import (
    CHECK_SECONDS,
    MIME_TYPE,
    REGISTRY,
    STATUSES,
    CheckResult,
    Exercise,
    check,
    evaluate,
    exercise_ids,
    grade_namespace,
    parse_result,
)

__all__ = [
    "CHECK_SECONDS",
    "MIME_TYPE",
    "REGISTRY",
    "STATUSES",
    "CheckResult",
    "Exercise",
    "check",
    "evaluate",
    "exercise_ids",
    "grade_namespace",
    "parse_result",
]
