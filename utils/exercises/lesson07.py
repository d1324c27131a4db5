"""Checks for lesson 07, Backpropagation by hand.

Each check computes its own reference with an independent method (the complex
step, central differences, SymPy) at reproducible points, or tests a property
that any right answer has. None holds an answer to its exercise: the engine's
backward rules are compared with finite differences of the same operation on
floats; ``backward()`` is watched while it runs (each node handed on once,
after every node that uses it, from the output's 1) and its gradients are
compared with central differences; the training loop is checked one step at
a time, each step against the gradient of that step's loss at the learner's
own parameters.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..autodiff import Value
from ..numerics import derivative, gradient
from ._core import Incorrect, LearnerError, NotAttempted, exercise, safe_str
from ._feedback import (
    as_function,
    as_number,
    as_numbers,
    call,
    compare,
    describe,
    random_points,
)

_MISSING = object()


def _numpy(expr: Any, x: Any) -> Callable[[NDArray[np.float64]], NDArray[np.float64]]:
    """Return ``expr``, a SymPy function of ``x``, as a NumPy function of an array."""
    import sympy as sp

    function = sp.lambdify(x, expr, "numpy")
    return lambda points: np.broadcast_to(function(points), np.shape(points))


def _attr(obj: Any, name: str, shown: str) -> Any:
    """Read an attribute of the learner's object; a missing one is named."""
    try:
        value = getattr(obj, name, _MISSING)
    except BaseException as exc:  # a property of the learner's that raises
        raise LearnerError(
            f"reading {shown}.{name} raised {type(exc).__name__}: {safe_str(exc)}."
        ) from exc
    if value is _MISSING:
        raise Incorrect(f"{shown} has no attribute {name!r}.")
    return value


def _number_attr(obj: Any, name: str, shown: str) -> float:
    return as_number(_attr(obj, name, shown), f"{shown}.{name}")


def _records(out: Any, inputs: tuple[Any, ...], shown: str) -> None:
    """The node ``out`` must list each of ``inputs`` in its ``_prev``."""
    prev = _attr(out, "_prev", shown)
    try:
        prev = tuple(prev)
    except BaseException:  # not iterable
        raise Incorrect(
            f"{shown}._prev should be a tuple of the inputs, got {describe(prev)}."
        ) from None
    if not all(any(p is node for p in prev) for node in inputs):
        raise Incorrect(
            f"{shown} does not record its inputs: its _prev must hold them, so "
            "that backward() can find them and the gradient can reach them."
        )


def _run_backward_rule(out: Any, shown: str) -> None:
    rule = _attr(out, "_backward", shown)
    if not callable(rule):
        raise Incorrect(
            f"{shown}._backward should be a function, got {describe(rule)}."
        )
    call(rule, name=f"{shown}._backward()")


# ---------------------------------------------------------------- 07.1
_POINT_1 = np.array([1.5, -0.5, 2.0])  # (x, y, z) as the notebook gives them


def _f_1(v: NDArray[Any]) -> Any:
    x, y, z = v[0], v[1], v[2]
    return (x * y + z) * np.tanh(y)


def _is_among(values: NDArray[np.float64], pool: list[float]) -> bool:
    """True if every entry of ``values`` is close to some number in ``pool``."""
    return all(np.isclose(pool, v, rtol=1e-3, atol=1e-4).any() for v in values)


