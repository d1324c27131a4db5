"""Checks for lesson 03, Numerical derivatives.

Each check computes its own reference with an independent method (SymPy, the
complex step, or a property of the right answer) at reproducible random points.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..numerics import derivative
from ._core import Incorrect, exercise
from ._feedback import as_function, as_number, call, compare


@exercise("03.1", "Write the central difference", stars=2, answer="central_difference")
def _central(answer: Any) -> str:
    central_difference = as_function(answer, "central_difference")

    def estimate(f: Any, x: float, h: float) -> float:
        value = call(central_difference, f, x, h, name="central_difference")
        return as_number(value, f"central_difference(f, {x:.3g}, {h:.3g})")

    # A cubic's central difference depends on h (it is f'(x) + a h^2), so an
    # answer that gives the same value for two steps does not use its h.
    def cubic(t: float) -> float:
        return 0.5 * t**3 - t**2 + 2 * t

    if estimate(cubic, 0.8, 0.2) == estimate(cubic, 0.8, 0.4):
        raise Incorrect(
            "central_difference gives the same estimate for h = 0.2 and h = 0.4: "
            "h is not used. The two points must be a step h either side of x, "
            "with h the argument, not a number fixed inside the function."
        )
    rng = np.random.default_rng(14)
    for _ in range(5):
        p, q, r = rng.uniform(-3, 3, size=3)
        x, h = rng.uniform(-2, 2), rng.uniform(0.05, 0.5)

        def f(t: float, p: float = p, q: float = q, r: float = r) -> float:
            return p * t**2 + q * t + r

        # The central difference of a parabola is exact, whatever h is: the
        # slope 2 p x + q is the oracle.
        slope = 2 * p * x + q
        compare(
            estimate(f, x, h),
            slope,
            what=f"central_difference on a parabola (h = {h:.3f})",
            rtol=1e-9,
            mistakes={
                "you used the forward difference (f(x+h) - f(x)) / h, which uses "
                "only x and the point to its right": slope + p * h,
                "you used the backward difference (f(x) - f(x-h)) / h, which uses "
                "only x and the point to its left": slope - p * h,
                "the denominator is h: the two points x - h and x + h are further "
                "apart than that": 2 * slope,
                "the values are subtracted the wrong way round: the sign is "
                "reversed": -slope,
                "`/ 2 * h` divides by 2 and then multiplies by h, because Python "
                "works from left to right: put the denominator in parentheses": slope
                * h**2,
                "the numerator lacks parentheses, so only f(x - h) is divided: "
                "put parentheses around the whole difference": f(x + h)
                - f(x - h) / (2 * h),
                "you used f(x) in place of f(x - h): the points must lie one on "
                "each side of x": (slope + p * h) / 2,
            },
        )
    # Second order: halving h divides the error by about four.
    errors = [abs(estimate(np.sin, 0.7, h) - np.cos(0.7)) for h in (1e-2, 5e-3)]
    if not 3.5 < errors[0] / errors[1] < 4.5:
        raise Incorrect(
            "exact on parabolas, but on sin the error does not shrink like h^2 "
            "when h is halved: the formula has an extra term that vanishes on "
            "parabolas. Use only the two values f(x + h) and f(x - h)."
        )
    # On cubics the error is exactly a h^2, from the Taylor expansion.
    for a, x, h in [(0.5, 0.8, 0.3), (-2.0, -1.3, 0.1), (1.5, 2.0, -0.2)]:

        def g(t: float, a: float = a) -> float:
            return a * t**3 - t**2 + 3 * t

        compare(
            estimate(g, x, h),
            3 * a * x**2 - 2 * x + 3 + a * h**2,
            what=f"central_difference on a cubic (h = {h})",
            rtol=1e-9,
        )
    return "exact on parabolas, and the error on sin falls like h^2."


@exercise("03.2", "Find the best step size", stars=3, answer="best_h")
def _best_step(answer: Any) -> str:
    h = as_number(answer, "best_h")
    x0 = 1.0
    tried = [10.0**-k for k in range(1, 16)]

    def error(step: float) -> float:
        return abs(derivative(np.exp, x0, h=step, method="forward") - np.exp(x0))

    errors = [error(step) for step in tried]
    if h.is_integer() and -16 <= h <= -1:
        raise Incorrect(
            f"best_h is {h:g}, a negative whole number. If you wrote 10^-k: in "
            "Python `^` is not a power but a bitwise operation on integers, and "
            "powers are written with `**`. If it is an exponent: best_h should "
            "be the step itself, not its exponent."
        )
    if h <= 0:
        raise Incorrect(f"best_h should be a positive step, got {h}.")
    if h.is_integer() and h <= len(tried):
        raise Incorrect(
            f"best_h is {h:g}, which looks like a position in the list of steps "
            "(what np.argmin returns) or the k of 10**-k, not a step."
        )
    if not any(np.isclose(h, step, rtol=1e-6, atol=0) for step in tried):
        raise Incorrect(
            f"best_h = {h:.3g} is not one of the steps 1e-01, 1e-02, ..., 1e-15 "
            "that the exercise asks you to try. If it is the smallest error: "
            "best_h is the step that gives it, not the error itself."
        )
    largest = sorted(tried, key=error)[-2:]
    if any(np.isclose(h, step, rtol=1e-6, atol=0) for step in largest):
        hint = (
            " This step has one of the two largest errors of all fifteen: did you "
            "look for the largest error (max, argmax) instead of the smallest?"
        )
    else:
        hint = ""
    # Near the bottom of the V, round-off makes the errors scatter, so accept a
    # step whose error is close to the smallest, or one within a factor of 10 of
    # theory: truncation ~ h |f''| / 2 and round-off ~ 2 eps |f| / h balance at
    # h* = 2 sqrt(eps |f| / |f''|).
    h_star = 2 * np.sqrt(np.finfo(float).eps * np.exp(x0) / np.exp(x0))
    if error(h) <= 3 * min(errors) or h_star / 10 <= h <= h_star * 10:
        return f"the error at h = {h:.0e} is {error(h):.1e}, about as small as a forward difference gets."
    if h > h_star:
        raise Incorrect(
            f"with h = {h:.0e} the error is {error(h):.1e}: truncation error dominates. Try smaller steps."
            + hint
        )
    raise Incorrect(
        f"with h = {h:.0e} the error is {error(h):.1e}: round-off error dominates. Try larger steps."
        + hint
    )
