"""Checks for lesson 04, Gradients.

Each check computes its own reference with an independent method (SymPy, the
complex step, finite differences, or a property of the right answer) at
reproducible random points.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp
from numpy.typing import NDArray

from ..numerics import directional_derivative, gradient
from ._core import Incorrect, LearnerError, exercise
from ._feedback import as_function, as_number, as_numbers, call, compare, random_points

_x, _y = sp.symbols("x y")
_G = _x**2 * _y + 2 * _x - _y**3


@exercise("04.1", "Gradient of a function of two variables", stars=1, answer="grad_g")
def _gradient_2d(answer: Any) -> str:
    grad_g = as_function(answer, "grad_g")
    xs = random_points(12, -2.0, 2.0, seed=41)
    ys = random_points(12, -2.0, 2.0, seed=42)
    got = np.array(
        [
            as_numbers(
                call(grad_g, float(x), float(y), name="grad_g"),
                f"grad_g({x:.3f}, {y:.3f})",
                (2,),
            )
            for x, y in zip(xs, ys, strict=True)
        ]
    )
    dg_dx, dg_dy = (
        sp.lambdify((_x, _y), sp.diff(_G, v), "numpy")(xs, ys) for v in (_x, _y)
    )
    dg_dx, dg_dy = np.broadcast_to(dg_dx, xs.shape), np.broadcast_to(dg_dy, xs.shape)
    compare(
        got,
        np.column_stack([dg_dx, dg_dy]),
        what="grad_g",
        mistakes={
            "the two components are swapped: the first one is the partial in x": (
                np.column_stack([dg_dy, dg_dx])
            ),
            "the signs are flipped: that is minus the gradient": np.column_stack(
                [-dg_dx, -dg_dy]
            ),
            "the term 2x lost its derivative 2 in the first component": (
                np.column_stack([dg_dx - 2, dg_dy])
            ),
            "the power of y^3 was kept (3y^3 instead of 3y^2)": np.column_stack(
                [dg_dx, dg_dy + 3 * ys**2 - 3 * ys**3]
            ),
        },
    )
    return "both partial derivatives match SymPy at 12 random points."


def _delivery_cost(v: NDArray[Any]) -> Any:
    x, y = v[0], v[1]
    return (x - 5) ** 2 + (y - 3) ** 2 + 2 * x * y


def _shape(value: Any) -> tuple[int, ...] | None:
    """The shape of ``value`` as a float array, or None if it is not one."""
    try:
        return np.asarray(value, dtype=float).shape
    except (TypeError, ValueError):
        return None


def _pair(answer: Any, name: str, parts: str) -> tuple[Any, Any]:
    """Split a learner's pair, saying what was expected if it is not one."""
    if isinstance(answer, np.ndarray) and answer.ndim >= 1 and len(answer) == 2:
        return answer[0], answer[1]
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        raise Incorrect(f"{name} should be a pair {parts}.")
    return answer[0], answer[1]


@exercise("04.2", "Steepest descent on the delivery cost", stars=2, answer="delivery")
def _delivery(answer: Any) -> str:
    first, second = _pair(answer, "delivery", "(gradient, direction)")
    if _shape(first) == () and _shape(second) == ():
        raise Incorrect(
            "delivery should be a pair of pairs, (gradient, direction), "
            "each with two numbers."
        )
    grad_c = as_numbers(first, "the gradient", (2,))
    u = as_numbers(second, "the direction", (2,))
    point = np.array([1.0, 1.0])
    exact = gradient(_delivery_cost, point, method="complex")
    x, y = point
    compare(
        grad_c,
        exact,
        what="the gradient of C at (1, 1)",
        rtol=1e-3,
        atol=1e-3,
        mistakes={
            "the term 2xy was left out of both partials": [2 * (x - 5), 2 * (y - 3)],
            "the components are swapped": exact[::-1],
            "the signs are flipped": -exact,
        },
    )
    steepest = -exact / np.linalg.norm(exact)
    length = float(np.linalg.norm(u))
    if length > 0 and abs(length - 1) > 5e-3:
        cosine = float(u @ steepest) / length
        if abs(cosine) > 1 - 1e-4:
            wrong_way = (
                ", and it points uphill (ascent instead of descent)"
                if cosine < 0
                else ""
            )
            raise Incorrect(
                f"the direction is not normalised: its length is {length:.3g}, not 1"
                f"{wrong_way}. Divide it by its length."
            )
    compare(
        u,
        steepest,
        what="the direction",
        rtol=0.0,
        atol=5e-3,  # two correct decimals are enough
        mistakes={
            "you gave the steepest ascent instead of descent: descent is minus the gradient": (
                -steepest
            ),
        },
    )
    return "the gradient is right, and minus the gradient, scaled to length 1, points downhill fastest."


