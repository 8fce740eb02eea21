"""The industry chapter: the value-added record (two vintages, never spliced), a provincial proxy of
industrial CO2 as a graded history, and the city model's industrial fuel, process CO2, electricity and
intensity per scenario (carbonpeak.model), with the targets scored from the pace of their own figures."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts, data
from carbonpeak.constants import SHENZHEN
from carbonpeak.data.provenance import grade_label
from carbonpeak.inputs import parts
from carbonpeak.model import base, summary
from carbonpeak.pages import common
from carbonpeak.pages.findings import KeyFindings, city_numbers, demand_numbers, part_numbers
from carbonpeak.pages.tables import Table, percent
from carbonpeak.targets import board_for, trends

PARTS = parts.of_sector("industry")
PART_TITLES = {"industry fuel": "CO2 of the fuel industry burns", "industrial process": "Industrial process CO2"}
TARGET_ACTIONS = ("industry", "green_industry")
VINTAGES = {
    "nbs_major_cities": "NBS database, before the 2018 census",
    "official_points": "statistical bulletin, after the 2018 census",
}


def value_added_record() -> pd.DataFrame:
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
            "series": wide["source"].map(VINTAGES),
            "grade": wide["grade"],
        }
    ).reset_index(drop=True)


def value_added_figure(record: pd.DataFrame) -> charts.Figure:
    """The two vintages of secondary value added (亿元, current prices) as separate lines, not joined."""
    series = list(VINTAGES.values())
    base_chart = alt.Chart(charts.with_gaps(record)).encode(
        x=alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False)),
        y=alt.Y("value:Q", title="亿元 (current prices)"),
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
            "Secondary-sector value added: two vintages, not joined", "100 million yuan (亿元), current prices"
        ),
        width=charts.WIDTH,
        height=charts.HEIGHT,
    )
    nbs = record[record["series"] == series[0]]
    post = record[record["series"] == series[1]]
    alt_text = (
        f"Secondary value added from the NBS database, {nbs['value'].iloc[0]:,.0f} 亿元 in {int(nbs['year'].iloc[0])} "
        f"to {nbs['value'].iloc[-1]:,.0f} in {int(nbs['year'].iloc[-1])}; the bulletin's figure after the census "
        "revision: "
        + ", ".join(f"{v:,.0f} in {int(y)}" for y, v in zip(post["year"], post["value"], strict=False))
        + ". The two are separate series."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["nbs_major_cities", "official_points"],
            ["measured", "official_point"],
            "The 2018 economic census revised GDP upwards; the vintages are not spliced.",
        ),
        data=record,
        filename="secondary_value_added",
    )


def value_added_table(record: pd.DataFrame) -> Table:
    """The value-added record for reading: value, share of GDP, vintage and grade."""
    return Table(
        pd.DataFrame(
            {
                "year": record["year"],
                "secondary value added (亿元, current)": record["value"].map(lambda v: f"{v:,.0f}"),
                "share of GDP": record["share of GDP"].map(lambda s: percent(1)(s)),
                "vintage": record["series"],
                "grade": record["grade"].map(grade_label),
            }
        )
    )


# The provincial proxy as a graded history -------------------------------------------------------------


def proxy_history() -> pd.DataFrame:
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
    return df.assign(series="Guangdong's industry share x Shenzhen's total (proxy)")


def industry_co2(result) -> np.ndarray:
    """Industrial CO2 (Mt, draws x years): fuel and process."""
    return result.parts["industry fuel"] + result.parts["industrial process"]


def proxy_figure(history: pd.DataFrame, ens, level: float) -> charts.Figure:
    """The proxy history beside the model's industrial CO2 (fuel and process) per scenario."""
    return common.model_figure(
        ens,
        industry_co2,
        level,
        title_text="Industrial CO2 (fuel and process): a provincial proxy and the model",
        units="Mt CO2 per year",
        y_title="Mt CO2",
        subject="Industrial CO2",
        filename="industry_co2",
        points=history[["year", "value", "series"]],
        grades=["measured", "proxy", "derived", "assumption"],
        note="The proxy carries Guangdong's structure (cement, steel, coal-fired boilers), which Shenzhen largely "
        "lacks; the model re-scales each part for Shenzhen (its 2019 value is calibrated, not measured).",
    )


# The model's industrial paths --------------------------------------------------------------------------


def part_figure(ens, part: str, level: float, note: str = "") -> charts.Figure:
    """The band chart of one industrial part's CO2."""
    return common.model_figure(
        ens,
        lambda r: r.parts[part],
        level,
        title_text=f"{PART_TITLES.get(part, part)} by scenario",
        units="Mt CO2 per year",
        y_title="Mt CO2",
        subject=f"CO2 of {part}",
        filename=f"industry_{part.replace(' ', '_')}",
        note=note,
    )


