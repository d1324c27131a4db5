"""Print what the scalar engine ``utils.autodiff.Value`` costs per graph node,
next to the engine a learner builds in lessons 07 and 08 (``MyValue`` and its
``backward``, taken from lesson 08's solution notebook).

Two graphs, each built (the forward pass) and then differentiated with
``backward()``:

- a long chain: tanh applied n times to one leaf, so each node is the only
  input of the next (n + 1 nodes, as deep as they are many);
- a wide sum: w_1 x_1 + w_2 x_2 + ... + w_n x_n, one neuron with n inputs
  (2n leaves, n products and n - 1 sums: 4n - 1 nodes).

The cost per node is the time of forward and backward together, divided by
the number of nodes in the graph, leaves included; the time to create the
leaves is counted too, as a learner's code would pay it. Every time is the
best of a few repeats, so a busy machine inflates the numbers less. The
gradients are checked before anything is timed.

Shared machines change speed, so the time of a fixed Python loop (the one of
``benchmarks/run.py``) is printed before and after the table: compare tables
from different runs through it.

The lesson's engine keeps its visited nodes in a list, as the lesson
teaches, so ``node not in visited`` looks through the whole list: its cost
per node grows with the graph, and it is timed on smaller graphs only.

Usage::

    python benchmarks/engine_cost.py
"""

from __future__ import annotations

import math
import timeit
from collections.abc import Callable

from run import machine_speed

from coursetools.lessons import ROOT, read_notebook
from utils.autodiff import Value

SIZES = {"Value": (1_000, 10_000, 100_000), "lesson 08": (1_000, 3_000, 10_000)}
#: The cells of lesson 08's solution that define the learner's engine.
_ENGINE_CELLS = (
    "class MyValue",
    "def value_mul",
    "def value_tanh",
    "def backward(root)",
)


def lesson_engine() -> type:
    """Return lesson 08's ``MyValue``, run from the solution's own cells."""
    nb = read_notebook(ROOT / "solutions" / "08_autodiff_engine.ipynb")
    namespace: dict[str, object] = {"math": math}
    for start in _ENGINE_CELLS:
        (cell,) = [c for c in nb.cells if c.source.startswith(start)]
        exec(cell.source, namespace)  # the course's own notebook, not a submission
    return namespace["MyValue"]  # type: ignore[return-value]


def chain(n: int, engine: type = Value) -> tuple[Value, list[Value]]:
    """Return tanh(tanh(...tanh(x))), n times, after backward(); and its leaf."""
    x = engine(0.5)
    y = x
    for _ in range(n):
        y = y.tanh()
    y.backward()
    return y, [x]


def wide_sum(n: int, engine: type = Value) -> tuple[Value, list[Value]]:
    """Return sum_i w_i x_i after backward(); and its leaves w_1, ..., w_n."""
    ws = [engine(math.sin(i)) for i in range(n)]
    xs = [engine(math.cos(i)) for i in range(n)]
    total = ws[0] * xs[0]
    for w, x in zip(ws[1:], xs[1:], strict=True):
        total = total + w * x
    total.backward()
    return total, ws


def check(n: int, engine: type = Value) -> None:
    """Fail loudly unless both graphs give the gradient worked out by hand."""
    _, (x,) = chain(n, engine)
    slope, t = 1.0, 0.5
    for _ in range(n):  # d tanh(t)/dt = 1 - tanh(t)**2, multiplied along the chain
        t = math.tanh(t)
        slope *= 1 - t**2
    assert math.isclose(x.grad, slope, rel_tol=1e-9), (x.grad, slope)
    _, ws = wide_sum(n, engine)
    # d(sum_i w_i x_i)/dw_i = x_i = cos(i)
    assert all(w.grad == math.cos(i) for i, w in enumerate(ws))


def best_time(run: Callable[[], object], repeats: int = 5) -> float:
    """Return the best time of one call of ``run``, in seconds."""
    return min(timeit.repeat(run, number=1, repeat=repeats))


def main() -> None:
    print(machine_speed(), end="\n\n")
    engines = {"Value": Value, "lesson 08": lesson_engine()}
    for engine in engines.values():
        check(1_000, engine)
    print("forward + backward: time per graph node")
    print(f"{'engine':>10} {'graph':>9} {'n':>8} {'nodes':>8} {'µs/node':>8}")
    for label, engine in engines.items():
        for name, build, nodes_of in (
            ("chain", chain, lambda n: n + 1),
            ("wide sum", wide_sum, lambda n: 4 * n - 1),
        ):
            for n in SIZES[label]:
                seconds = best_time(
                    lambda build=build, n=n, engine=engine: build(n, engine), repeats=3
                )
                nodes = nodes_of(n)
                print(
                    f"{label:>10} {name:>9} {n:>8} {nodes:>8} {seconds / nodes * 1e6:>8.2f}"
                )
    print()
    print(machine_speed())


if __name__ == "__main__":
    main()
