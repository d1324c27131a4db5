"""Grade a whole class and print time and memory: memory must stay flat as it grows.

For each class size N, builds N students × every lesson in a temporary folder
(even students hand in the solutions, odd ones the untouched student
notebooks), grades it with ``python -m coursetools.grade``, and prints wall
time, CPU time (the grader and every process it started, sampled), the peak resident
memory of the grader's whole process tree (sampled every 0.2 s), and how many
processes of that grading run (the grader, its workers, kernels, and what
notebooks started: all carry a label in their environment) were still
running afterwards. The time of a
fixed Python loop, measured in the same run, tells how fast the machine was.

With ``--hostile``, the class also holds one student per attack in
`HOSTILE` (each hands in lesson 00 with the attack in its first cell). The
run then prints what each of them got, whether every honest student's grade
is right, and whether any honest student's notebook changed on disk.

Usage::

    python benchmarks/grading.py                      # N = 5, 10, 40
    python benchmarks/grading.py --students 5 --students 10
    python benchmarks/grading.py --students 40 --hostile
    python benchmarks/grading.py --students 40 --hostile --sandbox none
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import nbformat
import psutil

from coursetools.exercises import lesson_exercises
from coursetools.lessons import ROOT, lesson_paths, read_notebook, write_notebook
from coursetools.runner import RUN_LABEL

_SAMPLE_SECONDS = 0.2
_ATTACKED_LESSON = "00_start_here.ipynb"
_SLEEP = "271828"  # a duration no other process on the machine uses
#: Memory limit of each kernel in a hostile run, in megabytes.
HOSTILE_MEMORY_MB = 2048

# Each attack: (what it tries, its first cell, what it then hands in: the
# solved lesson, the solved lesson with every answer then set wrong, or the
# untouched student notebook). ``{victim}`` is a classmate's lesson 00
# notebook (a solved one) and ``{solution}`` the course's own solution of it.
# Under bubblewrap no attack succeeds; without it, copying does (which is what
# the grader's warning says).
HOSTILE = {
    "overwrites_classmate": (
        "overwrite a classmate's notebook on disk",
        "open({victim!r}, 'w').write('{{}}')",
        "solved",
    ),
    "copies_classmate": (
        "read a classmate's notebook and the course's solution, run their code",
        "import json\n"
        "for path in ({victim!r}, {solution!r}):\n"
        "    for cell in json.load(open(path))['cells']:\n"
        "        if cell['cell_type'] == 'code':\n"
        "            exec(''.join(cell['source']))",
        "unsolved",
    ),
    "background_process": (
        "leave a process running after grading",
        "import subprocess\n"
        f"subprocess.Popen(['sleep', '{_SLEEP}'], start_new_session=True)\n"
        f"subprocess.Popen(['sh', '-c', 'sleep {_SLEEP} &'], start_new_session=True)",
        "solved",
    ),
    "displays_fake_grade": (
        "display a grade that says correct",
        "from IPython.display import display\n"
        "display({{'application/vnd.derivatives-course.grades+json': "
        "[{{'exercise': i, 'status': 'correct', 'message': 'forged'}} "
        "for i in {ids!r}]}}, raw=True)\n"
        "print('✓ correct')",
        "wrong",
    ),
    "patches_checks": (
        "replace the course's checking code",
        "import dataclasses\n"
        "import utils.exercises as ex, utils.exercises._core as core\n"
        "from utils.exercises import REGISTRY\n"
        "ex.evaluate = core.evaluate = lambda i, a, *r: core.CheckResult(i, 'correct', '')\n"
        "for key in REGISTRY:\n"
        "    REGISTRY[key] = dataclasses.replace(REGISTRY[key], checker=lambda a: 'forged')",
        "wrong",
    ),
    "patches_numpy": (
        "make NumPy call every answer close",
        "import numpy as np\nnp.allclose = lambda *a, **k: True\n"
        "np.isclose = lambda *a, **k: True",
        "wrong",
    ),
    "takes_memory": (
        f"allocate 3 GB against a {HOSTILE_MEMORY_MB} MB limit",
        "hog = bytearray(3 * 1024**3)",
        "wrong",
    ),
}


def build_class(folder: Path, students: int) -> int:
    """Write ``students`` folders of every lesson into ``folder``; return the notebook count."""
    count = 0
    for k in range(students):
        source = ROOT / ("solutions" if k % 2 == 0 else "notebooks")
        student = folder / f"student{k:03d}"
        student.mkdir(parents=True)
        for path in lesson_paths(source):
            shutil.copy(path, student / path.name)
            count += 1
    return count


def build_hostile(folder: Path) -> int:
    """Add one student per attack in `HOSTILE` to ``folder``; return the notebook count.

    Each hands in lesson 00 with the attack as its first cell, or its last
    when it copies (see `HOSTILE`).
    """
    lesson = "00"
    victim = folder / "student000" / _ATTACKED_LESSON
    solution = ROOT / "solutions" / _ATTACKED_LESSON
    exercises = lesson_exercises(lesson)
    ids = [ex.id for ex in exercises]
    for name, (_, attack, then) in HOSTILE.items():
        base = ROOT / "notebooks" / _ATTACKED_LESSON if then == "unsolved" else solution
        nb = read_notebook(base)
        code = attack.format(victim=str(victim), solution=str(solution), ids=ids)
        # A copy of a classmate's answers must come after the notebook's stubs.
        position = len(nb.cells) if then == "unsolved" else 0
        nb.cells.insert(position, nbformat.v4.new_code_cell(code))
        if then == "wrong":
            wrong = "\n".join(f"{ex.answer} = 1.0" for ex in exercises)
            nb.cells.append(nbformat.v4.new_code_cell(wrong))
        (folder / f"hostile_{name}").mkdir()
        write_notebook(nb, folder / f"hostile_{name}" / _ATTACKED_LESSON)
    return len(HOSTILE)


def fingerprints(folder: Path) -> dict[Path, str]:
    """SHA-256 of every honest student's notebook, by path."""
    return {
        path: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.glob("student*/*.ipynb"))
    }


