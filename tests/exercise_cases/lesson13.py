"""Right and plausible wrong answers for the checks of lesson 13.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import numpy as np
from scipy.special import expit, log_expit

from utils.optim import gradient_descent, sgd_momentum


# ---------------------------------------------------------------- 13.1
def _sgd(
    backward, theta0, X, y, rng, report, n_epochs, lr=0.1, beta=0.9, batch_size=32
):
    """The loop as the prompt asks for it."""
    theta, v = theta0.copy(), np.zeros_like(theta0)
    for epoch in range(n_epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), batch_size):
            batch = order[start : start + batch_size]
            g = backward(theta, X[batch], y[batch])
            v = beta * v - lr * g
            theta = theta + v
        report(epoch, theta)
    return theta


def _sgd_shuffle_in_place(backward, theta0, X, y, rng, report, n_epochs, lr, beta, b):
    """rng.shuffle on an index array, and updates in place on a copy of theta0."""
    theta = np.array(theta0, dtype=float)
    v = np.zeros(len(theta))
    rows = np.arange(len(y))
    for epoch in range(n_epochs):
        rng.shuffle(rows)
        for k in range(int(np.ceil(len(y) / b))):
            batch = rows[k * b : (k + 1) * b]
            g = backward(theta, X[batch], y[batch])
            v *= beta
            v -= lr * g
            theta += v
        report(epoch, theta)
    return theta


def _sgd_reorder_both(backward, theta0, X, y, rng, report, n_epochs, lr, beta, b):
    """X and y reordered together at each epoch, then cut into consecutive slices."""
    theta, v = theta0 + 0.0, 0.0 * theta0
    for epoch in range(n_epochs):
        order = rng.permutation(len(y))
        X_epoch, y_epoch = X[order], y[order]
        for i in range(0, len(y), b):
            v = beta * v - lr * backward(theta, X_epoch[i : i + b], y_epoch[i : i + b])
            theta = theta + v
        report(epoch, theta)
    return theta


def _slip(name):
    """The prompt's loop with one plausible slip, named by ``name``."""

    def loop(backward, theta0, X, y, rng, report, n_epochs, lr, beta, batch_size):
        n, b = len(y), batch_size
        theta = theta0 if name == "in place" else theta0.copy()
        v, g_old = np.zeros_like(theta0), np.zeros_like(theta0)
        if name == "global rng":
            rng = np.random.default_rng()  # fresh entropy: not the rng given
        elif name == "own rng":
            rng = np.random.default_rng(0)
        once = rng.permutation(n)
        for epoch in range(n_epochs):
            if name == "reset v":
                v = np.zeros_like(theta0)
            order = {"no shuffle": np.arange(n), "shuffled once": once}.get(
                name, rng.permutation(n)
            )
            if name == "report at start":
                report(epoch, theta)
            stop = n - b if name == "drop last" else n
            starts = range(0, stop, 1 if name == "overlap" else b)
            if name == "array_split":  # near-equal batches instead of batch_size
                starts = [int(k[0]) for k in np.array_split(np.arange(n), n // b)]
            for i, start in enumerate(starts):
                end = start + b
                if name == "array_split":
                    end = starts[i + 1] if i + 1 < len(starts) else n
                batch = order[start:end]
                if name == "with replacement":
                    batch = rng.choice(n, size=b)
                rows_x, rows_y = X[batch], y[batch]
                if name == "x without y":
                    rows_y = y[start : start + b]
                if name == "full batch":
                    rows_x, rows_y = X, y
                if name == "full batch, one step" and start:
                    continue  # one step per epoch, on all the data
                if name == "full batch, one step":
                    rows_x, rows_y = X, y
                if name == "rotated":  # moves theta first, with the old velocity
                    theta = theta + v
                    v = beta * v - lr * backward(theta, rows_x, rows_y)
                    continue
                g = backward(theta, rows_x, rows_y)
                if name == "divide by n":
                    g = g * len(batch) / n
                elif name == "divide by b":
                    g = g / len(batch)
                used, g_old = (g_old, g) if name == "stale" else (g, g)
                lr_, beta_ = (beta, lr) if name == "swapped" else (lr, beta)
                if name == "uphill":
                    new_v = beta_ * v + lr_ * used
                elif name == "no lr":
                    new_v = beta_ * v - used
                elif name == "adam":
                    new_v = beta_ * v - lr_ * (1 - beta_) * used
                else:
                    new_v = beta_ * v - lr_ * used
                if name != "not stored":
                    v = new_v
                if name == "in place":
                    theta += new_v
                elif name == "minus v":  # the right v, subtracted from theta
                    theta = theta - new_v
                elif name != "theta not updated":
                    theta = theta + new_v
                if name == "report every batch":
                    report(epoch, theta)
            if name == "numbered from 1":
                report(epoch + 1, theta)
            elif name not in ("report every batch", "no report", "report at start"):
                report(epoch, theta)
        return (theta, v) if name == "returns a pair" else theta

    return loop


def _sgd_no_return(backward, theta0, X, y, rng, report, n_epochs, lr, beta, b):
    """The right loop, without its return."""
    _sgd(backward, theta0, X, y, rng, report, n_epochs, lr, beta, b)


def _sgd_no_steps(backward, theta0, X, y, rng, report, n_epochs, lr, beta, b):
    """Reports every epoch, but never takes a step."""
    for epoch in range(n_epochs):
        report(epoch, theta0)
    return theta0.copy()


def _sgd_transposed_rows(backward, theta0, X, y, rng, report, n_epochs, lr, beta, b):
    """Gives backward the batch's rows of X transposed."""
    theta, v = theta0.copy(), np.zeros_like(theta0)
    for epoch in range(n_epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y), b):
            batch = order[start : start + b]
            v = beta * v - lr * backward(theta, X[batch].T, y[batch])
            theta = theta + v
        report(epoch, theta)
    return theta


def _sgd_past_the_data(backward, theta0, X, y, rng, report, n_epochs, lr, beta, b):
    """Its batch loop runs one batch past the end of the data."""
    theta, v = theta0.copy(), np.zeros_like(theta0)
    for epoch in range(n_epochs):
        order = rng.permutation(len(y))
        for start in range(0, len(y) + b, b):
            batch = order[start : start + b]
            v = beta * v - lr * backward(theta, X[batch], y[batch])
            theta = theta + v
        report(epoch, theta)
    return theta


_LOOP_SLIPS = [
    ("uphill", "uphill"),
    ("minus v", "the sign with which v is added to theta"),
    ("not stored", "never stored"),
    ("reset v", "starts again from zero"),
    ("divide by n", "divides by n instead of by the batch size"),
    ("divide by b", "divides by it again"),
    ("no shuffle", "never shuffled"),
    ("shuffled once", "shuffled once"),
    ("x without y", "shuffled apart"),
    ("drop last", "stops before the end of the data"),
    ("with replacement", "more than once"),
    ("overlap", "slices that overlap"),
    ("array_split", "the batches of an epoch held"),
    ("report at start", "called before the first step"),
    ("rotated", "updated before the batch's gradient is computed"),
    ("stale", "gradient of the previous batch"),
    ("theta not updated", "the loss does not go down"),
    ("in place", "changed theta0 in place"),
    ("global rng", "global generator"),
    ("own rng", "ignores the rng argument"),
    ("report every batch", "after every batch"),
    ("no report", "report was never called"),
    ("numbered from 1", "number them 0, 1, 2"),
    ("full batch", "not on its batch's rows"),
    ("full batch, one step", "one step per epoch: that is full-batch descent"),
    ("swapped", "lr and beta are swapped"),
    ("adam", "Adam's moving average"),
    ("no lr", "a missing or extra factor"),
    ("returns a pair", "return theta alone"),
]


# ---------------------------------------------------------------- 13.2
def _unpack(theta):
    h = (len(theta) - 1) // 4
    return (
        theta[: 2 * h].reshape(2, h),
        theta[2 * h : 3 * h],
        theta[3 * h : 4 * h].reshape(h, 1),
        theta[4 * h :],
    )


def _pack(*arrays):
    return np.concatenate([np.ravel(a) for a in arrays])


def _relu_parts(theta, X, y, slope=lambda A, H: A > 0):
    """dW1, db1, dW2, db2 and the intermediate arrays, with a chosen ReLU slope."""
    W1, b1, W2, b2 = _unpack(theta)
    A = X @ W1 + b1
    H = np.maximum(A, 0)
    dZ = ((expit((H @ W2 + b2)[:, 0]) - y) / len(y))[:, None]
    dA = (dZ @ W2.T) * slope(A, H)
    return X.T @ dA, dA.sum(axis=0), H.T @ dZ, dZ.sum(axis=0), dA


def _backward_relu(theta, X, y):
    return _pack(*_relu_parts(theta, X, y)[:4])


def _backward_relu_where(theta, X, y):
    return _pack(*_relu_parts(theta, X, y, lambda A, H: np.where(H > 0, 1.0, 0.0))[:4])


def _backward_relu_heaviside(theta, X, y):
    dW1, db1, dW2, db2, _ = _relu_parts(theta, X, y, lambda A, H: np.heaviside(A, 0.0))
    return np.concatenate([dW1.ravel(), db1, dW2.ravel(), db2]).tolist()


def _relu_unsummed_bias(theta, X, y):
    dW1, _, dW2, db2, dA = _relu_parts(theta, X, y)
    return _pack(dW1, dA, dW2, db2)


def _relu_mean_bias(theta, X, y):
    dW1, _, dW2, db2, dA = _relu_parts(theta, X, y)
    return _pack(dW1, dA.mean(axis=0), dW2, db2)


def _relu_dW1_from_dH(theta, X, y):
    """dW1 = X.T @ dH: the step through ReLU's slope skipped for W1 only."""
    dW1 = _relu_parts(theta, X, y, lambda A, H: 1.0)[0]  # X.T @ dH
    _, db1, dW2, db2, _ = _relu_parts(theta, X, y)
    return _pack(dW1, db1, dW2, db2)


def _relu_db1_from_dH(theta, X, y):
    _, db1, _, _, _ = _relu_parts(theta, X, y, lambda A, H: 1.0)
    dW1, _, dW2, db2, _ = _relu_parts(theta, X, y)
    return _pack(dW1, db1, dW2, db2)


def _relu_db1_wrong_axis(theta, X, y):
    dW1, _, dW2, db2, dA = _relu_parts(theta, X, y)
    return _pack(dW1, dA.sum(axis=1), dW2, db2)


def _relu_db1_all(theta, X, y):
    dW1, _, dW2, db2, dA = _relu_parts(theta, X, y)
    return _pack(dW1, np.atleast_1d(dA.sum()), dW2, db2)


def _relu_dW2_from_X(theta, X, y):
    W1, b1, W2, b2 = _unpack(theta)
    H = np.maximum(X @ W1 + b1, 0)
    dz = ((expit((H @ W2 + b2)[:, 0]) - y) / len(y))[:, None]
    dW1, db1, _, db2, _ = _relu_parts(theta, X, y)
    return _pack(dW1, db1, X.T @ dz, db2)


def _relu_builtin_max(theta, X, y):
    """ReLU with Python's built-in max, which cannot compare an array with 0."""
    W1, b1, W2, b2 = _unpack(theta)
    A = X @ W1 + b1
    H = max(A, 0)
    dZ = ((expit((H @ W2 + b2)[:, 0]) - y) / len(y))[:, None]
    dA = (dZ @ W2.T) * (A > 0)
    return _pack(X.T @ dA, dA.sum(axis=0), H.T @ dZ, dZ.sum(axis=0))


def _relu_of_gradient(theta, X, y):
    """dA = np.maximum(dH, 0): ReLU applied to the gradient, not its slope."""
    W1, b1, W2, b2 = _unpack(theta)
    H = np.maximum(X @ W1 + b1, 0)
    dZ = ((expit((H @ W2 + b2)[:, 0]) - y) / len(y))[:, None]
    dA = np.maximum(dZ @ W2.T, 0)
    return _pack(X.T @ dA, dA.sum(axis=0), H.T @ dZ, dZ.sum(axis=0))


def _relu_kink_slope_one(theta, X, y):
    """ReLU's slope as A >= 0: 1 at the kink a = 0, where the course uses 0."""
    return _pack(*_relu_parts(theta, X, y, lambda A, H: A >= 0)[:4])


def _relu_kink_slope_half(theta, X, y):
    """np.heaviside(A, 0.5): slope 1/2 at the kink."""
    return _pack(*_relu_parts(theta, X, y, lambda A, H: np.heaviside(A, 0.5))[:4])


def _relu_tanh_forward(theta, X, y):
    """Section 3's backward pass, tanh forward and all, with ReLU's mask."""
    W1, b1, W2, b2 = _unpack(theta)
    A = X @ W1 + b1
    H = np.tanh(A)
    dZ = ((expit((H @ W2 + b2)[:, 0]) - y) / len(y))[:, None]
    dA = (dZ @ W2.T) * (A > 0)
    return _pack(X.T @ dA, dA.sum(axis=0), H.T @ dZ, dZ.sum(axis=0))


def _relu_dW2_from_A(theta, X, y):
    """dW2 from the pre-activations A instead of H = ReLU(A)."""
    W1, b1, W2, b2 = _unpack(theta)
    A = X @ W1 + b1
    dZ = ((expit((np.maximum(A, 0) @ W2 + b2)[:, 0]) - y) / len(y))[:, None]
    dW1, db1, _, db2, _ = _relu_parts(theta, X, y)
    return _pack(dW1, db1, A.T @ dZ, db2)


# ---------------------------------------------------------------- 13.3
def _moons(n, rng):
    y = (np.arange(n) % 2).astype(float)
    t = rng.uniform(0.0, np.pi, size=n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    X = np.where(y[:, None] == 1, [1.0, 0.5] - upper, upper)
    return X + 0.15 * rng.normal(size=(n, 2)), y


def _trained_relu(width, seed):
    """A ReLU network trained by full-batch descent with momentum on fresh moons."""
    rng = np.random.default_rng(seed)
    X, y = _moons(300, rng)
    theta0 = _pack(rng.normal(size=(2, width)) / np.sqrt(2), np.zeros(2 * width + 1))
    result = gradient_descent(
        lambda t: _backward_relu(t, X, y), theta0, lr=1.0, momentum=0.9, n_steps=800
    )
    return result.x


def _half_trained_relu(width, n_steps):
    """A ReLU network after a few steps: better than chance, not 96 %."""
    rng = np.random.default_rng(5)
    X, y = _moons(300, rng)
    theta0 = _pack(rng.normal(size=(2, width)) / np.sqrt(2), np.zeros(2 * width + 1))
    result = gradient_descent(
        lambda t: _backward_relu(t, X, y),
        theta0,
        lr=1.0,
        momentum=0.9,
        n_steps=n_steps,
    )
    return result.x


def _predict_builtin_max(theta, X):
    W1, b1, W2, b2 = _unpack(theta)
    return expit((max(X @ W1 + b1, 0) @ W2 + b2)[:, 0])


def _predict_whole_pair(theta, X):
    W1, b1, W2, b2 = _unpack(theta)
    H = np.maximum(X @ W1 + b1, 0)
    return expit(((H @ W2 + b2)[:, 0], H))


def _relu_logits(theta, X):
    W1, b1, W2, b2 = _unpack(theta)
    return (np.maximum(X @ W1 + b1, 0) @ W2 + b2)[:, 0]


def _predict(theta, X):
    return expit(_relu_logits(theta, X))


def _predict_no_return(theta, X):
    _predict(theta, X)


def _predict_column(theta, X):
    W1, b1, W2, b2 = _unpack(np.asarray(theta))
    return 1 / (1 + np.exp(-(np.maximum(X @ W1 + b1, 0) @ W2 + b2)))


def _predict_tanh(theta, X):
    W1, b1, W2, b2 = _unpack(theta)
    return expit((np.tanh(X @ W1 + b1) @ W2 + b2)[:, 0])


def _predict_other_layout(theta, X):
    h = (len(theta) - 1) // 4
    W1 = theta[: 2 * h].reshape(h, 2).T  # W1 read column by column
    b1, W2, b2 = theta[2 * h : 3 * h], theta[3 * h : 4 * h], theta[4 * h]
    return expit(np.maximum(X @ W1 + b1, 0) @ W2 + b2)


def _backward_tanh(theta, X, y):
    """Section 3's backward pass, for a network trained with it by mistake."""
    W1, b1, W2, b2 = _unpack(theta)
    H = np.tanh(X @ W1 + b1)
    dz = ((expit((H @ W2 + b2)[:, 0]) - y) / len(y))[:, None]
    dA = (dz @ W2.T) * (1 - H**2)
    return _pack(X.T @ dA, dA.sum(axis=0), H.T @ dz, dz.sum(axis=0))


def _trained(backward, theta0, seed):
    X, y = _moons(300, np.random.default_rng(seed))
    return gradient_descent(
        lambda t: backward(t, X, y), theta0, lr=1.0, momentum=0.9, n_steps=800
    ).x


_THETA_16 = _trained_relu(16, 1)
_THETA_TANH = _trained(
    _backward_tanh,
    _pack(np.random.default_rng(8).normal(size=(2, 16)) / np.sqrt(2), np.zeros(33)),
    4,
)
_THETA_SYMMETRIC = _trained(_backward_relu, np.full(65, 0.1), 6)  # equal units
_THETA_ZERO_TRAINED = np.append(np.zeros(64), 0.3)  # only b2 moved from 0
_THETA_8 = _trained_relu(8, 3)
_THETA_WEAK = _half_trained_relu(2, 30)
_THETA_SHORT = _half_trained_relu(16, 5)
_THETA_INIT = _pack(
    np.random.default_rng(8).normal(size=(2, 16)) / np.sqrt(2), np.zeros(33)
)


# ---------------------------------------------------------------- 13.4
def _bce(z, y, w):
    n = len(z)
    value = np.mean(w * y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z))
    return value, (w * y * (expit(z) - 1) + (1 - y) * expit(z)) / n


def _bce_log_expit(z, y, w):
    value = -np.mean(w * y * log_expit(z) + (1 - y) * log_expit(-z))
    return [value, list(_bce(z, y, w)[1])]


def _bce_by_hand(z, y, w):
    """softplus(z) = max(z, 0) + log1p(exp(-|z|)), which never overflows."""

    def softplus(t):
        return np.maximum(t, 0) + np.log1p(np.exp(-np.abs(t)))

    s = 1 / (1 + np.exp(-z))
    terms = w * y * softplus(-z) + (1 - y) * softplus(z)
    return terms.sum() / len(z), (w * y * (s - 1) + (1 - y) * s) / len(z)


def _bce_probability_form(z, y, w):
    p = expit(z)
    value = -np.mean(w * y * np.log(p) + (1 - y) * np.log(1 - p))
    return value, _bce(z, y, w)[1]


def _bce_exp_form(z, y, w):
    """softplus as log(1 + exp(z)): right until exp overflows, near z = 710."""
    value = np.mean(w * y * np.log(1 + np.exp(-z)) + (1 - y) * np.log(1 + np.exp(z)))
    return value, _bce(z, y, w)[1]


def _bce_clipped(z, y, w):
    p = np.clip(expit(z), 1e-15, 1 - 1e-15)
    value = -np.mean(w * y * np.log(p) + (1 - y) * np.log(1 - p))
    return value, _bce(z, y, w)[1]


def _bce_no_inner(z, y, w):
    """d softplus(-z)/dz taken as sigma(-z): the inner derivative -1 forgotten."""
    dz = (w * y * expit(-z) + (1 - y) * expit(z)) / len(z)
    return _bce(z, y, w)[0], dz


def _bce_weight_everywhere(z, y, w):
    return _bce(z, y, w)[0], w * (expit(z) - y) / len(z)


def _bce_swapped(z, y, w):
    value = np.mean(y * np.logaddexp(0, -z) + w * (1 - y) * np.logaddexp(0, z))
    dz = (y * (expit(z) - 1) + w * (1 - y) * expit(z)) / len(z)
    return value, dz


# ---------------------------------------------------------------- 13.5
_DEEP_SHAPES = [(2, 6), (6,), (6, 4), (4,), (4, 1), (1,)]


def _unpack_deep(theta):
    sizes = [int(np.prod(shape)) for shape in _DEEP_SHAPES]
    pieces = np.split(theta, np.cumsum(sizes)[:-1])
    return [p.reshape(s) for p, s in zip(pieces, _DEEP_SHAPES, strict=True)]


def _deep(
    theta,
    X,
    y,
    *,
    slope1=True,
    slope2=True,
    transpose1=False,
    transpose2=False,
    keep_b2=False,
):
    W1, b1, W2, b2, W3, b3 = _unpack_deep(theta)
    H1 = np.tanh(X @ W1 + b1)
    H2 = np.tanh(H1 @ W2 + b2)
    dZ = ((expit((H2 @ W3 + b3)[:, 0]) - y) / len(y))[:, None]
    dA2 = (dZ @ W3.T) * ((1 - H2**2) if slope2 else 1.0)
    dA1 = (dA2 @ W2.T) * ((1 - H1**2) if slope1 else 1.0)
    dW1 = dA1.T @ X if transpose1 else X.T @ dA1
    dW2 = dA2.T @ H1 if transpose2 else H1.T @ dA2
    db2 = dA2 if keep_b2 else dA2.sum(axis=0)
    return _pack(dW1, dA1.sum(axis=0), dW2, db2, H2.T @ dZ, dZ.sum(axis=0))


def _deep_dW2_from_X(theta, X, y):
    """dW2 = X.T @ dA2: the second layer's gradient built from the first's input."""
    W1, b1, W2, b2, W3, b3 = _unpack_deep(theta)
    H2 = np.tanh(np.tanh(X @ W1 + b1) @ W2 + b2)
    dz = ((expit((H2 @ W3 + b3)[:, 0]) - y) / len(y))[:, None]
    dA2 = (dz @ W3.T) * (1 - H2**2)
    dA1 = (dA2 @ W2.T) * (1 - np.tanh(X @ W1 + b1) ** 2)
    return _pack(X.T @ dA1, dA1.sum(0), X.T @ dA2, dA2.sum(0), H2.T @ dz, dz.sum(0))


def _deep_db2_wrong_axis(theta, X, y):
    W1, b1, W2, b2, W3, b3 = _unpack_deep(theta)
    H1 = np.tanh(X @ W1 + b1)
    H2 = np.tanh(H1 @ W2 + b2)
    dz = ((expit((H2 @ W3 + b3)[:, 0]) - y) / len(y))[:, None]
    dA2 = (dz @ W3.T) * (1 - H2**2)
    dA1 = (dA2 @ W2.T) * (1 - H1**2)
    return _pack(X.T @ dA1, dA1.sum(0), H1.T @ dA2, dA2.sum(1), H2.T @ dz, dz.sum(0))


def _deep_slope_of_H2_in_layer_1(theta, X, y):
    """1 - H2**2 where 1 - H1**2 belongs: a shape error, (n, 6) against (n, 4)."""
    W1, b1, W2, b2, W3, b3 = _unpack_deep(theta)
    H1 = np.tanh(X @ W1 + b1)
    H2 = np.tanh(H1 @ W2 + b2)
    dz = ((expit((H2 @ W3 + b3)[:, 0]) - y) / len(y))[:, None]
    dA2 = (dz @ W3.T) * (1 - H2**2)
    dA1 = (dA2 @ W2.T) * (1 - H2**2)
    return _pack(X.T @ dA1, dA1.sum(0), H1.T @ dA2, dA2.sum(0), H2.T @ dz, dz.sum(0))


def _deep_dH1_from_dH2(theta, X, y):
    """dH1 = dH2 @ W2.T: layer 2's slope used for W2 and b2, skipped for H1."""
    W1, b1, W2, b2, W3, b3 = _unpack_deep(theta)
    H1 = np.tanh(X @ W1 + b1)
    H2 = np.tanh(H1 @ W2 + b2)
    dz = ((expit((H2 @ W3 + b3)[:, 0]) - y) / len(y))[:, None]
    dH2 = dz @ W3.T
    dA2 = dH2 * (1 - H2**2)
    dA1 = (dH2 @ W2.T) * (1 - H1**2)
    return _pack(X.T @ dA1, dA1.sum(0), H1.T @ dA2, dA2.sum(0), H2.T @ dz, dz.sum(0))


def _deep_backward_order(theta, X, y):
    """The right gradients, packed as the backward pass finds them."""
    W1, b1, W2, b2, W3, b3 = _unpack_deep(theta)
    H1 = np.tanh(X @ W1 + b1)
    H2 = np.tanh(H1 @ W2 + b2)
    dZ = ((expit((H2 @ W3 + b3)[:, 0]) - y) / len(y))[:, None]
    dA2 = (dZ @ W3.T) * (1 - H2**2)
    dA1 = (dA2 @ W2.T) * (1 - H1**2)
    return _pack(H2.T @ dZ, dZ.sum(0), H1.T @ dA2, dA2.sum(0), X.T @ dA1, dA1.sum(0))


def _deep_by_layers(theta, X, y):
    """The same gradient with a loop over the layers, as a list."""
    params = _unpack_deep(theta)
    weights, biases = params[0::2], params[1::2]
    inputs = [X]
    for k, (W, b) in enumerate(zip(weights, biases, strict=True)):
        a = inputs[-1] @ W + b
        inputs.append(np.tanh(a) if k < 2 else a)
    d = ((expit(inputs[-1][:, 0]) - y) / len(y))[:, None]
    grads = []
    for k in (2, 1, 0):
        grads = [inputs[k].T @ d, d.sum(axis=0), *grads]
        if k:
            d = (d @ weights[k].T) * (1 - inputs[k] ** 2)
    return list(_pack(*grads))


def _deep_preactivation(theta, X, y):
    W1, b1, W2, b2, W3, b3 = _unpack_deep(theta)
    A1 = X @ W1 + b1
    A2 = np.tanh(A1) @ W2 + b2
    H2 = np.tanh(A2)
    dZ = ((expit((H2 @ W3 + b3)[:, 0]) - y) / len(y))[:, None]
    dA2 = (dZ @ W3.T) * (1 - A2**2)
    dA1 = (dA2 @ W2.T) * (1 - A1**2)
    H1 = np.tanh(A1)
    return _pack(X.T @ dA1, dA1.sum(0), H1.T @ dA2, dA2.sum(0), H2.T @ dZ, dZ.sum(0))


CASES = {
    "13.1": {
        "right": [_sgd, _sgd_shuffle_in_place, _sgd_reorder_both],
        "wrong": [
            *((_slip(name), words) for name, words in _LOOP_SLIPS),
            (sgd_momentum, "the course's copy of the loop"),
            (_sgd_no_return, "did you forget to return theta"),
            (_sgd_no_steps, "backward was never called"),
            (_sgd_transposed_rows, "it wants the batch's rows of X"),
            (_sgd_past_the_data, "a batch loop runs past the data"),
        ],
    },
    "13.2": {
        "right": [_backward_relu, _backward_relu_where, _backward_relu_heaviside],
        "wrong": [
            (
                lambda t, X, y: _pack(*_relu_parts(t, X, y, lambda A, H: 1 - H**2)[:4]),
                "tanh's slope",
            ),
            (
                lambda t, X, y: _pack(*_relu_parts(t, X, y, lambda A, H: 1.0)[:4]),
                "step through the activation is missing",
            ),
            (
                lambda t, X, y: _pack(*_relu_parts(t, X, y, lambda A, H: H)[:4]),
                "not by its slope",
            ),
            (
                lambda t, X, y: _pack(
                    _relu_parts(t, X, y)[0].T, *_relu_parts(t, X, y)[1:4]
                ),
                "dW1 is transposed",
            ),
            (lambda t, X, y: len(y) * _backward_relu(t, X, y), "1/n"),
            (_relu_unsummed_bias, "db1 keeps one row per example"),
            (_relu_mean_bias, "db1 is an average"),
            (_relu_dW2_from_A, "computed from A"),
            (_relu_builtin_max, "use np.maximum"),
            (_relu_dW1_from_dH, "dW1 was computed from dH"),
            (_relu_db1_from_dH, "db1 was summed from dH"),
            (_relu_db1_wrong_axis, "db1 has 7 numbers, one per example"),
            (_relu_db1_all, "db1 is one number instead of 5"),
            (_relu_dW2_from_X, "computed from X, but the input of the layer"),
            (_relu_tanh_forward, "forward pass is still tanh's"),
            (_relu_of_gradient, "ReLU was applied to the gradient"),
            (_relu_kink_slope_one, "at the kink a = 0 (the first point"),
            (_relu_kink_slope_half, "with slope 1/2"),
            (lambda t, X, y: list(_relu_parts(t, X, y)[:4]), "pack([dW1, db1"),
        ],
    },
    "13.3": {
        "right": [
            (_THETA_16, _predict),
            [_THETA_16.tolist(), _predict_column],
            (_THETA_8, _predict),
        ],
        "wrong": [
            ((_THETA_16, _predict_tanh), "tanh network"),
            ((_THETA_16, _relu_logits), "not the logits"),
            (
                (_THETA_16, lambda t, X: (_relu_logits(t, X) > 0).astype(float)),
                "labels 0 and 1",
            ),
            ((_THETA_16, _predict_other_layout), "layout of unpack"),
            ((_THETA_16[:-1], _predict), "4h + 1"),
            ((np.zeros(65), _predict), "still exactly zero"),
            ((_THETA_INIT, _predict), "untrained"),
            ((_THETA_WEAK, _predict), "with only 2 hidden units"),
            ((_THETA_8, _predict_whole_pair), "the whole pair that forward_relu"),
            ((_THETA_SHORT, _predict), "then train longer or wider"),
            ((_THETA_ZERO_TRAINED, _predict), "still exactly zero"),
            ((_THETA_SYMMETRIC, _predict), "copies of each other"),
            ((_THETA_TANH, _predict), "looks trained for tanh"),
            ((_THETA_16, _predict_builtin_max), "use np.maximum"),
            ((_THETA_16, _predict_no_return), "predict_relu returned None"),
            (_predict, "pair (theta_relu, predict_relu)"),
            (("theta", _predict), "1-D array of numbers"),
        ],
    },
    "13.4": {
        "right": [_bce, _bce_log_expit, _bce_by_hand],
        "wrong": [
            (_bce_probability_form, "the probability form, the log of sigma(z)"),
            (_bce_exp_form, "log(1 + exp(z)) overflows there"),
            (_bce_clipped, "clipping"),
            (lambda z, y, w: (_bce(z, y, w)[0], len(z) * _bce(z, y, w)[1]), "1/n"),
            (lambda z, y, w: (_bce(z, y, w)[0], -_bce(z, y, w)[1]), "sign"),
            (_bce_swapped, "class 0 instead of class 1"),
            (_bce_no_inner, "inner derivative -1"),
            (_bce_weight_everywhere, "class 0's too"),
            (
                lambda z, y, w: (_bce(z, y, w)[0], (expit(z) - y) / len(z)),
                "pos_weight is missing",
            ),
            (lambda z, y, w: (len(z) * _bce(z, y, w)[0], _bce(z, y, w)[1]), "a sum"),
            (lambda z, y, w: _bce(z, y, w)[0], "pair (loss, dz)"),
        ],
    },
    "13.5": {
        "right": [_deep, _deep_by_layers, lambda t, X, y: tuple(_deep(t, X, y))],
        "wrong": [
            (lambda t, X, y: _deep(t, X, y, slope1=False), "first hidden layer"),
            (lambda t, X, y: _deep(t, X, y, slope2=False), "second hidden layer"),
            (
                lambda t, X, y: _deep(t, X, y, slope1=False, slope2=False),
                "both hidden layers",
            ),
            (_deep_preactivation, "pre-activations"),
            (lambda t, X, y: _deep(t, X, y, transpose2=True), "dW2 is transposed"),
            (lambda t, X, y: _deep(t, X, y, transpose1=True), "dW1 is transposed"),
            (lambda t, X, y: _deep(t, X, y, keep_b2=True), "db2 keeps one row"),
            (lambda t, X, y: len(y) * _deep(t, X, y), "1/n"),
            (_deep_backward_order, "the pack order"),
            (lambda t, X, y: _deep(t, X, y)[None, :], "shape (51,)"),
            (_deep_dW2_from_X, "computed from X, but the input of the layer"),
            (_deep_db2_wrong_axis, "db2 has 5 numbers, one per example"),
            (_deep_dH1_from_dH2, "skips the second layer's slope"),
        ],
    },
}

# Answers whose own code raises: the check reports the error, with a hint on
# shapes and without the arrays the function was called with.
ERRORS = {
    "13.5": [(_deep_slope_of_H2_in_layer_1, "(5,4). Check the shapes")],
}
