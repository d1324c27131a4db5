"""Checks for lesson 05, Vectors and matrices.

Each check builds its own test data with a fixed seed, in several shapes (never
only square matrices, and never vectors where a mistake happens to give the
right value), and compares the answer with an independent calculation: an
angle from the projection of one vector on the other, NumPy's product where
the exercise asks for the product written by hand, a property that defines the
answer (a sum over examples is linear in the weights), and matrices built from
chosen directions and stretch factors where the exercise asks for an
eigenvector.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._core import Incorrect, LearnerError, exercise
from ._feedback import as_function, as_number, as_numbers, call, compare, shape_of

_SHAPE_WORDS = ("shape", "align", "matmul", "broadcast", "dimension", "mismatch")


def _is_shape_error(error: LearnerError) -> bool:
    """True if the learner's function raised a ValueError about shapes."""
    cause = error.__cause__
    return isinstance(cause, ValueError) and any(
        word in str(cause).lower() for word in _SHAPE_WORDS
    )


def _values(fn: Any, name: str, cases: list[tuple[Any, ...]]) -> list[Any]:
    """Call ``fn`` on copies of each case; an exception becomes its LearnerError."""
    results = []
    for args in cases:
        try:
            results.append(call(fn, *(np.array(a) for a in args), name=name))
        except LearnerError as error:
            results.append(error)
    return results


# ---------------------------------------------------------------- 05.1
def _angle_pairs() -> list[tuple[NDArray[np.float64], NDArray[np.float64]]]:
    rng = np.random.default_rng(51)
    pairs = []
    for n in (2, 3, 5, 4):  # lengths from 1.5 to 3, in random directions
        directions = rng.normal(size=(2, n))
        pairs.append(
            tuple(rng.uniform(1.5, 3.0) * w / np.linalg.norm(w) for w in directions)
        )
    pairs.append((np.array([2.0, 1.0]), np.array([-1.0, 2.0])))  # perpendicular
    pairs.append((np.array([1.0, 2.0, 2.0]), np.array([-2.0, -1.0, 0.5])))  # obtuse
    return pairs


def _projection_angle(u: NDArray[np.float64], v: NDArray[np.float64]) -> float:
    """The angle in degrees, from the parts of v along u and across u."""
    along = np.sum(u * v) / np.sqrt(np.sum(u**2))
    across = np.sqrt(max(np.sum(v**2) - along**2, 0.0))
    return float(np.degrees(np.arctan2(across, along)))


def _arccos(cosines: Any, clip: bool = True) -> NDArray[np.float64]:
    """np.arccos in degrees; outside -1..1 that of the nearest end, or nan if not clip."""
    c = np.asarray(cosines, dtype=float)
    angles = np.degrees(np.arccos(np.clip(c, -1, 1)))
    return angles if clip else np.where(np.abs(c) <= 1, angles, np.nan)


def _number(value: Any) -> float | None:
    """``value`` as a float if it is one number (nan included), else None."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        return None
    return float(arr.reshape(())) if arr.size == 1 else None


def _domain_error(value: Any) -> bool:
    """True if ``value`` is the error math.acos raises outside -1..1."""
    cause = value.__cause__ if isinstance(value, LearnerError) else None
    return isinstance(cause, ValueError) and "math domain" in str(cause)


def _matches(value: Any, angle: float) -> bool:
    """True if ``value`` is ``angle``; a nan angle may also be math.acos's error."""
    number = _number(value)
    if np.isnan(angle):
        return _domain_error(value) or (number is not None and np.isnan(number))
    return number is not None and bool(np.isclose(number, angle, rtol=1e-6, atol=1e-6))


def _wrong_lengths(
    values: list[Any], dots: NDArray[np.float64], sizes: NDArray[np.float64]
) -> str | None:
    """Name lengths combined the wrong way (added, or one length used twice)."""
    if all(map(_matches, values, _arccos(dots / sizes.sum(axis=1), clip=False))):
        return (
            "the two lengths were added (norm(u) + norm(v)): an angle does not "
            "change when a vector is made longer, yet doubling u doubles u @ v "
            "and does not double a sum of the lengths, so this value changes. "
            "Whatever the dot product is divided by has to grow in step with "
            "each vector."
        )
    for size, name in enumerate("uv"):
        if all(map(_matches, values, _arccos(dots / sizes[:, size] ** 2, clip=False))):
            return (
                f"the same length was used twice (the length of {name} times "
                f"itself, as in norm({name}) * norm({name})): an angle does not "
                "change when a vector is made longer, yet making the other vector "
                "longer changes this value. Each of the two vectors brings its own "
                "length."
            )
    return None


