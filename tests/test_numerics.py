"""Tests of utils.numerics against exact derivatives and known properties."""

import re
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.polynomial import Polynomial
from numpy.testing import assert_allclose

from utils.numerics import (
    METHODS,
    check_gradient,
    default_step,
    derivative,
    directional_derivative,
    gradient,
    hessian,
    jacobian,
)

SMOOTH = [
    (np.sin, np.cos, 1.0),
    (np.exp, np.exp, 2.0),
    (np.log, lambda t: 1 / t, 3.0),
    (np.tanh, lambda t: 1 - np.tanh(t) ** 2, 0.5),
    (lambda t: t**3, lambda t: 3 * t**2, -1.5),
]
# The accuracy each method must reach on SMOOTH with its default step (COURSE.md §6).
TOLERANCE = {"forward": 1e-7, "backward": 1e-7, "central": 1e-10, "complex": 1e-15}


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("f", "df", "x"), SMOOTH)
def test_default_step_reaches_the_accuracy_of_its_method(f, df, x, method):
    assert_allclose(derivative(f, x, method=method), df(x), rtol=TOLERANCE[method])


def test_methods_differ_in_order_of_accuracy():
    """Halving h halves the forward error and quarters the central error."""
    x, h = 0.7, 1e-3
    for method, ratio in (("forward", 2), ("backward", 2), ("central", 4)):
        e1 = abs(derivative(np.sin, x, h=h, method=method) - np.cos(x))
        e2 = abs(derivative(np.sin, x, h=h / 2, method=method) - np.cos(x))
        assert e1 / e2 == pytest.approx(ratio, rel=0.05), method


def test_forward_and_backward_lean_opposite_ways_on_a_convex_function():
    assert derivative(np.exp, 0.0, h=0.1, method="forward") > 1.0
    assert derivative(np.exp, 0.0, h=0.1, method="backward") < 1.0


def test_array_input_is_element_wise_and_keeps_its_shape():
    x = np.array([[0.0, 1.0], [2.0, -3.0]])
    result = derivative(lambda t: t**2, x)
    assert result.shape == (2, 2)
    assert_allclose(result, 2 * x, atol=1e-8)


def test_scalar_input_gives_a_python_float():
    assert isinstance(derivative(np.sin, 0.5), float)


def test_default_step_scales_with_x():
    assert_allclose(
        default_step([0.5, 1.0, 1e4], "forward"),
        np.finfo(float).eps ** 0.5 * np.array([1, 1, 1e4]),
    )


def test_central_stays_accurate_at_large_x():
    assert_allclose(derivative(lambda t: t**2, 1e6), 2e6, rtol=1e-9)


@given(
    coefficients=st.lists(st.floats(-5, 5), min_size=1, max_size=6),
    x=st.floats(-2, 2),
)
def test_random_polynomials(coefficients, x):
    p = Polynomial(coefficients)
    exact = p.deriv()(x)
    scale = 1 + sum(abs(c) for c in coefficients) * 8  # bounds |p|, |p'| on [-2, 2]
    assert abs(derivative(p, x) - exact) <= 1e-8 * scale
    assert abs(derivative(p, x, method="complex") - exact) <= 1e-13 * scale


@given(a=st.floats(-3, 3), b=st.floats(-3, 3), x=st.floats(-10, 10))
def test_every_method_is_exact_enough_on_lines(a, b, x):
    for method in METHODS:
        assert derivative(lambda t: a * t + b, x, method=method) == pytest.approx(
            a, abs=1e-6
        )


@given(st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_gradient_hessian_jacobian_of_quadratic_forms(n, seed):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(n, n))
    b = rng.normal(size=n)
    x = rng.normal(size=n)

    def f(v):
        return v @ A @ v + b @ v

    assert_allclose(gradient(f, x), (A + A.T) @ x + b, atol=1e-7)
    assert_allclose(gradient(f, x, method="complex"), (A + A.T) @ x + b, atol=1e-12)
    assert_allclose(hessian(f, x), A + A.T, atol=1e-5)
    assert_allclose(jacobian(lambda v: A @ v, x), A, atol=1e-8)
    u = rng.normal(size=n)
    expected = ((A + A.T) @ x + b) @ (u / np.linalg.norm(u))
    assert directional_derivative(f, x, u) == pytest.approx(expected, abs=1e-7)


@pytest.mark.parametrize("method", METHODS)
def test_jacobian_of_a_nonlinear_map(method):
    def f(v):
        return np.array([v[0] * v[1], np.sin(v[0]), v[1] ** 3])

    x = np.array([0.3, -1.2])
    exact = np.array([[x[1], x[0]], [np.cos(x[0]), 0.0], [0.0, 3 * x[1] ** 2]])
    assert_allclose(jacobian(f, x, method=method), exact, atol=1e-6)


