"""Checks for lesson 05, Chain rule and backpropagation.

Each check computes its own reference with an independent method (SymPy, the
complex step, finite differences, 50-digit arithmetic with mpmath, or a plain
loop with the gradient written out) at reproducible random points. None of
them uses the learner's idea to check the learner's idea: the backward rule of
exercise 5.3 runs inside `Value`, but its gradients are compared with the
complex step.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from numpy.typing import NDArray

from ..autodiff import Value
from ..numerics import derivative, gradient
from ._core import Incorrect, LearnerError, exercise
from ._feedback import (
    _describe,
    as_function,
    as_number,
    as_numbers,
    call,
    compare,
    random_points,
)

_x = sp.symbols("x", real=True)


def _numpy(expr: sp.Expr) -> Callable[[NDArray[np.float64]], NDArray[np.float64]]:
    """Return ``expr``, a function of x, as a NumPy function of an array."""
    function = sp.lambdify(_x, expr, "numpy")
    return lambda points: np.broadcast_to(function(points), np.shape(points))


def _shape(value: Any) -> tuple[int, ...] | None:
    """The shape of ``value`` as a float array, or None if it is not one."""
    try:
        return np.asarray(value, dtype=float).shape
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- 05.1
_H = sp.log(1 + sp.exp(3 * _x))


@exercise("05.1", "A chain-rule derivative", stars=1, answer="dh")
def _chain_rule(answer: Any) -> str:
    dh = as_function(answer, "dh")
    points = random_points(15, -2.0, 2.0, seed=51)
    got = [as_number(call(dh, float(x), name="dh"), f"dh({x:.3f})") for x in points]
    inner = 1 + sp.exp(3 * _x)
    compare(
        got,
        _numpy(sp.diff(_H, _x))(points),
        what="dh",
        mistakes={
            "the inner derivative is missing: ln(u) has derivative u'/u, not "
            "1/u, with u = 1 + e^(3x)": _numpy(1 / inner)(points),
            "the factor 3 is missing: e^(3x) needs the chain rule too, a "
            "second one inside the first": _numpy(sp.exp(3 * _x) / inner)(points),
            "the outer derivative is missing: ln(u) has derivative u'/u, and "
            "this is u' alone": _numpy(3 * sp.exp(3 * _x))(points),
        },
    )
    return "dh matches SymPy's derivative at 15 random points: 3e^(3x) / (1 + e^(3x))."


# ---------------------------------------------------------------- 05.2
_POINT_2 = np.array([1.5, -0.5, 2.0])  # (x, y, z) as the notebook gives them


def _f_2(v: NDArray[Any]) -> Any:
    x, y, z = v[0], v[1], v[2]
    return (x * y + z) * np.tanh(y)


def _is_among(values: NDArray[np.float64], pool: list[float]) -> bool:
    """True if every entry of ``values`` is close to some number in ``pool``."""
    return all(np.isclose(pool, v, rtol=1e-3, atol=1e-4).any() for v in values)


@exercise(
    "05.2", "Backpropagation by hand through a small graph", stars=2, answer="grads_f"
)
def _by_hand(answer: Any) -> str:
    if isinstance(answer, dict):
        raise Incorrect(
            "grads_f should be a tuple of three numbers, (df/dx, df/dy, df/dz), "
            "not a dict."
        )
    got = as_numbers(answer, "grads_f", (3,))
    exact = gradient(_f_2, _POINT_2, method="complex")
    x, y, z = _POINT_2
    t = math.tanh(y)
    forward_values = [x, y, z, x * y, x * y + z, t, (x * y + z) * t]
    if _is_among(got, forward_values) and not np.allclose(got, exact, atol=1e-4):
        raise Incorrect(
            "these numbers are values from the forward pass (inputs or "
            "intermediate results), not gradients: run the backward pass from "
            "df/df = 1 down to the inputs."
        )
    if np.allclose(np.sort(got), np.sort(exact), atol=1e-4) and not np.allclose(
        got, exact, atol=1e-4
    ):
        raise Incorrect(
            "the three numbers are right but in the wrong order: give (df/dx, df/dy, df/dz)."
        )
    r, slope = x * y + z, 1 - t**2
    compare(
        got,
        exact,
        what="grads_f",
        rtol=1e-3,
        atol=1e-4,
        mistakes={
            "df/dy forgot the path through tanh(y): y reaches f along two paths "
            "(through x*y and through tanh(y)), and their contributions add up": [
                exact[0],
                t * x,
                exact[2],
            ],
            "df/dy forgot the path through the product x*y: y reaches f along two "
            "paths, and their contributions add up": [exact[0], r * slope, exact[2]],
            "the slope of tanh has the wrong sign: tanh'(y) = 1 - tanh(y)^2": [
                exact[0],
                t * x - r * slope,
                exact[2],
            ],
            "tanh'(y) was taken as 1 + tanh(y)^2; it is 1 - tanh(y)^2": [
                exact[0],
                t * x + r * (1 + t**2),
                exact[2],
            ],
        },
    )
    return "all three partials match the complex step; y's two paths add up in df/dy."


# ---------------------------------------------------------------- 05.3
def _sin_node(value_sin: Callable[[Value], Any], node: Value) -> Value:
    """Apply the learner's rule to ``node``; check what it returns and records."""
    out = call(value_sin, node, name="value_sin")
    shown = f"value_sin(Value({node.data:.3f}))"
    if not isinstance(out, Value):
        raise Incorrect(
            f"{shown} returned {_describe(out)}, not a Value: return the new "
            "Value, so that later operations can record it in the graph."
        )
    if not math.isclose(out.data, math.sin(node.data), rel_tol=1e-12, abs_tol=1e-12):
        raise Incorrect(
            f"the forward value is wrong: {shown}.data is {out.data:.6g}, but it "
            "should be sin of the input's data."
        )
    if not any(parent is node for parent in out._prev):
        raise Incorrect(
            "_prev not set: the new node does not record its input (pass "
            "_prev=(x,)), so backward() never visits x's side of the graph and "
            "the gradient never reaches x."
        )
    return out


