"""Checks for lesson 02, Derivative rules.

Each check computes its own reference with SymPy, which differentiates the
exercise's function, at reproducible random points. The activation and loss
checks evaluate SymPy's derivative with 800-digit arithmetic (mpmath); the
weighted cross-entropy of Going further (02.6) is also checked at z = -800 and z = 800,
where a formula that lets ``exp`` overflow returns nan or inf in floating
point, and the feedback then says so.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np

from ._core import Incorrect, LearnerError, exercise
from ._feedback import (
    as_number,
    check_at_points,
    compare,
    random_points,
    sympy_function,
    values_at,
)


@functools.cache
def _sympy() -> SimpleNamespace:
    """SymPy, the symbols, and the functions of the exercises.

    SymPy is imported here, when a check first needs it, not with the package.
    """
    import sympy as sp

    x, z = sp.symbols("x z", real=True)
    y, w = sp.symbols("y w", positive=True)
    sigma = 1 / (1 + sp.exp(-z))
    numerator, denominator = 2 * x + 1, x**2 + 1
    W = sp.Symbol("w", real=True)
    sigma_wx = sigma.subs(z, W * x)
    return SimpleNamespace(
        sp=sp,
        x=x,
        z=z,
        y=y,
        w=w,
        SIGMA=sigma,
        PRODUCT=x**2 * sp.sin(x),
        NUMERATOR=numerator,
        DENOMINATOR=denominator,
        QUOTIENT=numerator / denominator,
        BELL=sp.exp(-(x**2) / 2),
        INNER=-(x**2) / 2,
        SILU=z * sigma,
        SIGMA_PRIME=sigma * (1 - sigma),
        W=W,
        SIGMA_WX=sigma_wx,
        SIGMA_PRIME_WX=sigma_wx * (1 - sigma_wx),
        NEURON_LOSS=(sigma_wx - y) ** 2,
        P=sp.Symbol("p", positive=True),
        WEIGHTED_BCE=-(w * y * sp.log(sigma) + (1 - y) * sp.log(1 - sigma)),
    )


_EXTREMES = (-800.0, 800.0)
_DIGITS = 800  # enough to evaluate exp(-800) next to 1 without cancellation


def _exact(expr: Any, symbols: Sequence[Any], *columns: Sequence[float]) -> list[float]:
    """Evaluate ``expr`` at each point with `_DIGITS` digits; return floats."""
    points = tuple(tuple(float(a) for a in column) for column in columns)
    return list(_exact_at(expr, tuple(symbols), points))


@functools.cache  # the points are fixed, so each reference is computed once
def _exact_at(
    expr: Any,
    symbols: tuple[Any, ...],
    columns: tuple[tuple[float, ...], ...],
) -> tuple[float, ...]:
    import mpmath  # here, not on import: only these checks need it

    sp = _sympy().sp
    function = sp.lambdify(symbols, expr, "mpmath")
    with mpmath.workdps(_DIGITS):
        return tuple(
            float(function(*(mpmath.mpf(a) for a in args)))
            for args in zip(*columns, strict=True)
        )


def _check(answer: Any, name: str, points: Any, oracle: Any, mistakes: Any) -> None:
    """`check_at_points`, explaining a function that hands its number to SymPy."""
    try:
        check_at_points(answer, name, points, oracle, mistakes)
    except LearnerError as error:
        if "derivative wrt" in str(error.__cause__):
            raise Incorrect(
                "your function received a number, and SymPy cannot differentiate "
                "with respect to a number. The check calls your function with "
                "numbers: return a NumPy formula, and do the SymPy check in its "
                "own cell (or turn SymPy's result into a function with "
                f"`sp.lambdify`). ({error})"
            ) from error
        raise


def _check_derivative(
    answer: Any, name: str, f: Any, mistakes: dict[str, Any], seed: int
) -> None:
    """Compare a learner's f' with SymPy's at 25 random points in [-3, 3]."""
    sym = _sympy()
    _check(
        answer,
        name,
        random_points(25, -3.0, 3.0, seed=seed),
        sympy_function(sym.sp.diff(f, sym.x), sym.x),
        {words: sympy_function(wrong, sym.x) for words, wrong in mistakes.items()},
    )


def _values_at_extremes(fn: Callable[..., Any], name: str, points: Any) -> list[float]:
    """`values_at`, explaining an overflow or a nan."""
    hint = (
        "At z = ±800, σ(z) or 1 - σ(z) rounds to 0, even with `sigmoid_stable`: "
        "simplify the formula first, so that you never divide by them (and "
        "compute σ with `sigmoid_stable`, whose exp never overflows)."
    )

    def read(value: Any, shown: str) -> float:
        if _is_not_finite(value):
            raise Incorrect(f"right for moderate z, but {shown} is nan or inf. {hint}")
        return as_number(value, shown)

    try:
        return values_at(fn, name, points, read)
    except LearnerError as error:
        if isinstance(error.__cause__, OverflowError | ZeroDivisionError):
            raise Incorrect(f"right for moderate z, but {error} {hint}") from error
        raise


