"""The synthesis chapter: the city model run for every scenario, the peak as a distribution in time under
named rules and boundaries, where the uncertainty comes from (Sobol indices), and the book's answer beside
published estimates. Everything here reads one model run (carbonpeak.model.runs)."""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import cache, charts, data
from carbonpeak.analysis import nowcast, peaks
from carbonpeak.constants import level_name
from carbonpeak.data import register
from carbonpeak.formats import probability
from carbonpeak.inputs import scenarios
from carbonpeak.model import boundaries, outcomes, runs, sensitivity, summary

BOUNDARY_LABELS = {name: boundaries.label(name) for name in boundaries.BOUNDARIES}
SOURCES = ["ceads_city", "ceads_provinces", "official_points", "literature", "crea_power"]
GRADES = ["measured", "official_point", "proxy", "derived", "assumption"]
SCENARIO_COLOURS = {"baseline": "#7f7f7f", "plan": "#2e75b6", "accelerated": "#548235"}


def load_scenarios(text: str) -> list:
    """The scenarios named in ``text`` (comma-separated), each loaded and checked."""
    return [scenarios.load(name.strip()) for name in text.split(",")]


def run(scens: list, draws: int, seed: int, horizon_end: int, discrepancy: float = 1.0) -> runs.Ensemble:
    """Every scenario in ``scens`` run on the same draws (``carbonpeak.model.runs.run``)."""
    return runs.run(scens, draws, seed, horizon_end, discrepancy=discrepancy)


DISCREPANCY_MULTIPLIERS = (0.0, 1.0, 2.0, 4.0)


def discrepancy_table(
    scens: list, draws: int, seed: int, horizon_end: int, rule_years: int, rule_start: int, record_2018: str
) -> pd.DataFrame:
    """P(peak <= 2025) and P(peak <= 2030) (N-years rule) per scenario and boundary with the structural
    discrepancy left out (0), as calibrated (1) and at two and four times its calibrated scale."""
    rows = []
    for m in DISCREPANCY_MULTIPLIERS:
        ens = run(scens, draws, seed, horizon_end, discrepancy=m)
        t = outcomes.peak_table(ens.results, horizon_end, rule_years, rule_start, record_2018, rules=("n_years",))
        rows.append(t.assign(multiplier=m))
    out = pd.concat(rows, ignore_index=True)
    return out[["multiplier", "scenario", "boundary", "P(peak <= 2025)", "P(peak <= 2030)"]]


def _fmt_value(v) -> str:
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(f"{x:g}" for x in v) + "]"
    return f"{v:g}"


def scenario_table(scens: list) -> pd.DataFrame:
    """What each scenario changes from the defaults (its own overrides and those it extends)."""
    rows = []
    for s in scens:
        changes = {}
        for link in s.chain():  # a later scenario's value replaces the one it extends
            changes.update({name: _fmt_value(e["value"]) for name, e in link.overrides.items()})
        rows.append(
            {
                "scenario": s.name,
                "title": s.title,
                "builds on": " → ".join(x.name for x in s.chain()[:-1]) or "the defaults",
                "changes from the defaults": "; ".join(f"{k} = {v}" for k, v in changes.items()) or "none",
            }
        )
    return pd.DataFrame(rows)


def answer_table(table: pd.DataFrame, horizon_end: int) -> pd.DataFrame:
    """The peak table for reading: probabilities in %, years whole, the rule named."""
    out = pd.DataFrame(
        {
            "scenario": table["scenario"],
            "boundary": table["boundary"].map(BOUNDARY_LABELS),
            "rule": table["rule"].map(peaks.label),
            "P(peak ≤ 2025)": table["P(peak <= 2025)"].map(probability),
            "P(peak ≤ 2030)": table["P(peak <= 2030)"].map(probability),
            f"not peaked by {horizon_end}": table[f"P(not peaked by {horizon_end})"].map(probability),
        }
    )
    year = table.get("median peak year")
    out["median peak year"] = year.map(lambda y: "none" if pd.isna(y) else f"{int(round(y))}")
    out["peak years, 10-90 %"] = [
        "none" if pd.isna(a) else f"{int(a)}-{int(b)}"
        for a, b in zip(table.get("peak year 10 %"), table.get("peak year 90 %"))
    ]
    out["peak value, median (Mt)"] = table.get("median peak value (Mt)").map(
        lambda v: "none" if pd.isna(v) else f"{v:.1f}"
    )
    out["peak value, 10-90 % (Mt)"] = [
        "none" if pd.isna(a) else f"{a:.1f}-{b:.1f}"
        for a, b in zip(table.get("peak value 10 % (Mt)"), table.get("peak value 90 % (Mt)"))
    ]
    return out


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


