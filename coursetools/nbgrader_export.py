"""Write an nbgrader course folder from ``solutions/``: the lessons as nbgrader sources.

nbgrader needs to know what each cell is. This command writes every lesson
into ``source/NN_topic/NN_topic.ipynb`` of an nbgrader course folder, with the
cell metadata that nbgrader's own toolbar would set:

- an answer cell (one with ``### BEGIN SOLUTION`` ... ``### END SOLUTION``) is
  an "Autograded answer" cell;
- a check cell, ``check("NN.k", name)``, is an "Autograder tests" cell worth
  the exercise's stars. A hidden part, which nbgrader removes from the
  student version and puts back when it autogrades, fails the test unless
  the check says "correct" (``check`` itself never raises, and nbgrader
  counts a test as failed only when it raises);
- a text cell is "Read-only", so nbgrader restores it if a student edits it.
  Code cells outside the exercises stay editable: the lessons ask learners to
  change them and run them again;
- cells tagged ``solution`` (worked answers) or ``verify`` (the lesson's own
  tests) are left out, as in ``notebooks/``.

It also writes ``nbgrader_config.py`` (only where there is none), which
calls `configure`: nbgrader then puts the course's own stubs in place of each
answer (the same as ``notebooks/``, made by `coursetools.student`, so that
Run All goes past an unanswered exercise) and gives each cell time to run.
With it, nbgrader's ``generate_assignment`` makes the student version that
``notebooks/`` holds, apart from nbgrader's metadata, and ``autograde`` gives
each exercise its stars when its check says "correct".

Usage::

    python -m coursetools.nbgrader_export OUT            # every lesson
    python -m coursetools.nbgrader_export OUT 00 06      # lessons 00 and 06
"""

from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path
from typing import Any

from nbformat import NotebookNode

from .exercises import CHECK_CALL, course_exercises
from .lessons import ROOT, lesson_number, lesson_paths, read_notebook, write_notebook
from .student import (
    SOLUTION_TAG,
    VERIFY_TAG,
    clean_cell,
    solution_blocks,
    strip_solutions,
)

__all__ = [
    "CELL_TIMEOUT",
    "CONFIG_TEXT",
    "configure",
    "export_course",
    "nbgrader_source",
]

#: Seconds nbgrader lets one cell run when it autogrades (its own default is
#: 30, too short for the training cells of the later lessons on a busy machine).
CELL_TIMEOUT = 600

#: What the generated nbgrader_config.py holds.
CONFIG_TEXT = '''\
"""nbgrader settings for "Derivatives and Gradients for Machine Learning"."""

from coursetools.nbgrader_export import configure

c = get_config()  # noqa: F821 (nbgrader provides it)

# The course's stubs in the student version, and time enough for each cell.
configure(c)

# Your own settings go below, e.g.
# c.CourseDirectory.course_id = "derivatives-2027"
'''

_SCHEMA_VERSION = 3


def _nbgrader_metadata(grade_id: str, **flags: Any) -> dict[str, Any]:
    meta = {
        "grade": False,
        "solution": False,
        "locked": False,
        "grade_id": grade_id,
        "schema_version": _SCHEMA_VERSION,
    }
    meta.update(flags)
    return meta


def _graded_check(source: str) -> str:
    """The check cell with hidden lines that raise unless the check says correct.

    nbgrader removes the lines between the hidden-test markers from the
    student version, so the student sees the cell unchanged; when it
    autogrades, it restores them.

    Examples
    --------
    >>> print(_graded_check('check("00.1", speed)'))
    ### BEGIN HIDDEN TESTS
    from utils.exercises import check
    <BLANKLINE>
    _checked = (
    ### END HIDDEN TESTS
    check("00.1", speed)
    ### BEGIN HIDDEN TESTS
    )
    assert _checked.correct, _checked.line()
    ### END HIDDEN TESTS
    """
    return "\n".join(
        [
            "### BEGIN HIDDEN TESTS",
            "from utils.exercises import check",
            "",
            "_checked = (",
            "### END HIDDEN TESTS",
            source,
            "### BEGIN HIDDEN TESTS",
            ")",
            "assert _checked.correct, _checked.line()",
            "### END HIDDEN TESTS",
        ]
    )