_SIN_POINTS = random_points(6, -2.0, 2.0, seed=53)
_GRAPHS: dict[str, tuple[Callable[..., Value], Callable[[Any], Any]]] = {
    # name: (graph built with the learner's rule, the same function for NumPy)
    "alone": (lambda s, x: s(x), np.sin),
    "composed": (lambda s, x: s(x * x).exp(), lambda x: np.exp(np.sin(x * x))),
    "reused": (lambda s, x: s(x) * s(x), lambda x: np.sin(x) * np.sin(x)),
    "diamond": (lambda s, x: s(x) * x.tanh(), lambda x: np.sin(x) * np.tanh(x)),
}


def _graph_gradients(value_sin: Callable[[Value], Any], name: str) -> NDArray[Any]:
    """x.grad after backward() through one graph, at each check point."""
    build, _ = _GRAPHS[name]
    grads = []
    for x0 in _SIN_POINTS:
        x = Value(float(x0), label="x")
        y = build(lambda node: _sin_node(value_sin, node), x)
        call(y.backward, name="backward() through your rule")
        grads.append(as_number(x.grad, f"x.grad (graph {name!r}, x = {x0:.3f})"))
    return np.array(grads)


@exercise("05.3", "A new backward rule", stars=2, answer="value_sin")
def _new_rule(answer: Any) -> str:
    value_sin = as_function(answer, "value_sin")
    p = _SIN_POINTS
    exact = {
        name: derivative(numpy_f, p, method="complex")
        for name, (_, numpy_f) in _GRAPHS.items()
    }
    alone = _graph_gradients(value_sin, "alone")
    if np.allclose(alone, 0.0) and not np.allclose(exact["alone"], 0.0):
        raise Incorrect(
            "x.grad stays 0 after backward(): the rule never runs. Set "
            "out._backward = _backward before returning out."
        )
    compare(
        alone,
        exact["alone"],
        what="the gradient of value_sin(x)",
        mistakes={
            "the slope has the wrong sign: d sin(x)/dx = cos(x), not -cos(x)": -np.cos(
                p
            ),
            "the slope is sin(x); the derivative of sin is cos": np.sin(p),
            "the slope is -sin(x), the derivative of cos; the derivative of sin is "
            "cos": -np.sin(p),
        },
    )
    composed = _graph_gradients(value_sin, "composed")
    compare(
        composed,
        exact["composed"],
        what="the gradient of exp(value_sin(x * x))",
        mistakes={
            "the rule forgot to multiply by out.grad: alone it passes, because "
            "out.grad is 1 there, but inside a larger graph (composition breaks) "
            "the chain rule needs the local slope times out.grad": np.cos(p * p)
            * 2
            * p,
        },
    )
    reused = _graph_gradients(value_sin, "reused")
    compare(
        reused,
        exact["reused"],
        what="the gradient of value_sin(x) * value_sin(x)",
        mistakes={
            "the rule used = instead of +=: with two sin nodes on the same x (reuse "
            "breaks), the second overwrites the first's contribution instead of "
            "adding to it": np.sin(p) * np.cos(p),
        },
    )
    diamond = _graph_gradients(value_sin, "diamond")
    compare(
        diamond,
        exact["diamond"],
        what="the gradient of value_sin(x) * x.tanh()",
        mistakes={
            "the rule used = instead of +=: x reaches the output along two paths, "
            "and the rule overwrote the other path's contribution": np.cos(p)
            * np.tanh(p),
        },
    )
    return (
        "the rule gives the complex step's gradients alone, composed, reused and "
        "in a diamond: forward value, slope, out.grad and += are all right."
    )


