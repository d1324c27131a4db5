"""Grade a folder of lesson notebooks into a gradebook (CSV).

Each notebook named like ``01_derivatives.ipynb`` found in the folder (or in
its sub-folders, one per student) is executed from top to bottom on a fresh
kernel, in a temporary folder of its own, with a time limit; where bubblewrap
is installed the kernel runs inside it (see `coursetools.sandbox`). Cells that
raise do not stop the run. Then every exercise of that lesson is checked
against the answers left in the kernel, with the same checks a learner runs,
so the score does not depend on what the notebook printed. When a notebook is
done its kernel is shut down and every process it started is ended, so memory
stays bounded however large the class.

Each row of the gradebook is one exercise of one notebook, with a status:
correct, incorrect, not attempted, or error (the answer raised, was missing,
or the notebook did not finish in time), and the notebook's cells that raised
an error while it ran (``failed_cells``), which helps to read an "error".

Usage::

    python -m coursetools.grade FOLDER [--output gradebook.csv] [--timeout 120]
        [--jobs N] [--sandbox auto|bwrap|none] [--memory 4096]
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from utils.exercises import CHECK_SECONDS, STATUSES, evaluate

from .bridge import BRIDGE_MIME, CannotTravel, KernelOracle, run_code
from .exercises import ExerciseFacts, lesson_exercises
from .gradebook import (
    Gradebook,
    explain_dependencies,
    find_submissions,
    lesson_of_name,
    write_summary,
)
from .integrity import FINGERPRINT_CODE, TAMPERED, changed_modules
from .lessons import read_notebook
from .runner import DEFAULT_MEMORY_MB, font_cache, running_notebook
from .sandbox import MODES, Sandbox, become_subreaper, choose_sandbox

__all__ = [
    "FIELDS",
    "Grade",
    "check_answers",
    "grade_folder",
    "grade_notebook",
    "write_gradebook",
]

FIELDS = (
    "submission",
    "notebook",
    "exercise",
    "title",
    "stars",
    "status",
    "message",
    "failed_cells",
)
#: Seconds allowed for a check run in the kernel.
_CHECK_SECONDS = 120
#: Seconds allowed for a check run in the grader (each call to the kernel
#: has its own limit, `CHECK_SECONDS`).
_GRADER_CHECK_SECONDS = 120.0


@dataclass(frozen=True)
class Grade:
    """One row of the gradebook."""

    submission: str
    notebook: str
    exercise: str
    title: str
    stars: int
    status: str
    message: str
    failed_cells: str = ""
    """Cells of the notebook that raised, counted from 1 at the top (markdown
    cells included), e.g. ``"cell 12 (NameError)"``; empty if none did."""


@dataclass(frozen=True)
class _Job:
    """One notebook to grade, and how (sent to a worker process)."""

    path: Path
    lesson: str
    submission: str
    timeout: float
    sandbox: Sandbox
    memory_mb: int | None
    font_cache: Path | None


def grade_notebook(
    path: Path,
    *,
    timeout: float = 120.0,
    submission: str = ".",
    sandbox: str = "auto",
    memory_mb: int | None = DEFAULT_MEMORY_MB,
) -> list[Grade]:
    """Execute one lesson notebook and grade each of its lesson's exercises.

    Parameters
    ----------
    path : Path
        A notebook named like ``NN_topic.ipynb``.
    timeout : float
        Seconds allowed for the whole notebook.
    submission : str
        Label for the gradebook's first column (e.g. the student's folder).
    sandbox : {"auto", "bwrap", "none"}
        Where the kernel runs (see `coursetools.sandbox.choose_sandbox`).
    memory_mb : int or None
        The kernel's memory limit in megabytes.

    Returns
    -------
    list of Grade
        One per exercise of the lesson, in order.

    Raises
    ------
    ValueError
        If ``timeout`` is not positive, the file name is not a lesson's, or
        ``sandbox`` is not a known mode.
    """
    _check_timeout(timeout)
    lesson = lesson_of_name(Path(path).name)
    if lesson is None:
        raise ValueError(
            f"path must name a lesson like '01_derivatives.ipynb', got {path}"
        )
    job = _Job(
        Path(path),
        lesson,
        submission,
        timeout,
        choose_sandbox(sandbox),
        memory_mb,
        font_cache(),
    )
    return _grade(job)


def grade_folder(
    folder: Path,
    *,
    timeout: float = 120.0,
    jobs: int | None = None,
    sandbox: str = "auto",
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    gradebook: Path | None = None,
    progress: bool = False,
) -> list[Grade]:
    """Grade every lesson notebook in ``folder`` and its sub-folders.

    Parameters
    ----------
    folder : Path
        The class folder: one sub-folder per student (see
        `coursetools.gradebook.find_submissions`).
    timeout : float
        Seconds allowed for each notebook.
    jobs : int, optional
        How many notebooks run at once (default: the number of CPUs).
    sandbox : {"auto", "bwrap", "none"}
        Where the kernels run (see `coursetools.sandbox.choose_sandbox`).
    memory_mb : int or None
        Each kernel's memory limit in megabytes.
    gradebook : Path, optional
        A CSV that each notebook's rows are appended to as soon as it is
        graded; notebooks it already holds are not graded again (resume).
    progress : bool
        Show a progress bar (on standard error).

    Returns
    -------
    list of Grade
        Rows ordered by student, then lesson, then exercise (those read back
        from ``gradebook`` included).

    Raises
    ------
    ValueError
        If ``folder`` is not a directory, ``timeout`` or ``jobs`` is not
        positive, or ``gradebook`` is a CSV with other columns.
    """
    submissions, _ = find_submissions(folder)
    _check_timeout(timeout)
    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive integer, got {jobs!r}")
    chosen = choose_sandbox(sandbox)
    book = None if gradebook is None else Gradebook(gradebook, FIELDS)
    done = set() if book is None else book.done()
    cache = font_cache()
    todo = [s for s in submissions if (s.student, s.path.name) not in done]
    results = {}
    # Every notebook is copied before any runs, into a folder only this user
    # can read, so that a notebook that overwrites a classmate's file on disk
    # (possible without a sandbox) does not change what is graded.
    with tempfile.TemporaryDirectory(prefix="class-copy-") as staging:
        work = []
        for k, s in enumerate(todo):
            copy = Path(staging) / f"{k:05d}" / s.path.name
            copy.parent.mkdir()
            shutil.copyfile(s.path, copy)
            work.append(
                _Job(copy, s.lesson, s.student, timeout, chosen, memory_mb, cache)
            )
        bar = tqdm(
            total=len(work), unit="notebook", disable=not progress, file=sys.stderr
        )
        with bar:
            for path, rows in _grade_all(work, jobs):
                results[path] = rows
                if book is not None:
                    book.append(rows)
                bar.update()
    graded = {(job.submission, job.path.name) for job in work}
    earlier = [
        _grade_from_row(r)
        for r in ([] if book is None else book.rows)
        if (r["submission"], r["notebook"]) in done
        and (r["submission"], r["notebook"]) not in graded
    ]
    rows = earlier + [row for job in work for row in results[job.path]]
    return sorted(rows, key=_row_order)


def _row_order(row: Grade) -> tuple:
    return (row.submission, row.notebook, *map(int, row.exercise.split(".")))


def _grade_from_row(row: dict[str, str]) -> Grade:
    values = {name: row[name] for name in FIELDS}
    values["stars"] = int(values["stars"])
    return Grade(**values)


def _grade_all(work: list[_Job], jobs: int) -> Iterator[tuple[Path, list[Grade]]]:
    """Grade each job in worker processes; yield each as it finishes."""
    if not work:
        return
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(work)),
        mp_context=_worker_context(),
        initializer=become_subreaper,
    ) as pool:
        futures = {pool.submit(_grade, job): job for job in work}
        for future in as_completed(futures):
            job = futures[future]
            try:
                rows = future.result()
            except Exception as exc:  # a worker that died: grade it, do not crash
                rows = _rows_for(job, f"the grader failed on this notebook ({exc})", "")
            yield job.path, rows


def _worker_context() -> Any:
    """How worker processes start: forked from a server process that imports
    the grader once, where the system has one (Linux, macOS); elsewhere each
    starts a fresh Python. Never forked from this process, whose threads
    (a progress bar, a test runner's) a fork would copy mid-step."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    if __name__ != "__main__":  # run as a script, each worker imports it itself
        context.set_forkserver_preload([__name__])
    return context


def _check_timeout(timeout: float) -> None:
    if not timeout > 0:
        raise ValueError(f"timeout must be positive, got {timeout}")


def _grade(job: _Job) -> list[Grade]:
    """Run one notebook, check its answers, and return its rows."""
    lesson = job.lesson
    try:
        nb = read_notebook(job.path)
    except Exception as exc:  # unreadable file: grade it, do not crash
        return _rows_for(
            job, f"the notebook could not be run ({type(exc).__name__}: {exc})", ""
        )
    try:
        with running_notebook(
            nb,
            name=job.path.name,
            timeout=job.timeout,
            sandbox=job.sandbox,
            memory_mb=job.memory_mb,
            font_cache=job.font_cache,
        ) as run:
            if run.km is None:
                return _rows_for(job, run.stopped, run.failed_cells)
            outcome = check_answers(run.km, lesson)
    except Exception as exc:  # a kernel that would not start: grade it, do not crash
        return _rows_for(
            job, f"the notebook could not be run ({type(exc).__name__}: {exc})", ""
        )
    no_result = {"status": "error", "message": "no result"}
    return [
        _row(job, ex, outcome.get(ex.id, no_result), run.failed_cells)
        for ex in lesson_exercises(lesson)
    ]


def _row(job: _Job, ex: ExerciseFacts, result: dict, failed: str) -> Grade:
    """The gradebook row of one exercise of the job's notebook."""
    return Grade(
        job.submission,
        job.path.name,
        ex.id,
        ex.title,
        ex.stars,
        result["status"],
        result["message"],
        failed,
    )


def check_answers(km: Any, lesson: str) -> dict[str, dict]:
    """Check each exercise of ``lesson`` against the answers in the kernel of ``km``.

    Each check runs here, in the grader, on answers read from the kernel as
    data (`coursetools.bridge`); only an answer that cannot travel as data is
    checked in the kernel, where tampering is looked for
    (`coursetools.integrity`).
    """
    oracle = KernelOracle(km, call_seconds=CHECK_SECONDS)
    try:
        return explain_dependencies(
            {ex.id: _check_one(oracle, km, ex) for ex in lesson_exercises(lesson)}
        )
    finally:
        oracle.close()


def _check_one(oracle: KernelOracle, km: Any, ex: ExerciseFacts) -> dict:
    exercise_id, name = ex.id, ex.answer
    oracle.needs_kernel = False
    try:
        found, answer = oracle.fetch(name)
    except CannotTravel:
        found, answer = True, None
    except (RuntimeError, TimeoutError, ValueError) as exc:
        return _error(exercise_id, f"the answer could not be read ({exc})")
    if not found:
        return _error(exercise_id, f"no variable named {name}: did its cell run?")
    if not oracle.needs_kernel:
        result = evaluate(exercise_id, answer, _GRADER_CHECK_SECONDS)
        if not oracle.needs_kernel:
            return result.to_json()
    if oracle.stuck:
        return _error(exercise_id, "the kernel stopped answering")
    return _check_in_kernel(km, exercise_id, name)


def _check_in_kernel(km: Any, exercise_id: str, name: str) -> dict:
    """Run one check beside the learner's code, with the fingerprints around it."""
    code = FINGERPRINT_CODE + (
        "\nimport json as _course_json\n"
        "from IPython.display import display as _course_display\n"
        "from utils.exercises import evaluate as _course_evaluate\n"
        "_course_before = _course_fingerprint()\n"
        f"_course_result = _course_evaluate({exercise_id!r}, globals()[{name!r}])\n"
        "_course_display({%r: _course_json.dumps({'before': _course_before, "
        "'after': _course_fingerprint(), 'result': _course_result.to_json()})}, raw=True)"
        % BRIDGE_MIME
    )
    outputs, error = run_code(km, code, timeout=_CHECK_SECONDS)
    replies = [o[BRIDGE_MIME] for o in outputs if BRIDGE_MIME in o]
    if not replies:
        return _error(exercise_id, f"the answer could not be checked ({error})")
    try:
        reply = json.loads(replies[-1])
        changed = changed_modules(reply["before"]) + changed_modules(reply["after"])
        result = reply["result"]
        status, message = result["status"], str(result["message"])
    except (ValueError, KeyError, TypeError):
        return _error(exercise_id, "the check's answer was not readable")
    if changed:
        shown = ", ".join(sorted(set(changed)))
        return _error(exercise_id, f"{TAMPERED} ({shown})")
    if status not in STATUSES:
        return _error(exercise_id, "the check's answer was not readable")
    return {"exercise": exercise_id, "status": status, "message": message}


def _error(exercise_id: str, message: str) -> dict:
    return {"exercise": exercise_id, "status": "error", "message": message}


def _rows_for(job: _Job, message: str, failed: str) -> list[Grade]:
    """Every exercise of the job's lesson graded "error" with ``message``."""
    result = {"status": "error", "message": message}
    return [_row(job, ex, result, failed) for ex in lesson_exercises(job.lesson)]


def write_gradebook(rows: list[Grade], output: Path) -> None:
    """Write the rows as CSV with a header."""
    with Path(output).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIELDS)
        for row in rows:
            writer.writerow([getattr(row, name) for name in FIELDS])


