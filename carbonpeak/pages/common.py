"""What the sector chapters share: one run of the city model with the synthesis' parameters, bands of any
modelled quantity per scenario, a chart of those bands, and the tables they share (rendered by
``pages.tables.Table``).

Every sector chapter declares the synthesis' run parameters (scenarios, horizon_end, draws, seed, levels)
with the same defaults and calls ``run`` once, which is the synthesis' own run: the same parameters give the
same numbers in every chapter.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts, data
from carbonpeak.constants import MILESTONES, PEAK_MILESTONE, level_name
from carbonpeak.formats import probability
from carbonpeak.inputs import assumptions
from carbonpeak.model import core, scoring, summary
from carbonpeak.model.synthesis import load_scenarios
from carbonpeak.model.synthesis import run as synthesis_run
from carbonpeak.pages import messages
from carbonpeak.pages.tables import Table
from carbonpeak.targets import load_targets, trends

MODEL_SOURCES = ["ceads_city", "ceads_provinces", "official_points", "literature", "crea_power"]
MODEL_GRADES = ["measured", "official_point", "proxy", "derived", "assumption"]
MODEL_NOTE = messages.text("common.source.model", "en")


def run(scenarios: str, draws: int, seed: int, horizon_end: int):
    """The synthesis' run of the city model for these parameters (carbonpeak.model.synthesis.run)."""
    return synthesis_run(load_scenarios(scenarios), draws, seed, horizon_end)


def shown_years(horizon_end: int, years=MILESTONES) -> list[int]:
    """The milestone years a table shows: 2025, 2030 and the horizon, where the run reaches them."""
    return sorted({y for y in (*years, horizon_end) if y <= horizon_end})


def key_years(horizon_end: int) -> tuple[int, ...]:
    """The years key numbers are published for: 2025 and 2030, or the horizon when the run stops earlier."""
    return tuple(sorted({min(y, horizon_end) for y in MILESTONES}))


def key_year(horizon_end: int) -> int:
    """The year the Key findings speak of: 2030, or the horizon when the run stops earlier."""
    return min(PEAK_MILESTONE, horizon_end)


def narrowest(levels) -> float:
    """The narrowest of the interval levels (the smallest)."""
    return sorted(levels)[0]


def bands(ensemble, values_of: Callable, levels) -> pd.DataFrame:
    """Median and central intervals of a quantity (``values_of(result)``: draws x years) per scenario."""
    return pd.concat(
        [summary.bands(values_of(r), r.years, levels).assign(scenario=name) for name, r in ensemble], ignore_index=True
    )


def numbers_by_scenario(numbers: dict, names, lang: str = "en") -> Callable[..., str]:
    """A function that lists one key number per scenario: ``each("co2_{s}_2030", "Mt")`` gives
    "41.2 Mt (baseline), 41.5 Mt (plan)" for the scenarios in ``names`` that have the key (in Chinese
    "基准情景41.2…", the unit given in Chinese)."""

    def each(key: str, unit: str, scale: float = 1.0, fmt: str = "g") -> str:
        return messages.join(
            (
                messages.text(
                    "common.by_scenario.item",
                    lang,
                    value=format(numbers[key.format(s=s)] * scale, fmt),
                    unit=unit,
                    scenario=messages.label("scenario", s, lang),
                )
                for s in names
                if key.format(s=s) in numbers
            ),
            lang,
        )

    return each


def interval_columns(df: pd.DataFrame) -> list[str]:
    """The interval levels in a bands table, narrowest first ('80', '95')."""
    tags = {c[len("lower_") :] for c in df.columns if c.startswith("lower_")}
    return sorted(tags, key=lambda t: float(t.replace("_", ".")))


def _fmt(x: float, digits: int) -> str:
    return f"{x:,.{digits}f}" if digits > 0 else f"{round(x, digits):,.0f}"  # digits < 0: to tens, hundreds


