"""Checks for lesson 08, Your own autodiff engine.

No check holds an answer to its exercise. The backward rule of tanh is compared
with central differences of tanh on floats; ``backward()`` is watched while it
runs (each node handed on once, after every node that uses it, from the
output's 1) and its gradients compared with central differences; the training
loop is checked one step at a time against the gradient of that step's loss at
the learner's own parameters, and must get it from ``backward()``, whose calls
are counted.
"""

from __future__ import annotations

import ast
import inspect
import math
import sys
import textwrap
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..autodiff import Value
from ..numerics import derivative, gradient
from ._core import Incorrect, LearnerError, NotAttempted, exercise, safe_str
from ._feedback import as_function, as_number, as_numbers, call, compare, random_points
from ._values import attribute, number_attribute, records_inputs, run_backward_rule


# ---------------------------------------------------------------- 08.1
def _call_tanh(value_tanh: Callable[[Any], Any], node: Value) -> Any:
    """Call the learner's rule; name an unwritten MyValue as such."""
    try:
        return _named(call, value_tanh, node, name="value_tanh")
    except NotAttempted as exc:
        stub = getattr(exc.__cause__, "__traceback__", None)
        frames = [frame for frame, _ in traceback.walk_tb(stub)]
        if frames and frames[-1].f_code.co_name == "__init__":
            raise NotAttempted(
                "value_tanh makes a MyValue, and MyValue still raises "
                "NotImplementedError: run the cells of section 1 that define it "
                "(or paste a MyValue that passed Exercise 7.2)."
            ) from None
        raise


def _named(run: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a piece of the learner's code; name math.tanh called on a value."""
    try:
        return run(*args, **kwargs)
    except LearnerError as exc:
        if "must be real number, not" in str(exc):
            raise Incorrect(
                "math.tanh (or another math function) was given a value, an "
                "object with .data and .grad, not a number: math works on plain "
                "numbers only. Give it the "
                "value's number, as in math.tanh(x.data)."
            ) from None
        raise


@exercise("08.1")
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
        data = attribute(out, "data", shown)
        if isinstance(data, Value) or callable(data):
            raise Incorrect(f"({shown}).data should be a number.")
        data = as_number(data, f"({shown}).data")
        if not math.isclose(data, math.tanh(x0), rel_tol=1e-9, abs_tol=1e-12):
            raise Incorrect(
                f"the forward value is wrong: ({shown}).data should be tanh of "
                "the input's data."
            )
        records_inputs(out, (x,), f"({shown})")
        x.grad = pre
        try:
            out.grad = g
        except BaseException:
            raise Incorrect(f"({shown}).grad cannot be set.") from None
        if attribute(out, "_backward", f"({shown})") is None:
            raise Incorrect(
                f"({shown})._backward is None, not a function. It looks like "
                "out._backward = tanh_backward(), with brackets: the () runs "
                "tanh_backward once, right there, and stores what it returns, "
                "None. A rule is stored as a function, to run later, when "
                "backward() calls it."
            )
        _named(run_backward_rule, out, f"({shown})")
        got.append(number_attribute(x, "grad", "x"))
    got_arr = np.array(got)
    if np.allclose(got_arr, pre):
        raise Incorrect(
            "x.grad has not changed after the result's _backward() ran: the rule "
            "never runs. Store your inner function on the result: "
            "out._backward = tanh_backward, with the name of your def "
            "(without brackets, so that it is stored, not called)."
        )
    t = np.tanh(points)
    slope = derivative(np.tanh, points)
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
            "the brackets are in the wrong place: (1 - t)**2 squares the whole "
            "difference 1 - t; in the slope only t is squared": pre + (1 - t) ** 2 * g,
            "the slope was computed from the input x, not from tanh(x), and a "
            "bracket is missing: Python multiplies before it subtracts, so in "
            "1 - x.data**2 * out.grad only x^2 is multiplied by out.grad, not "
            "the whole slope": pre + 1 - points**2 * g,
            "a bracket is missing: Python multiplies before it subtracts, so in "
            "1 - tanh(x)^2 * out.grad only tanh(x)^2 is multiplied by out.grad, not "
            "the whole slope": pre + 1 - t**2 * g,
        },
    )
    return (
        "value_tanh gives tanh(x) and adds (1 - tanh(x)^2) times out.grad to x.grad, "
        "as central differences confirm."
    )