def nbgrader_source(solution: NotebookNode) -> NotebookNode:
    """Return the nbgrader source version of a solution notebook (the input is not changed).

    Raises
    ------
    ValueError
        If a check cell names an exercise the course does not have.
    """
    exercises = course_exercises()
    nb = copy.deepcopy(solution)
    cells = []
    for index, cell in enumerate(nb.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        if SOLUTION_TAG in tags or VERIFY_TAG in tags:
            continue
        clean_cell(cell)
        check = CHECK_CALL.fullmatch(cell.source.strip())
        if cell.cell_type == "code" and solution_blocks(cell.source):
            cell.metadata["nbgrader"] = _nbgrader_metadata(
                f"answer-cell-{index}", solution=True
            )
        elif cell.cell_type == "code" and check:
            exercise = check.group(1)
            if exercise not in exercises:
                raise ValueError(f"a check cell names exercise {exercise!r}, unknown")
            cell.source = _graded_check(cell.source.strip())
            cell.metadata["nbgrader"] = _nbgrader_metadata(
                f"check-{exercise.replace('.', '-')}",
                grade=True,
                locked=True,
                points=exercises[exercise].stars,
            )
        elif cell.cell_type == "markdown":
            cell.metadata["nbgrader"] = _nbgrader_metadata(
                f"text-cell-{index}", locked=True
            )
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    return nb


def configure(c: Any) -> None:
    """Set what the course needs in an nbgrader configuration object ``c``.

    nbgrader replaces each answer with one fixed stub, ``raise
    NotImplementedError()``, which stops Run All at the first exercise not yet
    done. Here its ClearSolutions step is swapped for one that writes the
    course's stubs (``name = ...`` at the top level, ``raise
    NotImplementedError`` inside a function). nbgrader's limit of 30 seconds
    a cell becomes `CELL_TIMEOUT`.
    """
    from nbgrader.converters import GenerateAssignment
    from nbgrader.preprocessors import ClearSolutions

    class CourseStubs(ClearSolutions):
        """nbgrader's ClearSolutions, with the stubs of `coursetools.student`."""

        def _replace_solution_region(self, cell: NotebookNode, language: str) -> bool:
            if cell.cell_type != "code" or not solution_blocks(cell.source):
                return False
            cell.source = strip_solutions(cell.source)
            return True

    default = GenerateAssignment.class_traits()["preprocessors"].default()
    c.GenerateAssignment.preprocessors = [
        CourseStubs if step is ClearSolutions else step for step in default
    ]
    c.ClearSolutions.code_stub = {
        "python": "# YOUR CODE HERE\nraise NotImplementedError"
    }
    c.Execute.timeout = CELL_TIMEOUT


def export_course(
    folder: Path,
    lessons: list[str] | None = None,
    solutions: Path = ROOT / "solutions",
) -> list[Path]:
    """Write lessons into ``folder/source/`` as nbgrader sources, and a config if none.

    Parameters
    ----------
    folder : Path
        The nbgrader course folder (created if missing).
    lessons : list of str, optional
        Two-digit lesson numbers; every lesson by default.
    solutions : Path
        The folder of solution notebooks.

    Returns
    -------
    list of Path
        The source notebooks written.

    Raises
    ------
    ValueError
        If a lesson is not among those in ``solutions``.
    """
    paths = {lesson_number(p): p for p in lesson_paths(solutions)}
    chosen = sorted(paths) if lessons is None else list(lessons)
    unknown = [n for n in chosen if n not in paths]
    if unknown:
        raise ValueError(f"lessons must be among {sorted(paths)}, got {unknown}")
    folder = Path(folder)
    written = []
    for number in chosen:
        path = paths[number]
        target = folder / "source" / path.stem / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_notebook(nbgrader_source(read_notebook(path)), target)
        written.append(target)
    config = folder / "nbgrader_config.py"
    if not config.exists():
        config.write_text(CONFIG_TEXT, encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    """Run the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m coursetools.nbgrader_export",
        description=__doc__.split("\n\n")[0],
    )
    parser.add_argument("folder", type=Path, help="the nbgrader course folder")
    parser.add_argument(
        "lessons", nargs="*", help="two-digit lesson numbers (default: every lesson)"
    )
    args = parser.parse_args(argv)
    try:
        written = export_course(args.folder, args.lessons or None)
    except ValueError as error:
        parser.error(str(error))
    for path in written:
        print(f"wrote {path}")
    config = args.folder / "nbgrader_config.py"
    if "coursetools.nbgrader_export" not in config.read_text(encoding="utf-8"):
        print(
            f"{config} is your own: add these two lines to it, or nbgrader will "
            "stop Run All at the first unanswered exercise:\n\n"
            "    from coursetools.nbgrader_export import configure\n"
            "    configure(c)"
        )
    else:
        print(f"nbgrader settings: {config}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
