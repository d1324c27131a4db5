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


@exercise("03.2", "Find the best step size", stars=3, answer="best_h")
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
