"""Right and plausible wrong answers for the checks of lesson 03.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import numpy as np


def _no_return(f, x, h):
    (f(x + h) - f(x - h)) / (2 * h)


def _fixed_step(f, x, h):
    step = 1e-5
    return (f(x + step) - f(x - step)) / (2 * step)


def _forward_errors():
    steps = 10.0 ** -np.arange(1, 16)
    errors = [abs((np.exp(1 + s) - np.exp(1)) / s - np.exp(1)) for s in steps]
    return steps, errors


def _min_error():
    return min(_forward_errors()[1])


def _argmin():
    return np.argmin(_forward_errors()[1])


def _argmax_step():
    steps, errors = _forward_errors()
    return steps[np.argmax(errors)]


CASES = {
    "03.1": {
        "right": [
            lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h),
            lambda f, x, h: 0.5 * (f(x + h) - f(x)) / h + 0.5 * (f(x) - f(x - h)) / h,
            lambda f, x, h: (f(x + h) / 2 - f(x - h) / 2) / h,
        ],
        "wrong": [
            (lambda f, x, h: (f(x + h) - f(x)) / h, "forward difference"),
            (lambda f, x, h: (f(x) - f(x - h)) / h, "backward difference"),
            (lambda f, x, h: (f(x + h) - f(x - h)) / h, "denominator is h"),
            (lambda f, x, h: (f(x - h) - f(x + h)) / (2 * h), "wrong way round"),
            (lambda f, x, h: (f(x + h) - f(x - h)) / 2 * h, "parentheses"),
            (lambda f, x, h: f(x + h) - f(x - h) / (2 * h), "numerator lacks"),
            (lambda f, x, h: (f(x + h) - f(x)) / (2 * h), "f(x) in place of f(x - h)"),
            (_fixed_step, "h is not used"),
            (_no_return, "return"),
            # exact on parabolas (a third difference vanishes there) but first order
            (
                lambda f, x, h: (
                    (f(x + h) - f(x - h)) / (2 * h)
                    + (f(x + 2 * h) - 3 * f(x + h) + 3 * f(x) - f(x - h)) / h**2
                ),
                "h^2",
            ),
        ],
    },
    "03.2": {
        "right": [1e-8, 10**-8, 10.0**-8, np.float64(1e-9), 1e-7, 1e-9],
        "wrong": [
            (1e-2, "truncation"),
            (1e-14, "round-off"),
            (2e-8, "not one of the steps"),
            (_min_error(), "the step that gives it"),
            (_argmin(), "position in the list"),
            (_argmax_step(), "largest error"),
            (10 ^ -8, "`^`"),
            (-8, "exponent"),
            (0.0, "positive"),
            (np.array([1e-8, 1e-9]), "one number"),
        ],
    },
}
