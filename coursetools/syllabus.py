"""The rules of syllabus version 2 (COURSE.md §3), as checks that name each problem.

Each function takes a notebook and returns a list of problems (empty when the
notebook follows the rule), so that a test can show the rule on the course's
lessons and on a planted violation alike.

- No ``assert`` where a learner reads: only in cells tagged `VERIFY_TAG` (dropped
  from the student version), or in at most `MAX_TAUGHT_CHECKS` cells tagged
  `TAUGHT_TAG`, where the check is what the lesson teaches.
- Every ``verify`` cell can fail: it asserts something.
- ``## Going further`` comes after ``## Recap`` and starts with its own time.
- In a lesson at version 2 (notebook metadata ``course.syllabus == 2``), the
  teaching code cells of the core path have a median of at most
  `MEDIAN_LINES` lines and none has more than `MAX_LINES`, and the stated core
  time is at most `MAX_MINUTES` (`CAPSTONE_MINUTES` for the capstone).
"""

from __future__ import annotations

import ast
import re
import statistics

from nbformat import NotebookNode

from .student import SOLUTION_TAG, VERIFY_TAG

__all__ = [
    "CAPSTONE_MINUTES",
    "MAX_LINES",
    "MAX_MINUTES",
    "MAX_TAUGHT_CHECKS",
    "MEDIAN_LINES",
    "TAUGHT_TAG",
    "VERIFY_TAG",
    "assert_problems",
    "code_size_problems",
    "going_further_problems",
    "is_version_2",
    "stated_time",
    "teaching_cells",
    "time_problems",
    "verify_problems",
]

TAUGHT_TAG = "taught-check"
MAX_TAUGHT_CHECKS = 2
MEDIAN_LINES = 6
MAX_LINES = 15
MAX_MINUTES = 60
CAPSTONE_MINUTES = 90
CAPSTONE = "13"

_TIME = re.compile(
    r"\*\*Time:\*\* about (\d+) minutes \(core path\)"
    r"(?:; \*Going further\*: about (\d+) minutes, optional)?\."
)
_OPTIONAL = re.compile(r"^\*Optional, about (\d+) minutes\.\*", re.MULTILINE)


def _tags(cell: NotebookNode) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def _count_asserts(source: str) -> int:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return 0
    count = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Assert):
            count += 1
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else ""
            name = name or getattr(func, "id", "")
            count += name.startswith("assert_")
    return count


def is_version_2(nb: NotebookNode) -> bool:
    """True if the lesson has been brought to syllabus version 2."""
    return nb.metadata.get("course", {}).get("syllabus") == 2


def stated_time(nb: NotebookNode) -> tuple[int, int | None] | None:
    """Return the (core, going further) minutes stated in the title cell, or None."""
    match = _TIME.search(nb.cells[0].source)
    if match is None:
        return None
    optional = match.group(2)
    return int(match.group(1)), None if optional is None else int(optional)


def assert_problems(nb: NotebookNode) -> list[str]:
    """Asserts where a learner reads them (verify and solution cells aside)."""
    problems = []
    taught = 0
    for k, cell in enumerate(nb.cells, start=1):
        tags = _tags(cell)
        if cell.cell_type != "code" or VERIFY_TAG in tags or SOLUTION_TAG in tags:
            continue
        if "### BEGIN SOLUTION" in cell.source:
            continue
        n = _count_asserts(cell.source)
        if n and TAUGHT_TAG in tags:
            taught += 1
        elif n:
            problems.append(f"cell {k}: {n} assert(s) in a cell a learner reads")
    if taught > MAX_TAUGHT_CHECKS:
        problems.append(
            f"{taught} cells tagged {TAUGHT_TAG!r}; at most {MAX_TAUGHT_CHECKS}"
        )
    return problems


def verify_problems(nb: NotebookNode) -> list[str]:
    """Verify cells that cannot fail: they assert nothing and call no checker."""
    checkers: set[str] = set()
    problems = []
    for k, cell in enumerate(nb.cells, start=1):
        if VERIFY_TAG not in _tags(cell):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            problems.append(f"cell {k}: a verify cell that does not parse")
            continue
        defined = {
            n.name
            for n in tree.body
            if isinstance(n, ast.FunctionDef) and _count_asserts(ast.unparse(n))
        }
        checkers |= defined
        called = {
            n.func.id
            for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
        }
        if not (_count_asserts(cell.source) or defined or called & checkers):
            problems.append(f"cell {k}: a verify cell that asserts nothing")
    return problems


def going_further_problems(nb: NotebookNode, lesson: str) -> list[str]:
    """``## Going further`` after the recap, with its own time matching the title's."""
    headings = [
        (k, line)
        for k, cell in enumerate(nb.cells)
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("## ")
    ]
    names = [line for _, line in headings]
    time = stated_time(nb)
    optional = time[1] if time else None
    if "## Going further" not in names:
        if is_version_2(nb) and lesson != "00":
            return ["a lesson at version 2 needs a '## Going further' section"]
        if optional is not None:
            return ["the title states a Going further time, but there is none"]
        return []
    problems = []
    if "## Recap" not in names or names.index("## Going further") < names.index(
        "## Recap"
    ):
        problems.append("'## Going further' must come after '## Recap'")
    if names[-1] != "## Going further":
        problems.append("'## Going further' must be the last section")
    k = headings[names.index("## Going further")][0]
    after = nb.cells[k].source.split("## Going further", 1)[1]
    match = _OPTIONAL.search(after.strip())
    if match is None or not after.strip().startswith("*Optional"):
        problems.append("Going further must start with '*Optional, about N minutes.*'")
    elif optional != int(match.group(1)):
        problems.append(
            f"Going further says {match.group(1)} minutes, the title {optional}"
        )
    return problems


def teaching_cells(nb: NotebookNode) -> list[NotebookNode]:
    """The code cells of the core path a learner reads, setup, answers and checks aside."""
    cells = []
    setup_seen = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            if re.search(r"^## (Recap|Going further)", cell.source, re.MULTILINE):
                break
            continue
        if not setup_seen:
            setup_seen = True
            continue
        tags = _tags(cell)
        if VERIFY_TAG in tags or SOLUTION_TAG in tags:
            continue
        if "### BEGIN SOLUTION" in cell.source or cell.source.startswith("check("):
            continue
        cells.append(cell)
    return cells


def _lines(cell: NotebookNode) -> int:
    return sum(1 for line in cell.source.splitlines() if line.strip())


def code_size_problems(nb: NotebookNode) -> list[str]:
    """Teaching cells too long: median above `MEDIAN_LINES`, or one above `MAX_LINES`."""
    sizes = [_lines(c) for c in teaching_cells(nb)]
    if not sizes:
        return []
    problems = [
        f"a teaching cell of {n} lines (at most {MAX_LINES}): {c.source[:40]!r}"
        for c, n in zip(teaching_cells(nb), sizes, strict=True)
        if n > MAX_LINES
    ]
    median = statistics.median(sizes)
    if median > MEDIAN_LINES:
        problems.append(f"median teaching cell {median} lines (at most {MEDIAN_LINES})")
    return problems


def time_problems(nb: NotebookNode, lesson: str) -> list[str]:
    """A stated core time in the expected form, within the bar at version 2."""
    time = stated_time(nb)
    if time is None:
        return ["the title cell must state '**Time:** about N minutes (core path).'"]
    bar = CAPSTONE_MINUTES if lesson == CAPSTONE else MAX_MINUTES
    if is_version_2(nb) and time[0] > bar:
        return [f"core time {time[0]} minutes; at version 2 at most {bar}"]
    return []
