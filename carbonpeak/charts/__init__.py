"""Charts for the book: altair specs rendered offline, with stable ids, a source note, alt text and the
numbers behind them as a downloadable CSV.

Why not altair's own HTML renderer: it loads vega from a CDN (the book must work offline) and gives every
chart a random ``altair-viz-<uuid>`` id (notebooks would differ run to run). ``Figure`` emits its own small
HTML: a ``<figure>`` whose id is a hash of the spec, a script that calls ``vegaEmbed`` (served once per page
from the book's ``_static`` by ``carbonpeak.charts.sphinx_ext``), a caption with the source note and grade, and a
``data:`` link to the chart's numbers.

Published precision (one policy for every page). Floating-point results differ between CPUs and OpenBLAS
kernels (Haswell, SkylakeX, Sandybridge) in their last digits: about 1e-11 relative in this book's pages (sums
and least-squares fits; maximum-likelihood fits differ more, at about 1e-5, and no page shows them unrounded).
Printed in full, such a digit changes the chart JSON, its hashed id and the notebook bytes, so pages made on
one CPU would fail the re-render check and nbval on another. So every float that goes into a page is rounded
to ``SIGNIFICANT_DIGITS`` significant digits, here and only here: ``Figure`` rounds its spec (inline data
included) and its data, ``Download`` its table, and a DataFrame or Series a page displays is rounded the
same way before pandas prints it (an IPython display hook registered when this module is imported in a
kernel, as the altair theme is; pandas' own layout of the table is unchanged). Six digits
are more than any series in data/ supports (official figures carry 3-5), and leave a kernel difference of
1e-11 a chance of about 1e-5 per value to straddle a rounding boundary. ``tests/test_determinism.py`` renders
a chapter under two kernels and compares the bytes.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import json
import math
import textwrap

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak.constants import level_name

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', sans-serif"
GRADE_COLOURS = {  # one colour per grade, used wherever a legend shows grades
    "measured": "#1f4e79",
    "official_point": "#c55a11",
    "proxy": "#7f6000",
    "derived": "#548235",
    "assumption": "#7030a0",
}
WIDTH, HEIGHT = "container", 300  # charts fill the page column
YEAR_AXIS = alt.Axis(format="d", title="Year")  # without format="d" a year prints as 2,000
YEAR_AXES = {"en": YEAR_AXIS, "zh": alt.Axis(format="d", title="年份")}  # the year axis in a page's language


def _theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "view": {"continuousHeight": HEIGHT, "stroke": None},
            "title": {"anchor": "start", "fontSize": 15, "subtitleFontSize": 12, "subtitleColor": "#555"},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "grid": True, "gridColor": "#eee", "labelLimit": 340},
            "legend": {"labelFontSize": 11, "titleFontSize": 12, "orient": "bottom", "labelLimit": 480},
        }
    }


alt.theme.register("carbonpeak", enable=True)(_theme)

SIGNIFICANT_DIGITS = 6


def round_float(x: float) -> float:
    """``x`` to SIGNIFICANT_DIGITS significant digits (NaN and infinities unchanged)."""
    x = float(x)
    return float(f"{x:.{SIGNIFICANT_DIGITS}g}") if math.isfinite(x) else x


def published(value):
    """``value`` as a page may carry it: every float rounded (``round_float``), in DataFrames, Series, dicts,
    lists and tuples too; anything else unchanged."""
    if isinstance(value, (bool, np.bool_, int, np.integer)):
        return value
    if isinstance(value, (float, np.floating)):
        return round_float(value)
    if isinstance(value, pd.DataFrame):
        out = value.copy()
        for column in out.columns:
            out[column] = published(out[column])
        return out
    if isinstance(value, pd.Series):
        if pd.api.types.is_float_dtype(value.dtype):
            return value.map(round_float, na_action="ignore")
        if value.dtype == object:
            return value.map(published)
        return value
    if isinstance(value, dict):
        return {k: published(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(published(v) for v in value)
    return value


def _published_spec(spec: dict) -> dict:
    """A chart spec with every float rounded, its inline datasets renamed after their rounded values (altair
    names a dataset after a hash of its unrounded values, which would carry the last digits into the page)."""
    from altair.vegalite.v6.api import _dataset_name

    spec = published(spec)
    renames = {old: _dataset_name(values) for old, values in spec.get("datasets", {}).items()}
    text = json.dumps(spec, sort_keys=True, ensure_ascii=False)
    for old, new in renames.items():
        text = text.replace(json.dumps(old), json.dumps(new))
    return json.loads(text)


def _display_tables_as_published() -> None:
    """In a kernel, show DataFrames and Series with their floats rounded as ``published`` does."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    formatters = shell.display_formatter.formatters
    for kind in (pd.DataFrame, pd.Series):
        formatters["text/plain"].for_type(kind, lambda obj, printer, cycle: printer.text(repr(published(obj))))
    formatters["text/html"].for_type(pd.DataFrame, lambda df: published(df)._repr_html_())


