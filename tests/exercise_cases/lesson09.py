"""Right and plausible wrong answers for the checks of lesson 09.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import math

import numpy as np
from scipy.special import logsumexp


# ---------------------------------------------------------------- 09.2
def _linear_backward(X, W, dY):
    return dY @ W, dY.T @ X, dY.sum(axis=0)


# ---------------------------------------------------------------- 09.1
# The lesson's layout: theta = (W1 (2, 3), b1 (3,), W2 (3, 1), b2 (1,)).
def _pack(arrays):
    return np.concatenate([np.ravel(a) for a in arrays])


def _unpack(theta):
    return (
        theta[0:6].reshape(2, 3),
        theta[6:9],
        theta[9:12].reshape(3, 1),
        theta[12:13],
    )


def _mlp_backward(theta, X, y, *, slope=None, half=False, per_example=False):
    """The backward pass of the lesson's network, with optional planted slips."""
    W1, b1, W2, b2 = _unpack(theta)
    Z = X @ W1 + b1
    H = np.tanh(Z)
    y_hat = H @ W2 + b2
    d_y_hat = (y_hat - y) * (1.0 if half else 2.0) / (1 if per_example else len(y))
    dW2, db2 = H.T @ d_y_hat, d_y_hat.sum(axis=0)
    dH = d_y_hat @ W2.T
    dZ = dH * (1 - H**2 if slope is None else slope(Z, H))
    dW1, db1 = X.T @ dZ, dZ.sum(axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "Z": Z, "H": H, "dZ": dZ}


def _mlp_gradient(theta, X, y):
    g = _mlp_backward(theta, X, y)
    return _pack([g["dW1"], g["db1"], g["dW2"], g["db2"]])


def _mlp_gradient_loop(theta, X, y):
    """Example by example, with plain loops: the same numbers."""
    W1, b1, W2, b2 = _unpack(theta)
    grads = [np.zeros_like(p) for p in (W1, b1, W2, b2)]
    for x_i, y_i in zip(X, y, strict=True):
        h = np.tanh(x_i @ W1 + b1)
        d_out = 2 * (h @ W2 + b2 - y_i) / len(X)
        dz = (W2[:, 0] * d_out) * (1 - h**2)
        grads[0] += np.outer(x_i, dz)
        grads[1] += dz
        grads[2] += np.outer(h, d_out)
        grads[3] += d_out
    return [v for g in grads for v in g.ravel()]


def _slipped(**slips):
    def mlp_gradient(theta, X, y):
        g = _mlp_backward(theta, X, y, **slips)
        return _pack([g["dW1"], g["db1"], g["dW2"], g["db2"]])

    return mlp_gradient


def _zero_biases(theta, X, y):
    g = _mlp_backward(theta, X, y)
    return _pack([g["dW1"], np.zeros(3), g["dW2"], np.zeros(1)])


def _zero_db2(theta, X, y):
    g = _mlp_backward(theta, X, y)
    return _pack([g["dW1"], g["db1"], g["dW2"], np.zeros(1)])


def _backward_order(theta, X, y):
    g = _mlp_backward(theta, X, y)
    return _pack([g["dW2"], g["db2"], g["dW1"], g["db1"]])


def _weights_first(theta, X, y):
    g = _mlp_backward(theta, X, y)
    return _pack([g["dW1"], g["dW2"], g["db1"], g["db2"]])


def _four_arrays(theta, X, y):
    g = _mlp_backward(theta, X, y)
    return [g["dW1"], g["db1"], g["dW2"], g["db2"]]


def _db1_not_summed(theta, X, y):
    g = _mlp_backward(theta, X, y)
    return _pack([g["dW1"], g["dZ"], g["dW2"], g["db2"]])


def _db1_wrong_axis(theta, X, y):
    g = _mlp_backward(theta, X, y)
    return _pack([g["dW1"], g["dZ"].sum(axis=1), g["dW2"], g["db2"]])


def _db_mean(theta, X, y):
    g = _mlp_backward(theta, X, y)
    return _pack([g["dW1"], g["dZ"].mean(axis=0), g["dW2"], g["db2"]])


