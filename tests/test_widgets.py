"""Tests of utils.widgets: sliders redraw the figure, and figures do not pile up."""

import math

import ipywidgets
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from numpy.testing import assert_allclose

from utils import widgets
from utils.plotting import plot_secant, plot_slice_view
from utils.widgets import (
    direction_explorer,
    secant_explorer,
    slice_explorer,
    taylor_explorer,
)

matplotlib.use("Agg")


@pytest.fixture
def shown(monkeypatch):
    """Collect the figures the explorers display instead of printing them."""
    figures = []
    monkeypatch.setattr(widgets, "display", figures.append)
    yield figures
    plt.close("all")


def square(x):
    return x**2


def sliders(explorer):
    """Return the explorer's controls by description."""
    return {control.description: control for control in explorer.children[0].children}


def legend_texts(fig):
    return [text.get_text() for text in fig.axes[0].get_legend().get_texts()]


def test_secant_explorer_is_sliders_above_an_output(shown):
    explorer = secant_explorer(square)
    assert isinstance(explorer, ipywidgets.VBox)
    assert isinstance(explorer.children[1], ipywidgets.Output)
    controls = sliders(explorer)
    assert set(controls) == {"x0", "h"}
    assert isinstance(controls["h"], ipywidgets.FloatLogSlider)
    assert 10 ** controls["h"].min <= 1e-3  # the learner can make h small
    assert controls["h"].value == 1.0 and controls["x0"].value == 1.0


def test_secant_explorer_redraws_with_the_new_values(shown):
    controls = sliders(secant_explorer(square, df=lambda x: 2 * x))
    assert len(shown) == 1
    controls["x0"].value = 2.0
    assert len(shown) == 2
    assert "x_0=2" in shown[-1].axes[0].get_title()
    # secant of x^2 from 2 to 3: slope 5; tangent at 2: slope 4
    assert {"secant, slope $5$", "tangent, slope $4$"} <= set(legend_texts(shown[-1]))
    controls["h"].value = 0.01
    assert "secant, slope $4.01$" in legend_texts(shown[-1])


def test_secant_explorer_closes_every_figure_it_shows(shown):
    controls = sliders(secant_explorer(np.sin))
    for x0 in np.linspace(-1.0, 3.0, 25):  # more than matplotlib's warning limit
        controls["x0"].value = float(x0)
    assert len(shown) > 20
    assert plt.get_fignums() == []


def test_secant_explorer_calls_plot_secant_with_the_slider_values(monkeypatch, shown):
    calls = []

    def recording_plot_secant(f, x0, h, **kwargs):
        calls.append((x0, h, kwargs))
        return plot_secant(f, x0, h, **kwargs)

    monkeypatch.setattr(widgets, "plot_secant", recording_plot_secant)
    controls = sliders(secant_explorer(square, x0=0.5, h=0.5, x_range=(0.0, 2.0)))
    controls["h"].value = 0.1
    (x0, h, kwargs) = calls[-1]
    assert x0 == 0.5
    assert_allclose(h, 0.1)
    # The view stays put: x0's interval plus room for x0 + h.
    low, high = kwargs["x_range"]
    assert low == 0.0 and high >= 2.0 + 10 ** controls["h"].max


def test_secant_explorer_view_holds_the_second_point_at_the_extremes(shown):
    controls = sliders(secant_explorer(square, x_range=(-1.0, 3.0)))
    controls["x0"].value = controls["x0"].max
    controls["h"].value = 10 ** controls["h"].max
    x = shown[-1].axes[0].get_lines()[0].get_xdata()
    assert x.max() >= controls["x0"].value + controls["h"].value


def test_taylor_explorer_redraws_the_chosen_orders_at_x0(shown):
    explorer = taylor_explorer(np.exp, [np.exp, np.exp, np.exp], x0=0.0)
    controls = sliders(explorer)
    assert set(controls) == {"x0", "order"}
    assert controls["order"].max == 3
    assert [t for t in legend_texts(shown[-1]) if t.startswith("order")] == [
        "order 1 (linear)",
        "order 2 (quadratic)",
    ]
    controls["order"].value = 3
    assert "order 3 (cubic)" in legend_texts(shown[-1])
    controls["x0"].value = 1.0
    ax = shown[-1].axes[0]
    assert "x_0=1" in ax.get_title()
    (linear,) = [
        line for line in ax.get_lines() if line.get_label() == "order 1 (linear)"
    ]
    x = linear.get_xdata()
    assert_allclose(linear.get_ydata(), math.e * (1 + (x - 1.0)))
    assert plt.get_fignums() == []


def test_taylor_explorer_with_one_derivative_offers_order_one(shown):
    controls = sliders(taylor_explorer(np.sin, [np.cos]))
    assert (
        controls["order"].min == controls["order"].max == controls["order"].value == 1
    )


