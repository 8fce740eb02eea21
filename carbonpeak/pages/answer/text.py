"""The answer page's sentences: the key findings, the bottom line, the three numbers and the plan's territorial
gap."""

from __future__ import annotations

import pandas as pd

from carbonpeak import targets
from carbonpeak.analysis import nowcast
from carbonpeak.formats import probability
from carbonpeak.inputs import assumptions
from carbonpeak.model import outcomes, sensitivity, synthesis
from carbonpeak.pages import messages
from carbonpeak.pages.answer.labels import (
    M,
    _named,
    _pct,
    _short,
    _year,
    assumption_label,
    rule_label,
    scenario_label,
    status_label,
)
from carbonpeak.pages.answer.run import HEADLINE_SCENARIO, Answer, _lead, _names, _row, board_counts
from carbonpeak.pages.findings import BottomLine, KeyFindings, Numbers, city_numbers, peak_numbers


def _probs(a: Answer, table: pd.DataFrame, boundary: str, rule: str, year: int, lang: str) -> str:
    return messages.join(
        (_named(s, _pct(_row(table, s, boundary, rule)[f"P(peak <= {year})"], lang), lang) for s in _names(a)), lang
    )


def _peak_years(a: Answer, boundary: str, lang: str, table: pd.DataFrame | None = None) -> str:
    """Median peak year per scenario, or one year when every scenario has the same."""
    table = a.peaks if table is None else table
    years = [_row(table, s, boundary, a.rule).get("median peak year") for s in _names(a)]
    if len({None if y is None or pd.isna(y) else int(round(y)) for y in years}) == 1 and not pd.isna(years[0]):
        return M("answer.peak_years.same", lang, year=_year(years[0], lang))
    none = M("answer.peak_years.none", lang)
    shown = [none if y is None or pd.isna(y) else _year(y, lang) for y in years]
    return messages.join((_named(s, y, lang) for s, y in zip(_names(a), shown, strict=False)), lang)


def key_findings(a: Answer, lang: str = "en") -> KeyFindings:
    """The five findings that matter, generated from the run; their numbers are the synthesis' key numbers."""
    other_rule = next(r for r in outcomes.RULES if r != a.rule)
    other_2018 = "outlier" if a.record_2018 == "keep" else "keep"
    top_t = sensitivity.top(a.indices, synthesis.sobol_outputs(a.indices)[0], 1).iloc[0]
    outs = synthesis.sobol_outputs(a.indices)
    top_w = sensitivity.top(a.indices, outs[1], 2) if len(outs) > 1 else None
    counts = board_counts(a.board)
    n_targets = len(targets.per_target(a.board))
    t01 = a.board[a.board["id"] == "T01"].iloc[0]

    def probs(table, boundary, rule=a.rule):
        return _probs(a, table, boundary, rule, 2030, lang)

    def item(name: str, st: float) -> dict:
        return {"short": _short(name), "name": name, "label": assumption_label(name, lang), "st": st}

    imports = (
        M(
            "answer.finding.sobol_imports",
            lang,
            items=M("answer.finding.sobol_and", lang).join(
                M("answer.finding.sobol_item", lang, **item(r.assumption, r.ST)) for r in top_w.itertuples()
            ),
        )
        if top_w is not None
        else ""
    )
    bullets = [
        M(
            "answer.finding.imports",
            lang,
            share=M("common.unit.percent", lang, value=100 * assumptions.get("external_share_2019").default),
            rule=rule_label(a.rule, lang),
            p_imports=probs(a.peaks, "with_imports"),
            years_imports=_peak_years(a, "with_imports", lang),
            p_purchases=probs(a.peaks, "with_purchases"),
        ),
        M(
            "answer.finding.territorial",
            lang,
            p_territorial=probs(a.peaks, "territorial"),
            years_kept=_peak_years(a, "territorial", lang),
            verdict=nowcast.verdict_2018_word(),
            other_2018=M(f"answer.record_2018.{other_2018}", lang),
            p_territorial_other=probs(a.peaks_other, "territorial"),
            years_other=_peak_years(a, "territorial", lang, a.peaks_other),
        ),
        M(
            "answer.finding.rule",
            lang,
            other_rule=rule_label(other_rule, lang),
            other_description=messages.label("rule_description", other_rule, lang),
            p_other_rule=probs(a.peaks, "with_imports", other_rule),
        ),
        M(
            "answer.finding.sobol",
            lang,
            scenario=scenario_label(a.scenarios[-1].name, lang),
            imports=imports,
            **item(top_t["assumption"], top_t["ST"]),
        ),
        M(
            "answer.finding.targets",
            lang,
            n_targets=n_targets,
            scored=n_targets - counts["no data"],
            on_track=counts["on track"],
            at_risk=counts["at risk"],
            off_track=counts["off track"],
            no_data=counts["no data"],
            t01_target=f"{t01['target_value']:g}".replace("-", "−"),
            t01_fall=f"{abs(t01['target_value']):g}",
            t01_status=status_label(t01["status"], lang),
            t01_probability=probability(t01["probability"], lang),
        ),
    ]
    why = plan_territorial_sentence(a, lang)
    if why:
        bullets.insert(2, why)
    return KeyFindings(
        bullets,
        {**city_numbers(a.ensemble, (2025, 2030)), **peak_numbers(a.peaks)},
        label=M("common.findings.label", lang),
    )


