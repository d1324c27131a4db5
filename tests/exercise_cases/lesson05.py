"""Right and plausible wrong answers for the checks of lesson 05.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import math

import numpy as np


# ---------------------------------------------------------------- 05.1
def _angle_loop(u, v):
    dot = sum(a * b for a, b in zip(u, v, strict=True))
    size_u = math.sqrt(sum(a * a for a in u))
    size_v = math.sqrt(sum(b * b for b in v))
    return math.degrees(math.acos(dot / (size_u * size_v)))


def _cosine(u, v):
    return u @ v / (np.linalg.norm(u) * np.linalg.norm(v))


def _angle_first_two(u, v):
    """Writes the dot product out for two entries only."""
    dot = u[0] * v[0] + u[1] * v[1]
    return np.degrees(np.arccos(dot / (np.linalg.norm(u) * np.linalg.norm(v))))


def _angle_first_two_entries(u, v):
    """The dot product and both lengths over the first two entries only."""
    a, b = u[:2], v[:2]
    return np.degrees(np.arccos(a @ b / (np.linalg.norm(a) * np.linalg.norm(b))))


def _angle_acos_brackets(u, v):
    """math.acos raises where np.arccos gives nan."""
    dot = sum(a * b for a, b in zip(u, v, strict=True))
    size_u = math.sqrt(sum(a * a for a in u))
    size_v = math.sqrt(sum(b * b for b in v))
    return math.degrees(math.acos(dot / size_u * size_v))


def _angle_lengths_added(u, v):
    return np.degrees(np.arccos(u @ v / (np.linalg.norm(u) + np.linalg.norm(v))))


def _angle_length_of_u_twice(u, v):
    return np.degrees(np.arccos(u @ v / (np.linalg.norm(u) * np.linalg.norm(u))))


def _angle_length_of_v_twice(u, v):
    """Gives nan where the cosine leaves -1..1 (the first pair)."""
    return np.degrees(np.arccos(u @ v / (np.linalg.norm(v) * np.linalg.norm(v))))


def _angle_length_of_v_twice_acos(u, v):
    """The same, with math.acos, which raises where np.arccos gives nan."""
    return math.degrees(math.acos(float(u @ v) / float(v @ v)))


def _notebook_cell(source, name):
    """Define a function as a notebook cell would, where only np was imported."""
    namespace = {"np": np}
    exec(source, namespace)
    return namespace[name]


# math.acos in a notebook where math was never imported.
_angle_math_not_imported = _notebook_cell(
    """
def angle_degrees(u, v):
    cosine = u @ v / (np.linalg.norm(u) * np.linalg.norm(v))
    return np.degrees(math.acos(cosine))
""",
    "angle_degrees",
)

# norm written on its own, as if from numpy.linalg import norm had run.
_angle_norm_not_imported = _notebook_cell(
    """
def angle_degrees(u, v):
    return np.degrees(np.arccos(u @ v / (norm(u) * norm(v))))
