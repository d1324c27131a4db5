"""Measured series against a common x: timings, gradient norms, losses.

A measurement is a row of numbers, one per value of x: the time of a gradient
for each n, the gradient norm at each depth, the loss at each step for each
optimiser. `plot_series` draws several of them on one Axes, each with its own
colour, line style and marker, on linear or logarithmic axes.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.ticker import FuncFormatter
from numpy.typing import ArrayLike, NDArray

from ._base import COLOR_CYCLE, LINESTYLE_CYCLE, MARKERS, get_ax, set_labels

_N_MARKERS = 12  # about this many markers per line, however many points


def plot_series(
    x: ArrayLike,
    series: Mapping[str, ArrayLike],
    *,
    ax: Axes | None = None,
    logx: bool = False,
    logy: bool = False,
    xlabel: str,
    ylabel: str,
    title: str | None = None,
    markers: bool = True,
) -> Axes:
    """Plot several measured series against the same x, with a legend.

    Each series takes the next colour of `COLOR_CYCLE`, the next line style
    of `LINESTYLE_CYCLE` and, if ``markers``, the next marker of `MARKERS`
    (about a dozen markers per line, staggered between series), so colour is
    never the only cue; the styles repeat after eight series. Points that are
    nan or infinite (a run that diverged) are not drawn, nor, on a
    logarithmic axis, points that are zero or negative; no warning is given
    for them.

    Parameters
    ----------
    x : array_like
        The common x values: 1-D, finite real numbers, at least one; positive
        if ``logx``.
    series : dict of str to array_like
        Each legend label (mathtext allowed) with its measured values, 1-D
        and as long as ``x``, in the order of the legend.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure of size `FIGSIZE` if None.
    logx, logy : bool
        Whether the x or the y axis is logarithmic: both for a power law such
        as time against n, ``logy`` alone for exponential growth or decay
        such as a gradient norm against depth.
    xlabel, ylabel : str
        The axis labels, required: every axis says what it shows.
    title : str, optional
        The title.
    markers : bool
        Whether to mark points as well as joining them with lines.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on, with one line per series, in order.

    Raises
    ------
    TypeError
        If ``x`` or a series does not hold real numbers, ``series`` is not a
        dict, a label is not a string, ``xlabel`` or ``ylabel`` is not a
        string, ``logx``, ``logy`` or ``markers`` is not a bool, or ``ax`` is
        not an Axes.
    ValueError
        If ``x`` is not 1-D, is empty, is not finite, or is not positive with
        ``logx``; if ``series`` is empty or a series is not 1-D or not as
        long as ``x``; if ``xlabel`` or ``ylabel`` is empty.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> n = np.array([10, 100, 1000])
    >>> ax = plot_series(
    ...     n,
    ...     {"forward differences": 1e-6 * n**2, "reverse mode": 1e-6 * n},
    ...     logx=True,
    ...     logy=True,
    ...     xlabel="$n$",
    ...     ylabel="time (s)",
    ... )
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['forward differences', 'reverse mode']
    >>> ax.get_xscale(), ax.get_yscale()
    ('log', 'log')
    >>> plt.close(ax.figure)
    """
    x_values = _real_vector(x, "x")
    if x_values.size == 0:
        raise ValueError("x must hold at least one number, got an empty array")
    if not np.all(np.isfinite(x_values)):
        raise ValueError(f"x must be finite, got {x!r}")
    for flag, name in ((logx, "logx"), (logy, "logy"), (markers, "markers")):
        if not isinstance(flag, bool):
            raise TypeError(f"{name} must be True or False, got {flag!r}")
    if logx and np.any(x_values <= 0):
        raise ValueError(f"x must be positive on a logarithmic axis (logx), got {x!r}")
    columns = _check_series(series, x_values.size)
    for text, name in ((xlabel, "xlabel"), (ylabel, "ylabel")):
        if not isinstance(text, str):
            raise TypeError(f"{name} must be a string, got {text!r}")
        if not text:
            raise ValueError(
                f"{name} must not be empty (every axis needs a label), got {text!r}"
            )

    ax = get_ax(ax)
    step = max(1, x_values.size // _N_MARKERS)
    drawn = []
    for i, (label, y) in enumerate(columns.items()):
        style = {
            "color": COLOR_CYCLE[i % len(COLOR_CYCLE)],
            "linestyle": LINESTYLE_CYCLE[i % len(LINESTYLE_CYCLE)],
        }
        if markers:
            # Staggered, so that the markers of different series do not pile up.
            style["marker"] = MARKERS[i % len(MARKERS)]
            style["markevery"] = (i * step // len(columns), step)
        y = np.where(np.isfinite(y), y, np.nan)
        if logy:
            y[y <= 0] = np.nan  # nan compares False: no warning
        ax.plot(x_values, y, label=label, **style)
        drawn.append(y)
    if logx:
        ax.set_xscale("log")
        _plain_labels_within_a_decade(ax.xaxis, x_values)
    if logy:
        ax.set_yscale("log")
        _plain_labels_within_a_decade(ax.yaxis, np.concatenate(drawn))
    set_labels(ax, xlabel, ylabel, title)
    ax.legend(loc="best")
    return ax


def _plain_labels_within_a_decade(axis: Axis, values: NDArray[np.float64]) -> None:
    """On a log axis spanning less than a decade, label ticks 1.74, not 1.74×10⁰."""
    values = values[np.isfinite(values)]
    if values.size and values.max() < 10 * values.min():
        plain = FuncFormatter(lambda value, _: f"{value:.3g}")
        axis.set_major_formatter(plain)
        axis.set_minor_formatter(plain)


def _real_vector(values: object, name: str) -> NDArray[np.float64]:
    """Return ``values`` as a 1-D float array; raise an error naming ``name``."""
    try:
        array = np.asarray(values)
    except ValueError as error:  # ragged nested sequences
        raise ValueError(f"{name} must be a 1-D array, got {values!r}") from error
    if array.dtype.kind not in "iuf":  # not bool, complex, strings or objects
        raise TypeError(
            f"{name} must hold real numbers, got {values!r} of dtype {array.dtype}"
        )
    if array.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {array.shape}")
    return array.astype(float)


def _check_series(series: object, n: int) -> dict[str, NDArray[np.float64]]:
    """Return ``series`` as a dict of float arrays, each of length ``n``."""
    if not isinstance(series, Mapping):
        raise TypeError(
            "series must be a dict mapping legend labels to arrays, "
            f"got {type(series).__name__}"
        )
    if not series:
        raise ValueError("series must hold at least one series, got {}")
    columns = {}
    for label, values in series.items():
        if not isinstance(label, str):
            raise TypeError(f"series labels must be strings, got {label!r}")
        y = _real_vector(values, f"series[{label!r}]")
        if y.size != n:
            raise ValueError(
                f"series[{label!r}] must have one value per x ({n}), got {y.size}"
            )
        columns[label] = y
    return columns
