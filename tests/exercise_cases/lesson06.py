"""Right and plausible wrong answers for the checks of lesson 06.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import math

import numpy as np


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _logistic_loop(w, X, y):
    """The sum over the examples, with a loop: the exercise says it passes."""
    total = np.zeros_like(w)
    for x_i, y_i in zip(X, y, strict=True):
        total += (_sigmoid(x_i @ w) - y_i) * x_i
    return total / len(y)


def _logistic_double_loop(w, X, y):
    """One partial at a time, the sum written out: it passes too."""
    n, d = X.shape
    partials = np.zeros(d)
    for j in range(d):
        for i in range(n):
            partials[j] += X[i, j] * (_sigmoid(X[i] @ w) - y[i])
    return partials / n


def _logistic_no_return(w, X, y):
    """The gradient, computed but not returned."""
    gradient = X.T @ (_sigmoid(X @ w) - y) / len(y)  # noqa: F841


def _logistic_with_bias(w, X, y):
    """A partial for an intercept that this model does not have, put first."""
    errors = _sigmoid(X @ w) - y
    return np.concatenate([[np.mean(errors)], X.T @ errors / len(y)])


# The gradient of C at (2, -1) is (-8, -4); steepest descent is (2, 1) / sqrt(5).
_U = np.array([2.0, 1.0]) / math.sqrt(5)

CASES = {
    "06.1": {
        "right": [
            lambda x, y: (2 * x * y + 2, x**2 - 3 * y**2),
            lambda x, y: [2.0 * x * y + 2.0, x * x - 3.0 * y * y],
            lambda x, y: np.array([2 * x * y + 2, x**2 - 3 * y**2]),
        ],
        "wrong": [
            # ^ for a power: Python's ^ is bitwise xor
            (lambda x, y: (x ^ 2, y), "`^` is not a power"),
            (lambda x, y: (x**2 - 3 * y**2, 2 * x * y + 2), "swapped"),
            (lambda x, y: (-2 * x * y - 2, -(x**2) + 3 * y**2), "signs are flipped"),
            (lambda x, y: (2 * x * y, x**2 - 3 * y**2), "2x"),
            (lambda x, y: (2 * x * y + 2, x**2 - 3 * y**3), "y^3"),
            (lambda x, y: (2 * x + 2, x**2 - 3 * y**2), "factor y was dropped"),
            (lambda x, y: 2 * x * y + 2, "returns one number; it should return two"),
            (lambda x, y: (2 * x * y + 2, x**2 - 3 * y**2, 0.0), "returns 3 numbers"),
            (lambda x, y: (2 * x * y + 2, x**2 + 3 * y**2), "minus sign"),
            (lambda x, y: (2 * x * y + 2, -3 * y**2), "lost the x^2"),
            (lambda x, y: (2 * x * y + 2, x**2 - 3 * y), "lowers the power by one"),
            (lambda x, y: (2 * x * y + 2, 2 * x - 3 * y**2), "leaves x^2 as it is"),
            (lambda x, y: (2 * x * y + 2, x**2 - y**3), "y^3 instead of 3y^2"),
            (
                lambda x, y: (2 * x * y + 2, x**2 - 3 * y**2 + x),
                "the first component (the partial in x) is right",
            ),
            (
                lambda x, y: (2 * x * y + 3, x**2 - 3 * y**2),
                "the second component (the partial in y) is right",
            ),
        ],
    },
    "06.2": {
        "right": [
            ((-8, -4), _U),
            ([[-8.0, -4.0], [0.894, 0.447]]),
            (np.array([-8.0, -4.0]), (2 / math.sqrt(5), 1 / math.sqrt(5))),
            np.array([[-8.0, -4.0], [0.8944, 0.4472]]),
            ((-8.0, -4.0), (0.8944, 0.4472)),
        ],
        "wrong": [
            (((-2, -10), (2, 10) / np.linalg.norm((2, 10))), "2x in x and 2y in y"),
            (((-6, -8), (0.6, 0.8)), "2xy was left out"),
            (((-10, -12), (0.640, 0.768)), "copied into both partials as it is"),
            (
                ((-7, -1), (0.990, 0.141)),
                "both components are wrong. Redo both partials",
            ),
            (((-5, 0), (1, 0)), "factor 2 of the squares"),
            (((-4, -8), (0.447, 0.894)), "components are swapped"),
            (((8, 4), -_U), "signs are flipped"),
            (((-8, -4), (8, 4)), "not normalised"),
            (((-8, -4), -_U), "ascent instead of descent"),
            (((-8, -4), (-8, -4)), "not normalised: its length is 8.94"),
            (((-8, -4), (-2, -1)), "points uphill (ascent instead of descent)"),
            (((-8, -4), (0.89, 0.45)), "not right to 3 decimals"),
            (((-8, -4), _U[::-1]), "minus the gradient, scaled to length 1"),
            ((-8, -4), "pair"),
            (((-8, -8), _U), "first partial only"),
            (((-6, -4), (0.6, 0.8)), "second partial only"),
            (((12, -4), (-0.949, 0.316)), "sign error in the (x - 5)^2 term"),
            (((-8, 8), (0.707, -0.707)), "sign error in the (y - 3)^2 term"),
            ((_U, (-8, -4)), "wrong order"),
            (
                ((-8, -3), (0.936, 0.351)),
                "the first component (the partial in x) is right",
            ),
        ],
    },
    "06.3": {
        "right": [
            lambda w, X, y: X.T @ (_sigmoid(X @ w) - y) / len(y),
            lambda w, X, y: (_sigmoid(X @ w) - y) @ X / X.shape[0],
            lambda w, X, y: np.mean((_sigmoid(X @ w) - y)[:, None] * X, axis=0),
            _logistic_loop,
            _logistic_double_loop,
        ],
        "wrong": [
            (lambda w, X, y: X.T @ (y - _sigmoid(X @ w)) / len(y), "sign is flipped"),
            (lambda w, X, y: X.T @ (_sigmoid(X @ w) - y), "1/n"),
            (lambda w, X, y: X @ (_sigmoid(X @ w) - y) / len(y), "its transpose"),
            (lambda w, X, y: X.T @ (X @ w - y) / len(y), "sigmoid is missing"),
            (lambda w, X, y: 2 * X.T @ (_sigmoid(X @ w) - y) / len(y), "the 2 of"),
            (lambda w, X, y: X.T @ _sigmoid(X @ w) / len(y), "y was not subtracted"),
            (
                lambda w, X, y: (X.T @ (_sigmoid(X @ w) - y) / len(y))[None, :],
                "shape (1, 3)",
            ),
            (lambda w, X, y: (_sigmoid(X @ w) - y) / len(y), "per example"),
            (
                lambda w, X, y: (_sigmoid(X @ w) - y)[:, None] * X / len(y),
                "one gradient per example",
            ),
            (
                lambda w, X, y: X.T @ (_sigmoid(X @ w) - y) / X.shape[1],
                "divided by d",
            ),
            (
                lambda w, X, y: X.T @ (np.logaddexp(0.0, X @ w) - y) / len(y),
                "softplus was used",
            ),
            (_logistic_no_return, "did you forget a `return`?"),
            # junk: an int too large for a float must be feedback, not a failed check
            (lambda w, X, y: [10**400] * len(w), "too large for floating point"),
            (
                _logistic_with_bias,
                "it should have shape (3,), like w, but has shape (4,)",
            ),
        ],
    },
}

# Answers that raise inside the learner's function: the check reports an error,
# and its message must still point at the slip.
ERRORS = {
    "06.3": [
        (lambda w, X, y: X @ (_sigmoid(X @ w) - y), "in the check's own test data X is")
    ],
}
