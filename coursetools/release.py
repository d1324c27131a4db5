"""Build the student release: the course without its solutions, as one zip file.

The archive holds every file that git tracks, except those that would give
answers away or serve only the maintainers: ``solutions/``, the answer cases
of the exercise tests, the benchmarks and the CI set-up. It adds one file git
does not track, the GitHub Classroom workflow (`coursetools.classroom`), so
that the release can serve as an autograded assignment. Unpacked, it is a
working course: ``make lab`` opens it and ``make test`` passes (the tests that
need ``solutions/`` skip themselves there).

Usage::

    python -m coursetools.release                # writes dist/derivatives-course.zip
    python -m coursetools.release --output OUT   # writes OUT/derivatives-course.zip
"""

from __future__ import annotations

import argparse
import subprocess
import zipfile
from pathlib import Path

from .classroom import WORKFLOW_PATH, workflow
from .lessons import ROOT

__all__ = ["ARCHIVE_NAME", "EXCLUDED", "build_release", "release_files"]

#: The archive's file name, and the folder everything unpacks into.
ARCHIVE_NAME = "derivatives-course"

#: Paths (files, or folders ending in "/") left out of the release.
EXCLUDED = (
    "solutions/",  # the lessons with their answers
    "tests/exercise_cases/",  # right answers to every exercise
    "tests/test_exercises.py",  # runs those cases
    "tests/test_grading.py",  # grades solutions/, and holds a planted answer
    "tests/test_forgery.py",  # the grader's hostile submissions: for instructors
    "benchmarks/",  # maintainers' timing, on the solutions too
    ".github/",  # the course's own CI; the release gets WORKFLOW_PATH instead
    ".ci/",
    ".pre-commit-config.yaml",
)

# Every file in an archive gets this date, so that the same files give the same zip.
_DATE = (2020, 1, 1, 0, 0, 0)


def release_files(root: Path = ROOT) -> list[str]:
    """Return the files of the release: tracked by git, and not in `EXCLUDED`.

    Raises
    ------
    ValueError
        If ``root`` is not a git checkout (the release is built from one, so
        that nothing untracked, such as a learner's ``my-notebooks/``, slips in).
    """
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"],
            cwd=root,
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        raise ValueError(
            f"root must be a git checkout of the course, got {root} ({error})"
        ) from error
    tracked = [name for name in listed.split("\0") if name]
    return sorted(
        name
        for name in tracked
        if not any(
            name.startswith(rule) if rule.endswith("/") else name == rule
            for rule in EXCLUDED
        )
        and (Path(root) / name).is_file()  # tracked but deleted locally: skip
    )


def build_release(output: Path, root: Path = ROOT) -> Path:
    """Write the student release to ``output/derivatives-course.zip`` and return its path."""
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    archive = output / f"{ARCHIVE_NAME}.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in release_files(root):
            source = Path(root) / name
            info = zipfile.ZipInfo(f"{ARCHIVE_NAME}/{name}", date_time=_DATE)
            info.external_attr = (source.stat().st_mode & 0o777) << 16  # keep +x
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, source.read_bytes())
        info = zipfile.ZipInfo(f"{ARCHIVE_NAME}/{WORKFLOW_PATH}", date_time=_DATE)
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, workflow().encode("utf-8"))
    return archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build the student release (no solutions) as a zip file."
    )
    parser.add_argument(
        "--output", type=Path, default=ROOT / "dist", help="folder for the zip file"
    )
    args = parser.parse_args(argv)
    archive = build_release(args.output)
    with zipfile.ZipFile(archive) as zf:
        count = len(zf.namelist())
    print(f"wrote {archive} ({count} files, no solutions)")
    print(f"it holds {WORKFLOW_PATH}, for a GitHub Classroom assignment")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
