"""Right and plausible wrong answers for the checks of lesson 10.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import math

import numpy as np
from scipy.optimize import minimize

# ---------------------------------------------------------------- 07.2
_H_Q = np.array([[4.0, 3.0], [3.0, 8.0]])
_L_Q = 6 + math.sqrt(13)  # the largest eigenvalue of _H_Q
_MU_Q = 6 - math.sqrt(13)


# ---------------------------------------------------------------- 07.3
def _gd(grad, x0, lr, n_steps):
    path = [np.array(x0, dtype=float)]
    for _ in range(n_steps):
        path.append(path[-1] - lr * grad(path[-1]))
    return np.array(path)


def _gd_list(grad, x0, lr, n_steps):
    x, path = np.copy(x0), [np.copy(x0)]
    for _ in range(n_steps):
        x = x - lr * np.asarray(grad(x))
        path.append(x)
    return [list(p) for p in path]


def _gd_no_start(grad, x0, lr, n_steps):
    return _gd(grad, x0, lr, n_steps)[1:]


def _gd_short(grad, x0, lr, n_steps):
    return _gd(grad, x0, lr, max(n_steps - 1, 0))


def _gd_long(grad, x0, lr, n_steps):
    return _gd(grad, x0, lr, n_steps + 1)


def _gd_ascent(grad, x0, lr, n_steps):
    return _gd(lambda x: -np.asarray(grad(x)), x0, lr, n_steps)


def _gd_in_place(grad, x0, lr, n_steps):
    x = x0.copy()
    path = [x]
    for _ in range(n_steps):
        x -= lr * grad(x)
        path.append(x)
    return np.array(path)


def _gd_changes_x0(grad, x0, lr, n_steps):
    path = [x0.copy()]
    x = x0
    for _ in range(n_steps):
        x -= lr * grad(x)
        path.append(x.copy())
    return np.array(path)


# ---------------------------------------------------------------- 07.4
def _rate_counts(kappa, factor, plain_rate=None, momentum_root=None):
    r_plain = (kappa - 1) / (kappa + 1) if plain_rate is None else plain_rate
    root = math.sqrt(kappa) if momentum_root is None else momentum_root
    r_heavy = (root - 1) / (root + 1)
    return [math.log(factor) / math.log(r) for r in (r_plain, r_heavy)]


def _steps(kappa, factor):
    return tuple(math.ceil(c) for c in _rate_counts(kappa, factor))


def _steps_by_counting(kappa, factor):
    counts = []
    for r in ((kappa - 1) / (kappa + 1), (kappa**0.5 - 1) / (kappa**0.5 + 1)):
        k, size = 0, 1.0
        while size > factor:
            k, size = k + 1, size * r
        counts.append(k)
    return counts


# ---------------------------------------------------------------- 07.5
def _minibatch(w, X, y):
    return 2 * X.T @ (X @ w - y) / len(y)


# ---------------------------------------------------------------- 07.6
def _data_76():
    rng = np.random.default_rng(76)
    X = np.column_stack([np.ones(100), rng.normal(size=(100, 2))])
    p = 1 / (1 + np.exp(-(X @ np.array([1.0, -2.0, 3.0]))))
    return X, (rng.uniform(size=100) < p).astype(float)


_X76, _Y76 = _data_76()


def _grad_76(w, weights):
    sigma = 1 / (1 + np.exp(-(_X76 @ w)))
    return _X76.T @ (sigma - _Y76) / len(_Y76) + weights * w


def _loss_76(w, weights):
    z = _X76 @ w
    return np.mean(np.logaddexp(0.0, z) - _Y76 * z) + 0.5 * np.sum(weights * w**2)


def _fit_76(weights, n_steps=3000, lr=2.0):
    """Gradient descent from 0, as a learner would write it."""
    w = np.zeros(3)
    for _ in range(n_steps):
        w = w - lr * _grad_76(w, weights)
    return w


def _minimise_76(weights):
    return minimize(
        lambda w: _loss_76(w, weights),
        np.zeros(3),
        jac=lambda w: _grad_76(w, weights),
        method="BFGS",
        options={"gtol": 1e-10},
    ).x


_PENALTY = np.array([0.0, 0.1, 0.1])
_W76 = _fit_76(_PENALTY)
_W76_SCIPY = _minimise_76(_PENALTY)


CASES = {
    "10.1": {
        "right": [1.8, 2 - 0.05 * 4, np.float64(1.8), [1.8], 9 / 5],
        "wrong": [
            (2.2, "ascent"),
            (-2.0, "learning rate was forgotten"),
            (1.9, "inner derivative 2"),
            (2.0, "does not match"),
        ],
    },
    "10.2": {
        "right": [2 / _L_Q, 0.208, np.float64(2 / np.linalg.eigvalsh(_H_Q)[-1])],
        "wrong": [
            (2 / _MU_Q, "smallest eigenvalue"),
            (1 / _L_Q, "1/L instead of 2/L"),
            (4 / _L_Q, "factor 2 of x^2"),
            (0.25, "mixed term 3xy"),
            (0.21, "not right to 3 significant digits"),
            (-2 / _L_Q, "sign"),
        ],
    },
    "10.3": {
        "right": [
            _gd,
            _gd_list,
            lambda grad, x0, lr, n_steps: _gd(grad, tuple(x0), lr, n_steps),
        ],
        "wrong": [
            (_gd_no_start, "missing the start"),
            (_gd_short, "one step short"),
            (_gd_long, "one step too many"),
            (_gd_ascent, "+ was used instead of -"),
            (_gd_in_place, "changed in place"),
            (_gd_changes_x0, "changed the caller's x0"),
            (lambda grad, x0, lr, n_steps: _gd(grad, x0, lr, n_steps)[-1], "shape"),
        ],
    },
    "10.4": {
        "right": [
            _steps,
            _steps_by_counting,
            lambda kappa, factor: np.array(_steps(kappa, factor), dtype=float),
        ],
        "wrong": [
            (
                lambda kappa, factor: (_steps(kappa, factor)[0],) * 2,
                "kappa instead of sqrt(kappa)",
            ),
            (lambda kappa, factor: _steps(kappa, factor)[::-1], "swapped"),
            (
                lambda kappa, factor: [int(c) for c in _rate_counts(kappa, factor)],
                "rounded down",
            ),
            (lambda kappa, factor: _rate_counts(kappa, factor), "math.ceil"),
            (
                lambda kappa, factor: (
                    math.ceil(_rate_counts(kappa, factor, 1 - 1 / kappa)[0]),
                    _steps(kappa, factor)[1],
                ),
                "1 - 1/kappa",
            ),
        ],
    },
    "10.5": {
        "right": [
            _minibatch,
            lambda w, X, y: 2 * np.mean((X @ w - y)[:, None] * X, axis=0),
            lambda w, X, y: list((2 / len(y)) * (X @ w - y) @ X),
        ],
        "wrong": [
            (
                lambda w, X, y: 2 * X.T @ (X @ w - y),
                "sum was taken instead of the mean",
            ),
            (lambda w, X, y: X.T @ (X @ w - y) / len(y), "factor 2"),
            (lambda w, X, y: 2 * X @ (X @ w - y) / len(y), "instead of its transpose"),
            (lambda w, X, y: 2 * X.T @ (y - X @ w) / len(y), "wrong sign"),
            (lambda w, X, y: 2 * (X @ w - y) / len(y), "one number per example"),
        ],
    },
    "10.6": {
        "right": [_W76, _W76_SCIPY, list(_W76.round(6)), tuple(_W76)],
        "wrong": [
            (-_W76, "sign was flipped"),
            (_minimise_76(np.zeros(3)), "penalty is missing"),
            (_fit_76(np.full(3, 0.1)), "intercept w0 was penalised"),
            (_fit_76(2 * _PENALTY), "written 2 lam w"),
            (_fit_76(_PENALTY, n_steps=3), "not converged yet"),
            (_W76 + np.array([0.0, 0.0, 0.01]), "the loss is still falling"),
            (5 * _W76, "worse than the start"),
            (_W76[:2], "shape (3,)"),
        ],
    },
}