# ---------------------------------------------------------------- 05.4
def _linear_case(m: int, d: int, k: int, seed: int) -> tuple[NDArray[np.float64], ...]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(m, d)), rng.normal(size=(k, d)), rng.normal(size=(m, k))


# (m, d, k, seed). The square case comes first: there every transpose has the
# right shape, so a mix-up shows as wrong values, which the check can name.
_LINEAR_CASES = [
    _linear_case(*args) for args in ((3, 3, 3, 54), (4, 3, 2, 55), (2, 5, 3, 56))
]
_LINEAR_SHAPE_WORDS = ("shape", "align", "matmul", "broadcast", "dimension")


def _linear_reference(
    X: NDArray[np.float64], W: NDArray[np.float64], dY: NDArray[np.float64]
) -> tuple[NDArray[np.float64], ...]:
    """dX, dW, db by finite differences of s = sum(dY * (X @ W.T + b))."""
    b = np.zeros(W.shape[0])

    def s(X_: Any, W_: Any, b_: Any) -> Any:
        return np.sum(dY * (X_ @ W_.T + b_))

    return (
        gradient(lambda v: s(v.reshape(X.shape), W, b), X.ravel()).reshape(X.shape),
        gradient(lambda v: s(X, v.reshape(W.shape), b), W.ravel()).reshape(W.shape),
        gradient(lambda v: s(X, W, v), b),
    )


def _three_arrays(value: Any) -> tuple[Any, Any, Any]:
    if isinstance(value, tuple | list) and len(value) == 3:
        return value[0], value[1], value[2]
    got = (
        f"{len(value)} of them" if isinstance(value, tuple | list) else _describe(value)
    )
    raise Incorrect(
        f"linear_backward should return three arrays, (dX, dW, db); got {got}."
    )


def _check_shape(value: Any, name: str, expected: tuple[int, ...], hint: str) -> None:
    got = _shape(value)
    if got is None:
        raise Incorrect(
            f"{name} should be an array of numbers, got {_describe(value)}."
        )
    if got != expected:
        raise Incorrect(f"{name} should have shape {expected}, got {got}. {hint}")


@exercise("05.4", "Backward pass of a linear layer", stars=2, answer="linear_backward")
def _linear_backward(answer: Any) -> str:
    linear_backward = as_function(answer, "linear_backward")
    for X, W, dY in _LINEAR_CASES:
        (m, d), k = X.shape, W.shape[0]
        shapes = f"X of shape ({m}, {d}), W ({k}, {d}), dY ({m}, {k})"
        try:
            value = call(
                linear_backward, X.copy(), W.copy(), dY.copy(), name="linear_backward"
            )
        except LearnerError as error:
            if any(word in str(error) for word in _LINEAR_SHAPE_WORDS):
                raise LearnerError(
                    f"{error} Check the shapes: with {shapes}, each gradient has "
                    "the shape of what it differentiates, dX that of X and dW that "
                    "of W."
                ) from error
            raise
        dX, dW, db = _three_arrays(value)
        _check_shape(dX, f"dX (with {shapes})", (m, d), "dX always has X's shape.")
        transposed = (
            "dW is transposed: X.T @ dY belongs to a W of shape (d, k); "
            "here W is (k, d), and dW has W's shape."
        )
        _check_shape(
            dW,
            f"dW (with {shapes})",
            (k, d),
            transposed if _shape(dW) == (d, k) else "dW always has W's shape.",
        )
        if _shape(db) == (m, k):
            raise Incorrect(
                f"db should have shape ({k},), got ({m}, {k}): db was not summed over "
                "the rows. b is added to every row (example), so its gradient adds "
                "up dY over the rows."
            )
        if _shape(db) == (m,) and m != k:
            raise Incorrect(
                f"db should have shape ({k},), got ({m},): the sum ran over the wrong "
                "axis. Add up dY over the rows (axis=0), one number per output."
            )
        _check_shape(
            db,
            f"db (with {shapes})",
            (k,),
            "db always has b's shape, one number per output.",
        )
        ref_dX, ref_dW, ref_db = _linear_reference(X, W, dY)
        compare(
            as_numbers(dX, "dX", (m, d)),
            ref_dX,
            what=f"dX (with {shapes})",
            mistakes={
                "dX = dY @ W.T, the formula of a layer whose W has shape (d, k); "
                "here W is (k, d): redo the derivation for this layout": dY @ W.T
            }
            if k == d
            else None,
        )
        compare(
            as_numbers(dW, "dW", (k, d)),
            ref_dW,
            what=f"dW (with {shapes})",
            mistakes={
                "dW is transposed: X.T @ dY is the formula of a layer whose W has "
                "shape (d, k); here dW must be laid out like W, (k, d)": X.T @ dY
            }
            if k == d
            else None,
        )
        db_mistakes = {
            "db is the mean of dY's rows; b is added to every row, so its "
            "gradient is their sum": dY.mean(axis=0)
        }
        if m == k:
            db_mistakes[
                "the sum ran over the wrong axis: add up dY over the rows "
                "(axis=0), one number per output"
            ] = dY.sum(axis=1)
        compare(
            as_numbers(db, "db", (k,)),
            ref_db,
            what=f"db (with {shapes})",
            mistakes=db_mistakes,
        )
    return (
        "dX, dW and db match finite differences for three layers, square and not: "
        "each gradient has the shape of what it differentiates."
    )


