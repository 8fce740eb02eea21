"""The sinks chapter as a reader sees it: its key findings and tables, from carbonpeak.model.sinks' results
(nothing here computes a result)."""

from __future__ import annotations

import pandas as pd

from carbonpeak.constants import level_name
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
    df = sinks.progress_table().rename(columns={"observed": "observed figure"})
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
