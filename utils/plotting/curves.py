"""Figures of functions of one variable: graphs, tangents, secants, errors."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from numpy.typing import ArrayLike, NDArray

from utils._checks import (
    check_callable,
    check_derivatives,
    check_real,
    check_step,
    check_x_range,
)
from utils.numerics import METHODS, derivative

from ._base import (
    BLACK,
    BLUE,
    BLUISH_GREEN,
    COLOR_CYCLE,
    FIGSIZE_TALL,
    FIGSIZE_WIDE,
    FUNCTION_STYLE,
    LINESTYLE_CYCLE,
    MARGIN,
    MAX_POINTS,
    MAX_STEPS,
    N_POINTS,
    ORANGE,
    POINT_STYLE,
    REDDISH_PURPLE,
    SECANT_STYLE,
    SKY_BLUE,
    SMALL_POINT_STYLE,
    TANGENT_STYLE,
    VERMILLION,
    RealFunction,
    check_pair_of_axes,
    check_size,
    draw_function,
    draw_line,
    evaluate_1d,
    get_ax,
    grid_1d,
    keep_in_view,
    mark_x0,
    set_labels,
    slope_at,
    tex_number,
    value_at,
    window_around,
)

RISING_STYLE = {"facecolor": SKY_BLUE, "hatch": "//", "edgecolor": BLUE}
FALLING_STYLE = {"facecolor": ORANGE, "hatch": "..", "edgecolor": VERMILLION}
METHOD_STYLE = {  # colour, line style and marker of each method's errors
    "forward": (VERMILLION, "--", "s"),
    "backward": (REDDISH_PURPLE, ":", "v"),
    "central": (BLUE, "-", "o"),
    "complex": (BLUISH_GREEN, "-.", "^"),
}
ORDER_NAMES = {1: "linear", 2: "quadratic", 3: "cubic"}


def plot_function(
    f: RealFunction,
    x_range: tuple[float, float] = (-3.0, 3.0),
    *,
    ax: Axes | None = None,
    label: str | None = None,
    n_points: int = N_POINTS,
    **line_kwargs: Any,
) -> Axes:
    """Plot f over ``x_range``; calls on one Axes take successive colours and styles.

    Examples
    --------
    >>> ax = plot_function(np.tanh, (-3, 3), label=r"$\\tanh(x)$")
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('$x$', '$f(x)$')
    """
    check_callable(f)
    x = grid_1d(check_x_range(x_range), check_size(n_points, "n_points", MAX_POINTS))
    ax = get_ax(ax)
    ax.plot(x, evaluate_1d(f, x), label=label, **line_kwargs)
    set_labels(ax)
    if label is not None:
        ax.legend()
    return ax


def plot_secant(
    f: RealFunction,
    x0: float,
    h: float,
    *,
    df: RealFunction | None = None,
    x_range: tuple[float, float] | None = None,
    show_tangent: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Plot f with the secant through x0 and x0 + h (h may be negative), and the tangent.

    Examples
    --------
    >>> ax = plot_secant(lambda x: x**2, 1.0, 0.5, df=lambda x: 2 * x)
    >>> [text.get_text() for text in ax.get_legend().get_texts()][1:3]
    ['secant, slope $2.5$', 'tangent, slope $2$']
    """
    check_callable(f)
    x0, h = check_real(x0, "x0"), check_step(h)
    if df is not None:
        check_callable(df, "df")
    window = window_around(x_range, x0, x0 + h, margin=max(abs(h), MARGIN))
    ax = get_ax(ax)
    y = draw_function(ax, f, grid_1d(window))
    f0, f1 = value_at(f, x0), value_at(f, x0 + h)
    lines = [("secant", (f1 - f0) / h, SECANT_STYLE)]
    if show_tangent:
        lines.append(("tangent", slope_at(f, x0, df), TANGENT_STYLE))
    for name, slope, style in lines:
        label = f"{name}, slope ${tex_number(slope)}$"
        draw_line(ax, window, (x0, f0), slope, label=label, **style)
    # A large circle under a small square, so both show when h is tiny.
    mark_x0(ax, x0, f0, r"$x_0$")
    square = {"marker": "s", "color": VERMILLION, **SMALL_POINT_STYLE}
    ax.plot(x0 + h, f1, label=r"$x_0 + h$", **square)
    keep_in_view(ax, y)
    title = rf"Secant from $x_0={x0:g}$ to $x_0+h$, with $h={tex_number(h)}$"
    set_labels(ax, title=title)
    ax.legend()
    return ax


