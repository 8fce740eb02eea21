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
from carbonpeak.analysis import nowcast, peaks
from carbonpeak.constants import level_name
from carbonpeak.data.provenance import GRADES as MEANINGS
from carbonpeak.formats import probability
from carbonpeak.inputs import assumptions
from carbonpeak.model import boundaries, core, outcomes, runs, sensitivity, summary, synthesis
from carbonpeak.pages import tables, zh
from carbonpeak.pages.findings import BottomLine, KeyFindings, Numbers, city_numbers, peak_numbers
from carbonpeak.pages.tables import Table, whole
from carbonpeak.runner import export
from carbonpeak.targets import scorers

LANGS = ("en", "zh")
SOURCES = synthesis.SOURCES
GRADES = synthesis.GRADES
SECTORS_EN = tables.SECTORS
BAR_COLOURS = {"2025": "#3f73b0", "2030": "#1f4e79"}  # white labels on both: at least 4.5:1; bars 3:1 on white
SHORT_EN = {name: boundaries.label(name, short=True) for name in boundaries.BOUNDARIES}


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
    """A scenario's name in the page's language (its Chinese name where zh.SCENARIOS has one)."""
    return zh.SCENARIOS.get(name, name) if lang == "zh" else name


def boundary_label(b: str, lang: str, short: bool = False) -> str:
    """A boundary's label in the page's language; ``short`` picks the short Chinese form."""
    if lang == "zh":
        return (zh.BOUNDARIES_SHORT if short else zh.BOUNDARIES)[b]
    return synthesis.BOUNDARY_LABELS[b]


def rule_label(rule: str, lang: str) -> str:
    """A peak rule's label in the page's language."""
    return zh.RULES[rule] if lang == "zh" else peaks.label(rule)


def assumption_label(name: str, lang: str) -> str:
    """An assumption's label in the page's language (the English label where no Chinese one exists)."""
    return zh.ASSUMPTIONS.get(name, assumptions.get(name).label) if lang == "zh" else assumptions.get(name).label


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


def _probs(a: Answer, table: pd.DataFrame, boundary: str, rule: str, year: int, lang: str) -> str:
    sep = "，" if lang == "zh" else ", "
    colon = "" if lang == "zh" else " "
    return sep.join(
        f"{scenario_label(s, lang)}{colon}{_pct(_row(table, s, boundary, rule)[f'P(peak <= {year})'], lang)}"
        for s in _names(a)
    )


