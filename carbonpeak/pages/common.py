"""What the sector chapters share: one run of the city model with the synthesis' parameters, bands of any
modelled quantity per scenario, a chart of those bands, and the tables they share (rendered by
``pages.tables.Table``).

Every sector chapter declares the synthesis' run parameters (scenarios, horizon_end, draws, seed, levels)
with the same defaults and calls ``run`` once, which is the synthesis' own run: the same parameters give the
same numbers in every chapter.
"""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts, data
from carbonpeak.constants import MILESTONES, level_name
from carbonpeak.data.provenance import grade_label
from carbonpeak.formats import probability
from carbonpeak.inputs import assumptions
from carbonpeak.model import core, scoring, summary
from carbonpeak.model.synthesis import load_scenarios
from carbonpeak.model.synthesis import run as synthesis_run
from carbonpeak.pages import messages
from carbonpeak.pages.tables import Table, assumption_label
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


def numbers_by_scenario(numbers: dict, names) -> Callable[..., str]:
    """A function that lists one key number per scenario: ``each("co2_{s}_2030", "Mt")`` gives
    "41.2 Mt (baseline), 41.5 Mt (plan)" for the scenarios in ``names`` that have the key."""

    def each(key: str, unit: str, scale: float = 1.0, fmt: str = "g") -> str:
        return ", ".join(
            f"{format(numbers[key.format(s=s)] * scale, fmt)} {unit} ({s})" for s in names if key.format(s=s) in numbers
        )

    return each


def interval_columns(df: pd.DataFrame) -> list[str]:
    """The interval levels in a bands table, narrowest first ('80', '95')."""
    tags = {c[len("lower_") :] for c in df.columns if c.startswith("lower_")}
    return sorted(tags, key=lambda t: float(t.replace("_", ".")))


def _fmt(x: float, digits: int) -> str:
    return f"{x:,.{digits}f}" if digits > 0 else f"{x:,.0f}"


def years_table(quantities, ensemble, years, level: float) -> Table:
    """One row per quantity and scenario, one column per year: 'median (lower to upper)' of the central
    ``level`` interval. ``quantities``: (label with unit, function of a result giving draws x years,
    decimals, scale) each."""
    rows = []
    for label, values_of, digits, scale in quantities:
        df = bands(ensemble, values_of, [level])
        tag = level_name(level)
        for name in ensemble.results:
            part = df[df["scenario"] == name].set_index("year")
            row = {"quantity": label, "scenario": name}
            for y in years:
                r = part.loc[y]
                row[str(y)] = (
                    f"{_fmt(r['median'] * scale, digits)} ({_fmt(r[f'lower_{tag}'] * scale, digits)} to "
                    f"{_fmt(r[f'upper_{tag}'] * scale, digits)})"
                )
            rows.append(row)
    return Table(pd.DataFrame(rows), caption=f"Median (central {level_label(level)} of draws)")


def cell_median(cell: str) -> float:
    """The median in a years_table cell, '41.2 (36.6 to 45.8)' -> 41.2."""
    return float(cell.split(" (")[0].replace(",", ""))


def median_at(df: pd.DataFrame, scenario: str, year: int, column: str = "median") -> float:
    """One value of a bands table (the median unless ``column`` names another) for a scenario and year."""
    row = df[(df["scenario"] == scenario) & (df["year"] == year)]
    return float(row[column].iloc[0])


