"""Render and build timings, with the floor they are measured against. Not a test: it prints figures.

- floor: a notebook that only does the chapter's imports, executed through papermill (kernel start +
  imports; no chapter can be faster than this);
- one chapter: `carbonpeak run overview` into a temporary folder;
- full: every chapter rendered and the HTML built, in a temporary copy of the book.

Each figure is the median of --repeat runs. Usage: python benchmarks/render_benchmark.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import papermill
from timing import timed

from carbonpeak import locations
from carbonpeak.runner import render

BIN = Path(sys.executable).parent


def import_lines(chapter: str) -> str:
    nb = nbformat.read(render.template(chapter), as_version=4)
    lines = [
        line
        for cell in nb.cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if line.startswith(("import ", "from "))
    ]
    return "\n".join(lines)


def floor(tmp: Path, chapter: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(import_lines(chapter))]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    src = tmp / "floor.ipynb"
    nbformat.write(nb, src)
    papermill.execute_notebook(
        str(src), str(tmp / "floor_out.ipynb"), kernel_name="python3", progress_bar=False, log_output=False
    )


def full_book(tmp: Path) -> None:
    site = tmp / "site"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir()
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(locations.ROOT / name, site / name)
    shutil.copytree(locations.BOOK, site / "book", ignore=shutil.ignore_patterns("*.ipynb"))
    render.render_all(site / "book", echo=lambda _: None)
    subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(site), "-W", "-n", "--keep-going", "--quiet"],
        check=True,
        capture_output=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chapter", default="overview")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        t_floor = timed(lambda: floor(tmp, args.chapter), args.repeat)
        t_one = timed(lambda: render.render(args.chapter, {}, tmp / "one", echo=lambda _: None), args.repeat)
        t_full = timed(lambda: full_book(tmp), args.repeat)
    n = len(render.chapters())
    print(f"chapters: {n}; median of {args.repeat} runs each")
    print(f"floor (papermill, imports of '{args.chapter}' only): {t_floor:6.2f} s")
    print(f"one chapter re-run ('{args.chapter}'):          {t_one:6.2f} s  = {t_one / t_floor:4.2f} x floor")
    print(
        f"full render of {n} chapters + HTML build:       {t_full:6.2f} s  = "
        f"{t_full / (n * t_floor):4.2f} x ({n} x floor)"
    )


if __name__ == "__main__":
    main()
