"""Right and plausible wrong answers for the checks of lesson 04.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import numpy as np
import sympy as sp

from utils.numerics import derivative


def _fx(x, y):
    return 3 * x**2 * y**2 + 2 * y


def _fy(x, y):
    return 2 * x**3 * y + 2 * x - 3 * y**2


def _mse_grad(w, b, x, y):
    residual = w * x + b - y
    return np.mean(2 * residual * x), np.mean(2 * residual)


def _ridge_grad(w, b, x, y, lam):
    mse_w, mse_b = _mse_grad(w, b, x, y)
    return mse_w + 2 * lam * w, mse_b


def _f3(x, y, z):
    return x**2 * y + y * np.exp(z) + np.sin(x * z)


def _grad_claimed(x, y, z):
    return (
        2 * x * y + z * np.cos(x * z),
        x**2 + np.exp(z),
        y * np.exp(z) + np.cos(x * z),
    )


def _grad_fixed(x, y, z):
    return (
        2 * x * y + z * np.cos(x * z),
        x**2 + np.exp(z),
        y * np.exp(z) + x * np.cos(x * z),
    )


def _central_gradient(f, point, h=1e-5):
    point = np.asarray(point, dtype=float)
    steps = h * np.eye(point.size)
    return np.array([(f(point + e) - f(point - e)) / (2 * h) for e in steps])


def _elasticities(f, point):
    point = np.asarray(point, dtype=float)
    return _central_gradient(f, point) * point / f(point)


def _numeric_fix(x, y, z):
    """A corrected gradient built from a central difference for the wrong partial."""
    h = 1e-5
    dz = (_f3(x, y, z + h) - _f3(x, y, z - h)) / (2 * h)
    return [2 * x * y + z * np.cos(x * z), x**2 + np.exp(z), dz]


# Data a learner's notebook holds as globals (section 6's x_data, y_data).
_X_DATA = np.random.default_rng(0).uniform(-2, 2, size=20)
_Y_DATA = 2 * _X_DATA + 1


CASES = {
    "04.1": {
        "right": [
            (_fx, _fy),
            [
                lambda x, y: x**2 * y**2 * 3 + 2 * y,
                lambda x, y: x * (2 * x**2 * y + 2) - 3 * y * y,
            ],
            (np.vectorize(_fx), np.vectorize(_fy)),
        ],
        "wrong": [
            # ^ for a power: Python's ^ is bitwise xor
            ((lambda x, y: 3 * x ^ 2, lambda x, y: x), "`^` is not a power"),
            ((_fy, _fx), "swapped"),
            ((_fy, _fy), "fx is the partial in y"),
            ((_fx, _fx), "fy is the partial in x"),
            ((lambda x, y: _fx(x, y) + _fy(x, y), _fy), "differentiated y too"),
            ((lambda x, y: _fx(x, y) - 3 * y**2, _fy), "constant"),
            ((_fx, lambda x, y: _fx(x, y) + _fy(x, y)), "differentiated x too"),
            ((_fx, lambda x, y: 2 * x**3 * y + 2 * x), "missing from fy"),
            ((lambda x, y: 3 * x**2 * y**2 + 2, _fy), "y was dropped"),
            ((_fx, lambda x, y: 2 * x**3 * y + 2 - 3 * y**2), "x was dropped"),
            ((_fx, lambda x, y: 2 * x**3 * y + 2 * x + 3 * y**2), "wrong sign"),
            ((_fx, lambda x, y: 2 * x**3 * y + 2 * x - y**2), "power rule"),
            ((_fx,), "pair"),
            (
                (
                    sp.diff(sp.sympify("x**3*y**2 + 2*x*y - y**3"), "x"),
                    sp.diff(sp.sympify("x**3*y**2 + 2*x*y - y**3"), "y"),
                ),
                "sp.lambdify",
            ),
        ],
    },
    "04.4": {
        "right": [
            lambda f, x, y, h: (f(x + h, y) - f(x - h, y)) / (2 * h),
            lambda f, x, y, h: (
                0.5 * ((f(x + h, y) - f(x, y)) + (f(x, y) - f(x - h, y))) / h
            ),
        ],
        "wrong": [
            (lambda f, x, y, h: (f(x + h, y) - f(x, y)) / h, "forward difference"),
            (lambda f, x, y, h: (f(x + h, y) - f(x - h, y)) / h, "denominator is h"),
            (
                lambda f, x, y, h: (f(x, y + h) - f(x, y - h)) / (2 * h),
                "moved y instead of x",
            ),
            (
                lambda f, x, y, h: (f(x + h, y + h) - f(x - h, y - h)) / (2 * h),
                "moved x and y together",
            ),
            (lambda f, x, y, h: (f(x, y) - f(x - h, y)) / h, "backward difference"),
            (lambda f, x, y, h: (f(x + h, y) - f(x - h, y)) / 2 * h, "parentheses"),
            (
                lambda f, x, y, h: f(x + h, y) - f(x - h, y) / (2 * h),
                "only f(x - h, y) was divided",
            ),
            (
                lambda f, x, y, h: derivative(lambda t: f(t, y), x),
                "does not change with h",
            ),
            # exact on quadratics (the added third difference vanishes there) but first order
            (
                lambda f, x, y, h: (
                    (f(x + h, y) - f(x - h, y)) / (2 * h)
                    + (f(x + 2 * h, y) - 3 * f(x + h, y) + 3 * f(x, y) - f(x - h, y))
                    / h**2
                ),
                "h^2",
            ),
        ],
    },
    "04.2": {
        "right": [
            lambda x, y: 6 * x**2 * y + np.exp(y),
            lambda x, y: np.exp(y) + 6 * y * x * x,
            np.vectorize(lambda x, y: 6 * x**2 * y + np.exp(y)),
        ],
        "wrong": [
            (lambda x, y: 6 * x * y**2, "f_xx"),
            (lambda x, y: 2 * x**3 + x * np.exp(y), "f_yy"),
            (lambda x, y: 3 * x**2 * y**2 + np.exp(y), "once more, by y"),
            (lambda x, y: 2 * x**3 * y + x * np.exp(y), "once more, by x"),
            (
                lambda x, y: (
                    (3 * x**2 * y**2 + np.exp(y)) * (2 * x**3 * y + x * np.exp(y))
                ),
                "multiplied",
            ),
            (lambda x, y: 6 * x**2 * y + x * np.exp(y), "differentiated by y only"),
            (lambda x, y: 6 * x**2 * y, "x e^y is missing"),
            (lambda x, y: 6 * x**2 * y + y * np.exp(y - 1), "power rule on e^y"),
        ],
    },
    "04.3": {
        "right": [
            _ridge_grad,
            lambda w, b, x, y, lam: [
                2 * np.mean((w * x + b - y) * x) + 2 * lam * w,
                2 * np.mean(w * x + b - y),
            ],
            lambda w, b, x, y, lam: np.array(
                [
                    sum(2 * (w * xi + b - yi) * xi for xi, yi in zip(x, y, strict=True))
                    / len(x)
                    + lam * 2 * w,
                    sum(2 * (w * xi + b - yi) for xi, yi in zip(x, y, strict=True))
                    / len(x),
                ]
            ),
        ],
        "wrong": [
            (lambda w, b, x, y, lam: _mse_grad(w, b, x, y), "derivative is missing"),
            (
                lambda w, b, x, y, lam: (
                    _mse_grad(w, b, x, y)[0] + lam * w,
                    _mse_grad(w, b, x, y)[1],
                ),
                "off by a factor",
            ),
            (
                lambda w, b, x, y, lam: np.add(
                    _ridge_grad(w, b, x, y, lam), [0, 2 * lam * b]
                ),
                "penalised b too",
            ),
            (
                lambda w, b, x, y, lam: (
                    np.mean((w * x + b - y) * x) + 2 * lam * w,
                    np.mean(w * x + b - y),
                ),
                "factor 2",
            ),
            (
                lambda w, b, x, y, lam: np.divide(_ridge_grad(w, b, x, y, lam), 2),
                "factor 2",
            ),
            (
                lambda w, b, x, y, lam: (
                    np.sum(2 * (w * x + b - y) * x) + 2 * lam * w,
                    np.sum(2 * (w * x + b - y)),
                ),
                "summed",
            ),
            (
                lambda w, b, x, y, lam: (
                    np.mean(2 * (y - w * x - b) * x) + 2 * lam * w,
                    np.mean(2 * (y - w * x - b)),
                ),
                "sign is flipped",
            ),
            (
                lambda w, b, x, y, lam: np.negative(_ridge_grad(w, b, x, y, lam)),
                "sign is flipped",
            ),
            (
                lambda w, b, x, y, lam: (
                    np.mean(2 * (w * x + b - y)) + 2 * lam * w,
                    np.mean(2 * (w * x + b - y)),
                ),
                "missing the factor x_i",
            ),
            (lambda w, b, x, y, lam: _ridge_grad(w, b, x, y, lam)[::-1], "swapped"),
            (
                lambda w, b, x, y, lam: np.add(
                    _ridge_grad(w, b, x, y, lam), [0, 2 * lam * w]
                ),
                "dL/dw is right; dL/db is off: it looks like the penalty was added "
                "to dL/db too: the bias is not penalised",
            ),
            (
                lambda w, b, x, y, lam: (
                    _mse_grad(w, b, x, y)[0] + lam * w**2,
                    _mse_grad(w, b, x, y)[1],
                ),
                "dL/dw is off: it looks like the penalty was not differentiated",
            ),
            (
                lambda w, b, x, y, lam: (
                    _mse_grad(w, b, x, y)[0] + lam * w**2,
                    _mse_grad(w, b, x, y)[1] + lam * w**2,
                ),
                "dL/db is off: it looks like the penalty λw² was added to dL/db",
            ),
            (
                lambda w, b, x, y, lam: (
                    _mse_grad(w, b, x, y)[0] + 2 * lam,
                    _mse_grad(w, b, x, y)[1],
                ),
                "w was dropped",
            ),
            (
                lambda w, b, x, y, lam: (
                    _ridge_grad(w, b, x, y, lam)[0],
                    _mse_grad(w, b, x, y)[0],
                ),
                "belongs to dL/dw",
            ),
            (lambda w, b, x, y, lam: _ridge_grad(w, b, x, y, lam)[0], "two partials"),
            (lambda w, b, x, y, lam: _ridge_grad(w, b, x, y, lam)[:1], "shape (2,)"),
            (
                lambda w, b, x, y, lam: _ridge_grad(w, b, _X_DATA, _Y_DATA, lam),
                "ignores its arguments x and y",
            ),
        ],
    },
    "04.5": {
        "right": [
            _grad_fixed,
            _numeric_fix,
            lambda x, y, z: np.array(_grad_fixed(x, y, z)),
        ],
        "wrong": [
            (_grad_claimed, "same values as grad_claimed"),
            (
                lambda x, y, z: (
                    2 * x * y,
                    x**2 + np.exp(z),
                    y * np.exp(z) + x * np.cos(x * z),
                ),
                "partial in x",
            ),
            (
                lambda x, y, z: (
                    2 * x * y + z * np.cos(x * z),
                    x**2 + np.exp(z),
                    y * np.exp(z) + z * np.cos(x * z),
                ),
                "was taken by x",
            ),
            (
                lambda x, y, z: (
                    2 * x * y + z * np.cos(x * z),
                    x**2 + np.exp(z),
                    x * np.cos(x * z),
                ),
                "y e^z is missing",
            ),
            (
                lambda x, y, z: (
                    2 * x * y + z * np.cos(x * z),
                    x**2,
                    y * np.exp(z) + x * np.cos(x * z),
                ),
                "so it has a partial in y",
            ),
            (
                lambda x, y, z: (
                    2 * x * y + z * np.cos(x * z),
                    x**2 + np.exp(z),
                    np.exp(z) + x * np.cos(x * z),
                ),
                "y was dropped",
            ),
            (
                lambda x, y, z: (
                    2 * x * y + z * np.cos(x * z),
                    x**2 + np.exp(z),
                    y * np.exp(z) - x * np.sin(x * z),
                ),
                "as if it were cos",
            ),
            (lambda x, y, z: _grad_fixed(x, y, z)[:2], "shape (3,)"),
            (lambda x, y, z: sum(_grad_fixed(x, y, z)), "three partials"),
        ],
    },
    "04.6": {
        "right": [
            _elasticities,
            lambda f, p: list(_central_gradient(f, p) * np.asarray(p) / f(p)),
            lambda f, p: tuple(
                _central_gradient(f, p, h=1e-6)[i] * p[i] / f(p) for i in range(len(p))
            ),
        ],
        "wrong": [
            (lambda f, p: _central_gradient(f, p), "returned the partial derivatives"),
            (lambda f, p: _central_gradient(f, p) * p, "did not divide by f(x)"),
            (lambda f, p: _central_gradient(f, p) * f(p) / p, "upside down"),
            (lambda f, p: _central_gradient(f, p)[:2] * p[:2] / f(p), "shape (3,)"),
            (lambda f, p: 100 * _elasticities(f, p), "100 times"),
            (lambda f, p: np.asarray(p) / f(p), "partial derivatives are missing"),
            (lambda f, p: _central_gradient(f, p) / p / f(p), "divided by x_i"),
        ],
    },
}