def model_figure(ensemble, values_of: Callable, level: float, **figure) -> charts.Figure:
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
) -> charts.Figure:
    """``charts.band_chart`` with its alt text (medians in 2030 or the last year), source note and data."""
    chart = charts.band_chart(
        df,
        level,
        title_text=title_text,
        subtitle=f"{units}; line: median, band: central {level_label(level)} of draws",
        y_title=y_title,
        points=points,
        value_format=value_format,
        axis_format=axis_format,
    )
    year = min(2030, int(df["year"].max()))
    med = df[df["year"] == year].set_index("scenario")
    alt_text = (
        f"{subject}: median and central {level_label(level)} band per scenario from {int(df['year'].min())}; in {year} "
        "the median is "
        + ", ".join(f"{format(float(r['median']), value_format)} ({k})" for k, r in med.iterrows())
        + f" {units}."
        + (
            " Black points: " + ", ".join(dict.fromkeys(points["series"])) + "."
            if points is not None and not points.empty
            else ""
        )
    )
    data = (
        df
        if points is None
        else pd.concat([df.assign(kind="model"), points.assign(kind="other series")], ignore_index=True)
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(sources or MODEL_SOURCES, grades or MODEL_GRADES, (MODEL_NOTE + " " + note).strip()),
        data=data,
        filename=filename,
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
) -> charts.Figure:
    """Stacked areas of medians by ``item`` (columns year, ``item``, median), with an optional line (year,
    median) such as the total it should match."""
    order = list(dict.fromkeys(df[item]))
    rank = " + ".join(f"(datum['{item}'] == '{p}') * {i}" for i, p in enumerate(order))
    layers = [
        alt.Chart(df)
        .mark_area()
        .encode(
            x=alt.X("year:Q", axis=charts.YEAR_AXIS),
            y=alt.Y("median:Q", stack="zero", title=y_title),
            color=alt.Color(f"{item}:N", sort=order, title=item, legend=alt.Legend(columns=2)),
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
        title=charts.title(title_text, units), width=charts.WIDTH, height=charts.HEIGHT
    )
    year = min(2030, int(df["year"].max()))
    at = df[df["year"] == year]
    alt_text = (
        f"{subject}: stacked medians by {item}; in {year}: "
        + ", ".join(f"{r[item]} {r['median']:.1f}" for _, r in at.iterrows())
        + f" {units}."
        + (f" Dashed line: {line_label}." if line is not None else "")
    )
    data = df if line is None else pd.concat([df, line.assign(**{item: line_label})], ignore_index=True)
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            MODEL_SOURCES,
            MODEL_GRADES,
            (MODEL_NOTE + " Medians of parts need not add up to the median of their sum. " + note).strip(),
        ),
        data=data,
        filename=filename,
    )


def attributed_electricity_co2(result, uses) -> np.ndarray:
    """CO2 of the electricity ``uses`` consume at the city's average supply factor (power plants' and
    imports' CO2 over total demand), Mt (draws x years): a consumption view, not an extra emission."""
    demand = sum(result.demand.values())
    share = sum(result.demand[u] for u in uses) / demand
    return share * (result.parts["power plants"] + result.imported)


def level_label(level: float) -> str:
    """0.8 -> '80 %' (the book writes a space before %)."""
    return f"{100 * level:g} %"


def figure_value(v: float) -> str:
    """A point figure as read: thousands separated, small numbers as given (1,700,000; 635.8; 0.07)."""
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:g}"


def points_table(prefixes) -> Table:
    """The point figures whose variable starts with one of ``prefixes`` (year, figure, value, unit, source, grade)."""
    pts = data.points()
    df = pts[pts["variable"].str.startswith(tuple(prefixes))]
    out = pd.DataFrame(
        {
            "year": df["year"].astype(int),
            "figure": df["variable"],
            "value": df["value"].map(figure_value),
            "unit": df["unit"],
            "source": df["source"],
            "grade": df["grade"].map(grade_label),
        }
    )
    if out["grade"].nunique() == 1:  # one grade for every row: said once, above the table
        return Table(out.drop(columns="grade"), caption=f"Grade of every figure: {out['grade'].iloc[0]}")
    return Table(out)


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


def scorecard_table(board: pd.DataFrame) -> Table:
    """A chapter's scorecard for reading: the target in words and units, the probability in %, the median
    projected value, and what the projection rests on."""
    rows = []
    for r in board.to_dict("records"):
        target = (
            ""
            if pd.isna(r["target_value"])
            else f"{r['comparator']} {quantity(r['target_value'], r['unit'])} {r['unit']}"
        )
        rows.append(
            {
                "id": r["id"],
                "indicator": r["indicator"],
                "target": target,
                "by": r["target_year"] or "",
                "status": r["status"],
                "probability of meeting it": ""
                if r["probability"] is None or pd.isna(r["probability"])
                else probability(r["probability"]),
                "projected median": quantity(r["central"], r["unit"]),
                "basis": r["basis"],
            }
        )
    return Table(pd.DataFrame(rows), "This chapter's targets, scored against its projections")


def model_baseline(ensemble, last_year: int):
    """The run's baseline result (the reference the plan's targets are scored against), or a baseline run
    with the same draws and seed when the run has none or stops before ``last_year``."""
    if "baseline" in ensemble.results and ensemble.horizon_end >= last_year:
        return ensemble.results["baseline"]
    return scoring.baseline_result(ensemble.draws, ensemble.seed)


CITATIONS = "en"  # the language the assumptions' source notes are written in
MARKED = {"source": CITATIONS, "name in scenario files": "zxx"}
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


def assumptions_frame() -> pd.DataFrame:
    """Every assumption the model reads: block, meaning, unit, stated value, range, grade, source."""
    rows = []
    for block, names in core.NAMES.items():
        for name in names:
            a = assumptions.get(name)
            when = f" ({', '.join(map(str, a.milestones))})" if a.is_path else ""
            rows.append(
                {
                    "block": BLOCK_LABELS[block],
                    "assumption": name,
                    "meaning": a.label + when,
                    "unit": a.unit,
                    "stated value": _shown(a.default),
                    "low": _shown(a.low),
                    "high": _shown(a.high),
                    "grade": a.grade,
                    "source": a.source,
                }
            )
    return pd.DataFrame(rows)


