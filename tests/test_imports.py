"""What importing the course costs: SymPy and mpmath only with the checks that use them.

A lesson's kernel imports `utils.exercises` in its setup cell; SymPy and
mpmath (about half a second) are imported by the first check that needs them.
"""

import subprocess
import sys

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
