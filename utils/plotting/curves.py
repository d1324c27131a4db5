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
    check_count,
    check_derivatives,
    check_real,
    check_step,
    check_x_range,
)
from utils.numerics import derivative

from ._base import (
    BLACK,
    COLOR_CYCLE,
    FALLING_STYLE,
    FIGSIZE_TALL,
    FIGSIZE_WIDE,
    FUNCTION_STYLE,
    LEFT_STYLE,
    LINESTYLE_CYCLE,
    MARGIN,
    METHOD_STYLE,
    N_POINTS,
    ORDER_NAMES,
    POINT_STYLE,
    RIGHT_STYLE,
    RISING_STYLE,
    SECANT_STYLE,
    SMALL_POINT_STYLE,
    TANGENT_STYLE,
    VERMILLION,
    RealFunction,
    check_ax,
    check_h_values,
    check_methods,
    check_orders,
    check_pair_of_axes,
    draw_function,
    draw_line,
    evaluate_1d,
    get_ax,
    grid_1d,
    keep_in_view,
    set_labels,
    slope_at,
    tex_number,
    value_at,
    window_around,
)


def plot_function(
    f: RealFunction,
    x_range: tuple[float, float] = (-3.0, 3.0),
    *,
    ax: Axes | None = None,
    label: str | None = None,
    n_points: int = N_POINTS,
    **line_kwargs: Any,
) -> Axes:
    """Plot a function of one variable over an interval.

    Successive calls on the same Axes take successive colours and line styles
    of the axes' cycle (see `use_course_style`).

    Parameters
    ----------
    f : callable
        The function; it may take a NumPy array or one number at a time.
    x_range : tuple of float
        The interval ``(low, high)`` to plot over.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure of size `FIGSIZE` if None.
    label : str, optional
        Legend entry; a legend is drawn when given.
    n_points : int
        Number of sample points.
    **line_kwargs
        Passed on to ``Axes.plot`` (for example ``color`` or ``linestyle``).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``x_range`` is not a pair of numbers,
        ``n_points`` is not an integer, or ``ax`` is not an Axes.
    ValueError
        If ``x_range`` is not finite with low < high, ``n_points`` < 2, or
        ``f`` does not return one number per point.

    Examples
    --------
    >>> ax = plot_function(np.tanh, (-3, 3), label=r"$\\tanh(x)$")
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('$x$', '$f(x)$')
    >>> plt.close(ax.figure)
    """
    check_callable(f)
    x = grid_1d(check_x_range(x_range), check_count(n_points, "n_points"))
    ax = get_ax(ax)
    ax.plot(x, evaluate_1d(f, x), label=label, **line_kwargs)
    set_labels(ax)
    if label is not None:
        ax.legend()
    return ax


