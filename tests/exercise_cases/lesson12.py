"""Right and plausible wrong answers for the checks of lesson 12.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import numpy as np
from scipy.optimize import minimize

from utils.optim import gradient_descent

_DATA_SIZE = 200  # the n of the lesson's data, which a batch gradient must not use


# ---------------------------------------------------------------- 12.1
def _minibatch(w, X, y):
    return 2 * X.T @ (X @ w - y) / len(y)


def _minibatch_by_rows(w, X, y):
    total = np.zeros(len(w))
    for row, target in zip(X, y, strict=True):
        total += 2 * (row @ w - target) * row
    return total / len(X)


def _minibatch_over_data_size(w, X, y):
    return 2 * X.T @ (X @ w - y) / _DATA_SIZE


# The lesson's data, as a learner's notebook holds them under these names
X = np.column_stack(
    [np.ones(_DATA_SIZE), np.random.default_rng(5).normal(size=(200, 2))]
)
y = X @ np.array([0.5, 2.0, -1.0])


def _minibatch_lesson_data(w, X_batch, y_batch):
    return 2 * X.T @ (X @ w - y) / len(y)


def _minibatch_lesson_targets(w, X_batch, y_batch):
    return 2 * X_batch.T @ (X_batch @ w - y) / len(y_batch)


def _minibatch_over_weights(w, X, y):
    """The mean taken over the wrong axis: divided by the number of weights."""
    return 2 * X.T @ (X @ w - y) / X.shape[1]


# ---------------------------------------------------------------- 12.2
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


def _fit_76(weights, n_steps=3000, lr=2.0, grad=None):
    """Gradient descent from 0, as a learner would write it."""
    grad = _grad_76 if grad is None else grad
    w = np.zeros(3)
    with np.errstate(all="ignore"):  # the sign errors below blow up
        for _ in range(n_steps):
            w = w - lr * grad(w, weights)
    return w


def _grad_76_over_200(w, weights):
    """The data term divided by the lesson's n = 200, not by the 100 examples."""
    sigma = 1 / (1 + np.exp(-(_X76 @ w)))
    return _X76.T @ (sigma - _Y76) / 200 + weights * w


def _grad_76_sum(w, weights):
    """The data term summed over the 100 examples, not averaged: 100 times too large."""
    sigma = 1 / (1 + np.exp(-(_X76 @ w)))
    return _X76.T @ (sigma - _Y76) + weights * w


# The learning rate the prompt asks for: 1 / (the curvature bound for X_ex + alpha)
_LR_76 = 1 / (np.linalg.eigvalsh(_X76.T @ _X76)[-1] / (4 * 100) + 0.1)


def _grad_76_penalty_sign(w, weights):
    return _grad_76(w, np.zeros(3)) - weights * w


def _grad_76_data_sign(w, weights):
    return -_grad_76(w, np.zeros(3)) + weights * w


def _grad_76_uphill(w, weights):
    return -_grad_76(w, weights)


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
    "12.1": {
        "right": [
            _minibatch,
            _minibatch_by_rows,
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
            (_minibatch_over_data_size, "whole data set"),
            (_minibatch_over_data_size, "divided by 200"),
            (  # r * X_batch: (16,) against (16, 3) does not broadcast
                lambda w, X, y: 2 * np.mean((X @ w - y) * X, axis=0),
                "element-wise",
            ),
            (
                lambda w, X, y: 2 * np.mean((X @ w - y) * X, axis=0),
                "shapes (16,) (16,3)",
            ),
            (_minibatch_lesson_data, "used the lesson's X or y instead of the batch"),
            (_minibatch_over_weights, "divided by the number of weights"),
            (
                lambda w, X, y: 2 * X.T @ (X.T @ w - y) / len(y),
                "shapes that do not fit",
            ),
            (
                _minibatch_lesson_targets,
                "used the lesson's X or y instead of the batch",
            ),
            (  # the mean over everything: one number
                lambda w, X, y: 2 * np.mean(X.T @ (X @ w - y)),
                "a single number",
            ),
            (
                lambda w, X, y: 2 * np.mean(X.T @ (X @ w - y)),
                "averaged over the weights",
            ),
        ],
    },
    "12.2": {
        "right": [_W76, _W76_SCIPY, list(_W76.round(6)), tuple(_W76)],
        "wrong": [
            (-_W76, "sign was flipped"),
            (_minimise_76(np.zeros(3)), "penalty is missing"),
            (_fit_76(np.full(3, 0.1)), "intercept w0 was penalised"),
            (_fit_76(2 * _PENALTY), "written 2 alpha w"),
            (_fit_76(_PENALTY, grad=_grad_76_over_200), "the lesson's n = 200"),
            (
                _fit_76(_PENALTY, n_steps=500, grad=_grad_76_penalty_sign),
                "penalty's sign is flipped",
            ),
            (_fit_76(_PENALTY, grad=_grad_76_penalty_sign), "penalty's sign"),
            (_fit_76(_PENALTY, n_steps=500, grad=_grad_76_uphill), "went uphill"),
            (_fit_76(_PENALTY, grad=_grad_76_data_sign), "data term's sign"),
            (np.array([np.nan, np.nan, 1.0]), "contains nan"),
            # feature weights that overflowed to inf before any became nan
            (np.array([1.0, -np.inf, np.inf]), "penalty's sign is flipped"),
            (_fit_76(_PENALTY / 2), "half its size"),
            (_fit_76(_PENALTY, n_steps=3), "not converged yet"),
            (_W76 + np.array([0.0, 0.0, 0.01]), "the loss is still falling"),
            (5 * _W76, "worse than the start"),
            (_W76[:2], "shape (3,)"),
            (  # the sum, not the mean, at the prompt's learning rate: overshoots
                _fit_76(_PENALTY, n_steps=1000, lr=_LR_76, grad=_grad_76_sum),
                "100 times too large",
            ),
            (  # the sum, with a rate small enough to converge
                _fit_76(_PENALTY, n_steps=3000, lr=_LR_76 / 100, grad=_grad_76_sum),
                "sum over the 100 examples",
            ),
            (
                gradient_descent(
                    lambda w: _grad_76(w, _PENALTY), np.zeros(3), lr=2.0, tol=1e-9
                ),
                "run's .x",
            ),
        ],
    },
}
