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

Usage::

    python benchmarks/grading.py                      # N = 5, 10, 40
    python benchmarks/grading.py --students 5 --students 10
    python benchmarks/grading.py --students 40 --sandbox none
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import psutil

from coursetools.lessons import ROOT, lesson_paths
from coursetools.runner import RUN_LABEL

_SAMPLE_SECONDS = 0.2


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


def grade_class(students: int, jobs: int | None, sandbox: str) -> dict[str, object]:
    """Build and grade one class; return the measurements."""
    with tempfile.TemporaryDirectory(prefix="bench-class-") as tmp:
        folder = Path(tmp) / "class"
        notebooks = build_class(folder, students)
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
        start = time.perf_counter()
        label = uuid.uuid4().hex
        process = psutil.Popen(
            command,
            stdout=subprocess.DEVNULL,
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
            statuses = Counter(row["status"] for row in csv.DictReader(handle))
    return {
        "students": students,
        "notebooks": notebooks,
        "wall": wall,
        "cpu": sum(cpu.values()),
        "peak": peak / 2**20,
        "left": len(left),
        "left_commands": [_command(p) for p in left],
        "statuses": statuses,
        "returncode": process.returncode,
    }


def leftovers(label: str) -> list[psutil.Process]:
    """Processes of one grading run still running: those whose environment has ``label``.

    The grader passes `RUN_LABEL` on to each kernel, and every process a
    notebook starts inherits it (unless it clears its own environment).
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
    return found


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
        r = grade_class(n, args.jobs, args.sandbox)
        shown = ", ".join(f"{v} {k}" for k, v in sorted(r["statuses"].items()))
        print(
            f"{r['students']:>8} {r['notebooks']:>9} {r['wall']:>8.1f} {r['cpu']:>8.1f} "
            f"{r['peak']:>8.0f} {r['left']:>5}  {shown}"
            + ("" if r["returncode"] == 0 else f"  (exit status {r['returncode']})")
        )
        for command in r["left_commands"]:
            print(f"{'':>8} still running: {command}")
    print(f"machine speed after:  {machine_speed():.2f} s for the reference loop")
    return 0


if __name__ == "__main__":
    sys.exit(main())