def test_hessian_is_symmetric_and_matches_mixed_partials():
    H = hessian(lambda v: np.exp(v[0]) * np.sin(v[1]), [0.2, 0.4])
    exact = np.exp(0.2) * np.array(
        [[np.sin(0.4), np.cos(0.4)], [np.cos(0.4), -np.sin(0.4)]]
    )
    assert_allclose(H, exact, atol=1e-6)
    assert np.array_equal(H, H.T)


def test_check_gradient_passes_a_right_gradient_and_locates_a_wrong_component():
    def f(v):
        return v[0] ** 2 + 3 * v[1] + v[2] ** 3

    def right(v):
        return np.array([2 * v[0], 3.0, 3 * v[2] ** 2])

    def wrong(v):
        return np.array([2 * v[0], 3.0, 2 * v[2] ** 2])

    x = [1.0, 2.0, 1.5]
    good = check_gradient(f, right, x)
    assert good.passed and good.relative_error < 1e-8
    bad = check_gradient(f, wrong, x)
    assert not bad.passed
    assert bad.worst_index == 2
    assert "FAILED" in bad.summary() and "component 2" in str(bad)
    assert_allclose(bad.numeric, right(np.array(x)), rtol=1e-8)


def test_check_gradient_of_zero_function_does_not_divide_by_zero():
    result = check_gradient(lambda v: 0.0, lambda v: np.zeros(2), [1.0, 1.0])
    assert result.passed and result.relative_error == 0.0


def test_check_gradient_with_the_complex_step_survives_a_large_offset():
    # f + 1e7: central differences lose about 7 digits to round-off, the
    # complex step none, so only the complex-step check passes a right gradient.
    def f(v):
        return 1e7 + v[0] ** 2 * v[1] + np.sin(v[1])

    def grad_f(v):
        return np.array([2 * v[0] * v[1], v[0] ** 2 + np.cos(v[1])])

    x = [0.7, -1.3]
    central = check_gradient(f, grad_f, x)
    complex_step = check_gradient(f, grad_f, x, method="complex")
    assert complex_step.passed and complex_step.relative_error < 1e-14
    assert not central.passed and central.relative_error > 1e-6


def test_check_gradient_rule_separates_right_gradients_from_bugs():
    # The docstring's rule: right gradients of smooth float64 functions at
    # random points score 1e-9 or less, bugs far above the tolerance 1e-6.
    def f(v):
        return np.sum(np.sin(v) * v**2) + np.sum(v) ** 3

    def grad_f(v):
        return np.cos(v) * v**2 + 2 * v * np.sin(v) + 3 * np.sum(v) ** 2

    rng = np.random.default_rng(3)
    for x in rng.normal(size=(10, 5)):
        assert check_gradient(f, grad_f, x).relative_error < 1e-9
        slip = np.ones(5)
        slip[rng.integers(5)] = 1.01
        doubled = check_gradient(f, lambda v: 2 * grad_f(v), x)
        assert np.isclose(doubled.relative_error, 1 / 3) and not doubled.passed
        # a 1 % slip in one component: small if that component is, but far
        # above the tolerance
        slipped = check_gradient(f, lambda v, s=slip: grad_f(v) * s, x)
        assert slipped.relative_error > 1e-5 and not slipped.passed