def assumptions_view(df: pd.DataFrame, caption: str | None = None, lang: str = "en") -> Table:
    """Assumptions (rows of ``assumptions_frame``) by their meaning, the name scenario files use beside it; in
    the page's language (the catalogue's common.assumptions), the source notes, citations of publications, as
    they are written and marked as English."""
    out = _assumptions_in(df, lang)
    out = out.assign(grade=df["grade"].map(lambda g: messages.label("grade", g, lang))).rename(
        columns={"assumption": "name in scenario files", "meaning": "assumption"}
    )
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
    headers = {c: messages.text(f"common.assumptions.column.{c}", lang) for c in cols}
    return Table(
        out[cols].rename(columns=headers),
        caption or messages.text("common.assumptions.caption", lang),
        summary=messages.text("common.assumptions.summary", lang),
        rows=messages.text("common.table_rows", lang, rows="{rows}"),
        # on a page in another language than the source notes' English, the notes (citations) are marked as
        # English and the names scenario files use as no language (zxx)
        languages={headers[c]: tag for c, tag in MARKED.items() if c in cols} if lang != CITATIONS else None,
    )


def _assumptions_in(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rows of ``assumptions_frame`` worded in ``lang``: block, meaning (with the milestones of a path) and unit."""
    blocks = {label: block for block, label in BLOCK_LABELS.items()}

    def meaning(name: str, text: str) -> str:
        a = assumptions.get(name)
        years = messages.join(map(str, a.milestones), lang, "enum") if a.is_path else ""
        when = messages.text("common.assumptions.when", lang, years=years) if years else ""
        label = messages.label("assumption", name, lang)
        return messages.text("common.assumptions.meaning", lang, text=text, label=label, when=when)

    out = df.assign(unit=df["unit"].map(lambda u: messages.label("unit", u, lang)))
    out["meaning"] = [meaning(n, t) for n, t in zip(df["assumption"], df["meaning"], strict=True)]
    if "block" in out:
        out["block"] = out["block"].map(lambda b: messages.label("block", blocks.get(b, b), lang))
    return out


def assumptions_table(blocks) -> Table:
    """The model's assumptions in the given blocks (core.NAMES): stated value, range, unit, grade, source."""
    df = assumptions_frame()
    df = df[df["block"].isin([BLOCK_LABELS[b] for b in blocks])]
    return assumptions_view(
        df.drop(columns="block"), "The assumptions this chapter's parts read: stated value and range"
    )


def _shown(value) -> str:
    return ", ".join(f"{v:g}" for v in value) if isinstance(value, (list, tuple)) else f"{value:g}"


def scenario_changes(ensemble, blocks) -> Table:
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
                    "scenario": name,
                    "assumption": assumption_label(k),
                    "value": f"{_shown(value)} {_unit(k)}".strip(),
                    "set by": where,
                    "source": source,
                }
            )
    caption = "What each scenario sets differently from the stated values"
    if not rows:
        return Table(
            pd.DataFrame({"scenario": list(ensemble.scenarios), "assumption": "none: every value as stated"}), caption
        )
    return Table(pd.DataFrame(rows), caption)


def _unit(name: str) -> str:
    return assumptions.get(name).unit


def trend_table(sector: str | None = None) -> Table:
    """The targets scored from the pace between their two latest figures (carbonpeak.targets.trends), for
    reading: each figure with when it was, the pace, and the projected median and 10-90 % range at the target
    date, in the target's unit."""
    df = trends.trend_table(sector)
    units = load_targets().set_index("id")["unit"]
    out = pd.DataFrame(
        {
            "target": df["id"],
            "unit": df["id"].map(units),
            "first figure (when)": [
                f"{figure_value(v)} ({t:g})" for v, t in zip(df["first"], df["first at"], strict=False)
            ],
            "latest figure (when)": [
                f"{figure_value(v)} ({t:g})" for v, t in zip(df["last"], df["last at"], strict=False)
            ],
            "pace": df["pace"],
            "projected to": df["target at"].map(lambda t: f"{t:g}"),
            "median (10-90 % range)": [
                f"{figure_value(m)} ({figure_value(a)} to {figure_value(b)})"
                for m, a, b in zip(df["median"], df["10 %"], df["90 %"], strict=False)
            ],
            "basis": df["basis"],
        }
    )
    return Table(
        out, "Targets projected from the pace of their latest figures (times as decimal years: 2023.5 is mid-2023)"
    )
