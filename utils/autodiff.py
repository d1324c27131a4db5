"""Reverse-mode automatic differentiation of scalar code: the engine the learner builds.

A `Value` holds a number and remembers the operation that made it and its
inputs. Each operation stores ``_backward``, which adds the result's ``grad``
times the local slope to its inputs' ``grad`` (``+=``: one share per path).
`Value.backward` calls them all, from the output down, in topological order.
A plain number on either side of ``+ - * / **`` is a constant; errors name
the operation that failed (`utils._scalars`, shared with forward mode).
"""

from __future__ import annotations

import math

from ._scalars import (
    as_real,
    check_divisor,
    check_log,
    exp,
    operand,
    power,
    sigmoid,
)

__all__ = ["Value"]


class Value:
    """Hold a number and the operations that made it, for reverse-mode gradients.

    ``data`` must be a finite real number (TypeError or ValueError otherwise);
    ``label`` names the node when the graph is drawn.

    >>> x = Value(2.0, label="x")
    >>> y = x * x + 3 * x  # dy/dx = 2x + 3
    >>> y.backward()
    >>> (y, x.grad)
    (Value(data=10.0, grad=1.0), 7.0)
    """

    def __init__(self, data: float, *, label="", _prev=(), _op="") -> None:
        if not isinstance(label, str):
            raise TypeError(f"label must be a string, got {type(label).__name__}")
        self.data = as_real(data, "data")
        self.grad = 0.0  # d(output)/d(self), once backward() has run on the output
        self.label = label
        self._prev = _prev  # the inputs of the operation that made self
        self._op = _op  # and its name, such as "*" or "tanh"; a leaf has neither
        self._backward = lambda: None  # hands self.grad on to _prev; a leaf: nothing

    def __repr__(self) -> str:
        return f"Value(data={self.data}, grad={self.grad})"

    # A plain number becomes a constant Value; anything else: NotImplemented.
    def __add__(self, other: Value | float) -> Value:
        other = operand(other, Value)
        if other is None:
            return NotImplemented
        out = Value(self.data + other.data, _prev=(self, other), _op="+")

        def _backward() -> None:
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __sub__(self, other: Value | float) -> Value:
        other = operand(other, Value)
        if other is None:
            return NotImplemented
        out = Value(self.data - other.data, _prev=(self, other), _op="-")

        def _backward() -> None:
            self.grad += out.grad
            other.grad -= out.grad

        out._backward = _backward
        return out

    def __mul__(self, other: Value | float) -> Value:
        other = operand(other, Value)
        if other is None:
            return NotImplemented
        out = Value(self.data * other.data, _prev=(self, other), _op="*")

        def _backward() -> None:
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out

    def __truediv__(self, other: Value | float) -> Value:
        other = operand(other, Value)
        if other is None:
            return NotImplemented
        check_divisor(other.data)
        out = Value(self.data / other.data, _prev=(self, other), _op="/")

        def _backward() -> None:
            self.grad += out.grad / other.data
            # -a / b**2 written as -(a / b) / b: b**2 underflows for tiny b
            other.grad += -out.data / other.data * out.grad

        out._backward = _backward
        return out

    def __pow__(self, other: Value | float) -> Value:
        exponent = operand(other, Value)
        if exponent is None:
            return NotImplemented
        # x ** y with a Value y: y gets a gradient too. x ** 3: 3 is a constant.
        variable = exponent is other
        b = exponent.data
        prev, op = ((self, exponent), "**") if variable else ((self,), f"**{b:g}")
        out = Value(power(self.data, b, variable), _prev=prev, _op=op)

        def _backward() -> None:
            self.grad += b * self.data ** (b - 1) * out.grad
            if variable:
                exponent.grad += math.log(self.data) * out.data * out.grad

        out._backward = _backward
        return out

    def __neg__(self) -> Value:  # -self
        return self * -1.0

    __radd__ = __add__  # other + self is self + other
    __rmul__ = __mul__

    def __rsub__(self, other: float) -> Value:  # other - self
        other = operand(other, Value)
        return NotImplemented if other is None else other - self

    def __rtruediv__(self, other: float) -> Value:  # other / self
        other = operand(other, Value)
        return NotImplemented if other is None else other / self

    def __rpow__(self, other: float) -> Value:  # other ** self
        other = operand(other, Value)
        return NotImplemented if other is None else other**self

    def _unary(self, data: float, slope: float, op: str) -> Value:
        """Return the node f(self), given f(self) and its slope f'(self)."""
        out = Value(data, _prev=(self,), _op=op)

        def _backward() -> None:
            self.grad += slope * out.grad

        out._backward = _backward
        return out

    def exp(self) -> Value:
        """Return e**self; its slope is e**self."""
        e = exp(self.data)
        return self._unary(e, e, "exp")

    def log(self) -> Value:
        """Return the natural log of self (which must be positive); slope 1/self."""
        check_log(self.data)
        return self._unary(math.log(self.data), 1 / self.data, "log")

    def tanh(self) -> Value:
        """Return tanh(self); its slope is 1 - tanh(self)**2."""
        t = math.tanh(self.data)
        return self._unary(t, 1 - t**2, "tanh")

    def sigmoid(self) -> Value:
        """Return 1 / (1 + e**-self), stable for large |self|; slope s(1 - s)."""
        s = sigmoid(self.data)
        return self._unary(s, s * (1 - s), "sigmoid")

    def relu(self) -> Value:
        """Return max(0, self); slope 1 where self > 0, else 0 (also at 0)."""
        return self._unary(max(0.0, self.data), float(self.data > 0), "relu")

    def _topological_order(self) -> list[Value]:
        """Return the nodes of self's graph, each one after all of its inputs."""
        # Depth first with a stack, not recursion: graphs go deeper than
        # Python's limit of about 1,000 nested calls.
        order, visited = [], set()
        stack = [(self, False)]  # (node, are its inputs in order already?)
        while stack:
            node, inputs_done = stack.pop()
            if inputs_done:  # rule 1: its inputs are done, so it joins order
                order.append(node)
            elif node not in visited:  # rule 2: first reached
                visited.add(node)
                stack.append((node, True))  # under its inputs: off after them
                for inp in node._prev:
                    stack.append((inp, False))
        return order

    def backward(self) -> None:
        """Add d(self)/d(node) to the ``grad`` of every node below self.

        Gradients add up: call `zero_grad` before a second pass on a graph
        that holds some, and zero a leaf (a weight) between losses.

        >>> x = Value(3.0)
        >>> (x * x).backward()
        >>> (x * x).backward()  # a new graph, and no zero_grad: adds 6 again
        >>> x.grad
        12.0
        """
        order = self._topological_order()
        self.grad = 1.0  # d(self)/d(self)
        for node in reversed(order):
            node._backward()

    def zero_grad(self) -> None:
        """Set ``grad`` to 0.0 on every node in self's graph."""
        for node in self._topological_order():
            node.grad = 0.0
