"""Checks for lesson 10, Critical points.

Each check computes what it needs with an independent method (SymPy on the
statement, the complex step, values of the function around a point, random
chords) at reproducible points. The ridge check holds no solver of its own: it
asks whether the gradient of the ridge loss, by the complex step, vanishes at
the learner's weights, and reads a wrong answer's mistake from the same
gradient.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from types import SimpleNamespace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..numerics import gradient
from ._core import Incorrect, LearnerError, exercise
from ._feedback import as_function, as_number, as_numbers, call, compare

_TOL = 1e-6  # how close a learner's point must be to a critical point


@cache
def _sympy() -> SimpleNamespace:
    """SymPy, the symbols x and y, and the functions of the exercises.

    SymPy is imported here, when a check first needs it, not with the package.
    """
    import sympy as sp

    x, y = sp.symbols("x y")
    return SimpleNamespace(
        sp=sp,
        x=x,
        y=y,
        Q=3 * x**4 - 4 * x**3 - 12 * x**2 + 10,
        H=x**3 * (x - 2) ** 4,
        H_POINTS=(sp.Integer(0), sp.Rational(6, 7), sp.Integer(2)),
        F4=x**2 + 4 * x * y + y**2 - 6 * x,
        F5=x**4 + y**4 - 4 * x * y,
    )


def _collection(answer: Any, name: str) -> list[Any]:
    """Return a list, tuple, set or array as a list, or say what was expected."""
    if isinstance(answer, set | frozenset | list | tuple):
        return list(answer)
    if isinstance(answer, np.ndarray) and answer.ndim >= 1:
        return list(answer)
    raise Incorrect(
        f"{name} should be a list (or set) of values, got {type(answer).__name__}."
    )


def _describe_point(point: NDArray[np.float64]) -> str:
    text = ", ".join(f"{v:.4g}" for v in point + 0.0)
    return text if len(point) == 1 else f"({text})"


def _missing_and_extra(
    got: NDArray[np.float64], expected: NDArray[np.float64], name: str
) -> tuple[list[NDArray[np.float64]], list[NDArray[np.float64]]]:
    """Compare two lists of points (rows); refuse duplicates in ``got``."""
    for i in range(len(got)):
        for j in range(i):
            if np.allclose(got[i], got[j], atol=_TOL, rtol=0):
                raise Incorrect(
                    f"{name} lists the point {_describe_point(got[i])} twice: "
                    "give each critical point once."
                )

    def near(p: NDArray[np.float64], points: NDArray[np.float64]) -> bool:
        return any(np.allclose(p, q, atol=_TOL, rtol=0) for q in points)

    missing = [q for q in expected if not near(q, got)]
    extra = [p for p in got if not near(p, expected)]
    return missing, extra


# ---------------------------------------------------------------- 10.1
def _real_roots(expr: Any) -> NDArray[np.float64]:
    sym = _sympy()
    sp, _x = sym.sp, sym.x
    return np.unique([float(r) for r in sp.real_roots(sp.Poly(expr, _x))])


def _complex(values: list[Any], tol: float = 0.0) -> NDArray[np.complex128] | None:
    """The values as complex numbers if an imaginary part is over ``tol``, else None."""
    try:
        numbers = np.asarray(values, dtype=complex)
    except (TypeError, ValueError, OverflowError):
        return None
    return numbers if np.any(np.abs(numbers.imag) > tol) else None


@exercise("10.1")
def _quartic(answer: Any) -> str:
    sym = _sympy()
    sp, _x, _Q = sym.sp, sym.x, sym.Q
    values = _collection(answer, "critical_xs")
    q = sp.lambdify(_x, _Q, "numpy")
    numbers = _complex(values, tol=1e-9)
    if numbers is not None and numbers.ndim == 1:
        if np.all(np.abs(q(numbers)) < 1e-6):
            raise Incorrect(
                "these look like the roots of q, not of q': you solved q(x) = 0 (two "
                "of its four solutions are complex numbers). Critical points are where "
                "the slope is 0: solve q'(x) = 0."
            )
        raise Incorrect(
            "critical_xs contains complex numbers, but critical points are real x "
            "values on the graph: check which equation you solved (q'(x) = 0)."
        )
    got = np.sort(as_numbers(values, "critical_xs", (len(values),)))
    dq = sp.lambdify(_x, sp.diff(_Q, _x), "numpy")
    critical = _real_roots(sp.diff(_Q, _x))
    if got.size and not np.any(np.abs(dq(got)) < 1e-6):
        if np.all(np.abs(q(got)) < 1e-2):
            raise Incorrect(
                "these look like the roots of q, not of q': you solved q(x) = 0 "
                "instead of q'(x) = 0. "
                "Critical points are where the slope is 0, not the value."
            )
        inflections = _real_roots(sp.diff(_Q, _x, 2))
        if got.size == inflections.size and np.allclose(got, inflections, atol=1e-3):
            raise Incorrect(
                "you solved q''(x) = 0: those points are where the curvature changes "
                "sign, not where the slope is 0. Solve q'(x) = 0."
            )
    missing, extra = _missing_and_extra(got[:, None], critical[:, None], "critical_xs")
    if extra:
        p = float(extra[0][0])
        raise Incorrect(
            f"q'({p:.4g}) = {float(dq(p)):.4g}, not 0: x = {p:.4g} is not a critical point."
        )
    if missing:
        if any(abs(m[0]) < _TOL for m in missing):
            raise Incorrect(
                "a critical point is missing: q'(x) has a factor x, and dividing "
                "q'(x) = 0 by x loses a solution: a product is 0 when any one of its "
                "factors is 0, so set each factor to 0 in turn."
            )
        raise Incorrect(
            f"{len(missing)} critical point(s) missing: factor q'(x) completely and "
            "set each factor to 0."
        )
    return "all three critical points, and nothing else: the roots of q'(x) = 12x(x + 1)(x - 2)."


# ---------------------------------------------------------------- 10.2
_CANDIDATES: dict[str, Callable[[NDArray[np.float64]], NDArray[np.float64]]] = {
    "A": np.abs,
    "B": lambda x: np.exp(-x),
    "C": lambda x: x**4 - 2 * x**2,
}
# The feedback names the kind of mistake. A non-convex function included gets
# one message, whichever it is. A convex function left out gets the hint for its
# likely slip: for |x|, ruling it out at its corner, where it has no derivative;
# for e^(-x), a sign slip in f'' (the chain rule's two factors -1), or judging by
# going down rather than by curving up. No message states f'' of e^(-x).
_INCLUDED_NOT_CONVEX = (
    "you included a function whose f'' is negative somewhere: there it curves "
    "down, and a chord lies below its graph. For each function you chose, look "
    "for an x where f'' < 0"
)
_LEFT_OUT_HINTS = {
    "A": (
        "a point where f has no derivative does not rule convexity out: there "
        "f'' says nothing, and the chord definition decides: draw chords across "
        "that point"
    ),
    "B": (
        "check f'' of e^(-x) again: each time you differentiate, the chain rule "
        "brings down the derivative of the inner -x, a factor -1; f'' gets two "
        "of them, and they cancel. A function may fall (or rise) "
        "everywhere and still be convex: convex is about curving up (f''), not "
        "about going up (f')"
    ),
}


def _is_convex(f: Callable[[NDArray[np.float64]], NDArray[np.float64]]) -> bool:
    """Whether no random chord over [-4, 4] dips below the graph of f."""
    rng = np.random.default_rng(62)
    a, b = rng.uniform(-4.0, 4.0, size=(2, 20_000))
    t = rng.uniform(0.0, 1.0, size=20_000)
    gap = t * f(a) + (1 - t) * f(b) - f(t * a + (1 - t) * b)
    return bool(gap.min() >= -1e-9)


@exercise("10.2")
def _convex(answer: Any) -> str:
    if isinstance(answer, str):
        raise Incorrect(
            'convex_names should be a set of names such as {"B", "C"}, not one string.'
        )
    items = _collection(answer, "convex_names")
    if not all(isinstance(item, str) for item in items):
        raise Incorrect(
            'convex_names should hold names (strings) such as "A", not numbers or other values.'
        )
    got = {item.strip().strip("()").upper() for item in items}
    unknown = sorted(got - set(_CANDIDATES))
    if unknown:
        raise Incorrect(
            f"unknown name(s) {', '.join(unknown)}: use the letters A to C of the table."
        )
    expected = {name for name, f in _CANDIDATES.items() if _is_convex(f)}
    sentences = []
    if got - expected:
        sentences.append(_INCLUDED_NOT_CONVEX)
    left_out = sorted(expected - got)
    if len(left_out) == 1:
        sentences.append("you left out a function that is convex")
    elif left_out:
        sentences.append("you left out two functions that are convex")
    sentences += [_LEFT_OUT_HINTS[name] for name in left_out]
    if sentences:
        first, *rest = sentences
        raise Incorrect(". ".join([first] + [s[0].upper() + s[1:] for s in rest]) + ".")
    return (
        "A and B are convex: every chord of |x| lies on or above its V, and e^(-x) "
        "has f'' = e^(-x) > 0. C, x^4 - 2x^2, has f'' = 12x^2 - 4, negative near 0: "
        "two minima with a bump between them, as many losses of neural networks have."
    )


# ---------------------------------------------------------------- 10.3
_F4_POINT = (-1, 2)  # the critical point the prompt gives


def _eigen_label(eigenvalues: list[float]) -> str:
    lam = np.asarray(eigenvalues, dtype=float)
    if lam.min() < -1e-9 and lam.max() > 1e-9:
        return "saddle"
    if np.any(np.abs(lam) <= 1e-9):
        return "inconclusive"
    return "minimum" if lam.min() > 0 else "maximum"


_LABELS_2D = {
    "minimum": "minimum",
    "min": "minimum",
    "maximum": "maximum",
    "max": "maximum",
    "saddle": "saddle",
    "saddle point": "saddle",
    "inconclusive": "inconclusive",
}


@exercise("10.3")
def _classification(answer: Any) -> str:
    sym = _sympy()
    sp, _x, _y, _F4 = sym.sp, sym.x, sym.y, sym.F4
    if isinstance(answer, tuple | list) and len(answer) == 3:
        raise Incorrect(
            "classification has three items: it should be the tuple (H, label) "
            "alone, since the prompt gives p."
        )
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        raise Incorrect("classification should be a tuple (H, label) of two items.")
    if isinstance(answer[0], str) and not isinstance(answer[1], str):
        raise Incorrect(
            "the two items are in the wrong order: classification should be "
            "(H, label), the matrix H first and the label second."
        )
    H = as_numbers(answer[0], "H", (2, 2))
    point = _F4_POINT
    exact_matrix = sp.hessian(_F4, (_x, _y)).subs({_x: point[0], _y: point[1]})
    exact = np.array(exact_matrix, dtype=float)
    if not np.allclose(H, H.T):
        raise Incorrect(
            "H is not symmetric: for a smooth f the mixed partials f_xy and f_yx are "
            "equal, so the same number goes in both off-diagonal places."
        )
    # A matrix that changes with p: the diagonal holds first derivatives at p,
    # such as 2x and 2y (x^2 and y^2 differentiated once) or f_x and f_y.
    first_at_p = (
        np.diag(exact) * point,
        [float(sp.diff(_F4, v).subs({_x: point[0], _y: point[1]})) for v in (_x, _y)],
    )
    if not np.allclose(H, exact) and any(
        np.allclose(np.diag(H), diagonal) for diagonal in first_at_p
    ):
        raise Incorrect(
            "H is not right: its diagonal looks like first derivatives (such as 2x, "
            "from x^2, or f_x) evaluated at p. The Hessian holds second derivatives: "
            "f_xx is the derivative in x of f_x. For this f they do not depend on the "
            "point, so there is nothing to substitute."
        )
    compare(
        H,
        exact,
        what="H",
        mistakes={
            "the mixed partial of 4xy was halved: the Hessian's corner holds f_xy "
            "itself, the derivative in y of f_x, not half of it: differentiate 4xy "
            "in x, then the result in y": exact * [[1, 0.5], [0.5, 1]],
            "the mixed partials are missing: 4xy depends on both variables": np.diag(
                np.diag(exact)
            ),
            "the diagonal was halved: differentiate x^2 twice, and the 2 that "
            "comes down from the power stays": exact - np.diag(np.diag(exact)) / 2,
            "every entry was halved: these are the coefficients of x^2, xy and y^2 "
            "(with the xy one shared between the two corners), but the Hessian holds "
            "second derivatives, and differentiating x^2 twice brings down a 2": exact
            / 2,
            "the mixed partial was doubled: f_xy is the derivative in y of f_x, "
            "taken once": exact * [[1, 2], [2, 1]],
            "the signs of the mixed partials are flipped: the term 4xy has a plus "
            "sign, and so do its derivatives": exact * [[1, -1], [-1, 1]],
        },
    )
    label_text = answer[1].strip().lower() if isinstance(answer[1], str) else None
    if label_text not in _LABELS_2D:
        raise Incorrect(
            'label should be "minimum", "maximum", "saddle" or "inconclusive", got '
            f"{answer[1]!r}."
        )
    label = _LABELS_2D[label_text]
    expected = _eigen_label([float(v) for v in exact_matrix.eigenvals(multiple=True)])
    if label != expected:
        if label == "minimum" and np.all(np.diag(exact) > 0):
            raise Incorrect(
                "H is right, but the label is not: both diagonal entries are "
                "positive, yet that does not make a minimum. The signs of the "
                "eigenvalues of H decide."
            )
        raise Incorrect(
            "H is right, but the label does not match the signs of H's "
            "eigenvalues: compute them with np.linalg.eigh(H) (lesson 05)."
        )
    return "H and the label are right: H has eigenvalues 6 and -2, so p is a saddle."


# ---------------------------------------------------------------- 10.4
_LABELS = {
    "minimum": "minimum",
    "min": "minimum",
    "local minimum": "minimum",
    "maximum": "maximum",
    "max": "maximum",
    "local maximum": "maximum",
    "neither": "neither",
}


def _kind_by_values(p: Any) -> str:
    """Classify p by comparing h just left and right of it with h(p), exactly."""
    sym = _sympy()
    sp, _x, _H = sym.sp, sym.x, sym.H
    delta = sp.Rational(1, 1000)
    left, right = (
        sp.sign(_H.subs(_x, p + s) - _H.subs(_x, p)) for s in (-delta, delta)
    )
    if left > 0 and right > 0:
        return "minimum"
    if left < 0 and right < 0:
        return "maximum"
    return "neither"


def _label(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise Incorrect(
            f'{where} should be "minimum", "maximum" or "neither", got {type(value).__name__}.'
        )
    text = value.strip().lower()
    if text in _LABELS:
        return _LABELS[text]
    if "saddle" in text or "inflection" in text:
        raise Incorrect(
            f"{where} is {value!r}: in one variable, call a critical point that is no "
            'extremum "neither".'
        )
    raise Incorrect(
        f'{where} should be "minimum", "maximum" or "neither", got {value!r}.'
    )


@exercise("10.4")
def _kinds(answer: Any) -> str:
    _H_POINTS = _sympy().H_POINTS
    if not isinstance(answer, dict):
        raise Incorrect(
            'kinds should be a dictionary such as {0: "neither", ...}, got '
            f"{type(answer).__name__}."
        )
    names = {0: "0", 1: "6/7", 2: "2"}
    labels: dict[int, str] = {}
    for key, value in answer.items():
        x0 = as_number(key, f"the key {key!r}")
        index = next(
            (k for k, p in enumerate(_H_POINTS) if abs(x0 - float(p)) < 1e-3), None
        )
        if index is None:
            raise Incorrect(
                f"x = {x0:.4g} is not one of the critical points 0, 6/7 and 2."
            )
        if index in labels:
            raise Incorrect(f"kinds has two keys for x = {names[index]}.")
        labels[index] = _label(value, f"kinds[{key!r}]")
    missing = [names[k] for k in names if k not in labels]
    if missing:
        raise Incorrect(f"kinds has no entry for x = {', '.join(missing)}.")
    expected = {k: _kind_by_values(p) for k, p in enumerate(_H_POINTS)}
    problems = []
    if labels[0] != expected[0]:
        problems.append(
            "at x = 0, h'' = 0, so the second-derivative test is silent: compare the "
            "sign of h' just left and just right of 0"
        )
    if labels[1] != expected[1]:
        problems.append(
            "at x = 6/7, h'' is not 0, so the second-derivative test decides: look at its sign"
        )
    if labels[2] != expected[2]:
        if labels[2] == "neither":
            problems.append(
                "at x = 2, h'' = 0 does not mean \"neither\": the test says nothing there. "
                "Look at the sign of h' on each side of 2 (the first-derivative test)"
            )
        else:
            problems.append(
                "at x = 2, h'' = 0: compare the sign of h' just left and just right of 2"
            )
    if problems:
        raise Incorrect("; ".join(problems) + ".")
    return (
        "neither, maximum, minimum: h'' = 0 at both 0 and 2, and only the sign of h' "
        "(or a higher derivative) tells them apart."
    )


# ---------------------------------------------------------------- 10.5
def _f5(v: NDArray[Any]) -> Any:
    return v[0] ** 4 + v[1] ** 4 - 4 * v[0] * v[1]


@cache
def _real_critical_points() -> NDArray[np.float64]:
    sym = _sympy()
    sp, _x, _y, _F5 = sym.sp, sym.x, sym.y, sym.F5
    solutions = sp.solve([sp.diff(_F5, v) for v in (_x, _y)], [_x, _y], dict=True)
    real = [
        (float(s[_x]), float(s[_y]))
        for s in solutions
        if s[_x].is_real and s[_y].is_real
    ]
    return np.array(sorted(real))


def _as_pairs(values: list[Any]) -> NDArray[np.float64]:
    """The learner's points as an (n, 2) array, or say what shape was expected."""
    if not values:
        raise Incorrect("critical_pairs is empty: f has critical points to find.")
    try:
        shape = np.shape(np.asarray(values, dtype=float))
    except (TypeError, ValueError, OverflowError):
        shape = None  # as_numbers names the problem
    if shape is not None and shape != (len(values), 2):
        if len(shape) == 2:
            raise Incorrect(
                "critical_pairs should hold (x, y) pairs, two numbers each, got "
                f"{shape[1]} numbers per point."
            )
        raise Incorrect(
            "critical_pairs should be a list of (x, y) pairs, such as "
            f"[(x1, y1), (x2, y2)], got shape {shape}."
        )
    return as_numbers(values, "critical_pairs", (len(values), 2))


