"""Right and plausible wrong answers for the checks of lesson 10, Critical points.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import numpy as np
import sympy as sp

_x, _y = sp.symbols("x y")
_xr, _yr = sp.symbols("x y", real=True)  # sp.solve keeps real solutions
_Q = 3 * _x**4 - 4 * _x**3 - 12 * _x**2 + 10
_Q_ROOTS = [float(r) for r in sp.real_roots(sp.Poly(_Q, _x))]
_Q_INFLECTIONS = [float(r) for r in sp.real_roots(sp.Poly(sp.diff(_Q, _x, 2), _x))]

_H_RIGHT = [[2, 4], [4, 2]]


def _ridge(X, y, alpha):
    n, d = X.shape
    return np.linalg.solve(X.T @ X + n * alpha * np.eye(d), X.T @ y)


def _ridge_by_gradient_equation(X, y, alpha):
    """The same system before multiplying by n/2: (2/n) X^T X w + 2 alpha w = (2/n) X^T y."""
    n, d = X.shape
    return np.linalg.solve(2 / n * X.T @ X + 2 * alpha * np.eye(d), 2 / n * X.T @ y)


def _ridge_with_inverse(X, y, alpha):
    n, d = X.shape
    return np.linalg.inv(X.T @ X + n * alpha * np.eye(d)) @ X.T @ y


def _plain_least_squares(X, y, alpha):
    return np.linalg.lstsq(X, y)[0]


def _three_times_the_penalty(X, y, alpha):
    n, d = X.shape
    return np.linalg.solve(X.T @ X + 3 * n * alpha * np.eye(d), X.T @ y)


def _inverse_of_X(X, y, alpha):
    return np.linalg.inv(X) @ y


def _alpha_times_identity(X, y, alpha):
    d = X.shape[1]
    return np.linalg.solve(X.T @ X + alpha * np.eye(d), X.T @ y)


def _alpha_everywhere(X, y, alpha):
    return np.linalg.solve(X.T @ X + len(y) * alpha, X.T @ y)


def _alpha_everywhere_without_n(X, y, alpha):
    return np.linalg.solve(X.T @ X + alpha, X.T @ y)


def _twice_the_penalty(X, y, alpha):
    """The gradient of the squared error taken without its 2: (1/n) X^T (Xw - y)."""
    n, d = X.shape
    return np.linalg.solve(X.T @ X + 2 * n * alpha * np.eye(d), X.T @ y)


def _half_the_penalty(X, y, alpha):
    """The gradient of alpha ||w||^2 taken as alpha w."""
    n, d = X.shape
    return np.linalg.solve(2 / n * X.T @ X + alpha * np.eye(d), 2 / n * X.T @ y)


def _identity_of_n(X, y, alpha):
    """np.eye(n), the number of examples, where np.eye(d) belongs."""
    n = X.shape[0]
    return np.linalg.solve(X.T @ X + n * alpha * np.eye(n), X.T @ y)


def _right_side_not_divided(X, y, alpha):
    """X^T X divided by n, X^T y not."""
    n, d = X.shape
    return np.linalg.solve(X.T @ X / n + alpha * np.eye(d), X.T @ y)


def _right_side_without_two_over_n(X, y, alpha):
    """The gradient equation with the 2/n kept on the left only."""
    n, d = X.shape
    return np.linalg.solve(2 / n * X.T @ X + 2 * alpha * np.eye(d), X.T @ y)


def _a_few_descent_steps(X, y, alpha):
    """Gradient descent stopped long before the minimum."""
    w = np.zeros(X.shape[1])
    for _ in range(3):
        w -= 0.01 * (2 / len(y) * X.T @ (X @ w - y) + 2 * alpha * w)
    return w


CASES = {
    "10.1": {
        "right": [
            [-1, 0, 2],
            (2, 0, -1),
            {0, 2, -1},
            np.array([-1.0, 0.0, 2.0]),
            sp.solve(sp.diff(_Q, _x), _x),
            [-1.0000000001, 0.0, 2.0],
        ],
        "wrong": [
            ([-1, 2], "dividing q'(x) = 0 by x loses a solution"),
            ([0, 2], "1 critical point(s) missing"),
            ([-1, 0, 1, 2], "x = 1 is not a critical point"),
            (_Q_ROOTS, "the roots of q, not of q'"),
            ([round(r, 4) for r in _Q_ROOTS], "q(x) = 0 instead of q'(x) = 0"),
            (_Q_INFLECTIONS, "q''(x) = 0"),
            (sp.solve(_Q, _x), "the roots of q, not of q'"),
            ([complex(sp.N(r)) for r in sp.solve(_Q, _x)], "the roots of q, not of q'"),
            ([-1, 0, 2j], "complex numbers"),
            ([-1, 0, 0, 2], "twice"),
            ("-1, 0, 2", "list"),
            ([-1, 0, 10**400], "too large for floating point"),
        ],
    },
    "10.2": {
        "right": [
            {"A", "B"},
            ["a", "b"],
            ("B", "A"),
            frozenset({"A", "B "}),
        ],
        "wrong": [
            ({"A", "B", "C"}, "included a function whose f'' is negative somewhere"),
            ({"B", "C"}, "does not rule convexity out"),
            ({"A", "C"}, "look for an x where f'' < 0"),
            ({"A"}, "may fall (or rise) everywhere and still be convex"),
            ({"A", "C"}, "not about going up"),
            ({"B"}, "the chord definition decides"),
            ({"C"}, "included a function whose f'' is negative somewhere"),
            (set(), "you left out two functions that are convex"),
            ({"A"}, "Check f'' of e^(-x) again"),
            ({"A"}, "f'' gets two of them, and they cancel"),
            ({"A", "C"}, "the chain rule brings down the derivative of the inner -x"),
            ({"B"}, "point where f has no derivative does not rule"),
            ({"C"}, "draw chords across that point"),
            ({"C"}, "Check f'' of e^(-x) again"),
            (set(), "the chord definition decides"),
            ({"A", "B", "D"}, "unknown name(s) D"),
            ("AB", "not one string"),
            ({1, 2}, "names (strings)"),
        ],
    },
    "10.3": {
        "right": [
            (_H_RIGHT, "saddle"),
            (np.array(_H_RIGHT, dtype=float), "Saddle point"),
            [sp.Matrix(_H_RIGHT), " saddle "],
        ],
        "wrong": [
            ((_H_RIGHT, "minimum"), "both diagonal entries are positive"),
            ((_H_RIGHT, "maximum"), "eigenvalues"),
            (([[2, 4], [0, 2]], "saddle"), "not symmetric"),
            (([[2, 2], [2, 2]], "saddle"), "halved"),
            (([[2, 2], [2, 2]], "inconclusive"), "differentiate 4xy in x, then"),
            (([[2, 0], [0, 2]], "minimum"), "mixed partials are missing"),
            (([[1, 4], [4, 1]], "saddle"), "diagonal was halved"),
            (([[1, 2], [2, 1]], "saddle"), "every entry was halved"),
            (([[2, 8], [8, 2]], "saddle"), "mixed partial was doubled"),
            (([[2, -4], [-4, 2]], "saddle"), "signs of the mixed partials"),
            (([[-2, 4], [4, 4]], "saddle"), "first derivatives (such as 2x"),
            (([[-2, 4], [4, 4]], "minimum"), "evaluated at p"),
            (([[0, 4], [4, 0]], "saddle"), "nothing to substitute"),
            (([[0, 0], [0, 0]], "inconclusive"), "f_xx is the derivative in x of f_x"),
            (((-1, 2), _H_RIGHT, "saddle"), "since the prompt gives p"),
            (("saddle", _H_RIGHT), "the two items are in the wrong order"),
            (("saddle", np.array(_H_RIGHT)), "H first and the label second"),
            (([2, 4], "saddle"), "shape (2, 2)"),
            ((_H_RIGHT, "saddle point?"), "label should be"),
            ((_H_RIGHT,), "(H, label)"),
        ],
    },
    "10.4": {
        "right": [
            {0: "neither", 6 / 7: "maximum", 2: "minimum"},
            {0.0: "Neither", 0.857: "MAXIMUM", 2.0: "minimum "},
            {
                sp.Integer(0): "neither",
                sp.Rational(6, 7): "maximum",
                sp.Integer(2): "minimum",
            },
            {2: "min", 0: "neither", 6 / 7: "max"},
        ],
        "wrong": [
            ({0: "neither", 6 / 7: "maximum", 2: "neither"}, 'does not mean "neither"'),
            (
                {0: "minimum", 6 / 7: "maximum", 2: "minimum"},
                "sign of h' just left and just right of 0",
            ),
            ({0: "neither", 6 / 7: "minimum", 2: "minimum"}, "h'' is not 0"),
            ({0: "neither", 2: "minimum"}, "no entry for x = 6/7"),
            (
                {0: "neither", 6 / 7: "maximum", 2: "minimum", 1: "neither"},
                "not one of the critical points",
            ),
            ({0: "saddle", 6 / 7: "maximum", 2: "minimum"}, '"neither"'),
            (["neither", "maximum", "minimum"], "dictionary"),
            ({0: 1, 6 / 7: "maximum", 2: "minimum"}, "got int"),
            ({0: "flat", 6 / 7: "maximum", 2: "minimum"}, "got 'flat'"),
            (
                {0: "neither", 0.0001: "neither", 6 / 7: "maximum", 2: "minimum"},
                "two keys for x = 0",
            ),
            (
                {0: "neither", 6 / 7: "maximum", 2: "maximum"},
                "just left and just right of 2",
            ),
        ],
    },
    "10.5": {
        "right": [
            [(0, 0), (1, 1), (-1, -1)],
            {(1, 1), (0, 0), (-1, -1)},
            np.array([[-1.0, -1.0], [0.0, 0.0], [1.0, 1.0]]),
            [(sp.Integer(1), sp.Integer(1)), (sp.Integer(0), sp.Integer(0)), (-1, -1)],
            [(1.0000000001, 1.0), (0.0, 0.0), (-1.0, -0.9999999999)],
            sp.solve([4 * _xr**3 - 4 * _yr, 4 * _yr**3 - 4 * _xr], [_xr, _yr]),
        ],
        "wrong": [
            ([(1, 1), (-1, -1)], "divided an equation by x"),
            ([(0, 0), (1, 1)], "x^8 = 1, has more than one real solution"),
            ([(1, 1)], "a critical point is missing"),
            ([(0, 0), (1, 1), (-1, -1), (1, -1)], "not a critical point"),
            ([(0, 0), (0, 0), (1, 1), (-1, -1)], "twice"),
            ([0, 1, -1], "list of (x, y) pairs"),
            ([(0, 0, 0), (1, 1, 0), (-1, -1, 0)], "two numbers each, got 3"),
            ([], "critical_pairs is empty"),
            (
                [
                    (s[_x], s[_y])
                    for s in sp.solve(
                        [4 * _x**3 - 4 * _y, 4 * _y**3 - 4 * _x], [_x, _y], dict=True
                    )
                ],
                "keep only the real solutions",
            ),
            (
                sp.solve(
                    [4 * _xr**3 - 4 * _yr, 4 * _yr**3 - 4 * _xr], [_xr, _yr], dict=True
                ),
                "give each point as an (x, y) tuple",
            ),
            ([(0, 0), (-1, -1)], "1 critical point(s) missing"),
            ([(10**400, 0)], "too large for floating point"),
            ([("a", "b")], "should be numbers"),
        ],
    },
    "10.6": {
        "right": [
            _ridge,
            _ridge_by_gradient_equation,
            _ridge_with_inverse,
            lambda X, y, alpha: list(_ridge(X, y, alpha)),
        ],
        "wrong": [
            (_plain_least_squares, "the penalty is missing"),
            (_alpha_times_identity, "n times weaker"),
            (_twice_the_penalty, "twice as strong"),
            (_half_the_penalty, "half as strong"),
            (_alpha_everywhere, "every entry"),
            (_alpha_everywhere_without_n, "every entry"),
            (_a_few_descent_steps, "the gradient of L there is not 0"),
            (_identity_of_n, "np.eye(n)"),
            (_right_side_not_divided, "your w is n times the minimiser"),
            (_right_side_without_two_over_n, "the right side X^T y did not"),
            (_inverse_of_X, "X is not square"),
            (lambda X, y, alpha: _ridge(X, y, alpha)[:, None], "1-D array"),
            (_three_times_the_penalty, "3 times alpha ||w||^2"),
        ],
    },
}
