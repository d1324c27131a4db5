"""Tests of utils.autodiff against SymPy, finite differences and the chain rule by hand."""

import functools
import math
import re
import sys
import warnings
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import example, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from utils.autodiff import Value
from utils.dual import Dual, forward_derivative
from utils.numerics import derivative

# ------------------------------------------------- random expression trees
# A tree is a tuple: ("x",), ("y",), ("const", c), (op, subtree) or
# (op, subtree, subtree). Every operation is safe by construction: the
# denominators are 1 + b**2 >= 1, logs and variable exponents get a base
# 1 + a**2 >= 1, exp only sees tanh(a) in [-1, 1], and powers are integers.
# Three levels of operations on leaves in [-2, 2] keep every value below 2e8.
UNARY = ("neg", "square", "cube", "exp", "log", "tanh", "sigmoid", "c*", "c-", "c/")
BINARY = ("+", "-", "*", "/", "**")
BOUND = 2.0
numbers = st.floats(-BOUND, BOUND)


def trees(depth: int) -> st.SearchStrategy:
    """Trees with an operation at the root and at most ``depth`` levels of them."""
    leaves = st.one_of(
        st.just(("x",)), st.just(("y",)), st.tuples(st.just("const"), numbers)
    )
    children = leaves if depth == 1 else st.one_of(leaves, trees(depth - 1))
    return st.one_of(
        st.tuples(st.sampled_from(UNARY), children),
        st.tuples(st.sampled_from(BINARY), children, children),
    )


def evaluate(tree, x, y, ops):
    """Evaluate ``tree`` at the variables ``x`` and ``y`` with the functions in ``ops``.

    The same tree is evaluated with Values, Duals and SymPy symbols; ``ops``
    supplies what differs: how to make a constant, exp, log, tanh and sigmoid.
    Each subtree is evaluated once and reused (``a`` appears twice in
    ``log(1 + a**2)``), so the graphs have shared nodes.
    """
    op, *args = tree
    if op == "x":
        return x
    if op == "y":
        return y
    if op == "const":
        return ops["const"](args[0])
    a = evaluate(args[0], x, y, ops)
    if len(args) == 2:
        b = evaluate(args[1], x, y, ops)
        return {
            "+": lambda: a + b,
            "-": lambda: a - b,
            "*": lambda: a * b,
            "/": lambda: a / (1 + b**2),
            "**": lambda: (1 + a**2) ** ops["tanh"](b),
        }[op]()
    return {
        "neg": lambda: -a,
        "square": lambda: a**2,
        "cube": lambda: a**3,
        "exp": lambda: ops["exp"](ops["tanh"](a)),
        "log": lambda: ops["log"](1 + a**2),
        "tanh": lambda: ops["tanh"](a),
        "sigmoid": lambda: ops["sigmoid"](a),
        # A plain number on the left: __rmul__, __rsub__, __rtruediv__.
        "c*": lambda: 1.5 * a,
        "c-": lambda: 0.5 - a,
        "c/": lambda: 2.0 / (1 + a**2),
    }[op]()


VALUE_OPS = {
    "const": Value,
    "exp": Value.exp,
    "log": Value.log,
    "tanh": Value.tanh,
    "sigmoid": Value.sigmoid,
}
DUAL_OPS = {
    "const": Dual,
    "exp": Dual.exp,
    "log": Dual.log,
    "tanh": Dual.tanh,
    "sigmoid": Dual.sigmoid,
}
SYMPY_OPS = {
    "const": sympy.Float,
    "exp": sympy.exp,
    "log": sympy.log,
    "tanh": sympy.tanh,
    "sigmoid": lambda a: 1 / (1 + sympy.exp(-a)),
}
X, Y = sympy.symbols("x y")


def sympy_gradient(tree, x0, y0):
    """Differentiate symbolically, then evaluate to 15 correct digits."""
    f = evaluate(tree, X, Y, SYMPY_OPS)
    point = {X: x0, Y: y0}
    return [float(sympy.diff(f, v).evalf(subs=point)) for v in (X, Y)]


# SymPy's evalf gives the exact derivative to 15 digits. Value and Dual round
# each of a few dozen operations (relative error 1.1e-16 each), and they take
# the slopes of tanh and sigmoid from their outputs (1 - t**2), which loses
# relative accuracy where a slope is tiny (tanh(20) rounds to 1.0, so its slope
# 2e-17 becomes 0.0); hence an absolute floor. In 15,000 random trees every
# disagreement stayed below 3e-14 + 3e-14 |exact|, so 1e-8 + 1e-8 |exact| has
# a wide margin, while a wrong rule is off by a relative error of order one.
TOL = {"rtol": 1e-8, "atol": 1e-8}