@exercise("10.5")
def _pairs(answer: Any) -> str:
    values = _collection(answer, "critical_pairs")
    if values and all(isinstance(v, dict) for v in values):
        raise Incorrect(
            "critical_pairs holds dictionaries such as {x: ..., y: ...} (what "
            "sp.solve gives with dict=True): give each point as an (x, y) tuple "
            "instead, for a dictionary s the tuple (s[x], s[y])."
        )
    if _complex(values) is not None:
        raise Incorrect(
            "critical_pairs contains complex numbers: keep only the real solutions, "
            "the points of the plane."
        )
    got = _as_pairs(values)
    for p in got:
        grad = gradient(_f5, p, method="complex")
        if np.linalg.norm(grad) > 1e-5:
            raise Incorrect(
                f"the gradient at {_describe_point(p)} is {_describe_point(grad)}, "
                "not (0, 0): that is not a critical point."
            )
    missing, _ = _missing_and_extra(got, _real_critical_points(), "critical_pairs")
    if missing:
        if any(np.allclose(m, 0.0, atol=_TOL) for m in missing):
            raise Incorrect(
                "a critical point is missing: if you divided an equation by x (or y) "
                "while solving, you lost the solutions where that variable is 0. Keep "
                "such a factor, and set it to 0 as well."
            )
        if any(m[0] < 0 for m in missing):
            raise Incorrect(
                "a critical point is missing: an equation with an even power, such as "
                "x^8 = 1, has more than one real solution: keep them all."
            )
        raise Incorrect(f"{len(missing)} critical point(s) missing.")
    return "all three critical points: a saddle at (0, 0) and minima at (1, 1) and (-1, -1)."


