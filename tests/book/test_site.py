"""The site's machinery without a build: the theme's icons and stylesheets subset, what a page loads, the
footer's facts, the links of the sources appendix and the PDF links, and the charts' colours."""

import re
from types import SimpleNamespace

import pandas as pd
import pytest
import yaml

from carbonpeak import charts, data, locations
from carbonpeak.charts import browser, pdf, sphinx_ext, subset
from carbonpeak.pages import messages, sources

# The theme's icons and stylesheets ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def icons():
    return subset.solid_icons(subset.theme_script().read_text(encoding="utf-8"))


def test_the_solid_icons_are_read_from_the_themes_own_set_with_their_aliases(icons):
    assert icons["bars"][:2] == (448, 512) and icons["bars"][2].startswith("M0 96")
    assert icons["search"] == icons["magnifying-glass"]  # an alias draws its icon
    assert len(icons) > 1000


def test_only_the_icons_named_are_drawn_and_modifiers_are_not_icons(icons):
    names = subset.used(['<i class="fa-solid fa-bars fa-lg"></i>', '<span class="fa-solid fa-sun">'])
    assert names == {"bars", "sun"}
    css = subset.css(names | {"no-such-icon"}, icons)
    assert css.count("--cp-icon:url(") == 2 and ".fa-bars::before{width:0.875em" in css
    assert "no-such-icon" not in css and subset.css(set(), icons) == ""


def test_a_selector_that_needs_a_class_no_page_has_goes_and_the_rest_stay():
    corpus = subset.Corpus(['<div class="used box">'], ["el.classList.add('shown'); name = 'bs-' + x"])
    css = (
        "/* note { } */ .used{a:1} .unused{b:2} .used .unused,.box > p{c:3} .unused:hover{d:4}"
        " p:not(.unused){e:5} @media (max-width:10px){.unused{f:6} .shown{g:7}} @media print{.gone{h:8}}"
        ' @font-face{font-family:"x"} .bs-tooltip-top{i:9} div{j:"}{"}'
    )
    out = subset.purge(css, corpus)
    assert out == (
        ".used{a:1}.box > p{c:3}p:not(.unused){e:5}@media (max-width:10px){.shown{g:7}}"
        '@font-face{font-family:"x"}.bs-tooltip-top{i:9}div{j:"}{"}'
    )


# What a page loads ----------------------------------------------------------------------------------------


def _asset(filename="", body=""):
    return SimpleNamespace(filename=filename, attributes={"body": body} if body else {})


def test_a_page_loads_the_chart_library_toggles_and_copy_buttons_only_where_it_uses_them():
    chart, plain = '<div class="carbonpeak-chart">', "<p>text</p>"
    bundle = _asset(sphinx_ext.BUNDLE_NAME + "?v=1")
    assert sphinx_ext._kept(bundle, chart) and not sphinx_ext._kept(bundle, plain)
    assert not sphinx_ext._kept(_asset("copybutton.js"), plain) and sphinx_ext._kept(_asset("copybutton.js"), "<pre>")
    toggle_setting = _asset(body="let toggleOpenOnPrint = 'true';")
    assert not sphinx_ext._kept(toggle_setting, plain) and sphinx_ext._kept(toggle_setting, 'class="toggle-details"')
    assert sphinx_ext._kept(_asset("doctools.js"), plain)


def test_thebe_is_never_loaded():
    settings = _asset(body='const THEBE_JS_URL = "https://unpkg.com/thebe"; const thebe_selector = ".cell"')
    assert not sphinx_ext._kept(settings, "<pre>") and not sphinx_ext._kept(_asset("sphinx-thebe.js"), "<pre>")


# The footer's facts ---------------------------------------------------------------------------------------