def _dW1_transposed(theta, X, y):
    g = _mlp_backward(theta, X, y)
    return _pack([g["dZ"].T @ X, g["db1"], g["dW2"], g["db2"]])


def _dW2_from_Z(theta, X, y):
    g = _mlp_backward(theta, X, y)
    d_y_hat = 2 * (g["H"] @ _unpack(theta)[2] + _unpack(theta)[3] - y) / len(y)
    return _pack([g["dW1"], g["db1"], g["Z"].T @ d_y_hat, g["db2"]])


def _uses_lesson_data(theta, X, y):
    X_fixed = np.random.default_rng(0).uniform(-2, 2, size=X.shape)
    return _mlp_gradient(theta, X_fixed, y)


def _no_factors(theta, X, y):
    return _slipped(half=True, per_example=True)(theta, X, y)


def _column_y_flattened(theta, X, y):
    """y flattened to shape (m,): y_hat - y broadcasts to (m, m)."""
    return _mlp_gradient(theta, X, y.ravel())


def _wrong_sign(theta, X, y):
    return -_mlp_gradient(theta, X, y)


def _dW2_doubled(theta, X, y):
    """The output layer's dW2 takes the square's 2 a second time."""
    g = _mlp_backward(theta, X, y)
    return _pack([g["dW1"], g["db1"], 2 * g["dW2"], g["db2"]])


def _given(first_layer_backward):
    """The answer cell's mlp_gradient, around the learner's first_layer_backward."""

    def mlp_gradient(theta, X, y):
        W1, b1, W2, b2 = _unpack(theta)
        H = np.tanh(X @ W1 + b1)
        y_hat = H @ W2 + b2
        d_y_hat = 2 * (y_hat - y) / len(y)
        dW2, db2 = H.T @ d_y_hat, d_y_hat.sum(axis=0)
        dW1, db1 = first_layer_backward(X, H, d_y_hat @ W2.T)
        return _pack([dW1, db1, dW2, db2])

    return mlp_gradient


def _first_layer(X, H, dH):
    dZ = dH * (1 - H**2)
    return X.T @ dZ, dZ.sum(axis=0)


def _first_layer_einsum(X, H, dH):
    dZ = dH - dH * H * H
    return np.einsum("mi,mj->ij", X, dZ), np.ones(len(X)) @ dZ


def _with_loss(theta, X, y):
    W1, b1, W2, b2 = _unpack(theta)
    loss = np.mean((np.tanh(X @ W1 + b1) @ W2 + b2 - y) ** 2)
    return loss, _mlp_gradient(theta, X, y)


# ---------------------------------------------------------------- 09.3
def _batch_ce(Z, y):
    rows = np.arange(len(y))
    shift = Z.max(axis=1, keepdims=True)
    lse = shift[:, 0] + np.log(np.sum(np.exp(Z - shift), axis=1))
    P = np.exp(Z - lse[:, None])
    P[rows, y] -= 1
    return np.mean(lse - Z[rows, y]), P / len(y)


def _batch_ce_scipy(Z, y):
    lse = logsumexp(Z, axis=1)
    onehot = np.eye(Z.shape[1])[y]
    return float(np.mean(lse - np.sum(Z * onehot, axis=1))), (
        np.exp(Z - lse[:, None]) - onehot
    ) / len(y)


def _batch_ce_loop(Z, y):
    losses, grads = [], []
    for z, label in zip(Z, y, strict=True):
        m = max(z)
        lse = m + math.log(sum(math.exp(v - m) for v in z))
        losses.append(lse - z[label])
        grads.append([math.exp(v - lse) - (k == label) for k, v in enumerate(z)])
    return sum(losses) / len(y), [[g / len(y) for g in row] for row in grads]


