"""Checks for lesson 07, Backpropagation by hand.

Each check computes its own reference with an independent method (SymPy, the
complex step, finite differences, 50-digit arithmetic with mpmath, or a plain
loop with the gradient written out) at reproducible random points. None of
them uses the learner's idea to check the learner's idea: the backward rule of
exercise 7.3 runs inside `Value`, but its gradients are compared with the
complex step.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..autodiff import Value
from ..numerics import derivative, gradient
from ._core import Incorrect, exercise
from ._feedback import (
    _describe,
    as_function,
    as_number,
    as_numbers,
    call,
    compare,
    random_points,
)


@functools.cache
def _sympy_h() -> tuple[Any, Any, Any]:
    """SymPy, x, and h(x) of exercise 07.1.

    SymPy is imported here, when the check first runs, not with the package.
    """
    import sympy as sp

    x = sp.symbols("x", real=True)
    return sp, x, sp.log(1 + sp.exp(3 * x))


def _numpy(expr: Any) -> Callable[[NDArray[np.float64]], NDArray[np.float64]]:
    """Return ``expr``, a function of x, as a NumPy function of an array."""
    sp, x, _ = _sympy_h()
    function = sp.lambdify(x, expr, "numpy")
    return lambda points: np.broadcast_to(function(points), np.shape(points))


# ---------------------------------------------------------------- 05.1


@exercise("07.1", "A chain-rule derivative", stars=1, answer="dh")
def _chain_rule(answer: Any) -> str:
    sp, _x, _H = _sympy_h()
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
    "07.2", "Backpropagation by hand through a small graph", stars=2, answer="grads_f"
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


@exercise("07.3", "A new backward rule", stars=2, answer="value_sin")
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


# (m, d, k, seed). The square case comes first: there every transpose has the
# right shape, so a mix-up shows as wrong values, which the check can name.


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


@exercise("07.4", "Find the bug: gradient accumulation", stars=2, answer="train")
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


# Ordinary logits first, where a wrong formula shows without any overflow; then
# three batches that each trip one unstable formula: large logits (exp
# overflows), rows that span 2000 (a shift by the min overflows, a shift by the
# batch's max underflows), and labels whose probability underflows to 0 (the
# log of the softmax is -inf).
