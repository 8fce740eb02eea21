"""The answer on one page, in English and in Chinese: the peak probabilities per scenario and boundary with
their rule, the five findings that matter, the plan's target board in counts, what is measured and what is
assumed, and the results for analysts (IAMC CSV).

Everything comes from the synthesis' own run (same parameters, same functions: carbonpeak.model.synthesis,
carbonpeak.model.outcomes), so the key numbers stored with the findings equal the synthesis page's.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts, targets
from carbonpeak.analysis import nowcast
from carbonpeak.constants import level_name
from carbonpeak.formats import probability
from carbonpeak.inputs import assumptions
from carbonpeak.model import boundaries, core, outcomes, runs, sensitivity, summary, synthesis
from carbonpeak.pages import messages, zh
from carbonpeak.pages.findings import BottomLine, KeyFindings, Numbers, city_numbers, peak_numbers
from carbonpeak.pages.tables import Table, whole
from carbonpeak.runner import export
from carbonpeak.targets import scorers

LANGS = messages.LANGS
M = messages.text
SOURCES = synthesis.SOURCES
GRADES = synthesis.GRADES
BAR_COLOURS = {"2025": "#3f73b0", "2030": "#1f4e79"}  # white labels on both: at least 4.5:1; bars 3:1 on white


@dataclass
class Answer:
    """The synthesis' run for the answer page: scenarios, ensemble, the peak tables under both choices for CEADs' 2018
    value, the Sobol indices and the status board, with the parameters that made them."""

    scenarios: list
    ensemble: runs.Ensemble
    peaks: pd.DataFrame  # outcomes.peak_table with the chosen record_2018
    peaks_other: pd.DataFrame  # the same with the other choice for CEADs' 2018 value
    indices: pd.DataFrame  # Sobol indices (synthesis.sobol_indices)
    board: pd.DataFrame  # scorers.status_board()
    rule: str
    horizon_end: int
    record_2018: str
    rule_years: int
    rule_start: int


def compute(
    scenarios: str,
    horizon_end: int,
    peak_rule: str,
    peak_rule_years: int,
    rule_start: int,
    record_2018: str,
    draws: int,
    seed: int,
    sobol_base: int,
) -> Answer:
    """The synthesis' run and its tables for these parameters."""
    scens = synthesis.load_scenarios(scenarios)
    ens = synthesis.run(scens, draws, seed, horizon_end)
    table = outcomes.peak_table(ens.results, horizon_end, peak_rule_years, rule_start, record_2018)
    other = "outlier" if record_2018 == "keep" else "keep"
    table_other = outcomes.peak_table(ens.results, horizon_end, peak_rule_years, rule_start, other)
    indices = synthesis.sobol_indices(
        scens, scens[-1].name, sobol_base, seed, horizon_end, peak_rule_years, rule_start, record_2018
    )
    return Answer(
        scens,
        ens,
        table,
        table_other,
        indices,
        scorers.status_board(),
        peak_rule,
        horizon_end,
        record_2018,
        peak_rule_years,
        rule_start,
    )


# labels ------------------------------------------------------------------------------------------------


def scenario_label(name: str, lang: str) -> str:
    """A scenario's name in the page's language (the catalogue's label; its own name where it has none)."""
    return messages.label("scenario", name, lang)


def boundary_label(b: str, lang: str, short: bool = False) -> str:
    """A boundary's label in the page's language; ``short`` picks the short form."""
    return boundaries.label(b, lang, short=short)


def rule_label(rule: str, lang: str) -> str:
    """A peak rule's label in the page's language."""
    return messages.label("rule", rule, lang)


def assumption_label(name: str, lang: str) -> str:
    """An assumption's label in the page's language."""
    return messages.label("assumption", name, lang)


def status_label(status: str, lang: str) -> str:
    """A target status in the page's language."""
    return messages.label("status", status, lang)


def _year(y, lang: str) -> str:
    return M("common.unit.year", lang, year=whole(y))


def _short(name: str) -> str:
    """An assumption's label without its parenthesis: what a finding names."""
    return assumptions.get(name).label.split(" (")[0]


