"""The exercise registry, `check`, and the result it returns.

A lesson module registers each exercise's checker, by id, with the
`exercise` decorator. The checker receives the learner's answer and either
returns a short message (the answer is right) or raises one of `Incorrect`,
`NotAttempted` or `LearnerError`. `check` turns that into a `CheckResult`, shows one line, and
never lets an exception escape, whatever the learner wrote.
"""

from __future__ import annotations

import contextlib
import json
import math
import signal
import sys
import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

__all__ = [
    "CHECK_SECONDS",
    "MIME_TYPE",
    "REGISTRY",
    "CheckResult",
    "CheckTimeout",
    "Exercise",
    "Incorrect",
    "LearnerError",
    "NotAttempted",
    "check",
    "evaluate",
    "exercise",
    "exercise_ids",
    "grade_namespace",
]

Status = Literal["correct", "incorrect", "not attempted", "error"]
STATUSES: tuple[Status, ...] = ("correct", "incorrect", "not attempted", "error")

#: Seconds one check may take, the learner's function included, unless told otherwise.
CHECK_SECONDS = 10.0

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


class CheckTimeout(BaseException):
    """Raised inside a check that has run longer than its time limit.

    A `BaseException`, so that a learner's ``except Exception`` does not swallow it.
    """


@dataclass(frozen=True)
class Exercise:
    """One registered exercise: its id ``NN.k`` and its checker.

    The title, stars and answer name are in the lesson's notebook, which is
    their single source (``coursetools.exercises`` reads them); a check needs
    only the id.
    """

    id: str
    checker: Callable[[Any], str]
    depends_on: tuple[str, ...] = ()
    """Earlier exercises whose answers this one uses (the grader names them
    when this one fails and theirs is missing)."""

    @property
    def lesson(self) -> str:
        """The two-digit lesson number, e.g. ``"01"``."""
        return self.id.split(".")[0]


#: Every registered exercise, by id. Filled when the lesson modules are imported.
REGISTRY: dict[str, Exercise] = {}


def exercise(
    exercise_id: str, *, depends_on: tuple[str, ...] = ()
) -> Callable[[Callable[[Any], str]], Callable[[Any], str]]:
    """Register the decorated function as the checker of an exercise.

    Parameters
    ----------
    exercise_id : str
        ``"NN.k"``: two-digit lesson number, a dot, the exercise number, as
        in the notebook's check cell ``check("NN.k", answer)``.
    depends_on : tuple of str
        Ids of earlier exercises whose answers the notebook uses in this one
        (e.g. a training loop that calls the learner's gradient).

    Returns
    -------
    callable
        A decorator that registers its function and returns it unchanged.

    Raises
    ------
    ValueError
        If the id is malformed or already registered, or ``depends_on`` is
        not a tuple of ids of other exercises.
    """
    lesson, _, number = exercise_id.partition(".")
    if not (len(lesson) == 2 and lesson.isdigit() and number.isdigit()):
        raise ValueError(f"exercise_id must look like '01.3', got {exercise_id!r}")
    if exercise_id in REGISTRY:
        raise ValueError(f"exercise_id {exercise_id!r} is already registered")
    if (
        not isinstance(depends_on, tuple)
        or not all(isinstance(d, str) and d.count(".") == 1 for d in depends_on)
        or exercise_id in depends_on
    ):
        raise ValueError(
            f"depends_on must be a tuple of other exercises' ids, got {depends_on!r}"
        )

    def register(checker: Callable[[Any], str]) -> Callable[[Any], str]:
        REGISTRY[exercise_id] = Exercise(exercise_id, checker, depends_on)
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


