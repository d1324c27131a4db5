"""Fixtures for the browser tests: the system's Chromium, driven by Playwright.

Playwright downloads no browser here: it starts the Chromium that the system
package manager installed. Without one, or without Playwright, the browser
tests skip and say how to enable them.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

#: Where to look for Chromium, in order; the environment variable CHROMIUM wins.
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

# CI sets this, so that a browser test that cannot run fails instead of skipping.
REQUIRED = os.environ.get("COURSE_REQUIRE_BROWSER") == "1"

HOW_TO_ENABLE = (
    "install Chromium (Debian or Ubuntu: `sudo apt-get install chromium`, or set "
    "CHROMIUM to a Chrome or Chromium executable) and the test tools (`make extras`)"
)


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
    missing = pytest.fail if REQUIRED else pytest.skip
    try:
        from playwright import sync_api
    except ImportError:
        missing(f"Playwright is not installed: {HOW_TO_ENABLE}")
    executable = find_chromium()
    if executable is None:
        missing(f"Chromium was not found: {HOW_TO_ENABLE}")
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