def _peak_years(a: Answer, boundary: str, lang: str, table: pd.DataFrame | None = None) -> str:
    """Median peak year per scenario, or one year when every scenario has the same."""
    sep = "，" if lang == "zh" else ", "
    table = a.peaks if table is None else table
    years = [_row(table, s, boundary, a.rule).get("median peak year") for s in _names(a)]
    if len({None if y is None or pd.isna(y) else int(round(y)) for y in years}) == 1 and not pd.isna(years[0]):
        return (zh.year(years[0]) + "（各情景相同）") if lang == "zh" else f"{whole(years[0])} in every scenario"
    out = []
    for s, y in zip(_names(a), years, strict=False):
        shown = (
            ("未达峰" if lang == "zh" else "none")
            if y is None or pd.isna(y)
            else (zh.year(y) if lang == "zh" else whole(y))
        )
        out.append(f"{scenario_label(s, lang)}{'' if lang == 'zh' else ' '}{shown}")
    return sep.join(out)


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
    scored = n_targets - counts["no data"]
    t01 = a.board[a.board["id"] == "T01"].iloc[0]
    t01_target = f"{t01['target_value']:g}".replace("-", "−")
    share_of_use = assumptions.get("external_share_2019").default
    share = f"{100 * share_of_use:.0f}%" if lang == "zh" else f"{100 * share_of_use:.0f} %"
    years_kept = _peak_years(a, "territorial", lang)
    years_other = _peak_years(a, "territorial", lang, a.peaks_other)
    if lang == "zh":
        other_zh = "将CEADs的2018年数值视为异常值" if other_2018 == "outlier" else "保留CEADs的2018年数值"
        bullets = [
            f"**含外调电**（计入约{share}外来电的排放）：按{zh.RULES[a.rule]}，2030年前碳达峰的概率为"
            f"{_probs(a, a.peaks, 'with_imports', a.rule, 2030, 'zh')}；"
            f"峰值年份中位数为{_peak_years(a, 'with_imports', 'zh')}。若全部外购电按全省平均排放因子计，概率为"
            f"{_probs(a, a.peaks, 'with_purchases', a.rule, 2030, 'zh')}。",
            "**属地排放**（范围一，CEADs口径）："
            f"2030年前达峰的概率为{_probs(a, a.peaks, 'territorial', a.rule, 2030, 'zh')}，"
            f"峰值年份中位数为{years_kept}；若{other_zh}，"
            f"概率为{_probs(a, a.peaks_other, 'territorial', a.rule, 2030, 'zh')}，峰值年份中位数为{years_other}。",
            f"**判定规则同样重要**：按更严格的{zh.RULES[other_rule]}（{zh.RULE_DESCRIPTIONS[other_rule]}），含外调电的"
            f"2030年前达峰概率为{_probs(a, a.peaks, 'with_imports', other_rule, 2030, 'zh')}。",
            f"**左右结论的关键假设**（{scenario_label(a.scenarios[-1].name, 'zh')}的Sobol指数）："
            f"2030年属地排放主要取决于“{zh.ASSUMPTIONS.get(top_t['assumption'], top_t['assumption'])}”"
            f"（总Sobol指数{top_t['ST']:.2f}）"
            + (
                "；含外调电排放主要取决于"
                + "和".join(
                    f"“{zh.ASSUMPTIONS.get(r.assumption, r.assumption)}”（{r.ST:.2f}）" for r in top_w.itertuples()
                )
                if top_w is not None
                else ""
            )
            + "。",
            f"**规划目标**：方案{n_targets}项量化目标中本书能评估{scored}项，其中{counts['on track']}项有望达成、"
            f"{counts['at risk']}项存在风险、{counts['off track']}项进度落后，另有{counts['no data']}项暂无数据；"
            f"“单位地区生产总值能源消耗较2020年下降{abs(t01['target_value']):g}%”（2025年）{zh.STATUSES[t01['status']]}，"
            f"基准情景下达成概率为{probability(t01['probability'], 'zh')}。",
        ]
    else:
        other_en = "treated as an outlier" if other_2018 == "outlier" else "kept"
        bullets = [
            f"**With imported electricity** (counting the power bought from outside the city, about {share} of its "
            f"use): the probability of a peak by 2030 ({peaks.label(a.rule)}) is "
            f"{_probs(a, a.peaks, 'with_imports', a.rule, 2030, 'en')}; the median peak year is "
            f"{_peak_years(a, 'with_imports', 'en')}. Counting every purchase from the grid at the provincial "
            f"average factor instead: {_probs(a, a.peaks, 'with_purchases', a.rule, 2030, 'en')}.",
            f"**Territorial** (scope 1, as CEADs): the probability of a peak by 2030 is "
            f"{_probs(a, a.peaks, 'territorial', a.rule, 2030, 'en')}, with the median peak year {years_kept}; with "
            f"CEADs' {nowcast.verdict_2018_word()} 2018 value {other_en} it is "
            f"{_probs(a, a.peaks_other, 'territorial', a.rule, 2030, 'en')}, with the median peak year {years_other}.",
            f"**The rule matters:** under the stricter {peaks.label(other_rule)} "
            f"({peaks.RULES[other_rule]['description']}) the probability of a peak by 2030 with imported electricity "
            f"is {_probs(a, a.peaks, 'with_imports', other_rule, 2030, 'en')}.",
            f"**What decides it** (Sobol indices, {a.scenarios[-1].name} scenario): 2030 territorial CO2 depends most "
            f"on the {_short(top_t['assumption'])} "
            f"(total Sobol index {top_t['ST']:.2f})"
            + (
                "; 2030 CO2 with imported electricity on the "
                + " and the ".join(f"{_short(r.assumption)} ({r.ST:.2f})" for r in top_w.itertuples())
                if top_w is not None
                else ""
            )
            + ".",
            f"**The plan's targets:** of its {n_targets} quantitative targets the book scores {scored}: "
            f"{counts['on track']} on track, {counts['at risk']} at risk, {counts['off track']} off track "
            f"({counts['no data']} without data). Energy use per unit of GDP, {t01_target} % from 2020 to 2025 "
            f"(单位地区生产总值能源消耗), is {t01['status']}: {probability(t01['probability'])} of the baseline's "
            "draws meet it.",
        ]
    why = plan_territorial_sentence(a, lang)
    if why:
        bullets.insert(2, why)
    return KeyFindings(
        bullets,
        {**city_numbers(a.ensemble, (2025, 2030)), **peak_numbers(a.peaks)},
        label="主要结论" if lang == "zh" else "Key findings",
    )


