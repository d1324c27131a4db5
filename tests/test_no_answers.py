"""No shipped checker holds an answer to its exercise (COURSE.md §4).

A learner can import anything in ``utils.exercises.lessonNN``; none of its
functions or numbers, handed in as the answer to one of that lesson's
exercises, may be graded correct. The few that are, are oracles the course
allows: finite differences of the loss the prompt states, or an independent
method; each is listed here with its reason.
"""

import functools
import importlib
import inspect
import numbers

import numpy as np
import pytest
import sympy as sp

from utils.exercises import check, exercise_ids

ORACLES = {
    ("05.1", "_projection_angle"): "the angle from v's parts along and across u",
    ("09.1", "_numeric_gradient"): "central differences of the network's loss",
    ("09.2", "_linear_reference"): "central differences of sum(dY * Y)",
    ("13.4", "_weighted_bce_exact"): "the loss as stated, its slopes by mpmath.diff",
}

LESSONS = sorted({i.split(".")[0] for i in exercise_ids()})


def module_candidates(module):
    """The module's own functions and its numbers and arrays, by name."""
    for name, obj in vars(module).items():
        own_function = inspect.isfunction(obj) and obj.__module__ == module.__name__
        number = isinstance(obj, numbers.Number | np.ndarray) and not isinstance(
            obj, bool
        )
        if own_function or number:
            yield name, obj


def answers_in(lesson):
    """(exercise id, name) of each of lesson's own objects graded correct."""
    module = importlib.import_module(f"utils.exercises.lesson{lesson}")
    found = []
    for exercise_id in exercise_ids(lesson):
        for name, obj in module_candidates(module):
            if check(exercise_id, obj).status == "correct":
                found.append((exercise_id, name))
    return found


@functools.cache
def shipped_answers_in(lesson):
    """`answers_in` of the modules as shipped, found once for the two tests below."""
    return tuple(answers_in(lesson))


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_checker_module_holds_an_answer(lesson):
    found = shipped_answers_in(lesson)
    assert [hit for hit in found if hit not in ORACLES] == []


def test_the_listed_oracles_are_still_there():
    found = {hit for lesson in LESSONS for hit in shipped_answers_in(lesson)}
    assert set(ORACLES) <= found


def test_a_reference_left_in_a_checker_module_is_found(monkeypatch):
    module = importlib.import_module("utils.exercises.lesson02")

    x = sp.Symbol("x")  # exercise 02.1's answer, as if left in the module
    df_product = sp.lambdify(x, sp.diff(x**2 * sp.sin(x), x), "numpy")

    df_product.__module__ = module.__name__
    monkeypatch.setattr(module, "_df_product", df_product, raising=False)
    assert ("02.1", "_df_product") in answers_in("02")
