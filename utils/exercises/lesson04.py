"""Checks for lesson 04, Partial derivatives.

Each check computes its own reference with an independent method (SymPy, the
complex step, finite differences, or a property of the right answer) at
reproducible random points.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..numerics import gradient
from ._core import Incorrect, exercise
from ._feedback import as_function as _as_function
from ._feedback import (
    as_number,
    as_numbers,
    call,
    check_at_points,
    compare,
    sympy_function,
    values_at,
)


@functools.cache
def _sympy() -> SimpleNamespace:
    """SymPy, x and y, and the functions of the exercises.

    SymPy is imported here, when a check first needs it, not with the package.
    """
    import sympy as sp

    x, y = sp.symbols("x y")
    return SimpleNamespace(
        sp=sp,
        x=x,
        y=y,
        POLY=x**3 * y**2 + 2 * x * y - y**3,
        MIXED=x**3 * y**2 + x * sp.exp(y),
    )


def as_function(answer: Any, name: str) -> Callable[..., Any]:
    """Like `_feedback.as_function`, with a pointer for a SymPy expression."""
    sympy = sys.modules.get("sympy")  # a SymPy answer means SymPy is imported
    if sympy is not None and isinstance(answer, sympy.Basic):
        raise Incorrect(
            f"{name} should be a function, but it is a SymPy expression: turn it "
            "into a Python function with sp.lambdify (lesson 02)."
        )
    return _as_function(answer, name)


def _at(expr: Any) -> Callable[..., Any]:
    """A SymPy expression in x and y as a NumPy function of x and y."""
    sym = _sympy()
    return sympy_function(expr, sym.x, sym.y)


def _random_pairs(n: int, seed: int) -> NDArray[np.float64]:
    return np.random.default_rng(seed).uniform(-2.0, 2.0, size=(n, 2))


def _pair(answer: Any, name: str) -> tuple[Any, Any]:
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        raise Incorrect(f"{name} should be a pair of two functions, like (fx, fy).")
    return answer[0], answer[1]


@exercise("04.1")
def _by_hand(answer: Any) -> str:
    fx, fy = (
        as_function(fn, name)
        for fn, name in zip(_pair(answer, "partials"), ("fx", "fy"), strict=True)
    )
    points = _random_pairs(20, seed=31)
    got_x, got_y = values_at(fx, "fx", points), values_at(fy, "fy", points)
    x, y = points.T
    sym = _sympy()
    exact_x = _at(sym.sp.diff(sym.POLY, sym.x))(x, y)
    exact_y = _at(sym.sp.diff(sym.POLY, sym.y))(x, y)
    if np.allclose(got_x, exact_y) and np.allclose(got_y, exact_x):
        raise Incorrect(
            "fx and fy are swapped: fx is the partial in x (y held fixed), fy the one in y."
        )
    both_moved = exact_x + exact_y  # the derivative of f(x + t, y + t): nothing held
    compare(
        got_x,
        exact_x,
        what="fx",
        mistakes={
            "you differentiated y too: in fx, hold y fixed like a number": both_moved,
            "the term -y**3 has no x, so it is a constant for fx: its partial is 0": (
                exact_x - 3 * y**2
            ),
            "fx is the partial in y: you swapped x and y": exact_y,
            "y was dropped from the term 2xy: in fx, y is a constant factor, "
            "and a constant factor stays": exact_x - 2 * y + 2,
        },
    )
    compare(
        got_y,
        exact_y,
        what="fy",
        mistakes={
            "you differentiated x too: in fy, hold x fixed like a number": both_moved,
            "fy is the partial in x: you swapped x and y": exact_x,
            "x was dropped from the term 2xy: in fy, x is a constant factor, "
            "and a constant factor stays": exact_y - 2 * x + 2,
            "the term -y**3 is missing from fy: it has y in it, so it has a "
            "partial in y": exact_y + 3 * y**2,
            "the partial of the term -y**3 has the wrong sign: the minus in "
            "front stays": exact_y + 6 * y**2,
            "the power rule on y**3 is off: the exponent comes down as a "
            "factor, and the power drops by one": exact_y + 2 * y**2,
        },
    )
    return "both partials match SymPy's at 20 random points."


@exercise("04.4")
def _central(answer: Any) -> str:
    partial_x = as_function(answer, "partial_x")

    def estimate(f: Any, x: float, y: float, h: float) -> float:
        value = call(partial_x, f, x, y, h, name="partial_x")
        return as_number(value, f"partial_x(f, {x:.3g}, {y:.3g}, {h:.3g})")

    # A central difference in x is exact on a quadratic, whatever h is.
    rng = np.random.default_rng(32)
    cases = [
        (
            *rng.uniform(-3, 3, size=5),
            *rng.uniform(-2, 2, size=2),
            rng.uniform(0.05, 0.5),
        )
        for _ in range(5)
    ]
    p, q, r, s, t, x, y, h = np.array(cases).T

    def quadratic(p: Any, q: Any, r: Any, s: Any, t: Any) -> Any:
        return lambda u, v: p * u**2 + q * u * v + r * v**2 + s * u + t * v

    f = quadratic(p, q, r, s, t)  # the five quadratics at once, for the mistakes
    ahead, here, behind = f(x + h, y), f(x, y), f(x - h, y)
    check_at_points(
        partial_x,
        "partial_x",
        [(quadratic(*case[:5]), *case[5:]) for case in cases],
        2 * p * x + q * y + s,
        {
            "you used the forward difference (f(x+h, y) - f(x, y)) / h": (ahead - here)
            / h,
            "the denominator is h instead of 2h": (ahead - behind) / h,
            "you used the backward difference (f(x, y) - f(x-h, y)) / h": (
                here - behind
            )
            / h,
            "Python reads a / 2 * h as (a / 2) * h: put 2 * h in parentheses": (
                ahead - behind
            )
            / 2
            * h,
            "only f(x - h, y) was divided by 2h: put the difference in parentheses": (
                ahead - behind / (2 * h)
            ),
            "you moved y instead of x: only x changes, y stays fixed": (
                f(x, y + h) - f(x, y - h)
            )
            / (2 * h),
            "you moved x and y together: only x changes, y stays fixed": (
                f(x + h, y + h) - f(x - h, y - h)
            )
            / (2 * h),
        },
        what="partial_x on quadratics",
        rtol=1e-8,
    )

    def wave(u: float, v: float) -> float:
        return np.sin(u) * np.cos(v)

    # Second order: halving h divides the error by about four.
    exact = np.cos(0.7) * np.cos(0.3)
    estimates = [estimate(wave, 0.7, 0.3, h) for h in (1e-2, 5e-3)]
    if abs(estimates[0] - estimates[1]) < 1e-12:
        raise Incorrect(
            "your result does not change with h: use the step h you are given "
            "(the check tries several)."
        )
    errors = [abs(e - exact) for e in estimates]
    if not 3.5 < errors[0] / errors[1] < 4.5:
        raise Incorrect(
            "exact on quadratics, but the error on sin(x) cos(y) does not shrink like h^2."
        )
    return "exact on quadratics, and the error on sin(x) cos(y) falls like h^2."


@exercise("04.2")
def _mixed(answer: Any) -> str:
    sym = _sympy()
    sp, x, y, f = sym.sp, sym.x, sym.y, sym.MIXED
    fxy = sp.diff(f, x, y)
    check_at_points(
        as_function(answer, "fxy"),
        "fxy",
        _random_pairs(20, seed=33),
        _at(fxy),
        {
            "you gave f_xx: differentiate by x, then by y": _at(sp.diff(f, x, x)),
            "you gave f_yy: differentiate by x, then by y": _at(sp.diff(f, y, y)),
            "you gave f_x: now differentiate it once more, by y": _at(sp.diff(f, x)),
            "you gave f_y: now differentiate it once more, by x": _at(sp.diff(f, y)),
            "you multiplied f_x by f_y: differentiate f_x by y instead": _at(
                sp.diff(f, x) * sp.diff(f, y)
            ),
            "the term x e^y is missing: it has x in it, so it contributes to f_x, "
            "and from there to f_xy": _at(fxy - sp.exp(y)),
            "x e^y was differentiated by y only: differentiate it by x as well": _at(
                fxy - sp.exp(y) + x * sp.exp(y)
            ),
            "you used the power rule on e^y, but e^y is not a power of y "
            "(lesson 02)": _at(fxy - sp.exp(y) + y * sp.exp(y - 1)),
        },
    )
    return (
        "f_xy matches SymPy at 20 random points (and so does f_yx: Schwarz's theorem)."
    )


def _ridge_loss(
    w: Any, b: Any, x: NDArray[np.float64], y: NDArray[np.float64], lam: float
) -> Any:
    """Mean squared error of ``w * x + b`` plus the penalty ``lam * w**2``."""
    return np.mean((w * x + b - y) ** 2) + lam * w**2


def _ridge_feedback(
    got: NDArray[np.float64],
    exact: NDArray[np.float64],
    x: NDArray[np.float64],
    residual: NDArray[np.float64],
    w: float,
    b: float,
    lam: float,
) -> None:
    """Raise `Incorrect` naming what is wrong in each of the two partials."""

    def close(a: Any, c: Any) -> bool:
        return bool(np.allclose(a, c, rtol=1e-6, atol=1e-9))

    if close(got, exact):
        return
    where = f"At w = {w:.3f}, b = {b:.3f}, lam = {lam:.3f}"
    n = x.size
    mse_w, mse_b = np.mean(2 * residual * x), np.mean(2 * residual)
    penalty = 2 * lam * w
    both = {
        "dL/dw and dL/db are swapped": exact[::-1],
        "the sign is flipped everywhere": -exact,
        "you forgot the factor 2 (from the square and from w²)": exact / 2,
        "you summed the squared errors instead of taking their mean: divide by n": [
            n * mse_w + penalty,
            n * mse_b,
        ],
        "the sign is flipped: the difference inside the square is the "
        "prediction minus the target, not the target minus the prediction": [
            -mse_w + penalty,
            -mse_b,
        ],
    }
    for description, wrong in both.items():
        if close(got, wrong):
            raise Incorrect(
                f"{where}, both partials are off: it looks like {description}."
            )
    in_w = {
        "the penalty's derivative is missing: λw² depends on w, so it adds a "
        "term to dL/dw": mse_w,
        "the penalty was not differentiated: apply the power rule to λw² "
        "(λ is a constant factor)": mse_w + lam * w**2,
        "the penalty's derivative is off by a factor: use the power rule on w²": (
            mse_w + lam * w
        ),
        "w was dropped from the penalty's derivative: the power rule on w² "
        "leaves a w": mse_w + 2 * lam,
        "you forgot the factor 2 from the square": mse_w / 2 + penalty,
        "dL/dw is missing the factor x_i (the inner derivative in w)": mse_b + penalty,
    }
    in_b = {
        "the penalty was added to dL/db too: the bias is not penalised, and λw² "
        "has no b in it, so it adds nothing to dL/db": mse_b + penalty,
        "you penalised b too: λw² has no b in it, so it adds nothing to dL/db": (
            mse_b + 2 * lam * b
        ),
        "the penalty λw² was added to dL/db: it has no b in it, so it adds "
        "nothing to dL/db": mse_b + lam * w**2,
        "you forgot the factor 2 from the square": mse_b / 2,
        "dL/db has the factor x_i: that belongs to dL/dw; the inner function "
        "has slope 1 in b": mse_w,
    }
    notes = []
    for k, (name, mistakes) in enumerate((("dL/dw", in_w), ("dL/db", in_b))):
        if close(got[k], exact[k]):
            notes.append(f"{name} is right")
            continue
        found = next((d for d, v in mistakes.items() if close(got[k], v)), None)
        notes.append(
            f"{name} is off: it looks like {found}"
            if found
            else f"{name} is off: compare it with a complex-step slope of the loss"
        )
    raise Incorrect(f"{where}, " + "; ".join(notes) + ".")


@exercise("04.3")
def _ridge_partials(answer: Any) -> str:
    grad_wb = as_function(answer, "grad_wb")
    rng = np.random.default_rng(34)
    for n in (5, 8, 13):
        x = rng.uniform(-2, 2, size=n)
        y = 1.5 * x - 0.5 + rng.normal(0, 0.3, size=n)
        w, b = rng.uniform(-2, 2, size=2)
        lam = float(rng.uniform(0.2, 2.0))
        value = call(grad_wb, w, b, x.copy(), y.copy(), lam, name="grad_wb")
        if np.ndim(value) == 0:
            raise Incorrect(
                "grad_wb should return two partials, (dL/dw, dL/db); got a single number."
            )
        shown = f"grad_wb(w, b, x, y, lam) with {n} points"
        got = as_numbers(value, shown, (2,))
        other = call(grad_wb, w, b, x.copy(), y.copy() + 1.0, lam, name="grad_wb")
        if np.allclose(got, as_numbers(other, shown, (2,))):
            raise Incorrect(
                "grad_wb gives the same values for different data: it ignores its "
                "arguments x and y. Use them, not the notebook's x_data and y_data."
            )
        exact = gradient(
            lambda v, x=x, y=y, lam=lam: _ridge_loss(v[0], v[1], x, y, lam),
            [w, b],
            method="complex",
        )
        residual = w * x + b - y
        _ridge_feedback(got, exact, x, residual, w, b, lam)
    return (
        "both partials match complex-step derivatives of the penalised loss "
        "on 3 random data sets."
    )


def _f3(x: Any, y: Any, z: Any) -> Any:
    return x**2 * y + y * np.exp(z) + np.sin(x * z)


def _grad_claimed(x: Any, y: Any, z: Any) -> tuple[Any, Any, Any]:
    """The gradient the lesson hands out, with one wrong partial (the learner finds it)."""
    return (
        2 * x * y + z * np.cos(x * z),
        x**2 + np.exp(z),
        y * np.exp(z) + np.cos(x * z),
    )


@exercise("04.5")
def _find_bug(answer: Any) -> str:
    grad_fixed = as_function(answer, "grad_fixed")
    points = np.random.default_rng(35).uniform(-2.0, 2.0, size=(10, 3))

    def three(value: Any, shown: str) -> NDArray[np.float64]:
        if np.ndim(value) == 0:
            raise Incorrect(
                "grad_fixed should return three partials, one per variable; "
                "got a single number."
            )
        return as_numbers(value, shown, (3,))

    got_arr = np.array(values_at(grad_fixed, "grad_fixed", points, three))
    exact_arr = np.array(
        [gradient(lambda v: _f3(*v), p, method="complex") for p in points]
    )
    claimed = np.array([_grad_claimed(*p) for p in points], dtype=float)
    if np.allclose(got_arr, claimed):
        raise Incorrect(
            "grad_fixed gives the same values as grad_claimed, which has a wrong "
            "partial. Compare each of its three partials with a numerical estimate."
        )
    x, y, z = points.T
    cos_xz = np.cos(x * z)
    ex, ey, ez = exact_arr.T
    mistakes: list[dict[str, Any]] = [
        {
            "the term sin(xz) is missing: it has x in it, so it has a partial in x": ex
            - z * cos_xz,
        },
        {
            "the term y e^z is missing: it has y in it, so it has a partial in y": ey
            - np.exp(z),
        },
        {
            "the inner derivative of sin(xz) was taken by x: in the partial "
            "in z, differentiate xz by z": ez - x * cos_xz + z * cos_xz,
            "the term y e^z is missing: it has z in it, so it has a partial in z": ez
            - y * np.exp(z),
            "y was dropped from y e^z: in the partial in z, y is a constant "
            "factor, and it stays": ez - y * np.exp(z) + np.exp(z),
            "you differentiated sin as if it were cos: see lesson 02": ez
            - x * cos_xz
            - x * np.sin(x * z),
        },
    ]
    for k, name in enumerate("xyz"):
        what = f"the partial in {name}"
        compare(got_arr[:, k], exact_arr[:, k], what=what, mistakes=mistakes[k])
    return (
        "all three partials agree with the complex step at 10 random points. "
        "(At x = 1 the bug is invisible, since x cos(xz) = cos(xz) there: "
        "a round test point such as (1, 1, 1) can hide a mistake.)"
    )


def _mixed_model(v: Any) -> Any:
    v = np.asarray(v)
    return v[0] ** 2 * v[1] + v[0] * np.exp(0.3 * v[2]) + 2.0


@exercise("04.6")
def _elasticities(answer: Any) -> str:
    elasticities = as_function(answer, "elasticities")
    rng = np.random.default_rng(36)
    powers, c = rng.uniform(-1.5, 1.5, size=3), rng.uniform(1, 5)

    def product(v: Any) -> Any:  # c x^a y^b z^d
        return c * np.prod(np.asarray(v) ** powers)

    cases = [
        ("a product of powers, c x^a y^b z^d", product),
        ("a model with interactions", _mixed_model),
    ]
    for label, f in cases:
        point = rng.uniform(0.5, 3.0, size=3)
        value = call(elasticities, f, point.copy(), name="elasticities")
        got = as_numbers(value, f"elasticities on {label}", (3,))
        partials = gradient(f, point, method="complex")
        scale = point / f(point)
        # Property: the elasticities of c * x**a * y**b * z**c are the powers.
        expected = powers if f is not _mixed_model else partials * scale
        compare(
            got,
            expected,
            what=f"elasticities(f, x) on {label}",
            rtol=1e-4,
            mistakes={
                "you returned the partial derivatives; scale each by x_i / f(x)": partials,
                "you multiplied by x_i but did not divide by f(x)": partials * point,
                "the ratio is upside down: scale by x_i / f(x), not f(x) / x_i": partials
                / scale,
                "you gave a value 100 times too large: an elasticity is a ratio "
                "of two percentages, so the factors 100 cancel": 100 * expected,
                "the partial derivatives are missing: x_i / f(x) alone is not an "
                "elasticity": scale,
                "you divided by x_i instead of multiplying by it": partials
                / (point * f(point)),
            },
        )
    return "right on a product of powers (elasticities = powers) and on a model with interactions."
