"""Print iteration counts of the course's optimisers next to theory and to SciPy.

Problems
    quadratic: f(x) = 1/2 x^T A x with A = diag(lam_min, lam_max) = diag(1, 100),
    the Hessian's eigenvalues, so the condition number is
    kappa = lam_max / lam_min = 100 and the minimiser is x* = 0; started at
    lesson 11's (10, 1), on the slowest eigenvector, (1, 0), and from (1, 1).
    Rosenbrock: f(x, y) = (1 - x)^2 + 100 (y - x^2)^2 from (-1.2, 1); x* = (1, 1).

When a run counts as done
    quadratic: the first k with ||x_k - x*|| <= 1e-6 ||x_0 - x*||, read off the
    returned path (the theory is about this distance);
    Rosenbrock: gradient norm <= 1e-6, the optimisers' ``tol`` rule.
    SciPy gets the same test through a callback that stops it; its own
    ``gtol`` is set too small to stop it first.

Theory on the quadratic, with r the rate per step (lessons 11 and 12)
    GD, lr = 1/lam_max:            r = 1 - 1/kappa
    GD, lr = 2/(lam_max + lam_min): r = (kappa - 1)/(kappa + 1)
    heavy ball, lr = 1/lam_max, momentum = 0.9: r = sqrt(0.9) (complex roots)
    heavy ball, lr = 4/(sqrt lam_max + sqrt lam_min)^2, momentum = r^2:
                                   r = (sqrt kappa - 1)/(sqrt kappa + 1)
    Nesterov, lr = 1/lam_max, momentum = (sqrt kappa - 1)/(sqrt kappa + 1):
                                   r = 1 - 1/sqrt kappa
"lesson" is the count the lessons state: kappa ln(1/eps) steps at
lr = 1/lam_max and (kappa/2) ln(1/eps) at lr = 2/(lam_max + lam_min) (lesson
11, section 4), and for the tuned heavy ball and Nesterov the count with the
linear factor, as "exact" (lesson 12, Going further). The 15 % bar of COURSE.md §6
is on the ratio of the measured count to the lesson's.
"rate" is the count ceil(ln 1e-6 / ln r) that the rate alone predicts.
"exact" solves each method's recurrence along the two eigenvectors in closed
form: GD multiplies the component along eigenvalue lam by (1 - lr lam) per
step; heavy ball has a double root there, giving (1 + (1 -+ r) k) (+-r)^k;
Nesterov gives (1 + k / sqrt kappa) r^k along lam_min and 0 along lam_max after
one step.
The factors linear in k are why momentum needs more steps than "rate" says.

Usage::

    python benchmarks/optimisers.py
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable

import numpy as np
from scipy.optimize import minimize

from utils.optim import adam, gradient_descent

EPS = 1e-6
LAM_MIN, LAM_MAX = 1.0, 100.0
KAPPA = LAM_MAX / LAM_MIN
SQRT_KAPPA = math.sqrt(KAPPA)
A = np.array([LAM_MIN, LAM_MAX])
R_HEAVY = (SQRT_KAPPA - 1) / (SQRT_KAPPA + 1)
R_NESTEROV = 1 - 1 / SQRT_KAPPA


def quadratic(v: np.ndarray) -> float:
    """Return 1/2 x^T A x."""
    return 0.5 * float(v @ (A * v))


def quadratic_grad(v: np.ndarray) -> np.ndarray:
    """Return A x."""
    return A * v


def rosenbrock(v: np.ndarray) -> float:
    """Return (1 - x)^2 + 100 (y - x^2)^2."""
    x, y = v
    return (1 - x) ** 2 + 100 * (y - x**2) ** 2


def rosenbrock_grad(v: np.ndarray) -> np.ndarray:
    """Return the gradient of `rosenbrock`."""
    x, y = v
    return np.array([-2 * (1 - x) - 400 * x * (y - x**2), 200 * (y - x**2)])


def gd_factors(lr: float) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """Return k -> the factors (along lam_min, lam_max) of plain GD after k steps."""
    return lambda k: ((1 - lr * LAM_MIN) ** k, (1 - lr * LAM_MAX) ** k)


def heavy_factors(k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Factors of heavy ball with Polyak's parameters (a double root at +-r)."""
    r = R_HEAVY
    return (1 + (1 - r) * k) * r**k, (1 + (1 + r) * k) * (-r) ** k