# ---------------------------------------------------------------- 05.5
def _reference_training(
    w0: float, b0: float, data: list[tuple[float, float]], lr: float, mode: str
) -> tuple[float, float]:
    """Gradient descent on (w x + b - y)^2, one example per step, gradient written out.

    ``mode`` is "right", or one of the plausible wrong versions of the loop:
    "accumulating" (gradients never zeroed), "zeroed too early" (zeroed between
    backward and the update) or "rebuilt" (parameters recreated from w0, b0).
    """
    w, b, gw, gb = w0, b0, 0.0, 0.0
    for x, y in data:
        if mode == "rebuilt":
            w, b = w0, b0
        residual = w * x + b - y
        step_w, step_b = 2 * residual * x, 2 * residual
        gw, gb = (
            (gw + step_w, gb + step_b) if mode == "accumulating" else (step_w, step_b)
        )
        if mode != "zeroed too early":
            w, b = w - lr * gw, b - lr * gb
    return w, b


_TRAINING_CASES = [
    (0.5, -0.2, [(1.0, 2.0), (2.0, 1.0)], 0.1),
    (-1.0, 0.3, [(0.5, 1.5), (-1.0, 0.0), (2.0, 3.0)], 0.05),
    (0.2, 0.1, [(1.5, -1.0), (0.0, 2.0), (-0.5, 0.5), (1.0, 1.0)], 0.1),
]


def _as_pair(value: Any) -> Any:
    """Let a pair of Values count as a pair of numbers."""
    if isinstance(value, tuple | list) and len(value) == 2:
        return [v.data if isinstance(v, Value) else v for v in value]
    return value


@exercise("05.5", "Find the bug: gradient accumulation", stars=2, answer="train")
def _training(answer: Any) -> str:
    train = as_function(answer, "train")
    for w0, b0, data, lr in _TRAINING_CASES:
        shown = f"train({w0}, {b0}, <{len(data)} examples>, lr={lr})"
        value = call(train, w0, b0, list(data), lr, name="train")
        got = as_numbers(_as_pair(value), shown, (2,))
        compare(
            got,
            _reference_training(w0, b0, data, lr, "right"),
            what=shown,
            mistakes={
                "the gradients are still accumulating: each backward() adds to "
                "what the earlier steps left in w.grad and b.grad (on the same "
                "example twice, the gradient would be doubled). Call zero_grad() "
                "before each backward()": _reference_training(
                    w0, b0, data, lr, "accumulating"
                ),
                "the gradients were zeroed between backward() and the update, so "
                "the parameters never move: zero them before backward() (or after "
                "the update)": _reference_training(
                    w0, b0, data, lr, "zeroed too early"
                ),
                "the parameters are recreated from w0 and b0 at every step, so each "
                "update is lost: create w and b once, before the loop": _reference_training(
                    w0, b0, data, lr, "rebuilt"
                ),
                "the update has the wrong sign: it climbs the loss; gradient "
                "descent subtracts lr times the gradient": _reference_training(
                    w0, b0, data, -lr, "right"
                ),
            },
        )
    return (
        "w and b match plain gradient descent on three data sets: every step "
        "uses its own example's gradient, and only that."
    )