def every_operation():
    """Return one tree that uses every operation, so each rule is checked every run."""
    unary = [(op, ("x",) if i % 2 else ("y",)) for i, op in enumerate(UNARY)]
    pairs = zip(unary[::2], unary[1::2], strict=True)
    terms = [(op, a, b) for op, (a, b) in zip(BINARY, pairs, strict=True)]
    return functools.reduce(lambda a, b: ("+", a, b), terms)


@settings(max_examples=60)
@example(tree=every_operation(), x0=0.7, y0=-1.1)
@given(tree=trees(3), x0=numbers, y0=numbers)
def test_random_expressions_match_sympy(tree, x0, y0):
    exact = sympy_gradient(tree, x0, y0)

    x, y = Value(x0), Value(y0)
    evaluate(tree, x, y, VALUE_OPS).backward()
    assert_allclose([x.grad, y.grad], exact, **TOL)

    forward = [
        evaluate(tree, Dual(x0, 1.0), Dual(y0), DUAL_OPS),
        evaluate(tree, Dual(x0), Dual(y0, 1.0), DUAL_OPS),
    ]
    assert_allclose([d.derivative for d in forward], exact, **TOL)


# ------------------------------------------------------ finite differences
def neuron(w, x, b):
    return (w * x + b).sigmoid()


def squared_loss(w, x, b):
    t = 0.25  # the target
    return (w * x + b - t) ** 2


def uses_every_operation(w, x, b):
    """Combine + - * / ** and tanh, exp, relu and log in one function."""
    return (w * x).tanh() * b.exp() + (x / (1 + w**2)).relu() - (b * b + 1).log()


POINT = (0.7, -1.3, 0.4)  # (w, x, b), away from the kink of relu


def along(f, i, make):
    """Return t -> f at POINT with input i set to t and the others made by ``make``."""

    def f_i(t):
        args = [make(p) for p in POINT]
        args[i] = t
        return f(*args)

    return f_i


# The central difference with its default step is accurate to about 1e-10
# relative on smooth functions (COURSE.md §6); 1e-8 leaves a margin.
@pytest.mark.parametrize("f", [neuron, squared_loss, uses_every_operation])
def test_gradients_match_central_differences(f):
    inputs = [Value(p) for p in POINT]
    f(*inputs).backward()
    for i, node in enumerate(inputs):
        f_i = along(f, i, Value)
        numeric = derivative(lambda t, f_i=f_i: f_i(Value(t)).data, POINT[i])
        assert_allclose(node.grad, numeric, rtol=1e-8, atol=1e-12)
        assert_allclose(
            forward_derivative(along(f, i, Dual), POINT[i]), numeric, rtol=1e-8
        )


def test_neuron_and_loss_match_the_chain_rule_by_hand():
    w, x, b = (Value(p) for p in POINT)
    neuron(w, x, b).backward()
    s = 1 / (1 + math.exp(-(POINT[0] * POINT[1] + POINT[2])))
    assert_allclose(
        [w.grad, x.grad, b.grad],
        [s * (1 - s) * x.data, s * (1 - s) * w.data, s * (1 - s)],
    )

    w, x, b = (Value(p) for p in POINT)
    squared_loss(w, x, b).backward()
    residual = POINT[0] * POINT[1] + POINT[2] - 0.25
    assert_allclose(
        [w.grad, x.grad, b.grad],
        [2 * residual * x.data, 2 * residual * w.data, 2 * residual],
    )


# -------------------------------------------------------------- rules
def reverse_derivative(f, x0):
    x = Value(x0)
    f(x).backward()
    return x.grad


# (f, f' written by hand, x0): powers in every form, and the reflected operators.
# Both sides compute the same formula in another order, so 1e-14 is enough.
RULES = [
    (lambda t: t**3, lambda t: 3 * t**2, -2.0),
    (lambda t: t**0.5, lambda t: 0.5 * t**-0.5, 4.0),
    (lambda t: t**-2, lambda t: -2 * t**-3, -1.5),
    (lambda t: t**1, lambda t: 1.0, 0.0),
    (lambda t: t**2, lambda t: 2 * t, 0.0),
    (lambda t: 2**t, lambda t: 2**t * math.log(2), 3.0),
    (lambda t: t**t, lambda t: t**t * (math.log(t) + 1), 1.7),
    (lambda t: 1 / t, lambda t: -1 / t**2, -0.5),
    (lambda t: 3 - t, lambda t: -1.0, 0.3),
    (lambda t: -t, lambda t: -1.0, 0.3),
    (lambda t: 2 * t + t * 2 + 1 + t, lambda t: 5.0, 0.3),
]