# ---------------------------------------------------------------- 10.6
def _ridge_data(
    n: int, d: int, alpha: float, seed: int, collinear: bool = False
) -> tuple[NDArray[np.float64], NDArray[np.float64], float]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    if collinear:
        X[:, -1] = 2 * X[:, 0]  # X^T X is singular
    return X, X @ rng.normal(size=d) + 0.1 * rng.normal(size=n), alpha


_RIDGE_DATA = [
    _ridge_data(30, 3, 0.1, seed=63),
    _ridge_data(25, 4, 0.5, seed=64, collinear=True),
    _ridge_data(4, 6, 0.2, seed=65),  # more weights than examples
]

# A wrong w that minimises the squared error plus mu ||w||^2, for mu = ratio * alpha:
# each ratio a slip in the algebra would give, and the slip to name.
_PENALTY_SLIPS = (
    (
        lambda n: 1 / n,
        "your w minimises the squared error plus a penalty n times weaker than "
        "alpha ||w||^2. The 1/n in front of the squared error was cleared (or "
        "dropped) from the data terms but not from the penalty term: whatever "
        "factor you multiply the equation grad L = 0 by, multiply every term by it",
    ),
    (
        lambda n: 2.0,
        "your w minimises the squared error plus a penalty twice as strong as "
        "alpha ||w||^2: the gradient of (1/n)||Xw - y||^2 has a factor 2, just as the "
        "gradient of alpha ||w||^2 has, and one of the two lost it",
    ),
    (
        lambda n: 0.5,
        "your w minimises the squared error plus a penalty half as strong as "
        "alpha ||w||^2: the gradient of alpha ||w||^2 is 2 alpha w, not alpha w",
    ),
)


