"""Right and plausible wrong answers for the checks of lesson 02.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import math

import numpy as np
import sympy as sp


def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(np.asarray(z) >= 0, 1 / (1 + e), e / (1 + e))


def _sigmoid_math(z):
    if z >= 0:
        return 1 / (1 + math.exp(-z))
    return math.exp(z) / (1 + math.exp(z))


def _naive_sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _dsigmoid(z):
    return _naive_sigmoid(z) * (1 - _naive_sigmoid(z))


CASES = {
    "02.1": {
        "right": [
            lambda x: 2 * x * np.sin(x) + x**2 * np.cos(x),
            lambda x: x * (2 * math.sin(x) + x * math.cos(x)),
            np.vectorize(lambda x: x * x * math.cos(x) + 2 * x * math.sin(x)),
        ],
        "wrong": [
            (lambda x: 2 * x * np.cos(x), "multiplied the two derivatives"),
            (lambda x: 2 * x * np.sin(x), "the one in which x² is differentiated"),
            (lambda x: x**2 * np.cos(x), "the one in which sin x is differentiated"),
            (lambda x: 2 * x * np.sin(x) - x**2 * np.cos(x), "minus"),
            # sin x copied into the second term, not differentiated
            (
                lambda x: 2 * x * np.sin(x) + x**2 * np.sin(x),
                "sin x was not differentiated",
            ),
            (lambda x: None, "return"),
            (lambda x: 2 * x * np.sin(x) + x ^ 2 * np.cos(x), "`^` is not a power"),
            # angles turned into degrees
            (
                lambda x: 2 * x * np.sin(np.radians(x)) + x**2 * np.cos(np.radians(x)),
                "degrees",
            ),
            # SymPy used inside the answer: sp.diff receives a number
            (lambda x: sp.diff(x**2 * sp.sin(x), x), "received a number"),
        ],
    },
    "02.2": {
        "right": [
            lambda x: (2 * (x**2 + 1) - (2 * x + 1) * 2 * x) / (x**2 + 1) ** 2,
            lambda x: 2 * (1 - x - x**2) / (1 + x**2) ** 2,
            np.vectorize(lambda x: (2 - 2 * x - 2 * x * x) / (x * x + 1) ** 2),
        ],
        "wrong": [
            (
                lambda x: ((2 * x + 1) * 2 * x - 2 * (x**2 + 1)) / (x**2 + 1) ** 2,
                "wrong way round",
            ),
            (
                lambda x: (2 * (x**2 + 1) - (2 * x + 1) * 2 * x) / (x**2 + 1),
                "the denominator is g, not g²",
            ),
            (
                lambda x: (2 * (x**2 + 1) + (2 * x + 1) * 2 * x) / (x**2 + 1) ** 2,
                "plus in the numerator",
            ),
            (lambda x: 1 / x, "divided the derivatives"),
            # g' = 2 instead of 2x
            (
                lambda x: (2 * (x**2 + 1) - (2 * x + 1) * 2) / (x**2 + 1) ** 2,
                "the number 2",
            ),
            # brackets left out around the denominator, the numerator, or in f'g
            (
                lambda x: (2 * (x**2 + 1) - (2 * x + 1) * 2 * x) / x**2 + 1,
                "the denominator lost its brackets",
            ),
            (
                lambda x: (2 * (x**2 + 1) - (2 * x + 1) * 2 * x) / x**2 + 1**2,
                "the denominator lost its brackets",
            ),
            (
                lambda x: 2 * (x**2 + 1) - (2 * x + 1) * 2 * x / (x**2 + 1) ** 2,
                "the numerator lost its brackets",
            ),
            (
                lambda x: (
                    (2 * (x**2 + 1) - (2 * x + 1) * 2 * x) / (x**2 + 1) * (x**2 + 1)
                ),
                "divides by g and then multiplies",
            ),
            (
                lambda x: (2 * x**2 + 1 - (2 * x + 1) * 2 * x) / (x**2 + 1) ** 2,
                "doubles only x²",
            ),
            (lambda x: None, "return"),
            # x^2 for x**2: Python's ^ is not a power
            (
                lambda x: (2 * (x ^ 2 + 1) - (2 * x + 1) * 2 * x) / (x ^ 2 + 1) ** 2,
                "`^` is not a power",
            ),
        ],
    },
    "02.3": {
        "right": [
            lambda x: -x * np.exp(-(x**2) / 2),
            lambda x: -x * math.exp(-0.5 * x * x),
            lambda x: -x / np.sqrt(np.exp(x**2)),
        ],
        "wrong": [
            (lambda x: np.exp(-(x**2) / 2), "inner derivative is missing"),
            (lambda x: -(x**2) / 2 * np.exp(-(x**2) / 2), "inner function"),
            (lambda x: -2 * x * np.exp(-(x**2) / 2), "the factor 1/2 in -x²/2"),
            # the power rule used on e^u: u e^(u-1), with or without the inner slope
            (
                lambda x: -(x**2) / 2 * np.exp(-(x**2) / 2 - 1),
                "power rule on e^u",
            ),
            (
                lambda x: -(x**2) / 2 * np.exp(-(x**2) / 2 - 1) * -x,
                "power rule on e^u",
            ),
            (lambda x: -x * np.exp(-(x**2) / 2 - 1), "lowered the exponent by one"),
            (lambda x: x * np.exp(-(x**2) / 2), "minus sign"),
            # the /2 outside the exponential
            (lambda x: -x * np.exp(-(x**2)) / 2, "outside the exponential"),
            # only the inner derivative; the outer factor forgotten
            (lambda x: -x, "only the inner derivative"),
            # the sign inside the exponent lost when copying the outer function
            (lambda x: -x * np.exp(x**2 / 2), "exponent lost its minus sign"),
            (lambda x: -x * np.exp(-(x ^ 2) / 2), "`^` is not a power"),
            (lambda x: None, "return"),
        ],
    },
    "02.5": {
        "right": [
            lambda z: _sigmoid(z) * (1 + z * (1 - _sigmoid(z))),
            lambda z: _sigmoid(z) + z * _sigmoid(z) * _sigmoid(-z),
            lambda z: _sigmoid_math(z) + z * _sigmoid_math(z) * (1 - _sigmoid_math(z)),
            # the lesson's sigmoid of section 7
            lambda z: _naive_sigmoid(z) * (1 + z * (1 - _naive_sigmoid(z))),
            # the expanded form, fine at the points the check uses
            lambda z: 1 / (1 + np.exp(-z)) + z * np.exp(-z) / (1 + np.exp(-z)) ** 2,
        ],
        "wrong": [
            (_sigmoid, "only z' σ(z)"),
            (lambda z: z * _sigmoid(z) * (1 - _sigmoid(z)), "only z σ'(z)"),
            (lambda z: _sigmoid(z) * (1 - _sigmoid(z)), "multiplied the two"),
            (
                lambda z: _sigmoid(z) - z * _sigmoid(z) * (1 - _sigmoid(z)),
                "wrong sign",
            ),
            (
                lambda z: _sigmoid(z) + _sigmoid(z) * (1 - _sigmoid(z)),
                "the factor z went missing",
            ),
            (lambda z: _sigmoid(z) + z * _sigmoid(z), "σ(z) itself for σ'(z)"),
            (lambda z: None, "return"),
        ],
    },
    "02.4": {
        "right": [
            lambda w, x, y: (
                2 * (_sigmoid(w * x) - y) * _sigmoid(w * x) * (1 - _sigmoid(w * x)) * x
            ),
            lambda w, x, y: (
                2 * x * (_naive_sigmoid(w * x) - y) * _sigmoid(w * x) * _sigmoid(-w * x)
            ),
            lambda w, x, y: (
                2
                * (_sigmoid_math(w * x) - y)
                * math.exp(-w * x)
                / (1 + math.exp(-w * x)) ** 2
                * x
            ),
        ],
        "wrong": [
            (
                lambda w, x, y: (
                    2 * (_sigmoid(w * x) - y) * _sigmoid(w * x) * (1 - _sigmoid(w * x))
                ),
                "innermost derivative is missing",
            ),
            (
                lambda w, x, y: 2 * (_sigmoid(w * x) - y) * x,
                "sigmoid's derivative is missing",
            ),
            # section 9's dL/dŷ copied as it stands
            (
                lambda w, x, y: 2 * (_naive_sigmoid(w * x) - y),
                "the slope in ŷ only",
            ),
            (
                lambda w, x, y: (
                    (_sigmoid(w * x) - y) * _sigmoid(w * x) * (1 - _sigmoid(w * x)) * x
                ),
                "factor 2",
            ),
            (
                lambda w, x, y: (
                    2
                    * (_sigmoid(w * x) - y)
                    * _sigmoid(w * x)
                    * (1 - _sigmoid(w * x))
                    * w
                ),
                "multiplied by w",
            ),
            (
                lambda w, x, y: 2 * (_sigmoid(w * x) - y) * _sigmoid(w * x) * x,
                "σ(w x) itself",
            ),
            (
                lambda w, x, y: (
                    2
                    * (y - _sigmoid(w * x))
                    * _sigmoid(w * x)
                    * (1 - _sigmoid(w * x))
                    * x
                ),
                "sign is flipped",
            ),
            (
                lambda w, x, y: _sigmoid(w * x) * (1 - _sigmoid(w * x)) * x,
                "without the square",
            ),
            (
                lambda w, x, y: (
                    2 * (_sigmoid(w * x) - y) * _sigmoid(w) * (1 - _sigmoid(w)) * x
                ),
                "σ' is evaluated at w",
            ),
            # the right formula, with the arguments in the order (x, w, y)
            (
                lambda x, w, y: 2 * (_sigmoid(w * x) - y) * _dsigmoid(w * x) * x,
                "in the order",
            ),
            # σ' evaluated at x instead of w x
            (
                lambda w, x, y: 2 * (_sigmoid(w * x) - y) * _dsigmoid(x) * x,
                "σ' is evaluated at x",
            ),
            # the prediction written as w x, as for section 9's line
            (
                lambda w, x, y: 2 * (w * x - y) * _dsigmoid(w * x) * x,
                "section 9",
            ),
            # the target dropped
            (
                lambda w, x, y: 2 * _sigmoid(w * x) * _dsigmoid(w * x) * x,
                "target y is missing",
            ),
            # σ' written out by hand, with ^ for the square
            (
                lambda w, x, y: (
                    2 * (_sigmoid(w * x) - y) * np.exp(-w * x) / (1 + np.exp(-w * x))
                    ^ 2 * x
                ),
                "`^` is not a power",
            ),
            (lambda w, x, y: None, "return"),
        ],
    },
    "02.6": {
        "right": [
            lambda z, y, w: (1 - y) * _sigmoid(z) - w * y * (1 - _sigmoid(z)),
            lambda z, y, w: (1 - y) * _sigmoid(z) - w * y * _sigmoid(-z),
            lambda z, y, w: (
                _sigmoid_math(z) - y
                if w == 1
                else _sigmoid_math(z) * (1 - y + w * y) - w * y
            ),
        ],
        "wrong": [
            (lambda z, y, w: _sigmoid(z) - y, "weight is missing"),
            (lambda z, y, w: _sigmoid(z) - w * y, "redo the algebra"),
            (lambda z, y, w: w * (_sigmoid(z) - y), "whole slope"),
            (
                lambda z, y, w: -w * y / _sigmoid(z) + (1 - y) / (1 - _sigmoid(z)),
                "chain rule through the sigmoid",
            ),
            (
                lambda z, y, w: w * y * (1 - _sigmoid(z)) - (1 - y) * _sigmoid(z),
                "sign is flipped",
            ),
            # the sign of the w y term flipped
            (
                lambda z, y, w: (1 - y) * _sigmoid(z) + w * y * (1 - _sigmoid(z)),
                "w y term has the wrong sign",
            ),
            # right before simplifying: dL/dp · σ'(z) is 0 · inf = nan far out
            (
                lambda z, y, w: (
                    (-w * y / _sigmoid(z) + (1 - y) / (1 - _sigmoid(z)))
                    * _sigmoid(z)
                    * (1 - _sigmoid(z))
                ),
                "never divide by them",
            ),
            # the same, with the stable slope σ(z)σ(-z): p still rounds to 0
            (
                lambda z, y, w: (
                    (-w * y / _sigmoid(z) + (1 - y) / (1 - _sigmoid(z)))
                    * _sigmoid(z)
                    * _sigmoid(-z)
                ),
                "even with `sigmoid_stable`",
            ),
            # math.exp overflows far out: an OverflowError, not a nan
            (
                lambda z, y, w: (
                    (1 - y) / (1 + math.exp(-z))
                    - w * y * math.exp(-z) / (1 + math.exp(-z))
                ),
                "never divide by them",
            ),
            # right for moderate z, but not a number far out
            (
                lambda z, y, w: (
                    (1 - y) * _sigmoid_math(z) - w * y * _sigmoid_math(-z)
                    if abs(z) < 100
                    else "far"
                ),
                "should be a number",
            ),
            # an int too large for a float far out
            (
                lambda z, y, w: (
                    (1 - y) * _sigmoid_math(z) - w * y * _sigmoid_math(-z)
                    if abs(z) < 100
                    else 10**400
                ),
                "too large",
            ),
        ],
    },
}

ERRORS = {
    "02.6": [
        # math.log(0) far out: a ValueError, reported as it is
        (
            lambda z, y, w: (
                (1 - y) * _sigmoid_math(z)
                - w * y * math.exp(math.log(_sigmoid_math(-z)))
            ),
            "raised ValueError: math domain error (when called with 800",
        ),
    ],
}