BAD_INPUT = [
    (lambda: secant_explorer(2.0), TypeError, "f must be callable"),
    (lambda: secant_explorer(square, df="2x"), TypeError, "df must be callable"),
    (lambda: secant_explorer(square, x0="1"), TypeError, "x0"),
    (lambda: secant_explorer(square, x0=5.0), ValueError, "x0 must lie in x_range"),
    (lambda: secant_explorer(square, h="0.1"), TypeError, "h"),
    (lambda: secant_explorer(square, h=0.0), ValueError, "h must be positive"),
    (lambda: secant_explorer(square, h=np.inf), ValueError, "h must be finite"),
    (lambda: secant_explorer(square, x_range=3), TypeError, "x_range"),
    (lambda: secant_explorer(square, x_range=(3, -1)), ValueError, "x_range"),
    (lambda: taylor_explorer(None, [np.cos]), TypeError, "f must be callable"),
    (lambda: taylor_explorer(np.sin, np.cos), TypeError, "derivatives"),
    (lambda: taylor_explorer(np.sin, [np.cos, 0]), TypeError, r"derivatives\[1\]"),
    (lambda: taylor_explorer(np.sin, []), ValueError, "derivatives"),
    (lambda: taylor_explorer(np.sin, [np.cos], x0=[0]), TypeError, "x0"),
    (lambda: taylor_explorer(np.sin, [np.cos], x0=9.0), ValueError, "x0"),
    (lambda: taylor_explorer(np.sin, [np.cos], x_range="ab"), TypeError, "x_range"),
    (lambda: taylor_explorer(np.sin, [np.cos], x_range=(0, 0)), ValueError, "x_range"),
]


@pytest.mark.parametrize(("call", "error", "words"), BAD_INPUT)
def test_bad_input_raises_before_anything_is_drawn(call, error, words, shown):
    with pytest.raises(error, match=words):
        call()
    assert shown == []


# ---------------------------------------------------------------- 2-D explorers
def saddle(x, y):
    """x^2 y: partials 2 x y and x^2."""
    return x**2 * y


def bowl(x, y):
    return x**2 + 2 * y**2


def tangent_label(fig):
    """Return the legend entry of the tangent in a slice view's right panel."""
    texts = (text.get_text() for text in fig.axes[1].get_legend().get_texts())
    return next(text for text in texts if text.startswith("tangent"))


def test_slice_explorer_is_point_sliders_and_a_variable_toggle(shown):
    explorer = slice_explorer(saddle)
    assert isinstance(explorer, ipywidgets.VBox)
    assert isinstance(explorer.children[1], ipywidgets.Output)
    controls = sliders(explorer)
    assert set(controls) == {"x0", "y0", "variable"}
    assert isinstance(controls["variable"], ipywidgets.ToggleButtons)
    assert controls["variable"].options == ("x", "y")
    assert (controls["x0"].value, controls["y0"].value) == (1.0, 0.5)
    assert not controls["x0"].continuous_update and not controls["y0"].continuous_update
    assert len(shown) == 1


def test_slice_explorer_redraws_the_slice_through_the_new_point(shown):
    controls = sliders(slice_explorer(saddle))
    controls["x0"].value = -1.5
    assert len(shown) == 2
    ax_slice = shown[-1].axes[1]
    assert ax_slice.get_title() == "Slice along $x$ through $(-1.5, 0.5)$"
    # d/dx of x^2 y at (-1.5, 0.5) is 2 x y = -1.5
    assert tangent_label(shown[-1]) == r"tangent, slope $\partial f/\partial x = -1.5$"
    controls["variable"].value = "y"
    assert len(shown) == 3
    ax_surface, ax_slice = shown[-1].axes[:2]
    assert ax_slice.get_xlabel() == "$y$  ($x = -1.5$ held fixed)"
    assert tangent_label(shown[-1]) == r"tangent, slope $\partial f/\partial y = 2.25$"
    assert "slice at $x = -1.5$" in ax_surface.get_title()
    assert plt.get_fignums() == []


def test_slice_explorer_uses_each_given_partial_for_its_variable(shown):
    controls = sliders(
        slice_explorer(saddle, partial=(lambda x, y: 10.0, lambda x, y: 20.0))
    )
    assert tangent_label(shown[-1]).endswith("= 10$")
    controls["variable"].value = "y"
    assert tangent_label(shown[-1]).endswith("= 20$")


def test_slice_explorer_with_one_partial_uses_it_for_the_starting_variable(shown):
    controls = sliders(slice_explorer(saddle, variable="y", partial=lambda x, y: 9.0))
    assert tangent_label(shown[-1]).endswith("= 9$")
    controls["variable"].value = "x"  # numerical: 2 x y = 1 at (1, 0.5)
    assert tangent_label(shown[-1]).endswith("= 1$")


