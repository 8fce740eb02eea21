"""The synthesis chapter: scenarios side by side, the city's peak probabilities, where the uncertainty comes
from, and this book's ensemble beside published estimates. The engine is ``carbonpeak.montecarlo``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import montecarlo as mc
from . import scenarios

BOUNDARY_LABELS = {"territorial": "territorial (CEADs scope 1)", "with_imports": "with imported electricity"}
SOURCES = ["ceads_city", "ceads_provinces", "official_points", "literature", "energy_institute"]


def load_scenarios(text: str) -> list[scenarios.Scenario]:
    return [scenarios.load(name.strip()) for name in text.split(",")]


def run(scens: list[scenarios.Scenario], n: int, seed: int, horizon_end: int) -> list[mc.Simulation]:
    return [mc.simulate(s, n, seed, horizon_end) for s in scens]


def scenario_table(scens: list[scenarios.Scenario]) -> pd.DataFrame:
    rows = []
    for s in scens:
        dists = "; ".join(f"{k}: {d.kind} (centre {d.central():g})" for k, d in s.distributions.items()) or "none"
        rows.append({"scenario": s.name, "title": s.title, "sector paths": s.mode, "distributions set": dists,
                     "file": s.path.name})
    return pd.DataFrame(rows)


def headline(table: pd.DataFrame, rule_years: int, horizon_end: int) -> str:
    lines = []
    for r in table.to_dict("records"):
        lines.append(f"- **{r['scenario']}, {BOUNDARY_LABELS[r['boundary']]}:** P(peak ≤ 2030) = {r['P(peak <= 2030)']:.0%}"
                     f" (P(peak ≤ 2025) = {r['P(peak <= 2025)']:.0%}; not peaked by {horizon_end}: "
                     f"{r[f'P(not peaked by {horizon_end})']:.0%})")
    return (f"Rule: the maximum counts as the peak when at least {rule_years} later years are all below it "
            f"(years up to {horizon_end}).\n\n" + "\n".join(lines))


# Figures ----------------------------------------------------------------------------------------------

def stacked_figure(sims: list[mc.Simulation], boundary: str):
    import altair as alt

    from . import charts

    parts = list(mc.SECTORS) + ([mc.IMPORTED] if boundary == "with_imports" else [])
    rows = []
    for sim in sims:
        for part in parts:
            values = sim.imported if part == mc.IMPORTED else sim.sectors[part]
            rows.append(pd.DataFrame({"year": sim.years, "value": np.median(values, axis=0), "part": part,
                                      "scenario": sim.scenario}))
    df = pd.concat(rows, ignore_index=True)
    chart = alt.Chart(df).mark_area().encode(
        x=alt.X("year:Q", axis=charts.YEAR_AXIS), y=alt.Y("value:Q", stack="zero", title="Mt CO2"),
        color=alt.Color("part:N", sort=parts, title=None), order=alt.Order("part_order:Q"),
        tooltip=["scenario:N", "part:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.1f")],
    ).transform_calculate(part_order=" + ".join(f"(datum.part == '{p}') * {i}" for i, p in enumerate(parts))
    ).properties(width=220, height=220).facet(column=alt.Column("scenario:N", sort=[s.scenario for s in sims], title=None)
    ).properties(title=charts.title(f"Sector paths, {BOUNDARY_LABELS[boundary]} (medians, stacked)", "Mt CO2 per year"))
    y = min(2030, int(sims[0].years.max()))
    tot = {s.scenario: float(df[(df["scenario"] == s.scenario) & (df["year"] == y)]["value"].sum()) for s in sims}
    alt_text = (f"Stacked areas of the median sector paths per scenario, {BOUNDARY_LABELS[boundary]}; the medians add up "
                f"in {y} to " + ", ".join(f"{v:.1f} Mt ({k})" for k, v in tot.items()) + ".")
    return charts.Figure(chart, alt_text=alt_text,
                         source=charts.source_note(SOURCES, ["measured", "proxy", "derived", "assumption"],
                                                   "Sector medians from the Monte Carlo (seeded); medians of parts need not add to the median total."),
                         data=df, filename=f"sector_paths_{boundary}")


def city_figure(summary: pd.DataFrame, boundary: str, level: float):
    from . import charts

    hist = mc.city_history().rename_axis("year").reset_index(name="value") if boundary == "territorial" else None
    return charts.scenario_figure(summary[summary["boundary"] == boundary], level,
                                  title_text=f"Shenzhen CO2 by scenario, {BOUNDARY_LABELS[boundary]}",
                                  units="Mt CO2 per year", subject=f"City CO2 paths, {BOUNDARY_LABELS[boundary]}",
                                  sources=SOURCES, grades=["measured", "proxy", "derived", "assumption"],
                                  filename=f"city_paths_{boundary}", history=hist)


def histogram_figure(counts: pd.DataFrame, horizon_end: int):
    import altair as alt

    from . import charts

    order = sorted(counts["peak year"].unique(), key=lambda v: (v.startswith("not"), v))
    chart = alt.Chart(counts).mark_bar().encode(
        x=alt.X("peak year:N", sort=order, title="peak year under the rule"),
        xOffset=alt.XOffset("scenario:N", sort=list(dict.fromkeys(counts["scenario"]))),
        y=alt.Y("share:Q", title="share of draws", axis=alt.Axis(format="%")),
        color=alt.Color("scenario:N", sort=list(dict.fromkeys(counts["scenario"])),
                        scale=alt.Scale(range=[charts.SCENARIO_COLOURS.get(s, "#444") for s in dict.fromkeys(counts["scenario"])])),
        tooltip=["scenario:N", "boundary:N", "peak year:N", alt.Tooltip("share:Q", format=".1%")],
    ).properties(width=260, height=200).facet(column=alt.Column("boundary:N", title=None)).properties(
        title=charts.title("When does the city peak? Share of draws by peak year", "share of draws (%)"))
    top = counts.sort_values("share", ascending=False).groupby(["scenario", "boundary"], sort=False).head(1)
    alt_text = ("Bars of the share of draws by peak year, per scenario and boundary; the most common outcome is "
                + "; ".join(f"{r['scenario']}, {r['boundary']}: {r['peak year']} ({r['share']:.0%})" for r in top.to_dict("records")) + ".")
    return charts.Figure(chart, alt_text=alt_text,
                         source=charts.source_note(SOURCES, ["measured", "derived", "assumption"],
                                                   f"Peak rule applied per draw; 'not by {horizon_end}' = no qualifying peak by the horizon."),
                         data=counts, filename="peak_years")


def variance_figure(shares: pd.Series, scenario: str, year: int, boundary: str):
    import altair as alt

    from . import charts

    df = shares.rename("share").rename_axis("source").reset_index()
    df = df[df["share"] >= 0.005]
    chart = alt.Chart(df).mark_bar(color="#2e75b6").encode(
        y=alt.Y("source:N", sort=None, title=None), x=alt.X("share:Q", title="share of variance", axis=alt.Axis(format="%")),
        tooltip=["source:N", alt.Tooltip("share:Q", format=".1%")],
    ).properties(title=charts.title(f"Where the uncertainty comes from: {scenario}, {year}, {BOUNDARY_LABELS[boundary]}",
                                    "share of the variance of city CO2 (first-order, binned)"),
                 width=charts.WIDTH, height=24 * len(df) + 20)
    alt_text = ("Bars of the share of the variance of city CO2 each assumption explains on its own: "
                + ", ".join(f"{r.source} {r.share:.0%}" for r in df.head(4).itertuples()) + ".")
    return charts.Figure(chart, alt_text=alt_text,
                         source=charts.source_note(SOURCES, ["derived", "assumption"],
                                                   "Var(E[Y|X]) / Var(Y) over 20 quantile bins of each drawn assumption."),
                         data=df, filename=f"variance_{scenario}_{boundary}")


def gap_figure(gap: pd.Series, a: str, b: str, year: int):
    from . import charts

    chart = charts.effects_chart(gap, title_text=f"{b} minus {a} in {year}, by part", units="Mt CO2")
    return charts.Figure(chart, alt_text=f"Bars of the change from {a} to {b} in {year} by part: "
                         + ", ".join(f"{k} {v:+.1f} Mt" for k, v in gap.items()) + ".",
                         source=charts.source_note(SOURCES, ["derived"], "Differences of the medians of each part."),
                         data=gap.rename("Mt CO2").rename_axis("part").reset_index(), filename=f"gap_{a}_{b}")


def ensemble_rows(sims: list[mc.Simulation], rule_years: int, start: int) -> pd.DataFrame:
    """This book's peak-year ranges (10-90 % of peaked draws) per scenario and boundary, for the register chart."""
    rows = []
    for sim, boundary, r in mc.peak_results(sims, rule_years, start):
        pk = r["year"][r["peaked"]]
        if pk.size:
            lo, hi = np.quantile(pk, [0.1, 0.9])
            rows.append({"label": f"this book: {sim.scenario}", "boundary": BOUNDARY_LABELS[boundary],
                         "low": float(lo), "high": float(hi), "region": "Shenzhen",
                         "note": f"{r['peaked'].mean():.0%} of draws peak within the horizon"})
    return pd.DataFrame(rows)


