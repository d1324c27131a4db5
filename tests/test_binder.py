"""Binder's build, checked without Docker: repo2docker writes the Dockerfile it
would build (``--no-build --debug``), and that file must install environment.yml
with its pinned Python, copy the course, then run postBuild.

Skips, saying how to enable it, where repo2docker is not installed
(`make extras`; see tests/conftest.py).
"""

import re
import shutil
import subprocess

import yaml

from coursetools.lessons import ROOT

PYTHON_PIN = re.compile(r"^python=(\d+\.\d+)$")


def dockerfile(repo2docker: str, folder) -> str:
    """Return what repo2docker prints for `folder`: its choices and the Dockerfile."""
    done = subprocess.run(
        [repo2docker, "--no-build", "--debug", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout + done.stderr


def binder_problems(output: str, python: str) -> list[str]:
    """List what is missing or out of order in repo2docker's plan; empty if none.

    Examples
    --------
    >>> binder_problems("Building conda environment for python=3.10", "3.11")[0]
    'not a conda build with python=3.11'
    """
    steps = {
        "install environment.yml": '--file "environment.yml"',
        "copy the course": "COPY --chown=0:0 src/ ${REPO_DIR}/",
        "run postBuild": "RUN ./postBuild",
    }
    problems = []
    if f"Building conda environment for python={python}\n" not in output + "\n":
        problems.append(f"not a conda build with python={python}")
    found = {step: output.find(text) for step, text in steps.items()}
    problems += [f"does not {step}" for step, at in found.items() if at < 0]
    if not problems and not (
        found["install environment.yml"]
        < found["copy the course"]
        < found["run postBuild"]
    ):
        problems.append(f"steps out of order: {found}")
    return problems


def pinned_python() -> str:
    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = [PYTHON_PIN.match(str(item)) for item in environment["dependencies"]]
    (pin,) = [match.group(1) for match in pins if match]
    return pin


def test_binder_installs_the_pinned_environment_then_runs_postbuild(repo2docker):
    assert binder_problems(dockerfile(repo2docker, ROOT), pinned_python()) == []


def test_a_repository_without_the_course_files_is_reported(repo2docker, tmp_path):
    """The control: pip's requirements alone, no environment.yml, no postBuild."""
    shutil.copy2(ROOT / "requirements.txt", tmp_path / "requirements.txt")
    problems = binder_problems(dockerfile(repo2docker, tmp_path), pinned_python())
    assert problems == [
        f"not a conda build with python={pinned_python()}",
        "does not install environment.yml",
        "does not run postBuild",
    ]
