"""Right and plausible wrong answers for the checks of lesson 07.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import math

import numpy as np
from scipy.special import expit

from utils.autodiff import Value

# ---------------------------------------------------------------- 07.1
_X, _Y, _Z = 1.5, -0.5, 2.0
_T = math.tanh(_Y)
_R = _X * _Y + _Z
_GRADS = (_Y * _T, _X * _T + _R * (1 - _T**2), _T)


# ---------------------------------------------------------------- 07.2
def _engine(
    *,
    accumulate=True,
    use_out=True,
    own_data=False,
    times_as_plus=False,
    plus_as_times=False,
    only_a=False,
    link=True,
    connect=True,
    grad0=0.0,
    wrap=True,
    float_sum=False,
    init_plus=False,
):
    """A MyValue class, right or with one planted mistake."""

    class MyValue:
        def __init__(self, data, _prev=()):
            self._backward = lambda: None
            self.data = data
            if init_plus:
                self.grad += grad0  # raises: self.grad does not exist yet
            else:
                self.grad = grad0
            self._prev = _prev if link else ()

        def _rule(self, other, slopes):
            out = MyValue(0.0, (self, other))

            def _backward():
                pairs = [(self, slopes[0]), (other, slopes[1])]
                for node, slope in pairs[:1] if only_a else pairs:
                    share = slope() * (out.grad if use_out else 1.0)
                    node.grad = node.grad + share if accumulate else share

            if connect:
                out._backward = _backward
            return out

        def __add__(self, other):
            if wrap:
                other = other if isinstance(other, MyValue) else MyValue(other)
            if float_sum:
                return self.data + other.data
            if plus_as_times:
                slopes = (lambda: other.data, lambda: self.data)
            else:
                slopes = (lambda: 1.0, lambda: 1.0)
            out = self._rule(other, slopes)
            out.data = self.data + other.data
            return out

        def __mul__(self, other):
            if wrap:
                other = other if isinstance(other, MyValue) else MyValue(other)
            if times_as_plus:
                slopes = (lambda: 1.0, lambda: 1.0)
            elif own_data:
                slopes = (lambda: self.data, lambda: other.data)
            else:
                slopes = (lambda: other.data, lambda: self.data)
            out = self._rule(other, slopes)
            out.data = self.data * other.data
            return out

        def __sub__(self, other):
            return self + other * -1

    return MyValue


class _PlainValue:
    """Equivalent: written out, without helpers, and with a list for _prev."""

    def __init__(self, data, _prev=()):
        self.data, self.grad, self._prev = data, 0.0, list(_prev)
        self._backward = lambda: None

    def __add__(self, other):
        other = other if isinstance(other, _PlainValue) else _PlainValue(other)
        out = _PlainValue(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, _PlainValue) else _PlainValue(other)
        out = _PlainValue(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out


def _not_a_class(data, _prev=()):
    return _engine()(data, _prev)


# ---------------------------------------------------------------- 07.3
_MyValue = _engine()


def _tanh_rule(
    slope,
    *,
    cls=_MyValue,
    accumulate=True,
    use_out=True,
    link=True,
    connect=True,
    forward=math.tanh,
    returns=True,
):
    """A backward rule for tanh, right or with one planted mistake."""

    def value_tanh(x):
        t = forward(x.data)
        out = cls(t, (x,) if link else ())

        def _backward():
            share = slope(x.data, t) * (out.grad if use_out else 1.0)
            x.grad = x.grad + share if accumulate else share

        if connect:
            out._backward = _backward
        return out if returns else None

    return value_tanh


def _tanh_course_value(x):
    t = math.tanh(x.data)
    out = Value(t, _prev=(x,), _op="tanh")

    def _backward():
        x.grad += (1 - t**2) * out.grad

    out._backward = _backward
    return out


_RIGHT_SLOPE = lambda x, t: 1 - t**2  # noqa: E731


# ---------------------------------------------------------------- 07.4
def _order_by_stack(root):
    order, visited, stack = [], set(), [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))
            stack.extend((child, False) for child in node._prev)
    return order


def _backward_stack(root):
    order = _order_by_stack(root)
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def _backward_counting_users(root):
    """Equivalent: Kahn's algorithm, a node goes once all its users have gone."""
    users, seen, todo = {}, {root}, [root]
    while todo:
        node = todo.pop()
        for child in node._prev:
            users[child] = users.get(child, 0) + 1
            if child not in seen:
                seen.add(child)
                todo.append(child)
    root.grad = 1.0
    ready = [root]
    while ready:
        node = ready.pop()
        node._backward()
        for child in node._prev:
            users[child] -= 1
            if users[child] == 0:
                ready.append(child)