def _is_not_finite(value: Any) -> bool:
    """True if ``value`` is one number (or a one-element array) that is nan or inf."""
    try:
        number = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    return number.size == 1 and not np.isfinite(number).all()


# ---------------------------------------------------------------- 02.1 to 02.3
@exercise("02.1")
def _product(answer: Any) -> str:
    sym = _sympy()
    sp, _x, _PRODUCT = sym.sp, sym.x, sym.PRODUCT
    _check_derivative(
        answer,
        "df_product",
        _PRODUCT,
        {
            "you multiplied the two derivatives, (x²)'·(sin x)' = 2x cos x; "
            "the product rule has two terms, f'g + fg'": 2 * _x * sp.cos(_x),
            "you kept only one of the product rule's two terms, the one in which "
            "x² is differentiated; the term in which sin x is differentiated is "
            "missing": 2 * _x * sp.sin(_x),
            "you kept only one of the product rule's two terms, the one in which "
            "sin x is differentiated; the term in which x² is differentiated is "
            "missing": _x**2 * sp.cos(_x),
            "sin x was not differentiated in the term f g' (section 2's table "
            "gives its derivative)": 2 * _x * sp.sin(_x) + _x**2 * sp.sin(_x),
            "there is a minus between the two terms; the product rule adds them": (
                2 * _x * sp.sin(_x) - _x**2 * sp.cos(_x)
            ),
            "the angles are in degrees: NumPy's sin and cos, like the table of "
            "section 2, work in radians, so leave x as it is": (
                2 * _x * sp.sin(_x * sp.pi / 180) + _x**2 * sp.cos(_x * sp.pi / 180)
            ),
        },
        seed=21,
    )
    return "f'g + fg' = 2x sin x + x² cos x, right at 25 random points."


@exercise("02.2")
def _quotient(answer: Any) -> str:
    sym = _sympy()
    sp, _x, _NUMERATOR, _DENOMINATOR, _QUOTIENT = (
        sym.sp,
        sym.x,
        sym.NUMERATOR,
        sym.DENOMINATOR,
        sym.QUOTIENT,
    )
    top, top_prime = _NUMERATOR, sp.diff(_NUMERATOR, _x)
    bottom, bottom_prime = _DENOMINATOR, sp.diff(_DENOMINATOR, _x)
    _check_derivative(
        answer,
        "df_quotient",
        _QUOTIENT,
        {
            "the numerator is f g' - f' g, the wrong way round, which flips the sign; "
            "it is f'g - fg'": (top * bottom_prime - top_prime * bottom) / bottom**2,
            "the denominator is g, not g²": (top_prime * bottom - top * bottom_prime)
            / bottom,
            "there is a plus in the numerator; the quotient rule has f'g - fg'": (
                top_prime * bottom + top * bottom_prime
            )
            / bottom**2,
            "you divided the derivatives, f'/g'; a quotient needs the quotient rule": (
                top_prime / bottom_prime
            ),
            "g' is wrong: you took the derivative of x² + 1 to be the number 2; "
            "the power rule on x² lowers the power by one but keeps x": (
                top_prime * bottom - top * 2
            )
            / bottom**2,
            "the denominator lost its brackets: `/x**2+1` divides by x² and then "
            "adds 1, because Python divides before it adds; the whole of g, squared, "
            "belongs in brackets": (top_prime * bottom - top * bottom_prime) / _x**2
            + 1,
            "the numerator lost its brackets: Python divides before it subtracts, "
            "so only the term f g' is divided by g²; put the whole numerator in "
            "brackets": top_prime * bottom - top * bottom_prime / bottom**2,
            "`/ g*g` divides by g and then multiplies by g again, because Python "
            "works from left to right; write the square with `**` and brackets": (
                top_prime * bottom - top * bottom_prime
            ),
            "a bracket is missing in the numerator: `2*x**2+1` doubles only x², "
            "not the whole of g": (2 * _x**2 + 1 - top * bottom_prime) / bottom**2,
        },
        seed=22,
    )
    return "(f'g - fg')/g², right at 25 random points."


_NOT_A_POWER = (
    "the power rule is for x^n, where the variable is in the base; in e^u it is in "
    "the exponent, and e^u has its own rule (section 2's table)"
)


