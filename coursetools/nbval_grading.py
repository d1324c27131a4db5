"""A pytest plugin: the grader's verdicts in the kernel of every lesson nbval runs.

nbval executes each lesson in ``solutions/`` once: its teaching cells, the
`verify` cells that check its claims, and its exercises solved. Right after
the last cell, this plugin grades the answers in that kernel as the grading
command does (`coursetools.grade.check_answers`: read from the kernel as
data and checked here, or checked beside the learner's code where they cannot
travel), and the last cell's test fails unless every exercise is "correct".
It then runs each exercise cell as the student version has it
(`coursetools.student.strip_solutions`: the stubs), grades again, and fails
unless every exercise is "not attempted".

So each lesson body runs once in the suite. The student version differs from
the solution only in its stubs, which this runs, and in the cells it leaves
out, which a structure test checks no other cell needs
(``tests/test_course_structure.py``). That Run All of the student version
reaches every cell, this checks in the same run: before the first cell it
has the kernel watch for cells that call code the student version stubs
(`coursetools.stub_calls`), and the last cell's test fails, naming them, if
any did other than through `check`. The grading command itself is tested
end to end in ``tests/test_grading.py``.

It also starts nbval's kernels with Matplotlib's Agg backend
(`coursetools.drawing_agg`): every figure is drawn, none encoded as a PNG;
without ipykernel's debugger (`coursetools.runner.hide_debugger`); and ready
as soon as they answer (`ready_when_answered`).

The root ``conftest.py`` loads it; elsewhere, ``pytest -p coursetools.nbval_grading``.
"""

from __future__ import annotations

import ast
import atexit
import functools
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbval
import pytest
from jupyter_client import BlockingKernelClient, KernelClient, KernelManager
from jupyter_core.utils import run_sync

from .drawing_agg import BACKEND
from .grade import check_answers
from .lessons import lesson_number, read_notebook
from .runner import ONE_THREAD, hide_debugger, until_listening
from .stub_calls import FOUND_MIME
from .student import BEGIN, SOLUTION_TAG, VERIFY_TAG, solution_blocks, strip_solutions

