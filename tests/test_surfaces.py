"""Tests of the 2-D figures in utils.plotting: labelled, and what they draw is right."""

import math
import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.quiver import Quiver
from mpl_toolkits.mplot3d import Axes3D
from numpy.testing import assert_allclose

from utils.plotting import (
    FIGSIZE,
    FIGSIZE_WIDE,
    NotVectorisedWarning,
    plot_contours,
    plot_direction,
    plot_direction_view,
    plot_directional_derivatives,
    plot_gradient_field,
    plot_slice,
    plot_slice_view,
    plot_surface,
    surfaces,
)
from utils.plotting._base import POINTWISE_GRID, evaluate_2d, gradient_2d

matplotlib.use("Agg")


pytestmark = pytest.mark.usefixtures("no_show")  # from conftest.py


def bowl(x, y):
    """x^2 + 2 y^2: elliptic level curves, gradient (2x, 4y)."""
    return x**2 + 2 * y**2


def grad_bowl(x, y):
    return 2 * x, 4 * y


def saddle(x, y):
    """x^2 y: partials 2 x y and x^2."""
    return x**2 * y


def math_bump(x, y):
    """A function of numbers only: math.exp rejects arrays."""
    return math.exp(-(x**2) - y**2)


def legend_texts(ax):
    return [text.get_text() for text in ax.get_legend().get_texts()]


def line_labelled(ax, prefix):
    """Return the one line whose label starts with ``prefix``."""
    lines = [line for line in ax.get_lines() if line.get_label().startswith(prefix)]
    assert len(lines) == 1, [line.get_label() for line in ax.get_lines()]
    return lines[0]


def arrows(ax, label):
    """Return the one quiver labelled ``label``."""
    (quiver,) = [
        c for c in ax.collections if isinstance(c, Quiver) and c.get_label() == label
    ]
    return quiver


def colorbar_label(ax):
    """Return the label of the colour bar drawn for ``ax``, the last Axes added."""
    return ax.figure.axes[-1].get_ylabel()


# ---------------------------------------------------------------- every figure
FIGURES = {
    "surface": lambda ax: plot_surface(bowl, ax=ax, point=(1.0, 0.5), slice_along="x"),
    "contours": lambda ax: plot_contours(bowl, ax=ax, point=(1.0, 0.5)),
    "slice": lambda ax: plot_slice(bowl, (1.0, 0.5), ax=ax),
    "gradient_field": lambda ax: plot_gradient_field(bowl, ax=ax),
    "direction": lambda ax: plot_direction(bowl, (1.0, 1.0), (1.0, 2.0), ax=ax),
    "directional_derivatives": lambda ax: plot_directional_derivatives(
        bowl, (1.0, 1.0), angle=30.0, ax=ax
    ),
    # The multi-panel views: each panel is checked in the tests below.
    "slice_view": lambda ax: plot_slice_view(bowl, (1.0, 0.5))[1],
    "direction_view": lambda ax: plot_direction_view(bowl, (1.0, 1.0), 30.0)[0],
}
SINGLE = [kind for kind in FIGURES if not kind.endswith("_view")]
FLAT = [kind for kind in SINGLE if kind != "surface"]


@pytest.mark.parametrize("kind", FIGURES)
def test_figure_returns_labelled_axes_on_a_new_figure(kind):
    ax = FIGURES[kind](None)
    assert isinstance(ax, Axes)
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    ax.figure.canvas.draw()  # renders every mathtext label, raising if one is wrong
    assert plt.get_fignums() == [ax.figure.number]


@pytest.mark.parametrize("kind", FLAT)
def test_flat_figure_draws_on_the_axes_it_is_given(kind):
    fig = plt.figure()
    ax = fig.add_subplot(121)
    assert FIGURES[kind](ax) is ax
    assert plt.get_fignums() == [fig.number]


@pytest.mark.parametrize("kind", FLAT)
def test_flat_figure_refuses_a_3d_axes_or_something_else(kind):
    ax_3d = plt.figure().add_subplot(projection="3d")
    with pytest.raises(TypeError, match="ax must be a 2-D Axes"):
        FIGURES[kind](ax_3d)
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        FIGURES[kind]("not axes")


def test_maps_have_equal_axis_scales_so_right_angles_look_right():
    for kind in ("contours", "gradient_field", "direction"):
        assert FIGURES[kind](None).get_aspect() == 1.0, kind