def years_table(quantities, ensemble, years, level: float, lang: str = "en") -> Table:
    """One row per quantity and scenario, one column per year: 'median (lower to upper)' of the central
    ``level`` interval. ``quantities``: (label with unit, function of a result giving draws x years,
    decimals, scale) each."""
    rows = []
    key = "common.years_table"
    quantity, scenario = messages.text(f"{key}.quantity", lang), messages.text(f"{key}.scenario", lang)
    for label, values_of, digits, scale in quantities:
        df = bands(ensemble, values_of, [level])
        tag = level_name(level)
        for name in ensemble.results:
            part = df[df["scenario"] == name].set_index("year")
            row = {quantity: label, scenario: messages.label("scenario", name, lang)}
            for y in years:
                r = part.loc[y]
                row[str(y)] = messages.text(
                    f"{key}.cell",
                    lang,
                    median=_fmt(r["median"] * scale, digits),
                    lower=_fmt(r[f"lower_{tag}"] * scale, digits),
                    upper=_fmt(r[f"upper_{tag}"] * scale, digits),
                )
            rows.append(row)
    caption = messages.text(f"{key}.caption", lang, level=level_label(level, lang))
    return Table(pd.DataFrame(rows), caption=caption, lang=lang)


def cell_median(cell: str) -> float:
    """The median in a years_table cell, '41.2 (36.6 to 45.8)' -> 41.2."""
    return float(cell.split(" (")[0].replace(",", ""))


def median_at(df: pd.DataFrame, scenario: str, year: int, column: str = "median") -> float:
    """One value of a bands table (the median unless ``column`` names another) for a scenario and year."""
    row = df[(df["scenario"] == scenario) & (df["year"] == year)]
    return float(row[column].iloc[0])


def title(text: str, units: str, lang: str) -> alt.TitleParams:
    """A chart title whose subtitle states the units (charts.title, in the page's language)."""
    return charts.title(text, units, messages.text("common.unit.units", lang))


def figure(chart, *, alt_text: str, sources, grades, extra: str = "", data, filename: str, lang: str, columns=""):
    """A chart with its source note and its CSV download in the page's language; ``columns``: the catalogue
    prefix that names the page's own CSV columns (``<columns>.<column>``, where the catalogue has one)."""
    csv = messages.figure_csv(lang)
    if csv and columns:
        known = messages.catalogue()
        own = {c: messages.text(f"{columns}.{c}", lang) for c in data.columns if f"{columns}.{c}" in known}
        csv["csv_columns"] = csv["csv_columns"] | own
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=messages.source_note(sources, grades, extra, lang),
        data=data,
        filename=filename,
        **csv,
    )


# a model quantity's unit -> its conversion to the page's unit and the value format that unit supports
QUANTITIES = {
    "co2": (messages.co2, {"en": ",.1f", "zh": ",.0f"}),  # 0.1 Mt = 10 万吨
    "twh": (messages.electricity, {"en": ",.1f", "zh": ",.0f"}),  # 0.1 TWh = 1 亿千瓦时
}


def model_figure(
    ensemble,
    values_of: Callable,
    level: float,
    *,
    key: str = "",
    quantity: str = "",
    words: dict | None = None,
    lang: str = "en",
    **figure,
) -> charts.Figure:
    """``band_figure`` of one model quantity (``values_of(result)``: draws x years) across the scenarios.
    ``key``: the catalogue prefix whose ``title``, ``subject`` and ``note`` (where the catalogue has one) label
    the chart, formatted with ``words``; ``quantity`` (a key of QUANTITIES): values in Mt CO2 or TWh, shown in
    the page's unit with its units, axis title and format. Arguments in ``figure`` override both."""
    labels, convert = {}, values_of
    if quantity:
        scale, formats = QUANTITIES[quantity]
        labels.update(
            units=messages.text(f"common.unit.{quantity}.per_year", lang),
            y_title=messages.text(f"common.unit.{quantity}.axis", lang),
            value_format=formats[lang],
        )
        convert = lambda r: scale(values_of(r), lang)  # noqa: E731
    if key:
        words = words or {}
        labels.update(
            title_text=messages.text(f"{key}.title", lang, **words),
            subject=messages.text(f"{key}.subject", lang, **words),
            note=messages.text(f"{key}.note", lang, **words) if messages.has(f"{key}.note") else "",
        )
    return band_figure(bands(ensemble, convert, [level]), level, lang=lang, **{**labels, **figure})


