"""The industry chapter: the value-added record (two vintages, never spliced), a provincial proxy of
industrial CO2 as a graded history, and the city model's industrial fuel, process CO2, electricity and
intensity per scenario (carbonpeak.model), with the targets scored from the pace of their own figures."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts, data
from carbonpeak.constants import SHENZHEN
from carbonpeak.inputs import parts
from carbonpeak.model import base, summary
from carbonpeak.pages import common, messages
from carbonpeak.pages.findings import KeyFindings, city_numbers, demand_numbers, part_numbers
from carbonpeak.pages.tables import Table, percent
from carbonpeak.targets import board_for, trends

PARTS = parts.of_sector("industry")
TARGET_ACTIONS = ("industry", "green_industry")
SOURCES = ("nbs_major_cities", "official_points")  # the two vintages of value added, oldest first
M = messages.text


def _scenario(name: str, lang: str) -> str:
    return messages.label("scenario", name, lang)


def vintage(source: str, lang: str = "en") -> str:
    """A value-added vintage's name in the language."""
    return M(f"industry.vintage.{source}", lang)


def value_added_record(lang: str = "en") -> pd.DataFrame:
    """Secondary-sector value added and its share of GDP by source: the two vintages stay separate series."""
    econ = data.load("shenzhen_economy")
    econ = econ[econ["region"] == SHENZHEN]
    wide = econ.pivot_table(index=["year", "source", "grade"], columns="variable", values="value").reset_index()
    wide = wide.dropna(subset=["va_secondary"])
    return pd.DataFrame(
        {
            "year": wide["year"].astype(int),
            "value": wide["va_secondary"],
            "share of GDP": wide["va_secondary"] / wide["gdp"],
            "series": wide["source"].map(lambda v: vintage(v, lang)),
            "grade": wide["grade"],
        }
    ).reset_index(drop=True)


def value_added_figure(record: pd.DataFrame, lang: str = "en") -> charts.Figure:
    """The two vintages of secondary value added (亿元, current prices) as separate lines, not joined."""
    series = [vintage(v, lang) for v in SOURCES]
    base_chart = alt.Chart(charts.with_gaps(record)).encode(
        x=alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False)),
        y=alt.Y("value:Q", title=M("industry.value_added.axis", lang)),
        color=alt.Color(
            "series:N",
            sort=series,
            title=None,
            legend=alt.Legend(orient="bottom", columns=1),
            scale=alt.Scale(domain=series, range=["#1f4e79", "#c55a11"]),
        ),
        tooltip=["series:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.0f"), "grade:N"],
    )
    chart = alt.layer(base_chart.mark_line(), base_chart.mark_point(filled=True, size=60)).properties(
        title=charts.title(
            M("industry.value_added.title", lang),
            M("industry.value_added.units", lang),
            M("common.unit.units", lang),
        ),
        width=charts.WIDTH,
        height=charts.HEIGHT,
    )
    nbs = record[record["series"] == series[0]]
    post = record[record["series"] == series[1]]
    post_items = (
        M("industry.value_added.alt_item", lang, value=v, year=int(y))
        for y, v in zip(post["year"], post["value"], strict=False)
    )
    alt_text = M(
        "industry.value_added.alt",
        lang,
        first=nbs["value"].iloc[0],
        first_year=int(nbs["year"].iloc[0]),
        last=nbs["value"].iloc[-1],
        last_year=int(nbs["year"].iloc[-1]),
        post=messages.join(post_items, lang),
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=messages.source_note(
            list(SOURCES), ["measured", "official_point"], M("industry.value_added.note", lang), lang
        ),
        data=record.assign(
            grade=record["grade"].map(
                lambda g: M("common.page.grade_code", lang, code=g, label=messages.label("grade", g, lang))
            )
        ),
        filename="secondary_value_added",
        **messages.figure_csv(lang),
    )


def value_added_table(record: pd.DataFrame, lang: str = "en") -> Table:
    """The value-added record for reading: value, share of GDP, vintage and grade."""
    key = "industry.value_added"
    return Table(
        pd.DataFrame(
            {
                M(f"{key}.year", lang): record["year"],
                M(f"{key}.value", lang): record["value"].map(lambda v: f"{v:,.0f}"),
                M(f"{key}.share", lang): record["share of GDP"].map(lambda s: percent(1, space=lang == "en")(s)),
                M(f"{key}.vintage", lang): record["series"],
                M(f"{key}.grade", lang): record["grade"].map(lambda g: messages.label("grade", g, lang)),
            }
        )
    )


# The provincial proxy as a graded history -------------------------------------------------------------