def test_check_gradient_rule_does_not_apply_at_a_kink_or_in_float32():
    # Where the docstring says the rule does not apply, a right gradient
    # scores above the tolerance.
    def relu_sum(v):
        return np.sum(np.maximum(v, 0.0))

    def float32_quartic(v):
        return float(np.sum(v.astype(np.float32) ** 2) ** 2 / 4)

    kink = check_gradient(relu_sum, lambda v: (v > 0).astype(float), [0.8, 1e-6])
    x = np.array([0.3, -1.2, 0.7, 2.1])
    single = check_gradient(float32_quartic, lambda v: np.sum(v**2) * v, x)
    assert kink.relative_error > 1e-3 and single.relative_error > 1e-6


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: derivative(3, 1.0), TypeError, "f must be callable"),
        (
            lambda: derivative(np.sin, 1.0, method="midpoint"),
            ValueError,
            "method must be one of",
        ),
        (lambda: derivative(np.sin, "1.0"), TypeError, "x must be real numbers"),
        (lambda: derivative(np.sin, 1 + 2j), TypeError, "x must be real numbers"),
        (lambda: derivative(np.sin, True), TypeError, "x must be real numbers"),
        (lambda: derivative(np.sin, [[1.0], [2.0, 3.0]]), TypeError, "x must be"),
        (lambda: derivative(np.sin, np.nan), ValueError, "x must be finite"),
        (lambda: derivative(np.sin, 1.0, h=0.0), ValueError, "h must be positive"),
        (lambda: derivative(np.sin, 1.0, h=-1e-3), ValueError, "h must be positive"),
        (lambda: derivative(np.sin, 1.0, h=np.inf), ValueError, "h must be positive"),
        (lambda: derivative(np.sin, 1.0, h=10**400), ValueError, "h is too large"),
        (lambda: derivative(np.sin, 1.0, h=1e308), ValueError, "h is too large"),
        (
            lambda: derivative(np.sin, 1e308, h=1e308, method="forward"),
            ValueError,
            "h is too large",
        ),
        (lambda: gradient(np.sum, [1.0], h=1e308), ValueError, "h is too large"),
        (
            lambda: derivative(np.sin, 1.0, h="small"),
            TypeError,
            "h must be a real number",
        ),
        (
            lambda: derivative(lambda t: [t, t], 1.0),
            ValueError,
            "f must return a single number",
        ),
        (
            lambda: derivative(lambda t: max(t, 0.0), 1.0, method="complex"),
            TypeError,
            "complex argument",
        ),
        (lambda: default_step(1.0, "sideways"), ValueError, "method must be one of"),
        (lambda: gradient(np.sum, [[1.0, 2.0]]), ValueError, "1-D"),
        (lambda: gradient(np.sum, []), ValueError, "non-empty"),
        (lambda: gradient("sum", [1.0]), TypeError, "f must be callable"),
        (lambda: gradient(np.sum, [1.0], h=-1.0), ValueError, "h must be positive"),
        (
            lambda: jacobian(np.sin, [1.0], method="nope"),
            ValueError,
            "method must be one of",
        ),
        (lambda: jacobian(None, [1.0]), TypeError, "f must be callable"),
        (lambda: hessian(np.sum, np.ones((2, 2))), ValueError, "1-D"),
        (lambda: hessian(np.sum, [1.0], h=0), ValueError, "h must be positive"),
        (lambda: hessian(lambda v: v, [1.0, 2.0]), ValueError, "single number"),
        (lambda: hessian(1, [1.0]), TypeError, "f must be callable"),
        (
            lambda: directional_derivative(np.sum, [1.0, 2.0], [0.0, 0.0]),
            ValueError,
            "non-zero",
        ),
        (
            lambda: directional_derivative(np.sum, [1.0, 2.0], [1.0]),
            ValueError,
            "same length",
        ),
        (
            lambda: directional_derivative(np.sum, [1.0], ["a"]),
            TypeError,
            "direction must be real",
        ),
        (
            lambda: directional_derivative(5, [1.0], [1.0]),
            TypeError,
            "f must be callable",
        ),
        (
            lambda: check_gradient(np.sum, 2, [1.0]),
            TypeError,
            "grad_f must be callable",
        ),
        (
            lambda: check_gradient(np.sum, np.ones_like, [1.0], method="exact"),
            ValueError,
            "method must be one of",
        ),
        (
            lambda: check_gradient(np.sum, np.ones_like, [1.0], tolerance=0),
            ValueError,
            "tolerance must be positive",
        ),
        (
            lambda: check_gradient(np.sum, lambda v: [1.0, 1.0, 1.0], [1.0, 2.0]),
            ValueError,
            "3",
        ),
        (
            lambda: check_gradient(np.sum, np.ones_like, [np.inf]),
            ValueError,
            "x must be finite",
        ),
    ],
)
def test_bad_input_gets_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()


@pytest.mark.parametrize(
    ("method", "evaluations"),
    [("central", 2 * 7), ("forward", 7 + 1), ("backward", 7 + 1), ("complex", 7)],
)
def test_gradient_costs_the_documented_number_of_evaluations(method, evaluations):
    calls = []

    def f(v):
        calls.append(1)
        return np.sum(v**2)

    grad = gradient(f, np.arange(7.0), method=method)
    np.testing.assert_allclose(grad, 2 * np.arange(7.0), atol=1e-6)
    assert len(calls) == evaluations


@pytest.mark.parametrize("big", [10**20, 2**70])
def test_a_large_integer_step_is_a_number_like_any_other(big):
    assert derivative(lambda t: 3 * t, 1.0, h=big) == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("f", "x", "side"),
    [
        (np.log, 1e-12, "x - h"),
        (np.sqrt, 0.0, "x - h"),
        (lambda t: np.sqrt(-t), 0.0, "x + h"),
    ],
)
def test_a_step_out_of_the_domain_is_named_not_silent(f, x, side):
    with (
        np.errstate(invalid="ignore"),
        pytest.warns(RuntimeWarning, match=re.escape(side)) as caught,
    ):
        assert np.isnan(derivative(f, x))
    assert any("leaves f's domain" in str(w.message) for w in caught)


def test_a_gradient_step_out_of_the_domain_names_the_coordinate():
    with (
        np.errstate(invalid="ignore"),
        pytest.warns(RuntimeWarning, match=re.escape("gradient[1] is nan at x[1]=0")),
    ):
        grad = gradient(lambda v: v[0] + np.sqrt(v[1]), [1.0, 0.0])
    assert grad[0] == pytest.approx(1.0) and np.isnan(grad[1])


def test_a_nan_from_f_itself_is_not_blamed_on_the_step():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert np.isnan(derivative(lambda t: np.nan, 1.0))
