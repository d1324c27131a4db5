"""Figures of optimisation: descent paths in one and two variables, decision boundaries.

A path is the ``.path`` of an optimiser of `utils.optim`: a 1-D array of
iterates, or a (k, 2) array of points. By default the view holds the iterates
within `_REACH` times the start's distance from the minimum (or the first
step, if longer); a path that leaves the view is drawn up to its edge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator
from numpy.typing import ArrayLike, NDArray

from utils._checks import (
    check_callable,
    check_count,
    check_point,
    check_real,
    check_step,
    check_x_range,
)
from utils.optim import gradient_descent

from ._base import (
    BLACK,
    BLUE,
    BLUISH_GREEN,
    COLOR_CYCLE,
    DATA_ARROWS,
    FIGSIZE_TALL,
    FIGSIZE_WIDE,
    LINES_ONLY,
    LINESTYLE_CYCLE,
    MARKERS,
    MAX_GRID,
    MAX_STEPS,
    POINT_STYLE,
    RING_STYLE,
    TANGENT_STYLE,
    VERMILLION,
    YELLOW,
    RealFunction,
    SurfaceFunction,
    check_flat_ax,
    check_optional,
    check_pair_of_axes,
    draw_function,
    draw_line,
    evaluate_1d,
    evaluate_2d,
    flat_ax,
    get_ax,
    grid_1d,
    including,
    keep_in_view,
    mesh_2d,
    set_labels,
    tex_number,
    tex_point,
    value_at,
    window_around,
)
from .series import plot_series
from .surfaces import plot_contours

_REACH = 5.0  # the view holds iterates within this many reference distances
_NUMBER_GAP = 0.07  # least distance, as a share of the view, between step numbers
_MARK_EVERY = 0.04  # marks on a 2-D path: this share of the Axes diagonal apart
_STILL = 1e-12  # a step this small, relative to max(1, |x|), counts as no move

# What each element of a descent figure looks like, the same in every figure.
_ITERATES = dict(color=BLUE, marker="o", markersize=5, linestyle="none", zorder=4)
_STEP_ARROWS = dict(width=0.004, zorder=3, **DATA_ARROWS)
_START = dict(POINT_STYLE, marker="s", color=BLUISH_GREEN, zorder=5)
_END = dict(POINT_STYLE, marker="D", color=VERMILLION, markersize=9, zorder=5)
_EXIT = dict(color=BLUE, linestyle=":", linewidth=1.8)
_START_2D = dict(POINT_STYLE, zorder=6, **RING_STYLE)
_MINIMUM = dict(POINT_STYLE, marker="*", color=YELLOW, markersize=17, zorder=6)
_CLASS_STYLE = {0: dict(marker="o", color=BLUE), 1: dict(marker="^", color=VERMILLION)}
_ERROR_RING = dict(
    linestyle="none", marker="o", color=BLACK, fillstyle="none", markersize=14
)
# The light middle of red-blue, so that the points stand out on it: blue where
# class 0 is likely, like the class-0 points, red where class 1 is.
_PROBABILITY_MAP = ListedColormap(plt.get_cmap("RdBu_r")(np.linspace(0.3, 0.7, 256)))
_FIGSIZE_PATHS = (FIGSIZE_WIDE[0], FIGSIZE_TALL[1])  # a map with a legend beside it
_MAP_WIDTH = 0.6 * FIGSIZE_WIDE[0]  # inches of that width the map itself gets
_LEAST_SIDE = 0.75  # the shorter side of a default map, as a share of the longer


# ---------------------------------------------------------------- checks and helpers
def _check_path(path: object, name: str, points: bool) -> NDArray[np.float64]:
    """Return ``path`` as floats: (k, 2) points if ``points``, else 1-D iterates."""
    values = np.asarray(path, dtype=float)
    if values.ndim != 1 + points or (points and values.shape[1] != 2):
        shape = "a (k, 2) array of points" if points else "a 1-D array of iterates"
        raise ValueError(f"{name} must be {shape}, got shape {values.shape}")
    if len(values) == 0:
        raise ValueError(
            f"{name} must hold at least one point, got shape {values.shape}"
        )
    if not np.all(np.isfinite(values[0])):
        raise ValueError(f"{name} must start at a finite point, got {values[0]}")
    return values


def _leading(mask: NDArray[np.bool_]) -> int:
    """Return how many entries of ``mask`` are True before the first False."""
    return int(mask.size if mask.all() else np.argmin(mask))


def _finite_part(path: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return the iterates of ``path`` before the first one that is not finite."""
    finite = np.isfinite(path) if path.ndim == 1 else np.all(np.isfinite(path), axis=1)
    return path[: _leading(finite)]