def _backward_list_membership(root):
    """Equivalent: a list instead of a set; a node joins once its inputs have."""
    order, stack = [], [root]
    while stack:
        node = stack[-1]
        waiting = [c for c in node._prev if c not in order]
        if waiting:
            stack.append(waiting[0])
        else:
            stack.pop()
            if node not in order:
                order.append(node)
    root.grad = 1.0
    for node in order[::-1]:
        node._backward()


def _backward_without_seed(root):
    for node in reversed(_order_by_stack(root)):
        node._backward()


def _backward_seed_late(root):
    for node in reversed(_order_by_stack(root)):
        node._backward()
    root.grad = 1.0


def _backward_forward_order(root):
    root.grad = 1.0
    for node in _order_by_stack(root):
        node._backward()


def _backward_no_visited(root):
    order, stack = [], [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in node._prev)
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def _backward_breadth_first(root):
    root.grad = 1.0
    queue, seen = [root], {root}
    while queue:
        node = queue.pop(0)
        node._backward()
        for child in node._prev:
            if child not in seen:
                seen.add(child)
                queue.append(child)


def _backward_one_level(root):
    root.grad = 1.0
    root._backward()
    for child in root._prev:
        child._backward()


def _backward_recursive(root):
    order, visited = [], set()

    def visit(node):
        if node not in visited:
            visited.add(node)
            for child in node._prev:
                visit(child)
            order.append(node)

    visit(root)
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


# ---------------------------------------------------------------- 07.5
def _train(w0, b0, data, lr, *, zero=True, rebuild=False, early=False, only=None):
    """The loop of exercise 7.5: right, or with one planted mistake."""
    w, b = Value(w0), Value(b0)
    for x, y in data:
        if rebuild:
            w, b = Value(w0), Value(b0)
        loss = (w * x + b - y) ** 2
        if zero:
            loss.zero_grad()
        if only == "w":  # zeroes one gradient, not the other
            w.grad = 0.0
        elif only == "b":
            b.grad = 0.0
        loss.backward()
        if early:
            loss.zero_grad()
        w.data -= lr * w.grad
        b.data -= lr * b.grad
    return w.data, b.data


def _train_fresh_values(w0, b0, data, lr):
    """Equivalent: new leaves each step, carrying the current numbers."""
    w, b = w0, b0
    for x, y in data:
        w_node, b_node = Value(w), Value(b)
        ((w_node * x + b_node - y) ** 2).backward()
        w, b = w - lr * w_node.grad, b - lr * b_node.grad
    return np.array([w, b])


def _train_returning_values(w0, b0, data, lr):
    w, b = Value(w0), Value(b0)
    for x, y in data:
        loss = (w * x + b - y) ** 2
        loss.backward()
        w.data -= lr * w.grad
        b.data -= lr * b.grad
        w.grad = b.grad = 0.0
    return w, b


def _train_by_hand(w0, b0, data, lr, *, factor=2.0):
    """Without Value: the gradient of (wx + b - y)^2 written out."""
    w, b = w0, b0
    for x, y in data:
        residual = w * x + b - y
        w, b = w - lr * factor * residual * x, b - lr * factor * residual
    return w, b