def _name_error(cause: NameError) -> str | None:
    """Explain a name the learner used without importing or qualifying it."""
    name = cause.name  # set by Python (3.10 on) for a name that is not defined
    if name == "math":
        return (
            f"angle_degrees raised NameError ({cause}): math.acos belongs to the "
            "math module, which has to be imported (import math, in a cell that "
            "has run) before math. can be used. Or stay with NumPy, already "
            "imported as np: np.arccos works on NumPy numbers too."
        )
    if name in ("arccos", "acos", "degrees", "norm", "sqrt", "dot"):
        return (
            f"angle_degrees raised NameError ({cause}): {name} on its own is not "
            "defined; a function of NumPy is reached through np. (np.linalg. for "
            "norm), one of the math module through math. after import math."
        )
    return None


@exercise("05.1")
def _angle(answer: Any) -> str:
    angle_degrees = as_function(answer, "angle_degrees")
    pairs = _angle_pairs()
    values = _values(angle_degrees, "angle_degrees", pairs)
    whats = [f"angle_degrees(u, v) for vectors of {len(u)} entries" for u, _ in pairs]
    dots = np.array([np.sum(u * v) for u, v in pairs])
    sizes = np.array([(np.linalg.norm(u), np.linalg.norm(v)) for u, v in pairs])
    # Before the nan: np.asarray(None, dtype=float) is nan, so a forgotten
    # return would otherwise be read as an arccos outside -1..1.
    if any(value is None for value in values):
        raise Incorrect(
            "angle_degrees(u, v) is None: did you forget a `return`? A function "
            "that only computes a value gives None back."
        )
    # Lengths combined the wrong way can give a nan, or math.acos an error, on
    # some pairs: named before the nan, whose message is about brackets.
    lengths = _wrong_lengths(values, dots, sizes)
    if lengths is not None:
        raise Incorrect(f"angle_degrees is not right: it looks like {lengths}")
    # A nan anywhere is named first: these pairs are well-conditioned, so a nan
    # comes from np.arccos of a value outside -1..1 (math.acos raises instead).
    for what, value, dot, (a, b) in zip(whats, values, dots, sizes, strict=True):
        number = _number(value)
        if _domain_error(value):
            found = f"{what} raised ValueError: math domain error"
        elif number is not None and np.isnan(number):
            found = f"{what} is nan"
        else:
            continue
        # the dot product not divided at all, by one length only, or by one
        # length and then multiplied by the other
        if any(abs(c) > 1 for c in (dot, dot / a, dot / b, dot / a * b)):
            raise Incorrect(
                f"{found}: the value passed to np.arccos was outside -1..1, where no "
                "angle has that cosine (np.arccos gives nan there, math.acos an "
                "error). That happens when the dot product is not divided by both "
                "lengths: check the brackets, since u @ v / a * b divides by a and "
                "then multiplies by b."
            )
        raise Incorrect(
            f"{found}, for vectors of nonzero length: the arccos of a value outside "
            "-1..1 has no answer, and 0/0 or the square root of a negative number "
            "has none either."
        )
    got = []
    for what, (u, _v), value in zip(whats, pairs, values, strict=True):
        if isinstance(value, LearnerError):
            cause = value.__cause__
            named = _name_error(cause) if isinstance(cause, NameError) else None
            if named is not None:
                raise Incorrect(named) from cause
            raise value
        if shape_of(value) == u.shape:
            raise Incorrect(
                f"{what} returned {len(u)} numbers instead of one: u * v multiplies "
                "entry by entry, and the dot product then adds those products up."
            )
        got.append(as_number(value, what))
    theta = np.array([_projection_angle(u, v) for u, v in pairs])
    cosine = np.cos(np.radians(theta))
    # Only the first two products u[0] v[0] + u[1] v[1], with the full lengths,
    # or with the lengths of the first two entries too.
    first_dots = np.array([u[:2] @ v[:2] for u, v in pairs])
    first_sizes = np.array(
        [np.linalg.norm(u[:2]) * np.linalg.norm(v[:2]) for u, v in pairs]
    )
    error = float(np.max(np.abs(np.array(got) - theta)))
    if not np.allclose(got, theta, rtol=1e-6, atol=1e-6) and error <= 0.5:
        raise Incorrect(
            f"angle_degrees is close, but off by up to {error:.2g} degrees: it looks "
            "rounded, the angle or a number on the way to it. Round less, or not at "
            "all: the check compares the full value."
        )
    compare(
        got,
        theta,
        what="angle_degrees",
        rtol=1e-6,
        atol=1e-6,
        mistakes={
            "the angle in radians: np.arccos answers in radians, and the question "
            "asks for degrees": np.radians(theta),
            "the cosine of the angle, not the angle: one more step turns a cosine "
            "into its angle": cosine,
            "np.degrees was applied to the cosine itself: a cosine is not an angle, "
            "it has to go through np.arccos first": np.degrees(cosine),
            "the lengths were not square-rooted: a length is the square root of the "
            "sum of squares": _arccos(dots / np.prod(sizes, axis=1) ** 2),
            "np.arcsin was used: the dot product gives the cosine of the angle, so "
            "its inverse is np.arccos": np.degrees(np.arcsin(cosine)),
            "the sign of the dot product was dropped (abs): an obtuse angle, over "
            "90 degrees, has a negative dot product and a negative cosine": _arccos(
                np.abs(cosine)
            ),
            "180 degrees minus the angle: a sign has slipped into the dot product": (
                180.0 - theta
            ),
            "np.cos was applied to the cosine, where np.arccos belongs: np.cos turns "
            "an angle into its cosine, and the angle has to come back from the "
            "cosine, the other way": np.degrees(np.cos(cosine)),
            "the angle was converted the wrong way: * np.pi / 180 turns degrees "
            "into radians, but np.arccos already answers in radians": np.radians(
                np.radians(theta)
            ),
            "the dot product was divided by the length of u and then multiplied by "
            "the length of v: put the product of the lengths in parentheses": (
                _arccos(dots / sizes[:, 0] * sizes[:, 1])
            ),
            "the dot product adds only the first two products, u[0] * v[0] + "
            "u[1] * v[1]: it must run over all n entries, whatever the length of "
            "the vectors (here up to 5)": _arccos(first_dots / np.prod(sizes, axis=1)),
            "the dot product and the lengths use only the first two entries: they "
            "must run over all n entries, whatever the length of the vectors (here "
            "up to 5)": _arccos(first_dots / first_sizes),
        },
    )
    return (
        "right for vectors of 2 to 5 entries, acute, obtuse and perpendicular "
        "(90 degrees, where the dot product is 0)."
    )