def test_new_figures_have_the_module_sizes():
    assert tuple(plot_surface(bowl).figure.get_size_inches()) == FIGSIZE
    assert tuple(plot_contours(bowl).figure.get_size_inches()) == FIGSIZE
    ax_surface, _ = plot_slice_view(bowl, (0.0, 0.0))
    assert tuple(ax_surface.figure.get_size_inches()) == FIGSIZE_WIDE


# ---------------------------------------------------------------- evaluation
def test_functions_of_numbers_only_are_evaluated_point_by_point():
    x, y = np.meshgrid(np.linspace(-1, 1, 5), np.linspace(0, 2, 4))
    assert_allclose(evaluate_2d(math_bump, x, y), np.exp(-(x**2) - y**2))
    assert_allclose(evaluate_2d(lambda x, y: 2.5, x, y), np.full(x.shape, 2.5))


def test_a_function_of_numbers_only_is_drawn_on_a_bounded_grid(no_show):
    calls = []

    def bump(x, y):
        calls.append(1)
        return math_bump(x, y)

    with pytest.warns(NotVectorisedWarning) as caught:
        ax = plot_contours(bump)  # 200 x 200 by default
    assert len(calls) == 1 + POINTWISE_GRID**2  # one try on the grid, then 100 x 100
    assert POINTWISE_GRID == 100
    (warning,) = caught
    message = str(warning.message)
    assert (
        "f (bump) takes one point at a time (it raised TypeError on arrays)" in message
    )
    assert "drawn on 100 x 100 points, not 200 x 200" in message
    assert "np.exp, not math.exp" in message
    assert "\n" not in message
    assert warning.filename == __file__  # it points at the learner's call
    assert (ax.get_xlim(), ax.get_ylim()) == ((-2.0, 2.0), (-2.0, 2.0))
    calls.clear()
    with pytest.warns(NotVectorisedWarning, match="not 300 x 300"):
        plot_surface(bump, n_points=300)
    assert len(calls) == 1 + POINTWISE_GRID**2
    with pytest.warns(NotVectorisedWarning, match=r"returned shape \(\) for a grid"):
        plot_contours(lambda x, y: 2.5 + 0 * np.mean(x))  # one number for the grid
    calls.clear()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        plot_contours(lambda x, y: np.exp(-(x**2) - y**2))  # vectorised: silent
        plot_contours(bump, n_points=99)  # within the bound: as asked, silent
    assert len(calls) == 1 + 99**2


def test_a_loss_that_averages_over_its_data_is_not_averaged_over_the_grid():
    data_x, data_y = np.array([0.0, 1.0, 2.0]), np.array([1.0, 3.0, 5.0])

    def loss(w, b):  # as a learner writes it: broadcasts with a grid of 3 points
        return np.mean((w * data_x + b - data_y) ** 2)

    w, b = np.meshgrid(np.linspace(0, 4, 3), np.linspace(-1, 2, 3))
    expected = [
        [loss(wi, bi) for wi, bi in zip(*row, strict=True)]
        for row in zip(w, b, strict=True)
    ]
    assert_allclose(evaluate_2d(loss, w, b), expected)
    ax = plot_surface(loss, n_points=3, point=(2.0, 1.0), slice_along="x")
    assert_allclose(line_labelled(ax, "point").get_data_3d()[2], [0.0])


def test_numerical_gradient_on_a_grid_matches_the_exact_one():
    x, y = np.meshgrid(np.linspace(-2, 2, 7), np.linspace(-3, 1, 5))
    dx, dy = gradient_2d(saddle, x, y)
    assert_allclose(dx, 2 * x * y, rtol=1e-9, atol=1e-9)
    assert_allclose(dy, x**2, rtol=1e-9, atol=1e-9)


def test_a_gradient_of_numbers_only_or_of_constants_is_accepted():
    x, y = np.meshgrid(np.linspace(-1, 1, 3), np.linspace(-1, 1, 3))
    dx, dy = gradient_2d(None, x, y, lambda x, y: (math.cos(x), 2.0 * y))
    assert_allclose(dx, np.cos(x))
    assert_allclose(dy, 2 * y)
    dx, dy = gradient_2d(None, x, y, lambda x, y: (3.0, -4.0))
    assert_allclose(dx, 3.0)
    assert_allclose(dy, -4.0)