def record_2018_table(ens, horizon_end: int, rule_years: int, rule_start: int) -> pd.DataFrame:
    """P(peak <= 2030) on the territorial boundary with CEADs' 2018 value kept and treated as an outlier."""
    rows = []
    for choice in outcomes.RECORD_2018:
        t = outcomes.peak_table(ens.results, horizon_end, rule_years, rule_start, choice)
        t = t[t["boundary"] == "territorial"]
        for r in t.to_dict("records"):
            rows.append(
                {
                    "2018 value": "kept" if choice == "keep" else "treated as an outlier",
                    "scenario": r["scenario"],
                    "rule": peaks.label(r["rule"]),
                    "P(peak ≤ 2025)": probability(r["P(peak <= 2025)"]),
                    "P(peak ≤ 2030)": probability(r["P(peak <= 2030)"]),
                    "median peak year": "none"
                    if pd.isna(r.get("median peak year"))
                    else int(round(r["median peak year"])),
                }
            )
    return pd.DataFrame(rows)


def sobol_indices(
    scens: list,
    base_scenario: str,
    n_base: int,
    seed: int,
    horizon_end: int,
    rule_years: int,
    rule_start: int,
    record_2018: str,
) -> pd.DataFrame:
    """Sobol indices of every output for every assumption varied in ``base_scenario`` (``sensitivity.sobol``),
    computed once per parameter set, code and data (``carbonpeak.cache``)."""
    scenario = next(s for s in scens if s.name == base_scenario)
    rule = {"horizon_end": horizon_end, "rule_years": rule_years, "rule_start": rule_start, "record_2018": record_2018}

    def compute() -> pd.DataFrame:
        base_year, obs = runs.calibration()
        return sensitivity.sobol(
            scenario.settings(), base_year, obs, runs.milestones(), n_base=n_base, seed=seed, **rule
        )

    key = {"scenario": runs.scenario_key(scenario), "n_base": n_base, "seed": seed, **rule}
    return cache.cached("sobol", key, compute)