# ---------------------------------------------------------------- 05.6
def _ordinary_batch(seed: int) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    rng = np.random.default_rng(seed)
    return rng.normal(scale=2.0, size=(4, 3)), rng.integers(0, 3, size=4)


# Ordinary logits first, where a wrong formula shows without any overflow; then
# three batches that each trip one unstable formula: large logits (exp
# overflows), rows that span 2000 (a shift by the min overflows, a shift by the
# batch's max underflows), and labels whose probability underflows to 0 (the
# log of the softmax is -inf).
_CE_CASES = [
    (*_ordinary_batch(57), "ordinary logits"),
    (*_ordinary_batch(58), "ordinary logits"),
    (
        np.array([[1000.0, 1001.0, 1002.0], [998.0, 1000.0, 999.0]]),
        np.array([0, 2]),
        "logits near 1000",
    ),
    (
        np.array([[-1000.0, 0.0, 1000.0], [5.0, -1000.0, 0.0]]),
        np.array([2, 0]),
        "rows that span 2000",
    ),
    (
        np.array([[0.0, -1000.0, 5.0], [-1000.0, -1001.0, -1002.0]]),
        np.array([1, 2]),
        "a label of probability about exp(-1005), and logits near -1000",
    ),
]
_CE_DIGITS = 50


def _exact_cross_entropy(
    Z: NDArray[np.float64], y: NDArray[np.int64]
) -> tuple[float, NDArray[np.float64]]:
    """The mean cross-entropy and its gradient, with 50-digit arithmetic."""
    n = len(y)
    grad = np.zeros(Z.shape)
    with mpmath.workdps(_CE_DIGITS):
        total = mpmath.mpf(0)
        for i, (row, label) in enumerate(zip(Z, y, strict=True)):
            terms = [mpmath.exp(mpmath.mpf(float(v))) for v in row]
            norm = mpmath.fsum(terms)
            total += mpmath.log(norm) - mpmath.mpf(float(row[label]))
            grad[i] = [float(t / norm) for t in terms]
        loss = float(total / n)
    grad[np.arange(n), y] -= 1.0
    return loss, grad / n


def _softmax_rows(Z: NDArray[np.float64], shift: Any) -> NDArray[np.float64]:
    exps = np.exp(Z - shift)
    return exps / np.sum(exps, axis=1, keepdims=True)


def _wrong_losses(Z: NDArray[np.float64], y: NDArray[np.int64]) -> dict[str, Any]:
    """What plausible wrong versions of the batch cross-entropy give as the loss."""
    rows = np.arange(len(y))
    row_max = Z.max(axis=1, keepdims=True)
    row_min = Z.min(axis=1, keepdims=True)

    def mean_loss(lse: Any) -> Any:
        return np.mean(lse - Z[rows, y])

    # Tried in this order: each extreme batch of _CE_CASES trips the first
    # unstable formula that it can, and earlier batches have caught the others.
    with np.errstate(all="ignore"):
        right = mean_loss(row_max[:, 0] + np.log(np.sum(np.exp(Z - row_max), axis=1)))
        return {
            "the max was not added back: log-sum-exp(z) = max(z) + "
            "log(sum(exp(z - max(z))))": mean_loss(
                np.log(np.sum(np.exp(Z - row_max), axis=1))
            ),
            "the loss takes the log of the softmax: a probability that underflows "
            "to 0 gives -log(0) = inf. Use log-sum-exp(z) - z[label] instead": -np.mean(
                np.log(_softmax_rows(Z, row_max)[rows, y])
            ),
            "the rows were shifted by their min instead of their max: exp(z - min) "
            "overflows as soon as a row spans more than about 700": mean_loss(
                row_min[:, 0] + np.log(np.sum(np.exp(Z - row_min), axis=1))
            ),
            "overflow: exp of a logit near 1000 is inf in float64 (the naive "
            "formula). Subtract each row's max before exp": mean_loss(
                np.log(np.sum(np.exp(Z), axis=1))
            ),
            "one max was taken over the whole batch instead of one per row: a row "
            "far below it underflows to exp(...) = 0 everywhere, and log(0) = -inf": (
                mean_loss(Z.max() + np.log(np.sum(np.exp(Z - Z.max()), axis=1)))
            ),
            "the loss is a sum over the batch, not a mean": len(y) * right,
            "the loss has the wrong sign: cross-entropy is log-sum-exp(z) - z[label], "
            "which is never negative": -right,
        }


