"""Tests of utils.plotting: figures are labelled, and what they draw is right."""

import math
import subprocess
import sys

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from numpy.testing import assert_allclose

from utils.plotting import (
    COLOR_CYCLE,
    FIGSIZE,
    FIGSIZE_TALL,
    LINESTYLE_CYCLE,
    OKABE_ITO,
    plot_function,
    plot_function_and_derivative,
    plot_secant,
    plot_taylor,
    use_course_style,
)

matplotlib.use("Agg")


pytestmark = pytest.mark.usefixtures("no_show")  # from conftest.py


def square(x):
    return x**2


def d_square(x):
    return 2 * x


def line_labelled(ax, prefix):
    """Return the one line whose legend label starts with ``prefix``."""
    lines = [line for line in ax.get_lines() if line.get_label().startswith(prefix)]
    assert len(lines) == 1, [line.get_label() for line in ax.get_lines()]
    return lines[0]


def slope_and_value_at(line, x0):
    """Return the slope of a straight line and its value at x0, from its data."""
    x, y = line.get_xdata(), line.get_ydata()
    slope = (y[-1] - y[0]) / (x[-1] - x[0])
    return slope, y[0] + slope * (x0 - x[0])


# ---------------------------------------------------------------- style
def test_okabe_ito_has_the_eight_colours_of_the_style_guide():
    assert [to_hex(c) for c in OKABE_ITO] == [
        "#000000",
        "#e69f00",
        "#56b4e9",
        "#009e73",
        "#f0e442",
        "#0072b2",
        "#d55e00",
        "#cc79a7",
    ]


