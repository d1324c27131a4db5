"""How the course's modules import: no private names across modules, and SymPy
and mpmath only with the checks that use them.

A lesson's kernel imports `utils.exercises` in its setup cell; SymPy and
mpmath (about half a second) are imported by the first check that needs them.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

_REPORT = "print(sorted(m for m in ('sympy', 'mpmath') if m in sys.modules))"


def _imported_after(code: str) -> str:
    """Run ``code`` in a fresh Python; return which of SymPy and mpmath it imported."""
    done = subprocess.run(
        [sys.executable, "-c", f"import sys\n{code}\n{_REPORT}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return done.stdout.strip().splitlines()[-1]


def test_the_course_package_imports_neither_sympy_nor_mpmath():
    code = (
        "import utils, utils.exercises, utils.numerics, utils.autodiff, utils.dual\n"
        "import utils.optim, utils.plotting, utils.widgets, coursetools.grade"
    )
    assert _imported_after(code) == "[]"


def test_a_check_that_needs_sympy_imports_it():
    code = "from utils.exercises import check\ncheck('02.1', lambda x: 0 * x)"
    assert _imported_after(code) == "['mpmath', 'sympy']"


def private_imports(source: str) -> list[str]:
    """Return the names starting with one underscore that ``source`` imports from elsewhere."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            found += [
                "." * node.level
                + (f"{node.module}." if node.module else "")
                + alias.name
                for alias in node.names
                if alias.name.startswith("_") and not alias.name.startswith("__")
            ]
    return found


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "utils").rglob("*.py"))
    + sorted((ROOT / "coursetools").rglob("*.py")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_module_imports_another_modules_private_names(path):
    # A module of its own package may be private (utils._checks, plotting._base);
    # the names it offers to its neighbours are public ones.
    assert private_imports(path.read_text(encoding="utf-8")) == []


def test_a_planted_private_import_is_found():
    planted = "from ._base import _grid, draw_line\nfrom . import _core\nimport math"
    assert private_imports(planted) == ["._base._grid", "._core"]
