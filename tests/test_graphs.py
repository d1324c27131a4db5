"""Tests of plot_graph: one box per value, one circle per operation, a readable layout."""

import math
from collections import Counter
from itertools import combinations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch

from utils.autodiff import Value
from utils.plotting import plot_graph

matplotlib.use("Agg")

pytestmark = pytest.mark.usefixtures("no_show")  # from conftest.py

TOL = 1e-6  # inches: the arrows' paths go through display coordinates and back
# The tip of a filled arrow head stops short of its target by about a line
# width, so that the stroked outline, not the path, reaches the target.
TIP_TOL = 0.03


# ---------------------------------------------------------------- graphs
def labelled(output):
    """Label every unlabelled value of output's graph, so each box can be found."""
    for number, node in enumerate(output._topological_order()):
        if not node.label:
            node.label = f"v{number}"
    return output


def square():
    x = Value(3.0, label="x")
    y = x * x
    y.label = "y"
    y.backward()
    return y


def diamond():
    """x feeds two operations whose results meet again."""
    x = Value(0.5, label="x")
    out = 2 * x + x.exp()
    out.backward()
    return out


def neuron():
    x1, x2 = Value(2.0, label="x1"), Value(-1.0, label="x2")
    w1, w2, b = Value(-0.5, label="w1"), Value(0.8, label="w2"), Value(0.3, label="b")
    out = (w1 * x1 + w2 * x2 + b).tanh()
    out.backward()
    return out


def network():
    """2 inputs, 2 tanh units, 1 sigmoid unit, a squared loss: 29 values."""
    x1, x2 = Value(0.5, label="x1"), Value(-1.5, label="x2")

    def unit(w, b, inputs, activation):
        total = w[0] * inputs[0] + w[1] * inputs[1] + b
        return getattr(total, activation)()

    h1 = unit([Value(0.4), Value(-0.7)], Value(0.1), (x1, x2), "tanh")
    h2 = unit([Value(-0.3), Value(0.9)], Value(-0.2), (x1, x2), "tanh")
    out = unit([Value(1.2), Value(-0.8)], Value(0.05), (h1, h2), "sigmoid")
    loss = (out - 1.0) ** 2
    loss.backward()
    return loss


def chain(n_values):
    """tanh applied again and again to one leaf: n_values values in a row."""
    y = Value(0.5)
    for _ in range(n_values - 1):
        y = y.tanh()
    return y


def wide_sum(n_terms):
    """x1 * x2 + x3 * x4 + ...: many values in the first columns."""
    leaves = [Value(0.1 * k) for k in range(2 * n_terms)]
    total = leaves[0] * leaves[1]
    for a, b in zip(leaves[2::2], leaves[3::2], strict=True):
        total = total + a * b
    return total


def sixty():
    """60 values, with reuse across columns: x in every product."""
    x = Value(0.3, label="x")
    y = x
    for _ in range(29):
        y = (y * x).tanh()
    return y.exp()


GRAPHS = {"square": square, "diamond": diamond, "neuron": neuron, "network": network}


# ---------------------------------------------------------------- reading the drawing
def values_of(output):
    return output._topological_order()


def boxes(ax):
    return [p for p in ax.patches if p.get_gid() == "value"]


def circles(ax):
    return [p for p in ax.patches if p.get_gid() == "operation"]


def arrows(ax):
    return [p for p in ax.patches if isinstance(p, FancyArrowPatch)]


def extents(patch):
    """Return the bounding box of a patch in data coordinates."""
    return patch.get_path().get_extents(patch.get_patch_transform())


