"""The sinks chapter as a reader sees it: its key findings and tables, from carbonpeak.model.sinks' results
(nothing here computes a result)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts
from carbonpeak.constants import level_name
from carbonpeak.data import point
from carbonpeak.data.provenance import grade_label
from carbonpeak.inputs import assumptions
from carbonpeak.model import sinks
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table, number
from carbonpeak.targets import target


def _target(tid: str) -> float:
    return float(target(tid)["target_value"])


def key_findings(centres: dict, summary: pd.DataFrame, year: int, levels, board: pd.DataFrame) -> KeyFindings:
    """What the chapter finds, in its own numbers: the cover trend against C01, the size of the sink against the
    city's emissions, the sink in ``year`` by both methods, and the targets' status."""
    level = sorted(levels)[0]
    tag = level_name(level)
    c25 = sinks.cover_trend([2025], levels).iloc[0]
    status = board.set_index("id")
    central = sinks.point_estimate(centres, 2019)
    emitted = sinks.city_emissions(2019)
    share = (central["forest_per_ha"] + central["mangroves"]) / emitted
    at = summary[summary["year"] == year].set_index("part")
    per_ha, stock = at.loc["forests, per-hectare method"], at.loc["forests, stock-change method"]
    counts = status["status"].value_counts()
    return KeyFindings(
        [
            f"**Forest cover** falls {abs(sinks.cover_slope()):.2f} percentage points a year on the line through its "
            f"three points and reaches a median {c25['mean']:.1f} % in 2025 ({100 * level:g} % interval "
            f"{c25[f'lower_{tag}']:.1f}-{c25[f'upper_{tag}']:.1f} %), against the C01 target of ≥ "
            f"{_target('C01'):g} %: {status.at['C01', 'status']}.",
            f"**The sink is small next to the city's emissions.** At the stated factors the forests take up about "
            f"{central['forest_per_ha']:.2f} Mt CO2 a year in 2019 (per-hectare method) and mangroves "
            f"{central['mangroves'] * 1000:.1f} kt: about {share:.1%} of the {emitted:.1f} Mt CEADs counts for "
            "Shenzhen (territorial). It matters for the ecosystem targets, not for the peak.",
            f"**The two methods part after the base year.** In {year} the per-hectare method gives a median "
            f"{per_ha['mean']:.2f} Mt ({per_ha[f'lower_{tag}']:.2f}-{per_ha[f'upper_{tag}']:.2f}) and the stock-change "
            f"method {stock['mean']:.2f} Mt ({stock[f'lower_{tag}']:.2f}-{stock[f'upper_{tag}']:.2f}), a provincial "
            "growth rate compounded over two decades.",
            f"**Mangroves:** {sinks.mangroves_planted_or_restored():g} ha planted or restored so far against the C06 "
            f"target of ≥ {_target('C06'):g} ha ({status.at['C06', 'status']}).",
            f"**Targets:** of the chapter's {len(status)} targets, {int(counts.get('on track', 0))} are on track and "
            f"{int(counts.get('no data', 0))} have no projection (the stock target's boundary includes a zone with no "
            "figure; parks and green coverage have one point each).",
        ]
    )


def progress_table() -> Table:
    """Observed figures against the sink and greening targets."""
    df = progress_frame().rename(columns={"observed": "observed figure"})
    return Table(df, "Observed figures against the sink and greening targets")


def assumptions_table(values: dict) -> Table:
    """The factors drawn, with the values this run used, their default and range, by their meaning."""
    df = assumptions.table(values)
    df = df.assign(grade=df["grade"].map(grade_label))
    df = df.rename(
        columns={
            "meaning": "assumption",
            "parameter": "name in scenario files",
            "value": "this run",
            "default": "stated value",
        }
    )
    return Table(
        df[
            [
                "assumption",
                "name in scenario files",
                "unit",
                "this run",
                "stated value",
                "range",
                "grade",
                "source",
                "reason",
            ]
        ],
        "The factors drawn over their ranges",
    )


def cover_table(years, levels) -> Table:
    """Forest cover on the fitted line in ``years`` (% of land area), with its intervals."""
    df = sinks.cover_trend(years, levels)
    df = df.rename(
        columns={"mean": "central (%)", **{c: _bound(c, "%") for c in df.columns if c.startswith(("lower_", "upper_"))}}
    )
    return Table(
        df,
        "Forest cover on the fitted line (% of land area)",
        formats={c: number(1) for c in df.columns if c != "year"},
    )


def sink_table(summary: pd.DataFrame, years) -> Table:
    """CO2 taken up per year by each estimate in ``years`` (Mt CO2), with its intervals."""
    df = summary[summary["year"].isin(years)][
        ["part", "year", *[c for c in summary.columns if c not in ("part", "year")]]
    ]
    df = df.rename(
        columns={
            "part": "estimate",
            "mean": "median (Mt CO2)",
            **{c: _bound(c, "Mt CO2") for c in df.columns if c.startswith(("lower_", "upper_"))},
        }
    )
    return Table(
        df, "CO2 taken up per year, by estimate (Mt CO2)", formats={c: number(3) for c in df.columns if "Mt" in c}
    )


def _bound(column: str, unit: str) -> str:
    side, tag = column.split("_", 1)
    return f"{tag.replace('_', '.')} % interval, {side} ({unit})"


def scorecard(levels) -> pd.DataFrame:
    """The sink targets' status board: C01 scored from the cover trend in 2025, C06 from the observed figure."""
    return sinks.scorecard_table(sinks.target_projections(levels))