@exercise(
    "07.1", "Backpropagation by hand through a small graph", stars=2, answer="grads_f"
)
def _by_hand(answer: Any) -> str:
    if isinstance(answer, dict):
        raise Incorrect(
            "grads_f should be a tuple of three numbers, (df/dx, df/dy, df/dz), "
            "not a dict."
        )
    got = as_numbers(answer, "grads_f", (3,))
    exact = gradient(_f_1, _POINT_1, method="complex")
    x, y, z = _POINT_1
    t = math.tanh(y)
    forward_values = [x, y, z, x * y, x * y + z, t, (x * y + z) * t]
    if _is_among(got, forward_values) and not np.allclose(got, exact, atol=1e-4):
        raise Incorrect(
            "these numbers are values from the forward pass (inputs or "
            "intermediate results), not gradients: run the backward pass from "
            "df/df = 1 down to the inputs."
        )
    if np.allclose(np.sort(got), np.sort(exact), atol=1e-4) and not np.allclose(
        got, exact, atol=1e-4
    ):
        raise Incorrect(
            "the three numbers are right but in the wrong order: give (df/dx, df/dy, df/dz)."
        )
    r, slope = x * y + z, 1 - t**2
    compare(
        got,
        exact,
        what="grads_f",
        rtol=1e-3,
        atol=1e-4,
        mistakes={
            "df/dy forgot the path through tanh(y): y reaches f along two paths "
            "(through x*y and through tanh(y)), and their contributions add up": [
                exact[0],
                t * x,
                exact[2],
            ],
            "df/dy forgot the path through the product x*y: y reaches f along two "
            "paths, and their contributions add up": [exact[0], r * slope, exact[2]],
            "the slope of tanh has the wrong sign: tanh'(y) = 1 - tanh(y)^2": [
                exact[0],
                t * x - r * slope,
                exact[2],
            ],
            "tanh'(y) was taken as 1 + tanh(y)^2; it is 1 - tanh(y)^2": [
                exact[0],
                t * x + r * (1 + t**2),
                exact[2],
            ],
            "tanh'(y) was taken as 1 - tanh(y), without the square": [
                exact[0],
                t * x + r * (1 - t),
                exact[2],
            ],
            "tanh'(y) was taken as (1 - tanh(y))^2, the square in the wrong place: "
            "it is 1 - tanh(y)^2, only tanh(y) squared": [
                exact[0],
                t * x + r * (1 - t) ** 2,
                exact[2],
            ],
            "the partners of the product x*y are swapped: d(xy)/dx is y and "
            "d(xy)/dy is x, each time the other factor": [
                x * t,
                y * t + r * slope,
                exact[2],
            ],
            "df/dx used x as the slope of x*y: d(xy)/dx is y, the other factor": [
                x * t,
                exact[1],
                exact[2],
            ],
            "df/dy used y as the slope of x*y: d(xy)/dy is x, the other factor": [
                exact[0],
                y * t + r * slope,
                exact[2],
            ],
        },
    )
    return "all three partials match the complex step; y's two paths add up in df/dy."


# ---------------------------------------------------------------- 07.2
_OPS = {"+": operator.add, "*": operator.mul}


def _make(cls: type, data: float) -> Any:
    shown = f"MyValue({data:g})"
    try:
        node = call(cls, data, name=shown)
    except LearnerError as exc:
        for name in ("grad", "data", "_prev"):
            if f"object has no attribute '{name}'" in str(exc):
                how = "as 0.0, with =" if name == "grad" else "with ="
                raise Incorrect(
                    f"{shown} raised AttributeError: in __init__, self.{name} does "
                    f"not exist yet, so += has nothing to add to. {name} must "
                    f"start {how} (self.{name} = ...)."
                ) from None
        raise
    if not isinstance(node, cls):
        raise Incorrect(f"{shown} did not make a MyValue.")
    if _number_attr(node, "data", shown) != data:
        raise Incorrect(f"{shown}.data should be {data:g}, the number it was given.")
    if _number_attr(node, "grad", shown) != 0.0:
        raise Incorrect(
            f"{shown}.grad should start at 0.0: nothing has been added to it yet."
        )
    return node


def _rule_of(cls: type, symbol: str, a0: float, b0: float, g: float) -> NDArray[Any]:
    """Run one operation's rule on fresh nodes with grads preset; return the grads."""
    a, b = _make(cls, a0), _make(cls, b0)
    shown = f"a {symbol} b"
    out = call(_OPS[symbol], a, b, name=shown)
    if not isinstance(out, cls):
        raise Incorrect(f"{shown} returned {describe(out)}, not a MyValue: return out.")
    expected = _OPS[symbol](a0, b0)
    if not math.isclose(_number_attr(out, "data", shown), expected, rel_tol=1e-12):
        raise Incorrect(
            f"the forward value is wrong: ({shown}).data should be a.data {symbol} b.data."
        )
    _records(out, (a, b), f"({shown})")
    if len(tuple(out._prev)) != 2:
        raise Incorrect(f"({shown})._prev should hold exactly its two inputs, a and b.")
    a.grad, b.grad, out.grad = 0.25, -0.5, g  # earlier contributions, then out's
    _run_backward_rule(out, f"({shown})")
    return np.array(
        [_number_attr(a, "grad", "a"), _number_attr(b, "grad", "b")], dtype=float
    )


