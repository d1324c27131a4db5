"""Shared pieces of the course figures: constants, style, input checks, helpers."""

from __future__ import annotations

import inspect
import math
import sys
import warnings
from collections.abc import Callable, Iterable
from numbers import Integral
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from mpl_toolkits.mplot3d import Axes3D
from numpy.typing import ArrayLike, NDArray

from utils._checks import check_x_range
from utils.numerics import METHODS, default_step, derivative

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

N_POINTS = 400
MARGIN = 2.0  # default half-width of the x window around the points of interest

# What each element of a figure looks like, the same in every figure.
FUNCTION_STYLE = {"color": BLACK, "linestyle": "-", "linewidth": 2.2}
TANGENT_STYLE = {"color": BLUE, "linestyle": "--", "linewidth": 1.8}
SECANT_STYLE = {"color": VERMILLION, "linestyle": "-.", "linewidth": 1.8}
LEFT_STYLE = {"color": VERMILLION, "linestyle": "-.", "linewidth": 1.8}
RIGHT_STYLE = {"color": BLUE, "linestyle": "--", "linewidth": 1.8}
POINT_STYLE = {
    "linestyle": "none",
    "markersize": 10,
    "markeredgecolor": BLACK,
    "zorder": 4,
}
SMALL_POINT_STYLE = {**POINT_STYLE, "markersize": 6, "zorder": 5}
RISING_STYLE = {"facecolor": SKY_BLUE, "hatch": "//", "edgecolor": BLUE}
FALLING_STYLE = {"facecolor": ORANGE, "hatch": "..", "edgecolor": VERMILLION}
METHOD_STYLE = {
    "forward": {"color": VERMILLION, "linestyle": "--", "marker": "s"},
    "backward": {"color": REDDISH_PURPLE, "linestyle": ":", "marker": "v"},
    "central": {"color": BLUE, "linestyle": "-", "marker": "o"},
    "complex": {"color": BLUISH_GREEN, "linestyle": "-.", "marker": "^"},
}
ORDER_NAMES = {1: "linear", 2: "quadratic", 3: "cubic"}


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


def check_ax(ax: object, name: str = "ax") -> None:
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(
            f"{name} must be a matplotlib Axes or None, got {type(ax).__name__}"
        )


def check_methods(methods: object) -> tuple[str, ...]:
    if isinstance(methods, str) or not isinstance(methods, Iterable):
        raise TypeError(f"methods must be a sequence of method names, got {methods!r}")
    names = tuple(methods)
    if not names:
        raise ValueError("methods must name at least one method, got ()")
    for name in names:
        if name not in METHODS:
            raise ValueError(f"methods must be among {METHODS}, got {name!r}")
    return names


def check_h_values(h_values: ArrayLike | None, x0: float) -> NDArray[np.float64]:
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


def check_orders(orders: object, highest: int) -> tuple[int, ...]:
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
def get_ax(ax: Axes | None, figsize: tuple[float, float] = FIGSIZE) -> Axes:
    """Return ``ax``, or the Axes of a new figure of the given size."""
    check_ax(ax)
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def window_around(
    x_range: object, *points: float, margin: float = MARGIN
) -> tuple[float, float]:
    """Return ``x_range`` widened to hold ``points``, or a window around them."""
    if x_range is None:
        return min(points) - margin, max(points) + margin
    low, high = check_x_range(x_range)
    return min(low, *points), max(high, *points)


def grid_1d(
    x_range: tuple[float, float], n_points: int = N_POINTS
) -> NDArray[np.float64]:
    return np.linspace(x_range[0], x_range[1], n_points)


def evaluate_1d(
    f: RealFunction, x: NDArray[np.float64], name: str = "f"
) -> NDArray[np.float64]:
    """Return ``f`` at every point of ``x``, point by point if need be.

    As `evaluate_2d`: a function of numbers (``math.sin``), a constant
    (``lambda x: 3.0``) or a loss that averages its own data with ``np.mean``
    does not return one value per point when given the whole grid, so it is
    then called once per point.
    """
    return evaluate_2d(lambda t, _: f(t), x, x, name)


