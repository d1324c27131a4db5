"""Find a class's submissions and keep its gradebook: rows written as they come.

A student is a top-level folder of the class folder, whatever is nested in it
(a notebook directly in the class folder belongs to the student "."). A
notebook is recognised by its lesson number, the two digits its name starts
with, so that ``01_derivatives (1).ipynb`` or ``02_Derivative_Rules.ipynb``
count; a notebook that matches no lesson is listed, never skipped silently.

The gradebook is a CSV with one row per exercise; each notebook's rows are
appended and flushed as soon as it is graded, so a crash loses nothing and a
second run over the same folder resumes where the first stopped. The summary
is a CSV with one row per student: points per lesson (an exercise's points
are its stars), "not submitted" for a missing notebook, and the total; the
points of Going-further exercises are extra, in a column of their own.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from utils.exercises import REGISTRY

from .exercises import course_exercises, lesson_exercises, lessons_with_exercises

__all__ = [
    "NOT_SUBMITTED",
    "Gradebook",
    "Submission",
    "explain_dependencies",
    "find_submissions",
    "lesson_of_name",
    "write_summary",
]

#: What the summary shows for a lesson a student did not hand in.
NOT_SUBMITTED = "not submitted"

_LESSON_PREFIX = re.compile(r"^(\d\d)(?!\d)")


@dataclass(frozen=True)
class Submission:
    """One notebook to grade: whose, which lesson, where."""

    student: str
    lesson: str
    path: Path


def find_submissions(folder: Path) -> tuple[list[Submission], list[str]]:
    """Return the class's notebooks, and a note for each notebook not graded.

    Parameters
    ----------
    folder : Path
        The class folder: one sub-folder per student (any depth inside).

    Returns
    -------
    (list of Submission, list of str)
        The notebooks to grade, by student then lesson; and, for each other
        notebook, its path and why it is not graded (no lesson matches, or
        another notebook of the same student and lesson is newer).

    Raises
    ------
    ValueError
        If ``folder`` is not a directory.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"folder must be a directory, got {folder}")
    lessons = set(lessons_with_exercises())
    chosen: dict[tuple[str, str], Path] = {}
    notes: list[str] = []
    for path in sorted(folder.rglob("*.ipynb")):
        relative = path.relative_to(folder)
        if ".ipynb_checkpoints" in relative.parts:
            continue
        student = relative.parts[0] if len(relative.parts) > 1 else "."
        match = _LESSON_PREFIX.match(path.name)
        if match is None or match.group(1) not in lessons:
            notes.append(f"{relative.as_posix()}: matches no lesson, not graded")
            continue
        key = (student, match.group(1))
        if key in chosen:
            older, newer = sorted((chosen[key], path), key=_modified)
            chosen[key] = newer
            notes.append(
                f"{older.relative_to(folder).as_posix()}: not graded, "
                f"{newer.relative_to(folder).as_posix()} is newer for the same lesson"
            )
        else:
            chosen[key] = path
    submissions = [
        Submission(s, lesson, p) for (s, lesson), p in sorted(chosen.items())
    ]
    return submissions, notes


def _modified(path: Path) -> tuple[float, str]:
    return (path.stat().st_mtime, str(path))