def _lowest(points: NDArray[np.float64], values: NDArray[np.float64]) -> ArrayLike:
    """Return the point with the lowest finite value, the first one if none is."""
    return points[np.argmin(np.where(np.isfinite(values), values, np.inf))]


def _near_count(points: NDArray[np.float64], centre: ArrayLike) -> int:
    """Return how many leading points (rows) stay within `_REACH` reference distances."""
    with np.errstate(all="ignore"):  # distances of huge iterates may overflow
        distances = np.linalg.norm(points - centre, axis=1)
        reference = distances[0]
        if len(points) > 1:
            reference = max(reference, float(np.linalg.norm(points[1] - points[0])))
        return _leading(distances <= _REACH * reference)


def _box(points: NDArray[np.float64]) -> tuple[tuple[float, float], ...]:
    """Return the bounding box of (n, 2) ``points``, 10 % wider on every side."""
    low, high = points.min(axis=0), points.max(axis=0)
    span = high - low
    room = np.where(span > 0, 0.1 * span, 0.1 * span.max() or 1.0)
    return tuple(
        (float(a), float(b)) for a, b in zip(low - room, high + room, strict=True)
    )


def _squarer(*box: tuple[float, float]) -> tuple[tuple[float, float], ...]:
    """Widen the shorter side of ``box`` to `_LEAST_SIDE` of the longer: no thin strip."""
    least = _LEAST_SIDE * max(high - low for low, high in box)
    rooms = [max(0.0, least - (high - low)) / 2 for low, high in box]
    return tuple((low - r, high + r) for (low, high), r in zip(box, rooms, strict=True))


def _exit_point(
    inside: ArrayLike, outside: ArrayLike, box: Sequence[tuple[float, float]]
) -> NDArray[np.float64]:
    """Return where the segment from ``inside`` to ``outside`` leaves ``box``."""
    start, end = np.asarray(inside, dtype=float), np.asarray(outside, dtype=float)
    with np.errstate(all="ignore"):  # a huge end point may overflow the step
        step = end - start
        share = 1.0
        for p, d, (low, high) in zip(start, step, box, strict=True):
            if d != 0:
                share = min(share, ((high if d > 0 else low) - p) / d)
        return start + share * step


def _steps(n: int) -> str:
    return "1 step" if n == 1 else f"{n} steps"


def _number_points(ax: Axes, x: NDArray[np.float64], y: NDArray[np.float64]) -> None:
    """Write k beside the point k, except where a number is already close by."""
    (x_low, x_high), (y_low, y_high) = ax.get_xlim(), ax.get_ylim()
    spots = np.column_stack(
        ((x - x_low) / (x_high - x_low), (y - y_low) / (y_high - y_low))
    )
    numbered: list[NDArray[np.float64]] = []
    text = dict(xytext=(7, 7), textcoords="offset points", fontsize=9, zorder=6)
    for k, spot in enumerate(spots):
        if all(np.hypot(*(spot - other)) >= _NUMBER_GAP for other in numbered):
            ax.annotate(str(k), (x[k], y[k]), color=BLUE, **text)
            numbered.append(spot)


