"""The atlas chapter's tables as a reader sees them (the numbers come from carbonpeak.analysis.atlas; nothing here
computes a result)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts
from carbonpeak.analysis import atlas, peaks
from carbonpeak.analysis.atlas import PUBLISHED, PUBLISHED_SOURCES, RULE_NAMES, UNIT, label
from carbonpeak.constants import SHENZHEN
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table, number, rule_label
from carbonpeak.targets import load_targets


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
    n, c40, mk = (c.loc[peaks.label(r)] for r in RULE_NAMES)
    closest = int(steps.loc[steps["step"] == "4", "cities peaked"].iloc[0])
    published = PUBLISHED["proactive"] + PUBLISHED["passive"]
    wrong = summary.set_index("rule")["wrong in hindsight (%)"]
    lines = [
        f"**How many have peaked depends on the definition.** Of {len(table)} CEADs cities, {n['peaked']} have "
        f"peaked under the N-years rule ({rule_years} observed years below the maximum), "
        f"{c40['peaked']} under the C40 "
        f"rule as of {reference_year} ({c40['unknown']} cannot be judged: too few or too old inventories) and "
        f"{mk['peaked']} under the Mann-Kendall rule.",
        f"**The published count.** Shan et al. (2022) report {published} of {PUBLISHED['cities']} cities "
        f"({PUBLISHED['proactive']} proactive, {PUBLISHED['passive']} passive) below their peak "
        "for at least five years "
        f"by 2019. Read literally on the public 290-city file, their definition gives {closest}; the steps below "
        "explain every difference we can trace.",
        f"**{label(city)}:** {statements['n_years']}",
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
        + ", ".join(f"{wrong[peaks.label(r)]:.0f} % of the {peaks.label(r)}'s peak calls" for r in RULE_NAMES)
        + " were later overturned by a year at or above the called peak."
    )
    return KeyFindings(lines)


def city_statements(matrix: pd.DataFrame, city: str, rule_years: int, reference_year: int) -> str:
    """Markdown: the city's status under every rule, one sentence each."""
    years = matrix.columns.to_numpy()
    lines = []
    for rule in RULE_NAMES:
        s = peaks.status(
            years, matrix.loc[city].to_numpy(), rule, **atlas.rule_options(rule, rule_years, reference_year)
        )
        lines.append(f"- **{peaks.label(rule)}:** {peaks.statement(s, UNIT)}")
    return "\n".join(lines)


VERDICT_COLOURS = {"peaked": "#548235", "not yet": "#c55a11", "unknown": "#a6a6a6"}


def counts_figure(count_table: pd.DataFrame, reference_year: int, rule_years: int):
    """Stacked bars of the CEADs cities by verdict under each peak definition."""
    long = count_table.drop(columns="cities").melt(
        id_vars=["rule"], value_vars=list(peaks.VERDICTS), var_name="verdict", value_name="cities"
    )
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("rule:N", sort=list(count_table["rule"]), title=None),
            x=alt.X("cities:Q", stack="zero", title="cities"),
            color=alt.Color(
                "verdict:N",
                scale=alt.Scale(domain=list(VERDICT_COLOURS), range=list(VERDICT_COLOURS.values())),
                title="verdict",
            ),
            order=alt.Order("verdict:N"),
            tooltip=["rule:N", "verdict:N", "cities:Q"],
        )
        .properties(
            title=charts.title("CEADs cities by peak definition", "number of cities"),
            width=charts.WIDTH,
            height=40 * len(count_table) + 20,
        )
    )
    text = "; ".join(
        f"{r.rule}: {r.peaked} peaked, {r._3} not yet, {r.unknown} unknown"
        for r in count_table.rename(columns={"not yet": "_3"}).itertuples()
    )
    return charts.Figure(
        chart,
        alt_text=f"Stacked bars of the {int(count_table['cities'].iloc[0])} CEADs cities by "
        f"verdict under each peak definition. {text}.",
        source=charts.source_note(
            ["ceads_city"],
            ["measured", "derived"],
            f"Verdicts derived here (N = {rule_years}; C40 as of {reference_year}; Mann-Kendall at 5 %).",
        ),
        data=count_table,
        filename="atlas_counts",
    )