LESSON_FOLDER_NAME = "solutions"
_GRADE_SECONDS = 60
#: Seconds a kernel may take to answer, where nbval gives no limit.
_STARTUP_SECONDS = 60
#: The marks on the first and the last cell of each lesson, in pytest's `Item.stash`.
WATCH_BEFORE = pytest.StashKey[bool]()
GRADE_AFTER = pytest.StashKey[bool]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the first and the last cell of each lesson in ``solutions/``.

    Only nbval collects ``.ipynb`` files, so the items of a notebook are its
    cells, in order; pytest's own `Item.path` says which file, and the mark is
    kept in pytest's `Item.stash` (nothing of nbval's is named or set here).
    """
    first_cells, last_cells = {}, {}
    for item in items:
        if item.path.suffix == ".ipynb" and item.path.parent.name == LESSON_FOLDER_NAME:
            first_cells.setdefault(item.path, item)
            last_cells[item.path] = item
    for item in first_cells.values():
        item.stash[WATCH_BEFORE] = True
    for item in last_cells.values():
        item.stash[GRADE_AFTER] = True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    """Start a notebook's kernel (nbval does, in its first cell's set-up) with
    Agg, one thread for linear algebra (as the grader's kernels), without a
    debugger (`coursetools.runner.hide_debugger`), and ready as soon as it
    answers (`ready_when_answered`).

    All this holds only while the kernel starts: other tests that run
    notebooks (the website, the browser tests) keep the inline backend.
    """
    if item.path.suffix != ".ipynb":
        return (yield)
    path = os.pathsep.join(filter(None, [_no_debugger(), os.environ.get("PYTHONPATH")]))
    kernel_env = {"MPLBACKEND": BACKEND, "PYTHONPATH": path, **ONE_THREAD}
    before = {name: os.environ.get(name) for name in kernel_env}
    os.environ.update(kernel_env)
    wait_for_ready = BlockingKernelClient.wait_for_ready
    BlockingKernelClient.wait_for_ready = ready_when_answered
    try:
        return (yield)
    finally:
        BlockingKernelClient.wait_for_ready = wait_for_ready
        for name, value in before.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value


def ready_when_answered(
    client: BlockingKernelClient, timeout: float | None = None
) -> None:
    """Return once the kernel of ``client`` answers and IOPub listens.

    Stands in for jupyter_client's ``wait_for_ready`` while nbval starts a
    kernel: that one then waits for 0.2 s of silence on IOPub, lost time for
    each notebook, since nbval reads only the messages that answer its own
    requests (`coursetools.runner.until_listening`, as the grader's kernels).
    """
    run_sync(until_listening)(client, _STARTUP_SECONDS if timeout is None else timeout)


@functools.cache
def _no_debugger() -> str:
    """A folder, made once per test process, that keeps the kernels' debugger out."""
    folder = Path(tempfile.mkdtemp(prefix="nbval-kernel-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return str(hide_debugger(folder))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """Before a lesson's first cell, watch for stub calls; after its last,
    check that none was made, grade the solutions, then the stubs."""
    if item.stash.get(WATCH_BEFORE, False):
        run_in_kernel(notebook_kernel_client(item), watch_code(item.path))
    result = yield
    if item.stash.get(GRADE_AFTER, False):
        client, lesson = notebook_kernel_client(item), lesson_number(item.path)
        _expect_no_stub_calls(run_in_kernel(client, _FOUND_CODE, FOUND_MIME), item.path)
        km = notebook_kernel_manager(item)
        _expect(grade_as_grader(km, lesson), "correct", item.path, "solved")
        run_in_kernel(client, student_exercise_code(item.path))
        _expect(grade_as_grader(km, lesson), "not attempted", item.path, "stubs")
    return result


def watch_code(path: Path) -> str:
    """Return the code that has a solved lesson's kernel watch for stub calls.

    It tells `coursetools.stub_calls.watch` each code cell's source and whether
    the cell runs whole in the student version: kept there (not tagged
    `verify` or `solution`), with no solution block (the stubs of those run
    in `student_exercise_code`).
    """
    cells = [
        (
            cell.source,
            not {VERIFY_TAG, SOLUTION_TAG} & set(cell.metadata.get("tags", []))
            and not solution_blocks(cell.source),
        )
        for cell in read_notebook(path).cells
        if cell.cell_type == "code"
    ]
    return (
        "from coursetools.stub_calls import watch as _watch\n"
        f"_watch(get_ipython(), {cells!r})\n"
        "del _watch"
    )


_FOUND_CODE = "from coursetools.stub_calls import show_found\nshow_found()"


def _expect_no_stub_calls(found: list[dict], path: Path) -> None:
    calls = "\n".join(
        f"  Cell {f['cell']} ({f['line']!r}) calls {f['stub']}" for f in found
    )
    assert not found, (
        f"{path.name}: in the student version, Run All would stop where a cell "
        f"calls an exercise's stub (NotImplementedError) other than through "
        f"check:\n{calls}\nShow such code as a markdown code block for the "
        f"learner to run once the answer passes, or move it to a verify cell."
    )


def notebook_kernel_client(item: pytest.Item) -> KernelClient:
    """Return the client of the kernel in which nbval runs `item`'s notebook.

    nbval offers no public way to reach it (no hook, no documented
    attribute): its notebook collector, the cell's parent, keeps the running
    kernel as ``kernel``, and that keeps jupyter_client's client as ``kc``
    and its manager as ``km``. This and `notebook_kernel_manager` are the only
    places that read them; the rest speaks jupyter_client.

    Raises RuntimeError, naming the attribute, if nbval keeps it no more.
    """
    return _nbval_kernel_part(item, "kc", KernelClient)


def notebook_kernel_manager(item: pytest.Item) -> KernelManager:
    """Return the manager of the kernel in which nbval runs `item`'s notebook
    (see `notebook_kernel_client`)."""
    return _nbval_kernel_part(item, "km", KernelManager)


def _nbval_kernel_part(item: pytest.Item, name: str, kind: type) -> Any:
    part = getattr(getattr(item.parent, "kernel", None), name, None)
    if not isinstance(part, kind):
        raise RuntimeError(
            f"nbval {nbval.__version__} no longer keeps a notebook's kernel "
            f"{kind.__name__} as the notebook item's `kernel.{name}`: "
            "coursetools.nbval_grading cannot reach the kernel to grade it"
        )
    return part


def _expect(grades: list[dict], status: str, path: Path, version: str) -> None:
    wrong = [g for g in grades if g["status"] != status]
    assert grades and not wrong, (
        f"{path.name}: with the exercises {version}, every one must be "
        f"{status!r}; the grader says {wrong or 'nothing'}"
    )


def student_exercise_code(path: Path) -> str:
    """Return the code that turns a solved lesson's kernel into the student version's.

    Each cell with solution markers, stubbed as in the student version, and a
    ``del`` of the names that worked-answer cells (tagged `SOLUTION_TAG`, left
    out of the student version) assigned at the top level.
    """
    code, dropped = [], []
    for cell in read_notebook(path).cells:
        if cell.cell_type != "code":
            continue
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            dropped.append(cell.source)
        elif BEGIN in cell.source and solution_blocks(cell.source):
            code.append(strip_solutions(cell.source))
    names = sorted(_assigned_names("\n".join(dropped)))
    if names:
        code.insert(0, "\n".join(f"globals().pop({n!r}, None)" for n in names))
    return "\n\n".join(code)


def _assigned_names(source: str) -> set[str]:
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        for target in getattr(node, "targets", [getattr(node, "target", None)]):
            for sub in ast.walk(target) if target is not None else ():
                if isinstance(sub, ast.Name):
                    names.add(sub.id)
    return names


def run_in_kernel(
    client: KernelClient, code: str, mime: str | None = None
) -> list[dict]:
    """Run `code` in nbval's running kernel; return what it displayed as `mime`,
    or ``[]`` (always, if no `mime` is given).

    Raises AssertionError, naming the error, if the code raises.
    """
    shown: list[dict] = []
    errors: list[dict] = []

    def keep(msg: dict) -> None:
        content = msg["content"]
        if msg["msg_type"] == "error":
            errors.append(content)
        if mime and msg["msg_type"] == "display_data" and mime in content["data"]:
            shown[:] = content["data"][mime]

    client.execute_interactive(
        code,
        store_history=False,
        allow_stdin=False,
        stop_on_error=False,
        timeout=_GRADE_SECONDS,
        output_hook=keep,
    )
    if errors:
        raise AssertionError(
            f"the code the plugin ran failed: {errors[0]['ename']}: "
            f"{errors[0]['evalue']}\n{code[:300]}"
        )
    return shown


def grade_as_grader(km: KernelManager, lesson: str) -> list[dict]:
    """Grade the answers in nbval's running kernel as the grading command does
    (`coursetools.grade.check_answers`); return the results."""
    return list(check_answers(km, lesson).values())
