"""Right and plausible wrong answers for the checks of lesson 07.

Each entry: answers that must pass (several equivalent forms where there are
several), and wrong answers with words the feedback must contain.
"""

import math

import numpy as np
from scipy.special import expit

from utils.autodiff import Value
from utils.numerics import derivative

# ---------------------------------------------------------------- 07.1
_X, _Y, _Z = 1.5, -0.5, 2.0
_T = math.tanh(_Y)
_R = _X * _Y + _Z
_GRADS = (_Y * _T, _X * _T + _R * (1 - _T**2), _T)


# ---------------------------------------------------------------- 07.2
def _engine(
    *,
    where="*",
    accumulate=True,
    use_out=True,
    own_data=False,
    times_as_plus=False,
    plus_as_times=False,
    only_a=False,
    link=True,
    connect=True,
    eager=False,
    grad0=0.0,
    wrap=True,
    plain_number=False,
    init_plus=False,
    call_rule=False,
    recurse=False,
    upstream="grad",
    sign=1.0,
    into_out=False,
    returns=False,
    grad_slope=None,
    value_slope=False,
):
    """A MyValue class, right or with one planted mistake.

    The mistakes of the operations go into those named in ``where``: by
    default only into ``*``, which the learner writes; ``__init__`` and
    ``__add__`` are given, and their mistakes are edits of the given code.
    """

    class MyValue:
        def __init__(self, data, _prev=()):
            self._backward = lambda: None
            self.data = data
            if init_plus:
                self.grad += grad0  # raises: self.grad does not exist yet
            else:
                self.grad = grad0
            self._prev = _prev

        def _rule(self, other, slopes, symbol):
            slip = symbol in where
            out = MyValue(0.0, (self, other) if link or not slip else ())
            early = out.grad  # a copy taken too soon: 0.0

            def _backward():
                pairs = [(self, slopes[0]), (other, slopes[1])]
                results = []
                for node, slope in pairs[:1] if only_a and slip else pairs:
                    given = {"grad": out.grad, "data": out.data, "early": early}
                    up = given[upstream] if slip else out.grad
                    share = (sign if slip else 1.0) * slope() * up
                    if not use_out and slip:
                        share = sign * slope()
                    if into_out and slip:  # adds to out.grad instead of the input's
                        out.grad += share
                    elif returns and slip:  # hands the new grads back, changes nothing
                        results.append(node.grad + share)
                    else:
                        add = accumulate or not slip
                        node.grad = node.grad + share if add else share
                return results if returns and slip else None

            if eager and slip:  # the rule's lines written in the method itself
                _backward()
            elif call_rule and slip:
                out._backward = _backward()
            elif connect or not slip:
                out._backward = _backward
            return out

        def __add__(self, other):
            slip = "+" in where
            if wrap or not slip:
                other = other if isinstance(other, MyValue) else MyValue(other)
            if plain_number and slip:
                return self.data + other.data
            if recurse and slip:  # MyValue(self + other, ...): __add__ calls itself
                return MyValue(self + other, (self, other))
            if plus_as_times and slip:
                slopes = (lambda: other.data, lambda: self.data)
            else:
                slopes = (lambda: 1.0, lambda: 1.0)
            out = self._rule(other, slopes, "+")
            out.data = self.data + other.data
            return out

        def __mul__(self, other):
            slip = "*" in where
            if wrap or not slip:
                other = other if isinstance(other, MyValue) else MyValue(other)
            if plain_number and slip:
                return self.data * other.data
            if recurse and slip:
                return MyValue(self * other, (self, other))
            if times_as_plus and slip:
                slopes = (lambda: 1.0, lambda: 1.0)
            elif grad_slope and slip:  # a grad typed where a .data belongs
                slopes = (
                    (lambda: other.grad)
                    if grad_slope != "self"
                    else (lambda: other.data),
                    (lambda: self.grad)
                    if grad_slope != "other"
                    else (lambda: self.data),
                )
            elif value_slope and slip:  # other * out.grad: the values, not .data
                slopes = (lambda: other, lambda: self)
            elif own_data and slip:
                slopes = (lambda: self.data, lambda: other.data)
            else:
                slopes = (lambda: other.data, lambda: self.data)
            out = self._rule(other, slopes, "*")
            out.data = self.data * other.data
            return out

        def __sub__(self, other):
            return self + other * -1

    return MyValue


