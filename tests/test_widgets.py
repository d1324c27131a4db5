"""Tests of utils.widgets: sliders redraw the figure, and figures do not pile up."""

import math

import ipywidgets
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from numpy.testing import assert_allclose

from utils import widgets
from utils.plotting import plot_secant
from utils.widgets import secant_explorer, taylor_explorer

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
