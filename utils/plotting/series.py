"""Measured series against a common x: timings, gradient norms, losses."""

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

    Each series has its own colour, line style and marker. Values that are
    not finite (a run that diverged), or not positive on a log axis, are
    left out without a warning.

    Parameters
    ----------
    series : dict of str to array_like
        Each legend label with its values, one per x.

    Examples
    --------
    >>> n = np.array([10, 100, 1000])
    >>> times = {"forward": 1e-6 * n**2, "reverse": 1e-6 * n}
    >>> ax = plot_series(n, times, logx=True, logy=True, xlabel="$n$", ylabel="s")
    >>> [text.get_text() for text in ax.get_legend().get_texts()]
    ['forward', 'reverse']
    """
    x_values = np.asarray(x, dtype=float)
    if x_values.ndim != 1:
        raise ValueError(f"x must be 1-D, got shape {x_values.shape}")
    if x_values.size == 0:
        raise ValueError("x must hold at least one number, got an empty array")
    if not np.all(np.isfinite(x_values)):
        raise ValueError(f"x must be finite, got {x!r}")
    if logx and np.any(x_values <= 0):
        raise ValueError(f"x must be positive on a logarithmic axis (logx), got {x!r}")
    ax = get_ax(ax)
    step = max(1, x_values.size // _N_MARKERS)
    drawn = []
    for i, (label, values) in enumerate(series.items()):
        y = np.asarray(values, dtype=float)
        if y.shape != x_values.shape:
            raise ValueError(
                f"series[{label!r}] must be 1-D with one value per x "
                f"({x_values.size}), got {y.size}"
            )
        k = i % len(COLOR_CYCLE)  # the styles repeat after eight series
        style = {"color": COLOR_CYCLE[k], "linestyle": LINESTYLE_CYCLE[k]}
        if markers:  # staggered, so that the markers of the series do not pile up
            style.update(marker=MARKERS[k], markevery=(i * step // len(series), step))
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
