"""Checks for lesson 09, Backpropagation with matrices.

No check holds an answer to its exercise. The oracles are central differences
of the loss the prompt states (the linear layer's probe loss, the two-layer
network's mean squared error) or, for the cross-entropy, that loss and its
central differences in 50-digit arithmetic (mpmath). A mistake is named by
what the oracle gives after a plausible slip: the gradient scaled, reordered,
transposed or with a block set to zero, or central differences of a probe
loss built from a wrong slope.
"""

from __future__ import annotations

import itertools
import re
import types
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..numerics import gradient
from ._core import Incorrect, LearnerError, NotAttempted, exercise
from ._feedback import (
    as_function,
    as_numbers,
    call,
    compare,
    describe,
    shape_of,
)

Array = NDArray[np.float64]


_SHAPE_WORDS = ("shape", "align", "matmul", "broadcast", "dimension")


def _call_with_shape_hint(
    fn: Callable[..., Any],
    args: tuple[Any, ...],
    name: str,
    hint: str,
    unpack_hint: Callable[[str], str] | None = None,
    stub_hint: str = "",
) -> Any:
    """Call the learner's ``fn(*args)``; a shape error gets ``hint`` added.

    An error in unpacking a result (``a, b = f(...)``) gets what
    ``unpack_hint`` makes of its message, and a stub still in place,
    ``stub_hint`` (where the stub is, if not in ``fn``).
    """
    try:
        return call(fn, *args, name=name)
    except NotAttempted as error:
        if stub_hint:
            raise NotAttempted(
                f"{name} still raises NotImplementedError: {stub_hint}"
            ) from error
        raise
    except LearnerError as error:
        if unpack_hint is not None and "unpack" in str(error):
            raise LearnerError(f"{error} {unpack_hint(str(error))}") from error
        if any(word in str(error) for word in _SHAPE_WORDS):
            raise LearnerError(f"{error} {hint}") from error
        raise


# ---------------------------------------------------------------- 09.1
# The network of the lesson's section 2: 2 inputs, 3 tanh units, 1 output, and
# theta = (W1, b1, W2, b2) flattened in that order (the lesson's pack/unpack).
_BLOCKS = (
    ("dW1", 0, 6, (2, 3)),
    ("db1", 6, 9, (3,)),
    ("dW2", 9, 12, (3, 1)),
    ("db2", 12, 13, (1,)),
)
_N_PARAMS = 13


def _parts(theta: Array) -> list[Array]:
    return [theta[a:b].reshape(shape) for _, a, b, shape in _BLOCKS]


def _hidden(theta: Array, X: Array) -> tuple[Array, Array]:
    """Z and H = tanh(Z), the hidden layer before and after the activation."""
    W1, b1, _, _ = _parts(theta)
    Z = X @ W1 + b1
    return Z, np.tanh(Z)


def _numeric_gradient(theta: Array, X: Array, y: Array) -> Array:
    """The oracle: central differences of the loss the exercise states, the mean
    squared error of the network."""

    def loss(t: Array) -> Any:
        _, H = _hidden(t, X)
        _, _, W2, b2 = _parts(t)
        return np.mean((H @ W2 + b2 - y) ** 2)

    return gradient(loss, theta)


def _mlp_case(m: int, seed: int) -> tuple[Array, Array, Array]:
    rng = np.random.default_rng(seed)
    return (
        rng.uniform(-2, 2, size=(m, 2)),
        rng.normal(size=(m, 1)),
        rng.normal(size=_N_PARAMS),
    )


# Batches of 5 and 7 examples: neither 1 nor 3 (the width), so a bias summed
# over the wrong axis, or not at all, changes the vector's length.
_MLP_CASES = [_mlp_case(5, 81), _mlp_case(7, 82)]


def _close(got: Array, want: Array) -> bool:
    """check_gradient's rule: a relative error below 1e-6 (or both about 0)."""
    scale = float(np.linalg.norm(got) + np.linalg.norm(want))
    return float(np.linalg.norm(got - want)) <= 1e-6 * scale + 1e-12


def _blocks(flat: Array) -> dict[str, Array]:
    return {name: flat[a:b] for name, a, b, _ in _BLOCKS}


