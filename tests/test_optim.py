"""Tests of utils.optim against the convergence theory that lessons 11 and 12 state.

On f(x) = 1/2 x^T A x with eigenvalues mu = lambda_min and L = lambda_max,
kappa = L / mu, each method is linear in x, so its iterates along the slowest
eigenvector follow a closed form (r is the rate per step):

- GD, lr = 1/L:          ||x_k|| / ||x_0|| = (1 - 1/kappa)^k
- GD, lr = 2/(L + mu):   ((kappa - 1)/(kappa + 1))^k
- heavy ball, lr = 4/(sqrt L + sqrt mu)^2, momentum = r^2 with
  r = (sqrt kappa - 1)/(sqrt kappa + 1):   (1 + (1 - r) k) r^k
- Nesterov, lr = 1/L, momentum = (sqrt kappa - 1)/(sqrt kappa + 1), with
  r = 1 - 1/sqrt kappa:                      (1 + k / sqrt kappa) r^k

The momentum methods have a double root of their characteristic polynomial
at r, hence the factor linear in k: the measured count exceeds the count
from the rate alone, ceil(ln eps / ln r), by about 20 % at eps = 1e-6 and by
about 12 % at eps = 1e-12 (kappa = 10 and 100). The tests check the closed
forms exactly and the rate-alone counts within 15 % at eps = 1e-12.
"""

import math
import warnings
from dataclasses import FrozenInstanceError

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from utils.optim import BLOW_UP, adam, gradient_descent, sgd_momentum

MU = 0.5  # not 1, so that a mix-up between lr * mu and lr shows
KAPPAS = (10, 100)
METHODS = ("GD 1/L", "GD 2/(L+mu)", "heavy ball", "Nesterov")


def quadratic_grad(eigenvalues):
    """Return the gradient x -> A x of f = 1/2 x^T A x with A = diag(eigenvalues)."""
    a = np.asarray(eigenvalues, dtype=float)
    return lambda x: a * x


def theory(method, kappa):
    """Return (keyword arguments, closed form of ||x_k||/||x_0||, rate r)."""
    L, s = MU * kappa, math.sqrt(kappa)
    r_momentum = (s - 1) / (s + 1)
    r = {
        "GD 1/L": 1 - 1 / kappa,
        "GD 2/(L+mu)": (kappa - 1) / (kappa + 1),
        "heavy ball": r_momentum,
        "Nesterov": 1 - 1 / s,
    }[method]
    kwargs, closed_form = {
        "GD 1/L": ({"lr": 1 / L}, lambda k: r**k),
        "GD 2/(L+mu)": ({"lr": 2 / (L + MU)}, lambda k: r**k),
        "heavy ball": (
            {"lr": 4 / (math.sqrt(L) + math.sqrt(MU)) ** 2, "momentum": r**2},
            lambda k: (1 + (1 - r) * k) * r**k,
        ),
        "Nesterov": (
            {"lr": 1 / L, "momentum": r_momentum, "nesterov": True},
            lambda k: (1 + k / s) * r**k,
        ),
    }[method]
    return kwargs, closed_form, r


def first_k(values, eps):
    """Return the first index k with values[k] <= eps."""
    return int(np.flatnonzero(np.asarray(values) <= eps)[0])


# ---------------------------------------------------------------- theory
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("kappa", KAPPAS)
def test_path_on_the_slowest_eigenvector_follows_the_closed_form(kappa, method):
    kwargs, closed_form, _ = theory(method, kappa)
    grad = quadratic_grad([MU, MU * kappa])
    result = gradient_descent(grad, [2.0, 0.0], n_steps=150, **kwargs)
    k = np.arange(151)
    assert_allclose(result.path[:, 0] / 2.0, closed_form(k), rtol=1e-9, atol=1e-300)
    assert np.all(result.path[:, 1] == 0.0)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("kappa", KAPPAS)