# ---------------------------------------------------------------- one variable
def plot_descent_1d(
    f: RealFunction,
    path: ArrayLike,
    *,
    ax: Axes | None = None,
    x_range: tuple[float, float] | None = None,
    df: RealFunction | None = None,
    title: str | None = None,
) -> Axes:
    """Plot the iterates of gradient descent, numbered, on the graph of f.

    Parameters
    ----------
    path : array_like
        The 1-D iterates, such as ``gradient_descent(...).path``.
    x_range : (low, high), optional
        By default the span of the iterates that stay near, plus a margin.
    df : callable, optional
        The derivative; if given, the tangent at the start is drawn.

    Examples
    --------
    >>> ax = plot_descent_1d(lambda x: x**2, [2.0, 1.2, 0.72, 0.432])
    >>> ax.get_title()
    'Gradient descent: 3 steps from $x_0 = 2$'
    """
    check_callable(f)
    check_optional(df, "df")
    path = _check_path(path, "path", points=False)
    finite = _finite_part(path)
    with np.errstate(all="ignore"):  # f may overflow at diverged iterates
        values = evaluate_1d(f, finite)
    if x_range is None:
        near = finite[: _near_count(finite[:, None], [_lowest(finite, values)])]
        margin = max(1.0, 0.1 * float(np.ptp(near)))
        window = window_around(None, near.min(), near.max(), margin=margin)
    else:
        window = window_around(x_range, float(path[0]))
    ax = get_ax(ax)
    drawn = _leading((finite >= window[0]) & (finite <= window[1]))
    x, y = finite[:drawn], values[:drawn]
    with np.errstate(all="ignore"):
        curve = draw_function(ax, f, grid_1d(window))
    if drawn > 1:
        ax.quiver(x[:-1], y[:-1], np.diff(x), np.diff(y), color=BLUE, **_STEP_ARROWS)
    ax.plot(x, y, label=r"iterates $x_k$", **_ITERATES)
    ax.plot(x[0], y[0], label=rf"start $x_0 = {tex_number(x[0])}$", **_START)
    n = len(path) - 1
    if n > 0:
        last = "end" if drawn == len(path) else "last in view"
        label = rf"{last} $x_{{{drawn - 1}}} = {tex_number(x[-1])}$"
        ax.plot(x[-1], y[-1], label=label, **_END)
    if df is not None:
        slope = value_at(df, x[0], "df")
        label = rf"tangent at $x_0$, slope ${tex_number(slope)}$"
        draw_line(ax, window, (x[0], y[0]), slope, label=label, **TANGENT_STYLE)
    ax.set_xlim(*window)
    keep_in_view(ax, np.concatenate([curve, y]))
    if drawn < len(path):  # a dotted line heads for the next iterate, if finite
        track: tuple[list[float], list[float]] = ([], [])
        if drawn < len(finite) and np.isfinite(values[drawn]):
            box = (ax.get_xlim(), ax.get_ylim())
            end = _exit_point((x[-1], y[-1]), (finite[drawn], values[drawn]), box)
            track = ([x[-1], end[0]], [y[-1], end[1]])
        ax.plot(*track, label=rf"$x_{{{drawn}}}$ on: out of view", **_EXIT)
    _number_points(ax, x, y)
    if title is None:
        title = rf"Gradient descent: {_steps(n)} from $x_0 = {tex_number(x[0])}$"
    set_labels(ax, title=title)
    ax.legend()
    return ax


