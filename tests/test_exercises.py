"""Tests of the exercise system: every check accepts right answers in any
equivalent form, rejects plausible wrong ones with a named mistake, and never
raises, whatever the learner wrote."""

import contextlib
import re
import sys
from functools import cache
from unittest import mock

import nbformat
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from nbclient import NotebookClient

from coursetools.lessons import ROOT, lesson_number, lesson_paths, read_notebook
from coursetools.syllabus import is_version_2
from utils.exercises import (
    MIME_TYPE,
    REGISTRY,
    STATUSES,
    Exercise,
    _feedback,
    check,
    exercise_ids,
    grade_namespace,
    parse_result,
)
from utils.exercises._core import Incorrect, NotAttempted, exercise
from utils.exercises._feedback import check_at_points


def _nie(*args):
    raise NotImplementedError


@cache
def _cases():
    """Every exercise's answer cases from tests/exercise_cases, and its answers that raise.

    Imported on first use, not at collection: computing them takes seconds
    (SymPy solves some), which only the test worker that runs this module pays.
    """
    import exercise_cases

    return exercise_cases.CASES, exercise_cases.ERRORS


def _right(exercise_id):
    return _cases()[0][exercise_id]["right"]


def _wrong(exercise_id):
    return _cases()[0][exercise_id]["wrong"]


def _takes_a_function(exercise_id):
    return callable(_right(exercise_id)[0])


@cache
def _checked_wrong(exercise_id):
    """Each wrong answer of the exercise, its expected words, and its check's result.

    Checked once: three tests read these results (one of them the mistakes
    that `compare` was offered and named, kept in `_NAMED`).
    """
    offered, named = set(), set()
    with _watching_compare(offered, named):
        checked = [
            (answer, words, check(exercise_id, answer))
            for answer, words in _wrong(exercise_id)
        ]
    _NAMED[exercise_id] = (offered, named)
    return checked


#: Exercise id -> (the mistakes its checks offered `compare`, those it named).
_NAMED = {}


@contextlib.contextmanager
def _watching_compare(offered, named):
    """Record each mistake `compare` is offered, and the one its feedback names.

    A mistake is recorded with its numbers as #, so that one written for
    several data sets (with their sizes in its words) counts once.
    """
    original = _feedback.compare

    def watched(*args, mistakes=None, **kwargs):
        words = list(mistakes or {})
        offered.update(map(_without_numbers, words))
        try:
            return original(*args, mistakes=mistakes, **kwargs)
        except Incorrect as exc:
            found = [w for w in words if f"it looks like {w}." in str(exc)]
            named.update(map(_without_numbers, found[:1]))
            raise

    users = [
        m
        for name, m in list(sys.modules.items())
        if name.startswith("utils.exercises")
        and getattr(m, "compare", None) is original
    ]
    with contextlib.ExitStack() as stack:
        for module in users:
            stack.enter_context(mock.patch.object(module, "compare", watched))
        yield


def _without_numbers(words):
    return re.sub(r"\d+(\.\d+)?", "#", words)


def test_every_registered_exercise_has_cases():
    assert set(_cases()[0]) == set(REGISTRY) == set(exercise_ids())


@pytest.mark.parametrize("exercise_id", exercise_ids())
def test_right_answers_pass(exercise_id, capsys):
    for answer in _right(exercise_id):
        result = check(exercise_id, answer)
        assert result.correct, (answer, result.message)
    assert capsys.readouterr().out.count("\n") == len(_right(exercise_id))


@pytest.mark.parametrize("exercise_id", exercise_ids())
def test_plausible_wrong_answers_are_named(exercise_id):
    checked = _checked_wrong(exercise_id)
    assert len(checked) >= 2
    for answer, words, result in checked:
        assert result.status == "incorrect", (answer, result)
        assert words in result.message, (words, result.message)


@pytest.mark.parametrize("exercise_id", exercise_ids())
def test_every_mistake_a_check_can_name_is_named_for_some_wrong_answer(exercise_id):
    # Otherwise a mistake could be dead (shadowed by another, or equal to the
    # right answer), or broken, and no test would see it.
    _checked_wrong(exercise_id)
    offered, named = _NAMED[exercise_id]
    assert offered - named == set()


def test_an_answer_that_raises_gets_an_error_that_names_the_slip():
    cases = [(i, answer, words) for i, c in _cases()[1].items() for answer, words in c]
    assert cases
    missed = [
        (i, words, result.status, result.message)
        for i, answer, words in cases
        if (result := check(i, answer)).status != "error" or words not in result.message
    ]
    assert missed == []