def _pct(x: float, lang: str) -> str:
    return probability(x, lang)


def _row(table: pd.DataFrame, scenario: str, boundary: str, rule: str) -> dict:
    return (
        table[(table["scenario"] == scenario) & (table["boundary"] == boundary) & (table["rule"] == rule)]
        .iloc[0]
        .to_dict()
    )


def _names(a: Answer) -> list[str]:
    return [s.name for s in a.scenarios]


def _named(name: str, value: str, lang: str) -> str:
    """'plan 86 %' / '规划情景86%'."""
    return f"{scenario_label(name, lang)}{M('common.punct.name_value', lang)}{value}"


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


# key findings --------------------------------------------------------------------------------------------


def board_counts(board: pd.DataFrame) -> dict:
    """How many of the board's targets have each status (per target)."""
    one = targets.per_target(board)
    return {s: int((one["status"] == s).sum()) for s in targets.STATUSES}


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


HEADLINE_SCENARIO = "plan"  # the bottom line speaks of the plan carried out, where the run has it


def _lead(a: Answer) -> str:
    """The scenario the bottom line speaks of: the plan, or the run's first scenario if it has no plan."""
    names = _names(a)
    return HEADLINE_SCENARIO if HEADLINE_SCENARIO in names else names[0]


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


def rule_order(a: Answer) -> list[str]:
    """The headline rule first, then the others the run applies."""
    return [a.rule] + [r for r in outcomes.RULES if r != a.rule]


# tables ------------------------------------------------------------------------------------------------


def _columns(key: str, lang: str, columns: dict, **values) -> pd.DataFrame:
    """A table from ``{message: values}``, headed in the page's language; a column whose header is empty in
    this language is left out (the catalogue's ``plan_targets.in_plan``)."""
    named = {M(f"{key}.{name}", lang, **values): column for name, column in columns.items()}
    return pd.DataFrame({header: column for header, column in named.items() if header})


def peak_table(a: Answer, rule: str, lang: str = "en") -> Table:
    """Scenario x boundary under one rule: P(peak <= 2025 / 2030), not peaked, median peak year and value."""
    t = a.peaks[a.peaks["rule"] == rule]
    end = a.horizon_end
    key = "answer.peak_table"
    df = _columns(
        key,
        lang,
        {
            "scenario": t["scenario"].map(lambda s: scenario_label(s, lang)),
            "boundary": t["boundary"].map(lambda b: boundaries.label(b, lang, short=True)),
            "by_2025": t["P(peak <= 2025)"],
            "by_2030": t["P(peak <= 2030)"],
            "not_peaked": t[f"P(not peaked by {end})"],
            "year": t["median peak year"],
            "value": messages.co2(t["median peak value (Mt)"], lang),
        },
        end=end,
    )

    def p(x) -> str:
        return probability(x, lang)

    def value(v) -> str:  # Mt to 0.1, 万吨 to 10: the same precision
        return "–" if pd.isna(v) else M(f"{key}.value_format", lang, value=v, rounded=round(v, -1))

    return Table(
        df,
        M(f"{key}.title", lang, rule=rule_label(rule, lang), draws=f"{a.ensemble.draws:,}"),
        formats={
            M(f"{key}.by_2025", lang): p,
            M(f"{key}.by_2030", lang): p,
            M(f"{key}.not_peaked", lang, end=end): p,
            M(f"{key}.year", lang): whole,
            M(f"{key}.value", lang): value,
        },
    )


def status_table(a: Answer, lang: str = "en") -> Table:
    """The status board in counts: one row per sector, one column per status, and the total."""
    board = targets.per_target(a.board)
    order = [s for s in messages.group("sector", lang) if s in set(board["sector"])]
    counts = pd.crosstab(board["sector"], board["status"]).reindex(
        index=order, columns=list(targets.STATUSES), fill_value=0
    )
    counts["all"] = counts.sum(axis=1)
    total = counts.sum().rename("all")
    counts = pd.concat([counts, total.to_frame().T])
    key = "answer.status_table"
    sector = M(f"{key}.sector", lang)
    df = counts.rename(
        columns={**{s: status_label(s, lang) for s in targets.STATUSES}, "all": M(f"{key}.all_targets", lang)}
    ).reset_index(names=sector)
    df[sector] = df[sector].map({**messages.group("sector", lang), "all": M(f"{key}.all_sectors", lang)})
    return Table(df, M(f"{key}.title", lang))