def overlap(a, b):
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def drawn_values(ax):
    """Return {label: (box extents, circle or None)} read from the drawing.

    A box is found from its text's first line, the label; its operation's
    circle is the one with an arrow from it to the middle of the box's left side.
    """
    ends = [start_and_tip(arrow) for arrow in arrows(ax)]
    out_of_circles = [
        (c, tip) for start, tip in ends for c in circles(ax) if on_circle(start, c)
    ]
    all_boxes = [extents(b) for b in boxes(ax)]
    found = {}
    for text in (t for t in ax.texts if t.get_gid() == "value"):
        x, y = text.get_position()
        (box,) = [b for b in all_boxes if b.contains(x, y)]
        (circle,) = [
            c
            for c, tip in out_of_circles
            if abs(tip[0] - box.x0) < TIP_TOL and abs(tip[1] - y) < TIP_TOL
        ] or [None]
        found[text.get_text().split("\n")[0]] = (box, circle)
    return found


def start_and_tip(arrow):
    """Return where an arrow starts and the tip of its head (the rightmost point)."""
    path = arrow.get_path()
    head_starts = np.flatnonzero(path.codes == path.MOVETO)[1]
    head = path.vertices[head_starts:-1]
    return path.vertices[0], head[np.argmax(head[:, 0])]


def on_circle(point, circle, tol=TOL):
    (x, y), (cx, cy) = point, circle.center
    return abs(math.hypot(x - cx, y - cy) - circle.radius) < tol


def on_right_edge(point, box):
    return abs(point[0] - box.x1) < TOL and box.y0 < point[1] < box.y1


# ---------------------------------------------------------------- what is drawn
@pytest.mark.parametrize("build", [square, diamond, neuron, network])
def test_one_box_and_text_per_value_and_one_circle_per_operation(build):
    output = build()
    nodes = values_of(output)
    ax = plot_graph(output)
    assert len(boxes(ax)) == len(nodes)
    assert len([t for t in ax.texts if t.get_gid() == "value"]) == len(nodes)
    operations = [node._op for node in nodes if node._op]
    assert len(circles(ax)) == len(operations)
    op_texts = [t.get_text() for t in ax.texts if t.get_gid() == "operation"]
    assert Counter(op_texts) == Counter(operations)


def test_boxes_of_x_times_x_show_the_derivative_2x():
    ax = plot_graph(square())
    texts = {t.get_text() for t in ax.texts}
    assert texts == {"x\ndata 3\ngrad 6", "y\ndata 9\ngrad 1", "*"}


@pytest.mark.parametrize("build", [diamond, neuron, network])
def test_every_value_shows_its_data_and_grad_to_four_digits(build):
    output = build()
    texts = [t.get_text() for t in plot_graph(output).texts]
    for node in values_of(output):
        lines = [node.label] if node.label else []
        lines += [f"data {node.data:.4g}", f"grad {node.grad:.4g}"]
        assert "\n".join(lines) in texts


def test_show_grad_false_leaves_out_the_grads():
    output = neuron()
    texts = [t.get_text() for t in plot_graph(output, show_grad=False).texts]
    assert not [text for text in texts if "grad" in text]
    for node in values_of(output):
        assert any(f"data {node.data:.4g}" in text for text in texts)


def test_operation_symbols_include_powers_and_activations():
    x = Value(1.5)
    output = (x**2).tanh() + x.sigmoid() - x.exp() * x.relu()
    texts = {
        t.get_text() for t in plot_graph(output).texts if t.get_gid() == "operation"
    }
    assert texts == {"**2", "tanh", "sigmoid", "+", "-", "exp", "*", "relu"}


def test_leaves_computed_values_and_the_output_look_different_not_only_in_colour():
    output = labelled(neuron())
    ax = plot_graph(output)
    style = {}
    for patch in boxes(ax):
        (text,) = [t for t in ax.texts if extents(patch).contains(*t.get_position())]
        style[text.get_text().split("\n")[0]] = (
            patch.get_facecolor(),
            patch.get_linestyle(),
            patch.get_linewidth(),
        )
    leaf, computed = style["w1"], style[output._prev[0].label]  # the sum in tanh
    assert leaf[0] != computed[0] and leaf[1] != computed[1]
    out = style[output.label]
    assert out[0] not in (leaf[0], computed[0]) and out[2] > computed[2]


