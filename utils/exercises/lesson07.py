"""Checks for lesson 07, Backpropagation by hand.

Each check computes its own reference with an independent method (central
differences, SymPy) at reproducible points, or tests a property that any
right answer has. None holds an answer to its exercise: the hand gradients
are compared with central differences, and the engine's backward rules with
finite differences of the same operation on floats.

The helpers that read a learner's values are in `_values`, shared with
lesson 08.
"""

from __future__ import annotations

import math
import operator
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..numerics import gradient
from ._core import Incorrect, LearnerError, NotAttempted, exercise
from ._feedback import (
    as_function,
    as_numbers,
    call,
    check_at_points,
    compare,
    describe,
    random_points,
    sympy_function,
)
from ._values import attribute, number_attribute, records_inputs, run_backward_rule

# ---------------------------------------------------------------- 07.1
_POINT_1 = np.array([1.5, -0.5, 2.0])  # (x, y, z) as the notebook gives them


def _f_1(v: NDArray[Any]) -> Any:
    x, y, z = v
    return (x * y + z) * np.tanh(y)


def _close(a: Any, b: Any) -> Any:
    """Equal within the check's tolerance, which allows 4 typed decimals."""
    return np.isclose(a, b, rtol=1e-3, atol=1e-4)


def _holds_values(answer: Any) -> bool:
    """True if ``answer`` is, or holds, an object with ``data`` and ``grad`` (a Value)."""
    items = answer if isinstance(answer, tuple | list) else [answer]
    if isinstance(answer, np.ndarray) and answer.dtype == object:
        items = list(answer.flat)
    try:
        return any(
            hasattr(item, "data") and hasattr(item, "grad")
            for item in items
            if not isinstance(item, np.ndarray)
        )
    except BaseException:  # a learner's property that raises
        return False


_GENERIC = "does not match the check's own calculation"
_ENTRIES = ("df/dx", "df/dy", "df/dz")
_LAST_STEP = (
    "every path ends with the step into f, the product (xy + z)*tanh(y), and "
    "that step's local slope multiplies in too"
)
_NO_TANH = f"the slope of the last step is missing: {_LAST_STEP}"
_SLOPE_NOT_VALUE = (
    "tanh'(y) stands as the slope of the last step: that step is the product "
    "(xy + z)*tanh(y), a multiplication, and tanh' belongs only on the path "
    "through tanh(y)"
)
_SIGN = "the sign is wrong"


def _entry_slips(x: float, y: float, z: float) -> list[dict[str, float]]:
    """For each partial, plausible wrong values and what each one means."""
    t = math.tanh(y)
    r, slope = x * y + z, 1 - t**2
    return [
        {
            _NO_TANH: y,
            "x was used as the slope of x*y: redo d(xy)/dx, holding y fixed "
            "(lesson 04)": x * t,
            _SLOPE_NOT_VALUE: y * slope,
            _SIGN: -y * t,
            "the first step of the path from x is missing: x enters the product "
            "x*y, and that step's local slope in x multiplies in too (lesson 04)": t,
        },
        {
            "the slope of the last step is missing on the path through x*y": x
            + r * slope,
            "the slope of the last step is missing on the path through tanh(y): "
            "after tanh'(y), the step from t = tanh(y) into f = u*t has its own "
            "local slope, df/dt, and it multiplies in too": x * t + slope,
            "tanh'(y) was taken as 1 - tanh(y^2): it is 1 - tanh(y)^2, tanh(y) "
            "squared, not y": x * t + r * (1 - math.tanh(y**2)),
            _SIGN: -(x * t + r * slope),
        },
        {
            _NO_TANH: 1.0,
            _SLOPE_NOT_VALUE: slope,
            _SIGN: -t,
        },
    ]


def _rounded(got: NDArray[np.float64], exact: NDArray[np.float64]) -> bool:
    """True if each wrong entry is the right one rounded or cut to at most 3 decimals."""

    def cut(g: float, e: float) -> bool:
        return any(
            abs(g * 10**d - round(g * 10**d)) < 1e-6 and abs(g - e) < 10.0**-d
            for d in range(4)
        )

    return all(
        _close(g, e) or cut(float(g), float(e)) for g, e in zip(got, exact, strict=True)
    )


