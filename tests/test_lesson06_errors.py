"""Lesson 06: answers that raise get an error whose message names the slip."""

import pytest

from tests.exercise_cases.lesson06 import ERRORS
from utils.exercises import check

CASES = [(i, answer, words) for i, pairs in ERRORS.items() for answer, words in pairs]


@pytest.mark.parametrize(("exercise_id", "answer", "words"), CASES)
def test_an_answer_that_raises_gets_a_hint(exercise_id, answer, words):
    result = check(exercise_id, answer)
    assert result.status == "error"
    assert words in result.message
