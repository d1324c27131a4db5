"""Print what a gradient costs: reverse mode against finite differences.

The function is lesson 09's: f(x) = sum_i tanh(x_i) * x_(i+1), cheap (O(n))
and not separable, so every input reaches the output through two paths.

(a) The scalar engine ``utils.autodiff.Value``: the time per graph node of
    building the graph (the forward pass) and of ``backward()``.
(b) The gradient's cost as a multiple of one evaluation of f, for
    n = 10, 100, 1,000 and 10,000:
    - reverse mode written with NumPy (the vectorised backward pass of lesson
      05; it includes its own forward pass), against f written with NumPy;
    - reverse mode with ``Value`` (forward and backward), against f evaluated
      with ``Value`` (the forward pass alone) and against f with NumPy;
    - central differences, ``utils.numerics.gradient``: 2n evaluations of f.
    COURSE.md sets the target: reverse mode at most about 5 times f at
    n >= 1,000.

Every time is the best of several repeats (``timeit``), so a busy machine
inflates the numbers less. The gradients are checked against each other
before anything is timed.

Usage::

    python benchmarks/gradient_cost.py
"""

from __future__ import annotations

import itertools
import timeit
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from utils.autodiff import Value
from utils.numerics import gradient

SIZES = (10, 100, 1_000, 10_000)


def f(x: NDArray[np.float64]) -> float:
    """Return sum_i tanh(x_i) * x_(i+1)."""
    return float(np.sum(np.tanh(x[:-1]) * x[1:]))


def grad_f(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return the gradient of `f` by reverse mode, vectorised with NumPy."""
    t = np.tanh(x[:-1])  # forward pass, kept for the backward pass
    g = np.zeros_like(x)
    g[:-1] += (1 - t**2) * x[1:]  # through tanh(x_i)
    g[1:] += t  # through the factor x_(i+1)
    return g


def f_value(xs: list[Value]) -> Value:
    """Return `f` built from `Value` nodes (a graph of about 4n nodes)."""
    return sum((a.tanh() * b for a, b in itertools.pairwise(xs)), Value(0.0))


def best_time(run: Callable[[], object], budget: float = 0.2) -> float:
    """Return the best time of one call of `run`, in seconds."""
    once = timeit.timeit(run, number=1)
    number = max(1, int(budget / 5 / max(once, 1e-9)))
    repeats = 5 if once < budget else 2
    return min(timeit.repeat(run, number=number, repeat=repeats)) / number


def value_gradient(x: NDArray[np.float64]) -> tuple[Value, list[Value]]:
    """Return the output node and the leaves, after one backward pass."""
    xs = [Value(float(v)) for v in x]
    out = f_value(xs)
    out.backward()
    return out, xs


def main() -> None:
    rng = np.random.default_rng(0)
    rows = []
    for n in SIZES:
        x = rng.normal(size=n)
        out, xs = value_gradient(x)
        exact = grad_f(x)
        np.testing.assert_allclose([v.grad for v in xs], exact, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(out.data, f(x), rtol=1e-12)
        nodes = len(out._topological_order())

        leaves = [Value(float(v)) for v in x]
        t_f = best_time(lambda x=x: f(x))
        t_rev = best_time(lambda x=x: grad_f(x))
        t_value_fwd = best_time(lambda x=x: f_value([Value(float(v)) for v in x]))
        t_value_both = best_time(lambda x=x: value_gradient(x))
        t_leaves = best_time(lambda x=x: [Value(float(v)) for v in x])
        graph = f_value(leaves)
        t_backward = best_time(graph.backward)
        t_fd = best_time(lambda x=x: gradient(f, x), budget=0.5)
        if n == SIZES[0]:
            np.testing.assert_allclose(gradient(f, x), exact, rtol=1e-8)
        rows.append(
            (
                n,
                nodes,
                t_f,
                t_rev,
                t_value_fwd,
                t_value_both,
                t_leaves,
                t_backward,
                t_fd,
            )
        )

    print("(a) The scalar engine, Value: time per graph node")
    print(f"{'n':>7} {'nodes':>7} {'forward µs/node':>16} {'backward µs/node':>17}")
    for n, nodes, _, _, t_fwd, _, t_leaves, t_back, _ in rows:
        forward = (t_fwd - t_leaves) / (nodes - n)  # the computed nodes only
        print(f"{n:>7} {nodes:>7} {forward * 1e6:>16.2f} {t_back / nodes * 1e6:>17.2f}")

    print()
    print("(b) A gradient's cost as a multiple of one evaluation of f")
    header = (
        f"{'n':>7} {'f (NumPy)':>10} {'reverse':>9} {'Value f':>9} {'Value grad':>11}"
        f" {'Value/NumPy f':>14} {'central FD':>11} {'2n':>7}"
    )
    print(header)
    for n, _, t_f, t_rev, t_vf, t_vb, _, _, t_fd in rows:
        print(
            f"{n:>7} {t_f * 1e6:>8.1f}µs {t_rev / t_f:>8.1f}× {t_vf * 1e3:>7.2f}ms"
            f" {t_vb / t_vf:>10.1f}× {t_vb / t_f:>13.0f}× {t_fd / t_f:>10.0f}× {2 * n:>7}"
        )
    print()
    print(
        "reverse = NumPy backward pass / NumPy f; Value grad = (forward + backward)"
        " / forward, both with Value;\nValue/NumPy f = Value's gradient / NumPy f;"
        " central FD = utils.numerics.gradient / NumPy f."
    )


if __name__ == "__main__":
    main()