# ---------------------------------------------------------------- 08.2
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

    def shared(x: Any, y: Any) -> Any:
        s = x * x
        return (s * y) * (s + y)

    return [
        ("(s*y) * (s + y) with s = x*x", shared),
        ("(x*y + 3) * x", lambda x, y: (x * y + 3.0) * x),
        ("u * (u + x) with u = x*y", diamond),
        ("tanh(x*x) * y + x*x", uneven),
        ("a two-unit layer", layered),
    ]


def _stack_not_empty(frame: Any) -> bool:
    """Whether the function that made a call still holds pairs on its stack."""
    try:
        stack = frame.f_locals.get("stack") if frame is not None else None
    except Exception:  # an odd frame tells nothing
        return False
    return isinstance(stack, list) and len(stack) > 0


_Log = list[tuple[Value, float]]  # each call of a rule: its node, and the node's grad


def _watch(root: Value) -> tuple[list[Value], _Log, list[bool]]:
    """Wrap each node's rule so that a call records the node and its grad then.

    The third list says, call by call, whether the caller's ``stack`` still
    held pairs: a rule that ran while the order was still being built.
    """
    log: _Log = []
    building: list[bool] = []
    nodes = _nodes(root)
    for node in nodes:

        def recorded(
            node: Value = node, rule: Callable[[], None] = node._backward
        ) -> None:
            log.append((node, node.grad))
            building.append(_stack_not_empty(sys._getframe(1)))
            rule()

        node._backward = recorded
    return nodes, log, building