def test_the_version_is_the_one_pyproject_and_citation_state():
    citation = yaml.safe_load((locations.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    pyproject = (locations.ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert sphinx_ext.version() == str(citation["version"])
    assert f'version = "{sphinx_ext.version()}"' in pyproject


def test_the_data_vintage_is_the_latest_observed_year_not_a_projection():
    population = pd.read_csv(locations.PROCESSED / "shenzhen_population.csv")
    projected = population.loc[population["grade"] == "derived", "year"].max()
    observed = population.loc[population["grade"] == "official_point", "year"].max()
    assert data.vintage() == observed == 2025  # year-end residents 2025, from the 2025 bulletin
    assert projected > data.vintage()  # the derived projection to 2035 does not count


def test_the_footer_links_the_edition_note_in_the_pages_language():
    def pathto(name, resource=0):
        return f"[{name}]"

    en = sphinx_ext.footer("en", pathto, "book/edition", "CITATION.cff")
    zh = sphinx_ext.footer("zh", pathto, "edition", "CITATION.cff")
    assert "[book/edition]" in en and "Version" in en and f"data to {data.vintage()}" in en
    assert "[edition]" in zh and "数据截至" in zh and "[CITATION.cff]" in zh


def test_a_brief_links_itself_first_then_the_other_language_and_the_book():
    html = pdf.links_html("zh", {"en": "../pdf/en.pdf", "zh": "../pdf/zh.pdf"}, "../pdf/book.pdf")
    assert re.findall(r'href="([^"]+)"', html) == ["../pdf/zh.pdf", "../pdf/en.pdf", "../pdf/book.pdf"]
    assert 'hreflang="en"' in html and "至多 4 页" in html


# Sources as links -----------------------------------------------------------------------------------------


def test_web_addresses_and_dois_become_links_without_their_punctuation():
    text = "Shan (2022), doi:10.1016/j.scib.2022.08.024; see www.ceads.net. (https://www.ceads.net/data/city/)."
    assert sources.linked(text) == (
        "Shan (2022), [doi:10.1016/j.scib.2022.08.024](https://doi.org/10.1016/j.scib.2022.08.024); "
        "see www.ceads.net. (<https://www.ceads.net/data/city/>)."
    )
    assert sources.linked("no address here") == "no address here"


# Colours of chart marks -----------------------------------------------------------------------------------


@pytest.mark.parametrize("palette", ["GRADE_COLOURS", "SCENARIO_COLOURS"])
def test_the_chart_themes_category_colours_stand_out_from_the_white_chart(palette):
    colours = getattr(charts, palette)
    low = {name: round(browser.ratio(c, "#ffffff"), 2) for name, c in colours.items()}
    assert min(low.values()) >= 3.0, low


def test_the_contrast_ratio_is_wcags():
    assert browser.ratio("#000", "#fff") == pytest.approx(21.0)
    assert browser.ratio("#9dc3e6", "#ffffff") == pytest.approx(1.84, abs=0.01)  # white labels on light blue
    assert browser.ratio("rgb(127, 127, 127)", "#fff") == pytest.approx(4.0, abs=0.01)


# One short source line per chart, the full notes once per page ---------------------------------------------


def _figure(note):
    chart = charts.alt.Chart(pd.DataFrame({"x": [1], "y": [2]})).mark_point().encode(x="x", y="y")
    chart = chart.properties(title=charts.title("A chart", "Mt", "Units: "))
    return charts.Figure(chart, alt_text="a point", source=note, data=pd.DataFrame({"x": [1]}), filename="f")


def test_a_chart_shows_its_short_source_line_and_carries_the_full_note():
    note = messages.source_note(["ceads_city", "nbs_major_cities"], ["measured"], "City model.", "en")
    text = note.text
    assert text.startswith("Source: CEADs city inventories (Shan et al. 2022") and text.endswith("City model.")
    assert note.short.startswith("Sources: CEADs city inventories; ") and "Shan" not in note.short
    caption = re.search(r"<figcaption.*?</figcaption>", _figure(note).to_html(), re.S).group(0)
    shown = re.sub(r"<[^>]+>", "", caption)
    assert shown.startswith(note.short) and "Shan et al." not in shown
    assert 'data-source="Source: CEADs city inventories (Shan et al. 2022' in caption


def test_the_page_lists_each_charts_full_note_once_before_the_receipt_escaped():
    hostile = charts.SourceNote('Source: <img src=x onerror=alert(1)> & "co".', "Sources: x.")
    plain = charts.SourceNote("Source: CEADs.", "Sources: CEADs.")
    receipt = '<section class="x" id="execution-receipt"><h2>Execution receipt</h2></section>'
    body = _figure(plain).to_html() + _figure(hostile).to_html() + _figure(plain).to_html() + receipt
    out = sphinx_ext.with_chart_sources(body, "en")
    listed = re.search(r'<ol class="carbonpeak-chart-sources">(.*?)</ol>', out, re.S).group(1)
    assert re.findall(r"<li>(.*?)</li>", listed) == [
        "Source: CEADs.",
        "Source: &lt;img src=x onerror=alert(1)&gt; &amp; &quot;co&quot;.",
    ]
    assert out.index("Sources of the charts") < out.index('id="execution-receipt"')
    assert sphinx_ext.with_chart_sources("<p>no chart</p>", "en") == "<p>no chart</p>"


def test_the_answers_bars_stand_out_from_the_chart_and_carry_legible_white_labels():
    from carbonpeak.pages import answer

    for colour in answer.BAR_COLOURS.values():
        assert browser.ratio(colour, "#ffffff") >= 4.5  # the bar on the white chart (3:1) and white text on it (4.5:1)


def test_a_download_that_holds_chinese_opens_in_excel_and_an_ascii_one_is_unchanged():
    chinese = charts.csv_bytes(pd.DataFrame({"城市": ["深圳"], "value": [1.5]}))
    ascii_only = charts.csv_bytes(pd.DataFrame({"city": ["Shenzhen"], "value": [1.5]}))
    assert chinese.startswith(b"\xef\xbb\xbf") and chinese.decode("utf-8-sig") == "城市,value\n深圳,1.5\n"
    assert ascii_only == b"city,value\nShenzhen,1.5\n"
