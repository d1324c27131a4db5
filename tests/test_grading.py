"""The grader: full marks for the solutions, zero for the student stubs, and
mistakes, crashes and endless loops caught without stopping the run."""

import asyncio
import csv
import json
import time
import uuid
from pathlib import Path
from queue import Empty
from types import SimpleNamespace
from typing import ClassVar

import nbformat
import numpy as np
import psutil
import pytest
from jupyter_client import BlockingKernelClient, KernelManager
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.channels import AsyncZMQSocketChannel
from traitlets import Type

from coursetools import nbval_grading, runner
from coursetools.bridge import (
    CannotTravel,
    KernelFunction,
    KernelOracle,
    decode,
    encode,
    run_code,
)
from coursetools.exercises import (
    course_exercises,
    lesson_exercises,
    lessons_with_exercises,
)
from coursetools.grade import (
    FIELDS,
    grade_folder,
    grade_notebook,
    main,
    write_gradebook,
)
from coursetools.gradebook import (
    NOT_SUBMITTED,
    explain_dependencies,
    find_submissions,
    write_summary,
)
from coursetools.lessons import ROOT, read_notebook, write_notebook
from coursetools.nbval_grading import notebook_kernel_client, notebook_kernel_manager
from coursetools.runner import (
    PollingChannel,
    PollingKernelClient,
    SandboxedKernelManager,
    patient,
)
from coursetools.sandbox import choose_sandbox
from utils.exercises import REGISTRY, evaluate, exercise_ids

# Graded end to end by the grading command: every lesson is graded in its own
# nbval kernel (solved, then as the student stubs: `coursetools.nbval_grading`),
# so the command needs only a few here: the first lesson, and lesson 07, whose
# answers are classes and whose exercises sit between its sections.
END_TO_END = ("00_start_here.ipynb", "07_backprop_by_hand.ipynb")