def _joined(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _slope_probe(
    theta: Array, X: Array, y: Array, slope: Callable[[Array, Array], Array]
) -> Array:
    """dW1 and db1 (flat) that a backward pass gets with ``slope`` for tanh's.

    dH comes from central differences of the loss as a function of H; then
    central differences of the probe sum(dH * slope(Z, H) * (X @ W1 + b1)),
    whose gradient in (W1, b1) is what the first layer's rules give for that
    dZ. No backward pass is written out.
    """
    Z, H = _hidden(theta, X)
    _, _, W2, b2 = _parts(theta)
    dH = gradient(
        lambda h: np.mean((h.reshape(H.shape) @ W2 + b2 - y) ** 2), H.ravel()
    ).reshape(H.shape)
    dZ = dH * slope(Z, H)

    def probe(v: Array) -> Any:
        return np.sum(dZ * (X @ v[:6].reshape(2, 3) + v[6:]))

    return gradient(probe, theta[:9])


_SLOPE_MISTAKES: dict[str, Callable[[Array, Array], Array]] = {
    "the step through tanh was skipped: dZ must be dH times tanh's slope, "
    "entry by entry": lambda Z, H: np.ones_like(H),
    "tanh's slope was written 1 - H, without the square (lesson 02: "
    "tanh'(z) = 1 - tanh(z)**2)": lambda Z, H: 1 - H,
    "tanh's slope was taken at Z, as 1 - Z**2: it is 1 - tanh(Z)**2, "
    "which is 1 - H**2 with H = tanh(Z)": lambda Z, H: 1 - Z**2,
    "tanh's slope was taken as (1 - H)**2: only H is squared": lambda Z, H: (
        (1 - H) ** 2
    ),
    "dZ was multiplied by H, the value of tanh, instead of by its slope": lambda Z, H: (
        H
    ),
    "tanh was applied twice: H is already tanh(Z), and tanh(H) takes tanh "
    "of it again": lambda Z, H: 1 - np.tanh(H) ** 2,
    "dZ uses the sigmoid's slope, σ(1 - σ), as H * (1 - H): but H is "
    "tanh(Z), not σ(Z), and tanh has a slope of its own "
    "(lesson 02)": lambda Z, H: H * (1 - H),
}


def _pre_activation_probe(theta: Array, X: Array, y: Array) -> Array:
    """dW2 (flat) that a backward pass gets by using Z where H belongs."""
    Z, H = _hidden(theta, X)
    _, _, W2, b2 = _parts(theta)
    d_out = gradient(
        lambda v: np.mean((v.reshape(-1, 1) - y) ** 2), (H @ W2 + b2).ravel()
    ).reshape(-1, 1)
    return gradient(lambda w: np.sum(d_out * (Z @ w.reshape(3, 1))), W2.ravel())


def _as_flat_gradient(value: Any, m: int) -> Array:
    """The learner's gradient as 13 finite numbers, or feedback on its form."""
    if isinstance(value, tuple | list) and len(value) == 2 and shape_of(value[0]) == ():
        raise Incorrect(
            "mlp_gradient returned a pair, like (loss, gradient); return the "
            "gradient alone, one flat vector of 13 numbers."
        )
    if (
        isinstance(value, tuple | list)
        and len(value) == 4
        and any(shape_of(v) not in ((), (1,)) for v in value)
    ):
        raise Incorrect(
            "mlp_gradient returned four arrays; check_gradient and the check "
            "want one flat vector, in the order of unpack: use pack."
        )
    shape = shape_of(value)
    if shape is None:
        raise Incorrect(
            f"mlp_gradient should return one flat vector of 13 numbers, got "
            f"{describe(value)}."
        )
    flat = np.asarray(value, dtype=float).ravel()
    if flat.size != _N_PARAMS:
        sizes = {
            10 + 3 * m: f"db1 has {3 * m} entries, one per example and unit: it "
            "was not summed over the examples (the rows)",
            10 + m: f"db1 has {m} entries, one per example: it was summed over "
            "the units instead of over the examples (the rows)",
            12 + m: f"db2 has {m} entries, one per example: it was not summed "
            "over the examples (the rows)",
            9 + 4 * m: "db1 and db2 were not summed over the examples (the rows)",
            4 + 3 * m: f"dW1 has {2 * m} entries and db1 {m}, because dZ came out "
            f"({m}, {m}) instead of H's shape ({m}, 3). The step through tanh is "
            "entry by entry, `*`, not a matrix product `@`",
            11: "db1 is one number: it was summed over everything. db1 has one "
            "entry per hidden unit, 3; sum over the examples only (the rows)",
            16: "dW1 has 9 entries instead of W1's 6: it was computed from H, but "
            "the first layer's input is X",
            12: "dW2 has 2 entries instead of W2's 3: it was computed from X, but "
            "the output layer's input is H",
            10: "dW1 and db1 together have 6 numbers instead of 6 + 3. Did "
            "first_layer_backward return one value instead of two? It must return "
            "the gradients for W1 and b1, two arrays: from a single 2 × 3 array, "
            "`dW1, db1 = ...` takes its two rows, without an error",
        }
        why = sizes.get(flat.size, "each piece has the shape of its parameter")
        raise Incorrect(
            f"the gradient has {flat.size} numbers on a fresh batch of {m} examples; "
            f"it needs 13, one per parameter: {why}."
        )
    if not np.all(np.isfinite(flat)):
        raise Incorrect("the gradient contains nan or inf.")
    return flat


def _diagnose_mlp(
    got: Array, numeric: Array, theta: Array, X: Array, y: Array, m: int
) -> str:
    """Name the likely mistake in a wrong gradient ``got`` (numeric is right)."""
    factors = {
        "every entry is half the right value: the gradient of a loss with "
        "an extra ½, like lesson 07's ½(a - y)². mlp_loss is the plain mean "
        "of squared errors, so the derivative of its square keeps the 2": 0.5,
        f"every entry is {m} times the right value, {m} being the number of "
        "examples: the loss is a mean over the examples, and dŷ keeps the "
        "1/m of that mean": m,
        f"every entry is {m}/2 times the right value ({m} examples): dŷ lacks "
        "both the 2 from the square and the 1/m from the mean": m / 2,
        f"every entry is 1/{m} of the right value: the division by the "
        "number of examples happened twice": 1 / m,
        "the sign is wrong everywhere: look at dŷ, the derivative of the "
        "loss in ŷ, which is positive where ŷ lies above y": -1,
        "every entry is twice the right value: a factor of two has slipped in": 2,
    }
    for words, factor in factors.items():
        if _close(got, factor * numeric):
            return words
    parts = _blocks(numeric)
    names = [name for name, *_ in _BLOCKS]
    for order in itertools.permutations(names):
        if list(order) == names or not _close(
            got, np.concatenate([parts[n] for n in order])
        ):
            continue
        if order == ("db1", "dW1", "dW2", "db2"):
            return (
                "the right numbers in the wrong order: db1 comes before dW1. "
                "first_layer_backward must return the pair in the order (dW1, db1), "
                "the order in which mlp_gradient unpacks it"
            )
        return (
            f"the right numbers in the wrong order: packed as "
            f"{', '.join(order)}, but unpack reads W1, b1, W2, b2. "
            "pack and unpack must agree on one order"
        )
    mine = _blocks(got)
    right = {n: _close(mine[n], parts[n]) for n in names}
    zero_biases = tuple(
        n for n in ("db1", "db2") if not right[n] and np.all(mine[n] == 0)
    )
    if zero_biases and all(right[n] for n in names if n not in zero_biases):
        return (
            f"{_joined(zero_biases)} {'is' if len(zero_biases) == 1 else 'are'} "
            "still zero: the bias gradients were left at zero. A bias is added "
            "to every row, so it moves the loss, and its gradient collects the "
            "gradient of the layer's output from every row"
        )
    first = ("dW1", "db1")
    if all(right[n] for n in ("dW2", "db2")) and not all(right[n] for n in first):
        scaled = tuple(n for n in first if _close(mine[n], parts[n] / m))
        if scaled == first or (scaled == ("dW1",) and right["db1"]):
            verb = "is" if len(scaled) == 1 else "are"
            whose = "its right value" if len(scaled) == 1 else "their right values"
            return (
                f"{_joined(scaled)} {verb} 1/{m} of {whose}, {m} being the number "
                "of examples: the gradient is divided by the number of examples "
                "twice. d_y_hat already holds the mean's 1/m, and dH, made from it, "
                "carries it down to the first layer"
            )
    for n in ("db1", "db2"):
        if not right[n] and _close(mine[n], parts[n] / m):
            return (
                f"{n} is an average over the examples: a bias is added to every "
                "row, so its gradient is the sum over the rows, not the mean"
            )
    if not right["dW1"] and _close(mine["dW1"].reshape(3, 2).T.ravel(), parts["dW1"]):
        return (
            "dW1 is transposed: it was laid out (3, 2), and W1 is (2, 3). Each "
            "gradient has the shape of what it differentiates"
        )
    if right["dW2"] and right["db2"]:
        for index, (words, slope) in enumerate(_SLOPE_MISTAKES.items()):
            wrong = _slope_probe(theta, X, y, slope)
            as_wrong = (_close(mine["dW1"], wrong[:6]), _close(mine["db1"], wrong[6:]))
            if index == 0 and as_wrong == (True, False) and right["db1"]:
                return (
                    "db1 is right, dW1 not: dW1 was computed from dH, the gradient "
                    "after tanh, but the first layer's weights W1 act before "
                    "tanh: their gradient comes from dZ, as db1's does"
                )
            if index == 0 and as_wrong == (False, True) and right["dW1"]:
                return (
                    "dW1 is right, db1 not: db1 was computed from dH, the gradient "
                    "after tanh, but b1 is added before tanh: its gradient comes "
                    "from dZ, as dW1's does"
                )
            if any(as_wrong):
                return words
        if _close(mine["dW1"], -parts["dW1"]) and _close(mine["db1"], -parts["db1"]):
            return (
                "dW1 and db1 have the wrong sign: tanh's slope is 1 - tanh(z)**2, "
                "never negative"
            )
        wrong = [n for n in ("dW1", "db1") if not right[n]]
        return (
            f"dW2 and db2 are right, {_joined(tuple(wrong))} not: the mistake "
            "lies below the output layer, in dH, in the step through tanh or in "
            "the first layer's rules"
        )
    if not right["dW2"] and _close(mine["dW2"], _pre_activation_probe(theta, X, y)):
        return (
            "dW2 uses Z, the hidden layer before tanh; the output layer's input "
            "is H = tanh(Z)"
        )
    wrong = tuple(n for n in names if not right[n])
    return (
        f"{_joined(wrong)} {'is' if len(wrong) == 1 else 'are'} not right. Start "
        "from the output: dŷ from the loss, then the output layer's rules "
        "(section 1, with H as its input), then tanh, then the first layer"
    )


_TWO_ARRAYS = (
    "first_layer_backward must return the gradients for W1 and b1, two arrays, "
    "which mlp_gradient unpacks into dW1, db1"
)


def _first_layer_unpack_hint(message: str) -> str:
    """What a failed ``dW1, db1 = first_layer_backward(...)`` says about its result."""
    if "NoneType" in message:
        return f"{_TWO_ARRAYS}; it returned None: is a `return` missing?"
    if "too many values" in message:
        return (
            f"{_TWO_ARRAYS}; it returned one value instead of two (an array, "
            "which Python tried to split into its entries or rows), or more than "
            "two values."
        )
    if "not enough values" in message:
        return f"{_TWO_ARRAYS}; it returned fewer than two values."
    return f"{_TWO_ARRAYS}; it returned one value instead of two."


@exercise("09.1")
def _mlp_gradient(answer: Any) -> str:
    mlp_gradient = as_function(answer, "mlp_gradient")
    for X, y, theta in _MLP_CASES:
        m = len(X)
        value = _call_with_shape_hint(
            # Called without arguments, so that an error's message leaves out the
            # arrays' values: they say nothing here; the shapes in the hint do.
            partial(mlp_gradient, theta.copy(), X.copy(), y.copy()),
            (),
            "mlp_gradient",
            f"Check each product's shapes: X is ({m}, 2), H ({m}, 3), ŷ and y "
            f"({m}, 1); each gradient has the shape of what it differentiates.",
            unpack_hint=_first_layer_unpack_hint,
            stub_hint="in the lesson's answer cell, replace that line in "
            "first_layer_backward with your code.",
        )
        got = _as_flat_gradient(value, m)
        numeric = _numeric_gradient(theta, X, y)
        if _close(got, numeric):
            continue
        other_X = np.random.default_rng(83).uniform(-2, 2, size=X.shape)
        again = call(
            partial(mlp_gradient, theta.copy(), other_X, y.copy()), name="mlp_gradient"
        )
        if shape_of(again) == shape_of(value) and np.allclose(
            np.asarray(again, dtype=float).ravel(), got
        ):
            raise Incorrect(
                "mlp_gradient gives the same gradient for different X: it "
                "ignores its argument X (does it use X_data from the lesson?)."
            )
        raise Incorrect(
            f"the gradient is not right on a fresh batch of {m} examples and a "
            "random theta: "
            f"{_diagnose_mlp(got, numeric, theta, X, y, m)}."
        )
    return (
        "the gradient matches central differences of the loss, in the order of "
        "unpack, for two batches: a two-layer network, backpropagated by hand."
    )


# ---------------------------------------------------------------- 09.2
def _linear_case(m: int, d: int, k: int, seed: int) -> tuple[Array, ...]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(m, d)), rng.normal(size=(k, d)), rng.normal(size=(m, k))


