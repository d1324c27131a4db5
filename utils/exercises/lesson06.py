"""Checks for lesson 06, Gradients.

Each check computes its own reference with an independent method (SymPy, the
complex step, finite differences, or a property of the right answer) at
reproducible random points.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..numerics import gradient
from ._core import Incorrect, LearnerError, exercise
from ._feedback import (
    as_function,
    as_numbers,
    call,
    compare,
    random_points,
    shape_of,
    sympy_function,
    values_at,
)


@exercise("06.1")
def _gradient_2d(answer: Any) -> str:
    grad_g = as_function(answer, "grad_g")
    xs = random_points(12, -2.0, 2.0, seed=41)
    ys = random_points(12, -2.0, 2.0, seed=42)
    got = np.array(values_at(grad_g, "grad_g", np.column_stack([xs, ys]), _two_numbers))
    import sympy as sp  # here, when the check runs, not with the package

    x, y = sp.symbols("x y")
    g = x**2 * y + 2 * x - y**3
    dg_dx, dg_dy = (sympy_function(sp.diff(g, v), x, y)(xs, ys) for v in (x, y))
    exact = np.column_stack([dg_dx, dg_dy])
    _compare_components(
        got,
        exact,
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
            "the factor y was dropped from the derivative of x^2 y in x": (
                np.column_stack([2 * xs + 2, dg_dy])
            ),
            "the second component has +3y^2 where -y^3 gives a minus sign": (
                np.column_stack([dg_dx, xs**2 + 3 * ys**2])
            ),
            "the second component lost the x^2 from x^2 y: in the partial in y, "
            "x^2 is a constant factor that stays": np.column_stack([dg_dx, -3 * ys**2]),
            "the second component has 3y from y^3: the power rule lowers the "
            "power by one, not to 1": np.column_stack([dg_dx, xs**2 - 3 * ys]),
            "the second component has 2x where x^2 y, differentiated in y, "
            "leaves x^2 as it is": np.column_stack([dg_dx, 2 * xs - 3 * ys**2]),
            "the second component kept the power of y^3 (y^3 instead of 3y^2)": (
                np.column_stack([dg_dx, xs**2 - ys**3])
            ),
        },
    )
    return "both partial derivatives are right at 12 random points."


def _two_numbers(value: Any, call_text: str) -> NDArray[np.float64]:
    """Return the pair ``call_text`` returned, saying how many numbers it gave if not two."""
    shape = None if value is None or value is Ellipsis else shape_of(value)
    if shape == () or shape == (1,):
        count = "one number"
    elif shape is not None and len(shape) == 1 and shape[0] != 2:
        count = f"{shape[0]} numbers"
    else:
        return as_numbers(value, call_text, (2,))
    raise Incorrect(
        f"{call_text} returns {count}; it should return two, "
        "the partial in x and the partial in y."
    )


def _compare_components(
    got: NDArray[np.float64],
    exact: NDArray[np.float64],
    *,
    what: str,
    mistakes: dict[str, Any],
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> None:
    """`compare`, saying which component is wrong if no mistake fits."""
    ok = [np.allclose(got[..., i], exact[..., i], rtol=rtol, atol=atol) for i in (0, 1)]
    names = (
        "the first component (the partial in x)",
        "the second component (the partial in y)",
    )
    redo = "that partial"
    if ok[0] != ok[1]:
        right, wrong = names if ok[0] else names[::-1]
        where = f"{right} is right; {wrong} is not"
    else:
        where, redo = "both components are wrong", "both partials"
    compare(
        got,
        exact,
        what=what,
        mistakes=mistakes,
        unmatched=f"{where}. Redo {redo} term by term.",
        rtol=rtol,
        atol=atol,
    )


def _delivery_cost(v: NDArray[Any]) -> Any:
    x, y = v[0], v[1]
    return (x - 5) ** 2 + (y - 3) ** 2 + 2 * x * y


_DELIVERY_POINT = np.array([2.0, -1.0])  # x and y differ, and so do 2y and 2x
_ROUNDED = 1e-3  # an answer rounded to 3 decimals is within 5e-4 of the exact one


@exercise("06.2")
def _delivery(answer: Any) -> str:
    array = isinstance(answer, np.ndarray) and answer.ndim >= 1
    if not (array or isinstance(answer, tuple | list)) or len(answer) != 2:
        raise Incorrect("delivery should be a pair (gradient, direction).")
    first, second = answer
    if shape_of(first) == () and shape_of(second) == ():
        raise Incorrect(
            "delivery should be a pair of pairs, (gradient, direction), "
            "each with two numbers."
        )
    grad_c = as_numbers(first, "the gradient", (2,))
    u = as_numbers(second, "the direction", (2,))
    exact = gradient(_delivery_cost, _DELIVERY_POINT, method="complex")
    x, y = _DELIVERY_POINT
    if np.isclose(np.linalg.norm(grad_c), 1.0, atol=_ROUNDED) and np.allclose(
        u, exact, rtol=1e-3, atol=1e-3
    ):
        raise Incorrect(
            "the pair is in the wrong order: delivery is (gradient, direction), "
            "so grad_C comes first."
        )
    _compare_components(
        grad_c,
        exact,
        what="the gradient of C at (2, -1)",
        rtol=1e-3,
        atol=1e-3,
        mistakes={
            "the term 2xy was left out of both partials": [2 * (x - 5), 2 * (y - 3)],
            "2xy was differentiated as 2x in x and 2y in y: in a partial in x, "
            "y is held constant (and x in a partial in y)": [
                2 * (x - 5) + 2 * x,
                2 * (y - 3) + 2 * y,
            ],
            "the factor 2 of the squares was lost: the power rule brings "
            "the exponent of (x - 5)^2 and (y - 3)^2 down": [
                (x - 5) + 2 * y,
                (y - 3) + 2 * x,
            ],
            "the term 2xy was copied into both partials as it is: "
            "differentiate it, in x and in y": [
                2 * (x - 5) + 2 * x * y,
                2 * (y - 3) + 2 * x * y,
            ],
            "the components are swapped": exact[::-1],
            "the signs are flipped": -exact,
            "2xy was differentiated in the first partial only: it depends on "
            "both variables, so it appears in both": [2 * (x - 5) + 2 * y, 2 * (y - 3)],
            "2xy was differentiated in the second partial only: it depends on "
            "both variables, so it appears in both": [2 * (x - 5), 2 * (y - 3) + 2 * x],
            "the first component has a sign error in the (x - 5)^2 term": [
                2 * (x + 5) + 2 * y,
                exact[1],
            ],
            "the second component has a sign error in the (y - 3)^2 term": [
                exact[0],
                2 * (y + 3) + 2 * x,
            ],
        },
    )
    steepest = -exact / np.linalg.norm(exact)
    if np.allclose(u, steepest, rtol=0.0, atol=_ROUNDED):
        return (
            "the gradient is right, and minus the gradient, scaled to length 1, "
            "points downhill fastest."
        )
    if np.allclose(u, -steepest, rtol=0.0, atol=2e-2):
        raise Incorrect(
            "you gave the steepest ascent instead of descent: descent is minus the gradient."
        )
    length = float(np.linalg.norm(u))
    if np.allclose(u, steepest, rtol=0.0, atol=2e-2):
        raise Incorrect(
            f"the direction is close, but not right to 3 decimals (its length is "
            f"{length:.4f}, not 1): two decimals are not enough. Give the unit "
            "vector exactly, computed in code, or rounded to 3 decimals."
        )
    cosine = float(u @ steepest) / length if length > 0 else 0.0
    if abs(cosine) > 1 - 1e-4:
        wrong_way = (
            ", and it points uphill (ascent instead of descent)" if cosine < 0 else ""
        )
        raise Incorrect(
            f"the direction is not normalised: its length is {length:.3g}, not 1"
            f"{wrong_way}. Divide it by its length."
        )
    raise Incorrect(
        "the direction is not right: steepest descent points along minus the "
        "gradient, scaled to length 1."
    )


def _sigmoid(z: NDArray[Any]) -> NDArray[Any]:
    return 1 / (1 + np.exp(-z))


def _logistic_loss(
    w: NDArray[Any], X: NDArray[np.float64], y: NDArray[np.float64]
) -> Any:
    z = X @ w  # works for a complex w too, for the complex step
    return np.mean(np.log(1 + np.exp(z)) - y * z)


def _as_gradient(value: Any, what: str, n: int, d: int) -> NDArray[np.float64]:
    """Return the learner's gradient as a (d,) array, or explain a wrong shape."""
    shape = None if value is None else shape_of(value)
    if shape is None or shape == (d,):
        return as_numbers(value, what, (d,))
    if np.prod(shape) == d:
        hint = (
            f"it has the right {d} numbers but shape {shape}; w has shape ({d},) "
            "and its gradient must too. A (1, d) or (d, 1) result comes from a 2-D "
            "y or a reshaped vector: return a 1-D array (for example with .ravel())."
        )
    elif shape == (n,):
        hint = (
            f"it has shape ({n},), one number per example, not one per weight: "
            "each partial is a sum over the examples (section 7)."
        )
    elif shape == (n, d):
        hint = (
            f"it has shape ({n}, {d}), one gradient per example: the loss is their "
            "average over the examples, and so is its gradient."
        )
    else:
        hint = f"it should have shape ({d},), like w, but has shape {shape}."
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


