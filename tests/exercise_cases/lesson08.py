"""Right and plausible wrong answers for the checks of lesson 08.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain. The engines
of Exercise 7.2's cases are shared from lesson 07's module.
"""

import math

import numpy as np

from utils.autodiff import Value

from .lesson07 import _engine, _PlainValue

# ---------------------------------------------------------------- 08.1
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


# ---------------------------------------------------------------- 08.2
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


# ---------------------------------------------------------------- 08.3
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
    "08.1": {
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
    "08.2": {
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
    "08.3": {
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
}
