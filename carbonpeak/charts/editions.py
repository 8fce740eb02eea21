"""Build the site: the English edition (Jupyter Book from the project's root, pages at book/<page>.html) and the
Chinese edition (Jupyter Book from book/zh/, moved to zh/<page>.html beside it), both with warnings as errors.

    python -m carbonpeak.charts.editions [OUTPUT]     # the site in OUTPUT/_build/html (default: the project)

The two are separate Sphinx builds because a Sphinx project has one language: its ``lang`` attribute, its
navigation words and its search (the Chinese one segments words with jieba).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from carbonpeak import locations

BIN = Path(sys.executable).parent
FLAGS = ["-W", "-n", "--keep-going"]
ZH_FOLDER = "zh"  # the Chinese edition's folder in the site
TIMEOUT = 1200  # seconds a build may take


def _jupyter_book(source: Path, out: Path) -> subprocess.Popen:
    """A Jupyter Book build of ``source`` into ``out``, started (``_finished`` waits for it)."""
    return subprocess.Popen(
        [str(BIN / "jupyter-book"), "build", str(source), "--path-output", str(out), *FLAGS],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finished(build: subprocess.Popen, args) -> subprocess.CompletedProcess:
    try:
        stdout, stderr = build.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        build.kill()
        stdout, stderr = build.communicate()
    return subprocess.CompletedProcess(args, build.returncode, stdout, stderr)


def build(out: Path, root: Path | None = None) -> tuple[Path, list[subprocess.CompletedProcess]]:
    """Both editions of the book in ``root`` (default: the project) into ``out``/_build/html (the Chinese one in
    its zh/ folder); returns the site's folder and the two builds' results. The two builds run side by side
    (each is one Sphinx process and one Chromium printing its PDFs); the Chinese edition replaces the site's
    zh/ folder only when both succeed."""
    out, root = Path(out), Path(root or locations.ROOT)
    site = out / "_build" / "html"
    staging = out / "_build" / "zh-edition"
    shutil.rmtree(staging, ignore_errors=True)
    builds = [_jupyter_book(root, out), _jupyter_book(root / locations.BOOK.name / ZH_FOLDER, staging)]
    results = [_finished(b, b.args) for b in builds]
    if all(r.returncode == 0 for r in results):
        shutil.rmtree(site / ZH_FOLDER, ignore_errors=True)
        shutil.move(str(staging / "_build" / "html"), str(site / ZH_FOLDER))
    shutil.rmtree(staging, ignore_errors=True)
    return site, results


def main(argv: list[str] | None = None) -> int:
    """Build both editions; the exit status is the first failed build's (0 when both built)."""
    args = sys.argv[1:] if argv is None else argv
    site, results = build(Path(args[0]) if args else locations.ROOT)
    for result in results:
        sys.stdout.write(result.stdout)
        sys.stderr.write(result.stderr)
    failed = [r for r in results if r.returncode != 0]
    if not failed:
        print(f"Both editions built: {site}/index.html and {site}/{ZH_FOLDER}/index.html")
    return failed[0].returncode if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
