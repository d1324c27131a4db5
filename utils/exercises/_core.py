"""The exercise registry, `check`, and the result it returns.

A lesson module registers each exercise with the `exercise` decorator. The
decorated checker receives the learner's answer and either returns a short
message (the answer is right) or raises one of `Incorrect`, `NotAttempted` or
`LearnerError`. `check` turns that into a `CheckResult`, shows one line, and
never lets an exception escape, whatever the learner wrote.
"""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

__all__ = [
    "MIME_TYPE",
    "REGISTRY",
    "CheckResult",
    "Exercise",
    "Incorrect",
    "LearnerError",
    "NotAttempted",
    "check",
    "exercise",
    "exercise_ids",
    "grade_namespace",
]

Status = Literal["correct", "incorrect", "not attempted", "error"]
STATUSES: tuple[Status, ...] = ("correct", "incorrect", "not attempted", "error")

#: The MIME type under which a check publishes its result for the grader.
MIME_TYPE = "application/vnd.derivatives-course.check+json"

_SYMBOL = {"correct": "✓", "incorrect": "✗", "not attempted": "○", "error": "⚠"}
_LABEL = {
    "correct": "correct",
    "incorrect": "not yet",
    "not attempted": "not attempted yet",
    "error": "error",
}
_COLOUR = {
    "correct": "#009E73",
    "incorrect": "#D55E00",
    "not attempted": "#0072B2",
    "error": "#CC79A7",
}


class Incorrect(Exception):
    """Raised by a checker: the answer is wrong; the message says how."""


class NotAttempted(Exception):
    """Raised by a checker: the answer is still the placeholder."""


class LearnerError(Exception):
    """Raised by a checker: the learner's code raised while being checked."""


@dataclass(frozen=True)
class Exercise:
    """One registered exercise: id ``NN.k``, title, difficulty, answer name, checker."""

    id: str
    title: str
    stars: int
    answer: str
    checker: Callable[[Any], str]

    @property
    def lesson(self) -> str:
        """The two-digit lesson number, e.g. ``"01"``."""
        return self.id.split(".")[0]


#: Every registered exercise, by id. Filled when the lesson modules are imported.
REGISTRY: dict[str, Exercise] = {}


def exercise(
    exercise_id: str, title: str, *, stars: int, answer: str
) -> Callable[[Callable[[Any], str]], Callable[[Any], str]]:
    """Register the decorated function as the checker of an exercise.

    Parameters
    ----------
    exercise_id : str
        ``"NN.k"``: two-digit lesson number, a dot, the exercise number.
    title : str
        The title used in the notebook's heading.
    stars : int
        Difficulty from 1 to 3.
    answer : str
        The name the notebook gives the answer (``df``, ``best_h``); the grader
        reads it from the executed notebook.

    Returns
    -------
    callable
        A decorator that registers its function and returns it unchanged.

    Raises
    ------
    ValueError
        If the id is malformed or already registered, ``stars`` is not 1, 2
        or 3, or ``answer`` is not a Python name.
    """
    lesson, _, number = exercise_id.partition(".")
    if not (len(lesson) == 2 and lesson.isdigit() and number.isdigit()):
        raise ValueError(f"exercise_id must look like '01.3', got {exercise_id!r}")
    if exercise_id in REGISTRY:
        raise ValueError(f"exercise_id {exercise_id!r} is already registered")
    if stars not in (1, 2, 3):
        raise ValueError(f"stars must be 1, 2 or 3, got {stars!r}")
    if not answer.isidentifier():
        raise ValueError(f"answer must be a Python name, got {answer!r}")

    def register(checker: Callable[[Any], str]) -> Callable[[Any], str]:
        REGISTRY[exercise_id] = Exercise(exercise_id, title, stars, answer, checker)
        return checker

    return register


def exercise_ids(lesson: str | None = None) -> list[str]:
    """Return the registered exercise ids in order, optionally for one lesson.

    Parameters
    ----------
    lesson : str, optional
        Two-digit lesson number such as ``"01"``.

    Returns
    -------
    list of str
        Ids sorted by lesson, then by exercise number.

    Examples
    --------
    >>> exercise_ids("01")[:2]
    ['01.1', '01.2']
    """
    ids = [i for i in REGISTRY if lesson is None or i.startswith(f"{lesson}.")]
    return sorted(ids, key=lambda i: tuple(int(part) for part in i.split(".")))