# ---------------------------------------------------------------- surface
def test_surface_slice_along_x_is_f_with_y_held_at_the_point():
    ax = plot_surface(saddle, point=(1.0, 0.5), slice_along="x", x_range=(-1.0, 2.0))
    assert isinstance(ax, Axes3D)
    x, y, z = line_labelled(ax, "slice").get_data_3d()
    assert x.min() == -1.0 and x.max() == 2.0
    assert_allclose(y, 0.5)
    assert_allclose(z, saddle(x, 0.5))
    px, py, pz = line_labelled(ax, "point").get_data_3d()
    assert (px[0], py[0]) == (1.0, 0.5)
    assert_allclose(pz, saddle(1.0, 0.5))
    assert ax.get_zlabel() == "$f(x, y)$"
    assert "slice at $y = 0.5$" in ax.get_title()


def test_surface_slice_along_y_is_f_with_x_held_at_the_point():
    ax = plot_surface(saddle, point=(-1.5, 0.5), slice_along="y")
    x, y, z = line_labelled(ax, "slice").get_data_3d()
    assert_allclose(x, -1.5)
    assert y.min() == -2.0 and y.max() == 2.0
    assert_allclose(z, saddle(-1.5, y))


def test_surface_takes_the_lessons_labels_and_widens_to_hold_the_point():
    labels = {"xlabel": "$w$", "ylabel": "$b$", "zlabel": "$L(w, b)$"}
    ax = plot_surface(bowl, point=(3.0, -2.5), slice_along="y", **labels)
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_zlabel()) == tuple(labels.values())
    assert ax.get_title() == "Surface $z = L(w, b)$, slice at $w = 3$"
    assert ax.get_xlim()[1] >= 3.0 and ax.get_ylim()[0] <= -2.5


def test_surface_heights_span_the_values_of_f():
    ax = plot_surface(math_bump, n_points=11)
    low, high = ax.get_zlim()
    assert low <= math.exp(-8) and high >= 1.0


def test_surface_draws_on_a_3d_axes_it_is_given():
    ax = plt.figure().add_subplot(projection="3d")
    assert plot_surface(bowl, ax=ax) is ax


# ---------------------------------------------------------------- contours
def test_contours_draw_the_given_levels_with_a_labelled_colour_bar():
    ax = plot_contours(bowl, levels=[0.5, 1.0, 2.0, 4.0], zlabel="$L(w, b)$")
    filled, lines = ax.collections[:2]
    assert filled.filled and not lines.filled
    assert_allclose(filled.levels, [0.5, 1.0, 2.0, 4.0])
    assert_allclose(lines.levels, filled.levels)
    assert colorbar_label(ax) == "$L(w, b)$"
    assert ax.get_title() == "Contour map of $L(w, b)$"


def test_unfilled_contours_are_lines_only_and_can_skip_the_colour_bar():
    fig, ax = plt.subplots()
    plot_contours(bowl, ax=ax, filled=False, colorbar=False, levels=5)
    (lines,) = ax.collections
    assert not lines.filled
    assert fig.axes == [ax]


def test_contour_lines_lie_on_level_curves_of_f():
    with pytest.warns(NotVectorisedWarning):  # 101 x 101 asked, 100 x 100 drawn
        ax = plot_contours(math_bump, levels=[0.25, 0.5], filled=False, n_points=101)
    lines = ax.collections[0]
    for level, path in zip(lines.levels, lines.get_paths(), strict=True):
        x, y = path.vertices.T
        assert_allclose(np.exp(-(x**2) - y**2), level, atol=2e-3)


def test_contours_mark_the_point():
    ax = plot_contours(bowl, point=(1.0, -0.5))
    marker = line_labelled(ax, "$(1, -0.5)$")
    assert (marker.get_xdata()[0], marker.get_ydata()[0]) == (1.0, -0.5)


# ---------------------------------------------------------------- slices
@pytest.mark.parametrize("partial", [None, lambda x, y: 2 * x * y])
def test_slice_along_x_has_the_partial_as_tangent_slope(partial):
    x0, y0 = 1.5, -0.7
    ax = plot_slice(saddle, (x0, y0), partial=partial)
    curve = line_labelled(ax, "slice")
    t = curve.get_xdata()
    assert t.min() == x0 - 2 and t.max() == x0 + 2
    assert_allclose(curve.get_ydata(), saddle(t, y0))
    tangent = line_labelled(ax, "tangent")
    (ta, tb), (za, zb) = tangent.get_xdata(), tangent.get_ydata()
    slope = (zb - za) / (tb - ta)
    assert_allclose(slope, 2 * x0 * y0, rtol=1e-8)
    assert_allclose(za + slope * (x0 - ta), saddle(x0, y0))
    assert tangent.get_label() == r"tangent, slope $\partial f/\partial x = -2.1$"
    assert ax.get_xlabel() == "$x$  ($y = -0.7$ held fixed)"


