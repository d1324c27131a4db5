"""Building blocks for checkers: read an answer safely and name the likely mistake.

Checkers use these instead of touching the learner's answer directly, so that
a wrong type, a ``None``, a NaN or an exception inside the learner's function
becomes feedback, never a crash.
"""

from __future__ import annotations

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

__all__ = ["as_function", "as_number", "as_numbers", "call", "compare", "random_points"]


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


def random_points(n: int, low: float, high: float, seed: int) -> NDArray[np.float64]:
    """Return ``n`` reproducible points drawn uniformly from [low, high]."""
    return np.random.default_rng(seed).uniform(low, high, size=n)


def compare(
    got: ArrayLike,
    expected: ArrayLike,
    *,
    what: str,
    mistakes: Mapping[str, ArrayLike] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> None:
    """Raise `Incorrect` unless ``got`` matches ``expected``, naming the likely mistake.

    ``mistakes`` maps a description of a plausible wrong answer to the values
    that wrong answer would give; they are tried first. Then come the generic
    slips: a sign error, a factor of two, an offset by a constant. The message
    never shows the expected values, so it does not give the answer away.

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
    diagnosis = "it does not match the check's own calculation."
    offsets = got_arr - exp_arr
    for description, wrong in (mistakes or {}).items():
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