def nesterov_factors(k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Factors of Nesterov, lr = 1/lam_max: double root r along lam_min, 0 along lam_max."""
    return (1 + k / SQRT_KAPPA) * R_NESTEROV**k, (k == 0).astype(float)


# The counts lesson 11 states: its simple rules for plain descent (section 4).
RULE_SLOW = KAPPA * math.log(1 / EPS)  # lr = 1/lam_max
RULE_BEST = KAPPA / 2 * math.log(1 / EPS)  # lr = 2/(lam_max + lam_min)


def gd(lr: float, momentum: float = 0.0, nesterov: bool = False) -> Callable:
    """Return a run (grad, x0, n_steps, tol) -> OptimResult of gradient descent."""
    return lambda g, x0, n, tol: gradient_descent(
        g, x0, lr=lr, momentum=momentum, nesterov=nesterov, n_steps=n, tol=tol
    )


# label, run, rate r, closed-form factors, the lesson's count ("exact": as exact)
QUADRATIC_METHODS = [
    (
        "GD, lr = 1/lam_max",
        gd(1 / LAM_MAX),
        1 - 1 / KAPPA,
        gd_factors(1 / LAM_MAX),
        RULE_SLOW,
    ),
    (
        "GD, lr = 2/(lam_max+lam_min)",
        gd(2 / (LAM_MAX + LAM_MIN)),
        (KAPPA - 1) / (KAPPA + 1),
        gd_factors(2 / (LAM_MAX + LAM_MIN)),
        RULE_BEST,
    ),
    ("heavy ball, 1/lam_max, 0.9", gd(1 / LAM_MAX, 0.9), math.sqrt(0.9), None, None),
    (
        "heavy ball (Polyak)",
        gd(4 / (math.sqrt(LAM_MAX) + math.sqrt(LAM_MIN)) ** 2, R_HEAVY**2),
        R_HEAVY,
        heavy_factors,
        "exact",
    ),
    (
        "Nesterov, lr = 1/lam_max",
        gd(1 / LAM_MAX, R_HEAVY, nesterov=True),
        R_NESTEROV,
        nesterov_factors,
        "exact",
    ),
    (
        "Adam, lr = 0.01",
        lambda g, x0, n, tol: adam(g, x0, lr=0.01, n_steps=n, tol=tol),
        None,
        None,
        None,
    ),
]

ROSENBROCK_METHODS = [
    (
        "GD, lr = 1e-3",
        lambda g, x0, n, tol: gradient_descent(g, x0, lr=1e-3, n_steps=n, tol=tol),
    ),
    (
        "heavy ball, lr = 1e-3, 0.9",
        lambda g, x0, n, tol: gradient_descent(
            g, x0, lr=1e-3, momentum=0.9, n_steps=n, tol=tol
        ),
    ),
    (
        "Nesterov, lr = 1e-3, 0.9",
        lambda g, x0, n, tol: gradient_descent(
            g, x0, lr=1e-3, momentum=0.9, nesterov=True, n_steps=n, tol=tol
        ),
    ),
    (
        "Adam, lr = 0.01",
        lambda g, x0, n, tol: adam(g, x0, lr=0.01, n_steps=n, tol=tol),
    ),
]

HEADER = (
    f"{'method':<30}{'steps':>7}{'lesson':>7}{'ratio':>7}{'rate':>7}{'ratio':>7}"
    f"{'exact':>7}{'ratio':>7}{'grad evals':>11}  note"
)


def first_close(path: np.ndarray, x_star: np.ndarray, x0: np.ndarray) -> int | None:
    """Return the first k with ||x_k - x*|| <= EPS ||x_0 - x*||, or None."""
    distances = np.linalg.norm(path - x_star, axis=1)
    hits = np.flatnonzero(distances <= EPS * np.linalg.norm(x0 - x_star))
    return int(hits[0]) if hits.size else None


def rate_count(r: float) -> int:
    """Return the steps the rate r alone predicts: ceil(ln EPS / ln r)."""
    return math.ceil(math.log(EPS) / math.log(r))


def exact_count(factors: Callable, x0: np.ndarray, n_max: int) -> int | None:
    """Return the first k at which the closed-form distance is <= EPS ||x_0||."""
    k = np.arange(n_max + 1)
    along_min, along_max = factors(k)
    distance = np.hypot(x0[0] * along_min, x0[1] * along_max)
    hits = np.flatnonzero(distance <= EPS * np.linalg.norm(x0))
    return int(hits[0]) if hits.size else None


def row(
    label: str,
    steps: int | None,
    evals: int,
    lesson: int | None = None,
    rate: int | None = None,
    exact: int | None = None,
    note: str = "",
) -> str:
    """Format one line of the table; '-' where there is no number."""

    def cell(value: int | None, width: int = 7) -> str:
        return f"{'-' if value is None else value:>{width}}"

    def ratio(theory: int | None) -> str:
        if steps is None or not theory:
            return f"{'-':>7}"
        return f"{steps / theory:>7.2f}"

    return (
        f"{label:<30}{cell(steps, 7)}{cell(lesson)}{ratio(lesson)}{cell(rate)}"
        f"{ratio(rate)}{cell(exact)}{ratio(exact)}{evals:>11}  {note}"
    ).rstrip()


def scipy_rows(
    f: Callable, grad: Callable, x0: np.ndarray, done: Callable[[np.ndarray], bool]
) -> list[str]:
    """Run scipy.optimize.minimize (CG, BFGS) until ``done(x)``; one row each."""
    lines = []
    for method in ("CG", "BFGS"):

        def callback(intermediate_result) -> None:
            if done(intermediate_result.x):
                raise StopIteration

        res = minimize(
            f, x0, jac=grad, method=method, callback=callback, options={"gtol": 1e-14}
        )
        note = "" if done(res.x) else f"stopped before the test: {res.message}"
        lines.append(row(f"scipy {method}", res.nit, res.njev, note=note))
    return lines


def quadratic_table(x0: np.ndarray, n_max: int = 5000) -> list[str]:
    """Rows for the quadratic started at x0."""
    lines = []
    for label, run, r, factors, stated in QUADRATIC_METHODS:
        result = run(quadratic_grad, x0, n_max, None)
        steps = first_close(result.path, np.zeros(2), x0)
        if steps is not None:  # count the gradients used up to that step only
            result = run(quadratic_grad, x0, steps, None)
        exact = None if factors is None else exact_count(factors, x0, n_max)
        lesson = exact if stated == "exact" else stated
        lines.append(
            row(
                label,
                steps,
                result.n_grad_evals,
                lesson=None if lesson is None else round(lesson),
                rate=None if r is None else rate_count(r),
                exact=exact,
                note="" if steps is not None else result.message,
            )
        )
    lines += scipy_rows(
        quadratic,
        quadratic_grad,
        x0,
        lambda x: np.linalg.norm(x) <= EPS * np.linalg.norm(x0),
    )
    return lines


def rosenbrock_table(n_max: int = 100_000) -> list[str]:
    """Rows for Rosenbrock from (-1.2, 1), stopped at gradient norm <= EPS."""
    x0 = np.array([-1.2, 1.0])
    lines = []
    for label, run in ROSENBROCK_METHODS:
        result = run(rosenbrock_grad, x0, n_max, EPS)
        steps = result.n_steps if result.converged else None
        note = "" if result.converged else result.message
        lines.append(row(label, steps, result.n_grad_evals, note=note))
    lines += scipy_rows(
        rosenbrock,
        rosenbrock_grad,
        x0,
        lambda x: np.linalg.norm(rosenbrock_grad(x)) <= EPS,
    )
    return lines


def main() -> int:
    """Print the tables."""
    rule = "-" * len(HEADER)
    print(
        f"Quadratic, kappa = {KAPPA:g}: steps until ||x_k|| <= {EPS:g} ||x_0||\n"
        "(lesson: the count lesson 11 or 12 states; rate, exact: the theory's counts;\n"
        "ratio: measured / the count before it)\n"
    )
    for start in ([10.0, 1.0], [1.0, 0.0], [1.0, 1.0]):
        print(f"start {tuple(start)}")
        print(HEADER, rule, *quadratic_table(np.array(start)), sep="\n", end="\n\n")
    print(f"Rosenbrock from (-1.2, 1): steps until gradient norm <= {EPS:g}\n")
    print(HEADER, rule, *rosenbrock_table(), sep="\n", end="\n\n")
    print(
        "grad evals: Nesterov also evaluates the gradient at x_k (for grad_norms and\n"
        "the stopping rule), so it uses 2k + 1; SciPy's count is res.njev."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
