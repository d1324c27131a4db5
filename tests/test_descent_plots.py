"""Tests of the optimisation figures: descent paths, decision boundaries, learning rates."""

import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_hex
from matplotlib.contour import ContourSet
from matplotlib.quiver import Quiver
from numpy.testing import assert_allclose

from utils.optim import adam, gradient_descent
from utils.plotting import (
    FIGSIZE_TALL,
    FIGSIZE_WIDE,
    plot_decision_boundary,
    plot_descent_1d,
    plot_descent_path,
    plot_learning_rate_view,
)
from utils.plotting.descent import _describe_run

matplotlib.use("Agg")


pytestmark = pytest.mark.usefixtures("no_show")  # from conftest.py


def square(x):
    """f(x) = x^2: L = 2, so gradient descent converges only for lr < 2 / L = 1."""
    return x**2


def d_square(x):
    return 2 * x


def descend(lr, n_steps=20, x0=2.0):
    return gradient_descent(d_square, x0, lr=lr, n_steps=n_steps).path


def bowl(x, y):
    """x^2 + 10 y^2: curvatures 2 and 20, minimum at (0, 0)."""
    return x**2 + 10 * y**2


def grad_bowl(v):
    return np.array([2.0, 20.0]) * v


def linear_classifier(points):
    """P(class 1) = sigmoid(2 x_1 - x_2 + 0.5): the boundary is 2 x_1 - x_2 + 0.5 = 0."""
    return 1 / (1 + np.exp(-(2 * points[:, 0] - points[:, 1] + 0.5)))


BLOBS_X = np.array(
    [[-1.0, 2.0], [-1.5, 1.0], [-0.5, 2.5], [1.0, -1.0], [1.5, 0.0], [2.0, -0.5]]
)
BLOBS_Y = np.array([0, 0, 0, 1, 1, 1])


def line_labelled(ax, prefix):
    """Return the one line whose label starts with ``prefix``."""
    lines = [line for line in ax.get_lines() if line.get_label().startswith(prefix)]
    assert len(lines) == 1, [line.get_label() for line in ax.get_lines()]
    return lines[0]


def legend_texts(ax):
    return [text.get_text() for text in ax.get_legend().get_texts()]