def plot_function_and_derivative(
    f: RealFunction,
    df: RealFunction,
    x_range: tuple[float, float] = (-3.0, 3.0),
    *,
    axes: Sequence[Axes] | None = None,
    n_points: int = N_POINTS,
) -> tuple[Axes, Axes]:
    """Plot f above f', shaded where f rises (blue, //) and falls (orange, dots).

    Parameters
    ----------
    axes : pair of Axes, optional
        Where to draw f and f'; by default two panels sharing the x axis.

    Examples
    --------
    >>> ax_f, ax_df = plot_function_and_derivative(np.sin, np.cos, (0, 6))
    >>> ax_f.get_ylabel(), ax_df.get_ylabel()
    ('$f(x)$', "$f'(x)$")
    """
    check_callable(f)
    check_callable(df, "df")
    x = grid_1d(check_x_range(x_range), check_size(n_points, "n_points", MAX_POINTS))
    if axes is None:
        _, (ax_f, ax_df) = plt.subplots(
            2, 1, sharex=True, figsize=FIGSIZE_TALL, layout="constrained"
        )
    else:
        ax_f, ax_df = check_pair_of_axes(axes)
    slopes = evaluate_1d(df, x, "df")
    for ax in (ax_f, ax_df):
        ax.set_xlim(x[0], x[-1])  # so the shading reaches the edges
        # x in data, y from 0 to 1 of the panel
        shade = {"transform": ax.get_xaxis_transform(), "alpha": 0.2, "linewidth": 0}
        for where, style, label in (
            (slopes > 0, RISING_STYLE, r"$f'(x) > 0$: $f$ rising"),
            (slopes < 0, FALLING_STYLE, r"$f'(x) < 0$: $f$ falling"),
        ):
            if where.any():  # no legend entry for a shading that is not there
                ax.fill_between(x, 0, 1, where=where, label=label, **shade, **style)
    draw_function(ax_f, f, x)
    ax_df.plot(x, slopes, label=r"$f'(x)$", **FUNCTION_STYLE)
    ax_df.axhline(0.0, color=BLACK, linewidth=0.8)
    set_labels(ax_f, title=r"A function $f$ and its derivative $f'$")
    set_labels(ax_df, ylabel=r"$f'(x)$")
    if axes is None:
        ax_f.label_outer()
    ax_f.legend(loc="best")
    return ax_f, ax_df


