import os
import shutil
import tempfile

import pytest
from support import BIN, PROTECTED, copy_project, protected_digests, run_cli, run_copy, tree_digest  # noqa: F401

from carbonpeak import locations

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


@pytest.fixture
def book_digest():
    return tree_digest(locations.BOOK)


@pytest.fixture
def project_copy(tmp_path):
    return copy_project(tmp_path / "copy")
