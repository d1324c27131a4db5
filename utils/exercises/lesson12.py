"""Checks for lesson 12, Momentum, Adam and mini-batches.

Each check computes its own reference with an independent method (the complex
step, SciPy's minimiser) at reproducible random points or on data rebuilt from
a fixed seed. None of them holds a solution to the exercise it checks.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..numerics import gradient
from ._core import Incorrect, LearnerError, exercise
from ._feedback import as_function, as_numbers, call, compare, shape_of

# ---------------------------------------------------------------- 12.1

# (batch size, number of weights, seed). A batch that is not square comes first,
# so that rows and weights cannot be mixed up unnoticed (a wrong axis, a missing
# transpose); on the square batch, X and its transpose give results of the same
# shape, so a mix-up that slips past the shapes shows as values there.
_BATCHES = ((16, 3, 752), (4, 4, 751), (1, 3, 753))

# Words of NumPy's errors for a matrix product whose shapes do not fit
_SHAPE_ERRORS = ("matmul", "not aligned", "mismatch in its core dimension")


def _global_names(fn: Any) -> set[str]:
    """Return the global (and attribute) names that fn's code, and code inside it, uses."""
    names: set[str] = set()
    code = getattr(fn, "__code__", None)
    stack = [code] if code is not None else []
    while stack:
        current = stack.pop()
        names.update(current.co_names)
        stack.extend(c for c in current.co_consts if hasattr(c, "co_names"))
    return names


def _divided_by_another_size(got: Any, exact: Any, b: int) -> int | None:
    """Return N if ``got`` is the gradient divided by N instead of by b, else None."""
    scale = float(got @ exact) / float(exact @ exact)
    if not (0 < scale < 1) or np.isclose(scale, 0.5):  # 0.5: the missing 2
        return None
    if not np.allclose(got, scale * exact, rtol=1e-9, atol=1e-12):
        return None
    size = b / scale
    return round(size) if np.isclose(size, round(size), rtol=1e-9) else None


@exercise("12.1")
def _minibatch(answer: Any) -> str:
    minibatch_grad = as_function(answer, "minibatch_grad")
    lesson_data = bool(_global_names(minibatch_grad) & {"X", "y"})
    for b, d, seed in _BATCHES:
        try:
            _check_batch(minibatch_grad, b, d, seed)
        except (Incorrect, LearnerError):
            if lesson_data:
                raise Incorrect(
                    "minibatch_grad used the lesson's X or y instead of the batch: "
                    "the check calls it with test batches of its own (random numbers, "
                    f"here {b} rows and {d} weights), so inside the function only its "
                    "arguments X_batch and y_batch hold the data."
                ) from None
            raise
    return (
        "matches a numerical gradient (the complex step of lesson 03) of the batch MSE "
        "for batches of 16, 4 and 1."
    )