def proxy_history(lang: str = "en") -> pd.DataFrame:
    """Industrial CO2 (with process) if Shenzhen had Guangdong's industry share of CO2: the city's CEADs
    total x Guangdong's share, every CEADs year (a provincial proxy, unscaled)."""
    gd = data.load("guangdong_sector_co2").pivot(index="year", columns="variable", values="value")
    share = gd["co2_industry_incl_process"] / gd["co2_total"]
    total = data.series("city_co2", SHENZHEN, "co2")
    df = pd.DataFrame(
        {
            "year": total.index.astype(int),
            "value": (total * share.reindex(total.index)).to_numpy(),
            "Guangdong's share": share.reindex(total.index).to_numpy(),
        }
    ).dropna()
    return df.assign(series=M("industry.proxy.series", lang))


def industry_co2(result) -> np.ndarray:
    """Industrial CO2 (Mt, draws x years): fuel and process."""
    return result.parts["industry fuel"] + result.parts["industrial process"]


def proxy_figure(history: pd.DataFrame, ens, level: float, lang: str = "en") -> charts.Figure:
    """The proxy history beside the model's industrial CO2 (fuel and process) per scenario."""
    points = history[["year", "value", "series"]]
    return common.model_figure(
        ens,
        lambda r: messages.co2(industry_co2(r), lang),
        level,
        title_text=M("industry.proxy.title", lang),
        units=M("industry.mt_per_year", lang),
        y_title=M("industry.mt", lang),
        subject=M("industry.proxy.subject", lang),
        filename="industry_co2",
        points=points.assign(value=messages.co2(points["value"], lang)),
        grades=["measured", "proxy", "derived", "assumption"],
        note=M("industry.proxy.note", lang),
        lang=lang,
    )


# The model's industrial paths --------------------------------------------------------------------------


def part_figure(ens, part: str, level: float, lang: str = "en") -> charts.Figure:
    """The band chart of one industrial part's CO2 (the fuel part's note says how it is modelled)."""
    title = M(f"industry.part_title.{part}", lang)
    return common.model_figure(
        ens,
        lambda r: messages.co2(r.parts[part], lang),
        level,
        title_text=M("industry.part.title", lang, title=title),
        units=M("industry.mt_per_year", lang),
        y_title=M("industry.mt", lang),
        subject=M("industry.part.subject", lang, part=messages.label("part", part, lang)),
        filename=f"industry_{part.replace(' ', '_')}",
        note=M("industry.part.fuel_note", lang) if part == "industry fuel" else "",
        lang=lang,
    )


def electricity_figure(ens, level: float, lang: str = "en") -> charts.Figure:
    """The band chart of industry's electricity use."""
    return common.model_figure(
        ens,
        lambda r: common.TWH_SCALE[lang] * r.demand["industry"],
        level,
        title_text=M("industry.electricity.title", lang),
        units=M("industry.twh_per_year", lang),
        y_title=M("industry.twh", lang),
        subject=M("industry.electricity.subject", lang),
        filename="industry_electricity",
        note=M("industry.electricity.note", lang),
        lang=lang,
    )


def intensity(ens, what: str) -> pd.DataFrame:
    """Industrial CO2 (fuel and process) or electricity per unit of industrial value added, 2019 = 100,
    per scenario (bands)."""
    out = []
    for name, r in ens:
        va = summary.value_added(ens, name)["industry"]
        q = industry_co2(r) if what == "co2" else r.demand["industry"]
        ratio = q / va
        out.append(summary.bands(100 * ratio / ratio[:, [0]], r.years).assign(scenario=name))
    return pd.concat(out, ignore_index=True)


def intensity_figure(df: pd.DataFrame, what: str, level: float, lang: str = "en") -> charts.Figure:
    """The band chart of an ``intensity`` index: industrial CO2 or electricity per unit of industrial value added."""
    label = M(f"industry.intensity.{what}", lang)
    return common.band_figure(
        df,
        level,
        title_text=M("industry.intensity.title", lang, label=label),
        units=M("industry.intensity.units", lang, year=base.BASE_YEAR),
        y_title=M("industry.intensity.axis", lang),
        subject=M("industry.intensity.subject", lang, label=label),
        filename=f"industry_intensity_{what}",
        note=M("industry.intensity.note", lang),
        lang=lang,
    )


def paths_table(ens, years, level: float, lang: str = "en") -> Table:
    """Industry's fuel CO2, process CO2 and electricity in the shown years."""
    mt, twh = messages.co2(1.0, lang), common.TWH_SCALE[lang] * 1.0
    fewer = {"en": 0, "zh": 1}[lang]  # 0.1 Mt = 10万吨, 0.1 TWh = 1亿千瓦时: one decimal fewer
    return common.years_table(
        [
            (M("industry.paths.fuel", lang), lambda r: r.parts["industry fuel"], 1 - fewer, mt),
            (M("industry.paths.process", lang), lambda r: r.parts["industrial process"], 2 - 2 * fewer, mt),
            (M("industry.paths.electricity", lang), lambda r: r.demand["industry"], 1 - fewer, twh),
        ],
        ens,
        years,
        level,
        lang=lang,
    )


