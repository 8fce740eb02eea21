"""The atlas chapter's words, in English or in Chinese (the catalogue's atlas.yml): the line of parameters, its key
findings, one city's verdicts in sentences and the paragraphs generated from its numbers (the published count, the
proactive-or-passive reading, growth to peak, overturned peaks, target T03)."""

from __future__ import annotations

import pandas as pd

from carbonpeak.analysis import atlas, peaks
from carbonpeak.analysis.atlas import PUBLISHED, PUBLISHED_SOURCES, RULE_NAMES
from carbonpeak.pages import messages
from carbonpeak.pages.atlas.figures import city_label, rule_label
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.targets import load_targets

M = messages.text
DEFAULT_YEARS = peaks.DEFAULT_RULE_YEARS
FUXIN = "辽宁阜新"  # a city the paper counts, named in the step against the paper


def header(city: str, rule: str, rule_years: int, reference_year: int, lang: str = "en") -> str:
    """Markdown: the highlighted city, the headline rule, N and the C40 reference year."""
    return M(
        "atlas.header",
        lang,
        city=city_label(city, lang),
        rule=rule_label(rule, lang),
        rule_years=rule_years,
        reference_year=reference_year,
    )


def statement(status: peaks.Status, lang: str = "en") -> str:
    """One sentence that names the rule and says what it found on a city's record, and why."""
    name = rule_label(status.rule, lang)
    if status.year is None:
        return M("atlas.statement.no_data", lang, name=name)
    reason = messages.label("peak_reason", status.why, lang).format(**status.facts)
    return M(
        f"atlas.statement.{status.verdict}",
        lang,
        name=name,
        year=status.year,
        value=status.value,
        wan=round(status.value, 1) * messages.CO2_SCALE["zh"],
        reason=reason,
    )


def city_heading(city: str, lang: str = "en") -> str:
    """Markdown: the highlighted city's section heading."""
    return M("atlas.city_heading", lang, city=city_label(city, lang))


def city_statements(statuses: dict, lang: str = "en") -> str:
    """Markdown: one line per rule with its verdict on the highlighted city (``statuses``: rule -> Status)."""
    return "\n".join(
        M("atlas.statement.item", lang, rule=rule_label(r, lang), statement=statement(s, lang))
        for r, s in statuses.items()
    )


def city_hindsight_intro(city: str, lang: str = "en") -> str:
    """Markdown: the line before the highlighted city's as-of table."""
    return M("atlas.city_hindsight_intro", lang, city=city_label(city, lang))


def _lower_than(rank: dict, column: str, lang: str) -> str:
    n, below = rank[f"{column}_n"], rank[f"{column}_below"]
    if n == 0:
        return M("atlas.findings.rank_none", lang)
    if below == 0:
        return M("atlas.findings.rank_all", lang, n=n)
    return M("atlas.findings.rank_some", lang, lower=n - below, n=n)


def _peers_finding(rank: dict, rule: str, lang: str) -> str:
    key = "atlas.findings"
    if rank["t_co2_per_person_n"] == 0:
        return M(f"{key}.peers_none", lang, rule=rule_label(rule, lang))
    return M(
        f"{key}.peers",
        lang,
        year=rank["year"],
        person=rank["t_co2_per_person"],
        person_rank=_lower_than(rank, "t_co2_per_person", lang),
        yuan=rank["t_co2_per_10k_yuan"],
        yuan_rank=_lower_than(rank, "t_co2_per_10k_yuan", lang),
        rule=rule_label(rule, lang),
        person_median=rank["t_co2_per_person_median"],
        yuan_median=rank["t_co2_per_10k_yuan_median"],
    )


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
    statuses: dict,
    lang: str = "en",
) -> KeyFindings:
    """The chapter's key findings: the counts under each rule, the published count, the highlighted city (its
    verdicts: rule -> Status), Shenzhen among its peers, growth to peak and hindsight."""
    key = "atlas.findings"
    c = atlas.counts(table).set_index("rule")
    wrong = summary.set_index("rule")["wrong in hindsight (%)"]
    lines = [
        M(
            f"{key}.counts",
            lang,
            cities=len(table),
            rule_years=rule_years,
            reference_year=reference_year,
            c40_unknown=c.loc["c40", "unknown"],
            **{r: c.loc[r, "peaked"] for r in RULE_NAMES},
        ),
        M(
            f"{key}.published",
            lang,
            published=PUBLISHED["proactive"] + PUBLISHED["passive"],
            cities=PUBLISHED["cities"],
            proactive=PUBLISHED["proactive"],
            passive=PUBLISHED["passive"],
            closest=int(steps.loc[steps["step"] == "4", "cities peaked"].iloc[0]),
        ),
        M(f"{key}.city", lang, city=city_label(city, lang), statement=statement(statuses["n_years"], lang)),
        _peers_finding(rank, rule, lang),
    ]
    if len(growth):
        lag = growth["years from fastest growth to peak"]
        lines.append(M(f"{key}.growth", lang, median=lag.median(), n=len(growth), rule=rule_label(rule, lang)))
    items = (M(f"{key}.hindsight_item", lang, wrong=wrong[r], rule=rule_label(r, lang)) for r in RULE_NAMES)
    lines.append(M(f"{key}.hindsight", lang, items=messages.join(items, lang)))
    return KeyFindings(lines, label=M("common.findings.label", lang))


