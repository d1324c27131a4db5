"""Shared pieces of the figures: constants, the course style, checks and helpers."""

from __future__ import annotations

import inspect
import math
import sys
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler
from matplotlib.axes import Axes
from mpl_toolkits.mplot3d import Axes3D
from numpy.typing import ArrayLike, NDArray

from utils._checks import check_callable, check_x_range
from utils.numerics import default_step

RealFunction = Callable[[Any], Any]  # f(x), vectorised (NumPy) or not
SurfaceFunction = Callable[[Any, Any], Any]  # f(x, y), vectorised or not

FIGSIZE = (6.4, 4.0)
FIGSIZE_WIDE = (9.6, 4.0)
FIGSIZE_TALL = (6.4, 6.0)

OKABE_ITO = tuple(
    "#000000 #E69F00 #56B4E9 #009E73 #F0E442 #0072B2 #D55E00 #CC79A7".split()
)
BLACK, ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE, VERMILLION, REDDISH_PURPLE = (
    OKABE_ITO
)
# Successive lines take these colours and styles; yellow, faint on white, last.
COLOR_CYCLE = (
    BLUE, VERMILLION, BLUISH_GREEN, ORANGE, REDDISH_PURPLE, SKY_BLUE, BLACK, YELLOW
)  # fmt: skip
LINESTYLE_CYCLE = (
    "-", "--", "-.", ":",
    (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 3)), (0, (8, 2, 2, 2)),
)  # fmt: skip
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")

N_POINTS = 400
MARGIN = 2.0  # default half-width of the x window around the points of interest
# Sizes beyond these take minutes or all the memory: refused with a ValueError.
MAX_POINTS = 100_000  # points of a curve
MAX_GRID = 1_000  # points along each axis of a 2-D grid
MAX_LEVELS = 100  # level curves of a contour map
MAX_ARROWS = 100  # arrows along each axis of a gradient field
MAX_STEPS = 10_000  # steps of a descent: about a second

# What each element of a figure looks like, the same in every figure.
FUNCTION_STYLE = {"color": BLACK, "linestyle": "-", "linewidth": 2.2}
TANGENT_STYLE = {"color": BLUE, "linestyle": "--", "linewidth": 1.8}
SECANT_STYLE = {"color": VERMILLION, "linestyle": "-.", "linewidth": 1.8}
POINT_STYLE = dict(linestyle="none", markersize=10, markeredgecolor=BLACK, zorder=4)
SMALL_POINT_STYLE = {**POINT_STYLE, "markersize": 6, "zorder": 5}
RING_STYLE = dict(marker="o", color=BLACK, markerfacecolor="white", markeredgewidth=2.0)
LINES_ONLY = dict(filled=False, colorbar=False)  # plot_contours under arrows or paths
DATA_ARROWS = dict(angles="xy", scale_units="xy", scale=1.0)  # quiver in data units