def _batch_ce_softmax_rows(Z, y):
    """The lesson's one-row functions, applied row by row."""
    m, K = Z.shape
    loss, dZ = 0.0, np.zeros((m, K))
    for i in range(m):
        c = np.max(Z[i])
        e = np.exp(Z[i] - c)
        loss += (c + np.log(np.sum(e)) - Z[i, y[i]]) / m
        dZ[i] = (e / np.sum(e) - np.eye(K)[y[i]]) / m
    return loss, dZ


def _naive_ce(Z, y):
    rows = np.arange(len(y))
    lse = np.log(np.sum(np.exp(Z), axis=1))
    P = np.exp(Z) / np.sum(np.exp(Z), axis=1, keepdims=True)
    P[rows, y] -= 1
    return np.mean(lse - Z[rows, y]), P / len(y)


def _min_shift_ce(Z, y):
    rows = np.arange(len(y))
    shift = Z.min(axis=1, keepdims=True)
    lse = shift[:, 0] + np.log(np.sum(np.exp(Z - shift), axis=1))
    P = np.exp(Z - lse[:, None])
    P[rows, y] -= 1
    return np.mean(lse - Z[rows, y]), P / len(y)


def _no_max_back_ce(Z, y):
    loss, grad = _batch_ce(Z, y)
    return loss - np.mean(Z.max(axis=1)), grad


def _global_max_not_back_ce(Z, y):
    rows = np.arange(len(y))
    e = np.exp(Z - Z.max())
    loss = np.mean(np.log(np.sum(e, axis=1)) - Z[rows, y])
    P = e / np.sum(e, axis=1, keepdims=True)
    P[rows, y] -= 1
    return loss, P / len(y)


