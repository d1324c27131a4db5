"""Checks for lesson 08, Backpropagation with matrices.

Each check computes its own reference with an independent method (SymPy, the
complex step, finite differences, 50-digit arithmetic with mpmath, or a plain
loop with the gradient written out) at reproducible random points. None of
them uses the learner's idea to check the learner's idea.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..numerics import gradient
from ._core import Incorrect, LearnerError, exercise
from ._feedback import (
    _describe,
    as_function,
    as_numbers,
    call,
    compare,
)


def _shape(value: Any) -> tuple[int, ...] | None:
    """The shape of ``value`` as a float array, or None if it is not one."""
    try:
        return np.asarray(value, dtype=float).shape
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------- 05.1


# ---------------------------------------------------------------- 05.2


# ---------------------------------------------------------------- 05.3


# ---------------------------------------------------------------- 05.4
def _linear_case(m: int, d: int, k: int, seed: int) -> tuple[NDArray[np.float64], ...]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(m, d)), rng.normal(size=(k, d)), rng.normal(size=(m, k))


# (m, d, k, seed). The square case comes first: there every transpose has the
# right shape, so a mix-up shows as wrong values, which the check can name.
_LINEAR_CASES = [
    _linear_case(*args) for args in ((3, 3, 3, 54), (4, 3, 2, 55), (2, 5, 3, 56))
]
_LINEAR_SHAPE_WORDS = ("shape", "align", "matmul", "broadcast", "dimension")


def _linear_reference(
    X: NDArray[np.float64], W: NDArray[np.float64], dY: NDArray[np.float64]
) -> tuple[NDArray[np.float64], ...]:
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
        f"{len(value)} of them" if isinstance(value, tuple | list) else _describe(value)
    )
    raise Incorrect(
        f"linear_backward should return three arrays, (dX, dW, db); got {got}."
    )


def _check_shape(value: Any, name: str, expected: tuple[int, ...], hint: str) -> None:
    got = _shape(value)
    if got is None:
        raise Incorrect(
            f"{name} should be an array of numbers, got {_describe(value)}."
        )
    if got != expected:
        raise Incorrect(f"{name} should have shape {expected}, got {got}. {hint}")


@exercise("08.1", "Backward pass of a linear layer", stars=2, answer="linear_backward")
def _linear_backward(answer: Any) -> str:
    linear_backward = as_function(answer, "linear_backward")
    for X, W, dY in _LINEAR_CASES:
        (m, d), k = X.shape, W.shape[0]
        shapes = f"X of shape ({m}, {d}), W ({k}, {d}), dY ({m}, {k})"
        try:
            value = call(
                linear_backward, X.copy(), W.copy(), dY.copy(), name="linear_backward"
            )
        except LearnerError as error:
            if any(word in str(error) for word in _LINEAR_SHAPE_WORDS):
                raise LearnerError(
                    f"{error} Check the shapes: with {shapes}, each gradient has "
                    "the shape of what it differentiates, dX that of X and dW that "
                    "of W."
                ) from error
            raise
        dX, dW, db = _three_arrays(value)
        _check_shape(dX, f"dX (with {shapes})", (m, d), "dX always has X's shape.")
        transposed = (
            "dW is transposed: X.T @ dY belongs to a W of shape (d, k); "
            "here W is (k, d), and dW has W's shape."
        )
        _check_shape(
            dW,
            f"dW (with {shapes})",
            (k, d),
            transposed if _shape(dW) == (d, k) else "dW always has W's shape.",
        )
        if _shape(db) == (m, k):
            raise Incorrect(
                f"db should have shape ({k},), got ({m}, {k}): db was not summed over "
                "the rows. b is added to every row (example), so its gradient adds "
                "up dY over the rows."
            )
        if _shape(db) == (m,) and m != k:
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
        ref_dX, ref_dW, ref_db = _linear_reference(X, W, dY)
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
            "db is the mean of dY's rows; b is added to every row, so its "
            "gradient is their sum": dY.mean(axis=0)
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


# ---------------------------------------------------------------- 05.5


# ---------------------------------------------------------------- 05.6
def _ordinary_batch(seed: int) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
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


def _exact_cross_entropy(
    Z: NDArray[np.float64], y: NDArray[np.int64]
) -> tuple[float, NDArray[np.float64]]:
    """The mean cross-entropy and its gradient, with 50-digit arithmetic."""
    import mpmath  # here, not on import: only this check needs it

    n = len(y)
    grad = np.zeros(Z.shape)
    with mpmath.workdps(_CE_DIGITS):
        total = mpmath.mpf(0)
        for i, (row, label) in enumerate(zip(Z, y, strict=True)):
            terms = [mpmath.exp(mpmath.mpf(float(v))) for v in row]
            norm = mpmath.fsum(terms)
            total += mpmath.log(norm) - mpmath.mpf(float(row[label]))
            grad[i] = [float(t / norm) for t in terms]
        loss = float(total / n)
    grad[np.arange(n), y] -= 1.0
    return loss, grad / n


def _softmax_rows(Z: NDArray[np.float64], shift: Any) -> NDArray[np.float64]:
    exps = np.exp(Z - shift)
    return exps / np.sum(exps, axis=1, keepdims=True)


def _wrong_losses(Z: NDArray[np.float64], y: NDArray[np.int64]) -> dict[str, Any]:
    """What plausible wrong versions of the batch cross-entropy give as the loss."""
    rows = np.arange(len(y))
    row_max = Z.max(axis=1, keepdims=True)
    row_min = Z.min(axis=1, keepdims=True)

    def mean_loss(lse: Any) -> Any:
        return np.mean(lse - Z[rows, y])

    # Tried in this order: each extreme batch of _CE_CASES trips the first
    # unstable formula that it can, and earlier batches have caught the others.
    with np.errstate(all="ignore"):
        right = mean_loss(row_max[:, 0] + np.log(np.sum(np.exp(Z - row_max), axis=1)))
        return {
            "the max was not added back: log-sum-exp(z) = max(z) + "
            "log(sum(exp(z - max(z))))": mean_loss(
                np.log(np.sum(np.exp(Z - row_max), axis=1))
            ),
            "the loss takes the log of the softmax: a probability that underflows "
            "to 0 gives -log(0) = inf. Use log-sum-exp(z) - z[label] instead": -np.mean(
                np.log(_softmax_rows(Z, row_max)[rows, y])
            ),
            "the rows were shifted by their min instead of their max: exp(z - min) "
            "overflows as soon as a row spans more than about 700": mean_loss(
                row_min[:, 0] + np.log(np.sum(np.exp(Z - row_min), axis=1))
            ),
            "overflow: exp of a logit near 1000 is inf in float64 (the naive "
            "formula). Subtract each row's max before exp": mean_loss(
                np.log(np.sum(np.exp(Z), axis=1))
            ),
            "one max was taken over the whole batch instead of one per row: a row "
            "far below it underflows to exp(...) = 0 everywhere, and log(0) = -inf": (
                mean_loss(Z.max() + np.log(np.sum(np.exp(Z - Z.max()), axis=1)))
            ),
            "the loss is a sum over the batch, not a mean": len(y) * right,
            "the loss has the wrong sign: cross-entropy is log-sum-exp(z) - z[label], "
            "which is never negative": -right,
        }


def _wrong_gradients(Z: NDArray[np.float64], y: NDArray[np.int64]) -> dict[str, Any]:
    """What plausible wrong versions of the batch cross-entropy give as dZ."""
    n = len(y)
    P = _softmax_rows(Z, Z.max(axis=1, keepdims=True))
    onehot = np.zeros(Z.shape)
    onehot[np.arange(n), y] = 1.0
    return {
        "dZ is not divided by the batch size: the loss is a mean, so its gradient "
        "is one too": P - onehot,
        "dZ is missing the one-hot: it is (softmax(z) - onehot(label)) / n": P / n,
        "dZ has the wrong sign: it is (softmax(z) - onehot(label)) / n, not "
        "(onehot(label) - softmax(z)) / n": (onehot - P) / n,
        "dZ is the softmax's gradient for the label alone, -onehot / n: the "
        "softmax(z) / n part from the log-sum-exp is missing": -onehot / n,
    }


def _same(got: Any, wrong: Any) -> bool:
    """True if ``got`` equals a wrong answer, nan and inf included."""
    got, wrong = np.asarray(got, dtype=float), np.asarray(wrong, dtype=float)
    return got.shape == wrong.shape and bool(
        np.allclose(got, wrong, rtol=1e-6, atol=1e-12, equal_nan=True)
    )


def _loss_and_gradient(
    value: Any, shown: str, shape: tuple[int, ...]
) -> tuple[float, NDArray[np.float64]]:
    """Split the learner's (loss, dZ), checking the types and shapes."""
    if not isinstance(value, tuple | list) or len(value) != 2:
        raise Incorrect(
            f"batch_cross_entropy should return a pair (loss, dZ); got {_describe(value)}."
        )
    loss, dZ = value
    loss_shape = _shape(loss)
    if loss_shape is None or int(np.prod(loss_shape)) != 1:
        got = _describe(loss) if loss_shape is None else f"shape {loss_shape}"
        raise Incorrect(
            f"the loss should be one number, the mean over the batch; with {shown} "
            f"it is {got}."
        )
    dZ_shape = _shape(dZ)
    if dZ_shape != shape:
        got = _describe(dZ) if dZ_shape is None else f"shape {dZ_shape}"
        raise Incorrect(f"dZ should have Z's shape {shape}; with {shown} it has {got}.")
    return float(np.asarray(loss, dtype=float).reshape(())), np.asarray(dZ, dtype=float)


