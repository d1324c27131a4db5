"""Building blocks for checkers: read an answer safely and name the likely mistake.

Checkers use these instead of touching the learner's answer directly, so that
a wrong type, a ``None``, a NaN or an exception inside the learner's function
becomes feedback, never a crash.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._core import (
    CheckTimeout,
    Incorrect,
    LearnerError,
    NotAttempted,
    safe_repr,
    safe_str,
)

__all__ = [
    "as_function",
    "as_number",
    "as_numbers",
    "call",
    "check_at_points",
    "compare",
    "random_points",
    "shape_of",
    "sympy_function",
    "values_at",
]


def as_function(answer: Any, name: str) -> Callable[..., Any]:
    """Return the answer if it is callable; otherwise say what was expected."""
    if answer is Ellipsis:
        raise NotAttempted(f"define {name}, then run this cell again.")
    if not callable(answer):
        raise Incorrect(f"{name} should be a function, got {describe(answer)}.")
    return answer


def call(fn: Callable[..., Any], *args: Any, name: str = "your function") -> Any:
    """Call the learner's function, turning its exceptions into feedback."""
    try:
        return fn(*args)
    except NotImplementedError as exc:
        raise NotAttempted(
            f"{name} still raises NotImplementedError: replace that line with your code."
        ) from exc
    except CheckTimeout:
        raise
    except TypeError as exc:
        if "for ^" in str(exc) or "bitwise_xor" in str(exc):  # x^2 on a float
            raise Incorrect(
                f"{name} uses `^`, but in Python `^` is not a power: it combines the "
                "bits of whole numbers, and floats refuse it. Write a power with `**`,"
                " as in x**2."
            ) from None
        raise LearnerError(
            f"{name} raised TypeError: {safe_str(exc)}{_called_with(args)}."
        ) from exc
    except BaseException as exc:  # SystemExit, KeyboardInterrupt, ... too
        raise LearnerError(
            f"{name} raised {type(exc).__name__}: {safe_str(exc)}{_called_with(args)}."
        ) from exc


def _called_with(args: tuple[Any, ...]) -> str:
    """`` (when called with ...)`` naming the arguments; nothing for a call without any."""
    if not args:
        return ""
    return f" (when called with {', '.join(_short(a) for a in args)})"


def as_number(value: Any, what: str) -> float:
    """Return ``value`` as a finite float, or raise `Incorrect` saying why it is not one."""
    if value is Ellipsis:
        raise NotAttempted(f"{what} is still ...: replace it with your answer.")
    if value is None:
        raise Incorrect(f"{what} is None: did you forget a `return`?")
    if isinstance(value, bool | str | bytes):
        raise Incorrect(f"{what} should be a number, got {describe(value)}.")
    try:
        arr = np.asarray(value, dtype=complex)
    except OverflowError:
        raise Incorrect(f"{what} is too large to be a floating-point number.") from None
    except (TypeError, ValueError):
        raise Incorrect(f"{what} should be a number, got {describe(value)}.") from None
    if arr.size != 1:
        raise Incorrect(
            f"{what} should be one number, got an array of shape {arr.shape}."
        )
    number = arr.reshape(()).item()
    if number.imag != 0:
        raise Incorrect(f"{what} should be a real number, got {number}.")
    if not np.isfinite(number.real):
        raise Incorrect(
            f"{what} is {number.real}: look for a division by zero or an overflow."
        )
    return float(number.real)


def as_numbers(values: Any, what: str, shape: tuple[int, ...]) -> NDArray[np.float64]:
    """Return ``values`` as a finite float array of the given shape, or raise `Incorrect`."""
    if values is Ellipsis:
        raise NotAttempted(f"{what} is still ...: replace it with your answer.")
    if values is None:
        raise Incorrect(f"{what} is None: did you forget a `return`?")
    try:
        arr = np.asarray(values, dtype=float)
    except OverflowError:
        raise Incorrect(
            f"{what} holds a number too large for floating point."
        ) from None
    except (TypeError, ValueError):
        raise Incorrect(f"{what} should be numbers, got {describe(values)}.") from None
    if arr.shape != shape:
        raise Incorrect(f"{what} should have shape {shape}, got shape {arr.shape}.")
    if not np.all(np.isfinite(arr)):
        raise Incorrect(f"{what} contains nan or inf.")
    return arr


