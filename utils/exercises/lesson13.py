"""Checks for lesson 13, Capstone: a neural network from scratch.

No check holds an answer to its exercise. The training loop (13.1) runs on a
small least-squares problem of the check's own, with a `backward` and a
`report` that record every call; each recorded step is tested against the
update rule the prompt states, and each epoch's batches against the rules of
shuffling and batching. The backward passes (13.2, 13.5) are compared with
central differences or the complex step of the loss the prompt states. The
class-weighted loss (13.4) is compared with that loss, as the prompt writes
it, at 30 digits with mpmath, and its derivative taken there numerically. The
trained network (13.3) is scored on fresh points drawn with the lesson's
recipe.

To name a mistake, a check compares the answer with what the oracle gives
after a plausible slip: the same gradient scaled, transposed or reordered, the
complex-step gradient of the same network with an activation whose value is
kept but whose slope is replaced by a wrong one, or the loss of a statement
with a slip in it. The feedback never shows the expected values.
"""

from __future__ import annotations

import contextlib
import functools
import io
from collections.abc import Callable, Sequence
from itertools import combinations
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..numerics import gradient
from ..optim import sgd_momentum as course_sgd_momentum
from ._core import Incorrect, LearnerError, NotAttempted, exercise, safe_repr
from ._feedback import (
    as_function,
    as_number,
    as_numbers,
    call,
    compare,
    describe,
    shape_of,
)

Array = NDArray[np.float64]
Shapes = Sequence[tuple[str, tuple[int, ...]]]


def _raise_if_builtin_max(error: LearnerError, name: str) -> None:
    """Name the slip when the learner's code asked for an array's truth value."""
    if "truth value of an array" in str(error):
        raise Incorrect(
            f"{name} raised ValueError: the truth value of an array is ambiguous. "
            "That is Python's built-in max (or an if) used on an array: it cannot "
            "compare a whole array with 0 at once; use np.maximum, which compares "
            "entry by entry."
        ) from None


def _sigmoid(z: Any) -> Any:
    return 1 / (1 + np.exp(-z))


# ---------------------------------------------------------------- 13.1
# The learner's loop runs on a small least-squares problem of the check's own:
# 23 examples (not a multiple of the batch size 5, so a last, shorter batch
# exists), 3 parameters, and targets that differ from each other, so that every
# row of X and every value of y can be recognised where the loop passes it on.
# The check never runs a loop of its own: it records what the learner's loop
# asks of `backward` and `report`, then tests each recorded step against the
# update rule the prompt states, one step at a time.
_LOOP_N, _LOOP_BATCH, _LOOP_EPOCHS = 23, 5, 4
_LOOP_LR, _LOOP_BETA = 0.1, 0.6
_LOOP_SEEDS = (1101, 1102)
_LOOP_MAX_CALLS = 400  # far more than the 20 steps expected: a runaway loop


def _loop_problem() -> tuple[Array, Array, Array]:
    rng = np.random.default_rng(1100)
    X = rng.normal(size=(_LOOP_N, 3))
    y = X @ np.array([1.5, -2.0, 0.5]) + 0.3 * rng.normal(size=_LOOP_N)
    return X, y, np.array([0.5, 0.5, -1.0])


_LOOP_X, _LOOP_Y, _LOOP_THETA0 = _loop_problem()


def _loop_loss(theta: Array) -> float:
    """Half the mean squared error of the check's linear model on all its data."""
    return float(0.5 * np.mean((_LOOP_X @ theta - _LOOP_Y) ** 2))


class _Stop(BaseException):
    """Raised inside the learner's loop to stop it with a message."""


class _Recorder:
    """A `backward` and a `report` for the learner's loop that record each call."""

    def __init__(self) -> None:
        self.rows: dict[bytes, int] = {
            row.tobytes(): i for i, row in enumerate(_LOOP_X)
        }
        self.thetas: list[Array] = []
        self.grads: list[Array] = []
        self.batches: list[Array | None] = []  # row indices, None if unknown
        self.paired: list[bool] = []  # y matches the rows of X
        self.reports: list[tuple[Any, Array, int]] = []

    def _theta(self, theta: Any, where: str) -> Array:
        try:
            value = np.array(theta, dtype=float)
        except (TypeError, ValueError):
            raise _Stop(f"{where} got {describe(theta)} where theta belongs.") from None
        if value.shape != _LOOP_THETA0.shape:
            raise _Stop(
                f"{where} got theta of shape {value.shape}, but the parameters "
                f"have shape {_LOOP_THETA0.shape}."
            )
        return value

    def backward(self, theta: Any, X_batch: Any, y_batch: Any) -> Array:
        if len(self.thetas) >= _LOOP_MAX_CALLS:
            raise _Stop(
                f"backward was called more than {_LOOP_MAX_CALLS} times for "
                f"{_LOOP_EPOCHS} epochs of {_LOOP_N} examples in batches of "
                f"{_LOOP_BATCH}: the loops run far too long."
            )
        theta = self._theta(theta, "backward")
        try:
            Xb = np.array(X_batch, dtype=float)
            yb = np.array(y_batch, dtype=float)
        except (TypeError, ValueError):
            raise _Stop(
                "backward should get the batch's rows of X and its values of y."
            ) from None
        if Xb.ndim != 2 or Xb.shape[1] != 3 or yb.shape != (len(Xb),):
            raise _Stop(
                f"backward got X of shape {Xb.shape} and y of shape {yb.shape}; "
                "it wants the batch's rows of X, shape (batch size, 3), and the "
                "matching values of y, shape (batch size,)."
            )
        if len(Xb) == 0:
            raise _Stop("backward got an empty batch: a batch loop runs past the data.")
        rows = [self.rows.get(row.tobytes()) for row in Xb]
        known = None if None in rows else np.array(rows)
        self.batches.append(known)
        self.paired.append(known is not None and np.array_equal(yb, _LOOP_Y[known]))
        self.thetas.append(theta)
        g = Xb.T @ (Xb @ theta - yb) / len(yb)
        self.grads.append(g.copy())
        return g

    def report(self, epoch: Any, theta: Any) -> None:
        if len(self.reports) >= _LOOP_MAX_CALLS:
            raise _Stop("report was called far too often: once per epoch is enough.")
        self.reports.append((epoch, self._theta(theta, "report"), len(self.thetas)))


def _run_loop(fn: Callable[..., Any], seed: int) -> tuple[_Recorder, Any, Array]:
    """Run the learner's loop with recording stand-ins; return what it did."""
    recorder, theta0 = _Recorder(), _LOOP_THETA0.copy()
    rng = np.random.default_rng(seed)
    args = (recorder.backward, theta0, _LOOP_X.copy(), _LOOP_Y.copy(), rng)
    args += (recorder.report, _LOOP_EPOCHS, _LOOP_LR, _LOOP_BETA, _LOOP_BATCH)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            value = call(fn, *args, name="sgd_momentum")
    except LearnerError as error:
        if isinstance(error.__cause__, _Stop):
            raise Incorrect(str(error.__cause__)) from None
        raise
    return recorder, value, theta0


