"""Interactive explorers for the lessons, built on ``ipywidgets.interactive_output``.

Each explorer redraws a figure of `utils.plotting` when a slider is released;
that plotting function is its static companion, which a lesson shows first so
that the page still teaches where widgets do not run. Each returns the
controls (in an HBox, ``children[0]``) above the figure's Output.
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
from utils.plotting._base import RealFunction, SurfaceFunction, check_optional
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
Partial = Callable[[Any, Any], Any]  # a partial derivative df(x, y)


def _show(fig: Figure) -> None:
    """Display ``fig`` and close it, so that figures do not pile up."""
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
    return _slider(widgets.FloatSlider, name, x0, low, high, step=(high - low) / 100)


def _slider(
    kind: type, name: str, value: float, low: float, high: float, **options: Any
) -> widgets.Widget:
    """Return a slider of ``kind`` that redraws when released, not while dragged."""
    return kind(
        value=value,
        min=low,
        max=high,
        description=name,
        continuous_update=False,
        **options,
    )


def _row(*controls: widgets.Widget) -> widgets.HBox:
    """Return the controls side by side, wrapping on a narrow screen."""
    return widgets.HBox(list(controls), layout=widgets.Layout(flex_flow="row wrap"))


def _point_sliders(
    point: object, x_range: object, y_range: object
) -> tuple[widgets.FloatSlider, widgets.FloatSlider]:
    """Return sliders for x0 and y0 over the ranges, after checking them."""
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
    """Build sliders for x0 and h that redraw `utils.plotting.plot_secant`.

    The h slider is logarithmic, from 0.001 to a quarter of ``x_range``'s
    width; the view keeps its limits as the sliders move.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # drawn for Jupyter only
    ...     explorer = secant_explorer(lambda x: x**2)
    >>> [slider.description for slider in explorer.children[0].children]
    ['x0', 'h']
    """
    check_callable(f)
    check_optional(df, "df")
    x0_slider = _x0_slider(x0, x_range)
    h = check_step(h, positive=True)
    h_max = max(h, (x0_slider.max - x0_slider.min) / 4)
    exponents = math.log10(min(h, _SMALLEST_H)), math.log10(h_max)
    h_slider = _slider(widgets.FloatLogSlider, "h", h, *exponents, step=0.05)
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
    """Build sliders for x0 and the order that redraw `utils.plotting.plot_taylor`.

    Every order from 1 to the slider's value is drawn.

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
    order_slider = _slider(
        widgets.IntSlider, "order", min(2, len(derivatives)), 1, len(derivatives)
    )
    window = (x0_slider.min, x0_slider.max)

    def draw(x0: float, order: int) -> None:
        orders = tuple(range(1, order + 1))
        _show(plot_taylor(f, x0, derivatives, orders=orders, x_range=window).figure)

    output = widgets.interactive_output(draw, {"x0": x0_slider, "order": order_slider})
    return widgets.VBox([widgets.HBox([x0_slider, order_slider]), output])


def _check_partials(partial: object, variable: str) -> dict[str, Partial | None]:
    """Return the partial derivative for each variable (None: numerical)."""
    if partial is None or callable(partial):
        return {"x": None, "y": None, variable: partial}
    if isinstance(partial, str) or not isinstance(partial, Sequence):
        raise TypeError(f"partial must be callable or a pair, got {partial!r}")
    if len(partial) != 2:
        raise ValueError(f"partial must be a pair (df_dx, df_dy), got {partial!r}")
    check_callable(partial[0], "partial[0]")
    check_callable(partial[1], "partial[1]")
    return {"x": partial[0], "y": partial[1]}


