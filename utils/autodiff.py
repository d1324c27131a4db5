"""Automatic differentiation of scalar code: reverse mode and forward mode.

`Value` records every operation on it in a graph, then runs the chain rule
backwards through that graph, from one output to every input at once: reverse
mode, the idea behind backpropagation. `Dual` carries a derivative along with
each number, ``a + b·ε`` with ``ε² = 0``, so one evaluation gives the
derivative with respect to one input: forward mode.

Every operation states its local derivative in one line: in `Value` inside a
small ``_backward`` function, in `Dual` as the slope handed to the chain rule.
To add an operation to `Value`, copy `Value.tanh` and change its two formulas.

Domain errors are raised when an operation is evaluated, not later:
the log of a number that is not positive, division by zero, ``0 ** c`` with
``c < 1`` (undefined, or a slope that is not finite), a negative base with a
non-integer exponent, and a `Value` or `Dual` exponent on a base that is not
positive (its derivative needs ``log(base)``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from numbers import Real
from typing import Any

__all__ = ["Dual", "Value", "forward_derivative"]


# ------------------------------------------------------------ shared helpers
def _is_real(number: object) -> bool:
    """Tell whether ``number`` is a real number; booleans do not count."""
    return isinstance(number, Real) and not isinstance(number, bool)


def _as_real(number: object, name: str) -> float:
    """Return ``number`` as a finite float, or raise an error that names it."""
    if not _is_real(number):
        raise TypeError(
            f"{name} must be a real number, got {type(number).__name__} {number!r}"
        )
    if not math.isfinite(number):
        why = (
            " (too large for a float: a result overflowed)" if number == number else ""
        )
        raise ValueError(f"{name} must be finite, got {number}{why}")
    return float(number)


def _check_log(x: float) -> None:
    if x <= 0:
        raise ValueError(f"log needs a positive input, got {x}")


def _check_divisor(x: float) -> None:
    if x == 0:
        raise ZeroDivisionError(f"division by zero: the denominator is {x}")


def _check_power(base: float, exponent: float, variable_exponent: bool) -> None:
    """Refuse a power whose value or slope is not a finite real number."""
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


def _sigmoid(x: float) -> float:
    """Return 1 / (1 + exp(-x)) without overflow: exp only ever sees -|x|."""
    z = math.exp(-abs(x))
    return 1 / (1 + z) if x >= 0 else z / (1 + z)


def _lift(cls: type, other: object) -> Any:
    """Return ``other`` as an instance of ``cls``, or None if it is not a number."""
    if isinstance(other, cls):
        return other
    return cls(other) if _is_real(other) else None


def _binary(method: Callable[[Any, Any], Any]) -> Callable[[Any, object], Any]:
    """Let a binary operator accept a plain real number as its other operand.

    The number becomes a constant of the same class. For anything else the
    operator returns NotImplemented, so Python raises its usual TypeError,
    "unsupported operand type(s) for +: 'Value' and 'str'".
    """

    @functools.wraps(method)
    def wrapper(self: Any, other: object) -> Any:
        other = _lift(type(self), other)
        return NotImplemented if other is None else method(self, other)

    return wrapper


# ------------------------------------------------------------- reverse mode
class Value:
    """Hold a scalar and the operations that made it, for reverse-mode gradients.

    Parameters
    ----------
    data : float
        The number. It must be real and finite; booleans are refused.
    label : str, optional
        A name for drawing the computational graph, such as ``"x"``.

    Attributes
    ----------
    data : float
        The number.
    grad : float
        The derivative of the output on which `backward` was called with
        respect to this node. It starts at 0.0.
    label : str
        The name given at creation.
    _prev : tuple of Value
        The inputs of the operation that made this node (empty for a leaf).
    _op : str
        The name of that operation, such as ``"+"`` or ``"tanh"``.

    Raises
    ------
    TypeError
        If ``data`` is not a real number (a string, a list, a bool) or
        ``label`` is not a string.
    ValueError
        If ``data`` is nan or infinite.

    Notes
    -----
    Operators ``+ - * / **`` accept Values or plain real numbers on either
    side. A plain exponent, as in ``x ** 3``, is a constant; a `Value`
    exponent, as in ``x ** y`` or ``2 ** y``, also gets a gradient, and then
    the base must be positive. ``relu`` has slope 0 at 0 (a subgradient, the
    convention of PyTorch and JAX). Operations refuse inputs outside their
    domain as they are evaluated (see the module notes), and `backward`
    accumulates gradients: call `zero_grad` before computing new ones.

    Examples
    --------
    >>> x = Value(2.0, label="x")
    >>> y = x * x + 3 * x  # y = x**2 + 3x, so dy/dx = 2x + 3
    >>> y.backward()
    >>> x.grad
    7.0
    >>> y
    Value(data=10.0, grad=1.0)
    """

    def __init__(
        self,
        data: float,
        *,
        label: str = "",
        _prev: tuple[Value, ...] = (),
        _op: str = "",
    ) -> None:
        if not isinstance(label, str):
            raise TypeError(f"label must be a string, got {type(label).__name__}")
        self.data = _as_real(data, "data")
        self.grad = 0.0
        self.label = label
        self._prev = _prev
        self._op = _op
        self._backward: Callable[[], None] = lambda: None

    def __repr__(self) -> str:
        return f"Value(data={self.data}, grad={self.grad})"

    @_binary
    def __add__(self, other: Value) -> Value:
        out = Value(self.data + other.data, _prev=(self, other), _op="+")

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    @_binary
    def __sub__(self, other: Value) -> Value:
        out = Value(self.data - other.data, _prev=(self, other), _op="-")

        def _backward() -> None:
            self.grad += out.grad
            other.grad -= out.grad

        out._backward = _backward
        return out

    @_binary
    def __mul__(self, other: Value) -> Value:
        out = Value(self.data * other.data, _prev=(self, other), _op="*")

        def _backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    @_binary
    def __truediv__(self, other: Value) -> Value:
        _check_divisor(other.data)
        out = Value(self.data / other.data, _prev=(self, other), _op="/")

        def _backward() -> None:
            self.grad += out.grad / other.data
            # -a / b**2 written as -(a / b) / b: b**2 underflows for tiny b
            other.grad += -out.data / other.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, other: Value | float) -> Value:
        variable = isinstance(other, Value)  # else a constant: no gradient for it
        exponent = _lift(Value, other)
        if exponent is None:
            return NotImplemented
        b = exponent.data
        _check_power(self.data, b, variable)
        prev, op = ((self, exponent), "**") if variable else ((self,), f"**{b:g}")
        out = Value(self.data**b, _prev=prev, _op=op)

        def _backward() -> None:
            self.grad += b * self.data ** (b - 1) * out.grad
            if variable:
                exponent.grad += math.log(self.data) * out.data * out.grad

        out._backward = _backward
        return out

    def __neg__(self) -> Value:
        return self * -1.0

    __radd__ = __add__
    __rmul__ = __mul__

    @_binary
    def __rsub__(self, other: Value) -> Value:
        return other - self

    @_binary
    def __rtruediv__(self, other: Value) -> Value:
        return other / self

    @_binary
    def __rpow__(self, other: Value) -> Value:
        return other**self

    def exp(self) -> Value:
        """Return e**self; its slope is e**self."""
        out = Value(math.exp(self.data), _prev=(self,), _op="exp")

        def _backward() -> None:
            self.grad += out.data * out.grad

        out._backward = _backward
        return out

    def log(self) -> Value:
        """Return the natural log of self (which must be positive); slope 1/self."""
        _check_log(self.data)
        out = Value(math.log(self.data), _prev=(self,), _op="log")

        def _backward() -> None:
            self.grad += out.grad / self.data

        out._backward = _backward
        return out

    def tanh(self) -> Value:
        """Return tanh(self); its slope is 1 - tanh(self)**2."""
        out = Value(math.tanh(self.data), _prev=(self,), _op="tanh")

        def _backward() -> None:
            self.grad += (1 - out.data**2) * out.grad

        out._backward = _backward
        return out

    def sigmoid(self) -> Value:
        """Return 1 / (1 + e**-self), stable for large |self|; slope s(1 - s)."""
        out = Value(_sigmoid(self.data), _prev=(self,), _op="sigmoid")

        def _backward() -> None:
            self.grad += out.data * (1 - out.data) * out.grad

        out._backward = _backward
        return out

    def relu(self) -> Value:
        """Return max(0, self); slope 1 where self > 0, else 0 (also at 0).

        Examples
        --------
        >>> x = Value(0.0)
        >>> x.relu().backward()
        >>> x.grad
        0.0
        """
        out = Value(max(0.0, self.data), _prev=(self,), _op="relu")

        def _backward() -> None:
            self.grad += float(self.data > 0) * out.grad

        out._backward = _backward
        return out

    def _topological_order(self) -> list[Value]:
        """Return the nodes of self's graph, every node after its inputs.

        A depth-first search with an explicit stack instead of recursion, so
        graphs deeper than Python's recursion limit work.
        """
        order: list[Value] = []
        visited: set[Value] = set()
        stack: list[tuple[Value, bool]] = [(self, False)]
        while stack:
            node, inputs_done = stack.pop()
            if inputs_done:
                order.append(node)
            elif node not in visited:
                visited.add(node)
                stack.append((node, True))  # comes back after all its inputs
                stack.extend((child, False) for child in node._prev)
        return order

    def backward(self) -> None:
        """Add d(self)/d(node) to the ``grad`` of every node in self's graph.

        Gradients accumulate, as in PyTorch: a second call adds the same
        amounts again (doubling every ``grad``, self's included), and calls on
        several outputs that share inputs add up their contributions. Call
        `zero_grad` to start again from zero.

        Examples
        --------
        >>> x = Value(3.0)
        >>> y = x * x
        >>> y.backward()
        >>> x.grad
        6.0
        >>> y.backward()  # accumulates
        >>> x.grad
        12.0
        >>> y.zero_grad()
        >>> x.grad
        0.0
        """
        order = self._topological_order()
        before = [node.grad for node in order]
        # Work out this call's contributions from zero, then add back what
        # was there, so that no earlier gradient is propagated a second time.
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            node._backward()
        for node, grad in zip(order, before, strict=True):
            node.grad += grad

    def zero_grad(self) -> None:
        """Set ``grad`` to 0.0 on every node in self's graph.

        Examples
        --------
        >>> x = Value(1.0)
        >>> y = x.exp()
        >>> y.backward()
        >>> y.zero_grad()
        >>> (x.grad, y.grad)
        (0.0, 0.0)
        """
        for node in self._topological_order():
            node.grad = 0.0


# ------------------------------------------------------------- forward mode
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
        self.value = _as_real(value, "value")
        self.derivative = _as_real(derivative, "derivative")

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

    @_binary
    def __add__(self, other: Dual) -> Dual:
        return Dual(self.value + other.value, self.derivative + other.derivative)

    @_binary
    def __sub__(self, other: Dual) -> Dual:
        return Dual(self.value - other.value, self.derivative - other.derivative)

    @_binary
    def __mul__(self, other: Dual) -> Dual:
        return Dual(
            self.value * other.value,
            self.derivative * other.value + self.value * other.derivative,
        )

    @_binary
    def __truediv__(self, other: Dual) -> Dual:
        _check_divisor(other.value)
        quotient = self.value / other.value
        # (a'b - ab') / b**2 as (a' - (a/b) b') / b: b**2 underflows for tiny b
        return Dual(
            quotient, (self.derivative - quotient * other.derivative) / other.value
        )

    def __pow__(self, other: Dual | float) -> Dual:
        variable = isinstance(other, Dual)  # else a constant exponent
        exponent = _lift(Dual, other)
        if exponent is None:
            return NotImplemented
        a, b = self.value, exponent.value
        _check_power(a, b, variable)
        derivative = b * a ** (b - 1) * self.derivative
        if variable:
            derivative += math.log(a) * a**b * exponent.derivative
        return Dual(a**b, derivative)

    def __neg__(self) -> Dual:
        return Dual(-self.value, -self.derivative)

    __radd__ = __add__
    __rmul__ = __mul__

    @_binary
    def __rsub__(self, other: Dual) -> Dual:
        return other - self

    @_binary
    def __rtruediv__(self, other: Dual) -> Dual:
        return other / self

    @_binary
    def __rpow__(self, other: Dual) -> Dual:
        return other**self

    def exp(self) -> Dual:
        """Return e**self; its slope is e**self."""
        e = math.exp(self.value)
        return self._chain(e, e)

    def log(self) -> Dual:
        """Return the natural log of self (which must be positive); slope 1/self."""
        _check_log(self.value)
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
        s = _sigmoid(self.value)
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
    result = f(Dual.variable(_as_real(x, "x")))
    if isinstance(result, Dual):
        return result.derivative
    if _is_real(result):
        return 0.0
    raise TypeError(
        f"f must return a Dual or a real number, got {type(result).__name__}"
    )