@pytest.mark.parametrize(("f", "df", "x0"), RULES)
def test_power_and_reflected_operators(f, df, x0):
    assert_allclose(reverse_derivative(f, x0), df(x0), rtol=1e-14)
    assert_allclose(forward_derivative(f, x0), df(x0), rtol=1e-14)


@pytest.mark.parametrize(
    ("f", "df", "x0"),
    [(Dual.sin, math.cos, 0.4), (Dual.cos, lambda t: -math.sin(t), 0.4)],
)
def test_sin_and_cos_of_dual_numbers(f, df, x0):
    assert forward_derivative(f, x0) == pytest.approx(df(x0), rel=1e-14)


def test_variable_exponent_gives_both_partials():
    x, y = Value(2.0), Value(3.0)
    (x**y).backward()
    assert_allclose(
        [x.grad, y.grad],
        [y.data * x.data ** (y.data - 1), x.data**y.data * math.log(x.data)],
    )


@pytest.mark.parametrize(("x0", "slope"), [(-2.0, 0.0), (0.0, 0.0), (3.0, 1.0)])
def test_relu_has_slope_zero_at_zero(x0, slope):
    x = Value(x0)
    y = x.relu()
    y.backward()
    assert (y.data, x.grad) == (max(x0, 0.0), slope)
    assert forward_derivative(Dual.relu, x0) == slope


@pytest.mark.parametrize("x0", [-1000.0, 1000.0])
def test_sigmoid_is_stable_for_large_inputs(x0):
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        x = Value(x0)
        s = x.sigmoid()
        s.backward()
        d = Dual.variable(x0).sigmoid()
    limit = 1.0 if x0 > 0 else 0.0
    assert (s.data, d.value) == (pytest.approx(limit), pytest.approx(limit))
    assert (x.grad, d.derivative) == (pytest.approx(0.0), pytest.approx(0.0))


# ----------------------------------------------- graphs and accumulation
def diamond(x0):
    """Return the nodes of y = (x + 1) * (2x), where x feeds two paths."""
    x = Value(x0)
    a = x + 1
    b = x * 2
    return x, a, b, a * b


def test_reused_node_in_a_product():
    x = Value(3.0)
    (x * x).backward()
    assert x.grad == 2 * x.data


def test_reused_node_in_a_sum():
    x = Value(3.0)
    (x + x).backward()
    assert x.grad == 2.0


def test_diamond():
    x, a, b, y = diamond(1.5)
    y.backward()
    assert (y.grad, a.grad, b.grad) == (1.0, b.data, a.data)
    assert x.grad == pytest.approx(4 * x.data + 2)  # d/dx (x + 1)(2x)


def test_backward_seeds_the_output_and_adds_to_every_node_below():
    # The plain algorithm: output.grad = 1, then each node's rule adds with +=.
    # A second call on the same graph sets y.grad to 1 again, while a and b
    # still hold their first gradients: they receive as much again, 2 times
    # in all, and hand that on, so x gets 1 + 2 = 3 times its first gradient.
    x, a, b, y = diamond(1.5)
    y.backward()
    first = [node.grad for node in (x, a, b)]
    y.backward()
    assert (x.grad, a.grad, b.grad, y.grad) == (
        3 * first[0],
        *(2 * g for g in first[1:]),
        1.0,
    )


def test_backward_on_new_graphs_adds_up_on_the_shared_leaves():
    # As in a training loop: a new graph at each step, on the same leaf.
    w = Value(0.5)
    ((w * 3) ** 2).backward()
    (w * 3).exp().backward()
    assert w.grad == pytest.approx(3 * (2 * 1.5 + math.exp(1.5)))
    w.grad = 0.0
    for _ in range(2):  # the same loss twice, without zero_grad: doubled
        ((w * 3) ** 2).backward()
    assert w.grad == 2 * 3 * 2 * 1.5