def slice_explorer(
    f: SurfaceFunction,
    *,
    point: tuple[float, float] = (1.0, 0.5),
    variable: str = "x",
    x_range: tuple[float, float] = (-2.0, 2.0),
    y_range: tuple[float, float] = (-2.0, 2.0),
    partial: Partial | tuple[Partial, Partial] | None = None,
) -> widgets.VBox:
    """Build sliders for the point and a variable toggle that redraw `plot_slice_view`.

    Parameters
    ----------
    partial : callable or pair of callables, optional
        ``(df_dx, df_dy)``, or the partial along the starting ``variable``;
        by default central differences.

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
    ranges = {"x_range": x_range, "y_range": y_range}

    def draw(x0: float, y0: float, variable: str) -> None:
        ax_surface, _ = plot_slice_view(
            f, (x0, y0), variable=variable, partial=partials[variable], **ranges
        )
        _show(ax_surface.figure)

    controls = {"x0": x0_slider, "y0": y0_slider, "variable": toggle}
    output = widgets.interactive_output(draw, controls)
    return widgets.VBox([_row(*controls.values()), output])


def direction_explorer(
    f: SurfaceFunction,
    *,
    point: tuple[float, float] = (1.0, 1.0),
    angle: float = 30.0,
    x_range: tuple[float, float] = (-2.0, 2.0),
    y_range: tuple[float, float] = (-2.0, 2.0),
    grad_f: Callable[[Any, Any], Any] | None = None,
) -> widgets.VBox:
    """Build sliders for the angle of u and the point that redraw `plot_direction_view`.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # drawn for Jupyter only
    ...     explorer = direction_explorer(lambda x, y: x**2 + y**2)
    >>> [control.description for control in explorer.children[0].children]
    ['angle', 'x0', 'y0']
    """
    check_callable(f)
    check_optional(grad_f, "grad_f")
    angle = check_real(angle, "angle")
    if not 0.0 <= angle <= 360.0:
        raise ValueError(f"angle must be between 0 and 360 degrees, got {angle!r}")
    x0_slider, y0_slider = _point_sliders(point, x_range, y_range)
    angle_slider = _slider(widgets.FloatSlider, "angle", angle, 0.0, 360.0, step=1.0)
    # The view reaches a quarter of the window beyond the sliders' ends, so the
    # arrows at the point stay in sight wherever the sliders put it.
    ranges = {
        name: (s.min - (s.max - s.min) / 4, s.max + (s.max - s.min) / 4)
        for name, s in (("x_range", x0_slider), ("y_range", y0_slider))
    }

    def draw(angle: float, x0: float, y0: float) -> None:
        ax_direction, _ = plot_direction_view(
            f, (x0, y0), angle, grad_f=grad_f, **ranges
        )
        _show(ax_direction.figure)

    controls = {"angle": angle_slider, "x0": x0_slider, "y0": y0_slider}
    output = widgets.interactive_output(draw, controls)
    return widgets.VBox([_row(*controls.values()), output])


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
    """Build sliders for lr, x0 and n_steps that redraw `plot_learning_rate_view`.

    On ``f(x) = x**2`` (f'' = 2) descent diverges for ``lr > 2 / f'' = 1``.

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
        raise ValueError(f"lr_range must hold positive rates, got {lr_range!r}")
    lr = check_step(lr, "lr", positive=True)
    if not low <= lr <= high:
        raise ValueError(f"lr must lie in lr_range {lr_range!r}, got {lr!r}")
    x0_slider = _x0_slider(x0, x_range)
    n_steps = check_n_steps(n_steps)
    step = 10.0 ** math.floor(math.log10((high - low) / 100))  # round, 100 stops
    lr_slider = _slider(widgets.FloatSlider, "lr", lr, low, high, step=step)
    lr_slider.readout_format = ".3g"
    steps_slider = _slider(widgets.IntSlider, "n_steps", n_steps, 1, max(100, n_steps))

    def draw(lr: float, x0: float, n_steps: int) -> None:
        ax_path, _ = plot_learning_rate_view(f, df, lr=lr, x0=x0, n_steps=n_steps)
        _show(ax_path.figure)

    controls = {"lr": lr_slider, "x0": x0_slider, "n_steps": steps_slider}
    output = widgets.interactive_output(draw, controls)
    return widgets.VBox([_row(*controls.values()), output])
