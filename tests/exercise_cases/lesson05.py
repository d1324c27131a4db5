"""Right and plausible wrong answers for the checks of lesson 05.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import math

import numpy as np
from scipy.special import expit, logsumexp

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
def _linear_backward(X, W, dY):
    return dY @ W, dY.T @ X, dY.sum(axis=0)


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
def _batch_ce(Z, y):
    rows = np.arange(len(y))
    shift = Z.max(axis=1, keepdims=True)
    lse = shift[:, 0] + np.log(np.sum(np.exp(Z - shift), axis=1))
    P = np.exp(Z - lse[:, None])
    P[rows, y] -= 1
    return np.mean(lse - Z[rows, y]), P / len(y)


def _batch_ce_scipy(Z, y):
    lse = logsumexp(Z, axis=1)
    onehot = np.eye(Z.shape[1])[y]
    return float(np.mean(lse - np.sum(Z * onehot, axis=1))), (
        np.exp(Z - lse[:, None]) - onehot
    ) / len(y)


def _batch_ce_loop(Z, y):
    losses, grads = [], []
    for z, label in zip(Z, y, strict=True):
        m = max(z)
        lse = m + math.log(sum(math.exp(v - m) for v in z))
        losses.append(lse - z[label])
        grads.append([math.exp(v - lse) - (k == label) for k, v in enumerate(z)])
    return sum(losses) / len(y), [[g / len(y) for g in row] for row in grads]


def _naive_ce(Z, y):
    rows = np.arange(len(y))
    lse = np.log(np.sum(np.exp(Z), axis=1))
    P = np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True)
    P[rows, y] -= 1
    return np.mean(lse - Z[rows, y]), P / len(y)


def _min_shift_ce(Z, y):
    rows = np.arange(len(y))
    shift = Z.min(axis=1, keepdims=True)
    lse = shift[:, 0] + np.log(np.sum(np.exp(Z - shift), axis=1))
    P = np.exp(Z - lse[:, None])
    P[rows, y] -= 1
    return np.mean(lse - Z[rows, y]), P / len(y)


def _no_max_back_ce(Z, y):
    loss, grad = _batch_ce(Z, y)
    return loss - np.mean(Z.max(axis=1)), grad


def _log_of_softmax_ce(Z, y):
    _, grad = _batch_ce(Z, y)
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    return -np.mean(np.log(P[np.arange(len(y)), y])), grad


def _global_max_ce(Z, y):
    rows = np.arange(len(y))
    shift = Z.max()
    lse = shift + np.log(np.sum(np.exp(Z - shift), axis=1))
    P = np.exp(Z - lse[:, None])
    P[rows, y] -= 1
    return np.mean(lse - Z[rows, y]), P / len(y)


def _undivided_ce(Z, y):
    loss, grad = _batch_ce(Z, y)
    return loss, grad * len(y)


def _no_onehot_ce(Z, y):
    loss, grad = _batch_ce(Z, y)
    grad = grad.copy()
    grad[np.arange(len(y)), y] += 1 / len(y)
    return loss, grad


CASES = {
    "05.1": {
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
    "05.2": {
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
    "05.3": {
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
    "05.4": {
        "right": [
            _linear_backward,
            lambda X, W, dY: (dY @ W, (X.T @ dY).T, np.ones(len(dY)) @ dY),
            lambda X, W, dY: [
                np.einsum("mk,kd->md", dY, W),
                np.einsum("mk,md->kd", dY, X),
                dY.sum(axis=0).tolist(),
            ],
        ],
        "wrong": [
            (lambda X, W, dY: (dY @ W, X.T @ dY, dY.sum(axis=0)), "transposed"),
            (lambda X, W, dY: (dY @ W, dY.T @ X, dY), "not summed over the rows"),
            (lambda X, W, dY: (dY @ W, dY.T @ X, dY.sum(axis=1)), "wrong axis"),
            (lambda X, W, dY: (dY @ W.T, dY.T @ X, dY.sum(axis=0)), "dX = dY @ W.T"),
            (lambda X, W, dY: (dY @ W, dY.T @ X, dY.mean(axis=0)), "mean"),
            (lambda X, W, dY: (dY @ W, dY.T @ X), "three arrays"),
            (
                lambda X, W, dY: (dY @ W, np.ones((3, 2)), dY.sum(axis=0)),
                "should have shape (3, 3), got (3, 2)",
            ),
        ],
    },
    "05.5": {
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
    "05.6": {
        "right": [_batch_ce, _batch_ce_scipy, _batch_ce_loop],
        "wrong": [
            (_naive_ce, "overflow"),
            (_no_max_back_ce, "max was not added back"),
            (_min_shift_ce, "shifted by their min instead of their max"),
            (_global_max_ce, "whole batch instead of one per row"),
            (_log_of_softmax_ce, "log of the softmax"),
            (_undivided_ce, "not divided by the batch size"),
            (_no_onehot_ce, "missing the one-hot"),
            (lambda Z, y: _batch_ce(Z, y)[0], "pair (loss, dZ)"),
            (lambda Z, y: (_batch_ce(Z, y)[0], _batch_ce(Z, y)[1].T), "Z's shape"),
        ],
    },
}