# (m, d, k, seed). The square case comes first: there every transpose has the
# right shape, so a mix-up shows as wrong values, which the check can name.
_LINEAR_CASES = [
    _linear_case(*args) for args in ((3, 3, 3, 54), (4, 3, 2, 55), (2, 5, 3, 56))
]


def _linear_reference(X: Array, W: Array, dY: Array) -> tuple[Array, ...]:
    """dX, dW, db by finite differences of s = sum(dY * (X @ W.T + b))."""
    b = np.zeros(W.shape[0])

    def s(X_: Any, W_: Any, b_: Any) -> Any:
        return np.sum(dY * (X_ @ W_.T + b_))

    return (
        gradient(lambda v: s(v.reshape(X.shape), W, b), X.ravel()).reshape(X.shape),
        gradient(lambda v: s(X, v.reshape(W.shape), b), W.ravel()).reshape(W.shape),
        gradient(lambda v: s(X, W, v), b),
    )


def _three_arrays(value: Any) -> tuple[Any, Any, Any]:
    if isinstance(value, tuple | list) and len(value) == 3:
        return value[0], value[1], value[2]
    got = (
        f"{len(value)} of them" if isinstance(value, tuple | list) else describe(value)
    )
    raise Incorrect(
        f"linear_backward should return three arrays, (dX, dW, db); got {got}."
    )