def test_slice_along_y_holds_x_and_names_the_lessons_variables():
    ax = plot_slice(
        saddle,
        (2.0, 0.5),
        variable="y",
        span=(-1.0, 1.0),
        xlabel="$w$",
        ylabel="$b$",
        zlabel="$L(w, b)$",
    )
    curve = line_labelled(ax, "slice")
    t = curve.get_xdata()
    assert t.min() == -1.0 and t.max() == 1.0
    assert_allclose(curve.get_ydata(), 4.0 * t)
    assert ax.get_xlabel() == "$b$  ($w = 2$ held fixed)"
    assert ax.get_ylabel() == "$L(w, b)$"
    label = line_labelled(ax, "tangent").get_label()
    assert label == r"tangent, slope $\partial L/\partial b = 4$"


def test_slice_uses_the_partial_it_is_given():
    ax = plot_slice(saddle, (1.0, 1.0), partial=lambda x, y: 7.0)
    assert line_labelled(ax, "tangent").get_label().endswith("= 7$")


def test_slice_without_tangent_and_with_a_span_that_misses_the_point():
    ax = plot_slice(bowl, (3.0, 0.0), span=(-1.0, 1.0), show_tangent=False)
    assert not [line for line in ax.get_lines() if "tangent" in line.get_label()]
    assert line_labelled(ax, "slice").get_xdata().max() == 3.0


@pytest.mark.parametrize("variable", ["x", "y"])
def test_slice_view_shows_the_same_slice_in_both_panels(variable):
    ax_surface, ax_slice = plot_slice_view(saddle, (1.0, -0.5), variable=variable)
    assert isinstance(ax_surface, Axes3D) and not isinstance(ax_slice, Axes3D)
    assert ax_surface.figure is ax_slice.figure
    x, y, z = line_labelled(ax_surface, "slice").get_data_3d()
    moving = x if variable == "x" else y
    curve = line_labelled(ax_slice, "slice")
    assert_allclose(curve.get_xdata(), moving)
    assert_allclose(curve.get_ydata(), z)
    assert f"{variable}$  ($" in ax_slice.get_xlabel()


def test_slice_view_draws_on_the_axes_it_is_given():
    fig = plt.figure()
    axes = (fig.add_subplot(121, projection="3d"), fig.add_subplot(122))
    assert plot_slice_view(bowl, (0.0, 0.0), axes=axes) == axes


# ---------------------------------------------------------------- gradient field
def unit(u, v):
    size = np.hypot(u, v)
    return u / size, v / size


@pytest.mark.parametrize("grad_f", [None, grad_bowl])
def test_gradient_arrows_are_orthogonal_to_level_curves_and_point_uphill(grad_f):
    ax = plot_gradient_field(bowl, grad_f=grad_f, n_arrows=12)
    quiver = arrows(ax, r"$\nabla f$")
    x, y = quiver.X, quiver.Y
    u, v = unit(quiver.U, quiver.V)
    # The level curve x^2 + 2 y^2 = c has the tangent (-4y, 2x) at (x, y).
    tx, ty = unit(-4 * y, 2 * x)
    assert_allclose(u * tx + v * ty, 0.0, atol=1e-9)
    assert np.all(u * 2 * x + v * 4 * y > 0)
    assert ax.get_aspect() == 1.0


def test_gradient_arrows_cross_the_drawn_contour_lines_at_right_angles():
    # An independent oracle: the level curves traced by matplotlib's contour
    # through some of the arrows' positions.
    ax = plot_gradient_field(bowl, n_arrows=5)
    quiver = arrows(ax, r"$\nabla f$")
    chosen = [1, 3, 7, 9, 15, 21]  # positions with a non-zero gradient
    x, y = quiver.X[chosen], quiver.Y[chosen]
    u, v = unit(quiver.U[chosen], quiver.V[chosen])
    levels = np.unique(bowl(x, y).round(9))
    # Filled, so that no inline label breaks a line; the lines come second.
    contour = plot_contours(bowl, levels=levels, n_points=801, colorbar=False)
    paths = contour.collections[1].get_paths()
    vertices = np.concatenate([p.vertices for p in paths])
    for xi, yi, ui, vi in zip(x, y, u, v, strict=True):
        # The vertex nearest the arrow, and the nearest one distinct from it.
        distances = np.hypot(*(vertices - (xi, yi)).T)
        first = vertices[np.argmin(distances)]
        apart = np.hypot(*(vertices - first).T) > 1e-6
        second = vertices[apart][np.argmin(distances[apart])]
        tangent = (second - first) / np.hypot(*(second - first))
        assert abs(ui * tangent[0] + vi * tangent[1]) < 0.02


