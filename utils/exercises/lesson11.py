"""Checks for lesson 11, Capstone: a neural network from scratch.

Each check computes its own reference with an independent method: mpmath at
high precision, central differences or the complex step on the check's own
forward pass, or fresh data drawn with the lesson's recipe. Nothing is compared
with a stored answer, and the feedback never shows the expected values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..numerics import gradient
from ._core import Incorrect, LearnerError, NotAttempted, exercise
from ._feedback import as_function, as_number, as_numbers, call, compare

Array = NDArray[np.float64]
Shapes = Sequence[tuple[str, tuple[int, ...]]]

_SHAPE_WORDS = ("shape", "align", "matmul", "broadcast")


def _sigmoid(z: Any) -> Any:
    return 1 / (1 + np.exp(-z))


def _softplus(z: Array) -> Array:
    return np.logaddexp(0.0, z)


# ---------------------------------------------------------------- 08.1
def _weighted_bce_exact(z: Array, y: Array, pos_weight: float) -> tuple[float, Array]:
    """The mean weighted loss and its gradient in z, at 30 digits with mpmath."""
    import mpmath  # here, not on import: only this check needs it

    n = len(z)
    losses, slopes = [], []
    with mpmath.workdps(30):
        for z_i, y_i in zip(z, y, strict=True):

            def one(t: Any, y_i: float = float(y_i)) -> Any:
                return pos_weight * y_i * mpmath.log1p(mpmath.exp(-t)) + (
                    1 - y_i
                ) * mpmath.log1p(mpmath.exp(t))

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


def _bce_slips(z: Array, y: Array, w: float) -> dict[str, Array]:
    """What likely slips give for the loss (first entry) and dz (the rest)."""
    n = len(z)
    s = _sigmoid(z)
    right = np.append(
        np.mean(w * y * _softplus(-z) + (1 - y) * _softplus(z)),
        (w * y * (s - 1) + (1 - y) * s) / n,
    )
    swapped = np.append(
        np.mean(y * _softplus(-z) + w * (1 - y) * _softplus(z)),
        (y * (s - 1) + w * (1 - y) * s) / n,
    )
    return {
        "pos_weight was put on class 0 instead of class 1": swapped,
        "dz is missing the 1/n: the loss is a mean, so its gradient is one too": (
            np.append(right[0], n * right[1:])
        ),
        "dz has the wrong sign: the loss grows with z where y = 0": np.append(
            right[0], -right[1:]
        ),
        "dz is sigma(z) - y over n: pos_weight is missing from the gradient": (
            np.append(right[0], (s - y) / n)
        ),
        "the loss is a sum, not a mean: divide it by n": np.append(
            n * right[0], right[1:]
        ),
    }


@exercise(
    "11.1", "A class-weighted loss from the logit", stars=2, answer="weighted_bce"
)
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
            mistakes=_bce_slips(z, y, w),
        )
    z, y, w = _BCE_FAR
    where = "at logits of -800 and 800"
    value = call(weighted_bce, z.copy(), y.copy(), w, name="weighted_bce")
    if isinstance(value, tuple | list) and len(value) == 2 and _not_finite(value[0]):
        raise Incorrect(
            "the loss is right for ordinary logits, but nan or inf at z = -800 "
            "and 800: the probability form overflows there, because sigma(z) "
            "rounds to exactly 0 or 1 and log(0) is -inf. Write the loss from "
            "the logit with np.logaddexp(0, z) for softplus(z)."
        )
    loss, dz = _bce_pair(value, len(z), where)
    exact_loss, exact_dz = _weighted_bce_exact(z, y, w)
    if not np.isclose(loss, exact_loss, rtol=1e-6):
        raise Incorrect(
            "the loss is right for ordinary logits but not at z = -800 and 800: "
            "clipping or rounding the probabilities (as in log(max(p, 1e-15))) "
            "caps each term at a few dozen. Write it from the logit with "
            "np.logaddexp(0, z)."
        )
    compare(dz, exact_dz, what=f"dz {where}", rtol=1e-6, atol=1e-12)
    return (
        "the loss and dz match a 30-digit calculation, and both stay finite and "
        "right at z = -800 and 800."
    )


def _not_finite(value: Any) -> bool:
    """True if ``value`` is one number that is nan or infinite."""
    try:
        number = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return False
    return number.size == 1 and not np.isfinite(number).all()


def _ndim(value: Any) -> int:
    """The number of dimensions of ``value`` as an array (1 for ragged lists)."""
    try:
        return int(np.ndim(value))
    except ValueError:  # a ragged nesting of lists
        return 1


# ---------------------------------------------------------------- 08.2 and 08.3
def _flat_gradient(value: Any, what: str, shapes: Shapes, n: int) -> Array:
    """Return the learner's gradient as one flat vector, or explain its shape."""
    expected = sum(int(np.prod(shape)) for _, shape in shapes)
    if isinstance(value, tuple | list) and any(_ndim(part) > 0 for part in value):
        names = ", ".join(name for name, _ in shapes)
        raise Incorrect(
            f"{what} returned {len(value)} separate arrays; return one flat "
            f"vector shaped like theta: pack({names})."
        )
    if value is None or value is Ellipsis:
        return as_numbers(value, what, (expected,))
    try:
        size = np.asarray(value, dtype=float).size
    except (TypeError, ValueError):
        return as_numbers(value, what, (expected,))
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
                        "example. A bias is added to every row, so its gradient is the "
                        "sum over the rows (axis=0)."
                    )
        raise Incorrect(
            f"{what} returned {size} number{'' if size == 1 else 's'}; the network "
            f"has {expected} parameters, "
            "so the gradient needs exactly that many, in the order of theta."
        )
    return as_numbers(value, what, (expected,))


