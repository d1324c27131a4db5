"""Generate the student notebooks in ``notebooks/`` from the sources in ``solutions/``.

In a solution notebook:

- code between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` is replaced by a
  stub that runs without error. Inside a function body (an indented block) the
  stub is ``raise NotImplementedError``, so calling the function tells the check
  "not attempted". At the top level every name the block assigns becomes
  ``name = ...``, which the check also reads as "not attempted";
- cells tagged ``solution`` (worked answers) and ``verify`` (the checks of the
  lesson's own claims, which CI runs in ``solutions/``) are dropped;
- outputs, execution counts and widget state are removed.

The markers are nbgrader's, so the sources also work with nbgrader.

A student notebook records a fingerprint of its cells when generated. The
command refuses to overwrite a file whose cells changed since (someone's
work), unless told ``--force``.

Usage::

    python -m coursetools.student            # regenerate notebooks/
    python -m coursetools.student --check    # exit 1 if notebooks/ is out of date
"""

from __future__ import annotations

import argparse
import ast
import copy
import re
import sys
from pathlib import Path

from nbformat import NotebookNode

from .lessons import ROOT, cells_digest, lesson_paths, read_notebook, write_notebook

__all__ = [
    "BEGIN",
    "END",
    "SOLUTION_TAG",
    "VERIFY_TAG",
    "hidden_text",
    "make_student",
    "regenerate",
    "solution_blocks",
    "strip_solutions",
]

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
SOLUTION_TAG = "solution"
VERIFY_TAG = "verify"
STUB_COMMENT = "# YOUR CODE HERE"
_MARKER = re.compile(r"^(\s*)### (BEGIN|END) SOLUTION\s*$")


def solution_blocks(source: str) -> list[tuple[str, list[str]]]:
    """Return each solution block of a cell as (indentation, lines).

    Raises
    ------
    ValueError
        If the markers are unbalanced or nested.
    """
    blocks: list[tuple[str, list[str]]] = []
    current: list[str] | None = None
    indent = ""
    for line in source.splitlines():
        match = _MARKER.match(line)
        if match and match.group(2) == "BEGIN":
            if current is not None:
                raise ValueError("solution markers are nested")
            current, indent = [], match.group(1)
        elif match:
            if current is None:
                raise ValueError(f"{END!r} without {BEGIN!r}")
            blocks.append((indent, current))
            current = None
        elif current is not None:
            current.append(line)
    if current is not None:
        raise ValueError(f"{BEGIN!r} without {END!r}")
    return blocks


def hidden_text(solution: NotebookNode, min_length: int = 13) -> list[str]:
    """Return what the student version must not contain: the solution lines.

    That is every line (stripped) of at least ``min_length`` characters inside
    a solution block, and the whole source of every cell tagged `SOLUTION_TAG`.
    Shorter lines, such as ``return x``, could appear anywhere by chance.
    """
    hidden = []
    for cell in solution.cells:
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            hidden.append(cell.source)
        for _, lines in solution_blocks(cell.source):
            hidden += [
                line.strip() for line in lines if len(line.strip()) >= min_length
            ]
    return hidden


def _stub(indent: str, lines: list[str]) -> list[str]:
    if indent:
        return [f"{indent}{STUB_COMMENT}", f"{indent}raise NotImplementedError"]
    tree = ast.parse("\n".join(lines))
    names: list[str] = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign | ast.AugAssign):
            targets = [node.target]
        for target in targets:
            elements = target.elts if isinstance(target, ast.Tuple) else [target]
            names += [
                t.id for t in elements if isinstance(t, ast.Name) and t.id not in names
            ]
    if not names:
        return [STUB_COMMENT]
    return [f"{name} = ...  {STUB_COMMENT}" for name in names]


def strip_solutions(source: str) -> str:
    """Return a cell's source with each solution block replaced by its stub.

    The nbgrader route (`coursetools.nbgrader_export`) uses it too, so that
    nbgrader's student version has the same stubs as ``notebooks/``.

    Examples
    --------
    >>> print(strip_solutions("### BEGIN SOLUTION\\nspeed, t = 19.6, 2\\n### END SOLUTION"))
    speed = ...  # YOUR CODE HERE
    t = ...  # YOUR CODE HERE
    """
    out: list[str] = []
    inside = False
    for line in source.splitlines():
        match = _MARKER.match(line)
        if match and match.group(2) == "BEGIN":
            inside, indent, block = True, match.group(1), []
        elif match:
            out += _stub(indent, block)
            inside = False
        elif inside:
            block.append(line)
        else:
            out.append(line)
    return "\n".join(out)