def _returned_theta(value: Any) -> Array:
    if isinstance(value, tuple | list) and len(value) in (2, 3):
        first = np.asarray(value[0], dtype=object)
        if first.shape == _LOOP_THETA0.shape:
            raise Incorrect(
                f"sgd_momentum returned {len(value)} things; return theta alone, "
                "the trained parameters (report is how the losses get out)."
            )
    return as_numbers(value, "the theta that sgd_momentum returned", _LOOP_THETA0.shape)


def _epochs(recorder: _Recorder) -> list[list[int]]:
    """The calls of backward in each epoch, as delimited by the calls of report."""
    reports = recorder.reports
    n_calls = len(recorder.thetas)
    if not reports:
        raise Incorrect(
            "report was never called: call it once at the end of every epoch, "
            "with the epoch's number and theta, so the loss can be seen as it trains."
        )
    ends = [index for _, _, index in reports]
    if len(reports) == n_calls and len(reports) > _LOOP_EPOCHS:
        raise Incorrect(
            f"report was called after every batch ({len(reports)} times for "
            f"{_LOOP_EPOCHS} epochs): call it once per epoch, after the epoch's "
            "last batch."
        )
    if ends[0] == 0:
        raise Incorrect(
            "report was called before the first step of an epoch: call it at "
            "the end of each epoch, after its last step, with the theta that "
            "step produced."
        )
    if len(reports) != _LOOP_EPOCHS:
        raise Incorrect(
            f"report was called {len(reports)} times for n_epochs = {_LOOP_EPOCHS}: "
            "the loop should run n_epochs epochs and report each one once, at its end."
        )
    if ends[-1] != n_calls:
        raise Incorrect(
            "backward was called after the last report: each epoch's report "
            "comes after all of its steps."
        )
    numbers = [epoch for epoch, _, _ in reports]
    if [_as_int(e) for e in numbers] != list(range(_LOOP_EPOCHS)):
        shown = ", ".join(safe_repr(e) for e in numbers)
        raise Incorrect(
            f"the epochs were reported as {shown}; number them 0, 1, 2, ..., as "
            "range(n_epochs) does."
        )
    starts = [0, *ends[:-1]]
    return [list(range(a, b)) for a, b in zip(starts, ends, strict=True)]


def _as_int(value: Any) -> int | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else None