@dataclass
class CheckResult:
    """What `check` found: ``.correct``, ``.status`` and a one-line ``.message``."""

    exercise_id: str
    status: Status
    message: str
    _shown_in_cell: int | None = field(default=None, repr=False, compare=False)

    @property
    def correct(self) -> bool:
        """True when the answer passed the check."""
        return self.status == "correct"

    def line(self) -> str:
        """Return the one line shown to the learner."""
        return f"{_SYMBOL[self.status]} {self.exercise_id} {_LABEL[self.status]}: {self.message}"

    def to_json(self) -> dict[str, str]:
        """Return the machine-readable form used by the grader."""
        return {
            "exercise": self.exercise_id,
            "status": self.status,
            "message": self.message,
        }

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> dict[str, Any]:
        html = (
            f'<div style="border-left: 4px solid {_COLOUR[self.status]}; '
            f'padding: 2px 8px;">{_escape(self.line())}</div>'
        )
        return {"text/plain": self.line(), "text/html": html, MIME_TYPE: self.to_json()}

    def _ipython_display_(self) -> None:
        # `check` has already shown this result in the cell that made it; when
        # the result is also that cell's value, IPython would show it twice.
        if self._shown_in_cell is not None and self._shown_in_cell == _cell_number():
            return
        _publish(self)

    def __str__(self) -> str:
        return self.line()


def check(exercise_id: str, answer: Any) -> CheckResult:
    """Check an answer to an exercise, show one line of feedback, return the result.

    The check never raises because of the answer: a placeholder ``...`` or a
    function that raises ``NotImplementedError`` is "not attempted"; an error
    inside the learner's code is reported as "error" with what happened.

    Parameters
    ----------
    exercise_id : str
        The exercise's id, such as ``"01.3"``.
    answer : object
        The learner's answer (a number, an array, a function, ...).

    Returns
    -------
    CheckResult
        With ``.correct`` (bool), ``.status`` and ``.message``.

    Examples
    --------
    >>> result = check("00.1", ...)
    ○ 00.1 not attempted yet: replace the ... with your answer, then run this cell again.
    >>> result.correct
    False
    """
    result = _evaluate(exercise_id, answer)
    _publish(result)
    result._shown_in_cell = _cell_number()
    return result


def grade_namespace(lesson: str, namespace: dict[str, Any]) -> list[CheckResult]:
    """Check every exercise of a lesson against the answers in a namespace, showing nothing.

    The grader runs this in the kernel of an executed notebook, with
    ``globals()``, so that the score does not depend on what the notebook printed.

    Parameters
    ----------
    lesson : str
        Two-digit lesson number.
    namespace : dict
        Names to answers, usually the notebook's ``globals()``.

    Returns
    -------
    list of CheckResult
        One per exercise of the lesson, in order.
    """
    results = []
    for exercise_id in exercise_ids(lesson):
        name = REGISTRY[exercise_id].answer
        if name not in namespace:
            results.append(
                CheckResult(
                    exercise_id, "error", f"no variable named {name}: did its cell run?"
                )
            )
        else:
            results.append(_evaluate(exercise_id, namespace[name]))
    return results


def _evaluate(exercise_id: Any, answer: Any) -> CheckResult:
    if not isinstance(exercise_id, str) or exercise_id not in REGISTRY:
        known = ", ".join(exercise_ids())
        return CheckResult(
            str(exercise_id),
            "error",
            f"no exercise has the id {exercise_id!r}; known ids: {known}",
        )
    if answer is Ellipsis:
        return CheckResult(
            exercise_id,
            "not attempted",
            "replace the ... with your answer, then run this cell again.",
        )
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            message = REGISTRY[exercise_id].checker(answer)
    except NotAttempted as verdict:
        return CheckResult(exercise_id, "not attempted", str(verdict))
    except Incorrect as verdict:
        return CheckResult(exercise_id, "incorrect", str(verdict))
    except LearnerError as verdict:
        return CheckResult(exercise_id, "error", str(verdict))
    except Exception as exc:  # a fault in the checker itself must not reach the learner
        return CheckResult(
            exercise_id,
            "error",
            f"the check itself failed ({type(exc).__name__}: {exc}); please report this.",
        )
    return CheckResult(exercise_id, "correct", message)


def _in_ipython() -> bool:
    shell = sys.modules.get("IPython")
    return shell is not None and shell.get_ipython() is not None


def _cell_number() -> int | None:
    """The execution count of the running cell in IPython, else None."""
    if not _in_ipython():
        return None
    return sys.modules["IPython"].get_ipython().execution_count


def _publish(result: CheckResult) -> None:
    if _in_ipython():
        from IPython.display import display

        display(result._repr_mimebundle_(), raw=True)
    else:
        line = result.line()
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        print(line.encode(encoding, errors="replace").decode(encoding))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def parse_result(data: Any) -> CheckResult | None:
    """Rebuild a `CheckResult` from the JSON a check published, or None if malformed."""
    if isinstance(data, str):
        try:
            data = json.loads(data)
        except json.JSONDecodeError:
            return None
    if not isinstance(data, dict) or data.get("status") not in STATUSES:
        return None
    return CheckResult(
        str(data.get("exercise")), data["status"], str(data.get("message", ""))
    )