def _call_ridge(fit_ridge: Any, X: Any, y: Any, alpha: float) -> Any:
    try:
        return call(fit_ridge, X.copy(), y.copy(), alpha, name="fit_ridge")
    except LearnerError as error:
        text = str(error)
        if "square" in text:
            raise Incorrect(
                f"{text} X is not square, so it has no inverse and X w = y has no exact "
                "solution: set the gradient of L to zero and solve the d x d system."
            ) from error
        n, d = X.shape
        if f"({d},{d}) ({n},{n})" in text or f"({n},{n}) ({d},{d})" in text:
            raise Incorrect(
                f"{text} The identity was n x n (np.eye(n), n = {n} examples), but "
                f"X^T X is d x d (d = {d} weights): the identity must match X^T X."
            ) from error
        if "Singular" in text:
            raise Incorrect(
                f"{text} On these data X^T X is singular (two columns are collinear); "
                "the penalty adds a multiple of the identity that makes the matrix "
                "invertible. Is it missing?"
            ) from error
        raise


def _ridge_slip(
    X: NDArray[np.float64], y: NDArray[np.float64], alpha: float, w: NDArray[np.float64]
) -> str | None:
    """Name the slip behind a wrong w, from the gradient of the squared error at w.

    If w solves (X^T X + P) w = X^T y for some matrix P, the gradient of the
    squared error there is -(2/n) P w. A penalty mu I makes it parallel to w;
    alpha added to every entry of X^T X makes all its entries equal.
    """
    n = len(y)

    def squared_error(v: NDArray[Any]) -> Any:
        return np.mean((X @ v - y) ** 2)

    g = gradient(squared_error, w, method="complex")
    scale = 1e-6 * (1 + np.linalg.norm(X.T @ y) / n)
    if np.linalg.norm(g) <= scale:
        return "the penalty is missing: your w minimises the squared error alone"
    if w @ w > 1e-20:
        mu = -(g @ w) / (2 * (w @ w))  # the best fit of g = -2 mu w
        if np.linalg.norm(g + 2 * mu * w) <= scale:
            for ratio, slip in _PENALTY_SLIPS:
                if np.isclose(mu, ratio(n) * alpha, rtol=1e-3):
                    return slip
            return (
                f"your w minimises the squared error plus {mu / alpha:.3g} times "
                "alpha ||w||^2: check each factor when you set the gradient of L to zero"
            )
    penalty_times_w = -n / 2 * g
    if np.allclose(penalty_times_w, penalty_times_w[0], rtol=1e-6, atol=scale):
        return (
            "alpha was added to every entry of X^T X, not only to its diagonal: "
            "a penalty on each weight adds to the diagonal alone (np.eye(d))"
        )
    return None


