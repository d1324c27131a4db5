"""The student release: a working course, with no solution inside."""

import zipfile

import nbformat
import pytest

from coursetools.lessons import ROOT, lesson_paths, read_notebook
from coursetools.release import ARCHIVE_NAME, build_release, main, release_files
from coursetools.student import SOLUTION_TAG, solution_blocks

_TEXT = (".py", ".ipynb", ".md", ".txt", ".toml", ".yml", ".cfg", ".json")

pytestmark = pytest.mark.skipif(
    not (ROOT / ".git").exists() or not (ROOT / "solutions").is_dir(),
    reason="the release is built from a git checkout of the full course",
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = build_release(tmp_path_factory.mktemp("dist"))
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_the_release_holds_the_course_but_no_solutions_or_answer_cases(archive):
    names = {name.removeprefix(f"{ARCHIVE_NAME}/") for name in archive}
    assert len(names) == len(archive)  # everything sits in one folder
    lessons = [p.name for p in lesson_paths(ROOT / "notebooks")]
    assert {f"notebooks/{name}" for name in lessons} <= names
    for needed in (
        "Makefile",
        "README.md",
        "requirements.txt",
        "constraints.txt",
        "environment.yml",
        "postBuild",
        "pyproject.toml",
        "conftest.py",
        "utils/exercises/__init__.py",
        "coursetools/workspace.py",
    ):
        assert needed in names
    assert not [
        n for n in names if n.startswith(("solutions/", "tests/exercise_cases/"))
    ]
    assert "tests/test_exercises.py" not in names


def _solution_blocks_of_every_lesson():
    """Each solution block as its stripped lines joined, and each solution cell."""
    blocks = set()
    for path in lesson_paths(ROOT / "solutions"):
        nb = read_notebook(path)
        for cell in nb.cells:
            if SOLUTION_TAG in cell.metadata.get("tags", []):
                blocks.add(_stripped(cell.source))
            for _, lines in solution_blocks(cell.source):
                block = _stripped("\n".join(lines))
                if "\n" in block or len(block) >= 13:  # not just `return x`
                    blocks.add(block)
    return blocks


def _stripped(text):
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("#"))


def _text(name, data):
    """A file's text, stripped as the blocks are; a notebook's cell sources."""
    if name.endswith(".ipynb"):
        cells = nbformat.reads(data.decode("utf-8"), as_version=4).cells
        return _stripped("\n".join(cell.source for cell in cells))
    return _stripped(data.decode("utf-8"))


def _leaks(files, blocks):
    texts = {
        name: _text(name, data) for name, data in files.items() if name.endswith(_TEXT)
    }
    return [
        (name, block)
        for name, text in texts.items()
        for block in blocks
        if block in text
    ]


def test_no_solution_is_anywhere_in_the_release(archive):
    blocks = _solution_blocks_of_every_lesson()
    assert len(blocks) > 40  # nine lessons' worth of answers to look for
    assert not _leaks(archive, blocks)
    # The search finds them where they are: in the solution notebooks.
    sources = {p.name: p.read_bytes() for p in lesson_paths(ROOT / "solutions")}
    assert {block for _, block in _leaks(sources, blocks)} == blocks


def test_the_release_keeps_executable_bits_and_is_reproducible(archive, tmp_path):
    with zipfile.ZipFile(build_release(tmp_path)) as zf:
        mode = zf.getinfo(f"{ARCHIVE_NAME}/postBuild").external_attr >> 16
        again = {name: zf.read(name) for name in zf.namelist()}
    assert mode & 0o111, "postBuild must stay executable for Binder"
    assert again == archive


def test_release_files_refuses_a_folder_that_is_not_a_checkout(tmp_path):
    with pytest.raises(ValueError, match="root must be a git checkout"):
        release_files(tmp_path)


def test_the_command_says_where_the_archive_is(tmp_path, capsys):
    assert main(["--output", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert str(tmp_path / f"{ARCHIVE_NAME}.zip") in out and "no solutions" in out
