"""Tests of the environment report shown in lesson 00."""

import pytest

from utils import environment
from utils.environment import PackageStatus, _as_tuple, environment_report


def test_this_environment_is_complete():
    report = environment_report()
    assert report.ok, str(report)
    assert "All set." in str(report)


@pytest.mark.parametrize(
    ("version", "expected"),
    [("2.4.6", (2, 4, 6)), ("1.15", (1, 15)), ("3.11.0rc1", (3, 11, 0)), ("dev", (0,))],
)
def test_versions_compare_as_numbers(version, expected):
    assert _as_tuple(version) == expected


def test_old_or_missing_packages_are_problems():
    assert not PackageStatus("scipy", "1.14.1", "1.15").ok
    assert not PackageStatus("scipy", None, "1.15").ok
    assert PackageStatus("scipy", "1.15.0", "1.15").ok


def test_a_missing_package_makes_the_report_fail(monkeypatch):
    monkeypatch.setitem(environment.MINIMUM_VERSIONS, "no_such_package_here", "1.0")
    report = environment_report()
    assert not report.ok
    assert "missing" in str(report) and "Something is missing" in str(report)