@exercise("06.3")
def _logistic(answer: Any) -> str:
    grad_logistic = as_function(answer, "grad_logistic")
    values = [_call_logistic(grad_logistic, *data) for data in _LOGISTIC_DATA]
    square_X, square_y, square_w = _LOGISTIC_DATA[0]
    if shape_of(values[0]) == (4,):
        errors = _sigmoid(square_X @ square_w) - square_y
        if np.allclose(np.asarray(values[0], dtype=float), square_X @ errors / 4):
            raise Incorrect(
                "grad_logistic multiplies by X where the sum over the examples needs "
                "its transpose: with a square X the shapes fit, but the numbers do not."
            )
    # Shapes first, on the non-square data, where a wrong shape cannot hide.
    for k in (1, 2, 0):
        X, value = _LOGISTIC_DATA[k][0], values[k]
        n, d = X.shape
        if isinstance(value, LearnerError):
            if any(word in str(value) for word in _SHAPE_WORDS):
                raise LearnerError(
                    f"{value} Check the shapes: in the check's own test data X is "
                    f"({n}, {d}), y is ({n},), w is "
                    f"({d},), and the result must be ({d},): the shape rule of "
                    "lesson 05 says which products fit."
                ) from value
            raise value
        _as_gradient(
            value,
            f"grad_logistic(w, X, y) with X of shape ({n}, {d}) (the check's own test data)",
            n,
            d,
        )
    for (X, y, w), value in zip(_LOGISTIC_DATA, values, strict=True):
        n, d = X.shape
        exact = gradient(
            lambda v, X=X, y=y: _logistic_loss(v, X, y), w, method="complex"
        )
        compare(
            value,
            exact,
            what=f"grad_logistic with X of shape ({n}, {d}) (the check's own test data)",
            mistakes={
                "the sign is flipped: each example contributes sigma(z_i) - y_i, "
                "not y_i - sigma(z_i)": -exact,
                "the 1/n is missing: the loss is a mean, so its gradient is one too": (
                    n * exact
                ),
                "the sigmoid is missing: the errors X @ w - y belong to the mean "
                "squared error, not to this loss": X.T @ (X @ w - y) / n,
                "twice the gradient: the 2 of the mean squared error does not "
                "belong here": 2 * exact,
                "y was not subtracted from sigma(X @ w)": X.T @ _sigmoid(X @ w) / n,
                f"it was divided by d (the number of features, {d}) instead of n "
                f"(the number of examples, {n})": n * exact / d,
                "softplus was used where its derivative, sigma, belongs": (
                    X.T @ (np.logaddexp(0.0, X @ w) - y) / n
                ),
            },
        )
    return "matches the complex-step gradient of the logistic loss on three random data sets."
