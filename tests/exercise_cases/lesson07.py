"""Right and plausible wrong answers for the checks of lesson 07.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import math

import numpy as np
from scipy.special import expit

from utils.autodiff import Value

# ---------------------------------------------------------------- 05.2
_X, _Y, _Z = 1.5, -0.5, 2.0
_T = math.tanh(_Y)
_R = _X * _Y + _Z
_GRADS = (_Y * _T, _X * _T + _R * (1 - _T**2), _T)


# ---------------------------------------------------------------- 05.3
def _sin_rule(slope, *, accumulate=True, use_out_grad=True, link=True, connect=True):
    """A backward rule for sin, right or with one planted mistake."""

    def value_sin(x):
        out = Value(math.sin(x.data), _prev=(x,) if link else (), _op="sin")

        def _backward():
            local = slope(x.data) * (out.grad if use_out_grad else 1.0)
            x.grad = (x.grad + local) if accumulate else local

        if connect:
            out._backward = _backward
        return out

    return value_sin


def _sin_with_plus_equals(x):
    out = Value(math.sin(x.data), _prev=(x,), _op="sin")

    def _backward():
        x.grad += math.cos(x.data) * out.grad

    out._backward = _backward
    return out


def _sin_wrong_forward(x):
    out = Value(math.cos(x.data), _prev=(x,), _op="sin")

    def _backward():
        x.grad += math.cos(x.data) * out.grad

    out._backward = _backward
    return out


# ---------------------------------------------------------------- 05.4


# ---------------------------------------------------------------- 05.5
def _train(w0, b0, data, lr, *, zero=True, rebuild=False, early=False):
    """The loop of exercise 5.5: right, or with one planted mistake."""
    w, b = Value(w0), Value(b0)
    for x, y in data:
        if rebuild:
            w, b = Value(w0), Value(b0)
        loss = (w * x + b - y) ** 2
        if zero:
            loss.zero_grad()
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


# ---------------------------------------------------------------- 05.6


CASES = {
    "07.1": {
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
    "07.2": {
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
            ((_X, _Y, _Z), "forward pass"),
            ((_X * _Y, _R, _R * _T), "forward pass"),
            (tuple(-g for g in _GRADS), "sign"),
            ((_GRADS[2], _GRADS[1], _GRADS[0]), "wrong order"),
            ({"x": _GRADS[0]}, "tuple of three numbers"),
        ],
    },
    "07.3": {
        "right": [
            _sin_with_plus_equals,
            _sin_rule(math.cos),
            _sin_rule(np.cos),
        ],
        "wrong": [
            (_sin_rule(math.cos, accumulate=False), "used = instead of +="),
            (_sin_rule(math.cos, accumulate=False), "reuse breaks"),
            (_sin_rule(math.cos, use_out_grad=False), "forgot to multiply by out.grad"),
            (_sin_rule(math.cos, use_out_grad=False), "composition breaks"),
            (_sin_rule(lambda t: -math.cos(t)), "wrong sign"),
            (_sin_rule(math.sin), "derivative of sin is cos"),
            (_sin_rule(math.cos, link=False), "the gradient never reaches x"),
            (_sin_rule(math.cos, connect=False), "out._backward"),
            (lambda x: math.sin(x.data), "not a Value"),
            (_sin_wrong_forward, "forward value is wrong"),
        ],
    },
    "07.4": {
        "right": [
            _train,
            _train_fresh_values,
            _train_returning_values,
            lambda w0, b0, data, lr: list(_train(w0, b0, data, lr)),
        ],
        "wrong": [
            (lambda *args: _train(*args, zero=False), "still accumulating"),
            (lambda *args: _train(*args, early=True), "never move"),
            (lambda *args: _train(*args, rebuild=True), "recreated from w0 and b0"),
            (lambda w0, b0, data, lr: _train(w0, b0, data, -lr), "wrong sign"),
            (lambda *args: _train(*args)[0], "shape (2,)"),
        ],
    },
}
