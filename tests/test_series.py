"""Tests of plot_series: measured series drawn as given, told apart, without warnings."""

import warnings
from itertools import combinations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from numpy.testing import assert_array_equal

from utils.plotting import FIGSIZE, plot_series

matplotlib.use("Agg")

pytestmark = pytest.mark.usefixtures("no_show")  # from conftest.py

N = np.array([10, 30, 100, 300, 1000])
TIMINGS = {
    "forward differences": 2e-7 * N**2,
    "reverse mode": 1e-6 * N,
    r"$\mathrm{numerical}\ \nabla$": 3e-7 * N**2 + 1e-5,
}
LABELS = {"xlabel": "$n$", "ylabel": "time (s)"}


def style(line):
    return (line.get_color(), str(line.get_linestyle()), line.get_marker())


# ---------------------------------------------------------------- what is drawn
def test_each_series_is_one_line_through_its_values_with_its_label():
    ax = plot_series(N, TIMINGS, **LABELS)
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == list(TIMINGS)
    for line, values in zip(lines, TIMINGS.values(), strict=True):
        assert_array_equal(line.get_xdata(), N)
        assert_array_equal(line.get_ydata(), values)
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == list(TIMINGS)


def test_axes_are_labelled_and_titled():
    ax = plot_series(N, TIMINGS, title="Cost of a gradient", **LABELS)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$n$", "time (s)")
    assert ax.get_title() == "Cost of a gradient"
    ax.figure.canvas.draw()  # renders the mathtext labels, raising if one is wrong


def test_series_differ_in_colour_line_style_and_marker():
    series = {f"run {k}": np.arange(5.0) + k for k in range(8)}
    lines = plot_series(np.arange(5), series, xlabel="step", ylabel="loss").get_lines()
    for a, b in combinations(lines, 2):
        assert a.get_color() != b.get_color()
        assert a.get_marker() != b.get_marker()
    # The first four styles have names; the later ones are dash patterns,
    # which get_linestyle reports as "--".
    assert [line.get_linestyle() for line in lines[:4]] == ["-", "--", "-.", ":"]


def test_markers_can_be_turned_off():
    ax = plot_series(N, TIMINGS, markers=False, **LABELS)
    assert {line.get_marker() for line in ax.get_lines()} <= {"None", "none", ""}
    assert len({style(line) for line in ax.get_lines()}) == len(TIMINGS)


@pytest.mark.parametrize(
    ("logx", "logy", "scales"),
    [
        (False, False, ("linear", "linear")),
        (True, False, ("log", "linear")),
        (False, True, ("linear", "log")),
        (True, True, ("log", "log")),
    ],
)
def test_log_scales_are_set_as_asked(logx, logy, scales):
    ax = plot_series(N, TIMINGS, logx=logx, logy=logy, **LABELS)
    assert (ax.get_xscale(), ax.get_yscale()) == scales


def test_infinite_values_are_not_drawn():
    loss = np.array([1.0, 3.0, np.inf, np.nan, -np.inf])
    ax = plot_series(np.arange(5), {"diverged": loss}, xlabel="step", ylabel="loss")
    assert_array_equal(
        ax.get_lines()[0].get_ydata(), [1.0, 3.0, np.nan, np.nan, np.nan]
    )


def test_non_positive_values_are_not_drawn_on_a_log_axis_only():
    values = np.array([2.0, 0.0, -1.0, 0.5, np.inf])
    linear = plot_series(np.arange(5), {"a": values}, xlabel="depth", ylabel="norm")
    assert_array_equal(linear.get_lines()[0].get_ydata(), [2.0, 0.0, -1.0, 0.5, np.nan])
    log = plot_series(
        np.arange(5), {"a": values}, logy=True, xlabel="depth", ylabel="norm"
    )
    assert_array_equal(
        log.get_lines()[0].get_ydata(), [2.0, np.nan, np.nan, 0.5, np.nan]
    )


def test_the_inputs_are_left_unchanged():
    values = np.array([2.0, 0.0, np.inf])
    plot_series([1, 2, 3], {"a": values}, logy=True, xlabel="x", ylabel="y")
    assert_array_equal(values, [2.0, 0.0, np.inf])


def test_nothing_warns_for_nan_inf_or_non_positive_values_on_log_axes():
    series = {
        "diverged": [1.0, 10.0, np.inf, np.nan, np.nan],
        "with zeros": [1.0, 0.0, -3.0, 1e-3, 1e-4],
        "all bad": [0.0, -1.0, np.nan, np.inf, -np.inf],
    }
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plot_series(N, series, logx=True, logy=True, **LABELS)
        ax.figure.canvas.draw()
    assert len(ax.get_lines()) == 3


def test_integer_x_and_a_single_point_are_accepted():
    ax = plot_series([4], {"a": [2]}, logx=True, logy=True, xlabel="x", ylabel="y")
    assert_array_equal(ax.get_lines()[0].get_xydata(), [[4.0, 2.0]])


def test_plot_series_draws_on_the_axes_it_is_given_or_on_a_new_figure():
    fig, ax = plt.subplots()
    assert plot_series(N, TIMINGS, ax=ax, **LABELS) is ax
    assert plt.get_fignums() == [fig.number]
    new = plot_series(N, TIMINGS, **LABELS)
    assert isinstance(new, Axes) and new.figure is not fig
    assert tuple(new.figure.get_size_inches()) == FIGSIZE


# ---------------------------------------------------------------- bad input
GOOD = {"x": [1.0, 2.0, 3.0], "series": {"a": [1.0, 2.0, 3.0]}}


def call(**changes):
    arguments = {**GOOD, **LABELS, **changes}
    return lambda: plot_series(**arguments)


@pytest.mark.parametrize(
    ("bad_call", "error", "words"),
    [
        (call(x=[[1.0, 2.0, 3.0]]), ValueError, "x must be 1-D"),
        (call(x=[]), ValueError, "x must hold at least one"),
        (call(x=[1.0, np.nan, 3.0]), ValueError, "x must be finite"),
        (call(x=[1.0, np.inf, 3.0]), ValueError, "x must be finite"),
        (call(x=[0.0, 1.0, 2.0], logx=True), ValueError, "x must be positive"),
        (call(series={"a": [1.0, 2.0]}), ValueError, r"series\['a'\].*\(3\), got 2"),
        (call(series={"c": [[1.0, 2.0, 3.0]]}), ValueError, r"series\['c'\] must be"),
        (call(ax="not axes"), TypeError, "ax must be"),
    ],
)
def test_bad_input_raises_a_clear_error(bad_call, error, words):
    with pytest.raises(error, match=words):
        bad_call()


def test_the_axis_labels_are_required():
    with pytest.raises(TypeError, match=r"xlabel.*ylabel"):
        plot_series(**GOOD)


def test_a_log_axis_within_one_decade_gets_plain_tick_labels():
    ax = plot_series([0, 1], {"f": [1.74, 1.67]}, logy=True, xlabel="k", ylabel="f")
    ax.figure.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels(minor=True)]
    labels += [t.get_text() for t in ax.get_yticklabels()]
    shown = [text for text in labels if text]
    assert shown, "some ticks must be labelled"
    assert not any("times" in text or "^" in text for text in shown), shown
    wide = plot_series([0, 1], {"f": [1e-3, 10.0]}, logy=True, xlabel="k", ylabel="f")
    wide.figure.canvas.draw()
    assert any("10^" in t.get_text() for t in wide.get_yticklabels())