def _equal(value: Any, reference: Array) -> bool:
    """True if ``value`` has the reference's shape and values."""
    if shape_of(value) != reference.shape:
        return False
    return bool(np.allclose(np.asarray(value, dtype=float), reference, rtol=1e-6))


def _check_order(values: tuple[Any, Any, Any], refs: tuple[Array, ...]) -> None:
    """Name three right arrays returned in another order than (dX, dW, db)."""
    names = ("dX", "dW", "db")
    for order in itertools.permutations(range(3)):
        if order != (0, 1, 2) and all(
            _equal(values[place], refs[which]) for place, which in enumerate(order)
        ):
            got = ", ".join(names[which] for which in order)
            raise Incorrect(
                f"the right arrays in the wrong order: linear_backward returned "
                f"({got}), and the check reads them as (dX, dW, db)."
            )


def _check_shape(value: Any, name: str, expected: tuple[int, ...], hint: str) -> None:
    got = shape_of(value)
    if got is None:
        raise Incorrect(f"{name} should be an array of numbers, got {describe(value)}.")
    if got != expected:
        raise Incorrect(f"{name} should have shape {expected}, got {got}. {hint}")


@exercise("09.2")
def _linear_backward(answer: Any) -> str:
    linear_backward = as_function(answer, "linear_backward")
    for X, W, dY in _LINEAR_CASES:
        (m, d), k = X.shape, W.shape[0]
        shapes = f"X of shape ({m}, {d}), W ({k}, {d}), dY ({m}, {k})"
        value = _call_with_shape_hint(
            linear_backward,
            (X.copy(), W.copy(), dY.copy()),
            "linear_backward",
            f"Check the shapes: with {shapes}, each gradient has the shape of what "
            "it differentiates, dX that of X and dW that of W.",
        )
        dX, dW, db = _three_arrays(value)
        ref_dX, ref_dW, ref_db = refs = _linear_reference(X, W, dY)
        _check_order((dX, dW, db), refs)
        _check_shape(dX, f"dX (with {shapes})", (m, d), "dX always has X's shape.")
        transposed = (
            "dW is transposed: X.T @ dY belongs to a W of shape (d, k); "
            "here W is (k, d), and dW has W's shape."
        )
        _check_shape(
            dW,
            f"dW (with {shapes})",
            (k, d),
            transposed if shape_of(dW) == (d, k) else "dW always has W's shape.",
        )
        if shape_of(db) == (m, k):
            raise Incorrect(
                f"db should have shape ({k},), got ({m}, {k}): db was not summed over "
                "the rows. b is added to every row (example), so its gradient adds "
                "up dY over the rows."
            )
        if shape_of(db) == (m,) and m != k:
            raise Incorrect(
                f"db should have shape ({k},), got ({m},): the sum ran over the wrong "
                "axis. Add up dY over the rows (axis=0), one number per output."
            )
        _check_shape(
            db,
            f"db (with {shapes})",
            (k,),
            "db always has b's shape, one number per output.",
        )
        compare(
            as_numbers(dX, "dX", (m, d)),
            ref_dX,
            what=f"dX (with {shapes})",
            mistakes={
                "dX = dY @ W.T, the formula of a layer whose W has shape (d, k); "
                "here W is (k, d): redo the derivation for this layout": dY @ W.T
            }
            if k == d
            else None,
        )
        compare(
            as_numbers(dW, "dW", (k, d)),
            ref_dW,
            what=f"dW (with {shapes})",
            mistakes={
                "dW is transposed: X.T @ dY is the formula of a layer whose W has "
                "shape (d, k); here dW must be laid out like W, (k, d)": X.T @ dY
            }
            if k == d
            else None,
        )
        db_mistakes = {
            "db was left at zero: b is added to every row of Y, so it moves the "
            "loss like any weight, and its gradient collects dY from every row": (
                np.zeros(k)
            ),
            "db is the mean of dY's rows; b is added to every row, so its "
            "gradient is their sum": dY.mean(axis=0),
        }
        if m == k:
            db_mistakes[
                "the sum ran over the wrong axis: add up dY over the rows "
                "(axis=0), one number per output"
            ] = dY.sum(axis=1)
        compare(
            as_numbers(db, "db", (k,)),
            ref_db,
            what=f"db (with {shapes})",
            mistakes=db_mistakes,
        )
    return (
        "dX, dW and db match finite differences for three layers, square and not: "
        "each gradient has the shape of what it differentiates."
    )