def _setup_and_exercises(name):
    """Solution ``name`` cut to its setup cell and its exercises' answers and
    checks: nbval runs every lesson in full, so the grader need not again."""
    nb = read_notebook(ROOT / "solutions" / name)
    code = [c for c in nb.cells if c.cell_type == "code"]
    nb.cells = code[:1] + [
        c
        for c in code[1:]
        if "### BEGIN SOLUTION" in c.source or c.source.startswith("check(")
    ]
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Grade, in one run, some solutions and a planted mistake (with a stub)."""
    folder = tmp_path_factory.mktemp("submissions")
    (folder / "solutions").mkdir()
    for name in END_TO_END:
        write_notebook(_setup_and_exercises(name), folder / "solutions" / name)
    planted = _setup_and_exercises("01_derivatives.ipynb")
    # Exercise 01.1 left as the student stub, exercise 01.3 answered wrongly.
    stubs = {
        c.id: c
        for c in read_notebook(ROOT / "notebooks" / "01_derivatives.ipynb").cells
    }
    first = next(k for k, c in enumerate(planted.cells) if "BEGIN SOLUTION" in c.source)
    planted.cells[first] = stubs[planted.cells[first].id]
    for cell in planted.cells:
        cell.source = cell.source.replace(
            "return 3 * x**2 - 4 * x + 3", "return 3 * x**2 - 4 * x"
        )
    (folder / "planted").mkdir()
    write_notebook(planted, folder / "planted" / "01_derivatives.ipynb")
    rows = grade_folder(folder, timeout=120, jobs=3)  # kernels also wait: overlap them
    return folder, rows


def _rows(rows, submission):
    return [r for r in rows if r.submission == submission]


def test_the_grading_command_gives_the_solutions_full_marks(graded):
    _, rows = graded
    mine = _rows(rows, "solutions")
    assert {r.failed_cells for r in mine} == {""}, {
        (r.notebook, r.failed_cells) for r in mine
    }
    expected = [i for name in END_TO_END for i in exercise_ids(name[:2])]
    assert [r.exercise for r in mine] == expected
    # Each row's title and stars are those of the exercise's heading.
    for r in mine:
        lesson, number = r.exercise.split(".")
        heading = f"### Exercise {int(lesson)}.{number} · {r.title} {'★' * r.stars}"
        assert heading in (ROOT / "solutions" / r.notebook).read_text("utf-8")
    assert all(r.status == "correct" for r in mine), [
        r for r in mine if r.status != "correct"
    ]


def _run_nbval(pytester, *extra):
    """Run nbval, as the suite does, with the course's plugin, on pytester's folder."""
    return pytester.runpytest_inprocess(
        "--nbval-lax",
        "--nbval-current-env",
        "-p",
        "coursetools.nbval_grading",
        "-p",
        "no:cacheprovider",
        *extra,
    )


def _lesson00_exercise(pytester, answer_cell, *more_cells):
    """Lesson 00's exercise 00.1 alone, with `answer_cell` as its answer, then
    `more_cells`, in solutions/."""
    solution = read_notebook(ROOT / "solutions" / "00_start_here.ipynb")
    cells = [
        c
        for c in solution.cells
        if c.cell_type == "code" and "average_speed" in c.source
    ]
    assert len(cells) == 2  # the answer and its check
    cells[0].source = answer_cell
    solution.cells = [nbformat.v4.new_code_cell("from utils.exercises import check")]
    solution.cells += [*cells, *more_cells]
    (pytester.path / "solutions").mkdir(exist_ok=True)
    write_notebook(solution, pytester.path / "solutions" / "00_start_here.ipynb")


def test_nbval_grades_each_lesson_solved_then_as_the_student_stubs(pytester):
    # The real lessons pass both verdicts in every test run (nbval runs
    # solutions/ with the plugin); each planted notebook here fails one.
    right = "(4.9 * 3**2 - 4.9 * 1**2) / (3 - 1)"
    _lesson00_exercise(
        pytester, f"### BEGIN SOLUTION\naverage_speed = {right}\n### END SOLUTION"
    )
    _run_nbval(pytester).assert_outcomes(passed=3)

    # A wrong solution: the lesson's own answer must get full marks.
    _lesson00_exercise(
        pytester, "### BEGIN SOLUTION\naverage_speed = 4.9 * 3**2 / 3\n### END SOLUTION"
    )
    result = _run_nbval(pytester)
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*solved, every one must be 'correct'*incorrect*"])

    # An answer outside the markers stays in the student version: caught too.
    _lesson00_exercise(pytester, f"average_speed = {right}")
    result = _run_nbval(pytester)
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*stubs, every one must be 'not attempted'*correct*"])


def test_nbval_names_the_cells_that_would_stop_run_all_at_a_stub(pytester):
    # In the student version `speed` raises NotImplementedError, so Run All
    # stops at a cell that calls it, directly or through a lesson's function.
    # The real lessons show that calls made by check are not counted.
    code = nbformat.v4.new_code_cell
    speed = (
        "def speed(a, b):\n    ### BEGIN SOLUTION\n"
        "    return 4.9 * (b**2 - a**2) / (b - a)\n    ### END SOLUTION"
    )
    verify = code("assert speed(1, 3) == 19.6")
    verify.metadata["tags"] = ["verify"]  # left out of the student version
    _lesson00_exercise(
        pytester,
        "### BEGIN SOLUTION\naverage_speed = 19.6\n### END SOLUTION",
        code(speed),  # Cell 3
        code("print(speed(1, 3))"),  # Cell 4: stops Run All
        code("def fall(t):\n    return speed(0, t)"),  # defines, calls nothing
        code("fall(2)"),  # Cell 6: stops Run All
        verify,
        nbformat.v4.new_markdown_cell("```python\nspeed(1, 3)\n```"),
        code('check("00.1", speed(1, 3))'),  # Cell 8: the call is not check's
    )
    result = _run_nbval(pytester)
    result.assert_outcomes(passed=8, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*Run All would stop where a cell calls an exercise's stub*",
            "*Cell 4 ('print(speed(1, 3))') calls speed",
            "*Cell 6 ('fall(2)') calls speed",
            """*Cell 8 ('check("00.1", speed(1, 3))') calls speed""",
            "*Show such code as a markdown code block*",
        ]
    )
    result.stdout.no_fnmatch_line("*Cell [57] (*calls*")


def test_nbval_names_the_error_when_the_student_stubs_raise(pytester):
    right = "(4.9 * 3**2 - 4.9 * 1**2) / (3 - 1)"
    _lesson00_exercise(
        pytester,
        f"### BEGIN SOLUTION\naverage_speed = {right}\n### END SOLUTION\n"
        "print(average_speed + 1)",  # the stub's ... + 1 raises
    )
    result = _run_nbval(pytester)
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*the code the plugin ran failed: TypeError*"])


def test_the_plugin_says_so_if_nbval_no_longer_keeps_its_kernel_client():
    cell = SimpleNamespace(parent=SimpleNamespace(kernel=SimpleNamespace()))
    with pytest.raises(RuntimeError, match=r"kernel\.kc"):
        notebook_kernel_client(cell)
    with pytest.raises(RuntimeError, match=r"kernel\.km"):
        notebook_kernel_manager(cell)


def test_nbval_kernels_have_no_debugger_and_draw_every_figure_with_agg(
    pytester, monkeypatch
):
    # Drawing, not a picture, is what a test needs: a label that only fails
    # when drawn (mathtext that does not parse) must still fail its cell.
    # The debugger, which nobody uses there, costs a kernel time to import.
    # Two kernels run at once, one per core: each keeps to one BLAS thread.
    # IPython's default traceback would spend seconds showing the code around
    # each frame of that deep error; the test needs only the failure.
    config = pytester.mkdir("ipython") / "profile_default"
    config.mkdir()
    (config / "ipython_kernel_config.py").write_text(
        "c.InteractiveShell.xmode = 'Plain'"
    )
    monkeypatch.setenv("IPYTHONDIR", str(config.parent))
    cells = [
        "import matplotlib, sys\nassert matplotlib.get_backend() == "
        "'module://coursetools.drawing_agg', matplotlib.get_backend()\n"
        "assert 'debugpy' not in sys.modules, 'the debugger was imported'\n"
        "import os\nassert os.environ['OPENBLAS_NUM_THREADS'] == '1'",
        "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.title(r'$x^$')\nplt.show()",
        "plt.plot([1, 2])\nplt.xlabel(r'$\\frac{1}$')",  # drawn at the cell's end
        "assert plt.get_fignums() == []  # every figure drawn, then closed",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    write_notebook(nb, pytester.path / "figures.ipynb")  # any notebook nbval runs
    result = _run_nbval(pytester, "-v")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines(["*::Cell 1 FAILED*", "*::Cell 2 FAILED*"])


def test_nbval_kernels_are_ready_as_soon_as_they_answer(pytester, monkeypatch):
    # jupyter_client's own wait_for_ready then waits for 0.2 s of silence on
    # IOPub, for every notebook; the plugin's wait is the grader's, and only
    # while nbval starts the kernel.
    waits = []

    async def until_listening(client, timeout):
        waits.append(timeout)
        await runner.until_listening(client, timeout)

    monkeypatch.setattr(nbval_grading, "until_listening", until_listening)
    wait_for_ready = BlockingKernelClient.wait_for_ready
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    write_notebook(nb, pytester.path / "ready.ipynb")
    _run_nbval(pytester).assert_outcomes(passed=1)
    assert len(waits) == 1
    assert BlockingKernelClient.wait_for_ready is wait_for_ready


def test_a_planted_mistake_is_caught_and_nothing_else_changes(graded):
    _, rows = graded
    status = {r.exercise: r.status for r in _rows(rows, "planted")}
    assert status.pop("01.1") == "not attempted"
    assert status.pop("01.3") == "incorrect"
    assert set(status.values()) == {"correct"}


def test_the_gradebook_csv_has_one_row_per_exercise(graded, tmp_path):
    _, rows = graded
    output = tmp_path / "gradebook.csv"
    write_gradebook(rows, output)
    with output.open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert tuple(table[0]) == FIELDS
    assert len(table) == len(rows)
    assert {r["status"] for r in table} == {"correct", "incorrect", "not attempted"}


def _lesson01(tmp_path, cell_edits):
    """A copy of lesson 01's solution with some cells replaced."""
    nb = read_notebook(ROOT / "solutions" / "01_derivatives.ipynb")
    nb.cells = nb.cells[:2]  # title and setup only, to keep the test quick
    nb.cells += [nbformat.v4.new_code_cell(source) for source in cell_edits]
    path = tmp_path / "01_derivatives.ipynb"
    write_notebook(nb, path)
    return path


