"""The synthesis chapter's tables as a reader sees them (the numbers come from carbonpeak.model.synthesis and the
model run; nothing here computes a result)."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from carbonpeak import charts
from carbonpeak.analysis import nowcast, peaks
from carbonpeak.constants import level_name
from carbonpeak.data import register
from carbonpeak.data.provenance import grade_label
from carbonpeak.formats import probability
from carbonpeak.inputs import assumptions
from carbonpeak.model import outcomes, sensitivity, synthesis
from carbonpeak.model.synthesis import BOUNDARY_LABELS, GRADES, SOURCES
from carbonpeak.pages import common
from carbonpeak.pages.findings import KeyFindings, city_numbers, peak_numbers
from carbonpeak.pages.tables import NA, Table, assumption_label, sector_label


def _change(name: str, value) -> str:
    """'label · name: value unit' (a path's values are at the assumption's milestone years)."""
    a = assumptions.get(name)
    when = f" in {', '.join(map(str, a.milestones))}" if a.is_path else ""
    return f"{assumption_label(name)}: {synthesis._fmt_value(value)} {a.unit}{when}"


def scenario_table(scens: list) -> Table:
    """Each scenario: its title, what it builds on and every assumption it changes, by the assumption's label."""
    rows = []
    for s in scens:
        changes = {}
        for link in s.chain():  # a later scenario's value replaces the one it extends
            changes.update({name: e["value"] for name, e in link.overrides.items()})
        rows.append(
            {
                "scenario": s.name,
                "what it is": s.title,
                "builds on": " → ".join(x.name for x in s.chain()[:-1]) or "the defaults",
                "changes from the defaults": "; ".join(_change(k, v) for k, v in changes.items()) or "none",
            }
        )
    return Table(pd.DataFrame(rows), "The scenarios of this run")


def answer_table(peaks: pd.DataFrame, horizon_end: int) -> Table:
    """The peak table for reading: per scenario, boundary and rule, the probability of a peak and the peak years."""
    return Table(
        synthesis.answer_table(peaks, horizon_end),
        "Probability of a peak per scenario, boundary and rule (share of draws; Mt CO2 per year)",
    )


def record_2018_intro() -> str:
    """The sentence that introduces the outlier table, with the 2018 test's numbers and verdict (not typed)."""
    j = nowcast.assess_2018()
    return (
        f"On the territorial boundary the record's maximum is CEADs' 2018 value ({j.value_2018:.1f} Mt, after "
        f"{j.value_2016:.1f} Mt in 2016 with 2017 missing); the overview chapter's test of that jump finds it "
        f"**{j.verdict}**. A draw whose path never climbs back above it peaks in 2018 under either rule. With the "
        "2018 value treated as an outlier the verdicts become:"
    )


def record_2018_table(ens, horizon_end: int, rule_years: int, rule_start: int) -> Table:
    """P(peak <= 2030) on the territorial boundary with CEADs' 2018 value kept and treated as an outlier."""
    return Table(
        synthesis.record_2018_table(ens, horizon_end, rule_years, rule_start),
        "Territorial boundary: CEADs' 2018 value kept or treated as an outlier",
    )


def discrepancy_table(table: pd.DataFrame) -> Table:
    """P(peak by 2030) per scenario and boundary at each multiple of the discrepancy's calibrated scale."""
    df = table.assign(
        boundary=table["boundary"].map(BOUNDARY_LABELS),
        multiplier=table["multiplier"].map(lambda m: "left out" if m == 0 else f"{m:g} x calibrated"),
    )
    wide = df.pivot_table(index=["scenario", "boundary"], columns="multiplier", values="P(peak <= 2030)", sort=False)
    wide = wide.map(probability).reset_index()
    return Table(wide, "P(peak ≤ 2030), N-years-below rule, with the structural discrepancy left out and scaled")


def paths_table(paths: pd.DataFrame, years) -> Table:
    """Median and the narrowest interval per scenario and boundary in a few years (Mt CO2 per year)."""
    return Table(
        synthesis.paths_table(paths, years),
        "Shenzhen's CO2 per scenario and boundary (Mt CO2 per year)",
        formats={"median (Mt)": "{:.1f}"},
    )


def top_indices(indices: pd.DataFrame) -> Table:
    """The assumptions with the largest total Sobol index per output, by label, with both indices."""
    df = synthesis.top_indices(indices)
    df = df.assign(assumption=df["assumption"].map(assumption_label))
    return Table(
        df.rename(columns={"S1": "first-order index (S1)", "ST": "total index (ST)"}),
        "The assumptions with the largest total Sobol index, per output",
        formats={"first-order index (S1)": "{:.2f}", "total index (ST)": "{:.2f}"},
    )