def band_figure(
    df: pd.DataFrame,
    level: float,
    *,
    title_text: str,
    units: str,
    y_title: str,
    subject: str,
    filename: str,
    points: pd.DataFrame | None = None,
    sources=None,
    grades=None,
    note: str = "",
    value_format: str = ",.1f",
    axis_format: str | None = None,
    lang: str = "en",
) -> charts.Figure:
    """``charts.band_chart`` with its alt text (medians in 2030 or the last year), source note and data, in the
    page's language (the caller gives the titles, units and points' series in that language)."""
    key = "common.band"
    names = list(dict.fromkeys(df["scenario"]))
    df = df.assign(scenario=df["scenario"].map(lambda s: messages.label("scenario", s, lang)))
    band = level_label(level, lang)
    chart = charts.band_chart(
        df,
        level,
        title_text=title_text,
        subtitle=messages.text(f"{key}.subtitle", lang, units=units, level=band),
        y_title=y_title,
        points=points,
        value_format=value_format,
        axis_format=axis_format,
        colours=[charts.SCENARIO_COLOURS.get(n, "#444") for n in names],
        words=(
            messages.text(f"{key}.scenario", lang),
            messages.text(f"{key}.other_series", lang),
            messages.text("common.unit.units", lang),
        ),
    )
    year = min(PEAK_MILESTONE, int(df["year"].max()))
    med = df[df["year"] == year].set_index("scenario")
    items = (
        messages.text(f"{key}.alt_item", lang, value=format(float(r["median"]), value_format), scenario=k)
        for k, r in med.iterrows()
    )
    alt_text = messages.text(
        f"{key}.alt",
        lang,
        subject=subject,
        level=band,
        first=int(df["year"].min()),
        year=year,
        items=messages.join(items, lang),
        units=units,
    ) + (
        messages.text(f"{key}.alt_points", lang, series=messages.join(dict.fromkeys(points["series"]), lang))
        if points is not None and not points.empty
        else ""
    )
    data = (
        df
        if points is None
        else pd.concat(
            [
                df.assign(kind=messages.text(f"{key}.model", lang)),
                points.assign(kind=messages.text(f"{key}.other_series", lang)),
            ],
            ignore_index=True,
        )
    )
    extra = messages.text("common.source.model", lang) + (
        messages.text("common.source.extra", lang, text=note) if note else ""
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=messages.source_note(sources or MODEL_SOURCES, grades or MODEL_GRADES, extra, lang),
        data=data,
        filename=filename,
        **messages.figure_csv(lang),
    )


def stacked_figure(
    df: pd.DataFrame,
    *,
    item: str,
    title_text: str,
    units: str,
    y_title: str,
    subject: str,
    filename: str,
    line: pd.DataFrame | None = None,
    line_label: str = "",
    note: str = "",
    lang: str = "en",
) -> charts.Figure:
    """Stacked areas of medians by ``item`` (columns year, ``item``, median), with an optional line (year,
    median) such as the total it should match; the legend, alt text and note in the page's language (the caller
    gives the titles, units and parts' names in it)."""
    item_title = messages.label("column", item, lang)
    order = list(dict.fromkeys(df[item]))
    rank = " + ".join(f"(datum['{item}'] == '{p}') * {i}" for i, p in enumerate(order))
    layers = [
        alt.Chart(df)
        .mark_area()
        .encode(
            x=alt.X("year:Q", axis=charts.YEAR_AXIS),
            y=alt.Y("median:Q", stack="zero", title=y_title),
            color=alt.Color(f"{item}:N", sort=order, title=item_title, legend=alt.Legend(columns=2)),
            order=alt.Order("rank:Q"),
            tooltip=[f"{item}:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("median:Q", format=",.1f")],
        )
        .transform_calculate(rank=rank)
    ]
    if line is not None:
        layers.append(
            alt.Chart(line.assign(series=line_label))
            .mark_line(color="#222", strokeDash=[5, 3])
            .encode(
                x="year:Q",
                y="median:Q",
                tooltip=["series:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("median:Q", format=",.1f")],
            )
        )
    chart = alt.layer(*layers).properties(
        title=title(title_text, units, lang),
        width=charts.WIDTH,
        height=charts.HEIGHT,
    )
    year = min(PEAK_MILESTONE, int(df["year"].max()))
    at = df[df["year"] == year]
    values = (messages.text("common.stacked.alt_item", lang, name=r[item], value=r["median"]) for _, r in at.iterrows())
    alt_text = messages.text(
        "common.stacked.alt",
        lang,
        subject=subject,
        item=item_title,
        year=year,
        values=messages.join(values, lang),
        units=units,
    ) + (messages.text("common.stacked.alt_line", lang, label=line_label) if line is not None else "")
    extra = messages.text("common.source.model", lang) + messages.text("common.source.parts", lang)
    data = df if line is None else pd.concat([df, line.assign(**{item: line_label})], ignore_index=True)
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=messages.source_note(
            MODEL_SOURCES,
            MODEL_GRADES,
            extra + (messages.text("common.source.extra", lang, text=note) if note else ""),
            lang,
        ),
        data=data,
        filename=filename,
        **messages.figure_csv(lang),
    )


def attributed_electricity_co2(result, uses) -> np.ndarray:
    """CO2 of the electricity ``uses`` consume at the city's average supply factor (power plants' and
    imports' CO2 over total demand), Mt (draws x years): a consumption view, not an extra emission."""
    demand = sum(result.demand.values())
    share = sum(result.demand[u] for u in uses) / demand
    return share * (result.parts["power plants"] + result.imported)


def level_label(level: float, lang: str = "en") -> str:
    """0.8 -> '80 %' (the book writes a space before %; Chinese writes 80%)."""
    return messages.text("common.band.level", lang, level=100 * level)


def figure_value(v: float) -> str:
    """A point figure as read: thousands separated, small numbers as given (1,700,000; 635.8; 0.07)."""
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}"