def test_iteration_count_equals_the_closed_form(kappa, method):
    """Along an eigenvector ||grad f(x_k)|| / ||grad f(x_0)|| = ||x_k|| / ||x_0||."""
    eps = 1e-6
    kwargs, closed_form, _ = theory(method, kappa)
    grad = quadratic_grad([MU, MU * kappa])
    x0 = np.array([2.0, 0.0])
    result = gradient_descent(
        grad, x0, n_steps=5000, tol=eps * np.linalg.norm(grad(x0)), **kwargs
    )
    assert result.converged
    assert result.n_steps == first_k(closed_form(np.arange(5000)), eps)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("kappa", KAPPAS)
def test_iteration_count_is_within_15_percent_of_the_rate_alone(kappa, method):
    """ceil(ln eps / ln r) misses only the linear factor of momentum: < 15 % at 1e-12."""
    eps = 1e-12
    kwargs, _, r = theory(method, kappa)
    grad = quadratic_grad([MU, MU * kappa])
    x0 = np.array([1.0, 0.0])
    result = gradient_descent(grad, x0, n_steps=5000, tol=eps * MU, **kwargs)
    predicted = math.ceil(math.log(eps) / math.log(r))
    assert predicted <= result.n_steps <= 1.15 * predicted


@pytest.mark.parametrize("method", ["GD 1/L", "GD 2/(L+mu)"])
def test_gd_from_a_generic_start_needs_at_most_the_predicted_steps(method):
    """||x_k|| <= r^k ||x_0|| for every start; on kappa = 100 the bound is within 15 %."""
    eps, kappa = 1e-6, 100
    kwargs, _, r = theory(method, kappa)
    grad = quadratic_grad([MU, MU * math.sqrt(kappa), MU * kappa])
    x0 = np.array([1.0, -2.0, 3.0])
    predicted = math.ceil(math.log(eps) / math.log(r))
    result = gradient_descent(grad, x0, n_steps=predicted, **kwargs)
    ratios = np.linalg.norm(result.path, axis=1) / np.linalg.norm(x0)
    assert 0.85 * predicted <= first_k(ratios, eps) <= predicted


def test_learning_rate_below_two_over_l_converges():
    L = MU * 100
    result = gradient_descent(
        quadratic_grad([MU, L]), [1.0, 1.0], lr=1.9 / L, n_steps=2000, tol=1e-8
    )
    assert result.converged
    assert not result.diverged


def test_learning_rate_above_two_over_l_diverges_without_warnings():
    L = MU * 100
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = gradient_descent(
            quadratic_grad([MU, L]), [1.0, 1.0], lr=2.1 / L, n_steps=10_000
        )
    assert result.diverged
    assert not result.converged
    assert "diverged at step" in result.message
    assert np.all(np.isfinite(result.path))
    assert np.max(np.abs(result.path)) <= BLOW_UP


def test_learning_rate_of_exactly_two_over_l_oscillates_forever():
    L = 4.0  # 1 - (2 / L) * L is exactly -1 in floating point
    result = gradient_descent(
        quadratic_grad([1.0, L]), [0.0, 3.0], lr=2 / L, n_steps=50
    )
    assert_allclose(result.path[:, 1], 3.0 * (-1.0) ** np.arange(51))
    assert not result.converged
    assert not result.diverged


def test_momentum_beats_plain_descent_on_an_ill_conditioned_quadratic():
    grad = quadratic_grad([MU, MU * 100])
    counts = {}
    for method in METHODS:
        kwargs, _, _ = theory(method, 100)
        counts[method] = gradient_descent(
            grad, [1.0, 1.0], n_steps=5000, tol=1e-8, **kwargs
        ).n_steps
    assert counts["heavy ball"] < counts["GD 1/L"] / 10
    assert counts["Nesterov"] < counts["GD 1/L"] / 5


