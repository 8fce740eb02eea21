"""The atlas chapter's words: its key findings and the paragraphs generated from its numbers (the published
count, the proactive-or-passive reading, growth to peak, overturned peaks, target T03)."""

from __future__ import annotations

import pandas as pd

from carbonpeak.analysis import atlas, peaks
from carbonpeak.analysis.atlas import PUBLISHED, PUBLISHED_SOURCES, RULE_NAMES, label
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.targets import load_targets


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