def _call_backward(
    fn: Callable[..., Any], theta: Array, X: Array, y: Array, name: str, hint: str
) -> Any:
    """Call the learner's backward pass; add a hint on shapes to a shape error."""
    try:
        return call(fn, theta.copy(), X.copy(), y.copy(), name=name)
    except LearnerError as error:
        if any(word in str(error) for word in _SHAPE_WORDS):
            raise LearnerError(f"{error} {hint}") from error
        raise


def _dz_column(z: Any, y: Array) -> Any:
    return ((_sigmoid(z) - y) / len(y))[:, None]


# The ReLU network of exercise 11.2: the lesson's layout, W1 (2, h), b1 (h,),
# W2 (h, 1), b2 (1,), with ReLU as the activation.
def _relu_unpack(theta: Array) -> tuple[Array, Array, Array, Array]:
    h = (len(theta) - 1) // 4
    return (
        theta[: 2 * h].reshape(2, h),
        theta[2 * h : 3 * h],
        theta[3 * h : 4 * h].reshape(h, 1),
        theta[4 * h :],
    )


def _relu_logits(theta: Array, X: Array) -> Array:
    W1, b1, W2, b2 = _relu_unpack(theta)
    return (np.maximum(X @ W1 + b1, 0.0) @ W2 + b2)[:, 0]


def _tanh_logits(theta: Array, X: Array) -> Array:
    W1, b1, W2, b2 = _relu_unpack(theta)
    return (np.tanh(X @ W1 + b1) @ W2 + b2)[:, 0]


def _relu_loss(theta: Array, X: Array, y: Array) -> Any:
    z = _relu_logits(theta, X)
    return np.mean(_softplus(z) - y * z)


def _relu_slips(theta: Array, X: Array, y: Array) -> dict[str, Array]:
    """Gradients that likely slips in a ReLU backward pass would give."""
    W1, b1, W2, b2 = _relu_unpack(theta)
    A = X @ W1 + b1
    H = np.maximum(A, 0.0)
    dZ = _dz_column((H @ W2 + b2)[:, 0], y)
    dH = dZ @ W2.T

    def flat(dA: Array, transposed: bool = False) -> Array:
        dW1 = (dA.T @ X) if transposed else (X.T @ dA)
        return np.concatenate(
            [dW1.ravel(), dA.sum(axis=0), (H.T @ dZ).ravel(), dZ.sum(axis=0)]
        )

    right = flat(dH * (A > 0))
    return {
        "tanh's derivative 1 - H**2 was kept: ReLU's derivative is 1 where a > 0 and 0 elsewhere": (
            flat(dH * (1 - H**2))
        ),
        "the activation's derivative is missing: dA needs dH times ReLU'(A)": flat(dH),
        "dH was multiplied by ReLU(A) itself, not by its derivative (A > 0)": flat(
            dH * H
        ),
        "the weight gradient dW1 is transposed: X.T @ dA has the shape (2, h) of W1": (
            flat(dH * (A > 0), transposed=True)
        ),
        "the 1/n is missing: the loss is a mean, so dz = (sigma(z) - y) / n": (
            len(y) * right
        ),
    }


def _relu_problem(n: int, h: int, seed: int) -> tuple[Array, Array, Array]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    return rng.normal(size=4 * h + 1), X, (np.arange(n) % 2).astype(float)


# (n, h, seed): n differs from h and from 2 so that no shapes coincide; with
# these seeds no hidden pre-activation lies within 0.03 of ReLU's kink.
_RELU_PROBLEMS = [
    _relu_problem(*args) for args in ((7, 5, 83), (12, 3, 84), (4, 16, 90))
]


def _relu_shapes(h: int) -> Shapes:
    return [("dW1", (2, h)), ("db1", (h,)), ("dW2", (h, 1)), ("db2", (1,))]