def city_figure(matrix: pd.DataFrame, city: str, rule_years: int, reference_year: int):
    """The city's CEADs record, with the candidate peak each rule finds marked by a diamond."""
    record = matrix.loc[city].dropna()
    history = pd.DataFrame({"year": record.index, "value": record.to_numpy().round(3), "series": "CEADs inventory"})
    years = matrix.columns.to_numpy()
    marks = []
    for rule in RULE_NAMES:
        s = peaks.status(
            years, matrix.loc[city].to_numpy(), rule, **atlas.rule_options(rule, rule_years, reference_year)
        )
        if s.year is not None:
            marks.append({"year": s.year, "value": round(s.value, 3), "rule": peaks.label(rule), "verdict": s.verdict})
    marks = pd.DataFrame(marks)
    base = charts.history_chart(
        history,
        title_text=f"CO2 record and candidate peak, {label(city)}",
        units="Mt CO2 per year",
        y_title="Mt CO2",
    )
    peak_mark = (
        alt.Chart(marks)
        .mark_point(shape="diamond", size=160, filled=False, strokeWidth=2, color="#c00000")
        .encode(
            x="year:Q",
            y="value:Q",
            tooltip=["rule:N", "verdict:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.2f")],
        )
    )
    verdict_text = "; ".join(f"{r.rule}: {r.verdict}" for r in marks.itertuples()) if len(marks) else "no data"
    top = record.idxmax() if len(record) else None
    alt_text = (
        f"Line chart of {label(city)}'s territorial CO2 from CEADs, {int(record.index.min())} to "
        f"{int(record.index.max())}, with the candidate peak ({int(marks['year'].iloc[0])}, "
        f"{marks['value'].iloc[0]:.1f} Mt) marked by a diamond. {verdict_text}."
        if top is not None
        else f"No CEADs record for {label(city)}."
    )
    # the record's data sits on the history chart's layer, not on its parts: carry it over with them
    chart = alt.layer(*base.layer, peak_mark, data=base.data).properties(
        title=base.title, width=charts.WIDTH, height=charts.HEIGHT
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["ceads_city"],
            ["measured"],
            "Lines break where a year is missing; "
            "the diamond marks the candidate peak (the maximum, later year on a tie).",
        ),
        data=history.drop(columns="series").merge(marks, on=["year", "value"], how="left"),
        filename=f"atlas_record_{city}",
    )


def peers_figure(peer_table: pd.DataFrame, rule: str):
    """Scatter (log scales) of CO2 per person against CO2 per 10 000 yuan: the major cities at their peak
    and Shenzhen at its latest year."""
    df = peer_table.dropna(subset=["t_co2_per_person", "t_co2_per_10k_yuan"]).copy()
    df["group"] = np.where(df["region"] == SHENZHEN, "Shenzhen, latest year", "major city at its peak")
    chart = (
        alt.Chart(df)
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X(
                "t_co2_per_person:Q",
                title="t CO2 per person (UN WUP agglomeration population)",
                scale=alt.Scale(type="log"),
            ),
            y=alt.Y(
                "t_co2_per_10k_yuan:Q",
                title="t CO2 per 10 000 yuan of GDP (current prices)",
                scale=alt.Scale(type="log"),
            ),
            color=alt.Color(
                "group:N",
                scale=alt.Scale(
                    domain=["major city at its peak", "Shenzhen, latest year"], range=["#7f7f7f", "#c00000"]
                ),
                title=None,
            ),
            tooltip=[
                "city:N",
                "what:N",
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("co2_Mt:Q", format=",.1f"),
                alt.Tooltip("t_co2_per_person:Q", format=",.2f"),
                alt.Tooltip("t_co2_per_10k_yuan:Q", format=",.2f"),
            ],
        )
        .properties(
            title=charts.title(
                f"Major cities at their peak ({peaks.label(rule)}) and Shenzhen now",
                "t CO2 per person; t CO2 per 10 000 yuan (log scales)",
            ),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    own = df[df["region"] == SHENZHEN].iloc[-1]
    others = df[df["region"] != SHENZHEN]
    alt_text = (
        f"Scatter on log scales of {len(others)} major cities at their peak: CO2 per person from "
        f"{others['t_co2_per_person'].min():.1f} to {others['t_co2_per_person'].max():.1f} t and per 10 000 yuan "
        f"from {others['t_co2_per_10k_yuan'].min():.2f} to {others['t_co2_per_10k_yuan'].max():.2f} t; Shenzhen in "
        f"{int(own['year'])} at {own['t_co2_per_person']:.2f} t per person and {own['t_co2_per_10k_yuan']:.2f} t "
        "per 10 000 yuan."
        if len(others)
        else "No major city has peaked under this rule."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["ceads_city", "nbs_major_cities", "un_wup"],
            ["measured", "derived"],
            "Ratios derived here. GDP at current prices, pre-2018-census vintage; "
            "population of the UN urban agglomeration, smaller than the prefecture "
            "CEADs covers.",
        ),
        data=peer_table.drop(columns="region"),
        filename="atlas_peers",
    )


