"""Check that the files which install the course agree with one another.

requirements.txt (pip), constraints.txt (pip, every package) and environment.yml
(conda and Binder) must pin the same versions, so that a learner gets the same
course whichever way they install it.
"""

import os
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]

# conda-forge names that differ from the PyPI name of the same library.
CONDA_TO_PYPI = {"matplotlib-base": "matplotlib", "seaborn-base": "seaborn"}
# Listed in environment.yml only: pip brings its own Python and is itself.
CONDA_ONLY = {"python", "pip"}

PIN = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)")
CONDA_SPEC = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(==?(?P<version>\S+))?")


def parse_pip_pins(text: str) -> dict[str, str]:
    """Read the exact pins of a pip requirements or constraints file.

    Comments, blank lines and option lines (such as ``-e .``) are skipped.

    Parameters
    ----------
    text : str
        The file's content.

    Returns
    -------
    dict of str to str
        Normalised package name to pinned version.

    Raises
    ------
    ValueError
        If a line is not an exact pin ``name==version``, or a package is
        pinned twice.

    Examples
    --------
    >>> parse_pip_pins("# tools\\nNumPy==2.4.6  # arrays\\n-e .\\n")
    {'numpy': '2.4.6'}
    """
    pins: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #")[0].strip()
        if not line or line.startswith(("#", "-")):
            continue
        match = PIN.fullmatch(line)
        if match is None:
            raise ValueError(
                f"text line {number} must be an exact pin 'name==version', got {raw!r}"
            )
        name = canonicalize_name(match["name"])
        if name in pins:
            raise ValueError(f"text pins {name} twice, got {raw!r} on line {number}")
        pins[name] = match["version"]
    return pins


def parse_conda_pins(dependencies: list[Any]) -> dict[str, str | None]:
    """Read the conda pins of an environment.yml ``dependencies`` list.

    Parameters
    ----------
    dependencies : list
        Entries such as ``"numpy=2.4.6"``, ``"numpy==2.4.6"`` or ``"pip"``.

    Returns
    -------
    dict of str to str or None
        PyPI name (normalised) to pinned version, None where unpinned.

    Raises
    ------
    ValueError
        If an entry is not a string ``name``, ``name=version`` or
        ``name==version``.

    Examples
    --------
    >>> parse_conda_pins(["python=3.11", "pip", "matplotlib-base==3.11.2"])
    {'python': '3.11', 'pip': None, 'matplotlib': '3.11.2'}
    """
    pins: dict[str, str | None] = {}
    for entry in dependencies:
        match = CONDA_SPEC.fullmatch(entry) if isinstance(entry, str) else None
        if match is None:
            raise ValueError(
                f"dependencies entries must look like 'name=version', got {entry!r}"
            )
        name = canonicalize_name(match["name"])
        pins[CONDA_TO_PYPI.get(name, name)] = match["version"]
    return pins


def pin_differences(
    expected: dict[str, str], actual: dict[str, str | None]
) -> list[str]:
    """List every package of `expected` that `actual` pins otherwise or not at all.

    Parameters
    ----------
    expected : dict of str to str
        Package name to version, the reference.
    actual : dict of str to str or None
        Package name to version, to compare with the reference.

    Returns
    -------
    list of str
        One readable line per disagreement; empty when they agree.

    Examples
    --------
    >>> pin_differences({"numpy": "2.4.6"}, {"numpy": "2.4.5"})
    ['numpy: expected 2.4.6, got 2.4.5']
    """
    return [
        f"{name}: expected {version}, got {actual.get(name, 'no pin')}"
        for name, version in sorted(expected.items())
        if actual.get(name) != version
    ]


def minimum_python(requires_python: str) -> str:
    """Return the lowest Python version that a ``requires-python`` allows.

    Parameters
    ----------
    requires_python : str
        A specifier with a lower bound, such as ``">=3.11"``.

    Returns
    -------
    str
        The version of the lower bound, such as ``"3.11"``.

    Raises
    ------
    ValueError
        If the specifier has no ``>=`` lower bound.

    Examples
    --------
    >>> minimum_python(">=3.11, <4")
    '3.11'
    """
    match = re.search(r">=\s*(\d+(?:\.\d+)*)", requires_python)
    if match is None:
        raise ValueError(
            f"requires_python must have a '>=' lower bound, got {requires_python!r}"
        )
    return match[1]


