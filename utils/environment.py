"""Check that this Python has what the course needs (used in lesson 00).

Nothing here touches the network: it reads the installed versions of the
packages and compares them with the oldest ones the course supports.
"""

from __future__ import annotations

import importlib.metadata
import re
import sys
from dataclasses import dataclass

__all__ = [
    "MINIMUM_VERSIONS",
    "EnvironmentReport",
    "PackageStatus",
    "environment_report",
]

#: The oldest versions the lessons work with (``requirements.txt`` pins newer ones).
MINIMUM_VERSIONS = {
    "numpy": "2.0",
    "scipy": "1.15",  # scipy.differentiate appeared in 1.15
    "sympy": "1.12",
    "matplotlib": "3.8",
    "seaborn": "0.13",
    "ipywidgets": "8.0",
}
MINIMUM_PYTHON = (3, 11)


@dataclass(frozen=True)
class PackageStatus:
    """One line of the report: a package, its version, and whether it will do."""

    name: str
    version: str | None
    minimum: str

    @property
    def ok(self) -> bool:
        """True if the package imports and is new enough."""
        return self.version is not None and _as_tuple(self.version) >= _as_tuple(
            self.minimum
        )


@dataclass(frozen=True)
class EnvironmentReport:
    """The Python version and the status of each package."""

    python: str
    python_ok: bool
    packages: tuple[PackageStatus, ...]

    @property
    def ok(self) -> bool:
        """True if everything the course needs is present and new enough."""
        return self.python_ok and all(p.ok for p in self.packages)

    def __str__(self) -> str:
        mark = {True: "ok", False: "PROBLEM"}
        lines = [
            f"{'python':<12} {self.python:<10} (need {'.'.join(map(str, MINIMUM_PYTHON))}+) {mark[self.python_ok]}"
        ]
        for p in self.packages:
            shown = p.version or "missing"
            lines.append(f"{p.name:<12} {shown:<10} (need {p.minimum}+) {mark[p.ok]}")
        lines.append(
            "All set."
            if self.ok
            else "Something is missing: run `make lab` again, or see the README."
        )
        return "\n".join(lines)


def _as_tuple(version: str) -> tuple[int, ...]:
    """Return the leading numeric part of a version: "2.4.6rc1" gives (2, 4, 6)."""
    match = re.match(r"\d+(\.\d+)*", version)
    return tuple(int(part) for part in match.group(0).split(".")) if match else (0,)


def environment_report() -> EnvironmentReport:
    """Import each package the course uses and report its version.

    Returns
    -------
    EnvironmentReport
        Printable; ``.ok`` is True when everything is present and new enough.

    Examples
    --------
    >>> report = environment_report()
    >>> report.ok
    True
    >>> [p.name for p in report.packages][:2]
    ['numpy', 'scipy']
    """
    packages = []
    for name, minimum in MINIMUM_VERSIONS.items():
        # Read the installed version without importing the package (seaborn alone takes seconds).
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = None
        packages.append(PackageStatus(name, version, minimum))
    python = ".".join(map(str, sys.version_info[:3]))
    return EnvironmentReport(
        python, sys.version_info[:2] >= MINIMUM_PYTHON, tuple(packages)
    )
