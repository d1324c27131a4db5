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
from types import SimpleNamespace
from typing import Any

import numpy as np

from ._core import Incorrect, LearnerError, exercise
from ._feedback import (
    as_number,
    check_at_points,
    compare,
    random_points,
    shape_of,
    sympy_function,
    values_at,
)


@functools.cache
def _sympy() -> SimpleNamespace:
    """SymPy and the exercises' symbols, imported when a check first needs them."""
    import sympy as sp

    x, z, W = sp.symbols("x z w", real=True)
    y, w = sp.symbols("y w", positive=True)
    return SimpleNamespace(sp=sp, x=x, z=z, y=y, w=w, W=W, sigma=1 / (1 + sp.exp(-z)))


_DIGITS = 800  # enough to evaluate exp(-800) next to 1 without cancellation


def _exact(expr: Any, *symbols: Any) -> Any:
    """``expr`` as a function of the points' columns, evaluated with `_DIGITS` digits."""
    return lambda *columns: _exact_at(
        expr, symbols, tuple(tuple(float(a) for a in column) for column in columns)
    )


@functools.cache  # the points are fixed, so each reference is computed once
def _exact_at(expr: Any, symbols: Any, columns: Any) -> tuple[float, ...]:
    import mpmath  # here, not on import: only these checks need it

    function = _sympy().sp.lambdify(symbols, expr, "mpmath")
    with mpmath.workdps(_DIGITS):
        return tuple(
            float(function(*(mpmath.mpf(a) for a in args)))
            for args in zip(*columns, strict=True)
        )


def _check(
    answer: Any,
    name: str,
    points: Any,
    symbols: list[Any],
    right: Any,
    mistakes: dict[str, Any],
    evaluate: Any = _exact,
) -> None:
    """`check_at_points` with SymPy expressions in ``symbols`` for the right values
    and the mistakes, explaining a function that hands its number to SymPy."""
    try:
        check_at_points(
            answer,
            name,
            points,
            evaluate(right, *symbols),
            {words: evaluate(wrong, *symbols) for words, wrong in mistakes.items()},
        )
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
    x = _sympy().x
    points = random_points(25, -3.0, 3.0, seed=seed)
    _check(answer, name, points, [x], _sympy().sp.diff(f, x), mistakes, sympy_function)


# ---------------------------------------------------------------- 02.1 to 02.3
@exercise("02.1")
def _product(answer: Any) -> str:
    sp, x = _sympy().sp, _sympy().x
    _check_derivative(
        answer,
        "df_product",
        x**2 * sp.sin(x),
        {
            "you multiplied the two derivatives, (x²)'·(sin x)' = 2x cos x; "
            "the product rule has two terms, f'g + fg'": 2 * x * sp.cos(x),
            "you kept only one of the product rule's two terms, the one in which "
            "x² is differentiated; the term in which sin x is differentiated is "
            "missing": 2 * x * sp.sin(x),
            "you kept only one of the product rule's two terms, the one in which "
            "sin x is differentiated; the term in which x² is differentiated is "
            "missing": x**2 * sp.cos(x),
            "sin x was not differentiated in the term f g' (section 2's table "
            "gives its derivative)": 2 * x * sp.sin(x) + x**2 * sp.sin(x),
            "there is a minus between the two terms; the product rule adds them": (
                2 * x * sp.sin(x) - x**2 * sp.cos(x)
            ),
            "the angles are in degrees: NumPy's sin and cos, like the table of "
            "section 2, work in radians, so leave x as it is": (
                2 * x * sp.sin(x * sp.pi / 180) + x**2 * sp.cos(x * sp.pi / 180)
            ),
        },
        seed=21,
    )
    return "f'g + fg' = 2x sin x + x² cos x, right at 25 random points."