@exercise("07.2", "Values that remember: + and *", stars=2, answer="MyValue")
def _my_value(answer: Any) -> str:
    if answer is Ellipsis:
        raise NotAttempted("define the class MyValue, then run this cell again.")
    if not isinstance(answer, type):
        if callable(answer):  # a function: its stub or its error comes first
            call(answer, 1.5, name="MyValue")
        raise Incorrect(f"MyValue should be a class, got {describe(answer)}.")
    leaf = _make(answer, 1.5)
    if tuple(_attr(leaf, "_prev", "MyValue(1.5)")) != ():
        raise Incorrect(
            "MyValue(1.5)._prev should be empty: a number typed in has no inputs."
        )
    _run_backward_rule(leaf, "MyValue(1.5)")
    pre = np.array([0.25, -0.5])
    for k, (a0, b0) in enumerate(random_points(6, -2.0, 2.0, seed=72).reshape(3, 2)):
        g = 1.5 + k / 4  # out.grad is not 1 inside a larger graph
        for symbol in ("+", "*"):
            got = _rule_of(answer, symbol, a0, b0, g)
            slopes = gradient(lambda v, s=symbol: _OPS[s](v[0], v[1]), [a0, b0])
            if np.allclose(got, pre):
                raise Incorrect(
                    f"after (a {symbol} b)._backward() the inputs' grads have not "
                    "changed: the rule never runs. Store it with out._backward = "
                    "_backward before returning out."
                )
            shared = {
                "the rule used = instead of +=: it overwrote what a.grad and "
                "b.grad held from other paths instead of adding to it": slopes * g,
                "the rule forgot to multiply by out.grad: the chain rule passes "
                "on the local slope times the gradient that reached out": pre + slopes,
                "only a's grad changed: b is an input too, and gets its share": [
                    pre[0] + slopes[0] * g,
                    pre[1],
                ],
            }
            own = {
                "*": {
                    "the rule gives each input its own data as slope; d(a*b)/da is "
                    "b, the other input": pre + np.array([a0, b0]) * g,
                    "the rule of * used the slopes of +: d(a*b)/da is b, not 1": pre
                    + g,
                },
                "+": {
                    "the rule of + used the slopes of *: d(a+b)/da is 1, not b": pre
                    + np.array([b0, a0]) * g,
                },
            }
            compare(
                got,
                pre + slopes * g,
                what=f"the grads of a and b after (a {symbol} b)._backward()",
                mistakes={**shared, **own[symbol]},
            )
    x0 = 1.25
    x = _make(answer, x0)
    square = call(operator.mul, x, x, name="x * x")
    square.grad = 1.0
    _run_backward_rule(square, "(x * x)")
    if not math.isclose(_number_attr(x, "grad", "x"), 2 * x0, rel_tol=1e-9):
        raise Incorrect(
            "in x * x, x is both inputs, and its grad should collect both shares; "
            "with = instead of +=, the second overwrites the first."
        )
    given_line = (
        "MyValue(2.0) * 3.0 fails: keep the given first line of __add__ and "
        "__mul__, which turns a plain number into a MyValue."
    )
    try:
        mixed = call(operator.mul, _make(answer, 2.0), 3.0, name="MyValue(2.0) * 3.0")
    except LearnerError as exc:
        if "AttributeError" in str(exc):
            raise Incorrect(given_line) from None
        raise
    if not math.isclose(_number_attr(mixed, "data", "MyValue(2.0) * 3.0"), 6.0):
        raise Incorrect(given_line)
    return (
        "MyValue records its inputs, and the rules of + and * pass on slope times "
        "out.grad with +=, as central differences say, also for x * x."
    )


# ---------------------------------------------------------------- 07.3
def _call_tanh(value_tanh: Callable[[Any], Any], node: Value) -> Any:
    """Call the learner's rule; name an unwritten MyValue as such."""
    try:
        return value_tanh(node)
    except NotImplementedError as exc:
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        if tb is not None and tb.tb_frame.f_code.co_name == "__init__":
            raise NotAttempted(
                "value_tanh makes a MyValue, and MyValue still raises "
                "NotImplementedError: do Exercise 7.2 first."
            ) from None
        return call(value_tanh, node, name="value_tanh")
    except BaseException:
        return call(value_tanh, node, name="value_tanh")


