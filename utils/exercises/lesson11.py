"""Checks for lesson 11, Gradient descent.

Each check computes its own reference with an independent method (the complex
step, a numerical Hessian, a matrix power, descent run step by step and
counted) at reproducible random points or on data rebuilt
from a fixed seed. None of them holds a solution to the exercise it checks.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..numerics import derivative, hessian
from ._core import Incorrect, LearnerError, exercise
from ._feedback import as_function, as_number, as_numbers, call, compare, shape_of


# ---------------------------------------------------------------- 11.1
def _loss_one_weight(w: Any) -> Any:
    return (2 * w - 3) ** 2


_W0, _LR_ONE = 2.0, 0.05


@exercise("11.1")
def _one_step(answer: Any) -> str:
    w1 = as_number(answer, "w1")
    slope = derivative(_loss_one_weight, _W0, method="complex")
    compare(
        w1,
        _W0 - _LR_ONE * slope,
        what="w1",
        mistakes={
            "no step was taken: w1 is still w0": _W0,
            "the gradient was added (that is ascent: a step uphill); "
            "descent subtracts lr times the slope": _W0 + _LR_ONE * slope,
            "the learning rate was forgotten: the step is lr times the slope": (
                _W0 - slope
            ),
            "a factor 2 is missing from the slope: (2w - 3)^2 has one from the "
            "power rule and another, the inner derivative of 2w - 3, from the "
            "chain rule": _W0 - _LR_ONE * slope / 2,
            "the loss L(w0) was used where its slope L'(w0) belongs": (
                _W0 - _LR_ONE * _loss_one_weight(_W0)
            ),
            "the step is twice its size: the slope came out doubled (the chain "
            "rule's inner factor 2 counted twice?), or the second derivative L'' "
            "was used where the slope L'(w0) belongs": _W0 - 2 * _LR_ONE * slope,
            "you gave the step, -lr L'(w0), rather than the new weight w0 plus "
            "that step": -_LR_ONE * slope,
            "you gave the size of the step, lr L'(w0), rather than the new weight: "
            "w1 is w0 moved by that step, downhill": _LR_ONE * slope,
            "the slope came out squared (lr L'(w0)^2 is how much the loss should "
            "fall, not the step), or the square (2w - 3)^2 was multiplied out "
            "without its middle term": _W0 - _LR_ONE * slope**2,
        },
    )
    return "w1 = w0 - lr * L'(w0), with L'(w) = 4 (2w - 3) by the chain rule."


# ---------------------------------------------------------------- 11.2
# (dimension, n_steps, seed): small problems with a known exact path
_GD_CASES = ((3, 4, 731), (2, 1, 732), (4, 6, 733), (2, 0, 734))


def _quadratic(d: int, seed: int) -> tuple[NDArray[Any], NDArray[Any], float]:
    """A random symmetric positive definite A, a start and a safe learning rate."""
    rng = np.random.default_rng(seed)
    B = rng.normal(size=(d, d))
    A = B @ B.T + d * np.eye(d)
    lr = 1.2 / float(np.linalg.eigvalsh(A)[-1])  # between 1/lam_max and 2/lam_max
    return A, rng.normal(size=d), lr


def _exact_path(A: Any, x0: Any, lr: float, n_steps: int, sign: float = -1.0) -> Any:
    """x_k = (I + sign lr A)^k x0 for k = 0..n_steps, from powers of one matrix."""
    M = np.eye(len(x0)) + sign * lr * A
    return np.array([np.linalg.matrix_power(M, k) @ x0 for k in range(n_steps + 1)])


def _check_gd_case(gd: Any, d: int, n_steps: int, seed: int) -> None:
    A, x0, lr = _quadratic(d, seed)
    given = x0.copy()
    value = call(gd, lambda x: A @ x, given, lr, n_steps, name="gd")
    exact = _exact_path(A, x0, lr, n_steps)
    where = f"gd(grad, x0, lr, n_steps={n_steps}) with x0 of length {d}"
    shape = shape_of(value)
    if shape == (n_steps, d) and n_steps > 0:
        got = np.asarray(value, dtype=float)
        if np.allclose(got, exact[1:]):
            raise Incorrect(
                f"{where} is missing the start: the path begins with x0, so "
                f"n_steps steps give n_steps + 1 = {n_steps + 1} rows."
            )
        if np.allclose(got, exact[:-1]):
            raise Incorrect(
                f"{where} is one step short: it has {n_steps} rows; the loop "
                "must take n_steps steps after x0."
            )
    if shape == (n_steps + 2, d) and np.allclose(
        np.asarray(value, dtype=float), _exact_path(A, x0, lr, n_steps + 1)
    ):
        raise Incorrect(
            f"{where} takes one step too many: off by one in the loop "
            f"(n_steps steps give n_steps + 1 = {n_steps + 1} rows)."
        )
    got = as_numbers(value, where, (n_steps + 1, d))
    if (
        n_steps > 0
        and np.allclose(got[1:], exact[1:])
        and np.allclose(got[0], exact[-1])
        and not np.allclose(exact[0], exact[-1])
    ):
        raise Incorrect(
            f"the first row of {where} is the last point, not x0, while the other "
            "rows are right: this is aliasing through a view. A name given a row of "
            "the path (x = path[0]) shares that row's memory rather than copying "
            "it, so every in-place change of x (x -= ...) changed the path's first "
            "row too. The point that moves must be an array of its own."
        )
    if (
        n_steps > 1
        and np.allclose(got[1:], got[-1])
        and np.allclose(got[-1], exact[-1])
    ):
        first = "every row" if np.allclose(got[0], got[-1]) else "every row after x0"
        raise Incorrect(
            f"{first} of {where} is the same point, the last one: the path holds "
            "one array several times, and changing it in place (x -= ...) after "
            "appending it changed every copy in the path too (aliasing). Append "
            "a copy, or make a new array at each step instead of changing one."
            + (_CHANGED_X0 if not np.array_equal(given, x0) else "")
        )
    from_x0 = [x0]  # each new point is x0 moved by the gradient at the last
    for _ in range(n_steps):
        from_x0.append(x0 - lr * (A @ from_x0[-1]))
    if (
        n_steps > 1
        and np.allclose(got[0], exact[0])
        and np.allclose(got[1:], exact[1])  # x0 moved by one step, in every row
        and not np.allclose(exact[2], exact[1])
    ):
        raise Incorrect(
            f"every row after x0 of {where} is the same point, x0 moved by one "
            f"step: every step was taken from x0; {_FROM_X0}."
        )
    compare(
        got,
        exact,
        what=where,
        mistakes={
            "every step was taken from x0 (x0 minus lr times the gradient at the "
            f"point reached); {_FROM_X0}": from_x0,
            "+ was used instead of -: that steps uphill (gradient ascent)": (
                _exact_path(A, x0, lr, n_steps, sign=1.0)
            ),
            "the learning rate is missing: each step is lr times the gradient": (
                _exact_path(A, x0, 1.0, n_steps)
            ),
            "the gradient was taken at x0 at every step: each step needs the "
            "gradient at the point the path has reached": np.array(
                [x0 - k * lr * (A @ x0) for k in range(n_steps + 1)]
            ),
        },
    )
    if not np.array_equal(given, x0):
        raise Incorrect(
            f"the path of {where} is right, but gd changed the caller's x0 in "
            "place: an in-place update (x -= ...) of x0 itself, or of a name that "
            "refers to the same array, changes the caller's array too. gd must "
            "leave x0 as it was, so the point it moves must be a separate array."
            + _RESTORE_START
        )


_FROM_X0 = (
    "each step must start from the point the previous step reached (the last "
    "row of the path so far), not from x0"
)
_RESTORE_START = (
    " If you tried gd on an array of your own, that array is changed now: make "
    "it again before you use it."
)
_CHANGED_X0 = (
    " It also changed the caller's x0: x = x0 does not copy an array, so x -= ... "
    "changed x0 itself." + _RESTORE_START
)


@exercise("11.2")
def _gd_from_scratch(answer: Any) -> str:
    gd = as_function(answer, "gd")
    for d, n_steps, seed in _GD_CASES:
        _check_gd_case(gd, d, n_steps, seed)
    return (
        "on four random quadratic bowls, including n_steps = 0, each of your "
        "paths matches, row by row, the exact path of descent, which the check "
        "works out another way."
    )


# ---------------------------------------------------------------- 11.3
def _q(v: NDArray[Any]) -> Any:
    x, y = v[0], v[1]
    return 2 * x**2 + 3 * x * y + 4 * y**2


def _bound(H: Any) -> float:
    """2 over the largest eigenvalue of the symmetric part of H."""
    return 2 / float(np.linalg.eigvalsh((np.asarray(H) + np.asarray(H).T) / 2)[-1])


@exercise("11.3")
def _learning_rate_bound(answer: Any) -> str:
    lr_bound = as_number(answer, "lr_bound")
    H = hessian(_q, np.array([0.3, -0.7]))  # numerically, from q itself
    smallest, largest = np.linalg.eigvalsh((H + H.T) / 2)
    if 2e-3 < abs(lr_bound * largest / 2 - 1) < 3e-2:
        raise Incorrect(
            "lr_bound is close, but not right to 3 significant digits: compute it "
            "in code, or round less."
        )
    diagonal, off = np.diag(H), H[0, 1]
    compare(
        lr_bound,
        2 / largest,
        what="lr_bound",
        rtol=2e-3,
        atol=0.0,
        mistakes={
            "you used the smallest eigenvalue of the Hessian; the largest "
            "curvature sets the bound": 2 / smallest,
            "1/lam_max instead of 2/lam_max: 1/lam_max is where oscillation "
            "starts, not where convergence ends": 1 / largest,
            "you used the matrix of q's coefficients (q = v^T A v, with 3xy "
            "split in two halves), not the Hessian, which is twice that matrix": (
                2 * _bound(H)
            ),
            "the diagonal of the Hessian lacks the factor 2 that differentiating "
            "x^2 twice brings (the mixed entry has none to gain)": _bound(
                [[diagonal[0] / 2, off], [off, diagonal[1] / 2]]
            ),
            "the mixed entry of the Hessian was halved: the second partial of 3xy "
            "in x and y is the whole coefficient of xy": _bound(
                [[diagonal[0], off / 2], [off / 2, diagonal[1]]]
            ),
            "the mixed entry of the Hessian was doubled: differentiating 3xy once "
            "in x and once in y gives its coefficient just once": _bound(
                [[diagonal[0], 2 * off], [2 * off, diagonal[1]]]
            ),
            "you computed lam_max / 2: the bound is 2 divided by the largest "
            "curvature, not the curvature divided by 2": largest / 2,
            "you used the largest diagonal entry of the Hessian and ignored the "
            "mixed term 3xy: the bound needs the largest eigenvalue": 2
            / float(np.max(diagonal)),
        },
    )
    return (
        "2/lam_max, with lam_max the largest eigenvalue of the Hessian "
        "[[4, 3], [3, 8]]: 6 + sqrt(13)."
    )


# ---------------------------------------------------------------- 11.4
# (kappa, factor), chosen so that no count is within 0.01 of a whole number and
# rounding to the nearest whole number goes up in some cases and down in others
_KAPPAS = ((100.0, 1e-6), (10.0, 1e-3), (37.0, 1e-5), (1000.0, 1e-4))


def _run_and_count(kappa: float, lr: float, factor: float) -> tuple[int, float]:
    """Run descent on the bowl diag(1, kappa) from (1, 0) and count its steps.

    From there only the flat coordinate moves, so the distance to the minimum
    is |x|. Return the first k with |x_k| <= factor, and the factor by which
    the last step shrank x, measured.
    """
    x, before, k = 1.0, 1.0, 0
    while abs(x) > factor:
        before, x, k = x, x - lr * x, k + 1
    return k, abs(x / before)


_ONLY_LAM_MAX = (
    "Perhaps only the lam_max factor was used: at lr = 1/lam_max it is exactly 0, "
    "since y is gone after one step, and without abs() it can be negative. r is "
    "the larger of the two sizes |1 - lr lam_min| and |1 - lr lam_max|."
)
_NAN_FROM_LOG = (
    "np.log of a negative number gives nan (not a number; NumPy only warns), and "
    "nan cannot be rounded to a count."
)


@exercise("11.4")
def _predicted(answer: Any) -> str:
    predicted_steps = as_function(answer, "predicted_steps")
    got, counts, real = [], [], []
    for kappa, factor in _KAPPAS:
        where = f"predicted_steps({kappa:g}, {factor:g})"
        try:
            value = call(predicted_steps, kappa, factor, name="predicted_steps")
        except LearnerError as exc:
            if "math domain error" in str(exc):
                raise Incorrect(
                    f"{where} raised ValueError: math domain error, which math.log "
                    f"raises for 0 or a negative number. {_ONLY_LAM_MAX}"
                ) from None
            if "NaN" in str(exc):
                raise Incorrect(
                    f"{where} raised ValueError: cannot convert float NaN to "
                    f"integer. {_NAN_FROM_LOG} {_ONLY_LAM_MAX}"
                ) from None
            raise
        if shape_of(value) is not None and np.isnan(np.asarray(value, float)).any():
            raise Incorrect(f"{where} contains nan. {_NAN_FROM_LOG} {_ONLY_LAM_MAX}")
        got.append(as_numbers(value, where, (2,)))
        runs = [
            _run_and_count(kappa, lr, factor) for lr in (1 / kappa, 2 / (kappa + 1))
        ]
        counts.append([k for k, _ in runs])
        real.append([np.log(factor) / np.log(shrink) for _, shrink in runs])
    got_all, exact = np.array(got), np.array(counts, dtype=float)
    real_all = np.array(real)  # ln(factor) / ln(r), r measured on the runs
    what = "predicted_steps, on four pairs (kappa, factor),"
    if np.allclose(got_all, real_all, rtol=1e-6, atol=0.0):
        raise Incorrect(
            f"{what} does not give whole numbers of steps: the count is the "
            "smallest whole k with r^k <= factor."
        )
    rules = np.array(
        [np.log(1 / f) * np.array([kappa, kappa / 2]) for kappa, f in _KAPPAS]
    )
    for rounded in (np.ceil, np.round, np.floor, np.trunc, np.asarray):
        if np.allclose(got_all, rounded(rules), rtol=1e-9, atol=1e-9):
            raise Incorrect(
                f"{what} is not right: it looks like you used the rules of thumb "
                "kappa ln(1/factor) and its half. They come from ln(1 - 1/kappa) "
                "being about -1/kappa, so they only approximate the counts; the "
                "exercise asks for the exact smallest k with r^k <= factor, from r "
                "itself."
            )
    compare(
        got_all,
        exact,
        what=what,
        rtol=0.0,
        atol=1e-9,
        mistakes={
            "ln(factor) / ln(r) was rounded to the nearest whole number (round): "
            "after that many steps r^k can still be above factor; round up "
            "(math.ceil)": np.round(real_all),
            "ln(factor) / ln(r) was rounded down (int or floor): after that many "
            "steps r^k is still above factor; round up (math.ceil)": np.floor(real_all),
            "the two counts are swapped: lr = 1/lam_max first": exact[:, ::-1],
            "each count is one too many: the k that ln(factor) / ln(r), rounded "
            "up, gives already counts the last step": exact + 1,
            "only the lam_max factor was used: at lr = 1/lam_max it is 0 (y is "
            "gone after one step), and log(0) gave 0 steps; r is the larger of the "
            "two factors' sizes": np.column_stack([np.zeros(len(exact)), exact[:, 1]]),
            "both counts use the rate of lr = 1/lam_max; at lr = 2/(lam_max + "
            "lam_min), r is the common size of the two factors": np.repeat(
                exact[:, :1], 2, axis=1
            ),
            "both counts use the rate of lr = 2/(lam_max + lam_min); at lr = "
            "1/lam_max, y is gone after one step and r comes from x alone": (
                np.repeat(exact[:, 1:], 2, axis=1)
            ),
        },
    )
    return "both counts match descent run and counted step by step, for four kappas."
