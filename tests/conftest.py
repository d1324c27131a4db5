"""Fixtures for the tests that need tools beyond the learners' set-up.

The browser tests use the system's Chromium, driven by Playwright (which
downloads no browser here); the Binder check uses repo2docker; the nbgrader
route uses nbgrader. Where a tool is missing these tests skip and say how to
enable them, unless the environment variable COURSE_REQUIRE_EXTRAS is 1
(`.ci/run` sets it): then they fail.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

#: Where to look for Chromium, in order; the environment variable CHROMIUM wins.
# The answer cases are data for tests/test_exercises.py, which imports them on
# first use; --doctest-modules would import them (seconds of SymPy) in every
# test worker at collection, to find no doctest.
collect_ignore = ["exercise_cases"]

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")

# Headless, and quiet on a machine without a network: no background updates,
# no sync, no first-run pages (each of these otherwise tries to go online).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

REQUIRED = os.environ.get("COURSE_REQUIRE_EXTRAS") == "1"

HOW_TO_ENABLE = (
    "install Chromium (Debian or Ubuntu: `sudo apt-get install chromium`, or set "
    "CHROMIUM to a Chrome or Chromium executable) and the test tools (`make extras`)"
)


def _missing(reason: str) -> None:
    """Skip the test, or fail it where the extras are required."""
    (pytest.fail if REQUIRED else pytest.skip)(reason)


def find_chromium() -> str | None:
    """Return the path of a Chromium executable, or None if there is none."""
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        return chosen if Path(chosen).is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium, shared by the browser tests of one test process."""
    try:
        from playwright import sync_api
    except ImportError:
        _missing(f"Playwright is not installed: {HOW_TO_ENABLE}")
    executable = find_chromium()
    if executable is None:
        _missing(f"Chromium was not found: {HOW_TO_ENABLE}")
    with (
        tempfile.TemporaryDirectory(prefix="chromium-") as profile,
        sync_api.sync_playwright() as playwright,
    ):
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        yield context
        context.close()


@pytest.fixture(scope="session")
def repo2docker() -> str:
    """The path of the jupyter-repo2docker command (Binder's image builder)."""
    name = "jupyter-repo2docker"
    beside_python = Path(sys.executable).with_name(name)
    found = str(beside_python) if beside_python.is_file() else shutil.which(name)
    if found is None:
        _missing(f"repo2docker is not installed: run `make extras` to add {name}")
    return found


@pytest.fixture(scope="session")
def workflow_schema():
    """A function that validates a GitHub Actions workflow file against GitHub's
    workflow schema, returning the checker's exit code and output."""
    import subprocess

    try:
        import check_jsonschema  # noqa: F401
    except ImportError:
        _missing("check-jsonschema is not installed: run `make extras` to add it")

    def validate(path: Path) -> tuple[int, str]:
        command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema"]
        done = subprocess.run(
            [*command, "vendor.github-workflows", str(path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        return done.returncode, done.stdout + done.stderr

    return validate


@pytest.fixture(scope="session")
def nbgrader() -> str:
    """The path of the nbgrader command (the nbgrader route of INSTRUCTORS.md)."""
    beside_python = Path(sys.executable).with_name("nbgrader")
    found = str(beside_python) if beside_python.is_file() else shutil.which("nbgrader")
    if found is None:
        _missing("nbgrader is not installed: run `make extras` to add it")
    return found


@pytest.fixture(scope="session")
def bubblewrap():
    """The name of the bubblewrap sandbox, if it works here; else skip (or fail)."""
    from coursetools.sandbox import choose_sandbox

    try:
        choose_sandbox("bwrap")
    except RuntimeError as exc:
        _missing(
            f"{exc}: install bubblewrap (Debian or Ubuntu: `sudo apt-get install "
            "bubblewrap`) to test the isolated grading path"
        )
    return "bwrap"
