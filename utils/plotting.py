"""Draw the course's figures, one function per kind of figure.

Every ``plot_*`` function draws on the Axes it is given (or on a new figure of
size `FIGSIZE`), labels both axes, returns the Axes and never calls
``plt.show()``: the notebook does that. Colours come from the Okabe-Ito
palette, which stays distinguishable for the common kinds of colour
blindness, and lines also differ in line style or marker, so colour is never
the only cue.

Call `use_course_style` once in a notebook's setup cell. Importing this module
changes nothing.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterable, Sequence
from numbers import Integral, Real
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from numpy.typing import ArrayLike, NDArray

from utils.numerics import METHODS, derivative

__all__ = [
    "BLACK",
    "BLUE",
    "BLUISH_GREEN",
    "COLOR_CYCLE",
    "FIGSIZE",
    "FIGSIZE_TALL",
    "FIGSIZE_WIDE",
    "LINESTYLE_CYCLE",
    "MARKERS",
    "OKABE_ITO",
    "ORANGE",
    "REDDISH_PURPLE",
    "SKY_BLUE",
    "VERMILLION",
    "YELLOW",
    "plot_function",
    "plot_function_and_derivative",
    "plot_one_sided_slopes",
    "plot_secant",
    "plot_step_errors",
    "plot_tangent",
    "plot_taylor",
    "use_course_style",
]

RealFunction = Callable[[Any], Any]
"""A function of one real variable; vectorised (NumPy) or not."""

# ---------------------------------------------------------------- constants
FIGSIZE = (6.4, 4.0)
FIGSIZE_WIDE = (9.6, 4.0)
FIGSIZE_TALL = (6.4, 6.0)

OKABE_ITO = (
    "#000000",
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
)
BLACK, ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE, VERMILLION, REDDISH_PURPLE = (
    OKABE_ITO
)

# The order in which successive lines take colours and styles. Yellow comes
# last because it is faint on a white background.
COLOR_CYCLE = (
    BLUE,
    VERMILLION,
    BLUISH_GREEN,
    ORANGE,
    REDDISH_PURPLE,
    SKY_BLUE,
    BLACK,
    YELLOW,
)
LINESTYLE_CYCLE = (
    "-",
    "--",
    "-.",
    ":",
    (0, (5, 1)),
    (0, (3, 1, 1, 1, 1, 1)),
    (0, (1, 3)),
    (0, (8, 2, 2, 2)),
)
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")

_N_POINTS = 400
_MARGIN = 2.0  # default half-width of the x window around the points of interest

# What each element of a figure looks like, the same in every figure.
_FUNCTION = {"color": BLACK, "linestyle": "-", "linewidth": 2.2}
_TANGENT = {"color": BLUE, "linestyle": "--", "linewidth": 1.8}
_SECANT = {"color": VERMILLION, "linestyle": "-.", "linewidth": 1.8}
_LEFT = {"color": VERMILLION, "linestyle": "-.", "linewidth": 1.8}
_RIGHT = {"color": BLUE, "linestyle": "--", "linewidth": 1.8}
_POINT = {"linestyle": "none", "markersize": 10, "markeredgecolor": BLACK, "zorder": 4}
_SMALL_POINT = {**_POINT, "markersize": 6, "zorder": 5}
_RISING = {"facecolor": SKY_BLUE, "hatch": "//", "edgecolor": BLUE}
_FALLING = {"facecolor": ORANGE, "hatch": "..", "edgecolor": VERMILLION}
_METHOD_STYLE = {
    "forward": {"color": VERMILLION, "linestyle": "--", "marker": "s"},
    "backward": {"color": REDDISH_PURPLE, "linestyle": ":", "marker": "v"},
    "central": {"color": BLUE, "linestyle": "-", "marker": "o"},
    "complex": {"color": BLUISH_GREEN, "linestyle": "-.", "marker": "^"},
}
_ORDER_NAMES = {1: "linear", 2: "quadratic", 3: "cubic"}


# ---------------------------------------------------------------- style
def use_course_style() -> None:
    """Set the course look for all later figures.

    A white grid, readable font sizes, the Okabe-Ito colours combined with
    changing line styles, and constrained layout. Call it once in a notebook's
    setup cell.

    Returns
    -------
    None

    Examples
    --------
    >>> import matplotlib as mpl
    >>> with mpl.rc_context():
    ...     use_course_style()
    ...     styles = mpl.rcParams["axes.prop_cycle"].by_key()
    >>> styles["color"][:2] == [BLUE, VERMILLION]
    True
    >>> styles["linestyle"][:2]
    ['-', '--']
    """
    # Plain rcParams rather than seaborn's set_theme: importing seaborn takes
    # seconds (it loads pandas and scipy.stats), and every lesson calls this.
    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=COLOR_CYCLE)
            + cycler(linestyle=LINESTYLE_CYCLE),
            "axes.facecolor": "white",
            "axes.edgecolor": "#bbbbbb",
            "axes.grid": True,
            "axes.axisbelow": True,
            "axes.titlesize": 13,
            "axes.labelsize": 12,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "grid.color": "#e5e5e5",
            "grid.linewidth": 0.9,
            "font.size": 12,
            "xtick.labelsize": 11,
            "ytick.labelsize": 11,
            "legend.fontsize": 11,
            "legend.framealpha": 0.9,
            "figure.figsize": FIGSIZE,
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "figure.constrained_layout.use": True,
            "lines.linewidth": 2.0,
            "image.cmap": "viridis",
            "text.usetex": False,
        }
    )
    if _in_ipython():
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        # Constrained layout already fits everything inside the canvas, so the
        # inline backend's default "tight" bounding box would only cost every
        # figure a second drawing pass; light PNG compression saves time too.
        set_matplotlib_formats(
            "png", bbox_inches=None, pil_kwargs={"compress_level": 1}
        )


def _in_ipython() -> bool:
    ipython = sys.modules.get("IPython")
    return ipython is not None and ipython.get_ipython() is not None


# ---------------------------------------------------------------- input checks
def _check_callable(f: object, name: str = "f") -> None:
    if not callable(f):
        raise TypeError(f"{name} must be callable, got {type(f).__name__}")


def _check_real(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return float(value)


def _check_step(h: object, name: str = "h", *, positive: bool = False) -> float:
    step = _check_real(h, name)
    if positive and step <= 0:
        raise ValueError(f"{name} must be positive, got {h!r}")
    if step == 0:
        raise ValueError(f"{name} must be non-zero, got {h!r}")
    return step


def _check_x_range(x_range: object, name: str = "x_range") -> tuple[float, float]:
    if isinstance(x_range, str) or not isinstance(x_range, Iterable):
        raise TypeError(f"{name} must be a pair (low, high), got {x_range!r}")
    values = tuple(x_range)
    if len(values) != 2:
        raise ValueError(f"{name} must be a pair (low, high), got {x_range!r}")
    low, high = (_check_real(v, name) for v in values)
    if not low < high:
        raise ValueError(f"{name} must have low < high, got {x_range!r}")
    return low, high


def _check_n_points(n_points: object) -> int:
    if isinstance(n_points, bool) or not isinstance(n_points, Integral):
        raise TypeError(f"n_points must be an integer, got {n_points!r}")
    if n_points < 2:
        raise ValueError(f"n_points must be at least 2, got {n_points!r}")
    return int(n_points)


def _check_ax(ax: object, name: str = "ax") -> None:
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(
            f"{name} must be a matplotlib Axes or None, got {type(ax).__name__}"
        )


def _check_methods(methods: object) -> tuple[str, ...]:
    if isinstance(methods, str) or not isinstance(methods, Iterable):
        raise TypeError(f"methods must be a sequence of method names, got {methods!r}")
    names = tuple(methods)
    if not names:
        raise ValueError("methods must name at least one method, got ()")
    for name in names:
        if name not in METHODS:
            raise ValueError(f"methods must be among {METHODS}, got {name!r}")
    return names


def _check_h_values(h_values: ArrayLike | None, x0: float) -> NDArray[np.float64]:
    if h_values is None:
        return np.logspace(-16, 0, 81) * max(1.0, abs(x0))
    steps = np.asarray(h_values, dtype=float)
    if (
        steps.ndim != 1
        or steps.size < 2
        or not np.all(np.isfinite(steps) & (steps > 0))
    ):
        raise ValueError(
            "h_values must be a 1-D array of at least two positive finite numbers, "
            f"got {h_values!r}"
        )
    return np.sort(steps)


def _check_derivatives(derivatives: object) -> tuple[RealFunction, ...]:
    if not isinstance(derivatives, Sequence) or isinstance(derivatives, str):
        raise TypeError(
            "derivatives must be a sequence of callables [f', f'', ...], "
            f"got {type(derivatives).__name__}"
        )
    if len(derivatives) == 0:
        raise ValueError(f"derivatives must hold at least f', got {derivatives!r}")
    for k, df in enumerate(derivatives):
        _check_callable(df, f"derivatives[{k}]")
    return tuple(derivatives)


def _check_orders(orders: object, highest: int) -> tuple[int, ...]:
    if isinstance(orders, str) or not isinstance(orders, Iterable):
        raise TypeError(f"orders must be a sequence of integers, got {orders!r}")
    values = tuple(orders)
    if not values:
        raise ValueError("orders must hold at least one order, got ()")
    for n in values:
        if isinstance(n, bool) or not isinstance(n, Integral):
            raise TypeError(f"orders must be a sequence of integers, got {orders!r}")
        if not 1 <= n <= highest:
            raise ValueError(
                f"orders must be between 1 and len(derivatives) = {highest}, got {n}"
            )
    return tuple(sorted(set(values)))


# ---------------------------------------------------------------- shared pieces
def _get_ax(ax: Axes | None, figsize: tuple[float, float] = FIGSIZE) -> Axes:
    """Return ``ax``, or the Axes of a new figure of the given size."""
    _check_ax(ax)
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _window(
    x_range: object, *points: float, margin: float = _MARGIN
) -> tuple[float, float]:
    """Return ``x_range`` widened to hold ``points``, or a window around them."""
    if x_range is None:
        return min(points) - margin, max(points) + margin
    low, high = _check_x_range(x_range)
    return min(low, *points), max(high, *points)


def _grid(
    x_range: tuple[float, float], n_points: int = _N_POINTS
) -> NDArray[np.float64]:
    return np.linspace(x_range[0], x_range[1], n_points)


def _evaluate(
    f: RealFunction, x: NDArray[np.float64], name: str = "f"
) -> NDArray[np.float64]:
    """Return ``f`` at every point of ``x``, one point at a time if f rejects arrays."""
    try:
        y = np.asarray(f(x), dtype=float)
    except (TypeError, ValueError):  # f is written for one number, e.g. math.sin
        y = np.array([f(xi) for xi in x], dtype=float)
    if y.size == 1:  # a constant function such as ``lambda x: 3.0``
        return np.full(x.shape, float(y.reshape(())))
    if y.shape != x.shape:
        raise ValueError(
            f"{name} must return one number per point, got shape {y.shape} "
            f"for {x.size} points"
        )
    return y


def _value(f: RealFunction, x0: float, name: str = "f") -> float:
    return float(_evaluate(f, np.array([x0]), name)[0])


def _slope_at(f: RealFunction, x0: float, df: RealFunction | None) -> float:
    """Return ``df(x0)``, or a numerical derivative of ``f`` if ``df`` is None."""
    return derivative(f, x0) if df is None else _value(df, x0, "df")


def _draw_function(
    ax: Axes, f: RealFunction, x: NDArray[np.float64], label: str = r"$f(x)$"
) -> NDArray[np.float64]:
    y = _evaluate(f, x)
    ax.plot(x, y, label=label, **_FUNCTION)
    return y


def _draw_line(
    ax: Axes,
    x_range: tuple[float, float],
    point: tuple[float, float],
    slope: float,
    **style: Any,
) -> None:
    """Draw the straight line with ``slope`` through ``point`` across ``x_range``."""
    x = np.array(x_range)
    ax.plot(x, point[1] + slope * (x - point[0]), **style)


def _keep_in_view(ax: Axes, y: ArrayLike, pad: float = 0.1) -> None:
    """Fit the y limits to the values ``y``, so steep lines do not squash the curve.

    ``pad`` is the room left above and below, as a fraction of the range of ``y``.
    """
    finite = np.asarray(y, dtype=float)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return
    low, high = float(finite.min()), float(finite.max())
    room = pad * (high - low) if high > low else 1.0
    ax.set_ylim(low - room, high + room)


def _label(
    ax: Axes, xlabel: str = r"$x$", ylabel: str = r"$f(x)$", title: str | None = None
) -> None:
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title)


def _tex(value: float) -> str:
    """Format a number for mathtext: 0.25 stays 0.25, 1e-06 becomes 10^{-6}."""
    if not math.isfinite(value) or value == 0 or 1e-3 <= abs(value) < 1e4:
        return f"{value:.4g}"
    mantissa, exponent = f"{value:.1e}".split("e")
    power = f"10^{{{int(exponent)}}}"
    if mantissa in ("1.0", "-1.0"):
        return power if value > 0 else "-" + power
    return rf"{mantissa} \times {power}"


# ---------------------------------------------------------------- figures
def plot_function(
    f: RealFunction,
    x_range: tuple[float, float] = (-3.0, 3.0),
    *,
    ax: Axes | None = None,
    label: str | None = None,
    n_points: int = _N_POINTS,
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
    _check_callable(f)
    x = _grid(_check_x_range(x_range), _check_n_points(n_points))
    ax = _get_ax(ax)
    ax.plot(x, _evaluate(f, x), label=label, **line_kwargs)
    _label(ax)
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
    _check_callable(f)
    x0 = _check_real(x0, "x0")
    if df is not None:
        _check_callable(df, "df")
    window = _window(x_range, x0)
    ax = _get_ax(ax)
    y = _draw_function(ax, f, _grid(window))
    point = (x0, _value(f, x0))
    slope = _slope_at(f, x0, df)
    _draw_line(
        ax, window, point, slope, label=f"tangent, slope ${_tex(slope)}$", **_TANGENT
    )
    ax.plot(*point, marker="o", color=BLACK, label=r"$(x_0, f(x_0))$", **_POINT)
    _keep_in_view(ax, y)
    _label(ax, title=rf"Tangent to $f$ at $x_0={x0:g}$")
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
    _check_callable(f)
    x0 = _check_real(x0, "x0")
    h = _check_step(h)
    if df is not None:
        _check_callable(df, "df")
    window = _window(x_range, x0, x0 + h, margin=max(abs(h), _MARGIN))
    ax = _get_ax(ax)
    y = _draw_function(ax, f, _grid(window))
    f0, f1 = _value(f, x0), _value(f, x0 + h)
    secant_slope = (f1 - f0) / h
    _draw_line(
        ax,
        window,
        (x0, f0),
        secant_slope,
        label=f"secant, slope ${_tex(secant_slope)}$",
        **_SECANT,
    )
    if show_tangent:
        slope = _slope_at(f, x0, df)
        _draw_line(
            ax,
            window,
            (x0, f0),
            slope,
            label=f"tangent, slope ${_tex(slope)}$",
            **_TANGENT,
        )
    # A large circle under a small square, so both show when h is tiny.
    ax.plot(x0, f0, marker="o", color=BLACK, label=r"$x_0$", **_POINT)
    ax.plot(
        x0 + h, f1, marker="s", color=VERMILLION, label=r"$x_0 + h$", **_SMALL_POINT
    )
    _keep_in_view(ax, y)
    _label(ax, title=rf"Secant from $x_0={x0:g}$ to $x_0+h$, with $h={_tex(h)}$")
    ax.legend()
    return ax


def plot_function_and_derivative(
    f: RealFunction,
    df: RealFunction,
    x_range: tuple[float, float] = (-3.0, 3.0),
    *,
    axes: Sequence[Axes] | None = None,
    n_points: int = _N_POINTS,
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
    _check_callable(f)
    _check_callable(df, "df")
    x = _grid(_check_x_range(x_range), _check_n_points(n_points))
    if axes is None:
        _, (ax_f, ax_df) = plt.subplots(
            2, 1, sharex=True, figsize=FIGSIZE_TALL, layout="constrained"
        )
    else:
        if isinstance(axes, Axes) or not isinstance(axes, Iterable):
            raise TypeError(f"axes must be a pair of Axes or None, got {axes!r}")
        if len(pair := tuple(axes)) != 2:
            raise ValueError(f"axes must be a pair of Axes, got {len(pair)} items")
        ax_f, ax_df = pair
        _check_ax(ax_f, "axes[0]")
        _check_ax(ax_df, "axes[1]")
    slopes = _evaluate(df, x, "df")
    for ax in (ax_f, ax_df):
        ax.set_xlim(x[0], x[-1])  # so the shading reaches the edges
        band = ax.get_xaxis_transform()  # x in data, y from 0 to 1 of the panel
        for where, style, label in (
            (slopes > 0, _RISING, r"$f'(x) > 0$: $f$ rising"),
            (slopes < 0, _FALLING, r"$f'(x) < 0$: $f$ falling"),
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
    _draw_function(ax_f, f, x)
    ax_df.plot(x, slopes, label=r"$f'(x)$", **_FUNCTION)
    ax_df.axhline(0.0, color=BLACK, linewidth=0.8)
    _label(ax_f, title=r"A function $f$ and its derivative $f'$")
    _label(ax_df, ylabel=r"$f'(x)$")
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
    _check_callable(f)
    x0 = _check_real(x0, "x0")
    h = _check_step(h, positive=True)
    window = _window(x_range, x0)
    ax = _get_ax(ax)
    y_left = _draw_function(ax, f, np.linspace(window[0], x0 - h, _N_POINTS // 2))
    y_right = _draw_function(
        ax, f, np.linspace(x0 + h, window[1], _N_POINTS // 2), label="_nolegend_"
    )
    f0, f_left, f_right = _value(f, x0), y_left[-1], y_right[0]
    left_slope, right_slope = (f0 - f_left) / h, (f_right - f0) / h
    _draw_line(
        ax,
        window,
        (x0, f0),
        left_slope,
        label=f"left slope ${_tex(left_slope)}$",
        **_LEFT,
    )
    _draw_line(
        ax,
        window,
        (x0, f0),
        right_slope,
        label=f"right slope ${_tex(right_slope)}$",
        **_RIGHT,
    )
    ax.plot(x0, f0, marker="o", color=BLACK, label=r"$(x_0, f(x_0))$", **_POINT)
    # Extra room, so the one-sided lines show beyond the graph (an X at a kink).
    _keep_in_view(ax, np.concatenate([y_left, y_right, [f0]]), pad=0.35)
    _label(ax, title=rf"One-sided slopes at $x_0={x0:g}$, with $h={_tex(h)}$")
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
    _check_callable(f)
    _check_callable(df, "df")
    x0 = _check_real(x0, "x0")
    methods = _check_methods(methods)
    steps = _check_h_values(h_values, x0)
    ax = _get_ax(ax, FIGSIZE_WIDE)
    exact = _value(df, x0, "df")
    floor = 0.5 * np.finfo(float).eps * (abs(exact) or 1.0)
    for method in methods:
        style = _METHOD_STYLE[method]
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
            label=rf"{method}, best $h \approx {_tex(usable[best])}$",
        )
        ax.loglog(
            usable[best],
            errors[best],
            marker=style["marker"],
            color=style["color"],
            **_POINT,
        )
    ax.axhline(floor, color=BLACK, linestyle=":", linewidth=1.2, label="rounding floor")
    _label(
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
    _check_callable(f)
    x0 = _check_real(x0, "x0")
    derivatives = _check_derivatives(derivatives)
    orders = _check_orders(orders, len(derivatives))
    window = _window(x_range, x0)
    ax = _get_ax(ax)
    x = _grid(window)
    y = _draw_function(ax, f, x)
    coefficients = [_value(f, x0)] + [
        _value(df, x0, f"derivatives[{k - 1}]") / math.factorial(k)
        for k, df in enumerate(derivatives, start=1)
    ]
    dashed = LINESTYLE_CYCLE[1:]  # never solid, which is f's style
    for n in orders:
        taylor = np.polynomial.polynomial.polyval(x - x0, coefficients[: n + 1])
        name = _ORDER_NAMES.get(n)
        ax.plot(
            x,
            taylor,
            color=COLOR_CYCLE[(n - 1) % len(COLOR_CYCLE)],
            linestyle=dashed[(n - 1) % len(dashed)],
            linewidth=1.8,
            label=f"order {n} ({name})" if name else f"order {n}",
        )
    ax.plot(
        x0, coefficients[0], marker="o", color=BLACK, label=r"$(x_0, f(x_0))$", **_POINT
    )
    _keep_in_view(ax, y)
    _label(ax, title=rf"Taylor approximations at $x_0={x0:g}$")
    ax.legend()
    return ax
