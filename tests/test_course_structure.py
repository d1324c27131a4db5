"""The course's shape: one source per lesson, clean student copies, consistent exercises."""

import itertools
import re

import nbformat
import pytest

from coursetools.lessons import (
    ROOT,
    cells_digest,
    lesson_number,
    lesson_paths,
    read_notebook,
)
from coursetools.student import (
    BEGIN,
    END,
    SOLUTION_TAG,
    hidden_text,
    make_student,
)
from utils.exercises import REGISTRY, exercise_ids

pytestmark = pytest.mark.skipif(
    not (ROOT / "solutions").is_dir(),
    reason="a student release has no solutions/; the full course runs these tests",
)

SOLUTIONS = lesson_paths(ROOT / "solutions")
NOTEBOOKS = lesson_paths(ROOT / "notebooks")
ALL = SOLUTIONS + NOTEBOOKS
HEADING = re.compile(r"^### Exercise (\d+)\.(\d+) · (.+?) (★+)\s*$", re.MULTILINE)
CHECK_CALL = re.compile(r'check\("(\d\d\.\d+)", (\w+)\)')


def _name(path):
    return f"{path.parent.name}/{path.name}"


def test_lessons_are_numbered_without_gaps_and_match_in_both_folders():
    numbers = [lesson_number(p) for p in SOLUTIONS]
    assert numbers == [f"{k:02d}" for k in range(len(numbers))]
    assert [p.name for p in SOLUTIONS] == [p.name for p in NOTEBOOKS]
    assert len(SOLUTIONS) >= 2


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_student_notebook_equals_its_regeneration(path):
    expected = make_student(read_notebook(path))
    actual = read_notebook(ROOT / "notebooks" / path.name)
    assert actual.cells == expected.cells, "run `make notebooks`"
    assert actual.metadata == expected.metadata, "run `make notebooks`"


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_no_solution_marker_or_text_reaches_students(path):
    solution = read_notebook(path)
    student_text = (ROOT / "notebooks" / path.name).read_text(encoding="utf-8")
    assert BEGIN not in student_text and END not in student_text
    hidden = hidden_text(solution)
    assert hidden, "a lesson with exercises has solution text to hide"
    student = read_notebook(ROOT / "notebooks" / path.name)
    sources = "\n".join(c.source for c in student.cells)
    leaked = [line for line in hidden if line in sources]
    assert not leaked


@pytest.mark.parametrize("path", ALL, ids=_name)
def test_nothing_volatile_is_committed(path):
    nb = read_notebook(path)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"outputs in {cell.source[:40]!r}"
            assert cell.execution_count is None
    assert "widgets" not in nb.metadata
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_exercises_are_in_order_and_match_the_registry(path):
    nb = read_notebook(path)
    lesson = lesson_number(path)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    headings = HEADING.findall(text)
    ids = [f"{int(a):02d}.{b}" for a, b, _, _ in headings]
    assert ids == exercise_ids(lesson), (
        "headings must list the registered exercises in order"
    )
    for (_, _, title, stars), exercise_id in zip(headings, ids, strict=True):
        assert title == REGISTRY[exercise_id].title
        assert len(stars) == REGISTRY[exercise_id].stars
    calls = [
        m
        for c in nb.cells
        if c.cell_type == "code"
        for m in CHECK_CALL.findall(c.source)
    ]
    graded = [(i, name) for i, name in calls if i.startswith(f"{lesson}.")]
    assert graded == [(i, REGISTRY[i].answer) for i in exercise_ids(lesson)]
    assert exercise_ids(lesson) == sorted(
        exercise_ids(lesson), key=lambda i: int(i.split(".")[1])
    )