def top_indices(indices: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """The k assumptions with the largest total index, per output."""
    parts = [sensitivity.top(indices, o, k) for o in dict.fromkeys(indices["output"])]
    out = pd.concat(parts, ignore_index=True)[["output", "assumption", "S1", "ST"]]
    return out.assign(S1=out["S1"].round(2), ST=out["ST"].round(2))


def gap_by_part(ens, a: str, b: str, year: int) -> pd.Series:
    """Median of each part in scenario b minus scenario a in ``year`` (Mt)."""
    med = summary.part_medians(ens)
    med = med[med["year"] == year].pivot(index="part", columns="scenario", values="median")
    order = [p for p in med.index if p != "imported electricity"] + ["imported electricity"]
    return (med.loc[order, b] - med.loc[order, a]).rename(f"{b} minus {a}")


# Figures ----------------------------------------------------------------------------------------------


def _colour(names):
    names = list(dict.fromkeys(names))
    return alt.Scale(domain=names, range=[SCENARIO_COLOURS.get(n, "#444") for n in names])


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


def published_estimates() -> pd.DataFrame:
    """The register of published estimates (data/published_estimates.csv), checked (``data.register``)."""
    return register.read_register()


def published_context() -> pd.DataFrame:
    """The context table: published statements about other regions (the GBA, Guangdong, Guangzhou, China)."""
    return register.read_context()


def ensemble_rows(ens, rule: str, rule_years: int, rule_start: int, record_2018: str) -> pd.DataFrame:
    """This book's peak-year ranges (10-90 % of peaked draws) per scenario and boundary, for the register."""
    rows = []
    for name, result in ens:
        for boundary in outcomes.BOUNDARIES:
            st = outcomes.apply_rule(result, boundary, rule, rule_years, rule_start, record_2018)
            pk = st["year"][st["peaked"]]
            if pk.size:
                lo, hi = np.quantile(pk, [0.1, 0.9])
                rows.append(
                    {
                        "label": f"this book: {name}",
                        "scenario": name,
                        "boundary": BOUNDARY_LABELS[boundary],
                        "low": float(lo),
                        "high": float(hi),
                        "region": "Shenzhen",
                        "note": (
                            f"{probability(st['peaked'].mean())} of draws peak by the horizon ({peaks.label(rule)})"
                        ),
                    }
                )
    return pd.DataFrame(rows)


def beside(scenario: str) -> str:
    """The group a register row or a scenario of this book is drawn in."""
    return {"baseline": "beside the baseline: BAU studies", "plan": "beside the plan: policy studies, the target"}.get(
        scenario, f"scenario {scenario}"
    )


def register_rows(reg: pd.DataFrame, ensemble: pd.DataFrame) -> pd.DataFrame:
    """What the register chart draws: each stated peak year of the register, grouped with the scenario of
    this book it compares with (BAU beside the baseline, policy and target beside the plan), then this book's
    ranges. ``low`` is the register's own peak_year_low (empty for an open "before" bound: none is invented)."""
    pub = reg.dropna(subset=["peak_year_high"])
    pub = pub[pub["scenario_type"].map(register.BESIDE).isin(["baseline", "plan"])]
    boundary_label = {
        "territorial": BOUNDARY_LABELS["territorial"],
        "with imported electricity": BOUNDARY_LABELS["with_imports"],
    }
    published = pd.DataFrame(
        {
            "label": pub["id"] + " (" + pub["scenario_type"] + ")",
            "group": pub["scenario_type"].map(register.BESIDE).map(beside),
            "boundary": pub["boundary"].map(lambda b: boundary_label.get(b, f"boundary {b}")),
            "low": pub["peak_year_low"],
            "high": pub["peak_year_high"],
            "bound": pub["peak_bound"],
            "region": pub["region"],
            "note": pub["notes"],
            "id": pub["id"],
        }
    )
    short = {BOUNDARY_LABELS["territorial"]: "territorial", BOUNDARY_LABELS["with_imports"]: "with imports"}
    book = ensemble.assign(
        group=ensemble["scenario"].map(beside),
        label=ensemble["label"] + " (" + ensemble["boundary"].map(short) + ")",
        bound="range",
        id="",
    )
    book = book.drop(columns="scenario")
    df = pd.concat([book, published], ignore_index=True)
    order = list(dict.fromkeys(beside(s) for s in [*ensemble["scenario"], "baseline", "plan"]))
    df["group"] = pd.Categorical(df["group"], categories=order, ordered=True)
    df = df.sort_values(["group", "id"], kind="mergesort").reset_index(drop=True)
    df["group"] = df["group"].astype(str)
    return df[["group", "label", "boundary", "low", "high", "bound", "region", "note", "id"]]


def _bound_text(r) -> str:
    return f"before {int(r.high)}" if r.bound == "before" else f"{int(r.low)}-{int(r.high)}"


def register_figure(reg: pd.DataFrame, ensemble: pd.DataFrame):
    """Published peak years beside this book's ensemble ranges, grouped under a heading for the scenario each
    compares with and coloured by boundary: a stated range is a bar, an open bound ("before 2025") a
    left-pointing triangle at the bound with no bar, since its source states no earliest year."""
    df = register_rows(reg, ensemble)
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


def record_points(record_2018: str = "keep") -> pd.DataFrame:
    """The measured record, CMCC and the nowcast as points for the territorial chart (each its own series)."""
    rec = outcomes.record(2100, 2005, record_2018)
    rows = [
        pd.DataFrame({"year": rec.index, "value": rec.to_numpy(), "series": "CEADs (measured)", "grade": "measured"})
    ]
    cmcc = data.series("shenzhen_co2_cmcc", outcomes.SHENZHEN, "co2")
    rows.append(
        pd.DataFrame(
            {"year": cmcc.index, "value": cmcc.to_numpy(), "series": "CMCC (another method)", "grade": "measured"}
        )
    )
    now = nowcast.nowcast(record_2018=record_2018)
    rows.append(
        pd.DataFrame(
            {"year": now["year"], "value": now["median"], "series": "nowcast (derived, median)", "grade": "derived"}
        )
    )
    return pd.concat(rows, ignore_index=True)


def paths_table(paths_table: pd.DataFrame, years) -> pd.DataFrame:
    """Median and the narrowest interval per scenario and boundary in a few years, for reading."""
    df = paths_table[paths_table["year"].isin(years)]
    tags = sorted(
        {c[len("lower_") :] for c in df.columns if c.startswith("lower_")}, key=lambda t: float(t.replace("_", "."))
    )
    tag = tags[0]
    return pd.DataFrame(
        {
            "scenario": df["scenario"],
            "boundary": df["boundary"].map(BOUNDARY_LABELS),
            "year": df["year"].astype(int),
            "median (Mt)": df["median"].round(1),
            f"{tag.replace('_', '.')} % interval (Mt)": [
                f"{a:.1f}-{b:.1f}" for a, b in zip(df[f"lower_{tag}"], df[f"upper_{tag}"])
            ],
        }
    ).reset_index(drop=True)


def sobol_outputs(indices: pd.DataFrame) -> list[str]:
    """The outputs that have Sobol indices, in table order."""
    return list(dict.fromkeys(indices["output"]))