def test_slice_explorer_view_stays_put(monkeypatch, shown):
    calls = []

    def recording_plot_slice_view(f, point, **kwargs):
        calls.append((point, kwargs))
        return plot_slice_view(f, point, **kwargs)

    monkeypatch.setattr(widgets, "plot_slice_view", recording_plot_slice_view)
    controls = sliders(slice_explorer(bowl, x_range=(-1.0, 3.0), y_range=(0.0, 2.0)))
    controls["y0"].value = 1.5
    point, kwargs = calls[-1]
    assert point == (1.0, 1.5)
    assert kwargs["x_range"] == (-1.0, 3.0) and kwargs["y_range"] == (0.0, 2.0)


def test_direction_explorer_is_angle_and_point_sliders(shown):
    explorer = direction_explorer(bowl)
    controls = sliders(explorer)
    assert set(controls) == {"angle", "x0", "y0"}
    assert (controls["angle"].min, controls["angle"].max) == (0.0, 360.0)
    assert controls["angle"].value == 30.0
    assert not controls["angle"].continuous_update
    assert len(shown) == 1
    assert shown[-1].axes[1].get_xlabel() == "angle of $u$ (degrees)"


def test_direction_explorer_redraws_with_the_new_angle_and_point(shown):
    controls = sliders(direction_explorer(bowl, grad_f=lambda x, y: (2 * x, 4 * y)))
    controls["angle"].value = 90.0  # u = (0, 1); grad f(1, 1) = (2, 4): D_u f = 4
    assert len(shown) == 2
    ax_direction, ax_derivatives = shown[-1].axes[:2]
    assert ax_direction.get_title().startswith(r"$D_{u} f = \nabla f \cdot u = 4$")
    (current,) = [
        line for line in ax_derivatives.get_lines() if line.get_marker() == "D"
    ]
    assert_allclose(current.get_xydata(), [[90.0, 4.0]])
    controls["x0"].value = -1.0  # grad f(-1, 1) = (-2, 4): D_u f = 4 still
    controls["y0"].value = 0.5  # grad f(-1, 0.5) = (-2, 2): D_u f = 2
    assert len(shown) == 4
    assert shown[-1].axes[0].get_title().startswith(r"$D_{u} f = \nabla f \cdot u = 2$")
    assert "(-1, 0.5)" in shown[-1].axes[1].get_title()
    assert plt.get_fignums() == []


BAD_2D_INPUT = [
    (lambda: slice_explorer(1.0), TypeError, "f must be callable"),
    (lambda: slice_explorer(saddle, point=3), TypeError, "point"),
    (lambda: slice_explorer(saddle, point=(0, 0, 0)), ValueError, "point"),
    (lambda: slice_explorer(saddle, point=(5.0, 0.0)), ValueError, "x0 must lie in"),
    (lambda: slice_explorer(saddle, point=(0.0, -5.0)), ValueError, "y0 must lie in"),
    (lambda: slice_explorer(saddle, variable="z"), ValueError, "variable"),
    (lambda: slice_explorer(saddle, x_range=(1, -1)), ValueError, "x_range"),
    (lambda: slice_explorer(saddle, y_range="ab"), TypeError, "y_range"),
    (lambda: slice_explorer(saddle, partial="df"), TypeError, "partial"),
    (lambda: slice_explorer(saddle, partial=(saddle,)), ValueError, "partial"),
    (lambda: slice_explorer(saddle, partial=(saddle, 2)), TypeError, r"partial\[1\]"),
    (lambda: direction_explorer(None), TypeError, "f must be callable"),
    (lambda: direction_explorer(bowl, grad_f=3), TypeError, "grad_f"),
    (lambda: direction_explorer(bowl, angle="30"), TypeError, "angle"),
    (lambda: direction_explorer(bowl, angle=400.0), ValueError, "angle"),
    (lambda: direction_explorer(bowl, angle=np.nan), ValueError, "angle"),
    (lambda: direction_explorer(bowl, point=(9.0, 0.0)), ValueError, "x0"),
    (lambda: direction_explorer(bowl, point=None), TypeError, "point"),
    (lambda: direction_explorer(bowl, y_range=(0, 0)), ValueError, "y_range"),
]


@pytest.mark.parametrize(("call", "error", "words"), BAD_2D_INPUT)
def test_bad_2d_input_raises_before_anything_is_drawn(call, error, words, shown):
    with pytest.raises(error, match=words):
        call()
    assert shown == []


# ---------------------------------------------------------------- learning rate
def d_square(x):
    return 2 * x