@exercise("02.2")
def _quotient(answer: Any) -> str:
    sp, x = _sympy().sp, _sympy().x
    top, bottom = 2 * x + 1, x**2 + 1
    top_prime, bottom_prime = sp.diff(top, x), sp.diff(bottom, x)
    _check_derivative(
        answer,
        "df_quotient",
        top / bottom,
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
            "belongs in brackets": (top_prime * bottom - top * bottom_prime) / x**2 + 1,
            "the numerator lost its brackets: Python divides before it subtracts, "
            "so only the term f g' is divided by g²; put the whole numerator in "
            "brackets": top_prime * bottom - top * bottom_prime / bottom**2,
            "`/ g*g` divides by g and then multiplies by g again, because Python "
            "works from left to right; write the square with `**` and brackets": (
                top_prime * bottom - top * bottom_prime
            ),
            "a bracket is missing in the numerator: `2*x**2+1` doubles only x², "
            "not the whole of g": (2 * x**2 + 1 - top * bottom_prime) / bottom**2,
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
    sp, x = _sympy().sp, _sympy().x
    inner = -(x**2) / 2
    bell, inner_prime = sp.exp(inner), sp.diff(inner, x)
    _check_derivative(
        answer,
        "df_chain",
        bell,
        {
            "the inner derivative is missing: you returned e^(-x²/2) itself": bell,
            "you multiplied by the inner function -x²/2 instead of its derivative": (
                -(x**2) / 2 * bell
            ),
            "the inner derivative is twice too large: the factor 1/2 in -x²/2 got "
            "lost (a constant factor stays in front when you differentiate)": (
                -2 * x * bell
            ),
            "the minus sign of the inner function -x²/2 got lost": x * bell,
            "the /2 ended up outside the exponential: `np.exp(-x**2)/2` is e^(-x²) "
            "halved, not e^(-x²/2); check the brackets around the exponent": (
                -x * sp.exp(-(x**2)) / 2
            ),
            "you used the power rule on e^u, bringing the exponent down in front "
            f"and lowering it by one; {_NOT_A_POWER}": inner * sp.exp(inner - 1),
            "you used the power rule on e^u (exponent down in front, exponent "
            f"lowered by one), then the inner derivative; {_NOT_A_POWER}": inner
            * sp.exp(inner - 1)
            * inner_prime,
            "the inner derivative is there, but you lowered the exponent by one, "
            f"as the power rule does; {_NOT_A_POWER}": sp.exp(inner - 1) * inner_prime,
            "you returned only the inner derivative, -x: the outer factor is "
            "missing. The chain rule multiplies the inner derivative by the outer "
            "derivative, evaluated at the inner value": inner_prime,
            "the exponent lost its minus sign: your outer factor grows without "
            "bound, while the bell curve flattens far from 0. The outer derivative "
            "is taken at the inner value exactly as the inner function is written, "
            "sign included": inner_prime * sp.exp(-inner),
        },
        seed=23,
    )
    return "outer derivative times inner derivative: -x e^(-x²/2), right at 25 points."


# ---------------------------------------------------------------- 02.5 SiLU (optional)
@exercise("02.5")
def _silu(answer: Any) -> str:
    sp, z, sigma = _sympy().sp, _sympy().z, _sympy().sigma
    sigma_prime = sigma * (1 - sigma)
    _check(
        answer,
        "dsilu",
        random_points(20, -8.0, 8.0, seed=24),
        [z],
        sp.diff(z * sigma, z),
        {
            "you kept only z' σ(z) = σ(z); the product rule adds z σ'(z)": sigma,
            "you kept only z σ'(z); the product rule adds z' σ(z) = σ(z)": (
                z * sigma_prime
            ),
            "you multiplied the two derivatives, 1 · σ'(z); the product rule has "
            "two terms": sigma_prime,
            "σ'(z) has the wrong sign: σ' = σ(1 - σ) is positive": (
                sigma - z * sigma_prime
            ),
            "the factor z went missing from the second term: the product rule's "
            "f g' keeps f = z in front of σ'(z)": sigma + sigma_prime,
            "you used σ(z) itself for σ'(z); the derivative of the sigmoid is "
            "σ(1 - σ)": sigma + z * sigma,
        },
    )
    return "σ(z) + z σ(z)(1 - σ(z)), right at 20 points."


# ---------------------------------------------------------------- 02.4 sigmoid neuron
@exercise("02.4")
def _neuron(answer: Any) -> str:
    s = _sympy()
    x, y, W = s.x, s.y, s.W
    sigma_prime = s.sigma * (1 - s.sigma)
    sigma_wx = s.sigma.subs(s.z, W * x)
    sigma_prime_wx = sigma_wx * (1 - sigma_wx)
    error = sigma_wx - y
    rng = np.random.default_rng(26)
    ws = rng.uniform(-2.0, 2.0, size=16)
    xs = rng.uniform(0.3, 3.0, size=16) * rng.choice([-1, 1], 16)
    ys = [0.0, 1.0, 0.3, 0.8] * 4
    _check(
        answer,
        "dloss_dw",
        np.column_stack([ws, xs, ys]),
        [W, x, y],
        s.sp.diff(error**2, W),
        {
            "the innermost derivative is missing: w x has slope x with respect "
            "to w, and the chain rule multiplies by it": 2 * error * sigma_prime_wx,
            "you wrote section 9's dL/dŷ, the slope in ŷ only; multiply it by "
            "the slope of σ(w x) in w": 2 * error,
            "the sigmoid's derivative is missing: between the square and w x, "
            "the chain rule multiplies by σ'(w x)": 2 * error * x,
            "the factor 2 from the square is missing: (u²)' = 2u": (
                error * sigma_prime_wx * x
            ),
            "you multiplied by w, the slope of w x when x varies; here w varies "
            "and x is a fixed number. (Or are your arguments in the order "
            "(x, w, y)? The check calls dloss_dw(w, x, y).)": (
                2 * error * sigma_prime_wx * W
            ),
            "you used σ(w x) itself for its derivative; σ' = σ(1 - σ)": (
                2 * error * sigma_wx * x
            ),
            "the sign is flipped: the square's derivative is 2(prediction - "
            "target), not 2(target - prediction)": -2 * error * sigma_prime_wx * x,
            "you differentiated the error without the square, σ(w x) - y, whose "
            "outer derivative is 1": sigma_prime_wx * x,
            "σ' is evaluated at w, but the sigmoid's input is w x: the chain rule "
            "evaluates the outer derivative at the inner value": (
                2 * error * sigma_prime.subs(s.z, W) * x
            ),
            "σ' is evaluated at x, but the sigmoid's input is w x: the chain rule "
            "evaluates the outer derivative at the inner value": (
                2 * error * sigma_prime.subs(s.z, x) * x
            ),
            "the error uses w x as the prediction, as section 9's line did; this "
            "neuron's prediction goes through the sigmoid, and the square's "
            "derivative is taken at what is inside the square in L": (
                2 * (W * x - y) * sigma_prime_wx * x
            ),
            "the target y is missing from the first factor: the square's "
            "derivative 2u is taken at the whole inner value u, the prediction "
            "minus the target": 2 * sigma_wx * sigma_prime_wx * x,
        },
    )
    return "three chain-rule factors, right at 16 points (w, x, y)."


# ---------------------------------------------------------------- 02.6 weighted BCE
_CASES = [(label, weight) for weight in (2.5, 0.4, 1.0) for label in (0, 1)]
_FAR_HINT = (
    "At z = ±800, σ(z) or 1 - σ(z) rounds to 0, even with `sigmoid_stable`: "
    "simplify the formula first, so that you never divide by them (and "
    "compute σ with `sigmoid_stable`, whose exp never overflows)."
)


def _finite(value: Any, shown: str) -> float:
    """`as_number`, saying that one nan or inf far out comes from the formula."""
    shape = shape_of(value)
    if (
        shape is not None
        and np.prod(shape) == 1
        and not np.isfinite(np.asarray(value, dtype=float)).all()
    ):
        raise Incorrect(f"right for moderate z, but {shown} is nan or inf. {_FAR_HINT}")
    return as_number(value, shown)


@exercise("02.6")
def _weighted_bce(answer: Any) -> str:
    s = _sympy()
    sp, z, y, w, sigma = s.sp, s.z, s.y, s.w, s.sigma
    rng = np.random.default_rng(25)
    zs = rng.uniform(-6.0, 6.0, size=4 * len(_CASES))
    ys = [label for label, _ in _CASES] * 4
    ws = [weight for _, weight in _CASES] * 4
    right = sp.diff(-(w * y * sp.log(sigma) + (1 - y) * sp.log(1 - sigma)), z)
    p = sp.Symbol("p", positive=True)
    dl_dp = sp.diff(-(w * y * sp.log(p) + (1 - y) * sp.log(1 - p)), p)
    _check(
        answer,
        "dloss",
        list(zip(zs.tolist(), ys, ws, strict=True)),
        [z, y, w],
        right,
        {
            "the weight is missing: σ(z) - y is the answer for w = 1 only": sigma - y,
            "w multiplies y in the simplified σ(z) - y; redo the algebra: "
            "w only weights the y term of the loss": sigma - w * y,
            "w multiplies the whole slope; it only weights the y term": (
                w * (sigma - y)
            ),
            "you forgot the chain rule through the sigmoid: that is dL/dp, "
            "not dL/dz = dL/dp · σ'(z)": dl_dp.subs(p, sigma),
            "the sign is flipped: the loss has a minus in front": -right,
            "the w y term has the wrong sign: ln σ(z) = -softplus(-z), and the "
            "inner function -z brings its own factor -1": (
                (1 - y) * sigma + w * y * (1 - sigma)
            ),
        },
    )
    # Far out, with both labels and a weight that is not 1.
    far = ([-800.0, -800.0, 800.0, 800.0], [0, 1, 0, 1], [2.5] * 4)
    try:
        got = values_at(answer, "dloss", list(zip(*far, strict=True)), _finite)
    except LearnerError as error:
        if isinstance(error.__cause__, OverflowError | ZeroDivisionError):
            raise Incorrect(f"right for moderate z, but {error} {_FAR_HINT}") from error
        raise
    compare(got, _exact(right, z, y, w)(*far), what="dloss at z = ±800")
    return "(1 - y) σ(z) - w y (1 - σ(z)): right everywhere, and finite at z = ±800."
