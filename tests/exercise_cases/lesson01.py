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
            ((1, -1), "tuple of 3"),
            ((2, -1, -1), "1, -1 or 0"),
        ],
    },
    "01.2": {
        "right": [
            lambda f, a, b: (f(b) - f(a)) / (b - a),
            lambda f, a, b: (f(a) - f(b)) / (a - b),
        ],
        "wrong": [
            (lambda f, a, b: f(b) - f(a), "without dividing"),
            (lambda f, a, b: (f(a) - f(b)) / (b - a), "opposite orders"),
            (lambda f, a, b: (f(b) - f(a)) / (b - a) / 2, "half"),
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
            (lambda x: 3 * x**2 - 4 * x + 2, "same constant"),
            (lambda x: 3 * x**2 + 4 * x + 3, "not right"),
            (lambda x: x**3 - 2 * x**2 + 3 * x - 1, "f itself"),
            (lambda x: None, "return"),
        ],
    },
    "01.4": {
        "right": [(0.2, 1.0), [0.2, 1], (1 / 5, np.float64(1.0))],
        "wrong": [
            ((1.0, 0.2), "swapped"),
            ((0.0, 1.0), "ReLU"),
            ((0.2, 0.2), "not right"),
            ((0.2,), "pair"),
        ],
    },
}
