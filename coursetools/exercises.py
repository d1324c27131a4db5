"""Each exercise's facts (title, stars, answer name), read from the lessons.

The lessons are the single source. In a lesson, an exercise is a heading and
a check cell::

    ### Exercise 4.1 · Partial derivatives by hand ★

    check("04.1", partials)

The heading gives the title and the stars (one to three, the exercise's
points); the check cell gives the name of the answer, which the grader reads
from the executed notebook. An exercise under ``## Going further`` is
optional: graded, its points extra. The checks in `utils.exercises` know only
the ids, so that they work in a learner's kernel without reading a file.

The facts come from ``solutions/``, or from ``notebooks/`` in the student
release, which has no solutions (its notebooks keep every heading and check
cell).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from utils.exercises import exercise_ids

from .lessons import ROOT, lesson_number, lesson_paths

__all__ = [
    "CHECK_CALL",
    "ExerciseFacts",
    "course_exercises",
    "lesson_exercises",
    "lessons_with_exercises",
    "read_exercises",
]

#: An exercise's heading: ``### Exercise 4.1 · Title ★★``.
HEADING = re.compile(r"^### Exercise (\d+)\.(\d+) · (.+?) (★+)\s*$")
#: A check call: ``check("04.1", name)``.
CHECK_CALL = re.compile(r'check\("(\d\d\.\d+)", (\w+)\)')
_GOING_FURTHER = "## Going further"


@dataclass(frozen=True)
class ExerciseFacts:
    """What a lesson says about one of its exercises."""

    id: str
    title: str
    stars: int
    answer: str
    optional: bool = False
    """True for an exercise of a lesson's Going further: graded, but its points
    are extra, outside the lesson's total."""

    @property
    def lesson(self) -> str:
        """The two-digit lesson number, e.g. ``"04"``."""
        return self.id.split(".")[0]


def _number(exercise_id: str) -> tuple[int, int]:
    lesson, _, k = exercise_id.partition(".")
    return int(lesson), int(k)


def read_exercises(path: Path) -> list[ExerciseFacts]:
    """Return the exercises of one lesson notebook, in order.

    Parameters
    ----------
    path : Path
        A lesson notebook named like ``04_partial_derivatives.ipynb``.

    Returns
    -------
    list of ExerciseFacts
        One per exercise heading, in the order of the notebook.

    Raises
    ------
    ValueError
        If a line starts like an exercise heading but is not one; a heading
        belongs to another lesson, or has more than three stars; the headings
        are out of order; a heading has no check cell, or a check cell no
        heading; or two exercises give their answers the same name.
    """
    lesson = lesson_number(path)
    cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
    headings: list[tuple[str, str, int, bool]] = []
    answers: dict[str, str] = {}
    further = False
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code":
            for exercise_id, name in CHECK_CALL.findall(source):
                if exercise_id in answers:
                    raise ValueError(
                        f"{Path(path).name}: two check cells for {exercise_id}"
                    )
                answers[exercise_id] = name
            continue
        for line in source.splitlines():
            further = further or line.startswith(_GOING_FURTHER)
            if not line.startswith("### Exercise"):
                continue
            match = HEADING.match(line)
            if match is None:
                raise ValueError(
                    f"{Path(path).name}: {line!r} is not a heading like "
                    "'### Exercise 4.1 · Title ★★'"
                )
            major, minor, title, stars = match.groups()
            exercise_id = f"{int(major):02d}.{minor}"
            if exercise_id[:2] != lesson:
                raise ValueError(
                    f"{Path(path).name}: {line!r} is not an exercise of lesson {lesson}"
                )
            if len(stars) > 3:
                raise ValueError(
                    f"{Path(path).name}: {line!r} has more than three stars"
                )
            headings.append((exercise_id, title, len(stars), further))
    ids = [h[0] for h in headings]
    if ids != sorted(set(ids), key=_number):
        raise ValueError(f"{Path(path).name}: exercise headings out of order: {ids}")
    if set(ids) != set(answers):
        raise ValueError(
            f"{Path(path).name}: headings without a check cell: "
            f"{sorted(set(ids) - set(answers))}; check cells without a heading: "
            f"{sorted(set(answers) - set(ids))}"
        )
    names = list(answers.values())
    if len(set(names)) != len(names):
        raise ValueError(f"{Path(path).name}: two exercises share an answer name")
    return [
        ExerciseFacts(i, title, stars, answers[i], optional)
        for i, title, stars, optional in headings
    ]


def course_exercises(folder: Path | None = None) -> dict[str, ExerciseFacts]:
    """Return every exercise of the course by id, in order of lesson and number.

    Parameters
    ----------
    folder : Path, optional
        A folder of lessons; by default ``solutions/``, or ``notebooks/``
        where there is no ``solutions/`` (the student release).

    Raises
    ------
    ValueError
        If a lesson's exercises are inconsistent (see `read_exercises`), or
        differ from the lesson's checks in `utils.exercises` (so that a lesson
        with an exercise deleted is not graded as complete).
    """
    if folder is None:
        folder = ROOT / "solutions"
        if not folder.is_dir():
            folder = ROOT / "notebooks"
    return dict(_read_folder(Path(folder).resolve()))


@functools.cache
def _read_folder(folder: Path) -> tuple[tuple[str, ExerciseFacts], ...]:
    found = []
    for path in lesson_paths(folder):
        exercises = read_exercises(path)
        ids, checked = {f.id for f in exercises}, set(exercise_ids(lesson_number(path)))
        if ids != checked:
            raise ValueError(
                f"{path.name} and its checks disagree: exercises without a check "
                f"{sorted(ids - checked)}, checks without an exercise "
                f"{sorted(checked - ids)}"
            )
        found += [(f.id, f) for f in exercises]
    return tuple(found)


def lesson_exercises(lesson: str) -> list[ExerciseFacts]:
    """Return the exercises of one lesson (two-digit number), in order."""
    return [f for f in course_exercises().values() if f.lesson == lesson]


def lessons_with_exercises() -> list[str]:
    """Return the two-digit numbers of the lessons that have exercises, in order."""
    return sorted({f.lesson for f in course_exercises().values()})
