"""Interactive explorers for the lessons, built on ``ipywidgets.interactive_output``.

Each explorer redraws a figure from `utils.plotting` whenever a slider is
released. So every widget has a static companion, the plotting function it
wraps; a lesson shows that figure first, so that the page still teaches where
widgets do not run (on GitHub, on a website, in CI):

================== =====================================
explorer           static companion
================== =====================================
`secant_explorer`  `utils.plotting.plot_secant`
`taylor_explorer`  `utils.plotting.plot_taylor`
================== =====================================
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display
from matplotlib.figure import Figure

from utils.plotting._base import (
    RealFunction,
    _check_callable,
    _check_derivatives,
    _check_real,
    _check_step,
    _check_x_range,
)
from utils.plotting.curves import plot_secant, plot_taylor

__all__ = ["secant_explorer", "taylor_explorer"]

_SMALLEST_H = 1e-3


def _show(fig: Figure) -> None:
    """Display ``fig`` in the current output and close it, so figures do not pile up."""
    display(fig)
    plt.close(fig)


def _x0_slider(x0: object, x_range: object) -> widgets.FloatSlider:
    """Return a slider for x0 over ``x_range``, after checking both."""
    low, high = _check_x_range(x_range)
    x0 = _check_real(x0, "x0")
    if not low <= x0 <= high:
        raise ValueError(f"x0 must lie in x_range {x_range!r}, got {x0!r}")
    return widgets.FloatSlider(
        value=x0,
        min=low,
        max=high,
        step=(high - low) / 100,
        description="x0",
        continuous_update=False,
    )


def secant_explorer(
    f: RealFunction,
    *,
    x0: float = 1.0,
    h: float = 1.0,
    x_range: tuple[float, float] = (-1.0, 3.0),
    df: RealFunction | None = None,
) -> widgets.VBox:
    """Build sliders for x0 and h that redraw the secant and the tangent of f.

    The static companion is `utils.plotting.plot_secant`, whose legend gives
    the secant's slope and the tangent's slope for the current sliders. The
    ``h`` slider is logarithmic, from 0.001 up to a quarter of the width of
    ``x_range`` (or the starting ``h``, if larger).

    Parameters
    ----------
    f : callable
        The function.
    x0 : float
        Starting value of the x0 slider; it must lie in ``x_range``.
    h : float
        Starting value of the h slider; positive.
    x_range : tuple of float
        The interval the x0 slider covers. The figure shows it, plus room on
        the right for the second point ``x0 + h``, and keeps its limits as the
        sliders move.
    df : callable, optional
        The derivative of ``f``, for the tangent; if None, the tangent's slope
        is computed with `utils.numerics.derivative`.

    Returns
    -------
    ipywidgets.VBox
        The sliders (in an HBox, ``children[0]``) above the figure's Output.

    Raises
    ------
    TypeError
        If ``f`` or ``df`` is not callable, ``x0`` or ``h`` is not a number, or
        ``x_range`` is not a pair of numbers.
    ValueError
        If ``x0`` is not in ``x_range``, ``h`` is not positive and finite, or
        ``x_range`` is not finite with low < high.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # drawn for Jupyter only
    ...     explorer = secant_explorer(lambda x: x**2)
    >>> [slider.description for slider in explorer.children[0].children]
    ['x0', 'h']
    """
    _check_callable(f)
    if df is not None:
        _check_callable(df, "df")
    x0_slider = _x0_slider(x0, x_range)
    h = _check_step(h, positive=True)
    h_max = max(h, (x0_slider.max - x0_slider.min) / 4)
    h_slider = widgets.FloatLogSlider(
        value=h,
        base=10,
        min=math.log10(min(h, _SMALLEST_H)),
        max=math.log10(h_max),
        step=0.05,
        description="h",
        continuous_update=False,
    )
    window = (x0_slider.min, x0_slider.max + h_max)

    def draw(x0: float, h: float) -> None:
        _show(plot_secant(f, x0, h, df=df, x_range=window).figure)

    output = widgets.interactive_output(draw, {"x0": x0_slider, "h": h_slider})
    return widgets.VBox([widgets.HBox([x0_slider, h_slider]), output])


def taylor_explorer(
    f: RealFunction,
    derivatives: Sequence[RealFunction],
    *,
    x0: float = 0.0,
    x_range: tuple[float, float] = (-3.0, 3.0),
) -> widgets.VBox:
    """Build sliders for x0 and the order that redraw the Taylor polynomials of f.

    The static companion is `utils.plotting.plot_taylor`. All orders from 1
    up to the slider's value are drawn, so raising the order shows each new
    term improving the fit near x0.

    Parameters
    ----------
    f : callable
        The function.
    derivatives : sequence of callable
        ``f'``, ``f''``, ...; the order slider goes up to their number.
    x0 : float
        Starting value of the x0 slider; it must lie in ``x_range``.
    x_range : tuple of float
        The interval the x0 slider covers and the figure shows.

    Returns
    -------
    ipywidgets.VBox
        The sliders (in an HBox, ``children[0]``) above the figure's Output.

    Raises
    ------
    TypeError
        If ``f`` is not callable, ``derivatives`` is not a sequence of
        callables, ``x0`` is not a number, or ``x_range`` is not a pair of
        numbers.
    ValueError
        If ``derivatives`` is empty, ``x0`` is not in ``x_range``, or
        ``x_range`` is not finite with low < high.

    Examples
    --------
    >>> import contextlib, io
    >>> import numpy as np
    >>> with contextlib.redirect_stdout(io.StringIO()):  # drawn for Jupyter only
    ...     explorer = taylor_explorer(np.sin, [np.cos, lambda x: -np.sin(x)])
    >>> [slider.description for slider in explorer.children[0].children]
    ['x0', 'order']
    """
    _check_callable(f)
    derivatives = _check_derivatives(derivatives)
    x0_slider = _x0_slider(x0, x_range)
    order_slider = widgets.IntSlider(
        value=min(2, len(derivatives)),
        min=1,
        max=len(derivatives),
        description="order",
        continuous_update=False,
    )
    window = (x0_slider.min, x0_slider.max)

    def draw(x0: float, order: int) -> None:
        orders = tuple(range(1, order + 1))
        _show(plot_taylor(f, x0, derivatives, orders=orders, x_range=window).figure)

    output = widgets.interactive_output(draw, {"x0": x0_slider, "order": order_slider})
    return widgets.VBox([widgets.HBox([x0_slider, order_slider]), output])
