"""Numerical derivatives: finite differences and the complex step.

Every function here approximates a derivative from values of ``f`` alone, so
that a derivative worked out by hand (or by an autodiff engine) can be checked
against an independent number.

Default step sizes balance truncation error (large ``h``) against round-off
error (small ``h``) for a function whose values and derivatives are of order
one near ``x``; they are scaled by ``max(1, |x|)``:

========== ==================== =============================================
method     formula              default ``h``
========== ==================== =============================================
forward    (f(x+h) - f(x)) / h   sqrt(eps) ~ 1.5e-8
backward   (f(x) - f(x-h)) / h   sqrt(eps) ~ 1.5e-8
central    (f(x+h) - f(x-h))/2h  eps**(1/3) ~ 6.1e-6
complex    Im f(x + ih) / h      1e-20 (no subtraction, so no round-off)
========== ==================== =============================================
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from utils._checks import as_points, as_step, as_vector, check_callable

__all__ = [
    "METHODS",
    "GradientCheck",
    "check_gradient",
    "default_step",
    "derivative",
    "directional_derivative",
    "gradient",
    "hessian",
    "jacobian",
]

METHODS = ("forward", "backward", "central", "complex")

_EPS = float(np.finfo(float).eps)
_BASE_STEP = {
    "forward": _EPS**0.5,
    "backward": _EPS**0.5,
    "central": _EPS ** (1 / 3),
    "complex": 1e-20,
}


# ---------------------------------------------------------------- validation


def _require_method(method: object) -> str:
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    return str(method)


def _scalar_output(value: Any, where: str) -> complex:
    """Turn one evaluation of ``f`` into a number, or explain why it is not one."""
    arr = np.asarray(value)
    if arr.size != 1:
        raise ValueError(
            f"f must return a single number {where}, got an array of shape {arr.shape}"
        )
    return arr.reshape(()).item()


# ---------------------------------------------------------------- one variable
def default_step(x: ArrayLike, method: str = "central") -> NDArray[np.float64]:
    """Return the default step of ``method`` at ``x``: the base step times max(1, |x|).

    Parameters
    ----------
    x : array_like
        Point or points where the derivative is wanted.
    method : {"forward", "backward", "central", "complex"}
        The difference formula.

    Returns
    -------
    ndarray
        One step per point, the same shape as ``x``.

    Raises
    ------
    ValueError
        If ``method`` is not one of `METHODS` or ``x`` is not finite.
    TypeError
        If ``x`` is not real numbers.

    Examples
    --------
    >>> float(default_step(0.0, "forward")) == float(np.finfo(float).eps) ** 0.5
    True
    >>> float(default_step(100.0, "central") / default_step(1.0, "central"))
    100.0
    """
    method = _require_method(method)
    points = as_points(x)
    return _BASE_STEP[method] * np.maximum(1.0, np.abs(points))


def derivative(
    f: Callable[[Any], Any],
    x: ArrayLike,
    *,
    h: float | None = None,
    method: str = "central",
) -> float | NDArray[np.float64]:
    """Approximate f'(x) by a finite difference or by the complex step.

    Parameters
    ----------
    f : callable
        A function of one real variable returning one number. For
        ``method="complex"`` it must also accept a complex argument and be
        built from analytic operations (no ``abs``, comparisons or ``np.real``).
    x : float or array_like
        Where to differentiate. An array is handled point by point; ``f`` is
        always called with one number at a time.
    h : float, optional
        Step size. By default a step chosen per method and scaled by
        ``max(1, |x|)`` (see `default_step`).
    method : {"forward", "backward", "central", "complex"}
        The formula. ``"central"`` is accurate to about 1e-10 for smooth
        functions; ``"complex"`` to machine precision.

    Returns
    -------
    float or ndarray
        The approximation, a float for a scalar ``x``, otherwise an array of
        the same shape as ``x``.

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``x`` is not real numbers, ``h`` is not a
        number, or ``method="complex"`` and ``f`` rejects complex input.
    ValueError
        If ``method`` is unknown, ``x`` is not finite, ``h`` is not positive,
        too small to change ``x`` or so large that ``x +- h`` or ``2h``
        overflows, or ``f`` returns more than one number.

    Examples
    --------
    >>> round(derivative(lambda t: t**3, 2.0), 8)
    12.0
    >>> derivative(np.sin, 0.0, method="complex")
    1.0
    >>> derivative(lambda t: t**2, [0.0, 1.0, 2.0]).round(8).tolist()
    [0.0, 2.0, 4.0]
    """
    check_callable(f)
    method = _require_method(method)
    points = as_points(x)
    steps = (
        default_step(points, method) if h is None else np.full(points.shape, as_step(h))
    )
    values = np.array(
        [
            _derivative_at(f, float(x0), float(h0), method)
            for x0, h0 in zip(points.ravel(), steps.ravel(), strict=True)
        ]
    ).reshape(points.shape)
    if np.isnan(values).any():
        _warn_if_step_left_domain(f, points[np.isnan(values)], steps[np.isnan(values)])
    return float(values) if values.ndim == 0 else values


def _warn_if_step_left_domain(
    f: Callable[[Any], Any],
    points: NDArray[np.float64],
    steps: NDArray[np.float64],
    what: str = "derivative",
    x: str = "x",
) -> None:
    """Say so when a nan comes from a step outside f's domain, not from f(x).

    ``what`` names the nan value and ``x`` the variable that steps.
    """
    for x0, h0 in zip(points.ravel(), steps.ravel(), strict=True):
        try:
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                inside, left, right = (
                    np.isfinite(complex(f(t))) for t in (x0, x0 - h0, x0 + h0)
                )
        except (TypeError, ValueError, ArithmeticError):
            continue
        if inside and not (left and right):
            side, at, hint = (
                (f"{x} - h", x0 - h0, "forward")
                if not left
                else (f"{x} + h", x0 + h0, "backward")
            )
            warnings.warn(
                f"{what} is nan at {x}={x0:g}: f is defined there but not at "
                f"{side} = {at:g} (h={h0:g}), so the step leaves f's domain; "
                f"try method='{hint}' or a smaller h",
                RuntimeWarning,
                stacklevel=3,
            )
            return


def _derivative_at(
    f: Callable[[Any], Any], x: float, h: float, method: str, fx: complex | None = None
) -> float:
    """Return one difference quotient; ``fx`` is f(x) when the caller has it."""
    if method == "complex":
        try:
            value = _scalar_output(f(complex(x, h)), "for a complex argument")
        except TypeError as exc:
            raise TypeError(
                "method='complex' needs f to accept a complex argument; "
                f"f raised TypeError: {exc}"
            ) from exc
        return float(np.imag(value) / h)
    h_back = x - (x - h)  # the steps actually taken, after rounding x +- h
    h_fwd = (x + h) - x
    taken = {"forward": h_fwd, "backward": h_back, "central": h_fwd + h_back}[method]
    if taken == 0:
        raise ValueError(f"h must be large enough to change x, got h={h} at x={x}")
    if not np.isfinite(taken):
        raise ValueError(f"h is too large: x +- h or 2h overflows, got h={h} at x={x}")
    where = f"near x={x}"
    if method in ("forward", "backward"):
        centre = _scalar_output(f(x), where) if fx is None else fx
        if method == "forward":
            return float(np.real(_scalar_output(f(x + h_fwd), where) - centre) / h_fwd)
        return float(np.real(centre - _scalar_output(f(x - h_back), where)) / h_back)
    upper = _scalar_output(f(x + h_fwd), where)
    lower = _scalar_output(f(x - h_back), where)
    return float(np.real(upper - lower) / (h_fwd + h_back))


# ---------------------------------------------------------------- several variables
def gradient(
    f: Callable[[NDArray[np.float64]], Any],
    x: ArrayLike,
    *,
    h: float | None = None,
    method: str = "central",
) -> NDArray[np.float64]:
    """Approximate the gradient of a scalar function of a vector, one partial at a time.

    Costs 2n evaluations of ``f`` for ``method="central"`` (n + 1 for forward or
    backward, n for complex), which is why large models use autodiff instead.

    Parameters
    ----------
    f : callable
        Maps a 1-D array of length n to one number.
    x : array_like
        The point, a 1-D array of length n.
    h : float, optional
        Step size (default: as in `derivative`, per coordinate).
    method : {"forward", "backward", "central", "complex"}
        The formula used for every partial derivative.

    Returns
    -------
    ndarray
        The gradient, shape (n,).

    Raises
    ------
    TypeError
        If ``f`` is not callable or ``x`` is not real numbers.
    ValueError
        If ``x`` is not a non-empty 1-D finite array, ``method`` is unknown,
        ``h`` is not positive or too large, or ``f`` returns more than one number.

    Examples
    --------
    >>> gradient(lambda v: v[0] ** 2 + 3 * v[1], [1.0, 2.0]).round(6).tolist()
    [2.0, 3.0]
    """
    check_callable(f)
    point = as_vector(x)
    method = _require_method(method)
    steps = (
        default_step(point, method) if h is None else np.full(point.size, as_step(h))
    )
    # Forward and backward differences share f(x): evaluate it once.
    fx = (
        _scalar_output(f(point.copy()), "at x")
        if method in ("forward", "backward")
        else None
    )
    grad = np.empty(point.size)
    for i in range(point.size):

        def along_axis(t: Any, i: int = i) -> Any:
            shifted = point.astype(complex if isinstance(t, complex) else float)
            shifted[i] = t
            return f(shifted)

        grad[i] = _derivative_at(
            along_axis, float(point[i]), float(steps[i]), method, fx
        )
        if np.isnan(grad[i]):
            _warn_if_step_left_domain(
                along_axis, point[i], steps[i], f"gradient[{i}]", f"x[{i}]"
            )
    return grad


def jacobian(
    f: Callable[[NDArray[np.float64]], ArrayLike],
    x: ArrayLike,
    *,
    h: float | None = None,
    method: str = "central",
) -> NDArray[np.float64]:
    """Approximate the Jacobian of a vector function, in numerator layout.

    Row i holds the gradient of output i, so ``J[i, j] = d f_i / d x_j`` and a
    linear map ``f(x) = A @ x`` has Jacobian ``A``.

    Parameters
    ----------
    f : callable
        Maps a 1-D array of length n to an array of m numbers.
    x : array_like
        The point, a 1-D array of length n.
    h : float, optional
        Step size (default: as in `derivative`, per coordinate).
    method : {"forward", "backward", "central", "complex"}
        The difference formula.

    Returns
    -------
    ndarray
        The Jacobian, shape (m, n).

    Raises
    ------
    TypeError
        If ``f`` is not callable or ``x`` is not real numbers.
    ValueError
        If ``x`` is not a non-empty 1-D finite array, ``method`` is unknown,
        or ``h`` is not positive.

    Examples
    --------
    >>> A = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    >>> np.allclose(jacobian(lambda v: A @ v, [0.5, -1.0]), A)
    True
    """
    check_callable(f)
    point = as_vector(x)
    method = _require_method(method)
    step = None if h is None else as_step(h)
    m = np.asarray(f(point)).size
    columns = []
    for j in range(point.size):
        h_j = float(default_step(point[j], method)) if step is None else step
        e_j = np.zeros(point.size)
        e_j[j] = 1.0
        if method == "complex":
            column = np.imag(np.asarray(f(point + 1j * h_j * e_j))) / h_j
        elif method == "forward":
            column = (np.asarray(f(point + h_j * e_j)) - np.asarray(f(point))) / h_j
        elif method == "backward":
            column = (np.asarray(f(point)) - np.asarray(f(point - h_j * e_j))) / h_j
        else:
            upper, lower = (
                np.asarray(f(point + h_j * e_j)),
                np.asarray(f(point - h_j * e_j)),
            )
            column = (upper - lower) / (2 * h_j)
        columns.append(np.real(column).reshape(m))
    return np.column_stack(columns)


def hessian(
    f: Callable[[NDArray[np.float64]], Any],
    x: ArrayLike,
    *,
    h: float | None = None,
) -> NDArray[np.float64]:
    """Approximate the Hessian of a scalar function by central second differences.

    ``H[i, j] ~ (f(x+h_i+h_j) - f(x+h_i-h_j) - f(x-h_i+h_j) + f(x-h_i-h_j)) / (4 h^2)``,
    with a default step of ``eps**(1/4) * max(1, |x_i|)`` (about 1.2e-4), which
    gives about 7 correct digits. The result is symmetric by construction.

    Parameters
    ----------
    f : callable
        Maps a 1-D array of length n to one number.
    x : array_like
        The point, a 1-D array of length n.
    h : float, optional
        Step size for every coordinate.

    Returns
    -------
    ndarray
        The Hessian, shape (n, n).

    Raises
    ------
    TypeError
        If ``f`` is not callable or ``x`` is not real numbers.
    ValueError
        If ``x`` is not a non-empty 1-D finite array, ``h`` is not positive, or
        ``f`` returns more than one number.

    Examples
    --------
    >>> H = hessian(lambda v: v[0] ** 2 * v[1], [1.0, 3.0])
    >>> H.round(5).tolist()
    [[6.0, 2.0], [2.0, 0.0]]
    """
    check_callable(f)
    point = as_vector(x)
    n = point.size
    steps = (
        _EPS**0.25 * np.maximum(1.0, np.abs(point))
        if h is None
        else np.full(n, as_step(h))
    )

    def value(shift: NDArray[np.float64]) -> float:
        return float(np.real(_scalar_output(f(point + shift), f"near x={point}")))

    H = np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            e_i = np.zeros(n)
            e_j = np.zeros(n)
            e_i[i] = steps[i]
            e_j[j] = steps[j]
            second = (
                value(e_i + e_j)
                - value(e_i - e_j)
                - value(-e_i + e_j)
                + value(-e_i - e_j)
            ) / (4 * steps[i] * steps[j])
            H[i, j] = H[j, i] = second
    return H


def directional_derivative(
    f: Callable[[NDArray[np.float64]], Any],
    x: ArrayLike,
    direction: ArrayLike,
    *,
    h: float | None = None,
) -> float:
    """Approximate the rate of change of ``f`` at ``x`` along a direction.

    The direction is normalised to a unit vector first, so the result is
    ``grad f(x) . u`` with ``u = direction / |direction|``. It costs two
    evaluations of ``f`` (a central difference along ``u``), whatever n is.

    Parameters
    ----------
    f : callable
        Maps a 1-D array of length n to one number.
    x : array_like
        The point, a 1-D array of length n.
    direction : array_like
        A non-zero 1-D array of length n; only its direction matters.
    h : float, optional
        Step size along the unit direction (default: as in `derivative`).

    Returns
    -------
    float
        The directional derivative.

    Raises
    ------
    TypeError
        If ``f`` is not callable or ``x`` or ``direction`` is not real numbers.
    ValueError
        If ``x`` or ``direction`` is not a finite 1-D array, their lengths
        differ, ``direction`` is zero, or ``h`` is not positive.

    Examples
    --------
    >>> def bowl(v):
    ...     return v[0] ** 2 + v[1] ** 2
    >>> round(directional_derivative(bowl, [1.0, 1.0], [1.0, 1.0]), 6)
    2.828427
    """
    check_callable(f)
    point = as_vector(x)
    u = as_vector(direction, "direction")
    if u.size != point.size:
        raise ValueError(
            f"direction must have the same length as x ({point.size}), got {u.size}"
        )
    norm = float(np.linalg.norm(u))
    if norm == 0.0:
        raise ValueError("direction must be non-zero, got the zero vector")
    u = u / norm
    return derivative(lambda t: f(point + t * u), 0.0, h=h, method="central")


# ---------------------------------------------------------------- gradient checking
@dataclass(frozen=True)
class GradientCheck:
    """The outcome of comparing an analytic gradient with a numerical one.

    Attributes
    ----------
    analytic, numeric : ndarray
        The gradient from ``grad_f`` and from central differences.
    relative_error : float
        ``|analytic - numeric| / max(|analytic| + |numeric|, tiny)`` (2-norms).
    worst_index : int
        The coordinate where the two differ most, the first place to look for a bug.
    tolerance : float
        The threshold used for ``passed``.
    """

    analytic: NDArray[np.float64]
    numeric: NDArray[np.float64]
    relative_error: float
    worst_index: int
    tolerance: float

    @property
    def passed(self) -> bool:
        """True when the relative error is below the tolerance."""
        return self.relative_error < self.tolerance

    def summary(self) -> str:
        """Return a short readable report."""
        verdict = "passed" if self.passed else "FAILED"
        text = (
            f"gradient check {verdict}: relative error {self.relative_error:.2e} "
            f"(tolerance {self.tolerance:.0e})"
        )
        if not self.passed:
            i = self.worst_index
            text += (
                f"; largest difference in component {i}: analytic "
                f"{self.analytic[i]:.6g}, numeric {self.numeric[i]:.6g}"
            )
        return text

    def __str__(self) -> str:
        return self.summary()


def check_gradient(
    f: Callable[[NDArray[np.float64]], Any],
    grad_f: Callable[[NDArray[np.float64]], ArrayLike],
    x: ArrayLike,
    *,
    tolerance: float = 1e-6,
    h: float | None = None,
    method: str = "central",
) -> GradientCheck:
    """Compare an analytic gradient with central differences at one point.

    One rule for the relative error: below ``tolerance`` (1e-6) the gradient
    is right; from there up, look for a bug. Right gradients typically score
    1e-9 or less, and bugs 1e-3 or more. The rule holds for a smooth f
    computed in float64, at a random point, with the default step. It does
    not apply where f has a kink within h of ``x`` (ReLU, abs), to an f
    computed in float32, where f is huge next to its slope, or near a point
    where the gradient is zero: there a right gradient can score 1e-3 or
    more. Then move the point, compute f in float64, or use
    ``method="complex"``.

    Parameters
    ----------
    f : callable
        Maps a 1-D array of length n to one number.
    grad_f : callable
        The gradient to test: maps the same array to n numbers.
    x : array_like
        Where to compare, a 1-D array of length n.
    tolerance : float
        Relative error below which the check passes.
    h : float, optional
        Step size for the central differences.
    method : {"central", "forward", "backward", "complex"}
        How `gradient` computes the reference. ``"complex"`` (the complex
        step) has no round-off, so it stays exact where a large offset or a
        badly scaled f spoils central differences; f must accept complex input.

    Returns
    -------
    GradientCheck
        With ``.relative_error``, ``.passed``, ``.numeric``, ``.analytic`` and
        ``.summary()``.

    Raises
    ------
    TypeError
        If ``f`` or ``grad_f`` is not callable, or ``x`` is not real numbers.
    ValueError
        If ``x`` is not a finite 1-D array, ``tolerance`` is not positive,
        ``method`` is unknown, or ``grad_f`` returns the wrong number of
        components.

    Examples
    --------
    >>> result = check_gradient(lambda v: v @ v, lambda v: 2 * v, [1.0, -2.0])
    >>> result.passed
    True
    >>> check_gradient(lambda v: v @ v, lambda v: v, [1.0, -2.0]).passed
    False
    """
    check_callable(f)
    check_callable(grad_f, "grad_f")
    method = _require_method(method)
    point = as_vector(x)
    tolerance = as_step(tolerance, "tolerance")
    analytic = np.asarray(grad_f(point.copy()), dtype=float).reshape(-1)
    if analytic.size != point.size:
        raise ValueError(
            f"grad_f must return {point.size} components (one per entry of x), "
            f"got {analytic.size}"
        )
    numeric = gradient(f, point, h=h, method=method)
    scale = max(float(np.linalg.norm(analytic) + np.linalg.norm(numeric)), 1e-300)
    relative_error = float(np.linalg.norm(analytic - numeric)) / scale
    worst = int(np.argmax(np.abs(analytic - numeric)))
    return GradientCheck(analytic, numeric, relative_error, worst, tolerance)