@exercise(
    "11.2", "The backward pass of a ReLU network", stars=2, answer="backward_relu"
)
def _backward_relu(answer: Any) -> str:
    backward_relu = as_function(answer, "backward_relu")
    for theta, X, y in _RELU_PROBLEMS:
        n, h = len(y), (len(theta) - 1) // 4
        what = f"backward_relu with width {h} and {n} points"
        hint = (
            f"Check the shapes: X is ({n}, 2), W1 (2, {h}), A and H ({n}, {h}), "
            f"W2 ({h}, 1), dZ ({n}, 1); dH = dZ @ W2.T."
        )
        value = _call_backward(backward_relu, theta, X, y, "backward_relu", hint)
        got = _flat_gradient(value, what, _relu_shapes(h), n)
        exact = gradient(lambda t, X=X, y=y: _relu_loss(t, X, y), theta)
        compare(
            got,
            exact,
            what=what,
            mistakes=_relu_slips(theta, X, y),
            rtol=1e-5,
            atol=1e-8,
        )
    return (
        "matches central differences of the ReLU network's loss for widths 3, 5 "
        "and 16: ReLU passes the gradient where a > 0 and blocks it elsewhere."
    )


# The 2-6-4-1 tanh network of exercise 11.3, in the order W1, b1, W2, b2, W3, b3.
_DEEP_SHAPES: Shapes = [
    ("dW1", (2, 6)),
    ("db1", (6,)),
    ("dW2", (6, 4)),
    ("db2", (4,)),
    ("dW3", (4, 1)),
    ("db3", (1,)),
]
_DEEP_SIZE = sum(int(np.prod(shape)) for _, shape in _DEEP_SHAPES)


def _deep_unpack(theta: Any) -> list[Any]:
    sizes = [int(np.prod(shape)) for _, shape in _DEEP_SHAPES]
    pieces = np.split(theta, np.cumsum(sizes)[:-1])
    return [
        p.reshape(shape) for p, (_, shape) in zip(pieces, _DEEP_SHAPES, strict=True)
    ]


def _deep_loss(theta: Any, X: Array, y: Array) -> Any:
    """The loss of exercise 11.3; it also takes a complex theta, for the complex step."""
    W1, b1, W2, b2, W3, b3 = _deep_unpack(theta)
    z = (np.tanh(np.tanh(X @ W1 + b1) @ W2 + b2) @ W3 + b3)[:, 0]
    return np.mean(np.log1p(np.exp(z)) - y * z)


def _deep_slips(theta: Array, X: Array, y: Array) -> dict[str, Array]:
    """Gradients that likely slips in the two-layer backward pass would give."""
    W1, b1, W2, b2, W3, b3 = _deep_unpack(theta)
    A1 = X @ W1 + b1
    H1 = np.tanh(A1)
    A2 = H1 @ W2 + b2
    H2 = np.tanh(A2)
    dZ = _dz_column((H2 @ W3 + b3)[:, 0], y)

    def flat(s1: Any, s2: Any, t1: bool = False, t2: bool = False) -> Array:
        """The gradient with activation slopes s1, s2; t1, t2 transpose dW1, dW2."""
        dA2 = (dZ @ W3.T) * s2
        dA1 = (dA2 @ W2.T) * s1
        dW1 = dA1.T @ X if t1 else X.T @ dA1
        dW2 = dA2.T @ H1 if t2 else H1.T @ dA2
        parts = (dW1, dA1.sum(axis=0), dW2, dA2.sum(axis=0), H2.T @ dZ, dZ.sum(axis=0))
        return np.concatenate([p.ravel() for p in parts])

    s1, s2 = 1 - H1**2, 1 - H2**2
    return {
        "the first hidden layer misses tanh's derivative: dA1 = (dA2 @ W2.T) * (1 - H1**2)": (
            flat(1.0, s2)
        ),
        "the second hidden layer misses tanh's derivative: dA2 = (dZ @ W3.T) * (1 - H2**2)": (
            flat(s1, 1.0)
        ),
        "both hidden layers miss tanh's derivative 1 - H**2": flat(1.0, 1.0),
        "tanh's derivative was taken from the pre-activations: it is 1 - H**2 with "
        "H = tanh(A), not 1 - A**2": flat(1 - A1**2, 1 - A2**2),
        "the weight gradient dW2 is transposed: H1.T @ dA2 has the shape (6, 4) of W2": (
            flat(s1, s2, t2=True)
        ),
        "the weight gradient dW1 is transposed: X.T @ dA1 has the shape (2, 6) of W1": (
            flat(s1, s2, t1=True)
        ),
        "the 1/n is missing: the loss is a mean, so dz = (sigma(z) - y) / n": (
            len(y) * flat(s1, s2)
        ),
    }


