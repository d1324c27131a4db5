"""Right and plausible wrong answers for the checks of lesson 08.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import math

import numpy as np
from scipy.special import logsumexp

# ---------------------------------------------------------------- 05.2
_X, _Y, _Z = 1.5, -0.5, 2.0


# ---------------------------------------------------------------- 05.3


# ---------------------------------------------------------------- 05.4
def _linear_backward(X, W, dY):
    return dY @ W, dY.T @ X, dY.sum(axis=0)


# ---------------------------------------------------------------- 05.5


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
    "08.1": {
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
    "08.2": {
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