@exercise("02.3")
def _chain(answer: Any) -> str:
    sym = _sympy()
    sp, _x, _BELL, _INNER = sym.sp, sym.x, sym.BELL, sym.INNER
    _check_derivative(
        answer,
        "df_chain",
        _BELL,
        {
            "the inner derivative is missing: you returned e^(-x²/2) itself": _BELL,
            "you multiplied by the inner function -x²/2 instead of its derivative": (
                -(_x**2) / 2 * _BELL
            ),
            "the inner derivative is twice too large: the factor 1/2 in -x²/2 got "
            "lost (a constant factor stays in front when you differentiate)": (
                -2 * _x * _BELL
            ),
            "the minus sign of the inner function -x²/2 got lost": _x * _BELL,
            "the /2 ended up outside the exponential: `np.exp(-x**2)/2` is e^(-x²) "
            "halved, not e^(-x²/2); check the brackets around the exponent": (
                -_x * sp.exp(-(_x**2)) / 2
            ),
            "you used the power rule on e^u, bringing the exponent down in front "
            f"and lowering it by one; {_NOT_A_POWER}": _INNER * sp.exp(_INNER - 1),
            "you used the power rule on e^u (exponent down in front, exponent "
            f"lowered by one), then the inner derivative; {_NOT_A_POWER}": _INNER
            * sp.exp(_INNER - 1)
            * sp.diff(_INNER, _x),
            "the inner derivative is there, but you lowered the exponent by one, "
            f"as the power rule does; {_NOT_A_POWER}": sp.exp(_INNER - 1)
            * sp.diff(_INNER, _x),
            "you returned only the inner derivative, -x: the outer factor is "
            "missing. The chain rule multiplies the inner derivative by the outer "
            "derivative, evaluated at the inner value": sp.diff(_INNER, _x),
            "the exponent lost its minus sign: your outer factor grows without "
            "bound, while the bell curve flattens far from 0. The outer derivative "
            "is taken at the inner value exactly as the inner function is written, "
            "sign included": sp.diff(_INNER, _x) * sp.exp(-_INNER),
        },
        seed=23,
    )
    return "outer derivative times inner derivative: -x e^(-x²/2), right at 25 points."


# ---------------------------------------------------------------- 02.5 SiLU (optional)
@exercise("02.5")
def _silu(answer: Any) -> str:
    sym = _sympy()
    sp, _z, _SIGMA, _SILU, _SIGMA_PRIME = (
        sym.sp,
        sym.z,
        sym.SIGMA,
        sym.SILU,
        sym.SIGMA_PRIME,
    )

    def exact(expr: Any) -> Any:
        return lambda z: _exact(expr, [_z], z)

    _check(
        answer,
        "dsilu",
        random_points(20, -8.0, 8.0, seed=24),
        exact(sp.diff(_SILU, _z)),
        {
            "you kept only z' σ(z) = σ(z); the product rule adds z σ'(z)": exact(
                _SIGMA
            ),
            "you kept only z σ'(z); the product rule adds z' σ(z) = σ(z)": exact(
                _z * _SIGMA_PRIME
            ),
            "you multiplied the two derivatives, 1 · σ'(z); the product rule has "
            "two terms": exact(_SIGMA_PRIME),
            "σ'(z) has the wrong sign: σ' = σ(1 - σ) is positive": exact(
                _SIGMA - _z * _SIGMA_PRIME
            ),
            "the factor z went missing from the second term: the product rule's "
            "f g' keeps f = z in front of σ'(z)": exact(_SIGMA + _SIGMA_PRIME),
            "you used σ(z) itself for σ'(z); the derivative of the sigmoid is "
            "σ(1 - σ)": exact(_SIGMA + _z * _SIGMA),
        },
    )
    return "σ(z) + z σ(z)(1 - σ(z)), right at 20 points."