def plot_one_sided_slopes(
    f: RealFunction,
    x0: float,
    *,
    h: float = 1e-6,
    x_range: tuple[float, float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Plot f near x0 with the lines of its left and right slopes there.

    The slopes are ``(f(x0) - f(x0 - h)) / h`` and ``(f(x0 + h) - f(x0)) / h``;
    the graph stops at ``x0 - h`` and restarts at ``x0 + h``, so a jump shows.

    Examples
    --------
    >>> ax = plot_one_sided_slopes(np.abs, 0.0)
    >>> [text.get_text() for text in ax.get_legend().get_texts()][1:3]
    ['left slope $-1$', 'right slope $1$']
    """
    check_callable(f)
    x0, h = check_real(x0, "x0"), check_step(h, positive=True)
    window = window_around(x_range, x0)
    ax = get_ax(ax)
    left = np.linspace(window[0], x0 - h, N_POINTS // 2)
    y_left = draw_function(ax, f, left)
    right = np.linspace(x0 + h, window[1], N_POINTS // 2)
    y_right = draw_function(ax, f, right, label="_nolegend_")
    f0 = value_at(f, x0)
    for side, slope, style in (
        ("left", (f0 - y_left[-1]) / h, SECANT_STYLE),
        ("right", (y_right[0] - f0) / h, TANGENT_STYLE),
    ):
        label = f"{side} slope ${tex_number(slope)}$"
        draw_line(ax, window, (x0, f0), slope, label=label, **style)
    mark_x0(ax, x0, f0)
    # Extra room, so the one-sided lines show beyond the graph (an X at a kink).
    keep_in_view(ax, np.concatenate([y_left, y_right, [f0]]), pad=0.35)
    set_labels(ax, title=rf"One-sided slopes at $x_0={x0:g}$, with $h={tex_number(h)}$")
    ax.legend()
    return ax


def plot_step_errors(
    f: RealFunction,
    df: RealFunction,
    x0: float,
    *,
    methods: Sequence[str] = ("forward", "central", "complex"),
    h_values: ArrayLike | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Plot on log-log axes the error of numerical derivatives against the step h.

    The error ``|derivative(f, x0, h=h, method=m) - df(x0)|`` is drawn no lower
    than the rounding floor ``eps / 2 * |df(x0)|`` (dotted). Each method's best
    h is marked, judged on a running median of five steps (one lucky
    cancellation does not count).

    Parameters
    ----------
    methods : sequence of str
        Names from `utils.numerics.METHODS`.
    h_values : array_like, optional
        From 2 to 10,000 positive steps; by default 81 from ``1e-16`` to ``1``,
        times ``max(1, |x0|)``.

    Examples
    --------
    >>> ax = plot_step_errors(np.exp, np.exp, 1.0)
    >>> ax.get_xscale(), ax.get_yscale()
    ('log', 'log')
    """
    check_callable(f)
    check_callable(df, "df")
    x0 = check_real(x0, "x0")
    if isinstance(methods, str):
        raise TypeError(f"methods must be a sequence of names, got {methods!r}")
    if unknown := [method for method in methods if method not in METHODS]:
        raise ValueError(f"methods must be among {METHODS}, got {unknown[0]!r}")
    steps = _check_h_values(h_values, x0)
    ax = get_ax(ax, FIGSIZE_WIDE)
    exact = value_at(df, x0, "df")
    floor = 0.5 * np.finfo(float).eps * (abs(exact) or 1.0)
    for method in methods:
        color, linestyle, marker = METHOD_STYLE[method]
        usable = steps
        if method != "complex":  # a step too small to change x0 gives no quotient
            usable = steps[(x0 + steps != x0) & (x0 - steps != x0)]
        if usable.size == 0:
            raise ValueError(f"h_values must hold a step that changes x0={x0:g}")
        estimates = [derivative(f, x0, h=h, method=method) for h in usable]
        errors = np.maximum(np.abs(np.array(estimates) - exact), floor)
        best = _best_step_index(errors)
        label = rf"{method}, best $h \approx {tex_number(usable[best])}$"
        ax.loglog(usable, errors, color=color, linestyle=linestyle, label=label)
        mark = {"marker": marker, "color": color, **POINT_STYLE}
        ax.loglog(usable[best], errors[best], **mark)
    ax.axhline(floor, color=BLACK, linestyle=":", linewidth=1.2, label="rounding floor")
    set_labels(
        ax,
        xlabel=r"step size $h$",
        ylabel=r"absolute error in $f'(x_0)$",
        title=rf"Error of numerical derivatives at $x_0={x0:g}$",
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))  # beside the curves
    return ax


def _check_h_values(h_values: ArrayLike | None, x0: float) -> NDArray[np.float64]:
    if h_values is None:
        return np.logspace(-16, 0, 81) * max(1.0, abs(x0))
    steps = np.asarray(h_values, dtype=float)
    if steps.ndim != 1 or not 2 <= steps.size <= MAX_STEPS or not np.all(steps > 0):
        raise ValueError(
            f"h_values must be a 1-D array of 2 to {MAX_STEPS:,} positive steps, "
            f"got {h_values!r}"
        )
    return np.sort(steps)


def _best_step_index(errors: NDArray[np.float64]) -> int:
    """Return the index of the best step in ``errors`` (sorted by step size).

    Among the steps where the running median of five is smallest, the one
    with the smallest error, the largest step if several tie.
    """
    padded = np.pad(np.log10(errors), 2, mode="edge")
    smooth = np.median(np.lib.stride_tricks.sliding_window_view(padded, 5), axis=1)
    candidates = np.flatnonzero(smooth == np.nanmin(smooth))
    best = errors[candidates]
    return int(candidates[np.flatnonzero(best == best.min())[-1]])


def plot_taylor(
    f: RealFunction,
    x0: float,
    derivatives: Sequence[RealFunction],
    *,
    orders: Sequence[int] = (1, 2),
    x_range: tuple[float, float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Plot f with its Taylor polynomials at x0 of the given orders.

    Parameters
    ----------
    derivatives : sequence of callable
        ``f'``, ``f''``, ... up to the highest order wanted.

    Examples
    --------
    >>> ax = plot_taylor(np.exp, 0.0, [np.exp, np.exp])
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['$f(x)$', 'order 1 (linear)', 'order 2 (quadratic)', '$(x_0, f(x_0))$']
    """
    check_callable(f)
    x0 = check_real(x0, "x0")
    derivatives = check_derivatives(derivatives)
    orders = sorted(set(orders))
    if wrong := [n for n in orders if not 1 <= n <= len(derivatives)]:
        raise ValueError(
            f"orders must be between 1 and len(derivatives) = {len(derivatives)}, "
            f"got {wrong[0]}"
        )
    window = window_around(x_range, x0)
    ax = get_ax(ax)
    x = grid_1d(window)
    y = draw_function(ax, f, x)
    coefficients = [value_at(f, x0)] + [
        value_at(df, x0, f"derivatives[{k - 1}]") / math.factorial(k)
        for k, df in enumerate(derivatives, start=1)
    ]
    dashed = LINESTYLE_CYCLE[1:]  # never solid, which is f's style
    for n in orders:
        taylor = np.polynomial.polynomial.polyval(x - x0, coefficients[: n + 1])
        name = f" ({ORDER_NAMES[n]})" if n in ORDER_NAMES else ""
        color = COLOR_CYCLE[(n - 1) % len(COLOR_CYCLE)]
        linestyle = dashed[(n - 1) % len(dashed)]
        label = f"order {n}{name}"
        ax.plot(x, taylor, color=color, linestyle=linestyle, linewidth=1.8, label=label)
    mark_x0(ax, x0, coefficients[0])
    keep_in_view(ax, y)
    set_labels(ax, title=rf"Taylor approximations at $x_0={x0:g}$")
    ax.legend()
    return ax