@exercise(
    "07.3",
    "The backward rule of tanh",
    stars=1,
    answer="value_tanh",
    depends_on=("07.2",),
)
def _tanh_rule(answer: Any) -> str:
    value_tanh = as_function(answer, "value_tanh")
    points = random_points(8, -2.0, 2.0, seed=73)
    pre, g = 0.375, 1.75
    got = []
    for x0 in points:
        x = Value(float(x0))
        shown = f"value_tanh(x) at x = {x0:.3f}"
        out = _call_tanh(value_tanh, x)
        if out is None:
            raise Incorrect(
                "value_tanh returned None: the function must end with return out."
            )
        data = _attr(out, "data", shown)
        if isinstance(data, Value) or callable(data):
            raise Incorrect(f"({shown}).data should be a number.")
        data = as_number(data, f"({shown}).data")
        if not math.isclose(data, math.tanh(x0), rel_tol=1e-9, abs_tol=1e-12):
            raise Incorrect(
                f"the forward value is wrong: ({shown}).data should be tanh of "
                "the input's data."
            )
        _records(out, (x,), f"({shown})")
        x.grad = pre
        try:
            out.grad = g
        except BaseException:
            raise Incorrect(f"({shown}).grad cannot be set.") from None
        _run_backward_rule(out, f"({shown})")
        got.append(_number_attr(x, "grad", "x"))
    got_arr = np.array(got)
    if np.allclose(got_arr, pre):
        raise Incorrect(
            "x.grad has not changed after the result's _backward() ran: the rule "
            "never runs. Store it with out._backward = _backward."
        )
    t = np.tanh(points)
    slope = derivative(np.tanh, points, method="complex")
    compare(
        got_arr,
        pre + slope * g,
        what="x.grad after the rule of tanh",
        mistakes={
            "the slope is 1 - tanh(x), without the square: tanh'(x) = 1 - tanh(x)^2": pre
            + (1 - t) * g,
            "the local slope of tanh is missing: the rule passed on out.grad alone": pre
            + g,
            "the rule forgot to multiply by out.grad: the chain rule passes on the "
            "local slope times the gradient that reached out": pre + slope,
            "the rule used = instead of +=: it overwrote what x.grad held from "
            "other paths instead of adding to it": slope * g,
            "the slope has the wrong sign: tanh'(x) = 1 - tanh(x)^2, which is "
            "positive": pre - slope * g,
            "the slope is 1 + tanh(x)^2; it is 1 - tanh(x)^2": pre + (1 + t**2) * g,
            "the slope was computed from the input x, not from tanh(x): it is "
            "1 - tanh(x)^2, not 1 - x^2": pre + (1 - points**2) * g,
            "tanh was applied twice: out.data is already tanh(x), so "
            "math.tanh(out.data) is tanh(tanh(x))": pre + (1 - np.tanh(t) ** 2) * g,
        },
    )
    return (
        "value_tanh gives tanh(x) and adds (1 - tanh(x)^2) times out.grad to x.grad, "
        "as the complex step says."
    )


# ---------------------------------------------------------------- 07.4
def _nodes(root: Value) -> list[Value]:
    """Every node of root's graph (in no particular order)."""
    seen, todo = {id(root): root}, [root]
    while todo:
        for child in todo.pop()._prev:
            if id(child) not in seen:
                seen[id(child)] = child
                todo.append(child)
    return list(seen.values())


def _graphs() -> list[tuple[str, Callable[[Any, Any], Any]]]:
    """Small graphs as functions of (x, y), written once for Values and floats."""

    def tanh(v: Any) -> Any:
        return v.tanh() if isinstance(v, Value) else math.tanh(v)

    def diamond(x: Any, y: Any) -> Any:
        u = x * y
        return u * (u + x)

    def uneven(x: Any, y: Any) -> Any:
        s = x * x
        return tanh(s) * y + s

    def layered(x: Any, y: Any) -> Any:
        h1, h2 = tanh(x * 0.5 + y), tanh(x * -0.7 + y * 0.3)
        return (h1 * 1.2 + h2 * -0.8 + h1 * h2) * (h1 + 0.1)

    return [
        ("(x*y + 3) * x", lambda x, y: (x * y + 3.0) * x),
        ("u * (u + x) with u = x*y", diamond),
        ("tanh(x*x) * y + x*x", uneven),
        ("a two-unit layer", layered),
    ]


def _watch(root: Value) -> tuple[list[Value], list[tuple[Value, float]]]:
    """Wrap each node's rule so that a call records the node and its grad then."""
    log: list[tuple[Value, float]] = []
    nodes = _nodes(root)
    for node in nodes:

        def recorded(
            node: Value = node, rule: Callable[[], None] = node._backward
        ) -> None:
            log.append((node, node.grad))
            rule()

        node._backward = recorded
    return nodes, log