def _wrong_gradients(Z: NDArray[np.float64], y: NDArray[np.int64]) -> dict[str, Any]:
    """What plausible wrong versions of the batch cross-entropy give as dZ."""
    n = len(y)
    P = _softmax_rows(Z, Z.max(axis=1, keepdims=True))
    onehot = np.zeros(Z.shape)
    onehot[np.arange(n), y] = 1.0
    return {
        "dZ is not divided by the batch size: the loss is a mean, so its gradient "
        "is one too": P - onehot,
        "dZ is missing the one-hot: it is (softmax(z) - onehot(label)) / n": P / n,
        "dZ has the wrong sign: it is (softmax(z) - onehot(label)) / n, not "
        "(onehot(label) - softmax(z)) / n": (onehot - P) / n,
        "dZ is the softmax's gradient for the label alone, -onehot / n: the "
        "softmax(z) / n part from the log-sum-exp is missing": -onehot / n,
    }


def _same(got: Any, wrong: Any) -> bool:
    """True if ``got`` equals a wrong answer, nan and inf included."""
    got, wrong = np.asarray(got, dtype=float), np.asarray(wrong, dtype=float)
    return got.shape == wrong.shape and bool(
        np.allclose(got, wrong, rtol=1e-6, atol=1e-12, equal_nan=True)
    )


def _loss_and_gradient(
    value: Any, shown: str, shape: tuple[int, ...]
) -> tuple[float, NDArray[np.float64]]:
    """Split the learner's (loss, dZ), checking the types and shapes."""
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise Incorrect(
            f"batch_cross_entropy should return a pair (loss, dZ); got {_describe(value)}."
        )
    loss, dZ = value
    loss_shape = _shape(loss)
    if loss_shape is None or int(np.prod(loss_shape)) != 1:
        got = _describe(loss) if loss_shape is None else f"shape {loss_shape}"
        raise Incorrect(
            f"the loss should be one number, the mean over the batch; with {shown} "
            f"it is {got}."
        )
    dZ_shape = _shape(dZ)
    if dZ_shape != shape:
        got = _describe(dZ) if dZ_shape is None else f"shape {dZ_shape}"
        raise Incorrect(f"dZ should have Z's shape {shape}; with {shown} it has {got}.")
    return float(np.asarray(loss, dtype=float).reshape(())), np.asarray(dZ, dtype=float)


@exercise(
    "05.6", "Stable cross-entropy for a batch", stars=3, answer="batch_cross_entropy"
)
def _cross_entropy(answer: Any) -> str:
    batch_cross_entropy = as_function(answer, "batch_cross_entropy")
    for Z, y, description in _CE_CASES:
        shown = (
            description
            if "ordinary" in description
            else f"{description}, Z = {Z.tolist()}"
        )
        value = call(
            batch_cross_entropy, Z.copy(), y.copy(), name="batch_cross_entropy"
        )
        loss, dZ = _loss_and_gradient(value, shown, Z.shape)
        exact_loss, exact_grad = _exact_cross_entropy(Z, y)
        if not np.isclose(loss, exact_loss, rtol=1e-9, atol=1e-12):
            for words, wrong in _wrong_losses(Z, y).items():
                if _same(loss, wrong):
                    raise Incorrect(f"the loss is not right with {shown}: {words}.")
            if not np.isfinite(loss):
                raise Incorrect(
                    f"the loss is {loss} with {shown}: somewhere exp overflowed or "
                    "log met 0. Shift each row by its max."
                )
            compare(loss, exact_loss, what=f"the loss with {shown}", rtol=1e-9)
        if not np.allclose(dZ, exact_grad, rtol=1e-7, atol=1e-12):
            for words, wrong in _wrong_gradients(Z, y).items():
                if _same(dZ, wrong):
                    raise Incorrect(f"dZ is not right with {shown}: {words}.")
            if not np.isfinite(dZ).all():
                raise Incorrect(
                    f"dZ contains nan or inf with {shown}: compute the softmax "
                    "from z - max(z), row by row."
                )
            compare(dZ, exact_grad, what=f"dZ with {shown}", rtol=1e-7, atol=1e-12)
    return (
        "loss and gradient match 50-digit arithmetic, for ordinary logits and for "
        "logits of size 1000: no overflow, no log(0)."
    )