def sink_text(centres: dict) -> str:
    """The 2019 sink at the stated factors beside the city's emissions (markdown)."""
    central = sinks.point_estimate(centres, 2019)
    total = central["forest_per_ha"] + central["mangroves"]
    emitted = sinks.city_emissions(2019)
    return (
        f"At the parameters above, the forests take up about {central['forest_per_ha']:.2f} Mt CO2 a year in 2019 "
        f"by the per-hectare method and {central['forest_stock_change']:.2f} Mt by the stock-change method; mangroves "
        f"add {central['mangroves'] * 1000:.1f} kt. Forests plus mangroves come to about {total / emitted:.1%} of the "
        f"{emitted:.1f} Mt of CO2 CEADs counts for Shenzhen in 2019 (territorial), less on the boundary with imported "
        "electricity. The sink matters for the ecosystem targets, not for the peak: it cannot offset the city's "
        "emissions in any measurable way."
    )


def cover_text(levels) -> str:
    """Where the fitted forest-cover line reaches in 2025 against the C01 target (markdown)."""
    c25 = sinks.cover_trend([2025], levels).iloc[0]
    goal = _target("C01")
    return (
        f"The fitted line falls {abs(sinks.cover_slope()):.2f} percentage points a year and reaches a median "
        f"{c25['mean']:.1f} % in 2025, {'above' if c25['mean'] >= goal else 'below'} the {goal:g} % target."
    )


def boundaries_markdown() -> str:
    """Why the sink targets are read on different boundaries, with their numbers from the target registry."""
    return (
        f"**Boundaries differ.** The forest-cover target (≥ {_target('C01'):g} %) excludes the Shenzhen–Shanwei "
        "Special Cooperation\n"
        f"Zone, which has its own target (≥ {_target('C02'):g} %); the forest-stock target "
        f"(≥ {_target('C03') * 100:g}万 m³) is for the *whole city*,\n"
        "zone included. The 278.95万 m³ figure predates the zone's transfer to Shenzhen (2017–2018) and so most\n"
        "likely excludes it. A stock in the zone, which is mostly forested hills, would explain much of the gap\n"
        "between the two numbers; the zone's own stock is not in reach, so the chapter does not score the stock target."
    )


def progress_frame() -> pd.DataFrame:
    """Observed figures against the sink and greening targets, with their boundary notes."""
    t = {tid: target(tid)["target_value"] for tid in ("C01", "C03", "C04", "C06", "B01")}
    rows = [
        (
            f"C01 forest cover >= {t['C01']:g} % (excl. Shenzhen-Shanwei zone), 2025",
            point("forest_cover", 2018),
            "%",
            "2018",
            "boundary of the figure not stated",
        ),
        (
            f"C03 forest stock >= {t['C03']:g} million m3 (whole city), 2025",
            point("forest_stock", sinks.STOCK_YEAR),
            "million m3",
            "about 2012",
            "likely excludes the Shenzhen-Shanwei zone (the target includes it)",
        ),
        (
            f"C06 mangroves planted or restored >= {t['C06']:g} ha, 2021-2025",
            sinks.mangroves_planted_or_restored(),
            "ha",
            "about 2022",
            "derived here: 15.48 planted + 103.08 restored",
        ),
        (
            f"B01 built-up green coverage >= {t['B01']:g} % (excl. zone), 2025",
            point("green_coverage_built_up", 2018),
            "%",
            "2018",
            "boundary of the figure not stated",
        ),
        # the park count is not in the points table; the registry holds it with its source row
        (
            f"C04 about {t['C04']:g} parks, 2025",
            float(target("C04")["observed_value"]),
            "parks",
            "2023",
            "LOW reliability: unattributed article",
        ),
    ]
    return pd.DataFrame(rows, columns=["target", "observed", "unit", "when", "note"])