@exercise("04.3", "A directional derivative", stars=2, answer="directional")
def _directional(answer: Any) -> str:
    directional = as_function(answer, "directional")
    rng = np.random.default_rng(43)
    for n in (2, 3, 2, 4):
        grad = rng.uniform(-3.0, 3.0, size=n)
        u = rng.uniform(-1.0, 1.0, size=n)
        u *= rng.uniform(2.0, 5.0) / np.linalg.norm(u)  # deliberately not a unit vector

        def f(v: NDArray[np.float64], grad: NDArray[np.float64] = grad) -> float:
            return float(grad @ v + 0.5 * v @ v)  # its gradient at 0 is grad

        value = call(directional, grad.copy(), u.copy(), name="directional")
        if _shape(value) == (n,):
            raise Incorrect(
                f"directional returned {n} numbers, one per component: a directional "
                "derivative is one number. Sum the products (that is the dot product)."
            )
        got = as_number(value, "directional(grad, u)")
        length = np.linalg.norm(u)
        compare(
            got,
            directional_derivative(f, np.zeros(n), u),
            what=f"directional(grad, u) with |u| = {length:.2f}",
            mistakes={
                "you did not normalise u: divide it by its length first": grad @ u,
                "you divided by |u|^2 instead of |u|": grad @ u / length**2,
                "you normalised the gradient instead of u": grad
                @ u
                / np.linalg.norm(grad),
            },
        )
    return "right for directions of any length, in 2, 3 and 4 dimensions."