# a point figure's unit (by how its name starts) that a language writes in another size: TWh as 亿千瓦时, GW as
# 万千瓦 (the chapter's catalogue names the unit; ``points_table(..., scaled=True)``)
POINT_SCALES = {"en": {}, "zh": {"TWh": 10, "GW": 100}}


def points_table(prefixes, lang: str = "en", names: str = "", scaled: bool = False) -> Table:
    """The point figures whose variable starts with one of ``prefixes`` (year, figure, value, unit, source, grade);
    in Chinese each figure and unit by the chapter's catalogue (``names``: its key, with a ``figure`` and a
    ``unit`` group) and each source by its short name; ``scaled``: each value in the size the language writes
    its unit in (POINT_SCALES)."""
    pts = data.points()
    df = pts[pts["variable"].str.startswith(tuple(prefixes))]
    if scaled:
        df = df.assign(value=[v * _point_scale(u, lang) for v, u in zip(df["value"], df["unit"], strict=True)])
    key = "common.points"

    def name(group: str, x: str) -> str:
        return messages.text(f"{names}.{group}.{x}", lang) if names else x

    out = pd.DataFrame(
        {
            messages.text(f"{key}.year", lang): df["year"].astype(int),
            messages.text(f"{key}.figure", lang): df["variable"].map(lambda v: name("figure", v)),
            messages.text(f"{key}.value", lang): df["value"].map(figure_value),
            messages.text(f"{key}.unit", lang): df["unit"].map(lambda u: name("unit", u)),
            messages.text(f"{key}.source", lang): df["source"].map(lambda x: messages.label("point_source", x, lang)),
            "grade": df["grade"].map(lambda g: messages.label("grade", g, lang)),
        }
    )
    if out["grade"].nunique() == 1:  # one grade for every row: said once, above the table
        return Table(
            out.drop(columns="grade"),
            caption=messages.text(f"{key}.caption_grade", lang, grade=out["grade"].iloc[0]),
            lang=lang,
        )
    return Table(out.rename(columns={"grade": messages.text(f"{key}.grade", lang)}), lang=lang)


def _point_scale(unit: str, lang: str) -> float:
    """What a value in ``unit`` (or ``unit (a qualifier)``) is multiplied by in the language's size of it."""
    return next((k for u, k in POINT_SCALES[lang].items() if unit == u or unit.startswith(u + " (")), 1)


def quantity(x, unit: str) -> str:
    """A value in a target's unit as read: whole counts and years without decimals (2030, 1,234,567),
    others to three significant digits; missing as blank."""
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return ""
    x = float(x)
    if unit == "year":
        return f"{x:.0f}"
    if unit in ("vehicles", "count") or abs(x) >= 1000:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def scorecard_download(board: pd.DataFrame, chapter: str, lang: str = "en") -> charts.Download:
    """The chapter's scorecard as CSV (``<chapter>_scorecard.csv``): the board as scored; in Chinese with Chinese
    headers, the plan's own indicator names and the statuses and bases in Chinese."""
    key = "common.scorecard"
    plan_words = load_targets().set_index("id")["indicator_zh"]
    df = board.assign(
        indicator=[
            messages.text(f"{key}.indicator_text", lang, en=i, zh=plan_words[t])
            for t, i in zip(board["id"], board["indicator"], strict=True)
        ],
        status=board["status"].map(lambda x: messages.label("status", x, lang)),
        basis=board["basis"].map(lambda x: basis_label(x, lang)),
    )
    df = df.rename(columns={c: messages.text(f"{key}.column.{c}", lang) for c in df.columns})
    return charts.Download(
        df,
        f"{chapter}_scorecard",
        messages.text(f"{key}.download", lang),
        messages.text("common.table.download_rows", lang, n="{n}"),
    )


