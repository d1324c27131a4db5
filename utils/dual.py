"""Forward-mode differentiation with dual numbers.

`Dual` carries a derivative along with each number, ``a + a'·ε`` with
``ε² = 0``, so one evaluation gives the derivative with respect to one input:
forward mode. Multiplying, ``(a + a'ε)(b + b'ε) = ab + (a'b + ab')ε``: the
product rule appears by itself, and every other operation hands its slope to
the chain rule in `Dual._chain`. `forward_derivative` differentiates a
function of one variable this way. (Reverse mode, which gives every partial
derivative at once, is `utils.autodiff.Value`.)

The domain rules are those of `Value` (see `utils._scalars`): the log of a
number that is not positive, division by zero, ``0 ** c`` with ``c < 1``, a
negative base with a non-integer exponent and a `Dual` exponent on a base that
is not positive raise an error as they are evaluated, and so does a result too
large for a float.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ._scalars import (
    LARGEST,
    as_real,
    check_divisor,
    check_log,
    exp,
    is_real,
    operand,
    power,
    sigmoid,
)

__all__ = ["Dual", "forward_derivative"]


class Dual:
    """Hold a dual number ``value + derivative·ε`` (with ε² = 0), for forward mode.

    Start from ``Dual.variable(x)`` (derivative 1) and compute as usual; the
    result's ``derivative`` is the derivative with respect to that variable.

    Parameters
    ----------
    value : float
        The real part: the value of the expression.
    derivative : float, default 0.0
        The ε part: its derivative with respect to the chosen variable. 0.0
        makes a constant.

    Attributes
    ----------
    value, derivative : float
        As above.

    Raises
    ------
    TypeError
        If ``value`` or ``derivative`` is not a real number (or is a bool).
    ValueError
        If ``value`` or ``derivative`` is nan or infinite.

    Notes
    -----
    The operators, the domain rules and the slope of ``relu`` at 0 are those
    of `Value`; `Dual` also has ``sin`` and ``cos``.

    Examples
    --------
    >>> x = Dual.variable(3.0)
    >>> y = x * x + 2 * x  # dy/dx = 2x + 2
    >>> y
    Dual(value=15.0, derivative=8.0)
    """

    def __init__(self, value: float, derivative: float = 0.0) -> None:
        self.value = as_real(value, "value")
        self.derivative = as_real(derivative, "derivative")

    @classmethod
    def variable(cls, value: float) -> Dual:
        """Return the independent variable at ``value``: a Dual with derivative 1.

        Parameters
        ----------
        value : float
            Where to differentiate.

        Returns
        -------
        Dual
            ``Dual(value, 1.0)``.

        Raises
        ------
        TypeError
            If ``value`` is not a real number.
        ValueError
            If ``value`` is not finite.

        Examples
        --------
        >>> Dual.variable(2.0).exp().derivative == Dual.variable(2.0).exp().value
        True
        """
        return cls(value, 1.0)

    def __repr__(self) -> str:
        return f"Dual(value={self.value}, derivative={self.derivative})"

    def _chain(self, value: float, slope: float) -> Dual:
        """Return f(self) from f's value and slope at self.value: the chain rule."""
        return Dual(value, slope * self.derivative)

    # Each operator first turns a plain number into a constant Dual; for
    # anything else it returns NotImplemented, and Python raises a TypeError.
    def __add__(self, other: Dual | float) -> Dual:
        other = operand(other, Dual)
        if other is None:
            return NotImplemented
        return Dual(self.value + other.value, self.derivative + other.derivative)

    def __sub__(self, other: Dual | float) -> Dual:
        other = operand(other, Dual)
        if other is None:
            return NotImplemented
        return Dual(self.value - other.value, self.derivative - other.derivative)

    def __mul__(self, other: Dual | float) -> Dual:
        other = operand(other, Dual)
        if other is None:
            return NotImplemented
        return Dual(
            self.value * other.value,
            self.derivative * other.value + self.value * other.derivative,
        )

    def __truediv__(self, other: Dual | float) -> Dual:
        other = operand(other, Dual)
        if other is None:
            return NotImplemented
        check_divisor(other.value)
        quotient = self.value / other.value
        # (a'b - ab') / b**2 as (a' - (a/b) b') / b: b**2 underflows for tiny b
        return Dual(
            quotient, (self.derivative - quotient * other.derivative) / other.value
        )

    def __pow__(self, other: Dual | float) -> Dual:
        variable = isinstance(other, Dual)  # else a constant exponent
        exponent = operand(other, Dual)
        if exponent is None:
            return NotImplemented
        a, b = self.value, exponent.value
        result = power(a, b, variable)
        try:
            derivative = b * a ** (b - 1) * self.derivative
        except OverflowError:  # float ** raises where * would give inf
            raise OverflowError(
                f"the slope of x ** {b} at x = {a} overflowed: it is too large for "
                f"a float ({LARGEST})"
            ) from None
        if variable:
            derivative += math.log(a) * result * exponent.derivative
        return Dual(result, derivative)

    def __neg__(self) -> Dual:
        return Dual(-self.value, -self.derivative)

    def __radd__(self, other: float) -> Dual:  # other + self
        return self + other

    def __rmul__(self, other: float) -> Dual:  # other * self
        return self * other

    def __rsub__(self, other: float) -> Dual:  # other - self
        other = operand(other, Dual)
        return NotImplemented if other is None else other - self

    def __rtruediv__(self, other: float) -> Dual:  # other / self
        other = operand(other, Dual)
        return NotImplemented if other is None else other / self

    def __rpow__(self, other: float) -> Dual:  # other ** self
        other = operand(other, Dual)
        return NotImplemented if other is None else other**self

    def exp(self) -> Dual:
        """Return e**self; its slope is e**self."""
        e = exp(self.value)
        return self._chain(e, e)

    def log(self) -> Dual:
        """Return the natural log of self (which must be positive); slope 1/self."""
        check_log(self.value)
        return self._chain(math.log(self.value), 1 / self.value)

    def sin(self) -> Dual:
        """Return sin(self); its slope is cos(self)."""
        return self._chain(math.sin(self.value), math.cos(self.value))

    def cos(self) -> Dual:
        """Return cos(self); its slope is -sin(self)."""
        return self._chain(math.cos(self.value), -math.sin(self.value))

    def tanh(self) -> Dual:
        """Return tanh(self); its slope is 1 - tanh(self)**2."""
        t = math.tanh(self.value)
        return self._chain(t, 1 - t**2)

    def sigmoid(self) -> Dual:
        """Return 1 / (1 + e**-self), stable for large |self|; slope s(1 - s)."""
        s = sigmoid(self.value)
        return self._chain(s, s * (1 - s))

    def relu(self) -> Dual:
        """Return max(0, self); slope 1 where self > 0, else 0 (also at 0)."""
        return self._chain(max(0.0, self.value), float(self.value > 0))


def forward_derivative(f: Callable[[Dual], Dual | float], x: float) -> float:
    """Return f'(x) by evaluating ``f`` once on a dual number (forward mode).

    Parameters
    ----------
    f : callable
        A function of one variable written with the operators and methods of
        `Dual` (``t.exp()`` rather than ``np.exp(t)``).
    x : float
        Where to differentiate.

    Returns
    -------
    float
        The derivative; 0.0 if ``f`` returns a plain number (a constant).

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``x`` is not a real number, or ``f`` returns
        something other than a Dual or a real number.
    ValueError
        If ``x`` is not finite, or ``f`` leaves its domain at ``x`` (see the
        module notes; division by zero raises ZeroDivisionError).

    Examples
    --------
    >>> forward_derivative(lambda t: t**3 - 2 * t, 2.0)  # 3t**2 - 2
    10.0
    >>> forward_derivative(lambda t: t.sin(), 0.0)
    1.0
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    result = f(Dual.variable(as_real(x, "x")))
    if isinstance(result, Dual):
        return result.derivative
    if is_real(result):
        return 0.0
    raise TypeError(
        f"f must return a Dual or a real number, got {type(result).__name__}"
    )