def test_normalised_arrows_have_one_length_and_shade_by_size():
    ax = plot_gradient_field(saddle, x_range=(0.5, 2.0), y_range=(0.5, 1.5))
    quiver = arrows(ax, r"$\nabla f$")
    lengths = np.hypot(quiver.U, quiver.V)
    assert_allclose(lengths, lengths[0])
    sizes = np.hypot(2 * quiver.X * quiver.Y, quiver.X**2)
    assert_allclose(quiver.get_array(), sizes, rtol=1e-8)
    assert "nabla f" in colorbar_label(ax)


def test_arrows_sit_inside_the_window_at_cell_centres():
    ax = plot_gradient_field(bowl, x_range=(0.0, 4.0), y_range=(-1.0, 1.0), n_arrows=4)
    quiver = arrows(ax, r"$\nabla f$")
    assert_allclose(np.unique(quiver.X), [0.5, 1.5, 2.5, 3.5])
    assert_allclose(np.unique(quiver.Y), [-0.75, -0.25, 0.25, 0.75])


def test_raw_arrows_are_proportional_to_the_gradient():
    ax = plot_gradient_field(bowl, normalise=False, colorbar=False, n_arrows=12)
    quiver = arrows(ax, r"$\nabla f$")
    ratio_x = quiver.U / (2 * quiver.X)
    ratio_y = quiver.V / (4 * quiver.Y)
    assert_allclose(ratio_x, ratio_x[0])
    assert_allclose(ratio_y, ratio_x[0])
    assert ax.figure.axes == [ax]


# ---------------------------------------------------------------- directions
def test_direction_arrow_is_the_unit_vector_and_the_gradient_arrow_is_parallel():
    ax = plot_direction(bowl, (1.0, 1.0), (3.0, -4.0))
    u = arrows(ax, "$u$")
    assert_allclose([u.U[0], u.V[0]], [0.6, -0.8])
    assert (u.X[0], u.Y[0]) == (1.0, 1.0)
    grad = arrows(ax, r"$\nabla f$")
    gx, gy = unit(grad.U[0], grad.V[0])
    assert_allclose([gx, gy], unit(2.0, 4.0))
    tangent = line_labelled(ax, "tangent to the level curve")
    (xa, xb), (ya, yb) = tangent.get_xdata(), tangent.get_ydata()
    assert_allclose((xb - xa) * 2.0 + (yb - ya) * 4.0, 0.0, atol=1e-6)


def test_direction_title_gives_the_directional_derivative_and_the_angle():
    # grad f(1, 1) = (2, 4); u = (0.6, -0.8): D_u f = 1.2 - 3.2 = -2.
    ax = plot_direction(bowl, (1.0, 1.0), (3.0, -4.0), grad_f=grad_bowl)
    value, angle = ax.get_title().splitlines()
    assert value == r"$D_{u} f = \nabla f \cdot u = -2$"
    expected = math.degrees(math.acos(-2.0 / math.hypot(2.0, 4.0)))
    assert f"${expected:.0f}^\\circ$" in angle
    assert legend_texts(ax)[:2] == [
        r"$\nabla f = (2, 4)$, arrow shortened",
        "$u = (0.60, -0.80)$, length 1",
    ]


def test_a_short_gradient_is_drawn_at_its_true_length():
    ax = plot_direction(lambda x, y: 0.1 * x + 0.2 * y, (0.0, 0.0), (1.0, 0.0))
    grad = arrows(ax, r"$\nabla f$")
    assert_allclose([grad.U[0], grad.V[0]], [0.1, 0.2], rtol=1e-8)
    assert "shortened" not in legend_texts(ax)[0]


