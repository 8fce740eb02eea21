"""The atlas chapter's tables: the series read, the counts under each rule, the published count step by step,
the named cities, the proactive-or-passive split, one city's verdicts year by year, the peers and hindsight."""

from __future__ import annotations

import pandas as pd

from carbonpeak.analysis import atlas, peaks
from carbonpeak.analysis.atlas import label
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
        f"The verdict on {label(city)} as each year's data would have given it",
        summary=f"What each rule would have said about {label(city)}, year by year",
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
