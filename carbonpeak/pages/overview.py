"""The overview chapter's tables as a reader sees them (the numbers come from carbonpeak.analysis.record and
carbonpeak.analysis.nowcast; nothing here computes a result)."""

from __future__ import annotations

import pandas as pd

from carbonpeak import data
from carbonpeak.analysis import nowcast, record
from carbonpeak.analysis.peaks import label as rule_label
from carbonpeak.analysis.peaks import statement
from carbonpeak.constants import SHENZHEN
from carbonpeak.data.provenance import grade_label, short_citation
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table, number


def _grades(text: str) -> str:
    """'measured, official_point' -> 'measured, official point figure'."""
    return ", ".join(grade_label(g.strip()) for g in str(text).split(","))


def sources_table(city: str) -> Table:
    """The series this chapter reads for ``city``, grades in words."""
    df = record.sources_table(city)
    return Table(
        df.assign(grade=df["grade"].map(_grades)), f"The series this chapter reads for {record.city_label(city)}"
    )


def gdp_table() -> Table:
    """Shenzhen's GDP by source and vintage, with the official real growth rate."""
    df = record.gdp_record()
    df = df.assign(source=df["source"].map(short_citation), grade=df["grade"].map(_grades))
    return Table(
        df.rename(
            columns={
                "gdp (100 million yuan, current)": "GDP (100 million yuan, current prices)",
                "real growth %": "real growth (%)",
            }
        ),
        "Shenzhen's GDP by source and vintage, with the official real growth rate",
        formats={"GDP (100 million yuan, current prices)": number(2), "real growth (%)": number(1)},
    )


def record_table(record_2018: str, levels) -> Table:
    """Shenzhen's CO2 to 2025, one column per series, the nowcast with its interval bounds."""
    df = record.record_table(record_2018, levels)
    df.columns = [c if c == "year" else c.replace(" %", " % interval") for c in df.columns]
    return Table(
        df,
        "Shenzhen's CO2 to 2025, one column per series (Mt CO2; nowcast bounds: its intervals)",
        formats={c: number(2) for c in df.columns if c != "year"},
    )


def indicators_table() -> Table:
    """What moved after 2019: each indicator's change on the year before (%)."""
    df = nowcast.indicators()
    return Table(
        df.reset_index().rename(columns={"index": "year"}),
        "What moved after 2019: change on the year before (%)",
        formats={c: number(1) for c in df.columns},
    )


def backtest_table(record_2018: str, levels) -> Table:
    """The nowcast methods back-tested on 2010-2019: errors and interval coverage, no look-ahead."""
    df = nowcast.backtest_summary(record_2018, levels)
    rename = {c: c[:-2] + " (%)" for c in df.columns if c.endswith(" %")}
    df = df.rename(columns=rename)
    return Table(
        df,
        "The nowcast method back-tested on 2010-2019 (every origin, no look-ahead)",
        formats={c: number(1) for c in rename.values()},
    )


def evidence_table() -> Table:
    """The evidence on CEADs' 2016-2018 jump, one row per series in its own unit."""
    df = nowcast.evidence_2018()
    df = df.assign(grade=df["grade"].map(_grades))
    changes = [c for c in df.columns if c.startswith("change")]
    df = df.rename(columns={c: c[:-2] + " (%)" for c in changes})
    years = [c for c in df.columns if str(c).isdigit()]
    return Table(
        df,
        "CEADs' 2016-2018 jump beside the other evidence (each series in its own unit, named in its row)",
        formats={**{c: number(2) for c in years}, **{c[:-2] + " (%)": number(1) for c in changes}},
    )


def projection_table(projection: pd.DataFrame) -> Table:
    """The projection every five years: central value and interval bounds (Mt CO2)."""
    df = record.projection_table(projection)
    rename = {"median": "central (Mt CO2)"}
    for c in df.columns:
        if c.startswith(("lower_", "upper_")):
            side, tag = c.split("_", 1)
            rename[c] = f"{tag.replace('_', '.')} % interval, {'lower' if side == 'lower' else 'upper'} (Mt CO2)"
    df = df.rename(columns=rename)
    return Table(
        df,
        f"The projection ({projection.attrs['label']}), every five years",
        formats={c: number(1) for c in df.columns if c != "year"},
    )