# ---------------------------------------------------------------- 02.4 sigmoid neuron
@exercise("02.4")
def _neuron(answer: Any) -> str:
    sym = _sympy()
    sp, _x, _z, _y, _SIGMA_PRIME, _W, _SIGMA_WX, _SIGMA_PRIME_WX, _NEURON_LOSS = (
        sym.sp,
        sym.x,
        sym.z,
        sym.y,
        sym.SIGMA_PRIME,
        sym.W,
        sym.SIGMA_WX,
        sym.SIGMA_PRIME_WX,
        sym.NEURON_LOSS,
    )
    rng = np.random.default_rng(26)
    ws = rng.uniform(-2.0, 2.0, size=16)
    xs = rng.uniform(0.3, 3.0, size=16) * rng.choice([-1, 1], 16)
    ys = [0.0, 1.0, 0.3, 0.8] * 4

    def exact(expr: Any) -> Any:
        return lambda w, x, y: _exact(expr, [_W, _x, _y], w, x, y)

    error = _SIGMA_WX - _y
    _check(
        answer,
        "dloss_dw",
        np.column_stack([ws, xs, ys]),
        exact(sp.diff(_NEURON_LOSS, _W)),
        {
            "the innermost derivative is missing: w x has slope x with respect "
            "to w, and the chain rule multiplies by it": exact(
                2 * error * _SIGMA_PRIME_WX
            ),
            "you wrote section 9's dL/dŷ, the slope in ŷ only; multiply it by "
            "the slope of σ(w x) in w": exact(2 * error),
            "the sigmoid's derivative is missing: between the square and w x, "
            "the chain rule multiplies by σ'(w x)": exact(2 * error * _x),
            "the factor 2 from the square is missing: (u²)' = 2u": exact(
                error * _SIGMA_PRIME_WX * _x
            ),
            "you multiplied by w, the slope of w x when x varies; here w varies "
            "and x is a fixed number. (Or are your arguments in the order "
            "(x, w, y)? The check calls dloss_dw(w, x, y).)": exact(
                2 * error * _SIGMA_PRIME_WX * _W
            ),
            "you used σ(w x) itself for its derivative; σ' = σ(1 - σ)": exact(
                2 * error * _SIGMA_WX * _x
            ),
            "the sign is flipped: the square's derivative is 2(prediction - "
            "target), not 2(target - prediction)": exact(
                -2 * error * _SIGMA_PRIME_WX * _x
            ),
            "you differentiated the error without the square, σ(w x) - y, whose "
            "outer derivative is 1": exact(_SIGMA_PRIME_WX * _x),
            "σ' is evaluated at w, but the sigmoid's input is w x: the chain rule "
            "evaluates the outer derivative at the inner value": exact(
                2 * error * _SIGMA_PRIME.subs(_z, _W) * _x
            ),
            "σ' is evaluated at x, but the sigmoid's input is w x: the chain rule "
            "evaluates the outer derivative at the inner value": exact(
                2 * error * _SIGMA_PRIME.subs(_z, _x) * _x
            ),
            "the error uses w x as the prediction, as section 9's line did; this "
            "neuron's prediction goes through the sigmoid, and the square's "
            "derivative is taken at what is inside the square in L": exact(
                2 * (_W * _x - _y) * _SIGMA_PRIME_WX * _x
            ),
            "the target y is missing from the first factor: the square's "
            "derivative 2u is taken at the whole inner value u, the prediction "
            "minus the target": exact(2 * _SIGMA_WX * _SIGMA_PRIME_WX * _x),
        },
    )
    return "three chain-rule factors, right at 16 points (w, x, y)."


# ---------------------------------------------------------------- 02.6 weighted BCE
_CASES = [(label, weight) for weight in (2.5, 0.4, 1.0) for label in (0, 1)]


@exercise("02.6")
def _weighted_bce(answer: Any) -> str:
    sym = _sympy()
    sp, _z, _y, _w, _SIGMA, _P, _WEIGHTED_BCE = (
        sym.sp,
        sym.z,
        sym.y,
        sym.w,
        sym.SIGMA,
        sym.P,
        sym.WEIGHTED_BCE,
    )
    rng = np.random.default_rng(25)
    zs = rng.uniform(-6.0, 6.0, size=4 * len(_CASES))
    ys = [label for label, _ in _CASES] * 4
    ws = [weight for _, weight in _CASES] * 4

    def exact(expr: Any) -> Any:
        return lambda z, y, w: _exact(expr, [_z, _y, _w], z, y, w)

    right = sp.diff(_WEIGHTED_BCE, _z)
    dl_dp = sp.diff(-(_w * _y * sp.log(_P) + (1 - _y) * sp.log(1 - _P)), _P)
    _check(
        answer,
        "dloss",
        list(zip(zs.tolist(), ys, ws, strict=True)),
        exact(right),
        {
            "the weight is missing: σ(z) - y is the answer for w = 1 only": exact(
                _SIGMA - _y
            ),
            "w multiplies y in the simplified σ(z) - y; redo the algebra: "
            "w only weights the y term of the loss": exact(_SIGMA - _w * _y),
            "w multiplies the whole slope; it only weights the y term": exact(
                _w * (_SIGMA - _y)
            ),
            "you forgot the chain rule through the sigmoid: that is dL/dp, "
            "not dL/dz = dL/dp · σ'(z)": exact(dl_dp.subs(_P, _SIGMA)),
            "the sign is flipped: the loss has a minus in front": exact(-right),
            "the w y term has the wrong sign: ln σ(z) = -softplus(-z), and the "
            "inner function -z brings its own factor -1": exact(
                (1 - _y) * _SIGMA + _w * _y * (1 - _SIGMA)
            ),
        },
    )
    # Far out, with both labels and a weight that is not 1.
    far = ([-800.0, -800.0, 800.0, 800.0], [0, 1, 0, 1], [2.5] * 4)
    compare(
        _values_at_extremes(answer, "dloss", list(zip(*far, strict=True))),
        _exact(right, [_z, _y, _w], *far),
        what="dloss at z = ±800",
    )
    return "(1 - y) σ(z) - w y (1 - σ(z)): right everywhere, and finite at z = ±800."