# ---------------------------------------------------------------- 09.3
def _ordinary_batch(seed: int) -> tuple[Array, NDArray[np.int64]]:
    rng = np.random.default_rng(seed)
    return rng.normal(scale=2.0, size=(4, 3)), rng.integers(0, 3, size=4)


# Ordinary logits first, where a wrong formula shows without any overflow; then
# three batches that each trip one unstable formula: large logits (exp
# overflows), rows that span 2000 (a shift by the min overflows, a shift by the
# batch's max underflows), and labels whose probability underflows to 0 (the
# log of the softmax is -inf).
_CE_CASES = [
    (*_ordinary_batch(57), "ordinary logits"),
    (*_ordinary_batch(58), "ordinary logits"),
    (
        np.array([[1000.0, 1001.0, 1002.0], [998.0, 1000.0, 999.0]]),
        np.array([0, 2]),
        "logits near 1000",
    ),
    (
        np.array([[-1000.0, 0.0, 1000.0], [5.0, -1000.0, 0.0]]),
        np.array([2, 0]),
        "rows that span 2000",
    ),
    (
        np.array([[0.0, -1000.0, 5.0], [-1000.0, -1001.0, -1002.0]]),
        np.array([1, 2]),
        "a label of probability about exp(-1005), and logits near -1000",
    ),
]
_CE_DIGITS = 50


