"""Figures of functions of two variables: surfaces, contours, slices, gradients.

``f(x, y)`` should work on NumPy arrays; otherwise it is called point by
point, and surfaces and contour maps use at most 100 x 100 points.
``grad_f(x, y)`` returns the pair ``(df/dx, df/dy)``, and without it the
partials come from central differences.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from numbers import Integral
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D
from mpl_toolkits.mplot3d import Axes3D
from numpy.typing import ArrayLike, NDArray

from utils._checks import (
    check_callable,
    check_count,
    check_point,
    check_real,
    check_variable,
    check_x_range,
)
from utils.numerics import derivative

from ._base import (
    BLACK,
    BLUE,
    BLUISH_GREEN,
    DATA_ARROWS,
    FIGSIZE,
    FIGSIZE_TALL,
    FIGSIZE_WIDE,
    FUNCTION_STYLE,
    LINES_ONLY,
    MAX_ARROWS,
    MAX_GRID,
    MAX_LEVELS,
    ORANGE,
    POINT_STYLE,
    RING_STYLE,
    TANGENT_STYLE,
    VERMILLION,
    SurfaceFunction,
    check_flat_ax,
    check_optional,
    check_pair_of_axes,
    draw_line,
    evaluate_2d,
    evaluate_on_grid,
    flat_ax,
    gradient_2d,
    including,
    keep_in_view,
    mesh_2d,
    set_labels,
    tex_number,
    tex_point,
    value_at_2d,
)

GradientFunction = Callable[[Any, Any], Any]
"""A function returning the pair (df/dx, df/dy) at (x, y)."""

# What each element of a 2-D figure looks like, the same in every figure.
_SLICE = {"color": VERMILLION, "linestyle": "-", "linewidth": 2.6}
_LEGEND_BELOW = dict(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=9)
_SURFACE = dict(cmap="viridis", antialiased=False, linewidth=0, alpha=0.9, zorder=1)
_LEVEL_TANGENT = {"color": BLACK, "linestyle": "--", "linewidth": 1.6}
# Viridis without its palest yellow, so that contour lines show on white.
_CONTOUR_LINES = ListedColormap(plt.get_cmap("viridis")(np.linspace(0.0, 0.85, 256)))
# A grey ramp, light to black, for the size of gradient arrows: it stays
# distinct from the viridis contour lines the arrows are drawn over.
_ARROW_SIZES = ListedColormap(plt.get_cmap("Greys")(np.linspace(0.35, 1.0, 256)))
_SLICE_POINTS = 200
_ARROW_SHARE = 0.35  # longest arrow in plot_direction, as a share of the window
_FIGSIZE_DIRECTION = (FIGSIZE_WIDE[0], FIGSIZE_TALL[1])  # room for legends below


# ---------------------------------------------------------------- checks and helpers
def _check_surface_ax(ax: object) -> None:
    if ax is not None and not isinstance(ax, Axes3D):
        raise TypeError(
            'ax must be a 3-D Axes (made with projection="3d") or None, '
            f"got {type(ax).__name__}"
        )


def _check_levels(levels: object) -> int | NDArray[np.float64]:
    """Return ``levels``: a count from 1 to `MAX_LEVELS`, or increasing values."""
    if isinstance(levels, Integral):
        if not 1 <= levels <= MAX_LEVELS:
            raise ValueError(f"levels must be from 1 to {MAX_LEVELS}, got {levels!r}")
        return int(levels)
    values = np.asarray(levels, dtype=float)
    finite = values.ndim == 1 and np.isfinite(values).all()
    if not (finite and 1 <= values.size <= MAX_LEVELS and np.all(np.diff(values) > 0)):
        raise ValueError(
            f"levels must be 1 to {MAX_LEVELS} finite, increasing values, got {levels!r}"
        )
    return values


def _check_ranges(
    x_range: object, y_range: object
) -> tuple[tuple[float, float], tuple[float, float]]:
    return check_x_range(x_range, "x_range"), check_x_range(y_range, "y_range")


def _symbol(label: str) -> str:
    """Return a label as mathtext: ``"$w$"`` gives ``w``, ``"weight"`` upright text."""
    if len(label) > 2 and label.startswith("$") and label.endswith("$"):
        return label[1:-1]
    return r"\mathrm{" + label.replace(" ", r"\ ") + "}"


def _function_symbol(zlabel: str) -> str:
    """Return the function's name in a label such as ``"$L(w, b)$"``, else f."""
    match = re.fullmatch(r"\$\s*(\\?[A-Za-z]\w*)\s*\(.*\)\s*\$", zlabel)
    return match.group(1) if match else "f"


