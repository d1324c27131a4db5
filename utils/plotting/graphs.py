"""Computational graphs of `utils.autodiff.Value`, drawn as diagrams.

Values are boxes and operations circles, in columns from left to right: every
input left of its result, a leaf just left of its first use. An edge that
skips columns runs through a lane of its own; barycentre sweeps order each
column so that edges cross little. Sizes are in inches.
"""

from __future__ import annotations

import math
from collections.abc import Hashable
from itertools import pairwise
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import cbook
from matplotlib.axes import Axes
from matplotlib.colors import to_rgb
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path
from matplotlib.textpath import text_to_path

from utils.autodiff import Value

from ._base import BLACK, BLUE, ORANGE, SKY_BLUE, VERMILLION, check_ax

_MAX_NODES = 60

# Sizes, in points for text and in inches for the layout.
_FONTSIZE = 9.0
_LINESPACING = 1.2
_PAD = 0.07  # between a box's text and its edge
_MIN_RADIUS = 0.16  # of an operation's circle
_ARROW = 0.15  # from an operation's circle to its result's box
_COLUMN_GAP = 0.42  # between columns, where the edges bend
_ROW_GAP = 0.14  # between the items of a column
_LANE = 0.1  # height of the lane of an edge crossing a column
_PORT_STEP = 0.08  # between the edges leaving one box
_PORT_ANGLE = math.radians(44)  # between the edges entering one circle
_MARGIN = 0.12  # around the diagram
_TITLE_HEIGHT = 0.45
_N_SWEEPS = 4


def _tint(color: str, amount: float) -> tuple[float, float, float]:
    """Return ``color`` mixed with white: ``amount`` 1 is the colour itself."""
    return tuple(1 - amount * (1 - c) for c in to_rgb(color))


# What each element looks like: leaves and computed values differ in face
# colour AND edge style; the output has a thick edge and a colour of its own.
_LEAF = {"facecolor": _tint(SKY_BLUE, 0.35), "edgecolor": BLUE, "linestyle": "--"}
_COMPUTED = {"facecolor": "white", "edgecolor": BLACK, "linestyle": "-"}
_OUTPUT = {"facecolor": _tint(ORANGE, 0.35), "edgecolor": VERMILLION}
_BOX_LINEWIDTH, _OUTPUT_LINEWIDTH = 1.2, 2.6
_OPERATION = {"facecolor": _tint(BLACK, 0.08), "edgecolor": BLACK}
_EDGE = {"color": "#404040", "linewidth": 1.1, "arrowstyle": "-|>"}


class _Lane(NamedTuple):
    """The place of edge number ``edge`` in a column that it crosses."""

    edge: int
    column: int


_Item = Hashable  # a Value or a _Lane: what a column holds


def plot_graph(
    output: Value,
    *,
    ax: Axes | None = None,
    show_grad: bool = True,
    title: str | None = None,
) -> Axes:
    """Draw the computational graph of a Value, from the leaves to ``output``.

    Each value is a box with its label, ``data`` and ``grad`` (to 4 digits):
    leaves light blue and dashed, computed values white, ``output`` orange and
    thick. Each operation is a grey circle with its symbol.

    Graphs of more than 60 values, unreadable as diagrams, are refused.

    Examples
    --------
    >>> x = Value(2.0, label="x")
    >>> y = x * x
    >>> y.label = "y"
    >>> y.backward()
    >>> [text.get_text() for text in plot_graph(y).texts]
    ['x\\ndata 2\\ngrad 4', 'y\\ndata 4\\ngrad 1', '*']
    """
    if not isinstance(output, Value):
        raise TypeError(f"output must be a Value, got {type(output).__name__}")
    check_ax(ax)
    nodes = _nodes(output)
    if len(nodes) > _MAX_NODES:
        raise ValueError(
            f"output's graph has {len(nodes)} values; plot_graph draws at most "
            f"{_MAX_NODES}"
        )

    texts = {node: _node_text(node, show_grad) for node in nodes}
    sizes = {node: _text_size(texts[node], padding=2 * _PAD) for node in nodes}
    radii = {
        node: max(_MIN_RADIUS, _text_size(node._op, padding=2 * _PAD)[0] / 2)
        for node in nodes
        if node._prev
    }
    edges = [(source, node) for node in nodes for source in node._prev]
    layers, chains = _layers(nodes, edges)
    _order(layers, chains)
    layout = _Layout(layers, chains, sizes, radii)

    width, height = layout.width + 2 * _MARGIN, layout.height + 2 * _MARGIN
    if ax is None:
        ax = _new_axes(width, height, title)
    scale = _fit_scale(ax, width, height)
    for number in range(len(chains)):
        _draw_edge(ax, layout.edge_path(number), scale)
    for node in nodes:
        _draw_node(ax, node, texts[node], layout, node is output, scale)

    ax.set_xlim(-_MARGIN, layout.width + _MARGIN)
    ax.set_ylim(-layout.height / 2 - _MARGIN, layout.height / 2 + _MARGIN)
    ax.set_aspect("equal", adjustable="box")
    ax.set(xticks=[], yticks=[])
    ax.spines[:].set_visible(False)
    if title is not None:
        ax.set_title(title)
    return ax


