"""Where the lessons live and how to read them: shared by every course command."""

from __future__ import annotations

import copy
import functools
import hashlib
import re
from pathlib import Path

import nbformat
from nbformat import NotebookNode

__all__ = [
    "LESSON_PATTERN",
    "ROOT",
    "cells_digest",
    "lesson_number",
    "lesson_paths",
    "read_notebook",
    "write_notebook",
]

#: The repository root (the folder that holds ``solutions/`` and ``notebooks/``).
ROOT = Path(__file__).resolve().parent.parent

#: Lesson file names: two digits, an underscore, a lower-case topic.
LESSON_PATTERN = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")


def lesson_paths(folder: Path) -> list[Path]:
    """Return the lesson notebooks in ``folder``, sorted by lesson number."""
    return sorted(
        p for p in Path(folder).glob("*.ipynb") if LESSON_PATTERN.match(p.name)
    )


def lesson_number(path: Path) -> str:
    """Return the two-digit lesson number of a lesson file, e.g. ``"01"``."""
    match = LESSON_PATTERN.match(Path(path).name)
    if match is None:
        raise ValueError(
            f"path must name a lesson like '01_derivatives.ipynb', got {path}"
        )
    return match.group(1)


def read_notebook(path: Path) -> NotebookNode:
    """Read a notebook in format 4 (a copy of its own: the caller may change it)."""
    return copy.deepcopy(_parsed(Path(path).read_bytes()))


@functools.lru_cache(maxsize=64)
def _parsed(data: bytes) -> NotebookNode:
    """The notebook in ``data``, parsed and validated once per content.

    The tests read each lesson hundreds of times; copying is a fifth of the cost.
    """
    return nbformat.reads(data.decode("utf-8"), as_version=4)


def write_notebook(nb: NotebookNode, path: Path) -> None:
    """Write a notebook the way the repository stores them (format 4, trailing newline)."""
    text = nbformat.writes(nb, version=4)
    Path(path).write_text(
        text if text.endswith("\n") else text + "\n", encoding="utf-8"
    )


def cells_digest(nb: NotebookNode) -> str:
    """Return a short fingerprint of the cells' types and sources (not outputs)."""
    hasher = hashlib.sha256()
    for cell in nb.cells:
        hasher.update(cell.cell_type.encode())
        hasher.update(b"\0")
        hasher.update(cell.source.encode())
        hasher.update(b"\0")
    return hasher.hexdigest()[:16]
