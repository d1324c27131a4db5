"""A pytest plugin: the grader's verdict on every student notebook nbval runs.

nbval executes each notebook in ``notebooks/`` (the student versions). Right
after a notebook's last cell, this plugin runs the grader's own grading code
(`coursetools.grade.grading_code`) in the same kernel, and the last cell's test
fails unless every exercise of the lesson is "not attempted". That is the
grader's verdict over ``notebooks/`` without executing each notebook a second
time; the grading command itself is tested over ``solutions/`` and a planted
mistake in ``tests/test_grading.py``.

It also starts nbval's kernels with Matplotlib's Agg backend
(`coursetools.drawing_agg`): every figure is drawn, none encoded as a PNG.

The root ``conftest.py`` loads it; elsewhere, ``pytest -p coursetools.nbval_grading``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from .drawing_agg import BACKEND
from .grade import GRADES_MIME, grading_code
from .lessons import lesson_number

STUDENT_FOLDER_NAME = "notebooks"
_GRADE_SECONDS = 60


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the last cell of each student notebook.

    Only nbval collects ``.ipynb`` files, so the items of a notebook are its
    cells, in order; pytest's own `Item.path` says which file (no class of
    nbval's is named here).
    """
    last_cells = {}
    for item in items:
        if (
            item.path.suffix == ".ipynb"
            and item.path.parent.name == STUDENT_FOLDER_NAME
        ):
            last_cells[item.path] = item
    for item in last_cells.values():
        item.grade_after = True  # type: ignore[attr-defined]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    """Start a notebook's kernel (nbval does, in its first cell's set-up) with Agg.

    The variable is set only while the kernel starts: other tests that run
    notebooks (the website, the browser tests) keep the inline backend.
    """
    if item.path.suffix != ".ipynb":
        return (yield)
    before = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = BACKEND
    try:
        return (yield)
    finally:
        if before is None:
            del os.environ["MPLBACKEND"]
        else:
            os.environ["MPLBACKEND"] = before


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """After a marked cell has run, grade the kernel's answers."""
    result = yield
    if getattr(item, "grade_after", False):
        # nbval's notebook collector holds its running kernel as `kernel`.
        grades = grade_in_kernel(item.parent.kernel, lesson_number(item.path))
        attempted = [g for g in grades if g["status"] != "not attempted"]
        assert grades and not attempted, (
            f"{item.path.name}: a student notebook must leave every exercise "
            f"'not attempted'; the grader says {attempted or 'nothing'}"
        )
    return result


def grade_in_kernel(kernel: Any, lesson: str) -> list[dict]:
    """Run the grading code in nbval's running kernel and return its results."""
    msg_id = kernel.execute_cell_input(grading_code(lesson), allow_stdin=False)
    kernel.await_reply(msg_id, timeout=_GRADE_SECONDS)
    grades: list[dict] = []
    while True:
        msg = kernel.get_message(stream="iopub", timeout=_GRADE_SECONDS)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        content = msg["content"]
        if msg["msg_type"] == "error":
            raise AssertionError(f"the grading code failed: {content['ename']}")
        if msg["msg_type"] == "display_data" and GRADES_MIME in content["data"]:
            grades = content["data"][GRADES_MIME]
        if msg["msg_type"] == "status" and content["execution_state"] == "idle":
            return grades
