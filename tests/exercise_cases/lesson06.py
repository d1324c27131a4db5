"""Right and plausible wrong answers for the checks of lesson 06.

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
_LEVEL = np.array([-5.0, -1.0]) / math.sqrt(26)  # perpendicular to (1, -5)


def _jacobian(v):
    x, y, z = v
    return np.array([[2 * x * y, x**2, 3.0], [1.0, np.sin(z), y * np.cos(z)]])


# The data of exercise 6.5, made as the notebook makes it.
_BUG_RNG = np.random.default_rng(44)
_X_BUG = _BUG_RNG.normal(size=(40, 3))
_Y_BUG = _X_BUG @ np.array([1.0, -2.0, 0.5]) + 0.3 + 0.1 * _BUG_RNG.normal(size=40)
_LAM = 0.1


def _grad_loss_buggy(theta):
    r = _X_BUG @ theta[:3] + theta[3] - _Y_BUG
    grad_w = 2 * _X_BUG.T @ r / len(r) + 2 * _LAM * theta[:3]
    return np.append(grad_w, 2 * np.mean(r) + 2 * _LAM * theta[3])


def _grad_loss_fixed(theta):
    r = _X_BUG @ theta[:3] + theta[3] - _Y_BUG
    grad_w = 2 * _X_BUG.T @ r / len(r) + 2 * _LAM * theta[:3]
    return np.append(grad_w, 2 * np.mean(r))


def _grad_loss_augmented(theta):
    """The same gradient, with the bias as a fourth column of ones."""
    X1 = np.column_stack([_X_BUG, np.ones(len(_Y_BUG))])
    penalty = 2 * _LAM * np.append(theta[:3], 0.0)
    return 2 * X1.T @ (X1 @ theta - _Y_BUG) / len(_Y_BUG) + penalty


CASES = {
    "06.1": {
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
    "06.2": {
        "right": [
            ((-6, -2), _U),
            ([[-6.0, -2.0], [0.949, 0.316]]),
            (np.array([-6.0, -2.0]), (3 / math.sqrt(10), 1 / math.sqrt(10))),
            np.array([[-6.0, -2.0], [0.9487, 0.3162]]),
            ((-6.0, -2.0), (0.9487, 0.3162)),
        ],
        "wrong": [
            (((-6, -2), (6, 2)), "not normalised"),
            (((-6, -2), -_U), "ascent instead of descent"),
            (((-6, -2), (-6, -2)), "not normalised: its length is 6.32"),
            (((-6, -2), (-3, -1)), "points uphill (ascent instead of descent)"),
            (((-6, -2), (3, 1)), "not normalised"),
            (((-6, -2), (0.94, 0.31)), "not right to 3 decimals"),
            (((-6, -2), (0.95, 0.32)), "not right to 3 decimals"),
            (((-6, -2), _U[::-1]), "minus the gradient, scaled to length 1"),
            (((-8, -4), (2, 1)), "2xy"),
            (((6, 2), -_U), "signs are flipped"),
            ((-6, -2), "pair"),
        ],
    },
    "06.3": {
        "right": [
            _LEVEL,
            -_LEVEL,
            (0.981, 0.196),
            [-0.981, -0.196],
            np.array([5, 1]) / math.sqrt(26),
        ],
        "wrong": [
            (np.array([1.0, -5.0]) / math.sqrt(26), "gradient's direction"),
            (np.array([-1.0, 5.0]) / math.sqrt(26), "gradient's direction"),
            ((1, -5), "gradient's direction"),
            ((5, 1), "not a unit vector"),
            ((5, 1), "does point along the level curve"),
            (np.array([-5.0, 1.0]) / math.sqrt(26), "D_u q is not 0"),
            (np.array([-5.0, 1.0]) / math.sqrt(26), "(-b, a)"),
            ((0.98, 0.19), "It is close"),
            ((1.0, 0.0), "D_u q is not 0 there: along u_level, q changes at rate 1"),
            ((0.0, 0.0), "zero vector"),
            ((0.6, 0.8, 0.0), "shape (2,)"),
        ],
    },
    "06.4": {
        "right": [
            _jacobian,
            lambda v: _jacobian(v).tolist(),
            lambda v: np.vstack(
                [
                    [2 * v[0] * v[1], v[0] ** 2, 3],
                    [1, math.sin(v[2]), v[1] * math.cos(v[2])],
                ]
            ),
        ],
        "wrong": [
            (lambda v: _jacobian(v).T, "transpose (denominator layout)"),
            (lambda v: _jacobian(v).T.tolist(), "transpose"),
            (lambda v: _jacobian(v)[::-1], "rows are swapped"),
            (lambda v: _jacobian(v).ravel(), "shape (2, 3)"),
            (lambda v: np.ones((3, 2)), "one row per output"),
            (
                lambda v: _jacobian(v) * [[1, 1, 1], [1, 1, 1 / v[1]]],
                "y sin z",
            ),
            (
                lambda v: _jacobian(v) * [[1 / v[1], 1, 1], [1, 1, 1]],
                "x^2 y with respect to x",
            ),
        ],
    },
    "06.5": {
        "right": [
            _grad_loss_fixed,
            lambda theta: list(_grad_loss_fixed(theta)),
            _grad_loss_augmented,
        ],
        "wrong": [
            (_grad_loss_buggy, "still returns the buggy gradient"),
            (
                lambda theta: _grad_loss_fixed(theta) * [1, 1, 1, 0.5],
                "component 3 still disagrees",
            ),
            (
                lambda theta: (
                    _grad_loss_buggy(theta) - np.append(2 * _LAM * theta[:3], 0.0)
                ),
                "components 0, 1, 2, 3 disagree",
            ),
            (lambda theta: _grad_loss_fixed(theta)[:3], "shape (4,)"),
            (lambda theta: _grad_loss_fixed(theta)[None, :], "shape (4,)"),
        ],
    },
    "06.6": {
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