def read_text(name: str) -> str:
    """Return the content of a file at the top of the repository."""
    return (ROOT / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def requirements() -> dict[str, str]:
    return parse_pip_pins(read_text("requirements.txt"))


@pytest.fixture(scope="module")
def environment() -> dict[str, Any]:
    return yaml.safe_load(read_text("environment.yml"))


@pytest.fixture(scope="module")
def conda_pins(environment: dict[str, Any]) -> dict[str, str | None]:
    return parse_conda_pins(environment["dependencies"])


@pytest.fixture(scope="module")
def project() -> dict[str, Any]:
    return tomllib.loads(read_text("pyproject.toml"))["project"]


# The helpers, on inputs whose answer is known.


def test_pin_differences_is_empty_when_the_pins_agree() -> None:
    assert pin_differences({"numpy": "2.4.6"}, {"numpy": "2.4.6", "pip": None}) == []


def test_pin_differences_reports_another_version_and_a_missing_pin() -> None:
    differences = pin_differences(
        {"numpy": "2.4.6", "scipy": "1.17.1", "sympy": "1.14.0"},
        {"numpy": "2.4.5", "sympy": "1.14.0"},
    )
    assert differences == [
        "numpy: expected 2.4.6, got 2.4.5",
        "scipy: expected 1.17.1, got no pin",
    ]


def test_pin_differences_reports_an_unpinned_conda_package() -> None:
    assert pin_differences({"ruff": "0.17.6"}, {"ruff": None}) == [
        "ruff: expected 0.17.6, got None"
    ]


def test_parse_pip_pins_normalises_names() -> None:
    assert parse_pip_pins("PyYAML==6.0.3\npytest_xdist==3.8.0\n") == {
        "pyyaml": "6.0.3",
        "pytest-xdist": "3.8.0",
    }


@pytest.mark.parametrize("line", ["numpy>=2", "numpy", "numpy==2.4.6 ; sys_platform"])
def test_parse_pip_pins_rejects_a_line_that_is_not_an_exact_pin(line: str) -> None:
    with pytest.raises(ValueError, match="exact pin"):
        parse_pip_pins(f"scipy==1.17.1\n{line}\n")


def test_parse_pip_pins_rejects_a_package_pinned_twice() -> None:
    with pytest.raises(ValueError, match="pins numpy twice"):
        parse_pip_pins("numpy==2.4.6\nNumPy==2.4.5\n")


@pytest.mark.parametrize("entry", [{"pip": ["numpy==2.4.6"]}, "numpy>=2", 3])
def test_parse_conda_pins_rejects_an_entry_that_is_not_a_pin(entry: Any) -> None:
    with pytest.raises(ValueError, match="dependencies entries"):
        parse_conda_pins(["python=3.11", entry])


def test_minimum_python_rejects_a_specifier_without_lower_bound() -> None:
    with pytest.raises(ValueError, match="requires_python"):
        minimum_python("<4")


# The real files.


def test_environment_pins_exactly_the_requirements(
    requirements: dict[str, str], conda_pins: dict[str, str | None]
) -> None:
    conda_libraries = {
        name: version for name, version in conda_pins.items() if name not in CONDA_ONLY
    }
    assert pin_differences(requirements, conda_libraries) == []
    assert set(conda_libraries) == set(requirements)


def test_environment_uses_conda_forge_only_and_lists_pip(
    environment: dict[str, Any], conda_pins: dict[str, str | None]
) -> None:
    assert environment["channels"] == ["conda-forge"]
    assert environment["name"]
    assert "pip" in conda_pins


def test_environment_pins_the_lowest_python_that_the_package_supports(
    conda_pins: dict[str, str | None], project: dict[str, Any]
) -> None:
    assert conda_pins["python"] == minimum_python(project["requires-python"])


def test_every_requirement_pin_agrees_with_the_constraints(
    requirements: dict[str, str],
) -> None:
    constraints = parse_pip_pins(read_text("constraints.txt"))
    assert pin_differences(requirements, constraints) == []


def test_every_extra_tool_pin_agrees_with_the_constraints() -> None:
    extras = parse_pip_pins(read_text("requirements-extra.txt"))
    constraints = parse_pip_pins(read_text("constraints.txt"))
    assert extras, "requirements-extra.txt pins no tool"
    assert pin_differences(extras, constraints) == []


def test_constraints_leave_out_the_course_package(project: dict[str, Any]) -> None:
    constraints = parse_pip_pins(read_text("constraints.txt"))
    assert canonicalize_name(project["name"]) not in constraints


def test_requirements_install_the_course_package_editable() -> None:
    lines = [line.strip() for line in read_text("requirements.txt").splitlines()]
    assert "-e ." in lines


def test_requirement_pins_satisfy_the_package_dependencies(
    requirements: dict[str, str], project: dict[str, Any]
) -> None:
    for dependency in project["dependencies"]:
        requirement = Requirement(dependency)
        version = requirements[canonicalize_name(requirement.name)]
        assert requirement.specifier.contains(version), (dependency, version)


def test_postbuild_installs_the_course_package_without_dependencies() -> None:
    lines = read_text("postBuild").splitlines()
    assert lines[0] == "#!/usr/bin/env bash"
    assert "set -euo pipefail" in lines
    assert "python -m pip install --no-deps -e ." in lines


@pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX notion")
def test_postbuild_is_executable() -> None:
    assert os.access(ROOT / "postBuild", os.X_OK)