# ---------------------------------------------------------------- 05.2
def _matvec_cases() -> list[tuple[NDArray[np.float64], NDArray[np.float64]]]:
    rng = np.random.default_rng(52)
    # A square matrix first, where a mix-up of rows and columns gives a result
    # of the right shape, so the values can name it; then shapes where it cannot.
    shapes = ((3, 3), (2, 3), (4, 2), (1, 3), (2, 2))
    return [(rng.normal(size=s), rng.normal(size=s[1])) for s in shapes]


_OUT_OF_BOUNDS = re.compile(
    r"index (-?\d+) is out of bounds for axis (\d+) with size (\d+)"
)


def _matvec_index_error(what: str, m: int, n: int, cause: IndexError) -> Incorrect:
    """Name the index that ran past the end of A (m x n) or of x (n entries).

    The earlier shapes passed, so a loop that runs over the other count shows
    here; on a square matrix only a count one too high (Python counts from 0,
    the sum from 1) runs past the end.
    """
    found = f"{what} raised IndexError ({cause})"
    match = _OUT_OF_BOUNDS.search(str(cause))
    if match is None or int(match.group(1)) < 0:
        return Incorrect(
            f"{found}: an index ran past the end. A has {m} rows (len(A), "
            f"A.shape[0]) and {n} columns (A.shape[1], len(x)): either a loop runs "
            "over the wrong count, or the two indices are swapped (A[i, j] is row "
            "i, column j)."
        )
    index, axis, size = (int(g) for g in match.groups())
    # A[i, j] past the columns is axis 1; x[j], or row[j] of A[i][j], is axis 0
    # of an array of n entries. Past the rows is axis 0 of A, with m entries.
    if (axis == 1 and size == n) or (axis == 0 and size == n and m != n):
        if m > n:
            return Incorrect(
                f"{found}: the column index j went up to {index}, but a row of A "
                f"has only {n} entries, one per entry of x. The loop along a row "
                "runs over a larger count than the number of columns, such as the "
                f"number of rows ({m}, A.shape[0] or len(A))."
            )
        return Incorrect(
            f"{found}: the column index j reached {index}, one past the last "
            f"column: A has {n} columns, numbered 0 to {n - 1}. Python counts from "
            "0, and range stops before its end, where the sum over j counts from 1."
        )
    if axis == 0 and size == m and m != n:
        if m < n:
            return Incorrect(
                f"{found}: the row index i went up to {index}, but A has only {m} "
                f"rows. A loop over the rows runs over the number of columns ({n}, "
                "A.shape[1] or len(x)) instead of the number of rows."
            )
        return Incorrect(
            f"{found}: the row index i reached {index}, one past the last row: A "
            f"has {m} rows, numbered 0 to {m - 1}. Python counts from 0, and range "
            "stops before its end."
        )
    return Incorrect(
        f"{found}: index {index} is past the end of an axis of {size} entries, "
        f"numbered 0 to {size - 1}. A has {m} rows and {n} columns: a loop runs "
        "over the wrong count, or one too far (Python counts from 0, and range "
        "stops before its end, where the sum over j counts from 1)."
    )