def headed(key: str, lang: str, columns: dict, **words) -> pd.DataFrame:
    """A table from ``{message name: values}``, headed by the catalogue's ``key.<name>`` (formatted with
    ``words``) in the page's language; a column whose header is empty in this language is left out."""
    named = {messages.text(f"{key}.{name}", lang, **words): values for name, values in columns.items()}
    return pd.DataFrame({k: v for k, v in named.items() if k})


def basis_label(basis: str, lang: str = "en") -> str:
    """What a target's score rests on (carbonpeak.targets.score) in the page's language."""
    draws = re.fullmatch(r"from (\d+) draws", basis)
    if draws:
        return messages.text("common.scorecard.draws", lang, n=draws.group(1))
    if f"labels.basis.{basis}" not in messages.catalogue():  # a trend's own basis: its target's (target_basis)
        known = messages.catalogue().items()
        trend = [e for k, e in known if k.startswith("labels.target_basis.") and e.get("en") == basis]
        if trend and trend[0].get(lang):
            return trend[0][lang]
    return messages.label("basis", basis, lang)


def scorecard_table(board: pd.DataFrame, lang: str = "en") -> Table:
    """A chapter's scorecard for reading: the target in words and units, the probability in %, the median
    projected value, and what the projection rests on; in Chinese the plan's own name of each indicator."""
    key = "common.scorecard"
    plan_words = load_targets().set_index("id")["indicator_zh"]
    rows = {name: [] for name in ("id", "indicator", "target", "by", "status", "probability", "median", "basis")}
    for r in board.to_dict("records"):
        target = (
            ""
            if pd.isna(r["target_value"])
            else messages.text(
                f"{key}.target_text",
                lang,
                comparator=messages.label("comparator", r["comparator"], lang),
                value=quantity(r["target_value"], r["unit"]),
                unit=messages.label("target_unit", r["unit"], lang),
            )
        )
        p = r["probability"]
        for name, value in (
            ("id", r["id"]),
            ("indicator", messages.text(f"{key}.indicator_text", lang, en=r["indicator"], zh=plan_words[r["id"]])),
            ("target", target),
            ("by", r["target_year"] or ""),
            ("status", messages.label("status", r["status"], lang)),
            ("probability", "" if p is None or pd.isna(p) else probability(p, lang)),
            ("median", quantity(r["central"], r["unit"])),
            ("basis", basis_label(r["basis"], lang)),
        ):
            rows[name].append(value)
    return Table(headed(key, lang, rows), messages.text(f"{key}.caption", lang), lang=lang)


def model_baseline(ensemble, last_year: int):
    """The run's baseline result (the reference the plan's targets are scored against), or a baseline run
    with the same draws and seed when the run has none or stops before ``last_year``."""
    if "baseline" in ensemble.results and ensemble.horizon_end >= last_year:
        return ensemble.results["baseline"]
    return scoring.baseline_result(ensemble.draws, ensemble.seed)


def assumptions_frame(lang: str = "en") -> pd.DataFrame:
    """Every assumption the model reads: block, meaning, unit, stated value, range, grade, source (block,
    meaning and unit in the page's language, values in its units: 亿千瓦时 for TWh in Chinese)."""
    rows = []
    for block, names in core.NAMES.items():
        for name in names:
            a = assumptions.get(name)
            years = messages.join(map(str, a.milestones), lang, "enum")
            when = messages.text("common.assumptions.when", lang, years=years) if a.is_path else ""
            rows.append(
                {
                    "block": messages.label("block", block, lang),
                    "assumption": name,
                    "meaning": messages.label("assumption", name, lang) + when,
                    "unit": messages.label("unit", a.unit, lang),
                    "stated value": _shown(a.default, a.unit, lang),
                    "low": _shown(a.low, a.unit, lang),
                    "high": _shown(a.high, a.unit, lang),
                    "grade": a.grade,
                    "source": a.source,
                }
            )
    return pd.DataFrame(rows)


def assumptions_view(df: pd.DataFrame, caption: str | None = None, lang: str = "en") -> Table:
    """Assumptions (rows of ``assumptions_frame``) by their meaning, the name scenario files use beside it."""
    key = "common.assumptions"
    columns = {
        "block": df.get("block"),
        "assumption": df["meaning"],
        "name": df["assumption"],
        "unit": df["unit"],
        "stated": df["stated value"],
        "low": df["low"],
        "high": df["high"],
        "grade": df["grade"].map(lambda g: messages.label("grade", g, lang)),
        "source": df["source"],
    }
    return Table(
        headed(key, lang, {k: v for k, v in columns.items() if v is not None}),
        caption or messages.text(f"{key}.caption_all", lang),
        summary=messages.text(f"{key}.summary", lang),
        lang=lang,
    )


