"""Checks for lesson 00, Start here."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._core import Incorrect, exercise
from ._feedback import as_number, compare


def _fallen(t: float) -> float:
    """Distance in metres fallen after t seconds (g ~ 9.8 m/s^2)."""
    return 4.9 * t**2


@exercise("00.1", "Average speed of a falling ball", stars=1, answer="average_speed")
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
            "you divided the distance covered by 4, not by the time taken (for"
            " example by (3 - 1)**2, or by 3 + 1). 9.8 m/s is also the ball's speed"
            " at the single instant t = 1 s, which is not its average over the two"
            " seconds": distance / (t1 - t0) ** 2,
            "the squares are missing: the distance fallen is 4.9 t**2, not 4.9 t": (
                (4.9 * t1 - 4.9 * t0) / (t1 - t0)
            ),
            "you averaged the two distances d(1) and d(3): average speed is a"
            " distance divided by a time": (_fallen(t0) + _fallen(t1)) / 2,
            "the distance is taken the wrong way round, d(1) - d(3): the ball"
            " covers a positive distance": -expected,
        },
    )
    return "distance fallen divided by time taken, in metres per second."