def _check_batches(recorder: _Recorder, epochs: list[list[int]]) -> None:
    """Say what is wrong with the batches, if anything: coverage, sizes, shuffling."""
    if any(b is None for b in recorder.batches):
        raise Incorrect(
            "backward got rows that are not rows of X (scaled, rounded or made "
            "up?): give it the batch's rows of X as they are."
        )
    batches: list[Array] = [b for b in recorder.batches if b is not None]
    if all(len(b) == _LOOP_N for b in batches):
        if len(batches) == _LOOP_EPOCHS:
            raise Incorrect(
                f"every gradient was taken on all {_LOOP_N} examples at once, "
                "one step per epoch: that is full-batch descent. Cut each "
                "epoch's shuffled order into batches and take one step per "
                "batch, with the gradient on that batch's rows."
            )
        raise Incorrect(
            f"each of the {len(batches)} steps took its gradient on all "
            f"{_LOOP_N} examples, the whole of X and y, not on its batch's rows: "
            "backward should get only the rows the batch lists."
        )
    if not all(recorder.paired):
        raise Incorrect(
            "the rows of X and the values of y given to backward no longer "
            "belong together: X and y were shuffled apart (X shuffled without "
            "y, or each with its own shuffle). Pick both with the same indices."
        )
    orders = []
    for number, calls in enumerate(epochs):
        order = np.concatenate([batches[k] for k in calls])
        used = np.unique(order)
        if len(order) == _LOOP_N and len(used) == _LOOP_N:
            orders.append(order)
            continue
        if len(used) == len(order):
            raise Incorrect(
                f"epoch {number} used {len(order)} of the {_LOOP_N} examples, each "
                f"once: the batch loop stops before the end of the data (with "
                f"{_LOOP_N} examples in batches of {_LOOP_BATCH}, the last batch "
                f"holds the {_LOOP_N % _LOOP_BATCH} left over, and it counts too)."
            )
        missed = _LOOP_N - len(used)
        raise Incorrect(
            f"in epoch {number} some examples came more than once"
            + (f" and {missed} not at all" if missed else "")
            + ": each epoch should use every example exactly once (batches "
            "drawn at random, or slices that overlap, repeat some examples)."
        )
    expected = [_LOOP_BATCH] * (_LOOP_N // _LOOP_BATCH) + [_LOOP_N % _LOOP_BATCH]
    for calls in epochs:
        sizes = [len(batches[k]) for k in calls]
        if sizes != expected:
            raise Incorrect(
                f"the batches of an epoch held {sizes} examples: with batch_size = "
                f"{_LOOP_BATCH} they hold {_LOOP_BATCH} each, in order, and the "
                "last one the rest."
            )
    if all(np.array_equal(order, np.arange(_LOOP_N)) for order in orders):
        raise Incorrect(
            "the examples came in their stored order 0, 1, 2, ... in every "
            "epoch: they were never shuffled, so every epoch takes the same "
            "steps in the same order. Are the batches cut from order, the "
            "shuffled positions, or from the positions 0, 1, 2, ... themselves?"
        )
    if all(np.array_equal(order, orders[0]) for order in orders):
        raise Incorrect(
            "every epoch used the same batches in the same order: the data "
            "was shuffled once, before the epochs, instead of at the start of "
            "each epoch."
        )


def _close_rows(got: Array, want: Array) -> bool:
    scale = float(np.abs(want).max() + np.abs(got).max())
    return bool(np.allclose(got, want, rtol=1e-7, atol=1e-10 * scale + 1e-14))


def _check_steps(recorder: _Recorder, epochs: list[list[int]], theta: Array) -> None:
    """Test every step against the update rule; name the rule a wrong loop follows."""
    beta, lr = _LOOP_BETA, _LOOP_LR
    steps = np.diff(np.array([*recorder.thetas, theta]), axis=0)
    G = np.array(recorder.grads)
    zero = np.zeros((1, G.shape[1]))
    prev = np.vstack([zero, steps[:-1]])
    g_prev = np.vstack([zero, G[:-1]])
    start = np.isin(np.arange(len(G)), [calls[0] for calls in epochs])
    size = np.array([len(b) for b in recorder.batches if b is not None], dtype=float)
    if np.all(steps == 0):
        raise Incorrect(
            "theta never changes, so the loss does not go down: the new theta "
            "is computed but not stored back where the next step reads it."
        )
    if np.array_equal(theta, _LOOP_THETA0) and np.any(steps[:-1] != 0):
        raise Incorrect(
            "sgd_momentum returned theta0, the starting point: return the "
            "trained theta."
        )
    right = beta * prev - lr * G
    if _close_rows(steps, right):
        return
    if _close_rows(steps[:-1], right[:-1]) and np.all(steps[-1] == 0):
        raise Incorrect(
            "theta is updated before the batch's gradient is computed: each "
            "step uses a gradient from the previous pass of the loop, so the "
            "last gradient is never used and report sees theta before the "
            "epoch's last step. In each pass: the gradient, then v, then theta."
        )
    # The rules a wrong loop may follow, tried in this order, as the steps they take.
    rules = {
        # v = beta * v + lr * g with theta + v, and v = beta * v - lr * g with
        # theta - v, take the very same steps: the message names both signs.
        "the steps go uphill, so the loss goes up: each step moves theta along "
        "the gradient instead of against it. One sign of the update is flipped: "
        "the sign that lr * g gets in v, or the sign with which v is added to "
        "theta (compare both with the rule in the exercise)": beta * prev + lr * G,
        "every step is -lr * g alone, as in plain SGD: the velocity v is never "
        "stored, so the momentum of earlier steps is lost. v must keep its "
        "value from one batch to the next": -lr * G,
        "v starts again from zero at the start of every epoch: momentum "
        "carries over from one epoch to the next, so v starts at zero once, "
        "before the first epoch": np.where(start[:, None], 0.0, beta * prev) - lr * G,
        "each step uses the gradient of the previous batch, and the first step "
        "none: compute g on the batch first, then update v and theta with it": (
            beta * prev - lr * g_prev
        ),
        "lr and beta are swapped: beta multiplies the old velocity, lr the gradient": (
            lr * prev - beta * G
        ),
        "the gradient is weighted by (1 - beta), as in Adam's moving average "
        "(lesson 12); the heavy ball adds -lr * g to beta * v, with no (1 - beta)": (
            beta * prev - lr * (1 - beta) * G
        ),
        "every step is len(batch)/n of the right size: backward already returns "
        "the mean gradient over the batch it gets, so scaling it by len(batch) "
        "and dividing by the whole data size n divides by n instead of by the "
        "batch size": beta * prev - lr * (size / _LOOP_N)[:, None] * G,
        "every step is 1/len(batch) of the right size: backward already divides "
        "by the batch size (its gradient is a mean), and the step divides by it "
        "again": beta * prev - lr * G / size[:, None],
    }
    for words, want in rules.items():
        if _close_rows(steps, want):
            raise Incorrect(f"it looks like {words}.")
    ratio = _step_ratio(steps - beta * prev, -lr * G)
    if ratio is not None:
        raise Incorrect(
            f"every step is {ratio:.3g} times the right size: look for a missing "
            "or extra factor between the gradient and the step (is lr there?)."
        )
    raise Incorrect(
        "the steps do not follow v = beta * v - lr * g, theta = theta + v, with "
        "v = 0 at the start and g the gradient on the current batch at the "
        "current theta. Print v and theta for the first two batches and "
        "compare them with the rule by hand."
    )


def _step_ratio(got: Array, want: Array) -> float | None:
    """The factor c if got = c * want for every step (c not 1), else None."""
    norm = float(np.sum(want * want))
    if norm == 0:
        return None
    c = float(np.sum(got * want) / norm)
    return c if abs(c - 1) > 1e-6 and _close_rows(got, c * want) else None


def _check_reports(recorder: _Recorder, epochs: list[list[int]], theta: Array) -> None:
    points = [*recorder.thetas, theta]
    for number, (_, reported, _) in enumerate(recorder.reports):
        current = points[epochs[number][-1] + 1]
        if not np.allclose(reported, current, rtol=1e-12, atol=1e-15):
            raise Incorrect(
                f"report got a theta at the end of epoch {number} that is not "
                "the current one (theta0, or a copy kept from before the "
                "epoch's steps?): give it theta as the epoch's last step left it."
            )


@exercise("13.1")
def _sgd_momentum(answer: Any) -> str:
    sgd_momentum = as_function(answer, "sgd_momentum")
    if sgd_momentum is course_sgd_momentum:
        raise Incorrect(
            "this is utils.optim.sgd_momentum, the course's copy of the loop: "
            "the exercise is to write the loop yourself."
        )
    recorder, value, theta0 = _run_loop(sgd_momentum, _LOOP_SEEDS[0])
    if value is None:
        raise Incorrect("sgd_momentum returned None: did you forget to return theta?")
    if not recorder.thetas:
        raise Incorrect(
            "backward was never called: each step needs the gradient on its batch."
        )
    theta = _returned_theta(value)
    if not np.array_equal(theta0, _LOOP_THETA0):
        raise Incorrect(
            "sgd_momentum changed theta0 in place (theta += v on the very array "
            "it was given?): the caller's starting point is lost, and a second "
            "run would start from the trained theta. Work on a copy. If you "
            "ran it on the lesson's own theta0 (without .copy()), that theta0 "
            "has been trained too: run the cell of section 5 that makes theta0 "
            "again, which restores it."
        )
    epochs = _epochs(recorder)
    _check_batches(recorder, epochs)
    _check_steps(recorder, epochs, theta)
    _check_reports(recorder, epochs, theta)
    again, _, _ = _run_loop(sgd_momentum, _LOOP_SEEDS[0])
    other, _, _ = _run_loop(sgd_momentum, _LOOP_SEEDS[1])
    if not _same_batches(recorder, again):
        raise Incorrect(
            "two runs with generators made from the same seed shuffled "
            "differently: the shuffle does not come from the rng argument "
            "(np.random.permutation draws from NumPy's own global generator)."
        )
    if _same_batches(recorder, other):
        raise Incorrect(
            "runs with generators from different seeds shuffled the same way: "
            "the shuffle ignores the rng argument (a generator made inside the "
            "function?)."
        )
    losses = [_loop_loss(reported) for _, reported, _ in recorder.reports]
    if not losses[-1] < 0.5 * _loop_loss(_LOOP_THETA0):
        raise Incorrect(
            "the loss does not go down: after the last epoch it is not even "
            "half the loss at the start."
        )
    return (
        f"each of the {len(recorder.thetas)} steps follows the momentum update "
        f"with the gradient of its batch; every epoch shuffles all {_LOOP_N} "
        "examples with rng and uses each once, and report sees each epoch end "
        f"(the loss fell from {_loop_loss(_LOOP_THETA0):.2f} to {losses[-1]:.2f})."
    )


def _same_batches(a: _Recorder, b: _Recorder) -> bool:
    return len(a.batches) == len(b.batches) and all(
        x is not None and y is not None and np.array_equal(x, y)
        for x, y in zip(a.batches, b.batches, strict=True)
    )


# ---------------------------------------------------------------- networks
# Shared by 13.2, 13.3 and 13.5: reading a learner's gradient, and the
# complex-step gradients of a network whose activation keeps its values but
# takes another slope, which is what a backward pass with that slope computes.
def _flat_gradient(
    value: Any, what: str, shapes: Shapes, n: int, inputs: Sequence[tuple[str, int]]
) -> Array:
    """Return the learner's gradient as one flat vector, or explain its shape.

    ``inputs`` names each layer's input and its number of columns, in the
    order of the weights in ``shapes``: a weight gradient built from another
    layer's input, or a bias gradient summed along the wrong axis, has a size
    of its own, which names the slip.
    """
    expected = sum(int(np.prod(shape)) for _, shape in shapes)
    if isinstance(value, tuple | list) and any(_ndim(part) > 0 for part in value):
        names = ", ".join(name for name, _ in shapes)
        raise Incorrect(
            f"{what} returned {len(value)} separate arrays; return one flat "
            f"vector shaped like theta: pack([{names}])."
        )
    shape = None if value is None else shape_of(value)
    size = expected if shape is None else int(np.prod(shape))  # None: as_numbers says
    if size != expected:
        biases = [
            (name, int(np.prod(shape))) for name, shape in shapes if len(shape) == 1
        ]
        for k in range(1, len(biases) + 1):
            for group in combinations(biases, k):
                if expected + (n - 1) * sum(s for _, s in group) == size:
                    names = " and ".join(name for name, _ in group)
                    raise Incorrect(
                        f"{what} returned {size} numbers instead of {expected} (one per "
                        f"parameter): {names} {'keeps' if k == 1 else 'keep'} one row per "
                        "example. A bias is added to every row, so its gradient "
                        "is the sum over the rows."
                    )
        slip = _size_slip(size, expected, shapes, n, inputs)
        if slip:
            raise Incorrect(
                f"{what} returned {size} numbers instead of {expected}: {slip}"
            )
        raise Incorrect(
            f"{what} returned {size} number{'' if size == 1 else 's'}; the network "
            f"has {expected} parameters, "
            "so the gradient needs exactly that many, in the order of theta."
        )
    return as_numbers(value, what, (expected,))


def _size_slip(
    size: int, expected: int, shapes: Shapes, n: int, inputs: Sequence[tuple[str, int]]
) -> str | None:
    """Name the one block whose wrong shape explains ``size``, if exactly one does."""
    found = []
    weights = [(name, shape) for name, shape in shapes if len(shape) == 2]
    for (name, (rows, cols)), (own, _) in zip(weights, inputs, strict=True):
        for other, width in inputs:
            if width != rows and size == expected + (width - rows) * cols:
                found.append(
                    f"{name} has the shape ({width}, {cols}), not ({rows}, {cols}) "
                    f"like {name[1:]}. It looks like it was computed from {other}, "
                    f"but the input of the layer that {name[1:]} belongs to is {own}."
                )
    for name, shape in shapes:
        if len(shape) == 1 and shape[0] != n and size == expected - shape[0] + n:
            found.append(
                f"{name} has {n} numbers, one per example, instead of {shape[0]}, "
                "one per unit: it was summed along the wrong axis, across each "
                "row (over the units) instead of over the examples."
            )
        if len(shape) == 1 and shape[0] > 1 and size == expected - shape[0] + 1:
            found.append(
                f"{name} is one number instead of {shape[0]}, one per unit: it "
                "was summed over everything (no axis given) instead of over the "
                "examples only."
            )
    return found[0] if len(found) == 1 else None


def _ndim(value: Any) -> int:
    """The number of dimensions of ``value`` as an array (1 for ragged lists)."""
    try:
        return int(np.ndim(value))
    except ValueError:  # a ragged nesting of lists
        return 1


def _call_backward(
    fn: Callable[..., Any], theta: Array, X: Array, y: Array, name: str, hint: str
) -> Any:
    """Call the learner's backward pass; add a hint on shapes to a shape error."""
    try:
        return call(fn, theta.copy(), X.copy(), y.copy(), name=name)
    except LearnerError as error:
        if any(w in str(error) for w in ("shape", "align", "matmul", "broadcast")):
            # the arrays it was called with would hide the shapes: leave them out
            text = str(error).split(" (when called with ")[0].rstrip(" .")
            raise LearnerError(f"{text}. {hint}") from error
        _raise_if_builtin_max(error, name)
        raise


def _pieces(theta: Any, shapes: Shapes) -> list[Any]:
    """Cut theta into arrays of the given shapes, in order."""
    ends = np.cumsum([int(np.prod(shape)) for _, shape in shapes])
    blocks = np.split(theta, ends[:-1])
    return [b.reshape(shape) for b, (_, shape) in zip(blocks, shapes, strict=True)]


def _span(shapes: Shapes, name: str) -> slice:
    """Where block ``name`` lies in a vector packed in the order of ``shapes``."""
    sizes = [int(np.prod(shape)) for _, shape in shapes]
    k = [block for block, _ in shapes].index(name)
    return slice(sum(sizes[:k]), sum(sizes[: k + 1]))


def _patched(flat: Array, *blocks: tuple[slice, Array]) -> Array:
    """A copy of ``flat`` with some blocks replaced, as a slip in them would."""
    out = flat.copy()
    for where, values in blocks:
        out[where] = values
    return out


def _transposed(flat: Array, shapes: Shapes, name: str) -> Array:
    """``flat`` with block ``name`` laid out as its transpose, as a slip would."""
    where = _span(shapes, name)
    return _patched(flat, (where, flat[where].reshape(dict(shapes)[name]).T.ravel()))


def _with_slope(
    value: Callable[[Array], Array], slope: Callable[[Array], Array]
) -> Callable[[Any], Any]:
    """An activation for the complex step: ``value`` as it is, ``slope`` as its slope.

    Under the complex step a number is r + i e with e tiny, and a function is
    worth f(r) + i f'(r) e. Here the real part gets ``value`` and the imaginary
    part ``slope``, so the complex-step gradient of a loss built with it is what
    the chain rule gives with ``slope`` in the place of the activation's slope.
    """

    def activation(a: Any) -> Any:
        return value(a.real) + 1j * slope(a.real) * a.imag

    return activation


def _logistic_loss(z: Any, y: Array) -> Any:
    """The lesson's loss from the logits; it also takes complex logits."""
    return np.mean(np.log1p(np.exp(z)) - y * z)


def _relu(a: Array) -> Array:
    return np.maximum(a, 0.0)


def _relu_slope(a: Array) -> Array:
    return (a > 0).astype(float)


def _one_hidden_shapes(h: int) -> Shapes:
    return [("dW1", (2, h)), ("db1", (h,)), ("dW2", (h, 1)), ("db2", (1,))]


def _logits(theta: Any, X: Array, activation: Callable[[Any], Any]) -> Any:
    """The logits of the lesson's network, the layout of unpack, any activation."""
    W1, b1, W2, b2 = _pieces(theta, _one_hidden_shapes((len(theta) - 1) // 4))
    return (activation(X @ W1 + b1) @ W2 + b2)[:, 0]


def _complex_step(loss: Callable[[Any], Any], theta: Array) -> Array:
    return gradient(loss, theta, method="complex")


def _slope_gradient(
    theta: Array,
    X: Array,
    y: Array,
    slope: Callable[[Array], Array],
    value: Callable[[Array], Array] = _relu,
) -> Array:
    """The loss's gradient in theta with ``value`` as the activation, ``slope`` as its slope."""
    activation = _with_slope(value, slope)
    return _complex_step(lambda t: _logistic_loss(_logits(t, X, activation), y), theta)


# ---------------------------------------------------------------- 13.2
def _relu_slips(
    theta: Array, X: Array, y: Array, exact: Array
) -> dict[str, Array | Callable[[], Array]]:
    """What a ReLU backward pass gives after likely slips, from the oracle's side
    (each gradient computed only when `compare` needs it)."""
    h, n = (len(theta) - 1) // 4, len(y)
    shapes = _one_hidden_shapes(h)
    dW1, db1, dW2 = (_span(shapes, name) for name in ("dW1", "db1", "dW2"))
    W1, b1, W2, b2 = _pieces(theta, shapes)
    A = X @ W1 + b1

    def with_slope(
        slope: Callable[[Array], Array], value: Callable[[Array], Array] = _relu
    ) -> Callable[[], Array]:
        return functools.partial(_slope_gradient, theta, X, y, slope, value)

    no_slope = functools.cache(with_slope(np.ones_like))  # dH where dA belongs

    def relu_of_dH() -> Array:  # ReLU applied to dH instead of its slope times dH
        dH = _complex_step(
            lambda H: _logistic_loss((H.reshape(n, h) @ W2 + b2)[:, 0], y),
            _relu(A).ravel(),
        ).reshape(n, h)
        return _patched(
            exact,
            (
                dW1,
                _complex_step(
                    lambda w: np.sum(_relu(dH) * (X @ w.reshape(2, h))), W1.ravel()
                ),
            ),
            (db1, _complex_step(lambda b: np.sum(_relu(dH) * b), b1)),
        )

    def dW2_from_A() -> Array:
        dz = _complex_step(lambda z: _logistic_loss(z, y), (_relu(A) @ W2 + b2)[:, 0])
        return _patched(
            exact, (dW2, _complex_step(lambda w: np.sum(dz * (A @ w)), W2.ravel()))
        )

    return {
        "the forward pass is still tanh's, H = tanh(A), with ReLU's slope "
        "(A > 0) in the backward step: this network's hidden values are "
        "ReLU(A), and dz and dW2 must come from them": with_slope(_relu_slope, np.tanh),
        "tanh's slope 1 - H**2 was kept: this network's activation is ReLU, "
        "whose slope is 1 where a > 0 and 0 elsewhere": with_slope(
            lambda a: 1 - _relu(a) ** 2
        ),
        "the step through the activation is missing: the gradient reaching the "
        "hidden values H must be multiplied by ReLU's slope before it goes on "
        "to W1 and b1": no_slope,
        "dW1 was computed from dH, the gradient reaching H, which has not "
        "yet gone through ReLU's slope: W1 acts through A, so dW1 needs dA "
        "(db1 is right)": lambda: _patched(exact, (dW1, no_slope()[dW1])),
        "db1 was summed from dH, the gradient reaching H, which has not yet "
        "gone through ReLU's slope: b1 acts through A, so db1 needs dA "
        "(dW1 is right)": lambda: _patched(exact, (db1, no_slope()[db1])),
        "ReLU was applied to the gradient: dA looks like ReLU of dH, "
        "np.maximum(dH, 0), which keeps dH's positive entries wherever they are. "
        "The activation's slope must multiply dH, and that slope depends on A, "
        "not on the sign of dH": relu_of_dH,
        "the gradient reaching H was multiplied by ReLU(A), the activation's "
        "values, not by its slope": with_slope(_relu),
        "the weight gradient dW1 is transposed: it must have the shape (2, h) "
        "of W1": _transposed(exact, shapes, "dW1"),
        "the 1/n is missing: the loss is a mean over the n examples, and so is "
        "its gradient": n * exact,
        "db1 is an average over the examples: a bias is added to every row, so "
        "its gradient is the sum over the rows, not the mean": _patched(
            exact, (db1, exact[db1] / n)
        ),
        "dW2 was computed from A, the hidden layer before ReLU; the output "
        "layer's input is H = ReLU(A)": dW2_from_A,
    }


def _problem(n: int, size: int, seed: int) -> tuple[Array, Array, Array]:
    """A random theta of ``size`` numbers, n random points and labels 0, 1, 0, ..."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    return rng.normal(size=size), X, (np.arange(n) % 2).astype(float)


# (n, h, seed): n differs from h and from 2 so that no shapes coincide; with
# these seeds no hidden pre-activation lies within 0.03 of ReLU's kink. The
# last problem has some exactly at the kink, where central differences would
# see a slope of 1/2: its oracle is the complex step with the course's slope.
_RELU_PROBLEMS = [
    _problem(n, 4 * h + 1, seed)
    for n, h, seed in ((7, 5, 83), (12, 3, 84), (4, 16, 90))
]
# Its first point is (0, 0) and b1[0] = b1[1] = 0, so two units of that point
# have a = 0 exactly, whatever W1: there the course's slope is 0.
_RELU_KINK = _problem(6, 4 * 4 + 1, 91)
_RELU_KINK[1][0] = 0.0
_RELU_KINK[0][2 * 4 : 2 * 4 + 2] = 0.0  # b1[0] and b1[1]


@exercise("13.2")
def _backward_relu(answer: Any) -> str:
    backward_relu = as_function(answer, "backward_relu")
    for theta, X, y in [*_RELU_PROBLEMS, _RELU_KINK]:
        n, h = len(y), (len(theta) - 1) // 4
        what = f"backward_relu with width {h} and {n} points"
        at_kink = theta is _RELU_KINK[0]
        if at_kink:
            what += " (the first at (0, 0), and b1[0] = b1[1] = 0)"
        hint = (
            f"Check the shapes: X is ({n}, 2), W1 (2, {h}), A and H ({n}, {h}), "
            f"W2 ({h}, 1), dz ({n}, 1); dH has the shape of H."
        )
        value = _call_backward(backward_relu, theta, X, y, "backward_relu", hint)
        got = _flat_gradient(
            value, what, _one_hidden_shapes(h), n, [("X", 2), ("H", h)]
        )
        if at_kink:
            exact = _slope_gradient(theta, X, y, _relu_slope)
            mistakes = {**_kink_slips(theta, X, y), **_relu_slips(theta, X, y, exact)}
        else:
            exact = gradient(
                lambda t, X=X, y=y: _logistic_loss(_logits(t, X, _relu), y), theta
            )
            mistakes = _relu_slips(theta, X, y, exact)
        compare(got, exact, what=what, mistakes=mistakes, rtol=1e-5, atol=1e-8)
    return (
        "matches central differences of the ReLU network's loss for widths 3, 5 "
        "and 16, and the slope 0 at the kink a = 0 for width 4: ReLU passes the "
        "gradient where a > 0 and blocks it elsewhere."
    )


def _kink_slips(theta: Array, X: Array, y: Array) -> dict[str, Callable[[], Array]]:
    """What a ReLU backward pass gives with another slope at the kink a = 0
    (computed only when `compare` needs it)."""
    kink = (
        "at the kink a = 0 (the first point, units 0 and 1) the gradient went "
        "through, with slope {}: the course takes ReLU's slope there as 0 "
        "(lesson 02), as the exercise says. Look at which comparison of A "
        "with 0 builds the slope"
    )
    return {
        kink.format(1): functools.partial(
            _slope_gradient, theta, X, y, lambda a: (a >= 0).astype(float)
        ),
        kink.format("1/2"): functools.partial(
            _slope_gradient, theta, X, y, lambda a: np.where(a == 0, 0.5, a > 0)
        ),
    }


# ---------------------------------------------------------------- 13.3
_TARGET = 0.96


def _moons(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Two interleaved moons, with the recipe of the lesson's section 1."""
    y = (np.arange(n) % 2).astype(float)
    t = rng.uniform(0.0, np.pi, size=n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    X = np.where(y[:, None] == 1, np.array([1.0, 0.5]) - upper, upper)
    return X + noise * rng.normal(size=(n, 2)), y


_HELD_OUT = _moons(1000, 0.15, np.random.default_rng(808))


def _probabilities(value: Any, m: int) -> Array:
    """The learner's predictions as m numbers in [0, 1], or say what is wrong."""
    if value is None:
        raise Incorrect("predict_relu returned None: did you forget a `return`?")
    if shape_of(value) is None:
        raise Incorrect(
            f"predict_relu should return numbers, got {type(value).__name__}."
        )
    p = np.asarray(value, dtype=float)
    if p.shape == (m, 1):
        p = p[:, 0]
    p = as_numbers(p, f"predict_relu(theta_relu, X) for X of shape ({m}, 2)", (m,))
    if np.any((p < 0) | (p > 1)):
        raise Incorrect(
            "predict_relu returns values outside [0, 1]: it should return the "
            "probabilities sigma(z), not the logits z."
        )
    return p


def _why_short(theta: Array, X: Array, y: Array, share: float, p: Array) -> None:
    """Say why a ReLU network falls short, naming the cause if theta shows it."""
    h = (len(theta) - 1) // 4
    W1, b1, W2, _ = _pieces(theta, _one_hidden_shapes(h))
    score = f"your network classifies {share:.1%} of {len(y)} fresh points correctly"
    if np.all(W1 == 0) and np.all(b1 == 0) and np.all(W2 == 0):
        raise Incorrect(
            f"{score}: W1, b1 and W2 are still exactly zero, so every point gets "
            "the same p. A start with all parameters zero never moves them: "
            "with W2 = 0 no gradient reaches the hidden layer, and with H = 0 "
            "none reaches W2 (Going further shows it). Training longer cannot "
            "help: start the hidden weights at random."
        )
    same = np.allclose(W1, W1[:, :1]) and np.allclose(b1, b1[0])
    if h > 1 and same and np.allclose(W2, W2[0]):
        raise Incorrect(
            f"{score}: all {h} hidden units are copies of each other (equal "
            "columns of W1, equal entries of b1 and of W2). Units that start "
            "equal get equal gradients and stay equal (section 5), so the "
            "network works like one unit: start the hidden weights at random."
        )
    tanh_share = float(np.mean((_logits(theta, X, np.tanh) > 0) == y))
    if tanh_share >= _TARGET:
        raise Incorrect(
            f"{score} as a ReLU network, but {tanh_share:.1%} as a tanh network: "
            "theta_relu looks trained for tanh. Was the training loop given section 3's "
            "backward instead of your backward_relu?"
        )
    if np.allclose(p, 0.5, rtol=0, atol=1e-9):  # so share is 50%: below _TARGET
        raise Incorrect(
            f"your network gives p = 0.5 for every point, so it classifies "
            f"{share:.1%} of them correctly: an untrained start (W2 and b2 "
            "still zero, as init leaves them)? theta_relu should be the theta "
            "that training returns."
        )
    if h <= 4:
        raise Incorrect(
            f"{score}, below {_TARGET:.0%}, with only {h} hidden units: narrow "
            "ReLU networks may not bend the boundary enough. Train a wider one."
        )
    raise Incorrect(
        f"{score}, below {_TARGET:.0%}. Check backward_relu with check_gradient, "
        "and that the training loop got backward_relu; then train longer or wider."
    )


@exercise("13.3", depends_on=("13.2",))
def _relu_model(answer: Any) -> str:
    if not isinstance(answer, tuple | list) or len(answer) != 2:
        raise Incorrect(
            "relu_model should be a pair (theta_relu, predict_relu): the trained "
            "parameters and the function."
        )
    theta_answer, predict_answer = answer
    if theta_answer is Ellipsis:
        raise NotAttempted("theta_relu is still ...: train your network first.")
    predict_relu = as_function(predict_answer, "predict_relu")
    shape = shape_of(theta_answer)
    if shape is None:
        raise Incorrect(
            "theta_relu should be the trained parameters, a 1-D array of numbers, "
            f"got {type(theta_answer).__name__}."
        )
    if len(shape) != 1 or shape[0] < 5 or (shape[0] - 1) % 4:
        raise Incorrect(
            f"theta_relu has shape {shape}; a network of width h in the layout "
            "of unpack (W1: 2h, b1: h, W2: h, b2: 1) is a 1-D array of 4h + 1 numbers."
        )
    theta = as_numbers(theta_answer, "theta_relu", shape)
    X, y = _HELD_OUT
    try:
        value = call(predict_relu, theta.copy(), X.copy(), name="predict_relu")
    except LearnerError as error:
        _raise_if_builtin_max(error, "predict_relu")
        if "inhomogeneous" in str(error):
            raise Incorrect(
                "predict_relu raised ValueError: an array could not be made from "
                "a pair of arrays of different shapes. Does sigma get the whole "
                "pair that forward_relu returns, z and H, instead of z alone?"
            ) from None
        raise
    p = _probabilities(value, len(y))
    relu_p = _sigmoid(_logits(theta, X, _relu))
    if not np.allclose(p, relu_p, rtol=1e-6, atol=1e-9):
        if np.allclose(p, _sigmoid(_logits(theta, X, np.tanh)), rtol=1e-6, atol=1e-9):
            raise Incorrect(
                "predict_relu computes a tanh network: the exercise asks for ReLU, "
                "np.maximum(a, 0), in the hidden layer."
            )
        if np.all((p == 0) | (p == 1)):
            raise Incorrect(
                "predict_relu returns labels 0 and 1: return the probabilities "
                "sigma(z) instead."
            )
        raise Incorrect(
            "predict_relu(theta_relu, X) is not the ReLU network with the layout of "
            "unpack: ReLU in the hidden layer, sigma of the output layer's logit."
        )
    share = float(np.mean((relu_p > 0.5) == y))
    if share < _TARGET:
        _why_short(theta, X, y, share, relu_p)
    return (
        f"a ReLU network of width {(theta.size - 1) // 4} that classifies "
        f"{share:.1%} of {len(y)} fresh moon points correctly."
    )


# ---------------------------------------------------------------- 13.4
def _weighted_bce_exact(
    z: Array, y: Array, pos_weight: float, *, swapped: bool = False
) -> tuple[float, Array]:
    """The mean loss as the prompt writes it and its slopes in z, at 30 digits.

    With ``swapped``, the weight sits on class 0 instead: the loss of a
    statement with that slip, for naming it.
    """
    import mpmath  # here, not on import: only this check needs it

    def softplus(t: Any) -> Any:
        return mpmath.log1p(mpmath.exp(t))

    n = len(z)
    w1, w0 = (1.0, pos_weight) if swapped else (pos_weight, 1.0)
    losses, slopes = [], []
    with mpmath.workdps(30):
        for z_i, y_i in zip(z, y, strict=True):

            def one(t: Any, y_i: float = float(y_i)) -> Any:
                return w1 * y_i * softplus(-t) + w0 * (1 - y_i) * softplus(t)

            losses.append(one(mpmath.mpf(float(z_i))))
            slopes.append(mpmath.diff(one, mpmath.mpf(float(z_i))))
        return float(mpmath.fsum(losses) / n), np.array([float(s) / n for s in slopes])


def _bce_pair(value: Any, n: int, where: str) -> tuple[float, Array]:
    """Split the learner's (loss, dz), saying what was expected if it is not one."""
    if isinstance(value, tuple | list) and len(value) == 2:
        loss = as_number(value[0], f"the loss {where}")
        dz = as_numbers(value[1], f"dz {where}", (n,))
        return loss, dz
    if value is None:
        raise Incorrect(
            f"weighted_bce returned None {where}: did you forget a `return`?"
        )
    raise Incorrect(
        f"weighted_bce should return a pair (loss, dz); {where} it returned "
        f"{type(value).__name__}."
    )


def _bce_data(n: int, seed: int) -> tuple[Array, Array]:
    rng = np.random.default_rng(seed)
    return rng.uniform(-6.0, 6.0, size=n), (np.arange(n) % 2).astype(float)


_BCE_ORDINARY = [(*_bce_data(9, 81), 3.0), (*_bce_data(6, 82), 0.5)]
# Logits so large that sigma(z) rounds to exactly 0 or 1, for both labels.
_BCE_FAR = (
    np.array([-800.0, 800.0, -800.0, 800.0, 0.5]),
    np.array([1.0, 0.0, 0.0, 1.0, 1.0]),
    2.0,
)


def _bce_slips(
    z: Array, y: Array, w: float, loss: float, dz: Array
) -> dict[str, Array]:
    """What likely slips give for the loss (first entry) and dz (the rest)."""
    n = len(z)
    swapped = _weighted_bce_exact(z, y, w, swapped=True)
    unweighted_dz = _weighted_bce_exact(z, y, 1.0)[1]
    s = _sigmoid(z)
    return {
        "pos_weight was put on class 0 instead of class 1": np.append(*swapped),
        "the loss is right but dz is not: the class-1 terms of dz have the wrong "
        "sign. The derivative of softplus(-z) misses the inner derivative -1 "
        "of -z (chain rule)": np.append(loss, (w * y * (1 - s) + (1 - y) * s) / n),
        "the loss is right but dz is not: pos_weight multiplies every term of "
        "dz, class 0's too, while the loss weights only the terms with y = 1": (
            np.append(loss, w * (s - y) / n)
        ),
        "dz is missing the 1/n: the loss is a mean, so its gradient is one too": (
            np.append(loss, n * dz)
        ),
        "dz has the wrong sign: the loss grows with z where y = 0": np.append(
            loss, -dz
        ),
        "dz is the gradient of the unweighted loss: pos_weight is missing from "
        "the gradient": np.append(loss, unweighted_dz),
        "the loss is a sum, not a mean: divide it by n": np.append(n * loss, dz),
    }


@exercise("13.4")
def _weighted_bce(answer: Any) -> str:
    weighted_bce = as_function(answer, "weighted_bce")
    for z, y, w in _BCE_ORDINARY:
        where = f"for {len(z)} ordinary logits with pos_weight={w}"
        value = call(weighted_bce, z.copy(), y.copy(), w, name="weighted_bce")
        loss, dz = _bce_pair(value, len(z), where)
        exact_loss, exact_dz = _weighted_bce_exact(z, y, w)
        compare(
            np.append(loss, dz),
            np.append(exact_loss, exact_dz),
            what=f"weighted_bce {where}",
            mistakes=_bce_slips(z, y, w, exact_loss, exact_dz),
        )
    z, y, w = _BCE_FAR
    where = "at logits of -800 and 800"
    value = call(weighted_bce, z.copy(), y.copy(), w, name="weighted_bce")
    if isinstance(value, tuple | list) and len(value) == 2 and _not_finite(value[0]):
        raise Incorrect(
            "the loss is right for ordinary logits, but nan or inf at z = -800 "
            f"and 800: {_overflow_cause(weighted_bce)} Write the loss from the "
            "logit, with softplus computed the stable way: np.logaddexp, as in "
            "section 2 (from lesson 12)."
        )
    loss, dz = _bce_pair(value, len(z), where)
    exact_loss, exact_dz = _weighted_bce_exact(z, y, w)
    if not np.isclose(loss, exact_loss, rtol=1e-6):
        raise Incorrect(
            "the loss is right for ordinary logits but not at z = -800 and 800: "
            "clipping or rounding the probabilities (as in log(max(p, 1e-15))) "
            "caps each term at a few dozen. Write it from the logit, with "
            "softplus computed the stable way."
        )
    compare(dz, exact_dz, what=f"dz {where}", rtol=1e-6, atol=1e-12)
    return (
        "the loss and dz match a 30-digit calculation, and both stay finite and "
        "right at z = -800 and 800."
    )


# Logits of 100: exp(100) is still a float, but sigma(100) rounds to exactly 1.
_BCE_MID = (np.array([100.0, -100.0, 0.5]), np.array([0.0, 1.0, 1.0]), 2.0)


def _overflow_cause(weighted_bce: Callable[..., Any]) -> str:
    """Why the loss overflows at z = 800: the form that a run at z = 100 reveals."""
    z, y, w = _BCE_MID
    try:
        with np.errstate(all="ignore"):
            value = call(weighted_bce, z.copy(), y.copy(), w, name="weighted_bce")
        loss = float(value[0])
    except (LearnerError, TypeError, ValueError, IndexError, KeyError):
        loss = np.nan  # a form that fails here is not the plain exp form
    if np.isfinite(loss) and np.isclose(loss, _weighted_bce_exact(z, y, w)[0]):
        return (
            "softplus written as log(1 + exp(z)) overflows there, because "
            "e**800 is beyond the largest float (about 1.8e308): np.exp gives "
            "inf, and the log of 1 + inf is inf."
        )
    return (
        "the probability form, the log of sigma(z) and of 1 - sigma(z), "
        "breaks down there, because sigma(z) rounds to exactly 0 or 1 and "
        "log(0) is -inf."
    )


def _not_finite(value: Any) -> bool:
    """True if ``value`` is one number that is nan or infinite."""
    try:
        number = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return False
    return number.size == 1 and not np.isfinite(number).all()


# ---------------------------------------------------------------- 13.5
# The 2-6-4-1 tanh network, 51 parameters, in the order W1, b1, W2, b2, W3, b3.
_DEEP_SHAPES: Shapes = [
    ("dW1", (2, 6)),
    ("db1", (6,)),
    ("dW2", (6, 4)),
    ("db2", (4,)),
    ("dW3", (4, 1)),
    ("db3", (1,)),
]


def _deep_loss(
    theta: Any,
    X: Array,
    y: Array,
    first: Callable[[Any], Any] = np.tanh,
    second: Callable[[Any], Any] = np.tanh,
) -> Any:
    """The loss of exercise 13.5, with the given activations (complex theta too)."""
    W1, b1, W2, b2, W3, b3 = _pieces(theta, _DEEP_SHAPES)
    z = (second(first(X @ W1 + b1) @ W2 + b2) @ W3 + b3)[:, 0]
    return _logistic_loss(z, y)


def _deep_slips(
    theta: Array, X: Array, y: Array, exact: Array
) -> dict[str, Array | Callable[[], Array]]:
    """What a two-layer backward pass gives after likely slips (each gradient
    with other slopes of tanh computed only when `compare` needs it)."""

    @functools.cache
    def slopes(
        first: Callable[[Array], Array], second: Callable[[Array], Array]
    ) -> Array:
        act1, act2 = _with_slope(np.tanh, first), _with_slope(np.tanh, second)
        return _complex_step(lambda t: _deep_loss(t, X, y, act1, act2), theta)

    def right(a: Array) -> Array:
        return 1 - np.tanh(a) ** 2

    def of_inputs(a: Array) -> Array:
        return 1 - a**2

    def skipped() -> Array:
        # dH1 from dH2 instead of dA2: W2 and b2 get layer 2's slope, H1 does
        # not, so W1 and b1 get the gradient of a network without it.
        gradient = exact.copy()
        gradient[:18] = slopes(right, np.ones_like)[:18]  # the blocks of W1 and b1
        return gradient

    return {
        "dW2, db2, dW3 and db3 are right, but the gradient sent back to H1 "
        "skips the second layer's slope: it was built from dH2, the gradient "
        "reaching H2, which has not yet gone through 1 - H2**2. H1 acts "
        "through A2, as W2 and b2 do, so it needs the same dA2 that "
        "dW2 and db2 use": skipped,
        "the first hidden layer misses tanh's slope: the gradient reaching H1 "
        "must be multiplied by 1 - H1**2 before it goes on to W1 and b1": (
            functools.partial(slopes, np.ones_like, right)
        ),
        "the second hidden layer misses tanh's slope: the gradient reaching H2 "
        "must be multiplied by 1 - H2**2 before it goes on to W2, b2 and H1": (
            functools.partial(slopes, right, np.ones_like)
        ),
        "both hidden layers miss tanh's slope 1 - H**2": functools.partial(
            slopes, np.ones_like, np.ones_like
        ),
        "tanh's slope was taken from the pre-activations: it is 1 - H**2 with "
        "H = tanh(A), not 1 - A**2": functools.partial(slopes, of_inputs, of_inputs),
        "the weight gradient dW2 is transposed: it must have the shape (6, 4) of W2": (
            _transposed(exact, _DEEP_SHAPES, "dW2")
        ),
        "the weight gradient dW1 is transposed: it must have the shape (2, 6) of W1": (
            _transposed(exact, _DEEP_SHAPES, "dW1")
        ),
        "the 1/n is missing: the loss is a mean over the n examples, and so is "
        "its gradient": len(y) * exact,
        "the pack order is backwards: the gradients are packed in the order "
        "the backward pass finds them, from the output back; pack them in the "
        "order of theta, W1, b1, W2, b2, W3, b3": _reversed_blocks(exact, _DEEP_SHAPES),
    }


def _reversed_blocks(flat: Array, shapes: Shapes) -> Array:
    """``flat`` with its (weight, bias) pairs packed from the last layer back."""
    blocks = [flat[_span(shapes, name)] for name, _ in shapes]
    pairs = [blocks[k : k + 2] for k in range(0, len(blocks), 2)]
    return np.concatenate([b for pair in reversed(pairs) for b in pair])


# n = 5, 9, 3: never 2, 4 or 6, so that a transposed product cannot fit by chance.
_DEEP_PROBLEMS = [_problem(n, 51, seed) for n, seed in ((5, 86), (9, 87), (3, 88))]


@exercise("13.5")
def _backward_deep(answer: Any) -> str:
    backward_deep = as_function(answer, "backward_deep")
    for theta, X, y in _DEEP_PROBLEMS:
        n = len(y)
        what = f"backward_deep on {n} points"
        hint = (
            f"Check the shapes: X is ({n}, 2), H1 ({n}, 6), H2 ({n}, 4), dz ({n}, 1); "
            "W2 is (6, 4) and W3 (4, 1): each gradient has the shape of what it "
            "differentiates."
        )
        value = _call_backward(backward_deep, theta, X, y, "backward_deep", hint)
        got = _flat_gradient(
            value, what, _DEEP_SHAPES, n, [("X", 2), ("H1", 6), ("H2", 4)]
        )
        exact = _complex_step(lambda t, X=X, y=y: _deep_loss(t, X, y), theta)
        compare(got, exact, what=what, mistakes=_deep_slips(theta, X, y, exact))
    return (
        "all 51 components match the complex-step gradient of the 2-6-4-1 network "
        "on three random data sets."
    )
