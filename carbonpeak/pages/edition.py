"""The pages "What changed in this edition" (English) and 本版有何变化 (Chinese): this edition's headline
beside the earlier editions' (data/editions.csv, as their pages printed them), and why it moved.

This edition's numbers are computed afresh from the synthesis' run (same parameters, same functions), so
the page can never disagree with the answer it explains.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from carbonpeak import data, locations
from carbonpeak.analysis import deviation, level
from carbonpeak.constants import BASE_YEAR, SHENZHEN
from carbonpeak.data import compiled
from carbonpeak.formats import probability
from carbonpeak.model import boundaries, estimates, hindcast, outcomes, synthesis
from carbonpeak.pages import zh
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table
from carbonpeak.targets import scorers

FILE = locations.DATA / "editions.csv"
EDITION = "2"
EARLIER = {"1": "edition 1 (as published)", "1.1": "edition 1, sampler corrected"}
EARLIER_ZH = {"1": "第一版（原发布）", "1.1": "第一版（修正抽样后）"}
QUANTITIES = ("P(peak <= 2025)", "P(peak <= 2030)")
EDITION_BOUNDARIES = ("territorial", "with_imports")  # the boundaries every edition reports
BOUNDARY_EN = {name: boundaries.label(name, short=True) for name in boundaries.BOUNDARIES}
RULE_EN = {"n_years": "N-years-below", "c40": "C40"}
RULE_ZH = {"n_years": "连续N年低于峰值", "c40": "C40标准"}


def earlier() -> pd.DataFrame:
    """The earlier editions' headline, as their pages printed it (checked against its sidecar)."""
    return compiled.read_checked(FILE, "curated", [])


@dataclass
class Current:
    """This edition's headline from the synthesis' run."""

    peaks: pd.DataFrame
    board: pd.DataFrame
    draws: int


def current(
    scenarios: str, horizon_end: int, rule_years: int, rule_start: int, record_2018: str, draws: int, seed: int
):
    """This edition's peak table (both rules) and status board."""
    ens = synthesis.run(synthesis.load_scenarios(scenarios), draws, seed, horizon_end)
    peaks = outcomes.peak_table(ens.results, horizon_end, rule_years, rule_start, record_2018)
    return Current(peaks, scorers.status_board(), draws)


def comparison(now: Current, quantity: str = "P(peak <= 2030)", lang: str = "en") -> Table:
    """Per scenario, boundary and rule: the earlier editions' value and this edition's, side by side."""
    old = earlier()
    old = old[old["quantity"] == quantity]
    rows = []
    for r in now.peaks[now.peaks["boundary"].isin(EDITION_BOUNDARIES)].to_dict("records"):
        row = {"scenario": r["scenario"], "boundary": r["boundary"], "rule": r["rule"]}
        for ed in EARLIER:
            hit = old[
                (old["edition"] == ed)
                & (old["scenario"] == r["scenario"])
                & (old["boundary"] == r["boundary"])
                & (old["rule"] == r["rule"])
            ]
            row[ed] = hit["value"].iloc[0] if len(hit) else "–"
        row[EDITION] = probability(r[quantity], lang)
        rows.append(row)
    df = pd.DataFrame(rows)
    year = quantity[-5:-1]
    if lang == "zh":
        df = pd.DataFrame(
            {
                "情景": df["scenario"].map(zh.SCENARIOS),
                "核算边界": df["boundary"].map(zh.BOUNDARIES_SHORT),
                "达峰判定": df["rule"].map(RULE_ZH),
                **{EARLIER_ZH[ed]: df[ed].map(_zh_percent) for ed in EARLIER},
                "本版": df[EDITION],
            }
        )
        return Table(df, f"{year}年前达峰的概率：前两版与本版")
    df = pd.DataFrame(
        {
            "scenario": df["scenario"],
            "boundary": df["boundary"].map(BOUNDARY_EN),
            "rule": df["rule"].map(RULE_EN),
            **{EARLIER[ed]: df[ed] for ed in EARLIER},
            "this edition": df[EDITION],
        }
    )
    return Table(df, f"P(peak ≤ {year}): the earlier editions and this one")