def _check_batch(minibatch_grad: Any, b: int, d: int, seed: int) -> None:
    """Check minibatch_grad on one test batch of b rows and d weights."""
    rng = np.random.default_rng(seed)
    w, X, y = rng.normal(size=d), rng.normal(size=(b, d)), rng.normal(size=b)
    where = (
        f"minibatch_grad on the check's test batch X_batch of shape ({b}, {d}) "
        f"({b} rows of random numbers, {d} weights)"
    )
    try:
        value = call(
            minibatch_grad, w.copy(), X.copy(), y.copy(), name="minibatch_grad"
        )
    except LearnerError as exc:
        if b != d and any(words in str(exc) for words in _SHAPE_ERRORS):
            raise Incorrect(
                f"{where} raised an error: a matrix product got shapes that do not "
                f"fit. Here X_batch has shape ({b}, {d}), w shape ({d},) and y_batch "
                f"shape ({b},). X_batch @ v needs a v of {d} numbers, one per weight; "
                f"X_batch.T @ r needs an r of {b} numbers, one per example. Perhaps "
                "X_batch was used instead of its transpose, or the other way round."
            ) from None
        if "could not be broadcast" in str(exc):
            shapes = re.search(r"shapes((?: \([\d, ]*\))+)", str(exc))
            seen = f" (shapes{shapes.group(1)})" if shapes else ""
            raise Incorrect(
                f"{where} raised an error: an element-wise operation (*, + or -) got "
                f"two arrays whose shapes do not fit together{seen}. Here X_batch has "
                f"shape ({b}, {d}), w shape ({d},) and y_batch shape ({b},). A * "
                f"between the {b} residuals and X_batch multiplies entry by entry; "
                f"adding up over the examples, to get {d} numbers, one per weight, "
                "is a matrix product (@)."
            ) from None
        raise
    if shape_of(value) == (b,) and b != d:
        raise Incorrect(
            f"{where} has shape ({b},), one number per example: the gradient "
            f"has one number per weight, shape ({d},). Use the transpose of "
            "X_batch to add up the examples."
        )
    if shape_of(value) == ():
        raise Incorrect(
            f"{where} has shape (), a single number: the gradient has {d} "
            "numbers, one per weight. Perhaps np.mean (or np.sum) averaged over "
            "the weights too, not only over the examples of the batch."
        )
    got = as_numbers(value, where, (d,))
    exact = gradient(lambda v, X=X, y=y: np.mean((X @ v - y) ** 2), w, method="complex")
    size = _divided_by_another_size(got, exact, b)
    if size is not None and size > b:
        raise Incorrect(
            f"{where} is not right: it is the batch's sum divided by {size}, "
            f"not by the {b} rows of this batch. Dividing by the size of the "
            "whole data set (such as the lesson's n) instead of the batch's "
            "own size makes every step too small: take the batch size from "
            "X_batch or y_batch."
        )
    residual = X @ w - y
    mistakes = {
        "the sum was taken instead of the mean: divide by the batch size": (b * exact),
        "the factor 2 from the square is missing": exact / 2,
        "the residual has the wrong sign: it is X w - y, not y - X w": -exact,
    }
    if b != d:  # the mean taken over the wrong axis
        mistakes[
            "the sum was divided by the number of weights (X_batch.shape[1], or "
            "len(w)) instead of the number of examples in the batch"
        ] = exact * b / d
    else:  # only a square batch lets these through the shape test
        mistakes["X_batch was used instead of its transpose"] = 2 * X @ residual / b
        mistakes[
            "the residuals, one number per example, were returned: multiply "
            "them by the transpose of X_batch"
        ] = 2 * residual / b
    compare(got, exact, what=where, mistakes=mistakes)


# ---------------------------------------------------------------- 12.2

_SEED_76, _ALPHA, _N_76 = 76, 0.1, 100  # the notebook builds exercise 12.2's data so


def _data_76() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    rng = np.random.default_rng(_SEED_76)
    X = np.column_stack([np.ones(_N_76), rng.normal(size=(_N_76, 2))])
    p = 1 / (1 + np.exp(-(X @ np.array([1.0, -2.0, 3.0]))))
    y = (rng.uniform(size=_N_76) < p).astype(float)
    return X, y


