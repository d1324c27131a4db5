"""The nbgrader route of INSTRUCTORS.md, run with nbgrader itself.

`coursetools.nbgrader_export` writes the lessons as nbgrader sources. Here
nbgrader's documented commands take them from there: ``generate_assignment``
for every lesson (its student version must be ``notebooks/``, apart from
nbgrader's metadata), then, for lesson 00, a solved and an unsolved
submission through ``autograde`` and ``export`` (full marks and zero).

The nbgrader tests skip, saying how to enable them, where nbgrader is not
installed (`make extras`; see tests/conftest.py).
"""

import csv
import os
import subprocess
from pathlib import Path

import nbformat
import pytest

from coursetools.exercises import lesson_exercises
from coursetools.lessons import ROOT, lesson_number, lesson_paths, read_notebook
from coursetools.nbgrader_export import (
    CELL_TIMEOUT,
    CONFIG_TEXT,
    export_course,
    nbgrader_source,
)
from coursetools.student import SOLUTION_TAG, VERIFY_TAG, solution_blocks

pytestmark = pytest.mark.skipif(
    not (ROOT / "solutions").is_dir(),
    reason="a student release has no solutions/; the full course runs these tests",
)

SOLUTIONS = lesson_paths(ROOT / "solutions")
GRADED = "00_start_here"
# Metadata that nbgrader adds to the student version's cells.
NBGRADER_KEYS = {"nbgrader", "editable", "deletable"}


def _meta(cell):
    return cell.metadata.get("nbgrader", {})


# The sources, without nbgrader.


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_each_exercise_is_one_test_cell_worth_its_stars(path):
    nb = nbgrader_source(read_notebook(path))
    tests = {
        _meta(c)["grade_id"]: _meta(c)["points"]
        for c in nb.cells
        if _meta(c).get("grade")
    }
    expected = {
        f"check-{ex.id.replace('.', '-')}": ex.stars
        for ex in lesson_exercises(lesson_number(path))
    }
    assert tests == expected


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_answers_are_solution_cells_text_is_locked_and_no_worked_answer_is_left(path):
    nb = nbgrader_source(read_notebook(path))
    for cell in nb.cells:
        meta = _meta(cell)
        assert not {SOLUTION_TAG, VERIFY_TAG} & set(cell.metadata.get("tags", []))
        assert bool(solution_blocks(cell.source)) == meta.get("solution", False)
        if cell.cell_type == "markdown":
            assert meta["locked"] and not meta["grade"] and not meta["solution"]
    ids = [_meta(c)["grade_id"] for c in nb.cells if _meta(c)]
    assert len(ids) == len(set(ids))


def test_the_config_is_written_once_and_an_unknown_lesson_is_refused(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()  # mine\n")
    export_course(tmp_path, ["00"])
    assert (tmp_path / "nbgrader_config.py").read_text() == "c = get_config()  # mine\n"
    assert (tmp_path / "source" / GRADED / f"{GRADED}.ipynb").is_file()
    export_course(tmp_path / "new", ["00"])
    assert (tmp_path / "new" / "nbgrader_config.py").read_text() == CONFIG_TEXT
    with pytest.raises(ValueError, match=r"lessons must be among .*\['99'\]"):
        export_course(tmp_path, ["99"])


# nbgrader itself.


def _run(nbgrader: str, folder: Path, *args: str) -> str:
    """Run an nbgrader command in the course folder; return what it printed."""
    env = dict(os.environ)
    # nbgrader runs `alembic` (installed beside it) to set up its database.
    env["PATH"] = str(Path(nbgrader).parent) + os.pathsep + env.get("PATH", "")
    done = subprocess.run(
        [nbgrader, *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    return output


def _submit(course: Path, student: str, nb) -> None:
    folder = course / "submitted" / student / GRADED
    folder.mkdir(parents=True)
    (folder / f"{GRADED}.ipynb").write_text(nbformat.writes(nb), encoding="utf-8")


@pytest.fixture(scope="module")
def course(nbgrader, tmp_path_factory):
    """An nbgrader course folder: every lesson generated, lesson 00 autograded.

    Two students submit lesson 00: ``solved`` fills each answer cell of the
    student version with the solution, ``unsolved`` hands it in as it is.
    """
    folder = tmp_path_factory.mktemp("nbgrader-course")
    export_course(folder)
    _run(nbgrader, folder, "generate_assignment", "*")
    released = read_notebook(folder / "release" / GRADED / f"{GRADED}.ipynb")
    source = read_notebook(folder / "source" / GRADED / f"{GRADED}.ipynb")
    answers = {
        _meta(c)["grade_id"]: c.source for c in source.cells if _meta(c).get("solution")
    }
    _submit(folder, "unsolved", released)
    for cell in released.cells:
        if _meta(cell).get("solution"):
            cell.source = answers[_meta(cell)["grade_id"]]
    _submit(folder, "solved", released)
    _run(nbgrader, folder, "autograde", GRADED)
    _run(nbgrader, folder, "export", "--to", "grades.csv")
    return folder


def test_the_written_config_gives_each_cell_the_course_time_limit(nbgrader, tmp_path):
    """nbgrader's own limit, 30 s a cell, failed notebooks on a busy machine."""
    from nbgrader.preprocessors import Execute
    from traitlets.config.loader import PyFileConfigLoader

    export_course(tmp_path, ["00"])
    config = PyFileConfigLoader("nbgrader_config.py", path=str(tmp_path)).load_config()
    assert Execute(config=config).timeout == CELL_TIMEOUT >= 300


def _comparable(nb):
    return [
        (
            cell.cell_type,
            cell.source,
            {k: v for k, v in cell.metadata.items() if k not in NBGRADER_KEYS},
        )
        for cell in nb.cells
    ]


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_nbgrader_student_version_is_the_course_student_notebook(course, path):
    released = read_notebook(course / "release" / path.stem / path.name)
    student = read_notebook(ROOT / "notebooks" / path.name)
    assert _comparable(released) == _comparable(student)


def test_autograde_gives_full_marks_to_solved_and_zero_to_unsolved(course):
    with open(course / "grades.csv", newline="") as f:
        rows = {
            row["student_id"]: row
            for row in csv.DictReader(f)
            if row["assignment"] == GRADED
        }
    stars = sum(ex.stars for ex in lesson_exercises("00"))
    assert float(rows["solved"]["max_score"]) == stars
    assert float(rows["solved"]["score"]) == stars
    assert float(rows["unsolved"]["score"]) == 0


def test_an_unsolved_notebook_runs_past_every_unanswered_exercise(course):
    """Only the test cells fail: every stub runs, so Run All reaches the end."""
    graded = read_notebook(
        course / "autograded" / "unsolved" / GRADED / f"{GRADED}.ipynb"
    )
    failed = [
        (i, _meta(cell).get("grade_id"))
        for i, cell in enumerate(graded.cells)
        if cell.cell_type == "code"
        and any(out.output_type == "error" for out in cell.outputs)
    ]
    tests = [
        (i, _meta(c)["grade_id"])
        for i, c in enumerate(graded.cells)
        if _meta(c).get("grade")
    ]
    assert failed == tests
    solved = read_notebook(
        course / "autograded" / "solved" / GRADED / f"{GRADED}.ipynb"
    )
    assert not any(
        out.output_type == "error"
        for cell in solved.cells
        for out in cell.get("outputs", [])
    )