def _deep_problem(n: int, seed: int) -> tuple[Array, Array, Array]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    return rng.normal(size=_DEEP_SIZE), X, (np.arange(n) % 2).astype(float)


# n = 5, 9, 3: never 2, 4 or 6, so that a transposed product cannot fit by chance.
_DEEP_PROBLEMS = [_deep_problem(n, seed) for n, seed in ((5, 86), (9, 87), (3, 88))]


@exercise(
    "11.3", "Backpropagation through two hidden layers", stars=3, answer="backward_deep"
)
def _backward_deep(answer: Any) -> str:
    backward_deep = as_function(answer, "backward_deep")
    for theta, X, y in _DEEP_PROBLEMS:
        n = len(y)
        what = f"backward_deep on {n} points"
        hint = (
            f"Check the shapes: X is ({n}, 2), H1 ({n}, 6), H2 ({n}, 4), dZ ({n}, 1); "
            "W2 is (6, 4) and W3 (4, 1), so dH2 = dZ @ W3.T and dH1 = dA2 @ W2.T."
        )
        value = _call_backward(backward_deep, theta, X, y, "backward_deep", hint)
        got = _flat_gradient(value, what, _DEEP_SHAPES, n)
        exact = gradient(
            lambda t, X=X, y=y: _deep_loss(t, X, y), theta, method="complex"
        )
        compare(
            got,
            exact,
            what=what,
            mistakes=_deep_slips(theta, X, y),
            rtol=1e-6,
            atol=1e-9,
        )
    return (
        "all 51 components match the complex-step gradient of the 2-6-4-1 network "
        "on three random data sets."
    )


# ---------------------------------------------------------------- 08.4
_TARGET = 0.96
_HELD_OUT_SEED = 808
_HELD_OUT_SIZE = 1000


def _moons(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Two interleaved moons, with the recipe of the lesson's section 1."""
    y = (np.arange(n) % 2).astype(float)
    t = rng.uniform(0.0, np.pi, size=n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    X = np.where(y[:, None] == 1, np.array([1.0, 0.5]) - upper, upper)
    return X + noise * rng.normal(size=(n, 2)), y


_HELD_OUT = _moons(_HELD_OUT_SIZE, 0.15, np.random.default_rng(_HELD_OUT_SEED))


def _probabilities(value: Any, m: int) -> Array:
    """The learner's predictions as m numbers in [0, 1], or say what is wrong."""
    if value is None:
        raise Incorrect("predict_relu returned None: did you forget a `return`?")
    try:
        p = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise Incorrect(
            f"predict_relu should return numbers, got {type(value).__name__}."
        ) from None
    if p.shape == (m, 1):
        p = p[:, 0]
    p = as_numbers(p, f"predict_relu(theta_relu, X) for X of shape ({m}, 2)", (m,))
    if np.any((p < 0) | (p > 1)):
        raise Incorrect(
            "predict_relu returns values outside [0, 1]: it should return the "
            "probabilities sigma(z), not the logits z."
        )
    return p


@exercise(
    "11.4",
    "Train a ReLU network to 96 % accuracy",
    stars=3,
    answer="relu_model",
    depends_on=("11.2",),
)
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
    try:
        theta = np.asarray(theta_answer, dtype=float)
    except (TypeError, ValueError):
        raise Incorrect(
            "theta_relu should be the trained parameters, a 1-D array of numbers, "
            f"got {type(theta_answer).__name__}."
        ) from None
    if theta.ndim != 1 or theta.size < 5 or (theta.size - 1) % 4:
        raise Incorrect(
            f"theta_relu has shape {theta.shape}; a network of width h in the layout "
            "of unpack (W1: 2h, b1: h, W2: h, b2: 1) is a 1-D array of 4h + 1 numbers."
        )
    theta = as_numbers(theta, "theta_relu", theta.shape)
    X, y = _HELD_OUT
    p = _probabilities(
        call(predict_relu, theta.copy(), X.copy(), name="predict_relu"), len(y)
    )
    relu_p = _sigmoid(_relu_logits(theta, X))
    if not np.allclose(p, relu_p, rtol=1e-6, atol=1e-9):
        if np.allclose(p, _sigmoid(_tanh_logits(theta, X)), rtol=1e-6, atol=1e-9):
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
            "unpack: hidden values max(X @ W1 + b1, 0), then sigma(H @ W2 + b2)."
        )
    share = float(np.mean((relu_p > 0.5) == y))
    if share < _TARGET:
        raise Incorrect(
            f"your network classifies {share:.1%} of {len(y)} fresh points correctly, "
            f"below {_TARGET:.0%}. Check backward_relu with check_gradient, then train "
            "longer or wider."
        )
    width = (theta.size - 1) // 4
    return (
        f"a ReLU network of width {width} that classifies {share:.1%} of "
        f"{len(y)} fresh moon points correctly."
    )
