"""The synthesis chapter's tables as a reader sees them (the numbers come from carbonpeak.model.synthesis and the
model run; nothing here computes a result)."""

from __future__ import annotations

import pandas as pd

from carbonpeak.analysis import nowcast, peaks
from carbonpeak.data import register
from carbonpeak.data.provenance import grade_label
from carbonpeak.formats import probability
from carbonpeak.inputs import assumptions
from carbonpeak.model import outcomes, sensitivity, synthesis
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
        boundary=table["boundary"].map(synthesis.BOUNDARY_LABELS),
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
        label = synthesis.BOUNDARY_LABELS[boundary]
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