def value_at(f: RealFunction, x0: float, name: str = "f") -> float:
    return float(evaluate_1d(f, np.array([x0]), name)[0])


def slope_at(f: RealFunction, x0: float, df: RealFunction | None) -> float:
    """Return ``df(x0)``, or a numerical derivative of ``f`` if ``df`` is None."""
    return derivative(f, x0) if df is None else value_at(df, x0, "df")


def draw_function(
    ax: Axes, f: RealFunction, x: NDArray[np.float64], label: str = r"$f(x)$"
) -> NDArray[np.float64]:
    y = evaluate_1d(f, x)
    ax.plot(x, y, label=label, **FUNCTION_STYLE)
    return y


def draw_line(
    ax: Axes,
    x_range: tuple[float, float],
    point: tuple[float, float],
    slope: float,
    **style: Any,
) -> None:
    """Draw the straight line with ``slope`` through ``point`` across ``x_range``."""
    x = np.array(x_range)
    ax.plot(x, point[1] + slope * (x - point[0]), **style)


def keep_in_view(ax: Axes, y: ArrayLike, pad: float = 0.1) -> None:
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


def set_labels(
    ax: Axes, xlabel: str = r"$x$", ylabel: str = r"$f(x)$", title: str | None = None
) -> None:
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title)


def tex_number(value: float) -> str:
    """Format a number for mathtext: 0.25 stays 0.25, 1e-06 becomes 10^{-6}."""
    if not math.isfinite(value) or value == 0 or 1e-3 <= abs(value) < 1e4:
        return f"{value:.4g}"
    mantissa, exponent = f"{value:.1e}".split("e")
    power = f"10^{{{int(exponent)}}}"
    if mantissa in ("1.0", "-1.0"):
        return power if value > 0 else "-" + power
    return rf"{mantissa} \times {power}"


# ---------------------------------------------------------------- two variables
SurfaceFunction = Callable[[Any, Any], Any]
"""A function of two real variables f(x, y); vectorised (NumPy) or not."""


def check_flat_ax(ax: object, name: str = "ax") -> None:
    check_ax(ax, name)
    if isinstance(ax, Axes3D):
        raise TypeError(f"{name} must be a 2-D Axes or None, got a 3-D Axes")


def flat_ax(ax: Axes | None, figsize: tuple[float, float] = FIGSIZE) -> Axes:
    """Return ``ax``, or the Axes of a new figure; refuse a 3-D Axes."""
    check_flat_ax(ax)
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def including(window: tuple[float, float], value: float | None) -> tuple[float, float]:
    """Return ``window`` widened, if needed, to hold ``value``."""
    if value is None:
        return window
    return min(window[0], value), max(window[1], value)


