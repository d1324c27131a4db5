"""Interactive explorers for the lessons, built on ``ipywidgets.interactive_output``.

Each explorer redraws a figure from `utils.plotting` whenever a slider is
released. So every widget has a static companion, the plotting function it
wraps; a lesson shows that figure first, so that the page still teaches where
widgets do not run (on GitHub, on a website, in CI):

========================== ==================================================
explorer                   static companion
========================== ==================================================
`secant_explorer`          `utils.plotting.plot_secant`
`taylor_explorer`          `utils.plotting.plot_taylor`
`slice_explorer`           `utils.plotting.plot_slice_view`
`direction_explorer`       `utils.plotting.plot_direction` and
                           `utils.plotting.plot_directional_derivatives`
                           side by side (`utils.plotting.plot_direction_view`)
`learning_rate_explorer`   `utils.plotting.plot_learning_rate_view`
========================== ==================================================
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
from IPython.display import display
from matplotlib.figure import Figure

from utils._checks import (
    check_callable,
    check_derivatives,
    check_n_steps,
    check_point,
    check_real,
    check_step,
    check_variable,
    check_x_range,
)
from utils.plotting._base import RealFunction, SurfaceFunction
from utils.plotting.curves import plot_secant, plot_taylor
from utils.plotting.descent import plot_learning_rate_view
from utils.plotting.surfaces import plot_direction_view, plot_slice_view

__all__ = [
    "direction_explorer",
    "learning_rate_explorer",
    "secant_explorer",
    "slice_explorer",
    "taylor_explorer",
]

_SMALLEST_H = 1e-3


def _show(fig: Figure) -> None:
    """Display ``fig`` in the current output and close it, so figures do not pile up."""
    display(fig)
    plt.close(fig)


def _x0_slider(
    x0: object, x_range: object, name: str = "x0", range_name: str = "x_range"
) -> widgets.FloatSlider:
    """Return a slider for x0 over ``x_range``, after checking both."""
    low, high = check_x_range(x_range, range_name)
    x0 = check_real(x0, name)
    if not low <= x0 <= high:
        raise ValueError(f"{name} must lie in {range_name} {x_range!r}, got {x0!r}")
    return widgets.FloatSlider(
        value=x0,
        min=low,
        max=high,
        step=(high - low) / 100,
        description=name,
        continuous_update=False,
    )


def _row(*controls: widgets.Widget) -> widgets.HBox:
    """Return the controls side by side, wrapping on a narrow screen."""
    return widgets.HBox(list(controls), layout=widgets.Layout(flex_flow="row wrap"))


def _ranges(
    x0_slider: widgets.FloatSlider, y0_slider: widgets.FloatSlider
) -> dict[str, tuple[float, float]]:
    """Return the window the point's sliders cover, as plotting keywords."""
    return {
        "x_range": (x0_slider.min, x0_slider.max),
        "y_range": (y0_slider.min, y0_slider.max),
    }


