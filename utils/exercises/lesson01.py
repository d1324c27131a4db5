"""Checks for lesson 01, Derivatives.

Each check computes its own reference with an independent method (SymPy, the
complex step, or a property of the right answer) at reproducible random points.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from ..numerics import derivative
from ._core import Incorrect, exercise
from ._feedback import as_function, as_number, call, compare, random_points

_SIGN_FUNCTIONS = (
    ("x**3 at x = -2", lambda x: x**3, -2.0),
    ("4 - x**2 at x = 1", lambda x: 4 - x**2, 1.0),
    ("exp(-x) at x = 0", lambda x: np.exp(-x), 0.0),
)


@exercise("01.1", "Read the sign of a slope", stars=1, answer="signs")
def _signs(answer: Any) -> str:
    if not isinstance(answer, tuple | list) or len(answer) != len(_SIGN_FUNCTIONS):
        raise Incorrect(
            f"signs should be a tuple of {len(_SIGN_FUNCTIONS)} numbers, like (1, -1, 0)."
        )
    wrong = []
    for k, (value, (label, f, x0)) in enumerate(
        zip(answer, _SIGN_FUNCTIONS, strict=True)
    ):
        sign = as_number(value, f"signs[{k}]")
        if sign not in (-1.0, 0.0, 1.0):
            raise Incorrect(f"signs[{k}] should be 1, -1 or 0, got {value!r}.")
        if sign != np.sign(derivative(f, x0, method="complex")):
            wrong.append(label)
    if wrong:
        raise Incorrect(
            "the sign is wrong for "
            + "; ".join(wrong)
            + ". Is the graph rising (+1) or falling (-1) as x increases there?"
        )
    return "rising, falling and falling: you read all three slopes."


@exercise("01.2", "Slope of a secant", stars=1, answer="secant_slope")
def _secant(answer: Any) -> str:
    secant_slope = as_function(answer, "secant_slope")
    rng = np.random.default_rng(12)
    for _ in range(10):
        p, q, r = rng.uniform(-3, 3, size=3)
        a, b = np.sort(rng.uniform(-2, 2, size=2))

        def f(x: float, p: float = p, q: float = q, r: float = r) -> float:
            return p * x**2 + q * x + r

        got = as_number(
            call(secant_slope, f, a, b, name="secant_slope"), "secant_slope(f, a, b)"
        )
        rise, run = f(b) - f(a), b - a
        # For a parabola the secant slope equals f' at the midpoint of [a, b].
        compare(
            got,
            2 * p * (a + b) / 2 + q,
            what=f"secant_slope(f, {a:.3f}, {b:.3f})",
            mistakes={
                "you returned the rise f(b) - f(a) without dividing by the run": rise,
                "the rise and the run are taken in opposite orders": -rise / run,
            },
        )
    return "rise over run, right on 10 random parabolas."


_x = sp.Symbol("x")
_CUBIC = _x**3 - 2 * _x**2 + 3 * _x - 1


@exercise("01.3", "Differentiate a cubic by hand", stars=2, answer="df")
def _cubic(answer: Any) -> str:
    df = as_function(answer, "df")
    points = random_points(25, -3.0, 3.0, seed=13)
    exact = sp.lambdify(_x, sp.diff(_CUBIC, _x), "numpy")
    got = [as_number(call(df, float(x), name="df"), f"df({x:.3f})") for x in points]
    powers_kept = sp.lambdify(_x, 3 * _x**3 - 4 * _x**2 + 3 * _x, "numpy")
    compare(
        got,
        exact(points),
        what="df",
        mistakes={
            "you multiplied by the power but did not lower it (n x^n instead of n x^(n-1))": (
                powers_kept(points)
            ),
            "df returns f itself": sp.lambdify(_x, _CUBIC, "numpy")(points),
        },
    )
    return "df matches SymPy's derivative at 25 random points."


_ALPHA = 0.2


def _leaky_relu(x: float) -> float:
    return max(_ALPHA * x, x)


@exercise("01.4", "One-sided slopes of leaky ReLU", stars=2, answer="one_sided")
def _one_sided(answer: Any) -> str:
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        raise Incorrect("one_sided should be a pair (left_slope, right_slope).")
    left, right = (
        as_number(v, name)
        for v, name in zip(answer, ("left slope", "right slope"), strict=True)
    )
    h = 1e-6
    true_left = (_leaky_relu(0.0) - _leaky_relu(-h)) / h
    true_right = (_leaky_relu(h) - _leaky_relu(0.0)) / h
    compare(
        [left, right],
        [true_left, true_right],
        what="(left_slope, right_slope)",
        mistakes={
            "left and right are swapped": [true_right, true_left],
            "you gave ReLU's slopes; leaky ReLU keeps a small slope for x < 0": [
                0.0,
                1.0,
            ],
        },
    )
    return "the two one-sided slopes differ, so leaky ReLU has no derivative at 0."