def _exact_loss_and_gradient(
    Z: Array, y: NDArray[np.int64]
) -> tuple[float, Array, Array]:
    """The loss as the prompt writes it, each row's share, and the gradient.

    All in 50-digit arithmetic (mpmath), where nothing overflows: row i's
    cross-entropy is log(sum_k exp(Z[i, k])) - Z[i, y[i]], the loss their
    mean, and each partial a central difference with a step of 1e-20, exact
    to far below float64's precision. No formula for the gradient is used.
    """
    import mpmath  # here, not on import: only this check needs it

    m = len(y)
    with mpmath.workdps(_CE_DIGITS):
        rows = [[mpmath.mpf(float(v)) for v in row] for row in Z]

        def row_loss(row: list[Any], label: int) -> Any:
            return mpmath.log(mpmath.fsum(mpmath.exp(v) for v in row)) - row[label]

        losses = [row_loss(r, int(c)) for r, c in zip(rows, y, strict=True)]
        step = mpmath.mpf("1e-20")
        grad = np.zeros(Z.shape)
        for i, k in np.ndindex(Z.shape):
            up, down = list(rows[i]), list(rows[i])
            up[k] += step
            down[k] -= step
            slope = (row_loss(up, int(y[i])) - row_loss(down, int(y[i]))) / (2 * step)
            grad[i, k] = float(slope / m)
        return (
            float(mpmath.fsum(losses) / m),
            np.array([float(v) for v in losses]),
            grad,
        )