def _check_order(
    root: Value,
    nodes: list[Value],
    log: _Log,
    name: str,
    building: list[bool] | None = None,
) -> None:
    """The invariants of a backward pass, each with its own message."""
    if not log:
        raise Incorrect(
            f"on {name}, no node's _backward() was called: the backward pass must "
            "call it on every node, from the output down. If order stays empty: "
            "a node joins order only when its (node, True) pair comes off the "
            "stack, so that pair must be pushed too."
        )
    calls = Counter(id(node) for node, _ in log)
    repeated = max(calls.values()) > 1
    if id(root) not in calls:
        raise Incorrect(
            f"on {name}, the output's _backward() never ran: the output never "
            "joined order, though other nodes did. A node joins order when its "
            "own (node, True) pair comes off the stack; it looks like (inp, "
            "True) pairs were pushed for its inputs instead of one pair for the "
            "node itself."
        )
    if list(calls) == [id(root)] and any(child._prev for child in root._prev):
        raise Incorrect(
            f"on {name}, only the output's own _backward() ran: none of its "
            "inputs ever came off the stack as an (inp, False) pair. It looks "
            "like the pushes inside the for loop put the node itself back on "
            "the stack instead of each of its inputs."
        )
    root_at = [k for k, (n, _) in enumerate(log) if n is root]
    if repeated and root_at and root_at[0] > 0:
        tail = [id(n) for n, _ in log[root_at[0] :]]
        if len(tail) == len(set(tail)) == len(calls):
            # The last stretch is a whole pass, output first; the calls before
            # it ran on a growing order: the pass sat inside the while loop.
            raise Incorrect(
                f"on {name}, _backward() calls began before the order was "
                "complete: some nodes ran more than once, before the output's "
                "own turn. It looks like the lines after the loop (root.grad = 1 "
                "and the loop over reversed(order)) are indented inside the "
                "while loop, so they run after every pop; they belong after it, "
                "once the stack is empty."
            )
    if repeated and any(building or ()):
        raise Incorrect(
            f"on {name}, _backward() ran while order was still being built: "
            "some rules ran inside the while loop, while pairs were still on "
            "the stack, and then again after it, so nodes handed on their "
            "gradients more than once. The loop only builds order; the given "
            "lines after it set the output's gradient to 1 and run the rules."
        )
    if repeated:
        raise Incorrect(
            f"on {name}, a node was visited twice: its _backward() ran more than "
            "once, so it handed on its gradient twice. A node used on two paths "
            "must still appear once in the order: add each node to visited when "
            "it is first reached, and skip a node that is already in it."
        )
    root_grad = next(g for n, g in log if n is root)  # root is in log, once
    if root_grad != 1.0:
        raise Incorrect(
            f"on {name}, the output's gradient was {root_grad:g}, not 1, "
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
        # Walked from its other end, the log would be right only if it lists
        # every node after its inputs, the output last.
        after_inputs = all(
            position[id(child)] < position[id(n)]
            for n, _ in log
            for child in n._prev
            if id(child) in position
        )
        if position[id(root)] == len(log) - 1 and after_inputs and len(inner) > 1:
            raise Incorrect(
                f"on {name}, the order is reversed: the output's _backward() ran "
                "last, so every node handed on its gradient before receiving it. "
                "The order itself is right, each node after its inputs; the "
                "backward pass walks it from the end, output first."
            )
        raise Incorrect(
            f"on {name}, a node handed on its gradient before it was complete "
            "(its _backward() ran before every node that uses it had added its "
            "share), and walking the order from its other end would not help: "
            "the order itself puts some node before one of its inputs. Where a "
            "node joins order is decided by its (node, True) pair: it must go on "
            "the stack before its inputs' pairs, so that it comes off after "
            "them."
        )


def _pairs_seen(backward: Callable[..., Any], root: Value) -> tuple[bool, bool, bool]:
    """Run the learner's backward on root, watching its local lists line by line.

    Returns whether a ``(node, True)`` pair was ever on ``stack``, whether
    ``order`` ever held a node, and whether ``order`` ever grew while the pair
    last popped off ``stack`` was a ``(node, False)`` pair: the first two tell
    a True pair that was never pushed from one that was pushed and then
    skipped; the third, a node that joined order as soon as it was reached.
    """
    code = getattr(backward, "__code__", None)
    seen = {"true": False, "order": False, "on_false": False}
    last: dict[str, Any] = {"stack": None, "size": 0, "popped": None}

    def local(frame: Any, event: str, arg: Any) -> Any:
        stack, order = frame.f_locals.get("stack"), frame.f_locals.get("order")
        if isinstance(stack, list):
            seen["true"] = seen["true"] or any(
                isinstance(item, tuple) and len(item) == 2 and item[1] is True
                for item in stack
            )
            before = last["stack"]
            if before is not None and len(stack) == len(before) - 1:
                last["popped"] = before[-1]
            last["stack"] = list(stack)
        if isinstance(order, list):
            popped = last["popped"]
            if (
                len(order) > last["size"]
                and isinstance(popped, tuple)
                and len(popped) == 2
                and popped[1] is False
            ):
                seen["on_false"] = True
            last["size"] = len(order)
            seen["order"] = seen["order"] or bool(order)
        return local

    def calls(frame: Any, event: str, arg: Any) -> Any:
        return local if frame.f_code is code else None

    previous = sys.gettrace()
    sys.settrace(calls)
    try:
        backward(root)
    except Exception:  # the first run has named its errors
        pass
    finally:
        sys.settrace(previous)
    return seen["true"], seen["order"], seen["on_false"]


def _order_slip(
    backward: Callable[..., Any], name: str, f: Callable[..., Any], no_rule_ran: bool
) -> None:
    """Name where nodes join order, watched on a fresh copy of the graph: never
    (each (node, True) pair skipped), or when their (node, False) pair came off."""
    pushed, filled, on_false = _pairs_seen(backward, f(Value(0.7), Value(-0.4)))
    if no_rule_ran and pushed and not filled:
        raise Incorrect(
            f"on {name}, (node, True) pairs went on the stack, but no node ever "
            "joined order: each True pair was skipped when it came off. It looks "
            "like a visited check at the top of the loop (perhaps with "
            "continue): by the time a node's True pair comes off, the node is "
            "in visited already. The visited check belongs to the (node, False) "
            "case only."
        )
    if on_false:
        raise Incorrect(
            f"on {name}, a node joined order when its (node, False) pair came off "
            "the stack: that is the moment the node is first reached, before any "
            "of its inputs has joined order, so in order it comes before them. "
            "Look again at the two cases of section 3: which pair, coming off "
            "the stack, means that the node's inputs are done?"
        )


def _run_backward(backward: Callable[..., Any], root: Value, what: str) -> None:
    """Call the learner's ``backward(root)``; a RecursionError is named as such."""
    try:
        call(backward, root, name="backward")
    except LearnerError as exc:
        if "cannot unpack non-iterable" in str(exc):
            raise Incorrect(
                "backward raised TypeError: cannot unpack a single item into "
                "node, inputs_done. The stack holds pairs, so every item pushed "
                "must be a pair (node, flag): it looks like a node was pushed on "
                "its own, without its flag."
            ) from None
        if "append() takes exactly one argument" in str(exc):
            raise Incorrect(
                "backward raised TypeError: append() takes one item. To push a "
                "pair, put the pair in its own brackets: stack.append((item, flag)), "
                "with two pairs of brackets."
            ) from None
        if "RecursionError" in str(exc):
            raise Incorrect(
                f"{what}: a function that calls itself (recursion) can go only "
                "about 1,000 calls deep in Python. Use a while loop with a stack "
                "of (node, inputs_done) pairs instead."
            ) from None
        raise


@exercise("08.2")
def _backward_pass(answer: Any) -> str:
    backward = as_function(answer, "backward")
    points = random_points(6, -1.5, 1.5, seed=74).reshape(3, 2)
    for name, f in _graphs():
        for x0, y0 in points:
            x, y = Value(float(x0)), Value(float(y0))
            root = f(x, y)
            nodes, log, building = _watch(root)
            _run_backward(backward, root, "backward raised RecursionError")
            try:
                _check_order(root, nodes, log, name, building)
            except Incorrect:
                _order_slip(backward, name, f, not log)
                raise
            numeric = gradient(lambda v, f=f: f(v[0], v[1]), [x0, y0])
            compare(
                [number_attribute(x, "grad", "x"), number_attribute(y, "grad", "y")],
                numeric,
                what=f"the gradients of {name}",
                atol=1e-8,
            )
    start = deep = Value(0.5)
    for _ in range(1500):
        deep = deep * 1.0 + 0.0
    _run_backward(
        backward, deep, "on a chain of 3,000 operations, backward raised RecursionError"
    )
    if not math.isclose(number_attribute(start, "grad", "x"), 1.0, rel_tol=1e-9):
        raise Incorrect(
            "on a long chain of * 1 and + 0, the input's gradient is not 1: some "
            "node handed on its gradient out of order or more than once."
        )
    return (
        "backward() sets the output's gradient to 1, visits every node once, each "
        "after all its users, and gives central differences' gradients, also on a "
        "chain of 3,000 operations."
    )


# ---------------------------------------------------------------- 08.3
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


def _call_train(train: Callable[..., Any], *args: Any) -> Any:
    """Call the learner's ``train``; a variable used before it exists is named."""
    try:
        return call(train, *args, name="train")
    except LearnerError as exc:
        cause = exc.__cause__
        if isinstance(cause, UnboundLocalError):
            raise Incorrect(
                f"train raised UnboundLocalError ({safe_str(cause)}): a variable "
                "was used before the line that gives it its value, and Python "
                "runs a function's lines in order. If it is loss: "
                "loss.zero_grad() works on a loss that already exists, so it "
                "cannot come before the line that computes it."
            ) from None
        raise


@contextmanager
def _counting_backward(train: Callable[..., Any]) -> Iterator[list[int]]:
    """Count the calls of backward(), as a method of Value or of a class that train
    names, or as the function backward of its notebook; restore them after."""
    count = [0]
    restore: list[Callable[[], None]] = []
    space = getattr(train, "__globals__", None)
    space = space if isinstance(space, dict) else {}
    names = getattr(getattr(train, "__code__", None), "co_names", ())
    classes: list[type] = [Value]
    for name in names:
        obj = space.get(name)
        if isinstance(obj, type) and obj not in classes and hasattr(obj, "backward"):
            classes.append(obj)

    def counted(rule: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            count[0] += 1
            return rule(*args, **kwargs)

        return run

    for cls in classes:
        own = cls.__dict__.get("backward")
        rule = getattr(cls, "backward", None)
        if not callable(rule) or isinstance(own, staticmethod | classmethod):
            continue
        try:
            cls.backward = counted(rule)  # type: ignore[attr-defined]
        except (TypeError, AttributeError):
            continue
        if own is None:
            restore.append(lambda cls=cls: delattr(cls, "backward"))
        else:
            restore.append(lambda cls=cls, own=own: setattr(cls, "backward", own))
    if "backward" in names and callable(space.get("backward")):
        own_function = space["backward"]
        space["backward"] = counted(own_function)
        restore.append(lambda: space.__setitem__("backward", own_function))
    try:
        yield count
    finally:
        for undo in reversed(restore):
            undo()


def _methods_named_not_called(function: Callable[..., Any]) -> list[str]:
    """Lines such as ``loss.zero_grad`` in the learner's source: an expression
    statement that names a method of Value without calling it, so it does
    nothing. An empty list when the source cannot be read or parsed."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except Exception:
        return []
    return [
        ast.unparse(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Attribute)
        and callable(getattr(Value, node.value.attr, None))
    ]


@exercise("08.3")
def _training(answer: Any) -> str:
    train = as_function(answer, "train")
    try:
        return _train_steps(train)
    except Incorrect as exc:
        named = _methods_named_not_called(train)
        if named and "UnboundLocalError" not in str(exc):
            raise Incorrect(
                f"{named[0]} names the method but never calls it: without the "
                "brackets () the line does nothing, so nothing is zeroed and the "
                "gradients still pile up across steps."
            ) from None
        raise


def _train_steps(train: Callable[..., Any]) -> str:
    """Run train on each prefix of each data set and check every step."""
    for w0, b0, data, lr in _TRAINING_CASES:
        # The learner's own parameters after each prefix of the data.
        points = [np.array([w0, b0])]
        for k in range(1, len(data) + 1):
            first = "the first example" if k == 1 else f"the first {k} examples"
            shown = f"train({w0}, {b0}, <{first}>, lr={lr})"
            with _counting_backward(train) as runs:
                value = _call_train(train, w0, b0, list(data[:k]), lr)
            if runs[0] == 0:
                raise Incorrect(
                    f"you computed the gradient without backward(): {shown} "
                    "never called it. The exercise is about using the engine: "
                    "keep Value and backward(), and fix the bug there."
                )
            if runs[0] < k:
                raise Incorrect(
                    f"backward() ran {runs[0]} time{'s' * (runs[0] != 1)} in "
                    f"{shown}, for {k} "
                    "examples: each step needs the gradient of its own loss, "
                    "from its own backward()."
                )
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
                    "each step moves by the whole gradient: the learning rate lr "
                    "is missing from the update, so the steps are too big": here / lr,
                    "the gradient is half the right one: the loss is "
                    "(wx + b - y)^2, with no 1/2 in front, and its slope is "
                    "2(wx + b - y) times (x, 1)": here / 2,
                    "the step does not depend on w and b: the loss is the "
                    "error wx + b - y itself, with the square (** 2) missing, so "
                    "its gradient is just x for w and 1 for b": np.array(
                        [example[0], 1.0]
                    ),
                },
            )
    return (
        "every step of train moves w and b by lr times that step's own gradient, "
        "and only that, on three data sets."
    )
