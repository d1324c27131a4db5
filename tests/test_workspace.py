"""A learner's work is never overwritten: not by `make lab`, not by regenerating."""

import re
import shlex
import shutil
import subprocess

import nbformat
import pytest

from coursetools import student, workspace
from coursetools.lessons import ROOT, read_notebook, write_notebook


@pytest.fixture
def student_course(tmp_path):
    """A copy of the generated notebooks and an empty workspace (as in a release)."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    return tmp_path


@pytest.fixture
def course(student_course):
    """A copy of the course with its solutions too, for regenerating."""
    if not (ROOT / "solutions").is_dir():
        pytest.skip(
            "a student release has no solutions/; the full course runs this test"
        )
    shutil.copytree(ROOT / "solutions", student_course / "solutions")
    return student_course


def _edit(path, text):
    nb = read_notebook(path)
    nb.cells.append(nbformat.v4.new_markdown_cell(text))
    write_notebook(nb, path)


def test_first_sync_copies_every_lesson(student_course):
    course = student_course
    report = workspace.sync(course / "notebooks", course / "my-notebooks")
    names = sorted(p.name for p in (course / "notebooks").glob("*.ipynb"))
    assert sorted(report.added) == names
    for name in names:
        assert (course / "my-notebooks" / name).read_bytes() == (
            course / "notebooks" / name
        ).read_bytes()


def test_later_syncs_keep_edits_and_only_add_new_lessons(student_course):
    course = student_course
    mine = course / "my-notebooks"
    workspace.sync(course / "notebooks", mine)
    _edit(mine / "01_derivatives.ipynb", "my notes")
    edited = (mine / "01_derivatives.ipynb").read_bytes()
    (mine / "00_start_here.ipynb").unlink()  # a lesson the learner deleted comes back
    shutil.copy(
        course / "notebooks" / "01_derivatives.ipynb",
        course / "notebooks" / "02_new_lesson.ipynb",
    )

    report = workspace.sync(course / "notebooks", mine)
    assert sorted(report.added) == ["00_start_here.ipynb", "02_new_lesson.ipynb"]
    assert "01_derivatives.ipynb" in report.kept
    assert (mine / "01_derivatives.ipynb").read_bytes() == edited


def test_an_upstream_change_is_reported_not_applied(course):
    mine = course / "my-notebooks"
    workspace.sync(course / "notebooks", mine)
    before = (mine / "01_derivatives.ipynb").read_bytes()
    _edit(course / "solutions" / "01_derivatives.ipynb", "a correction upstream")
    student.regenerate(course / "solutions", course / "notebooks")
    report = workspace.sync(course / "notebooks", mine)
    assert report.updated_upstream == ["01_derivatives.ipynb"]
    assert (mine / "01_derivatives.ipynb").read_bytes() == before


def test_regenerating_refuses_to_overwrite_an_edited_student_notebook(course):
    target = course / "notebooks" / "01_derivatives.ipynb"
    _edit(target, "someone worked here")
    edited = target.read_bytes()
    _edit(course / "solutions" / "01_derivatives.ipynb", "new solution text")
    report = student.regenerate(course / "solutions", course / "notebooks")
    assert report["refused"] == ["01_derivatives.ipynb"]
    assert target.read_bytes() == edited
    forced = student.regenerate(course / "solutions", course / "notebooks", force=True)
    assert forced["written"] == ["01_derivatives.ipynb"]


def test_regenerating_refuses_to_overwrite_a_notebook_that_was_run(course):
    target = course / "notebooks" / "00_start_here.ipynb"
    nb = read_notebook(target)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.execution_count = 1
    write_notebook(nb, target)
    _edit(course / "solutions" / "00_start_here.ipynb", "new text")
    assert student.regenerate(course / "solutions", course / "notebooks")[
        "refused"
    ] == ["00_start_here.ipynb"]


def test_regenerating_writes_pristine_notebooks_and_reports_orphans(course):
    _edit(course / "solutions" / "00_start_here.ipynb", "new text")
    shutil.copy(
        course / "notebooks" / "01_derivatives.ipynb",
        course / "notebooks" / "99_orphan.ipynb",
    )
    report = student.regenerate(course / "solutions", course / "notebooks")
    assert report["written"] == ["00_start_here.ipynb"]
    others = sorted(p.name for p in (course / "solutions").glob("[0-9][0-9]_*.ipynb"))
    assert report["unchanged"] == others[1:]
    assert report["orphaned"] == ["99_orphan.ipynb"]
    assert "new text" in (course / "notebooks" / "00_start_here.ipynb").read_text(
        encoding="utf-8"
    )


def test_the_check_mode_changes_nothing(course):
    _edit(course / "solutions" / "00_start_here.ipynb", "new text")
    before = (course / "notebooks" / "00_start_here.ipynb").read_bytes()
    report = student.regenerate(
        course / "solutions", course / "notebooks", dry_run=True
    )
    assert report["written"] == ["00_start_here.ipynb"]
    assert (course / "notebooks" / "00_start_here.ipynb").read_bytes() == before


def test_the_repository_is_up_to_date(capsys):
    if not (ROOT / "solutions").is_dir():
        pytest.skip(
            "a student release has no solutions/; the full course runs this test"
        )
    assert student.main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def _would_clean(command, folder):
    """Return what ``command``, a ``git clean``, would delete in ``folder``."""
    dry_run = [*shlex.split(command), "-n"]
    return subprocess.run(
        dry_run, cwd=folder, capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_readme_says_which_git_clean_keeps_the_learners_work(tmp_path):
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert "`git clean -x`" in readme  # the warning
    safe = re.search(r"to keep your work, run `(git clean [^`]+)`", readme)
    assert safe, "the README names a git clean that keeps my-notebooks/"
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    shutil.copy(ROOT / ".gitignore", tmp_path)
    (tmp_path / "my-notebooks").mkdir()
    (tmp_path / "my-notebooks" / "01_derivatives.ipynb").write_text("{}")
    (tmp_path / "stray.txt").write_text("")
    assert "my-notebooks/" in _would_clean("git clean -fdx", tmp_path)
    kept = _would_clean(safe.group(1), tmp_path)
    assert "stray.txt" in kept and "my-notebooks" not in kept