class _PlainValue:
    """Equivalent: written out, without helpers, and with a list for _prev."""

    def __init__(self, data, _prev=()):
        self.data, self.grad, self._prev = data, 0.0, list(_prev)
        self._backward = lambda: None

    def __add__(self, other):
        other = other if isinstance(other, _PlainValue) else _PlainValue(other)
        out = _PlainValue(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, _PlainValue) else _PlainValue(other)
        out = _PlainValue(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad

        out._backward = _backward
        return out


def _softplus3(x):
    return math.log(1 + math.exp(3 * x))


def _not_a_class(data, _prev=()):
    return _engine()(data, _prev)


CASES = {
    "07.1": {
        "right": [
            _GRADS,
            list(_GRADS),
            np.array(_GRADS),
            tuple(round(g, 4) for g in _GRADS),
        ],
        "wrong": [
            ((_GRADS[0], _X * _T, _GRADS[2]), "forgot the path through tanh(y)"),
            ((_GRADS[0], _R * (1 - _T**2), _GRADS[2]), "path through the product"),
            ((_GRADS[0], _X * _T - _R * (1 - _T**2), _GRADS[2]), "sign"),
            ((_GRADS[0], _X * _T + _R * (1 - _T), _GRADS[2]), "without the square"),
            ((_GRADS[0], _X * _T + _R * (1 + _T**2), _GRADS[2]), "1 + tanh(y)^2"),
            ((_GRADS[0], _X * _T + _R * (1 - _T) ** 2, _GRADS[2]), "wrong place"),
            ((_X * _T, _Y * _T + _R * (1 - _T**2), _GRADS[2]), "partners"),
            ((_X * _T, _GRADS[1], _GRADS[2]), "df/dx used x as the slope of x*y"),
            (
                (_GRADS[0], _Y * _T + _R * (1 - _T**2), _GRADS[2]),
                "df/dy used y as the slope",
            ),
            ((_X, _Y, _Z), "forward pass"),
            ((_X * _Y, _R, _R * _T), "forward pass"),
            (tuple(-g for g in _GRADS), "sign"),
            ((_GRADS[2], _GRADS[1], _GRADS[0]), "wrong order"),
            ({"x": _GRADS[0]}, "tuple of three numbers"),
            (_GRADS[:2], "should hold 3 numbers"),
            (tuple(Value(g) for g in _GRADS), ".data"),
            (np.array([Value(g) for g in _GRADS], dtype=object), ".data"),
            (
                (_Y, _GRADS[1], 1.0),
                "df/dx and df/dz: the slope of the last step is missing",
            ),
            (
                (_Y, _GRADS[1], _GRADS[2]),
                "df/dx: the slope of the last step is missing",
            ),
            (
                (_Y, _X + _R * (1 - _T**2), 1.0),
                "last step is missing on the path through x*y",
            ),
            (
                (_GRADS[0], _X * _T + _R * (1 - math.tanh(_Y**2)), _GRADS[2]),
                "1 - tanh(y^2)",
            ),
            ((-_GRADS[0], _GRADS[1], _GRADS[2]), "df/dx: the sign is wrong"),
            ((_GRADS[0], _GRADS[1], -_GRADS[2]), "df/dz: the sign is wrong"),
            (
                (_Y * (1 - _T**2), _GRADS[1], 1 - _T**2),
                "tanh'(y) stands as the slope of the last step",
            ),
            (
                (_T, _GRADS[1], _GRADS[2]),
                "df/dx: the first step of the path from x is missing",
            ),
            (
                (_GRADS[0], _X * _T + (1 - _T**2), _GRADS[2]),
                "df/dy: the slope of the last step is missing on the path "
                "through tanh(y)",
            ),
            (
                (_T, _X * _T + (1 - _T**2), _GRADS[2]),
                "df/dx: the first step",
            ),
            (
                (round(_T, 4), round(_X * _T + (1 - _T**2), 4), round(_GRADS[2], 4)),
                "df/dy: the slope of the last step is missing on the path",
            ),
            ((0.1, _GRADS[1], _GRADS[2]), "df/dx: no common slip"),
            (tuple(round(g, 2) for g in _GRADS), "round less"),
            (
                (round(_GRADS[0], 4), round(_GRADS[1], 4) - 0.001, round(_GRADS[2], 4)),
                "df/dy is off by more than rounding",
            ),
        ],
    },
    "07.2": {
        "right": [_engine(), _PlainValue],
        "wrong": [
            # the mistakes the learner can make in __mul__
            (_engine(accumulate=False), "used = instead of +="),
            (
                _engine(accumulate=False),
                "the grads of a and b after (a * b)._backward() are",
            ),
            (_engine(use_out=False), "forgot to multiply by out.grad"),
            (_engine(own_data=True), "the slopes are swapped"),
            (
                _engine(plain_number=True),
                "out must be a value that remembers its inputs",
            ),
            (_engine(connect=False), "the gradients are still 0"),
            (_engine(connect=False), "the rule never ran"),
            (_engine(eager=True), "the gradients are still 0"),
            (_engine(eager=True), "while out.grad is still 0"),
            (_engine(times_as_plus=True), "used the slopes of +"),
            (_engine(only_a=True), "b is an input too"),
            (_engine(link=False), "(a * b) does not record its inputs"),
            (_engine(wrap=False), "given first line"),
            (_engine(call_rule=True), "without ()"),
            (_engine(recurse=True), "inside __mul__"),
            (_engine(into_out=True), "the gradients are still 0"),
            (_engine(into_out=True), "the rule changed out.grad"),
            (_engine(upstream="early"), "a copy of out.grad taken before"),
            (_engine(returns=True), "the rule returns its results"),
            (_engine(upstream="data"), "multiplied by out.data"),
            (_engine(sign=-1.0), "subtracts its shares with -="),
            (_engine(grad_slope="other"), "used other.grad, a gradient, as a slope"),
            (_engine(grad_slope="self"), "used self.grad, a gradient, as a slope"),
            (_engine(grad_slope="both"), "used the grads as slopes"),
            (_engine(value_slope=True), "the slopes come from the inputs' .data"),
            (_engine(value_slope=True), "stopped with a TypeError"),
            # edits of the given __init__ and __add__
            (_engine(where="+", plus_as_times=True), "used the slopes of *"),
            (_engine(where="+", accumulate=False), "(a + b)._backward() are"),
            (_engine(grad0=1.0), "should start at 0.0"),
            (_engine(init_plus=True), "grad must start as 0.0"),
            (_engine(grad0=None), "grad is None: grad should start at 0.0"),
            (_not_a_class, "should be a class"),
        ],
    },
    "07.3": {
        "right": [
            lambda x: 3 * math.exp(3 * x) / (1 + math.exp(3 * x)),
            lambda x: 3 / (1 + np.exp(-3 * x)),
            lambda x: 3 * expit(3 * x),
        ],
        "wrong": [
            (lambda x: 1 / (1 + math.exp(3 * x)), "inner derivative is missing"),
            (lambda x: expit(3 * x), "factor 3 is missing"),
            (lambda x: 3 * math.exp(3 * x), "outer derivative is missing"),
            (lambda x: -3 * expit(3 * x), "sign"),
            (lambda x: [3 * expit(3 * x)] * 2, "one number"),
            (lambda x: 3 / (1 + math.exp(3 * x)), "numerator lost its e^(3x)"),
            (
                lambda x: 3 * math.exp(3 * x) / (1 + math.exp(x)),
                "the denominator changed",
            ),
            (
                lambda x: 3 * math.exp(x) / (1 + math.exp(3 * x)),
                "exponent changed in the numerator",
            ),
            (lambda x: 9 * expit(3 * x), "the factor 3 was taken twice"),
            (
                lambda x: 3 * math.exp(3 * x) / (1 + math.exp(3 * x)) ** 2,
                "the denominator is squared",
            ),
            (
                lambda x: 3 * math.exp(3 * x) / math.log(1 + math.exp(3 * x)),
                "the denominator is ln(u)",
            ),
            (lambda x: 3 * expit(x), "the inside 3x became x"),
            (
                lambda x: derivative(lambda t: np.log(1 + np.exp(3 * t)), x),
                "dh calls derivative(...), a numerical estimate",
            ),
            (
                lambda x: (_softplus3(x + 1e-5) - _softplus3(x - 1e-5)) / 2e-5,
                "it looks like a numerical estimate",
            ),
        ],
    },
}