CASES = {
    "07.1": {
        "right": [
            _GRADS,
            list(_GRADS),
            np.array(_GRADS),
            tuple(round(g, 4) for g in _GRADS),
        ],
        "wrong": [
            ((_GRADS[0], _X * _T, _GRADS[2]), "forgot the path through tanh(y)"),
            ((_GRADS[0], _R * (1 - _T**2), _GRADS[2]), "path through the product"),
            ((_GRADS[0], _X * _T - _R * (1 - _T**2), _GRADS[2]), "sign"),
            ((_GRADS[0], _X * _T + _R * (1 - _T), _GRADS[2]), "without the square"),
            ((_GRADS[0], _X * _T + _R * (1 - _T) ** 2, _GRADS[2]), "wrong place"),
            ((_X * _T, _Y * _T + _R * (1 - _T**2), _GRADS[2]), "partners"),
            ((_X * _T, _GRADS[1], _GRADS[2]), "d(xy)/dx is y"),
            ((_GRADS[0], _Y * _T + _R * (1 - _T**2), _GRADS[2]), "d(xy)/dy is x"),
            ((_X, _Y, _Z), "forward pass"),
            ((_X * _Y, _R, _R * _T), "forward pass"),
            (tuple(-g for g in _GRADS), "sign"),
            ((_GRADS[2], _GRADS[1], _GRADS[0]), "wrong order"),
            ({"x": _GRADS[0]}, "tuple of three numbers"),
        ],
    },
    "07.2": {
        "right": [_engine(), _PlainValue],
        "wrong": [
            (_engine(accumulate=False), "used = instead of +="),
            (_engine(use_out=False), "forgot to multiply by out.grad"),
            (_engine(own_data=True), "its own data as slope"),
            (_engine(times_as_plus=True), "used the slopes of +"),
            (_engine(plus_as_times=True), "used the slopes of *"),
            (_engine(only_a=True), "b is an input too"),
            (_engine(link=False), "does not record its inputs"),
            (_engine(connect=False), "the rule never runs"),
            (_engine(grad0=1.0), "should start at 0.0"),
            (_engine(init_plus=True), "grad must start as 0.0"),
            (_engine(float_sum=True), "not a MyValue"),
            (_engine(wrap=False), "given first line"),
            (_not_a_class, "should be a class"),
        ],
    },
    "07.3": {
        "right": [
            _tanh_rule(_RIGHT_SLOPE),
            _tanh_rule(lambda x, t: 1 / math.cosh(x) ** 2),
            _tanh_rule(_RIGHT_SLOPE, cls=_PlainValue),
            _tanh_course_value,
        ],
        "wrong": [
            (_tanh_rule(lambda x, t: 1 - t), "without the square"),
            (_tanh_rule(lambda x, t: 1.0), "local slope of tanh is missing"),
            (_tanh_rule(_RIGHT_SLOPE, use_out=False), "forgot to multiply by out.grad"),
            (_tanh_rule(_RIGHT_SLOPE, accumulate=False), "used = instead of +="),
            (_tanh_rule(lambda x, t: t**2 - 1), "wrong sign"),
            (_tanh_rule(lambda x, t: 1 + t**2), "1 + tanh(x)^2"),
            (_tanh_rule(lambda x, t: 1 - x**2), "not 1 - x^2"),
            (_tanh_rule(_RIGHT_SLOPE, link=False), "does not record its inputs"),
            (_tanh_rule(_RIGHT_SLOPE, connect=False), "the rule never runs"),
            (_tanh_rule(_RIGHT_SLOPE, forward=lambda x: x), "forward value is wrong"),
            (_tanh_rule(lambda x, t: 1 - math.tanh(t) ** 2), "tanh was applied twice"),
            (_tanh_rule(_RIGHT_SLOPE, returns=False), "return out"),
            (lambda x: math.tanh(x.data), "has no attribute"),
        ],
    },
    "07.4": {
        "right": [
            _backward_stack,
            _backward_counting_users,
            _backward_list_membership,
        ],
        "wrong": [
            (_backward_without_seed, "not 1"),
            (_backward_seed_late, "not 1"),
            (_backward_forward_order, "the order is reversed"),
            (_backward_no_visited, "visited twice"),
            (_backward_breadth_first, "before it was complete"),
            (_backward_one_level, "never visited"),
            (_backward_recursive, "RecursionError"),
            (lambda root: None, "no node's _backward() was called"),
        ],
    },
    "07.5": {
        "right": [
            _train,
            _train_fresh_values,
            _train_returning_values,
            _train_by_hand,
            lambda w0, b0, data, lr: list(_train(w0, b0, data, lr)),
        ],
        "wrong": [
            (lambda *args: _train(*args, zero=False), "still accumulating"),
            (lambda *args: _train(*args, zero=False, only="w"), "b.grad is not"),
            (lambda *args: _train(*args, zero=False, only="b"), "w.grad is not"),
            (lambda *args: _train(*args, early=True), "never move"),
            (lambda *args: _train(*args, rebuild=True), "recreated from w0 and b0"),
            (lambda w0, b0, data, lr: _train(w0, b0, data, -lr), "wrong sign"),
            (lambda *args: _train_by_hand(*args, factor=1.0), "half the right one"),
            (lambda *args: _train(*args)[0], "shape (2,)"),
        ],
    },
    "07.6": {
        "right": [
            lambda x: 3 * math.exp(3 * x) / (1 + math.exp(3 * x)),
            lambda x: 3 / (1 + np.exp(-3 * x)),
            lambda x: 3 * expit(3 * x),
        ],
        "wrong": [
            (lambda x: 1 / (1 + math.exp(3 * x)), "inner derivative is missing"),
            (lambda x: expit(3 * x), "factor 3 is missing"),
            (lambda x: 3 * math.exp(3 * x), "outer derivative is missing"),
            (lambda x: -3 * expit(3 * x), "sign"),
            (lambda x: [3 * expit(3 * x)] * 2, "one number"),
        ],
    },
}
