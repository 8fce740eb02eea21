"""The HTML book: it builds with warnings as errors, and its charts really render offline in Chromium."""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from carbonpeak import paths

BIN = Path(sys.executable).parent
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  # no network at all: any attempt to reach a CDN fails, as it would offline
                  "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=15000"]


@pytest.fixture(scope="module")
def html_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("jb")
    result = subprocess.run([str(BIN / "jupyter-book"), "build", str(paths.ROOT), "--path-output", str(out),
                             "-W", "-n", "--keep-going"], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "_build" / "html"


def rendered_dom(page: Path) -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is not installed (CI installs the Debian package `chromium`)"
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                                 page.as_uri()], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_every_book_page_is_built(html_dir):
    for page in ("book/index.html", "book/overview.html", "book/model.html", "book/targets.html", "book/backtest.html",
                 "book/sources.html"):
        assert (html_dir / page).exists(), page
    assert (html_dir / "_static" / "carbonpeak-vega.js").stat().st_size > 500_000


CHART_PAGES = {"book/overview.html": 6, "book/atlas.html": 5, "book/targets.html": 2, "book/backtest.html": 2,
               "book/energy.html": 10, "book/industry.html": 6, "book/transport.html": 8, "book/buildings.html": 4,
               "book/sinks.html": 3, "book/model.html": 2, "book/synthesis.html": 10}  # page -> charts drawn


@pytest.mark.parametrize("page", sorted(CHART_PAGES))
def test_charts_render_offline_in_chromium(html_dir, page):
    source = (html_dir / page).read_text(encoding="utf-8")
    figures = re.findall(r'id="(cp-vis-[0-9a-f]{12})"', source)
    assert len(figures) >= CHART_PAGES[page], f"{page} should have at least {CHART_PAGES[page]} charts"
    assert not re.search(r'<script[^>]+src="https?://', source), "a script is loaded from the network"
    dom = BeautifulSoup(rendered_dom(html_dir / page), "html.parser")
    for fig in figures:
        div = dom.find(id=fig)
        assert div is not None, fig
        svg = div.find("svg")
        assert svg is not None, f"{fig}: no SVG drawn ({div.get_text()[:200]!r})"
        assert svg.find(class_="marks") is not None or svg.find("g", class_=re.compile("mark-")), fig
    text = dom.get_text()
    for failure in ("Chart could not be drawn", "Chart not drawn", "Error loading script"):
        assert failure not in text


@pytest.mark.parametrize("page", sorted(CHART_PAGES))
def test_chart_ids_are_stable_and_unique(html_dir, page):
    source = (html_dir / page).read_text(encoding="utf-8")
    ids = re.findall(r'id="(cp-vis-[0-9a-f]{12})"', source)
    assert len(ids) == len(set(ids))
    assert "altair-viz-" not in source  # altair's random ids never reach the page