@exercise("05.2")
def _matvec(answer: Any) -> str:
    matvec = as_function(answer, "matvec")
    cases = _matvec_cases()
    values = _values(matvec, "matvec", cases)
    for (A, x), value in zip(cases, values, strict=True):
        m, n = A.shape
        what = f"matvec(A, x) with A of shape ({m}, {n}) and x of shape ({n},)"
        if isinstance(value, LearnerError):
            cause = value.__cause__
            if isinstance(cause, IndexError):
                raise _matvec_index_error(what, m, n, cause) from cause
            if isinstance(cause, ValueError) and "with a sequence" in str(cause):
                raise Incorrect(
                    f"{what} raised ValueError ({cause}): total held a whole array, "
                    "as A[i] * x does (every product of row i, one per column), and "
                    "result[i] has room for one number. total must be one number: "
                    "the products of a row have to be added up."
                ) from cause
            if _is_shape_error(value):
                raise Incorrect(
                    f"{what} raised a shape error (ValueError: {cause}). "
                    "Entry i of A x pairs row i of A with x: "
                    f"both have {n} numbers."
                ) from cause
            raise value
        shape = shape_of(value)
        if shape == (m, n):
            raise Incorrect(
                f"{what} has shape ({m}, {n}): A * x multiplies each row by x entry "
                "by entry, but each entry of A x also adds those products (the sum "
                "over j)."
            )
        if shape == (n,) and m != n:
            raise Incorrect(
                f"{what} has shape ({n},), one number per column: A x has one entry "
                "per row, the sum along that row. This sum ran down the columns."
            )
        if shape == (m - 1,):
            raise Incorrect(
                f"{what} has {m - 1} entries instead of {m}: the loop stops one row "
                "short (range(m) already stops before m)."
            )
        if shape == ():
            raise Incorrect(
                f"{what} is a single number: A x has one entry per row of A, here {m}."
            )
        got = as_numbers(value, what, (m,))
        exact = A @ x
        if m > 1 and not np.any(got):
            raise Incorrect(
                f"{what} is all zeros, as np.zeros left it: nothing reached result. "
                "A sum written on a line of its own, with no name to store it in, "
                "works out a value and throws it away: total only changes where "
                "it is assigned. Or the function returned before any row was "
                "stored."
            )
        if m > 1 and not np.any(got[1:]) and np.isclose(got[0], exact[0]):
            raise Incorrect(
                f"{what} has the right first entry, and 0 in every entry after it, "
                "as np.zeros left them: the function returned after the first row. "
                "A return indented inside the loop over the rows ends the function "
                "on the loop's first pass, before the other rows are filled."
            )
        if m > 1 and not np.any(got[1:]) and np.isclose(got[0], A[0, 0] * x[0]):
            raise Incorrect(
                f"{what} holds one product in its first entry, and 0 in every "
                "entry after it: the function returned on the very first pass of "
                "the loop over j. A return indented inside the loops ends the "
                "function there, before the other terms and rows."
            )
        mistakes = {
            "the running total was not set back to 0 for each row, so each entry "
            "also holds the rows before it": np.cumsum(exact),
            "each entry keeps only the last product of its row: the total has to "
            "add each product (total = total + ...), not replace it": A[:, -1] * x[-1],
            "each entry keeps only the first product of its row: the loop along "
            "the row ends too early": A[:, 0] * x[0],
            "the loop along each row starts at j = 1, as range(1, ...) does, so "
            "the first column of A and the first entry of x are skipped: the sum "
            "counts j from 1, but Python counts from 0, and the first column is "
            "number 0": A[:, 1:] @ x[1:],
            "each term adds an entry of A and an entry of x (A[i, j] + x[j]): the "
            "terms of the sum over j are products, + is used where * belongs": (
                A.sum(axis=1) + x.sum()
            ),
        }
        if m < n:  # a loop along the row over m (the rows) stops short of n
            mistakes[
                f"the loop along each row stops after {m} terms, the number of rows "
                f"(A.shape[0], len(A)): a row of A has {n} entries, one per column "
                "and per entry of x, and the sum runs over all of them"
            ] = A[:, :m] @ x[:m]
        if m <= n:  # x[i] exists for every row i
            mistakes[
                "each product uses x[i], the index of the row, where x[j] belongs: "
                "x pairs with the columns of A"
            ] = A.sum(axis=1) * x[:m]
        if m == n:  # only here does the transpose give a result of the right shape
            mistakes[
                "rows and columns are swapped (as in x @ A, or A[j, i]): entry i "
                "pairs row i of A with x, A[i, j] with j running along the row"
            ] = A.T @ x
            mistakes[
                "the sum ran down the columns of A * x instead of along its rows "
                "(axis=0 adds down a column, axis=1 along a row)"
            ] = np.sum(A * x, axis=0)
        compare(got, exact, what=what, mistakes=mistakes)
    return "matches A @ x for matrices of five shapes, square and not."