def shape_of(value: Any) -> tuple[int, ...] | None:
    """The shape of ``value`` as a float array, or None if it is not one."""
    try:
        return np.asarray(value, dtype=float).shape
    except (TypeError, ValueError, OverflowError):
        return None


def random_points(n: int, low: float, high: float, seed: int) -> NDArray[np.float64]:
    """Return ``n`` reproducible points drawn uniformly from [low, high]."""
    return np.random.default_rng(seed).uniform(low, high, size=n)


def compare(
    got: ArrayLike,
    expected: ArrayLike,
    *,
    what: str,
    mistakes: Mapping[str, ArrayLike | Callable[[], ArrayLike]] | None = None,
    unmatched: str = "it does not match the check's own calculation.",
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> None:
    """Raise `Incorrect` unless ``got`` matches ``expected``, naming the likely mistake.

    ``mistakes`` maps a description of a plausible wrong answer to the values
    that wrong answer would give, or to a function of no arguments that
    computes them (called only when needed); they are tried first, in order.
    Then come the generic slips: a sign error, a factor of two, an offset by a
    constant. When none fits, the message ends with ``unmatched``. It never
    shows the expected values, so it does not give the answer away.

    Examples
    --------
    >>> compare([2.0, 4.0], [2.0, 4.0], what="f'(x)")
    >>> compare([-2.0, -4.0], [2.0, 4.0], what="f'(x)")
    Traceback (most recent call last):
    ...
    utils.exercises._core.Incorrect: f'(x) is not right: the sign is wrong everywhere.
    """
    got_arr = np.asarray(got, dtype=float)
    exp_arr = np.asarray(expected, dtype=float)

    def matches(values: ArrayLike) -> bool:
        return bool(np.allclose(got_arr, values, rtol=rtol, atol=atol))

    if matches(exp_arr):
        return
    diagnosis = unmatched
    offsets = got_arr - exp_arr
    for description, wrong in (mistakes or {}).items():
        if callable(wrong):
            wrong = wrong()
        if matches(np.asarray(wrong, dtype=float)):
            diagnosis = f"it looks like {description}."
            break
    else:
        if matches(-exp_arr):
            diagnosis = "the sign is wrong everywhere."
        elif matches(2.0 * exp_arr):
            diagnosis = "it is twice the right value: a factor of two has slipped in."
        elif matches(0.5 * exp_arr):
            diagnosis = "it is half the right value: a factor of two is missing."
        elif offsets.size > 1 and np.allclose(
            offsets, offsets.flat[0], rtol=rtol, atol=atol
        ):
            diagnosis = (
                f"it is off by the same constant ({offsets.flat[0]:.4g}) everywhere."
            )
    raise Incorrect(f"{what} is not right: {diagnosis}")


def values_at(
    fn: Callable[..., Any],
    name: str,
    points: Any,
    read: Callable[[Any, str], Any] = as_number,
) -> list[Any]:
    """Call the learner's function once per point; return what ``read`` makes of each value.

    ``points`` holds one call's arguments per row (a 1-D array: one argument
    per call). ``read(value, shown)`` turns each value into what the check
    compares, or raises `Incorrect` naming the call ``shown``, e.g. ``df(0.5)``.
    """
    rows = _rows(points)
    answers = _answered_at_once(fn, rows)
    values = []
    for i, args in enumerate(rows):
        shown = f"{name}({', '.join(_short(a) for a in args)})"
        values.append(
            read(call(answers(i) if answers else fn, *args, name=name), shown)
        )
    return values


def _answered_at_once(
    fn: Callable[..., Any], rows: list[tuple[Any, ...]]
) -> Callable[[int], Callable[..., Any]] | None:
    """For a function that answers all its calls at once, ``fn.call_each(rows)``
    (the grader's stand-in for a learner's function in its kernel: one request
    instead of one per point), a function of the row number giving a
    function that returns that call's result or raises what it raised;
    None for any other function."""
    try:
        call_each = getattr(fn, "call_each", None)
    except Exception:  # a learner's object with a strange __getattr__
        return None
    if not callable(call_each):
        return None
    try:
        results, error = call_each(rows)
    except Exception as exc:  # not the stand-in after all: its failure, at row 0
        results, error = [], exc

    def answer(i: int) -> Callable[..., Any]:
        def replay(*args: Any) -> Any:
            if i < len(results):
                return results[i]
            raise error if error is not None else RuntimeError("no answer")

        return replay

    return answer


def check_at_points(
    answer: Any,
    name: str,
    points: Any,
    oracle: Any,
    mistakes: Mapping[str, Any] | None = None,
    *,
    what: str | None = None,
    unmatched: str = "it does not match the check's own calculation.",
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> NDArray[np.float64]:
    """Compare the learner's function with an oracle at ``points``, naming the mistake.

    The common shape of a check: call the learner's function at reproducible
    points (`values_at`), then `compare` its values with the oracle's and with
    each plausible mistake's. Returns the learner's values.

    Parameters
    ----------
    points : array or list of tuples
        One call's arguments per row; a 1-D array is one argument per call.
    oracle : array or callable
        The right values at the points, or a function of the columns of
        ``points`` that computes them (``oracle(x)``, ``oracle(x, y)``, ...),
        called after the learner's function.
    mistakes : dict, optional
        Each plausible mistake's description, to its values (or a function of
        the columns, as ``oracle``, called only when needed).
    what : str, optional
        How the feedback names the values (by default, ``name``).
    unmatched : str
        What to say when no mistake fits.

    Examples
    --------
    >>> points = np.array([1.0, 2.0, 3.0])
    >>> def oracle(x):
    ...     return 2 * x
    >>> check_at_points(lambda x: 2 * x, "df", points, oracle)
    array([2., 4., 6.])
    >>> check_at_points(lambda x: x, "df", points, oracle, {"the 2 is missing": points})
    Traceback (most recent call last):
    ...
    utils.exercises._core.Incorrect: df is not right: it looks like the 2 is missing.
    """
    got = values_at(as_function(answer, name), name, points)
    columns = [np.asarray(column) for column in zip(*_rows(points), strict=True)]

    def at(values: Any) -> Any:
        return values(*columns) if callable(values) else values

    compare(
        got,
        at(oracle),
        what=name if what is None else what,
        mistakes={
            words: functools.partial(at, values)
            for words, values in (mistakes or {}).items()
        },
        unmatched=unmatched,
        rtol=rtol,
        atol=atol,
    )
    return np.asarray(got, dtype=float)


def _rows(points: Any) -> list[tuple[Any, ...]]:
    """One tuple of arguments per call: floats from an array, as given from a list."""
    if isinstance(points, np.ndarray):
        return [tuple(float(v) for v in np.atleast_1d(row)) for row in points]
    return [tuple(row) for row in points]


def sympy_function(expr: Any, *symbols: Any) -> Callable[..., NDArray[Any]]:
    """Return a SymPy expression as a NumPy function of ``symbols``, one value per point.

    A constant expression gives an array of the arguments' shape too. SymPy
    is imported when this is called (by a check that uses it), not with the
    package; the expression is turned into NumPy code when first evaluated
    (a mistake's values may never be needed).
    """
    import sympy as sp

    @functools.cache
    def numpy_code() -> Callable[..., Any]:
        return sp.lambdify(symbols, expr, "numpy")

    return lambda *columns: np.broadcast_to(
        numpy_code()(*columns), np.broadcast(*columns).shape
    )


def describe(value: Any) -> str:
    text = _short(value)
    return f"{type(value).__name__} {text}" if text else type(value).__name__


def _short(value: Any, limit: int = 40) -> str:
    if callable(value):
        return "a function"
    if isinstance(value, float | np.floating):
        return f"{float(value):.4g}"
    text = safe_repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
