"""Page weights: every byte each page of the built book loads in Chromium (HTML, styles, scripts, fonts; charts
drawn), against the targets. Not a test: it prints figures (tests/book checks the targets).

- a page without charts: under 600 kB in all;
- a page with charts: under 1.6 MB, the explorer's embedded grid of model runs left out of its count (its chart
  data and its CSV download, which ``embedded_data`` measures in the page's HTML).

Usage: python benchmarks/page_weight.py [--site _build/html]  (builds the HTML into a temporary folder when the
site does not exist)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from carbonpeak import locations
from carbonpeak.charts import browser

BIN = Path(sys.executable).parent


def build(out: Path) -> Path:
    subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(locations.ROOT), "--path-output", str(out), "--quiet"],
        check=True,
        capture_output=True,
    )
    return out / "_build" / "html"


def report(site: Path) -> None:
    rows = browser.weigh_site(site)
    print(f"{'page':26s} {'in all':>9s} {'counted':>9s} {'target':>9s}  largest files")
    for row in rows:
        largest = ", ".join(f"{name} {size / 1e3:.0f}" for name, size in row.largest[:3])
        verdict = "ok" if row.counted < row.target else "OVER"
        print(
            f"{row.page:26s} {row.total / 1e3:7.0f}kB {row.counted / 1e3:7.0f}kB {row.target / 1e3:7.0f}kB"
            f"  {verdict:4s} {largest}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=locations.ROOT / "_build" / "html")
    args = parser.parse_args()
    if (args.site / "book" / "index.html").is_file():
        report(args.site)
        return
    with tempfile.TemporaryDirectory() as name:
        report(build(Path(name)))


if __name__ == "__main__":
    main()