def test_direction_at_a_critical_point_has_no_gradient_arrow():
    ax = plot_direction(bowl, (0.0, 0.0), (-1.0, -1.0))  # D_u f = -0.0, shown as 0
    assert [c.get_label() for c in ax.collections if isinstance(c, Quiver)] == ["$u$"]
    assert ax.get_title() == (
        r"$D_{u} f = \nabla f \cdot u = 0$" + "\n" + r"no angle: $\nabla f = 0$"
    )


@settings(max_examples=25, deadline=None)
@given(
    a=st.floats(-5, 5).filter(lambda a: abs(a) > 0.01),
    b=st.floats(-5, 5),
    angle=st.floats(0, 360),
)
def test_directional_derivatives_are_a_cosine_with_the_gradient_at_its_maximum(
    a, b, angle
):
    ax = plot_directional_derivatives(
        lambda x, y: a * x + b * y, (0.3, -0.2), angle=angle, grad_f=lambda x, y: (a, b)
    )
    t, values = ax.get_lines()[0].get_data()
    size, direction = math.hypot(a, b), math.degrees(math.atan2(b, a)) % 360
    assert_allclose(values, size * np.cos(np.radians(t - direction)), atol=1e-7)
    marks = {line.get_marker(): line for line in ax.get_lines()}
    assert_allclose(marks["^"].get_xydata(), [[direction, size]], atol=1e-6)
    assert_allclose(
        marks["v"].get_xydata(), [[(direction + 180) % 360, -size]], atol=1e-6
    )
    zeros = marks["o"].get_xydata()
    assert_allclose(zeros[:, 1], 0.0)
    assert_allclose(np.cos(np.radians(zeros[:, 0] - direction)), 0.0, atol=1e-9)
    current = a * math.cos(math.radians(angle)) + b * math.sin(math.radians(angle))
    assert_allclose(marks["D"].get_xydata(), [[angle % 360, current]], atol=1e-6)
    plt.close(ax.figure)


def test_directional_derivatives_name_their_axes_and_the_maximum():
    ax = plot_directional_derivatives(bowl, (1.0, 1.0), grad_f=grad_bowl)
    assert ax.get_xlabel() == "angle of $u$ (degrees)"
    assert ax.get_ylabel() == "$D_{u} f$"
    assert legend_texts(ax)[1].startswith(f"max ${math.hypot(2, 4):.4g}$ at $63.4")
    assert ax.get_xlim() == (0.0, 360.0)


def test_directional_derivatives_at_a_critical_point_are_flat_and_unmarked():
    ax = plot_directional_derivatives(bowl, (0.0, 0.0), angle=45.0)
    curve = ax.get_lines()[0]
    assert_allclose(curve.get_ydata(), 0.0, atol=1e-9)
    markers = {line.get_marker() for line in ax.get_lines()}
    assert {"^", "v", "o"}.isdisjoint(markers) and "D" in markers


def test_direction_view_marks_the_same_derivative_in_both_panels():
    ax_u, ax_d = plot_direction_view(bowl, (1.0, 1.0), 135.0, grad_f=grad_bowl)
    assert ax_u.figure is ax_d.figure
    u = arrows(ax_u, "$u$")
    assert_allclose([u.U[0], u.V[0]], [-math.sqrt(0.5), math.sqrt(0.5)])
    (current,) = [line for line in ax_d.get_lines() if line.get_marker() == "D"]
    assert_allclose(current.get_xydata(), [[135.0, math.sqrt(2)]])
    assert ax_u.get_title().startswith(r"$D_{u} f = \nabla f \cdot u = 1.414")


# ---------------------------------------------------------------- bad input
def ax_3d():
    return plt.figure().add_subplot(projection="3d")