# ---------------------------------------------------------------- two variables
def plot_descent_path(
    f: SurfaceFunction,
    paths: ArrayLike | Mapping[str, ArrayLike],
    *,
    ax: Axes | None = None,
    x_range: tuple[float, float] | None = None,
    y_range: tuple[float, float] | None = None,
    levels: int | Sequence[float] = 20,
    minimum: tuple[float, float] | None = None,
) -> Axes:
    """Plot one or several descent paths over the level curves of f(x, y).

    Parameters
    ----------
    paths : array_like or dict of str to array_like
        One (k, 2) array of points, or a dict from labels to such paths.
    x_range, y_range : (low, high), optional
        By default the box of the iterates that stay near, widened by 10 %.
    levels : int or sequence of float
        As in `plot_contours`; log-spaced values suit steep valleys.
    minimum : (x*, y*), optional
        Marked with a star; the default view is judged from it.

    Examples
    --------
    >>> path = [[2.0, 1.0], [1.0, 0.5], [0.5, 0.25]]
    >>> ax = plot_descent_path(lambda x, y: x**2 + y**2, {"plain": path}, minimum=(0, 0))
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['plain (2 steps)', 'start', 'minimum $(0, 0)$']
    """
    check_callable(f)
    if not isinstance(paths, Mapping):
        paths = {"path": _check_path(paths, "paths", points=True)}
    named = {
        str(k): _check_path(p, f"paths[{k!r}]", points=True) for k, p in paths.items()
    }
    centre = None if minimum is None else np.array(check_point(minimum, "minimum"))
    if x_range is not None:
        x_range = check_x_range(x_range, "x_range")
    if y_range is not None:
        y_range = check_x_range(y_range, "y_range")
    check_flat_ax(ax)
    if x_range is None or y_range is None:
        default_x, default_y = _default_view(f, named.values(), centre)
        x_range = default_x if x_range is None else x_range
        y_range = default_y if y_range is None else y_range
    starts = np.unique([path[0] for path in named.values()], axis=0)
    for x0, y0 in starts:
        x_range, y_range = including(x_range, x0), including(y_range, y0)
    if ax is None:  # "compressed" fits a map of fixed aspect and its legend
        # A wide, flat window gets a lower figure, not blank bands above and below.
        aspect = (y_range[1] - y_range[0]) / (x_range[1] - x_range[0])
        height = min(_FIGSIZE_PATHS[1], max(3.0, _MAP_WIDTH * aspect + 1.2))
        _, ax = plt.subplots(figsize=(_FIGSIZE_PATHS[0], height), layout="compressed")
    title = f"Descent path{'s' if len(named) > 1 else ''} on the level curves of $f$"
    plot_contours(f, x_range, y_range, ax=ax, levels=levels, title=title, **LINES_ONLY)
    box = np.array((x_range, y_range))
    for i, (label, path) in enumerate(named.items()):
        _draw_path(ax, path, label, i, box)
    ax.plot(*starts.T, label="start", **_START_2D)
    if centre is not None:
        ax.plot(*centre, label=f"minimum {tex_point(centre)}", **_MINIMUM)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return ax


def _default_view(
    f: SurfaceFunction, paths: Iterable[NDArray[np.float64]], centre: ArrayLike | None
) -> tuple[tuple[float, float], ...]:
    """Return the box of the iterates near ``centre``, or near where f is lowest."""
    near = [] if centre is None else [np.reshape(centre, (1, 2))]
    for path in map(_finite_part, paths):
        reference = centre
        if centre is None:
            with np.errstate(all="ignore"):  # f may overflow at diverged iterates
                reference = _lowest(path, evaluate_2d(f, path[:, 0], path[:, 1]))
        near.append(path[: _near_count(path, reference)])
    return _squarer(*_box(np.concatenate(near)))


def _draw_path(
    ax: Axes, path: NDArray[np.float64], label: str, i: int, box: NDArray[np.float64]
) -> None:
    """Draw path number ``i`` in its style up to where it leaves ``box``."""
    k = i % len(COLOR_CYCLE)
    style = dict(color=COLOR_CYCLE[k], linestyle=LINESTYLE_CYCLE[k], marker=MARKERS[k])
    finite = _finite_part(path)
    drawn = _leading(np.all((finite >= box[:, 0]) & (finite <= box[:, 1]), axis=1))
    shown = finite[:drawn]
    text = f"{label} ({_steps(len(path) - 1)})"
    if drawn < len(path):
        text += f"\nout of view from step {drawn}"
        if drawn < len(finite):  # a dotted line to the edge, towards the next point
            end = _exit_point(shown[-1], finite[drawn], box)
            exit_style = {**style, "marker": "", "linestyle": ":"}
            ax.plot(*np.array([shown[-1], end]).T, linewidth=1.6, **exit_style)
    line = dict(markevery=(0.01 * i, _MARK_EVERY), markersize=5, linewidth=1.6)
    ax.plot(*shown.T, label=text, zorder=4, **line, **style)
    end_style = {**style, "linestyle": "none", "markeredgecolor": BLACK}
    ax.plot(*shown[-1], markersize=9, zorder=5, **end_style)


