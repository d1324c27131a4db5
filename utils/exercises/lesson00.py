"""Checks for lesson 00, Start here."""

from __future__ import annotations

from typing import Any

from ._core import exercise
from ._feedback import as_number, compare


def _fallen(t: float) -> float:
    """Distance in metres fallen after t seconds (g ~ 9.8 m/s^2)."""
    return 4.9 * t**2


@exercise("00.1", "Average speed of a falling ball", stars=1, answer="average_speed")
def _average_speed(answer: Any) -> str:
    speed = as_number(answer, "average_speed")
    t0, t1 = 1.0, 3.0
    distance = _fallen(t1) - _fallen(t0)
    compare(
        speed,
        distance / (t1 - t0),
        what="average_speed",
        mistakes={
            "you took the distance without dividing by the time taken": distance,
            "you used the whole distance fallen by t = 3 s, not the part between 1 s and 3 s": (
                _fallen(t1)
            ),
            "you divided the total distance by 3 s instead of by the 2 s between the times": (
                _fallen(t1) / t1
            ),
        },
    )
    return "distance fallen divided by time taken, in metres per second."