def plot_tangent(
    f: RealFunction,
    x0: float,
    *,
    df: RealFunction | None = None,
    x_range: tuple[float, float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Plot f with its tangent line at x0.

    Parameters
    ----------
    f : callable
        The function.
    x0 : float
        The point of tangency.
    df : callable, optional
        The derivative of ``f``; if None, the slope is computed with
        `utils.numerics.derivative`.
    x_range : tuple of float, optional
        The interval to plot over (widened if needed to show ``x0``); by
        default ``x0 - 2`` to ``x0 + 2``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure of size `FIGSIZE` if None.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on; the legend gives the tangent's slope.

    Raises
    ------
    TypeError
        If ``f`` or ``df`` is not callable, ``x0`` is not a number,
        ``x_range`` is not a pair of numbers, or ``ax`` is not an Axes.
    ValueError
        If ``x0`` is not finite or ``x_range`` is not finite with low < high.

    Examples
    --------
    >>> ax = plot_tangent(lambda x: x**2, 1.0, df=lambda x: 2 * x)
    >>> ax.get_legend().get_texts()[1].get_text()
    'tangent, slope $2$'
    >>> plt.close(ax.figure)
    """
    check_callable(f)
    x0 = check_real(x0, "x0")
    if df is not None:
        check_callable(df, "df")
    window = window_around(x_range, x0)
    ax = get_ax(ax)
    y = draw_function(ax, f, grid_1d(window))
    point = (x0, value_at(f, x0))
    slope = slope_at(f, x0, df)
    draw_line(
        ax,
        window,
        point,
        slope,
        label=f"tangent, slope ${tex_number(slope)}$",
        **TANGENT_STYLE,
    )
    ax.plot(*point, marker="o", color=BLACK, label=r"$(x_0, f(x_0))$", **POINT_STYLE)
    keep_in_view(ax, y)
    set_labels(ax, title=rf"Tangent to $f$ at $x_0={x0:g}$")
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
    """Plot f with the secant through x0 and x0 + h, and the tangent at x0.

    The secant's slope is the average rate of change
    ``(f(x0 + h) - f(x0)) / h``; as ``h`` shrinks it approaches the tangent's
    slope, the derivative ``f'(x0)``. The legend gives both slopes.

    Parameters
    ----------
    f : callable
        The function.
    x0 : float
        The first point.
    h : float
        The step to the second point, ``x0 + h``; negative steps are allowed.
    df : callable, optional
        The derivative of ``f``, for the tangent; if None, the tangent's slope
        is computed with `utils.numerics.derivative`.
    x_range : tuple of float, optional
        The interval to plot over (widened if needed to show both points); by
        default 2 on either side of the points.
    show_tangent : bool
        Whether to draw the tangent at ``x0`` as well.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure of size `FIGSIZE` if None.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    TypeError
        If ``f`` or ``df`` is not callable, ``x0`` or ``h`` is not a number,
        ``x_range`` is not a pair of numbers, or ``ax`` is not an Axes.
    ValueError
        If ``x0`` or ``h`` is not finite, ``h`` is zero, or ``x_range`` is not
        finite with low < high.

    Examples
    --------
    >>> ax = plot_secant(lambda x: x**2, 1.0, 0.5, df=lambda x: 2 * x)
    >>> [text.get_text() for text in ax.get_legend().get_texts()][1:3]
    ['secant, slope $2.5$', 'tangent, slope $2$']
    >>> plt.close(ax.figure)
    """
    check_callable(f)
    x0 = check_real(x0, "x0")
    h = check_step(h)
    if df is not None:
        check_callable(df, "df")
    window = window_around(x_range, x0, x0 + h, margin=max(abs(h), MARGIN))
    ax = get_ax(ax)
    y = draw_function(ax, f, grid_1d(window))
    f0, f1 = value_at(f, x0), value_at(f, x0 + h)
    secant_slope = (f1 - f0) / h
    draw_line(
        ax,
        window,
        (x0, f0),
        secant_slope,
        label=f"secant, slope ${tex_number(secant_slope)}$",
        **SECANT_STYLE,
    )
    if show_tangent:
        slope = slope_at(f, x0, df)
        draw_line(
            ax,
            window,
            (x0, f0),
            slope,
            label=f"tangent, slope ${tex_number(slope)}$",
            **TANGENT_STYLE,
        )
    # A large circle under a small square, so both show when h is tiny.
    ax.plot(x0, f0, marker="o", color=BLACK, label=r"$x_0$", **POINT_STYLE)
    ax.plot(
        x0 + h,
        f1,
        marker="s",
        color=VERMILLION,
        label=r"$x_0 + h$",
        **SMALL_POINT_STYLE,
    )
    keep_in_view(ax, y)
    set_labels(
        ax, title=rf"Secant from $x_0={x0:g}$ to $x_0+h$, with $h={tex_number(h)}$"
    )
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
    """Plot f above its derivative f', shading where f rises and where it falls.

    Where ``f'(x) > 0`` both panels are shaded blue with ``//`` hatching (f
    rises); where ``f'(x) < 0`` they are shaded orange with dotted hatching
    (f falls). The derivative panel has a line at zero.

    Parameters
    ----------
    f : callable
        The function.
    df : callable
        Its derivative.
    x_range : tuple of float
        The interval ``(low, high)`` to plot over.
    axes : pair of matplotlib.axes.Axes, optional
        Where to draw f and f' (a tuple, or the array from ``plt.subplots``),
        each with its own x label. By default a new figure of size
        `FIGSIZE_TALL` with two panels sharing the x axis, labelled once, on
        the lower panel.
    n_points : int
        Number of sample points.

    Returns
    -------
    tuple of matplotlib.axes.Axes
        ``(ax_f, ax_df)``, the panels of f and of f'.

    Raises
    ------
    TypeError
        If ``f`` or ``df`` is not callable, ``x_range`` is not a pair of
        numbers, ``n_points`` is not an integer, or ``axes`` is not a pair of
        Axes.
    ValueError
        If ``x_range`` is not finite with low < high, ``n_points`` < 2,
        ``axes`` does not hold two items, or a function does not return one
        number per point.

    Examples
    --------
    >>> ax_f, ax_df = plot_function_and_derivative(np.sin, np.cos, (0, 6))
    >>> ax_f.get_ylabel(), ax_df.get_ylabel()
    ('$f(x)$', "$f'(x)$")
    >>> plt.close(ax_f.figure)
    """
    check_callable(f)
    check_callable(df, "df")
    x = grid_1d(check_x_range(x_range), check_count(n_points, "n_points"))
    if axes is None:
        _, (ax_f, ax_df) = plt.subplots(
            2, 1, sharex=True, figsize=FIGSIZE_TALL, layout="constrained"
        )
    else:
        ax_f, ax_df = check_pair_of_axes(axes)
        check_ax(ax_f, "axes[0]")
        check_ax(ax_df, "axes[1]")
    slopes = evaluate_1d(df, x, "df")
    for ax in (ax_f, ax_df):
        ax.set_xlim(x[0], x[-1])  # so the shading reaches the edges
        band = ax.get_xaxis_transform()  # x in data, y from 0 to 1 of the panel
        for where, style, label in (
            (slopes > 0, RISING_STYLE, r"$f'(x) > 0$: $f$ rising"),
            (slopes < 0, FALLING_STYLE, r"$f'(x) < 0$: $f$ falling"),
        ):
            if not where.any():
                continue  # no legend entry for a shading that is not there
            ax.fill_between(
                x,
                0,
                1,
                where=where,
                transform=band,
                alpha=0.2,
                linewidth=0,
                label=label,
                **style,
            )
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

    The left slope is ``(f(x0) - f(x0 - h)) / h`` and the right slope is
    ``(f(x0 + h) - f(x0)) / h``. At a kink (``abs``, ReLU) they differ; at a
    jump or a vertical tangent (``np.cbrt``) at least one of them grows
    without bound as ``h`` shrinks, and its line looks vertical. The graph is
    drawn in two pieces, up to ``x0 - h`` and from ``x0 + h``, with a dot at
    ``(x0, f(x0))``, so that a jump shows as a gap.

    Parameters
    ----------
    f : callable
        The function.
    x0 : float
        The point to examine.
    h : float
        The (positive) step of the one-sided differences.
    x_range : tuple of float, optional
        The interval to plot over (widened if needed to show ``x0``); by
        default ``x0 - 2`` to ``x0 + 2``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure of size `FIGSIZE` if None.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on; the legend gives both slopes.

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``x0`` or ``h`` is not a number, ``x_range``
        is not a pair of numbers, or ``ax`` is not an Axes.
    ValueError
        If ``x0`` is not finite, ``h`` is not positive and finite, or
        ``x_range`` is not finite with low < high.

    Examples
    --------
    >>> ax = plot_one_sided_slopes(np.abs, 0.0)
    >>> [text.get_text() for text in ax.get_legend().get_texts()][1:3]
    ['left slope $-1$', 'right slope $1$']
    >>> plt.close(ax.figure)
    """
    check_callable(f)
    x0 = check_real(x0, "x0")
    h = check_step(h, positive=True)
    window = window_around(x_range, x0)
    ax = get_ax(ax)
    y_left = draw_function(ax, f, np.linspace(window[0], x0 - h, N_POINTS // 2))
    y_right = draw_function(
        ax, f, np.linspace(x0 + h, window[1], N_POINTS // 2), label="_nolegend_"
    )
    f0, f_left, f_right = value_at(f, x0), y_left[-1], y_right[0]
    left_slope, right_slope = (f0 - f_left) / h, (f_right - f0) / h
    draw_line(
        ax,
        window,
        (x0, f0),
        left_slope,
        label=f"left slope ${tex_number(left_slope)}$",
        **LEFT_STYLE,
    )
    draw_line(
        ax,
        window,
        (x0, f0),
        right_slope,
        label=f"right slope ${tex_number(right_slope)}$",
        **RIGHT_STYLE,
    )
    ax.plot(x0, f0, marker="o", color=BLACK, label=r"$(x_0, f(x_0))$", **POINT_STYLE)
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
    """Plot, on log-log axes, the error of numerical derivatives against the step h.

    For each method the error ``|derivative(f, x0, h=h, method=...) - df(x0)|``
    is drawn against ``h``. Large steps suffer from truncation error, small
    ones from round-off. Each method's best ``h`` is marked: among the steps
    where the error, smoothed by a running median over five neighbouring
    steps, is smallest (so that a single lucky cancellation among the
    round-off noise does not count), the one with the smallest error, the
    largest such step if several tie.

    Errors below the rounding level of the exact value,
    ``eps / 2 * |df(x0)|`` (``eps / 2`` if ``df(x0) == 0``), including exact
    zeros, are drawn at that floor, so that the log scale never sees a zero;
    a dotted line marks the floor. Steps too small to change ``x0`` in
    floating point give no difference quotient and are left out for the
    difference methods.

    Parameters
    ----------
    f : callable
        The function; for ``"complex"`` it must accept complex input.
    df : callable
        Its exact derivative, the reference.
    x0 : float
        Where to differentiate.
    methods : sequence of str
        Names from `utils.numerics.METHODS`.
    h_values : array_like, optional
        The positive steps to try, at least two; by default 81 steps from
        ``1e-16`` to ``1``, times ``max(1, |x0|)``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure of size `FIGSIZE_WIDE` if None (the
        legend sits to the right of the Axes).

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on; the legend gives each method's best ``h``.

    Raises
    ------
    TypeError
        If ``f`` or ``df`` is not callable, ``x0`` is not a number,
        ``methods`` is a single string, or ``ax`` is not an Axes (and, from
        `utils.numerics.derivative`, if ``"complex"`` is asked for and ``f``
        rejects complex input).
    ValueError
        If ``x0`` is not finite, ``methods`` is empty or names an unknown
        method, or ``h_values`` is not a 1-D array of at least two positive
        finite numbers or has no step large enough to change ``x0``.

    Examples
    --------
    >>> ax = plot_step_errors(np.exp, np.exp, 1.0)
    >>> ax.get_xscale(), ax.get_yscale()
    ('log', 'log')
    >>> plt.close(ax.figure)
    """
    check_callable(f)
    check_callable(df, "df")
    x0 = check_real(x0, "x0")
    methods = check_methods(methods)
    steps = check_h_values(h_values, x0)
    ax = get_ax(ax, FIGSIZE_WIDE)
    exact = value_at(df, x0, "df")
    floor = 0.5 * np.finfo(float).eps * (abs(exact) or 1.0)
    for method in methods:
        style = METHOD_STYLE[method]
        usable = steps
        if method != "complex":
            usable = steps[(x0 + steps != x0) & (x0 - steps != x0)]
        if usable.size == 0:
            raise ValueError(
                f"h_values must hold a step that changes x0={x0:g} in floating "
                f"point, for method {method!r}; got {h_values!r}"
            )
        estimates = np.array([derivative(f, x0, h=h, method=method) for h in usable])
        errors = np.maximum(np.abs(estimates - exact), floor)
        best = _best_step_index(errors)
        ax.loglog(
            usable,
            errors,
            color=style["color"],
            linestyle=style["linestyle"],
            label=rf"{method}, best $h \approx {tex_number(usable[best])}$",
        )
        ax.loglog(
            usable[best],
            errors[best],
            marker=style["marker"],
            color=style["color"],
            **POINT_STYLE,
        )
    ax.axhline(floor, color=BLACK, linestyle=":", linewidth=1.2, label="rounding floor")
    set_labels(
        ax,
        xlabel=r"step size $h$",
        ylabel=r"absolute error in $f'(x_0)$",
        title=rf"Error of numerical derivatives at $x_0={x0:g}$",
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))  # beside the curves
    return ax


def _best_step_index(errors: NDArray[np.float64]) -> int:
    """Return the index of the best step in ``errors`` (sorted by step size).

    A running median over five neighbouring steps ignores a single lucky
    cancellation in the round-off region. Among the steps where it is
    smallest, the one with the smallest error wins, the largest step if
    several tie.
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
    """Plot f with its Taylor polynomials at x0.

    The polynomial of order n is
    ``T_n(x) = f(x0) + f'(x0) (x - x0) + ... + f^(n)(x0) (x - x0)**n / n!``;
    order 1 is the tangent line (the linear approximation), order 2 the
    quadratic approximation.

    Parameters
    ----------
    f : callable
        The function.
    x0 : float
        The point of expansion.
    derivatives : sequence of callable
        ``f'``, ``f''``, ... as far as the highest order wanted.
    orders : sequence of int
        The orders to draw, each between 1 and ``len(derivatives)``.
    x_range : tuple of float, optional
        The interval to plot over (widened if needed to show ``x0``); by
        default ``x0 - 2`` to ``x0 + 2``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure of size `FIGSIZE` if None.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``derivatives`` is not a sequence of
        callables, ``orders`` is not a sequence of integers, ``x0`` is not a
        number, ``x_range`` is not a pair of numbers, or ``ax`` is not an Axes.
    ValueError
        If ``derivatives`` or ``orders`` is empty, an order is outside 1 to
        ``len(derivatives)``, ``x0`` is not finite, or ``x_range`` is not
        finite with low < high.

    Examples
    --------
    >>> ax = plot_taylor(np.exp, 0.0, [np.exp, np.exp])
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['$f(x)$', 'order 1 (linear)', 'order 2 (quadratic)', '$(x_0, f(x_0))$']
    >>> plt.close(ax.figure)
    """
    check_callable(f)
    x0 = check_real(x0, "x0")
    derivatives = check_derivatives(derivatives)
    orders = check_orders(orders, len(derivatives))
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
        name = ORDER_NAMES.get(n)
        ax.plot(
            x,
            taylor,
            color=COLOR_CYCLE[(n - 1) % len(COLOR_CYCLE)],
            linestyle=dashed[(n - 1) % len(dashed)],
            linewidth=1.8,
            label=f"order {n} ({name})" if name else f"order {n}",
        )
    ax.plot(
        x0,
        coefficients[0],
        marker="o",
        color=BLACK,
        label=r"$(x_0, f(x_0))$",
        **POINT_STYLE,
    )
    keep_in_view(ax, y)
    set_labels(ax, title=rf"Taylor approximations at $x_0={x0:g}$")
    ax.legend()
    return ax