BAD_INPUT = [
    # (call, error, words in the message)
    (lambda: plot_surface("f"), TypeError, "f must be callable"),
    (lambda: plot_surface(bowl, 2.0), TypeError, "x_range"),
    (lambda: plot_surface(bowl, (0, 1), (1, 0)), ValueError, "y_range"),
    (lambda: plot_surface(bowl, (0, np.nan)), ValueError, "x_range"),
    (lambda: plot_surface(bowl, n_points=1), ValueError, "n_points"),
    (lambda: plot_surface(bowl, n_points=5.0), TypeError, "n_points"),
    (lambda: plot_surface(bowl, point=(1.0,)), ValueError, "point"),
    (lambda: plot_surface(bowl, point="ab"), TypeError, "point"),
    (lambda: plot_surface(bowl, point=(0, np.inf)), ValueError, "point"),
    (lambda: plot_surface(bowl, point=(0, 0), slice_along="z"), ValueError, "slice"),
    (lambda: plot_surface(bowl, slice_along="x"), ValueError, "needs a point"),
    (lambda: plot_surface(bowl, ax=plt.gca()), TypeError, "3-D Axes"),
    (lambda: plot_surface(lambda x, y: [1, 2]), ValueError, "one number per point"),
    (lambda: plot_contours(None), TypeError, "f must be callable"),
    (lambda: plot_contours(bowl, y_range=(0, "1")), TypeError, "y_range"),
    (lambda: plot_contours(bowl, n_points=0), ValueError, "n_points"),
    (lambda: plot_contours(bowl, levels=0), ValueError, "levels"),
    (lambda: plot_contours(bowl, levels=[2.0, 1.0]), ValueError, "increasing"),
    (lambda: plot_contours(bowl, levels=[]), ValueError, "levels"),
    (lambda: plot_contours(bowl, levels=[0.0, np.inf]), ValueError, "levels"),
    (lambda: plot_contours(bowl, point=(0, None)), TypeError, "point"),
    (lambda: plot_contours(bowl, ax=ax_3d()), TypeError, "2-D Axes"),
    (lambda: plot_slice(1, (0, 0)), TypeError, "f must be callable"),
    (lambda: plot_slice(bowl, 0.0), TypeError, "point"),
    (lambda: plot_slice(bowl, (0, 0, 0)), ValueError, "point"),
    (lambda: plot_slice(bowl, (0, 0), variable="z"), ValueError, "variable"),
    (lambda: plot_slice(bowl, (0, 0), variable=0), ValueError, "variable"),
    (lambda: plot_slice(bowl, (0, 0), span=(1, -1)), ValueError, "span"),
    (lambda: plot_slice(bowl, (0, 0), span="ab"), TypeError, "span"),
    (lambda: plot_slice(bowl, (0, 0), partial=2.0), TypeError, "partial must be"),
    (
        lambda: plot_slice(bowl, (0, 0), partial=lambda x, y: (1, 2)),
        ValueError,
        "partial must return one number",
    ),
    (lambda: plot_slice(bowl, (0, 0), ax=ax_3d()), TypeError, "2-D Axes"),
    (lambda: plot_slice_view("f", (0, 0)), TypeError, "f must be callable"),
    (lambda: plot_slice_view(bowl, (0, "0")), TypeError, "point"),
    (lambda: plot_slice_view(bowl, (0, 0), variable="xy"), ValueError, "variable"),
    (lambda: plot_slice_view(bowl, (0, 0), partial="d"), TypeError, "partial"),
    (lambda: plot_slice_view(bowl, (0, 0), x_range=(2, 2)), ValueError, "x_range"),
    (lambda: plot_slice_view(bowl, (0, 0), axes=plt.gca()), TypeError, "axes"),
    (lambda: plot_slice_view(bowl, (0, 0), axes=(ax_3d(),)), ValueError, "axes"),
    (
        lambda: plot_slice_view(bowl, (0, 0), axes=(plt.gca(), plt.gca())),
        TypeError,
        r"axes\[0\] must be a 3-D Axes",
    ),
    (
        lambda: plot_slice_view(bowl, (0, 0), axes=(ax_3d(), ax_3d())),
        TypeError,
        r"axes\[1\] must be a 2-D Axes",
    ),
    (lambda: plot_gradient_field(3), TypeError, "f must be callable"),
    (lambda: plot_gradient_field(bowl, grad_f="2x"), TypeError, "grad_f must be"),
    (lambda: plot_gradient_field(bowl, (1, 0)), ValueError, "x_range"),
    (lambda: plot_gradient_field(bowl, n_arrows=1), ValueError, "n_arrows"),
    (lambda: plot_gradient_field(bowl, n_arrows="9"), TypeError, "n_arrows"),
    (lambda: plot_gradient_field(bowl, ax=ax_3d()), TypeError, "2-D Axes"),
    (
        lambda: plot_gradient_field(bowl, grad_f=lambda x, y: x),
        ValueError,
        "grad_f must return a pair",
    ),
    (lambda: plot_direction([], (0, 0), (1, 0)), TypeError, "f must be callable"),
    (
        lambda: plot_direction(bowl, (0, 0), (0, 0)),
        ValueError,
        "direction must be non-zero",
    ),
    (lambda: plot_direction(bowl, (0, 0), (1, 0, 0)), ValueError, "direction"),
    (lambda: plot_direction(bowl, (0, 0), "u"), TypeError, "direction"),
    (lambda: plot_direction(bowl, (0, 0), (np.nan, 1)), ValueError, "direction"),
    (lambda: plot_direction(bowl, None, (1, 0)), TypeError, "point"),
    (lambda: plot_direction(bowl, (0, 0), (1, 0), grad_f=1), TypeError, "grad_f"),
    (lambda: plot_direction(bowl, (0, 0), (1, 0), y_range=(0,)), ValueError, "y_range"),
    (lambda: plot_direction(bowl, (0, 0), (1, 0), ax=ax_3d()), TypeError, "2-D Axes"),
    (lambda: plot_directional_derivatives(0, (0, 0)), TypeError, "f must be callable"),
    (lambda: plot_directional_derivatives(bowl, (0,)), ValueError, "point"),
    (
        lambda: plot_directional_derivatives(bowl, (0, 0), angle="30"),
        TypeError,
        "angle",
    ),
    (
        lambda: plot_directional_derivatives(bowl, (0, 0), angle=np.inf),
        ValueError,
        "angle",
    ),
    (
        lambda: plot_directional_derivatives(bowl, (0, 0), grad_f=()),
        TypeError,
        "grad_f",
    ),
    (lambda: plot_directional_derivatives(bowl, (0, 0), ax=ax_3d()), TypeError, "2-D"),
    (lambda: plot_direction_view(None, (0, 0), 30.0), TypeError, "f must be callable"),
    (lambda: plot_direction_view(bowl, (0, 0), "30"), TypeError, "angle"),
    (lambda: plot_direction_view(bowl, (0, 0), np.nan), ValueError, "angle"),
    (lambda: plot_direction_view(bowl, (0, 0, 0), 30.0), ValueError, "point"),
    (lambda: plot_direction_view(bowl, (0, 0), 30.0, grad_f=2), TypeError, "grad_f"),
    (
        lambda: plot_direction_view(bowl, (0, 0), 30.0, x_range=(1, 1)),
        ValueError,
        "x_range",
    ),
    (
        lambda: plot_direction_view(bowl, (0, 0), 30.0, axes=plt.gca()),
        TypeError,
        "axes",
    ),
    (
        lambda: plot_direction_view(bowl, (0, 0), 30.0, axes=[plt.gca()]),
        ValueError,
        "axes",
    ),
    (
        lambda: plot_direction_view(bowl, (0, 0), 30.0, axes=(plt.gca(), ax_3d())),
        TypeError,
        r"axes\[1\] must be a 2-D Axes",
    ),
]