HEADLINE_SCENARIO = "plan"  # the bottom line speaks of the plan carried out, where the run has it


def bottom_line(a: Answer, lang: str = "en", year: int = 2030) -> BottomLine:
    """The answer in one sentence: the probability of a peak by ``year`` with imported electricity for the plan (or
    the run's first scenario), the others beside it, the rule, and the territorial figure."""
    names = _names(a)
    lead = HEADLINE_SCENARIO if HEADLINE_SCENARIO in names else names[0]
    others = [n for n in names if n != lead]

    def p(name: str, boundary: str) -> str:
        return probability(_row(a.peaks, name, boundary, a.rule)[f"P(peak <= {year})"], lang)

    if lang == "zh":
        beside = "，".join(f"{scenario_label(n, 'zh')}{p(n, 'with_imports')}" for n in others)
        opening = "若《方案》各项措施落实，" if lead == HEADLINE_SCENARIO else f"在{scenario_label(lead, 'zh')}下，"
        return BottomLine(
            f"**结论：**{opening}计入外来电排放的深圳二氧化碳在{year}年前达峰的概率为{p(lead, 'with_imports')}"
            f"（{zh.RULES[a.rule]}" + (f"；{beside}" if beside else "") + "）；"
            f"只计属地排放则为{p(lead, 'territorial')}。"
        )
    beside = ", ".join(f"{n} {p(n, 'with_imports')}" for n in others)
    opening = "if the plan is carried out" if lead == HEADLINE_SCENARIO else f"in the {lead} scenario"
    return BottomLine(
        f"**Bottom line:** {opening}, Shenzhen's CO2 counting imported electricity peaks by {year} in "
        f"{p(lead, 'with_imports')} of the model's draws ({peaks.label(a.rule)}"
        + (f"; {beside}" if beside else "")
        + f"); counting only the emissions inside the city, in {p(lead, 'territorial')}."
    )


def three_numbers(a: Answer, lang: str = "en", year: int = 2030) -> Numbers:
    """The three numbers that matter, for the landing page: the bottom line's two probabilities and how many of
    the plan's scored targets are on track."""
    names = _names(a)
    lead = HEADLINE_SCENARIO if HEADLINE_SCENARIO in names else names[0]
    counts = board_counts(a.board)
    total = len(targets.per_target(a.board))
    scored = total - counts["no data"]

    def p(boundary: str) -> str:
        return probability(_row(a.peaks, lead, boundary, a.rule)[f"P(peak <= {year})"], lang)

    if lang == "zh":
        who = scenario_label(lead, "zh")
        items = [
            (p("with_imports"), f"{who}下{year}年前达峰的概率（含外来电排放，{zh.RULES[a.rule]}）"),
            (p("territorial"), f"{who}下{year}年前达峰的概率（只计属地排放）"),
            (f"{counts['on track']}/{scored}", f"可评估的规划目标中有望达成的项数（共{total}项）"),
        ]
        return Numbers(items, "关键数字")
    items = [
        (
            p("with_imports"),
            f"chance of a peak by {year}, {lead} scenario, counting imported electricity ({peaks.label(a.rule)})",
        ),
        (p("territorial"), "the same, counting only the emissions inside the city"),
        (
            f"{counts['on track']} of {scored}",
            f"scored targets of the plan on track ({total} quantitative targets in all)",
        ),
    ]
    return Numbers(items, "The numbers that matter")