def test_errors_in_cells_do_not_stop_grading(tmp_path):
    path = _lesson01(
        tmp_path,
        [
            "signs = (1, -1, -1)",
            "def secant_slope(f, a, b):\n    return 1 / 0",
            "this is not python",  # valid syntax: NameError on `this`
            "def df(x):\n    return 3 * x**2 - 4 * x + 3",
            "raise RuntimeError('learner cell fails')",
            "one_sided = 'tiny'",
        ],
    )
    grades = grade_notebook(path, timeout=60)
    assert {g.failed_cells for g in grades} == {
        "cell 5 (NameError); cell 7 (RuntimeError)"
    }
    status = {g.exercise: g.status for g in grades}
    assert status == {
        "01.1": "correct",
        "01.2": "error",
        "01.3": "correct",
        "01.4": "incorrect",
    }


def test_a_notebook_that_never_finishes_is_stopped_and_graded_as_error(tmp_path):
    path = tmp_path / "01_derivatives.ipynb"
    write_notebook(
        nbformat.v4.new_notebook(
            cells=[nbformat.v4.new_code_cell("while True:\n    pass")]
        ),
        path,
    )
    grades = grade_notebook(path, timeout=2)
    assert {g.status for g in grades} == {"error"}
    assert "did not finish within 2 s (cell 1 was still running)" in grades[0].message


