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
from carbonpeak.constants import MILESTONES, level_name
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
MODEL_NOTE = "City model; medians and central intervals of the seeded draws."


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
    return min(2030, horizon_end)


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
    "4120万吨（基准情景）" with the unit and scale given)."""

    def each(key: str, unit: str, scale: float = 1.0, fmt: str = "g") -> str:
        return messages.join(
            (
                messages.text(
                    "common.page.scenario_value",
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
    return f"{x:,.{digits}f}" if digits > 0 else f"{x:,.0f}"


def years_table(quantities, ensemble, years, level: float, lang: str = "en") -> Table:
    """One row per quantity and scenario, one column per year: 'median (lower to upper)' of the central
    ``level`` interval. ``quantities``: (label with unit, function of a result giving draws x years,
    decimals, scale) each."""
    rows = []
    for label, values_of, digits, scale in quantities:
        df = bands(ensemble, values_of, [level])
        tag = level_name(level)
        for name in ensemble.results:
            part = df[df["scenario"] == name].set_index("year")
            row = {
                messages.text("common.page.quantity", lang): label,
                messages.text("common.page.scenario", lang): messages.label("scenario", name, lang),
            }
            for y in years:
                r = part.loc[y]
                row[str(y)] = messages.text(
                    "common.page.median_range",
                    lang,
                    median=_fmt(r["median"] * scale, digits),
                    lower=_fmt(r[f"lower_{tag}"] * scale, digits),
                    upper=_fmt(r[f"upper_{tag}"] * scale, digits),
                )
            rows.append(row)
    caption = messages.text("common.page.median_caption", lang, level=level_label(level, lang))
    return Table(pd.DataFrame(rows), caption=caption)


def cell_median(cell: str) -> float:
    """The median in a years_table cell, '41.2 (36.6 to 45.8)' -> 41.2."""
    return float(cell.split(" (")[0].replace(",", ""))


def median_at(df: pd.DataFrame, scenario: str, year: int, column: str = "median") -> float:
    """One value of a bands table (the median unless ``column`` names another) for a scenario and year."""
    row = df[(df["scenario"] == scenario) & (df["year"] == year)]
    return float(row[column].iloc[0])


def model_figure(ensemble, values_of: Callable, level: float, **figure) -> charts.Figure:
    # a figure's labels follow its language (``lang`` among ``figure``, as ``band_figure`` takes it)
    """``band_figure`` of one model quantity (``values_of(result)``: draws x years) across the scenarios."""
    return band_figure(bands(ensemble, values_of, [level]), level, **figure)


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
    """``charts.band_chart`` with its alt text (medians in 2030 or the last year), source note and data, in
    ``lang`` (the caller gives titles, units and notes in that language)."""
    M = messages.text
    df = df.assign(scenario=df["scenario"].map(lambda s: messages.label("scenario", s, lang)))
    chart = charts.band_chart(
        df,
        level,
        title_text=title_text,
        subtitle=M("common.page.band_subtitle", lang, units=units, level=level_label(level, lang)),
        scenario_title=M("common.page.scenario", lang),
        points_title=M("common.page.other_series", lang),
        units_label=M("common.unit.units", lang),
        colours={messages.label("scenario", n, lang): c for n, c in charts.SCENARIO_COLOURS.items()},
        y_title=y_title,
        points=points,
        value_format=value_format,
        axis_format=axis_format,
    )
    year = min(2030, int(df["year"].max()))
    med = df[df["year"] == year].set_index("scenario")
    alt_text = M(
        "common.page.band_alt",
        lang,
        subject=subject,
        level=level_label(level, lang),
        first=int(df["year"].min()),
        year=year,
        medians=messages.join(
            (
                M("common.page.value_of", lang, value=format(float(r["median"]), value_format), name=k)
                for k, r in med.iterrows()
            ),
            lang,
        ),
        units=units,
    ) + (
        M("common.page.band_points", lang, series=messages.join(dict.fromkeys(points["series"]), lang))
        if points is not None and not points.empty
        else ""
    )
    data = (
        df
        if points is None
        else pd.concat(
            [df.assign(kind=M("common.page.kind_model", lang)), points.assign(kind=M("common.page.kind_other", lang))],
            ignore_index=True,
        )
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=messages.source_note(
            sources or MODEL_SOURCES,
            grades or MODEL_GRADES,
            M("common.page.note", lang, a=M("common.page.model_note", lang), b=note).strip(),
            lang,
        ),
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
    median) such as the total it should match; the legend, alt text and note in ``lang``."""
    M = messages.text
    order = list(dict.fromkeys(df[item]))
    rank = " + ".join(f"(datum['{item}'] == '{p}') * {i}" for i, p in enumerate(order))
    layers = [
        alt.Chart(df)
        .mark_area()
        .encode(
            x=alt.X("year:Q", axis=charts.YEAR_AXIS),
            y=alt.Y("median:Q", stack="zero", title=y_title),
            color=alt.Color(
                f"{item}:N", sort=order, title=messages.label("column", item, lang), legend=alt.Legend(columns=2)
            ),
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
        title=charts.title(title_text, units, M("common.unit.units", lang)), width=charts.WIDTH, height=charts.HEIGHT
    )
    year = min(2030, int(df["year"].max()))
    at = df[df["year"] == year]
    alt_text = M(
        "common.page.stacked_alt",
        lang,
        subject=subject,
        item=messages.label("column", item, lang),
        year=year,
        values=messages.join(
            (M("common.page.stacked_item", lang, name=r[item], value=r["median"]) for _, r in at.iterrows()), lang
        ),
        units=units,
    ) + (M("common.page.stacked_line", lang, label=line_label) if line is not None else "")
    data = df if line is None else pd.concat([df, line.assign(**{item: line_label})], ignore_index=True)
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=messages.source_note(
            MODEL_SOURCES,
            MODEL_GRADES,
            M("common.page.note", lang, a=M("common.page.stacked_note", lang), b=note).strip(),
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
    """0.8 -> '80 %' (the book writes a space before %; '80%' in Chinese)."""
    return messages.text("common.page.level", lang, value=f"{100 * level:g}")


def figure_value(v: float) -> str:
    """A point figure as read: thousands separated, small numbers as given (1,700,000; 635.8; 0.07)."""
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}"


def points_table(prefixes, lang: str = "en") -> Table:
    """The point figures whose variable starts with one of ``prefixes`` (year, figure, value, unit, source, grade);
    in Chinese a figure, unit and source by their labels (labels.yml: point, unit, point_source)."""
    pts = data.points()
    df = pts[pts["variable"].str.startswith(tuple(prefixes))]

    def head(name: str) -> str:
        return messages.text(f"common.page.points.{name}", lang)

    out = pd.DataFrame(
        {
            head("year"): df["year"].astype(int),
            head("figure"): df["variable"].map(lambda v: messages.label("point", v, lang)),
            head("value"): [
                figure_value(v * _unit_scale(u, lang)) for v, u in zip(df["value"], df["unit"], strict=True)
            ],
            head("unit"): df["unit"].map(lambda u: messages.label("unit", u, lang)),
            head("source"): df["source"].map(lambda u: messages.label("point_source", u, lang)),
            head("grade"): df["grade"].map(lambda g: messages.label("grade", g, lang)),
        }
    )
    grade = head("grade")
    if out[grade].nunique() == 1:  # one grade for every row: said once, above the table
        return Table(
            out.drop(columns=grade),
            caption=messages.text("common.page.points.caption", lang, grade=out[grade].iloc[0]),
            lang=lang,
        )
    return Table(out, lang=lang)


TWH_SCALE = {"en": 1, "zh": 10}  # one TWh in the language's unit of electricity (亿千瓦时 in Chinese)
# a unit (by how its name starts) that a language writes in another size: TWh as 亿千瓦时, GW as 万千瓦
UNIT_SCALES = {"en": {}, "zh": {"TWh": 10, "GW": 100, "Mt": 100}}


def _unit_scale(unit: str, lang: str) -> float:
    """What a value in ``unit`` (or in ``unit (a qualifier)``) is multiplied by in the language's unit (TWh ->
    亿千瓦时, GW -> 万千瓦, Mt -> 万吨)."""
    unit = str(unit)
    return next((k for u, k in UNIT_SCALES[lang].items() if unit == u or unit.startswith(u + " (")), 1)


def _scaled(value, unit: str, lang: str):
    """A value (or a path of values) in the language's unit."""
    k = _unit_scale(unit, lang)
    return [v * k for v in value] if isinstance(value, (list, tuple)) else value * k


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


def scorecard_table(board: pd.DataFrame, lang: str = "en") -> Table:
    """A chapter's scorecard for reading: the target in words and units, the probability in %, the median
    projected value, and what the projection rests on (in Chinese the plan's indicator and the catalogue's
    words: labels.yml unit, basis)."""
    indicators = load_targets().set_index("id")[f"indicator_{lang}"]

    def head(name: str) -> str:
        return messages.text(f"common.page.scorecard.{name}", lang)

    rows = []
    for r in board.to_dict("records"):
        unit = messages.label("unit", r["unit"], lang)
        target = (
            ""
            if pd.isna(r["target_value"])
            else messages.text(
                "common.page.scorecard.target_value",
                lang,
                comparator=messages.label("comparator", r["comparator"], lang),
                value=quantity(_scaled(r["target_value"], r["unit"], lang), r["unit"]),
                unit=unit,
            )
        )
        rows.append(
            {
                head("id"): r["id"],
                head("indicator"): messages.text(
                    "common.page.scorecard.indicator_text", lang, en=r["indicator"], zh=indicators.get(r["id"], "")
                ),
                head("target"): target,
                head("by"): r["target_year"] or "",
                head("status"): messages.label("status", r["status"], lang),
                head("probability"): ""
                if r["probability"] is None or pd.isna(r["probability"])
                else probability(r["probability"], lang),
                head("central"): quantity(
                    None if r["central"] is None else _scaled(r["central"], r["unit"], lang), r["unit"]
                ),
                head("basis"): _basis(r["basis"], lang),
            }
        )
    return Table(pd.DataFrame(rows), head("caption"))


def _basis(basis: str, lang: str) -> str:
    """What a score rests on in the language ('from 2000 draws': a count in a sentence of the catalogue)."""
    draws = re.fullmatch(r"from (\d+) draws", str(basis))
    if draws:
        return messages.text("common.page.scorecard.from_draws", lang, n=draws.group(1))
    return messages.label("basis", basis, lang)


def model_baseline(ensemble, last_year: int):
    """The run's baseline result (the reference the plan's targets are scored against), or a baseline run
    with the same draws and seed when the run has none or stops before ``last_year``."""
    if "baseline" in ensemble.results and ensemble.horizon_end >= last_year:
        return ensemble.results["baseline"]
    return scoring.baseline_result(ensemble.draws, ensemble.seed)


BLOCK_LABELS = {
    "drivers": "drivers",
    "industry": "industry",
    "buildings": "buildings",
    "road": "road transport",
    "other": "other transport and sectors",
    "electricity": "electricity supply",
    "uncertainty": "structural discrepancy",
    "targets": "the plan's targets",
}


def assumptions_frame(lang: str = "en") -> pd.DataFrame:
    """Every assumption the model reads: block, meaning, unit, stated value, range, grade, source (the meaning
    and unit in ``lang``; the block's English label, which tables select by)."""
    rows = []
    for block, names in core.NAMES.items():
        for name in names:
            a = assumptions.get(name)
            years = messages.join(map(str, a.milestones), lang)
            when = messages.text("common.page.milestones", lang, years=years) if a.is_path else ""
            rows.append(
                {
                    "block": BLOCK_LABELS[block],
                    "assumption": name,
                    "meaning": messages.label("assumption", name, lang) + when,
                    "unit": messages.label("unit", a.unit, lang),
                    "stated value": _shown(_scaled(a.default, a.unit, lang)),
                    "low": _shown(_scaled(a.low, a.unit, lang)),
                    "high": _shown(_scaled(a.high, a.unit, lang)),
                    "grade": a.grade,
                    "source": source_text(name, a.source, lang),
                }
            )
    return pd.DataFrame(rows)


def assumptions_view(df: pd.DataFrame, caption: str | None = None, lang: str = "en") -> Table:
    """Assumptions (rows of ``assumptions_frame``) by their meaning, the name scenario files use beside it."""
    out = df.assign(
        grade=df["grade"].map(lambda g: messages.label("grade", g, lang)),
        assumption=df["assumption"].map(lambda n: messages.text("common.page.assumptions.name_cell", lang, name=n)),
    ).rename(columns={"assumption": "name in scenario files", "meaning": "assumption"})
    cols = [
        c
        for c in (
            "block",
            "assumption",
            "name in scenario files",
            "unit",
            "stated value",
            "low",
            "high",
            "grade",
            "source",
        )
        if c in out
    ]
    heads = {c: messages.text(f"common.page.assumptions.{c.replace(' ', '_')}", lang) for c in cols}
    return Table(
        out[cols].rename(columns=heads),
        caption or messages.text("common.page.assumptions.caption_all", lang),
        summary=messages.text("common.page.assumptions.summary", lang),
        lang=lang,
    )


def assumptions_table(blocks, lang: str = "en") -> Table:
    """The model's assumptions in the given blocks (core.NAMES): stated value, range, unit, grade, source."""
    df = assumptions_frame(lang)
    df = df[df["block"].isin([BLOCK_LABELS[b] for b in blocks])]
    return assumptions_view(
        df.drop(columns="block"), messages.text("common.page.assumptions.caption_chapter", lang), lang
    )


def source_text(key: str, english: str, lang: str) -> str:
    """A source note in the language: the catalogue's translation (labels.yml, source_text) while its English
    still reads as ``english``, else the note as written."""
    entry = messages.catalogue().get(f"labels.source_text.{key}", {})
    return entry[lang] if entry.get("en") == english and entry.get(lang) else english


def _shown(value) -> str:
    return ", ".join(f"{v:g}" for v in value) if isinstance(value, (list, tuple)) else f"{value:g}"


def scenario_changes(ensemble, blocks, lang: str = "en") -> Table:
    """What each scenario of the run sets differently from the defaults in the given blocks (its own
    overrides and those of the scenarios it extends; a later one replaces an earlier one)."""
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
            rows.append(
                {
                    "scenario": messages.label("scenario", name, lang),
                    "assumption": messages.text(
                        "common.page.changes.assumption_text", lang, label=messages.label("assumption", k, lang), name=k
                    ),
                    "value": messages.text(
                        "common.page.changes.value_text",
                        lang,
                        value=_shown(_scaled(value, _unit(k), lang)),
                        unit=messages.label("unit", _unit(k), lang),
                    ).strip(),
                    "set by": messages.label("scenario", where, lang),
                    "source": source_text(f"{where}.{k}", source, lang),
                }
            )
    caption = messages.text("common.page.changes.caption", lang)
    heads = {
        c: messages.text(f"common.page.changes.{c.replace(' ', '_')}", lang)
        for c in ("scenario", "assumption", "value", "set by", "source")
    }
    if not rows:
        return Table(
            pd.DataFrame(
                {
                    heads["scenario"]: [messages.label("scenario", n, lang) for n in ensemble.scenarios],
                    heads["assumption"]: messages.text("common.page.changes.none", lang),
                }
            ),
            caption,
        )
    return Table(pd.DataFrame(rows).rename(columns=heads), caption, lang=lang)


def _unit(name: str) -> str:
    return assumptions.get(name).unit


def trend_table(sector: str | None = None, lang: str = "en") -> Table:
    """The targets scored from the pace between their two latest figures (carbonpeak.targets.trends), for
    reading: each figure with when it was, the pace, and the projected median and 10-90 % range at the target
    date, in the target's unit."""
    df = trends.trend_table(sector)
    units = load_targets().set_index("id")["unit"]

    def M(key: str, **values) -> str:
        return messages.text(f"common.page.trends.{key}", lang, **values)

    def when(v, t) -> str:
        return M("when", value=figure_value(v), time=f"{t:g}")

    out = pd.DataFrame(
        {
            M("target"): df["id"],
            M("unit"): df["id"].map(units).map(lambda u: messages.label("unit", u, lang)),
            M("first"): [when(v, t) for v, t in zip(df["first"], df["first at"], strict=False)],
            M("latest"): [when(v, t) for v, t in zip(df["last"], df["last at"], strict=False)],
            M("pace"): df["pace"].map(lambda p: _pace(p, lang)),
            M("projected_to"): df["target at"].map(lambda t: f"{t:g}"),
            M("median"): [
                M("range", median=figure_value(m), low=figure_value(a), high=figure_value(b))
                for m, a, b in zip(df["median"], df["10 %"], df["90 %"], strict=False)
            ],
            M("basis"): df["basis"].map(lambda b: messages.label("basis", b, lang)),
        }
    )
    return Table(out, M("caption"))


def _pace(pace: str, lang: str) -> str:
    """'+7.3% a year' in the language (another pace as it is written)."""
    rate = re.fullmatch(r"([+-]?[\d.]+%) a year", str(pace))
    return messages.text("common.page.trends.per_year", lang, rate=rate.group(1)) if rate else pace
