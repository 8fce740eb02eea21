"""The synthesis page's sentences: its key findings, the headline and the introduction to the 2018 table."""

from __future__ import annotations

import pandas as pd

from carbonpeak.analysis import nowcast
from carbonpeak.formats import probability
from carbonpeak.model import outcomes, sensitivity, synthesis
from carbonpeak.pages import messages
from carbonpeak.pages.findings import KeyFindings, city_numbers, peak_numbers
from carbonpeak.pages.synthesis.labels import K, M, _assumption, _boundary, _output, _rule, _scenario


def record_2018_intro(lang: str = "en") -> str:
    """The sentence that introduces the outlier table, with the 2018 test's numbers and verdict (not typed)."""
    j = nowcast.assess_2018()
    return M(
        f"{K}.record_2018.intro",
        lang,
        value_2018=j.value_2018,
        value_2016=j.value_2016,
        wan_2018=messages.co2(round(j.value_2018, 1), "zh"),
        wan_2016=messages.co2(round(j.value_2016, 1), "zh"),
        verdict=j.verdict,
        word=_verdict(lang),
    )


def _verdict(lang: str) -> str:
    """The 2018 test's verdict in one word ("doubtful", "plausible") in the page's language."""
    return M(f"{K}.verdict.{nowcast.verdict_2018_word()}", lang)


def key_findings(
    table: pd.DataFrame,
    indices: pd.DataFrame,
    ens,
    rule: str,
    horizon_end: int,
    record_2018: str,
    years: pd.DataFrame | None = None,
    discrepancy: pd.DataFrame | None = None,
    lang: str = "en",
):
    """The answer per boundary, what drives it, and (given the peak-year table and the discrepancy table)
    what the 2018 value and the discrepancy do, with the numbers behind them."""
    key = f"{K}.finding"
    part = table[table["rule"] == rule].set_index(["scenario", "boundary"])
    names = list(dict.fromkeys(table["scenario"]))

    def named(values) -> str:
        sep = M("common.punct.name_value", lang)
        return messages.join((f"{_scenario(s, lang)}{sep}{probability(v, lang)}" for s, v in values), lang)

    bullets = []
    for boundary in outcomes.BOUNDARIES:
        probs = named((s, part.at[(s, boundary), "P(peak <= 2030)"]) for s in names)
        label = _boundary(boundary, lang)
        label = label[0].upper() + label[1:]
        bullets.append(M(f"{key}.boundary", lang, label=label, rule=_rule(rule, lang), probs=probs))
    if record_2018 == "keep" and years is not None:
        in_2018 = years[
            (years["boundary"] == "territorial") & (years["rule"] == rule) & (years["peak year"] == "2018")
        ].set_index("scenario")["share"]
        shares = named((s, in_2018.get(s, 0.0)) for s in names)
        bullets.append(M(f"{key}.record_2018", lang, verdict=_verdict(lang), shares=shares))
    if discrepancy is not None:
        d = discrepancy[discrepancy["boundary"] == "with_imports"].set_index(["multiplier", "scenario"])
        d = d["P(peak <= 2030)"]
        top = max(synthesis.DISCREPANCY_MULTIPLIERS)
        first = names[0]
        bullets.append(
            M(
                f"{key}.discrepancy",
                lang,
                scenario=_scenario(first, lang),
                p0=probability(d[(0.0, first)], lang),
                p1=probability(d[(1.0, first)], lang),
                ptop=probability(d[(top, first)], lang),
                top=top,
            )
        )
    for output in synthesis.sobol_outputs(indices)[:2]:
        top_ix = sensitivity.top(indices, output, 2)
        bullets.append(
            M(
                f"{key}.sobol",
                lang,
                output=_output(output, lang),
                names=M(f"{key}.sobol_and", lang).join(
                    M(f"{key}.sobol_name", lang, label=_assumption(a, lang)) for a in top_ix["assumption"]
                ),
                values=messages.join((M(f"{key}.sobol_value", lang, value=v) for v in top_ix["ST"]), lang, "enum"),
            )
        )
    numbers = {**city_numbers(ens, (2025, 2030)), **peak_numbers(table)}
    return KeyFindings(bullets, numbers, label=M("common.findings.label", lang))


def headline(table: pd.DataFrame, rule: str, horizon_end: int, lang: str = "en") -> str:
    """Markdown bullets: P(peak <= 2025) and P(peak <= 2030) per scenario and boundary under ``rule``."""
    key = f"{K}.headline"
    part = table[table["rule"] == rule]
    description = messages.label("rule_description", rule, lang)
    lines = [M(f"{key}.rule", lang, rule=_rule(rule, lang), description=description, end=horizon_end)]
    for r in part.to_dict("records"):
        year = r.get("median peak year")
        when = M(f"{key}.when", lang, year=int(round(year))) if year is not None and not pd.isna(year) else ""
        lines.append(
            M(
                f"{key}.row",
                lang,
                scenario=_scenario(r["scenario"], lang),
                boundary=_boundary(r["boundary"], lang),
                p2030=probability(r["P(peak <= 2030)"], lang),
                p2025=probability(r["P(peak <= 2025)"], lang),
                end=horizon_end,
                pnot=probability(r[f"P(not peaked by {horizon_end})"], lang),
                when=when,
            )
        )
    return "\n".join(lines)
