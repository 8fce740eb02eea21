"""The HTML book: it builds with warnings as errors (the html_dir fixture, tests/book/conftest.py), and its
charts really render offline in Chromium."""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
from bs4 import BeautifulSoup

from carbonpeak import locations
from carbonpeak.charts import browser

CHROMIUM_FLAGS = ["--headless", *browser.FLAGS, "--virtual-time-budget=15000"]  # the offline flags, from the CLI


def rendered_dom(page: Path) -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is not installed (CI installs the Debian package `chromium`)"
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_every_book_page_is_built(html_dir):
    for page in (
        "book/index.html",
        "book/overview.html",
        "book/model.html",
        "book/targets.html",
        "book/backtest.html",
        "book/sources.html",
    ):
        assert (html_dir / page).exists(), page
    assert (html_dir / "_static" / "carbonpeak-vega.js").stat().st_size > 500_000


CHART_PAGES = {
    "book/answer.html": 4,
    "zh/answer.html": 4,
    "book/explorer.html": 1,
    "book/overview.html": 6,
    "book/atlas.html": 5,
    "book/targets.html": 2,
    "book/backtest.html": 2,
    "book/energy.html": 10,
    "book/industry.html": 6,
    "book/transport.html": 8,
    "book/buildings.html": 4,
    "book/sinks.html": 3,
    "book/model.html": 5,
    "book/synthesis.html": 10,
}  # page -> charts drawn


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


# Every page, checked in a real browser (Playwright driving the system's Chromium, offline) ---------------

CHAPTERS = sorted(p.stem for p in locations.BOOK.glob("*.ipynb"))  # every executed page
PAGES = tuple(f"book/{name}.html" for name in [*CHAPTERS, *sorted(p.stem for p in locations.BOOK.glob("*.md"))])
WIDTHS = (700, 390)  # the text column of a laptop window, and a phone
CJK = re.compile(r"[\u4e00-\u9fff]")


def open_page(browser, html_dir, page, width):
    tab = browser.new_page(viewport={"width": width, "height": 900})
    tab.goto((html_dir / page).as_uri())
    if 'class="carbonpeak-chart"' in (html_dir / page).read_text(encoding="utf-8"):
        tab.wait_for_function(
            "() => [...document.querySelectorAll('.carbonpeak-chart')].every(e => e.querySelector('svg'))",
            timeout=30000,
        )
    return tab


FIT = """() => {
  const out = {charts: [], tables: [], cut: [], page: document.documentElement.scrollWidth - document.documentElement.clientWidth};
  document.querySelectorAll('.carbonpeak-chart').forEach(e => {
    if (e.scrollWidth > e.clientWidth + 1) out.charts.push([e.id, e.scrollWidth, e.clientWidth]);
    const svg = e.querySelector('svg'); const box = svg.getBoundingClientRect(); const own = e.getBoundingClientRect();
    if (box.right > own.right + 1) out.charts.push([e.id, 'svg wider than its container']);
    svg.querySelectorAll('text').forEach(t => { const b = t.getBoundingClientRect();
      if (t.textContent.endsWith('…')) out.cut.push(t.textContent);
      if (b.width && (b.right > own.right + 1 || b.left < own.left - 1)) out.cut.push('outside: ' + t.textContent);
      // the SVG clips what it does not contain: text past its edges is cut off on the page
      else if (b.width && (b.right > box.right + 1 || b.left < box.left - 1 || b.top < box.top - 1 || b.bottom > box.bottom + 1))
        out.cut.push('clipped: ' + t.textContent); });
  });
  document.querySelectorAll('table').forEach(t => {
    const c = t.closest('.cell_output, .output, .pst-scrollable-table-container') || t.parentElement;
    if (t.getBoundingClientRect().width > c.clientWidth + 1) out.tables.push([t.id, t.getBoundingClientRect().width, c.clientWidth]);
  });
  return out; }"""  # noqa: E501 (JavaScript kept verbatim)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_fits_the_column(html_dir, browser, page, width):
    tab = open_page(browser, html_dir, page, width)
    fit = tab.evaluate(FIT)
    tab.close()
    assert fit["page"] <= 0, f"{page} scrolls sideways at {width} px"
    assert not fit["charts"], f"a chart scrolls or overflows at {width} px: {fit['charts']}"
    assert not fit["tables"], f"a table is wider than the column at {width} px: {fit['tables']}"
    assert not fit["cut"], f"chart text cut off at {width} px: {fit['cut']}"