# ---------------------------------------------------------------- the graph
def _nodes(output: Value) -> list[Value]:
    """Return the values of output's graph, each after its inputs, in reading order."""
    order: list[Value] = []
    seen: set[Value] = set()
    stack: list[tuple[Value, bool]] = [(output, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in seen:
            seen.add(node)
            stack.append((node, True))
            stack.extend((source, False) for source in reversed(node._prev))
    return order


def _node_text(node: Value, show_grad: bool) -> str:
    lines = [node.label] if node.label else []
    lines.append(f"data {node.data:.4g}")
    if show_grad:
        lines.append(f"grad {node.grad:.4g}")
    return "\n".join(lines)


def _text_size(
    text: str, fontsize: float | str = _FONTSIZE, padding: float = 0.0
) -> tuple[float, float]:
    """Return the width and height of ``text`` in inches, plus ``padding``.

    Measured without a renderer, every line at least as tall as "lp".
    """
    prop = FontProperties(size=fontsize)
    _, line_height, _ = text_to_path.get_text_width_height_descent("lp", prop, False)
    width = height = 0.0
    for line in text.split("\n"):
        w, h, _ = text_to_path.get_text_width_height_descent(
            line, prop, cbook.is_math_text(line)
        )
        width = max(width, w)
        height += max(h, line_height) * _LINESPACING
    return width / 72 + padding, height / 72 + padding


def _layers(
    nodes: list[Value], edges: list[tuple[Value, Value]]
) -> tuple[list[list[_Item]], list[list[_Item]]]:
    """Return the columns of items, and each edge as the chain of items it joins."""
    column: dict[Value, int] = {}
    for node in nodes:  # inputs come first
        column[node] = 1 + max((column[s] for s in node._prev), default=-1)
    first_use: dict[Value, int] = {}
    for node in nodes:
        for source in node._prev:
            first_use[source] = min(first_use.get(source, column[node]), column[node])
    for node in nodes:  # a leaf stands just left of its first use: no long edges
        if not node._prev and node in first_use:
            column[node] = first_use[node] - 1
    layers: list[list[_Item]] = [[] for _ in range(max(column.values()) + 1)]
    for node in nodes:
        layers[column[node]].append(node)
    chains = []
    for number, (source, target) in enumerate(edges):
        lanes = [_Lane(number, c) for c in range(column[source] + 1, column[target])]
        for lane in lanes:
            layers[lane.column].append(lane)
        chains.append([source, *lanes, target])
    return layers, chains


def _order(layers: list[list[_Item]], chains: list[list[_Item]]) -> None:
    """Sort each column by the mean position of its neighbours, sweeping both ways."""
    before: dict[_Item, list[_Item]] = {item: [] for layer in layers for item in layer}
    after: dict[_Item, list[_Item]] = {item: [] for layer in layers for item in layer}
    for chain in chains:
        for left, right in pairwise(chain):
            before[right].append(left)
            after[left].append(right)
    position = {item: i for layer in layers for i, item in enumerate(layer)}

    def barycentre(item: _Item, neighbours: dict[_Item, list[_Item]]) -> float:
        near = neighbours[item]
        return sum(position[n] for n in near) / len(near) if near else position[item]

    for sweep in range(_N_SWEEPS):
        rightwards = sweep % 2 == 0
        columns = (
            range(1, len(layers)) if rightwards else range(len(layers) - 2, -1, -1)
        )
        neighbours = before if rightwards else after
        for c in columns:
            layers[c].sort(key=lambda item: barycentre(item, neighbours))
            position.update({item: i for i, item in enumerate(layers[c])})


# ---------------------------------------------------------------- geometry
class _Layout:
    """Where every box, circle and edge goes, in inches.

    In each column the circles of the operations stand on the left, the boxes
    to their right; the column is centred on y = 0.
    """

    def __init__(
        self,
        layers: list[list[_Item]],
        chains: list[list[_Item]],
        sizes: dict[Value, tuple[float, float]],
        radii: dict[Value, float],
    ) -> None:
        self.chains, self.sizes, self.radii = chains, sizes, radii
        self.column: dict[_Item, int] = {}
        self.y: dict[_Item, float] = {}
        # Per column: its left and right ends, and the middles of circles and boxes.
        self.left, self.right, self.circle_x, self.box_x = [], [], [], []
        x = self.height = 0.0
        for c, layer in enumerate(layers):
            values = [item for item in layer if isinstance(item, Value)]
            circles = 2 * max((radii.get(v, 0.0) for v in values), default=0.0)
            boxes = max(sizes[v][0] for v in values)
            self.left.append(x)
            self.circle_x.append(x + circles / 2)
            x += circles + (_ARROW if circles else 0.0)
            self.box_x.append(x + boxes / 2)
            x += boxes
            self.right.append(x)
            x += _COLUMN_GAP
            heights = [self._height(item) for item in layer]
            column_height = sum(heights) + _ROW_GAP * (len(layer) - 1)
            top = column_height / 2
            for item, h in zip(layer, heights, strict=True):
                self.column[item] = c
                self.y[item] = top - h / 2
                top -= h + _ROW_GAP
            self.height = max(self.height, column_height)
        self.width = x - _COLUMN_GAP
        self.out_offset, self.in_angle = self._ports()

    def _height(self, item: _Item) -> float:
        if isinstance(item, _Lane):
            return _LANE
        return max(self.sizes[item][1], 2 * self.radii.get(item, 0.0))

    def _ports(self) -> tuple[dict[int, float], dict[int, float]]:
        """Return where each edge leaves its box and enters its circle.

        Spread over the box's right side and the circle's left side, in the order
        of where they go next or come from.
        """
        out_offset: dict[int, float] = {}
        in_angle: dict[int, float] = {}
        leaving: dict[_Item, list[int]] = {}
        entering: dict[_Item, list[int]] = {}
        for number, chain in enumerate(self.chains):
            leaving.setdefault(chain[0], []).append(number)
            entering.setdefault(chain[-1], []).append(number)
        for source, numbers in leaving.items():
            numbers.sort(key=lambda n: -self.y[self.chains[n][1]])
            spread = min(_PORT_STEP * (len(numbers) - 1), 0.6 * self.sizes[source][1])
            offsets = np.linspace(spread / 2, -spread / 2, len(numbers))
            out_offset.update(zip(numbers, offsets.tolist(), strict=True))
        for numbers in entering.values():  # by the height where the last bend starts
            numbers.sort(key=lambda n: -self._last_bend_start(n, out_offset))
            spread = min(_PORT_ANGLE * (len(numbers) - 1), math.radians(100))
            angles = math.pi + np.linspace(-spread / 2, spread / 2, len(numbers))
            in_angle.update(zip(numbers, angles.tolist(), strict=True))
        return out_offset, in_angle

    def _last_bend_start(self, number: int, out_offset: dict[int, float]) -> float:
        *_, before, _ = self.chains[number]
        offset = 0.0 if isinstance(before, _Lane) else out_offset[number]
        return self.y[before] + offset

    def box(self, node: Value) -> tuple[float, float, float, float]:
        """Return the lower left corner, width and height of node's box."""
        w, h = self.sizes[node]
        return self.box_x[self.column[node]] - w / 2, self.y[node] - h / 2, w, h

    def circle(self, node: Value) -> tuple[float, float]:
        """Return the centre of the circle of the operation that made node."""
        return self.circle_x[self.column[node]], self.y[node]

    def edge_path(self, number: int) -> Path:
        """Return the path of an edge, straight through columns and bending between them."""
        source, *lanes, target = self.chains[number]
        x0, _, w, _ = self.box(source)
        y = self.y[source] + self.out_offset[number]
        vertices, codes = [(x0 + w, y)], [Path.MOVETO]
        for item in [source, *lanes]:
            if item is not source:
                _bend(vertices, codes, (self.left[self.column[item]], self.y[item]))
            vertices.append((self.right[self.column[item]], vertices[-1][1]))
            codes.append(Path.LINETO)
        (cx, cy), r = self.circle(target), self.radii[target]
        angle = self.in_angle[number]
        _bend(vertices, codes, (cx + r * math.cos(angle), cy + r * math.sin(angle)))
        return Path(vertices, codes)


def _bend(
    vertices: list[tuple[float, float]], codes: list[int], end: tuple[float, float]
) -> None:
    """Add to a path a smooth S-bend from its last point to ``end``, level at both."""
    (x0, y0), (x1, y1) = vertices[-1], end
    middle = (x0 + x1) / 2
    vertices += [(middle, y0), (middle, y1), end]
    codes += [Path.CURVE4] * 3


# ---------------------------------------------------------------- drawing
def _new_axes(width: float, height: float, title: str | None) -> Axes:
    """Return the Axes of a new figure where one unit is one inch."""
    title_height = 0.0 if title is None else _TITLE_HEIGHT
    if title is not None:
        title_width = _text_size(title, plt.rcParams["axes.titlesize"])[0]
        width = max(width, title_width + 2 * _MARGIN)
    fig = plt.figure(figsize=(width, height + title_height), layout="none")
    return fig.add_axes((0.0, 0.0, 1.0, height / (height + title_height)))


def _fit_scale(ax: Axes, width: float, height: float) -> float:
    """Return how much to shrink text and lines for the diagram to fit ``ax``."""
    fig_width, fig_height = ax.figure.get_size_inches()
    box = ax.get_position()
    return min(1.0, box.width * fig_width / width, box.height * fig_height / height)


# The artists are added with add_artist rather than add_patch: the limits are
# set at the end, and updating the data limits for every patch would take most
# of the time.
def _draw_edge(ax: Axes, path: Path, scale: float) -> None:
    style = {**_EDGE, "linewidth": _EDGE["linewidth"] * scale}
    ends = dict(shrinkA=0, shrinkB=0, mutation_scale=10 * scale, zorder=1)
    ax.add_artist(FancyArrowPatch(path=path, **ends, **style))


def _draw_node(
    ax: Axes, node: Value, text: str, layout: _Layout, is_output: bool, scale: float
) -> None:
    """Draw node's box and text, and the circle of the operation that made it."""
    x0, y0, w, h = layout.box(node)
    style = {**(_COMPUTED if node._prev else _LEAF), **(_OUTPUT if is_output else {})}
    style["linewidth"] = (_OUTPUT_LINEWIDTH if is_output else _BOX_LINEWIDTH) * scale
    corners = f"round,pad=0,rounding_size={_PAD}"
    ax.add_artist(
        FancyBboxPatch((x0, y0), w, h, boxstyle=corners, zorder=2, gid="value", **style)
    )
    centred = dict(ha="center", va="center", fontsize=_FONTSIZE * scale, zorder=3)
    lines = dict(multialignment="center", linespacing=_LINESPACING)
    ax.text(x0 + w / 2, y0 + h / 2, text, gid="value", **lines, **centred)
    if not node._prev:
        return
    (cx, cy), r = layout.circle(node), layout.radii[node]
    style = dict(
        linewidth=_BOX_LINEWIDTH * scale, zorder=2, gid="operation", **_OPERATION
    )
    ax.add_artist(Circle((cx, cy), r, **style))
    ax.text(cx, cy, node._op, gid="operation", **centred)
    _draw_edge(ax, Path([(cx + r, cy), (x0, cy)]), scale)