def plan_level_targets(a: Answer, lang: str = "en") -> Table:
    """The plan's city-wide targets (T01-T03) as the board scores them."""
    rows = a.board[a.board["sector"] == "cross_cutting"].merge(
        targets.load_targets()[["id", "indicator_zh"]], on="id", how="left"
    )
    rows = rows[rows["id"].str.startswith("T")]
    key = "answer.plan_targets"
    # the indicator in the page's language: the plan's own words on a Chinese page, with the boundary scored
    indicator = [
        M(f"{key}.indicator_text", lang, indicator=i, indicator_zh=z)
        for i, z in zip(rows["indicator"], rows["indicator_zh"], strict=True)
    ]
    scored_on = rows["boundary"].map(lambda b: M(f"{key}.boundary", lang, boundary=zh.BOUNDARY_NAMES[b]) if b else "")
    df = _columns(
        key,
        lang,
        {
            "id": rows["id"],
            "indicator": [i + b for i, b in zip(indicator, scored_on, strict=True)],
            "in_plan": rows["indicator_zh"],
            "target_year": rows["target_year"],
            "status": rows["status"].map(lambda x: status_label(x, lang)),
            "probability": rows["probability"],
        },
    )
    basis = "; ".join(dict.fromkeys(f"{i}: {b}" for i, b in zip(rows["id"], rows["basis"], strict=False)))
    return Table(
        df,
        M(f"{key}.title", lang, basis=basis),
        formats={
            M(f"{key}.target_year", lang): whole,
            M(f"{key}.probability", lang): lambda x: probability(x, lang),
        },
    )


def grades_table(a: Answer, lang: str = "en") -> Table:
    """What the answer rests on, grade by grade: measured, official figures, proxies, derived, assumed."""
    rec = outcomes.record(2100, a.rule_start, "keep")  # every CEADs year the rule reads, the base year included
    missing = sorted(set(range(int(rec.index.min()), int(rec.index.max()) + 1)) - set(int(y) for y in rec.index))
    base_year, obs = runs.calibration()
    by_grade = {}
    for name in core.ALL_NAMES:
        by_grade.setdefault(assumptions.get(name).grade, []).append(name)
    top = list(sensitivity.top(a.indices, synthesis.sobol_outputs(a.indices)[0], 3)["assumption"])
    gdp_years = sorted(obs.gdp_growth)
    n = {g: len(by_grade.get(g, [])) for g in GRADES}
    key = "answer.grades"
    gaps = M(f"{key}.missing", lang, years=messages.join(map(str, missing), lang, "enum")) if missing else ""
    what = {
        "measured": M(f"{key}.measured", lang, first=rec.index.min(), last=rec.index.max(), n=len(rec), missing=gaps),
        "official_point": M(
            f"{key}.official_point",
            lang,
            gdp_first=gdp_years[0],
            gdp_last=gdp_years[-1],
            vehicle_counts=len(obs.vehicle_stock),
            nev_first=obs.nev_share_years[0],
            nev_last=obs.nev_share_years[-1],
            n=n["official_point"],
        ),
        "proxy": M(f"{key}.proxy", lang, first=min(obs.import_ef_index), last=max(obs.import_ef_index)),
        "derived": M(f"{key}.derived", lang, n=n["derived"]),
        "assumption": M(
            f"{key}.assumption",
            lang,
            n=n["assumption"],
            scenario=scenario_label(a.scenarios[-1].name, lang),
            names=messages.join(
                (M(f"{key}.assumption_item", lang, short=_short(x), label=assumption_label(x, lang)) for x in top),
                lang,
                "items",
            ),
        ),
    }
    df = _columns(
        key,
        lang,
        {
            "grade": [messages.label("grade", g, lang) for g in GRADES],
            "meaning": [messages.label("grade_meaning", g, lang) for g in GRADES],
            "rests_on": [what[g] for g in GRADES],
        },
    )
    return Table(df, M(f"{key}.title", lang))