def test_outputs_sharing_inner_nodes_need_their_sum_or_zero_grad():
    w = Value(0.5)
    h = w * 3  # shared by both outputs
    h2, eh = h**2, h.exp()
    (h2 + eh).backward()
    assert h.grad == pytest.approx(2 * h.data + math.exp(h.data))
    assert w.grad == pytest.approx(3 * (2 * h.data + math.exp(h.data)))

    h2.zero_grad()
    eh.zero_grad()
    h2.backward()
    eh.backward()  # h still holds 2h from h2 and hands it on to w again
    assert w.grad == pytest.approx(3 * 2 * h.data + 3 * (2 * h.data + math.exp(h.data)))


def test_zero_grad_resets_the_whole_graph():
    nodes = diamond(1.5)
    nodes[-1].backward()
    first = [node.grad for node in nodes]
    nodes[-1].zero_grad()
    assert [node.grad for node in nodes] == [0.0] * len(nodes)
    nodes[-1].backward()
    assert [node.grad for node in nodes] == first


def test_deep_graph_needs_no_recursion():
    # Each node the input of the next, 20 times deeper than Python lets a
    # recursive walk go: a recursive backward() raises RecursionError here.
    depth = 20 * sys.getrecursionlimit()
    x = Value(0.5)
    y = x
    for _ in range(depth):
        y = y + x
    y.backward()
    assert x.grad == depth + 1
    y.zero_grad()
    assert x.grad == 0.0


def test_graph_is_recorded_for_drawing():
    x, y = Value(2.0, label="x"), Value(3.0)
    z = x * y
    assert (z._prev, z._op, x._prev, x.label) == ((x, y), "*", (), "x")
    assert ((x**2)._op, (x**y)._prev, x.tanh()._op) == ("**2", (x, y), "tanh")


def test_repr():
    assert repr(Value(2.0)) == "Value(data=2.0, grad=0.0)"
    assert repr(Dual(2.0, 1.0)) == "Dual(value=2.0, derivative=1.0)"


def test_any_real_number_becomes_a_float():
    for number in (2, np.float64(0.5), np.int64(-3), Fraction(1, 4)):
        assert type(Value(number).data) is float
        assert Value(number).data == Dual(number).value == float(number)


# ------------------------------------------------------------ bad input
ENGINES = [(Value, "data"), (Dual, "value")]  # each class and its number's name


@pytest.mark.parametrize(("engine", "name"), ENGINES)
@pytest.mark.parametrize("bad", ["a", [1, 2], True, None, 1 + 2j, np.array(1.0)])
def test_non_numbers_are_refused(engine, name, bad):
    with pytest.raises(TypeError, match=f"{name} must be a real number, got "):
        engine(bad)


@pytest.mark.parametrize(("engine", "name"), ENGINES)
@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_are_refused(engine, name, bad):
    with pytest.raises(ValueError, match=f"{name} must be finite, got {bad}"):
        engine(bad)
    with pytest.raises(ValueError, match="must be finite"):
        engine(1.0) + bad


def test_bad_derivative_label_and_variable():
    with pytest.raises(TypeError, match="derivative must be a real number, got str"):
        Dual(1.0, "1")
    with pytest.raises(ValueError, match="derivative must be finite, got nan"):
        Dual(1.0, math.nan)
    with pytest.raises(TypeError, match="label must be a string, got int"):
        Value(1.0, label=1)
    with pytest.raises(TypeError, match="value must be a real number, got str"):
        Dual.variable("1")
    with pytest.raises(ValueError, match="value must be finite, got inf"):
        Dual.variable(math.inf)


OPERATIONS_WITH_NON_NUMBERS = [
    lambda a: a + "a",
    lambda a: "a" - a,
    lambda a: a * None,
    lambda a: None / a,
    lambda a: a ** "2",
    lambda a: "2" ** a,
    lambda a: a + True,
    lambda a: a * Value(1.0) if isinstance(a, Dual) else a * Dual(1.0),
]


@pytest.mark.parametrize("engine", [Value, Dual])
@pytest.mark.parametrize("operation", OPERATIONS_WITH_NON_NUMBERS)
def test_operators_refuse_non_numbers(engine, operation):
    with pytest.raises(
        TypeError, match=f"unsupported operand type.*'{engine.__name__}'"
    ):
        operation(engine(1.0))


