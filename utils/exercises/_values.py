"""Reading a learner's `Value`-like objects, for the checks of lessons 07 and 08.

Each helper turns what can go wrong (a missing attribute, a property that
raises, inputs not recorded, a backward rule that is not a function) into
feedback that names it.
"""

from __future__ import annotations

from typing import Any

from ._core import Incorrect, LearnerError, safe_str
from ._feedback import as_number, call, describe

_MISSING = object()


def attribute(obj: Any, name: str, shown: str) -> Any:
    """Read an attribute of the learner's object; a missing one is named."""
    try:
        value = getattr(obj, name, _MISSING)
    except BaseException as exc:  # a property of the learner's that raises
        raise LearnerError(
            f"reading {shown}.{name} raised {type(exc).__name__}: {safe_str(exc)}."
        ) from exc
    if value is _MISSING:
        raise Incorrect(f"{shown} has no attribute {name!r}.")
    return value


def number_attribute(obj: Any, name: str, shown: str) -> float:
    value = attribute(obj, name, shown)
    if value is None:  # an attribute is set, not returned: no "forgot a return"
        raise Incorrect(
            f"{shown}.{name} is None, not a number: it was set to None where a "
            "number belongs."
        )
    return as_number(value, f"{shown}.{name}")


def records_inputs(out: Any, inputs: tuple[Any, ...], shown: str) -> None:
    """The node ``out`` must list each of ``inputs`` in its ``_prev``."""
    prev = attribute(out, "_prev", shown)
    if any(prev is node for node in inputs):
        raise Incorrect(
            f"{shown}._prev is the input itself, not a tuple of the inputs: a "
            "tuple of one item needs a comma after it, inside the brackets."
        )
    try:
        prev = tuple(prev)
    except BaseException:  # not iterable
        raise Incorrect(
            f"{shown}._prev should be a tuple of the inputs, got {describe(prev)}."
        ) from None
    if not all(any(p is node for p in prev) for node in inputs):
        raise Incorrect(
            f"{shown} does not record its inputs: its _prev must hold them, so "
            "that backward() can find them and the gradient can reach them."
        )


def run_backward_rule(out: Any, shown: str) -> Any:
    """Run ``out._backward()`` and return what it returned (None for a right rule)."""
    rule = attribute(out, "_backward", shown)
    if not callable(rule):
        raise Incorrect(
            f"{shown}._backward should be a function, got {describe(rule)}."
        )
    return call(rule, name=f"{shown}._backward()")
