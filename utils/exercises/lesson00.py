"""Checks for lesson 00, Start here."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._core import Incorrect, exercise
from ._feedback import as_number, compare


def _fallen(t: float) -> float:
    """Distance in metres fallen after t seconds (g ~ 9.8 m/s^2)."""
    return 4.9 * t**2


@exercise("00.1")
def _average_speed(answer: Any) -> str:
    speed = as_number(answer, "average_speed")
    t0, t1 = 1.0, 3.0
    distance = _fallen(t1) - _fallen(t0)
    expected = distance / (t1 - t0)
    if not np.isclose(speed, expected, rtol=1e-6) and np.isclose(
        speed, expected, rtol=0.03
    ):
        raise Incorrect(
            "average_speed is close but not exact: did you round? Let Python keep"
            " all the digits."
        )
    if speed < 0:
        raise Incorrect(
            "average_speed is negative, but the ball covers a positive distance in"
            " a positive time: one of your subtractions is the wrong way round"
            " (such as d(1) - d(3), or 1 - 3)."
        )
    unbracketed = (
        _fallen(t1) - _fallen(t0) / t1 - t0,  # 4.9*3**2 - 4.9*1**2 / 3 - 1
        _fallen(t1) - _fallen(t0) / (t1 - t0),
        distance / t1 - t0,
    )
    if any(np.isclose(speed, value, rtol=1e-6) for value in unbracketed):
        raise Incorrect(
            "average_speed is not right: brackets are missing. Python divides"
            " before it subtracts, so only part of your expression was divided;"
            " put the distance covered in brackets, and the time taken too."
        )
    compare(
        speed,
        expected,
        what="average_speed",
        mistakes={
            "you took the distance covered without dividing by the time taken": distance,
            "two slips at once: you used the whole distance fallen by t = 3 s (the"
            " ball had already fallen some of it by t = 1 s), and you did not divide"
            " by the time taken": _fallen(t1),
            "two slips at once: you used the whole distance fallen by t = 3 s, and"
            " divided it by 3 s; both the distance and the time should be the ones"
            " between t = 1 s and t = 3 s": _fallen(t1) / t1,
            "you divided the distance covered by 3 s, the time on the clock at the"
            " end, not by the time taken: the ball covered that distance between"
            " t = 1 s and t = 3 s": distance / t1,
            "you divided the distance covered by 4, not by the time taken (for"
            " example by (3 - 1)**2, or by 3 + 1). 9.8 m/s is also the ball's speed"
            " at the single instant t = 1 s, which is not its average over the two"
            " seconds": distance / (t1 - t0) ** 2,
            "the squares are missing: the distance fallen is 4.9 t**2, not 4.9 t": (
                (4.9 * t1 - 4.9 * t0) / (t1 - t0)
            ),
            "you averaged the two distances d(1) and d(3): average speed is a"
            " distance divided by a time": (_fallen(t0) + _fallen(t1)) / 2,
        },
    )
    return "distance fallen divided by time taken, in metres per second."
