"""What a reader meets, in Chromium at a laptop's 1280 x 800 and a phone's 390 x 844: no code, text legible in the
light and the dark theme, PDF briefs of at most four pages, light pages, a footer that dates and cites."""

import base64
import io
import re

import nbformat
import numpy as np
import pandas as pd
import pypdf
import pytest
import yaml
from bs4 import BeautifulSoup

from carbonpeak import locations
from carbonpeak.charts import browser as chromium
from carbonpeak.charts import pdf
from carbonpeak import data
from carbonpeak.charts.sphinx_ext import version
from carbonpeak.model import grid as model_grid
from carbonpeak.runner import render

SIZES = {"laptop": (1280, 800), "phone": (390, 844)}
CHAPTERS = sorted(p.stem for p in locations.BOOK.glob("*.ipynb"))
PAGES = [f"book/{p.stem}.html" for p in sorted(locations.BOOK.glob("*")) if p.suffix in (".ipynb", ".md")]
FOR_ANALYSTS = {"book/analysts.html"}  # the one page whose subject is commands
CODE = "pre, code.literal-block, .cell_input, .highlight, .toggle-details, button.toggle-button, .copybtn"
CODE_WORDS = ("import carbonpeak", "from carbonpeak", "def ", "carbonpeak.pages", "Show code cell", "parameters =")
TEXT = 4.5  # WCAG AA for text
MARKS = 3.0  # WCAG for graphics and the parts of a control


@pytest.fixture(scope="module")
def site(html_dir):
    with chromium.served(html_dir) as base:
        yield base


def tab_for(browser, site, page, size, dark=False):
    width, height = SIZES[size]
    return chromium.open_page(browser, site + page, width=width, height=height, dark=dark)


# No code in a reader's view ------------------------------------------------------------------------------


