import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from carbonpeak import locations

BIN = Path(sys.executable).parent
PROTECTED = ("book", "chapters", "data", "scenarios", "carbonpeak")  # what no refused or failed command may change
# The slow tier: files that start kernels, a browser, the HTML build or command-line runs. `make test-fast`
# runs everything else (`-m "not slow"`); `make test` runs all.
SLOW_FILES = {
    "test_book.py",
    "test_readers_view.py",
    "test_determinism.py",
    "test_hostile.py",
    "test_readers.py",
    "test_receipt.py",
    "test_runner.py",
    "test_presentation.py",
    "test_estimated.py",
    "test_markup.py",
    "test_publishing.py",
    "test_cache_pages.py",
    "test_parts.py",
}


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: starts kernels, a browser, the HTML build or command-line runs")
    # every test session starts with an empty cache of its own (commands and kernels inherit it): the suite
    # computes what it checks, and never reads or fills the cache of the user's own runs
    config.carbonpeak_cache = tempfile.mkdtemp(prefix="carbonpeak-test-cache-")
    os.environ["CARBONPEAK_CACHE"] = config.carbonpeak_cache


def pytest_unconfigure(config):
    shutil.rmtree(getattr(config, "carbonpeak_cache", ""), ignore_errors=True)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name in SLOW_FILES or item.path.suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)


def run_cli(*args, env=None, cwd=None, timeout=600):
    """Run the installed `carbonpeak` command; returns the CompletedProcess (never raises)."""
    return subprocess.run(
        [str(BIN / "carbonpeak"), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or locations.ROOT,
        timeout=timeout,
    )


def tree_digest(folder: Path) -> str:
    """One hash over every file name and content below ``folder`` (Python's bytecode caches aside)."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file() and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(folder)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def protected_digests(root: Path = locations.ROOT) -> dict[str, str]:
    return {name: tree_digest(root / name) for name in PROTECTED}


@pytest.fixture
def book_digest():
    return tree_digest(locations.BOOK)


def copy_project(root: Path) -> tuple[Path, dict]:
    """A copy of the package, templates, scenarios, data and pages under ``root``, and the environment that
    imports it in place of the installed package (so its paths resolve inside the copy)."""
    for name in ("carbonpeak", "chapters", "scenarios", "data", "book"):
        shutil.copytree(locations.ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    return root, dict(os.environ, PYTHONPATH=str(root))


def run_copy(root: Path, env: dict, *args, cwd=None, timeout=600):
    """Run the CLI of a project copy (``copy_project``)."""
    return subprocess.run(
        [sys.executable, "-m", "carbonpeak.runner.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or root,
        timeout=timeout,
    )


@pytest.fixture
def project_copy(tmp_path):
    return copy_project(tmp_path / "copy")