def _wrong_losses(
    Z: Array, y: NDArray[np.int64], exact: float, row_losses: Array
) -> dict[str, Any]:
    """What plausible wrong versions of the batch cross-entropy give as the loss.

    Each is the exact loss changed as the slip changes it, or the inf or -inf
    that the slip's float64 arithmetic meets on this batch (an exp that
    overflows, a sum whose terms all underflow to 0, a probability that
    underflows to 0). None is computed with a formula for the loss.
    """
    big = Z.max()
    with np.errstate(all="ignore"):
        overflows = bool(np.any(np.isinf(np.exp(Z))))
        min_shift_overflows = bool(
            np.any(np.isinf(np.exp(Z - Z.min(axis=1, keepdims=True))))
        )
        row_vanishes = bool(np.any(np.all(np.exp(Z - big) == 0, axis=1)))
        label_vanishes = bool(np.any(np.exp(-row_losses) == 0))

    def unless(trouble: bool, value: float) -> float:
        return value if trouble else exact

    # Tried in this order: each extreme batch of _CE_CASES trips the first
    # unstable formula that it can, and earlier batches have caught the others.
    return {
        "the max was not added back: log-sum-exp takes it out of the sum, "
        "so it must come back outside the log": exact - np.mean(Z.max(axis=1)),
        "one max was taken over the whole batch, and it was not added back "
        "after the log. Take each row's own max, and add it back": exact - big,
        "the loss takes the log of the softmax: a probability that underflows "
        "to 0 gives -log(0) = inf. Compute it as log-sum-exp(z) - z[label], "
        "as in section 4": unless(label_vanishes, np.inf),
        "the rows were shifted by their min instead of their max: exp(z - min) "
        "overflows as soon as a row spans more than about 700": unless(
            min_shift_overflows, np.inf
        ),
        "overflow: exp of a logit near 1000 is inf in float64 (the formula "
        "as it stands). Subtract each row's max before exp": unless(overflows, np.inf),
        "one max was taken over the whole batch instead of one per row: a row "
        "far below it underflows to exp(...) = 0 everywhere, and log(0) = -inf": (
            unless(row_vanishes, -np.inf)
        ),
        "every row's loss was taken at class 2, the `label` of the lesson's "
        "one-example cross_entropy, instead of at the row's own label y[i]": exact
        + float(np.mean(Z[np.arange(len(y)), y] - Z[:, 2])),
        "the loss is a sum over the batch, not a mean": len(y) * exact,
        "the loss has the wrong sign: the cross-entropy is never negative": -exact,
    }


def _wrong_gradients(Z: Array, y: NDArray[np.int64], grad: Array) -> dict[str, Any]:
    """What plausible wrong versions of dZ give, made from the right ``grad``."""
    m = len(y)
    onehot = np.zeros(Z.shape)
    onehot[np.arange(m), y] = 1.0
    probabilities = m * grad + onehot  # each row's softmax, read off the oracle
    with np.errstate(all="ignore"):
        unnormalised = np.exp(Z - Z.max(axis=1, keepdims=True))
    return {
        "dZ is not divided by the batch size: the loss is a mean over the rows, "
        "so each row's gradient carries a 1/m": m * grad,
        "dZ is missing the one-hot part, the derivative of -z[label]: each row "
        "of the right dZ adds up to 0": grad + onehot / m,
        "dZ has the wrong sign: the loss grows with the logits of the wrong "
        "classes, so their entries in dZ are positive": -grad,
        "dZ holds only the one-hot part: the derivative of log-sum-exp, the "
        "softmax, is missing": -onehot / m,
        "the softmax in dZ is not normalised: exp(z - max) must still be divided "
        "by its row's sum": grad + (unnormalised - probabilities) / m,
    }


def _same(got: Any, wrong: Any) -> bool:
    """True if ``got`` equals a wrong answer, nan and inf included."""
    got, wrong = np.asarray(got, dtype=float), np.asarray(wrong, dtype=float)
    return got.shape == wrong.shape and bool(
        np.allclose(got, wrong, rtol=1e-6, atol=1e-12, equal_nan=True)
    )


