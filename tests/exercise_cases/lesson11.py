"""Right and plausible wrong answers for the checks of lesson 11.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import math

import numpy as np


# ---------------------------------------------------------------- 11.2
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


def _gd_without_lr(grad, x0, lr, n_steps):
    return _gd(grad, x0, 1.0, n_steps)


def _gd_in_place(grad, x0, lr, n_steps):
    x = x0.copy()
    path = [x]
    for _ in range(n_steps):
        x -= lr * grad(x)
        path.append(x)
    return np.array(path)


def _gd_aliased_after_a_copied_start(grad, x0, lr, n_steps):
    """The start is copied, but each step appends the one array x -= ... changes."""
    path = [x0.copy()]
    x = x0.copy()
    for _ in range(n_steps):
        x -= lr * grad(x)
        path.append(x)
    return np.array(path)


def _gd_view_of_first_row(grad, x0, lr, n_steps):
    """A preallocated path, and x = path[0] changed in place: a view of row 0."""
    path = np.zeros((n_steps + 1, len(x0)))
    path[0] = x0
    x = path[0]
    for k in range(n_steps):
        x -= lr * grad(x)
        path[k + 1] = x
    return path


def _gd_in_place_on_x0(grad, x0, lr, n_steps):
    """x = x0 does not copy: every step changes x0, which the path holds each time."""
    x = x0
    path = [x]
    for _ in range(n_steps):
        x -= lr * grad(x)
        path.append(x)
    return np.array(path)


def _gd_grad_at_x0(grad, x0, lr, n_steps):
    path = [np.array(x0, dtype=float)]
    for _ in range(n_steps):
        path.append(path[-1] - lr * grad(x0))
    return np.array(path)


def _gd_every_step_from_x0(grad, x0, lr, n_steps):
    """Each new point is one step from x0, not from the point reached."""
    path = [np.array(x0, dtype=float)]
    for _ in range(n_steps):
        path.append(x0 - lr * grad(x0))
    return np.array(path)


def _gd_from_x0_with_new_gradient(grad, x0, lr, n_steps):
    """x = x0 - lr * grad(x): the gradient moves on, but every step starts at x0."""
    x, path = np.array(x0, dtype=float), [np.array(x0, dtype=float)]
    for _ in range(n_steps):
        x = x0 - lr * grad(x)
        path.append(x)
    return np.array(path)


def _gd_changes_x0(grad, x0, lr, n_steps):
    path = [x0.copy()]
    x = x0
    for _ in range(n_steps):
        x -= lr * grad(x)
        path.append(x.copy())
    return np.array(path)


# ---------------------------------------------------------------- 11.1
_SLOPE = 4.0  # L'(2) for L(w) = (2w - 3)^2


# ---------------------------------------------------------------- 11.3
_H_Q = np.array([[4.0, 3.0], [3.0, 8.0]])
_LAM_MAX_Q = 6 + math.sqrt(13)  # the largest eigenvalue of _H_Q
_LAM_MIN_Q = 6 - math.sqrt(13)


def _bound(H):
    return 2 / np.linalg.eigvalsh(np.array(H, dtype=float))[-1]


# ---------------------------------------------------------------- 11.4
def _real_counts(kappa, factor):
    rates = [
        max(abs(1 - lr), abs(1 - lr * kappa)) for lr in (1 / kappa, 2 / (kappa + 1))
    ]
    return [math.log(factor) / math.log(r) for r in rates]


def _steps(kappa, factor):
    return tuple(math.ceil(c) for c in _real_counts(kappa, factor))


def _steps_lam_max_only(kappa, factor):
    counts = []
    for lr in (1 / kappa, 2 / (kappa + 1)):
        r = abs(1 - lr * kappa)
        counts.append(math.ceil(math.log(factor) / math.log(r)))
    return counts


def _steps_lam_max_only_numpy(kappa, factor):
    rates = np.array([abs(1 - lr * kappa) for lr in (1 / kappa, 2 / (kappa + 1))])
    with np.errstate(divide="ignore"):
        return np.ceil(np.log(factor) / np.log(rates))


def _steps_lam_max_only_nan(kappa, factor):
    """np.log of a negative factor: nan, which math.ceil refuses."""
    counts = []
    for lr in (1 / kappa, 2 / (kappa + 1)):
        r = 1 - lr * kappa  # the lam_max factor alone, no abs(): negative at 2/(k+1)
        with np.errstate(invalid="ignore", divide="ignore"):
            counts.append(math.ceil(np.log(factor) / np.log(r)))
    return counts


def _steps_lam_max_only_nan_array(kappa, factor):
    rates = np.array([1 - lr * kappa for lr in (1 / kappa, 2 / (kappa + 1))])
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.ceil(np.log(factor) / np.log(rates))


def _rules(kappa, factor):
    return [kappa * math.log(1 / factor), kappa / 2 * math.log(1 / factor)]


def _steps_by_closed_rates(kappa, factor):
    r_slow, r_best = 1 - 1 / kappa, (kappa - 1) / (kappa + 1)
    return [math.ceil(math.log(factor) / math.log(r)) for r in (r_slow, r_best)]


def _steps_by_counting(kappa, factor):
    counts = []
    for r in (1 - 1 / kappa, (kappa - 1) / (kappa + 1)):
        k, size = 0, 1.0
        while size > factor:
            k, size = k + 1, size * r
        counts.append(k)
    return counts


CASES = {
    "11.1": {
        "right": [1.8, 2 - 0.05 * 4, np.float64(1.8), [1.8], 9 / 5],
        "wrong": [
            (2.0, "no step was taken"),
            (2.2, "ascent"),
            (-2.0, "learning rate was forgotten"),
            (1.9, "factor 2 is missing"),
            (2 - 0.05 * 1.0, "the loss L(w0) was used"),
            (-0.05 * _SLOPE, "you gave the step"),
            (0.05 * _SLOPE, "size of the step"),
            (2 - 0.05 * _SLOPE**2, "squared"),
            (2 - 0.05 * 8 * 2, "middle term"),  # (2w - 3)^2 taken as 4w^2 + 9
            (1.6, "twice its size"),  # the slope doubled, or L'' = 8 used
        ],
    },
    "11.2": {
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
            (_gd_without_lr, "learning rate is missing"),
            (_gd_in_place, "aliasing"),
            (_gd_in_place, "every row of"),
            (_gd_aliased_after_a_copied_start, "aliasing"),
            (_gd_aliased_after_a_copied_start, "every row after x0"),
            (_gd_changes_x0, "changed the caller's x0"),
            (_gd_changes_x0, "that array is changed now"),
            (_gd_in_place_on_x0, "aliasing"),
            (_gd_in_place_on_x0, "It also changed the caller's x0"),
            (_gd_in_place_on_x0, "an array of your own"),
            (_gd_grad_at_x0, "gradient was taken at x0 at every step"),
            (_gd_every_step_from_x0, "every step was taken from x0"),
            (_gd_every_step_from_x0, "x0 moved by one step"),
            (_gd_every_step_from_x0, "the point the previous step reached"),
            (_gd_from_x0_with_new_gradient, "every step was taken from x0"),
            (_gd_from_x0_with_new_gradient, "the point the previous step reached"),
            (_gd_view_of_first_row, "aliasing through a view"),
            (_gd_view_of_first_row, "the first row"),
            (lambda grad, x0, lr, n_steps: _gd(grad, x0, lr, n_steps)[-1], "shape"),
        ],
    },
    "11.3": {
        "right": [
            2 / _LAM_MAX_Q,
            0.208,
            np.float64(2 / np.linalg.eigvalsh(_H_Q)[-1]),
            2 / (6 + 13**0.5),
        ],
        "wrong": [
            (2 / _LAM_MIN_Q, "smallest eigenvalue"),
            (1 / _LAM_MAX_Q, "1/lam_max instead of 2/lam_max"),
            (_bound([[2, 1.5], [1.5, 4]]), "matrix of q's coefficients"),
            (_bound([[2, 3], [3, 4]]), "diagonal of the Hessian lacks the factor 2"),
            (_bound([[4, 1.5], [1.5, 8]]), "mixed entry of the Hessian was halved"),
            (0.25, "mixed term 3xy"),
            (0.21, "not right to 3 significant digits"),
            (-2 / _LAM_MAX_Q, "sign"),
            (_bound([[4, 6], [6, 8]]), "mixed entry of the Hessian was doubled"),
            (_LAM_MAX_Q / 2, "lam_max / 2"),
        ],
    },
    "11.4": {
        "right": [
            _steps,
            _steps_by_closed_rates,
            _steps_by_counting,
            lambda kappa, factor: np.array(_steps(kappa, factor), dtype=float),
        ],
        "wrong": [
            (lambda kappa, factor: _steps(kappa, factor)[::-1], "swapped"),
            (
                lambda kappa, factor: [round(c) for c in _real_counts(kappa, factor)],
                "nearest whole number (round)",
            ),
            (
                lambda kappa, factor: [int(c) for c in _real_counts(kappa, factor)],
                "rounded down",
            ),
            (lambda kappa, factor: _real_counts(kappa, factor), "whole numbers"),
            (
                lambda kappa, factor: [c + 1 for c in _steps(kappa, factor)],
                "one too many",
            ),
            (
                lambda kappa, factor: [
                    math.ceil(kappa * math.log(1 / factor)),
                    math.ceil(kappa / 2 * math.log(1 / factor)),
                ],
                "rules of thumb",
            ),
            (
                lambda kappa, factor: (_steps(kappa, factor)[0],) * 2,
                "both counts use the rate of lr = 1/lam_max",
            ),
            (
                lambda kappa, factor: (_steps(kappa, factor)[1],) * 2,
                "both counts use the rate of lr = 2/(lam_max + lam_min)",
            ),
            (_steps_lam_max_only, "math domain error"),
            (_steps_lam_max_only, "only the lam_max factor"),
            (_steps_lam_max_only_numpy, "only the lam_max factor was used"),
            (_steps_lam_max_only_nan, "np.log of a negative number"),
            (_steps_lam_max_only_nan_array, "contains nan"),
            (
                lambda kappa, factor: [round(c) for c in _rules(kappa, factor)],
                "rules of thumb",
            ),
            (
                lambda kappa, factor: [int(c) for c in _rules(kappa, factor)],
                "rules of thumb",
            ),
            (_rules, "rules of thumb"),
        ],
    },
}