def growth_figure(growth: pd.DataFrame, rule: str):
    """Bar chart of the peaked cities by the years from their fastest growth to their peak."""
    lags = growth["years from fastest growth to peak"].astype(int).value_counts().sort_index()
    df = pd.DataFrame({"years": lags.index.astype(int), "cities": lags.to_numpy().astype(int)})
    chart = (
        alt.Chart(df)
        .mark_bar(color="#2e75b6")
        .encode(
            x=alt.X("years:O", title="years from the fastest year-on-year growth to the peak"),
            y=alt.Y("cities:Q", title="cities"),
            tooltip=["years:O", "cities:Q"],
        )
        .properties(
            title=charts.title(f"From fastest growth to peak ({peaks.label(rule)})", "number of cities"),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    median = float(growth["years from fastest growth to peak"].median()) if len(growth) else float("nan")
    alt_text = (
        f"Bar chart of {len(growth)} peaked cities by the years between their fastest growth and their peak: "
        f"median {median:.0f} years, range {int(df['years'].min())} to {int(df['years'].max())}."
        if len(growth)
        else "No city has peaked under this rule."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["ceads_city"], ["measured", "derived"], "Growth only between consecutive observed years; derived here."
        ),
        data=growth.drop(columns="region"),
        filename="atlas_growth_to_peak",
    )


def hindsight_figure(summary: pd.DataFrame, first: int, last: int):
    """Bars of the share of each rule's peak calls (those with later data) that a later year overturned."""
    chart = (
        alt.Chart(summary)
        .mark_bar(color="#c55a11")
        .encode(
            y=alt.Y("rule:N", sort=list(summary["rule"]), title=None),
            x=alt.X("wrong in hindsight (%):Q", title="calls later contradicted (%)", scale=alt.Scale(domain=[0, 100])),
            tooltip=[
                "rule:N",
                "cities called peaked:Q",
                "calls with later data:Q",
                "re-rose above the called peak:Q",
                "wrong in hindsight (%):Q",
            ],
        )
        .properties(
            title=charts.title("How often a called peak was later overturned", "% of calls with later data"),
            width=charts.WIDTH,
            height=40 * len(summary) + 20,
        )
    )
    text = "; ".join(
        f"{r.rule}: {r._5:.0f} % of {r._3}"
        for r in summary.rename(columns={"calls with later data": "_3", "wrong in hindsight (%)": "_5"}).itertuples()
    )
    return charts.Figure(
        chart,
        alt_text=f"Bars of the share of peak calls, made with data up to each year {first}-{last}, "
        f"that a later year returned to or above: {text}.",
        source=charts.source_note(
            ["ceads_city"], ["measured", "derived"], "Each city's first call per rule; derived here with no look-ahead."
        ),
        data=summary,
        filename="atlas_hindsight",
    )


def shan_text(matrix: pd.DataFrame, steps: pd.DataFrame) -> str:
    """Markdown: what each step changes and what is left unexplained, with the numbers."""
    by = steps.set_index("step")["cities peaked"]
    window = matrix.loc[:, PUBLISHED["first_year"] : PUBLISHED["last_year"]]
    observed_rule = atlas.verdicts(window, "n_years", DEFAULT_YEARS, 2019)
    reaches = window[2019].notna()
    closest = atlas.closest_reading(matrix)
    gap_cities = closest & ~(observed_rule["peaked"] & reaches)
    undecided = atlas.undecidable_by_2019(matrix)
    published = PUBLISHED["proactive"] + PUBLISHED["passive"]
    lines = [
        f"**Published.** {PUBLISHED_SOURCES}: of {PUBLISHED['cities']} cities, {published} had emissions below their "
        f"peak for at least five years by 2019: {PUBLISHED['proactive']} proactively "
        "(economy and population growing) "
        f"and {PUBLISHED['passive']} passively (with economic recession or population loss). "
        "The paper's full city list "
        "and its exact test are not in a stored source we could read; what follows uses only the stated definition.",
        f"- **Step 1 → 2** ({int(by['2'] - by['1']):+d}): keeping only 2001–2019 moves no city: no city's maximum lies "
        "in the years before 2001."
        if by["2"] == by["1"]
        else f"- **Step 1 → 2** ({int(by['2'] - by['1']):+d}): cities whose maximum lay before 2001 drop out.",
        f"- **Step 2 → 3** ({int(by['3'] - by['2']):+d}): {int(by['2'] - by['3'])} cities pass "
        "the N-years rule on a record "
        f"that stops before 2019 ({int((~reaches).sum())} of {len(window)} cities have no 2019 value in the file), so "
        "whether they were still below the peak in 2019 cannot be seen here.",
        f"- **Step 3 → 4** ({int(by['4'] - by['3']):+d}): {int(gap_cities.sum())} cities reach 2019 with a maximum in "
        "2014 or earlier but fewer than five observed years after it, because years are missing (mostly 2017): five "
        "calendar years below the peak, not five observed ones. "
        + ", ".join(label(c) for c in closest.index[gap_cities])
        + ".",
        f"- **Step 4 against the paper** ({published - int(by['4']):+d}): the totals are close, but membership cannot "
        f"be checked. {len(undecided)} cities have a maximum in 2014 or earlier, "
        "every later observed year below it, and "
        "no 2019 value in the file; the paper, with complete inventories, could count any of them. One it does count, "
        f"Fuxin, stops in {int(matrix.loc['辽宁阜新'].last_valid_index())} here and is not counted, so at least "
        f"{int(by['4']) - (published - 1)} of the {int(by['4'])} counted here are not among the paper's "
        f"{published}; and "
        f"the file has {len(matrix)} cities against the paper's {PUBLISHED['cities']}. Close totals are therefore not "
        "a confirmation.",
    ]
    return "\n".join(lines)


DEFAULT_YEARS = peaks.DEFAULT_RULE_YEARS


def split_text(split: pd.DataFrame) -> str:
    """Markdown: the proactive-or-passive reading of the major cities counted under step 4, and why it
    undercounts passive ones."""
    passive = split[split["reading"] == "passive"]["city"].tolist()
    return (
        f"**Proactive or passive.** The paper's split needs each city's GDP and population; the data pack has both "
        f"only for the major cities. Of the {len(split)} major cities counted under step 4 (with GDP in their peak "
        f"year), {int((split['reading'] == 'proactive').sum())} saw GDP and population grow after their peak "
        f"(proactive on this rough reading) and {len(passive)} saw one fall"
        + (f" ({', '.join(passive)})" if passive else "")
        + ". The release names Shenyang as a passive decliner "
        "and Beijing as a proactive one; current-price GDP hides real recessions, so this undercounts passive cities."
    )


def growth_text(growth: pd.DataFrame, rule: str) -> str:
    """Markdown: how long the cities peaked under ``rule`` took from their fastest growth to their peak."""
    if growth.empty:
        return f"No city has peaked under the {peaks.label(rule)}."
    lag = growth["years from fastest growth to peak"]
    return (
        f"Under the {peaks.label(rule)}, {len(growth)} peaked cities took a median of {lag.median():.0f} years "
        f"from their fastest year-on-year growth to their peak (half of them between {lag.quantile(0.25):.0f} and "
        f"{lag.quantile(0.75):.0f} years; {int((lag <= 5).sum())} within five years). Single-year growth is noisy "
        "in city inventories, so the fastest year is a rough marker of the boom, not a turning point."
    )


def rerisers_text(calls: pd.DataFrame, shown: int = 10) -> str:
    """Markdown: per rule, the cities whose called peak a later year matched or passed (the first ``shown``
    named)."""
    lines = []
    for rule in RULE_NAMES:
        wrong = calls[(calls["rule"] == rule) & calls["re-rose"]].sort_values(["called in", "city"])
        if wrong.empty:
            lines.append(f"- **{peaks.label(rule)}:** no called peak was overturned.")
            continue
        names = [
            f"{label(r.city)} (peak {r._4} called in {r._3}, matched or passed in {int(r._8)})"
            for r in wrong.rename(
                columns={"called in": "_3", "peak year": "_4", "first year at or above the peak": "_8"}
            ).itertuples()
        ]
        more = f", and {len(names) - shown} more (in the download)" if len(names) > shown else ""
        lines.append(f"- **{peaks.label(rule)}** ({len(names)} cities): " + "; ".join(names[:shown]) + more + ".")
    return "\n".join(lines)


def target_text() -> str:
    """Markdown: target T03 as the plan words it, and why whether it is met depends on how a peak is recognised."""
    t = load_targets().set_index("id").loc["T03"]
    return (
        f"- **T03** {t['indicator_en']}: 「{t['quote_zh']}」\n"
        "- The plan names neither a peak value nor how a peak will be recognised. Each rule here needs years "
        "after the maximum: a peak in 2029 could be confirmed by the N-years rule (five years) in 2034 at the "
        "earliest, by C40 in 2034 only if emissions have fallen 10 %, and by Mann-Kendall after at least four "
        "falling years. Whether T03 is met will be known only years after 2030, and the answer depends on the "
        "definition: the plan should name one.\n"
        "- This chapter does not score T03; the synthesis chapter gives the probability of a peak before 2030 "
        "under a stated rule."
    )
