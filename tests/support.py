"""Helpers the tests share (run the command line, copy the project, digest a folder): a module of its own, so a
test imports them by a name no other folder's conftest.py shadows."""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from carbonpeak import locations

BIN = Path(sys.executable).parent
PROTECTED = ("book", "chapters", "data", "scenarios", "carbonpeak")  # what no refused or failed command may change


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
