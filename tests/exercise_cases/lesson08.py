"""Right and plausible wrong answers for the checks of lesson 08.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain. The engines
of Exercise 7.2's cases are shared from lesson 07's module.
"""

import math

import numpy as np

from utils.autodiff import Value

from .lesson07 import _engine, _PlainValue

# ---------------------------------------------------------------- 08.1
_MyValue = _engine()


def _tanh_rule(
    slope,
    *,
    cls=_MyValue,
    accumulate=True,
    use_out=True,
    link=True,
    connect=True,
    forward=math.tanh,
    returns=True,
):
    """A backward rule for tanh, right or with one planted mistake."""

    def value_tanh(x):
        t = forward(x.data)
        out = cls(t, (x,) if link else ())

        def _backward():
            share = slope(x.data, t) * (out.grad if use_out else 1.0)
            x.grad = x.grad + share if accumulate else share

        if connect:
            out._backward = _backward
        return out if returns else None

    return value_tanh


def _tanh_course_value(x):
    t = math.tanh(x.data)
    out = Value(t, _prev=(x,), _op="tanh")

    def _backward():
        x.grad += (1 - t**2) * out.grad

    out._backward = _backward
    return out


_RIGHT_SLOPE = lambda x, t: 1 - t**2  # noqa: E731


def _tanh_of_the_value(x):
    """math.tanh given the value itself, not its number."""
    out = _MyValue(math.tanh(x), (x,))
    out._backward = lambda: None
    return out


def _tanh_slope_of_the_value(x):
    """The forward pass is right; the slope calls math.tanh on the value."""
    out = _MyValue(math.tanh(x.data), (x,))

    def tanh_backward():
        x.grad += (1 - math.tanh(x) ** 2) * out.grad

    out._backward = tanh_backward
    return out


def _tanh_prev_not_a_tuple(x):
    """_prev is x itself: (x) without the comma."""
    out = _MyValue(math.tanh(x.data), (x))

    def tanh_backward():
        x.grad += (1 - out.data**2) * out.grad

    out._backward = tanh_backward
    return out


def _tanh_rule_called(x):
    """out._backward = tanh_backward(): the rule runs once and None is stored."""
    out = _MyValue(math.tanh(x.data), (x,))

    def tanh_backward():
        x.grad += (1 - out.data**2) * out.grad

    out._backward = tanh_backward()
    return out


def _tanh_bracket_from_input(x):
    """1 - x.data**2 * out.grad: the input's square, and a bracket missing."""
    out = _MyValue(math.tanh(x.data), (x,))

    def tanh_backward():
        x.grad += 1 - x.data**2 * out.grad

    out._backward = tanh_backward
    return out


def _tanh_bracket(x):
    """1 - t**2 * out.grad: the right slope, a bracket missing."""
    out = _MyValue(math.tanh(x.data), (x,))

    def tanh_backward():
        x.grad += 1 - out.data**2 * out.grad

    out._backward = tanh_backward
    return out


def _tanh_node_as_data(x):
    """The input node itself, not the number tanh(x.data), as the result's data."""
    out = _MyValue(x, (x,))

    def _backward():
        x.grad += (1 - math.tanh(x.data) ** 2) * out.grad

    out._backward = _backward
    return out


# ---------------------------------------------------------------- 08.2
def _order_by_stack(root):
    order, visited, stack = [], set(), [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))
            stack.extend((child, False) for child in node._prev)
    return order


def _backward_stack(root):
    order = _order_by_stack(root)
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def _backward_counting_users(root):
    """Equivalent: Kahn's algorithm, a node goes once all its users have gone."""
    users, seen, todo = {}, {root}, [root]
    while todo:
        node = todo.pop()
        for child in node._prev:
            users[child] = users.get(child, 0) + 1
            if child not in seen:
                seen.add(child)
                todo.append(child)
    root.grad = 1.0
    ready = [root]
    while ready:
        node = ready.pop()
        node._backward()
        for child in node._prev:
            users[child] -= 1
            if users[child] == 0:
                ready.append(child)


