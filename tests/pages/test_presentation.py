"""Presentation: the Key findings box, the one table every page shows (and that no page shows anything else),
and the rewriting that makes charts fit a phone's column. The browser checks are in test_book.py."""

import importlib
import inspect
import pkgutil
import re

import nbformat
import pandas as pd
import pytest

import carbonpeak.pages
from carbonpeak import charts, locations
from carbonpeak.pages import common, tables
from carbonpeak.pages.findings import META_KEY, KeyFindings

# Key findings ------------------------------------------------------------------------------------------


def test_findings_are_a_box_with_their_numbers_as_metadata():
    kf = KeyFindings(["**Territorial:** 99 % by `2030`", "", "a <script> & more"], {"b/x": 1.5, "a/y": 2})
    data, meta = kf._repr_mimebundle_()
    html = data["text/html"]
    assert html.startswith('<aside class="carbonpeak-findings" aria-label="Key findings">')
    assert html.count("<li>") == 2  # the empty bullet is dropped
    assert "<strong>Territorial:</strong> 99 % by <code>2030</code>" in html
    assert "<script>" not in html and "&lt;script&gt; &amp; more" in html  # text, never markup
    assert data["text/markdown"] == "- **Territorial:** 99 % by `2030`\n- a <script> & more"
    assert meta == {"text/markdown": {META_KEY: {"a/y": 2, "b/x": 1.5}}}
    assert 'aria-label="主要结论"' in KeyFindings(["x"], label="主要结论").to_html()


# tables --------------------------------------------------------------------------------------------------


def test_one_table_class_for_every_page():
    found = set()
    for info in pkgutil.walk_packages(carbonpeak.pages.__path__, "carbonpeak.pages."):
        module = importlib.import_module(info.name)
        found |= {obj for name, obj in inspect.getmembers(module, inspect.isclass) if name.endswith("Table")}
    assert found == {tables.Table}
    assert common.Table is tables.Table


def test_a_table_too_wide_for_its_column_becomes_cards_labelled_by_column():
    df = pd.DataFrame(
        {
            "scenario": ["baseline"],
            'say "when"': ["industry_electricity_intensity_change"],
            "P(peak ≤ 2030)": [0.5],
            "year": [2030.0],
        }
    )
    t = tables.Table(df)
    html = t.to_html()
    assert 'style="container-type: inline-size"' in html
    width = int(re.search(r"@container \(max-width: (\d+)px\) \{ #T_\w+, ", html).group(1))
    assert width == t.min_width(t.shown().map(tables._breakable).rename(columns=tables._breakable))
    # the longest unbreakable piece sets the least width: 'industry_' / 'electricity_' / ... break after '_'
    assert 150 < width < 600
    assert 'td.col1::before { content: "say \\"when\\"" ": "' in html  # the column's name, escaped for CSS
    assert ">2030<" in html and "2,030" not in html and "2030.0" not in html  # a year column shows years


def test_a_table_of_long_words_needs_more_room_than_one_of_short_words():
    short = tables.Table(pd.DataFrame({"a": ["x y"], "b": ["z"]}))
    long = tables.Table(pd.DataFrame({"a": ["4023e5d8fbadfdd3b9ecd62499ba8ecb"], "b": ["z"]}))
    assert short.min_width(short.shown()) < long.min_width(long.shown().map(tables._breakable))
    assert "4023e5d8fbad<wbr>" in long.to_html()  # an md5 can break


def _outputs(page):
    for cell in nbformat.read(page, 4).cells:
        for output in cell.get("outputs", []):
            yield output.get("data", {})


@pytest.mark.parametrize("page", sorted(locations.BOOK.glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_table_a_page_shows_is_fit_for_print(page):
    shown = 0
    for data in _outputs(page):
        html = data.get("text/html", "")
        assert 'class="dataframe"' not in html, "a raw pandas table"
        for table in re.findall(r"<table.*?</table>", html, flags=re.S):
            shown += 1
            assert 'class="carbonpeak-table"' in table, table[:200]
            assert "row_heading" not in table  # no index column
            cells = re.findall(r"<td[^>]*>(.*?)</td>", table, flags=re.S)
            assert not [c for c in cells if re.fullmatch(r"\s*(19|20)\d\d\.0\s*", c)], "a year shown as a float"
            assert not [c for c in cells if c.strip().endswith("...")], "a cell cut short"
        if "text/plain" in data and "text/html" not in data:
            assert not re.search(r"^\s*\d+\s{2,}\S", data["text/plain"], flags=re.M), "a frame printed as text"
    assert shown or page.stem == "index", f"{page.stem} shows no table"  # the landing page shows three numbers


# charts that fit -----------------------------------------------------------------------------------------


def _spec(chart):
    return charts.Figure(chart, alt_text="a", source="s", data=pd.DataFrame({"x": [1]}), filename="f").spec


def test_titles_wrap_at_the_containers_width_and_subtitles_at_a_phones():
    import altair as alt

    df = pd.DataFrame({"year": [2020, 2021], "value": [1.0, 2.0], "series": ["a", "b"]})
    spec = _spec(
        charts.history_chart(
            df,
            title_text="Shenzhen's CO2 by scenario, with imported electricity",
            units="Mt CO2 per year; line: median, band: central 80 % of draws",
            y_title="Mt",
            units_label="Units: ",
        )
    )
    assert (
        "containerSize()" in spec["title"]["text"]["expr"]
        and "Shenzhen's CO2 by scenario" in spec["title"]["text"]["expr"]
    )
    assert isinstance(spec["title"]["subtitle"], list)
    assert all(len(line) <= charts.SUBTITLE_CHARS for line in spec["title"]["subtitle"])
    assert (
        spec["config"]["legend"]["layout"]["bottom"]["direction"] == "vertical"
    )  # legends stacked, never side by side
    assert alt  # altair builds the chart


def _legend(df: pd.DataFrame) -> dict:
    import altair as alt

    chart = alt.Chart(df).mark_point().encode(x="year:Q", y="value:Q", color="series:N")
    return _spec(chart.properties(title="t", width="container"))["encoding"]["color"]["legend"]


def test_long_legend_labels_wrap_and_take_one_column_short_ones_share_a_row():
    long = ["tertiary share x total (published; includes vehicle charging)", "published total"]
    df = pd.DataFrame({"year": [2020, 2021], "value": [1.0, 2.0], "series": long})
    legend = _legend(df)
    assert legend["labelLimit"] == 0 and "labelExpr" in legend and legend["columns"] == 1
    legend = _legend(df.assign(series=["plan", "baseline"]))
    assert "labelExpr" not in legend and legend["columns"] == 2


def test_category_names_beside_bars_wrap_and_the_chart_grows_to_hold_them():
    import altair as alt

    names = [f"R{i:02d} Urban rail length in operation, kilometres" for i in range(6)]
    df = pd.DataFrame({"name": names, "value": range(6)})
    spec = _spec(
        alt.Chart(df)
        .mark_bar()
        .encode(y="name:N", x=alt.X("value:Q", title="Latest observation as % of the target"))
        .properties(title="t", width="container", height=60)
    )
    axis = spec["encoding"]["y"]["axis"]
    assert axis["labelLimit"] == 0 and "labelExpr" in axis
    lines = len(charts._lines(names[0], charts.AXIS_LABEL_CHARS))
    assert lines >= 2 and spec["height"] >= 6 * lines * charts.LINE_PX
    assert spec["encoding"]["x"]["axis"]["titleAnchor"] == "end"  # runs left under the names, not off the chart