@exercise("10.6")
def _ridge(answer: Any) -> str:
    fit_ridge = as_function(answer, "fit_ridge")
    for X, y, alpha in _RIDGE_DATA:
        n, d = X.shape
        value = _call_ridge(fit_ridge, X, y, alpha)
        what = f"fit_ridge(X, y, alpha={alpha}) with X of shape ({n}, {d})"
        if np.size(value) == d and np.shape(value) != (d,):
            raise Incorrect(
                f"{what} has shape {np.shape(value)}: return a 1-D array of shape ({d},), "
                "like w (for example with .ravel())."
            )
        w = as_numbers(value, what, (d,))

        def loss(v: NDArray[Any], X: Any = X, y: Any = y, alpha: float = alpha) -> Any:
            return np.mean((X @ v - y) ** 2) + alpha * np.sum(v**2)

        scale = 1e-6 * (1 + np.linalg.norm(X.T @ y))
        residual = gradient(loss, w, method="complex")
        if np.linalg.norm(residual) <= scale:
            continue
        for factor, name in ((n, "n"), (n / 2, "n/2"), (1 / n, "1/n"), (2 / n, "2/n")):
            if np.linalg.norm(gradient(loss, w / factor, method="complex")) <= scale:
                raise Incorrect(
                    f"{what} is not the minimiser: your w is {name} times the "
                    "minimiser of L. X^T X (and the penalty) got a factor that the "
                    "right side X^T y did not, such as a 1/n: whatever factor you "
                    "multiply the equation grad L = 0 by, multiply every term by it."
                )
        slip = _ridge_slip(X, y, alpha, w)
        if slip is not None:
            raise Incorrect(f"{what} is not the minimiser; {slip}.")
        raise Incorrect(
            f"{what}: the gradient of L there is not 0 (its largest entry is "
            f"{np.abs(residual).max():.3g}), so this w is not the minimiser."
        )
    return (
        "the gradient of the ridge loss vanishes at your w on three data sets, even "
        "where X^T X is singular."
    )
