"""JupyterLab in a real browser, as a learner meets it.

`make lab` runs in a temporary copy of the course; the start notebook must open
in the page that it asks the learner's browser to open. Every lesson then runs
all its cells from the Run menu, with no error shown on the page and a check
line for every exercise, and every explorer widget draws a figure that changes
when one of its sliders moves.

These tests skip, saying how to enable them, without Chromium and Playwright
(see tests/conftest.py); `.ci/run` installs both and requires them.
"""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest

from coursetools.lessons import ROOT, lesson_number, lesson_paths, read_notebook
from utils.exercises import exercise_ids

LESSONS = lesson_paths(ROOT / "notebooks")
# What `make lab` needs next to the Makefile; utils is installed (editable).
COPIED_FILES = ("Makefile", "requirements.txt", "constraints.txt", "pyproject.toml")
COPIED_FOLDERS = ("coursetools", "lab-settings", "notebooks")
# A call of an explorer from utils.widgets in a lesson's code.
EXPLORER_CALL = re.compile(r"\b(\w+_explorer)\(")

# Seconds. Generous: the slowest lesson runs in about 10 s on a loaded machine.
START_TIMEOUT = 120
RUN_TIMEOUT = 180
REDRAW_TIMEOUT = 30

# In the page: outputs that show an error, or text on standard error.
ERROR_OUTPUTS = (
    ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'],"
    " .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']"
)
# The outermost widget of each explorer: a box of controls above a figure.
EXPLORERS = ".jp-OutputArea-output > .jupyter-widgets.widget-vbox"


