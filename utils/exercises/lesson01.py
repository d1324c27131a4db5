"""Checks for lesson 01, Derivatives.

Each check computes its own reference with an independent method (SymPy, the
complex step, an average of the known derivative by Gauss-Legendre quadrature,
or a property of the right answer) at reproducible points, and names the
mistakes a learner is likely to make.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ..numerics import derivative
from ._core import Incorrect, exercise
from ._feedback import (
    as_function,
    as_number,
    call,
    check_at_points,
    compare,
    random_points,
    sympy_function,
)

_SIGN_FUNCTIONS = (
    ("x**3 at x = -2", lambda x: x**3, -2.0),
    ("4 - x**2 at x = 1", lambda x: 4 - x**2, 1.0),
    ("exp(-x) at x = 0", lambda x: np.exp(-x), 0.0),
)


@exercise("01.1")
def _signs(answer: Any) -> str:
    n = len(_SIGN_FUNCTIONS)
    if not isinstance(answer, tuple | list) or len(answer) != n:
        raise Incorrect(f"signs should be a tuple of {n} numbers, like (1, -1, 0).")
    signs = []
    for k, value in enumerate(answer):
        sign = as_number(value, f"signs[{k}]")
        if sign not in (-1.0, 0.0, 1.0):
            raise Incorrect(
                f"signs[{k}] should be 1, -1 or 0 (the direction only, not a size),"
                f" got {value!r}."
            )
        signs.append(sign)
    slopes = [
        np.sign(derivative(f, x0, method="complex")) for _, f, x0 in _SIGN_FUNCTIONS
    ]
    values = [np.sign(f(x0)) for _, f, x0 in _SIGN_FUNCTIONS]
    wrong = [k for k in range(n) if signs[k] != slopes[k]]
    if not wrong:
        return "rising, falling and falling: you read all three slopes."
    if len(wrong) == n and signs == values:
        raise Incorrect(
            "these are the signs of the functions' values (is the graph above or"
            " below the x axis?), not of their slopes: ask whether each graph goes"
            " up or down as x increases."
        )
    labels = "; ".join(_SIGN_FUNCTIONS[k][0] for k in wrong)
    if any(signs[k] == 0 for k in wrong):
        raise Incorrect(
            f"the sign is wrong for {labels}. 0 means flat, a horizontal tangent;"
            " sketch the graph near the point: is it level there?"
        )
    raise Incorrect(
        f"the sign is wrong for {labels}. Is the graph rising (+1) or falling (-1)"
        " as x increases there? A quick sketch of a few values helps."
    )


def _cubic(c: np.ndarray) -> tuple[Any, Any]:
    return (
        lambda x: ((c[3] * x + c[2]) * x + c[1]) * x + c[0],
        lambda x: (3 * c[3] * x + 2 * c[2]) * x + c[1],
    )


def _wave(s: float) -> tuple[Any, Any]:
    return (lambda x: np.sin(s * x) + x, lambda x: s * np.cos(s * x) + 1)


def _growth(s: float) -> tuple[Any, Any]:
    return (lambda x: np.exp(s * x), lambda x: s * np.exp(s * x))


def _secant_tests() -> list[tuple[Any, Any, float, float]]:
    """Cubics, waves and exponentials, with a < b and a > b, never symmetric."""
    rng = np.random.default_rng(12)
    tests = []
    for k in range(12):
        kind = k % 3
        if kind == 0:
            f, df = _cubic(rng.uniform(-2, 2, size=4) + np.array([0, 0, 0, 2.5]))
        elif kind == 1:
            f, df = _wave(rng.uniform(1.0, 2.0))
        else:
            f, df = _growth(rng.uniform(0.3, 1.0))
        a = rng.uniform(-2, 2)
        b = a + rng.choice([-1, 1]) * rng.uniform(0.4, 1.5)
        tests.append((f, df, a, b))
    return tests


_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(20)


def _mean_slope(df: Any, a: float, b: float) -> float:
    """The average of f' over the interval, by Gauss-Legendre quadrature."""
    mid, half = (a + b) / 2, (b - a) / 2
    return float(0.5 * np.sum(_WEIGHTS * df(mid + half * _NODES)))