# ---------------------------------------------------------------- classification
def plot_decision_boundary(
    predict: Callable[[NDArray[np.float64]], ArrayLike],
    X: ArrayLike,
    y: ArrayLike,
    *,
    ax: Axes | None = None,
    x_range: tuple[float, float] | None = None,
    y_range: tuple[float, float] | None = None,
    n_points: int = 200,
    title: str | None = None,
    mark_errors: bool = False,
) -> Axes:
    """Plot a binary classifier's P(class 1) in bands, the line P = 0.5 and the data.

    Parameters
    ----------
    predict : callable
        Maps an (m, 2) array of points to their m probabilities of class 1.
    X, y : array_like
        The data, an (n, 2) array, and its n labels, each 0 or 1.
    x_range, y_range : (low, high), optional
        By default the box of ``X`` widened by 10 %.
    mark_errors : bool
        Ring each point on the wrong side of the boundary; the legend counts them.

    Examples
    --------
    >>> def predict(points):  # logistic model with boundary x_1 + x_2 = 0
    ...     return 1 / (1 + np.exp(-(points[:, 0] + points[:, 1])))
    >>> X = np.array([[-1.0, -1.0], [-0.5, -1.5], [1.0, 0.5], [1.5, 1.0]])
    >>> ax = plot_decision_boundary(predict, X, [0, 0, 1, 1])
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['class 0', 'class 1', 'decision boundary']
    """
    check_callable(predict, "predict")
    points, labels = _check_data(X, y)
    n = check_count(n_points, "n_points", most=MAX_GRID)
    default_x, default_y = _box(points)
    x_range = default_x if x_range is None else check_x_range(x_range, "x_range")
    y_range = default_y if y_range is None else check_x_range(y_range, "y_range")
    check_flat_ax(ax)
    gx, gy = mesh_2d(x_range, y_range, n)
    grid = np.column_stack((gx.ravel(), gy.ravel()))
    p = _probabilities(predict, grid).reshape(gx.shape)
    ax = flat_ax(ax)
    bands = ax.contourf(gx, gy, p, levels=np.linspace(0, 1, 11), cmap=_PROBABILITY_MAP)
    ax.figure.colorbar(bands, ax=ax, label="P(class 1)", ticks=np.linspace(0, 1, 5))
    for cls, style in _CLASS_STYLE.items():
        style = {**POINT_STYLE, "markersize": 7, **style}
        ax.plot(*points[labels == cls].T, label=f"class {cls}", **style)
    if mark_errors:
        wrong = (_probabilities(predict, points) > 0.5) != labels
        label = f"misclassified ({wrong.sum()})"
        ax.plot(*points[wrong].T, label=label, **_ERROR_RING)
    handles, _ = ax.get_legend_handles_labels()
    if p.min() < 0.5 < p.max():
        ax.contour(
            gx, gy, p, levels=[0.5], colors=BLACK, linewidths=2.4, linestyles="-"
        )
        handles.append(Line2D([], [], color=BLACK, lw=2.4, label="decision boundary"))
    ax.set(xlim=x_range, ylim=y_range)
    ax.grid(False)  # the bands are the background
    if title is None:
        title = r"Decision boundary $P(\mathrm{class\ 1}) = 0.5$"
    set_labels(ax, r"$x_1$", r"$x_2$", title)
    ax.legend(handles=handles, loc="best")
    return ax


def _check_data(X: object, y: object) -> tuple[NDArray[np.float64], NDArray[np.int_]]:
    """Return the points ``X`` (n, 2) and the labels ``y`` (n,) of 0 and 1."""
    points, labels = np.asarray(X, dtype=float), np.asarray(y)
    if points.ndim != 2 or points.shape[1] != 2 or len(points) == 0:
        raise ValueError(
            f"X must be an (n, 2) array of points, got shape {points.shape}"
        )
    if not np.all(np.isfinite(points)):
        raise ValueError("X must hold finite numbers, got NaN or infinity")
    if labels.shape != (len(points),):
        raise ValueError(
            f"y must hold one label per row of X, shape ({len(points)},), "
            f"got shape {labels.shape}"
        )
    if labels.dtype.kind not in "biuf" or not np.all(np.isin(labels, (0, 1))):
        raise ValueError(
            f"y must hold only the labels 0 and 1, got {np.unique(labels)}"
        )
    return points, labels.astype(int)