class Gradebook:
    """A gradebook CSV that rows are appended to, and that a later run resumes.

    Parameters
    ----------
    path : Path
        The CSV file; created with a header if missing.
    fields : sequence of str
        The column names.

    Raises
    ------
    ValueError
        If the file exists with another header.
    """

    def __init__(self, path: Path, fields: Iterable[str]) -> None:
        self.path = Path(path)
        self.fields = tuple(fields)
        self.rows: list[dict[str, str]] = []
        if self.path.exists() and self.path.stat().st_size > 0:
            with self.path.open(newline="", encoding="utf-8") as handle:
                reader = csv.DictReader(handle)
                if tuple(reader.fieldnames or ()) != self.fields:
                    raise ValueError(
                        f"path {self.path} is a CSV with other columns "
                        f"({reader.fieldnames}); choose another output file"
                    )
                self.rows = list(reader)
        else:
            with self.path.open("w", newline="", encoding="utf-8") as handle:
                csv.writer(handle).writerow(self.fields)

    def done(self) -> set[tuple[str, str]]:
        """Return the (submission, notebook) pairs that have all their rows."""
        counts: dict[tuple[str, str], set[str]] = {}
        for row in self.rows:
            counts.setdefault((row["submission"], row["notebook"]), set()).add(
                row["exercise"]
            )
        return {
            key
            for key, found in counts.items()
            if _lesson_of(key[1]) is not None
            and found >= {ex.id for ex in lesson_exercises(_lesson_of(key[1]))}
        }

    def append(self, rows: Iterable[Any]) -> None:
        """Append rows (objects with the fields as attributes) and flush them to disk."""
        new = [{name: str(getattr(row, name)) for name in self.fields} for row in rows]
        with self.path.open("a", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            for row in new:
                writer.writerow([row[name] for name in self.fields])
            handle.flush()
            os.fsync(handle.fileno())
        self.rows.extend(new)


def lesson_of_name(name: str) -> str | None:
    """Return the lesson a notebook's file name starts with, or None if none has exercises.

    Examples
    --------
    >>> lesson_of_name("01_derivatives (1).ipynb")
    '01'
    >>> lesson_of_name("homework.ipynb") is None
    True
    """
    match = _LESSON_PREFIX.match(name)
    if match is None or match.group(1) not in lessons_with_exercises():
        return None
    return match.group(1)


_lesson_of = lesson_of_name


def write_summary(
    rows: Iterable[dict[str, str]], students: Iterable[str], path: Path
) -> list[dict[str, str]]:
    """Write one row per student: points per lesson, the total, the maximum, and
    the extra points of Going-further (optional) exercises.

    Parameters
    ----------
    rows : iterable of dict
        Gradebook rows (``submission``, ``notebook``, ``exercise``, ``status``).
    students : iterable of str
        Every student of the class (those without any notebook included).
    path : Path
        Where to write the CSV.

    Returns
    -------
    list of dict
        The summary rows as written.
    """
    lessons = lessons_with_exercises()
    exercises = course_exercises()
    points: dict[tuple[str, str], int] = {}
    extra: dict[str, int] = {}
    for row in rows:
        lesson = _lesson_of(row["notebook"])
        ex = exercises.get(row["exercise"])
        if lesson is None or ex is None:
            continue
        earned = ex.stars if row["status"] == "correct" else 0
        if ex.optional:
            extra[row["submission"]] = extra.get(row["submission"], 0) + earned
            earned = 0  # the lesson was still submitted
        key = (row["submission"], lesson)
        points[key] = points.get(key, 0) + earned
    maximum = sum(ex.stars for ex in exercises.values() if not ex.optional)
    fields = ["student", *(f"lesson {n}" for n in lessons), "total", "out of"]
    fields.append("optional")
    table = []
    for student in sorted(set(students)):
        line = {"student": student}
        for lesson in lessons:
            got = points.get((student, lesson))
            line[f"lesson {lesson}"] = NOT_SUBMITTED if got is None else str(got)
        line["total"] = str(sum(points.get((student, n), 0) for n in lessons))
        line["out of"] = str(maximum)
        line["optional"] = str(extra.get(student, 0))
        table.append(line)
    with Path(path).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(table)
    return table


def explain_dependencies(results: dict[str, dict]) -> dict[str, dict]:
    """Say, in a failed exercise's message, which earlier answer it builds on is missing.

    Parameters
    ----------
    results : dict
        Exercise id to ``{"status": ..., "message": ...}``, for one notebook.

    Returns
    -------
    dict
        The same results; an exercise that is not correct and whose
        ``depends_on`` (see `utils.exercises.Exercise`) names an exercise
        graded "not attempted" or "error" has that said in its message.
    """
    explained = {}
    for exercise_id, result in results.items():
        ex = REGISTRY.get(exercise_id)
        missing = [
            d
            for d in (ex.depends_on if ex else ())
            if results.get(d, {}).get("status") in ("not attempted", "error")
        ]
        if missing and result.get("status") != "correct":
            shown = ", ".join(missing)
            result = {
                **result,
                "message": f"{result.get('message', '')} (this exercise builds on "
                f"{shown}, whose answer is missing or failed: fix that first)",
            }
        explained[exercise_id] = result
    return explained