GENERIC = "does not match the check's own calculation"


def test_at_most_five_percent_of_wrong_answers_get_only_the_generic_line():
    results = [(i, r) for i in exercise_ids() for _, _, r in _checked_wrong(i)]
    generic = [i for i, r in results if GENERIC in r.message]
    assert len(generic) <= 0.05 * len(results), generic


def _version_2_lessons():
    folder = ROOT / "solutions"
    if not folder.is_dir():  # the student release has no solutions/
        return []
    return [
        lesson_number(p) for p in lesson_paths(folder) if is_version_2(read_notebook(p))
    ]


@pytest.mark.parametrize("lesson", _version_2_lessons())
def test_at_version_2_each_exercise_names_five_plausible_mistakes(lesson):
    for exercise_id in exercise_ids(lesson):
        wrong = _wrong(exercise_id)
        assert len(wrong) >= 5, exercise_id
        assert not any(GENERIC in words for _, words in wrong), exercise_id


@pytest.mark.parametrize("exercise_id", exercise_ids())
def test_placeholders_are_not_attempted(exercise_id):
    assert check(exercise_id, ...).status == "not attempted"
    if _takes_a_function(exercise_id):
        assert check(exercise_id, _nie).status == "not attempted"


def test_an_exception_in_the_learners_function_is_reported():
    def broken(*args):
        return 1 / 0

    ids = [i for i in exercise_ids() if _takes_a_function(i)]
    assert ids
    missed = [
        (i, result.status, result.message)
        for i in ids
        if (result := check(i, broken)).status != "error"
        or "ZeroDivisionError" not in result.message
    ]
    assert missed == []


# Text of any code point, surrogates included: st.text's default alphabet
# leaves them out, and working that alphabet out costs seconds in each process.
ANY_CHARACTER = st.characters()

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.complex_numbers(),
    st.text(ANY_CHARACTER, max_size=5),
    st.lists(st.floats(), max_size=4),
    st.tuples(st.text(ANY_CHARACTER, max_size=2), st.none()),
    st.just(np.array([np.nan, 1.0])),
    st.just(lambda *args: "text"),
    st.just(lambda *args: np.inf),
    st.just(lambda *args: [1.0, 2.0]),
    st.just(lambda: 0.0),
    st.just(_nie),
)


@given(exercise_id=st.sampled_from(exercise_ids()), answer=JUNK)
def test_a_check_never_raises_on_junk(exercise_id, answer):
    result = check(exercise_id, answer)
    assert result.status in STATUSES
    assert not result.correct
    assert result.message


def test_unknown_ids_and_faulty_checkers_are_reported_not_raised(monkeypatch):
    assert check("99.1", 1.0).status == "error"
    assert check(3, 1.0).status == "error"

    def faulty(answer):
        raise KeyError("oops")

    monkeypatch.setitem(REGISTRY, "01.1", Exercise("01.1", faulty))
    result = check("01.1", (1, -1, -1))
    assert result.status == "error" and "check itself failed" in result.message


def test_result_line_and_json_round_trip():
    result = check("00.1", 39.2)
    assert result.line().startswith("✗ 00.1 not yet:")
    assert parse_result(result.to_json()) == result
    assert parse_result({"status": "bogus"}) is None
    assert parse_result("not json") is None


def test_registry_rejects_malformed_definitions():
    # Stars and answer names are the lessons' (tests/test_exercise_facts.py).
    with pytest.raises(ValueError, match="exercise_id must look like"):
        exercise("1.1")
    with pytest.raises(ValueError, match="already registered"):
        exercise("01.1")


def test_ids_are_ordered_by_number_not_text():
    ids = exercise_ids()
    assert ids == sorted(ids, key=lambda i: tuple(map(int, i.split("."))))
    assert all(i.startswith("01.") for i in exercise_ids("01"))