def _with_target_line(fan, value: float):
    """A fan chart with the target as a dashed red line (the layer keeps the fan's title)."""
    rule = (
        alt.Chart(pd.DataFrame({"target": [value]})).mark_rule(color="#c00000", strokeDash=[2, 2]).encode(y="target:Q")
    )
    return alt.layer(fan, rule).properties(title=fan.title)


def cover_figure(horizon_end: int, levels):
    """Fan chart of forest cover: the three points, the OLS trend with its intervals and the 2025 target."""
    hist = sinks.forest_cover()
    proj = sinks.cover_trend(range(sinks.COVER_POINTS[0], horizon_end + 1), levels)
    fan = charts.fan_chart(
        hist,
        proj,
        levels,
        title_text="Forest cover: three points, an OLS line and the 2025 target",
        units="% of land area",
        y_title="%",
        label="OLS trend",
    )
    goal = float(target("C01")["target_value"])
    c25 = proj[proj["year"] == 2025].iloc[0]
    return charts.Figure(
        _with_target_line(fan, goal),
        alt_text=(
            f"Forest cover {hist['value'].iloc[0]:g} % (about 2012), {hist['value'].iloc[1]:g} % "
            f"(2017) and {hist['value'].iloc[2]:g} % (2018); the OLS line reaches {c25['mean']:.1f} % "
            f"in 2025 against the {goal:g} % target (dashed red)."
        ),
        source=charts.source_note(
            ["official_points", "plan"],
            ["official_point", "derived"],
            "Trend: OLS (statsmodels) on three points, prediction intervals with one degree of freedom.",
        ),
        data=pd.concat([hist.assign(kind="record"), proj.assign(kind="trend")]),
        filename="forest_cover",
    )


def sink_figure(summary: pd.DataFrame, year: int, level: float):
    """Bars of each sink's median uptake in ``year`` with its ``level`` interval."""
    tag = level_name(level)
    row = summary[summary["year"] == year]
    base = alt.Chart(row).encode(y=alt.Y("part:N", title=None, sort=None))
    chart = alt.layer(
        base.mark_bar(color="#548235", opacity=0.7).encode(
            x=alt.X("mean:Q", title="Mt CO2 per year"), tooltip=["part:N", alt.Tooltip("mean:Q", format=".3f")]
        ),
        base.mark_rule(color="#222").encode(x=f"lower_{tag}:Q", x2=f"upper_{tag}:Q"),
    ).properties(
        title=charts.title(
            f"Annual CO2 taken up by Shenzhen's forests and mangroves, {year}",
            f"Mt CO2 per year (median, {level:.0%} interval)",
        ),
        width=charts.WIDTH,
        height=140,
    )
    alt_text = (
        f"Estimated uptake in {year}: "
        + "; ".join(
            f"{r.part} {r.mean:.3f} Mt (from {getattr(r, 'lower_' + tag):.3f} to {getattr(r, 'upper_' + tag):.3f})"
            for r in row.itertuples()
        )
        + "."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["official_points"],
            ["official_point", "derived", "proxy", "assumption"],
            "Factors: data/assumptions.yml (IPCC 2006 Vol. 4 Ch. 4, Lyu et al. 2023, Li et al. 2018, "
            "mangrove literature); drawn over their ranges (seeded).",
        ),
        data=row,
        filename=f"sinks_{year}",
    )


def stock_figure(centres: dict, n: int, seed: int, horizon_end: int, levels):
    """Fan chart of the forest stock grown at the drawn net rate, against the whole-city target."""
    years = np.arange(sinks.STOCK_YEAR, horizon_end + 1)
    p = sinks.sink_paths(sinks.draws(centres, n, seed), years)
    proj = sinks.summarise(p["stock"], years, levels)
    hist = pd.DataFrame({"year": [sinks.STOCK_YEAR], "value": [point("forest_stock", sinks.STOCK_YEAR)]})
    fan = charts.fan_chart(
        hist,
        proj,
        levels,
        title_text="Forest growing stock at the provincial net growth rate",
        units="million m3",
        y_title="million m3",
        label="stock grown at the drawn rate",
    )
    goal = float(target("C03")["target_value"])
    s25 = proj[proj["year"] == 2025].iloc[0]
    return charts.Figure(
        _with_target_line(fan, goal),
        alt_text=(
            f"Forest stock {hist['value'].iloc[0]:g} million m3 about 2012, grown at the drawn net rate to "
            f"a median {s25['mean']:.2f} million m3 in 2025, against the whole-city target of {goal:g} "
            "(dashed red), whose boundary includes the Shenzhen-Shanwei zone."
        ),
        source=charts.source_note(
            ["official_points", "plan"],
            ["official_point", "proxy"],
            "Net growth: Guangdong's inventory rates (Li et al. 2018), a provincial proxy.",
        ),
        data=proj,
        filename="forest_stock",
    )
