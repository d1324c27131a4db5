"""Shared test set-up: a non-interactive backend, no files left behind, and the
grader's verdict on every student notebook that nbval executes."""

import atexit
import shutil
import tempfile

import matplotlib
import matplotlib.pyplot as plt
import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

matplotlib.use("Agg")

# After nbval runs a student notebook, the grader must find nothing attempted.
pytest_plugins = ["coursetools.nbval_grading", "pytester"]

# Hypothesis keeps an example database and caches in ./.hypothesis by default;
# the tests write only to temporary folders.
_hypothesis_home = tempfile.mkdtemp(prefix="hypothesis-")
atexit.register(shutil.rmtree, _hypothesis_home, ignore_errors=True)
set_hypothesis_home_dir(_hypothesis_home)
settings.register_profile("course", database=None, deadline=None)
settings.load_profile("course")


@pytest.fixture
def no_show(monkeypatch):
    """Fail if a plotting function calls plt.show(); close every figure afterwards."""

    def refuse_show(*args, **kwargs):
        raise AssertionError("plotting functions must not call plt.show()")

    monkeypatch.setattr(plt, "show", refuse_show)
    yield
    plt.close("all")


# The modules that take longest: the grading tests run every solution, the
# browser tests every lesson in JupyterLab, the nbgrader test nbgrader itself.
LONGEST_FIRST = ("test_grading.py", "test_browser_lab.py", "test_nbgrader.py")


def pytest_collection_modifyitems(items):
    """Start the longest test modules first, each on its own worker.

    Test workers take whole modules in collection order; started last, a long
    module would run alone while the other worker sits idle.
    """

    def rank(item):
        name = item.path.name
        return (
            LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)
        )

    items.sort(key=rank)  # stable: the order within each module is kept


@pytest.fixture(autouse=True)
def close_figures():
    """Close every figure after each test, doctests included."""
    yield
    plt.close("all")