def _loss_and_gradient(
    value: Any, shown: str, shape: tuple[int, ...]
) -> tuple[float, Array]:
    """Split the learner's (loss, dZ), checking the types and shapes."""
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise Incorrect(
            f"batch_cross_entropy should return a pair (loss, dZ); got {describe(value)}."
        )
    loss, dZ = value
    loss_shape = shape_of(loss)
    if loss_shape is None or int(np.prod(loss_shape)) != 1:
        got = describe(loss) if loss_shape is None else f"shape {loss_shape}"
        raise Incorrect(
            f"the loss should be one number, the mean over the batch; with {shown} "
            f"it is {got}."
        )
    dZ_shape = shape_of(dZ)
    if dZ_shape != shape:
        got = describe(dZ) if dZ_shape is None else f"shape {dZ_shape}"
        raise Incorrect(f"dZ should have Z's shape {shape}; with {shown} it has {got}.")
    return float(np.asarray(loss, dtype=float).reshape(())), np.asarray(dZ, dtype=float)


def _global_names(fn: Callable[..., Any]) -> set[str]:
    """The global (and attribute) names that ``fn``'s code, nested code included, reads."""
    code = getattr(fn, "__code__", None)
    names: set[str] = set()
    stack = [code] if isinstance(code, types.CodeType) else []
    while stack:
        current = stack.pop()
        names.update(current.co_names)
        stack.extend(c for c in current.co_consts if isinstance(c, types.CodeType))
    return names


def _broadcast_hint(fn: Callable[..., Any], message: str, Z: Array) -> str:
    """What a broadcasting error in the learner's batch_cross_entropy points to."""
    m, K = Z.shape
    onehot = getattr(fn, "__globals__", {}).get("onehot")
    if "onehot" in _global_names(fn) and shape_of(onehot) not in (None, (K,)):
        return (
            "batch_cross_entropy uses the global `onehot`, the lesson's one-hot "
            f"vector for one example, with {np.size(onehot)} entries; here Z has K = {K} "
            "classes, and each row i has its own label y[i], so it needs a "
            "one-hot of its own."
        )
    shapes = {
        tuple(int(n) for n in re.findall(r"\d+", found))
        for found in re.findall(r"\(([\d, ]*)\)", message.split("shapes")[-1])
    }
    if {(m, K), (m,)} <= shapes:
        return (
            f"With Z of shape {Z.shape}, a max or sum over each row has shape "
            f"({m},); to subtract it from Z, or divide by it, keep it as a column "
            "with keepdims=True (or index it with [:, None])."
        )
    return (
        f"Check each array's shape: Z is {Z.shape}, a row Z[i] has {K} entries, "
        f"one per class, and y has {m}, one label per row."
    )


@exercise("09.3")
def _cross_entropy(answer: Any) -> str:
    batch_cross_entropy = as_function(answer, "batch_cross_entropy")
    for Z, y, description in _CE_CASES:
        shown = (
            description
            if "ordinary" in description
            else f"{description}, Z = {Z.tolist()}"
        )
        try:
            value = call(
                batch_cross_entropy, Z.copy(), y.copy(), name="batch_cross_entropy"
            )
        except LearnerError as error:
            if "broadcast" in str(error):
                hint = _broadcast_hint(batch_cross_entropy, str(error), Z)
                raise LearnerError(f"{error} {hint}") from error
            raise
        loss, dZ = _loss_and_gradient(value, shown, Z.shape)
        exact_loss, row_losses, exact_grad = _exact_loss_and_gradient(Z, y)
        if not np.isclose(loss, exact_loss, rtol=1e-9, atol=1e-12):
            for words, wrong in _wrong_losses(Z, y, exact_loss, row_losses).items():
                if _same(loss, wrong):
                    raise Incorrect(f"the loss is not right with {shown}: {words}.")
            if not np.isfinite(loss):
                raise Incorrect(
                    f"the loss is {loss} with {shown}: somewhere exp overflowed or "
                    "log met 0. Shift each row by its own max."
                )
            compare(loss, exact_loss, what=f"the loss with {shown}", rtol=1e-9)
        if not np.allclose(dZ, exact_grad, rtol=1e-7, atol=1e-12):
            if not np.isfinite(dZ).all():
                raise Incorrect(
                    f"dZ contains nan or inf with {shown}: compute each row's "
                    "softmax from z - max(z), with that row's own max (a max over "
                    "the whole batch leaves a row far below it with 0 / 0)."
                )
            for words, wrong in _wrong_gradients(Z, y, exact_grad).items():
                if _same(dZ, wrong):
                    raise Incorrect(f"dZ is not right with {shown}: {words}.")
            compare(dZ, exact_grad, what=f"dZ with {shown}", rtol=1e-7, atol=1e-12)
    return (
        "loss and gradient match 50-digit arithmetic, for ordinary logits and for "
        "logits of size 1000: no overflow, no log(0)."
    )
