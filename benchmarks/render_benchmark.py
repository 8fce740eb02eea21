"""Render and build timings, with the floor they are measured against. Not a test: it prints figures.

- floor: a notebook that only does the chapter's imports, executed through papermill (kernel start +
  imports; no chapter can be faster than this);
- one chapter: `carbonpeak run overview` into a temporary folder;
- full: every chapter rendered (chapters side by side, one per core, from an empty run cache, as on a fresh
  clone) and the HTML built, in a temporary copy of the book, against the bound n x floor / cores + 2 s;
- warm: the same with the run cache the full render filled (what a second `make book` costs).

Each figure is the median of --repeat runs. Usage: python benchmarks/render_benchmark.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

import nbformat
import papermill
from timing import timed

from carbonpeak import cache, locations
from carbonpeak.charts import editions
from carbonpeak.runner import render


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


def full_book(tmp: Path, store: Path, cold: bool = True) -> None:
    if cold:
        shutil.rmtree(store, ignore_errors=True)
    os.environ[cache.ENV] = str(store)
    site = tmp / "site"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir()
    for name in ("_config.yml", "_toc.yml", "CITATION.cff"):
        shutil.copy(locations.ROOT / name, site / name)
    shutil.copytree(locations.BOOK, site / "book", ignore=shutil.ignore_patterns("*.ipynb"))
    render.render_all(site / "book", echo=lambda _: None, force=True)  # beside the copied glossary and zh config
    _, results = editions.build(site, root=site)  # both editions, as `make book` builds them
    for result in results:
        if result.returncode != 0:
            raise SystemExit(f"the HTML build of the copied book failed:\n{result.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chapter", default="overview")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        t_floor = timed(lambda: floor(tmp, args.chapter), args.repeat)
        t_one = timed(lambda: render.render(args.chapter, {}, tmp / "one", echo=lambda _: None), args.repeat)
        store = tmp / "cache"
        t_full = timed(lambda: full_book(tmp, store), args.repeat)
        t_warm = timed(lambda: full_book(tmp, store, cold=False), args.repeat)
    n = len(render.chapters())
    cores = render.workers(n)
    bound = n * t_floor / cores + 2
    print(f"chapters: {n}; median of {args.repeat} runs each")
    print(f"floor (papermill, imports of '{args.chapter}' only): {t_floor:6.2f} s")
    print(f"one chapter re-run ('{args.chapter}'):          {t_one:6.2f} s  = {t_one / t_floor:4.2f} x floor")
    print(f"bound ({n} x floor / {cores} core(s) + 2 s):          {bound:6.2f} s")
    print(f"full render of {n} chapters + HTML, cold cache: {t_full:6.2f} s  = {t_full / bound:4.2f} x bound")
    print(f"the same with the cache warm:              {t_warm:6.2f} s  = {t_warm / bound:4.2f} x bound")


if __name__ == "__main__":
    main()