def _named(entries: list[int]) -> str:
    """``df/dx is`` or ``df/dx and df/dz are``."""
    return " and ".join(_ENTRIES[k] for k in entries) + (
        " is" if len(entries) == 1 else " are"
    )


def _diagnose_entries(got: NDArray[np.float64], exact: NDArray[np.float64]) -> str:
    """Say which partials are wrong, and how, when no whole-answer mistake matched."""
    wrong = [k for k in range(3) if not _close(got[k], exact[k])]
    if np.allclose(got, exact, atol=0.006):  # within rounding to 2 decimals
        if _rounded(got, exact):
            return (
                "grads_f is close, but rounded too much for the check: round less "
                "(keep 4 decimals), or give the numbers computed in code."
            )
        return (
            f"grads_f is close, but {_named(wrong)} off by more than rounding "
            "explains: check the digits you typed, or give the numbers computed "
            "in code."
        )
    slips_of = _entry_slips(*_POINT_1)
    if len(wrong) == 3 and not any(
        _close(got[k], value) for k in range(3) for value in slips_of[k].values()
    ):
        return f"grads_f is not right: it {_GENERIC}."
    unknown = "no common slip explains it: redo it path by path, one local derivative per edge"
    slips: dict[str, list[str]] = {}  # what went wrong: the partials it explains
    for k in wrong:
        named = [words for words, value in slips_of[k].items() if _close(got[k], value)]
        slips.setdefault(named[0] if named else unknown, []).append(_ENTRIES[k])
    notes = [f"{' and '.join(entries)}: {words}" for words, entries in slips.items()]
    right = [k for k in range(3) if k not in wrong]
    tail = f" ({_named(right)} right.)" if right else ""
    return "grads_f is not right. " + "; ".join(notes) + "." + tail


@exercise("07.1")
def _by_hand(answer: Any) -> str:
    if isinstance(answer, dict):
        raise Incorrect(
            "grads_f should be a tuple of three numbers, (df/dx, df/dy, df/dz), "
            "not a dict."
        )
    if _holds_values(answer):
        raise Incorrect(
            "grads_f holds Value objects, not plain numbers: the number inside a "
            "Value is its .data, so read .data from each, or compute with floats."
        )
    flat = isinstance(answer, tuple | list) or (
        isinstance(answer, np.ndarray) and answer.ndim == 1
    )
    if flat and len(answer) != 3:
        raise Incorrect(
            f"grads_f should hold 3 numbers, (df/dx, df/dy, df/dz), got {len(answer)}."
        )
    got = as_numbers(answer, "grads_f", (3,))
    exact = gradient(_f_1, _POINT_1, method="complex")
    x, y, z = _POINT_1
    t = math.tanh(y)
    r, slope = x * y + z, 1 - t**2
    forward_values = [x, y, z, x * y, r, t, r * t]
    if not np.allclose(got, exact, atol=1e-4):
        if all(_close(forward_values, v).any() for v in got):
            raise Incorrect(
                "these numbers are values from the forward pass (inputs or "
                "intermediate results), not gradients: run the backward pass from "
                "df/df = 1 down to the inputs."
            )
        if np.allclose(np.sort(got), np.sort(exact), atol=1e-4):
            raise Incorrect(
                "the three numbers are right but in the wrong order: give (df/dx, df/dy, df/dz)."
            )

    only_dy = {  # mistakes in df/dy alone, at this point none equal to another's
        "df/dy forgot the path through tanh(y): y reaches f along two paths "
        "(through x*y and through tanh(y)), and their contributions add up": t * x,
        "df/dy forgot the path through the product x*y: y reaches f along two "
        "paths, and their contributions add up": r * slope,
        "the slope of tanh has the wrong sign: tanh'(y) = 1 - tanh(y)^2": t * x
        - r * slope,
        "tanh'(y) was taken as 1 + tanh(y)^2; it is 1 - tanh(y)^2": t * x
        + r * (1 + t**2),
        "tanh'(y) was taken as 1 - tanh(y), without the square": t * x + r * (1 - t),
        "tanh'(y) was taken as (1 - tanh(y))^2, the square in the wrong place: "
        "it is 1 - tanh(y)^2, only tanh(y) squared": t * x + r * (1 - t) ** 2,
        "df/dy used y as the slope of x*y: redo d(xy)/dy, holding x fixed "
        "(lesson 04)": y * t + r * slope,
    }
    mistakes = {words: [exact[0], v, exact[2]] for words, v in only_dy.items()}
    mistakes |= {
        "the partners of the product x*y are swapped: x and y stand in each "
        "other's place; redo d(xy)/dx and d(xy)/dy, each holding the other "
        "input fixed (lesson 04)": [x * t, y * t + r * slope, exact[2]],
        "df/dx used x as the slope of x*y: redo d(xy)/dx, holding y fixed "
        "(lesson 04)": [x * t, exact[1], exact[2]],
    }
    try:  # the whole-answer mistakes first; then, if none fits, each partial's
        compare(got, exact, what="grads_f", rtol=1e-3, atol=1e-4, mistakes=mistakes)
    except Incorrect as exc:
        if _GENERIC not in str(exc):
            raise
        raise Incorrect(_diagnose_entries(got, exact)) from None
    return (
        "all three partials match a numerical check, the complex step of lesson "
        "03; y's two paths add up in df/dy. To see them on the graph, run "
        "f.backward() and then plot_graph(f) in a new cell."
    )