# ---------------------------------------------------------------- 05.3
def _data(n: int, d: int, seed: int) -> tuple[NDArray[np.float64], ...]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.normal(size=d), rng.normal(size=n)


# (n, d, seed): more examples than features, fewer, then square, where X and
# its transpose have the same shape and a mix-up shows only in the values.
_DATA = [_data(*args) for args in ((5, 2, 531), (2, 3, 532), (6, 4, 533), (3, 3, 534))]
_SQUARE = 3  # the index of the square data set


def _average_products(X: NDArray[np.float64], r: NDArray[np.float64]) -> NDArray[Any]:
    """The vector g with g . u = mean(r * (X @ u)) for every u.

    The mean is linear in u, so g_j is its value at the unit vector along axis j.
    """
    return np.array([np.mean(r * (X @ e)) for e in np.eye(X.shape[1])])


def _predictions_mixed_up(values: list[Any]) -> bool:
    """True if, on the square data, the answer pairs w with the columns of X.

    There every product has a shape that fits, so predictions made as w @ X
    (or X.T @ w), which raise a shape error on the other data, give values;
    they are tried with either final product.
    """
    (X, w, y), value = _DATA[_SQUARE], values[_SQUARE]
    if isinstance(value, LearnerError) or shape_of(value) != (X.shape[1],):
        return False
    r = X.T @ w - y  # one "error" per column of X
    got = np.asarray(value, dtype=float)
    return any(
        np.allclose(got, wrong, rtol=1e-6, atol=1e-9)
        for wrong in (_average_products(X, r), X @ r / len(y))
    )


