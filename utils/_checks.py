"""Input checks shared by numerics, optim, plotting and widgets.

Each returns the value in the form the caller needs, or raises a `TypeError`
or `ValueError` that names the parameter and says what it got.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from numbers import Integral, Real

import numpy as np
from numpy.typing import ArrayLike, NDArray


def check_callable(f: object, name: str = "f") -> None:
    if not callable(f):
        raise TypeError(f"{name} must be callable, got {type(f).__name__}")


def as_points(x: ArrayLike, name: str = "x") -> NDArray[np.float64]:
    """Return ``x`` as a float array, refusing complex, text and non-finite input."""
    if isinstance(x, bool | np.bool_) or (
        isinstance(x, np.ndarray) and x.dtype == bool
    ):
        raise TypeError(f"{name} must be real numbers, got a boolean")
    try:
        arr = np.asarray(x)
    except Exception as exc:  # ragged lists and similar
        raise TypeError(f"{name} must be a number or an array of numbers") from exc
    if arr.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must be real numbers, got {type(x).__name__} of dtype {arr.dtype}"
        )
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, got {x!r}")
    return arr


def as_step(h: object, name: str = "h") -> float:
    if isinstance(h, bool) or not isinstance(h, Real):
        raise TypeError(f"{name} must be a real number, got {type(h).__name__}")
    try:
        step = float(h)
    except OverflowError:  # an int such as 10**400
        digits = len(str(abs(int(h)))) - 1
        raise ValueError(f"{name} is too large for a float, about 1e{digits}") from None
    if not math.isfinite(step) or step <= 0:
        raise ValueError(f"{name} must be positive and finite, got {h}")
    return step


def as_vector(x: ArrayLike, name: str = "x") -> NDArray[np.float64]:
    arr = as_points(x, name)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {arr.shape}")
    return arr


def check_real(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return float(value)


def check_step(h: object, name: str = "h", *, positive: bool = False) -> float:
    step = check_real(h, name)
    if positive and step <= 0:
        raise ValueError(f"{name} must be positive, got {h!r}")
    if step == 0:
        raise ValueError(f"{name} must be non-zero, got {h!r}")
    return step


def check_pair(value: object, name: str, what: str) -> tuple[float, float]:
    """Return ``value`` as two finite floats; ``what`` shows the expected form."""
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a pair {what}, got {value!r}")
    values = tuple(value)
    if len(values) != 2:
        raise ValueError(f"{name} must be a pair {what}, got {value!r}")
    first, second = (check_real(v, name) for v in values)
    return first, second


def check_x_range(x_range: object, name: str = "x_range") -> tuple[float, float]:
    low, high = check_pair(x_range, name, "(low, high)")
    if not low < high:
        raise ValueError(f"{name} must have low < high, got {x_range!r}")
    return low, high


def check_point(point: object, name: str = "point") -> tuple[float, float]:
    """Return ``point`` as a pair of finite floats ``(x0, y0)``."""
    return check_pair(point, name, "(x0, y0) of numbers")


VARIABLES = ("x", "y")


def check_variable(variable: object, name: str = "variable") -> str:
    if not isinstance(variable, str) or variable not in VARIABLES:
        raise ValueError(f'{name} must be "x" or "y", got {variable!r}')
    return variable


def check_count(
    value: object, name: str, least: int = 2, most: int | None = None
) -> int:
    """Return ``value`` as an integer from ``least`` to ``most`` (a number of points)."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < least:
        raise ValueError(f"{name} must be at least {least}, got {value!r}")
    if most is not None and value > most:
        raise ValueError(f"{name} must be at most {most:,}, got {value:,}")
    return int(value)


def check_n_steps(n_steps: object) -> int:
    return check_count(n_steps, "n_steps", least=1)


def check_derivatives(derivatives: object) -> tuple[Callable[[float], float], ...]:
    if not isinstance(derivatives, Sequence) or isinstance(derivatives, str):
        raise TypeError(
            "derivatives must be a sequence of callables [f', f'', ...], "
            f"got {type(derivatives).__name__}"
        )
    if len(derivatives) == 0:
        raise ValueError(f"derivatives must hold at least f', got {derivatives!r}")
    for k, df in enumerate(derivatives):
        check_callable(df, f"derivatives[{k}]")
    return tuple(derivatives)