# ---------------------------------------------------------------- 07.2
_OPS = {"+": operator.add, "*": operator.mul}
_METHOD = {"+": "__add__", "*": "__mul__"}


def _make(cls: type, data: float) -> Any:
    shown = f"MyValue({data:g})"
    try:
        node = call(cls, data, name=shown)
    except LearnerError as exc:
        for name in ("grad", "data", "_prev"):
            if f"object has no attribute '{name}'" in str(exc):
                how = "as 0.0, with =" if name == "grad" else "with ="
                raise Incorrect(
                    f"{shown} raised AttributeError: in __init__, self.{name} does "
                    f"not exist yet, so += has nothing to add to. {name} must "
                    f"start {how} (self.{name} = ...)."
                ) from None
        raise
    if not isinstance(node, cls):
        raise Incorrect(f"{shown} did not make a MyValue.")
    if attribute(node, "grad", shown) is None:
        raise Incorrect(
            f"{shown}.grad is None: grad should start at 0.0, a number, since "
            "nothing has been added to it yet."
        )
    if number_attribute(node, "data", shown) != data:
        raise Incorrect(f"{shown}.data should be {data:g}, the number it was given.")
    if number_attribute(node, "grad", shown) != 0.0:
        raise Incorrect(
            f"{shown}.grad should start at 0.0: nothing has been added to it yet."
        )
    return node


def _run_rule(out: Any, shown: str) -> Any:
    """Run ``out._backward()``; a rule stored as what it returned is named."""
    if attribute(out, "_backward", shown) is None:
        raise Incorrect(
            f"{shown}._backward is None, not a function: with "
            "out._backward = mul_backward(), the () runs the rule at once and stores "
            "what it returns, None. Store the function itself, without ()."
        )
    try:
        return run_backward_rule(out, shown)
    except LearnerError as exc:
        kind = f"'{type(out).__name__}'"
        if "TypeError" not in str(exc) or kind not in str(exc):
            raise
        raise Incorrect(
            f"{shown}._backward() stopped with a TypeError: the rule computed with "
            "a value itself where a plain number belongs. A grad is a plain number, "
            "and so is each local slope: the slopes come from the inputs' .data, "
            "not from the values themselves (and the gradient that reached out is "
            "out.grad)."
        ) from None


def _operate(symbol: str, a: Any, b: Any, shown: str) -> Any:
    """Compute ``a <symbol> b`` with the learner's class; endless recursion is named."""
    try:
        return call(_OPS[symbol], a, b, name=shown)
    except LearnerError as exc:
        if "RecursionError" not in str(exc):
            raise
        raise Incorrect(
            f"{shown} never finished (RecursionError): inside {_METHOD[symbol]}, "
            f"an expression such as self {symbol} other, or MyValue(self {symbol} "
            f"other, ...), runs {_METHOD[symbol]} again, which runs it again, "
            "without end. Compute the new number from the plain numbers self.data "
            "and other.data."
        ) from None