def _zh_percent(text: str) -> str:
    """A probability as an earlier page printed it, in Chinese typography: '> 99 %' -> '超过99%'."""
    text = text.replace(" %", "%")
    if text.startswith("> "):
        return "超过" + text[2:]
    if text.startswith("< "):
        return "不足" + text[2:]
    return text


def sampler_effect(ed: str) -> pd.Series:
    """P(peak by 2030) with imported electricity (N-years rule) per scenario in an earlier edition, as printed."""
    old = earlier()
    sel = old[
        (old["edition"] == ed)
        & (old["quantity"] == "P(peak <= 2030)")
        & (old["boundary"] == "with_imports")
        & (old["rule"] == "n_years")
    ]
    return sel.set_index("scenario")["value"].reindex(["baseline", "plan", "accelerated"])


def t01(now: Current) -> tuple[str, float]:
    """This edition's status and probability of the energy-intensity target (T01)."""
    row = now.board.set_index("id").loc["T01"]
    return str(row["status"]), float(row["probability"])


def changes(lang: str = "en") -> list[str]:
    """What changed in the model, each with the numbers it moved, in the page's language."""
    dev = deviation.panel_deviation()
    lvl = level.territorial_level(BASE_YEAR)
    record = float(data.series("city_co2", SHENZHEN, "co2")[BASE_YEAR])
    trend = estimates.demand_trend_stated()
    imports = estimates.stated("import_ef_change")
    moved = {ed: "/".join(sampler_effect(ed).map(lambda v: v.replace(" %", ""))) for ed in EARLIER}
    if lang == "zh":
        return [
            "**修正抽样分布。** 每项假设都按“中位数为设定值”的分段三角分布抽样；第一版把低于设定值的一半分布左右颠倒，"
            "密度集中在下限，使各项概率系统性偏乐观。仅修正这一处，含外来电边界下2030年前达峰的概率就从"
            f"{moved['1']}%（基准/规划/强化情景）降至{moved['1.1']}%。",
            f"**2019年基准水平改用滤波估计。** 以CEADs与县级排放两套记录共同估计本地排放的平滑水平，2019年为"
            f"{zh.wan_tonnes(lvl.level)}（CEADs记录为{zh.wan_tonnes(record)}）；两套记录偏离平滑路径的幅度与持续性取自"
            f"290个城市的面板（标准差{dev.sigma:.2f}，持续系数{dev.rho:.2f}）。",
            "**按“清单可能记录的数值”判定峰值。** 未来年份的排放按CEADs类清单的偏离方式加以扰动后再套用判定规则，"
            "与CEADs自身的判定方式一致，也使“已达峰”的判断可能被后来的数据推翻。",
            f"**用电需求延续已观测的趋势。** 2019—2024年实际用电量比模型结构性需求每年多增长{100 * trend:.1f}%，"
            "这一差距的趋势在2024年后延续，而不是停在最后一个统计年份。",
            f"**外来电排放因子的下降速度改为估计值。** 依据广东火电占用电量比重2007—2024年的趋势，每年"
            f"{100 * imports['estimate']:+.1f}%（标准误{100 * imports['standard_error']:.1f}个百分点）。",
            f"**结构性偏差按回测校准。** 自{hindcast.FIRST_ORIGIN}至{hindcast.LAST_ORIGIN}年任一年份起算的回测，"
            "其80%区间应覆盖约80%的实际记录；校准用其中四个起点，其余起点用于检验。",
            "**目标T03在两种核算边界下分别评估。**",
        ]
    return [
        "**The sampler is corrected.** Every assumption is drawn from a split triangular distribution whose "
        "median is its stated value; edition 1 mirrored the lower half, so its density piled up at the low end and "
        "every probability leaned optimistic. That fix alone moved P(peak ≤ 2030) with imported electricity from "
        f"{moved['1']} % (baseline/plan/accelerated) to {moved['1.1']} %.",
        f"**The 2019 level is filtered, not one inventory year.** Filtered from CEADs and the county-level series, "
        f"Shenzhen's territorial CO2 stood at {lvl.level:.1f} Mt in 2019 (CEADs recorded {record:.1f} Mt); how far "
        f"and how long the records stray from the path comes from the 290-city panel (sd {dev.sigma:.2f}, "
        f"persistence {dev.rho:.2f}).",
        "**Peaks are judged on record-like values.** Future years are judged as a CEADs-like inventory would record "
        "them, with the panel's scatter, as CEADs' own record is; a peak call can then be undone, as in the atlas.",
        f"**Demand keeps its recorded trend.** Recorded electricity use grew {100 * trend:.1f} % a year faster than "
        "the model's stated intensities over 2019-2024; that trend carries on after 2024 instead of stopping where "
        "the records stop.",
        f"**The import factor's decline is estimated**: {100 * imports['estimate']:+.1f} % a year (standard error "
        f"{100 * imports['standard_error']:.1f} points), the trend of Guangdong's thermal share of its use, 2007-2024.",
        f"**A structural discrepancy calibrated on hindcasts.** Started at any year from {hindcast.FIRST_ORIGIN} to "
        f"{hindcast.LAST_ORIGIN}, the model's 80 % bands should hold about 80 % of what was recorded; four origins "
        "calibrate the discrepancy's scale, the others test it.",
        "**The peak target (T03) is scored on both boundaries.**",
    ]