def scored_targets(board: pd.DataFrame) -> Table:
    """The targets a chapter scores (status other than 'no data'), with their sector, as the sector chapters
    show them."""
    scored = board[board["status"] != "no data"]
    table = common.scorecard_table(scored)
    table.df.insert(1, "sector", scored["sector"].map(sector_label).to_numpy())
    return Table(table.df, "The targets scored in this book (the full board is in the chapter on the plan's targets)")


def _peak_text(row) -> str:
    if row.peak_bound == "before":
        return f"before {int(row.peak_year_high)}"
    if row.peak_bound == "range":
        low, high = int(row.peak_year_low), int(row.peak_year_high)
        return str(low) if low == high else f"{low}-{high}"
    return NA


def _figure_text(row) -> str:
    if not row.figure:
        return NA
    if pd.notna(row.figure_value) and pd.notna(row.figure_low):
        number = f"{row.figure_value:g} ({row.figure_low:g}-{row.figure_high:g})"
    elif pd.notna(row.figure_value):
        number = f"{row.figure_value:g}"
    else:
        number = f"{row.figure_low:g}-{row.figure_high:g}"
    period = f" in {row.figure_period}" if row.figure_period else ""
    return f"{row.figure}{period}: {number} {row.figure_unit}"


def _register_frame(reg: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "statement": reg["id"],
            "source": reg["source"],
            "scenario type": reg["scenario_type"],
            "compared with": reg["scenario_type"]
            .map(register.BESIDE)
            .map({"baseline": "the baseline", "plan": "the plan", "record": "the record"}),
            "boundary": reg["boundary"],
            "region": reg["region"],
            "years": [
                f"{int(a)}-{int(b)}" if pd.notna(a) and pd.notna(b) else NA
                for a, b in zip(reg["base_year"], reg["horizon_end"])
            ],
            "peak": [_peak_text(r) for r in reg.itertuples()],
            "peak value (Mt)": reg["peak_value_mt"],
            "other figure": [_figure_text(r) for r in reg.itertuples()],
            "grade": reg["grade"].map(grade_label),
        }
    )


def register_table(reg: pd.DataFrame) -> Table:
    """The register, like with like: each statement's scenario type, the scenario of this book it compares
    with, its boundary, years, peak (an open bound stays 'before X') and any other figure it states."""
    return Table(
        _register_frame(reg),
        "Published statements about Shenzhen, with the kind of scenario each reports and its boundary",
        formats={"peak value (Mt)": "{:.0f}"},
    )


def context_table(ctx: pd.DataFrame) -> Table:
    """The context table: other regions, in the register's columns."""
    return Table(
        _register_frame(ctx).drop(columns="compared with"),
        "Context: published statements about Shenzhen's neighbours, its province and China",
        formats={"peak value (Mt)": "{:.0f}"},
    )


def key_findings(
    table: pd.DataFrame,
    indices: pd.DataFrame,
    ens,
    rule: str,
    horizon_end: int,
    record_2018: str,
    years: pd.DataFrame | None = None,
    discrepancy: pd.DataFrame | None = None,
):
    """The answer per boundary, what drives it, and (given the peak-year table and the discrepancy table)
    what the 2018 value and the discrepancy do, with the numbers behind them."""
    part = table[table["rule"] == rule].set_index(["scenario", "boundary"])
    names = list(dict.fromkeys(table["scenario"]))
    bullets = []
    for boundary in outcomes.BOUNDARIES:
        probs = ", ".join(f"{s} {probability(part.at[(s, boundary), 'P(peak <= 2030)'])}" for s in names)
        label = BOUNDARY_LABELS[boundary]
        bullets.append(
            f"**{label[0].upper() + label[1:]}:** the probability of a peak by 2030 ({peaks.label(rule)}) is {probs}."
        )
    if record_2018 == "keep" and years is not None:
        in_2018 = years[
            (years["boundary"] == "territorial") & (years["rule"] == rule) & (years["peak year"] == "2018")
        ].set_index("scenario")["share"]
        shares = ", ".join(f"{s} {probability(in_2018.get(s, 0.0))}" for s in names)
        bullets.append(
            f"On the territorial boundary the share of draws whose peak stays at CEADs' 2018 value (found "
            f"{nowcast.verdict_2018_word()} in the overview chapter) is {shares}; the table on the 2018 value "
            "gives the answer without it."
        )
    if discrepancy is not None:
        d = discrepancy[discrepancy["boundary"] == "with_imports"].set_index(["multiplier", "scenario"])
        d = d["P(peak <= 2030)"]
        top = max(synthesis.DISCREPANCY_MULTIPLIERS)
        bullets.append(
            f"**The structural discrepancy** (calibrated on hindcasts) moves the {names[0]}'s P(peak ≤ 2030) with "
            f"imported electricity from {probability(d[(0.0, names[0])])} without it to "
            f"{probability(d[(1.0, names[0])])} as calibrated and {probability(d[(top, names[0])])} at {top:g} "
            "times its scale."
        )
    for output in synthesis.sobol_outputs(indices)[:2]:
        top_ix = sensitivity.top(indices, output, 2)
        bullets.append(
            f"**{output}** depends most on "
            + " and ".join(f"{assumption_label(a)}" for a in top_ix["assumption"])
            + f" (total Sobol indices {', '.join(f'{v:.2f}' for v in top_ix['ST'])})."
        )
    return KeyFindings(bullets, {**city_numbers(ens, (2025, 2030)), **peak_numbers(table)})


