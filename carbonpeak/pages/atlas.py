"""The atlas chapter's tables as a reader sees them (the numbers come from carbonpeak.analysis.atlas; nothing here
computes a result)."""

from __future__ import annotations

import pandas as pd

from carbonpeak.analysis import atlas, peaks
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table, number, rule_label


def sources_table() -> Table:
    """The series this chapter reads."""
    return Table(atlas.sources_table(), "The series this chapter reads")


def counts_table(count_table: pd.DataFrame, reference_year: int) -> Table:
    """CEADs cities by verdict under each rule (peaked, not yet, unknown), C40 judged as of ``reference_year``."""
    df = count_table.rename(
        columns={
            "peaked": "peaked (cities)",
            "not yet": "not yet (cities)",
            "unknown": "cannot be judged (cities)",
            "cities": "all cities",
        }
    )
    return Table(df, f"CEADs cities by peak verdict under each rule (C40 judged as of {reference_year})")


def steps_table(steps: pd.DataFrame) -> Table:
    """From the book's rule to the published count, one choice per step, each with its change in cities."""
    df = steps.rename(columns={"change": "change on the step before"})
    df["change on the step before"] = [f"{v:+d}" for v in df["change on the step before"]]
    df.loc[df["step"] == "published", "change on the step before"] = (
        f"{int(steps['change'].iloc[-1]):+d} against step 4"
    )
    return Table(df, "From the book's rule to the published count, one choice per step (number of cities)")


def named_examples_table(matrix: pd.DataFrame) -> Table:
    """The cities the paper's release names, with their maximum year and the verdicts of steps 2 and 4."""
    return Table(atlas.named_examples(matrix), "The cities the paper's release names")


def split_table(split: pd.DataFrame) -> Table:
    """The major cities counted under step 4, proactive or passive on a rough reading of GDP and population."""
    return Table(
        split,
        "Major cities counted under step 4: proactive or passive on a rough reading",
        formats={"GDP change to 2017 (%, current prices)": number(1), "population change to 2018 (%, WUP)": number(1)},
    )


def city_hindsight_table(matrix: pd.DataFrame, city: str, rule_years: int) -> Table:
    """What each rule would have said about one city as each year's data arrived."""
    df = atlas.city_hindsight(matrix, city, rule_years)
    df = df.rename(columns={r: rule_label(r) for r in peaks.RULES if r in df.columns})
    return Table(
        df,
        f"The verdict on {atlas.label(city)} as each year's data would have given it",
        summary=f"What each rule would have said about {atlas.label(city)}, year by year",
    )


def peers_table(peer_table: pd.DataFrame) -> Table:
    """Major cities' CO2, per person and per unit of GDP at their peak, beside Shenzhen at its latest year."""
    df = peer_table.drop(columns="region").rename(
        columns={
            "what": "when",
            "co2_Mt": "CO2 (Mt)",
            "t_co2_per_person": "CO2 per person (t)",
            "t_co2_per_10k_yuan": "CO2 per 10 000 yuan of GDP (t)",
        }
    )
    return Table(
        df,
        "Major cities at their peak and Shenzhen at its latest year",
        formats={"CO2 (Mt)": number(2), "CO2 per person (t)": number(2), "CO2 per 10 000 yuan of GDP (t)": number(2)},
    )


def hindsight_table(summary: pd.DataFrame) -> Table:
    """First peak calls per rule, and the share of them a later year overturned."""
    df = summary.rename(
        columns={
            "cities called peaked": "cities called peaked",
            "wrong in hindsight (%)": "overturned later (% of calls with later data)",
        }
    )
    return Table(
        df,
        "First peak calls per rule, and how many a later year overturned",
        formats={"overturned later (% of calls with later data)": number(1)},
    )


def _lower_than(rank: dict, column: str) -> str:
    n, below = rank[f"{column}_n"], rank[f"{column}_below"]
    if n == 0:
        return "no peaked major city to compare with"
    return f"lower than all {n}" if below == 0 else f"lower than {n - below} of {n}"


def key_findings(
    table: pd.DataFrame,
    steps: pd.DataFrame,
    rank: dict,
    growth: pd.DataFrame,
    summary: pd.DataFrame,
    city: str,
    rule: str,
    rule_years: int,
    reference_year: int,
    statements: dict,
) -> KeyFindings:
    """The chapter's key findings: the counts under each rule, the published count, the highlighted city,
    Shenzhen among its peers, growth to peak and hindsight."""
    c = atlas.counts(table).set_index("rule")
    n, c40, mk = (c.loc[peaks.label(r)] for r in atlas.RULE_NAMES)
    closest = int(steps.loc[steps["step"] == "4", "cities peaked"].iloc[0])
    published = atlas.PUBLISHED["proactive"] + atlas.PUBLISHED["passive"]
    wrong = summary.set_index("rule")["wrong in hindsight (%)"]
    lines = [
        f"**How many have peaked depends on the definition.** Of {len(table)} CEADs cities, {n['peaked']} have "
        f"peaked under the N-years rule ({rule_years} observed years below the maximum), "
        f"{c40['peaked']} under the C40 "
        f"rule as of {reference_year} ({c40['unknown']} cannot be judged: too few or too old inventories) and "
        f"{mk['peaked']} under the Mann-Kendall rule.",
        f"**The published count.** Shan et al. (2022) report {published} of {atlas.PUBLISHED['cities']} cities "
        f"({atlas.PUBLISHED['proactive']} proactive, {atlas.PUBLISHED['passive']} passive) below their peak "
        "for at least five years "
        f"by 2019. Read literally on the public 290-city file, their definition gives {closest}; the steps below "
        "explain every difference we can trace.",
        f"**{atlas.label(city)}:** {statements['n_years']}",
        f"**Shenzhen among its peers.** No major city has peaked under the {peaks.label(rule)}, so there is no peak "
        "to compare Shenzhen with."
        if rank["t_co2_per_person_n"] == 0
        else f"**Shenzhen among its peers.** In {rank['year']} Shenzhen emitted "
        f"{rank['t_co2_per_person']:.1f} t CO2 per "
        f"person ({_lower_than(rank, 't_co2_per_person')}) and {rank['t_co2_per_10k_yuan']:.2f} t "
        "per 10 000 yuan of GDP "
        f"({_lower_than(rank, 't_co2_per_10k_yuan')}), comparing with the major cities peaked under the "
        f"{peaks.label(rule)} at their peak (medians {rank['t_co2_per_person_median']:.1f} t and "
        f"{rank['t_co2_per_10k_yuan_median']:.2f} t). "
        "Territorial boundary, current prices, agglomeration population: "
        "indicative only.",
    ]
    if len(growth):
        lines.append(
            f"**From fastest growth to peak** took a median of "
            f"{growth['years from fastest growth to peak'].median():.0f} years "
            f"({len(growth)} cities peaked under the {peaks.label(rule)})."
        )
    lines.append(
        "**Hindsight.** With only the data available at the time, "
        + ", ".join(f"{wrong[peaks.label(r)]:.0f} % of the {peaks.label(r)}'s peak calls" for r in atlas.RULE_NAMES)
        + " were later overturned by a year at or above the called peak."
    )
    return KeyFindings(lines)