def electricity_figure(ens, level: float) -> charts.Figure:
    """The band chart of industry's electricity use."""
    return common.model_figure(
        ens,
        lambda r: r.demand["industry"],
        level,
        title_text="Industry's electricity use by scenario",
        units="TWh per year",
        y_title="TWh",
        subject="Industrial electricity use",
        filename="industry_electricity",
        note="Includes the primary sector; scaled with the other stationary uses to the observed totals 2020-2024.",
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


def intensity_figure(df: pd.DataFrame, what: str, level: float) -> charts.Figure:
    """The band chart of an ``intensity`` index: industrial CO2 or electricity per unit of industrial value added."""
    label = "CO2 (fuel and process)" if what == "co2" else "electricity"
    return common.band_figure(
        df,
        level,
        title_text=f"Industrial {label} per unit of industrial value added",
        units=f"index, {base.BASE_YEAR} = 100",
        y_title="index",
        subject=f"Industrial {label} intensity",
        filename=f"industry_intensity_{what}",
        note="Value added in real terms (GDP x the secondary share path of each draw).",
    )


def paths_table(ens, years, level: float) -> Table:
    """Industry's fuel CO2, process CO2 and electricity in the shown years."""
    return common.years_table(
        [
            ("fuel CO2 (Mt)", lambda r: r.parts["industry fuel"], 1, 1.0),
            ("process CO2 (Mt)", lambda r: r.parts["industrial process"], 2, 1.0),
            ("electricity (TWh)", lambda r: r.demand["industry"], 1, 1.0),
        ],
        ens,
        years,
        level,
    )


def footprint_table(ens, year: int) -> Table:
    """Industry's CO2 in ``year`` (medians): direct fuel, process, and its electricity at the city's average
    supply factor (a consumption view that moves power-plant and import CO2 to their users)."""
    rows = []
    for name, r in ens:
        j = int(np.nonzero(r.years == year)[0][0])
        fuel, proc = r.parts["industry fuel"][:, j], r.parts["industrial process"][:, j]
        elec = common.attributed_electricity_co2(r, ["industry"])[:, j]
        rows.append(
            {
                "scenario": name,
                "fuel (Mt CO2)": f"{np.median(fuel):.1f}",
                "process (Mt CO2)": f"{np.median(proc):.2f}",
                "electricity at the average supply factor (Mt CO2)": f"{np.median(elec):.1f}",
                "electricity's share of the footprint": percent()(float(np.median(elec / (fuel + proc + elec)))),
            }
        )
    return Table(pd.DataFrame(rows))


def scorecard() -> pd.DataFrame:
    """The industry and green-industry targets, scored where their own figures give a pace (target_trends)."""
    return board_for(trends.projections(), actions=TARGET_ACTIONS)


def key_numbers(ens) -> dict:
    """The numbers the Key findings rest on: city totals, fuel and process CO2 and electricity in the key years."""
    years = common.key_years(ens.horizon_end)
    return {**city_numbers(ens, years), **part_numbers(ens, PARTS, years), **demand_numbers(ens, ["industry"], years)}


def key_findings(ens, history: pd.DataFrame, record: pd.DataFrame) -> KeyFindings:
    """What the chapter finds, in its own numbers: industry's share of GDP, the provincial proxy against the model,
    fuel and process CO2, electricity and intensity."""
    n = key_numbers(ens)
    names = list(ens.results)
    year = common.key_year(ens.horizon_end)

    each = common.numbers_by_scenario(n, names)
    first = names[0]
    r0 = ens.results[first]
    calib = float(np.median(industry_co2(r0)[:, 0]))
    proxy19 = (
        float(history.set_index("year").at[base.BASE_YEAR, "value"])
        if base.BASE_YEAR in set(history["year"])
        else np.nan
    )
    co2_index = intensity(ens, "co2")
    share_22 = record[record["series"] == VINTAGES["official_points"]]
    j = int(np.nonzero(r0.years == year)[0][0])
    elec_draws = common.attributed_electricity_co2(r0, ["industry"])[:, j]
    elec = float(np.median(elec_draws))
    elec_share = float(np.median(elec_draws / (industry_co2(r0)[:, j] + elec_draws)))
    bullets = [
        f"**Value added.** Industry's share of GDP was {percent(1)(float(share_22['share of GDP'].iloc[-1]))} in "
        f"{int(share_22['year'].iloc[-1])} (bulletin, after the census revision); the NBS series before it is a "
        "different vintage.",
        "**The provincial proxy and the model.** Guangdong's industry share of CO2 applied to Shenzhen gives "
        f"{proxy19:.1f} Mt in {base.BASE_YEAR}; the model, which re-scales coal and process CO2 for a city without "
        f"heavy industry, starts at a median {calib:.1f} Mt.",
        f"**Fuel CO2 in {year}.** {each('{s}/part/industry_fuel/' + str(year) + '/median_mt', 'Mt')}; process CO2 "
        f"stays at {n.get(f'{first}/part/industrial_process/{year}/median_mt', float('nan')):g} Mt.",
        f"**Electricity in {year}.** {each('{s}/demand/industry/' + str(year) + '/median_twh', 'TWh')}; at the city's "
        f"average supply factor it carries {elec:.1f} Mt ({first}), {elec_share:.0%} of industry's footprint, counted "
        "at the power plants and the imports rather than in industry's own parts.",
        "**Intensity.** Industrial CO2 per unit of value added moves to a median "
        + ", ".join(f"{common.median_at(co2_index, s, year):.0f} ({s})" for s in names)
        + f" in {year} ({base.BASE_YEAR} = 100).",
    ]
    return KeyFindings(bullets, n)