def _rule_of(
    cls: type, symbol: str, a0: float, b0: float, g: float, pre: NDArray[Any]
) -> tuple[NDArray[Any], Any, Any]:
    """Run one operation's rule on fresh nodes, their grads set to ``pre``.

    Return the inputs' grads, ``out``, and what the rule returned.
    """
    a, b = _make(cls, a0), _make(cls, b0)
    shown = f"a {symbol} b"
    out = _operate(symbol, a, b, shown)
    if isinstance(out, int | float | np.number):
        raise Incorrect(
            f"{shown} returned a plain number, not a MyValue: out must be a value "
            "that remembers its inputs, (self, other), so that the backward pass "
            "can reach them. Make out a MyValue, and return out."
        )
    if not isinstance(out, cls):
        raise Incorrect(f"{shown} returned {describe(out)}, not a MyValue: return out.")
    expected = _OPS[symbol](a0, b0)
    if not math.isclose(number_attribute(out, "data", shown), expected, rel_tol=1e-12):
        raise Incorrect(
            f"the forward value is wrong: ({shown}).data should be a.data {symbol} b.data."
        )
    records_inputs(out, (a, b), f"({shown})")
    if len(tuple(out._prev)) != 2:
        raise Incorrect(f"({shown})._prev should hold exactly its two inputs, a and b.")
    a.grad, b.grad, out.grad = float(pre[0]), float(pre[1]), g
    returned = _run_rule(out, f"({shown})")
    grads = np.array(
        [number_attribute(a, "grad", "a"), number_attribute(b, "grad", "b")],
        dtype=float,
    )
    return grads, out, returned


_GRADS_AS_SLOPES = (
    "the grads of a and b are still 0 after (a * b)._backward(): the rule of * "
    "used the grads as slopes, and as a.grad and b.grad start at 0, every share "
    "it adds is 0. A slope of a*b is computed from the inputs' values, not from "
    "their grads."
)


def _grads_as_slopes(
    cls: type, a0: float, b0: float, g: float, pre: NDArray[Any]
) -> bool:
    """True if the rule of * uses a.grad and b.grad as the slopes: where the
    grads start at ``pre``, a's share is b.grad * g, then b's a.grad * g."""
    try:
        got, _, _ = _rule_of(cls, "*", a0, b0, g, pre)
    except (Incorrect, LearnerError, NotAttempted):  # then the grads are not the reason
        return False
    first = pre[0] + pre[1] * g
    return bool(np.allclose(got, [first, pre[1] + first * g]))


def _still_zero(symbol: str, out: Any, returned: Any, g: float) -> str:
    """Say why a rule left the inputs' grads at 0."""
    shown = f"(a {symbol} b)"
    method = _METHOD[symbol]
    start = (
        f"the gradients are still 0 after {shown}._backward(), with out.grad = {g:g}: "
    )
    try:
        name = str(getattr(out._backward, "__qualname__", ""))
    except BaseException:  # a learner's object that refuses
        name = ""
    if not name or ".__init__." in name:  # still the leaf's rule from __init__
        return start + (
            f"the rule never ran. out._backward is still the rule __init__ gives "
            f"every new value, which does nothing. The lines that add to "
            f"self.grad and other.grad belong inside a function defined in "
            f"{method}, stored as out._backward before return out, as the given "
            f"__add__ does with add_backward. Written in {method} itself, they run when a {symbol} b "
            "is computed, while out.grad is still 0, and add nothing."
        )
    if returned is not None:
        return start + (
            "the rule returns its results, and what a rule returns is thrown "
            "away. Inside it, add each share to self.grad and other.grad with +=."
        )
    try:
        out_grad = out.grad
    except BaseException:  # a learner's property that raises
        out_grad = None
    if not (isinstance(out_grad, int | float) and out_grad == g):
        return start + (
            "the rule changed out.grad. It reads out.grad, and adds its shares to "
            "the inputs' grads, self.grad and other.grad."
        )
    return start + (
        "if the rule uses a copy of out.grad taken before the rule's def, that "
        "copy holds 0.0, out's grad when out was made. Read out.grad inside the rule, "
        "when it runs."
    )