def _check_order(
    root: Value, nodes: list[Value], log: list[tuple[Value, float]], name: str
) -> None:
    """The invariants of a backward pass, each with its own message."""
    if not log:
        raise Incorrect(
            f"on {name}, no node's _backward() was called: the backward pass must "
            "call it on every node, from the output down."
        )
    calls: dict[int, int] = {}
    for node, _ in log:
        calls[id(node)] = calls.get(id(node), 0) + 1
    if any(count > 1 for count in calls.values()):
        raise Incorrect(
            f"on {name}, a node was visited twice: its _backward() ran more than "
            "once, so it handed on its gradient twice. A node used on two paths "
            "must still appear once in the order: keep a set of visited nodes."
        )
    first_grad = dict((id(n), g) for n, g in log)
    if id(root) in first_grad and first_grad[id(root)] != 1.0:
        raise Incorrect(
            f"on {name}, the output's gradient was {first_grad[id(root)]:g}, not 1, "
            "when its _backward() ran: set the gradient of the output to 1 "
            "(d out / d out = 1) before the loop."
        )
    inner = [n for n in nodes if n._prev]
    missing = [n for n in inner if id(n) not in calls]
    if missing:
        raise Incorrect(
            f"on {name}, {len(missing)} of the {len(inner)} computed nodes were "
            "never visited: walk the whole graph through _prev, not only the "
            "output's own inputs."
        )
    position = {id(n): k for k, (n, _) in enumerate(log)}
    users: dict[int, list[Value]] = {id(n): [] for n in nodes}
    for n in nodes:
        for child in set(map(id, n._prev)):
            users[child].append(n)
    early = [
        n
        for n in inner
        if any(position.get(id(u), -1) > position[id(n)] for u in users[id(n)])
    ]
    if early:
        if position[id(root)] == len(log) - 1 and len(inner) > 1:
            raise Incorrect(
                f"on {name}, the order is reversed: the output's _backward() ran "
                "last, so every node handed on its gradient before receiving it. "
                "A topological order lists each node after its inputs; the "
                "backward pass walks it from the end, output first."
            )
        raise Incorrect(
            f"on {name}, a node handed on its gradient before it was complete: "
            "its _backward() ran before every node that uses it had added its "
            "share. Walk the nodes in reverse topological order."
        )


def _run_backward(backward: Callable[..., Any], root: Value, what: str) -> None:
    """Call the learner's ``backward(root)``; a RecursionError is named as such."""
    try:
        call(backward, root, name="backward")
    except LearnerError as exc:
        if "RecursionError" in str(exc):
            raise Incorrect(
                f"{what}: Python allows only about 1,000 nested calls. Use a loop "
                "with a stack of nodes to visit instead of a function that calls "
                "itself."
            ) from None
        raise


@exercise("07.4", "backward() in topological order", stars=2, answer="backward")
def _backward_pass(answer: Any) -> str:
    backward = as_function(answer, "backward")
    points = random_points(6, -1.5, 1.5, seed=74).reshape(3, 2)
    for name, f in _graphs():
        for x0, y0 in points:
            x, y = Value(float(x0)), Value(float(y0))
            root = f(x, y)
            nodes, log = _watch(root)
            _run_backward(backward, root, "backward raised RecursionError")
            _check_order(root, nodes, log, name)
            numeric = gradient(lambda v, f=f: f(v[0], v[1]), [x0, y0])
            compare(
                [_number_attr(x, "grad", "x"), _number_attr(y, "grad", "y")],
                numeric,
                what=f"the gradients of {name}",
                rtol=1e-6,
                atol=1e-8,
            )
    deep = Value(0.5)
    start = deep
    for _ in range(1500):
        deep = deep * 1.0 + 0.0
    _run_backward(
        backward, deep, "on a chain of 3,000 operations, backward raised RecursionError"
    )
    if not math.isclose(_number_attr(start, "grad", "x"), 1.0, rel_tol=1e-9):
        raise Incorrect(
            "on a long chain of * 1 and + 0, the input's gradient is not 1: some "
            "node handed on its gradient out of order or more than once."
        )
    return (
        "backward() sets the output's gradient to 1, visits every node once, each "
        "after all its users, and gives central differences' gradients, also on a "
        "chain of 3,000 operations."
    )