def _probabilities(predict: object, points: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return ``predict(points)`` as m probabilities, after checking them."""
    p, m = np.asarray(predict(points), dtype=float), len(points)
    if p.shape not in ((m,), (m, 1)):
        raise ValueError(
            f"predict must return one probability per point, shape ({m},) for "
            f"an ({m}, 2) array of points (it must be vectorised), got shape {p.shape}"
        )
    p = p.reshape(m)
    outside = ~((p >= 0) & (p <= 1))  # NaN is outside too
    if outside.any():
        raise ValueError(
            f"predict must return probabilities between 0 and 1, got {float(p[outside][0])!r}"
        )
    return p


# ---------------------------------------------------------------- learning rate
def _describe_run(path: NDArray[np.float64], diverged: bool) -> str:
    """Say in a few words how a run of gradient descent in one variable went.

    Steps that change sign flip the path from side to side (it oscillates);
    growing steps diverge; a last step too small to see has converged.
    """
    if diverged:
        return "diverged, |x| blew up"
    steps = np.diff(path)
    if steps.size < 2:
        return f"{_steps(steps.size)}, too few to judge"
    still = _STILL * max(1.0, abs(path[-1]))
    if abs(steps[-1]) <= still:
        moves = steps[np.abs(steps) > still]
        flipped = bool(np.any(moves[:-1] * moves[1:] < 0))
        return "oscillated and converged" if flipped else "converged"
    before, last = abs(steps[-2]), abs(steps[-1])
    alternating = steps[-2] * steps[-1] < 0
    if np.isclose(last, before, rtol=1e-9, atol=0.0):
        return "oscillating, not converging" if alternating else "steps of one size"
    if last > before:
        return "diverging, the steps grow"
    return "oscillating and converging" if alternating else "converging"


def plot_learning_rate_view(
    f: RealFunction,
    df: RealFunction,
    *,
    lr: float,
    x0: float,
    n_steps: int,
    axes: Sequence[Axes] | None = None,
) -> tuple[Axes, Axes]:
    """Run gradient descent on f and plot its path beside its loss curve.

    The path's title says how the run went (converging, oscillating,
    diverging); ``n_steps`` is at most 10,000.

    Examples
    --------
    >>> ax_path, ax_loss = plot_learning_rate_view(
    ...     lambda x: x**2, lambda x: 2 * x, lr=0.9, x0=2.0, n_steps=10
    ... )
    >>> ax_path.get_title()
    '$\\\\mathrm{lr} = 0.9$: oscillating and converging'
    """
    check_callable(f)
    check_callable(df, "df")
    lr = check_step(lr, "lr", positive=True)
    x0 = check_real(x0, "x0")
    n_steps = check_count(n_steps, "n_steps", least=1, most=MAX_STEPS)
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=FIGSIZE_WIDE, layout="constrained")
    ax_path, ax_loss = check_pair_of_axes(axes, check_flat_ax)
    result = gradient_descent(df, x0, lr=lr, n_steps=n_steps)
    run = _describe_run(result.path, result.diverged)
    title = rf"$\mathrm{{lr}} = {tex_number(lr)}$: {run}"
    plot_descent_1d(f, result.path, ax=ax_path, title=title)
    # below the panel: a diverging path reaches every corner of it
    ax_path.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=2)
    with np.errstate(all="ignore"):  # f may overflow at diverged iterates
        losses = _finite_part(evaluate_1d(f, result.path))
    steps, logy = np.arange(len(losses)), bool(np.all(losses > 0))
    labels = dict(xlabel=r"step $k$", ylabel=r"$f(x_k)$")
    title = r"Loss $f(x_k)$ at each step"
    plot_series(
        steps, {r"$f(x_k)$": losses}, ax=ax_loss, logy=logy, title=title, **labels
    )
    ax_loss.xaxis.set_major_locator(MaxNLocator(integer=True))  # steps are whole
    return ax_path, ax_loss