""",
    "angle_degrees",
)


def _angle_no_return(u, v):
    """The angle is computed, but never returned."""
    cosine = u @ v / (np.linalg.norm(u) * np.linalg.norm(v))
    np.degrees(np.arccos(cosine))


def _angle_xor(u, v):
    """^ written for a power."""
    size_u = np.sqrt(np.sum(u ^ 2))
    size_v = np.sqrt(np.sum(v ^ 2))
    return np.degrees(np.arccos(u @ v / (size_u * size_v)))


# ---------------------------------------------------------------- 05.2
def _matvec_loops(A, x):
    result = []
    for i in range(A.shape[0]):
        total = 0.0
        for j in range(A.shape[1]):
            total = total + A[i, j] * x[j]
        result.append(total)
    return result


def _matvec_rows(A, x):
    return np.array([np.sum(row * x) for row in A])


def _matvec_one_row_too_many(A, x):
    """Loops over one row more than A has."""
    result = np.zeros(len(A) + 1)
    for i in range(len(A) + 1):
        result[i] = A[i] @ x
    return result


def _matvec_swapped_loops(A, x):
    """Loops over len(x) rows: mixes up the number of rows and of columns."""
    result = np.zeros(len(x))
    for i in range(len(x)):
        for j in range(len(x)):
            result[i] += A[i, j] * x[j]
    return result


def _matvec_not_reset(A, x):
    result = []
    total = 0.0
    for i in range(A.shape[0]):
        for j in range(A.shape[1]):
            total += A[i, j] * x[j]
        result.append(total)
    return result


def _matvec_replaced(A, x):
    result = np.zeros(A.shape[0])
    for i in range(A.shape[0]):
        for j in range(A.shape[1]):
            result[i] = A[i, j] * x[j]
    return result


def _matvec_transposed_index(A, x):
    result = np.zeros(A.shape[0])
    for i in range(A.shape[0]):
        for j in range(A.shape[1]):
            result[i] += A[j, i] * x[j]
    return result


def _matvec_row_index(A, x):
    result = np.zeros(A.shape[0])
    for i in range(A.shape[0]):
        for j in range(A.shape[1]):
            result[i] = result[i] + A[i, j] * x[i]
    return result


def _matvec_one_short(A, x):
    return np.array([A[i] @ x for i in range(A.shape[0] - 1)])


# The stub of the notebook, completed in the ways a learner might get wrong.
def _matvec_plus(A, x):
    result = np.zeros(A.shape[0])
    for i in range(A.shape[0]):
        total = 0.0
        for j in range(A.shape[1]):
            total = total + A[i, j] + x[j]
        result[i] = total
    return result


def _matvec_inner_over_rows(A, x):
    result = np.zeros(A.shape[0])
    for i in range(A.shape[0]):
        total = 0.0
        for j in range(A.shape[0]):
            total = total + A[i, j] * x[j]
        result[i] = total
    return result


def _matvec_from_one(A, x):
    """Counts j from 1 to n, as the sum does."""
    result = np.zeros(A.shape[0])
    for i in range(A.shape[0]):
        total = 0.0
        for j in range(1, A.shape[1] + 1):
            total = total + A[i, j] * x[j]
        result[i] = total
    return result


def _matvec_inner_from_one(A, x):
    """Reads the sum from j = 1 too literally: range(1, n) skips column 0."""
    result = np.zeros(A.shape[0])
    for i in range(A.shape[0]):
        total = 0.0
        for j in range(1, A.shape[1]):
            total = total + A[i, j] * x[j]
        result[i] = total
    return result


def _matvec_return_in_loop(A, x):
    """return indented inside the loop over the rows: only row 0 is filled."""
    result = np.zeros(A.shape[0])
    for i in range(A.shape[0]):
        total = 0.0
        for j in range(A.shape[1]):
            total = total + A[i, j] * x[j]
        result[i] = total
        return result


def _matvec_return_in_inner_loop(A, x):
    """return (and the store) indented inside the loop over j."""
    result = np.zeros(A.shape[0])
    for i in range(A.shape[0]):
        total = 0.0
        for j in range(A.shape[1]):
            total = total + A[i, j] * x[j]
            result[i] = total
            return result
    return result


def _matvec_sum_discarded(A, x):
    """total + ... on its own: the value is worked out and thrown away."""
    result = np.zeros(A.shape[0])
    for i in range(A.shape[0]):
        total = 0.0
        for j in range(A.shape[1]):
            total + A[i, j] * x[j]
        result[i] = total
    return result


def _matvec_whole_row(A, x):
    result = np.zeros(A.shape[0])
    for i in range(A.shape[0]):
        total = 0.0
        total = A[i] * x
        result[i] = total
    return result


# ---------------------------------------------------------------- 05.3
def _error_times_features_loop(X, w, y):
    n, d = X.shape
    r = X @ w - y
    g = np.zeros(d)
    for j in range(d):
        for i in range(n):
            g[j] += X[i, j] * r[i]
    return g / n


# ---------------------------------------------------------------- 05.4
def _top(A):
    return np.linalg.eigh(A)[1][:, -1]


def _top_unpacked_wrong_way(A):
    vectors, values = np.linalg.eigh(A)
    return vectors[:, np.argmax(values)]


def _top_not_unpacked(A):
    V = np.linalg.eigh(A)
    return V[:, -1]


def _top_by_power_iteration(A):
    """Equal to eigh's column up to rounding in the last digits."""
    u = np.ones(A.shape[0])
    for _ in range(500):
        u = A @ u
        u = u / np.linalg.norm(u)
    return u


def _top_by_argmax(A):
    values, vectors = np.linalg.eig(A)
    u = np.real(vectors[:, np.argmax(np.real(values))])
    return u / np.linalg.norm(u)