def test_chinese_glyphs_render_in_a_chinese_font(html_dir, browser):
    tab = open_page(browser, html_dir, "zh/answer.html", 700)
    text = tab.evaluate(
        "() => [...document.querySelectorAll('.carbonpeak-chart svg text')].map(t => t.textContent)"
        ".find(t => /[\\u4e00-\\u9fff]{4}/.test(t))"
    )
    assert text and len(CJK.findall(text)) >= 4, text
    # 1. the platform font that drew the chart's Chinese title is a CJK font and covers its characters
    cdp = tab.context.new_cdp_session(tab)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    tab.evaluate(
        "(s) => { const t = [...document.querySelectorAll('.carbonpeak-chart svg text')]"
        ".find(x => x.textContent === s);"
        " t.setAttribute('data-cjk-probe', '1'); }",
        text,
    )
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "[data-cjk-probe]"})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cjk_glyphs = sum(f["glyphCount"] for f in fonts if "CJK" in f["familyName"] or "Han" in f["familyName"])
    assert cjk_glyphs >= len(CJK.findall(text)), fonts
    # 2. measured: in the chart's font the Chinese characters are full width, unlike tofu boxes (private-use
    # characters no font has), which is what they would be without a Chinese font
    chars = "".join(CJK.findall(text))[:6]
    widths = tab.evaluate(
        """([s, n]) => { const t = document.querySelector('[data-cjk-probe]'); const st = getComputedStyle(t);
        const ctx = document.createElement('canvas').getContext('2d'); ctx.font = `${st.fontWeight} 20px ${st.fontFamily}`;
        const tofu = [...Array(n).keys()].map(i => String.fromCharCode(0xE000 + i)).join('');
        return [ctx.measureText(s).width, ctx.measureText(tofu).width]; }""",  # noqa: E501 (JavaScript kept verbatim)
        [chars, len(chars)],
    )
    tab.close()
    cjk_width, tofu_width = widths
    assert cjk_width == pytest.approx(20 * len(chars), rel=0.1), widths  # one em per character
    assert tofu_width < 0.8 * cjk_width, widths


def _peak_texts(tab) -> list[str]:
    return tab.evaluate(
        "() => [...document.querySelectorAll('.carbonpeak-chart svg text')].map(t => t.textContent)"
        ".filter(t => t.startsWith('territorial: ') || t.startsWith('with imports: '))"
    )


def _paths(tab) -> list[str]:
    return tab.evaluate(
        "() => [...document.querySelectorAll(\"path[aria-roledescription='line mark']\")].map(p => p.getAttribute('d'))"
    )


def _slide(tab, name: str, value) -> None:
    tab.evaluate(
        """([name, value]) => { const el = document.querySelector(`input[type=range][name=${name}]`);
        el.value = value; el.dispatchEvent(new Event('input', {bubbles: true})); }""",
        [name, str(value)],
    )
    tab.wait_for_timeout(300)


def test_moving_a_slider_redraws_the_band_and_the_probabilities(html_dir, browser):
    from carbonpeak.formats import probability
    from carbonpeak.pages import explorer

    grid = explorer.compute()
    tab = open_page(browser, html_dir, "book/explorer.html", 700)
    sliders = tab.evaluate("() => [...document.querySelectorAll('input[type=range]')].map(e => e.name)")
    assert sliders == [lever.key for lever in explorer.LEVERS]

    def expected(territorial="territorial", **moved):
        pos = grid.positions
        match = np.ones(len(pos), dtype=bool)
        settings = explorer.baseline_settings()
        for lever in explorer.LEVERS:
            match &= np.isclose(pos[lever.key], moved.get(lever.key, lever.stated(settings)))
        k = int(np.nonzero(match)[0][0])

        def both(label):
            return " / ".join(probability(p) for p in grid.probability[label][k])

        return [f"territorial: {both(territorial)}", f"with imports: {both('with_imports')}"]

    before = _paths(tab)
    assert _peak_texts(tab) == expected()
    _slide(tab, "gdp", 3.5)
    _slide(tab, "ief", 2.0)
    after = _paths(tab)
    assert _peak_texts(tab) == expected(gdp=3.5, ief=2.0)
    assert after != before, "the drawn path did not change"
    assert expected(gdp=3.5, ief=2.0) != expected()  # the setting chosen moves the numbers: the check can fail
    tab.evaluate(
        "() => { const r = [...document.querySelectorAll('input[type=radio]')].find(e => e.value === 'outlier');"
        " r.checked = true; r.dispatchEvent(new Event('change', {bubbles: true})); }"
    )
    tab.wait_for_timeout(300)
    assert _peak_texts(tab)[0] == expected("territorial_outlier", gdp=3.5, ief=2.0)[0]
    tab.close()


# Every chapter opens with its key findings, in a box -----------------------------------------------------


def _headings(soup) -> list:
    article = soup.find("article")
    return [h for h in article.find_all("h2")]


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if c != "index"])  # the landing page opens with the answer
def test_every_chapter_opens_with_its_key_findings_in_a_box(html_dir, chapter):
    soup = BeautifulSoup((html_dir / "book" / f"{chapter}.html").read_text(encoding="utf-8"), "html.parser")
    h2 = [h.get_text(" ", strip=True).rstrip("#").strip() for h in _headings(soup)]
    # the question follows the findings (the explorer shows its chart between them)
    assert h2[0] in ("Key findings", "主要结论") and {"The question", "问题"} & set(h2[1:3]), h2[:3]
    box = soup.find("aside", class_="carbonpeak-findings")
    assert box is not None and len(box.find_all("li")) >= 3, chapter
    assert box.find_parent("section") is _headings(soup)[0].find_parent("section"), "the box is not under Key findings"


def test_the_findings_box_is_drawn_as_a_box(html_dir, browser):
    tab = open_page(browser, html_dir, "book/sinks.html", 700)
    style = tab.evaluate("""() => { const s = getComputedStyle(document.querySelector('aside.carbonpeak-findings'));
        return [s.borderLeftWidth, s.backgroundColor, s.paddingLeft]; }""")
    plain = tab.evaluate("() => getComputedStyle(document.querySelector('article p')).backgroundColor")
    tab.close()
    assert float(style[0].rstrip("px")) >= 3 and style[1] != plain and style[1] != "rgba(0, 0, 0, 0)", style