# (f, x0, error, message): raised while evaluating, by both engines.
DOMAIN_ERRORS = [
    (lambda t: t.log(), -1.0, ValueError, "log needs a positive input, got -1.0"),
    (lambda t: t.log(), 0.0, ValueError, "log needs a positive input, got 0.0"),
    (lambda t: 1 / t, 0.0, ZeroDivisionError, "the denominator is 0.0"),
    (lambda t: t / (t - 2), 2.0, ZeroDivisionError, "the denominator is 0.0"),
    (lambda t: t**-1, 0.0, ZeroDivisionError, "0 cannot be raised to a negative"),
    (lambda t: t**0.5, -4.0, ValueError, "negative base needs an integer exponent"),
    (lambda t: t**0.5, 0.0, ValueError, "x ** 0.5 has no derivative at x = 0"),
    (lambda t: t**t, -1.0, ValueError, "exponent needs a positive base, got -1.0"),
    (lambda t: (-2.0) ** t, 1.0, ValueError, "variable exponent needs a positive base"),
]


@pytest.mark.parametrize("engine", [Value, Dual])
def test_dividing_by_a_tiny_number_does_not_square_it(engine):
    # b**2 underflows to 0 for b = 1e-170, but d(a/b)/db = -a/b**2 is finite here
    a, b = engine(1e-200), engine(1e-170)
    if engine is Dual:
        assert (a / Dual(1e-170, 1.0)).derivative == pytest.approx(-1e140)
    else:
        (a / b).backward()
        assert b.grad == pytest.approx(-1e140)


def test_an_overflowing_derivative_says_so():
    with pytest.raises(ValueError, match="overflowed"):
        1.0 / Dual(1e-200, 1.0)
    # A power's slope, where float ** raises instead of giving inf.
    with pytest.raises(
        OverflowError, match=re.escape("slope of x ** -1.0 at x = 1e-200")
    ):
        Dual(1e-200, 1.0) ** -1


# (make, error, message): each says what overflowed, by both engines.
OVERFLOWS = [
    (
        lambda e: e(10**400),
        ValueError,
        "is too large for a float, got int of about 10**400",
    ),
    (
        lambda e: e(Fraction(10**400, 3)),
        ValueError,
        "is too large for a float, got Fraction",
    ),
    (lambda e: 2.0 ** e(26721), OverflowError, "(2.0) ** 26721.0 overflowed"),
    (lambda e: e(10.0) ** 400, OverflowError, "(10.0) ** 400.0 overflowed"),
    (lambda e: e(1000.0).exp(), OverflowError, "exp(1000.0) overflowed"),
]


@pytest.mark.parametrize(("engine", "name"), ENGINES)
@pytest.mark.parametrize(("make", "error", "message"), OVERFLOWS)
def test_an_overflow_says_what_overflowed(engine, name, make, error, message):
    with pytest.raises(error, match=re.escape(message)) as raised:
        make(engine)
    assert "the largest float is about 1.8e308" in str(raised.value)
    if error is ValueError:  # a number given to the engine: its parameter is named
        assert str(raised.value).startswith(f"{name} is too large")


def test_a_derivative_too_large_for_a_float_is_named():
    with pytest.raises(
        ValueError, match=re.escape("derivative is too large for a float")
    ):
        Dual(1.0, 10**400)


@pytest.mark.parametrize("engine", [Value, Dual])
@pytest.mark.parametrize(("f", "x0", "error", "message"), DOMAIN_ERRORS)
def test_domain_errors_are_raised_when_evaluating(engine, f, x0, error, message):
    with pytest.raises(error, match=re.escape(message)):
        f(engine(x0))


def test_forward_derivative():
    x0 = 0.5
    exact = 2 * x0 * math.exp(x0**2)  # d/dx exp(x**2)
    assert forward_derivative(lambda t: (t * t).exp(), x0) == pytest.approx(exact)
    assert forward_derivative(lambda t: 3.0, 1.0) == 0.0  # a constant function


@pytest.mark.parametrize(
    ("f", "x", "error", "message"),
    [
        ("t", 1.0, TypeError, "f must be callable, got str"),
        (Dual.exp, "1", TypeError, "x must be a real number, got str"),
        (Dual.exp, math.nan, ValueError, "x must be finite, got nan"),
        (lambda t: "t", 1.0, TypeError, "f must return a Dual or a real number"),
        (Dual.log, -1.0, ValueError, "log needs a positive input"),
    ],
)
def test_forward_derivative_refuses_bad_input(f, x, error, message):
    with pytest.raises(error, match=message):
        forward_derivative(f, x)