@settings(max_examples=30)
@given(a=st.floats(0.1, 10.0), fraction=st.floats(0.01, 0.99))
def test_one_dimensional_path_is_geometric(a, fraction):
    """On f = a x**2 / 2, x_k = x_0 (1 - lr a)^k, and lr < 2 / a converges."""
    lr = fraction * 2 / a
    result = gradient_descent(lambda x: a * x, 3.0, lr=lr, n_steps=20)
    # |x_k| <= 3, so rounding leaves an absolute error far below 1e-12; a
    # relative test would fail where 1 - lr * a is close to 0 (cancellation).
    assert_allclose(result.path, 3.0 * (1 - lr * a) ** np.arange(21), atol=1e-12)


# ---------------------------------------------------------------- Adam
def adam_reference(dfdx, x, lr, n_steps, beta1, beta2, eps=1e-8):
    """Adam as written in Kingma and Ba (2015), Algorithm 1, for one variable."""
    path, m, s = [x], 0.0, 0.0
    for t in range(1, n_steps + 1):
        g = dfdx(x)
        m = beta1 * m + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g * g
        x -= lr * (m / (1 - beta1**t)) / (math.sqrt(s / (1 - beta2**t)) + eps)
        path.append(x)
    return path


def test_adam_matches_the_published_algorithm():
    def dfdx(x):
        return math.cos(x) + x

    result = adam(dfdx, 2.0, lr=0.3, n_steps=8, beta1=0.8, beta2=0.99)
    expected = adam_reference(dfdx, 2.0, 0.3, 8, 0.8, 0.99)
    assert_allclose(result.path, expected, rtol=1e-12)


def test_adam_first_step_moves_each_coordinate_by_lr():
    """Bias correction makes m_hat / sqrt(s_hat) = sign(g) at the first step
    (up to eps / |g|, here at most 1.5e-6)."""
    x0 = np.array([1.0, -3.0, 1e-3])
    result = adam(quadratic_grad([2.0, 5.0, 7.0]), x0, lr=0.1, n_steps=1)
    assert_allclose(x0 - result.path[1], 0.1 * np.sign(x0), rtol=1e-5)


def test_adam_converges_on_an_ill_conditioned_quadratic():
    result = adam(
        quadratic_grad([MU, MU * 100]), [1.0, 1.0], lr=0.01, n_steps=1000, tol=1e-6
    )
    assert result.converged
    assert np.linalg.norm(result.x) <= 1e-6 / MU


def rosenbrock_grad(v):
    x, y = v
    return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


def test_adam_converges_on_rosenbrock():
    """From (-1.2, 1) to gradient norm 1e-6 within 5000 steps; near (1, 1) the
    smallest curvature is about 0.4, so x is within about 2.5e-6 of it."""
    result = adam(rosenbrock_grad, [-1.2, 1.0], lr=0.05, n_steps=5000, tol=1e-6)
    assert result.converged
    assert np.linalg.norm(result.x - 1.0) < 1e-5


# ---------------------------------------------------------------- the result
def test_path_of_a_vector_problem_starts_at_x0_and_has_one_row_per_step():
    x0 = np.array([1.0, -2.0, 0.5])
    result = gradient_descent(lambda x: 2 * x, x0, lr=0.1, n_steps=7)
    assert result.path.shape == (8, 3)
    assert_allclose(result.path[0], x0)
    assert_allclose(result.x, result.path[-1])
    assert result.n_steps == 7
    assert_allclose(x0, [1.0, -2.0, 0.5])  # the start is not changed


def test_scalar_problem_gives_a_flat_path_and_a_float():
    result = gradient_descent(lambda x: 2 * x, 3.0, lr=0.1, n_steps=4)
    assert result.path.shape == (5,)
    assert isinstance(result.x, float)
    assert_allclose(result.path, 3.0 * 0.8 ** np.arange(5))


def test_grad_norms_are_the_gradient_norms_along_the_path():
    grad = quadratic_grad([1.0, 3.0])
    result = gradient_descent(grad, [1.0, 1.0], lr=0.2, momentum=0.5, n_steps=6)
    assert_allclose(result.grad_norms, [np.linalg.norm(grad(x)) for x in result.path])


