"""Each exercise's facts are written once, in its lesson, and agree with the checks.

A lesson gives an exercise's title and stars in its heading and its answer's
name in its check cell (`coursetools.exercises`); `utils.exercises` registers
a checker by id only. These tests run on the full course and on the student
release (which reads the same facts from ``notebooks/``).
"""

import shutil

import nbformat
import pytest

from coursetools.exercises import ExerciseFacts, course_exercises, read_exercises
from coursetools.lessons import ROOT, read_notebook, write_notebook
from utils.exercises import REGISTRY, exercise_ids

FOLDERS = [f for f in (ROOT / "solutions", ROOT / "notebooks") if f.is_dir()]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.name)
def test_every_exercise_has_a_checker_and_every_checker_an_exercise(folder):
    assert list(course_exercises(folder)) == exercise_ids()


def test_every_dependency_is_an_earlier_exercise_of_the_same_lesson():
    for exercise_id, ex in REGISTRY.items():
        for earlier in ex.depends_on:
            assert earlier in REGISTRY, (exercise_id, earlier)
            lesson, number = earlier.split(".")
            assert lesson == ex.lesson, (exercise_id, earlier)
            assert int(number) < int(exercise_id.split(".")[1]), (exercise_id, earlier)


def _heading(k, title="Title", stars="★★", lesson="4"):
    return f"### Exercise {lesson}.{k} · {title} {stars}\n\nA prompt."


def _lesson(tmp_path, *cells):
    """Lesson 04 with the given cells: strings starting with '#' are text."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(c)
        if c.startswith("#")
        else nbformat.v4.new_code_cell(c)
        for c in cells
    ]
    path = tmp_path / "04_partial_derivatives.ipynb"
    write_notebook(nb, path)
    return path


def test_a_lesson_gives_title_stars_answer_and_whether_optional(tmp_path):
    path = _lesson(
        tmp_path,
        "# 04 · Partial derivatives",
        "## Exercises\n\n" + _heading(1, "By hand", "★"),
        "partials = ...",
        'check("04.1", partials)',
        "## Recap\n\n## Going further\n\n" + _heading(2, "Mixed", "★★★"),
        'check("04.2", fxy)',
    )
    assert read_exercises(path) == [
        ExerciseFacts("04.1", "By hand", 1, "partials", optional=False),
        ExerciseFacts("04.2", "Mixed", 3, "fxy", optional=True),
    ]


@pytest.mark.parametrize(
    ("cells", "words"),
    [
        ((_heading(1), 'check("04.1", a)', 'check("04.2", b)'), "without a heading"),
        ((_heading(1), _heading(2), 'check("04.1", a)'), "without a check cell"),
        ((_heading(1), 'check("04.1", a)', 'check("04.1", b)'), "two check cells"),
        ((_heading(2), _heading(1), 'check("04.1", a)\ncheck("04.2", b)'), "order"),
        ((_heading(1), _heading(1), 'check("04.1", a)'), "order"),
        ((_heading(1, lesson="5"), 'check("05.1", a)'), "lesson 04"),
        ((_heading(1, stars="★★★★"), 'check("04.1", a)'), "three stars"),
        (("### Exercise 4.1 · No stars", 'check("04.1", a)'), "not a heading"),
        (("### Exercise 4.1: Title ★", 'check("04.1", a)'), "not a heading"),
        (
            (_heading(1), _heading(2), 'check("04.1", a)\ncheck("04.2", a)'),
            "share an answer name",
        ),
    ],
)
def test_an_inconsistent_lesson_is_refused_with_what_is_wrong(tmp_path, cells, words):
    path = _lesson(tmp_path, *cells)
    with pytest.raises(ValueError, match=words):
        read_exercises(path)


def test_a_lesson_with_an_exercise_deleted_is_refused_not_graded_complete(tmp_path):
    source = FOLDERS[0]
    for path in source.glob("*.ipynb"):
        shutil.copy(path, tmp_path / path.name)
    (path,) = tmp_path.glob("00_*.ipynb")
    nb = read_notebook(path)
    nb.cells = [
        c
        for c in nb.cells
        if "Exercise 0.1" not in c.source and "check(" not in c.source
    ]
    write_notebook(nb, path)
    with pytest.raises(ValueError, match=r"checks without an exercise \['00.1'\]"):
        course_exercises(tmp_path)