def assumptions_table(blocks, lang: str = "en") -> Table:
    """The model's assumptions in the given blocks (core.NAMES): stated value, range, unit, grade, source."""
    df = assumptions_frame(lang)
    df = df[df["block"].isin([messages.label("block", b, lang) for b in blocks])]
    return assumptions_view(df.drop(columns="block"), messages.text("common.assumptions.caption_blocks", lang), lang)


def _shown(value, unit: str = "", lang: str = "en") -> str:
    """A value as stated, in the page's unit (TWh as 亿千瓦时 in Chinese)."""
    scale = messages.electricity(1, lang) if unit.startswith("TWh") else 1
    if isinstance(value, (list, tuple)):
        return ", ".join(f"{v * scale:g}" for v in value)
    return f"{value * scale:g}"


def scenario_changes(ensemble, blocks, lang: str = "en") -> Table:
    """What each scenario of the run sets differently from the defaults in the given blocks (its own
    overrides and those of the scenarios it extends; a later one replaces an earlier one)."""
    key = "common.scenario_changes"
    names = {n for b in blocks for n in core.NAMES[b]}
    rows = []
    for name, scenario in ensemble.scenarios.items():
        changes = {}
        for link in scenario.chain():
            changes.update(
                {
                    k: (e["value"], link.name, " ".join(str(e["source"]).split()))
                    for k, e in link.overrides.items()
                    if k in names
                }
            )
        for k, (value, where, source) in changes.items():
            unit = _unit(k)
            rows.append(
                {
                    "scenario": messages.label("scenario", name, lang),
                    "assumption": messages.text(
                        f"{key}.assumption_text", lang, label=messages.label("assumption", k, lang), name=k
                    ),
                    "value": f"{_shown(value, unit, lang)} {messages.label('unit', unit, lang)}".strip(),
                    "set_by": messages.label("scenario", where, lang),
                    "source": source,
                }
            )
    caption = messages.text(f"{key}.caption", lang)
    if not rows:
        none = messages.text(f"{key}.none", lang)
        scenarios = [messages.label("scenario", s, lang) for s in ensemble.scenarios]
        return Table(headed(key, lang, {"scenario": scenarios, "assumption": none}), caption, lang=lang)
    df = pd.DataFrame(rows)
    return Table(headed(key, lang, {c: df[c] for c in df.columns}), caption, lang=lang)


def _unit(name: str) -> str:
    return assumptions.get(name).unit


def trend_table(sector: str | None = None, lang: str = "en") -> Table:
    """The targets scored from the pace between their two latest figures (carbonpeak.targets.trends), for
    reading: each figure with when it was, the pace, and the projected median and 10-90 % range at the target
    date, in the target's unit (what the pace rests on is the source's own English)."""
    df = trends.trend_table(sector)
    units = load_targets().set_index("id")["unit"]
    key = "common.trend_table"

    def figure(v, t) -> str:
        return messages.text(f"{key}.figure_text", lang, value=figure_value(v), when=f"{t:g}")

    def pace(text: str) -> str:  # '+7.5 a year' (carbonpeak.targets.trends) in the page's language
        return messages.text(f"{key}.pace_text", lang, value=text.removesuffix(" a year"))

    out = headed(
        key,
        lang,
        {
            "target": df["id"],
            "unit": df["id"].map(lambda t: messages.label("target_unit", units[t], lang)),
            "first": [figure(v, t) for v, t in zip(df["first"], df["first at"], strict=False)],
            "latest": [figure(v, t) for v, t in zip(df["last"], df["last at"], strict=False)],
            "pace": df["pace"].map(pace),
            "projected_to": df["target at"].map(lambda t: f"{t:g}"),
            "median": [
                messages.text(
                    f"{key}.range_text", lang, median=figure_value(m), low=figure_value(a), high=figure_value(b)
                )
                for m, a, b in zip(df["median"], df["10 %"], df["90 %"], strict=False)
            ],
            "basis": df["id"].map(lambda t: messages.label("target_basis", t, lang)),
        },
    )
    return Table(out, messages.text(f"{key}.caption", lang), lang=lang)