def test_grad_may_change_its_argument_without_changing_the_path():
    def grad(x):
        g = 2 * x
        x[:] = 99.0
        return g

    result = gradient_descent(grad, [1.0, 1.0], lr=0.25, n_steps=3)
    assert_allclose(result.path[:, 0], [1.0, 0.5, 0.25, 0.125])


def test_result_is_read_only():
    result = gradient_descent(lambda x: 2 * x, [1.0], lr=0.1, n_steps=2)
    with pytest.raises(FrozenInstanceError):
        result.converged = True
    with pytest.raises(ValueError, match="read-only"):
        result.path[0, 0] = 5.0


def test_nesterov_counts_its_look_ahead_gradients():
    grad = quadratic_grad([1.0, 2.0])
    plain = gradient_descent(grad, [1.0, 1.0], lr=0.1, momentum=0.5, n_steps=5)
    look_ahead = gradient_descent(
        grad, [1.0, 1.0], lr=0.1, momentum=0.5, nesterov=True, n_steps=5
    )
    assert plain.n_grad_evals == 6
    assert look_ahead.n_grad_evals == 11


def test_nesterov_without_momentum_is_plain_descent():
    grad = quadratic_grad([1.0, 2.0])
    plain = gradient_descent(grad, [1.0, 1.0], lr=0.1, n_steps=5)
    nesterov = gradient_descent(grad, [1.0, 1.0], lr=0.1, nesterov=True, n_steps=5)
    assert_allclose(nesterov.path, plain.path)


# ---------------------------------------------------------------- stopping rules
def test_tol_stops_at_the_first_small_gradient():
    result = gradient_descent(lambda x: 2 * x, [1.0, 2.0], lr=0.1, tol=1e-4)
    assert result.converged
    assert result.grad_norms[-1] <= 1e-4 < result.grad_norms[-2]
    assert result.message.startswith("gradient norm")
    assert result.message.endswith(f"after {result.n_steps} steps")


def test_xtol_stops_at_the_first_short_step():
    result = adam(lambda x: 2 * x, 1.0, lr=0.1, n_steps=10_000, xtol=1e-5)
    steps = np.abs(np.diff(result.path))
    assert result.converged
    assert steps[-1] <= 1e-5 < steps[-2]
    assert result.message.startswith("step length")


def test_budget_exhausted_is_neither_converged_nor_diverged():
    result = gradient_descent(lambda x: 2 * x, 1.0, lr=1e-3, n_steps=10, tol=1e-9)
    assert result.n_steps == 10
    assert not result.converged
    assert not result.diverged
    assert "n_steps=10" in result.message


def test_zero_steps_returns_the_start():
    result = gradient_descent(lambda x: 2 * x, [1.0, 2.0], lr=0.1, n_steps=0)
    assert result.path.shape == (1, 2)
    assert result.n_grad_evals == 1


def test_start_at_the_minimum_takes_no_step():
    result = adam(lambda x: 2 * x, [0.0, 0.0], tol=1e-8)
    assert result.converged
    assert result.n_steps == 0


# ---------------------------------------------------------------- divergence
def test_overflow_inside_grad_is_reported_not_warned():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = gradient_descent(lambda x: 4 * x**3, 3.0, lr=0.1, n_steps=100)
    assert result.diverged
    assert "learning rate too large?" in result.message
    assert np.all(np.isfinite(result.path))


def test_non_finite_gradient_on_the_way_is_reported():
    """lr = 1.5 on x**2 gives x_k = (-2)^k; the gradient is NaN from |x| = 8 on."""

    def grad(x):
        return 2 * x if abs(x) < 5 else np.nan

    result = gradient_descent(grad, 1.0, lr=1.5, n_steps=10)
    assert result.diverged
    assert result.message.startswith("diverged at step 3: grad is not finite")
    assert_allclose(result.path, [1.0, -2.0, 4.0])