# ---------------------------------------------------------------- layout
@pytest.mark.parametrize("build", GRAPHS.values(), ids=GRAPHS)
def test_inputs_are_left_of_their_operation_left_of_its_result(build):
    output = labelled(build())
    drawn = drawn_values(plot_graph(output))
    for node in values_of(output):
        box, circle = drawn[node.label]
        if not node._prev:
            assert circle is None
            continue
        for source in node._prev:
            assert drawn[source.label][0].x1 < circle.center[0] - circle.radius
        assert circle.center[0] + circle.radius < box.x0


@pytest.mark.parametrize("build", GRAPHS.values(), ids=GRAPHS)
def test_arrows_run_from_each_input_to_the_operation_and_on_to_the_result(build):
    output = labelled(build())
    ax = plot_graph(output)
    drawn = drawn_values(ax)
    ends = [start_and_tip(arrow) for arrow in arrows(ax)]
    assert len(ends) == sum(
        len(node._prev) + 1 for node in values_of(output) if node._prev
    )
    for node in values_of(output):
        box, circle = drawn[node.label]
        if circle is None:
            continue
        into = [start for start, tip in ends if on_circle(tip, circle, TIP_TOL)]
        sources = [
            label
            for start in into
            for label, (source_box, _) in drawn.items()
            if on_right_edge(start, source_box)
        ]
        assert Counter(sources) == Counter(s.label for s in node._prev)
        out = [tip for start, tip in ends if on_circle(start, circle)]
        assert len(out) == 1 and abs(out[0][0] - box.x0) < TIP_TOL


def test_a_value_used_twice_sends_two_separate_arrows():
    ax = plot_graph(square())
    (circle,) = circles(ax)
    into = [
        (start, tip)
        for start, tip in map(start_and_tip, arrows(ax))
        if on_circle(tip, circle, TIP_TOL)
    ]
    assert len(into) == 2
    (start_a, tip_a), (start_b, tip_b) = into
    assert abs(start_a[1] - start_b[1]) > 0.03 and abs(tip_a[1] - tip_b[1]) > 0.03


@pytest.mark.parametrize("build", [*GRAPHS.values(), sixty], ids=[*GRAPHS, "sixty"])
def test_no_two_boxes_or_circles_overlap(build):
    ax = plot_graph(build())
    shapes = [extents(p) for p in boxes(ax) + circles(ax)]
    for a, b in combinations(shapes, 2):
        assert not overlap(a, b)


@pytest.mark.parametrize(
    "build",
    [network, sixty, lambda: Value(1.0, label="$w_{1}$") * Value(2.0, label="$x$")],
)
def test_text_stays_inside_its_box_or_circle_when_rendered(build):
    ax = plot_graph(build(), title="A title")
    renderer = ax.figure.canvas.get_renderer()
    shapes = [(p, extents(p)) for p in boxes(ax) + circles(ax)]
    for text in ax.texts:
        inside = text.get_window_extent(renderer)
        (shape,) = [
            p
            for p, bbox in shapes
            if p.get_gid() == text.get_gid() and bbox.contains(*text.get_position())
        ]
        outside = shape.get_window_extent(renderer)
        assert outside.x0 <= inside.x0 and inside.x1 <= outside.x1
        assert outside.y0 <= inside.y0 and inside.y1 <= outside.y1


def test_text_shrinks_to_fit_a_small_given_axes():
    _, ax = plt.subplots(figsize=(4.0, 2.0))
    plot_graph(network(), ax=ax)
    renderer = ax.figure.canvas.get_renderer()
    for text, box in zip(
        [t for t in ax.texts if t.get_gid() == "value"], boxes(ax), strict=True
    ):
        inside, outside = (
            text.get_window_extent(renderer),
            box.get_window_extent(renderer),
        )
        assert outside.x0 <= inside.x0 and inside.x1 <= outside.x1


def test_layout_is_deterministic():
    first = [extents(p).bounds for p in plot_graph(network()).patches]
    second = [extents(p).bounds for p in plot_graph(network()).patches]
    assert first == second


def test_a_single_value_is_one_box():
    ax = plot_graph(Value(1.0, label="a"))
    assert len(boxes(ax)) == 1 and not circles(ax) and not arrows(ax)