def key_findings(now: Current, lang: str = "en") -> KeyFindings:
    """How the headline moved, in numbers: P(peak by 2030) per boundary for the baseline, then and now."""
    old = earlier()
    old = old[(old["quantity"] == "P(peak <= 2030)") & (old["scenario"] == "baseline") & (old["rule"] == "n_years")]
    part = now.peaks[(now.peaks["rule"] == "n_years") & (now.peaks["scenario"] == "baseline")].set_index("boundary")
    status, p01 = t01(now)
    was = earlier()
    was01 = was[(was["edition"] == "1") & (was["quantity"].str.startswith("T01"))].set_index("quantity")["value"]
    numbers = {f"edition/{b}/p_peak_by_2030": round(float(part.at[b, "P(peak <= 2030)"]), 3) for b in part.index}
    if lang == "zh":
        bullets = [
            f"**基准情景、{zh.BOUNDARIES_SHORT[b]}：** 2030年前达峰的概率由第一版的"
            f"{_zh_percent(old[(old['edition'] == '1') & (old['boundary'] == b)]['value'].iloc[0])}变为本版的"
            f"{probability(part.at[b, 'P(peak <= 2030)'], 'zh')}。"
            for b in EDITION_BOUNDARIES
        ]
        bullets.append(
            f"**能耗强度目标（T01）：** 第一版为“{zh.STATUSES.get(was01['T01 status'], was01['T01 status'])}”"
            f"（{_zh_percent(was01['T01 probability'])}），本版为“{zh.STATUSES.get(status, status)}”"
            f"（{probability(p01, 'zh')}）。"
        )
        bullets.append("已发布的答案变了，原因见下文：抽样修正、估计而非设定的关系、与历史相符的不确定性。")
        return KeyFindings(bullets, numbers)
    bullets = [
        f"**Baseline, {BOUNDARY_EN[b]}:** P(peak ≤ 2030) moved from "
        f"{old[(old['edition'] == '1') & (old['boundary'] == b)]['value'].iloc[0]} in edition 1 to "
        f"{probability(part.at[b, 'P(peak <= 2030)'])} in this edition."
        for b in EDITION_BOUNDARIES
    ]
    bullets.append(
        f"**Energy use per unit of GDP (T01):** {was01['T01 status']} ({was01['T01 probability']}) in edition 1, "
        f"{status} ({probability(p01)}) now."
    )
    bullets.append(
        "A published answer moved; the reasons follow: a corrected sampler, relationships estimated instead of "
        "set, and uncertainty that holds history."
    )
    return KeyFindings(bullets, numbers)


def draws_note(now: Current, lang: str = "en") -> str:
    """Where this edition's numbers come from (markdown)."""
    if lang == "zh":
        return f"本版数字由综合章节的同一次模拟重新计算（每个情景{now.draws:,}次抽样），与答案页一致。"
    return (
        f"This edition's numbers are computed afresh from the synthesis' run ({now.draws:,} draws per scenario), "
        "so they are the answer pages' numbers."
    )