_display_tables_as_published()


# Charts that fit the column, from a laptop's to a phone's (about 330 px of chart): ``fit`` rewrites every
# spec a Figure publishes. Vega never wraps text and cuts what passes a pixel limit with "…". So the title
# wraps in a Vega expression at the width of the chart's container (not the plot's ``width`` signal, which
# Vega settles only after laying out axes and legends: text sized from it would not be given its room);
# everything else wraps at fixed lengths that fit a phone, so Vega lays it out once and for all: subtitles,
# axis titles, category names beside bars (the chart grows to give them their lines), legend titles and
# the rare long legend label. Legends are never cut; one below the chart takes its entries in one row only
# where they fit a phone beside the widest axis labels, and legends that share a side are stacked.
TITLE_PX = 9.4  # a bold title character at 15 px, generously (capitals and digits are wider than the average)
LABEL_PX = 6.4  # a legend label character at 11 px
SUBTITLE_CHARS = 48  # a 12 px subtitle line that fits a phone
LEGEND_TITLE_CHARS = 40
PHONE_PX = 300  # a chart's drawing on a 390 px phone (vega-embed keeps 38 px right of it for its menu)
EMBED_MENU_PX = 40
AXIS_PX = 50  # a numeric y axis's labels and title: where a legend below the chart starts
SYMBOL_PX = 30  # a legend entry's symbol and padding
# the chart's div less vega-embed's menu; "+ 0 * width" re-evaluates it when the page is resized
CONTAINER_WIDTH = f"max(180, containerSize()[0] - {EMBED_MENU_PX} + 0 * width)"
LEGEND_TITLE_PX = 7.4  # a bold legend title character at 12 px
AXIS_LABEL_CHARS = 20  # a category's name beside a bar, in lines of this many characters (about 130 px)
AXIS_TITLE_CHARS = {"x": 28, "y": 40}  # under a plot a phone leaves about 180 px; beside it the chart's height
LINE_PX = 13  # an 11 px label line
# legends that share a side are stacked, each starting at the left, so two legends never sit side by side
LEGEND_LAYOUT = {side: {"direction": "vertical", "anchor": "start"} for side in ("bottom", "top")}
LEGEND_CHANNELS = (
    "color",
    "fill",
    "stroke",
    "shape",
    "size",
    "opacity",
    "fillOpacity",
    "strokeOpacity",
    "strokeDash",
    "strokeWidth",
)


def _lines(text: str, chars: int) -> list[str]:
    return textwrap.wrap(text, chars, break_long_words=False, break_on_hyphens=False) or [text]


def wrap_lines(text: str, chars: int) -> list[str] | str:
    """``text`` in lines of at most ``chars`` characters, broken at spaces (one line stays a string)."""
    lines = _lines(text, chars)
    return lines[0] if len(lines) == 1 else lines


def _wrap_expr(text: str, chars: str) -> str:
    """A Vega expression: ``text`` (an expression) in lines of at most ``chars`` (an expression) characters,
    broken at spaces and after underscores (an identifier such as industry_fuel_intensity_change wraps too)."""
    # in the expression: the pattern '(.{1,N})(\\s+|$)' (a Vega string, so \\s is written twice) and '$1\n'
    spaced = "replace(" + text + ", regexp('_', 'g'), '_ ')"
    wrapped = "trim(replace(" + spaced + ", regexp('(.{1,' + (" + chars + ") + '})(\\\\s+|$)', 'g'), '$1\\n'))"
    return "split(replace(" + wrapped + ", regexp('_ ', 'g'), '_'), '\\n')"


def _labels(spec: dict, layer: dict, field: str, channel: dict) -> list[str]:
    """The values a legend lists, where the spec holds them (a scale's domain, or the layer's inline data)."""
    domain = (channel.get("scale") or {}).get("domain")
    if isinstance(domain, list):
        return [str(v) for v in domain]
    data = layer.get("data") or spec.get("data") or {}
    values = data.get("values") or spec.get("datasets", {}).get(data.get("name"), [])
    return [str(row[field]) for row in values if isinstance(row, dict) and row.get(field) is not None]