def no_warnings(draw):
    """Return what ``draw()`` returns, failing on any warning it gives."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = draw()
        plt.gcf().canvas.draw()  # rendering may warn too
    return result


# ---------------------------------------------------------------- every figure
FIGURES = {
    "descent_1d": lambda ax: plot_descent_1d(square, descend(0.3), ax=ax),
    "descent_path": lambda ax: plot_descent_path(
        bowl, gradient_descent(grad_bowl, [2.0, 1.0], lr=0.04, n_steps=30).path, ax=ax
    ),
    "decision_boundary": lambda ax: plot_decision_boundary(
        linear_classifier, BLOBS_X, BLOBS_Y, ax=ax, n_points=50
    ),
}


@pytest.mark.parametrize("kind", FIGURES)
def test_figure_returns_labelled_axes_on_a_new_figure(kind):
    ax = FIGURES[kind](None)
    assert isinstance(ax, Axes)
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    ax.figure.canvas.draw()  # renders every mathtext label, raising if one is wrong
    assert plt.get_fignums() == [ax.figure.number]


@pytest.mark.parametrize("kind", FIGURES)
def test_figure_draws_on_the_axes_it_is_given(kind):
    fig = plt.figure()
    ax = fig.add_subplot(121)
    assert FIGURES[kind](ax) is ax
    assert plt.get_fignums() == [fig.number]


@pytest.mark.parametrize("kind", FIGURES)
def test_figure_refuses_something_that_is_not_axes(kind):
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        FIGURES[kind]("not axes")


@pytest.mark.parametrize("kind", ["descent_path", "decision_boundary"])
def test_maps_refuse_a_3d_axes(kind):
    with pytest.raises(TypeError, match="ax must be a 2-D Axes"):
        FIGURES[kind](plt.figure().add_subplot(projection="3d"))


# ---------------------------------------------------------------- one variable
def test_descent_1d_draws_f_and_the_iterates_on_it():
    path = descend(0.3)
    ax = plot_descent_1d(square, path)
    curve = line_labelled(ax, "$f(x)$")
    x = curve.get_xdata()
    assert_allclose(curve.get_ydata(), x**2)
    iterates = line_labelled(ax, "iterates")
    assert_allclose(iterates.get_xdata(), path)
    assert_allclose(iterates.get_ydata(), path**2)
    # The default window: the path's span with at least 1 on either side.
    low, high = ax.get_xlim()
    assert low <= path.min() - 1 and high >= path.max() + 1
    assert x.min() == low and x.max() == high


def test_descent_1d_arrows_join_successive_iterates():
    path = descend(0.9, n_steps=6)
    ax = plot_descent_1d(square, path)
    (arrows,) = [c for c in ax.collections if isinstance(c, Quiver)]
    assert_allclose(arrows.X, path[:-1])
    assert_allclose(arrows.U, np.diff(path))
    assert_allclose(arrows.V, np.diff(path**2))


def test_descent_1d_marks_start_and_end_differently():
    path = descend(0.1)
    ax = plot_descent_1d(square, path)
    start = line_labelled(ax, "start")
    end = line_labelled(ax, "end")
    assert_allclose(start.get_xydata(), [[path[0], path[0] ** 2]])
    assert_allclose(end.get_xydata(), [[path[-1], path[-1] ** 2]])
    assert start.get_marker() != end.get_marker()
    assert to_hex(start.get_color()) != to_hex(end.get_color())
    # On x^2 each step multiplies x by 1 - 2 lr = 0.8.
    assert end.get_label() == f"end $x_{{20}} = {2 * 0.8**20:.4g}$"


def test_descent_1d_numbers_the_start_and_leaves_no_two_numbers_crowded():
    path = descend(0.1)
    ax = plot_descent_1d(square, path)
    numbers = {int(text.get_text()): text.xy for text in ax.texts}
    assert numbers[0] == (path[0], path[0] ** 2)
    assert 1 < len(numbers) < len(path)  # the crowd near the minimum is left out
    for k, (x, y) in numbers.items():
        assert (x, y) == (path[k], path[k] ** 2)


def test_descent_1d_with_df_draws_the_tangent_at_the_start():
    path = descend(0.1)
    ax = plot_descent_1d(square, path, df=d_square)
    tangent = line_labelled(ax, "tangent")
    (xa, xb), (ya, yb) = tangent.get_xdata(), tangent.get_ydata()
    slope = (yb - ya) / (xb - xa)
    assert_allclose(slope, d_square(path[0]))
    assert_allclose(ya + slope * (path[0] - xa), square(path[0]))


def test_descent_1d_above_the_bound_draws_the_growing_path_without_warnings():
    path = descend(1.05)  # |1 - 2 lr| = 1.1 > 1: every step is 10 % longer
    ax = no_warnings(lambda: plot_descent_1d(square, path))
    assert_allclose(line_labelled(ax, "iterates").get_xdata(), path)


def test_descent_1d_of_a_blown_up_path_shows_its_start_and_where_it_leaves():
    result = gradient_descent(d_square, 2.0, lr=1.5, n_steps=1000)
    assert result.diverged and np.abs(result.path).max() > 1e149
    ax = no_warnings(lambda: plot_descent_1d(square, result.path))
    low, high = ax.get_xlim()
    assert high - low < 1000  # the window follows the start, not the blow-up
    shown = line_labelled(ax, "iterates").get_xdata()
    assert 3 <= len(shown) < len(result.path)
    assert_allclose(shown, result.path[: len(shown)])
    gone = line_labelled(ax, f"$x_{{{len(shown)}}}$ on: out of view")
    (xa, xb), (ya, yb) = gone.get_xdata(), gone.get_ydata()
    assert (xa, ya) == (shown[-1], shown[-1] ** 2)
    # It heads for the next iterate and stops at the edge of the view.
    following = result.path[len(shown)]
    assert_allclose((yb - ya) / (xb - xa), (following**2 - ya) / (following - xa))
    assert np.isclose(xb, ax.get_xlim()).any() or np.isclose(yb, ax.get_ylim()).any()
    assert line_labelled(ax, "last in view").get_xdata()[0] == shown[-1]


def test_descent_1d_draws_the_finite_part_of_a_path_without_warnings():
    path = np.array([1.0, -1.5, 2.0, np.inf, np.nan])
    ax = no_warnings(lambda: plot_descent_1d(square, path))
    assert_allclose(line_labelled(ax, "iterates").get_xdata(), path[:3])
    gone = line_labelled(ax, "$x_{3}$ on: out of view")
    assert len(gone.get_xdata()) == 0  # nowhere to head for


def test_descent_1d_in_a_narrow_range_stops_where_the_path_leaves():
    path = descend(0.9)  # 2, -1.6, 1.28, ...
    ax = plot_descent_1d(square, path, x_range=(-1.0, 3.0))
    assert ax.get_xlim() == (-1.0, 3.0)
    assert_allclose(line_labelled(ax, "iterates").get_xdata(), [2.0])
    plt.close(ax.figure)
    ax = plot_descent_1d(square, path, x_range=(-1.0, 1.0))  # widened to hold x_0
    assert ax.get_xlim() == (-1.0, 2.0)


def test_descent_1d_of_functions_of_numbers_and_a_single_point():
    ax = plot_descent_1d(abs, [3.0])
    assert_allclose(line_labelled(ax, "iterates").get_xydata(), [[3.0, 3.0]])
    assert not [line for line in ax.get_lines() if line.get_label().startswith("end")]
    assert ax.get_title() == "Gradient descent: 0 steps from $x_0 = 3$"


# ---------------------------------------------------------------- two variables
def optimiser_paths():
    start = [-1.5, 2.0]
    return {
        "plain": gradient_descent(
            grad_bowl, start, lr=0.09, n_steps=300, tol=1e-6
        ).path,
        "momentum": gradient_descent(
            grad_bowl, start, lr=0.02, momentum=0.8, n_steps=300, tol=1e-6
        ).path,
        "Nesterov": gradient_descent(
            grad_bowl, start, lr=0.02, momentum=0.8, nesterov=True, tol=1e-6
        ).path,
        "Adam": adam(grad_bowl, start, lr=0.1, n_steps=300, tol=1e-6).path,
    }


def path_lines(ax, paths):
    return [line_labelled(ax, f"{label} (") for label in paths]


def test_descent_path_draws_each_path_with_its_own_style_and_step_count():
    paths = optimiser_paths()
    ax = plot_descent_path(bowl, paths, minimum=(0.0, 0.0))
    lines = path_lines(ax, paths)
    for line, (label, path) in zip(lines, paths.items(), strict=True):
        assert_allclose(line.get_xydata(), path)
        assert line.get_label() == f"{label} ({len(path) - 1} steps)"
    for prop in ("get_color", "get_linestyle", "get_marker"):
        assert len({str(getattr(line, prop)()) for line in lines}) == len(lines), prop


def test_descent_path_marks_the_start_and_the_minimum():
    paths = optimiser_paths()
    ax = plot_descent_path(bowl, paths, minimum=(0.0, 0.0))
    assert_allclose(line_labelled(ax, "start").get_xydata(), [[-1.5, 2.0]])
    star = line_labelled(ax, "minimum")
    assert star.get_marker() == "*"
    assert_allclose(star.get_xydata(), [[0.0, 0.0]])
    assert legend_texts(ax)[-2:] == ["start", "minimum $(0, 0)$"]


def test_descent_path_window_holds_every_path_with_equal_scales():
    paths = optimiser_paths()
    ax = plot_descent_path(bowl, paths, minimum=(0.0, 0.0))
    points = np.concatenate(list(paths.values()))
    (x_low, x_high), (y_low, y_high) = ax.get_xlim(), ax.get_ylim()
    assert x_low < points[:, 0].min() and x_high > points[:, 0].max()
    assert y_low < points[:, 1].min() and y_high > points[:, 1].max()
    assert ax.get_aspect() == 1.0
    assert ax.figure.get_size_inches()[0] == FIGSIZE_WIDE[0]


def test_descent_path_draws_unfilled_level_curves_of_f_without_a_colour_bar():
    fig, ax = plt.subplots()
    plot_descent_path(bowl, optimiser_paths(), ax=ax, levels=[1.0, 4.0])
    (contours,) = [c for c in ax.collections if isinstance(c, ContourSet)]
    assert not contours.filled
    assert_allclose(contours.levels, [1.0, 4.0])
    for level, path in zip(contours.levels, contours.get_paths(), strict=True):
        x, y = path.vertices.T
        assert_allclose(bowl(x, y), level, rtol=0.02)
    assert fig.axes == [ax]


def test_descent_path_takes_one_array_and_names_it_path():
    path = gradient_descent(grad_bowl, [1.0, 1.0], lr=0.05, n_steps=12).path
    ax = plot_descent_path(bowl, path)
    assert legend_texts(ax) == ["path (12 steps)", "start"]
    assert ax.get_title() == "Descent path on the level curves of $f$"


def test_descent_path_stops_a_diverging_path_at_the_edge_without_warnings():
    start = [-1.5, 2.0]
    paths = {
        "lr = 0.09": gradient_descent(grad_bowl, start, lr=0.09, n_steps=60).path,
        # 1 - 20 lr = -1.2: y grows by 20 % a step until it blows up
        "lr = 0.11": gradient_descent(grad_bowl, start, lr=0.11, n_steps=5000).path,
    }
    ax = no_warnings(lambda: plot_descent_path(bowl, paths, minimum=(0, 0)))
    (x_low, x_high), (y_low, y_high) = ax.get_xlim(), ax.get_ylim()
    assert y_high - y_low < 100
    diverged = line_labelled(ax, "lr = 0.11")
    shown = diverged.get_xydata()
    assert 3 <= len(shown) < len(paths["lr = 0.11"])
    assert_allclose(shown, paths["lr = 0.11"][: len(shown)])
    assert diverged.get_label().endswith(f"out of view from step {len(shown)}")
    # The dotted line from the last point in view ends on the window's edge.
    (exit_line,) = [
        line
        for line in ax.get_lines()
        if line.get_linestyle() == ":" and len(line.get_xdata()) == 2
    ]
    (xa, xb), (ya, yb) = exit_line.get_xdata(), exit_line.get_ydata()
    assert (xa, ya) == tuple(shown[-1])
    assert (
        np.isclose(yb, (y_low, y_high)).any() or np.isclose(xb, (x_low, x_high)).any()
    )
    assert_allclose(line_labelled(ax, "lr = 0.09").get_xydata(), paths["lr = 0.09"])


def test_descent_path_widens_given_ranges_to_hold_the_start():
    path = np.array([[3.0, 0.5], [1.0, 0.2]])
    ax = plot_descent_path(bowl, path, x_range=(-1.0, 1.0), y_range=(-1.0, 1.0))
    assert ax.get_xlim() == (-1.0, 3.0) and ax.get_ylim() == (-1.0, 1.0)


# ---------------------------------------------------------------- classification
def test_decision_boundary_lies_where_the_probability_is_one_half():
    ax = plot_decision_boundary(linear_classifier, BLOBS_X, BLOBS_Y)
    (boundary,) = [
        c for c in ax.collections if isinstance(c, ContourSet) and not c.filled
    ]
    assert_allclose(boundary.levels, [0.5])
    vertices = np.concatenate([path.vertices for path in boundary.get_paths()])
    assert len(vertices) > 10
    x1, x2 = vertices.T
    # On the line 2 x_1 - x_2 + 0.5 = 0, up to the grid's linear interpolation,
    # and across the whole view.
    assert_allclose(2 * x1 - x2 + 0.5, 0.0, atol=1e-5)
    assert_allclose(linear_classifier(vertices), 0.5, atol=1e-5)
    assert_allclose((x2.min(), x2.max()), ax.get_ylim())
    assert "decision boundary" in legend_texts(ax)


def test_decision_boundary_background_is_the_probability_with_a_colour_bar():
    ax = plot_decision_boundary(linear_classifier, BLOBS_X, BLOBS_Y)
    (bands,) = [c for c in ax.collections if isinstance(c, ContourSet) and c.filled]
    assert_allclose(bands.levels, np.linspace(0, 1, 11))
    assert ax.figure.axes[-1].get_ylabel() == "P(class 1)"


def test_decision_boundary_draws_the_classes_with_different_markers_and_colours():
    ax = plot_decision_boundary(linear_classifier, BLOBS_X, BLOBS_Y)
    zero, one = line_labelled(ax, "class 0"), line_labelled(ax, "class 1")
    assert_allclose(zero.get_xydata(), BLOBS_X[BLOBS_Y == 0])
    assert_allclose(one.get_xydata(), BLOBS_X[BLOBS_Y == 1])
    assert zero.get_marker() != one.get_marker()
    assert to_hex(zero.get_color()) != to_hex(one.get_color())
    assert legend_texts(ax)[:2] == ["class 0", "class 1"]


def test_decision_boundary_rings_and_counts_the_misclassified_points_on_request():
    flipped = BLOBS_Y.copy()
    flipped[[0, -1]] = 1 - flipped[[0, -1]]  # two labels now on the wrong side
    ax = plot_decision_boundary(linear_classifier, BLOBS_X, flipped, mark_errors=True)
    rings = line_labelled(ax, "misclassified (2)")
    assert_allclose(rings.get_xydata(), BLOBS_X[[0, -1]])
    assert rings.get_markerfacecolor() == "none"
    plain = plot_decision_boundary(linear_classifier, BLOBS_X, flipped)
    assert not any(text.startswith("misclassified") for text in legend_texts(plain))


def test_decision_boundary_default_window_is_the_data_widened_by_a_tenth():
    ax = plot_decision_boundary(linear_classifier, BLOBS_X, BLOBS_Y)
    assert_allclose(ax.get_xlim(), (-1.5 - 0.35, 2.0 + 0.35))
    assert_allclose(ax.get_ylim(), (-1.0 - 0.35, 2.5 + 0.35))


def test_decision_boundary_accepts_a_column_of_probabilities():
    def column(points):  # shaped like the output of a network, (m, 1)
        return linear_classifier(points)[:, None]

    ax = plot_decision_boundary(column, BLOBS_X, BLOBS_Y, n_points=30)
    assert "decision boundary" in legend_texts(ax)


def test_decision_boundary_out_of_view_is_left_out_without_warnings():
    ax = no_warnings(
        lambda: plot_decision_boundary(
            lambda points: np.full(len(points), 0.8), BLOBS_X, BLOBS_Y
        )
    )
    assert legend_texts(ax) == ["class 0", "class 1"]


# ---------------------------------------------------------------- learning rate
@pytest.mark.parametrize(
    ("lr", "n_steps", "words"),
    [
        # On x^2, x_{k+1} = (1 - 2 lr) x_k.
        (0.1, 20, "converging"),  # factor 0.8
        (0.9, 20, "oscillating and converging"),  # factor -0.8
        (1.0, 20, "oscillating, not converging"),  # factor -1
        (1.05, 20, "diverging, the steps grow"),  # factor -1.1
        (1.5, 1000, "diverged, |x| blew up"),  # factor -2: past 1e150
        (0.5, 20, "converged"),  # factor 0: at the minimum in one step
        (0.4, 30, "converged"),  # factor 0.2: one side, then too small to see
        (0.65, 30, "oscillated and converged"),  # factor -0.3: flips, then still
        (0.6, 20, "oscillated and converged"),  # factor -0.2
        (0.87, 50, "oscillating and converging"),  # factor -0.74: still moving
        (0.1, 1, "1 step, too few to judge"),
    ],
)
def test_describe_run_follows_the_factor_of_each_step(lr, n_steps, words):
    result = gradient_descent(d_square, 2.0, lr=lr, n_steps=n_steps)
    assert _describe_run(result.path, result.diverged) == words


def test_describe_run_of_a_run_that_creeps_one_way_and_of_a_flat_one():
    assert _describe_run(np.array([0.0, 1.0, 2.0, 3.0]), False) == "steps of one size"
    assert _describe_run(np.array([0.0, 1.0, 3.0]), False) == (
        "diverging, the steps grow"
    )


def test_learning_rate_view_shows_the_path_and_its_losses():
    ax_path, ax_loss = plot_learning_rate_view(
        square, d_square, lr=0.3, x0=2.0, n_steps=15
    )
    path = descend(0.3, n_steps=15)
    assert ax_path.figure is ax_loss.figure
    assert tuple(ax_path.figure.get_size_inches()) == FIGSIZE_WIDE
    assert_allclose(line_labelled(ax_path, "iterates").get_xdata(), path)
    (loss,) = ax_loss.get_lines()
    assert_allclose(loss.get_xdata(), np.arange(16))
    assert_allclose(loss.get_ydata(), path**2)
    assert ax_loss.get_yscale() == "log"
    assert ax_loss.get_xlabel() == "step $k$" and ax_loss.get_ylabel() == "$f(x_k)$"


def test_learning_rate_view_title_says_how_the_run_went():
    converging, _ = plot_learning_rate_view(
        square, d_square, lr=0.1, x0=2.0, n_steps=20
    )
    diverging, _ = no_warnings(
        lambda: plot_learning_rate_view(square, d_square, lr=1.05, x0=2.0, n_steps=20)
    )
    assert converging.get_title() == r"$\mathrm{lr} = 0.1$: converging"
    assert diverging.get_title() == r"$\mathrm{lr} = 1.05$: diverging, the steps grow"


def test_learning_rate_view_uses_a_linear_scale_for_losses_that_reach_zero():
    _, ax_loss = plot_learning_rate_view(square, d_square, lr=0.5, x0=2.0, n_steps=5)
    assert ax_loss.get_yscale() == "linear"
    assert_allclose(ax_loss.get_lines()[0].get_ydata(), [4.0, 0, 0, 0, 0, 0])


def test_learning_rate_view_draws_on_the_axes_it_is_given():
    fig, axes = plt.subplots(1, 2)
    assert plot_learning_rate_view(
        square, d_square, lr=0.1, x0=1.0, n_steps=3, axes=axes
    ) == tuple(axes)
    assert plt.get_fignums() == [fig.number]


# ---------------------------------------------------------------- bad input
def some_axes():
    return plt.figure().add_subplot()


BAD_INPUT = [
    # plot_descent_1d
    (lambda: plot_descent_1d(2.0, [1.0]), TypeError, "f must be callable"),
    (lambda: plot_descent_1d(square, [1.0], df=2), TypeError, "df must be callable"),
    (lambda: plot_descent_1d(square, [[1.0, 2.0]]), ValueError, r"shape \(1, 2\)"),
    (lambda: plot_descent_1d(square, []), ValueError, "at least one point"),
    (lambda: plot_descent_1d(square, [np.nan, 1.0]), ValueError, "finite point"),
    (lambda: plot_descent_1d(square, [1.0], x_range=3), TypeError, "x_range"),
    (lambda: plot_descent_1d(square, [1.0], x_range=(2, 1)), ValueError, "x_range"),
    (lambda: plot_descent_1d(square, [1.0], ax=1), TypeError, "ax"),
    (
        lambda: plot_descent_1d(lambda x: [1.0, 2.0], [1.0]),
        ValueError,
        "f must return one number per point",
    ),
    # plot_descent_path
    (lambda: plot_descent_path(None, [[0.0, 0.0]]), TypeError, "f must be callable"),
    (lambda: plot_descent_path(bowl, [1.0, 2.0]), ValueError, r"shape \(2,\)"),
    (lambda: plot_descent_path(bowl, [[1.0, 2.0, 3.0]]), ValueError, "paths must be"),
    (
        lambda: plot_descent_path(bowl, {"Adam": [0.0, 1.0]}),
        ValueError,
        r"paths\['Adam'\] must be a \(k, 2\) array of points, got shape \(2,\)",
    ),
    (lambda: plot_descent_path(bowl, np.zeros((0, 2))), ValueError, "at least one"),
    (
        lambda: plot_descent_path(bowl, [[np.inf, 0.0]]),
        ValueError,
        "start at a finite point",
    ),
    (
        lambda: plot_descent_path(bowl, [[0.0, 1.0]], x_range=(1, 1)),
        ValueError,
        "x_range",
    ),
    (lambda: plot_descent_path(bowl, [[0.0, 1.0]], y_range="ab"), TypeError, "y_range"),
    (lambda: plot_descent_path(bowl, [[0.0, 1.0]], minimum=1.0), TypeError, "minimum"),
    (
        lambda: plot_descent_path(bowl, [[0.0, 1.0]], minimum=(0, np.nan)),
        ValueError,
        "minimum",
    ),
    (lambda: plot_descent_path(bowl, [[0.0, 1.0]], levels=0), ValueError, "levels"),
    (
        lambda: plot_descent_path(bowl, [[0.0, 1.0]], levels=[2, 1]),
        ValueError,
        "levels",
    ),
    (
        lambda: plot_descent_path(lambda x, y: np.ones(3), [[0.0, 1.0]]),
        ValueError,
        "f must return one number per point",
    ),
    # plot_decision_boundary
    (
        lambda: plot_decision_boundary("model", BLOBS_X, BLOBS_Y),
        TypeError,
        "predict must be callable",
    ),
    (
        lambda: plot_decision_boundary(lambda point: 0.5, BLOBS_X, BLOBS_Y),
        ValueError,
        r"predict must return one probability per point.*got shape \(\)",
    ),
    (
        lambda: plot_decision_boundary(
            lambda points: 3 * points[:, 0], BLOBS_X, BLOBS_Y
        ),
        ValueError,
        "predict must return probabilities between 0 and 1",
    ),
    (
        lambda: plot_decision_boundary(
            lambda points: np.full(len(points), np.nan), BLOBS_X, BLOBS_Y
        ),
        ValueError,
        "between 0 and 1, got nan",
    ),
    (
        lambda: plot_decision_boundary(linear_classifier, BLOBS_X[:, :1], BLOBS_Y),
        ValueError,
        r"X must be an \(n, 2\) array of points, got shape \(6, 1\)",
    ),
    (
        lambda: plot_decision_boundary(linear_classifier, np.zeros((0, 2)), []),
        ValueError,
        "X must be",
    ),
    (
        lambda: plot_decision_boundary(linear_classifier, [[0.0, np.inf]], [0]),
        ValueError,
        "X must hold finite numbers",
    ),
    (
        lambda: plot_decision_boundary(linear_classifier, BLOBS_X, BLOBS_Y[:4]),
        ValueError,
        r"y must hold one label per row of X, shape \(6,\), got shape \(4,\)",
    ),
    (
        lambda: plot_decision_boundary(linear_classifier, BLOBS_X, BLOBS_Y * 2),
        ValueError,
        "y must hold only the labels 0 and 1",
    ),
    (
        lambda: plot_decision_boundary(linear_classifier, BLOBS_X, ["a"] * 6),
        ValueError,
        "y must hold only the labels 0 and 1",
    ),
    (
        lambda: plot_decision_boundary(
            linear_classifier, BLOBS_X, BLOBS_Y, x_range=(0, 0)
        ),
        ValueError,
        "x_range",
    ),
    (
        lambda: plot_decision_boundary(linear_classifier, BLOBS_X, BLOBS_Y, y_range=1),
        TypeError,
        "y_range",
    ),
    (
        lambda: plot_decision_boundary(
            linear_classifier, BLOBS_X, BLOBS_Y, n_points=2.5
        ),
        TypeError,
        "n_points",
    ),
    (
        lambda: plot_decision_boundary(linear_classifier, BLOBS_X, BLOBS_Y, n_points=1),
        ValueError,
        "n_points",
    ),
    # plot_learning_rate_view
    (
        lambda: plot_learning_rate_view(1, d_square, lr=0.1, x0=1.0, n_steps=3),
        TypeError,
        "f must be callable",
    ),
    (
        lambda: plot_learning_rate_view(square, "2x", lr=0.1, x0=1.0, n_steps=3),
        TypeError,
        "df must be callable",
    ),
    (
        lambda: plot_learning_rate_view(square, d_square, lr="0.1", x0=1.0, n_steps=3),
        TypeError,
        "lr",
    ),
    (
        lambda: plot_learning_rate_view(square, d_square, lr=-0.1, x0=1.0, n_steps=3),
        ValueError,
        "lr must be positive, got -0.1",
    ),
    (
        lambda: plot_learning_rate_view(square, d_square, lr=0.1, x0=[1], n_steps=3),
        TypeError,
        "x0",
    ),
    (
        lambda: plot_learning_rate_view(square, d_square, lr=0.1, x0=np.inf, n_steps=3),
        ValueError,
        "x0 must be finite",
    ),
    (
        lambda: plot_learning_rate_view(square, d_square, lr=0.1, x0=1.0, n_steps=2.0),
        TypeError,
        "n_steps must be an integer",
    ),
    (
        lambda: plot_learning_rate_view(square, d_square, lr=0.1, x0=1.0, n_steps=0),
        ValueError,
        "n_steps must be at least 1, got 0",
    ),
    (
        lambda: plot_learning_rate_view(
            square, d_square, lr=0.1, x0=1.0, n_steps=3, axes=some_axes()
        ),
        TypeError,
        "axes",
    ),
    (
        lambda: plot_learning_rate_view(
            square, d_square, lr=0.1, x0=1.0, n_steps=3, axes=[some_axes()]
        ),
        ValueError,
        "axes",
    ),
    (
        lambda: plot_learning_rate_view(
            square,
            d_square,
            lr=0.1,
            x0=1.0,
            n_steps=3,
            axes=(some_axes(), plt.figure().add_subplot(projection="3d")),
        ),
        TypeError,
        r"axes\[1\] must be a 2-D Axes",
    ),
    (
        lambda: plot_learning_rate_view(
            lambda x: np.ones(2), d_square, lr=0.1, x0=1.0, n_steps=3
        ),
        ValueError,
        "f must return one number per point",
    ),
    (
        lambda: plot_learning_rate_view(
            square, lambda x: np.nan, lr=0.1, x0=1.0, n_steps=3
        ),
        ValueError,
        "grad must be finite at x0",
    ),
]


@pytest.mark.parametrize(("call", "error", "words"), BAD_INPUT)
def test_bad_input_raises_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_a_wide_flat_window_gets_a_lower_figure_than_a_square_one():
    def bowl(x, y):
        return x**2 + y**2

    path = np.array([[10.0, 1.0], [5.0, 0.5], [0.0, 0.0]])
    flat = plot_descent_path(bowl, path, x_range=(-1.0, 11.0), y_range=(-2.0, 2.0))
    square = plot_descent_path(bowl, path, x_range=(-1.0, 11.0), y_range=(-6.0, 6.0))
    flat_size, square_size = (
        flat.figure.get_size_inches(),
        square.figure.get_size_inches(),
    )
    assert flat_size[0] == square_size[0] == FIGSIZE_WIDE[0]
    assert 3.0 <= flat_size[1] < square_size[1] <= FIGSIZE_TALL[1]


# ---------------------------------------------------------------- size bounds
class Evaluated(Exception):
    """Raised by a function that the size check should have kept from running."""


def never_called(*args):
    raise Evaluated


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (
            lambda: plot_decision_boundary(
                never_called, BLOBS_X, BLOBS_Y, n_points=1_001
            ),
            "n_points must be at most 1,000",
        ),
        (
            lambda: plot_descent_path(bowl, [[0.0, 1.0]], levels=101),
            "levels must be from 1 to 100",
        ),
    ],
)
def test_grids_and_levels_that_would_take_minutes_are_refused_before_f_runs(
    call, words
):
    with pytest.raises(ValueError, match=words):
        call()


def test_a_learning_rate_view_of_more_than_10_000_steps_is_refused_before_df_runs():
    with pytest.raises(ValueError, match="n_steps must be at most 10,000, got 10,001"):
        plot_learning_rate_view(square, never_called, lr=0.1, x0=1.0, n_steps=10_001)