@exercise(
    "08.2", "Stable cross-entropy for a batch", stars=3, answer="batch_cross_entropy"
)
def _cross_entropy(answer: Any) -> str:
    batch_cross_entropy = as_function(answer, "batch_cross_entropy")
    for Z, y, description in _CE_CASES:
        shown = (
            description
            if "ordinary" in description
            else f"{description}, Z = {Z.tolist()}"
        )
        value = call(
            batch_cross_entropy, Z.copy(), y.copy(), name="batch_cross_entropy"
        )
        loss, dZ = _loss_and_gradient(value, shown, Z.shape)
        exact_loss, exact_grad = _exact_cross_entropy(Z, y)
        if not np.isclose(loss, exact_loss, rtol=1e-9, atol=1e-12):
            for words, wrong in _wrong_losses(Z, y).items():
                if _same(loss, wrong):
                    raise Incorrect(f"the loss is not right with {shown}: {words}.")
            if not np.isfinite(loss):
                raise Incorrect(
                    f"the loss is {loss} with {shown}: somewhere exp overflowed or "
                    "log met 0. Shift each row by its max."
                )
            compare(loss, exact_loss, what=f"the loss with {shown}", rtol=1e-9)
        if not np.allclose(dZ, exact_grad, rtol=1e-7, atol=1e-12):
            for words, wrong in _wrong_gradients(Z, y).items():
                if _same(dZ, wrong):
                    raise Incorrect(f"dZ is not right with {shown}: {words}.")
            if not np.isfinite(dZ).all():
                raise Incorrect(
                    f"dZ contains nan or inf with {shown}: compute the softmax "
                    "from z - max(z), row by row."
                )
            compare(dZ, exact_grad, what=f"dZ with {shown}", rtol=1e-7, atol=1e-12)
    return (
        "loss and gradient match 50-digit arithmetic, for ordinary logits and for "
        "logits of size 1000: no overflow, no log(0)."
    )