def _log_of_softmax_ce(Z, y):
    _, grad = _batch_ce(Z, y)
    P = np.exp(Z - Z.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    return -np.mean(np.log(P[np.arange(len(y)), y])), grad


def _global_max_ce(Z, y):
    rows = np.arange(len(y))
    shift = Z.max()
    lse = shift + np.log(np.sum(np.exp(Z - shift), axis=1))
    P = np.exp(Z - lse[:, None])
    P[rows, y] -= 1
    return np.mean(lse - Z[rows, y]), P / len(y)


def _global_max_gradient_ce(Z, y):
    """The loss right, the gradient's softmax shifted by the batch's max."""
    loss, _ = _batch_ce(Z, y)
    e = np.exp(Z - Z.max())
    P = e / np.sum(e, axis=1, keepdims=True)
    P[np.arange(len(y)), y] -= 1
    return loss, P / len(y)


def _undivided_ce(Z, y):
    loss, grad = _batch_ce(Z, y)
    return loss, grad * len(y)


def _no_onehot_ce(Z, y):
    loss, grad = _batch_ce(Z, y)
    grad = grad.copy()
    grad[np.arange(len(y)), y] += 1 / len(y)
    return loss, grad


def _unnormalised_ce(Z, y):
    loss, _ = _batch_ce(Z, y)
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    e[np.arange(len(y)), y] -= 1
    return loss, e / len(y)


def _sum_ce(Z, y):
    loss, grad = _batch_ce(Z, y)
    return loss * len(y), grad


def _row_max_without_keepdims(Z, y):
    rows = np.arange(len(y))
    row_max = Z.max(axis=1)  # shape (m,): Z - row_max broadcasts along the rows
    lse = row_max + np.log(np.sum(np.exp(Z - row_max), axis=1))
    P = np.exp(Z - lse)
    P[rows, y] -= 1
    return np.mean(lse - Z[rows, y]), P / len(y)


# The lesson's one-example globals, as a learner's notebook has them.
label = 2
onehot = np.eye(4)[label]


def _global_onehot_loop(Z, y):
    """The lesson's 4-entry onehot reused for every row: a broadcasting error."""
    loss, dZ = 0.0, np.zeros_like(Z)
    for i in range(len(y)):
        loss += logsumexp(Z[i]) - Z[i, y[i]]
        dZ[i] = np.exp(Z[i] - logsumexp(Z[i])) - onehot
    return loss / len(y), dZ / len(y)


def _global_label_loop(Z, y):
    """Every row's loss taken at the lesson's label 2; the gradient right."""
    _, dZ = _batch_ce(Z, y)
    loss = 0.0
    for i in range(len(y)):
        loss += logsumexp(Z[i]) - Z[i, label]
    return loss / len(y), dZ


def _labels_as_onehot_loop(Z, y):
    """All the labels, y, where row i's one-hot belongs: a row against y."""
    loss, dZ = 0.0, np.zeros_like(Z)
    for i in range(len(y)):
        loss += logsumexp(Z[i]) - Z[i, y[i]]
        dZ[i] = np.exp(Z[i] - logsumexp(Z[i])) - y
    return loss / len(y), dZ / len(y)


def _first_layer_no_return(X, H, dH):
    dZ = dH * (1 - H**2)
    X.T @ dZ, dZ.sum(axis=0)


def _first_layer_dW1_only(X, H, dH):
    """One 2 x 3 array: `dW1, db1 = ...` takes its two rows, silently."""
    return X.T @ (dH * (1 - H**2))


def _first_layer_dW1_wrong_order(X, H, dH):
    """dW1 = X @ dZ: a matmul whose shapes do not fit."""
    dZ = dH * (1 - H**2)
    return X @ dZ, dZ.sum(axis=0)


def _first_layer_dZ_over_m(X, H, dH):
    """dZ divided by m again, though dH already holds the mean's 1/m."""
    dZ = dH * (1 - H**2) / len(X)
    return X.T @ dZ, dZ.sum(axis=0)


def _first_layer_dW1_over_m(X, H, dH):
    dZ = dH * (1 - H**2)
    return X.T @ dZ / len(X), dZ.sum(axis=0)


def _first_layer_matmul_through_tanh(X, H, dH):
    """`@` where tanh's step is entry by entry: dZ comes out (m, m)."""
    dZ = dH @ (1 - H**2).T
    return X.T @ dZ, dZ.sum(axis=0)


def _first_layer_db1_summed_over_all(X, H, dH):
    dZ = dH * (1 - H**2)
    return X.T @ dZ, dZ.sum()


def _first_layer_db1_only(X, H, dH):
    """One array of 3 numbers: `dW1, db1 = ...` fails to unpack it."""
    return (dH * (1 - H**2)).sum(axis=0)


ERRORS = {
    "09.1": [
        (_column_y_flattened, "Check each product's shapes"),
        (_given(_first_layer_no_return), "is a `return` missing?"),
        (_given(_first_layer_db1_only), "returned one value instead of two"),
        # the shapes hint follows the error itself, with no argument values between
        (
            _given(_first_layer_dW1_wrong_order),
            "different from 2). Check each product's shapes",
        ),
        (_given(_first_layer_dW1_wrong_order), "(5, 2), H (5, 3)"),
        (
            _given(lambda X, H, dH: (X.T @ (dH * (1 - H**2)),)),
            "it returned fewer than two values",
        ),
        (_given(lambda X, H, dH: 1.0), "it returned one value instead of two."),
    ],
    "09.3": [
        (_row_max_without_keepdims, "keepdims=True"),
        (_global_onehot_loop, "uses the global `onehot`"),
        (_labels_as_onehot_loop, "a row Z[i] has 3 entries"),
    ],
}

CASES = {
    "09.1": {
        "right": [
            _mlp_gradient,
            _mlp_gradient_loop,
            _given(_first_layer),
            _given(_first_layer_einsum),
        ],
        "wrong": [
            (_slipped(half=True), "extra ½"),
            (_slipped(per_example=True), "the loss is a mean over the examples"),
            (_wrong_sign, "the sign is wrong everywhere"),
            (_zero_biases, "bias gradients were left at zero"),
            (_zero_db2, "db2 is still zero"),
            (_backward_order, "packed as dW2, db2, dW1, db1"),
            (_weights_first, "packed as dW1, dW2, db1, db2"),
            (_four_arrays, "use pack"),
            (_slipped(slope=lambda Z, H: 1.0), "step through tanh was skipped"),
            (_slipped(slope=lambda Z, H: 1 - H), "without the square (lesson 02"),
            (
                _slipped(slope=lambda Z, H: 1 - H),
                "not right on a fresh batch of 5 examples and a random theta",
            ),
            (_slipped(slope=lambda Z, H: 1 - Z**2), "taken at Z"),
            (_slipped(slope=lambda Z, H: H**2 - 1), "wrong sign: tanh's slope"),
            (
                _slipped(slope=lambda Z, H: 1 - np.tanh(H) ** 2),
                "tanh was applied twice",
            ),
            (_no_factors, "lacks both the 2"),
            (_db1_not_summed, "db1 has 15 entries"),
            (_db1_not_summed, "has 25 numbers on a fresh batch of 5 examples;"),
            (_db1_wrong_axis, "summed over the units"),
            (_db_mean, "db1 is an average over the examples"),
            (
                _given(_first_layer_dZ_over_m),
                "dW1 and db1 are 1/5 of their right values",
            ),
            (
                _given(_first_layer_dZ_over_m),
                "divided by the number of examples twice",
            ),
            (_given(_first_layer_dZ_over_m), "already holds the mean's 1/m"),
            (_given(_first_layer_dW1_over_m), "dW1 is 1/5 of its right value"),
            (
                _given(_first_layer_matmul_through_tanh),
                "dZ came out (5, 5) instead of H's shape (5, 3)",
            ),
            (
                _given(_first_layer_matmul_through_tanh),
                "entry by entry, `*`, not a matrix product",
            ),
            (
                _given(_first_layer_db1_summed_over_all),
                "db1 has one entry per hidden unit",
            ),
            (
                _given(_first_layer_db1_summed_over_all),
                "sum over the examples only (the rows)",
            ),
            (_dW1_transposed, "dW1 is transposed"),
            (_dW2_from_Z, "dW2 uses Z"),
            (_uses_lesson_data, "ignores its argument X"),
            (_with_loss, "return the gradient alone"),
            (
                _given(_first_layer_dW1_only),
                "must return the gradients for W1 and b1, two arrays",
            ),
            (_given(_first_layer_dW1_only), "return one value instead of two"),
            # the learner's step alone, inside the answer cell's mlp_gradient
            (_given(lambda X, H, dH: (X.T @ dH, dH.sum(axis=0))), "skipped"),
            (_slipped(slope=lambda Z, H: H * (1 - H)), "the sigmoid's slope"),
            (
                _given(
                    lambda X, H, dH: (
                        X.T @ (dH * H * (1 - H)),
                        (dH * H * (1 - H)).sum(0),
                    )
                ),
                "the sigmoid's slope",
            ),
            (
                _given(lambda X, H, dH: (X.T @ dH, (dH * (1 - H**2)).sum(axis=0))),
                "dW1 was computed from dH",
            ),
            (
                _given(lambda X, H, dH: (X.T @ (dH * (1 - H**2)), dH.sum(axis=0))),
                "db1 was computed from dH",
            ),
            (
                _given(lambda X, H, dH: (X.T @ (dH * (1 - H)), (dH * (1 - H)).sum(0))),
                "without the square",
            ),
            (
                _given(
                    lambda X, H, dH: (
                        _first_layer(X, H, dH)[1],
                        _first_layer(X, H, dH)[0],
                    )
                ),
                "first_layer_backward must return the pair in the order (dW1, db1)",
            ),
            (
                _given(
                    lambda X, H, dH: (
                        _first_layer(X, H, dH)[0].T,
                        _first_layer(X, H, dH)[1],
                    )
                ),
                "dW1 is transposed",
            ),
            (
                _given(lambda X, H, dH: (_first_layer(X, H, dH)[0], np.zeros(3))),
                "db1 is still zero",
            ),
            (
                _given(lambda X, H, dH: (_first_layer(X, H, dH)[0], dH * (1 - H**2))),
                "was not summed over the examples",
            ),
            (
                _given(
                    lambda X, H, dH: (H.T @ (dH * (1 - H**2)), (dH * (1 - H**2)).sum(0))
                ),
                "computed from H",
            ),
            (lambda theta, X, y: np.full(13, np.nan), "contains nan or inf"),
            (lambda theta, X, y: "gradient", "one flat vector of 13 numbers, got str"),
            (
                _slipped(slope=lambda Z, H: 0.5 * (1 - H**2)),
                "dW2 and db2 are right, dW1 and db1 not",
            ),
            (_dW2_doubled, "dW2 is not right. Start from the output"),
        ],
    },
    "09.2": {
        "right": [
            _linear_backward,
            lambda X, W, dY: (dY @ W, (X.T @ dY).T, np.ones(len(dY)) @ dY),
            lambda X, W, dY: [
                np.einsum("mk,kd->md", dY, W),
                np.einsum("mk,md->kd", dY, X),
                dY.sum(axis=0).tolist(),
            ],
        ],
        "wrong": [
            (lambda X, W, dY: (dY @ W, X.T @ dY, dY.sum(axis=0)), "transposed"),
            (lambda X, W, dY: (dY @ W, dY.T @ X, dY), "not summed over the rows"),
            (lambda X, W, dY: (dY @ W, dY.T @ X, dY.sum(axis=1)), "wrong axis"),
            (lambda X, W, dY: (dY @ W.T, dY.T @ X, dY.sum(axis=0)), "dX = dY @ W.T"),
            (lambda X, W, dY: (dY @ W, dY.T @ X, dY.mean(axis=0)), "mean"),
            (
                lambda X, W, dY: (dY @ W, dY.T @ X, np.zeros(W.shape[0])),
                "db was left at zero",
            ),
            (lambda X, W, dY: (dY @ W, dY.T @ X), "three arrays"),
            (
                lambda X, W, dY: (dY.T @ X, dY @ W, dY.sum(axis=0)),
                "the right arrays in the wrong order",
            ),
            (
                lambda X, W, dY: (dY @ W, dY.sum(axis=0), dY.T @ X),
                "returned (dX, db, dW)",
            ),
            (
                lambda X, W, dY: (dY @ W, np.ones((3, 2)), dY.sum(axis=0)),
                "should have shape (3, 3), got (3, 2)",
            ),
            (
                lambda X, W, dY: (dY @ W, dY.T @ X, "db"),
                "should be an array of numbers",
            ),
        ],
    },
    "09.3": {
        "right": [_batch_ce, _batch_ce_scipy, _batch_ce_loop, _batch_ce_softmax_rows],
        "wrong": [
            (_naive_ce, "overflow"),
            (_no_max_back_ce, "max was not added back"),
            (_global_max_not_back_ce, "whole batch, and it was not added back"),
            (_min_shift_ce, "shifted by their min instead of their max"),
            (_global_max_ce, "whole batch instead of one per row"),
            (_global_max_gradient_ce, "a max over the whole batch"),
            (_log_of_softmax_ce, "log of the softmax"),
            (_sum_ce, "sum over the batch, not a mean"),
            (_undivided_ce, "not divided by the batch size"),
            (_no_onehot_ce, "missing the one-hot"),
            (_unnormalised_ce, "not normalised"),
            (_global_label_loop, "the `label` of the lesson's"),
            (lambda Z, y: _batch_ce(Z, y)[0], "pair (loss, dZ)"),
            (lambda Z, y: (_batch_ce(Z, y)[0], _batch_ce(Z, y)[1].T), "Z's shape"),
            (
                lambda Z, y: ("loss", _batch_ce(Z, y)[1]),
                "the loss should be one number",
            ),
            (lambda Z, y: (np.nan, _batch_ce(Z, y)[1]), "exp overflowed or log met 0"),
            (
                lambda Z, y: (2 * _batch_ce(Z, y)[0], _batch_ce(Z, y)[1]),
                "the loss with ordinary logits is not right: it is twice",
            ),
            (
                lambda Z, y: (_batch_ce(Z, y)[0], 2 * _batch_ce(Z, y)[1]),
                "dZ with ordinary logits is not right: it is twice",
            ),
        ],
    },
}