def _point_sliders(
    point: object, x_range: object, y_range: object
) -> tuple[widgets.FloatSlider, widgets.FloatSlider]:
    """Return sliders for x0 and y0 over the ranges, after checking all three."""
    x0, y0 = check_point(point)
    return (
        _x0_slider(x0, x_range, "x0", "x_range"),
        _x0_slider(y0, y_range, "y0", "y_range"),
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
    check_callable(f)
    if df is not None:
        check_callable(df, "df")
    x0_slider = _x0_slider(x0, x_range)
    h = check_step(h, positive=True)
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
    check_callable(f)
    derivatives = check_derivatives(derivatives)
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


def _check_partials(
    partial: object, variable: str
) -> dict[str, Callable[[Any, Any], Any] | None]:
    """Return the partial derivative to use for each variable (None: numerical)."""
    if partial is None or callable(partial):
        return {"x": None, "y": None, variable: partial}
    if isinstance(partial, str) or not isinstance(partial, Sequence):
        raise TypeError(
            "partial must be callable or a pair of callables, "
            f"got {type(partial).__name__}"
        )
    if len(partial) != 2:
        raise ValueError(
            f"partial must be a pair (df_dx, df_dy), got {len(partial)} items"
        )
    for name, df in zip(("partial[0]", "partial[1]"), partial, strict=True):
        check_callable(df, name)
    return {"x": partial[0], "y": partial[1]}


def slice_explorer(
    f: SurfaceFunction,
    *,
    point: tuple[float, float] = (1.0, 0.5),
    variable: str = "x",
    x_range: tuple[float, float] = (-2.0, 2.0),
    y_range: tuple[float, float] = (-2.0, 2.0),
    partial: Callable[[Any, Any], Any]
    | tuple[Callable[[Any, Any], Any], Callable[[Any, Any], Any]]
    | None = None,
) -> widgets.VBox:
    """Build sliders for the point and a toggle for the variable that redraw a slice.

    The static companion is `utils.plotting.plot_slice_view`: the surface
    with the slice through ``(x0, y0)`` on the left, the slice as a curve with
    its tangent, whose slope is the partial derivative, on the right. The view
    keeps its limits as the sliders move.

    Parameters
    ----------
    f : callable
        The function ``f(x, y)``.
    point : tuple of float
        Starting ``(x0, y0)``; inside ``x_range`` and ``y_range``.
    variable : {"x", "y"}
        Starting value of the toggle: the variable that moves along the slice.
    x_range, y_range : tuple of float
        The intervals the sliders cover and the surface shows.
    partial : callable or pair of callables, optional
        A pair ``(df_dx, df_dy)`` of partial derivatives, each called as
        ``df(x0, y0)``; or one callable, the partial along the starting
        ``variable`` (the other one then comes from a central difference);
        if None, both come from central differences.

    Returns
    -------
    ipywidgets.VBox
        The controls (in an HBox, ``children[0]``: x0, y0, variable) above the
        figure's Output.

    Raises
    ------
    TypeError
        If ``f`` or a partial is not callable, or ``point`` or a range is not
        a pair of numbers.
    ValueError
        If ``point`` is not inside the ranges, ``variable`` is not "x" or
        "y", ``partial`` is a sequence of other than two callables, or a range
        is not finite with low < high.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # drawn for Jupyter only
    ...     explorer = slice_explorer(lambda x, y: x**2 * y)
    >>> [control.description for control in explorer.children[0].children]
    ['x0', 'y0', 'variable']
    """
    check_callable(f)
    variable = check_variable(variable)
    partials = _check_partials(partial, variable)
    x0_slider, y0_slider = _point_sliders(point, x_range, y_range)
    toggle = widgets.ToggleButtons(
        options=["x", "y"],
        value=variable,
        description="variable",
        tooltips=["slice along x, y held fixed", "slice along y, x held fixed"],
    )
    ranges = _ranges(x0_slider, y0_slider)

    def draw(x0: float, y0: float, variable: str) -> None:
        ax_surface, _ = plot_slice_view(
            f, (x0, y0), variable=variable, partial=partials[variable], **ranges
        )
        _show(ax_surface.figure)

    output = widgets.interactive_output(
        draw, {"x0": x0_slider, "y0": y0_slider, "variable": toggle}
    )
    return widgets.VBox([_row(x0_slider, y0_slider, toggle), output])


def direction_explorer(
    f: SurfaceFunction,
    *,
    point: tuple[float, float] = (1.0, 1.0),
    angle: float = 30.0,
    x_range: tuple[float, float] = (-2.0, 2.0),
    y_range: tuple[float, float] = (-2.0, 2.0),
    grad_f: Callable[[Any, Any], Any] | None = None,
) -> widgets.VBox:
    """Build sliders for the angle of u and the point that redraw D_u f.

    The static companion is `utils.plotting.plot_direction` beside
    `utils.plotting.plot_directional_derivatives`, as drawn by
    `utils.plotting.plot_direction_view`: on the left u, the gradient and the
    level curve at the point; on the right ``D_u f`` against the angle of u,
    with the current angle marked. The view keeps its limits as the sliders
    move.

    Parameters
    ----------
    f : callable
        The function ``f(x, y)``.
    point : tuple of float
        Starting ``(x0, y0)``; inside ``x_range`` and ``y_range``.
    angle : float
        Starting angle of u in degrees, from 0 to 360.
    x_range, y_range : tuple of float
        The intervals the point's sliders cover and the left panel shows.
    grad_f : callable, optional
        The gradient, ``grad_f(x, y) -> (df/dx, df/dy)``; if None, central
        differences.

    Returns
    -------
    ipywidgets.VBox
        The sliders (in an HBox, ``children[0]``: angle, x0, y0) above the
        figure's Output.

    Raises
    ------
    TypeError
        If ``f`` or ``grad_f`` is not callable, ``angle`` is not a number, or
        ``point`` or a range is not a pair of numbers.
    ValueError
        If ``angle`` is not between 0 and 360, ``point`` is not inside the
        ranges, or a range is not finite with low < high.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # drawn for Jupyter only
    ...     explorer = direction_explorer(lambda x, y: x**2 + y**2)
    >>> [control.description for control in explorer.children[0].children]
    ['angle', 'x0', 'y0']
    """
    check_callable(f)
    if grad_f is not None:
        check_callable(grad_f, "grad_f")
    angle = check_real(angle, "angle")
    if not 0.0 <= angle <= 360.0:
        raise ValueError(f"angle must be between 0 and 360 degrees, got {angle!r}")
    x0_slider, y0_slider = _point_sliders(point, x_range, y_range)
    angle_slider = widgets.FloatSlider(
        value=angle,
        min=0.0,
        max=360.0,
        step=1.0,
        description="angle",
        continuous_update=False,
    )
    # The view reaches a quarter of the window beyond the sliders' ends, so the
    # arrows at the point stay in sight wherever the sliders put it.
    ranges = {
        name: (low - (high - low) / 4, high + (high - low) / 4)
        for name, (low, high) in _ranges(x0_slider, y0_slider).items()
    }

    def draw(angle: float, x0: float, y0: float) -> None:
        ax_direction, _ = plot_direction_view(
            f, (x0, y0), angle, grad_f=grad_f, **ranges
        )
        _show(ax_direction.figure)

    output = widgets.interactive_output(
        draw, {"angle": angle_slider, "x0": x0_slider, "y0": y0_slider}
    )
    return widgets.VBox([_row(angle_slider, x0_slider, y0_slider), output])


def _round_step(width: float) -> float:
    """Return a round slider step, a power of ten, giving about 100 stops or more."""
    return 10.0 ** math.floor(math.log10(width / 100))


def learning_rate_explorer(
    f: RealFunction,
    df: RealFunction,
    *,
    lr: float = 0.1,
    x0: float = 2.0,
    n_steps: int = 20,
    lr_range: tuple[float, float] = (0.01, 1.2),
    x_range: tuple[float, float] = (-3.0, 3.0),
) -> widgets.VBox:
    """Build sliders for the learning rate, the start and the steps of gradient descent.

    The static companion is `utils.plotting.plot_learning_rate_view`: each
    change runs ``gradient_descent(df, x0, lr=lr, n_steps=n_steps)`` and draws
    the path on the graph of f beside the loss ``f(x_k)`` against the step k.
    The title gives ``lr`` and says how the path shown goes: converging or
    converged, oscillating (flipping from side to side) or diverging; on
    ``f(x) = x**2`` (f'' = 2) it diverges for ``lr > 2 / f'' = 1``.
    The view follows the path, so its limits change as the sliders move.

    Parameters
    ----------
    f : callable
        The function to minimise.
    df : callable
        Its derivative.
    lr : float
        Starting value of the learning-rate slider; it must lie in ``lr_range``.
    x0 : float
        Starting value of the x0 slider; it must lie in ``x_range``.
    n_steps : int
        Starting value of the n_steps slider, at least 1; the slider goes up to
        100, or to ``n_steps`` if larger.
    lr_range : tuple of float
        The interval of positive learning rates the lr slider covers, in round
        steps (0.01 for the default range).
    x_range : tuple of float
        The interval the x0 slider covers.

    Returns
    -------
    ipywidgets.VBox
        The sliders (in an HBox, ``children[0]``: lr, x0, n_steps) above the
        figure's Output.

    Raises
    ------
    TypeError
        If ``f`` or ``df`` is not callable, ``lr`` or ``x0`` is not a number,
        ``n_steps`` is not an integer, or a range is not a pair of numbers.
    ValueError
        If ``lr`` is not positive or not in ``lr_range``, ``lr_range`` does
        not hold positive numbers, ``x0`` is not in ``x_range``, ``n_steps``
        < 1, or a range is not finite with low < high.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # drawn for Jupyter only
    ...     explorer = learning_rate_explorer(lambda x: x**2, lambda x: 2 * x)
    >>> [slider.description for slider in explorer.children[0].children]
    ['lr', 'x0', 'n_steps']
    """
    check_callable(f)
    check_callable(df, "df")
    low, high = check_x_range(lr_range, "lr_range")
    if low <= 0:
        raise ValueError(
            f"lr_range must hold positive learning rates, got {lr_range!r}"
        )
    lr = check_step(lr, "lr", positive=True)
    if not low <= lr <= high:
        raise ValueError(f"lr must lie in lr_range {lr_range!r}, got {lr!r}")
    x0_slider = _x0_slider(x0, x_range)
    n_steps = check_n_steps(n_steps)
    lr_slider = widgets.FloatSlider(
        value=lr,
        min=low,
        max=high,
        step=_round_step(high - low),
        description="lr",
        readout_format=".3g",
        continuous_update=False,
    )
    steps_slider = widgets.IntSlider(
        value=n_steps,
        min=1,
        max=max(100, n_steps),
        description="n_steps",
        continuous_update=False,
    )

    def draw(lr: float, x0: float, n_steps: int) -> None:
        ax_path, _ = plot_learning_rate_view(f, df, lr=lr, x0=x0, n_steps=n_steps)
        _show(ax_path.figure)

    output = widgets.interactive_output(
        draw, {"lr": lr_slider, "x0": x0_slider, "n_steps": steps_slider}
    )
    return widgets.VBox([_row(lr_slider, x0_slider, steps_slider), output])