@exercise("05.3")
def _error_times_features(answer: Any) -> str:
    fn = as_function(answer, "error_times_features")
    values = _values(fn, "error_times_features", _DATA)
    # Shapes first, on every data set, so that a wrong shape is named as such.
    for (X, _w, _y), value in zip(_DATA, values, strict=True):
        n, d = X.shape
        what = f"error_times_features(X, w, y) with X of shape ({n}, {d})"
        if isinstance(value, LearnerError):
            if _is_shape_error(value) and _predictions_mixed_up(values):
                raise Incorrect(
                    f"{what} raised a shape error (ValueError: {value.__cause__}), "
                    "in the predictions: on square data, where the shapes fit, the "
                    "result matches predictions that pair w with the columns of X "
                    "(as w @ X or X.T @ w do). There is one prediction per example, "
                    f"{n} here: each row of X with the {d} weights in w."
                ) from value.__cause__
            if "broadcast" in str(value.__cause__):
                raise Incorrect(
                    f"{what} raised ValueError ({value.__cause__}): that comes from "
                    "an entry-by-entry operation (*, + or -) on arrays of different "
                    "shapes, not from a matrix product. X * w, for one, multiplies "
                    "entry by entry; a matrix times a vector is written with @ "
                    "(section 4)."
                ) from value.__cause__
            if _is_shape_error(value):
                raise Incorrect(
                    f"{what} raised a shape error (ValueError: {value.__cause__}). "
                    f"Here w has {d} entries, and y and the errors have {n}. In a "
                    "product the inner sizes must match, (m, n) @ (n,): which of X "
                    f"and its transpose has {n} columns?"
                ) from value.__cause__
            raise value
        shape = shape_of(value)
        if shape in ((d, n), (n, d)):
            raise Incorrect(
                f"{what} has shape {shape}, one product per example and feature: "
                "multiplying entry by entry (*) is not a matrix product, and the "
                f"products still have to be added up over the {n} examples."
            )
        if shape == (n,) and n != d:
            raise Incorrect(
                f"{what} has shape ({n},), one number per example: the sum runs "
                f"over the examples i and leaves one number per feature j, {d} in all."
            )
        if shape == ():
            raise Incorrect(
                f"{what} is one number, but there is one average per feature "
                f"(column of X), {d} in all: the mean was taken over everything."
            )
    for (X, w, y), value in zip(_DATA, values, strict=True):
        n, d = X.shape
        what = f"error_times_features(X, w, y) with X of shape ({n}, {d})"
        got = as_numbers(value, what, (d,))
        r = X @ w - y
        exact = _average_products(X, r)
        mistakes = {
            "the errors are target minus prediction: here they are prediction "
            "minus target, X w - y": -exact,
            "the 1/n is missing: it is an average over the n examples": n * exact,
            "it was divided by the number of features d (columns of X) instead "
            "of the number of examples n (rows)": n * exact / d,
            "y was never subtracted: the errors are X w - y": _average_products(
                X, X @ w
            ),
            "it is the product of two averages, not the average of the products": (
                np.mean(X, axis=0) * np.mean(r)
            ),
            "the squared errors were used: this exercise averages feature times "
            "error, not feature times squared error (the square belongs to the "
            "mean squared error itself, not to this average)": _average_products(
                X, r**2
            ),
        }
        if n == d:  # only here do X @ r and w @ X have shapes that fit
            mistakes[
                "X was used where its transpose belongs: entry j pairs column j of "
                "X with the errors, and X @ r pairs rows instead"
            ] = X @ r / n
            predictions = (
                "the predictions pair w with the columns of X (as w @ X or X.T @ w "
                "do): there is one prediction per example, each row of X with w"
            )
            mistakes[predictions] = _average_products(X, X.T @ w - y)
            mistakes[
                f"{predictions}; and the final product pairs rows of X with "
                "the errors, where entry j pairs column j of X"
            ] = X @ (X.T @ w - y) / n
        compare(got, exact, what=what, mistakes=mistakes)
    return (
        "right for data with more examples than features, fewer, and as many: "
        "entry j is the average over the examples of feature j times the error."
    )


# ---------------------------------------------------------------- 05.4
def _rotation(n: int, seed: int) -> NDArray[np.float64]:
    """A random n x n matrix whose columns are unit vectors at right angles."""
    q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(n, n)))
    return q


# (directions, stretch factors from smallest to largest). The 2 x 2 case turns
# the axes by 25 degrees (not 45, where rows and columns would look alike).
_C, _S = np.cos(np.radians(25.0)), np.sin(np.radians(25.0))
_STRETCH = [
    (np.array([[_C, -_S], [_S, _C]]), np.array([0.5, 3.0])),
    (_rotation(3, 541), np.array([0.4, 1.5, 4.0])),
    (_rotation(4, 542), np.array([0.3, 1.0, 2.0, 5.0])),
]


def _parallel(u: NDArray[np.float64], v: NDArray[np.float64]) -> bool:
    """True if u lies along the unit vector v (either way), whatever its length."""
    size = np.linalg.norm(u)
    return bool(size > 0 and abs(abs(u @ v) / size - 1) < 1e-6)