def test_importing_plotting_and_widgets_leaves_rcparams_alone():
    code = (
        "import matplotlib as mpl, matplotlib.pyplot, ipywidgets\n"
        "before = dict(mpl.rcParams)\n"
        "import utils.plotting, utils.widgets\n"
        "changed = [k for k, v in mpl.rcParams.items() if before[k] != v]\n"
        "print(changed, matplotlib.pyplot.get_fignums())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[] []"


def test_use_course_style_sets_okabe_ito_colours_with_line_styles():
    with matplotlib.rc_context():
        use_course_style()
        cycle = matplotlib.rcParams["axes.prop_cycle"].by_key()
        assert matplotlib.rcParams["text.usetex"] is False
    okabe_ito = {to_hex(c) for c in OKABE_ITO}
    assert {to_hex(c) for c in cycle["color"]} == okabe_ito
    assert len(set(map(str, cycle["linestyle"]))) == len(cycle["linestyle"])
    assert len(cycle["color"]) == len(COLOR_CYCLE) == len(LINESTYLE_CYCLE)


# ---------------------------------------------------------------- every figure
FIGURES = {
    "function": lambda ax: plot_function(np.sin, ax=ax),
    "secant": lambda ax: plot_secant(np.sin, 1.0, 0.5, ax=ax),
    "taylor": lambda ax: plot_taylor(np.exp, 0.0, [np.exp, np.exp], ax=ax),
    # The lower panel, which carries the shared x axis's label.
    "function_and_derivative": lambda ax: plot_function_and_derivative(
        np.sin, np.cos, axes=None if ax is None else (ax.figure.add_subplot(212), ax)
    )[1],
}


@pytest.mark.parametrize("kind", FIGURES)
def test_figure_returns_labelled_axes_on_a_new_figure(kind):
    ax = FIGURES[kind](None)
    assert isinstance(ax, Axes)
    assert ax.get_xlabel() and ax.get_ylabel()
    ax.figure.canvas.draw()  # renders every mathtext label, raising if one is wrong
    assert plt.get_fignums() == [ax.figure.number]


@pytest.mark.parametrize("kind", FIGURES)
def test_figure_draws_on_the_axes_it_is_given(kind):
    fig = plt.figure()
    ax = fig.add_subplot(211)
    assert FIGURES[kind](ax) is ax
    assert ax.get_lines()
    assert plt.get_fignums() == [fig.number]


@pytest.mark.parametrize("kind", [k for k in FIGURES if k != "function_and_derivative"])
def test_figure_refuses_something_that_is_not_axes(kind):  # axes: see BAD_INPUT
    with pytest.raises(TypeError, match="ax"):
        FIGURES[kind]("not axes")


def test_new_figures_have_the_module_sizes():
    assert tuple(plot_secant(np.sin, 0.0, 0.5).figure.get_size_inches()) == FIGSIZE
    ax_f, _ = plot_function_and_derivative(np.sin, np.cos)
    assert tuple(ax_f.figure.get_size_inches()) == FIGSIZE_TALL


# ---------------------------------------------------------------- plot_function
def test_plot_function_draws_f_on_the_grid():
    ax = plot_function(np.exp, (-1.0, 2.0), n_points=50, label="$e^x$")
    (line,) = ax.get_lines()
    x, y = line.get_xdata(), line.get_ydata()
    assert_allclose(x, np.linspace(-1.0, 2.0, 50))
    assert_allclose(y, np.exp(x))
    assert ax.get_legend().get_texts()[0].get_text() == "$e^x$"


def test_plot_function_accepts_functions_of_one_number_and_constants():
    ax = plot_function(math.sin, (0.0, 3.0))
    plot_function(lambda x: 2.5, (0.0, 3.0), ax=ax)
    sine, constant = ax.get_lines()
    assert_allclose(sine.get_ydata(), np.sin(sine.get_xdata()))
    assert_allclose(constant.get_ydata(), 2.5)


def test_a_loss_that_averages_its_own_data_is_drawn_point_by_point():
    # With as many data points as grid points, loss(grid) broadcasts and np.mean
    # returns one number: that must not be drawn as a constant.
    data = np.linspace(0.0, 1.0, 400)

    def loss(w):
        return np.mean((w * data - 0.5) ** 2)

    (line,) = plot_function(loss, (-1.0, 1.0)).get_lines()
    assert_allclose(line.get_ydata(), [loss(w) for w in line.get_xdata()])


def test_successive_functions_differ_in_colour_and_line_style_in_course_style():
    with matplotlib.rc_context():
        use_course_style()
        ax = plot_function(np.sin)
        plot_function(np.cos, ax=ax)
    first, second = ax.get_lines()
    assert first.get_color() != second.get_color()
    assert first.get_linestyle() != second.get_linestyle()


# ---------------------------------------------------------------- secant
def test_plot_secant_without_df_draws_a_numerical_tangent():
    ax = plot_secant(np.exp, 1.5, 0.5)
    slope, value = slope_and_value_at(line_labelled(ax, "tangent"), 1.5)
    assert_allclose(slope, np.exp(1.5), rtol=1e-9)
    assert_allclose(value, np.exp(1.5))


def test_plot_secant_passes_through_both_points():
    x0, h = 1.0, 0.5
    ax = plot_secant(np.exp, x0, h, df=np.exp)
    secant = line_labelled(ax, "secant")
    for x in (x0, x0 + h):
        _, value = slope_and_value_at(secant, x)
        assert_allclose(value, np.exp(x))
    slope, _ = slope_and_value_at(line_labelled(ax, "tangent"), x0)
    assert_allclose(slope, np.exp(x0))


@settings(max_examples=20, deadline=None, database=None)
@given(
    a=st.floats(-3, 3).filter(lambda a: abs(a) > 0.1),
    b=st.floats(-3, 3),
    x0=st.floats(-2, 2),
    h=st.floats(0.01, 2).flatmap(lambda h: st.sampled_from([h, -h])),
)
def test_secant_slope_of_a_quadratic_is_its_derivative_at_the_midpoint(a, b, x0, h):
    # For a x^2 + b x the secant slope is 2 a (x0 + h/2) + b, exactly.
    ax = plot_secant(lambda x: a * x**2 + b * x, x0, h, show_tangent=False)
    slope, _ = slope_and_value_at(line_labelled(ax, "secant"), x0)
    assert_allclose(slope, 2 * a * (x0 + h / 2) + b, rtol=1e-7, atol=1e-9)
    assert not [line for line in ax.get_lines() if "tangent" in line.get_label()]
    plt.close(ax.figure)


def test_plot_secant_legend_and_title_give_the_slopes_and_h():
    ax = plot_secant(square, 1.0, 1e-3, df=d_square)
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "secant, slope $2.001$" in texts
    assert "tangent, slope $2$" in texts
    assert "h=0.001" in ax.get_title()


def test_plot_secant_widens_a_range_that_misses_a_point():
    ax = plot_secant(square, 1.0, 3.0, x_range=(0.0, 2.0))
    x = line_labelled(ax, "$f(x)$").get_xdata()
    assert x[0] == 0.0 and x[-1] == 4.0


# ---------------------------------------------------------------- f and f'
def test_plot_function_and_derivative_shades_rising_and_falling():
    ax_f, ax_df = plot_function_and_derivative(square, d_square, (-2.0, 3.0))
    assert ax_f.get_shared_x_axes().joined(ax_f, ax_df)
    assert ax_df.get_xlabel() and ax_f.get_ylabel() and ax_df.get_ylabel()
    for ax in (ax_f, ax_df):
        rising, falling = ax.collections
        assert "rising" in rising.get_label() and "falling" in falling.get_label()
        rising_x = np.concatenate([p.vertices[:, 0] for p in rising.get_paths()])
        falling_x = np.concatenate([p.vertices[:, 0] for p in falling.get_paths()])
        assert rising_x.min() >= 0 and falling_x.max() <= 0  # f' = 2x
        assert rising_x.max() == 3.0 and falling_x.min() == -2.0
    zero_lines = [line for line in ax_df.get_lines() if set(line.get_ydata()) == {0}]
    assert zero_lines
    assert_allclose(
        ax_df.get_lines()[0].get_ydata(), 2 * ax_df.get_lines()[0].get_xdata()
    )


def test_plot_function_and_derivative_shades_only_what_is_there():
    ax_f, _ = plot_function_and_derivative(np.exp, np.exp)
    (rising,) = ax_f.collections
    assert "rising" in rising.get_label()


def test_plot_function_and_derivative_uses_given_axes():
    _, axes = plt.subplots(1, 2)  # an array of Axes, as plt.subplots gives
    ax_f, ax_df = plot_function_and_derivative(np.sin, np.cos, axes=axes)
    assert (ax_f, ax_df) == tuple(axes)
    assert ax_f.get_xlabel() and ax_df.get_xlabel()  # not shared: both labelled


# ---------------------------------------------------------------- Taylor
def test_taylor_polynomials_of_exp_at_zero():
    ax = plot_taylor(np.exp, 0.0, [np.exp, np.exp, np.exp], orders=(1, 2, 3))
    for n, label in ((1, "order 1"), (2, "order 2"), (3, "order 3")):
        line = line_labelled(ax, label)
        x = line.get_xdata()
        expected = sum(x**k / math.factorial(k) for k in range(n + 1))
        assert_allclose(line.get_ydata(), expected)


def test_linear_taylor_polynomial_is_the_tangent():
    ax = plot_taylor(np.sin, 1.2, [np.cos, lambda x: -np.sin(x)], orders=(1,))
    slope, value = slope_and_value_at(line_labelled(ax, "order 1"), 1.2)
    assert_allclose(slope, np.cos(1.2))
    assert_allclose(value, np.sin(1.2))


# ---------------------------------------------------------------- bad input
BAD_INPUT = [
    # (call, error, words in the message)
    (lambda: plot_function(3.0), TypeError, "f must be callable"),
    (lambda: plot_function(np.sin, "ab"), TypeError, "x_range"),
    (lambda: plot_function(np.sin, (0, 1, 2)), ValueError, "x_range"),
    (lambda: plot_function(np.sin, (1, 1)), ValueError, "low < high"),
    (lambda: plot_function(np.sin, (0, np.inf)), ValueError, "x_range"),
    (lambda: plot_function(np.sin, (0, "1")), TypeError, "x_range"),
    (lambda: plot_function(np.sin, n_points=2.5), TypeError, "n_points"),
    (lambda: plot_function(np.sin, n_points=1), ValueError, "n_points"),
    (lambda: plot_function(lambda x: [1, 2]), ValueError, "one number per point"),
    (lambda: plot_secant(1, 0.0, 0.1), TypeError, "f must be callable"),
    (lambda: plot_secant(np.sin, None, 0.1), TypeError, "x0"),
    (lambda: plot_secant(np.sin, 0.0, "0.1"), TypeError, "h"),
    (lambda: plot_secant(np.sin, 0.0, 0.0), ValueError, "h must be non-zero"),
    (lambda: plot_secant(np.sin, 0.0, np.inf), ValueError, "h must be finite"),
    (lambda: plot_secant(np.sin, np.inf, 0.1), ValueError, "x0"),
    (lambda: plot_secant(np.sin, 0.0, 0.1, df="cos"), TypeError, "df"),
    (lambda: plot_secant(np.sin, 0.0, 0.1, x_range=5), TypeError, "x_range"),
    (lambda: plot_secant(np.sin, 0.0, 0.1, x_range=(0, 0)), ValueError, "x_range"),
    (lambda: plot_function_and_derivative(1, np.cos), TypeError, "f must"),
    (lambda: plot_function_and_derivative(np.sin, 1), TypeError, "df must"),
    (lambda: plot_function_and_derivative(np.sin, np.cos, 1), TypeError, "x_range"),
    (
        lambda: plot_function_and_derivative(np.sin, np.cos, (3, 0)),
        ValueError,
        "x_range",
    ),
    (
        lambda: plot_function_and_derivative(np.sin, np.cos, n_points="9"),
        TypeError,
        "n_points",
    ),
    (
        lambda: plot_function_and_derivative(np.sin, np.cos, n_points=0),
        ValueError,
        "n_points",
    ),
    (
        lambda: plot_function_and_derivative(np.sin, np.cos, axes=plt.gca()),
        TypeError,
        "axes",
    ),
    (
        lambda: plot_function_and_derivative(np.sin, np.cos, axes=(plt.gca(),)),
        ValueError,
        "axes",
    ),
    (
        lambda: plot_function_and_derivative(np.sin, np.cos, axes=(plt.gca(), 1)),
        TypeError,
        r"axes\[1\]",
    ),
    (
        lambda: plot_function_and_derivative(np.sin, lambda x: np.ones(3)),
        ValueError,
        "df must return one number per point",
    ),
    (lambda: plot_taylor(1, 0.0, [np.exp]), TypeError, "f must"),
    (lambda: plot_taylor(np.exp, "0", [np.exp]), TypeError, "x0"),
    (lambda: plot_taylor(np.exp, np.inf, [np.exp]), ValueError, "x0"),
    (lambda: plot_taylor(np.exp, 0.0, np.exp), TypeError, "derivatives"),
    (lambda: plot_taylor(np.exp, 0.0, []), ValueError, "derivatives"),
    (lambda: plot_taylor(np.exp, 0.0, [np.exp, 2]), TypeError, r"derivatives\[1\]"),
    (lambda: plot_taylor(np.exp, 0.0, [np.exp], orders=(2,)), ValueError, "orders"),
    (lambda: plot_taylor(np.exp, 0.0, [np.exp], orders=(0,)), ValueError, "orders"),
    (
        lambda: plot_taylor(np.exp, 0.0, [np.exp], orders=(1,), x_range=(1, 0)),
        ValueError,
        "x_range",
    ),
]


@pytest.mark.parametrize(("call", "error", "words"), BAD_INPUT)
def test_bad_input_raises_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()


# ---------------------------------------------------------------- size bounds
class Evaluated(Exception):
    """Raised by a function that the size check should have kept from running."""


def never_called(*args):
    raise Evaluated


@pytest.mark.parametrize(
    "call",
    [
        lambda: plot_function(never_called, n_points=100_001),
        lambda: plot_function_and_derivative(never_called, np.cos, n_points=10**9),
    ],
)
def test_a_curve_of_more_than_100_000_points_is_refused_before_f_runs(call):
    with pytest.raises(ValueError, match="n_points must be at most 100,000, got"):
        call()


def test_a_curve_of_100_000_points_is_drawn():
    (line,) = plot_function(np.sin, n_points=100_000).get_lines()
    assert len(line.get_xdata()) == 100_000