def honest_grades_right(rows: list[dict[str, str]]) -> list[str]:
    """Return the honest rows graded wrong (solved: all correct; untouched: none)."""
    wrong = []
    for row in rows:
        name = row["submission"]
        if not name.startswith("student"):
            continue
        solved = int(name.removeprefix("student")) % 2 == 0
        if (row["status"] == "correct") != solved:
            wrong.append(f"{name} {row['exercise']}: {row['status']}")
    return wrong


def sample_tree(process: psutil.Process, cpu: dict[int, float]) -> int:
    """Return the resident memory, in bytes, of a process and all its descendants.

    Also record in ``cpu`` each one's CPU seconds so far, by process id (a
    process's last fraction of a sampling interval is missed).
    """
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            with member.oneshot():
                total += member.memory_info().rss
                times = member.cpu_times()
                cpu[member.pid] = times.user + times.system
        except psutil.Error:
            continue
    return total


def grade_class(
    students: int, jobs: int | None, sandbox: str, hostile: bool = False
) -> dict[str, object]:
    """Build and grade one class; return the measurements."""
    with tempfile.TemporaryDirectory(prefix="bench-class-") as tmp:
        folder = Path(tmp) / "class"
        notebooks = build_class(folder, students)
        if hostile:
            notebooks += build_hostile(folder)
        before = fingerprints(folder)
        output = Path(tmp) / "gradebook.csv"
        command = [
            sys.executable,
            "-m",
            "coursetools.grade",
            str(folder),
            "--output",
            str(output),
            "--sandbox",
            sandbox,
        ]
        if jobs is not None:
            command += ["--jobs", str(jobs)]
        if hostile:
            command += ["--memory", str(HOSTILE_MEMORY_MB)]
        log = Path(tmp) / "grader.log"
        start = time.perf_counter()
        label = uuid.uuid4().hex
        with log.open("w", encoding="utf-8") as out:
            process = psutil.Popen(
                command,
                stdout=out,
                stderr=subprocess.DEVNULL,
                cwd=tmp,
                env={**os.environ, RUN_LABEL: label},
            )
        peak = 0
        cpu: dict[int, float] = {}
        while process.poll() is None:
            peak = max(peak, sample_tree(process, cpu))
            time.sleep(_SAMPLE_SECONDS)
        wall = time.perf_counter() - start
        left = leftovers(label)
        with output.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        after = fingerprints(folder)
        isolation = log.read_text(encoding="utf-8").splitlines()[:1]
    return {
        "isolation": isolation[0] if isolation else "(the grader printed nothing)",
        "statuses": Counter(row["status"] for row in rows),
        "hostile": [r for r in rows if r["submission"].startswith("hostile_")],
        "honest_wrong": honest_grades_right(rows),
        "changed": sorted(
            str(p.relative_to(folder)) for p in before if before[p] != after.get(p)
        ),
        "students": students,
        "notebooks": notebooks,
        "wall": wall,
        "cpu": sum(cpu.values()),
        "peak": peak / 2**20,
        "left": len(left),
        "left_commands": [_command(p) for p in left],
        "returncode": process.returncode,
    }