def test_learning_rate_explorer_is_lr_x0_and_n_steps_sliders(shown):
    explorer = widgets.learning_rate_explorer(square, d_square)
    assert isinstance(explorer, ipywidgets.VBox)
    assert isinstance(explorer.children[1], ipywidgets.Output)
    controls = sliders(explorer)
    assert list(controls) == ["lr", "x0", "n_steps"]
    assert isinstance(controls["n_steps"], ipywidgets.IntSlider)
    assert (controls["lr"].min, controls["lr"].max) == (0.01, 1.2)
    assert (controls["x0"].min, controls["x0"].max) == (-3.0, 3.0)
    values = [control.value for control in controls.values()]
    assert values == [0.1, 2.0, 20]
    assert not any(control.continuous_update for control in controls.values())
    assert len(shown) == 1


def test_learning_rate_explorer_says_when_descent_on_x_squared_diverges(shown):
    controls = sliders(widgets.learning_rate_explorer(square, d_square))
    assert shown[-1].axes[0].get_title() == r"$\mathrm{lr} = 0.1$: converging"
    controls["lr"].value = 1.05  # above 2 / L = 1, as L = 2 for x^2
    assert len(shown) == 2
    title = shown[-1].axes[0].get_title()
    assert title == r"$\mathrm{lr} = 1.05$: diverging, the steps grow"
    assert plt.get_fignums() == []


def test_learning_rate_explorer_redraws_from_the_new_start_and_step_count(shown):
    controls = sliders(widgets.learning_rate_explorer(square, d_square, lr=0.25))
    controls["x0"].value = -1.5
    assert len(shown) == 2
    ax_path, ax_loss = shown[-1].axes[:2]
    # lr = 0.25 on x^2 halves x at every step.
    path = -1.5 * 0.5 ** np.arange(21)
    iterates = next(
        line for line in ax_path.get_lines() if line.get_label().startswith("iterates")
    )
    assert_allclose(iterates.get_xdata(), path)
    assert_allclose(ax_loss.get_lines()[0].get_ydata(), path**2)
    controls["n_steps"].value = 3
    assert len(shown) == 3
    assert shown[-1].axes[0].get_title() == r"$\mathrm{lr} = 0.25$: converging"
    assert_allclose(shown[-1].axes[1].get_lines()[0].get_xdata(), [0, 1, 2, 3])
    assert plt.get_fignums() == []


def test_learning_rate_explorer_calls_the_view_with_the_slider_values(
    monkeypatch, shown
):
    calls = []
    view = widgets.plot_learning_rate_view

    def recording_view(f, df, **kwargs):
        calls.append(kwargs)
        return view(f, df, **kwargs)

    monkeypatch.setattr(widgets, "plot_learning_rate_view", recording_view)
    controls = sliders(
        widgets.learning_rate_explorer(
            square, d_square, lr=0.5, x0=1.0, n_steps=7, lr_range=(0.1, 2.0)
        )
    )
    controls["lr"].value = 1.5
    assert calls == [
        {"lr": 0.5, "x0": 1.0, "n_steps": 7},
        {"lr": 1.5, "x0": 1.0, "n_steps": 7},
    ]
    assert controls["lr"].step == 0.01


def explore(**kwargs):
    return lambda: widgets.learning_rate_explorer(square, d_square, **kwargs)


BAD_LEARNING_RATE_INPUT = [
    (
        lambda: widgets.learning_rate_explorer(None, d_square),
        TypeError,
        "f must be callable",
    ),
    (
        lambda: widgets.learning_rate_explorer(square, 2.0),
        TypeError,
        "df must be callable",
    ),
    (explore(lr="0.1"), TypeError, "lr"),
    (explore(lr=-0.1), ValueError, "lr must be positive, got -0.1"),
    (explore(lr=2.0), ValueError, r"lr must lie in lr_range \(0.01, 1.2\), got 2.0"),
    (explore(lr_range=(0.0, 1.0)), ValueError, "lr_range must hold positive"),
    (explore(lr_range=(1.0, 0.5)), ValueError, "lr_range"),
    (explore(lr_range="ab"), TypeError, "lr_range"),
    (explore(x0="2"), TypeError, "x0"),
    (explore(x0=5.0), ValueError, "x0 must lie in x_range"),
    (explore(x_range=(3.0, -3.0)), ValueError, "x_range"),
    (explore(n_steps=2.5), TypeError, "n_steps must be an integer"),
    (explore(n_steps=0), ValueError, "n_steps must be at least 1, got 0"),
]


@pytest.mark.parametrize(("call", "error", "words"), BAD_LEARNING_RATE_INPUT)
def test_bad_learning_rate_input_raises_before_anything_is_drawn(
    call, error, words, shown
):
    with pytest.raises(error, match=words):
        call()
    assert shown == []