@exercise("01.2")
def _secant(answer: Any) -> str:
    secant_slope = as_function(answer, "secant_slope")
    tests = _secant_tests()
    got = [
        as_number(
            call(secant_slope, f, a, b, name="secant_slope"), "secant_slope(f, a, b)"
        )
        for f, _, a, b in tests
    ]
    fa, fb, a, b = np.array([(f(p), f(q), p, q) for f, _, p, q in tests]).T
    rise, run = fb - fa, b - a
    expected = np.array([_mean_slope(df, a, b) for _, df, a, b in tests])
    backwards = run < 0
    got_backwards = np.asarray(got)[backwards]  # the slopes for a > b
    right = np.isclose(got, expected, rtol=1e-6, atol=1e-9)
    if right[~backwards].all() and not right[backwards].all():
        if np.allclose(got_backwards, 0.0):
            raise Incorrect(
                "secant_slope returns 0 when a > b, and the exercise asks for a > b"
                " too: two points give one secant, and its slope does not depend on"
                " which point you call a."
            )
        if not np.allclose(got_backwards, (rise / np.abs(run))[backwards]):
            raise Incorrect(
                "secant_slope is right when a < b but not when a > b: two points give"
                " one secant, and its slope does not depend on which point you call a."
            )
    compare(
        got,
        expected,
        what="secant_slope",
        unmatched="it differs from the secant's slope on some of the test functions."
        " Compute the rise from a to b and divide it by the run from a to b.",
        mistakes={
            "you took b as the step h of section 1, but b is the second point:"
            " f(a + b) is not the value at b, and the run is the distance from a"
            " to b, not b": [(f(p + q) - f(p)) / q for f, _, p, q in tests],
            "brackets are missing: without them Python divides f(a) by b before"
            " it subtracts anything (division comes before subtraction)": fb
            - fa / b
            - a,
            "you returned the rise f(b) - f(a) without dividing by the run": rise,
            "the rise and the run are taken in opposite orders (one from a to b,"
            " the other from b to a)": -rise / run,
            "you divided by abs(b - a), the run's size: that only works when a < b;"
            " when a > b the run is negative, and its sign counts": rise / np.abs(run),
            "the fraction is upside down: run over rise": run / rise,
            "you used //, which divides and then rounds down to a whole number:"
            " in Python a plain division is /": [
                float(p) // float(q) for p, q in zip(rise, run, strict=True)
            ],
            "brackets are missing: Python divides before it subtracts, so"
            " f(b) - f(a) / (b - a) divides f(a) alone": fb - fa / run,
            "brackets are missing: (f(b) - f(a)) / b - a divides by b, then"
            " subtracts a": rise / b - a,
            "secant_slope ignores the f it is given and works for x**2 only:"
            " call f at the two points": a + b,
            "you returned the slope of the tangent in the middle of the interval;"
            " for parabolas it equals the secant's slope, for other functions"
            " it does not": [df((p + q) / 2) for _, df, p, q in tests],
            "you returned the slope of the tangent at a, not of the secant through"
            " both points": [df(p) for _, df, p, _ in tests],
        },
    )
    return (
        "rise over run, right on cubics, waves and exponentials, with a < b and a > b."
    )


@functools.cache
def _sympy_cubic() -> tuple[Any, Any, Any]:
    """SymPy, x, and the cubic of exercise 01.3.

    SymPy is imported here, when the check first runs, not with the package.
    """
    import sympy as sp

    x = sp.Symbol("x")
    return sp, x, x**3 - 2 * x**2 + 3 * x - 1