def register_figure(register: pd.DataFrame, ensemble: pd.DataFrame):
    import altair as alt

    from . import charts

    pub = register.dropna(subset=["peak_year_high"]).copy()
    pub["low"] = pub["peak_year_low"].fillna(2010)  # "before X": drawn from 2010, the open end
    pub["high"] = pub["peak_year_high"]
    pub["label"] = pub["id"] + " (" + pub["region"] + ")"
    boundary_label = {"territorial": BOUNDARY_LABELS["territorial"], "with imported electricity": BOUNDARY_LABELS["with_imports"]}
    pub["boundary"] = pub["boundary"].map(lambda b: boundary_label.get(b, f"boundary {b}"))
    pub["note"] = pub["notes"]
    df = pd.concat([pub[["label", "boundary", "low", "high", "region", "note"]], ensemble], ignore_index=True)
    base = alt.Chart(df).encode(y=alt.Y("label:N", sort=None, title=None),
                                color=alt.Color("boundary:N", title="boundary"),
                                tooltip=["label:N", "boundary:N", "region:N", alt.Tooltip("low:Q", format="d"),
                                         alt.Tooltip("high:Q", format="d"), "note:N"])
    chart = alt.layer(base.mark_rule(strokeWidth=6, opacity=0.7).encode(x=alt.X("low:Q", axis=charts.YEAR_AXIS,
                                                                                 scale=alt.Scale(domain=[2010, 2036]), title="peak year"),
                                                                      x2="high:Q"),
                      base.mark_point(filled=True, size=60).encode(x="high:Q")).properties(
        title=charts.title("Published peak years beside this book's ensemble", "year (bars: stated range; 'before X' drawn from 2010)"),
        width=charts.WIDTH, height=28 * len(df) + 20)
    alt_text = ("Horizontal bars of peak-year ranges: " + "; ".join(
        f"{r.label} {int(r.low)}-{int(r.high)} ({r.boundary})" for r in df.itertuples()) + ".")
    return charts.Figure(chart, alt_text=alt_text,
                         source=charts.source_note(["plan", "literature", "ceads_city", "ceads_provinces"],
                                                   ["official_point", "measured", "derived"],
                                                   "Register: data/published_estimates.csv. This book: 10-90 % of the peak years of peaked draws."),
                         data=df, filename="published_estimates")
