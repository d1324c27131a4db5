"""Right and plausible wrong answers for the checks of lesson 01.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import numpy as np

CASES = {
    "01.1": {
        "right": [(1, -1, -1), [1.0, -1.0, -1.0], (np.int64(1), -1, -1)],
        "wrong": [
            ((1, 1, -1), "4 - x**2"),
            ((-1, -1, -1), "x**3"),
            ((-1, 1, 1), "values"),
            ((1, -1, 0), "horizontal tangent"),
            ((1, -1), "tuple of 3"),
            ((3, -4, -1), "not a size"),
            (("+", "-", "-"), "should be a number"),
        ],
    },
    "01.2": {
        "right": [
            lambda f, a, b: (f(b) - f(a)) / (b - a),
            lambda f, a, b: (f(a) - f(b)) / (a - b),
            lambda f, a, b: f(b) / (b - a) - f(a) / (b - a),
        ],
        "wrong": [
            (lambda f, a, b: f(b) - f(a), "without dividing"),
            (lambda f, a, b: (f(a) - f(b)) / (b - a), "opposite orders"),
            (lambda f, a, b: (f(b) - f(a)) / abs(b - a), "abs(b - a)"),
            (lambda f, a, b: (b - a) / (f(b) - f(a)), "upside down"),
            (lambda f, a, b: (f(b) - f(a)) // (b - a), "//"),
            (
                lambda f, a, b: (f(b) - f(a)) / (b - a) if a < b else 0.0,
                "returns 0 when a > b",
            ),
            (
                lambda f, a, b: (f(b) - f(a)) / (b - a) if a < b else f(a) - f(b),
                "right when a < b but not when a > b",
            ),
            (lambda f, a, b: f(b) - f(a) / (b - a), "divides f(a) alone"),
            (lambda f, a, b: (f(a + b) - f(a)) / b, "b is the second point"),
            (lambda f, a, b: f(b) - f(a) / b - a, "division comes before"),
            (lambda f, a, b: (f(b) - f(a)) / b - a, "divides by b"),
            (lambda f, a, b: (b**2 - a**2) / (b - a), "ignores the f"),
            (
                lambda f, a, b: (f((a + b) / 2 + 1e-5) - f((a + b) / 2 - 1e-5)) / 2e-5,
                "middle of the interval",
            ),
            (lambda f, a, b: (f(a + 1e-5) - f(a - 1e-5)) / 2e-5, "tangent at a"),
            (lambda f, a, b: None, "return"),
        ],
    },
    "01.3": {
        "right": [
            lambda x: 3 * x**2 - 4 * x + 3,
            lambda x: x * (3 * x - 4) + 3,
            np.vectorize(lambda x: 3 * x * x - 4 * x + 3),
        ],
        "wrong": [
            (lambda x: 3 * x**3 - 4 * x**2 + 3 * x, "did not lower"),
            (lambda x: x**2 - 2 * x + 3, "bring it down"),
            (lambda x: 3 * x**2 - 4 * x + 2, "constant -1"),
            (lambda x: 3 * x**2 - 4 * x, "3x vanished"),
            (lambda x: 3 * x**2 + 4 * x + 3, "sign of the x term"),
            (lambda x: 3 * x**2 - 2 * x + 3, "for the term -2x²"),
            (lambda x: x**3 - 2 * x**2 + 3 * x - 1, "f itself"),
            (lambda x: 3 * x**2 - 4 * x + 3 * x, "3x stayed"),
            (lambda x: 2 * x**2 - 2 * x + 3, "lowered power in front"),
            (lambda x: 3 * x**2 - x + 3, "differs from f'"),
            (lambda x: 3 * x ^ 2 - 4 * x + 3, "df uses `^`"),
            (lambda x: None, "return"),
        ],
    },
    "01.4": {
        "right": [(0.2, 1.0), [0.2, 1], (1 / 5, np.float64(1.0))],
        "wrong": [
            ((1.0, 0.2), "swapped"),
            ((0.0, 1.0), "ReLU"),
            ((0.2, 0.2), "one side of 0 only"),
            ((0.2, 0), "flat or falls"),
            ((0.2, -1), "flat or falls"),
            ((0.2, 2.0), "Try x = 1"),
            ((0.2, 1.0001), "straight line"),
            ((0.19999, 1.0), "nearly right"),
            ((0.5, 2.0), "neither slope"),
            ((1.0, 1.0), "left slope is not right"),
            ((0.0, 0.0), "values"),
            ((0.6, 0.6), "averaged"),
            ((-0.2, 1), "wrong sign"),
            ((0.2,), "pair"),
        ],
    },
}
