"""The GitHub Classroom workflow in the student release, and the command it runs."""

import os
import shutil
import subprocess
import sys
import zipfile

import pytest
import yaml

from coursetools.classroom import WORKFLOW_PATH, lesson_points, lesson_stars, main
from coursetools.exercises import course_exercises, lesson_exercises
from coursetools.lessons import ROOT, lesson_paths
from coursetools.release import ARCHIVE_NAME, build_release

pytestmark = pytest.mark.skipif(
    not (ROOT / ".git").exists() or not (ROOT / "solutions").is_dir(),
    reason="the release is built from a git checkout of the full course",
)

# A short lesson, so that grading it in a test takes seconds.
LESSON = "00"


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    """The student release, unpacked; returns its folder."""
    dist = tmp_path_factory.mktemp("dist")
    with zipfile.ZipFile(build_release(dist)) as zf:
        zf.extractall(dist)
    return dist / ARCHIVE_NAME


@pytest.fixture(scope="module")
def steps(release):
    flow = yaml.safe_load((release / WORKFLOW_PATH).read_text(encoding="utf-8"))
    assert flow["on"] == ["push", "workflow_dispatch", "repository_dispatch"]
    (job,) = flow["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest"
    return job["steps"]


def test_the_release_holds_the_workflow_and_no_other_github_file(release):
    found = [p.relative_to(release).as_posix() for p in release.rglob(".github/**/*")]
    assert [f for f in found if (release / f).is_file()] == [WORKFLOW_PATH]


def test_the_workflow_follows_githubs_workflow_schema(
    release, tmp_path, workflow_schema
):
    code, output = workflow_schema(release / WORKFLOW_PATH)
    assert code == 0, output
    # The same check on a workflow with a mistake GitHub would reject fails.
    flow = yaml.safe_load((release / WORKFLOW_PATH).read_text(encoding="utf-8"))
    (job,) = flow["jobs"].values()
    job["steps"][0]["with"] = "not a mapping"
    broken = tmp_path / "broken.yml"
    broken.write_text(yaml.safe_dump(flow), encoding="utf-8")
    code, output = workflow_schema(broken)
    assert code != 0 and "with" in output, output


def test_on_push_it_sets_up_python_installs_the_course_and_grades(steps):
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup"))
    assert python["uses"] == "actions/setup-python@v5"
    assert python["with"]["python-version"] == "3.11"
    runs = [s["run"] for s in steps if "run" in s]
    assert "python -m pip install -r requirements.txt -c constraints.txt" in runs
    (grade,) = [r for r in runs if "coursetools.grade" in r]
    assert "python -m coursetools.grade notebooks --output gradebook.csv" in grade
    # A gradebook committed by a student is never resumed from.
    assert grade.startswith("rm -f gradebook.csv && ")
    # Steps run in order: checkout, Python, install, grade, lessons, report.
    assert steps[0]["uses"] == "actions/checkout@v4"
    assert steps.index(python) < len(steps) - len(lesson_stars()) - 2


def test_one_step_per_lesson_worth_its_stars_and_the_reporter_lists_all(steps):
    graders = [
        s
        for s in steps
        if s.get("uses") == "classroom-resources/autograding-command-grader@v1"
    ]
    stars = {}  # a lesson's points: its core exercises' stars
    for exercise in course_exercises().values():
        core = 0 if exercise.optional else exercise.stars
        stars[exercise.lesson] = stars.get(exercise.lesson, 0) + core
    assert [s["with"]["max-score"] for s in graders] == list(stars.values())
    assert [s["with"]["command"] for s in graders] == [
        f"python -m coursetools.classroom --lesson {lesson}" for lesson in stars
    ]
    reporter = steps[-1]
    assert reporter["uses"] == "classroom-resources/autograding-grading-reporter@v1"
    ids = [s["id"] for s in graders]
    assert reporter["with"]["runners"].split(",") == ids
    assert reporter["env"] == {
        f"{i.upper()}_RESULTS": f"${{{{ steps.{i}.outputs.result }}}}" for i in ids
    }


def _run_workflow_commands(release, steps, solved):
    """Run the workflow's grading and lesson-LESSON commands in the release.

    Only lesson LESSON's notebook is left in ``notebooks/`` (solved: replaced
    by its solution), so the grader runs one short notebook.
    """
    notebooks = release / "notebooks"
    work = release.parent / ("solved" if solved else "unsolved")
    shutil.copytree(release, work)
    for path in lesson_paths(work / "notebooks"):
        path.unlink()
    source = ROOT / "solutions" if solved else notebooks
    (lesson,) = [p for p in lesson_paths(source) if p.name.startswith(LESSON)]
    shutil.copyfile(lesson, work / "notebooks" / lesson.name)
    env = {
        **os.environ,
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"],
    }
    (grade,) = [s["run"] for s in steps if "coursetools.grade" in s.get("run", "")]
    (command,) = [
        s["with"]["command"] for s in steps if s.get("id") == f"lesson-{LESSON}"
    ]

    def shell(line):
        return subprocess.run(
            line, shell=True, cwd=work, env=env, capture_output=True, text=True
        )

    assert shell(grade).returncode == 0
    return shell(command)


def test_the_lesson_command_gives_full_points_on_a_solved_release(release, steps):
    done = _run_workflow_commands(release, steps, solved=True)
    points = lesson_stars()[LESSON]
    assert f"lesson {LESSON}: {points} of {points} points" in done.stdout
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_lesson_command_gives_zero_on_the_unsolved_release(release, steps):
    done = _run_workflow_commands(release, steps, solved=False)
    points = lesson_stars()[LESSON]
    assert f"lesson {LESSON}: 0 of {points} points" in done.stdout
    assert "not attempted" in done.stdout
    assert done.returncode != 0


def test_only_all_correct_earns_the_lesson_and_missing_rows_count_zero():
    row = {"submission": ".", "status": "correct", "message": ""}
    rows = [{**row, "exercise": "01.1"}, {**row, "exercise": "01.2"}]
    earned, possible, lines = lesson_points(rows, "01")
    assert (earned, possible) == (2, 6)
    assert "01.3 (2*) not graded: no notebook for lesson 01" in lines
    # A notebook in a sub-folder is not the repository's own.
    assert lesson_points([{**rows[0], "submission": "old"}], "01")[0] == 0
    with pytest.raises(ValueError, match="lesson must be one with exercises"):
        lesson_points(rows, "99")


def test_a_lesson_is_earned_without_its_going_further_exercises(tmp_path, capsys):
    optional = [e for e in course_exercises().values() if e.optional]
    assert optional, "no exercise is optional: this test needs one"
    lesson = optional[0].lesson
    row = {"submission": ".", "message": ""}
    rows = [
        {**row, "exercise": ex.id, "status": "incorrect" if ex.optional else "correct"}
        for ex in lesson_exercises(lesson)
    ]
    earned, possible, lines = lesson_points(rows, lesson)
    assert earned == possible == lesson_stars()[lesson] > 0
    assert sum(ex.stars for ex in lesson_exercises(lesson)) > possible
    assert any("optional: not counted" in line for line in lines)
    # Solving them too earns no more than the lesson's points.
    solved = [{**r, "status": "correct"} for r in rows]
    assert lesson_points(solved, lesson)[:2] == (possible, possible)


def test_the_command_fails_without_a_gradebook(tmp_path, capsys):
    assert main(["--lesson", "01", "--gradebook", str(tmp_path / "none.csv")]) == 1
    assert "the grading step did not finish" in capsys.readouterr().out