def _legend_room(spec: dict, layer: dict | None = None) -> float:
    """The room (px) a legend below the chart has on a phone: right of the y axis's labels, which wrap at
    AXIS_LABEL_CHARS when they name categories."""
    layer = spec if layer is None else layer
    room = PHONE_PX - AXIS_PX
    y = layer.get("encoding", {}).get("y")
    if isinstance(y, dict) and y.get("type") in ("nominal", "ordinal") and "field" in y:
        longest = max((len(v) for v in _labels(spec, layer, y["field"], y)), default=0)
        room = min(room, PHONE_PX - 10 - LABEL_PX * min(longest, AXIS_LABEL_CHARS))
    return min([room] + [_legend_room(spec, child) for child in layer.get("layer", [])])


def _legend_columns(labels: list[str], chars: int, room: float, asked) -> int:
    """Entries in one row where they all fit ``room`` (two columns where two do), else one per line."""
    if not labels:
        return 1
    widths = [SYMBOL_PX + LABEL_PX * min(len(v), chars) for v in labels]
    fits = len(labels) if sum(widths) <= room else 2 if 2 * max(widths) <= room else 1
    return min(fits, asked) if isinstance(asked, int) and asked > 0 else fits


def _fit_legend(spec: dict, layer: dict, channel: dict, room: float) -> None:
    if (
        channel.get("legend", {}) is None
        or channel.get("type") in ("quantitative", "temporal")
        or "field" not in channel
    ):
        return
    legend = dict(channel.get("legend") or {})
    if isinstance(legend.get("title", channel.get("title")), str):
        chars = min(LEGEND_TITLE_CHARS, int(room // LEGEND_TITLE_PX))
        legend["title"] = wrap_lines(legend.get("title", channel.get("title")), chars)
    labels = list(dict.fromkeys(_labels(spec, layer, channel["field"], channel)))
    chars = int((room - SYMBOL_PX) // LABEL_PX)
    if any(len(v) > chars for v in labels):
        legend.setdefault("labelExpr", _wrap_expr("datum.label", str(chars)))
    legend["labelLimit"] = 0
    if legend.get("orient", "bottom") in ("bottom", "top") and legend.get("direction") != "vertical":
        legend["columns"] = _legend_columns(labels, chars, room, legend.get("columns"))
    channel["legend"] = legend


def _fit_axes(spec: dict, layer: dict, room: float) -> None:
    """Category names beside bars wrap (never cut) and the chart grows to give each its lines; axis titles
    wrap, and under a plot narrowed by such names the title is right-aligned so it runs left under them."""
    for name in ("x", "y"):
        channel = layer.get("encoding", {}).get(name)
        if not isinstance(channel, dict) or channel.get("axis", {}) is None:
            continue
        axis = dict(channel.get("axis") or {})
        if isinstance(axis.get("title", channel.get("title")), str):
            axis["title"] = wrap_lines(axis.get("title", channel.get("title")), AXIS_TITLE_CHARS[name])
            if name == "x" and room < PHONE_PX - AXIS_PX:
                axis.setdefault("titleAnchor", "end")
        if name == "y" and channel.get("type") in ("nominal", "ordinal") and "field" in channel:
            labels = list(dict.fromkeys(_labels(spec, layer, channel["field"], channel)))
            lines = max((len(_lines(v.replace("_", "_ "), AXIS_LABEL_CHARS)) for v in labels), default=1)
            axis.setdefault("labelExpr", _wrap_expr("datum.label", str(AXIS_LABEL_CHARS)))
            axis["labelLimit"] = 0
            if isinstance(spec.get("height"), (int, float)) and labels:
                spec["height"] = max(spec["height"], len(labels) * (lines * LINE_PX + 8))
        channel["axis"] = axis


def _fit_layer(spec: dict, layer: dict, room: float) -> None:
    for name in LEGEND_CHANNELS:
        channel = layer.get("encoding", {}).get(name)
        if isinstance(channel, dict):
            _fit_legend(spec, layer, channel, room)
    _fit_axes(spec, layer, room)
    for child in layer.get("layer", []):
        _fit_layer(spec, child, room)


CJK_TITLE_CHARS = 18  # Chinese characters of a title line that fit a phone's chart (about 17 px each)


def _cjk_lines(line):
    """A title line in Chinese too long for a phone, broken before its first full-width parenthesis (Chinese
    has no spaces to wrap at)."""
    if not isinstance(line, str) or line.isascii() or len(line) <= CJK_TITLE_CHARS or "（" not in line[1:]:
        return [line]
    at = line.index("（", 1)
    return [line[:at], line[at:]]


def fit(spec: dict) -> dict:
    """``spec`` (a top-level chart as a dict) rewritten to fit the column at any width (see above)."""
    title = spec.get("title")
    if isinstance(title, str):
        title = {"text": title}
    if isinstance(title, dict):
        title = dict(title)
        if isinstance(title.get("text"), str):
            text = json.dumps(title["text"], ensure_ascii=False)
            title["text"] = {"expr": _wrap_expr(text, f"floor({CONTAINER_WIDTH} / {TITLE_PX})")}
        elif isinstance(title.get("text"), list):
            title["text"] = [part for line in title["text"] for part in _cjk_lines(line)]
        if isinstance(title.get("subtitle"), str):
            title["subtitle"] = wrap_lines(title["subtitle"], SUBTITLE_CHARS)
        title.setdefault("frame", "bounds")
        spec["title"] = title
    _fit_layer(spec, spec, _legend_room(spec))
    spec.setdefault("config", {}).setdefault("legend", {}).setdefault("layout", LEGEND_LAYOUT)
    return spec


def title(text: str, units: str, units_label: str) -> alt.TitleParams:
    """A chart title whose subtitle states the units (``units_label``: 'Units: ' in the page's language, no
    default, so a page in another language cannot fall back to English)."""
    return alt.TitleParams(text=text, subtitle=f"{units_label}{units}")


SHORT_SOURCES = 3  # sources a chart's short line names; the page's list gives them all


@dataclasses.dataclass(frozen=True)
class SourceNote:
    """A chart's full source note (``text``) with its one short line (``short``): the line goes under the chart,
    the full note into the page's list of chart sources (carbonpeak.charts.sphinx_ext)."""

    text: str
    short: str


def csv_bytes(df: pd.DataFrame) -> bytes:
    """A table as CSV (floats as published), UTF-8; with a byte-order mark when it holds any character beyond
    ASCII (Chinese, ≤), which Excel needs to read UTF-8."""
    text = published(df).to_csv(index=False, lineterminator="\n")
    return (text if text.isascii() else "\ufeff" + text).encode("utf-8")


def csv_href(df: pd.DataFrame) -> str:
    """A self-contained data: link for a table (deterministic, works offline)."""
    data = csv_bytes(df)
    return "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")


class Download:
    """A link to download a table as CSV, for tables too long to read on the page."""

    def __init__(self, df: pd.DataFrame, filename: str, label: str, rows: str = " ({n} rows, CSV)"):
        """``rows`` says how long the file is, in the page's language."""
        self.df, self.filename, self.label, self.rows = df, filename, label, rows

    def _repr_mimebundle_(self, include=None, exclude=None):
        link = (
            f'<p><a download="{html.escape(self.filename)}.csv" href="{csv_href(self.df)}">'
            f"{html.escape(self.label)}</a>{html.escape(self.rows.format(n=len(self.df)))}</p>"
        )
        return {"text/html": link, "text/plain": f"[download] {self.label}"}


SOURCES_ANCHOR = "sources-of-the-charts"  # the page's list of full chart source notes (charts.sphinx_ext)


class Figure:
    """An altair chart plus what every chart in the book must carry."""

    def __init__(
        self,
        chart: alt.TopLevelMixin,
        *,
        alt_text: str,
        source: SourceNote | str,
        data: pd.DataFrame,
        filename: str,
        csv_columns: dict[str, str] | None = None,
        download_label: str = "Download the data (CSV)",
        notes_label: str = "Full notes below",
    ):
        """``csv_columns`` renames the data's columns in its CSV download (a Chinese page's Chinese names);
        ``download_label`` and ``notes_label`` are the links' texts in the page's language; ``source``: the
        note with its short line, or one text for both."""
        note = source if isinstance(source, SourceNote) else SourceNote(source, source)
        if not alt_text.strip() or not note.text.strip():
            raise ValueError("every figure needs alt text and a source note")
        self.spec = _published_spec(fit(chart.properties(description=alt_text).to_dict()))
        if "title" not in self.spec:
            raise ValueError("every figure needs a title (use charts.title(text, units, units_label))")
        self.alt_text = alt_text
        self.source = note.text
        self.csv_columns, self.download_label = dict(csv_columns or {}), download_label
        self.notes_label = notes_label
        self.short_source = note.short
        self.data = published(data)
        self.filename = filename
        payload = json.dumps([self.spec, alt_text, note.text], sort_keys=True, ensure_ascii=False)
        self.id = hashlib.sha1(payload.encode("utf-8")).hexdigest()[:12]

    def to_html(self) -> str:
        spec = json.dumps(self.spec, sort_keys=True, ensure_ascii=False).replace("</", "<\\/")
        href = csv_href(self.data.rename(columns=self.csv_columns))
        words = html.escape(self.download_label)
        vis = f"cp-vis-{self.id}"
        return (
            f'<figure class="carbonpeak-figure" id="cp-fig-{self.id}">\n'
            f'<div id="{vis}" class="carbonpeak-chart" role="img" aria-label="{html.escape(self.alt_text)}"></div>\n'
            f'<figcaption data-source="{html.escape(self.source)}">{html.escape(self.short_source)} '
            f'<a href="#{SOURCES_ANCHOR}">{html.escape(self.notes_label)}</a> · '
            f'<a download="{html.escape(self.filename)}.csv" href="{href}">{words}</a></figcaption>\n'
            "</figure>\n"
            '<script type="text/javascript">\n(function () {\n'
            f"  var el = document.getElementById('{vis}');\n"
            f"  var spec = {spec};\n"
            "  el.carbonpeakSpec = spec;\n"
            "  function draw() {\n"
            "    window.vegaEmbed(el, spec, {renderer: 'svg', "
            "actions: {export: true, source: false, compiled: false, editor: false}})\n"
            "      .then(function (res) { el.carbonpeakView = res.view; "
            "el.dispatchEvent(new CustomEvent('carbonpeak:drawn')); })\n"
            "      .catch(function (err) { el.textContent = 'Chart could not be drawn: ' + err; });\n"
            "  }\n"
            "  if (window.vegaEmbed) { draw(); } else { window.addEventListener('load', function () {\n"
            "    if (window.vegaEmbed) { draw(); } else { el.textContent = "
            "'Chart not drawn: the chart library is served with the built book (make book).'; }\n"
            "  }); }\n"
            "})();\n</script>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.to_html(), "text/plain": f"[chart] {self.alt_text}"}


def with_gaps(df: pd.DataFrame, by: str = "series") -> pd.DataFrame:
    """Add empty rows for missing years inside each series, so lines break at gaps instead of bridging them."""
    parts = []
    for key, part in df.groupby(by, sort=False):
        years = range(int(part["year"].min()), int(part["year"].max()) + 1)
        full = part.set_index("year").reindex(years)
        full[by] = key
        parts.append(full.reset_index())
    return pd.concat(parts, ignore_index=True)


def history_chart(
    history: pd.DataFrame, *, title_text: str, units: str, y_title: str, units_label: str, lang: str = "en"
) -> alt.LayerChart:
    """Observed series as lines with points; a missing year breaks the line. Columns: year, value, series."""
    base = alt.Chart(with_gaps(history)).encode(
        x=alt.X("year:Q", axis=YEAR_AXES[lang], scale=alt.Scale(zero=False)),
        y=alt.Y("value:Q", title=y_title),
        color=alt.Color("series:N", title=None),
        tooltip=[alt.Tooltip("series:N"), alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.2f")],
    )
    return alt.layer(base.mark_line(), base.mark_point(filled=True, size=40)).properties(
        title=title(title_text, units, units_label), width=WIDTH, height=HEIGHT
    )


def fan_chart(
    history: pd.DataFrame,
    projection: pd.DataFrame,
    levels,
    *,
    title_text: str,
    units: str,
    y_title: str,
    label: str,
    words: tuple[str, str, str] = ("record", "{level} % interval", "Units: "),
    lang: str = "en",
) -> alt.LayerChart:
    """Observed points and a projection: the median line and one shaded band per interval level. ``words``: the
    record's name, a band's name and 'Units: ' in the page's language; ``lang``: the year axis's."""
    layers = []
    for level in sorted(levels, reverse=True):
        name = level_name(level)
        band = projection.assign(band=words[1].format(level=name))
        layers.append(
            alt.Chart(band)
            .mark_area(opacity=0.18 if level == max(levels) else 0.3, color="#1f4e79")
            .encode(
                x=alt.X("year:Q", axis=YEAR_AXES[lang]),
                y=alt.Y(f"lower_{name}:Q", title=y_title),
                y2=f"upper_{name}:Q",
                tooltip=[
                    alt.Tooltip("year:Q", format="d"),
                    alt.Tooltip(f"lower_{name}:Q", format=",.1f"),
                    alt.Tooltip(f"upper_{name}:Q", format=",.1f"),
                    alt.Tooltip("band:N"),
                ],
            )
        )
    layers.append(
        alt.Chart(projection.assign(series=label))
        .mark_line(strokeDash=[6, 3], color="#1f4e79")
        .encode(
            x="year:Q", y="mean:Q", tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("mean:Q", format=",.1f")]
        )
    )
    record = history if "series" in history else history.assign(series=words[0])
    hist = alt.Chart(with_gaps(record)).encode(
        x=alt.X("year:Q", axis=YEAR_AXES[lang], scale=alt.Scale(zero=False)),
        y="value:Q",
        tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.2f")],
    )
    layers += [hist.mark_line(color="#222"), hist.mark_point(filled=True, color="#222", size=40)]
    return alt.layer(*layers).properties(title=title(title_text, units, words[2]), width=WIDTH, height=HEIGHT)


SCENARIO_COLOURS = {"trend": "#7f7f7f", "plan": "#2e75b6", "accelerated": "#548235", "baseline": "#7f7f7f"}


def band_chart(
    df: pd.DataFrame,
    level: float,
    *,
    title_text: str,
    subtitle: str,
    y_title: str,
    points: pd.DataFrame | None = None,
    value_format: str = ",.1f",
    axis_format: str | None = None,
    colours: list[str] | None = None,
    words: tuple[str, str, str] = ("scenario", "other series", "Units: "),
) -> alt.LayerChart:
    """Median line and the central ``level`` band per scenario (columns: year, scenario, median, lower_XX,
    upper_XX); ``points`` (year, value, series) are other series (records, checks, targets) drawn in black, one
    shape per series, never joined to the model. ``colours``: one per scenario when the scenarios are shown by
    a label other than their name; ``words``: the legends' titles and 'Units: ' in the page's language."""
    tag = level_name(level)
    names = list(dict.fromkeys(df["scenario"]))
    # the legend shows each scenario's line at full strength, not its pale band
    colour = alt.Color(
        "scenario:N",
        sort=names,
        title=words[0],
        scale=alt.Scale(domain=names, range=colours or [SCENARIO_COLOURS.get(n, "#444") for n in names]),
        legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=3, symbolOpacity=1),
    )
    axis = alt.Axis(format=axis_format) if axis_format else alt.Axis()
    base = alt.Chart(df).encode(x=alt.X("year:Q", axis=YEAR_AXIS, scale=alt.Scale(zero=False)), color=colour)
    layers = [
        base.mark_area(opacity=0.18).encode(y=alt.Y(f"lower_{tag}:Q", title=y_title, axis=axis), y2=f"upper_{tag}:Q"),
        base.mark_line().encode(
            y="median:Q",
            tooltip=[
                "scenario:N",
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("median:Q", format=value_format),
                alt.Tooltip(f"lower_{tag}:Q", format=value_format),
                alt.Tooltip(f"upper_{tag}:Q", format=value_format),
            ],
        ),
    ]
    if points is not None and not points.empty:
        layers.append(
            alt.Chart(points)
            .mark_point(filled=True, color="#222", size=60)
            .encode(
                x="year:Q",
                y="value:Q",
                shape=alt.Shape("series:N", title=words[1], legend=alt.Legend(columns=1, labelLimit=330)),
                tooltip=["series:N", alt.Tooltip("year:Q", format=".2f"), alt.Tooltip("value:Q", format=value_format)],
            )
        )
    return alt.layer(*layers).properties(title=title(title_text, subtitle, words[2]), width=WIDTH, height=HEIGHT)


def effects_chart(effects: pd.Series, *, title_text: str, units: str, units_label: str) -> alt.Chart:
    """Horizontal bars of decomposition effects (positive raises, negative lowers)."""
    df = effects.rename("effect").rename_axis("factor").reset_index()
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("factor:N", sort=None, title=None),
            x=alt.X("effect:Q", title=units),
            color=alt.condition("datum.effect > 0", alt.value("#c55a11"), alt.value("#2e75b6")),
            tooltip=["factor:N", alt.Tooltip("effect:Q", format=",.2f")],
        )
        .properties(title=title(title_text, units, units_label), width=WIDTH, height=40 * len(df) + 20)
    )