def _partial_symbol(variable: str, xlabel: str, ylabel: str, zlabel: str) -> str:
    name = _function_symbol(zlabel)
    var = _symbol(xlabel if variable == "x" else ylabel)
    return rf"\partial {name}/\partial {var}"


def _slice_line(
    f: SurfaceFunction,
    point: tuple[float, float],
    variable: str,
    span: tuple[float, float],
    n: int = _SLICE_POINTS,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Return the points ``(x, y, f(x, y))`` of the slice through ``point``."""
    t = np.linspace(*span, n)
    fixed = np.full_like(t, point[1] if variable == "x" else point[0])
    x, y = (t, fixed) if variable == "x" else (fixed, t)
    return x, y, evaluate_2d(f, x, y)


def _partial_at(
    f: SurfaceFunction,
    point: tuple[float, float],
    variable: str,
    partial: Callable[[Any, Any], Any] | None,
) -> float:
    """Return the partial along ``variable`` at ``point``, numerically if needed."""
    x0, y0 = point
    if partial is not None:
        value = np.asarray(partial(x0, y0), dtype=float)
        if value.size != 1:
            raise ValueError(
                f"partial must return one number, got shape {value.shape} at {(x0, y0)}"
            )
        return float(value.reshape(()))
    if variable == "x":
        return derivative(lambda t: value_at_2d(f, t, y0), x0)
    return derivative(lambda t: value_at_2d(f, x0, t), y0)


def _gradient_at(
    f: SurfaceFunction,
    point: tuple[float, float],
    grad_f: GradientFunction | None,
) -> tuple[float, float]:
    dx, dy = gradient_2d(f, np.array([point[0]]), np.array([point[1]]), grad_f)
    return float(dx[0]), float(dy[0])


def _short(value: float) -> str:
    """Format a value for a label to 4 decimals, without a stray minus on 0."""
    return tex_number(round(value, 4) + 0.0)


def _mark_point(ax: Axes, point: tuple[float, float], label: str | None = None) -> None:
    """Mark ``point`` with a white dot ringed in black."""
    label = tex_point(point) if label is None else label
    ax.plot(*point, label=label, **{**POINT_STYLE, **RING_STYLE})


# ---------------------------------------------------------------- surfaces
def plot_surface(
    f: SurfaceFunction,
    x_range: tuple[float, float] = (-2.0, 2.0),
    y_range: tuple[float, float] = (-2.0, 2.0),
    *,
    ax: Axes | None = None,
    n_points: int = 50,
    point: tuple[float, float] | None = None,
    slice_along: str | None = None,
    xlabel: str = r"$x$",
    ylabel: str = r"$y$",
    zlabel: str = r"$f(x, y)$",
    title: str | None = None,
) -> Axes3D:
    """Plot the surface z = f(x, y), optionally with a point and a slice through it.

    Parameters
    ----------
    ax : mpl_toolkits.mplot3d.Axes3D, optional
        An Axes made with ``projection="3d"``.
    point : (x0, y0), optional
        Marked on the surface; the ranges widen to hold it.
    slice_along : {"x", "y"}, optional
        Draw the slice through ``point`` along x (``t -> f(t, y0)``) or y.

    Examples
    --------
    >>> ax = plot_surface(lambda x, y: x**2 + y**2, point=(1.0, 0.5), slice_along="x")
    >>> ax.get_title()
    'Surface $z = f(x, y)$, slice at $y = 0.5$'
    """
    check_callable(f)
    x_range, y_range = _check_ranges(x_range, y_range)
    n = check_count(n_points, "n_points", most=MAX_GRID)
    if point is not None:
        point = check_point(point)
    if slice_along is not None:
        slice_along = check_variable(slice_along, "slice_along")
        if point is None:
            raise ValueError(
                f"slice_along={slice_along!r} needs a point, got point=None"
            )
    _check_surface_ax(ax)
    if point is not None:
        x_range, y_range = including(x_range, point[0]), including(y_range, point[1])
    if ax is None:
        fig = plt.figure(figsize=FIGSIZE, layout="constrained")
        ax = fig.add_subplot(projection="3d")
    ax.computed_zorder = False  # draw in the order given: lines over the surface
    x, y, z = evaluate_on_grid(f, x_range, y_range, n)
    ax.plot_surface(x, y, z, rcount=x.shape[0], ccount=x.shape[1], **_SURFACE)
    if slice_along is not None:
        span = x_range if slice_along == "x" else y_range
        line = _slice_line(f, point, slice_along, span)
        ax.plot(*line, label="slice", zorder=3, **_SLICE)
    if point is not None:
        z0 = [value_at_2d(f, *point)]
        ring = dict(RING_STYLE, markersize=9, linestyle="none", zorder=4)
        ax.plot([point[0]], [point[1]], z0, label="point", **ring)
    if title is None:
        title = rf"Surface $z = {_symbol(zlabel)}$"
        if slice_along is not None:
            held = (ylabel, point[1]) if slice_along == "x" else (xlabel, point[0])
            title += rf", slice at ${_symbol(held[0])} = {tex_number(held[1])}$"
    set_labels(ax, xlabel, ylabel, title)
    ax.set_zlabel(zlabel)
    ax.set(xlim=x_range, ylim=y_range)
    return ax


def plot_contours(
    f: SurfaceFunction,
    x_range: tuple[float, float] = (-2.0, 2.0),
    y_range: tuple[float, float] = (-2.0, 2.0),
    *,
    ax: Axes | None = None,
    levels: int | Sequence[float] = 15,
    n_points: int = 200,
    filled: bool = True,
    colorbar: bool = True,
    point: tuple[float, float] | None = None,
    xlabel: str = r"$x$",
    ylabel: str = r"$y$",
    zlabel: str = r"$f(x, y)$",
    title: str | None = None,
) -> Axes:
    """Plot the level curves of f(x, y), a contour map, with equal axis scales.

    Parameters
    ----------
    levels : int or sequence of float
        How many levels (at most 100), or their values, increasing.
    n_points : int
        Grid points along each axis, at most 1,000; at most 100 if ``f``
        takes one point at a time (a finer grid is coarsened, with a warning).
    filled : bool
        Fill the bands with viridis; unfilled, the curves are coloured and labelled.
    zlabel : str
        The colour bar's label.

    Examples
    --------
    >>> ax = plot_contours(lambda x, y: x**2 + 2 * y**2, levels=[1, 2, 4])
    >>> ax.get_aspect(), ax.get_xlabel(), ax.get_ylabel()
    (1.0, '$x$', '$y$')
    """
    check_callable(f)
    x_range, y_range = _check_ranges(x_range, y_range)
    n = check_count(n_points, "n_points", most=MAX_GRID)
    levels = _check_levels(levels)
    if point is not None:
        point = check_point(point)
    ax = flat_ax(ax)
    x, y, z = evaluate_on_grid(f, x_range, y_range, n)
    if filled:
        scale = ax.contourf(x, y, z, levels=levels, cmap="viridis")
        ax.contour(x, y, z, levels=scale.levels, colors=BLACK, linewidths=0.5)
    else:
        scale = ax.contour(x, y, z, levels=levels, cmap=_CONTOUR_LINES, linewidths=1.4)
        for text in ax.clabel(scale, scale.levels[::2], fontsize=8, inline_spacing=2):
            text.set_zorder(5)  # above gradient arrows drawn later
    if colorbar:
        ax.figure.colorbar(scale, ax=ax, label=zlabel)
    if point is not None:
        _mark_point(ax, point)
    ax.set_aspect("equal")
    ax.set(xlim=x_range, ylim=y_range)
    ax.grid(False)  # the level curves are the grid
    if title is None:
        title = rf"Contour map of ${_symbol(zlabel)}$"
    set_labels(ax, xlabel, ylabel, title)
    return ax


# ---------------------------------------------------------------- slices
def plot_slice(
    f: SurfaceFunction,
    point: tuple[float, float],
    *,
    variable: str = "x",
    span: tuple[float, float] | None = None,
    ax: Axes | None = None,
    partial: Callable[[Any, Any], Any] | None = None,
    show_tangent: bool = True,
    xlabel: str = r"$x$",
    ylabel: str = r"$y$",
    zlabel: str = r"$f(x, y)$",
) -> Axes:
    """Plot the slice of f through a point along one variable, with its tangent.

    For ``variable="x"`` the curve is ``t -> f(t, y0)``; the tangent's slope,
    in the legend, is the partial derivative along that variable.

    Parameters
    ----------
    span : (low, high), optional
        The interval of the moving variable; by default its coordinate +- 2.
    partial : callable, optional
        The partial derivative, called as ``partial(x0, y0)``; by default a
        central difference.
    xlabel, ylabel, zlabel : str
        The names of x, y and f, such as ``r"$L(w, b)$"``, which names the partial.

    Examples
    --------
    >>> ax = plot_slice(lambda x, y: x**2 * y, (1.0, 0.5), partial=lambda x, y: 2 * x * y)
    >>> ax.get_xlabel()
    '$x$  ($y = 0.5$ held fixed)'
    """
    check_callable(f)
    point = check_point(point)
    variable = check_variable(variable)
    check_optional(partial, "partial")
    t0 = point[0] if variable == "x" else point[1]
    if span is None:
        span = (t0 - 2.0, t0 + 2.0)
    span = including(check_x_range(span, "span"), t0)
    ax = flat_ax(ax)
    x, y, z = _slice_line(f, point, variable, span)
    t = x if variable == "x" else y
    moving, held = (xlabel, ylabel) if variable == "x" else (ylabel, xlabel)
    held_value = point[1] if variable == "x" else point[0]
    fixed = rf"${_symbol(held)} = {tex_number(held_value)}$"
    ax.plot(t, z, label=rf"slice, {fixed}", **_SLICE)
    z0 = value_at_2d(f, *point)
    if show_tangent:
        slope = _partial_at(f, point, variable, partial)
        symbol = _partial_symbol(variable, xlabel, ylabel, zlabel)
        label = rf"tangent, slope ${symbol} = {tex_number(slope)}$"
        draw_line(ax, span, (t0, z0), slope, label=label, **TANGENT_STYLE)
    _mark_point(ax, (t0, z0), label=tex_point(point))
    keep_in_view(ax, z)
    ax.set_xlim(*span)
    title = rf"Slice along ${_symbol(moving)}$ through {tex_point(point)}"
    set_labels(ax, f"{moving}  ({fixed} held fixed)", zlabel, title)
    ax.legend()
    return ax


def plot_slice_view(
    f: SurfaceFunction,
    point: tuple[float, float],
    *,
    variable: str = "x",
    x_range: tuple[float, float] = (-2.0, 2.0),
    y_range: tuple[float, float] = (-2.0, 2.0),
    partial: Callable[[Any, Any], Any] | None = None,
    axes: Sequence[Axes] | None = None,
    xlabel: str = r"$x$",
    ylabel: str = r"$y$",
    zlabel: str = r"$f(x, y)$",
) -> tuple[Axes3D, Axes]:
    """Plot a slice of f on the surface (left) and as a curve with its tangent (right).

    Parameters
    ----------
    axes : pair of Axes, optional
        A 3-D Axes and a 2-D Axes; by default a new figure.

    Examples
    --------
    >>> ax_surface, ax_slice = plot_slice_view(lambda x, y: x * y, (1.0, 0.5), variable="y")
    >>> ax_slice.get_xlabel()
    '$y$  ($x = 1$ held fixed)'
    """
    check_callable(f)
    point = check_point(point)
    variable = check_variable(variable)
    check_optional(partial, "partial")
    x_range, y_range = _check_ranges(x_range, y_range)
    if axes is None:
        fig = plt.figure(figsize=FIGSIZE_WIDE, layout="constrained")
        ax_surface = fig.add_subplot(1, 2, 1, projection="3d")
        ax_slice = fig.add_subplot(1, 2, 2)
    else:
        ax_surface, ax_slice = check_pair_of_axes(axes)
        if not isinstance(ax_surface, Axes3D):
            raise TypeError(
                f"axes[0] must be a 3-D Axes, got {type(ax_surface).__name__}"
            )
        check_flat_ax(ax_slice, "axes[1]")
    labels = {"xlabel": xlabel, "ylabel": ylabel, "zlabel": zlabel}
    plot_surface(
        f, x_range, y_range, ax=ax_surface, point=point, slice_along=variable, **labels
    )
    x_range, y_range = including(x_range, point[0]), including(y_range, point[1])
    span = x_range if variable == "x" else y_range
    plot_slice(
        f, point, variable=variable, span=span, ax=ax_slice, partial=partial, **labels
    )
    return ax_surface, ax_slice


# ---------------------------------------------------------------- gradients
def plot_gradient_field(
    f: SurfaceFunction,
    x_range: tuple[float, float] = (-2.0, 2.0),
    y_range: tuple[float, float] = (-2.0, 2.0),
    *,
    grad_f: GradientFunction | None = None,
    ax: Axes | None = None,
    n_arrows: int = 13,
    normalise: bool = True,
    colorbar: bool = True,
    xlabel: str = r"$x$",
    ylabel: str = r"$y$",
    title: str | None = None,
) -> Axes:
    """Plot the gradient of f as arrows on an ``n_arrows`` x ``n_arrows`` grid.

    Normalised, every arrow has one length and its shade gives ``||grad f||``;
    otherwise the lengths are proportional, the longest one cell wide. Draw it
    over ``plot_contours(..., filled=False)`` to see right angles.

    Examples
    --------
    >>> ax = plot_contours(lambda x, y: x**2 + 2 * y**2, filled=False)
    >>> ax = plot_gradient_field(lambda x, y: x**2 + 2 * y**2, ax=ax)
    >>> ax.collections[-1].N
    169
    """
    check_callable(f)
    check_optional(grad_f, "grad_f")
    x_range, y_range = _check_ranges(x_range, y_range)
    n = check_count(n_arrows, "n_arrows", most=MAX_ARROWS)
    ax = flat_ax(ax)
    # The centres of an n x n grid of cells, so that no arrow sticks out.
    cells = [
        (low + (high - low) / (2 * n), high - (high - low) / (2 * n))
        for low, high in (x_range, y_range)
    ]
    x, y = mesh_2d(*cells, n)
    dx, dy = gradient_2d(f, x, y, grad_f)
    size = np.hypot(dx, dy)
    spacing = min(np.ptp(x_range), np.ptp(y_range)) / n
    if normalise:
        scale = np.divide(0.8 * spacing, size, out=np.zeros_like(size), where=size > 0)
    else:
        largest = size.max()
        scale = np.full_like(size, spacing / largest if largest > 0 else 0.0)
    style = dict(cmap=_ARROW_SIZES, pivot="mid", width=0.006, zorder=3, **DATA_ARROWS)
    arrows = ax.quiver(x, y, dx * scale, dy * scale, size, label=r"$\nabla f$", **style)
    if colorbar:
        ax.figure.colorbar(arrows, ax=ax, label=r"$\|\nabla f\|$ (arrow shade)")
    ax.set_aspect("equal")
    ax.set(xlim=x_range, ylim=y_range)
    ax.grid(False)  # as on contour maps, which this is drawn over
    if title is None:
        title = r"Gradient field $\nabla f$"
        if normalise:
            title += " (directions only)"
    set_labels(ax, xlabel, ylabel, title)
    return ax


def _check_direction(direction: object) -> tuple[float, float]:
    dx, dy = check_point(direction, "direction")
    length = math.hypot(dx, dy)
    if length == 0:
        raise ValueError(f"direction must be non-zero, got {direction!r}")
    return dx / length, dy / length


def _angle_between(
    u: tuple[float, float], gradient: tuple[float, float]
) -> float | None:
    """Return the angle in degrees between u and the gradient, None if it is 0."""
    size = math.hypot(*gradient)
    if size == 0:
        return None
    cosine = (u[0] * gradient[0] + u[1] * gradient[1]) / size
    return math.degrees(math.acos(min(1.0, max(-1.0, cosine))))


def _reach(
    point: tuple[float, float],
    unit: tuple[float, float],
    x_range: tuple[float, float],
    y_range: tuple[float, float],
) -> float:
    """Return how far one can go from ``point`` along ``unit`` inside the window."""
    distances = [
        ((high if d > 0 else low) - p) / d
        for p, d, (low, high) in zip(point, unit, (x_range, y_range), strict=True)
        if d != 0
    ]
    return max(0.0, min(distances))


def _arrow(
    ax: Axes,
    start: tuple[float, float],
    vector: tuple[float, float],
    text: str,
    color: str,
    width: float,
    side: int = 1,
) -> None:
    """Draw an arrow from ``start`` (in data units), named beside its middle.

    The name ``text`` sits on the arrow's left (``side=1``) or right
    (``side=-1``); it is also the arrow's label.
    """
    ax.quiver(
        *start, *vector, label=text, color=color, width=width, zorder=4, **DATA_ARROWS
    )
    length = math.hypot(*vector)
    normal = (-side * vector[1] / length, side * vector[0] / length)
    ax.annotate(
        text,
        xy=(start[0] + vector[0] / 2, start[1] + vector[1] / 2),
        xytext=(9 * normal[0], 9 * normal[1]),
        textcoords="offset points",
        ha="left" if normal[0] > 0.3 else "right" if normal[0] < -0.3 else "center",
        va="bottom" if normal[1] > 0.3 else "top" if normal[1] < -0.3 else "center",
        color=color,
        fontsize=14,
        zorder=5,
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.5},
    )


def plot_direction(
    f: SurfaceFunction,
    point: tuple[float, float],
    direction: ArrayLike,
    *,
    x_range: tuple[float, float] = (-2.0, 2.0),
    y_range: tuple[float, float] = (-2.0, 2.0),
    grad_f: GradientFunction | None = None,
    ax: Axes | None = None,
    xlabel: str = r"$x$",
    ylabel: str = r"$y$",
) -> Axes:
    """Plot a direction u at a point over the level curves, with the gradient there.

    The title gives ``D_u f = grad f . u`` and the angle between u and the
    gradient; ``direction`` is scaled to length 1, and the gradient's arrow is
    shortened if it would be long.

    Examples
    --------
    >>> ax = plot_direction(lambda x, y: x**2 + y**2, (1.0, 0.0), (0.0, 2.0))
    >>> ax.get_title().splitlines()[0]
    '$D_{u} f = \\\\nabla f \\\\cdot u = 0$'
    """
    check_callable(f)
    point = check_point(point)
    u = _check_direction(direction)
    check_optional(grad_f, "grad_f")
    x_range, y_range = _check_ranges(x_range, y_range)
    x_range, y_range = including(x_range, point[0]), including(y_range, point[1])
    ax = flat_ax(ax, FIGSIZE_TALL)
    labels = dict(xlabel=xlabel, ylabel=ylabel)
    plot_contours(f, x_range, y_range, ax=ax, n_points=100, **labels, **LINES_ONLY)
    gradient = _gradient_at(f, point, grad_f)
    size = math.hypot(*gradient)
    handles = []
    if size > 0:
        unit = (gradient[0] / size, gradient[1] / size)
        reach = np.array([-1.0, 1.0]) * (np.ptp(x_range) + np.ptp(y_range))
        tangent = (point[0] - reach * unit[1], point[1] + reach * unit[0])
        ax.plot(*tangent, label="tangent to the level curve", **_LEVEL_TANGENT)
        # Short enough to stay in the window, long enough to see.
        longest = _ARROW_SHARE * min(np.ptp(x_range), np.ptp(y_range))
        room = max(0.85 * _reach(point, unit, x_range, y_range), 0.3 * longest)
        length = min(size, longest, room)
        label = rf"$\nabla f = ({_short(gradient[0])}, {_short(gradient[1])})$"
        if length < size:
            label += ", arrow shortened"
        # Name each arrow on the side away from the other one.
        side = 1 if unit[0] * u[1] - unit[1] * u[0] < 0 else -1
        arrow = (unit[0] * length, unit[1] * length)
        _arrow(ax, point, arrow, r"$\nabla f$", VERMILLION, 0.012, side)
        handles.append(Line2D([], [], color=VERMILLION, linewidth=4, label=label))
    else:
        side = -1
    _arrow(ax, point, u, r"$u$", BLUE, 0.008, -side)
    u_label = rf"$u = ({u[0]:.2f}, {u[1]:.2f})$, length 1"
    handles.append(Line2D([], [], color=BLUE, linewidth=2.5, label=u_label))
    _mark_point(ax, point)
    lines = [line for line in ax.get_lines() if not line.get_label().startswith("_")]
    ax.legend(handles=[*handles, *lines], **_LEGEND_BELOW)
    value = u[0] * gradient[0] + u[1] * gradient[1]
    angle = _angle_between(u, gradient)
    between = (
        r"no angle: $\nabla f = 0$"
        if angle is None
        else rf"angle between $u$ and $\nabla f$: ${angle:.0f}^\circ$"
    )
    ax.set_title(rf"$D_{{u}} f = \nabla f \cdot u = {_short(value)}$" + "\n" + between)
    ax.set(xlim=x_range, ylim=y_range)
    return ax


def plot_directional_derivatives(
    f: SurfaceFunction,
    point: tuple[float, float],
    *,
    angle: float | None = None,
    grad_f: GradientFunction | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Plot the directional derivative at a point against the angle of u, in degrees.

    A cosine of amplitude ``||grad f||``, its maximum along the gradient; the
    current ``angle``, if given, is marked.

    Examples
    --------
    >>> ax = plot_directional_derivatives(
    ...     lambda x, y: 3 * x + 4 * y, (0.0, 0.0), grad_f=lambda x, y: (3.0, 4.0)
    ... )
    >>> ax.get_legend().get_texts()[1].get_text()
    'max $5$ at $53.1^\\\\circ$ (along $\\\\nabla f$)'
    """
    check_callable(f)
    point = check_point(point)
    if angle is not None:
        angle = check_real(angle, "angle")
    check_optional(grad_f, "grad_f")
    ax = flat_ax(ax, FIGSIZE_TALL)
    gx, gy = _gradient_at(f, point, grad_f)
    size = math.hypot(gx, gy)
    t = np.linspace(0.0, 360.0, 361)
    radians = np.radians(t)
    label = r"$D_{u} f$ along $u = (\cos \alpha, \sin \alpha)$"
    ax.plot(
        t, gx * np.cos(radians) + gy * np.sin(radians), label=label, **FUNCTION_STYLE
    )
    ax.axhline(0.0, color=BLACK, linewidth=0.8)
    if size > 0:
        best = math.degrees(math.atan2(gy, gx)) % 360.0
        worst = (best + 180.0) % 360.0
        zeros = sorted(((best + 90.0) % 360.0, (best + 270.0) % 360.0))
        most = rf"${tex_number(size)}$ at ${best:.1f}^\circ$ (along $\nabla f$)"
        least = rf"${tex_number(-size)}$ at ${worst:.1f}^\circ$ (against $\nabla f$)"
        level = rf"${zeros[0]:.1f}^\circ$, ${zeros[1]:.1f}^\circ$ (level curve)"
        for where, value, marker, color, label in (
            ([best], [size], "^", VERMILLION, f"max {most}"),
            ([worst], [-size], "v", BLUE, f"min {least}"),
            (zeros, [0.0, 0.0], "o", BLUISH_GREEN, f"$0$ at {level}"),
        ):
            ax.plot(
                where, value, marker=marker, color=color, label=label, **POINT_STYLE
            )
    if angle is not None:
        radians = math.radians(angle)
        current = gx * math.cos(radians) + gy * math.sin(radians)
        shown = angle % 360.0
        ax.axvline(shown, color=ORANGE, linestyle=":", linewidth=1.6)
        label = rf"$u$ at ${shown:.0f}^\circ$: $D_{{u}} f = {_short(current)}$"
        ax.plot(shown, current, marker="D", color=ORANGE, label=label, **POINT_STYLE)
    ax.set_xlim(0.0, 360.0)
    ax.set_xticks(np.arange(0, 361, 90))
    pad = 0.15 * size if size > 0 else 1.0
    ax.set_ylim(-size - pad, size + pad)
    title = f"Directional derivatives at {tex_point(point)}"
    set_labels(ax, r"angle of $u$ (degrees)", r"$D_{u} f$", title)
    ax.legend(**_LEGEND_BELOW)
    return ax


def plot_direction_view(
    f: SurfaceFunction,
    point: tuple[float, float],
    angle: float,
    *,
    x_range: tuple[float, float] = (-2.0, 2.0),
    y_range: tuple[float, float] = (-2.0, 2.0),
    grad_f: GradientFunction | None = None,
    axes: Sequence[Axes] | None = None,
    xlabel: str = r"$x$",
    ylabel: str = r"$y$",
) -> tuple[Axes, Axes]:
    """Plot `plot_direction` and `plot_directional_derivatives` side by side.

    The direction is ``u = (cos(angle), sin(angle))``, ``angle`` in degrees.

    Examples
    --------
    >>> ax_u, ax_d = plot_direction_view(lambda x, y: x * y, (1.0, 1.0), 45.0)
    >>> ax_d.get_xlabel()
    'angle of $u$ (degrees)'
    """
    check_callable(f)
    point = check_point(point)
    angle = check_real(angle, "angle")
    check_optional(grad_f, "grad_f")
    _check_ranges(x_range, y_range)
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=_FIGSIZE_DIRECTION, layout="constrained")
    ax_direction, ax_derivatives = check_pair_of_axes(axes, check_flat_ax)
    u = (math.cos(math.radians(angle)), math.sin(math.radians(angle)))
    window = dict(x_range=x_range, y_range=y_range, xlabel=xlabel, ylabel=ylabel)
    plot_direction(f, point, u, grad_f=grad_f, ax=ax_direction, **window)
    plot_directional_derivatives(
        f, point, angle=angle, grad_f=grad_f, ax=ax_derivatives
    )
    return ax_direction, ax_derivatives