def summarise(rows: list[Grade]) -> str:
    """Return a small table: per notebook, the count of each status."""
    lines = [f"{'submission':<16} {'notebook':<34} {'correct':>7} {'of':>3}  other"]
    keys = sorted({(r.submission, r.notebook) for r in rows})
    for submission, notebook in keys:
        mine = [r for r in rows if (r.submission, r.notebook) == (submission, notebook)]
        counts = Counter(r.status for r in mine)
        other = ", ".join(
            f"{n} {s}" for s, n in sorted(counts.items()) if s != "correct"
        )
        lines.append(
            f"{submission:<16} {notebook:<34} {counts['correct']:>7} {len(mine):>3}  {other}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Grade a folder from the command line."""
    parser = argparse.ArgumentParser(
        prog="python -m coursetools.grade", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "folder", type=Path, help="folder of notebooks (sub-folders too)"
    )
    parser.add_argument("--output", type=Path, default=Path("gradebook.csv"))
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="notebooks run at once (default: the CPUs)",
    )
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds per notebook"
    )
    parser.add_argument(
        "--sandbox",
        choices=MODES,
        default="auto",
        help="isolate each kernel with bubblewrap (auto: where installed)",
    )
    parser.add_argument(
        "--memory",
        type=int,
        default=DEFAULT_MEMORY_MB,
        help="memory limit of each kernel, in megabytes",
    )
    args = parser.parse_args(argv)
    summary_path = args.output.with_name(args.output.stem + "-summary.csv")
    try:
        print(choose_sandbox(args.sandbox).describe())
        submissions, notes = find_submissions(args.folder)
        for note in notes:
            print(f"note: {note}")
        rows = grade_folder(
            args.folder,
            timeout=args.timeout,
            jobs=args.jobs,
            sandbox=args.sandbox,
            memory_mb=args.memory,
            gradebook=args.output,
            progress=True,
        )
    except (ValueError, RuntimeError) as exc:
        parser.error(str(exc))
    if not submissions:
        print(f"no lesson notebooks (NN_topic.ipynb) found in {args.folder}")
        args.output.unlink(missing_ok=True)
        return 1
    students = {s.student for s in submissions} | {
        p.name
        for p in args.folder.iterdir()
        if p.is_dir() and not p.name.startswith(".")
    }
    write_summary(
        [{name: str(getattr(r, name)) for name in FIELDS} for r in rows],
        students,
        summary_path,
    )
    print(summarise(rows))
    print(f"wrote {len(rows)} rows to {args.output} and the summary to {summary_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