def test_in_a_notebook_a_check_shows_exactly_one_line():
    """`check` shows its line; the returned result, as the cell's value, is not shown twice."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            'from utils.exercises import check\ncheck("00.1", 19.6)'
        ),
        nbformat.v4.new_code_cell('r = check("00.1", 1.0)'),
        nbformat.v4.new_code_cell("r"),
    ]
    NotebookClient(nb, timeout=60, kernel_name="python3").execute()
    shown = [
        [o for o in cell.outputs if MIME_TYPE in o.get("data", {})] for cell in nb.cells
    ]
    assert [len(s) for s in shown] == [1, 1, 1]
    assert shown[0][0]["data"][MIME_TYPE]["status"] == "correct"
    assert shown[1][0]["data"][MIME_TYPE]["status"] == "incorrect"


# The exercise whose answer is a function these tests hand in (any would do):
def _function_exercise():
    return next(i for i in exercise_ids() if _takes_a_function(i))


# The exercise whose answer is one number (lesson 00's, whose name is kept).
NUMBER_EXERCISE = "00.1"


class _UnprintableError(Exception):
    def __str__(self):
        raise RuntimeError("no message for you")


def _raiser(exception):
    def answer(*args):
        raise exception

    return answer


@pytest.mark.parametrize(
    "exception",
    [
        SystemExit(3),
        KeyboardInterrupt(),
        GeneratorExit(),
        _UnprintableError(),
    ],
    ids=lambda e: type(e).__name__,
)
def test_any_exception_from_the_learners_function_is_reported(exception):
    result = check(_function_exercise(), _raiser(exception))
    assert result.status == "error"
    assert type(exception).__name__ in result.message


def test_an_answer_whose_conversion_exits_is_reported():
    class Exits:
        def __float__(self):
            raise SystemExit

        __complex__ = __float__

        def __repr__(self):
            raise SystemExit

    result = check(NUMBER_EXERCISE, Exits())
    assert result.status in ("error", "incorrect") and result.message


def test_a_huge_integer_is_a_wrong_answer_not_a_failed_check():
    result = check(NUMBER_EXERCISE, 10**400)
    assert result.status == "incorrect"
    assert "too large" in result.message


def test_a_function_that_takes_too_long_is_stopped_and_says_so():
    import time

    def slow(*args):
        time.sleep(60)

    start = time.monotonic()
    result = check(_function_exercise(), slow, time_limit=0.5)
    assert time.monotonic() - start < 10
    assert result.status == "error"
    assert "took too long" in result.message


def test_a_function_that_catches_the_first_alarm_is_still_stopped():
    import time

    def stubborn(*args):
        try:
            time.sleep(60)
        except BaseException:
            time.sleep(60)

    result = check(_function_exercise(), stubborn, time_limit=0.5)
    assert "took too long" in result.message


def test_the_time_limit_is_checked():
    for bad in (0, -1.0, float("nan"), "5", True):
        with pytest.raises(ValueError, match="time_limit must be a positive number"):
            check(NUMBER_EXERCISE, 19.6, time_limit=bad)
    assert check(NUMBER_EXERCISE, 19.6, time_limit=None).correct


def test_check_at_points_names_a_mistake_or_says_what_it_is_told():
    points = np.array([[1.0, 2.0], [3.0, -1.0]])
    calls = []

    def oracle(x, y):
        calls.append(x)
        return x * y

    mistakes = {"x and y were added": lambda x, y: x + y}
    right = check_at_points(lambda x, y: y * x, "f", points, oracle, mistakes)
    assert right.tolist() == [2.0, -3.0]
    with pytest.raises(Incorrect, match=r"^f is not right: it looks like x and y were"):
        check_at_points(lambda x, y: x + y, "f", points, oracle, mistakes)
    with pytest.raises(Incorrect, match=r"^f on two points is not right: look again"):
        check_at_points(
            lambda x, y: x - y + 7,
            "f",
            points,
            oracle,
            mistakes,
            what="f on two points",
            unmatched="look again",
        )
    with pytest.raises(Incorrect, match=r"^f\(3, -1\) is None"):
        check_at_points(lambda x, y: None if x == 3 else x * y, "f", points, oracle)
    # The oracle runs only once the learner's function has given every value.
    calls.clear()
    with pytest.raises(NotAttempted):
        check_at_points(_nie, "f", points, oracle, mistakes)
    assert calls == []


def test_grade_namespace_checks_the_answers_it_is_given_by_name():
    answers = {"00.1": "average_speed", "01.1": "signs"}
    results = grade_namespace(answers, {"average_speed": 19.6, "speed": 1.0})
    assert [(r.exercise_id, r.status) for r in results] == [
        ("00.1", "correct"),
        ("01.1", "error"),
    ]
    assert "no variable named signs" in results[1].message
    for bad in ("00", ["00.1"], {"00.1": 3}):
        with pytest.raises(TypeError, match="answers must be a dict"):
            grade_namespace(bad, {})