def make_student(solution: NotebookNode) -> NotebookNode:
    """Return the student version of a solution notebook (the input is not changed).

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     "def df(x):\\n    ### BEGIN SOLUTION\\n    return 2 * x\\n    ### END SOLUTION")])
    >>> print(make_student(nb).cells[0].source)
    def df(x):
        # YOUR CODE HERE
        raise NotImplementedError
    """
    nb = copy.deepcopy(solution)
    cells = []
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if SOLUTION_TAG in tags or VERIFY_TAG in tags:
            continue
        solution_blocks(cell.source)  # validates the markers
        cell.source = strip_solutions(cell.source)
        clean_cell(cell)
        cells.append(cell)
    nb.cells = cells
    nb.metadata.pop("widgets", None)
    nb.metadata["course"] = {
        **solution.metadata.get("course", {}),
        "generated_from_solution": True,
        "cells_digest": cells_digest(nb),
    }
    return nb


def clean_cell(cell: NotebookNode) -> None:
    """Remove outputs, execution counts and volatile metadata from one cell, in place."""
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
    for key in ("execution", "collapsed", "scrolled", "ExecuteTime"):
        cell.metadata.pop(key, None)


def is_pristine(path: Path) -> bool:
    """True if a generated student notebook is unchanged since it was generated."""
    nb = read_notebook(path)
    recorded = nb.metadata.get("course", {}).get("cells_digest")
    has_run = any(
        c.cell_type == "code" and (c.outputs or c.execution_count) for c in nb.cells
    )
    return recorded == cells_digest(nb) and not has_run


def regenerate(
    solutions: Path = ROOT / "solutions",
    notebooks: Path = ROOT / "notebooks",
    *,
    force: bool = False,
    dry_run: bool = False,
) -> dict[str, list[str]]:
    """Write the student version of every lesson in ``solutions`` into ``notebooks``.

    Returns
    -------
    dict
        File names under the keys ``"written"``, ``"unchanged"``, ``"refused"``
        (edited by someone since generated; kept) and ``"orphaned"`` (a student
        notebook with no solution; kept, reported).
    """
    report: dict[str, list[str]] = {
        "written": [],
        "unchanged": [],
        "refused": [],
        "orphaned": [],
    }
    notebooks.mkdir(parents=True, exist_ok=True)
    for source in lesson_paths(solutions):
        target = notebooks / source.name
        student = make_student(read_notebook(source))
        if target.exists():
            if _same(read_notebook(target), student):
                report["unchanged"].append(target.name)
                continue
            if not force and not is_pristine(target):
                report["refused"].append(target.name)
                continue
        if not dry_run:
            write_notebook(student, target)
        report["written"].append(target.name)
    names = {p.name for p in lesson_paths(solutions)}
    report["orphaned"] = [
        p.name for p in lesson_paths(notebooks) if p.name not in names
    ]
    return report


def _same(a: NotebookNode, b: NotebookNode) -> bool:
    strip = {"id"}
    return [{k: v for k, v in c.items() if k not in strip} for c in a.cells] == [
        {k: v for k, v in c.items() if k not in strip} for c in b.cells
    ] and a.metadata == b.metadata


def main(argv: list[str] | None = None) -> int:
    """Run the command line: regenerate, or with ``--check`` only report."""
    parser = argparse.ArgumentParser(
        prog="python -m coursetools.student", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if out of date"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="overwrite student notebooks edited since generated",
    )
    args = parser.parse_args(argv)
    report = regenerate(force=args.force, dry_run=args.check)
    for name in report["written"]:
        print(f"{'out of date' if args.check else 'wrote'}: notebooks/{name}")
    for name in report["refused"]:
        print(
            f"kept notebooks/{name}: it was edited or run since it was generated. Your own work "
            "belongs in my-notebooks/ (make lab copies the lessons there). Use --force to replace it."
        )
    for name in report["orphaned"]:
        print(f"notebooks/{name} has no source in solutions/")
    problems = (
        report["refused"]
        + report["orphaned"]
        + (report["written"] if args.check else [])
    )
    if not problems:
        print(
            f"notebooks/ is up to date ({len(report['written']) + len(report['unchanged'])} lessons)."
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