def footprint_table(ens, year: int, lang: str = "en") -> Table:
    """Industry's CO2 in ``year`` (medians): direct fuel, process, and its electricity at the city's average
    supply factor (a consumption view that moves power-plant and import CO2 to their users)."""
    rows = []
    for name, r in ens:
        j = int(np.nonzero(r.years == year)[0][0])
        fuel, proc = r.parts["industry fuel"][:, j], r.parts["industrial process"][:, j]
        elec = common.attributed_electricity_co2(r, ["industry"])[:, j]
        one, two = {"en": (".1f", ".2f"), "zh": (".0f", ".0f")}[lang]
        co2 = {k: messages.co2(float(np.median(v)), lang) for k, v in (("fuel", fuel), ("proc", proc), ("elec", elec))}
        rows.append(
            {
                M("industry.footprint.scenario", lang): _scenario(name, lang),
                M("industry.footprint.fuel", lang): f"{co2['fuel']:{one}}",
                M("industry.footprint.process", lang): f"{co2['proc']:{two}}",
                M("industry.footprint.electricity", lang): f"{co2['elec']:{one}}",
                M("industry.footprint.share", lang): percent(space=lang == "en")(
                    float(np.median(elec / (fuel + proc + elec)))
                ),
            }
        )
    return Table(pd.DataFrame(rows))


def scorecard() -> pd.DataFrame:
    """The industry and green-industry targets, scored where their own figures give a pace (target_trends)."""
    return board_for(trends.projections(), actions=TARGET_ACTIONS)


def scorecard_download(board: pd.DataFrame, lang: str = "en") -> charts.Download:
    """The scorecard as a CSV download."""
    return charts.Download(
        board, "industry_scorecard", M("industry.download_scorecard", lang), M("common.page.download_rows", lang)
    )


def key_numbers(ens) -> dict:
    """The numbers the Key findings rest on: city totals, fuel and process CO2 and electricity in the key years."""
    years = common.key_years(ens.horizon_end)
    return {**city_numbers(ens, years), **part_numbers(ens, PARTS, years), **demand_numbers(ens, ["industry"], years)}


def key_findings(ens, history: pd.DataFrame, record: pd.DataFrame, lang: str = "en") -> KeyFindings:
    """What the chapter finds, in its own numbers: industry's share of GDP, the provincial proxy against the model,
    fuel and process CO2, electricity and intensity."""
    n = key_numbers(ens)
    names = list(ens.results)
    year = common.key_year(ens.horizon_end)

    each = common.numbers_by_scenario(n, names, lang=lang)
    first = names[0]
    r0 = ens.results[first]
    calib = float(np.median(industry_co2(r0)[:, 0]))
    proxy19 = (
        float(history.set_index("year").at[base.BASE_YEAR, "value"])
        if base.BASE_YEAR in set(history["year"])
        else np.nan
    )
    co2_index = intensity(ens, "co2")
    share_22 = record[record["series"] == vintage("official_points", lang)]
    j = int(np.nonzero(r0.years == year)[0][0])
    elec_draws = common.attributed_electricity_co2(r0, ["industry"])[:, j]
    elec = float(np.median(elec_draws))
    elec_share = float(np.median(elec_draws / (industry_co2(r0)[:, j] + elec_draws)))
    process = n.get(f"{first}/part/industrial_process/{year}/median_mt", float("nan"))
    fmt = {"en": "g", "zh": ".0f"}[lang]
    mt, twh = M("industry.finding.mt", lang), M("industry.finding.twh", lang)
    y = str(year)
    bullets = [
        M(
            "industry.finding.value_added",
            lang,
            share=percent(1, space=lang == "en")(float(share_22["share of GDP"].iloc[-1])),
            year=int(share_22["year"].iloc[-1]),
        ),
        M(
            "industry.finding.proxy",
            lang,
            proxy=proxy19,
            proxy_zh=messages.co2(proxy19, "zh"),
            base_year=base.BASE_YEAR,
            calib=calib,
            calib_zh=messages.co2(calib, "zh"),
        ),
        M(
            "industry.finding.fuel",
            lang,
            year=year,
            fuel=each("{s}/part/industry_fuel/" + y + "/median_mt", mt, messages.co2(1, lang), fmt),
            process=process,
            process_zh=messages.co2(process, "zh"),
        ),
        M(
            "industry.finding.electricity",
            lang,
            year=year,
            demand=each("{s}/demand/industry/" + y + "/median_twh", twh, common.TWH_SCALE[lang], fmt),
            elec=elec,
            elec_zh=messages.co2(elec, "zh"),
            first=_scenario(first, lang),
            share=elec_share,
            share_pct=100 * elec_share,
        ),
        M(
            "industry.finding.intensity",
            lang,
            values=messages.join(
                (
                    M(
                        "industry.finding.value",
                        lang,
                        value=common.median_at(co2_index, s, year),
                        scenario=_scenario(s, lang),
                    )
                    for s in names
                ),
                lang,
            ),
            year=year,
            base_year=base.BASE_YEAR,
        ),
    ]
    return KeyFindings(bullets, n, label=M("common.findings.label", lang))
