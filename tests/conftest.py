import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from carbonpeak import paths

BIN = Path(sys.executable).parent


def run_cli(*args, env=None, cwd=None):
    """Run the installed `carbonpeak` command; returns the CompletedProcess (never raises)."""
    return subprocess.run([str(BIN / "carbonpeak"), *args], capture_output=True, text=True, env=env,
                          cwd=cwd or paths.ROOT, timeout=600)


def tree_digest(folder: Path) -> str:
    """One hash over every file name and content below ``folder``."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture
def book_digest():
    return tree_digest(paths.BOOK)