# ---------------------------------------------------------------- the Axes
def test_a_new_figure_grows_with_the_columns_and_the_rows():
    small = plot_graph(square()).figure.get_size_inches()
    long = plot_graph(chain(8)).figure.get_size_inches()
    tall = plot_graph(wide_sum(6)).figure.get_size_inches()
    assert long[0] > 2 * small[0]
    assert tall[1] > 2 * small[1]


def test_the_diagram_has_no_ticks_spines_or_grid_and_keeps_the_title():
    with matplotlib.rc_context({"axes.grid": True}):
        ax = plot_graph(neuron(), title="A neuron")
    assert isinstance(ax, Axes)
    assert len(ax.get_xticks()) == 0 and len(ax.get_yticks()) == 0
    assert not any(spine.get_visible() for spine in ax.spines.values())
    assert ax.get_title() == "A neuron"
    assert ax.get_aspect() == 1.0  # circles stay round


def test_plot_graph_draws_on_the_axes_it_is_given():
    fig, ax = plt.subplots(figsize=(6.0, 3.0))
    assert plot_graph(neuron(), ax=ax) is ax
    assert plt.get_fignums() == [fig.number]
    assert tuple(fig.get_size_inches()) == (6.0, 3.0)


def test_plot_graph_stores_nothing_on_the_values():
    output = network()
    before = [dict(vars(node)) for node in values_of(output)]
    plot_graph(output)
    assert [dict(vars(node)) for node in values_of(output)] == before


# ---------------------------------------------------------------- random graphs
UNARY = [Value.tanh, Value.sigmoid, Value.relu, lambda v: v**2]
BINARY = [Value.__add__, Value.__sub__, Value.__mul__]


@st.composite
def expressions(draw):
    """Random operations on 2 or 3 leaves, each value at most 5 operations deep."""
    values = [
        Value(draw(st.floats(-2.0, 2.0)), label=f"x{i}")
        for i in range(draw(st.integers(2, 3)))
    ]
    depth = dict.fromkeys(values, 0)
    for i in range(draw(st.integers(1, 12))):
        shallow = [v for v in values if depth[v] < 5]
        a = draw(st.sampled_from(shallow))
        if draw(st.booleans()):
            result = draw(st.sampled_from(UNARY))(a)
            depth[result] = depth[a] + 1
        else:
            b = draw(st.sampled_from(shallow))
            result = draw(st.sampled_from(BINARY))(a, b)
            depth[result] = max(depth[a], depth[b]) + 1
        result.label = f"v{i}"
        values.append(result)
    return values[-1]


@settings(max_examples=25, deadline=None)
@given(output=expressions())
def test_random_graphs_get_one_box_per_value_and_no_overlap(output):
    output.backward()
    ax = plot_graph(output)
    nodes = values_of(output)
    assert len(boxes(ax)) == len(nodes)
    assert len(circles(ax)) == sum(1 for node in nodes if node._op)
    shapes = [extents(p) for p in boxes(ax) + circles(ax)]
    for a, b in combinations(shapes, 2):
        assert not overlap(a, b)
    drawn = drawn_values(ax)
    for node in nodes:
        for source in node._prev:
            assert drawn[source.label][0].x1 < drawn[node.label][0].x0
    plt.close(ax.figure)


# ---------------------------------------------------------------- bad input
def test_sixty_values_are_drawn_and_sixty_one_refused():
    output = sixty()
    assert len(values_of(output)) == 60
    assert len(boxes(plot_graph(output))) == 60
    with pytest.raises(ValueError, match=r"has 61 values.*at most 60"):
        plot_graph(output.tanh())


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: plot_graph(2.0), TypeError, "output must be a Value, got float"),
        (lambda: plot_graph([Value(1.0)]), TypeError, "output .* got list"),
        (lambda: plot_graph(square(), ax="not axes"), TypeError, "ax must be"),
    ],
)
def test_bad_input_raises_a_clear_error(call, error, words):
    with pytest.raises(error, match=words):
        call()