@exercise("01.3")
def _cubic_derivative(answer: Any) -> str:
    sp, x, cubic = _sympy_cubic()
    exact = sp.diff(cubic, x)

    def at(expr: Any) -> Any:
        return sympy_function(expr, x)

    check_at_points(
        answer,
        "df",
        random_points(25, -3.0, 3.0, seed=13),
        at(exact),
        unmatched="it differs from f' at some of the test points. Take the terms"
        " one at a time: each power comes down in front and drops by one, a number"
        " in front stays, a constant has slope 0.",
        mistakes={
            "the term 3x stayed as it was: apply the pattern to it too (x is x to"
            " the power 1)": at(3 * x**2 - 4 * x + 3 * x),
            "you put the lowered power in front: the pattern brings the original"
            " power down in front, then lowers the power by one": at(
                2 * x**2 - 2 * x + 3
            ),
            "you brought each power down in front as a factor but did not lower"
            " it by one": at(3 * x**3 - 4 * x**2 + 3 * x),
            "you lowered each power but did not bring it down in front as a factor": at(
                x**2 - 2 * x + 3
            ),
            "for the term -2x², you lowered the power but did not bring it down in"
            " front as a factor (as you did for x³)": at(3 * x**2 - 2 * x + 3),
            "you kept the constant -1: a constant never changes, so its slope is 0": (
                at(exact - 1)
            ),
            "the term 3x vanished: its slope is 3, not 0 (only constants vanish)": (
                at(exact - 3)
            ),
            "the sign of the x term is wrong: the term -2x² keeps its minus sign"
            " when you differentiate it": at(3 * x**2 + 4 * x + 3),
            "df returns f itself, not its derivative": at(cubic),
        },
    )
    return "df matches SymPy's derivative at 25 random points."


_ALPHA = 0.2


def _leaky_relu(x: float) -> float:
    return max(_ALPHA * x, x)


@exercise("01.4")
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
    mistakes = {
        "left and right are swapped": [true_right, true_left],
        "you gave ReLU's slopes, but leaky ReLU is not 0 for x < 0: compute its"
        " left slope from its values": [0.0, 1.0],
        "these are the values f(0) on both sides, not slopes": [0.0, 0.0],
        "you averaged the two sides: a kink has two different one-sided slopes,"
        " give each": [(true_left + true_right) / 2] * 2,
        "the left slope has the wrong sign: left of 0 the graph is below the axis,"
        " but it still rises as x increases": [-true_left, true_right],
    }
    for description, wrong in mistakes.items():
        if np.allclose([left, right], wrong):
            raise Incorrect(
                f"(left_slope, right_slope) is not right: it looks like {description}."
            )
    for value, true, side in ((left, true_left, "left"), (right, true_right, "right")):
        if not np.isclose(value, true) and np.isclose(value, true, rtol=1e-2):
            raise Incorrect(
                f"the {side} slope is nearly right but not exact: on each side of 0"
                " leaky ReLU is a straight line, so its slope is the same for every"
                " h. Compute it with h = 1, or do not round."
            )
    if np.isclose(left, true_left) and not np.isclose(right, true_right):
        if np.isclose(right, _ALPHA):
            hint = " A slope of 0.2 holds on one side of 0 only."
        elif right <= 0:
            hint = (
                " A right slope of 0 or less would mean the graph is flat or falls"
                " for x > 0."
            )
        else:
            hint = ""
        raise Incorrect(
            f"the right slope is not right.{hint} For x > 0, which of 0.2x and x"
            " does max pick? Try x = 1."
        )
    if np.isclose(right, true_right) and not np.isclose(left, true_left):
        raise Incorrect(
            "the left slope is not right: for x < 0, which of 0.2x and x does max"
            " pick? Try x = -1."
        )
    compare(
        [left, right],
        [true_left, true_right],
        what="(left_slope, right_slope)",
        unmatched="neither slope is right. Use the two formulas of section 5 at"
        " x0 = 0; on paper, h = 1 is the easiest step.",
    )
    return "the two one-sided slopes differ, so leaky ReLU has no derivative at 0."