@exercise("07.2")
def _my_value(answer: Any) -> str:
    if answer is Ellipsis:
        raise NotAttempted("define the class MyValue, then run this cell again.")
    if not isinstance(answer, type):
        if callable(answer):  # a function: its stub or its error comes first
            call(answer, 1.5, name="MyValue")
        raise Incorrect(f"MyValue should be a class, got {describe(answer)}.")
    leaf = _make(answer, 1.5)
    if tuple(attribute(leaf, "_prev", "MyValue(1.5)")) != ():
        raise Incorrect(
            "MyValue(1.5)._prev should be empty: a number typed in has no inputs."
        )
    _run_rule(leaf, "MyValue(1.5)")
    pre = np.array([0.25, -0.5])
    for k, (a0, b0) in enumerate(random_points(6, -2.0, 2.0, seed=72).reshape(3, 2)):
        g = 1.5 + k / 4  # out.grad is not 1 inside a larger graph
        for symbol in ("+", "*"):
            fresh, out, returned = _rule_of(answer, symbol, a0, b0, g, np.zeros(2))
            if np.allclose(fresh, 0.0):
                if symbol == "*" and _grads_as_slopes(answer, a0, b0, g, pre):
                    raise Incorrect(_GRADS_AS_SLOPES)
                raise Incorrect(_still_zero(symbol, out, returned, g))
            # then as inside a graph: the grads hold shares from other paths
            got, out, returned = _rule_of(answer, symbol, a0, b0, g, pre)
            slopes = gradient(lambda v, s=symbol: _OPS[s](v[0], v[1]), [a0, b0])
            shared = {
                "the rule subtracts its shares with -=: each input's grad grows "
                "by its share, with +=": pre - slopes * g,
                "the rule multiplied by out.data, the value of out, where out.grad "
                "belongs, the gradient that reached out": pre
                + slopes * _OPS[symbol](a0, b0),
                "the rule used = instead of +=: it overwrote what a.grad and "
                "b.grad held from other paths instead of adding to it": slopes * g,
                "the rule forgot to multiply by out.grad: the chain rule passes "
                "on the local slope times the gradient that reached out": pre + slopes,
                "only a's grad changed: b is an input too, and gets its share": [
                    pre[0] + slopes[0] * g,
                    pre[1],
                ],
            }
            if symbol == "*":
                own = {
                    "the slopes are swapped: self.grad got self.data times "
                    "out.grad, and other.grad got other.data times out.grad. Redo "
                    "d(a*b)/da, holding b fixed (lesson 04)": pre
                    + np.array([a0, b0]) * g,
                    "the rule of * used the slopes of +, 1 for each input: the "
                    "slopes of a product are its partial derivatives (lesson 04)": pre
                    + g,
                    "the rule of * used other.grad, a gradient, as a slope: a slope "
                    "of a*b is computed from the inputs' values": [
                        pre[0] + pre[1] * g,
                        pre[1] + a0 * g,
                    ],
                    "the rule of * used self.grad, a gradient, as a slope: a slope "
                    "of a*b is computed from the inputs' values": [
                        pre[0] + b0 * g,
                        pre[1] + (pre[0] + b0 * g) * g,
                    ],
                }
            else:
                own = {
                    "the rule of + used the slopes of *: d(a+b)/da is 1, not b": pre
                    + np.array([b0, a0]) * g,
                }
            try:
                compare(
                    got,
                    pre + slopes * g,
                    what=f"the grads of a and b after (a {symbol} b)._backward()",
                    mistakes={**shared, **own},
                )
            except Incorrect as exc:  # "the grads ... are", not "is"
                message = str(exc).replace(" is not right", " are not right", 1)
                raise Incorrect(message) from None
    x0 = 1.25
    x = _make(answer, x0)
    square = _operate("*", x, x, "x * x")
    square.grad = 1.0
    _run_rule(square, "(x * x)")
    if not math.isclose(number_attribute(x, "grad", "x"), 2 * x0, rel_tol=1e-9):
        raise Incorrect(
            "in x * x, x is both inputs, and its grad should collect both shares; "
            "with = instead of +=, the second overwrites the first."
        )
    given_line = (
        "MyValue(2.0) * 3.0 fails: keep the given first line of __add__ and "
        "__mul__, which turns a plain number into a MyValue."
    )
    try:
        mixed = call(operator.mul, _make(answer, 2.0), 3.0, name="MyValue(2.0) * 3.0")
    except LearnerError as exc:
        if "AttributeError" in str(exc):
            raise Incorrect(given_line) from None
        raise
    if not math.isclose(number_attribute(mixed, "data", "MyValue(2.0) * 3.0"), 6.0):
        raise Incorrect(given_line)
    return (
        "your a * b remembers its inputs, and its rule passes on slope times "
        "out.grad with +=, as central differences say, also for x * x."
    )