# ---------------------------------------------------------------- bad input
def good_grad(x):
    return 2 * x


BOTH = pytest.mark.parametrize(
    "optimiser",
    [
        lambda grad, x0, **kw: gradient_descent(grad, x0, **{"lr": 0.1, **kw}),
        adam,
    ],
    ids=["gradient_descent", "adam"],
)


@BOTH
@pytest.mark.parametrize(
    ("grad", "x0", "kwargs", "error", "message"),
    [
        ("2x", [1.0], {}, TypeError, "grad must be callable, got str"),
        (good_grad, [1.0, np.nan], {}, ValueError, "x0 must be finite"),
        (good_grad, [1.0, np.inf], {}, ValueError, "x0 must be finite"),
        (good_grad, ["a", "b"], {}, TypeError, "x0 must be real numbers"),
        (good_grad, True, {}, TypeError, "x0 must be real numbers, got a boolean"),
        (good_grad, [], {}, ValueError, r"x0 must not be empty, got shape \(0,\)"),
        (good_grad, [1.0], {"lr": 0.0}, ValueError, "lr must be positive .*got 0.0"),
        (good_grad, [1.0], {"lr": -0.1}, ValueError, "lr must be positive .*got -0.1"),
        (good_grad, [1.0], {"lr": np.inf}, ValueError, "lr must be .*finite, got inf"),
        (good_grad, [1.0], {"lr": "big"}, TypeError, "lr must be a real number"),
        (good_grad, [1.0], {"n_steps": -1}, ValueError, "n_steps must be .*got -1"),
        (good_grad, [1.0], {"n_steps": 2.5}, TypeError, "n_steps must be an integer"),
        (good_grad, [1.0], {"n_steps": True}, TypeError, "got bool"),
        (good_grad, [1.0], {"tol": 0}, ValueError, "tol must be positive .*got 0"),
        (good_grad, [1.0], {"xtol": -1.0}, ValueError, "xtol must be .*got -1.0"),
        (
            lambda x: [1.0, 2.0],
            [1.0],
            {},
            ValueError,
            r"shape \(1,\).*got shape \(2,\)",
        ),
        (lambda x: [1.0], 1.0, {}, ValueError, r"one number like x0, got shape \(1,\)"),
        (lambda x: "g", [1.0], {}, TypeError, "grad must return real numbers"),
        (lambda x: x + 1j, [1.0], {}, TypeError, "grad must return real numbers"),
        (lambda x: x * np.nan, [1.0], {}, ValueError, "grad must be finite at x0"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    optimiser, grad, x0, kwargs, error, message
):
    with pytest.raises(error, match=message):
        optimiser(grad, x0, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"momentum": 1.0}, ValueError, r"momentum must be in \[0, 1\), got 1.0"),
        ({"momentum": -0.1}, ValueError, r"momentum must be in \[0, 1\), got -0.1"),
        ({"momentum": np.nan}, ValueError, "momentum must be in .*got nan"),
        ({"momentum": "0.9"}, TypeError, "momentum must be a real number, got str"),
        ({"nesterov": "yes"}, TypeError, "nesterov must be True or False, got 'yes'"),
    ],
)
def test_bad_momentum_settings_are_refused(kwargs, error, message):
    with pytest.raises(error, match=message):
        gradient_descent(good_grad, [1.0], lr=0.1, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"beta1": 1.0}, ValueError, r"beta1 must be in \[0, 1\), got 1.0"),
        ({"beta2": -0.5}, ValueError, r"beta2 must be in \[0, 1\), got -0.5"),
        ({"beta2": None}, TypeError, "beta2 must be a real number, got NoneType"),
        ({"eps": 0.0}, ValueError, "eps must be positive and finite, got 0.0"),
    ],
)
def test_bad_adam_settings_are_refused(kwargs, error, message):
    with pytest.raises(error, match=message):
        adam(good_grad, [1.0], **kwargs)


