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
    from carbonpeak.charts import editions

    site, results = editions.build(tmp_path_factory.mktemp("jb"))
    for result in results:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert len(results) == 2
    return site


@pytest.fixture(scope="session")
def browser():
    from carbonpeak.charts import browser as chromium

    installed = shutil.which("chromium") or shutil.which("chromium-browser")
    assert installed, "Chromium is not installed (CI installs the Debian package `chromium`)"
    with chromium.chromium() as b:
        yield b