COURSE_STYLE = {
    "axes.prop_cycle": cycler(color=COLOR_CYCLE) + cycler(linestyle=LINESTYLE_CYCLE),
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


def use_course_style() -> None:
    """Set the course look for all later figures; call it once in a setup cell.

    Examples
    --------
    >>> with mpl.rc_context():
    ...     use_course_style()
    ...     mpl.rcParams["axes.prop_cycle"].by_key()["linestyle"][:2]
    ['-', '--']
    """
    # Plain rcParams rather than seaborn's set_theme, which takes seconds to import.
    mpl.rcParams.update(COURSE_STYLE)
    ipython = sys.modules.get("IPython")
    if ipython is not None and ipython.get_ipython() is not None:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        # Constrained layout already fits the canvas: no second "tight" drawing pass.
        set_matplotlib_formats(
            "png", bbox_inches=None, pil_kwargs={"compress_level": 1}
        )


# ---------------------------------------------------------------- checks
def check_optional(g: object, name: str) -> None:
    """Check that ``g``, a function such as ``df`` that may be left out, is callable."""
    if g is not None:
        check_callable(g, name)


def check_ax(ax: object, name: str = "ax") -> None:
    if ax is not None and not isinstance(ax, Axes):
        raise TypeError(
            f"{name} must be a matplotlib Axes or None, got {type(ax).__name__}"
        )


def check_flat_ax(ax: object, name: str = "ax") -> None:
    check_ax(ax, name)
    if isinstance(ax, Axes3D):
        raise TypeError(f"{name} must be a 2-D Axes or None, got a 3-D Axes")


def check_pair_of_axes(
    axes: object, check: Callable[[object, str], None] = check_ax
) -> tuple[Any, Any]:
    """Return ``axes`` as a pair, for the figures with two panels, each one checked."""
    if isinstance(axes, Axes) or not isinstance(axes, Iterable):
        raise TypeError(f"axes must be a pair of Axes or None, got {axes!r}")
    if len(pair := tuple(axes)) != 2:
        raise ValueError(f"axes must be a pair of Axes, got {len(pair)} items")
    for k, ax in enumerate(pair):
        check(ax, f"axes[{k}]")
    return pair


# ---------------------------------------------------------------- helpers
def get_ax(ax: Axes | None, figsize: tuple[float, float] = FIGSIZE) -> Axes:
    """Return ``ax``, or the Axes of a new figure of the given size."""
    check_ax(ax)
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def flat_ax(ax: Axes | None, figsize: tuple[float, float] = FIGSIZE) -> Axes:
    """Return ``ax``, or the Axes of a new figure; refuse a 3-D Axes."""
    check_flat_ax(ax)
    return get_ax(ax, figsize)


def window_around(
    x_range: object, *points: float, margin: float = MARGIN
) -> tuple[float, float]:
    """Return ``x_range`` widened to hold ``points``, or a window around them."""
    if x_range is None:
        return min(points) - margin, max(points) + margin
    low, high = check_x_range(x_range)
    return min(low, *points), max(high, *points)


def including(window: tuple[float, float], value: float | None) -> tuple[float, float]:
    """Return ``window`` widened, if need be, to hold ``value``."""
    if value is None:
        return window
    return min(window[0], value), max(window[1], value)


def grid_1d(x_range: tuple[float, float], n_points: int = N_POINTS) -> NDArray[Any]:
    return np.linspace(x_range[0], x_range[1], n_points)


def mesh_2d(
    x_range: tuple[float, float], y_range: tuple[float, float], n: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    return np.meshgrid(np.linspace(*x_range, n), np.linspace(*y_range, n))


def evaluate_1d(f: RealFunction, x: NDArray[Any], name: str = "f") -> NDArray[Any]:
    """Return ``f`` at every point of ``x``, point by point if need be."""
    return evaluate_2d(lambda t, _: f(t), x, x, name)


def value_at(f: RealFunction, x0: float, name: str = "f") -> float:
    return float(evaluate_1d(f, np.array([x0]), name)[0])


def value_at_2d(f: SurfaceFunction, x0: float, y0: float, name: str = "f") -> float:
    return float(evaluate_2d(f, np.array([x0]), np.array([y0]), name)[0])


def draw_function(
    ax: Axes, f: RealFunction, x: NDArray[Any], label: str = r"$f(x)$"
) -> NDArray[Any]:
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


def mark_x0(ax: Axes, x0: float, f0: float, label: str = r"$(x_0, f(x_0))$") -> None:
    """Mark the point ``(x0, f0)`` with a large black dot."""
    ax.plot(x0, f0, marker="o", color=BLACK, label=label, **POINT_STYLE)


def keep_in_view(ax: Axes, y: ArrayLike, pad: float = 0.1) -> None:
    """Fit the y limits to the finite values of ``y``, with room ``pad`` (a share)."""
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


def tex_point(point: tuple[float, float]) -> str:
    """Format a point for a label: ``(1.0, 0.5)`` becomes ``$(1, 0.5)$``."""
    return rf"$({tex_number(point[0])}, {tex_number(point[1])})$"


def tex_number(value: float) -> str:
    """Format a number for mathtext: 0.25 stays 0.25, 1e-06 becomes 10^{-6}."""
    if not math.isfinite(value) or value == 0 or 1e-3 <= abs(value) < 1e4:
        return f"{value:.4g}"
    mantissa, exponent = f"{value:.1e}".split("e")
    power = f"10^{{{int(exponent)}}}"
    if mantissa in ("1.0", "-1.0"):
        return power if value > 0 else "-" + power
    return rf"{mantissa} \times {power}"


#: A function that takes one point at a time is drawn on a grid of at most
#: this many points along each axis: 10,000 calls, about 0.15 s for a small
#: NumPy loss (the default contour grid, 200 x 200, would be 40,000 calls).
POINTWISE_GRID = 100


class NotVectorisedWarning(UserWarning):
    """A function that takes one point at a time was drawn on a coarser grid."""


def _on_arrays(
    f: SurfaceFunction, x: NDArray[np.float64], y: NDArray[np.float64]
) -> tuple[NDArray[np.float64] | None, str]:
    """Return ``f(x, y)`` if ``f`` takes whole arrays, else None and why not.

    A function that raises on arrays (``math.exp``) or does not return one
    value per point (a constant, or a loss that averages its own data with
    ``np.mean``) does not.
    """
    try:
        z = np.asarray(f(x, y), dtype=float)
    except (TypeError, ValueError) as error:  # written for numbers, e.g. math.exp
        return None, f"raised {type(error).__name__} on arrays"
    if z.shape != x.shape:
        return None, f"returned shape {z.shape} for a grid of shape {x.shape}"
    return z, ""


def _point_by_point(
    f: SurfaceFunction, x: NDArray[np.float64], y: NDArray[np.float64], name: str
) -> NDArray[np.float64]:
    """Return ``f`` at each point ``(x, y)``, calling it once per point."""
    z = np.array(
        [f(xi, yi) for xi, yi in zip(x.ravel(), y.ravel(), strict=True)], dtype=float
    )
    if z.shape != (x.size,):
        raise ValueError(
            f"{name} must return one number per point, got shape {z.shape[1:]} "
            "at each point"
        )
    return z.reshape(x.shape)


def evaluate_2d(
    f: SurfaceFunction, x: NDArray[Any], y: NDArray[Any], name: str = "f"
) -> NDArray[np.float64]:
    """Return ``f(x, y)`` on arrays of one shape, point by point if need be."""
    z, _ = _on_arrays(f, x, y)
    return _point_by_point(f, x, y, name) if z is None else z


def evaluate_on_grid(
    f: SurfaceFunction,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    n: int,
    name: str = "f",
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Return an n x n grid over the ranges, ``(x, y, f(x, y))``.

    A function that does not take whole arrays is called once per point, on
    at most `POINTWISE_GRID` points along each axis: a finer grid is
    coarsened, with a `NotVectorisedWarning` that says how to avoid it.
    """
    x, y = mesh_2d(x_range, y_range, n)
    z, why = _on_arrays(f, x, y)
    if z is not None:
        return x, y, z
    if n > POINTWISE_GRID:
        called = getattr(f, "__name__", "<lambda>")
        shown = name if called in (name, "<lambda>") else f"{name} ({called})"
        warnings.warn(
            f"{shown} takes one point at a time (it {why}), so it is drawn on "
            f"{POINTWISE_GRID} x {POINTWISE_GRID} points, not {n} x {n}; with "
            "NumPy operations on whole arrays (np.exp, not math.exp) it takes "
            "the whole grid at once.",
            NotVectorisedWarning,
            stacklevel=_stacklevel_outside_utils(),
        )
        x, y = mesh_2d(x_range, y_range, POINTWISE_GRID)
    return x, y, _point_by_point(f, x, y, name)


def _stacklevel_outside_utils() -> int:
    """The ``stacklevel`` of the first caller outside the utils package."""
    here = Path(__file__).resolve().parents[1]
    frame, level = inspect.currentframe(), 0
    while frame and Path(frame.f_code.co_filename).resolve().is_relative_to(here):
        frame, level = frame.f_back, level + 1
    return level


def gradient_2d(
    f: SurfaceFunction,
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    grad_f: Callable[[Any, Any], Any] | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return the two partials of ``f`` at the points ``(x, y)``.

    From ``grad_f`` if given (point by point if it rejects arrays), otherwise
    by central differences with the default step of `utils.numerics`.
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
        points = zip(x.ravel(), y.ravel(), strict=True)
        pairs = np.array([grad_f(xi, yi) for xi, yi in points], dtype=float)
        if pairs.shape != (x.size, 2):
            raise ValueError(
                "grad_f must return a pair (df/dx, df/dy) at each point, got "
                f"shape {pairs.shape[1:]} at each of {x.size} points"
            ) from None
        dx, dy = pairs[:, 0].reshape(x.shape), pairs[:, 1].reshape(x.shape)
    return dx.copy(), dy.copy()
