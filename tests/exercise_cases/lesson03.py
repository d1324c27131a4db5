"""Right and plausible wrong answers for the checks of lesson 03.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import numpy as np
from scipy.differentiate import derivative as scipy_derivative

from utils.numerics import derivative


def _no_return(f, x, h):
    (f(x + h) - f(x - h)) / (2 * h)


def _fixed_step(f, x, h):
    step = 1e-5
    return (f(x + step) - f(x - step)) / (2 * step)


# The learner's exact code for two precedence slips, as they wrote it.
# fmt: off
def _divided_then_multiplied(f, x, h):
    return (f(x+h)-f(x-h)) / 2*h


def _numerator_unbracketed(f, x, h):
    return f(x+h) - f(x-h)/(2*h)
# fmt: on


def _hard_coded_sin(f, x, h):
    return (np.sin(x + h) - np.sin(x - h)) / (2 * h)


def _parameters_swapped(f, h, x):
    return (f(x + h) - f(x - h)) / (2 * h)


# Answers that hand the work to a library instead of computing it.
def _course_derivative(f, x, h):
    return derivative(f, x, h=h)


def _course_central(f, x, h):
    return derivative(f, x, h=h, method="central")


def _course_positional(f, x, h):
    return derivative(f, x, h)


def _course_default_step(f, x, h):
    return derivative(f, x)


def _course_positive_step(f, x, h):
    return derivative(f, x, h=abs(h), method="central")


def _scipy_positional(f, x, h):
    return scipy_derivative(f, x, h).df


_STEPS = 10.0 ** -np.arange(1, 16)
_EXACT = 1 / (2 * np.sqrt(0.1))


def _errors(signed=False, exact=_EXACT):
    errors = (np.sqrt(0.1 + _STEPS) - np.sqrt(0.1)) / _STEPS - exact
    return errors if signed else np.abs(errors)


def _errors_at(x, exact=_EXACT):
    """Section 3's code copied with its point x left unchanged."""
    return np.abs((np.sqrt(x + _STEPS) - np.sqrt(x)) / _STEPS - exact)


def _course_errors(exact):
    estimates = [derivative(np.sqrt, 0.1, h=h, method="forward") for h in _STEPS]
    return np.abs(np.array(estimates) - exact)


def _loop_best():
    best_h, smallest = None, np.inf
    for k in range(1, 16):
        step = 10.0**-k
        error = abs(derivative(np.sqrt, 0.1, h=step, method="forward") - _EXACT)
        if error < smallest:
            best_h, smallest = step, error
    return best_h


def _central_best():
    errors = [
        abs(derivative(np.sqrt, 0.1, h=step, method="central") - _EXACT)
        for step in _STEPS
    ]
    return _STEPS[np.argmin(errors)]


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
            (lambda f, x, h: f(x + h) - f(x - h) / 2 * h, "neither the numerator nor"),
            (lambda f, x, h: (f(x + h) + f(x - h)) / (2 * h), "values are added"),
            (_divided_then_multiplied, "`/ 2 * h` divides by 2"),
            (_numerator_unbracketed, "numerator lacks parentheses"),
            (_hard_coded_sin, "does not use its argument f"),
            (_parameters_swapped, "wrong order"),
            (_fixed_step, "h is not used"),
            (_no_return, "return"),
            (_course_derivative, "calls the course's derivative"),
            (_course_central, "calls the course's derivative"),
            (_course_positional, "calls the course's derivative"),
            (_course_default_step, "calls the course's derivative"),
            (_course_positive_step, "calls the course's derivative"),
            (_scipy_positional, "calls the course's derivative"),
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
        "right": [
            _STEPS[np.argmin(_errors())],
            _loop_best(),
            1e-9,
            10.0**-9,
            np.float64(1e-9),
        ],
        "wrong": [
            # near the best step the check gives no direction to guess by
            (1e-8, "section 3's V"),
            (1e-7, "not give the smallest error of the fifteen"),
            (1e-10, "compare the errors you measured"),
            (1e-12, "compare the errors you measured"),
            # far from it, the kind of error that dominates
            (1e-2, "truncation error dominates"),
            (1e-3, "truncation error dominates"),
            (1e-13, "round-off error dominates"),
            (1e-15, "round-off error dominates"),
            # a wrong exact derivative in the errors
            (_STEPS[np.argmin(_errors(exact=1 / np.sqrt(0.1)))], "larger than"),
            (_STEPS[np.argmin(_course_errors(1 / np.sqrt(0.1)))], "larger than"),
            (_STEPS[np.argmin(_errors(exact=1 / 2 * np.sqrt(0.1)))], "(1/2)·√x"),
            (_STEPS[np.argmin(_course_errors(1 / 2 * np.sqrt(0.1)))], "(1/2)·√x"),
            # the estimates at section 3's x = 1.0, not at 0.1
            (_STEPS[np.argmin(_errors_at(1.0))], "estimates at x = 0.1?"),
            (_STEPS[np.argmin(_errors_at(1.0, exact=0.5))], "at x = 0.1"),
            # exact as f itself, not its derivative
            (_STEPS[np.argmin(_errors(exact=np.sqrt(0.1)))], "np.sqrt(x) is f itself"),
            (3e-9, "not one of the steps"),
            (np.sqrt(2 * np.finfo(float).eps), "not one of the steps"),
            (np.min(_errors()), "one of the errors"),
            (np.argmin(_errors()), "position in the list"),
            (int(np.argmin(_errors())) + 1, "position in the list"),
            (_STEPS[np.argmin(_errors(signed=True))], "without np.abs"),
            (_STEPS[np.argmin(-_errors(signed=True))], "without np.abs"),
            (_STEPS[np.argmax(_errors())], "np.argmax"),
            (_central_best(), "central difference"),
            ([1e-9], "not one number"),
            (np.array([1e-9]), "not one number"),
            (1e-9 + 0j, "complex"),
            (10 ^ -8, "`^`"),
            (-9, "exponent"),
            (0, "np.argmin"),
            (-1e-9, "positive step"),
        ],
    },
}