# figures -----------------------------------------------------------------------------------------------


def _title(lang: str, key: str, units: str, **values):
    """A title in short lines that fit a phone's width (an English page's also in Chinese, the plan's terms),
    measured from the chart's left edge (frame 'bounds'); the subtitle states the units."""
    return alt.TitleParams(text=M(key, lang, **values), subtitle=M("common.unit.units", lang) + units, frame="bounds")


def _boundary_names(boundary: str) -> dict:
    return {
        "boundary_en": boundaries.label(boundary, "en", short=True),
        "boundary_zh": boundaries.label(boundary, "zh", short=True),
    }


def _model_figure(a: Answer, chart, alt_text: str, data: pd.DataFrame, filename: str, lang: str) -> charts.Figure:
    """A chart of the run's results, with the model's source note and a download in the page's language."""
    source = messages.source_note(
        SOURCES, GRADES, M("common.source.city_model", lang, draws=f"{a.ensemble.draws:,}"), lang
    )
    return charts.Figure(
        chart, alt_text=alt_text, source=source, data=data, filename=filename, **messages.figure_csv(lang)
    )


def peak_figure(a: Answer, boundary: str, lang: str = "en") -> charts.Figure:
    """Bars: P(peak by 2025) and P(peak by 2030) per scenario on one boundary, under the headline rule."""
    rows = []
    for s in _names(a):
        r = _row(a.peaks, s, boundary, a.rule)
        for year in (2025, 2030):
            rows.append(
                {
                    "scenario": scenario_label(s, lang),
                    "by": str(year),
                    "probability": r[f"P(peak <= {year})"],
                    "label": _pct(r[f"P(peak <= {year})"], lang),
                }
            )
    df = pd.DataFrame(rows)
    names = list(dict.fromkeys(df["scenario"]))
    key = "answer.figure"
    bars = alt.Chart(df).encode(
        y=alt.Y("scenario:N", sort=names, title=None),
        yOffset=alt.YOffset("by:N"),
        x=alt.X(
            "probability:Q",
            title=M(f"{key}.share_of_draws", lang),
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domain=[0, 1]),
        ),
        color=alt.Color(
            "by:N",
            title=M(f"{key}.peak_by", lang),
            scale=alt.Scale(domain=list(BAR_COLOURS), range=list(BAR_COLOURS.values())),
        ),
        tooltip=["scenario:N", "by:N", alt.Tooltip("probability:Q", format=".1%")],
    )
    # the share written on the bar (inside a long bar, after a short one), so no label widens the chart
    inside = (
        bars.transform_filter("datum.probability >= 0.2")
        .mark_text(align="right", dx=-4, fontSize=11)
        .encode(text="label:N", color=alt.value("white"))
    )
    outside = (
        bars.transform_filter("datum.probability < 0.2")
        .mark_text(align="left", dx=3, fontSize=11)
        .encode(text="label:N", color=alt.value("#222"))
    )
    rule = rule_label(a.rule, lang)
    units = M(f"{key}.peak_units", lang, rule=rule)
    chart = alt.layer(bars.mark_bar(), inside, outside).properties(
        title=_title(lang, f"{key}.peak_title", units, **_boundary_names(boundary)),
        width=charts.WIDTH,
        height=38 * len(names) + 20,
    )
    items = (M(f"{key}.peak_alt_item", lang, scenario=r.scenario, by=r.by, label=r.label) for r in df.itertuples())
    alt_text = M(
        f"{key}.peak_alt",
        lang,
        boundary=boundary_label(boundary, lang),
        rule=rule,
        items=messages.join(items, lang, "clause"),
    )
    return _model_figure(a, chart, alt_text, df, f"answer_{lang}_peak_{boundary}", lang)