def test_unreadable_notebooks_are_graded_as_error(tmp_path):
    path = tmp_path / "01_derivatives.ipynb"
    path.write_text("{ this is not json", encoding="utf-8")
    grades = grade_notebook(path, timeout=10)
    assert len(grades) == len(exercise_ids("01"))
    assert all(g.status == "error" and "could not be run" in g.message for g in grades)


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(ValueError, match="timeout must be positive"):
        grade_notebook(tmp_path / "01_derivatives.ipynb", timeout=0)
    with pytest.raises(ValueError, match="lesson like"):
        grade_notebook(tmp_path / "homework.ipynb")
    with pytest.raises(ValueError, match="folder must be a directory"):
        grade_folder(tmp_path / "missing")
    with pytest.raises(ValueError, match="jobs must be a positive integer"):
        grade_folder(tmp_path, jobs=0)
    with pytest.raises(ValueError, match="timeout must be positive"):
        grade_folder(tmp_path, timeout=-1)


def test_the_command_line_reports_an_empty_folder(tmp_path, capsys):
    assert main([str(tmp_path), "--output", str(tmp_path / "g.csv")]) == 1
    assert "no lesson notebooks" in capsys.readouterr().out
    assert not (tmp_path / "g.csv").exists()


def test_the_kernel_starts_quickly_and_is_shut_down_when_done(tmp_path):
    # A grader that left kernels running until it exits ran out of memory on a class.
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    # Matplotlib builds a missing font list, and IPython's default traceback
    # shows the code around every frame of an error: each costs seconds. The
    # debugger, which no submission needs, costs a fraction of one to import.
    quick = (
        "import os, sys, matplotlib\n"
        "assert any(n.startswith('fontlist-') for n in os.listdir(matplotlib.get_cachedir()))\n"
        "assert get_ipython().xmode == 'Plain', get_ipython().xmode\n"
        "assert sys.modules.get('debugpy') is None, 'the debugger was imported'"
    )
    path = _lesson01(tmp_path, ["signs = (1, -1, -1)"])
    nb = read_notebook(path)
    nb.cells.insert(0, nbformat.v4.new_code_cell(quick))  # before the setup imports
    write_notebook(nb, path)
    grades = grade_notebook(path, timeout=60)
    assert {g.failed_cells for g in grades} == {""}
    left = [p for p in psutil.Process().children(recursive=True) if p.pid not in before]
    assert left == [], [p.cmdline() for p in left]


def test_a_kernel_has_ended_before_jupyter_client_shuts_it_down(monkeypatch):
    # jupyter_client's own kill then looks every 0.1 s whether it has gone.
    alive_then = []
    shutdown_kernel = runner.SandboxedKernelManager.shutdown_kernel

    async def recorded(self, now=False, restart=False):
        alive_then.append(await self.is_alive())
        await shutdown_kernel(self, now=now, restart=restart)

    monkeypatch.setattr(runner.SandboxedKernelManager, "shutdown_kernel", recorded)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    with runner.running_notebook(
        nb, name="ended.ipynb", timeout=30, sandbox=choose_sandbox("none")
    ) as run:
        assert run.km is not None and run.failed_cells == ""
    assert alive_then == [False]


class _NewListener:
    """A kernel client whose IOPub hears nothing of its first `deaf` requests."""

    def __init__(self, deaf, alive=True):
        self.deaf, self.alive, self.asked = deaf, alive, 0

    def kernel_info(self):
        self.asked += 1

    def get_shell_msg(self, timeout):
        if not self.alive:
            raise Empty
        return {"msg_type": "kernel_info_reply"}

    def get_iopub_msg(self, timeout):
        if self.asked <= self.deaf:
            raise Empty
        return {"msg_type": "status"}

    def is_alive(self):
        return self.alive