def shan_text(matrix: pd.DataFrame, steps: pd.DataFrame, lang: str = "en") -> str:
    """Markdown: what each step changes and what is left unexplained, with the numbers."""
    by = steps.set_index("step")["cities peaked"]
    window = matrix.loc[:, PUBLISHED["first_year"] : PUBLISHED["last_year"]]
    observed_rule = atlas.verdicts(window, "n_years", DEFAULT_YEARS, 2019)
    reaches = window[2019].notna()
    closest = atlas.closest_reading(matrix)
    gap_cities = closest & ~(observed_rule["peaked"] & reaches)
    undecided = atlas.undecidable_by_2019(matrix)
    published = PUBLISHED["proactive"] + PUBLISHED["passive"]
    key = "atlas.shan"
    lines = [
        M(
            f"{key}.published",
            lang,
            sources=M("atlas.citation", lang, text=PUBLISHED_SOURCES),
            cities=PUBLISHED["cities"],
            published=published,
            proactive=PUBLISHED["proactive"],
            passive=PUBLISHED["passive"],
        ),
        M(f"{key}.step2_none" if by["2"] == by["1"] else f"{key}.step2", lang, change=int(by["2"] - by["1"])),
        M(
            f"{key}.step3",
            lang,
            change=int(by["3"] - by["2"]),
            dropped=int(by["2"] - by["3"]),
            short=int((~reaches).sum()),
            cities=len(window),
        ),
        M(
            f"{key}.step4",
            lang,
            change=int(by["4"] - by["3"]),
            gap=int(gap_cities.sum()),
            names=messages.join((city_label(c, lang) for c in closest.index[gap_cities]), lang, "enum"),
        ),
        M(
            f"{key}.paper",
            lang,
            diff=published - int(by["4"]),
            undecided=len(undecided),
            fuxin_last=int(matrix.loc[FUXIN].last_valid_index()),
            not_in=int(by["4"]) - (published - 1),
            step4=int(by["4"]),
            published=published,
            file_cities=len(matrix),
            cities=PUBLISHED["cities"],
        ),
    ]
    return "\n".join(lines)


def split_text(split: pd.DataFrame, lang: str = "en") -> str:
    """Markdown: the proactive-or-passive reading of the major cities counted under step 4, and why it
    undercounts passive ones."""
    passive = [city_label(c, lang) for c in split[split["reading"] == "passive"]["city"]]
    return M(
        "atlas.split",
        lang,
        n=len(split),
        proactive=int((split["reading"] == "proactive").sum()),
        passive=len(passive),
        names=M("atlas.split_names", lang, names=messages.join(passive, lang)) if passive else "",
    )


def growth_text(growth: pd.DataFrame, rule: str, lang: str = "en") -> str:
    """Markdown: how long the cities peaked under ``rule`` took from their fastest growth to their peak."""
    if growth.empty:
        return M("atlas.growth.none", lang, rule=rule_label(rule, lang))
    lag = growth["years from fastest growth to peak"]
    return M(
        "atlas.growth.text",
        lang,
        rule=rule_label(rule, lang),
        n=len(growth),
        median=lag.median(),
        q1=lag.quantile(0.25),
        q3=lag.quantile(0.75),
        within=int((lag <= 5).sum()),
    )


def rerisers_text(calls: pd.DataFrame, shown: int = 10, lang: str = "en") -> str:
    """Markdown: per rule, the cities whose called peak a later year matched or passed (the first ``shown``
    named)."""
    key = "atlas.rerisers"
    lines = []
    for rule in RULE_NAMES:
        wrong = calls[(calls["rule"] == rule) & calls["re-rose"]].sort_values(["called in", "city"])
        if wrong.empty:
            lines.append(M(f"{key}.none", lang, rule=rule_label(rule, lang)))
            continue
        names = [
            M(
                f"{key}.city",
                lang,
                city=city_label(city, lang),
                peak=peak,
                called=called,
                passed=int(passed),
            )
            for city, peak, called, passed in zip(
                wrong["city"], wrong["peak year"], wrong["called in"], wrong["first year at or above the peak"]
            )
        ]
        more = M(f"{key}.more", lang, more=len(names) - shown) if len(names) > shown else ""
        lines.append(
            M(
                f"{key}.line",
                lang,
                rule=rule_label(rule, lang),
                n=len(names),
                names=messages.join(names[:shown], lang, "clause"),
                more=more,
            )
        )
    return "\n".join(lines)


def target_text(lang: str = "en") -> str:
    """Markdown: target T03 as the plan words it, and why whether it is met depends on how a peak is recognised."""
    t = load_targets().set_index("id").loc["T03"]
    return M("atlas.target", lang, indicator=t[f"indicator_{lang}"], quote=t["quote_zh"])