def targets_table() -> Table:
    """The plan's city-wide targets, with the plan's own words."""
    df = record.city_targets()
    target = [
        ("" if pd.isna(v) else f"{c} {v:g} {u}").strip() or f"{c} (set nationally and provincially)"
        for c, v, u in zip(df["comparator"], df["target_value"], df["unit"], strict=False)
    ]
    out = pd.DataFrame(
        {
            "id": df["id"],
            "indicator": df["indicator_en"],
            "target": target,
            "by": df["target_year"],
            "the plan's words": df["quote_zh"],
        }
    )
    return Table(out, "The plan's city-wide targets")


def _cmcc_inside(nc: pd.DataFrame, tag: str) -> str:
    cmcc = data.series("shenzhen_co2_cmcc", SHENZHEN, "co2")
    band = nc.set_index("year")
    inside = [band.at[y, f"lower_{tag}"] <= v <= band.at[y, f"upper_{tag}"] for y, v in cmcc.items() if y in band.index]
    return "lie inside" if inside and all(inside) else "do not all lie inside"


def key_findings(city: str, rule, projection: pd.DataFrame, levels, record_2018: str) -> KeyFindings:
    """Three to five sentences a reader can take away, from the numbers on this page."""
    hist = record.record(city, record_2018)
    top_year = int(hist.idxmax())
    dropped = " (CEADs' 2018 value left out as an outlier)" if city == SHENZHEN and record_2018 == "outlier" else ""
    lines = [
        f"**Measured record (CEADs, territorial){dropped}:** {hist.iloc[-1]:.1f} Mt in {int(hist.index[-1])}; "
        f"the highest value is {hist.max():.1f} Mt in {top_year}. {statement(rule.judge(hist), record.CO2_UNIT)}"
    ]
    if city != SHENZHEN:
        lines.append(
            f"**Projection ({projection.attrs['label']}):** "
            f"{projection.iloc[-1]['mean']:.1f} Mt in {int(projection.iloc[-1]['year'])}."
        )
        return KeyFindings(lines)
    nc = nowcast.nowcast(record_2018, levels=levels)
    tag = f"{min(levels) * 100:g}".replace(".", "_")
    last = nc.iloc[-1]
    cover = (
        nowcast.backtest_summary(record_2018, levels).set_index("method").loc[nowcast.METHODS[nowcast.DEFAULT_METHOD]]
    )
    lines.append(
        f"**Since 2019 (nowcast, derived):** about {last['median']:.0f} Mt in {int(last['year'])}, "
        f"{min(levels) * 100:g} % interval {last[f'lower_{tag}']:.0f}-{last[f'upper_{tag}']:.0f} Mt; the interval "
        f"covered {cover[f'{tag} % interval covered %']:.0f} % of outcomes when the method was back-tested on "
        f"2010-2019. No measured value after 2019 exists; CMCC's 2020-2021 points (another method) "
        f"{_cmcc_inside(nc, tag)} it."
    )
    j = nowcast.assess_2018()
    without = rule.judge(nowcast.shenzhen_record("outlier"))
    lines.append(
        f"**The 2018 maximum:** CEADs' {j.jump_pct:+.0f} % from 2016 to 2018 is {j.verdict.split(':')[0]} "
        f"({j.peer_share * 100:.1f} % of peer two-year changes were as large; Guangdong's own CEADs total rose "
        f"{j.independent['CEADs Guangdong, Mt CO2']:+.1f} %). Without 2018: {statement(without, record.CO2_UNIT)}"
    )
    peaked = rule.judge(hist).peaked or without.peaked
    lines.append(
        "**Answer on the record:** neither with nor without 2018 does the measured record show a peak under "
        f"the {rule_label(rule.name)}; whether Shenzhen peaks before 2030 is a question for the city model and the "
        "synthesis, not for a flat projection."
        if not peaked
        else f"**Answer on the record:** the record shows a peak under the {rule_label(rule.name)} "
        f"{'with' if rule.judge(hist).peaked else 'only without'} CEADs' 2018 value."
    )
    return KeyFindings(lines)
