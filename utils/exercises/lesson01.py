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


@exercise("01.4", "Write the central difference", stars=2, answer="central_difference")
def _central(answer: Any) -> str:
    central_difference = as_function(answer, "central_difference")

    def estimate(f: Any, x: float, h: float) -> float:
        value = call(central_difference, f, x, h, name="central_difference")
        return as_number(value, f"central_difference(f, {x:.3g}, {h:.3g})")

    rng = np.random.default_rng(14)
    for _ in range(5):
        p, q, r = rng.uniform(-3, 3, size=3)
        x, h = rng.uniform(-2, 2), rng.uniform(0.05, 0.5)

        def f(t: float, p: float = p, q: float = q, r: float = r) -> float:
            return p * t**2 + q * t + r

        # The central difference of a parabola is exact, whatever h is.
        compare(
            estimate(f, x, h),
            2 * p * x + q,
            what=f"central_difference on a parabola (h = {h:.3f})",
            rtol=1e-9,
            mistakes={
                "you used the forward difference (f(x+h) - f(x)) / h": (f(x + h) - f(x))
                / h,
                "you used the backward difference (f(x) - f(x-h)) / h": (
                    f(x) - f(x - h)
                )
                / h,
                "the denominator is h instead of 2h": (f(x + h) - f(x - h)) / h,
            },
        )
    # Second order: halving h divides the error by about four.
    errors = [abs(estimate(np.sin, 0.7, h) - np.cos(0.7)) for h in (1e-2, 5e-3)]
    if not 3.5 < errors[0] / errors[1] < 4.5:
        raise Incorrect(
            "exact on parabolas, but the error does not shrink like h^2 on sin."
        )
    return "exact on parabolas, and the error on sin falls like h^2."


_ALPHA = 0.2


def _leaky_relu(x: float) -> float:
    return max(_ALPHA * x, x)


@exercise("01.5", "One-sided slopes of leaky ReLU", stars=2, answer="one_sided")
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


@exercise("01.6", "Find the best step size", stars=3, answer="best_h")
def _best_step(answer: Any) -> str:
    h = as_number(answer, "best_h")
    if h <= 0:
        raise Incorrect(f"best_h should be a positive step, got {h}.")
    x0 = 1.0

    def error(step: float) -> float:
        return abs(derivative(np.exp, x0, h=step, method="forward") - np.exp(x0))

    # Near the bottom of the V, round-off makes the errors scatter, so accept any
    # step whose error is close to the smallest on the grid of powers of ten, or
    # within a factor of 10 of theory: truncation ~ h |f''| / 2 and round-off
    # ~ 2 eps |f| / h balance at h* = 2 sqrt(eps |f| / |f''|).
    smallest = min(error(10.0**-k) for k in range(1, 16))
    h_star = 2 * np.sqrt(np.finfo(float).eps * np.exp(x0) / np.exp(x0))
    if error(h) <= 3 * smallest or h_star / 10 <= h <= h_star * 10:
        return f"the error at h = {h:.0e} is {error(h):.1e}, about as small as a forward difference gets."
    if h > h_star:
        raise Incorrect(
            f"with h = {h:.0e} the error is {error(h):.1e}: truncation error dominates. Try smaller steps."
        )
    raise Incorrect(
        f"with h = {h:.0e} the error is {error(h):.1e}: round-off error dominates. Try larger steps."
    )
