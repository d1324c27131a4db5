"""Grade a folder of lesson notebooks into a gradebook (CSV).

Each notebook named like ``01_derivatives.ipynb`` found in the folder (or in
its sub-folders, one per student) is executed from top to bottom on a fresh
kernel, in a temporary folder, with a time limit. Cells that raise do not stop
the run. Then one more cell checks every exercise of that lesson against the
answers left in the kernel, with the same checks a learner runs, so the score
does not depend on what the notebook printed.

Each row of the gradebook is one exercise of one notebook, with a status:
correct, incorrect, not attempted, or error (the answer raised, was missing,
or the notebook did not finish in time), and the notebook's cells that raised
an error while it ran (``failed_cells``), which helps to read an "error".

Usage::

    python -m coursetools.grade FOLDER [--output gradebook.csv] [--timeout 120]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Any

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

from utils.exercises import REGISTRY, exercise_ids

from .lessons import LESSON_PATTERN, lesson_number, read_notebook

__all__ = [
    "FIELDS",
    "GRADES_MIME",
    "Grade",
    "PatientNotebookClient",
    "grade_folder",
    "grade_notebook",
    "grading_code",
    "write_gradebook",
]

_POLL_SECONDS = 1.0
GRADES_MIME = "application/vnd.derivatives-course.grades+json"
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
_GRADING_CELL = (
    "from IPython.display import display as _display\n"
    "from utils.exercises import grade_namespace as _grade_namespace\n"
    "_display({{{mime!r}: [r.to_json() for r in _grade_namespace({lesson!r}, globals())]}}, raw=True)"
)


def grading_code(lesson: str) -> str:
    """Return the code that, run last in a lesson's kernel, displays its grades.

    It checks every exercise of `lesson` against the answers left in the
    kernel and displays the results, a list of dicts with keys ``exercise``,
    ``status`` and ``message``, under the MIME type `GRADES_MIME`.

    Examples
    --------
    >>> "grade_namespace('01', globals())" in grading_code("01")
    True
    """
    return _GRADING_CELL.format(mime=GRADES_MIME, lesson=lesson)


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


def grade_notebook(
    path: Path, *, timeout: float = 120.0, submission: str = "."
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

    Returns
    -------
    list of Grade
        One per registered exercise of the lesson, in order.

    Raises
    ------
    ValueError
        If ``timeout`` is not positive or the file name is not a lesson's.
    """
    _check_timeout(timeout)
    lesson_number(path)
    return asyncio.run(_grade(Path(path), timeout, submission, asyncio.Semaphore(1)))


class PatientNotebookClient(NotebookClient):
    """A `nbclient.NotebookClient` that never waits for a message without a time limit.

    nbclient waits for a cell's reply, and for its outputs, with no time limit
    when none is set. Such a wait can miss its message: with widget cells and
    several kernels at once, a notebook now and then stopped for good while
    its kernel sat idle, its reply sent. This client waits in one-second
    polls instead, each of which looks again for a message already there.
    """

    async def async_start_new_kernel_client(self) -> Any:
        """Start the kernel client, then make its shell and IOPub waits patient."""
        client = await super().async_start_new_kernel_client()
        for channel in (client.shell_channel, client.iopub_channel):
            channel.get_msg = _patient(channel.get_msg)
        return client


