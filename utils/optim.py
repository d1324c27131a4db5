"""Gradient descent (plain, heavy-ball momentum, Nesterov) and Adam.

Each optimiser takes the gradient ``grad`` of the function to minimise, starts
at ``x0`` and returns an `OptimResult` with the whole path, so that a lesson
can plot it, count its steps and compare the count with theory. With ``g_k``
the gradient at ``x_k`` and ``v_0 = 0``, one step is:

============== ==========================================================
method         update
============== ==========================================================
plain          ``x_{k+1} = x_k - lr * g_k``
heavy ball     ``v_{k+1} = momentum * v_k - lr * g_k``; ``x_{k+1} = x_k + v_{k+1}``
Nesterov       as heavy ball, with the gradient taken at the look-ahead
               point ``x_k + momentum * v_k`` instead of at ``x_k``
Adam           moving averages of ``g`` and ``g**2``, corrected for their
               start at zero; a coordinate typically moves by about ``lr``
============== ==========================================================

Stopping rules, checked at ``x_0`` and after every step, first match wins:

1. ``tol``: the gradient norm ``||grad(x_k)||_2 <= tol`` (converged);
2. ``xtol``: the step length ``||x_k - x_{k-1}||_2 <= xtol`` (converged);
3. divergence: ``x_k`` or ``grad(x_k)`` is not finite, or an entry of ``x_k``
   exceeds 1e150 in size (``diverged``; this point is not added to the path);
4. ``n_steps`` steps have been taken (neither converged nor diverged).

`sgd_momentum` is the one random optimiser: mini-batch SGD with heavy-ball
momentum over a data set, shuffled by the ``rng`` it is given. It is the
course's copy of the training loop the learner writes in lesson 13.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from utils._checks import as_points, as_step, check_callable

__all__ = ["BLOW_UP", "OptimResult", "adam", "gradient_descent", "sgd_momentum"]

# Beyond this size an iterate counts as diverged: its square (about 1e300) still
# fits in a float64, so most loss functions can still be evaluated there.
BLOW_UP = 1e150

Gradient = Callable[[Any], ArrayLike]
Update = Callable[[NDArray[np.float64], NDArray[np.float64], int], NDArray[np.float64]]


@dataclass(frozen=True)
class OptimResult:
    """The path an optimiser took and why it stopped.

    Attributes
    ----------
    path : ndarray
        Every iterate from ``x0`` on, read-only: shape (k + 1,) for a scalar
        ``x0``, (k + 1, n) for a vector of length n (generally
        ``(k + 1, *np.shape(x0))``).
    grad_norms : ndarray
        The 2-norm of the gradient at each point of the path, shape (k + 1,).
    converged : bool
        True when a stopping rule ``tol`` or ``xtol`` was met.
    diverged : bool
        True when the iterates blew up (see the module notes).
    message : str
        Why the run stopped, in words.
    n_grad_evals : int
        Calls of ``grad``: k + 1 for plain, heavy ball and Adam; 2k + 1 for
        Nesterov, which also needs the look-ahead gradients.
    """

    path: NDArray[np.float64]
    grad_norms: NDArray[np.float64]
    converged: bool
    diverged: bool
    message: str
    n_grad_evals: int

    @property
    def x(self) -> float | NDArray[np.float64]:
        """The last point of the path: a float for a scalar ``x0``."""
        return float(self.path[-1]) if self.path.ndim == 1 else self.path[-1]

    @property
    def n_steps(self) -> int:
        """The number of steps taken, k."""
        return len(self.path) - 1


# ---------------------------------------------------------------- validation
def _as_count(n: object, name: str) -> int:
    if isinstance(n, bool) or not isinstance(n, Integral):
        raise TypeError(f"{name} must be an integer, got {type(n).__name__}")
    if n < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {n}")
    return int(n)


def _as_fraction(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    if not 0 <= value < 1:  # also refuses NaN
        raise ValueError(f"{name} must be in [0, 1), got {value}")
    return float(value)


def _as_tolerance(value: object, name: str) -> float | None:
    return None if value is None else as_step(value, name)


class _CheckedGradient:
    """Call ``grad`` on a copy of x, check what it returns, count the calls."""

    def __init__(self, grad: object, x0: NDArray[np.float64]) -> None:
        check_callable(grad, "grad")
        self.grad = grad
        self.shape = x0.shape
        self.calls = 0

    def __call__(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        self.calls += 1
        output = self.grad(x.copy() if x.ndim else np.float64(x))
        value = np.asarray(output)
        if value.dtype.kind not in "iuf":
            raise TypeError(
                f"grad must return real numbers, got {type(output).__name__} "
                f"of dtype {value.dtype}"
            )
        if value.shape != self.shape:
            like = "one number" if self.shape == () else f"shape {self.shape}"
            raise ValueError(
                f"grad must return {like} like x0, got shape {value.shape}"
            )
        return value.astype(float)


def _start(grad: object, x0: ArrayLike) -> tuple[_CheckedGradient, NDArray[np.float64]]:
    start = as_points(x0, "x0")
    if start.size == 0:
        raise ValueError(f"x0 must not be empty, got shape {start.shape}")
    return _CheckedGradient(grad, start), start


# ---------------------------------------------------------------- the loop
def _norm(v: NDArray[np.float64]) -> float:
    return float(np.linalg.norm(v))


def _trouble(x: NDArray[np.float64]) -> str:
    """Say why an iterate cannot be used, or return "" if it can."""
    if not np.all(np.isfinite(x)):
        return "x is not finite"
    if np.max(np.abs(x)) > BLOW_UP:
        return f"|x| exceeded {BLOW_UP:.0e}"
    return ""


def _stop_rule(
    grad_norm: float, step: float, tol: float | None, xtol: float | None, k: int
) -> str:
    if tol is not None and grad_norm <= tol:
        return f"gradient norm {grad_norm:.3g} <= tol {tol:g} after {k} steps"
    if xtol is not None and step <= xtol:
        return f"step length {step:.3g} <= xtol {xtol:g} after {k} steps"
    return ""


def _iterate(
    grad: _CheckedGradient,
    x0: NDArray[np.float64],
    update: Update,
    n_steps: int,
    tol: float | None,
    xtol: float | None,
) -> OptimResult:
    """Apply ``x_{k+1} = update(x_k, grad(x_k), k + 1)`` under the stopping rules."""
    x, g = x0, grad(x0)
    if not np.all(np.isfinite(g)):
        raise ValueError(f"grad must be finite at x0, got {g}")
    path, norms = [x0], [_norm(g)]
    reason, diverged = _stop_rule(norms[0], np.inf, tol, xtol, 0), False
    with np.errstate(all="ignore"):  # a blow-up is reported in the result instead
        for k in range(1, n_steps + 1):
            if reason:
                break
            x_new = update(x, g, k)
            trouble = _trouble(x_new)
            if not trouble:
                g = grad(x_new)
                trouble = "" if np.all(np.isfinite(g)) else "grad is not finite"
            if trouble:
                reason = f"diverged at step {k}: {trouble} (learning rate too large?)"
                diverged = True
                break
            step, x = _norm(x_new - x), x_new
            path.append(x)
            norms.append(_norm(g))
            reason = _stop_rule(norms[-1], step, tol, xtol, k)
    converged = bool(reason) and not diverged
    if not reason:
        reason = (
            f"reached n_steps={n_steps} without converging; "
            f"gradient norm {norms[-1]:.3g}"
        )
    path_array, norms_array = np.array(path), np.array(norms)
    path_array.flags.writeable = norms_array.flags.writeable = False
    return OptimResult(path_array, norms_array, converged, diverged, reason, grad.calls)


# ---------------------------------------------------------------- optimisers
def gradient_descent(
    grad: Gradient,
    x0: ArrayLike,
    *,
    lr: float,
    n_steps: int = 1000,
    momentum: float = 0.0,
    nesterov: bool = False,
    tol: float | None = None,
    xtol: float | None = None,
) -> OptimResult:
    """Minimise a function by gradient descent, optionally with momentum.

    Parameters
    ----------
    grad : callable
        The gradient of the function to minimise. It receives a copy of the
        current point (a NumPy float for a scalar ``x0``, otherwise an array
        shaped like ``x0``) and returns numbers of the same shape.
    x0 : float or array_like
        The start: a number, or an array (usually 1-D) of finite numbers.
    lr : float
        The learning rate (step size), positive. On a quadratic whose Hessian
        has the largest eigenvalue ``lam_max`` (in one variable, f''), plain
        descent converges for every ``lr < 2 / lam_max`` and for no larger
        one: at ``lr = 2 / lam_max`` it bounces for ever.
    n_steps : int
        The most steps to take; 0 returns just the start.
    momentum : float
        The momentum coefficient in [0, 1); 0 is plain gradient descent.
    nesterov : bool
        Take the gradient at the look-ahead point ``x + momentum * v``
        (Nesterov's method). With ``momentum=0`` this is plain descent again.
    tol : float, optional
        Stop when the gradient norm is at most ``tol`` (converged).
    xtol : float, optional
        Stop when a step is at most ``xtol`` long (converged).

    Returns
    -------
    OptimResult
        The path, gradient norms, ``.x``, ``.n_steps``, ``.converged``,
        ``.diverged`` and a ``.message``. Divergence is reported there, with no
        warnings.

    Raises
    ------
    TypeError
        If ``grad`` is not callable or returns something other than real
        numbers, ``x0`` is not real numbers, ``lr``, ``momentum``, ``tol`` or
        ``xtol`` is not a real number, ``n_steps`` is not an integer, or
        ``nesterov`` is not a bool.
    ValueError
        If ``x0`` is empty or not finite, ``lr``, ``tol`` or ``xtol`` is not
        positive and finite, ``n_steps`` is negative, ``momentum`` is outside
        [0, 1), or ``grad`` returns the wrong shape or a non-finite value at
        ``x0``.

    Examples
    --------
    On f(x) = x**2 a learning rate of 0.25 halves x at every step:

    >>> result = gradient_descent(lambda x: 2 * x, 3.0, lr=0.25, n_steps=3)
    >>> result.path.tolist()
    [3.0, 1.5, 0.75, 0.375]

    On f(x, y) = x**2 + 10 y**2 with lr = 0.05, y is 0 after one step and the
    gradient norm is 2 * 0.9**k after k steps:

    >>> result = gradient_descent(
    ...     lambda v: np.array([2.0, 20.0]) * v, [1.0, 1.0], lr=0.05, tol=1e-6
    ... )
    >>> print(result.message)
    gradient norm 9.69e-07 <= tol 1e-06 after 138 steps

    On f(x) = x**2, f'' = 2; a learning rate above the bound 2 / f'' = 1,
    here 1.5, doubles |x| at every step:

    >>> print(gradient_descent(lambda x: 2 * x, 1.0, lr=1.5).message)
    diverged at step 499: |x| exceeded 1e+150 (learning rate too large?)
    """
    checked, start = _start(grad, x0)
    lr = as_step(lr, "lr")
    n_steps = _as_count(n_steps, "n_steps")
    momentum = _as_fraction(momentum, "momentum")
    if not isinstance(nesterov, bool | np.bool_):
        raise TypeError(f"nesterov must be True or False, got {nesterov!r}")
    tol, xtol = _as_tolerance(tol, "tol"), _as_tolerance(xtol, "xtol")
    velocity = np.zeros_like(start)

    def update(x: NDArray[np.float64], g: NDArray[np.float64], k: int) -> Any:
        nonlocal velocity
        if nesterov:
            g = checked(x + momentum * velocity)
        velocity = momentum * velocity - lr * g
        return x + velocity

    return _iterate(checked, start, update, n_steps, tol, xtol)


def adam(
    grad: Gradient,
    x0: ArrayLike,
    *,
    lr: float = 1e-3,
    n_steps: int = 1000,
    beta1: float = 0.9,
    beta2: float = 0.999,
    eps: float = 1e-8,
    tol: float | None = None,
    xtol: float | None = None,
) -> OptimResult:
    """Minimise a function with Adam (Kingma and Ba, 2015).

    At step k: ``m = beta1 m + (1 - beta1) g``, ``s = beta2 s + (1 - beta2) g**2``
    (element-wise), ``m_hat = m / (1 - beta1**k)``, ``s_hat = s / (1 - beta2**k)``
    and ``x -= lr * m_hat / (sqrt(s_hat) + eps)``. The corrections undo the
    start of m and s at zero, so the first step moves each coordinate by
    almost exactly ``lr`` against the sign of its gradient.

    Parameters
    ----------
    grad : callable
        The gradient of the function to minimise, as in `gradient_descent`.
    x0 : float or array_like
        The start: a number, or an array of finite numbers.
    lr : float
        The learning rate, positive: the typical move of one coordinate in
        one step, whatever the scale of the gradient, but not a bound. After
        a long stretch of zero gradients, a sudden one moves its coordinate by
        about ``(1 - beta1) / sqrt(1 - beta2) * lr``, 3.16 lr with the
        defaults; gradients that then keep growing, by about 11 % a step,
        can move it by up to about 7 lr.
    n_steps : int
        The most steps to take; 0 returns just the start.
    beta1, beta2 : float
        Decay rates in [0, 1) of the averages of the gradient and of its square.
    eps : float
        Positive; keeps the division safe where the gradient is zero.
    tol, xtol : float, optional
        Stopping rules, as in `gradient_descent`.

    Returns
    -------
    OptimResult
        As for `gradient_descent`.

    Raises
    ------
    TypeError
        If ``grad`` is not callable or returns something other than real
        numbers, ``x0`` is not real numbers, ``n_steps`` is not an integer, or
        another parameter is not a real number.
    ValueError
        If ``x0`` is empty or not finite, ``lr``, ``eps``, ``tol`` or ``xtol``
        is not positive and finite, ``n_steps`` is negative, ``beta1`` or
        ``beta2`` is outside [0, 1), or ``grad`` returns the wrong shape or a
        non-finite value at ``x0``.

    Examples
    --------
    >>> result = adam(lambda v: 2 * v, [1.0, -3.0], lr=0.1, n_steps=1)
    >>> result.path[1].round(6).tolist()
    [0.9, -2.9]
    """
    checked, start = _start(grad, x0)
    lr, eps = as_step(lr, "lr"), as_step(eps, "eps")
    n_steps = _as_count(n_steps, "n_steps")
    beta1, beta2 = _as_fraction(beta1, "beta1"), _as_fraction(beta2, "beta2")
    tol, xtol = _as_tolerance(tol, "tol"), _as_tolerance(xtol, "xtol")
    m, s = np.zeros_like(start), np.zeros_like(start)

    def update(x: NDArray[np.float64], g: NDArray[np.float64], k: int) -> Any:
        nonlocal m, s
        m = beta1 * m + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g**2
        m_hat, s_hat = m / (1 - beta1**k), s / (1 - beta2**k)
        return x - lr * m_hat / (np.sqrt(s_hat) + eps)

    return _iterate(checked, start, update, n_steps, tol, xtol)


def sgd_momentum(
    backward: Callable[[Any, Any, Any], ArrayLike],
    theta0: ArrayLike,
    X: ArrayLike,
    y: ArrayLike,
    rng: np.random.Generator,
    report: Callable[[int, Any], object] | None,
    n_epochs: int,
    lr: float = 0.1,
    beta: float = 0.9,
    batch_size: int = 32,
) -> NDArray[np.float64]:
    """Train by mini-batch SGD with heavy-ball momentum; return the final theta.

    Each epoch shuffles the examples with ``rng.permutation(n)``, cuts that
    order into batches of ``batch_size`` (the last may be shorter) and takes
    one step per batch: ``g = backward(theta, X[batch], y[batch])``,
    ``v = beta * v - lr * g``, ``theta = theta + v``, from ``v = 0``. After
    each epoch it calls ``report(epoch, theta)``, epochs numbered from 0,
    unless ``report`` is None. ``theta0`` is not changed.

    Raises
    ------
    TypeError
        If ``backward`` or ``report`` is not callable (None is allowed for
        ``report``), ``rng`` is not a NumPy Generator, or a number has the
        wrong type.
    ValueError
        If ``theta0`` is not a 1-D array of finite numbers, ``X`` and ``y``
        differ in length or are empty, ``lr`` is not positive, ``beta`` is
        outside [0, 1), or ``n_epochs`` or ``batch_size`` is not positive.

    Examples
    --------
    The mean of y minimises the mean of (theta - y_i)**2 / 2:

    >>> y = np.array([1.0, 2.0, 3.0, 6.0])
    >>> def backward(theta, X, y):
    ...     return np.array([np.mean(theta[0] - y)])
    >>> rng = np.random.default_rng(0)
    >>> theta = sgd_momentum(backward, [0.0], y, y, rng, None, 300, batch_size=4)
    >>> round(float(theta[0]), 6)
    3.0
    """
    check_callable(backward, "backward")
    if report is not None:
        check_callable(report, "report")
    theta = as_points(theta0, "theta0").copy()
    if theta.ndim != 1 or theta.size == 0:
        raise ValueError(f"theta0 must be a 1-D array, got shape {theta.shape}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a NumPy Generator, got {type(rng).__name__}")
    X, y = np.asarray(X), np.asarray(y)
    n = len(y) if y.ndim else 0
    if n == 0 or len(X) != n:
        raise ValueError(
            "X and y must hold the same number of examples, at least one; "
            f"got {len(X)} and {n}"
        )
    n_epochs = _as_count(n_epochs, "n_epochs")
    batch_size = _as_count(batch_size, "batch_size")
    if batch_size == 0:
        raise ValueError("batch_size must be positive, got 0")
    lr, beta = as_step(lr, "lr"), _as_fraction(beta, "beta")
    v = np.zeros_like(theta)
    for epoch in range(n_epochs):
        order = rng.permutation(n)
        for start in range(0, n, batch_size):
            batch = order[start : start + batch_size]
            v = beta * v - lr * np.asarray(backward(theta, X[batch], y[batch]))
            theta = theta + v
        if report is not None:
            report(epoch, theta)
    return theta