def check(
    exercise_id: str, answer: Any, *, time_limit: float | None = CHECK_SECONDS
) -> CheckResult:
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
    time_limit : float or None
        Seconds the check may take, the learner's function included; past
        that, the result is "error" saying the function took too long. The
        limit holds in the main thread on POSIX systems (where IPython runs
        cells); elsewhere, and with None, there is none.

    Returns
    -------
    CheckResult
        With ``.correct`` (bool), ``.status`` and ``.message``.

    Raises
    ------
    ValueError
        If ``time_limit`` is not a positive number or None.

    Examples
    --------
    >>> result = check("00.1", ...)
    ○ 00.1 not attempted yet: replace the ... with your answer, then run this cell again.
    >>> result.correct
    False
    """
    _check_time_limit(time_limit)
    result = evaluate(exercise_id, answer, time_limit)
    _publish(result)
    result._shown_in_cell = _cell_number()
    return result


def grade_namespace(
    answers: dict[str, str],
    namespace: dict[str, Any],
    *,
    time_limit: float | None = CHECK_SECONDS,
) -> list[CheckResult]:
    """Check exercises against the answers in a namespace, showing nothing.

    The grader runs this in the kernel of an executed notebook, with
    ``globals()``, so that the score does not depend on what the notebook
    printed. It passes the answer names, which it reads from the lesson.

    Parameters
    ----------
    answers : dict
        Exercise id to the name of its answer, e.g. ``{"01.3": "df"}``.
    namespace : dict
        Names to answers, usually the notebook's ``globals()``.
    time_limit : float or None
        Seconds each check may take (see `check`).

    Returns
    -------
    list of CheckResult
        One per exercise of ``answers``, in its order.

    Raises
    ------
    TypeError
        If ``answers`` is not a dict of ids to names.
    ValueError
        If ``time_limit`` is not a positive number or None.
    """
    if not isinstance(answers, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in answers.items()
    ):
        raise TypeError(f"answers must be a dict of ids to names, got {answers!r}")
    _check_time_limit(time_limit)
    results = []
    for exercise_id, name in answers.items():
        if name not in namespace:
            results.append(
                CheckResult(
                    exercise_id, "error", f"no variable named {name}: did its cell run?"
                )
            )
        else:
            results.append(evaluate(exercise_id, namespace[name], time_limit))
    return results


def _check_time_limit(time_limit: Any) -> None:
    if time_limit is None:
        return
    if (
        isinstance(time_limit, bool)
        or not isinstance(time_limit, int | float)
        or not math.isfinite(time_limit)
        or time_limit <= 0
    ):
        raise ValueError(
            f"time_limit must be a positive number of seconds or None, got {time_limit!r}"
        )


def evaluate(
    exercise_id: Any, answer: Any, time_limit: float | None = CHECK_SECONDS
) -> CheckResult:
    """Check `answer` against exercise `exercise_id` and return the verdict.

    What `check` shows and the grader records: it never raises for a learner's
    answer, and stops a check that takes longer than `time_limit` seconds.
    """
    if not isinstance(exercise_id, str) or exercise_id not in REGISTRY:
        known = ", ".join(exercise_ids())
        return CheckResult(
            safe_str(exercise_id),
            "error",
            f"no exercise has the id {safe_repr(exercise_id)}; known ids: {known}",
        )
    if answer is Ellipsis:
        return CheckResult(
            exercise_id,
            "not attempted",
            "replace the ... with your answer, then run this cell again.",
        )
    try:
        with (
            _time_limit(time_limit),
            warnings.catch_warnings(),
            np.errstate(all="ignore"),
        ):
            warnings.simplefilter("ignore")
            message = REGISTRY[exercise_id].checker(answer)
    except NotAttempted as verdict:
        return CheckResult(exercise_id, "not attempted", safe_str(verdict))
    except Incorrect as verdict:
        return CheckResult(exercise_id, "incorrect", safe_str(verdict))
    except LearnerError as verdict:
        return CheckResult(exercise_id, "error", safe_str(verdict))
    except CheckTimeout:
        return CheckResult(
            exercise_id,
            "error",
            f"the check took longer than {time_limit:g} s, so it was stopped: your "
            "function took too long (look for a loop that never ends, or one "
            "that does far more steps than needed).",
        )
    except Exception as exc:  # a fault in the checker itself must not reach the learner
        return CheckResult(
            exercise_id,
            "error",
            f"the check itself failed ({type(exc).__name__}: {safe_str(exc)}); "
            "please report this.",
        )
    except BaseException as exc:  # SystemExit, KeyboardInterrupt, ... from the answer
        return CheckResult(
            exercise_id,
            "error",
            f"your answer raised {type(exc).__name__} ({safe_str(exc)}) while it "
            "was checked.",
        )
    return CheckResult(exercise_id, "correct", safe_str(message))


def safe_str(value: Any) -> str:
    """Return ``str(value)``, or a description if that raises (as a learner's object may)."""
    return _shown(str, value)


def safe_repr(value: Any) -> str:
    """Return ``repr(value)``, or a description if that raises."""
    return _shown(repr, value)


def _shown(show: Callable[[Any], Any], value: Any) -> str:
    try:
        text = show(value)
    except BaseException:  # whatever the learner's __str__ or __repr__ does
        return f"<{type(value).__name__} that cannot be shown>"
    return text if isinstance(text, str) else f"<{type(value).__name__}>"


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Any:
    """Raise `CheckTimeout` in the block once ``seconds`` have passed.

    Uses a real-time interval timer and SIGALRM, so it works in the main
    thread on POSIX systems only, and only when no other timer is running;
    elsewhere the block runs without a limit. After the first alarm the timer
    fires again every half second, so that learner code which catches the
    first one is still stopped.
    """
    usable = (
        seconds is not None
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )
    if not usable:
        yield
        return

    def alarm(signum: int, frame: Any) -> None:
        raise CheckTimeout

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0.0, 0.0)
        signal.signal(signal.SIGALRM, previous)


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