def _penalised(
    X: NDArray[np.float64], y: NDArray[np.float64], weights: NDArray[np.float64]
) -> tuple[Any, Any]:
    """The loss mean(softplus(z) - y z) + 1/2 sum(weights w^2) and its gradient."""

    def loss(w: NDArray[np.float64]) -> Any:
        z = X @ w
        return np.mean(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(weights * w**2)

    def grad(w: NDArray[np.float64]) -> Any:
        return X.T @ (1 / (1 + np.exp(-(X @ w))) - y) / len(y) + weights * w

    return loss, grad


def _minimiser(X: Any, y: Any, weights: Any) -> NDArray[np.float64]:
    # Imported here: scipy.optimize takes 0.4 s to import, and every lesson
    # imports the checks of all lessons.
    from scipy.optimize import minimize

    loss, grad = _penalised(X, y, np.asarray(weights, dtype=float))
    result = minimize(
        loss, np.zeros(3), jac=grad, method="BFGS", options={"gtol": 1e-12}
    )
    return np.asarray(result.x)


_SIGNS = (
    "Check the signs: of the step (w - lr * gradient), of sigma(Xw) - y in the "
    "data term of the gradient, and of the penalty's term."
)


def _blown_up(w: NDArray[np.float64], best: NDArray[np.float64]) -> None:
    """Name the sign error behind weights that ran off to huge sizes, if any."""
    big = 1e3
    intercept, features = abs(w[0]), np.abs(w[1:])
    if np.all(features > big) and np.all(features > 10 * intercept):
        if np.array_equal(np.sign(w[1:]), np.sign(best[1:])):
            raise Incorrect(
                "w_penalised is not right: its two feature weights ran off to huge "
                "sizes, in the directions that fit the data. It looks like the "
                "penalty's sign is flipped: with - alpha w in the gradient (or "
                "- (alpha/2) w^2 in L) the penalty rewards large weights instead "
                "of holding them back, and L has no minimum."
            )
        raise Incorrect(
            "w_penalised is not right: its two feature weights ran off to huge "
            "sizes, against the data. It looks like the steps went uphill: the step "
            "is w - lr * gradient."
        )
    if intercept > big and intercept > 10 * np.max(features):
        raise Incorrect(
            "w_penalised is not right: the intercept w0 ran off to a huge size "
            "while the feature weights stayed moderate (the penalty held them). It "
            "looks like the data term's sign is flipped: check the sign of "
            "sigma(Xw) - y in the gradient."
        )


@exercise("12.2")
def _penalised_logistic(answer: Any) -> str:
    X, y = _data_76()
    penalty = np.array([0.0, _ALPHA, _ALPHA])
    if hasattr(answer, "x") and hasattr(answer, "message"):
        raise Incorrect(
            f"w_penalised is the whole result of a run ({type(answer).__name__}, "
            "with its path or steps, its .x and its .message), not the weights: "
            "set w_penalised to the run's .x, its last point."
        )
    if shape_of(answer) == (3,) and not np.all(np.isfinite(np.asarray(answer, float))):
        raw = np.asarray(answer, dtype=float)
        if np.any(np.isnan(raw)):
            raise Incorrect(
                "w_penalised contains nan: the weights blew up (inf - inf is nan). "
                f"{_SIGNS}"
            )
        _blown_up(raw, _minimiser(X, y, penalty))
    w = as_numbers(answer, "w_penalised", (3,))
    best = _minimiser(X, y, penalty)
    if np.allclose(w, best, rtol=0.0, atol=1e-4):
        return "within 1e-4 of SciPy's minimiser of the same penalised loss."
    loss, grad = _penalised(X, y, penalty)
    others = {
        "the sign was flipped: check the sign of sigma(Xw) - y in the gradient "
        "and of the step": -best,
        "the penalty is missing: its gradient, alpha times each feature weight "
        "(0 for the intercept), belongs in the gradient": _minimiser(X, y, np.zeros(3)),
        "the intercept w0 was penalised too; the penalty is on w1 and w2 only": (
            _minimiser(X, y, np.full(3, _ALPHA))
        ),
        "the penalty weighs twice what it should against the data term: either "
        "its gradient was written 2 alpha w, but (alpha/2) w^2 has the derivative "
        "alpha w, or the data term was divided by more than the 100 examples of "
        "X_ex, for instance by the lesson's n = 200": _minimiser(X, y, 2 * penalty),
        "the penalty's gradient is half its size, (alpha/2) w: differentiating "
        "(alpha/2) w^2 brings down the power 2": _minimiser(X, y, penalty / 2),
        "the data term of the gradient is 100 times too large against the "
        "penalty: it is the sum over the 100 examples, not their mean (divide "
        "it by the number of examples)": _minimiser(X, y, penalty / _N_76),
    }
    for description, wrong in others.items():
        if np.allclose(w, wrong, rtol=0.0, atol=1e-3):
            raise Incorrect(f"w_penalised is not right: it looks like {description}.")
    slope = float(np.linalg.norm(grad(w)))
    _blown_up(w, best)
    with np.errstate(all="ignore"):
        worse = not loss(w) <= loss(np.zeros(3))
    if worse:
        raise Incorrect(
            "w_penalised is worse than the start w = 0, although its weights stayed "
            "moderate: the steps overshoot the minimum, back and forth. It looks "
            "like the steps are far too large: if the data term of your gradient "
            "is the sum over the 100 examples rather than their mean, it is 100 "
            "times too large (divide it by the number of examples). Otherwise, check "
            "that the learning rate is 1/lambda for X_ex, below 2/lambda."
        )
    raise Incorrect(
        f"w_penalised is not converged yet: the loss is still falling there (the "
        f"gradient of L has norm {slope:.2g}). Take more steps, a larger learning "
        "rate below 2/lam_max, or a smaller tol; if more steps do not help, check "
        "your gradient against L with check_gradient."
    )