@pytest.mark.parametrize("page", sorted(set(PAGES) - FOR_ANALYSTS))
def test_no_page_shows_code_cells_parameters_or_toggles(html_dir, page):
    soup = BeautifulSoup((html_dir / page).read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article")
    assert not article.select(CODE), [str(e)[:120] for e in article.select(CODE)][:3]
    assert not article.select(".tag_parameters, .tag_injected-parameters"), "a parameters cell is left"
    assert not [w for w in CODE_WORDS if w in article.get_text(" ")], page


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page", ["book/answer.html", "zh/answer.html", "book/overview.html", "book/index.html", "zh/index.html"])
def test_no_code_element_is_drawn_at_either_size(browser, site, page, size):
    tab = tab_for(browser, site, page, size)
    shown = tab.evaluate(
        "(sel) => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length).length", CODE
    )
    text = tab.evaluate("() => document.querySelector('article').innerText")
    tab.close()
    assert shown == 0 and "Show code cell" not in text


# The answer first ------------------------------------------------------------------------------------------

FIRST_SCREEN = (
    "(sel) => { const e = document.querySelector(sel); if (!e) return null;"
    " const r = e.getBoundingClientRect(); return [r.top, r.bottom, window.innerHeight]; }"
)
WITH_FINDINGS = [c for c in CHAPTERS if c not in ("index",)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page", ["book/index.html", "book/answer.html", "zh/answer.html", "zh/index.html"])
def test_the_bottom_line_is_read_without_scrolling(browser, site, page, size):
    tab = tab_for(browser, site, page, size)
    box = tab.evaluate(FIRST_SCREEN, ".carbonpeak-bottom-line")
    tab.close()
    assert box is not None, f"{page}: no bottom line"
    top, bottom, height = box
    assert 0 <= top and bottom <= height, (
        f"{page} at {size}: the bottom line spans {top:.0f}-{bottom:.0f} px of {height}"
    )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("chapter", WITH_FINDINGS)
def test_every_chapters_key_findings_start_in_the_first_screen(browser, site, chapter, size):
    tab = tab_for(browser, site, f"book/{chapter}.html", size)
    box = tab.evaluate(FIRST_SCREEN, "aside.carbonpeak-findings")
    tab.close()
    assert box is not None, f"{chapter}: no Key findings box"
    top, _, height = box
    assert 0 <= top < height, (
        f"{chapter} at {size}: the Key findings start at {top:.0f} px, below the {height} px screen"
    )


def template_parameters(chapter: str) -> list[str]:
    """The names the chapter template's parameters cell sets."""
    cells = nbformat.read(render.template(chapter), 4).cells
    cell = next((c for c in cells if "parameters" in c.metadata.get("tags", [])), None)
    if cell is None:
        return []
    return re.findall(r"^(\w+)\s*(?::[^=\n]*)?=", cell.source, flags=re.M)


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_receipt_lists_every_parameter_and_how_to_rerun(html_dir, chapter):
    receipt = BeautifulSoup((html_dir / "book" / f"{chapter}.html").read_text(encoding="utf-8"), "html.parser")
    text = " ".join(receipt.find(id="execution-receipt").get_text(" ").split())  # a code span is a span per word
    assert f"carbonpeak run {chapter}" in text
    names = template_parameters(chapter)
    if not names:  # a chapter without parameters (the data-sources appendix) says so
        assert "parameters: none" in text, chapter
    for name in names:
        assert f"{name}=" in text, f"{chapter}: the receipt does not list {name}"


# Legible in both themes -----------------------------------------------------------------------------------

LEGIBLE = {
    "the findings box": "aside.carbonpeak-findings li",
    "a table's caption": "table.carbonpeak-table caption",
    "a table's cells": "table.carbonpeak-table td",
    "a chart's source note": "figure.carbonpeak-figure figcaption",
    "the footer": ".carbonpeak-footer p",
}


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("page", ["book/answer.html", "book/targets.html", "book/sinks.html"])
def test_text_keeps_its_contrast_in_both_themes(browser, site, page, size, dark):
    tab = tab_for(browser, site, page, size, dark)
    theme = tab.evaluate("() => document.documentElement.dataset.theme")
    ratios = {name: chromium.contrasts(tab, selector) for name, selector in LEGIBLE.items()}
    tab.close()
    assert theme == ("dark" if dark else "light")  # the theme follows the reader's system
    for name, found in ratios.items():
        assert found, f"{page}: no {name} to measure"
        assert min(found) >= TEXT, f"{page}, {theme}: {name} has a contrast of {min(found):.2f}:1"


def test_the_contrast_check_catches_dark_text_on_a_dark_box(browser, site):
    tab = tab_for(browser, site, "book/sinks.html", "laptop", dark=True)
    tab.add_style_tag(content="aside.carbonpeak-findings li { color: #222832 !important; }")
    worst = min(chromium.contrasts(tab, LEGIBLE["the findings box"]))
    tab.close()
    assert worst < 2, worst


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_findings_box_is_marked_by_an_edge_that_stands_out(browser, site, dark):
    tab = tab_for(browser, site, "book/sinks.html", "laptop", dark)
    edge, fill = tab.evaluate(
        "() => { const s = getComputedStyle(document.querySelector('aside.carbonpeak-findings'));"
        " return [s.borderLeftColor, s.backgroundColor]; }"
    )
    tab.close()
    assert chromium.ratio(edge, fill) >= MARKS, (edge, fill)


def test_the_theme_icons_are_drawn_without_the_icon_font(browser, site, html_dir):
    tab = tab_for(browser, site, "book/answer.html", "laptop")
    icons = tab.evaluate(
        "() => [...document.querySelectorAll('.bd-header-article i[class*=fa-]')]"
        ".filter(e => e.getClientRects().length)"
        ".map(e => { const s = getComputedStyle(e, '::before'); return [parseFloat(s.width), s.maskImage || s.webkitMaskImage]; })"  # noqa: E501
    )
    tab.close()
    assert len(icons) >= 3 and all(width > 5 and "svg" in mask for width, mask in icons), icons
    assert (html_dir / "_static" / "scripts" / "fontawesome.js").stat().st_size < 1000


@pytest.mark.parametrize("page", ["book/answer.html", "book/glossary.html"])
def test_pages_load_without_script_errors(browser, site, page):
    errors = []
    tab = browser.new_page(viewport={"width": 1280, "height": 800})
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.goto(site + page)
    tab.wait_for_function(chromium.CHARTS_DRAWN)
    tab.close()
    assert not errors, errors  # e.g. "Identifier 'THEBE_JS_URL' has already been declared"


# On paper ------------------------------------------------------------------------------------------------


def _pdf(html_dir, name):
    path = html_dir / pdf.FOLDER / name
    assert path.is_file(), f"{name} was not printed"
    return pypdf.PdfReader(io.BytesIO(path.read_bytes()))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pdf_briefs_have_at_most_four_pages_and_no_code(html_dir, lang):
    import yaml

    config = locations.ROOT / ("_config.yml" if lang == "en" else "book/zh/_config.yml")
    briefs = yaml.safe_load(config.read_text(encoding="utf-8"))["sphinx"]["config"]["carbonpeak_briefs"]
    (name,) = briefs.values()
    reader = _pdf(html_dir / ("" if lang == "en" else "zh"), name)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert 1 <= len(reader.pages) <= pdf.BRIEF_PAGES
    assert not [w for w in CODE_WORDS if w in text]
    assert f"{version()}" in text and str(data.vintage()) in text  # every sheet's footer dates it
    if lang == "zh":
        assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 500  # Chinese glyphs, extracted as text
    # the numbers the page leads with are in the brief
    page = html_dir / ("zh" if lang == "zh" else "book") / "answer.html"
    page = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    first = page.select_one("aside.carbonpeak-findings li").get_text(" ", strip=True)
    assert re.findall(r"\d+ ?%", first)[0].replace(" ", "") in text.replace(" ", "")


def test_both_answer_pages_link_both_briefs_and_the_book(html_dir):
    for page, n in (("book/answer.html", 3), ("zh/answer.html", 2)):  # the book's PDF is English
        soup = BeautifulSoup((html_dir / page).read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in soup.select(".carbonpeak-downloads a")]
        assert len(links) == n, links
        assert all((html_dir / page).parent.joinpath(href).resolve().is_file() for href in links), links


def test_the_book_pdf_has_a_bookmark_per_page_in_reading_order(html_dir):
    import yaml

    config = yaml.safe_load((locations.ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]
    reader = _pdf(html_dir, config["carbonpeak_book_pdf"])
    toc = yaml.safe_load((locations.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    titles = [item.title for item in reader.outline]
    assert len(titles) == len(files)
    assert titles[1] == "The answer on one page" and titles[-1].startswith("Analysts")
    assert len(reader.pages) > 3 * len(files)


# Light pages ---------------------------------------------------------------------------------------------


def test_every_page_is_under_its_weight_target(html_dir, browser):
    weights = chromium.weigh_site(html_dir, browser=browser)
    assert {w.page for w in weights} == set(PAGES)
    over = [(w.page, w.counted, w.target) for w in weights if w.counted >= w.target]
    assert not over, over
    chartless = [w for w in weights if w.target == chromium.CHARTLESS_TARGET]
    assert chartless and all("carbonpeak-vega.js" not in dict(w.largest) for w in chartless)


# Cite and date -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES + ["search.html", "genindex.html"])
def test_every_footer_gives_version_vintage_edition_and_citation(html_dir, page):
    path = html_dir / page
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    footer = soup.select_one(".carbonpeak-footer")
    assert footer is not None, page
    text = footer.get_text(" ")
    assert version() in text and str(data.vintage()) in text
    for a in footer.select("a"):
        target = a["href"].split("#")[0]  # empty: the page itself (the edition note's own footer)
        assert (path.parent / target).resolve().is_file() if target else a["href"] == "#", a["href"]
    hrefs = [a["href"] for a in footer.select("a")]
    assert any(h.endswith("CITATION.cff") for h in hrefs) and any("edition" in h or h == "#" for h in hrefs)


def test_the_served_citation_is_the_projects(html_dir):
    served = (html_dir / "CITATION.cff").read_text(encoding="utf-8")
    assert served == (locations.ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f"version: {version()}" in served


def test_the_sources_appendix_links_its_web_addresses_and_dois(html_dir):
    soup = BeautifulSoup((html_dir / "book" / "sources.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in soup.select("article a[href^='http']")]
    assert len([h for h in links if h.startswith("https://doi.org/10.")]) >= 2
    assert len(links) >= 30


# An explorer for a policy meeting --------------------------------------------------------------------------

EXPLORER = "book/explorer.html"
LEVERS = ("gdp", "eff", "ief", "nev", "gas", "hrs")
LIVE = ".carbonpeak-explorer-controls .live"
SIGNALS = (
    "(keys) => { const v = document.querySelector('.carbonpeak-explorer .carbonpeak-chart').carbonpeakView;"
    " return Object.fromEntries(keys.concat(['rec2018']).map(k => [k, v.signal(k)])); }"
)


def explorer_tab(browser, site, address="", size="laptop"):
    width, height = SIZES[size]
    tab = chromium.open_page(browser, site + EXPLORER + address, width=width, height=height)
    tab.wait_for_function(f"() => document.querySelector('{LIVE}').textContent.length > 0")
    return tab


def downloaded_grid(tab) -> pd.DataFrame:
    """The explorer's grid as its CSV download gives it (a route apart from the chart's script)."""
    href = tab.evaluate("() => document.querySelector('.carbonpeak-explorer figcaption a[download]').href")
    return pd.read_csv(io.BytesIO(base64.b64decode(href.split(",", 1)[1])))


def stated_positions() -> dict:
    """Every slider's stated position, read from the registry (data/assumptions.yml) by hand."""
    registry = yaml.safe_load((locations.DATA / "assumptions.yml").read_text(encoding="utf-8"))
    return {
        "gdp": 100 * registry["gdp_growth"]["default"][2030],
        "eff": 1.0,
        "ief": 1.0,
        "nev": 100 * registry["nev_sales_share_max"]["default"],
        "gas": registry["gas_capacity_added_gw"]["default"][2026],
        "hrs": registry["gas_hours_change"]["default"][2030],
    }


def test_a_setting_in_the_address_sets_the_sliders_and_the_live_line_reads_its_probabilities(browser, site):
    setting = {"gdp": 3.5, "eff": 1.5, "ief": 2, "nev": 100, "gas": 6, "hrs": 0.5}
    address = "#" + "&".join(f"{k}={v}" for k, v in setting.items()) + "&rec2018=outlier"
    tab = explorer_tab(browser, site, address)
    shown = tab.evaluate(SIGNALS, list(LEVERS))
    live = tab.evaluate(f"() => document.querySelector('{LIVE}').textContent")
    assert tab.evaluate(f"() => document.querySelector('{LIVE}').getAttribute('aria-live')") == "polite"
    grid = downloaded_grid(tab)
    tab.close()
    assert {k: float(shown[k]) for k in LEVERS} == {k: float(v) for k, v in setting.items()}
    assert shown["rec2018"] == "outlier"
    labels = {lever.key: lever.label for lever in model_grid.LEVERS}
    row = grid[np.all([np.isclose(grid[labels[k]], v) for k, v in setting.items()], axis=0)]
    assert len(row) == 1
    expected = [
        round(100 * row[f"P(peak ≤ {y}), {label}"].iloc[0])
        for label in ("territorial outlier", "with imports")
        for y in (2025, 2030)
    ]
    assert [int(p) for p in re.findall(r"(\d+) ?%", live)] == expected, live


def test_moving_a_slider_writes_the_setting_into_the_address(browser, site):
    tab = explorer_tab(browser, site)
    before = tab.evaluate(f"() => document.querySelector('{LIVE}').textContent")
    tab.evaluate(
        "() => document.querySelector('.carbonpeak-explorer .carbonpeak-chart').carbonpeakView"
        ".signal('gdp', 3.5).signal('nev', 90).runAsync().then(() => true)"
    )
    tab.wait_for_function("() => window.location.hash.includes('gdp=3.5')")
    address = tab.evaluate("() => window.location.hash")
    link = tab.evaluate("() => document.querySelector('.carbonpeak-explorer-controls .share').getAttribute('href')")
    after = tab.evaluate(f"() => document.querySelector('{LIVE}').textContent")
    tab.close()
    assert "nev=90" in address and link == address
    assert after != before


def test_the_presets_set_the_scenario_files_values_and_reset_restores_the_stated_ones(browser, site):
    accelerated = yaml.safe_load((locations.SCENARIOS / "accelerated.yml").read_text(encoding="utf-8"))
    tab = explorer_tab(browser, site, "#gdp=3.5&hrs=0.5")
    tab.click(".carbonpeak-explorer-controls button[data-preset='accelerated']")
    tab.wait_for_function("() => window.location.hash.includes('nev=100')")
    preset = tab.evaluate(SIGNALS, list(LEVERS))
    tab.click(".carbonpeak-explorer-controls button[data-preset='reset']")
    tab.wait_for_function("() => window.location.hash.includes('nev=95')")
    reset = tab.evaluate(SIGNALS, list(LEVERS))
    tab.close()
    stated = stated_positions()
    expected = dict(stated, nev=100 * accelerated["overrides"]["nev_sales_share_max"]["value"])
    assert {k: float(preset[k]) for k in LEVERS} == pytest.approx(expected)
    assert {k: float(reset[k]) for k in LEVERS} == pytest.approx(stated)


def test_the_explorers_chart_and_sliders_fit_one_laptop_screen_and_the_chart_stays_in_view_on_a_phone(browser, site):
    tab = explorer_tab(browser, site)
    tab.evaluate("() => document.querySelector('.carbonpeak-explorer').scrollIntoView()")
    box = tab.evaluate(
        "() => { const f = document.querySelector('.carbonpeak-explorer').getBoundingClientRect();"
        " const c = document.querySelector('.carbonpeak-explorer-controls').getBoundingClientRect();"
        " return [c.bottom - f.top, window.innerHeight]; }"
    )
    tab.close()
    assert box[0] <= box[1], f"the chart, its sliders and the presets take {box[0]:.0f} px of {box[1]}"
    phone = explorer_tab(browser, site, size="phone")
    position = phone.evaluate(
        "() => getComputedStyle(document.querySelector('.carbonpeak-explorer svg').parentElement).position"
    )
    phone.close()
    assert position == "sticky"