def path_figure(a: Answer, boundary: str, level: float, lang: str = "en") -> charts.Figure:
    """Median and central band per scenario on one boundary; the CEADs record as points (territorial)."""

    scale = messages.CO2_SCALE[lang]  # Mt in English, 万吨 in Chinese
    tag = level_name(level)
    key = "answer.figure"
    paths = summary.city_paths(a.ensemble, (level,))
    df = paths[paths["boundary"] == boundary].copy()
    for c in ("median", f"lower_{tag}", f"upper_{tag}"):
        df[c] = df[c] * scale
    df["scenario"] = df["scenario"].map(lambda s: scenario_label(s, lang))
    names = list(dict.fromkeys(df["scenario"]))
    colours = [charts.SCENARIO_COLOURS.get(s, "#444") for s in _names(a)]
    colour = alt.Color(
        "scenario:N",
        sort=names,
        title=M(f"{key}.scenario", lang),
        scale=alt.Scale(domain=names, range=colours),
        legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=3, symbolOpacity=1, symbolFillColor=None),
    )
    unit = M(f"{key}.unit", lang)
    base = alt.Chart(df).encode(
        x=alt.X("year:Q", axis=alt.Axis(format="d", title=M(f"{key}.year", lang)), scale=alt.Scale(zero=False)),
        color=colour,
    )
    # the line first, so the legend shows the scenarios' line colours rather than the pale bands
    layers = [
        base.mark_line().encode(
            y=alt.Y("median:Q", title=unit),
            tooltip=[
                "scenario:N",
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("median:Q", format=",.1f" if scale == 1 else ",.0f"),
            ],
        ),
        base.mark_area(opacity=0.16).encode(y=f"lower_{tag}:Q", y2=f"upper_{tag}:Q"),
    ]
    data = df
    if boundary == "territorial":
        rec = outcomes.record(int(df["year"].min()), a.rule_start, "keep")
        pts = pd.DataFrame(
            {"year": rec.index.astype(int), "value": rec.to_numpy() * scale, "series": M(f"{key}.record", lang)}
        )
        layers.append(
            alt.Chart(pts)
            .mark_point(filled=True, color="#222", size=35)
            .encode(
                x="year:Q",
                y="value:Q",
                shape=alt.Shape(
                    "series:N", title=None, legend=alt.Legend(orient="bottom-left", labelLimit=0, fillColor="white")
                ),
                tooltip=["series:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.1f")],
            )
        )
        data = pd.concat([df, pts], ignore_index=True)
    band = M(f"{key}.band", lang, level=f"{100 * level:g}")
    chart = alt.layer(*layers).properties(
        title=_title(
            lang, f"{key}.path_title", M(f"{key}.path_units", lang, unit=unit, band=band), **_boundary_names(boundary)
        ),
        width=charts.WIDTH,
        height=charts.HEIGHT,
    )
    year = min(2030, a.horizon_end)
    at = df[df["year"] == year].set_index("scenario")["median"]
    items = (
        M(f"{key}.path_alt_item", lang, scenario=k, value=v / scale, wan=zh.wan_tonnes(v / scale))
        for k, v in at.items()
    )
    alt_text = M(
        f"{key}.path_alt", lang, boundary=boundary_label(boundary, lang), year=year, items=messages.join(items, lang)
    )
    return _model_figure(a, chart, alt_text, data, f"answer_{lang}_paths_{boundary}", lang)


# for analysts --------------------------------------------------------------------------------------------


def download(a: Answer, lang: str = "en") -> export.Download:
    """Every scenario's results as an IAMC CSV (the file `carbonpeak export` writes for the same parameters)."""
    return export.Download(
        export.frame(a.ensemble, a.peaks), M("answer.download", lang), M("answer.download_rows", lang, rows="{rows}")
    )


def headline_numbers(a: Answer) -> dict:
    """The numbers the findings rest on (same names and rounding as the synthesis page)."""
    return {**city_numbers(a.ensemble, (2025, 2030)), **peak_numbers(a.peaks)}


def median_2030(a: Answer, scenario: str, boundary: str) -> float:
    """Median over the draws of one scenario's CO2 on one boundary in 2030 (the horizon's end if earlier)."""
    r = a.ensemble.results[scenario]
    j = int(np.nonzero(r.years == min(2030, a.horizon_end))[0][0])
    return float(np.median(r.total(boundary)[:, j]))