CASES = {
    "05.1": {
        "right": [
            lambda u, v: np.degrees(np.arccos(_cosine(u, v))),
            lambda u, v: (
                np.arccos(np.sum(u * v) / np.sqrt(np.sum(u**2) * np.sum(v**2)))
                * 180
                / np.pi
            ),
            _angle_loop,
            lambda u, v: np.degrees(np.arccos(np.clip(_cosine(u, v), -1, 1))),
            lambda u, v: float(
                np.degrees(
                    np.arccos(np.dot(u, v) / np.linalg.norm(u) / np.linalg.norm(v))
                )
            ),
        ],
        "wrong": [
            (lambda u, v: np.arccos(_cosine(u, v)), "radians"),
            (lambda u, v: _cosine(u, v), "cosine of the angle, not the angle"),
            (
                lambda u, v: np.degrees(_cosine(u, v)),
                "np.degrees was applied to the cosine",
            ),
            (
                lambda u, v: np.degrees(
                    np.arccos(u @ v / (np.sum(u**2) * np.sum(v**2)))
                ),
                "not square-rooted",
            ),
            (lambda u, v: np.degrees(np.arcsin(_cosine(u, v))), "np.arcsin"),
            (
                lambda u, v: np.degrees(
                    np.arccos(u * v / (np.linalg.norm(u) * np.linalg.norm(v)))
                ),
                "entry by entry",
            ),
            (
                lambda u, v: np.degrees(np.arccos(-_cosine(u, v))),
                "180 degrees minus the angle",
            ),
            (
                lambda u, v: np.degrees(np.arccos(u @ v)),
                "the value passed to np.arccos was outside -1..1",
            ),
            (
                lambda u, v: np.degrees(
                    np.arccos(u @ v / np.linalg.norm(u) * np.linalg.norm(v))
                ),
                "check the brackets",
            ),
            (
                lambda u, v: np.degrees(
                    np.arccos(
                        np.clip(u @ v / np.linalg.norm(u) * np.linalg.norm(v), -1, 1)
                    )
                ),
                "put the product of the lengths in parentheses",
            ),
            (_angle_acos_brackets, "not divided by both lengths"),
            (
                lambda u, v: np.degrees(np.cos(_cosine(u, v))),
                "np.cos was applied to the cosine",
            ),
            (
                lambda u, v: np.arccos(_cosine(u, v)) * np.pi / 180,
                "converted the wrong way",
            ),
            (_angle_first_two, "must run over all n entries"),
            (_angle_first_two_entries, "the lengths use only the first two entries"),
            (_angle_lengths_added, "the two lengths were added"),
            (_angle_length_of_u_twice, "the same length was used twice"),
            (_angle_length_of_v_twice, "the same length was used twice"),
            (_angle_length_of_v_twice_acos, "norm(v) * norm(v)"),
            (_angle_no_return, "did you forget a `return`?"),
            (_angle_xor, "`^` is not a power"),
            (
                lambda u, v: np.degrees(
                    np.arccos(abs(u @ v) / (np.linalg.norm(u) * np.linalg.norm(v)))
                ),
                "the sign of the dot product was dropped",
            ),
            (_angle_math_not_imported, "has to be imported (import math"),
            (_angle_math_not_imported, "np.arccos works on NumPy numbers"),
            (_angle_norm_not_imported, "reached through np."),
            (
                lambda u, v: round(float(np.degrees(np.arccos(_cosine(u, v)))), 2),
                "Round less",
            ),
            (
                lambda u, v: round(float(np.degrees(np.arccos(_cosine(u, v))))),
                "Round less",
            ),
            (lambda u, v: 10**400, "too large to be a floating-point number"),
        ],
    },
    "05.2": {
        "right": [
            _matvec_loops,
            _matvec_rows,
            lambda A, x: A @ x,
            lambda A, x: x @ A.T,
            lambda A, x: np.sum(A * x, axis=1),
        ],
        "wrong": [
            (lambda A, x: x @ A, "rows and columns are swapped (as in x @ A"),
            (lambda A, x: A * x, "entry by entry"),
            (lambda A, x: np.sum(A * x, axis=0), "down the columns"),
            (_matvec_swapped_loops, "IndexError"),
            (_matvec_not_reset, "not set back to 0"),
            (_matvec_replaced, "last product"),
            (lambda A, x: A[:, 0] * x[0], "only the first product of its row"),
            (_matvec_transposed_index, "rows and columns are swapped"),
            (_matvec_one_short, "one row short"),
            (_matvec_row_index, "x[i], the index of the row"),
            (lambda A, x: np.sum(A * x), "single number"),
            (_matvec_plus, "+ is used where * belongs"),
            (_matvec_inner_over_rows, "stops after 2 terms, the number of rows"),
            (_matvec_from_one, "numbered 0 to 2"),
            (_matvec_whole_row, "total must be one number"),
            (_matvec_inner_from_one, "starts at j = 1"),
            (_matvec_inner_from_one, "Python counts from 0"),
            (_matvec_return_in_loop, "returned after the first row"),
            (_matvec_return_in_loop, "indented inside the loop"),
            (_matvec_return_in_inner_loop, "very first pass of the loop over j"),
            (_matvec_sum_discarded, "throws it away"),
            (_matvec_one_row_too_many, "past the end of an axis of 3 entries"),
            (
                lambda A, x: np.array([A[i] @ x[: len(A)] for i in range(len(A))]),
                "pairs row i of A with x",
            ),
        ],
    },
    "05.3": {
        "right": [
            lambda X, w, y: X.T @ (X @ w - y) / len(y),
            lambda X, w, y: (X @ w - y) @ X / X.shape[0],
            lambda X, w, y: np.mean((X @ w - y)[:, None] * X, axis=0),
            _error_times_features_loop,
            lambda X, w, y: list(X.T @ (X @ w - y) / len(X)),
        ],
        "wrong": [
            (lambda X, w, y: X @ (X @ w - y) / len(y), "shape error"),
            (lambda X, w, y: X @ (X @ w - y) / len(y), "transpose has"),
            (
                lambda X, w, y: X.T @ (X * w - y) / len(y),
                "a matrix times a vector is written with @",
            ),
            (lambda X, w, y: X.T @ (X * w - y) / len(y), "not from a matrix product"),
            (lambda X, w, y: X.T @ (X @ w - y), "1/n is missing"),
            (lambda X, w, y: X.T @ (y - X @ w) / len(y), "target minus prediction"),
            (lambda X, w, y: X.T @ (X @ w - y) / X.shape[1], "number of features d"),
            (lambda X, w, y: X.T * (X @ w - y) / len(y), "entry by entry"),
            (lambda X, w, y: np.mean(X.T * (X @ w - y)), "one number"),
            (
                lambda X, w, y: np.mean(X.T * (X @ w - y), axis=0),
                "one number per example",
            ),
            (lambda X, w, y: X.T @ (X @ w) / len(y), "y was never subtracted"),
            (
                lambda X, w, y: np.mean(X, axis=0) * np.mean(X @ w - y),
                "product of two averages",
            ),
            (lambda X, w, y: 2 * X.T @ (X @ w - y) / len(y), "twice"),
            (
                lambda X, w, y: X.T @ (w @ X - y) / len(y),
                "one prediction per example",
            ),
            (
                lambda X, w, y: (X.T @ w - y) @ X / len(y),
                "in the predictions",
            ),
            (
                lambda X, w, y: X.T @ (X @ w - y) ** 2 / len(y),
                "not feature times squared error",
            ),
        ],
    },
    "05.4": {
        "right": [
            _top,
            lambda A: -_top(A),
            _top_by_argmax,
            _top_by_power_iteration,
            lambda A: np.round(_top(A), 8),
            lambda A: _top(A) * (1 + 1e-9) + 1e-10,
            lambda A: list(np.linalg.eigh(A)[1][:, A.shape[0] - 1]),
        ],
        "wrong": [
            (lambda A: np.linalg.eigh(A)[0][-1], "largest stretch factor"),
            (lambda A: np.linalg.eigh(A)[0], "eigenvalues"),
            (lambda A: np.linalg.eigh(A)[1], "one of its columns"),
            (lambda A: np.linalg.eigh(A)[1][-1], "the eigenvectors are its columns"),
            (lambda A: np.linalg.eigh(A)[1][:, 0], "stretches least"),
            (lambda A: np.linalg.eigh(A)[1][:, 1], "not the one it stretches most"),
            (lambda A: 3 * _top(A), "not a unit vector"),
            (lambda A: 3 * _top(A), "on the check's own 2 x 2 test matrix"),
            (lambda A: A @ _top(A), "not a unit vector"),
            (lambda A: np.linalg.eigh(A), "pair"),
            (lambda A: np.ones(A.shape[0]), "not parallel"),
            (_top_unpacked_wrong_way, "the eigenvalues first, then the matrix"),
            (_top_not_unpacked, "returns a pair, the eigenvalues first"),
            (_top_not_unpacked, "Unpack the pair into two names"),
            (lambda A: np.round(_top(A), 4), "It looks rounded"),
            (lambda A: np.round(_top(A), 2), "Round less"),
            (lambda A: np.linalg.eigh(A)[0][0], "a direction is a vector of 2"),
            (lambda A: np.zeros(A.shape[0]), "the zero vector"),
        ],
    },
}

ERRORS = {
    "05.1": [
        (
            lambda u, v: np.degrees(arcos(_cosine(u, v))),  # noqa: F821
            "NameError: name 'arcos' is not defined",
        ),
    ],
}