def _patient(get_msg: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a channel's ``get_msg`` so that ``timeout=None`` polls every second."""

    async def get_msg_patiently(timeout: float | None = None) -> Any:
        if timeout is not None:
            return await get_msg(timeout=timeout)
        while True:
            try:
                return await get_msg(timeout=_POLL_SECONDS)
            except Empty:
                continue

    return get_msg_patiently


def kernel_manager(workdir: str) -> AsyncKernelManager:
    """Return a manager for a Python kernel that talks through files in ``workdir``.

    Kernels normally talk over TCP ports that are picked as "free" a moment
    before the kernel binds them, so kernels started at the same time by
    different processes (a grader next to a test run) can collide and hang.
    On Linux and macOS the kernel uses Unix sockets in ``workdir`` instead.
    """
    km = AsyncKernelManager(kernel_name="python3")
    if os.name == "posix":
        km.transport = "ipc"
        km.ip = os.path.join(workdir, "kernel")
    return km


def grade_folder(
    folder: Path, *, timeout: float = 120.0, jobs: int | None = None
) -> list[Grade]:
    """Grade every lesson notebook in ``folder`` and its sub-folders.

    Parameters
    ----------
    folder : Path
        Where the notebooks are; sub-folders (one per student) are searched too.
    timeout : float
        Seconds allowed for each notebook.
    jobs : int, optional
        How many notebooks run at once (default: the number of CPUs).

    Returns
    -------
    list of Grade
        Rows ordered by file path, then exercise.

    Raises
    ------
    ValueError
        If ``folder`` is not a directory, or ``timeout`` or ``jobs`` is not positive.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"folder must be a directory, got {folder}")
    _check_timeout(timeout)
    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a positive integer, got {jobs!r}")
    paths = sorted(
        p
        for p in folder.rglob("*.ipynb")
        if LESSON_PATTERN.match(p.name) and ".ipynb_checkpoints" not in p.parts
    )

    async def grade_all() -> list[list[Grade]]:
        limit = asyncio.Semaphore(jobs)
        return await asyncio.gather(
            *(
                _grade(p, timeout, p.parent.relative_to(folder).as_posix(), limit)
                for p in paths
            )
        )

    return [row for rows in asyncio.run(grade_all()) for row in rows]


def _check_timeout(timeout: float) -> None:
    if not timeout > 0:
        raise ValueError(f"timeout must be positive, got {timeout}")


async def _grade(
    path: Path, timeout: float, submission: str, limit: asyncio.Semaphore
) -> list[Grade]:
    lesson = lesson_number(path)
    failed = ""
    async with limit:
        try:
            outcome, failed = await _run(read_notebook(path), lesson, timeout)
        except (
            Exception
        ) as exc:  # unreadable file, dead kernel, ...: grade it, do not crash
            outcome = f"the notebook could not be run ({type(exc).__name__}: {exc})"
    if isinstance(outcome, str):
        found = {
            i: {"status": "error", "message": outcome} for i in exercise_ids(lesson)
        }
    else:
        found = {r["exercise"]: r for r in outcome}
    rows = []
    for exercise_id in exercise_ids(lesson):
        ex = REGISTRY[exercise_id]
        result = found.get(exercise_id, {"status": "error", "message": "no result"})
        rows.append(
            Grade(
                submission,
                path.name,
                exercise_id,
                ex.title,
                ex.stars,
                result["status"],
                result["message"],
                failed,
            )
        )
    return rows


async def _run(
    nb: nbformat.NotebookNode, lesson: str, timeout: float
) -> tuple[list[dict] | str, str]:
    """Execute the notebook plus the grading cell.

    Return the results (or why there are none) and the cells that raised.
    """
    nb.cells.append(nbformat.v4.new_code_cell(grading_code(lesson)))
    with tempfile.TemporaryDirectory(prefix="grade-") as workdir:
        client = PatientNotebookClient(
            nb,
            km=kernel_manager(workdir),
            timeout=None,  # the limit is on the whole notebook, below
            allow_errors=True,
            resources={"metadata": {"path": workdir}},
        )
        start = time.monotonic()
        try:
            # The kernel's own chatter (and its complaints when stopped) stays out of the report.
            run = client.async_execute(
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            await asyncio.wait_for(run, timeout)
        except (TimeoutError, DeadKernelError):
            # Cancelling at the time limit stops the kernel, which nbclient reports as dead.
            if time.monotonic() - start < timeout:
                raise
            return f"the notebook did not finish within {timeout:g} s", ""
    failed = "; ".join(
        f"cell {k} ({output['ename']})"
        for k, cell in enumerate(nb.cells[:-1], start=1)
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    )
    for output in nb.cells[-1].get("outputs", []):
        data = output.get("data", {})
        if GRADES_MIME in data:
            return list(data[GRADES_MIME]), failed
    errors = [
        o for o in nb.cells[-1].get("outputs", []) if o.get("output_type") == "error"
    ]
    reason = f"{errors[0]['ename']}: {errors[0]['evalue']}" if errors else "no output"
    return f"the answers could not be checked ({reason})", failed


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
    args = parser.parse_args(argv)
    try:
        rows = grade_folder(args.folder, timeout=args.timeout, jobs=args.jobs)
    except ValueError as exc:
        parser.error(str(exc))
    if not rows:
        print(f"no lesson notebooks (NN_topic.ipynb) found in {args.folder}")
        return 1
    write_gradebook(rows, args.output)
    print(summarise(rows))
    print(f"wrote {len(rows)} rows to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
