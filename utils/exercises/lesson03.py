"""Checks for lesson 03, Numerical derivatives.

Each check computes its own reference with an independent method: a property of
the right answer (exact on parabolas, second order), or the measured errors of
the difference quotients that the exercise asks the learner to measure.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..numerics import derivative
from ._core import Incorrect, exercise
from ._feedback import as_function, as_number, call, check_at_points, compare

_DERIVATIVE_CALLED = (
    "central_difference calls the course's derivative (or another library "
    "function) instead of computing the estimate: the exercise asks you to "
    "compute it yourself from values of f, with section 1's formula."
)


def _cubic(t: float) -> float:
    return 0.5 * t**3 - t**2 + 2 * t


def _calls_derivative(central_difference: Any) -> None:
    """Raise `Incorrect` if the answer hands the work to `derivative`.

    The course's `derivative` refuses a negative step and a step too small to
    change x, and neither it nor SciPy's takes a third positional argument;
    the formula itself gives a number in all three cases. So an answer that
    calls a library fails here in a recognisable way.
    """
    for x, h in [(0.8, -0.2), (1.0, 1e-17)]:
        try:
            central_difference(_cubic, x, h)
        except ValueError as exc:
            if "h must be" in str(exc):
                raise Incorrect(_DERIVATIVE_CALLED) from exc
        except TypeError as exc:
            if "derivative()" in str(exc):
                raise Incorrect(_DERIVATIVE_CALLED) from exc
        except Exception:  # other faults are reported by the checks that follow
            return


@exercise("03.1")
def _central(answer: Any) -> str:
    central_difference = as_function(answer, "central_difference")

    def estimate(f: Any, x: float, h: float) -> float:
        value = call(central_difference, f, x, h, name="central_difference")
        return as_number(value, f"central_difference(f, {x:.3g}, {h:.3g})")

    _calls_derivative(central_difference)

    # A cubic's central difference depends on h (it is f'(x) + a h^2), so an
    # answer that gives the same value for two steps does not use its h.
    at_02 = estimate(_cubic, 0.8, 0.2)
    if at_02 == estimate(_cubic, 0.8, 0.4):
        if at_02 == derivative(_cubic, 0.8):
            raise Incorrect(_DERIVATIVE_CALLED)
        raise Incorrect(
            "central_difference gives the same estimate for h = 0.2 and h = 0.4: "
            "h is not used. The two points must be a step h either side of x, "
            "with h the argument, not a number fixed inside the function."
        )
    # Two different functions must give two different estimates; an answer
    # that ignores its f has a fixed function (often np.sin) written in.
    if at_02 == estimate(lambda t: 2 * t**3 + t, 0.8, 0.2):
        raise Incorrect(
            "central_difference gives the same estimate for two different "
            "functions: it does not use its argument f. Did you write np.sin (or "
            "another fixed function) where f should be called?"
        )
    # The central difference of a parabola is exact, whatever h is: the slope
    # 2 p x + q is the oracle.
    rng = np.random.default_rng(14)
    cases = [
        (*rng.uniform(-3, 3, size=3), rng.uniform(-2, 2), rng.uniform(0.05, 0.5))
        for _ in range(5)
    ]
    p, q, r, x, h = np.array(cases).T

    def parabola(p: Any, q: Any, r: Any) -> Any:
        return lambda t: p * t**2 + q * t + r

    f = parabola(p, q, r)  # the five parabolas at once, for the mistakes
    slope, ahead, behind = 2 * p * x + q, f(x + h), f(x - h)
    check_at_points(
        central_difference,
        "central_difference",
        [(parabola(*case[:3]), case[3], case[4]) for case in cases],
        slope,
        {
            "you used the forward difference (f(x+h) - f(x)) / h, which uses "
            "only x and the point to its right": slope + p * h,
            "you used the backward difference (f(x) - f(x-h)) / h, which uses "
            "only x and the point to its left": slope - p * h,
            "the denominator is h: the two points x - h and x + h are further "
            "apart than that": 2 * slope,
            "the values are subtracted the wrong way round: the sign is "
            "reversed": -slope,
            "`/ 2 * h` divides by 2 and then multiplies by h, because Python "
            "works from left to right: put the denominator in parentheses": slope
            * h**2,
            "the numerator lacks parentheses, so only f(x - h) is divided: "
            "put parentheses around the whole difference": ahead - behind / (2 * h),
            "neither the numerator nor the denominator has parentheses: "
            "Python divides only f(x - h), by 2, then multiplies by h": ahead
            - behind / 2 * h,
            "the two values are added: the slope needs their difference": (
                ahead + behind
            )
            / (2 * h),
            "you used f(x) in place of f(x - h): the points must lie one on "
            "each side of x": (slope + p * h) / 2,
            "the parameters are in the wrong order: the check calls "
            "central_difference(f, x, h), so your x receives the step and "
            "your h the point": (f(h + x) - f(h - x)) / (2 * x),
        },
        what="central_difference on parabolas",
        # Not a slip the check knows: give the learner a way to look.
        unmatched="it does not match the check's own calculation. Print "
        "central_difference(np.sin, 1.0, 0.1): a central difference is within "
        "0.001 of cos 1 ≈ 0.5403 there.",
        rtol=1e-9,
    )
    # Second order: halving h divides the error by about four.
    errors = [abs(estimate(np.sin, 0.7, h) - np.cos(0.7)) for h in (1e-2, 5e-3)]
    if not 3.5 < errors[0] / errors[1] < 4.5:
        raise Incorrect(
            "exact on parabolas, but on sin the error does not shrink like h^2 "
            "when h is halved: the formula has an extra term that vanishes on "
            "parabolas. Use only the two values f(x + h) and f(x - h)."
        )
    # On cubics the error is exactly a h^2, from the Taylor expansion.
    for a, x, h in [(0.5, 0.8, 0.3), (-2.0, -1.3, 0.1), (1.5, 2.0, -0.2)]:

        def g(t: float, a: float = a) -> float:
            return a * t**3 - t**2 + 3 * t

        compare(
            estimate(g, x, h),
            3 * a * x**2 - 2 * x + 3 + a * h**2,
            what=f"central_difference on a cubic (h = {h})",
            rtol=1e-9,
        )
    return "exact on parabolas, and the error on sin falls like h^2."


#: Exercise 3.2: the forward difference of sqrt at this point, over these steps.
_X = 0.1
_TRIED = 10.0 ** -np.arange(1, 16)
_SECTION_3 = (
    1e-8  # near the bottom of section 3's V (the forward difference of sin at 1)
)


def _signed_errors() -> list[np.ndarray]:
    """The signed errors (estimate - exact) of the forward and central differences.

    Two ways a learner computes each: with `derivative` (which uses the step
    actually taken after rounding x + h) and with the plain quotient. For this
    function and point both give the same smallest error, by a wide margin.
    """
    exact = 0.5 / np.sqrt(_X)
    plain = (np.sqrt(_X + _TRIED) - np.sqrt(_X)) / _TRIED
    course = np.array([derivative(np.sqrt, _X, h=h, method="forward") for h in _TRIED])
    central_plain = (np.sqrt(_X + _TRIED) - np.sqrt(_X - _TRIED)) / (2 * _TRIED)
    central = np.array([derivative(np.sqrt, _X, h=h, method="central") for h in _TRIED])
    return [course - exact, plain - exact, central - exact, central_plain - exact]


def _is_step(h: float, steps: Any) -> bool:
    return any(np.isclose(h, step, rtol=1e-6, atol=0) for step in np.atleast_1d(steps))


@exercise("03.2")
def _best_step(answer: Any) -> str:
    if answer is not Ellipsis and answer is not None:
        if isinstance(answer, complex | np.complexfloating):
            raise Incorrect(
                f"best_h is the complex number {answer}: a step is a real number. "
                "Keep the step itself, a float from your array of steps."
            )
        if isinstance(answer, list | tuple) or np.ndim(answer) > 0:
            kind = (
                f"a {type(answer).__name__}"
                if isinstance(answer, list | tuple)
                else "an array"
            )
            count = np.size(answer)
            raise Incorrect(
                f"best_h is {kind} of {count} number{'s' * (count != 1)}, not one "
                "number: take the one step out of it (indexing with [...] gives an "
                "entry; wrapping it in [ ] makes a list)."
            )
    h = as_number(answer, "best_h")
    signed = _signed_errors()
    forward = signed[:2]
    if h.is_integer() and -16 <= h <= -1:
        raise Incorrect(
            f"best_h is {h:g}, a negative whole number: in Python `^` is not a "
            "power (powers are `**`), and if it is an exponent, best_h should be "
            "the step itself."
        )
    if h == 0:
        raise Incorrect(
            "best_h is 0, which is not a step. If it is a position from "
            "np.argmin: best_h should be the step at that position, not the position."
        )
    if h < 0:
        raise Incorrect(f"best_h should be a positive step, got {h}.")
    if h.is_integer() and h <= len(_TRIED):
        raise Incorrect(
            f"best_h is {h:g}, a whole number: that looks like a position in the "
            "list of steps (what np.argmin returns) or the k of 10**-k, not a step."
        )
    if not _is_step(h, _TRIED):
        if any(_is_step(h, np.abs(errors)) for errors in forward):
            raise Incorrect(
                f"best_h = {h:.3g} is one of the errors, not one of the steps: "
                "best_h is the step that gives the smallest error, not the error."
            )
        raise Incorrect(
            f"best_h = {h:.3g} is not one of the steps 1e-01, ..., 1e-15: "
            "it must be the entry of steps whose error is smallest. (If it is an "
            "error: best_h is the step that gives it.)"
        )
    best = {float(_TRIED[np.argmin(np.abs(errors))]) for errors in forward}
    if _is_step(h, list(best)):
        return (
            f"h = {h:.0e} gives the smallest error of the forward difference of "
            f"sqrt at x = {_X}, smaller than at its neighbours 10 times larger "
            "and smaller."
        )
    slips = _slips(h, signed)
    raise Incorrect(" ".join(slips) if slips else _where(h, forward[0]))


def _where(h: float, errors: np.ndarray) -> str:
    """What the check can say about a wrong step from the step alone.

    Only the steps far from the best (the first three and the last three) are
    told which error dominates; near the best, a direction would let a learner
    find the answer by halving the range of guesses instead of measuring.
    """
    k = int(np.argmin(np.abs(np.log(_TRIED / h))))  # the position of h
    if k < 3:
        return (
            f"at h = {h:.0e} the error is about {abs(errors[k]):.0e}, far from "
            "the smallest: truncation error dominates at so large a step."
        )
    if k >= len(_TRIED) - 3:
        return (
            f"at h = {h:.0e} round-off error dominates: so small a step leaves "
            "few correct digits in f(x + h) - f(x), and dividing by h magnifies "
            "their error."
        )
    return (
        f"h = {h:.0e} does not give the smallest error of the fifteen. Are your "
        f"estimates at x = {_X}? Print your errors beside the steps and compare "
        "the errors you measured."
    )


def _slips(h: float, signed: list[np.ndarray]) -> list[str]:
    """The likely slips that lead to the step h, the most likely first."""
    forward = signed[:2]
    lowest = [_TRIED[np.argmin(errors)] for errors in forward]
    highest = [_TRIED[np.argmax(errors)] for errors in forward]
    largest = [_TRIED[np.argmax(np.abs(errors))] for errors in forward]
    slips = []
    if _is_step(h, lowest):
        # The likeliest slip first: the prompt gives np.abs and np.argmin, but
        # "error" reads as estimate - exact; the answer cell gives exact.
        also = " Or np.argmax in place of np.argmin." if _is_step(h, largest) else ""
        slips.append(
            "best_h is the step with the largest error. Most likely your errors "
            "are without np.abs, so argmin picks the most negative error."
            + also
            + " Or "
            "exact was changed: print it; f'(0.1) = 1/(2√0.1) is above 1 "
            "(np.sqrt(x) is f itself, and 1/2*np.sqrt(x) is (1/2)·√x)."
        )
    elif _is_step(h, largest):
        slips.append(
            "This step has the largest error of the fifteen: np.argmax (or max) "
            "looks for the largest; look for the smallest."
        )
    if _is_step(h, highest):
        slips.append(
            "Most likely your errors are exact minus estimate without np.abs, so "
            "argmin picks the highest estimate. Or exact was changed to something "
            "larger than 1/(2√0.1) (as 1/np.sqrt(x) is): print it."
        )
    if any(_is_step(h, _TRIED[np.argmin(np.abs(errors))]) for errors in signed[2:]):
        slips.append(
            "This is where the central difference does best; the exercise asks "
            "for the forward difference (f(x + h) - f(x)) / h."
        )
    if _is_step(h, _SECTION_3):
        slips.append(
            "1e-08 is near the bottom of section 3's V, for sin at x = 1; the "
            "bottom moves with the function and the point: measure the errors "
            f"of np.sqrt at x = {_X}."
        )
    return slips
