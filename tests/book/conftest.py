"""The built book, shared by the tests of tests/book: one HTML build (warnings as errors, PDFs included) and one
browser (Playwright driving the system's Chromium, offline) for the whole session."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from carbonpeak import locations

BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def html_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("jb")
    result = subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(locations.ROOT), "--path-output", str(out)]
        + ["-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "_build" / "html"


@pytest.fixture(scope="session")
def browser():
    from carbonpeak.charts import browser as chromium

    installed = shutil.which("chromium") or shutil.which("chromium-browser")
    assert installed, "Chromium is not installed (CI installs the Debian package `chromium`)"
    with chromium.chromium() as b:
        yield b