def mesh_2d(
    x_range: tuple[float, float], y_range: tuple[float, float], n: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    return np.meshgrid(np.linspace(*x_range, n), np.linspace(*y_range, n))


def check_pair_of_axes(axes: object) -> tuple[Any, Any]:
    """Return ``axes`` as a pair, for the figures with two panels."""
    if isinstance(axes, Axes) or not isinstance(axes, Iterable):
        raise TypeError(f"axes must be a pair of Axes or None, got {axes!r}")
    if len(pair := tuple(axes)) != 2:
        raise ValueError(f"axes must be a pair of Axes, got {len(pair)} items")
    return pair


def evaluate_2d(
    f: SurfaceFunction,
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    name: str = "f",
) -> NDArray[np.float64]:
    """Return ``f(x, y)`` on arrays of one shape, point by point if need be.

    ``f`` is called once on the whole arrays; if it raises TypeError or
    ValueError, or does not return one value per point, it is called once per
    point instead. That covers functions of numbers (``math.exp``), constants
    (``lambda x, y: 3.0``) and losses that average over their own data with
    ``np.mean``, which silently average over the grid too when its shape
    happens to broadcast with the data's. From `SLOW_CALLS` points on (a
    grid of `plot_contours` has 40,000 by default) that is slow, so it warns
    with a `NotVectorisedWarning` that says why.
    """
    try:
        z = np.asarray(f(x, y), dtype=float)
        why = f"returned shape {z.shape} for a grid of shape {x.shape}"
    except (TypeError, ValueError) as error:  # written for numbers, e.g. math.exp
        z, why = None, f"raised {type(error).__name__} on arrays"
    if z is None or z.shape != x.shape:
        z = np.array(
            [f(xi, yi) for xi, yi in zip(x.ravel(), y.ravel(), strict=True)],
            dtype=float,
        )
        if z.shape != (x.size,):
            raise ValueError(
                f"{name} must return one number per point, got shape {z.shape[1:]} "
                "at each point"
            )
        if x.size >= SLOW_CALLS:
            called = getattr(f, "__name__", "<lambda>")
            shown = name if called in (name, "<lambda>") else f"{name} ({called})"
            warnings.warn(
                f"{shown} is not vectorised (it {why}), so it is called once per "
                f"point: {x.size + 1:,} calls instead of one. Written with NumPy "
                "(np.exp rather than math.exp, and no np.mean over the grid), it "
                "would take the whole grid at once.",
                NotVectorisedWarning,
                stacklevel=_stacklevel_outside_utils(),
            )
    return z.reshape(x.shape)


#: From this many points on, a function evaluated once per point gets a warning
#: (about a tenth of a second for a small NumPy loss; a 200 x 200 grid is 40,000).
SLOW_CALLS = 10_000


class NotVectorisedWarning(UserWarning):
    """A function given to a figure function was called once per grid point."""


def _stacklevel_outside_utils() -> int:
    """The ``stacklevel`` of the first caller outside the utils package."""
    here = Path(__file__).resolve().parents[1]
    frame, level = inspect.currentframe(), 0
    while frame is not None and Path(frame.f_code.co_filename).resolve().is_relative_to(
        here
    ):
        frame, level = frame.f_back, level + 1
    return level


def value_at_2d(f: SurfaceFunction, x0: float, y0: float, name: str = "f") -> float:
    return float(evaluate_2d(f, np.array([x0]), np.array([y0]), name)[0])


def gradient_2d(
    f: SurfaceFunction,
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    grad_f: Callable[[Any, Any], Any] | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return the two partials of ``f`` at the points ``(x, y)``.

    From ``grad_f`` if given (point by point if it rejects arrays), otherwise
    by central differences on the whole array at once, with the default
    central step of `utils.numerics` (``eps**(1/3) * max(1, |x|)`` per
    coordinate).
    """
    if grad_f is None:
        hx, hy = default_step(x), default_step(y)
        dx = (evaluate_2d(f, x + hx, y) - evaluate_2d(f, x - hx, y)) / (2 * hx)
        dy = (evaluate_2d(f, x, y + hy) - evaluate_2d(f, x, y - hy)) / (2 * hy)
        return dx, dy
    try:
        pair = grad_f(x, y)
        if isinstance(pair, np.ndarray) and pair.shape not in ((2,), (2, *x.shape)):
            raise ValueError("not a pair of arrays")
        dx, dy = (np.broadcast_to(np.asarray(p, dtype=float), x.shape) for p in pair)
    except (TypeError, ValueError):  # grad_f is written for numbers, or is wrong
        dx = None
    if dx is None:
        pairs = np.array(
            [grad_f(xi, yi) for xi, yi in zip(x.ravel(), y.ravel(), strict=True)],
            dtype=float,
        )
        if pairs.shape != (x.size, 2):
            raise ValueError(
                "grad_f must return a pair (df/dx, df/dy) at each point, got "
                f"shape {pairs.shape[1:]} at each of {x.size} points"
            )
        dx, dy = pairs[:, 0].reshape(x.shape), pairs[:, 1].reshape(x.shape)
    return dx.copy(), dy.copy()
