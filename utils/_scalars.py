"""What the two scalar engines share: input checks, domain checks, safe formulas.

`utils.autodiff.Value` (reverse mode) and `utils.dual.Dual` (forward mode)
both import these, so that the two engines refuse the same inputs with the
same messages.

Domain errors are raised when an operation is evaluated, not later: the log
of a number that is not positive, division by zero, ``0 ** c`` with ``c < 1``
(undefined, or a slope that is not finite), a negative base with a
non-integer exponent, and a variable exponent on a base that is not positive
(its derivative needs ``log(base)``). A result too large for a float (about
1.8e308 at most) raises an error that names the operation that overflowed.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

LARGEST = "the largest float is about 1.8e308"


def is_real(number: object) -> bool:
    """Tell whether ``number`` is a real number; booleans do not count."""
    return isinstance(number, Real) and not isinstance(number, bool)


def as_real(number: object, name: str) -> float:
    """Return ``number`` as a finite float, or raise an error that names it."""
    if not is_real(number):
        raise TypeError(
            f"{name} must be a real number, got {type(number).__name__} {number!r}"
        )
    try:
        as_float = float(number)
    except OverflowError:  # an int or a fraction beyond the range of floats
        got = type(number).__name__
        if isinstance(number, int):
            got += f" of about 10**{math.log10(abs(number)):.0f}"
        raise ValueError(
            f"{name} is too large for a float, got {got} ({LARGEST})"
        ) from None
    if not math.isfinite(as_float):
        why = (
            " (too large for a float: a result overflowed)" if number == number else ""
        )
        raise ValueError(f"{name} must be finite, got {number}{why}")
    return as_float


def operand(other: object, cls: type) -> Any:
    """Return ``other`` as a ``cls``: itself, a constant if it is a number, else None.

    An operator that gets None returns NotImplemented, and Python raises its
    usual TypeError, "unsupported operand type(s) for +: 'Value' and 'str'".
    """
    if isinstance(other, cls):
        return other
    return cls(other) if is_real(other) else None


def check_log(x: float) -> None:
    """Refuse the log of a number that is not positive."""
    if x <= 0:
        raise ValueError(f"log needs a positive input, got {x}")


def check_divisor(x: float) -> None:
    """Refuse a division by zero."""
    if x == 0:
        raise ZeroDivisionError(f"division by zero: the denominator is {x}")


def power(base: float, exponent: float, variable_exponent: bool) -> float:
    """Return ``base ** exponent`` if it and its slope are finite real numbers."""
    if variable_exponent and base <= 0:
        raise ValueError(f"a variable exponent needs a positive base, got {base}")
    if base == 0 and exponent < 0:
        raise ZeroDivisionError(
            f"0 cannot be raised to a negative power, got exponent {exponent}"
        )
    if base == 0 and exponent < 1:
        raise ValueError(
            f"x ** {exponent} has no derivative at x = 0; the exponent must be >= 1"
        )
    if base < 0 and not exponent.is_integer():
        raise ValueError(
            f"a negative base needs an integer exponent, got ({base}) ** {exponent}"
        )
    try:
        return base**exponent
    except OverflowError:
        raise OverflowError(
            f"({base}) ** {exponent} overflowed: the result is too large for a "
            f"float ({LARGEST})"
        ) from None


def exp(x: float) -> float:
    """Return e**x, or raise an OverflowError that says which exp overflowed."""
    try:
        return math.exp(x)
    except OverflowError:
        raise OverflowError(
            f"exp({x}) overflowed: the result is too large for a float ({LARGEST})"
        ) from None


def sigmoid(x: float) -> float:
    """Return 1 / (1 + exp(-x)) without overflow: exp only ever sees -|x|."""
    z = math.exp(-abs(x))
    return 1 / (1 + z) if x >= 0 else z / (1 + z)
