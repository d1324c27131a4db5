"""Print the course's benchmark tables.

(a) Execution time of every notebook (fresh kernel each) and of the whole test suite,
    with the time of a fixed Python loop before and after, since shared machines
    change speed.
(b) Accuracy and number of evaluations of ``utils.numerics.derivative`` (each
    method, default step) next to ``scipy.differentiate.derivative``, on smooth
    and awkward functions.

Usage::

    python benchmarks/run.py                 # everything
    python benchmarks/run.py --only accuracy # just table (b)
    python benchmarks/run.py --no-suite      # skip timing the test suite
    python benchmarks/run.py --only notebooks --no-suite --lessons 05 07
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

import numpy as np
from scipy.differentiate import derivative as scipy_derivative

from coursetools.lessons import ROOT, lesson_paths, read_notebook
from utils.numerics import METHODS, derivative

# name, f, exact f', x, kind. Every f accepts complex input.
CASES: list[tuple[str, Callable, Callable, float, str]] = [
    ("sin at 1", np.sin, np.cos, 1.0, "smooth"),
    ("exp at 2", np.exp, np.exp, 2.0, "smooth"),
    ("log at 3", np.log, lambda t: 1 / t, 3.0, "smooth"),
    ("tanh at 0.5", np.tanh, lambda t: 1 / np.cosh(t) ** 2, 0.5, "smooth"),
    (
        "x^3 - 2x at -1.5",
        lambda t: t**3 - 2 * t,
        lambda t: 3 * t**2 - 2,
        -1.5,
        "smooth",
    ),
    (
        "1/(1+x^2) at 0.7",
        lambda t: 1 / (1 + t**2),
        lambda t: -2 * t / (1 + t**2) ** 2,
        0.7,
        "smooth",
    ),
    (
        "sigmoid at -2",
        lambda t: 1 / (1 + np.exp(-t)),
        lambda t: np.exp(-t) / (1 + np.exp(-t)) ** 2,
        -2.0,
        "smooth",
    ),
    ("exp at 30", np.exp, np.exp, 30.0, "awkward: large values"),
    ("sin at 1e4", np.sin, np.cos, 1e4, "awkward: large x"),
    (
        "sqrt at 1e-4",
        np.sqrt,
        lambda t: 0.5 / np.sqrt(t),
        1e-4,
        "awkward: near a singularity",
    ),
    (
        "x^2 + 1e6 at 0.5",
        lambda t: t**2 + 1e6,
        lambda t: 2 * t,
        0.5,
        "awkward: large offset",
    ),
    (
        "sin(50x) at 0.3",
        lambda t: np.sin(50 * t),
        lambda t: 50 * np.cos(50 * t),
        0.3,
        "awkward: fast oscillation",
    ),
]
EVALUATIONS = {"forward": 2, "backward": 2, "central": 2, "complex": 1}


def accuracy_table() -> str:
    """Table (b): relative error (and evaluations) per method and function."""
    header = (
        f"{'function':<20} {'kind':<27}"
        + "".join(f"{m:>11}" for m in METHODS)
        + f"{'scipy':>11} {'scipy nfev':>10}"
    )
    lines = [header, "-" * len(header)]
    worst = {m: 0.0 for m in (*METHODS, "scipy")}
    for name, f, df, x, kind in CASES:
        exact = df(x)
        row = f"{name:<20} {kind:<27}"
        for method in METHODS:
            error = abs(derivative(f, x, method=method) - exact) / abs(exact)
            row += f"{error:>11.1e}"
            if kind == "smooth":
                worst[method] = max(worst[method], error)
        with np.errstate(
            all="ignore"
        ):  # scipy may step outside the domain (sqrt near 0)
            result = scipy_derivative(f, x)
        error = abs(result.df - exact) / abs(exact)
        if kind == "smooth":
            worst["scipy"] = max(worst["scipy"], error)
        row += f"{error:>11.1e} {int(result.nfev):>10}"
        lines.append(row)
    lines.append("-" * len(header))
    lines.append(
        f"{'worst, smooth cases':<48}"
        + "".join(f"{worst[m]:>11.1e}" for m in (*METHODS, "scipy"))
    )
    lines.append(
        f"{'evaluations of f':<48}"
        + "".join(f"{EVALUATIONS[m]:>11}" for m in METHODS)
        + f"{'(above)':>11}"
    )
    return "\n".join(lines)


_KERNEL_CPU = (
    "import resource as _r\n"
    "_u = _r.getrusage(_r.RUSAGE_SELF)\n"
    "print(_u.ru_utime + _u.ru_stime)"
)


def notebook_table(lessons: list[str] | None = None) -> str:
    """Table (a), first part: wall seconds and kernel CPU seconds of each notebook.

    Each notebook runs on a fresh kernel; a last cell added here reads the
    kernel's own CPU time (start-up and imports included). The course's bar is
    5 s of kernel CPU per lesson (COURSE.md §6).
    """
    import nbformat
    from nbclient import NotebookClient

    lines = [f"{'notebook':<44} {'wall s':>7} {'kernel CPU s':>13}", "-" * 66]
    for folder in ("solutions", "notebooks"):
        for path in lesson_paths(ROOT / folder):
            if lessons and path.name[:2] not in lessons:
                continue
            nb = read_notebook(path)
            nb.cells.append(nbformat.v4.new_code_cell(_KERNEL_CPU))
            with tempfile.TemporaryDirectory() as workdir:
                client = NotebookClient(
                    nb,
                    timeout=600,
                    kernel_name="python3",
                    resources={"metadata": {"path": workdir}},
                )
                start = time.perf_counter()
                client.execute(stderr=subprocess.DEVNULL)
                seconds = time.perf_counter() - start
            cpu = float(nb.cells[-1].outputs[-1]["text"])
            flag = "  over 5 s" if cpu > 5 else ""
            lines.append(
                f"{folder + '/' + path.name:<44} {seconds:>7.1f} {cpu:>13.1f}{flag}"
            )
    return "\n".join(lines)


def suite_time() -> str:
    """Table (a), second part: the whole test suite, run by `make test`.

    Wall time; the CPU time of pytest, its workers and every kernel they
    waited for; and, on Linux, the CPU the whole machine was busy, which also
    counts the sandboxed kernels (the course's bar: 60 s of wall time on two
    quiet cores).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy = _machine_busy_seconds()
    start = time.perf_counter()
    done = subprocess.run(
        ["make", "--no-print-directory", "test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(getattr(after, f) - getattr(before, f) for f in ("ru_utime", "ru_stime"))
    if busy is not None:
        machine = f", {_machine_busy_seconds() - busy:.1f} s of the machine's CPU busy"
    else:
        machine = ""
    lines = done.stdout.strip().splitlines()
    summary = lines[-1] if lines else "no output"
    failed = "".join(f"\n  {line}" for line in lines if line.startswith("FAILED"))
    return (
        f"whole test suite: {seconds:.1f} s wall, {cpu:.1f} s CPU of pytest and "
        f"the processes it waited for{machine}, on {os.cpu_count()} cores "
        f"({summary}){failed}"
    )


def _machine_busy_seconds() -> float | None:
    """Seconds of CPU the whole machine has been busy since it started (Linux).

    Sandboxed kernels are not children that pytest waits for, so their CPU is
    counted only here; so is any other load, which a quiet machine lacks.
    """
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            ticks = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = ticks[3] + ticks[4]  # idle, and waiting for input or output
    return (sum(ticks) - idle) / os.sysconf("SC_CLK_TCK")


def machine_speed() -> str:
    """Time a fixed pure-Python loop, so that tables from different runs compare.

    Shared machines change speed: on the one these numbers were first taken on,
    the loop took 1.4 s at one hour and 5.0 s at another.
    """
    start, cpu = time.perf_counter(), time.process_time()
    total = 0
    for i in range(20_000_000):
        total += i
    return (
        "machine speed: 20 million additions in a Python loop took "
        f"{time.perf_counter() - start:.2f} s ({time.process_time() - cpu:.2f} s CPU)"
    )


def main(argv: list[str] | None = None) -> int:
    """Print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", choices=("notebooks", "accuracy"), help="print one table only"
    )
    parser.add_argument(
        "--no-suite", action="store_true", help="do not time the test suite"
    )
    parser.add_argument(
        "--lessons", nargs="+", metavar="NN", help="time only these lessons (e.g. 05)"
    )
    args = parser.parse_args(argv)
    print(machine_speed(), end="\n\n")
    if args.only in (None, "accuracy"):
        print("(b) derivative at x, relative error with the default step\n")
        print(accuracy_table(), end="\n\n")
    if args.only in (None, "notebooks"):
        print("(a) execution time, fresh kernel each\n")
        print(notebook_table(args.lessons))
        if not args.no_suite:
            print(suite_time())
            print(machine_speed())
    return 0


if __name__ == "__main__":
    sys.exit(main())