def headline(table: pd.DataFrame, rule: str, horizon_end: int) -> str:
    """Markdown bullets: P(peak <= 2025) and P(peak <= 2030) per scenario and boundary under ``rule``."""
    part = table[table["rule"] == rule]
    lines = [f"Rule: **{peaks.label(rule)}** ({peaks.RULES[rule]['description']}); years to {horizon_end}."]
    for r in part.to_dict("records"):
        year = r.get("median peak year")
        when = f"; median peak year {int(round(year))}" if year is not None and not pd.isna(year) else ""
        lines.append(
            f"- **{r['scenario']}, {BOUNDARY_LABELS[r['boundary']]}:** P(peak ≤ 2030) = "
            f"{probability(r['P(peak <= 2030)'])} (P(peak ≤ 2025) = {probability(r['P(peak <= 2025)'])}; not peaked "
            f"by {horizon_end}: {probability(r[f'P(not peaked by {horizon_end})'])}{when})"
        )
    return "\n".join(lines)


def _colour(names):
    names = list(dict.fromkeys(names))
    return alt.Scale(domain=names, range=[charts.SCENARIO_COLOURS.get(n, "#444") for n in names])


def peak_year_figure(year_table: pd.DataFrame, boundary: str, rule: str, horizon_end: int):
    """Bars: the share of draws whose peak falls in each year, per scenario."""
    df = year_table[(year_table["boundary"] == boundary) & (year_table["rule"] == rule)].copy()
    df = df[(df["share"] > 0) | (df["peak year"] == "not peaked")]
    order = sorted(df["peak year"].unique(), key=lambda v: (v == "not peaked", v))
    names = list(dict.fromkeys(df["scenario"]))
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("peak year:N", sort=order, title=f"peak year ({peaks.label(rule)})"),
            xOffset=alt.XOffset("scenario:N", sort=names),
            y=alt.Y("share:Q", title="share of draws", axis=alt.Axis(format="%")),
            color=alt.Color("scenario:N", scale=_colour(names), sort=names, title="scenario"),
            tooltip=["scenario:N", "peak year:N", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(
            title=charts.title(
                f"When does Shenzhen peak? {BOUNDARY_LABELS[boundary]}, {peaks.label(rule)}",
                "share of draws by peak year",
            ),
            width=charts.WIDTH,
            height=240,
        )
    )
    top = df.sort_values("share", ascending=False).groupby("scenario", sort=False).head(1)
    alt_text = (
        f"Bars of the share of draws by peak year, {BOUNDARY_LABELS[boundary]}, {peaks.label(rule)}; the most "
        "common outcome per scenario: "
        + "; ".join(f"{r['scenario']} {r['peak year']} ({r['share']:.0%})" for r in top.to_dict("records"))
        + "."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            SOURCES,
            GRADES,
            f"City model, {len(names)} scenarios; 'not peaked' = no peak under the rule by {horizon_end}.",
        ),
        data=df,
        filename=f"peak_years_{boundary}_{rule}",
    )