def plan_territorial_sentence(a: Answer, lang: str = "en", year: int = 2030) -> str:
    """One sentence: why the plan's territorial CO2 is above or below the baseline's in ``year`` (medians by
    part); empty unless both scenarios are in the run."""
    names = [s.name for s in a.scenarios]
    if not {"baseline", "plan"} <= set(names) or a.horizon_end < year:
        return ""
    gap = synthesis.gap_by_part(a.ensemble, "baseline", "plan", year).drop("imported electricity")
    plants = float(gap["power plants"])
    rest = float(gap.drop("power plants").sum())
    total = plants + rest
    if lang == "zh":
        direction = "高于" if total > 0 else "低于"
        return (
            f"**规划情景的属地排放为何{direction}基准情景**：{year}年规划情景本地电厂排放变化{plants:+.1f}百万吨"
            f"（新增燃气调峰电站在市内燃烧的天然气，原本以外来电形式计入市外），其他部门变化{rest:+.1f}百万吨"
            "（额外节能与电能替代）。"
        )
    direction = "above" if total > 0 else "below"
    return (
        f"**Why the plan's territorial CO2 is {direction} the baseline's:** in {year} its power plants emit "
        f"{plants:+.1f} Mt (the new gas peaking stations burn inside the city the fuel behind power the baseline "
        f"imports), its other parts {rest:+.1f} Mt (extra efficiency and electrification), medians against the "
        "baseline."
    )


def rule_order(a: Answer) -> list[str]:
    """The headline rule first, then the others the run applies."""
    return [a.rule] + [r for r in outcomes.RULES if r != a.rule]


# tables ------------------------------------------------------------------------------------------------


def peak_table(a: Answer, rule: str, lang: str = "en") -> Table:
    """Scenario x boundary under one rule: P(peak <= 2025 / 2030), not peaked, median peak year and value."""
    t = a.peaks[a.peaks["rule"] == rule]
    end = a.horizon_end
    if lang == "zh":
        p = lambda x: probability(x, "zh")  # noqa: E731
        df = pd.DataFrame(
            {
                "情景": t["scenario"].map(zh.SCENARIOS),
                "核算边界": t["boundary"].map(zh.BOUNDARIES_SHORT),
                "2025年前达峰概率": t["P(peak <= 2025)"],
                "2030年前达峰概率": t["P(peak <= 2030)"],
                f"{end}年仍未达峰": t[f"P(not peaked by {end})"],
                "峰值年份（中位数）": t["median peak year"],
                "峰值（中位数，万吨）": t["median peak value (Mt)"] * 100,
            }
        )
        return Table(
            df,
            f"{zh.RULES[rule]}：深圳碳达峰概率（每个情景{a.ensemble.draws:,}次抽样）",
            formats={
                "2025年前达峰概率": p,
                "2030年前达峰概率": p,
                f"{end}年仍未达峰": p,
                "峰值年份（中位数）": whole,
                "峰值（中位数，万吨）": lambda v: "–" if pd.isna(v) else f"{round(v, -1):.0f}",
            },
        )
    p = probability
    df = pd.DataFrame(
        {
            "scenario": t["scenario"],
            "boundary": t["boundary"].map(SHORT_EN),
            "peak by 2025": t["P(peak <= 2025)"],
            "peak by 2030": t["P(peak <= 2030)"],
            f"no peak by {end}": t[f"P(not peaked by {end})"],
            "median peak year": t["median peak year"],
            "median peak (Mt CO2)": t["median peak value (Mt)"],
        }
    )
    return Table(
        df,
        f"{peaks.label(rule)}: share of draws in which Shenzhen's CO2 peaks ({a.ensemble.draws:,} draws per "
        "scenario); the peak year and value are the medians of the draws that peak",
        formats={
            "peak by 2025": p,
            "peak by 2030": p,
            f"no peak by {end}": p,
            "median peak year": whole,
            "median peak (Mt CO2)": "{:.1f}",
        },
    )