def _backward_list_membership(root):
    """Equivalent: a list instead of a set; a node joins once its inputs have."""
    order, stack = [], [root]
    while stack:
        node = stack[-1]
        waiting = [c for c in node._prev if c not in order]
        if waiting:
            stack.append(waiting[0])
        else:
            stack.pop()
            if node not in order:
                order.append(node)
    root.grad = 1.0
    for node in order[::-1]:
        node._backward()


def _backward_without_seed(root):
    for node in reversed(_order_by_stack(root)):
        node._backward()


def _backward_seed_late(root):
    for node in reversed(_order_by_stack(root)):
        node._backward()
    root.grad = 1.0


def _order_marker_after_children(root):
    """(node, True) pushed after the children: it comes off first (a preorder)."""
    order, visited, stack = [], [], [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in visited:
            visited.append(node)
            for child in node._prev:
                stack.append((child, False))
            stack.append((node, True))
    return order


def _backward_marker_late(root):
    order = _order_marker_after_children(root)
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def _backward_marker_late_walked_forwards(root):
    """The same mistake, after following the advice to walk the other way."""
    order = _order_marker_after_children(root)
    root.grad = 1.0
    for node in order:
        node._backward()


def _backward_order_on_false_pop(root):
    """order.append(node) on a (node, False) pop; the True pair is pushed first."""
    order, visited, stack = [], [], [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if not inputs_done and node not in visited:
            visited.append(node)
            order.append(node)
            stack.append((node, True))
            for inp in node._prev:
                stack.append((inp, False))
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def _backward_order_on_both_pops(root):
    """order.append(node) on the False pop too, and on the True pop as well."""
    order, visited, stack = [], [], [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in visited:
            visited.append(node)
            order.append(node)
            stack.append((node, True))
            for inp in node._prev:
                stack.append((inp, False))
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def _backward_pop_and_run(root):
    """No order at all: pop a node, run its rule, push its unseen inputs."""
    root.grad = 1.0
    stack, visited = [root], [root]
    while stack:
        node = stack.pop()
        node._backward()
        for child in node._prev:
            if child not in visited:
                visited.append(child)
                stack.append(child)


def _backward_no_true_pair(root):
    """Only the (child, False) pairs are pushed: order stays empty."""
    order, visited, stack = [], [], [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in visited:
            visited.append(node)
            for child in node._prev:
                stack.append((child, False))
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def _backward_append_two_arguments(root):
    """stack.append(node, True): the pair without its own brackets."""
    order, visited, stack = [], [], [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in visited:
            visited.append(node)
            stack.append(node, True)
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def _backward_continue_at_top(root):
    """if node in visited: continue, first in the loop: it skips True pairs too."""
    order, visited, stack = [], [], [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if node in visited:
            continue
        if inputs_done:
            order.append(node)
        else:
            visited.append(node)
            stack.append((node, True))
            for child in node._prev:
                stack.append((child, False))
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def _backward_visited_first(root):
    """The visited check and append before the two cases, for both flags."""
    order, visited, stack = [], [], [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if node not in visited:
            visited.append(node)
            if inputs_done:
                order.append(node)
            else:
                stack.append((node, True))
                for child in node._prev:
                    stack.append((child, False))
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def _backward_bare_child(root):
    """stack.append(child): the child without its flag."""
    order, visited, stack = [], [], [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in visited:
            visited.append(node)
            stack.append((node, True))
            for child in node._prev:
                stack.append(child)
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def _backward_node_for_children(root):
    """stack.append((node, False)) in the for loop, where the child belongs."""
    order, visited, stack = [], [], [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in visited:
            visited.append(node)
            stack.append((node, True))
            for _child in node._prev:
                stack.append((node, False))
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def _backward_true_for_children(root):
    """(child, True) pushed in the for loop, where the node's own pair belongs."""
    order, visited, stack = [], [], [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in visited:
            visited.append(node)
            for child in node._prev:
                stack.append((child, True))
                stack.append((child, False))
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def _backward_forward_order(root):
    root.grad = 1.0
    for node in _order_by_stack(root):
        node._backward()


def _backward_no_visited(root):
    order, stack = [], [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in node._prev)
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def _backward_pass_inside_loop(root):
    """The lines after the loop indented into it: they run after every pop."""
    order, visited, stack = [], [], [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in visited:
            visited.append(node)
            stack.append((node, True))
            for child in node._prev:
                stack.append((child, False))
        root.grad = 1.0
        for node in reversed(order):
            node._backward()


def _backward_rule_on_joining(root):
    """Right rules, and node._backward() also called as a node joins order."""
    order, visited, stack = [], [], [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
            node._backward()
        elif node not in visited:
            visited.append(node)
            stack.append((node, True))
            for child in node._prev:
                stack.append((child, False))
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def _backward_rule_after_each_pop(root):
    """Right rules, and node._backward() at the end of the loop body."""
    order, visited, stack = [], [], [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in visited:
            visited.append(node)
            stack.append((node, True))
            for child in node._prev:
                stack.append((child, False))
        node._backward()
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def _backward_rule_on_reaching(root):
    """Right rules, and node._backward() as a node is first reached."""
    order, visited, stack = [], [], [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        elif node not in visited:
            visited.append(node)
            node._backward()
            stack.append((node, True))
            for child in node._prev:
                stack.append((child, False))
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


def _backward_no_visited_walked_forwards(root):
    """Two slips at once: no visited list, and order walked from its start."""
    order, stack = [], [(root, False)]
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in node._prev)
    root.grad = 1.0
    for node in order:
        node._backward()


def _backward_breadth_first(root):
    root.grad = 1.0
    queue, seen = [root], {root}
    while queue:
        node = queue.pop(0)
        node._backward()
        for child in node._prev:
            if child not in seen:
                seen.add(child)
                queue.append(child)


def _backward_one_level(root):
    root.grad = 1.0
    root._backward()
    for child in root._prev:
        child._backward()


def _backward_recursive(root):
    order, visited = [], set()

    def visit(node):
        if node not in visited:
            visited.add(node)
            for child in node._prev:
                visit(child)
            order.append(node)

    visit(root)
    root.grad = 1.0
    for node in reversed(order):
        node._backward()


# ---------------------------------------------------------------- 08.3
def _train(
    w0, b0, data, lr, *, zero=True, rebuild=False, early=False, only=None, half=False
):
    """The loop of exercise 7.5: right, or with one planted mistake."""
    w, b = Value(w0), Value(b0)
    for x, y in data:
        if rebuild:
            w, b = Value(w0), Value(b0)
        loss = (w * x + b - y) ** 2
        if half:  # the 1/2 that some texts put in front of a squared error
            loss = loss * 0.5
        if zero:
            loss.zero_grad()
        if only == "w":  # zeroes one gradient, not the other
            w.grad = 0.0
        elif only == "b":
            b.grad = 0.0
        loss.backward()
        if early:
            loss.zero_grad()
        w.data -= lr * w.grad
        b.data -= lr * b.grad
    return w.data, b.data


def _train_fresh_values(w0, b0, data, lr):
    """Equivalent: new leaves each step, carrying the current numbers."""
    w, b = w0, b0
    for x, y in data:
        w_node, b_node = Value(w), Value(b)
        ((w_node * x + b_node - y) ** 2).backward()
        w, b = w - lr * w_node.grad, b - lr * b_node.grad
    return np.array([w, b])


def _train_returning_values(w0, b0, data, lr):
    w, b = Value(w0), Value(b0)
    for x, y in data:
        loss = (w * x + b - y) ** 2
        loss.backward()
        w.data -= lr * w.grad
        b.data -= lr * b.grad
        w.grad = b.grad = 0.0
    return w, b


def _train_zero_before_loss(w0, b0, data, lr):
    """loss.zero_grad() on the first line of the loop, before loss exists."""
    w, b = Value(w0), Value(b0)
    for x, y in data:
        loss.zero_grad()  # noqa: F821
        loss = (w * x + b - y) ** 2
        loss.backward()
        w.data -= lr * w.grad
        b.data -= lr * b.grad
    return w.data, b.data


def _train_without_lr(w0, b0, data, lr):
    """The step is the whole gradient: lr forgotten in the update."""
    w, b = Value(w0), Value(b0)
    for x, y in data:
        loss = (w * x + b - y) ** 2
        loss.zero_grad()
        loss.backward()
        w.data -= w.grad
        b.data -= b.grad
    return w.data, b.data


def _train_once(w0, b0, data, lr):
    """backward() on the first example only; the other steps reuse its grads."""
    w, b = Value(w0), Value(b0)
    for k, (x, y) in enumerate(data):
        loss = (w * x + b - y) ** 2
        if k == 0:
            loss.backward()
        w.data -= lr * w.grad
        b.data -= lr * b.grad
    return w.data, b.data


def _train_by_hand(w0, b0, data, lr, *, factor=2.0):
    """Without Value: the gradient of (wx + b - y)^2 written out."""
    w, b = w0, b0
    for x, y in data:
        residual = w * x + b - y
        w, b = w - lr * factor * residual * x, b - lr * factor * residual
    return w, b


def _train_without_square(w0, b0, data, lr):
    """The loss is the error itself: ** 2 forgotten."""
    w, b = Value(w0), Value(b0)
    for x, y in data:
        loss = w * x + b - y
        loss.zero_grad()
        loss.backward()
        w.data -= lr * w.grad
        b.data -= lr * b.grad
    return w.data, b.data


class _NotebookValue(Value):
    """A value class of the notebook's own: train names it, and its backward counts."""


def _train_own_class(w0, b0, data, lr):
    w, b = _NotebookValue(w0), _NotebookValue(b0)
    for x, y in data:
        loss = (w * x + b - y) ** 2
        loss.zero_grad()
        loss.backward()
        w.data -= lr * w.grad
        b.data -= lr * b.grad
    return w.data, b.data


def backward(root):
    """The notebook's function of Exercise 8.2, which train may call on its loss."""
    _backward_stack(root)


def _train_backward_function(w0, b0, data, lr):
    w, b = Value(w0), Value(b0)
    for x, y in data:
        loss = (w * x + b - y) ** 2
        loss.zero_grad()
        backward(loss)
        w.data -= lr * w.grad
        b.data -= lr * b.grad
    return w.data, b.data


def _train_backward_function_no_zero(w0, b0, data, lr):
    """The notebook's function backward, and the gradients never zeroed."""
    w, b = Value(w0), Value(b0)
    for x, y in data:
        backward((w * x + b - y) ** 2)
        w.data -= lr * w.grad
        b.data -= lr * b.grad
    return w.data, b.data


def _train_zero_grad_not_called(w0, b0, data, lr):
    """loss.zero_grad without brackets: the method is named, never called."""
    w, b = Value(w0), Value(b0)
    for x, y in data:
        loss = (w * x + b - y) ** 2
        loss.zero_grad  # noqa: B018
        loss.backward()
        w.data -= lr * w.grad
        b.data -= lr * b.grad
    return w.data, b.data


def _train_w_zero_grad_not_called(w0, b0, data, lr):
    """w.zero_grad and b.zero_grad at the end of the loop, without brackets."""
    w, b = Value(w0), Value(b0)
    for x, y in data:
        loss = (w * x + b - y) ** 2
        loss.backward()
        w.data -= lr * w.grad
        b.data -= lr * b.grad
        w.zero_grad  # noqa: B018
        b.zero_grad  # noqa: B018
    return w.data, b.data


CASES = {
    "08.1": {
        "right": [
            _tanh_rule(_RIGHT_SLOPE),
            _tanh_rule(lambda x, t: 1 / math.cosh(x) ** 2),
            _tanh_rule(_RIGHT_SLOPE, cls=_PlainValue),
            _tanh_course_value,
        ],
        "wrong": [
            (_tanh_rule(lambda x, t: 1 - t), "without the square"),
            (_tanh_rule(lambda x, t: 1.0), "local slope of tanh is missing"),
            (_tanh_rule(_RIGHT_SLOPE, use_out=False), "forgot to multiply by out.grad"),
            (_tanh_rule(_RIGHT_SLOPE, accumulate=False), "used = instead of +="),
            (_tanh_rule(lambda x, t: t**2 - 1), "wrong sign"),
            (_tanh_rule(lambda x, t: 1 + t**2), "1 + tanh(x)^2"),
            (_tanh_rule(lambda x, t: 1 - x**2), "not 1 - x^2"),
            (_tanh_rule(_RIGHT_SLOPE, link=False), "does not record its inputs"),
            (_tanh_rule(_RIGHT_SLOPE, connect=False), "the rule never runs"),
            (_tanh_rule(_RIGHT_SLOPE, forward=lambda x: x), "forward value is wrong"),
            (_tanh_rule(lambda x, t: 1 - math.tanh(t) ** 2), "tanh was applied twice"),
            (_tanh_rule(_RIGHT_SLOPE, returns=False), "return out"),
            (lambda x: math.tanh(x.data), "has no attribute"),
            (_tanh_rule(lambda x, t: (1 - t) ** 2), "brackets are in the wrong place"),
            (_tanh_of_the_value, "math works on plain numbers"),
            (_tanh_slope_of_the_value, "math works on plain numbers"),
            (_tanh_prev_not_a_tuple, "is the input itself"),
            (_tanh_rule_called, "the () runs tanh_backward once"),
            (_tanh_bracket_from_input, "not from tanh(x), and a bracket is missing"),
            (_tanh_bracket, "a bracket is missing"),
            (_tanh_node_as_data, ".data should be a number"),
        ],
    },
    "08.2": {
        "right": [
            _backward_stack,
            _backward_counting_users,
            _backward_list_membership,
        ],
        "wrong": [
            (_backward_without_seed, "not 1"),
            (_backward_seed_late, "not 1"),
            (_backward_forward_order, "the order is reversed"),
            (_backward_no_visited, "add each node to visited"),
            (_backward_pass_inside_loop, "indented inside the while loop"),
            (_backward_no_visited_walked_forwards, "visited twice"),
            (_backward_rule_on_joining, "ran while order was still being built"),
            (_backward_rule_after_each_pop, "ran while order was still being built"),
            (_backward_rule_on_reaching, "ran while order was still being built"),
            (_backward_marker_late, "(node, True) pair"),
            (_backward_marker_late_walked_forwards, "(node, True) pair"),
            (_backward_order_on_false_pop, "joined order when its (node, False) pair"),
            (_backward_order_on_both_pops, "joined order when its (node, False) pair"),
            (_backward_pop_and_run, "before it was complete"),
            (_backward_no_true_pair, "that pair must be pushed too"),
            (_backward_append_two_arguments, "in its own brackets"),
            (_backward_breadth_first, "before it was complete"),
            (_backward_one_level, "never visited"),
            (_backward_recursive, "calls itself (recursion)"),
            (lambda root: None, "no node's _backward() was called"),
            (_backward_continue_at_top, "skipped when it came off"),
            (_backward_visited_first, "skipped when it came off"),
            (_backward_bare_child, "pushed on its own, without its flag"),
            (_backward_node_for_children, "put the node itself back on the stack"),
            (_backward_true_for_children, "the output's _backward() never ran"),
        ],
    },
    "08.3": {
        "right": [
            _train,
            _train_fresh_values,
            _train_returning_values,
            lambda w0, b0, data, lr: list(_train(w0, b0, data, lr)),
            _train_own_class,
            _train_backward_function,
        ],
        "wrong": [
            (lambda *args: _train(*args, zero=False), "still accumulating"),
            (lambda *args: _train(*args, zero=False, only="w"), "b.grad is not"),
            (lambda *args: _train(*args, zero=False, only="b"), "w.grad is not"),
            (lambda *args: _train(*args, early=True), "never move"),
            (lambda *args: _train(*args, rebuild=True), "recreated from w0 and b0"),
            (lambda w0, b0, data, lr: _train(w0, b0, data, -lr), "wrong sign"),
            (_train_by_hand, "you computed the gradient without backward()"),
            (lambda *args: _train_by_hand(*args, factor=1.0), "without backward()"),
            (_train_without_lr, "the learning rate lr is missing"),
            (
                lambda *args: _train(*args, half=True),
                "the gradient is half the right one",
            ),
            (_train_once, "each step needs the gradient of its own loss"),
            (_train_without_square, "the square (** 2) missing"),
            (lambda *args: _train(*args)[0], "shape (2,)"),
            (_train_zero_before_loss, "used before the line that gives it its value"),
            (_train_zero_grad_not_called, "loss.zero_grad names the method but never"),
            (_train_w_zero_grad_not_called, "w.zero_grad names the method"),
            (_train_backward_function_no_zero, "still accumulating"),
        ],
    },
}