@pytest.mark.parametrize(("call", "error", "words"), BAD_INPUT)
def test_bad_input_raises_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_bad_input_leaves_no_new_figure_behind():
    for call in (
        lambda: plot_surface(bowl, slice_along="x"),
        lambda: plot_contours(bowl, levels=[]),
        lambda: plot_direction(bowl, (0, 0), (0, 0)),
        lambda: plot_direction_view(bowl, (0, 0), np.nan),
        lambda: plot_slice_view(bowl, (0, 0), variable="z"),
    ):
        with pytest.raises(ValueError):
            call()
    assert plt.get_fignums() == []


def test_the_module_lists_its_figures_in_the_package():
    from utils import plotting

    for name in ("plot_surface", "plot_contours", "plot_slice", "plot_slice_view"):
        assert getattr(plotting, name) is getattr(surfaces, name)
        assert name in plotting.__all__


# ---------------------------------------------------------------- size bounds
class Evaluated(Exception):
    """Raised by a function that the size check should have kept from running."""


def never_called(*args):
    raise Evaluated


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: plot_surface(never_called, n_points=1_001), "n_points .* 1,000"),
        (lambda: plot_contours(never_called, n_points=10**6), "n_points .* 1,000"),
        (lambda: plot_contours(never_called, levels=101), "levels .* 100"),
        (lambda: plot_contours(never_called, levels=range(101)), "levels .* 100"),
        (lambda: plot_gradient_field(never_called, n_arrows=101), "n_arrows .* 100"),
    ],
)
def test_grids_and_levels_that_would_take_minutes_are_refused_before_f_runs(
    call, words
):
    with pytest.raises(ValueError, match=words):
        call()


def test_a_hundred_levels_are_drawn():
    ax = plot_contours(bowl, levels=100, n_points=50, colorbar=False)
    assert len(ax.collections[0].levels) > 50