# ---------------------------------------------------------------- 07.5
_TRAINING_CASES = [
    (0.5, -0.2, [(1.0, 2.0), (2.0, 1.0)], 0.1),
    (-1.0, 0.3, [(0.5, 1.5), (-1.0, 0.0), (2.0, 3.0)], 0.05),
    (0.2, 0.1, [(1.5, -1.0), (0.0, 2.0), (-0.5, 0.5), (1.0, 1.0)], 0.1),
]


def _as_pair(value: Any) -> Any:
    """Let a pair of Values count as a pair of numbers."""
    if isinstance(value, tuple | list) and len(value) == 2:
        return [v.data if isinstance(v, Value) else v for v in value]
    return value


def _gradient_at(point: NDArray[Any], example: tuple[float, float]) -> NDArray[Any]:
    """Central differences of one example's squared error at (w, b)."""
    x, y = example
    return gradient(lambda p: (p[0] * x + p[1] - y) ** 2, point)


@exercise("07.5", "Find the bug: gradient accumulation", stars=2, answer="train")
def _training(answer: Any) -> str:
    train = as_function(answer, "train")
    for w0, b0, data, lr in _TRAINING_CASES:
        # The learner's own parameters after each prefix of the data.
        points = [np.array([w0, b0])]
        for k in range(1, len(data) + 1):
            shown = f"train({w0}, {b0}, <the first {k} examples>, lr={lr})"
            value = call(train, w0, b0, list(data[:k]), lr, name="train")
            points.append(as_numbers(_as_pair(value), shown, (2,)))
        for k, example in enumerate(data):
            step = (points[k] - points[k + 1]) / lr
            here = _gradient_at(points[k], example)
            so_far = sum(_gradient_at(points[j], data[j]) for j in range(k + 1))
            from_start = (points[0] - points[k + 1]) / lr
            rebuilt = np.allclose(from_start, _gradient_at(points[0], example))
            if k and rebuilt and not np.allclose(step, here):
                raise Incorrect(
                    "the parameters are recreated from w0 and b0 at every step, so "
                    "each update is lost: create w and b once, before the loop."
                )
            compare(
                step,
                here,
                what=f"step {k + 1} (example {example}, lr={lr})",
                rtol=1e-5,
                atol=1e-8,
                mistakes={
                    "the gradients are still accumulating: each backward() adds to "
                    "what the earlier steps left in w.grad and b.grad (on the same "
                    "example twice, the gradient would be doubled). Zero the "
                    "gradients before each backward()": so_far,
                    "w.grad is set back to 0 but b.grad is not, so b's gradient "
                    "still piles up across steps: zero every parameter's grad "
                    "before each backward()": [here[0], so_far[1]],
                    "b.grad is set back to 0 but w.grad is not, so w's gradient "
                    "still piles up across steps: zero every parameter's grad "
                    "before each backward()": [so_far[0], here[1]],
                    "the parameters never move: zero the gradients before "
                    "backward(), not between backward() and the update": np.zeros(2),
                    "the update has the wrong sign: it climbs the loss; gradient "
                    "descent subtracts lr times the gradient": -here,
                    "the gradient is half the right one: (wx + b - y)^2 has the "
                    "slope 2(wx + b - y) times (x, 1)": here / 2,
                },
            )
    return (
        "every step of train moves w and b by lr times that step's own gradient, "
        "and only that, on three data sets."
    )


# ---------------------------------------------------------------- 07.6


@exercise("07.6", "A chain-rule derivative", stars=1, answer="dh", optional=True)
def _chain_rule(answer: Any) -> str:
    dh = as_function(answer, "dh")
    points = random_points(15, -2.0, 2.0, seed=51)
    got = [as_number(call(dh, float(x), name="dh"), f"dh({x:.3f})") for x in points]
    import sympy as sp  # here, when the check runs, not with the package

    x = sp.symbols("x", real=True)
    inner = 1 + sp.exp(3 * x)
    compare(
        got,
        _numpy(sp.diff(sp.log(inner), x), x)(points),
        what="dh",
        mistakes={
            "the inner derivative is missing: ln(u) has derivative u'/u, not "
            "1/u, with u = 1 + e^(3x)": _numpy(1 / inner, x)(points),
            "the factor 3 is missing: e^(3x) needs the chain rule too, a "
            "second one inside the first": _numpy(sp.exp(3 * x) / inner, x)(points),
            "the outer derivative is missing: ln(u) has derivative u'/u, and "
            "this is u' alone": _numpy(3 * sp.exp(3 * x), x)(points),
        },
    )
    return "dh matches SymPy's derivative at 15 random points: 3e^(3x) / (1 + e^(3x))."
