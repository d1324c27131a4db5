"""Figures of functions of one variable: graphs, secants, derivatives, Taylor."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes

from utils._checks import (
    check_callable,
    check_count,
    check_derivatives,
    check_real,
    check_step,
    check_x_range,
)
from utils.numerics import derivative

from ._base import (
    BLACK,
    BLUE,
    COLOR_CYCLE,
    FIGSIZE_TALL,
    FUNCTION_STYLE,
    LINESTYLE_CYCLE,
    MARGIN,
    MAX_POINTS,
    N_POINTS,
    ORANGE,
    SECANT_STYLE,
    SKY_BLUE,
    SMALL_POINT_STYLE,
    TANGENT_STYLE,
    VERMILLION,
    RealFunction,
    check_optional,
    check_pair_of_axes,
    draw_function,
    draw_line,
    evaluate_1d,
    get_ax,
    grid_1d,
    keep_in_view,
    mark_x0,
    set_labels,
    tex_number,
    value_at,
    window_around,
)

RISING_STYLE = {"facecolor": SKY_BLUE, "hatch": "//", "edgecolor": BLUE}
FALLING_STYLE = {"facecolor": ORANGE, "hatch": "..", "edgecolor": VERMILLION}
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
    n = check_count(n_points, "n_points", most=MAX_POINTS)
    x = grid_1d(check_x_range(x_range), n)
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
    check_optional(df, "df")
    window = window_around(x_range, x0, x0 + h, margin=max(abs(h), MARGIN))
    ax = get_ax(ax)
    y = draw_function(ax, f, grid_1d(window))
    f0, f1 = value_at(f, x0), value_at(f, x0 + h)
    lines = [("secant", (f1 - f0) / h, SECANT_STYLE)]
    if show_tangent:
        slope = derivative(f, x0) if df is None else value_at(df, x0, "df")
        lines.append(("tangent", slope, TANGENT_STYLE))
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
    n = check_count(n_points, "n_points", most=MAX_POINTS)
    x = grid_1d(check_x_range(x_range), n)
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
