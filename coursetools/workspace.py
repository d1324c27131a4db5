"""The learner's own copies of the lessons, in ``my-notebooks/``.

``make lab`` calls `sync` before starting JupyterLab: the first time it copies
every lesson from ``notebooks/``; later it only adds lessons that are new. An
existing file in ``my-notebooks/`` is never replaced, changed or deleted by a
course command. When a lesson changed upstream after the learner's copy was
made, `sync` says so and leaves the fresh version in ``notebooks/``.

Usage::

    python -m coursetools.workspace     # copy new lessons into my-notebooks/
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .lessons import ROOT, lesson_paths, read_notebook

__all__ = ["WORKSPACE", "SyncReport", "sync"]

#: Where a learner's own work lives (ignored by git).
WORKSPACE = ROOT / "my-notebooks"


@dataclass
class SyncReport:
    """What `sync` did: lessons ``added``, ``kept`` as they were, and ``updated_upstream``."""

    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    updated_upstream: list[str] = field(default_factory=list)


def _digest(path: Path) -> str | None:
    return read_notebook(path).metadata.get("course", {}).get("cells_digest")


def sync(source: Path = ROOT / "notebooks", target: Path = WORKSPACE) -> SyncReport:
    """Copy the lessons of ``source`` that ``target`` lacks; never touch existing files.

    Parameters
    ----------
    source : Path
        The generated student notebooks.
    target : Path
        The learner's folder; created if missing.

    Returns
    -------
    SyncReport
        The lessons added, kept, and kept although upstream changed since.
    """
    report = SyncReport()
    target.mkdir(parents=True, exist_ok=True)
    for lesson in lesson_paths(source):
        mine = target / lesson.name
        if not mine.exists():
            with (
                lesson.open("rb") as src,
                mine.open("xb") as dst,
            ):  # "x": never overwrite
                shutil.copyfileobj(src, dst)
            report.added.append(lesson.name)
            continue
        report.kept.append(lesson.name)
        try:
            changed = _digest(mine) != _digest(lesson)
        except Exception:  # an unreadable copy is still the learner's; leave it alone
            changed = False
        if changed:
            report.updated_upstream.append(lesson.name)
    return report


def main() -> int:
    """Sync and print what happened."""
    report = sync()
    for name in report.added:
        print(f"added my-notebooks/{name}")
    if report.kept:
        print(
            f"kept your {len(report.kept)} existing notebook(s) in my-notebooks/ unchanged"
        )
    for name in report.updated_upstream:
        print(
            f"note: a newer version of {name} is in notebooks/; your copy in my-notebooks/ "
            "was not touched (rename yours to get a fresh copy next time)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