def status_table(a: Answer, lang: str = "en") -> Table:
    """The status board in counts: one row per sector, one column per status, and the total."""
    board = targets.per_target(a.board)
    order = [s for s in zh.SECTORS if s in set(board["sector"])]
    counts = pd.crosstab(board["sector"], board["status"]).reindex(
        index=order, columns=list(targets.STATUSES), fill_value=0
    )
    counts["all"] = counts.sum(axis=1)
    total = counts.sum().rename("all")
    counts = pd.concat([counts, total.to_frame().T])
    if lang == "zh":
        names = {**zh.SECTORS, "all": "合计"}
        df = counts.rename(columns={**zh.STATUSES, "all": "合计"}).reset_index(names="领域")
        df["领域"] = df["领域"].map(names)
        return Table(df, "规划量化目标进展（按领域统计项数；碳达峰目标T03按属地排放计）")
    df = counts.rename(columns={"all": "all targets"}).reset_index(names="sector")
    df["sector"] = df["sector"].map({**SECTORS_EN, "all": "all sectors"})
    return Table(df, "The plan's quantitative targets by status (number of targets; T03 by its territorial score)")


def plan_level_targets(a: Answer, lang: str = "en") -> Table:
    """The plan's city-wide targets (T01-T03) as the board scores them."""
    rows = a.board[a.board["sector"] == "cross_cutting"].merge(
        targets.load_targets()[["id", "indicator_zh"]], on="id", how="left"
    )
    rows = rows[rows["id"].str.startswith("T")]
    if lang == "zh":
        df = pd.DataFrame(
            {
                "编号": rows["id"],
                "指标（方案原文）": rows["indicator_zh"]
                + rows["boundary"].map(lambda b: f"（{zh.BOUNDARY_NAMES[b]}）" if b else ""),
                "目标年份": rows["target_year"],
                "进展": rows["status"].map(zh.STATUSES),
                "达成概率": rows["probability"],
            }
        )
        return Table(df, "全市总体目标", formats={"目标年份": whole, "达成概率": lambda x: probability(x, "zh")})
    df = pd.DataFrame(
        {
            "id": rows["id"],
            "indicator": rows["indicator"],
            "in the plan": rows["indicator_zh"],
            "target year": rows["target_year"],
            "status": rows["status"],
            "probability of meeting it": rows["probability"],
        }
    )
    basis = "; ".join(dict.fromkeys(f"{i}: {b}" for i, b in zip(rows["id"], rows["basis"], strict=False)))
    return Table(
        df,
        f"The plan's city-wide targets ({basis})",
        formats={"target year": whole, "probability of meeting it": probability},
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
    if lang == "zh":
        what = {
            "measured": (
                f"CEADs深圳二氧化碳排放清单，{rec.index.min()}—{rec.index.max()}年（{len(rec)}年"
                + (f"；{'、'.join(map(str, missing))}年缺失" if missing else "")
                + "）"
            ),
            "official_point": (
                f"全社会用电量、实际GDP增速（{gdp_years[0]}—{gdp_years[-1]}年）、机动车保有量"
                f"（{len(obs.vehicle_stock)}个统计值）、新能源汽车占新注册车辆比例（{obs.nev_share_years[0]}—"
                f"{obs.nev_share_years[-1]}年）；模型参数中{n['official_point']}项"
            ),
            "proxy": (
                "广东省分部门排放结构（2019年基年拆分）；"
                f"广东火电占比（{min(obs.import_ef_index)}—{max(obs.import_ef_index)}年，外来电排放因子与本地机组）"
            ),
            "derived": f"本页所有预测数值；模型参数中{n['derived']}项",
            "assumption": (
                f"{n['assumption']}项具名假设（均有取值范围），"
                f"其中对2030年属地排放影响最大的是（{scenario_label(a.scenarios[-1].name, 'zh')}）："
                + "、".join(f"“{zh.ASSUMPTIONS.get(x, x)}”" for x in top)
            ),
        }
        df = pd.DataFrame(
            {
                "数据等级": [zh.GRADES[g] for g in GRADES],
                "含义": [zh.GRADE_MEANINGS[g] for g in GRADES],
                "本页结论依据": [what[g] for g in GRADES],
            }
        )
        return Table(df, "哪些是实测，哪些是假设")

    what = {
        "measured": (
            f"CEADs' Shenzhen CO2 inventory, {rec.index.min()}-{rec.index.max()} ({len(rec)} years"
            + (f"; {', '.join(map(str, missing))} missing" if missing else "")
            + ")"
        ),
        "official_point": (
            f"electricity use, real GDP growth ({gdp_years[0]}-{gdp_years[-1]}), the vehicle stock "
            f"({len(obs.vehicle_stock)} counts), the NEV share of new registrations ({obs.nev_share_years[0]}-"
            f"{obs.nev_share_years[-1]}); {n['official_point']} of the model's assumptions"
        ),
        "proxy": (
            f"Guangdong's sector structure (the 2019 split); Guangdong's thermal share ({min(obs.import_ef_index)}-"
            f"{max(obs.import_ef_index)}) for the import factor and the local plants"
        ),
        "derived": f"every projected number on this page; {n['derived']} of the model's assumptions",
        "assumption": (
            f"{n['assumption']} named assumptions with ranges; the three that move 2030 territorial CO2 most "
            f"({a.scenarios[-1].name} scenario): " + "; ".join(_short(x) for x in top)
        ),
    }

    def split(text):  # 'name (meaning)...' -> name, meaning...
        name, rest = text.split(" (", 1)
        inner, after = rest.split(")", 1)
        return name, inner + after

    df = pd.DataFrame(
        {
            "grade": [split(MEANINGS[g])[0] for g in GRADES],
            "meaning": [split(MEANINGS[g])[1] for g in GRADES],
            "what this answer rests on": [what[g] for g in GRADES],
        }
    )
    return Table(df, "What is measured and what is assumed")


# figures -----------------------------------------------------------------------------------------------


def _title(lang: str, en: list, zh_text: list, units: str):
    """A title in both languages, the page's own first, in short lines that fit a phone's width, measured
    from the chart's left edge (frame 'bounds'); the subtitle states the units."""
    lines = [*zh_text, *en] if lang == "zh" else [*en, *zh_text]
    return alt.TitleParams(text=lines, subtitle=("单位：" if lang == "zh" else "Units: ") + units, frame="bounds")


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
    by_title = "达峰年份不晚于" if lang == "zh" else "peak by"
    bars = alt.Chart(df).encode(
        y=alt.Y("scenario:N", sort=names, title=None),
        yOffset=alt.YOffset("by:N"),
        x=alt.X(
            "probability:Q",
            title="抽样中达峰的比例" if lang == "zh" else "share of draws",
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domain=[0, 1]),
        ),
        color=alt.Color(
            "by:N", title=by_title, scale=alt.Scale(domain=list(BAR_COLOURS), range=list(BAR_COLOURS.values()))
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
    en = ["Probability of a peak", "by 2025 and by 2030", SHORT_EN[boundary]]
    zh_text = [f"碳达峰概率（{zh.BOUNDARIES_SHORT[boundary]}）"]
    units = f"抽样比例；{zh.RULES[a.rule]}" if lang == "zh" else f"share of draws; {peaks.label(a.rule)}"
    chart = alt.layer(bars.mark_bar(), inside, outside).properties(
        title=_title(lang, en, zh_text, units), width=charts.WIDTH, height=38 * len(names) + 20
    )
    if lang == "zh":
        alt_text = (
            f"条形图：{zh.BOUNDARIES[boundary]}在各情景下2025年前和2030年前碳达峰的概率（{zh.RULES[a.rule]}）："
            + "；".join(f"{r.scenario}{r.by}年前{r.label}" for r in df.itertuples())
            + "。"
        )
        source = charts.source_note(SOURCES, GRADES, f"城市模型，每个情景{a.ensemble.draws:,}次抽样（固定随机种子）。")
    else:
        alt_text = (
            f"Bars of the probability that Shenzhen's CO2 ({synthesis.BOUNDARY_LABELS[boundary]}) peaks by 2025 and by "
            f"2030 under the {peaks.label(a.rule)}: "
            + "; ".join(f"{r.scenario} by {r.by} {r.label}" for r in df.itertuples())
            + "."
        )
        source = charts.source_note(SOURCES, GRADES, f"City model, {a.ensemble.draws:,} seeded draws per scenario.")
    return charts.Figure(chart, alt_text=alt_text, source=source, data=df, filename=f"answer_{lang}_peak_{boundary}")


def path_figure(a: Answer, boundary: str, level: float, lang: str = "en") -> charts.Figure:
    """Median and central band per scenario on one boundary; the CEADs record as points (territorial)."""

    scale = 100 if lang == "zh" else 1  # 万吨 in Chinese, Mt in English
    tag = level_name(level)
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
        title="情景" if lang == "zh" else "scenario",
        scale=alt.Scale(domain=names, range=colours),
        legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=3, symbolOpacity=1, symbolFillColor=None),
    )
    unit = "万吨二氧化碳/年" if lang == "zh" else "Mt CO2 per year"
    base = alt.Chart(df).encode(
        x=alt.X(
            "year:Q", axis=alt.Axis(format="d", title="年份" if lang == "zh" else "Year"), scale=alt.Scale(zero=False)
        ),
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
            {
                "year": rec.index.astype(int),
                "value": rec.to_numpy() * scale,
                "series": "CEADs清单（实测）" if lang == "zh" else "CEADs record (measured)",
            }
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
    en = ["Shenzhen's CO2", SHORT_EN[boundary]]
    zh_text = [f"深圳二氧化碳排放（{zh.BOUNDARIES_SHORT[boundary]}）"]
    band = f"中位数与{100 * level:g}%区间" if lang == "zh" else f"median, {100 * level:g} % band"
    chart = alt.layer(*layers).properties(
        title=_title(lang, en, zh_text, f"{unit}; {band}"), width=charts.WIDTH, height=charts.HEIGHT
    )
    year = min(2030, a.horizon_end)
    at = df[df["year"] == year].set_index("scenario")["median"]
    if lang == "zh":
        alt_text = (
            f"折线与区间图：各情景{zh.BOUNDARIES[boundary]}的中位数路径；{year}年中位数为"
            + "，".join(f"{k}{zh.wan_tonnes(v / scale)}" for k, v in at.items())
            + "。"
        )
        source = charts.source_note(SOURCES, GRADES, f"城市模型，每个情景{a.ensemble.draws:,}次抽样（固定随机种子）。")
    else:
        alt_text = (
            f"Lines and bands of Shenzhen's CO2 ({synthesis.BOUNDARY_LABELS[boundary]}) per scenario; in {year} the "
            "median is " + ", ".join(f"{v:.1f} Mt ({k})" for k, v in at.items()) + "."
        )
        source = charts.source_note(SOURCES, GRADES, f"City model, {a.ensemble.draws:,} seeded draws per scenario.")
    return charts.Figure(chart, alt_text=alt_text, source=source, data=data, filename=f"answer_{lang}_paths_{boundary}")


# for analysts --------------------------------------------------------------------------------------------


def download(a: Answer, lang: str = "en") -> export.Download:
    """Every scenario's results as an IAMC CSV (the file `carbonpeak export` writes for the same parameters)."""
    label = (
        "下载全部情景结果（IAMC格式，可用pyam读取）"
        if lang == "zh"
        else "Download every scenario's results (IAMC format, loads with pyam)"
    )
    return export.Download(export.frame(a.ensemble, a.peaks), label)


def headline_numbers(a: Answer) -> dict:
    """The numbers the findings rest on (same names and rounding as the synthesis page)."""
    return {**city_numbers(a.ensemble, (2025, 2030)), **peak_numbers(a.peaks)}


def median_2030(a: Answer, scenario: str, boundary: str) -> float:
    """Median over the draws of one scenario's CO2 on one boundary in 2030 (the horizon's end if earlier)."""
    r = a.ensemble.results[scenario]
    j = int(np.nonzero(r.years == min(2030, a.horizon_end))[0][0])
    return float(np.median(r.total(boundary)[:, j]))