# ---------------------------------------------------------------- sgd_momentum
def least_squares_backward(calls):
    """The gradient of mean((X theta - y)**2) / 2 on a batch; record each batch."""

    def backward(theta, X, y):
        calls.append((theta.copy(), X.copy()))
        return X.T @ (X @ theta - y) / len(y)

    return backward


SGD_X = np.random.default_rng(3).normal(size=(10, 2))
SGD_Y = SGD_X @ np.array([1.0, -2.0])


def test_sgd_momentum_with_one_batch_per_epoch_is_gradient_descent_with_momentum():
    calls = []
    theta = sgd_momentum(
        least_squares_backward(calls), [0.0, 0.0], SGD_X, SGD_Y,
        np.random.default_rng(0), None, 40, lr=0.1, beta=0.8, batch_size=10,
    )  # fmt: skip
    full = gradient_descent(
        lambda t: SGD_X.T @ (SGD_X @ t - SGD_Y) / 10,
        [0.0, 0.0],
        lr=0.1,
        momentum=0.8,
        n_steps=40,
    )
    assert len(calls) == 40
    assert_allclose(theta, full.x, rtol=1e-12)  # a shuffled mean: rounding only


def test_sgd_momentum_shuffles_each_epoch_with_rng_and_uses_every_example_once():
    calls, reports = [], []
    theta0 = np.zeros(2)
    theta = sgd_momentum(
        least_squares_backward(calls), theta0, SGD_X, SGD_Y, np.random.default_rng(1),
        lambda epoch, t: reports.append((epoch, t.copy())), 3, batch_size=4,
    )  # fmt: skip
    assert [len(X) for _, X in calls] == [4, 4, 2] * 3  # the last batch is shorter
    rng = np.random.default_rng(1)
    for epoch in range(3):
        seen = np.concatenate([X for _, X in calls[3 * epoch : 3 * epoch + 3]])
        assert np.array_equal(seen, SGD_X[rng.permutation(10)])
    assert [epoch for epoch, _ in reports] == [0, 1, 2]
    assert np.array_equal(reports[-1][1], theta) and not np.array_equal(theta, theta0)
    assert np.array_equal(theta0, [0.0, 0.0])  # not changed in place
    # each step: v = beta v - lr g, theta = theta + v, from v = 0
    thetas = [t for t, _ in calls] + [theta]
    v = np.zeros(2)
    for k in range(len(calls)):
        X_k = calls[k][1]
        y_k = X_k @ np.array([1.0, -2.0])
        g = X_k.T @ (X_k @ thetas[k] - y_k) / len(y_k)
        v_next = 0.9 * v - 0.1 * g
        assert_allclose(thetas[k + 1] - thetas[k], v_next, atol=1e-14)
        v = v_next


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"backward": "g"}, TypeError, "backward must be callable"),
        ({"report": 3}, TypeError, "report must be callable"),
        ({"theta0": [[0.0, 0.0]]}, ValueError, "theta0 must be a 1-D array"),
        ({"theta0": [np.nan, 0.0]}, ValueError, "theta0 must be finite"),
        ({"rng": 0}, TypeError, "rng must be a NumPy Generator, got int"),
        ({"y": SGD_Y[:5]}, ValueError, "X and y must hold the same number"),
        ({"n_epochs": 2.0}, TypeError, "n_epochs must be an integer"),
        ({"batch_size": 0}, ValueError, "batch_size must be positive"),
        ({"lr": -1.0}, ValueError, "lr must be positive"),
        ({"beta": 1.0}, ValueError, r"beta must be in \[0, 1\)"),
    ],
)
def test_sgd_momentum_refuses_bad_input_naming_the_parameter(kwargs, error, message):
    arguments = {
        "backward": least_squares_backward([]),
        "theta0": [0.0, 0.0],
        "X": SGD_X,
        "y": SGD_Y,
        "rng": np.random.default_rng(0),
        "report": None,
        "n_epochs": 2,
        **kwargs,
    }
    with pytest.raises(error, match=message):
        sgd_momentum(**arguments)