def leftovers(label: str, grace: float = 2.0) -> list[psutil.Process]:
    """Processes of one grading run still running ``grace`` seconds after it ended.

    They are those whose environment has ``label``: the grader passes
    `RUN_LABEL` on to each kernel, and every process a notebook starts
    inherits it (unless it clears its own environment). A process caught in
    the middle of exiting as the grader ends is given ``grace`` seconds.
    """
    found = []
    for process in psutil.process_iter(["status"]):
        if process.info["status"] == psutil.STATUS_ZOMBIE:
            continue
        try:
            if process.environ().get(RUN_LABEL) == label:
                found.append(process)
        except psutil.Error:
            continue
    _, alive = psutil.wait_procs(found, timeout=grace)
    return [p for p in alive if _still_running(p)]


def _still_running(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _command(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline()[:4])
    except psutil.Error:
        return f"process {process.pid}"


def machine_speed() -> float:
    """Seconds for 20 million additions in a Python loop (lower is a faster machine)."""
    start = time.perf_counter()
    total = 0
    for k in range(20_000_000):
        total += k
    return time.perf_counter() - start


def report_hostile(r: dict[str, object]) -> None:
    """Print what each hostile student tried and got, and whether honest ones were safe."""
    for row in r["hostile"]:
        name = row["submission"].removeprefix("hostile_")
        print(f"{'':>8} {name}: tried to {HOSTILE[name][0]}")
        print(
            f"{'':>10} got {row['status']} on {row['exercise']}: {row['message'][:90]!r}"
        )
        if row["failed_cells"]:
            print(f"{'':>10} cells that raised: {row['failed_cells']}")
    wrong = r["honest_wrong"]
    print(
        f"{'':>8} honest grades wrong: {len(wrong)}"
        + (f" ({wrong[:5]})" if wrong else "")
    )
    changed = r["changed"]
    print(f"{'':>8} honest notebooks changed on disk: {len(changed)} {changed[:5]}")


def main(argv: list[str] | None = None) -> int:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--students",
        type=int,
        action="append",
        help="class size; repeat for several (default: 5, 10, 40)",
    )
    parser.add_argument("--jobs", type=int, default=None, help="notebooks at once")
    parser.add_argument("--sandbox", default="auto", choices=("auto", "bwrap", "none"))
    parser.add_argument(
        "--hostile", action="store_true", help="add one student per attack in HOSTILE"
    )
    args = parser.parse_args(argv)
    sizes = args.students or [5, 10, 40]
    if any(n < 1 for n in sizes):
        parser.error(f"--students must be positive, got {sizes}")
    print(f"machine speed before: {machine_speed():.2f} s for the reference loop")
    print(
        f"{'students':>8} {'notebooks':>9} {'wall s':>8} {'CPU s':>8} "
        f"{'peak MB':>8} {'left':>5}  statuses"
    )
    for n in sizes:
        r = grade_class(n, args.jobs, args.sandbox, args.hostile)
        shown = ", ".join(f"{v} {k}" for k, v in sorted(r["statuses"].items()))
        print(
            f"{r['students']:>8} {r['notebooks']:>9} {r['wall']:>8.1f} {r['cpu']:>8.1f} "
            f"{r['peak']:>8.0f} {r['left']:>5}  {shown}"
            + ("" if r["returncode"] == 0 else f"  (exit status {r['returncode']})")
        )
        for command in r["left_commands"]:
            print(f"{'':>8} still running: {command}")
        print(f"{'':>8} {r['isolation']}")
        if args.hostile:
            report_hostile(r)
    print(f"machine speed after:  {machine_speed():.2f} s for the reference loop")
    return 0


if __name__ == "__main__":
    sys.exit(main())