def test_answer_names_are_unique_within_a_lesson():
    for path in SOLUTIONS:
        names = [REGISTRY[i].answer for i in exercise_ids(lesson_number(path))]
        assert len(names) == len(set(names)), path.name


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_lesson_anatomy(path):
    nb = read_notebook(path)
    first = nb.cells[0].source
    number = lesson_number(path)
    assert re.match(rf"# {number} · \S", first), "title like '# 01 · Derivatives'"
    assert (
        "**You will**" in first
        and "**Prerequisites:**" in first
        and "**Time:**" in first
    )
    objectives = re.findall(r"^- ", first, re.MULTILINE)
    assert 3 <= len(objectives) <= 5
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "## Recap" in markdown
    assert "use_course_style()" in nb.cells[1].source + nb.cells[2].source
    if len(exercise_ids(number)) > 1:  # a single warm-up may sit inside a section
        assert "## Exercises" in markdown


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_no_two_code_cells_in_a_row_and_widgets_are_tagged(path):
    cells = read_notebook(path).cells
    for before, after in itertools.pairwise(cells):
        is_check = after.source.startswith("check(")  # an answer cell, then its check
        assert is_check or not (before.cell_type == after.cell_type == "code"), (
            after.source[:60]
        )
    for cell in cells:
        if cell.cell_type == "code" and "_explorer(" in cell.source:
            assert "nbval-ignore-output" in cell.metadata.get("tags", [])


@pytest.mark.parametrize("path", SOLUTIONS, ids=_name)
def test_links_between_lessons_point_to_existing_files(path):
    markdown = "\n".join(
        c.source for c in read_notebook(path).cells if c.cell_type == "markdown"
    )
    for target in re.findall(r"\]\(([^)#]+\.ipynb)\)", markdown):
        assert (path.parent / target).exists(), target


def test_no_sys_path_tricks_and_no_removed_apis():
    banned = [
        "sys.path",
        "scipy.misc",
        "seaborn-whitegrid",
        "np.random.seed",
        "gca(projection",
    ]
    for path in ALL:
        cells = read_notebook(path).cells
        code = "\n".join(c.source for c in cells if c.cell_type == "code")
        for word in banned:
            assert word not in code, f"{word} in {_name(path)}"


# ----------------------------------------------------------------- the generator itself
def _notebook(*sources, tags=None):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    if tags:
        nb.cells[-1].metadata["tags"] = tags
    return nb


def test_stubs_assign_placeholders_at_top_level_and_raise_inside_functions():
    nb = _notebook(
        f"{BEGIN}\nx, y = 1, 2\nz: float = 3.0\n{END}",
        f"def f(t):\n    {BEGIN}\n    return t\n    {END}",
        f"{BEGIN}\nprint('hi')\n{END}",
    )
    student = make_student(nb)
    assert student.cells[0].source == (
        "x = ...  # YOUR CODE HERE\ny = ...  # YOUR CODE HERE\nz = ...  # YOUR CODE HERE"
    )
    assert "raise NotImplementedError" in student.cells[1].source
    assert student.cells[2].source == "# YOUR CODE HERE"
    namespace = {}
    for cell in student.cells:
        exec(cell.source, namespace)  # stubs run without error where they are defined
    assert namespace["x"] is Ellipsis
    with pytest.raises(NotImplementedError):
        namespace["f"](1)


def test_solution_cells_are_dropped_and_outputs_cleared():
    nb = _notebook("a = 1", "worked = 'answer'", tags=[SOLUTION_TAG])
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="1")]
    nb.cells[0].execution_count = 3
    student = make_student(nb)
    assert [c.source for c in student.cells] == ["a = 1"]
    assert student.cells[0].outputs == [] and student.cells[0].execution_count is None
    assert student.metadata["course"]["cells_digest"] == cells_digest(student)
    assert nb.cells[0].execution_count == 3, "the solution itself is not changed"


@pytest.mark.parametrize(
    "source",
    [f"{BEGIN}\na = 1", f"a = 1\n{END}", f"{BEGIN}\n{BEGIN}\na = 1\n{END}\n{END}"],
)
def test_unbalanced_markers_are_refused(source):
    with pytest.raises(ValueError, match=r"SOLUTION|nested"):
        make_student(_notebook(source))