def _bug_problem(seed: int = 44) -> tuple[Any, Any, NDArray[np.float64]]:
    """The loss and hand-written gradient of exercise 4.4, on the check's own data.

    The functions are the ones printed in the notebook's prompt; only the data
    differ, so that the check locates the faulty component itself.
    """
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(40, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.3 + 0.1 * rng.normal(size=40)
    lam = 0.1

    def loss(theta: NDArray[np.float64]) -> float:
        w, b = theta[:3], theta[3]
        r = X @ w + b - y
        return float(np.mean(r**2) + lam * np.sum(w**2))

    def grad_loss(theta: NDArray[np.float64]) -> NDArray[np.float64]:
        w, b = theta[:3], theta[3]
        r = X @ w + b - y
        grad_w = 2 * X.T @ r / len(r) + 2 * lam * w
        grad_b = 2 * np.mean(r) + 2 * lam * b
        return np.append(grad_w, grad_b)

    return loss, grad_loss, rng.normal(size=4)


@exercise("04.4", "Find the bug in a gradient", stars=2, answer="bug_index")
def _find_bug(answer: Any) -> str:
    index = as_number(answer, "bug_index")
    loss, grad_loss, theta = _bug_problem()
    n = theta.size
    if index != round(index):
        raise Incorrect(f"bug_index should be a whole number (an index), got {index}.")
    if not -n <= index < n:
        if index == n:
            raise Incorrect(
                f"there are {n} components, with indices 0 to {n - 1}: Python counts "
                "from 0, so if you counted from 1, subtract one."
            )
        raise Incorrect(
            f"bug_index should be an index from 0 to {n - 1}, got {int(index)}."
        )
    k = int(index) % n
    numeric = gradient(loss, theta)
    analytic = grad_loss(theta)
    differences = np.abs(analytic - numeric) / np.maximum(np.abs(numeric), 1e-12)
    if differences[k] < 1e-6:
        raise Incorrect(
            f"component {k} of grad_loss agrees with the numerical gradient to "
            f"{differences[k]:.0e}. Compare the components one by one, or read the "
            "worst_index of check_gradient."
        )
    return f"component {k}, the bias: the loss does not regularise b, so 2 * lam * b does not belong in its derivative."


def _sigmoid(z: NDArray[Any]) -> NDArray[Any]:
    return 1 / (1 + np.exp(-z))


def _logistic_loss(
    w: NDArray[Any], X: NDArray[np.float64], y: NDArray[np.float64]
) -> Any:
    z = X @ w  # works for a complex w too, for the complex step
    return np.mean(np.log(1 + np.exp(z)) - y * z)


def _as_gradient(value: Any, what: str, n: int, d: int) -> NDArray[np.float64]:
    """Return the learner's gradient as a (d,) array, or explain a wrong shape."""
    if value is Ellipsis or value is None:
        return as_numbers(value, what, (d,))
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return as_numbers(value, what, (d,))
    if arr.shape == (d,):
        return as_numbers(arr, what, (d,))
    if arr.size == d:
        hint = (
            f"it has the right {d} numbers but shape {arr.shape}; w has shape ({d},) "
            "and its gradient must too. A (1, d) or (d, 1) result comes from a 2-D "
            "y or a reshaped vector: return a 1-D array (for example with .ravel())."
        )
    elif arr.shape == (n,):
        hint = (
            f"it has shape ({n},), one number per example, not one per weight. "
            f"Multiplying by the transpose of X (shape ({d}, {n})) adds up the "
            f"examples' contributions into {d} numbers."
        )
    elif arr.shape == (n, d):
        hint = (
            f"it has shape ({n}, {d}), one gradient per example: average them over "
            "the examples (a product with the transpose of X and a division by n does both)."
        )
    else:
        hint = f"it should have shape ({d},), like w, but has shape {arr.shape}."
    raise Incorrect(f"{what}: {hint}")


def _logistic_data(n: int, d: int, seed: int) -> tuple[NDArray[np.float64], ...]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (rng.uniform(size=n) < 0.5).astype(float)
    return X, y, rng.normal(size=d)


# (n, d, seed). The square X comes first: there X and its transpose give results
# of the same shape, so a mix-up shows as wrong values instead of a crash.
_LOGISTIC_DATA = [
    _logistic_data(*args) for args in ((4, 4, 45), (30, 3, 46), (25, 5, 47))
]
_SHAPE_WORDS = ("shape", "align", "matmul", "broadcast")


def _call_logistic(grad_logistic: Any, X: Any, y: Any, w: Any) -> Any:
    """Call the learner's function; return its value, or the LearnerError it caused."""
    try:
        return call(grad_logistic, w.copy(), X.copy(), y.copy(), name="grad_logistic")
    except LearnerError as error:
        return error


@exercise(
    "04.5", "Logistic-loss gradient in matrix form", stars=3, answer="grad_logistic"
)
def _logistic(answer: Any) -> str:
    grad_logistic = as_function(answer, "grad_logistic")
    values = [_call_logistic(grad_logistic, *data) for data in _LOGISTIC_DATA]
    square_X, square_y, square_w = _LOGISTIC_DATA[0]
    if _shape(values[0]) == (4,):
        errors = _sigmoid(square_X @ square_w) - square_y
        if np.allclose(np.asarray(values[0], dtype=float), square_X @ errors / 4):
            raise Incorrect(
                "grad_logistic uses X instead of X.T: with a square X the shapes fit, "
                "but the sum over examples needs the transpose."
            )
    # Shapes first, on the non-square data, where a wrong shape cannot hide.
    for k in (1, 2, 0):
        X, value = _LOGISTIC_DATA[k][0], values[k]
        n, d = X.shape
        if isinstance(value, LearnerError):
            if any(word in str(value) for word in _SHAPE_WORDS):
                raise LearnerError(
                    f"{value} Check the shapes: X is ({n}, {d}), y is ({n},), w is "
                    f"({d},); the transpose of X times a vector of {n} per-example "
                    f"errors has shape ({d},)."
                ) from value
            raise value
        _as_gradient(value, f"grad_logistic(w, X, y) with X of shape ({n}, {d})", n, d)
    for (X, y, w), value in zip(_LOGISTIC_DATA, values, strict=True):
        n, d = X.shape
        exact = gradient(
            lambda v, X=X, y=y: _logistic_loss(v, X, y), w, method="complex"
        )
        compare(
            value,
            exact,
            what=f"grad_logistic with X of shape ({n}, {d})",
            mistakes={
                "you wrote X.T @ (y - sigma): the sign is flipped, the gradient has sigma - y": (
                    -exact
                ),
                "the 1/n is missing: the loss is a mean, so its gradient is one too": (
                    n * exact
                ),
                "the sigmoid is missing: X.T @ (X @ w - y) / n belongs to another loss": (
                    X.T @ (X @ w - y) / n
                ),
                "y was not subtracted from sigma(X @ w)": X.T @ _sigmoid(X @ w) / n,
            },
        )
    return "matches the complex-step gradient of the logistic loss on three random data sets."
