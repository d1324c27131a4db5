"""Checks for lesson 10, Gradient descent.

Each check computes its own reference with an independent method (the complex
step, a numerical Hessian, a matrix power, a loop that counts, SciPy's
minimiser) at reproducible random points or on data rebuilt from a fixed seed.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..numerics import derivative, gradient, hessian
from ._core import Incorrect, exercise
from ._feedback import as_function, as_number, as_numbers, call, compare

# ---------------------------------------------------------------- 07.1


def _loss_71(w: Any) -> Any:
    return (2 * w - 3) ** 2


_W0, _LR_71 = 2.0, 0.05


@exercise("10.1", "One step by hand", stars=1, answer="w1")
def _one_step(answer: Any) -> str:
    w1 = as_number(answer, "w1")
    slope = derivative(_loss_71, _W0, method="complex")
    compare(
        w1,
        _W0 - _LR_71 * slope,
        what="w1",
        mistakes={
            "the gradient was added (that is ascent: a step uphill); "
            "descent subtracts lr times the slope": _W0 + _LR_71 * slope,
            "the learning rate was forgotten: the step is lr times the slope": (
                _W0 - slope
            ),
            "the inner derivative 2 of (2w - 3) is missing (chain rule)": (
                _W0 - _LR_71 * slope / 2
            ),
        },
    )
    return "w1 = w0 - lr * J'(w0), with J'(w) = 4 (2w - 3) by the chain rule."


# ---------------------------------------------------------------- 07.2


def _q(v: NDArray[Any]) -> Any:
    x, y = v[0], v[1]
    return 2 * x**2 + 3 * x * y + 4 * y**2


@exercise("10.2", "The largest stable learning rate", stars=2, answer="lr_max")
def _largest_rate(answer: Any) -> str:
    lr_max = as_number(answer, "lr_max")
    H = hessian(_q, np.array([0.3, -0.7]))
    smallest, largest = np.linalg.eigvalsh((H + H.T) / 2)
    diagonal = float(np.max(np.diag(H)))
    if 2e-3 < abs(lr_max * largest / 2 - 1) < 3e-2:
        raise Incorrect(
            "lr_max is close, but not right to 3 significant digits: compute it in "
            "code, or round less."
        )
    compare(
        lr_max,
        2 / largest,
        what="lr_max",
        rtol=2e-3,
        atol=0.0,
        mistakes={
            "you used the smallest eigenvalue of the Hessian; the largest curvature "
            "sets the bound": 2 / smallest,
            "1/L instead of 2/L: 1/L is where oscillation starts, not divergence": (
                1 / largest
            ),
            "the factor 2 of x^2 is missing from the curvature: the Hessian of 2x^2 "
            "+ 3xy + 4y^2 has 4 and 8 on its diagonal, 3 off it": 4 / largest,
            "you used the largest diagonal entry of the Hessian and ignored the "
            "mixed term 3xy: the bound needs the largest eigenvalue": 2 / diagonal,
        },
    )
    return (
        "2/L, with L the largest eigenvalue of the Hessian [[4, 3], [3, 8]]: "
        "6 + sqrt(13)."
    )


# ---------------------------------------------------------------- 07.3

# (dimension, n_steps, seed): small problems with a known exact path
_GD_CASES = ((3, 4, 731), (2, 1, 732), (4, 6, 733), (2, 0, 734))


def _quadratic(
    d: int, seed: int
) -> tuple[NDArray[np.float64], NDArray[np.float64], float]:
    """A random symmetric positive definite A, a start and a safe learning rate."""
    rng = np.random.default_rng(seed)
    B = rng.normal(size=(d, d))
    A = B @ B.T + d * np.eye(d)
    lr = 1.2 / float(np.linalg.eigvalsh(A)[-1])  # between 1/L and 2/L: it oscillates
    return A, rng.normal(size=d), lr


def _exact_path(A: Any, x0: Any, lr: float, n_steps: int, sign: float = -1.0) -> Any:
    """x_k = (I + sign lr A)^k x0 for k = 0..n_steps, from powers of one matrix."""
    M = np.eye(len(x0)) + sign * lr * A
    return np.array([np.linalg.matrix_power(M, k) @ x0 for k in range(n_steps + 1)])


def _path_shape(value: Any) -> tuple[int, ...] | None:
    try:
        return np.asarray(value, dtype=float).shape
    except (TypeError, ValueError):
        return None


def _check_gd_case(gd: Any, d: int, n_steps: int, seed: int) -> None:
    A, x0, lr = _quadratic(d, seed)
    given = x0.copy()
    value = call(gd, lambda x: A @ x, given, lr, n_steps, name="gd")
    exact = _exact_path(A, x0, lr, n_steps)
    where = f"gd(grad, x0, lr, n_steps={n_steps}) with x0 of length {d}"
    shape = _path_shape(value)
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
    if shape == (n_steps + 2, d):
        longer = _exact_path(A, x0, lr, n_steps + 1)
        if np.allclose(np.asarray(value, dtype=float), longer):
            raise Incorrect(
                f"{where} takes one step too many: off by one in the loop "
                f"(n_steps steps give n_steps + 1 = {n_steps + 1} rows)."
            )
    got = as_numbers(value, where, (n_steps + 1, d))
    if n_steps > 1 and np.allclose(got, got[-1]) and not np.allclose(exact, exact[-1]):
        raise Incorrect(
            f"every row of {where} is the same point: the path holds one array "
            "that was then changed in place (x -= ...). Append a copy, or write "
            "x = x - lr * grad(x), which makes a new array."
        )
    compare(
        got,
        exact,
        what=where,
        mistakes={
            "+ was used instead of -: that steps uphill (gradient ascent)": (
                _exact_path(A, x0, lr, n_steps, sign=1.0)
            ),
        },
    )
    if not np.array_equal(given, x0):
        raise Incorrect(
            f"the path of {where} is right, but gd changed the caller's x0 in "
            "place: start from a copy (x = np.array(x0, dtype=float))."
        )


@exercise("10.3", "Gradient descent from scratch", stars=2, answer="gd")
def _gd_from_scratch(answer: Any) -> str:
    gd = as_function(answer, "gd")
    for d, n_steps, seed in _GD_CASES:
        _check_gd_case(gd, d, n_steps, seed)
    return (
        "the paths match (I - lr A)^k x0 on four random quadratics, "
        "including n_steps = 0."
    )


# ---------------------------------------------------------------- 07.4

# (kappa, factor); for each, ln(factor) / ln(r) is not close to a whole number
_KAPPAS = ((100.0, 1e-6), (10.0, 1e-3), (1000.0, 1e-8), (37.0, 1e-5))


def _count(r: float, factor: float) -> int:
    """The smallest k with r**k <= factor, found by multiplying."""
    k, size = 0, 1.0
    while size > factor:
        k, size = k + 1, size * r
    return k


def _rates(kappa: float) -> tuple[float, float]:
    root = np.sqrt(kappa)
    return (kappa - 1) / (kappa + 1), (root - 1) / (root + 1)


@exercise("10.4", "Steps predicted by the theory", stars=2, answer="predicted_steps")
def _predicted(answer: Any) -> str:
    predicted_steps = as_function(answer, "predicted_steps")
    for kappa, factor in _KAPPAS:
        where = f"predicted_steps({kappa:g}, {factor:g})"
        value = call(predicted_steps, kappa, factor, name="predicted_steps")
        got = as_numbers(value, where, (2,))
        r_plain, r_heavy = _rates(kappa)
        exact = np.array([_count(r_plain, factor), _count(r_heavy, factor)])
        raw = np.log(factor) / np.log([r_plain, r_heavy])
        if np.allclose(got, raw, rtol=1e-9, atol=0.0):
            raise Incorrect(
                f"{where} is not a whole number of steps: round ln(factor) / ln(r) "
                "up with math.ceil."
            )
        compare(
            got,
            exact,
            what=where,
            rtol=0.0,
            atol=1e-9,
            mistakes={
                "the heavy ball's rate used kappa instead of sqrt(kappa)": [
                    exact[0],
                    exact[0],
                ],
                "the two counts are swapped: plain descent first": exact[::-1],
                "the counts were rounded down (int or floor): after that many steps "
                "r^k is still above factor; use math.ceil": np.floor(raw),
                "plain descent used the rate 1 - 1/kappa, which belongs to lr = 1/L, "
                "not to lr = 2/(L + mu)": [
                    _count(1 - 1 / kappa, factor),
                    exact[1],
                ],
            },
        )
    return "both counts match r^k <= factor, counted step by step, for four kappas."


# ---------------------------------------------------------------- 07.5

# (batch size, number of weights, seed). The square batch comes first: there X
# and its transpose give results of the same shape, so a mix-up shows as values.
_BATCHES = ((4, 4, 751), (16, 3, 752), (1, 3, 753))


def _batch(b: int, d: int, seed: int) -> tuple[NDArray[np.float64], ...]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=d), rng.normal(size=(b, d)), rng.normal(size=b)


@exercise("10.5", "The mini-batch gradient", stars=2, answer="minibatch_grad")
def _minibatch(answer: Any) -> str:
    minibatch_grad = as_function(answer, "minibatch_grad")
    for b, d, seed in _BATCHES:
        w, X, y = _batch(b, d, seed)
        where = f"minibatch_grad with a batch of shape ({b}, {d})"
        value = call(
            minibatch_grad, w.copy(), X.copy(), y.copy(), name="minibatch_grad"
        )
        shape = _path_shape(value)
        if shape == (b,) and b != d:
            raise Incorrect(
                f"{where} has shape ({b},), one number per example: the gradient "
                f"has one number per weight, shape ({d},). Use the transpose of "
                "X_batch to add up the examples."
            )
        got = as_numbers(value, where, (d,))
        exact = gradient(
            lambda v, X=X, y=y: np.mean((X @ v - y) ** 2), w, method="complex"
        )
        residual = X @ w - y
        mistakes = {
            "the sum was taken instead of the mean: divide by the batch size": (
                b * exact
            ),
            "the factor 2 from the square is missing": exact / 2,
            "the residual has the wrong sign: it is X w - y, not y - X w": -exact,
        }
        if b == d:  # only a square batch lets these through the shape test
            mistakes["X_batch was used instead of its transpose"] = 2 * X @ residual / b
            mistakes[
                "the residuals, one number per example, were returned: multiply "
                "them by the transpose of X_batch"
            ] = 2 * residual / b
        compare(got, exact, what=where, mistakes=mistakes)
    return (
        "matches the complex-step gradient of the batch MSE for batches of 4, 16 and 1."
    )


# ---------------------------------------------------------------- 07.6

_SEED_76, _LAM, _N_76 = 76, 0.1, 100  # the notebook builds exercise 10.6's data so


def _data_76() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    rng = np.random.default_rng(_SEED_76)
    X = np.column_stack([np.ones(_N_76), rng.normal(size=(_N_76, 2))])
    p = 1 / (1 + np.exp(-(X @ np.array([1.0, -2.0, 3.0]))))
    y = (rng.uniform(size=_N_76) < p).astype(float)
    return X, y


def _penalised(
    X: NDArray[np.float64], y: NDArray[np.float64], weights: NDArray[np.float64]
) -> tuple[Any, Any]:
    """The loss mean(softplus(z) - y z) + 1/2 sum(weights w^2) and its gradient."""

    def loss(w: NDArray[np.float64]) -> Any:
        z = X @ w
        return np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(weights * w**2)

    def grad(w: NDArray[np.float64]) -> Any:
        return X.T @ (1 / (1 + np.exp(-(X @ w))) - y) / len(y) + weights * w

    return loss, grad


def _minimiser(X: Any, y: Any, weights: Any) -> NDArray[np.float64]:
    # Imported here: scipy.optimize takes 0.4 s to import, and every lesson
    # imports the checks of all lessons.
    from scipy.optimize import minimize

    loss, grad = _penalised(X, y, np.asarray(weights, dtype=float))
    result = minimize(
        loss, np.zeros(3), jac=grad, method="BFGS", options={"gtol": 1e-12}
    )
    return np.asarray(result.x)


@exercise("10.6", "Penalised logistic regression", stars=3, answer="w_penalised")
def _penalised_logistic(answer: Any) -> str:
    w = as_numbers(answer, "w_penalised", (3,))
    X, y = _data_76()
    penalty = np.array([0.0, _LAM, _LAM])
    best = _minimiser(X, y, penalty)
    if np.allclose(w, best, rtol=0.0, atol=1e-4):
        return "within 1e-4 of SciPy's minimiser of the same penalised loss."
    loss, grad = _penalised(X, y, penalty)
    others = {
        "the sign was flipped: check the sign of sigma(Xw) - y in the gradient "
        "and of the step": -best,
        "the penalty is missing: add lam * w (with 0 for the intercept) to the "
        "gradient": _minimiser(X, y, np.zeros(3)),
        "the intercept w0 was penalised too; the penalty is on w1 and w2 only": (
            _minimiser(X, y, np.full(3, _LAM))
        ),
        "the penalty's gradient was written 2 lam w, but (lam/2) w^2 has the "
        "derivative lam w": _minimiser(X, y, 2 * penalty),
    }
    for description, wrong in others.items():
        if np.allclose(w, wrong, rtol=0.0, atol=1e-3):
            raise Incorrect(f"w_penalised is not right: it looks like {description}.")
    slope = float(np.linalg.norm(grad(w)))
    if loss(w) > loss(np.zeros(3)):
        raise Incorrect(
            "w_penalised is worse than the start w = 0: the steps went uphill. "
            "Check the sign of sigma(Xw) - y in the gradient and of the step."
        )
    raise Incorrect(
        f"w_penalised is not converged yet: the loss is still falling there (the "
        f"gradient of J has norm {slope:.2g}). Take more steps, a larger learning "
        "rate below 2/L, or a smaller tol; if more steps do not help, check your "
        "gradient against J with check_gradient."
    )
