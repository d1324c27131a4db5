"""Right and plausible wrong answers for the checks of lesson 04.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import math

import numpy as np


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _logistic_loop(w, X, y):
    total = np.zeros_like(w)
    for x_i, y_i in zip(X, y, strict=True):
        total += (_sigmoid(x_i @ w) - y_i) * x_i
    return total / len(y)


_U = np.array([3.0, 1.0]) / math.sqrt(10)

CASES = {
    "04.1": {
        "right": [
            lambda x, y: (2 * x * y + 2, x**2 - 3 * y**2),
            lambda x, y: [2.0 * x * y + 2.0, x * x - 3.0 * y * y],
            lambda x, y: np.array([2 * x * y + 2, x**2 - 3 * y**2]),
        ],
        "wrong": [
            (lambda x, y: (x**2 - 3 * y**2, 2 * x * y + 2), "swapped"),
            (lambda x, y: (-2 * x * y - 2, -(x**2) + 3 * y**2), "signs are flipped"),
            (lambda x, y: (2 * x * y, x**2 - 3 * y**2), "2x"),
            (lambda x, y: (2 * x * y + 2, x**2 - 3 * y**3), "y^3"),
            (lambda x, y: 2 * x * y + 2, "shape (2,)"),
        ],
    },
    "04.2": {
        "right": [
            ((-6, -2), _U),
            ([[-6.0, -2.0], [0.949, 0.316]]),
            (np.array([-6.0, -2.0]), (3 / math.sqrt(10), 1 / math.sqrt(10))),
            np.array([[-6.0, -2.0], [0.9487, 0.3162]]),
            ((-6.0, -2.0), (0.95, 0.32)),
        ],
        "wrong": [
            (((-6, -2), (6, 2)), "not normalised"),
            (((-6, -2), -_U), "ascent instead of descent"),
            (((-6, -2), (-6, -2)), "not normalised: its length is 6.32"),
            (((-6, -2), (-3, -1)), "points uphill (ascent instead of descent)"),
            (((-6, -2), (3, 1)), "not normalised"),
            (((-8, -4), (2, 1)), "2xy"),
            (((6, 2), -_U), "signs are flipped"),
            ((-6, -2), "pair"),
        ],
    },
    "04.3": {
        "right": [
            lambda grad, u: grad @ u / np.linalg.norm(u),
            lambda grad, u: float(np.dot(grad, u / np.sqrt(np.sum(u**2)))),
            lambda grad, u: (
                sum(g * c for g, c in zip(grad, u, strict=True)) / math.hypot(*u)
            ),
        ],
        "wrong": [
            (lambda grad, u: grad @ u, "did not normalise u"),
            (lambda grad, u: grad @ u / (u @ u), "|u|^2"),
            (
                lambda grad, u: grad @ u / np.linalg.norm(grad),
                "normalised the gradient",
            ),
            (lambda grad, u: grad * u / np.linalg.norm(u), "dot product"),
            (lambda grad, u: -grad @ u / np.linalg.norm(u), "sign"),
        ],
    },
    "04.4": {
        "right": [3, 3.0, np.int64(3), -1],
        "wrong": [
            (4, "counts from 0"),
            (0, "agrees with the numerical gradient"),
            (2, "agrees with the numerical gradient"),
            (2.5, "whole number"),
            (7, "from 0 to 3"),
        ],
    },
    "04.5": {
        "right": [
            lambda w, X, y: X.T @ (_sigmoid(X @ w) - y) / len(y),
            lambda w, X, y: (_sigmoid(X @ w) - y) @ X / X.shape[0],
            lambda w, X, y: np.mean((_sigmoid(X @ w) - y)[:, None] * X, axis=0),
            _logistic_loop,
        ],
        "wrong": [
            (lambda w, X, y: X.T @ (y - _sigmoid(X @ w)) / len(y), "sign"),
            (lambda w, X, y: X.T @ (_sigmoid(X @ w) - y), "1/n"),
            (lambda w, X, y: X @ (_sigmoid(X @ w) - y) / len(y), "X instead of X.T"),
            (lambda w, X, y: X.T @ (X @ w - y) / len(y), "sigmoid is missing"),
            (
                lambda w, X, y: (X.T @ (_sigmoid(X @ w) - y) / len(y))[None, :],
                "shape (1, 3)",
            ),
            (lambda w, X, y: (_sigmoid(X @ w) - y) / len(y), "per example"),
            (
                lambda w, X, y: (_sigmoid(X @ w) - y)[:, None] * X / len(y),
                "one gradient per example",
            ),
        ],
    },
}