@exercise("05.4")
def _stretch_direction(answer: Any) -> str:
    stretch_direction = as_function(answer, "stretch_direction")
    for Q, stretches in _STRETCH:
        n = len(stretches)
        A = Q @ np.diag(stretches) @ Q.T
        A = (A + A.T) / 2  # exactly symmetric
        what = f"stretch_direction(A), on the check's own {n} x {n} test matrix,"
        try:
            value = call(stretch_direction, A.copy(), name="stretch_direction")
        except LearnerError as error:
            cause = error.__cause__
            text = str(cause)
            if (  # a 1-D array indexed with two indices (older NumPy omits "1-D")
                isinstance(cause, IndexError)
                and "too many indices" in text
                and ("1-dimensional" in text or "dimensional" not in text)
            ):
                raise Incorrect(
                    f"{what} raised IndexError ({cause}): a 1-D array, the "
                    "eigenvalues, was indexed like a matrix. np.linalg.eigh returns "
                    "the eigenvalues first, then the matrix of eigenvectors: the two "
                    "names were unpacked in the wrong order, or the eigenvalues were "
                    "indexed where the eigenvectors belong."
                ) from cause
            if isinstance(cause, TypeError) and "tuple indices" in text:
                raise Incorrect(
                    f"{what} raised TypeError ({cause}): np.linalg.eigh returns a "
                    "pair, the eigenvalues first and then the matrix of "
                    "eigenvectors, and a pair cannot be indexed like a matrix "
                    "([:, k]). Unpack the pair into two names, one for each, and "
                    "index the eigenvectors."
                ) from cause
            raise
        shape = shape_of(value)
        if shape == () or shape == (1,):
            number = as_number(value, what)
            if np.isclose(number, stretches[-1], rtol=1e-6):
                raise Incorrect(
                    f"{what} is one number, the largest stretch factor (an "
                    "eigenvalue): the question asks for the direction, a vector."
                )
            raise Incorrect(f"{what} is one number; a direction is a vector of {n}.")
        if shape == (n, n):
            raise Incorrect(
                f"{what} is a whole {n} x {n} matrix, all the eigenvectors at once: "
                "the direction is one of its columns."
            )
        if shape is None and isinstance(value, tuple | list) and len(value) == 2:
            raise Incorrect(
                f"{what} is a pair, like the two outputs of eigh (the eigenvalues "
                "and the eigenvectors): the direction is one eigenvector."
            )
        u = as_numbers(value, what, (n,))
        if np.allclose(u, stretches, rtol=1e-6):
            raise Incorrect(
                f"{what} holds the {n} stretch factors (the eigenvalues), not a "
                "direction."
            )
        length = float(np.linalg.norm(u))
        if length == 0:
            raise Incorrect(f"{what} is the zero vector, which has no direction.")
        top = Q[:, -1]
        nearly = 1 - abs(float(u @ top)) / length < 1e-3 and abs(length - 1) < 1e-2
        if nearly and not (_parallel(u, top) and abs(length - 1) <= 1e-6):
            raise Incorrect(
                f"{what} points the right way, but only roughly: its length is "
                f"{length:.8f}. It looks rounded, the vector or a number on the way "
                "to it. Round less, or not at all: the check wants a unit vector "
                "along the direction to about 6 decimals."
            )
        if _parallel(u, top):
            if abs(length - 1) > 1e-6:
                raise Incorrect(
                    f"{what} points the right way but is not a unit vector: its "
                    f"length is {length:.4g}, not 1."
                )
            continue
        if _parallel(u, Q[:, 0]):
            raise Incorrect(
                f"{what} is the direction A stretches least: eigh lists the "
                "eigenvalues from smallest to largest, and the eigenvectors in the "
                "same order."
            )
        if any(_parallel(u, Q[:, k]) for k in range(1, n - 1)):
            raise Incorrect(
                f"{what} is a direction A only stretches, but not the one it "
                "stretches most: eigh lists the eigenvalues from smallest to "
                f"largest, whatever the size of A (here {n} of them)."
            )
        if any(np.allclose(np.abs(u), np.abs(row), atol=1e-6) for row in Q):
            raise Incorrect(
                f"{what} looks like a row of the eigenvector matrix that eigh "
                "returns: the eigenvectors are its columns."
            )
        image = A @ u
        cosine = float(image @ u) / (np.linalg.norm(image) * length)
        raise Incorrect(
            f"{what} is not a direction A only stretches: A u is not parallel to u "
            f"(they are {np.degrees(np.arccos(np.clip(cosine, -1, 1))):.1f} degrees "
            "apart)."
        )
    return (
        "a unit vector along the direction each matrix stretches most, for 2 x 2, "
        "3 x 3 and 4 x 4 matrices."
    )