def test_a_client_is_ready_once_iopub_hears_the_kernel():
    client = _NewListener(deaf=2)
    asyncio.run(runner.until_listening(client, timeout=5))
    assert client.asked == 3  # not ready on the shell's answer alone
    with pytest.raises(RuntimeError, match="died"):
        asyncio.run(runner.until_listening(_NewListener(0, alive=False), timeout=5))
    with pytest.raises(RuntimeError, match="did not answer within 0 s"):
        asyncio.run(runner.until_listening(_NewListener(10**9), timeout=0))


def test_waits_for_a_kernel_message_look_again_every_second():
    calls = []

    async def get_msg(timeout=None):
        calls.append(timeout)
        if len(calls) < 3:
            raise Empty
        return {"msg_type": "execute_reply"}

    assert asyncio.run(patient(get_msg)())["msg_type"] == "execute_reply"
    assert calls == [1.0, 1.0, 1.0]  # never a wait without a limit
    calls.clear()
    assert asyncio.run(patient(get_msg)(timeout=30.0))["msg_type"] == "execute_reply"
    assert len(calls) == 3 and max(calls) <= 1.0  # a long wait is cut into polls
    with pytest.raises(Empty):  # a wait with a limit still ends at its limit
        asyncio.run(patient(lambda timeout: _raise_empty())(timeout=0.5))
    # and the grader's kernels are waited on through such channels
    client = SandboxedKernelManager().client()
    assert isinstance(client, PollingKernelClient)
    assert client.shell_channel_class is client.iopub_channel_class is PollingChannel


async def _raise_empty():
    raise Empty


class _DeafChannel(AsyncZMQSocketChannel):
    """A kernel channel that misses every wake-up, as a wait now and then does.

    Each wait lasts its whole limit, then looks once for a message already there.
    """

    waits: ClassVar[list[float | None]] = []

    async def get_msg(self, timeout=None):
        _DeafChannel.waits.append(timeout)
        if timeout is None:
            await asyncio.Event().wait()  # never woken
        await asyncio.sleep(timeout)
        return await super().get_msg(timeout=0)


class _PollingDeafChannel(PollingChannel, _DeafChannel):
    """The grader's channel, over a channel that misses every wake-up."""


class _DeafShellClient(PollingKernelClient):
    shell_channel_class = Type(_PollingDeafChannel)


class _DeafShellKernelManager(SandboxedKernelManager):
    client_factory = Type(_DeafShellClient, klass=AsyncKernelClient)