def city_figure(paths_table: pd.DataFrame, boundary: str, level: float, record: pd.DataFrame | None = None):
    """Median and central interval per scenario, with the measured record and other estimates as points."""
    df = paths_table[paths_table["boundary"] == boundary]
    tag = level_name(level)
    names = list(dict.fromkeys(df["scenario"]))
    colour = alt.Color("scenario:N", scale=_colour(names), sort=names, title="scenario (median, band)")
    base = alt.Chart(df).encode(x=alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False)), color=colour)
    # the bands share the lines' colours; one legend (the lines') names both
    band_colour = alt.Color("scenario:N", scale=_colour(names), sort=names, legend=None)
    layers = [
        base.mark_area(opacity=0.18).encode(
            y=alt.Y(f"lower_{tag}:Q", title="Mt CO2"), y2=f"upper_{tag}:Q", color=band_colour
        ),
        base.mark_line().encode(
            y="median:Q",
            tooltip=[
                "scenario:N",
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("median:Q", format=",.1f"),
                alt.Tooltip(f"lower_{tag}:Q", format=",.1f"),
                alt.Tooltip(f"upper_{tag}:Q", format=",.1f"),
            ],
        ),
    ]
    if record is not None and not record.empty:
        shape = alt.Shape("series:N", title="other series")
        pts = (
            alt.Chart(record)
            .mark_point(filled=True, color="#222", size=45)
            .encode(
                x="year:Q",
                y="value:Q",
                shape=shape,
                tooltip=[
                    "series:N",
                    alt.Tooltip("year:Q", format="d"),
                    alt.Tooltip("value:Q", format=",.1f"),
                    "grade:N",
                ],
            )
        )
        layers.append(pts)
    chart = (
        alt.layer(*layers)
        .resolve_scale(color="independent", shape="independent")
        .properties(
            title=charts.title(
                f"Shenzhen CO2 by scenario, {BOUNDARY_LABELS[boundary]}",
                f"Mt CO2 per year; band: central {level:.0%} of draws",
            ),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    year = min(2030, int(df["year"].max()))
    med = df[df["year"] == year].set_index("scenario")["median"]
    alt_text = (
        f"Lines and bands of Shenzhen's CO2 ({BOUNDARY_LABELS[boundary]}) per scenario from the model's base "
        f"year; in {year} the median is "
        + ", ".join(f"{v:.1f} Mt ({k})" for k, v in med.items())
        + "."
        + (
            " Black points: the measured record and other estimates, never joined to the model."
            if record is not None
            else ""
        )
    )
    data = df if record is None else pd.concat([df, record], ignore_index=True)
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            SOURCES + ["cmcc", "carbon_monitor"],
            GRADES,
            "Model draws seeded; points are separate series with their own grades.",
        ),
        data=data,
        filename=f"city_paths_{boundary}",
    )


def parts_figure(medians: pd.DataFrame, scenario: str, boundary: str):
    """Stacked median CO2 by part for one scenario (imported electricity only on the wider boundary)."""
    df = medians[medians["scenario"] == scenario]
    if boundary == "territorial":
        df = df[df["part"] != "imported electricity"]
    order = list(dict.fromkeys(df["part"]))
    chart = (
        alt.Chart(df)
        .mark_area()
        .encode(
            x=alt.X("year:Q", axis=charts.YEAR_AXIS),
            y=alt.Y("median:Q", stack="zero", title="Mt CO2"),
            color=alt.Color("part:N", sort=order, title="part", legend=alt.Legend(columns=2)),
            order=alt.Order("order:Q"),
            tooltip=["part:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("median:Q", format=",.2f")],
        )
        .transform_calculate(order=" + ".join(f"(datum.part == '{p}') * {i}" for i, p in enumerate(order)))
        .properties(
            title=charts.title(
                f"CO2 by part, {scenario} scenario, {BOUNDARY_LABELS[boundary]}",
                "Mt CO2 per year (medians of the draws, stacked)",
            ),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    year = min(2030, int(df["year"].max()))
    at = df[df["year"] == year].sort_values("median", ascending=False)
    alt_text = (
        f"Stacked areas of the median CO2 of each part, {scenario} scenario, {BOUNDARY_LABELS[boundary]}; in {year}: "
        + ", ".join(f"{r.part} {r.median:.1f} Mt" for r in at.itertuples())
        + "."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(SOURCES, GRADES, "Medians of parts need not add up to the median total."),
        data=df,
        filename=f"parts_{scenario}_{boundary}",
    )


def sobol_figure(indices: pd.DataFrame, output: str, k: int = 10):
    """Horizontal bars: total and first-order Sobol indices of the k most influential assumptions."""
    top = sensitivity.top(indices, output, k)
    long = top.melt(id_vars=["assumption"], value_vars=["ST", "S1"], var_name="index", value_name="value")
    long["index"] = long["index"].map({"ST": "total (ST)", "S1": "first order (S1)"})
    order = list(top["assumption"])
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("assumption:N", sort=order, title=None),
            yOffset=alt.YOffset("index:N"),
            x=alt.X("value:Q", title="share of the output's variance", axis=alt.Axis(format="%")),
            color=alt.Color("index:N", title="Sobol index", scale=alt.Scale(range=["#2e75b6", "#9dc3e6"])),
            tooltip=["assumption:N", "index:N", alt.Tooltip("value:Q", format=".2f")],
        )
        .properties(
            title=charts.title(f"What drives {output}", "Sobol indices (SALib), share of variance"),
            width=charts.WIDTH,
            height=34 * len(order) + 30,
        )
    )
    alt_text = (
        f"Bars of the Sobol indices of {output}: the largest total indices are "
        + ", ".join(f"{r.assumption} {r.ST:.2f}" for r in top.head(5).itertuples())
        + "."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            SOURCES,
            ["derived", "assumption"],
            "Saltelli sampling, scrambled Sobol sequence, seeded; 95 % bootstrap intervals in the data.",
        ),
        data=top,
        filename=f"sobol_{output.replace(' ', '_').replace('(', '').replace(')', '')}",
    )