def _p_peak(a: Answer, scenario: str, boundary: str, year: int, lang: str) -> str:
    """P(peak by ``year``) of a scenario on a boundary under the answer's rule, as a reader reads it."""
    return probability(_row(a.peaks, scenario, boundary, a.rule)[f"P(peak <= {year})"], lang)


def bottom_line(a: Answer, lang: str = "en", year: int = 2030) -> BottomLine:
    """The answer in one sentence: the probability of a peak by ``year`` with imported electricity for the plan (or
    the run's first scenario), the others beside it, the rule, and the territorial figure."""
    names = _names(a)
    lead = _lead(a)
    others = [n for n in names if n != lead]

    def p(name: str, boundary: str) -> str:
        return _p_peak(a, name, boundary, year, lang)

    beside = messages.join((_named(n, p(n, "with_imports"), lang) for n in others), lang)
    opening = (
        M("answer.bottom_line.opening_plan", lang)
        if lead == HEADLINE_SCENARIO
        else M("answer.bottom_line.opening_other", lang, scenario=scenario_label(lead, lang))
    )
    return BottomLine(
        M(
            "answer.bottom_line.text",
            lang,
            opening=opening,
            year=year,
            p_imports=p(lead, "with_imports"),
            rule=rule_label(a.rule, lang),
            beside=(M("common.punct.clause", lang) + beside) if beside else "",
            p_territorial=p(lead, "territorial"),
        )
    )


def three_numbers(a: Answer, lang: str = "en", year: int = 2030) -> Numbers:
    """The three numbers that matter, for the landing page: the bottom line's two probabilities and how many of
    the plan's scored targets are on track."""
    lead = _lead(a)
    counts = board_counts(a.board)
    total = len(targets.per_target(a.board))
    scored = total - counts["no data"]

    def p(boundary: str) -> str:
        return _p_peak(a, lead, boundary, year, lang)

    words = {"scenario": scenario_label(lead, lang), "year": year, "rule": rule_label(a.rule, lang)}
    items = [
        (p("with_imports"), M("answer.numbers.imports", lang, **words)),
        (p("territorial"), M("answer.numbers.territorial", lang, **words)),
        (
            M("answer.numbers.count", lang, on_track=counts["on track"], scored=scored),
            M("answer.numbers.targets", lang, total=total),
        ),
    ]
    return Numbers(items, M("answer.numbers.title", lang))


def plan_territorial_sentence(a: Answer, lang: str = "en", year: int = 2030) -> str:
    """One sentence: why the plan's territorial CO2 is above or below the baseline's in ``year`` (medians by
    part); empty unless both scenarios are in the run."""
    names = [s.name for s in a.scenarios]
    if not {"baseline", "plan"} <= set(names) or a.horizon_end < year:
        return ""
    gap = synthesis.gap_by_part(a.ensemble, "baseline", "plan", year).drop("imported electricity")
    plants = float(gap["power plants"])
    rest = float(gap.drop("power plants").sum())

    def change(mt: float) -> str:
        return M("answer.finding.change", lang, value=mt, wan=messages.co2(round(mt, 1), "zh"))

    return M(
        "answer.finding.plan_territorial",
        lang,
        direction=M("answer.finding.above" if plants + rest > 0 else "answer.finding.below", lang),
        year=year,
        plants=change(plants),
        rest=change(rest),
    )