def test_a_reply_whose_wake_up_is_missed_is_found_at_the_next_poll(monkeypatch):
    # A wait for a cell's reply that misses its wake-up lasts, without polls,
    # until the notebook's time limit: graded "did not finish" (widget lessons,
    # three kernels at once: 1 of 108 runs). Here every wait on the shell
    # channel misses it; each reply must still be found at the next poll.
    monkeypatch.setattr(runner, "SandboxedKernelManager", _DeafShellKernelManager)
    monkeypatch.setattr(_DeafChannel, "waits", [])
    # Polls a tenth as long as the grader's (its 1 s is tested above), so
    # that each missed wake-up costs this test 0.1 s, not 1 s.
    monkeypatch.setattr(runner, "_POLL_SECONDS", 0.1)
    cells = ["x = 1", "y = x + 1", "assert y == 2"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    with runner.running_notebook(
        nb, name="deaf.ipynb", timeout=30, sandbox=choose_sandbox("none")
    ) as run:
        assert (run.stopped, run.failed_cells) == ("", "")
    assert _DeafChannel.waits and max(_DeafChannel.waits) <= 0.1


# A lesson whose file name does not change when lessons are renumbered.
START_LESSON = "00_start_here.ipynb"
# A duration no other process on the machine uses, not even this test run
# elsewhere at the same time (another checkout's suite would look like leftovers).
_SLEEP_SECONDS = f"314159.{uuid.uuid4().int % 10**6:06d}"


def _start_lesson_with(cells):
    """Lesson 00's notebook: the given cells, then its right answer."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nb.cells.append(nbformat.v4.new_code_cell("average_speed = 19.6"))
    return nb


def _sleepers():
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if (process.info["cmdline"] or [])[-1:] == [_SLEEP_SECONDS]:
            found.append(process)
    return found


@pytest.mark.parametrize("sandbox", ["none", "bwrap"])
def test_no_process_a_notebook_started_outlives_its_grading(sandbox, tmp_path, request):
    if sandbox == "bwrap":
        request.getfixturevalue("bubblewrap")
    path = tmp_path / START_LESSON
    write_notebook(
        _start_lesson_with(
            [
                "import subprocess\n"
                f"subprocess.Popen(['sleep', '{_SLEEP_SECONDS}'], start_new_session=True)\n"
                # and one that leaves its parent behind (a daemon)
                f"subprocess.Popen(['sh', '-c', 'sleep {_SLEEP_SECONDS} &'], start_new_session=True)",
                "import time\ntime.sleep(0.5)",
            ]
        ),
        path,
    )
    before = _sleepers()
    grades = grade_folder(tmp_path, timeout=60, jobs=1, sandbox=sandbox)
    assert [g.status for g in grades] == ["correct"]
    left = [p for p in _sleepers() if p not in before]
    for process in left:  # clean up before failing
        process.kill()
    assert left == []


def test_a_submission_cannot_touch_the_course_or_its_classmates(
    bubblewrap, tmp_path, monkeypatch
):
    folder = tmp_path / "class"
    cwd = tmp_path / "grader"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    victim = folder / "victim" / START_LESSON
    mark = uuid.uuid4().hex  # names no earlier run can have left behind
    home_file = Path.home() / f"graded-{mark}.txt"
    course_file = ROOT / "utils" / f"planted_{mark}.py"
    solution = ROOT / "solutions" / START_LESSON
    attack = [
        f"open({str(victim)!r}, 'w').write('{{}}')",
        f"open({str(cwd / 'planted.txt')!r}, 'w').write('x')",
        "import os\nopen(f'/proc/{os.getppid()}/cwd/planted.txt', 'w').write('x')",
        f"open({str(home_file)!r}, 'w').write('x')",
        "import pathlib\n(pathlib.Path.home() / 'planted.txt').write_text('x')",
        f"leak = open({str(solution)!r}).read()",
        f"open({str(course_file)!r}, 'w').write('x')",
    ]
    (folder / "attacker").mkdir(parents=True)
    write_notebook(_start_lesson_with(attack), folder / "attacker" / START_LESSON)
    victim.parent.mkdir()
    write_notebook(_start_lesson_with([]), victim)
    original = victim.read_bytes()
    try:
        grades = grade_folder(folder, timeout=60, jobs=2, sandbox=bubblewrap)
        changed = [p for p in (home_file, course_file) if p.exists()]
    finally:
        home_file.unlink(missing_ok=True)
        course_file.unlink(missing_ok=True)
    assert changed == []
    assert victim.read_bytes() == original
    assert not (cwd / "planted.txt").exists()
    by_student = {g.submission: g for g in grades}
    assert by_student["victim"].status == "correct"
    assert by_student["attacker"].status == "correct"
    # The writes to the classmate, the grader's folder and the course, and the
    # read of the solutions, failed (the others wrote into the sandbox's own
    # private folders, checked above to be none of the instructor's).
    failed = by_student["attacker"].failed_cells
    for cell in (1, 2, 6, 7):
        assert f"cell {cell} (" in failed, failed


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        3,
        10**400,
        2.5,
        float("inf"),
        "text",
        1 + 2j,
        ...,
        [1, (2.0, "x")],
        {"a": [1, 2], 3: None},
        {1, 2},
        np.arange(6.0).reshape(2, 3),
        np.float32(1.5),
    ],
    ids=repr,
)
def test_plain_data_crosses_the_bridge_unchanged(value):
    sent = json.loads(json.dumps(encode(value)))  # as it travels
    back = decode(sent)
    assert type(back) is type(value)
    if isinstance(value, np.ndarray):
        np.testing.assert_array_equal(back, value)
    else:
        assert back == value


def test_what_is_not_plain_data_never_crosses_the_bridge():
    class Mine:
        pass

    for value in (Mine(), np.array([Mine()], dtype=object), lambda x: x):
        with pytest.raises(CannotTravel):
            encode(value)
    callbacks = []
    assert encode(np.sin, callbacks) == {"callback": "0"} and callbacks == [np.sin]
    with pytest.raises(CannotTravel):
        decode({"opaque": "Value"})
    for bad in ({"pickle": "gASV"}, {"a": 1, "b": 2}, [1, 2]):
        with pytest.raises(ValueError, match="data must be a value of the bridge"):
            decode(bad)


# Answers to exercise 02.1 (the derivative of x² sin x), defined in a kernel and
# here: right, a named mistake, one that raises past x = 1, the stub, and a
# right one that takes 20 ms a call.
_DF_PRODUCT = {
    "right": "lambda x: 2 * x * np.sin(x) + x**2 * np.cos(x)",
    "mistake": "lambda x: 2 * x * np.cos(x)",
    "raises": "lambda x: 1 / 0 if x > 1 else 2 * x * np.sin(x) + x**2 * np.cos(x)",
    "stub": "lambda x: (_ for _ in ()).throw(NotImplementedError())",
    "slow": "lambda x: (time.sleep(0.02), 2 * x * np.sin(x) + x**2 * np.cos(x))[1]",
}


def test_a_learners_function_answers_many_points_at_once_with_the_same_feedback(
    monkeypatch,
):
    requests = []
    sent = KernelOracle._request

    def counted(self, code, callbacks):
        requests.append(code)
        return sent(self, code, callbacks)

    monkeypatch.setattr(KernelOracle, "_request", counted)
    here = {"np": np, "time": time}
    km = KernelManager(kernel_name="python3")
    km.start_kernel()
    try:
        setup = "import time\nimport numpy as np\n" + "\n".join(
            f"{name} = {code}" for name, code in _DF_PRODUCT.items()
        )
        assert run_code(km, setup, timeout=60)[1] is None
        counts, statuses = {}, []
        for name, code in _DF_PRODUCT.items():
            # The slow one with a limit of 1 s a call: at most 0.1 s a request.
            oracle = KernelOracle(km, call_seconds=1 if name == "slow" else 10)
            found, remote = oracle.fetch(name)
            assert found and isinstance(remote, KernelFunction)
            requests.clear()
            bridged = evaluate("02.1", remote)
            oracle.close()
            counts[name] = len(requests)
            local = evaluate("02.1", eval(code, here))
            assert (bridged.message, bridged.status) == (
                local.message,
                local.status,
            )
            statuses.append(local.status)
    finally:
        km.shutdown_kernel(now=True)
    assert statuses == ["correct", "incorrect", "error", "not attempted", "correct"]
    # The check calls df at 25 points: one call alone, then the others
    # together (in chunks where the calls are slow); the stub only once.
    assert counts["right"] <= 3 and counts["mistake"] <= 3, counts
    assert counts["raises"] <= 3 and counts["stub"] == 1, counts
    assert 3 < counts["slow"] < 25, counts


def test_students_are_top_level_folders_and_renamed_notebooks_count(tmp_path):
    lesson = START_LESSON[:2]
    nested = tmp_path / "alice" / "downloads" / "week 1"
    nested.mkdir(parents=True)
    (nested / f"{lesson}_Start_Here (1).ipynb").write_text("{}")
    (tmp_path / "bob").mkdir()
    (tmp_path / "bob" / f"{lesson}_start-here-final.ipynb").write_text("{}")
    (tmp_path / "bob" / "notes.ipynb").write_text("{}")
    (tmp_path / "bob" / "99_extra.ipynb").write_text("{}")
    submissions, notes = find_submissions(tmp_path)
    assert [(s.student, s.lesson) for s in submissions] == [
        ("alice", lesson),
        ("bob", lesson),
    ]
    assert sorted(notes) == [
        "bob/99_extra.ipynb: matches no lesson, not graded",
        "bob/notes.ipynb: matches no lesson, not graded",
    ]


def test_the_summary_gives_points_per_lesson_and_says_what_is_missing(tmp_path):
    lessons = lessons_with_exercises()
    first = exercise_ids(lessons[0])
    rows = [
        {"submission": "ann", "notebook": f"{lessons[0]}_x.ipynb", "exercise": i}
        | {"status": "correct" if k == 0 else "incorrect"}
        for k, i in enumerate(first)
    ]
    table = write_summary(rows, ["ann", "ben"], tmp_path / "summary.csv")
    ann, ben = table
    stars = course_exercises()[first[0]].stars
    assert ann[f"lesson {lessons[0]}"] == str(stars)
    assert ann[f"lesson {lessons[1]}"] == NOT_SUBMITTED
    assert ann["total"] == str(stars)
    assert all(ben[f"lesson {n}"] == NOT_SUBMITTED for n in lessons)
    core = sum(e.stars for e in course_exercises().values() if not e.optional)
    assert ben["out of"] == str(core) and ann["optional"] == ben["optional"] == "0"
    with (tmp_path / "summary.csv").open(encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == table


def test_going_further_exercises_are_extra_points_outside_the_lesson(tmp_path):
    optional = [e for e in course_exercises().values() if e.optional]
    assert optional, "no exercise is optional: this test needs one"
    ex = optional[0]
    core = [e for e in lesson_exercises(ex.lesson) if not e.optional]
    rows = [
        {"submission": "ann", "notebook": f"{ex.lesson}_x.ipynb", "exercise": e.id}
        | {"status": "correct"}
        for e in [*core, ex]
    ]
    (ann,) = write_summary(rows, ["ann"], tmp_path / "summary.csv")
    assert ann[f"lesson {ex.lesson}"] == str(sum(e.stars for e in core))
    assert ann["optional"] == str(ex.stars)
    assert ann["total"] == ann[f"lesson {ex.lesson}"]


def test_rows_are_written_as_notebooks_finish_and_a_second_run_resumes(tmp_path):
    folder = tmp_path / "class"
    for student in ("early", "late"):
        (folder / student).mkdir(parents=True)
        write_notebook(_start_lesson_with([]), folder / student / START_LESSON)
    book = tmp_path / "gradebook.csv"
    # A first run that stopped after "early": its row says "incorrect",
    # which a new grading would not (the answer is right).
    (exercise_id,) = exercise_ids(START_LESSON[:2])
    with book.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(FIELDS)
        writer.writerow(
            ["early", START_LESSON, exercise_id, "t", 1, "incorrect", "first run", ""]
        )
    rows = grade_folder(folder, timeout=60, jobs=1, gradebook=book)
    assert [(r.submission, r.status) for r in rows] == [
        ("early", "incorrect"),  # kept, not graded again
        ("late", "correct"),
    ]
    with book.open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert [(r["submission"], r["status"]) for r in written] == [
        ("early", "incorrect"),
        ("late", "correct"),
    ]
    with pytest.raises(ValueError, match="other columns"):
        bad = tmp_path / "other.csv"
        bad.write_text("a,b\n1,2\n", encoding="utf-8")
        grade_folder(folder, gradebook=bad)


@pytest.fixture
def toy_exercises(monkeypatch):
    """Two registered toy exercises, the second building on the first."""
    lesson = "97"  # a number no lesson uses
    monkeypatch.setattr("utils.exercises._core.REGISTRY", dict(REGISTRY), raising=True)
    from utils.exercises import _core

    monkeypatch.setattr("coursetools.gradebook.REGISTRY", _core.REGISTRY)
    _core.exercise(f"{lesson}.1")(lambda a: "")
    _core.exercise(f"{lesson}.2", depends_on=(f"{lesson}.1",))(lambda a: "")
    return f"{lesson}.1", f"{lesson}.2"


def test_an_exercise_names_the_earlier_answer_it_builds_on(toy_exercises):
    first, second = toy_exercises
    results = {
        first: {"status": "not attempted", "message": "define grad"},
        second: {"status": "error", "message": "train raised NameError"},
    }
    explained = explain_dependencies(results)
    assert explained[first] == results[first]
    assert f"builds on {first}" in explained[second]["message"]
    results[first] = {"status": "correct", "message": "fine"}
    assert explain_dependencies(results)[second] == results[second]


def test_depends_on_is_checked():
    from utils.exercises._core import exercise

    for bad in (["01.1"], ("nonsense",), ("96.1",)):
        with pytest.raises(ValueError, match="depends_on must be a tuple"):
            exercise("96.1", depends_on=bad)


def test_without_a_sandbox_a_classmate_overwritten_on_disk_is_still_graded_right(
    tmp_path,
):
    folder = tmp_path / "class"
    victim = folder / "b_victim" / START_LESSON
    victim.parent.mkdir(parents=True)
    write_notebook(_start_lesson_with([]), victim)
    (folder / "a_attacker").mkdir()
    write_notebook(
        _start_lesson_with([f"open({str(victim)!r}, 'w').write('{{}}')"]),
        folder / "a_attacker" / START_LESSON,
    )
    rows = grade_folder(folder, timeout=60, jobs=1, sandbox="none")
    assert victim.read_text() == "{}"  # no sandbox: the file on disk was changed
    assert [(r.submission, r.status) for r in rows] == [
        ("a_attacker", "correct"),
        ("b_victim", "correct"),  # but the copy taken first was graded
    ]