def gap_figure(gap: pd.Series, a: str, b: str, year: int):
    """Bars of the change in each part's median from scenario ``a`` to ``b`` in ``year``."""
    chart = charts.effects_chart(gap, title_text=f"{b} minus {a} in {year}, by part", units="Mt CO2")
    return charts.Figure(
        chart,
        alt_text=f"Bars of the change from {a} to {b} in {year} by part: "
        + ", ".join(f"{k} {v:+.1f} Mt" for k, v in gap.items())
        + ".",
        source=charts.source_note(SOURCES, ["derived"], "Differences of the medians of each part."),
        data=gap.rename("Mt CO2").rename_axis("part").reset_index(),
        filename=f"gap_{a}_{b}",
    )


def _bound_text(r) -> str:
    return f"before {int(r.high)}" if r.bound == "before" else f"{int(r.low)}-{int(r.high)}"


def register_figure(reg: pd.DataFrame, ensemble: pd.DataFrame):
    """Published peak years beside this book's ensemble ranges, grouped under a heading for the scenario each
    compares with and coloured by boundary: a stated range is a bar, an open bound ("before 2025") a
    left-pointing triangle at the bound with no bar, since its source states no earliest year."""
    df = synthesis.register_rows(reg, ensemble)
    shown = pd.concat(
        [
            frame
            for group, part in df.groupby("group", sort=False)
            for frame in (
                pd.DataFrame({"group": [group], "label": [group[0].upper() + group[1:]], "bound": ["heading"]}),
                part,
            )
        ],
        ignore_index=True,
    )
    scale = alt.Scale(domain=[2010, 2036])
    x = alt.X("high:Q", axis=charts.YEAR_AXIS, scale=scale, title="peak year")
    headings = json.dumps(list(shown.loc[shown["bound"] == "heading", "label"]), ensure_ascii=False)
    axis = alt.Axis(labelFontWeight={"expr": f"indexof({headings}, datum.label) >= 0 ? 'bold' : 'normal'"})
    base = alt.Chart(shown).encode(
        y=alt.Y("label:N", sort=None, title=None, axis=axis, scale=alt.Scale(domain=list(shown["label"]))),
        color=alt.Color("boundary:N", title="boundary", legend=alt.Legend(orient="bottom", columns=1)),
        tooltip=["label:N", "group:N", "boundary:N", "region:N", "bound:N", "high:Q", "note:N"],
    )
    ranges = base.transform_filter("datum.bound == 'range'")
    opens = base.transform_filter("datum.bound == 'before'")
    chart = alt.layer(
        ranges.mark_rule(strokeWidth=6, opacity=0.7).encode(
            x=alt.X("low:Q", axis=charts.YEAR_AXIS, scale=scale, title="peak year"), x2="high:Q"
        ),
        ranges.mark_point(filled=True, size=60).encode(x=x),
        opens.mark_point(filled=True, size=120, shape="triangle-left").encode(x=x),
        opens.mark_text(align="right", dx=-9, fontSize=11).encode(x=x, text=alt.value("before")),
    ).properties(
        title=charts.title(
            "Published peak years beside this book's ensemble, like with like",
            "year (bars: a stated range; a triangle: an open bound, 'before' that year, with no start)",
        ),
        width=charts.WIDTH,
        height=26 * len(shown) + 20,
    )
    alt_text = (
        "Peak years by group. "
        + "; ".join(f"{r.group}: {r.label} {_bound_text(r)} ({r.boundary})" for r in df.itertuples())
        + "."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["plan", "literature", "ceads_city", "ceads_provinces"],
            ["official_point", "derived"],
            "Register: data/published_estimates.csv. This book: 10-90 % of the peak years of peaked draws.",
        ),
        data=df,
        filename="published_estimates",
    )
