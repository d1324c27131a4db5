"""Print the size of the course's package: lines per part, the largest module,
and the sizes of its functions (median, 90th percentile, longest).

The course's bar (COURSE.md §5): a package a curious learner can read, a few
thousand lines. The exercise checkers are counted apart: their size is mostly
the named mistakes that COURSE.md §4 asks of every exercise.

Usage::

    python benchmarks/size.py
"""

from __future__ import annotations

import ast
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKERS = ROOT / "utils" / "exercises"


def _lines(paths: list[Path]) -> int:
    return sum(len(p.read_text(encoding="utf-8").splitlines()) for p in paths)


def _functions(paths: list[Path]) -> list[tuple[int, str]]:
    """Each function's length in lines (its docstring included) and its name."""
    sizes = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                where = f"{path.relative_to(ROOT)}:{node.name}"
                sizes.append((node.end_lineno - node.lineno + 1, where))
    return sorted(sizes)


def size_table() -> str:
    """The table: one row per part of utils, then the longest functions."""
    every = sorted((ROOT / "utils").rglob("*.py"))
    checkers = [p for p in every if CHECKERS in p.parents]
    library = [p for p in every if p not in checkers]
    header = f"{'part of utils':<34} {'lines':>6} {'functions':>10} {'median':>7} {'p90':>5} {'longest':>8}"
    rows = [header, "-" * len(header)]
    for name, paths in (
        ("all", every),
        ("library (without exercises/)", library),
        ("exercises/ (checks and checkers)", checkers),
    ):
        sizes = [n for n, _ in _functions(paths)]
        p90 = statistics.quantiles(sizes, n=10)[-1]
        rows.append(
            f"{name:<34} {_lines(paths):>6} {len(sizes):>10} "
            f"{statistics.median(sizes):>7.0f} {p90:>5.0f} {max(sizes):>8}"
        )
    largest = max(every, key=lambda p: _lines([p]))
    rows.append(
        f"\nlargest module: {largest.relative_to(ROOT)}, {_lines([largest])} lines"
    )
    longest = _functions(library)[-5:][::-1]
    rows.append(
        "longest library functions: " + ", ".join(f"{w} ({n})" for n, w in longest)
    )
    return "\n".join(rows)


if __name__ == "__main__":
    print(size_table())
    sys.exit(0)
