"""GitHub Classroom: the workflow that grades a student's repository on each push.

The student release (`coursetools.release`) carries `WORKFLOW_PATH`, written
by `workflow`. On every push GitHub Actions sets up Python, installs the
course, grades the repository's ``notebooks/`` with the course's own grader
(`coursetools.grade`, into ``gradebook.csv``), then runs one step per lesson
through GitHub Classroom's ``autograding-command-grader``, worth that lesson's
stars. Each step runs this module's command, which reads the gradebook::

    python -m coursetools.classroom --lesson 01 [--gradebook gradebook.csv]

It prints every exercise of the lesson with its status and the lesson's points
(an exercise's points are its stars), and exits 0 only when every exercise of
the lesson is correct, since the command grader gives a step all its points
or none. The workflow is generated from the lessons' exercises
(`coursetools.exercises`), so its points always match them.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from .exercises import lesson_exercises, lessons_with_exercises

__all__ = ["GRADEBOOK", "WORKFLOW_PATH", "lesson_points", "lesson_stars", "workflow"]

#: Where the workflow sits in the student release.
WORKFLOW_PATH = ".github/workflows/classroom.yml"
#: The gradebook the grading step writes and the lesson steps read.
GRADEBOOK = "gradebook.csv"
#: The grader's command in the workflow. No bubblewrap on GitHub's runners:
#: each push runs on a fresh virtual machine that holds one student's work.
GRADE_COMMAND = (
    f"rm -f {GRADEBOOK} && python -m coursetools.grade notebooks"
    f" --output {GRADEBOOK} --sandbox none"
)


def lesson_stars() -> dict[str, int]:
    """Return each lesson's points: the stars of its core exercises, by lesson.

    Going-further exercises (``optional``) are graded and listed, but the
    points of a lesson do not depend on them.
    """
    return {
        lesson: sum(ex.stars for ex in lesson_exercises(lesson) if not ex.optional)
        for lesson in lessons_with_exercises()
    }


def step_id(lesson: str) -> str:
    """Return the workflow step id of a lesson, e.g. ``lesson-01``."""
    return f"lesson-{lesson}"


def workflow() -> str:
    """Return the GitHub Actions workflow (YAML) for a GitHub Classroom assignment."""
    stars = lesson_stars()
    lines = [
        "# Grades this repository's notebooks/ on every push, for GitHub Classroom.",
        "# Written by `make release` (coursetools/classroom.py); points are stars.",
        "name: Autograding",
        "'on':",
        "  - push",
        "  - workflow_dispatch",
        "  - repository_dispatch",
        "permissions:",
        "  checks: write",
        "  actions: read",
        "  contents: read",
        "jobs:",
        "  grade:",
        "    runs-on: ubuntu-latest",
        "    if: github.actor != 'github-classroom[bot]'",
        "    timeout-minutes: 45",
        "    steps:",
        "      - name: Check out the notebooks",
        "        uses: actions/checkout@v4",
        "      - name: Set up Python",
        "        uses: actions/setup-python@v5",
        "        with:",
        "          python-version: '3.11'",
        "          cache: pip",
        "      - name: Install the course",
        "        run: python -m pip install -r requirements.txt -c constraints.txt",
        "      - name: Grade the notebooks",
        "        continue-on-error: true",
        f"        run: {GRADE_COMMAND}",
    ]
    for lesson, points in stars.items():
        lines += [
            f"      - name: Lesson {lesson}",
            f"        id: {step_id(lesson)}",
            "        uses: classroom-resources/autograding-command-grader@v1",
            "        with:",
            f"          test-name: Lesson {lesson}",
            f"          command: python -m coursetools.classroom --lesson {lesson}",
            "          timeout: 5",
            f"          max-score: {points}",
        ]
    lines += [
        "      - name: Report the points",
        "        uses: classroom-resources/autograding-grading-reporter@v1",
        "        env:",
    ]
    for lesson in stars:
        sid = step_id(lesson)
        lines.append(
            f'          {sid.upper()}_RESULTS: "${{{{ steps.{sid}.outputs.result }}}}"'
        )
    lines += [
        "        with:",
        f"          runners: {','.join(step_id(lesson) for lesson in stars)}",
    ]
    return "\n".join(lines) + "\n"


def lesson_points(
    rows: list[dict[str, str]], lesson: str
) -> tuple[int, int, list[str]]:
    """Score one lesson from gradebook rows; Going-further exercises do not count.

    Parameters
    ----------
    rows : list of dict
        Rows of the grader's CSV (`coursetools.grade.FIELDS`).
    lesson : str
        Two-digit lesson number.

    Returns
    -------
    (int, int, list of str)
        Points earned, points possible, and one line per exercise.

    Raises
    ------
    ValueError
        If the lesson has no exercises.
    """
    exercises = lesson_exercises(lesson)
    if not exercises:
        raise ValueError(f"lesson must be one with exercises, got {lesson!r}")
    # The repository's own notebooks: those directly in notebooks/ (student ".").
    found = {r["exercise"]: r for r in rows if r.get("submission") == "."}
    earned, lines = 0, []
    for ex in exercises:
        label = (
            f"{ex.id} ({ex.stars}*, optional: not counted)"
            if ex.optional
            else (f"{ex.id} ({ex.stars}*)")
        )
        row = found.get(ex.id)
        if row is None:
            lines.append(f"{label} not graded: no notebook for lesson {lesson}")
            continue
        if row["status"] == "correct" and not ex.optional:
            earned += ex.stars
        message = f": {row['message']}" if row["message"] else ""
        lines.append(f"{label} {row['status']}{message}")
    return earned, lesson_stars()[lesson], lines


def main(argv: list[str] | None = None) -> int:
    """Print one lesson's points from the gradebook; exit 0 only if all are earned."""
    parser = argparse.ArgumentParser(
        prog="python -m coursetools.classroom",
        description="Score one lesson from the grader's CSV, for GitHub Classroom.",
    )
    parser.add_argument("--lesson", required=True, help="two-digit lesson number")
    parser.add_argument("--gradebook", type=Path, default=Path(GRADEBOOK))
    args = parser.parse_args(argv)
    if args.lesson not in lesson_stars():
        parser.error(f"--lesson must be one of {', '.join(lesson_stars())}")
    if not args.gradebook.is_file():
        print(f"no gradebook at {args.gradebook}: the grading step did not finish")
        return 1
    with args.gradebook.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    earned, possible, lines = lesson_points(rows, args.lesson)
    print("\n".join(lines))
    print(f"lesson {args.lesson}: {earned} of {possible} points")
    return 0 if earned == possible else 1


if __name__ == "__main__":
    sys.exit(main())