@dataclass
class Lab:
    """A running `make lab`: its address, token and the folder it serves."""

    url: str  # the page that `make lab` opens in the learner's browser
    base: str
    token: str
    folder: Path

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(
            f"{self.base}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _copy_course(target: Path) -> None:
    for name in COPIED_FILES:
        shutil.copy2(ROOT / name, target / name)  # keeps times: make stays set up
    for name in COPIED_FOLDERS:
        shutil.copytree(
            ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__")
        )


@pytest.fixture(scope="module")
def lab(browser, tmp_path_factory):
    """`make lab` in a temporary copy of the course, with this test's Python.

    JupyterLab opens its start page with the command in the BROWSER variable,
    as Python's webbrowser module does for a learner; here that command only
    writes down the address, for the test's own browser to open.
    """
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    folder = tmp_path_factory.mktemp("course")
    home = tmp_path_factory.mktemp("jupyter-home")
    _copy_course(folder)
    opened = home / "opened.txt"
    recorder = home / "record-address"
    recorder.write_text(f'#!/bin/sh\necho "$1" > "{opened}"\n')
    recorder.chmod(0o755)
    port, token = _free_port(), os.urandom(16).hex()
    lab_args = (
        f"--port={port} --ServerApp.ip=127.0.0.1 --IdentityProvider.token={token}"
    )
    # As root (CI), `make lab` itself adds --allow-root: that is tested here too.
    # Jupyter's own files (settings, workspaces, history) go to a temporary
    # folder too; -o keeps make from reinstalling the environment it runs in.
    env = dict(os.environ, BROWSER=str(recorder))
    for variable in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[variable] = str(home / variable.lower())
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(home / "workspaces")
    env["JUPYTERLAB_SETTINGS_DIR"] = str(home / "settings")
    command = ["make", "-o", f"{sys.prefix}/.installed", "lab"]
    command += [f"VENV={sys.prefix}", f"LAB_ARGS={lab_args}"]
    log = home / "lab.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            command,
            cwd=folder,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not (opened.exists() and opened.read_text().strip()):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("make lab opened no page:\n" + log.read_text())
            time.sleep(0.2)
        yield Lab(opened.read_text().strip(), f"http://127.0.0.1:{port}", token, folder)
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # JupyterLab shuts its kernels down
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


@pytest.fixture
def page(browser, lab):
    page = browser.new_page()
    yield page
    page.close()
    lab.shut_down_kernels()


def _open(page, lab: Lab, notebook: str):
    """Open one notebook alone in its own workspace; return its panel."""
    workspace = Path(notebook).stem
    page.goto(
        f"{lab.base}/lab/workspaces/{workspace}/tree/{notebook}?reset&token={lab.token}"
    )
    panel = page.locator(".jp-NotebookPanel:visible")
    panel.locator(".jp-Cell").first.wait_for(timeout=START_TIMEOUT * 1000)
    return panel


def _run_all(page, panel, notebook: Path) -> list[str]:
    """Run all cells from the Run menu and return what the page shows went wrong.

    The result lists each error or standard-error output, and each code cell
    that did not run (JupyterLab stops at the first error); empty if none.
    """
    page.wait_for_function(  # the kernel has started
        "() => [...document.querySelectorAll('.jp-StatusBar-Widget')]"
        ".some(e => e.innerText.includes('Idle'))",
        timeout=START_TIMEOUT * 1000,
    )
    # JupyterLab attaches a long notebook's cells over a few seconds.
    prompts = panel.locator(".jp-CodeCell .jp-InputPrompt")
    cells = sum(cell.cell_type == "code" for cell in read_notebook(notebook).cells)
    if not _within(page, START_TIMEOUT, lambda: prompts.count() == cells):
        return [f"{prompts.count()} of {cells} code cells shown"]
    panel.locator(".jp-Cell").first.click()
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    # textContent, not innerText: cells scrolled out of view are not laid out.
    read = lambda: prompts.evaluate_all("all => all.map(p => p.textContent.trim())")  # noqa: E731
    # Run All marks every cell queued ([*]) at once; done when none is left.
    if not _within(page, RUN_TIMEOUT, lambda: "[*]:" not in read()):
        return [f"cells still running after {RUN_TIMEOUT} s: {read()}"]
    problems = panel.locator(ERROR_OUTPUTS).evaluate_all(
        "all => all.map(e => e.textContent)"
    )
    problems += [
        f"code cell {k + 1} did not run"
        for k, prompt in enumerate(read())
        if not re.fullmatch(r"\[\d+\]:", prompt)
    ]
    return problems


def _explorer_count(notebook: Path) -> int:
    nb = read_notebook(notebook)
    return sum(
        len(EXPLORER_CALL.findall(cell.source))
        for cell in nb.cells
        if cell.cell_type == "code"
    )


def _figure(widget) -> str | None:
    image = widget.locator("img")
    return image.first.get_attribute("src") if image.count() else None


def _within(page, seconds: float, condition) -> bool:
    """Poll `condition` until it holds or `seconds` pass; return whether it held."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(100)
    return True


def _drag(page, handle) -> None:
    """Drag a slider's handle to the far end of its track, as a learner would."""
    value = handle.get_attribute("aria-valuenow")
    handle.scroll_into_view_if_needed()
    track = handle.locator("xpath=ancestor::div[contains(@class, 'noUi-base')]")
    left, width = track.bounding_box()["x"], track.bounding_box()["width"]
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(left if x > left + width / 2 else left + width, y, steps=5)
    page.mouse.up()
    moved = lambda: handle.get_attribute("aria-valuenow") != value  # noqa: E731
    assert _within(page, 2, moved), f"the slider did not move from {value}"


def _redraws(page, widget, before: str | None) -> bool:
    return _within(page, REDRAW_TIMEOUT, lambda: _figure(widget) not in (None, before))


def test_make_lab_opens_the_start_notebook(browser, lab):
    page = browser.new_page()
    try:
        page.goto(lab.url)
        tab = page.locator(".lm-TabBar-tab.lm-mod-current", has_text="00_start_here")
        tab.wait_for(timeout=START_TIMEOUT * 1000)
        heading = page.locator(".jp-NotebookPanel:visible .jp-RenderedMarkdown h1")
        assert "Start here" in heading.first.inner_text()
        # make lab copied every lesson into the learner's folder first.
        copied = sorted(
            path.name for path in (lab.folder / "my-notebooks").glob("*.ipynb")
        )
        assert copied == [path.name for path in LESSONS]
    finally:
        page.close()
        lab.shut_down_kernels()


@pytest.mark.parametrize("notebook", LESSONS, ids=lambda path: path.stem)
def test_every_cell_runs_and_every_explorer_responds(page, lab, notebook):
    panel = _open(page, lab, notebook.name)
    assert _run_all(page, panel, notebook) == []
    # Every check cell ran and reported: "not attempted" in a fresh copy.
    outputs = panel.locator(".jp-OutputArea-output").evaluate_all(
        "all => all.map(e => e.textContent)"
    )
    for exercise in exercise_ids(lesson_number(notebook)):
        line = f"○ {exercise} not attempted"
        assert any(line in text for text in outputs), (
            line,
            [t for t in outputs if exercise in t],
        )

    explorers = panel.locator(EXPLORERS)
    assert explorers.count() == _explorer_count(notebook)
    for k in range(explorers.count()):
        widget = explorers.nth(k)
        widget.scroll_into_view_if_needed()
        assert _figure(widget), f"explorer {k} shows no figure"
        sliders = widget.locator(".noUi-handle")
        assert sliders.count() > 0, f"explorer {k} has no slider"
        for s in range(sliders.count()):
            before = _figure(widget)
            _drag(page, sliders.nth(s))
            assert _redraws(page, widget, before), f"explorer {k}, slider {s}"


def test_a_failing_cell_is_reported(page, lab):
    """The control: the run must see an error shown, and the cells it skipped."""
    planted = nbformat.v4.new_notebook(metadata=read_notebook(LESSONS[0]).metadata)
    planted.cells = [
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("raise ValueError('planted mistake')"),
        nbformat.v4.new_code_cell("y = 2"),
    ]
    path = lab.folder / "my-notebooks" / "planted.ipynb"
    nbformat.write(planted, path)
    problems = _run_all(page, _open(page, lab, path.name), path)
    assert len(problems) == 2, problems
    assert "ValueError" in problems[0] and "planted mistake" in problems[0]
    assert problems[1] == "code cell 3 did not run"