# ---------------------------------------------------------------- 07.3


_NUMERIC = (
    "the exercise asks for the formula of h'(x), found by hand with the chain "
    "rule; a numerical derivative is only for comparing, outside dh."
)


def _names_used(fn: Any) -> set[str]:
    """The global names a function's code uses, inner functions included."""
    names: set[str] = set()
    codes = [getattr(fn, "__code__", None)]
    while codes:
        code = codes.pop()
        if code is None or not hasattr(code, "co_names"):
            continue
        names.update(code.co_names)
        codes.extend(c for c in code.co_consts if hasattr(c, "co_names"))
    return names


@exercise("07.3")
def _chain_rule(answer: Any) -> str:
    dh = as_function(answer, "dh")
    used = _names_used(dh) & {"derivative", "gradient"}
    if used:
        raise Incorrect(f"dh calls {used.pop()}(...), a numerical estimate: {_NUMERIC}")
    import sympy as sp  # here, when the check runs, not with the package

    x = sp.symbols("x", real=True)
    inner, outer = 1 + sp.exp(3 * x), sp.exp(3 * x)

    def at(expr: Any) -> Any:
        return sympy_function(expr, x)

    points = random_points(15, -2.0, 2.0, seed=51)
    slope = at(sp.diff(sp.log(inner), x))
    got = check_at_points(
        dh,
        "dh",
        points,
        slope,
        {
            "the numerator lost its e^(3x): the derivative of the inside, "
            "1 + e^(3x), still holds e^(3x)": at(3 / inner),
            "the denominator changed: ln(u) has derivative u'/u, with the inside "
            "u = 1 + e^(3x) below, unchanged": at(3 * outer / (1 + sp.exp(x))),
            "the exponent changed in the numerator: the derivative of e^(3x) "
            "keeps e^(3x)": at(3 * sp.exp(x) / inner),
            "the factor 3 was taken twice: e^(3x) gives one factor 3": at(
                9 * outer / inner
            ),
            "the denominator is squared: ln(u) has derivative u'/u, with u "
            "below, not u^2": at(3 * outer / inner**2),
            "the denominator is ln(u): ln(u) has derivative u'/u, with u "
            "below, not ln(u)": at(3 * outer / sp.log(inner)),
            "the inside 3x became x in the sigmoid form: e^(3x) / (1 + e^(3x)) "
            "has 3x throughout": at(3 / (1 + sp.exp(-x))),
            "the inner derivative is missing: ln(u) has derivative u'/u, not "
            "1/u, with u = 1 + e^(3x)": at(1 / inner),
            "the factor 3 is missing: e^(3x) needs the chain rule too, a "
            "second one inside the first": at(outer / inner),
            "the outer derivative is missing: ln(u) has derivative u'/u, and "
            "this is u' alone": at(3 * outer),
        },
    )
    exact = slope(points)
    if np.max(np.abs(got - exact) / np.abs(exact)) > 1e-12:
        raise Incorrect(
            "dh is close to h'(x), but not exact to rounding, as a formula would "
            f"be: it looks like a numerical estimate, a difference quotient. {_NUMERIC}"
        )
    return "dh matches SymPy's derivative at 15 random points: 3e^(3x) / (1 + e^(3x))."
