"""The industry chapter: value added, industrial CO2 as a provincial proxy, its intensity, and scenarios.

Industrial CO2 (territorial, including cement and other process emissions) = Shenzhen's CEADs total x
Guangdong's industry share x ``industry_share_scale``: a provincial proxy, because no Shenzhen sector
inventory exists. From 2019 it follows the Kaya form: value added growth x energy per value added x CO2 per
energy. The plan states no industrial intensity number of its own (it defers to the national and
provincial allocation), so both scenarios use the 2016-2020 pace of energy per value added; they differ in
the carbon content of the energy used (electrification and cleaner supply in the plan).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import assumptions, data
from .scenario import growth_paths, kaya_gap, summarise

SHENZHEN = "广东深圳"
BASE_YEAR = 2019
SCENARIOS = ("trend", "plan")
SCENARIO_RATES = {
    "trend": {"value added": "industry_growth", "energy per value added": "trend_industry_intensity_change",
              "CO2 per energy": "trend_carbon_per_energy_change"},
    "plan": {"value added": "industry_growth", "energy per value added": "trend_industry_intensity_change",
             "CO2 per energy": "plan_carbon_per_energy_change"},
}
DRAWN = ("industry_growth", "trend_industry_intensity_change", "trend_carbon_per_energy_change",
         "plan_carbon_per_energy_change", "industry_share_scale")
TARGET_ACTIONS = ("industry", "green_industry")


def value_added() -> pd.DataFrame:
    """Secondary-sector value added and its share of GDP: NBS series (measured) and 2022 bulletin points."""
    econ = data.load("shenzhen_economy")
    econ = econ[econ["region"] == SHENZHEN]
    wide = econ.pivot_table(index=["year", "source", "grade"], columns="variable", values="value").reset_index()
    wide = wide.dropna(subset=["va_secondary"])
    wide["secondary_share_pct"] = wide["va_secondary"] / wide["gdp"] * 100
    return wide[["year", "va_secondary", "gdp", "secondary_share_pct", "source", "grade"]].reset_index(drop=True)


def industry_points() -> pd.DataFrame:
    pts = data.load("shenzhen_points")
    keep = pts["variable"].str.startswith("industry_")
    return pts[keep][["year", "variable", "value", "unit", "source", "grade"]].reset_index(drop=True)


INDUSTRY_GROUPS = ("industry_incl_process",)


def co2_history(scale: float) -> pd.DataFrame:
    """Industrial CO2: Shenzhen CEADs total x Guangdong's industry share x scale, with the scale's range."""
    from . import proxy

    return proxy.history(INDUSTRY_GROUPS, scale, "industry_share_scale", "industry incl. process (proxy share x total)")


def intensity_history(scale: float) -> pd.DataFrame:
    """Industrial CO2 (proxy) per unit of secondary value added (current prices), where both exist."""
    co2 = co2_history(scale).set_index("year")["value"]
    va = value_added()
    va = va[va["source"] == "nbs_major_cities"].set_index("year")["va_secondary"]
    df = pd.concat({"co2_Mt": co2, "va_secondary": va}, axis=1, join="inner")
    df["value"] = df["co2_Mt"] / df["va_secondary"] * 100  # Mt per 亿元 -> t per 10 000 yuan
    return df.reset_index().rename(columns={"index": "year"}).assign(series="industrial CO2 per secondary value added")


def va_projection(method: str, horizon_end: int, levels):
    """Secondary value added (NBS, current prices) projected with ``models.project``."""
    from .models import project

    va = value_added()
    nbs = va[va["source"] == "nbs_major_cities"].set_index("year")["va_secondary"]
    nbs.index = nbs.index.astype(int)
    return project(nbs, horizon_end - int(nbs.index.max()), method, levels)


def base_2019(scale) -> np.ndarray | float:
    from . import proxy

    return proxy.base(INDUSTRY_GROUPS, scale, BASE_YEAR)


def scenario_summary(centres: dict, n: int, seed: int, horizon_end: int, levels) -> pd.DataFrame:
    years = np.arange(BASE_YEAR + 1, horizon_end + 1)
    draws = assumptions.draw(DRAWN, n, seed, centres)
    parts = []
    for scenario in SCENARIOS:
        rates = {k: draws[v] for k, v in SCENARIO_RATES[scenario].items()}
        paths = growth_paths(base_2019(draws["industry_share_scale"]), rates, years, BASE_YEAR)
        parts.append(summarise(paths, years, levels).assign(scenario=scenario))
    return pd.concat(parts, ignore_index=True)


def plan_vs_trend_lmdi(centres: dict, year: int) -> pd.Series:
    rates = {s: {k: centres[v] for k, v in SCENARIO_RATES[s].items()} for s in SCENARIOS}
    return kaya_gap(base_2019(centres["industry_share_scale"]), rates["trend"], rates["plan"], year - BASE_YEAR)


def history_lmdi(scale: float, start: int, end: int) -> pd.Series:
    """Industrial CO2 change split into value added (current prices) and CO2 per value added."""
    from .decompose import lmdi

    df = intensity_history(scale).set_index("year")
    factors = pd.DataFrame({"value added (current prices)": df["va_secondary"], "CO2 per value added": df["co2_Mt"] / df["va_secondary"]})
    return lmdi(factors.loc[[start]].reset_index(drop=True), factors.loc[[end]].reset_index(drop=True))


def scorecard_table(board_kwargs: dict | None = None) -> pd.DataFrame:
    """The industry and green-industry targets, scored where their own figures give a pace (target_trends)."""
    from .target_trends import projections
    from .targets import board_for

    return board_for(projections(), actions=TARGET_ACTIONS, **(board_kwargs or {}))


def va_figure(projection: pd.DataFrame, levels):
    import altair as alt

    from . import charts

    va = value_added()
    nbs = va[va["source"] == "nbs_major_cities"].rename(columns={"va_secondary": "value"})
    fan = charts.fan_chart(nbs[["year", "value"]], projection, levels,
                           title_text="Secondary-sector value added: record and projection",
                           units="100 million yuan (亿元), current prices", y_title="亿元", label=projection.attrs["label"])
    point = va[va["source"] == "official_points"].rename(columns={"va_secondary": "value"})
    dots = alt.Chart(point).mark_point(shape="diamond", size=80, color="#c55a11", filled=True).encode(
        x="year:Q", y="value:Q", tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.0f")])
    p22 = projection.set_index("year").loc[2022] if 2022 in set(projection["year"]) else None
    alt_text = (f"Secondary value added from NBS, {int(nbs['year'].min())}-{int(nbs['year'].max())}, with a "
                f"{projection.attrs['label']} projection; the 2022 bulletin figure ({float(point['value'].iloc[0]):,.0f} 亿元, diamond)"
                + (f" against a projected {p22['mean']:,.0f} 亿元." if p22 is not None else "."))
    return charts.Figure(alt.layer(fan, dots).properties(title=fan.title), alt_text=alt_text,
                         source=charts.source_note(["nbs_major_cities", "official_points"], ["measured", "official_point", "derived"],
                                                   "Diamond: 2022 statistical bulletin (after the 2018 census revision, so not strictly comparable)."),
                         data=pd.concat([va.assign(kind="record"), projection.assign(kind="projection")]), filename="secondary_value_added")


def co2_figure(history: pd.DataFrame):
    from . import proxy

    return proxy.band_figure(history, scale_name="industry_share_scale", title_text="Industrial CO2 in Shenzhen: a provincial proxy",
                             subject="Shenzhen's industrial CO2", filename="industry_co2_proxy")


def intensity_figure(df: pd.DataFrame):
    from . import charts

    first, last = df.iloc[0], df.iloc[-1]
    units = "t CO2 per 10 000 yuan of secondary value added (current prices)"
    return charts.Figure(charts.history_chart(df[["year", "value", "series"]], title_text="Industrial CO2 intensity (proxy)",
                                              units=units, y_title="t CO2 per 10 000 yuan"),
                         alt_text=f"Line chart: industrial CO2 per unit of secondary value added fell from {first['value']:.2f} "
                                  f"({int(first['year'])}) to {last['value']:.2f} ({int(last['year'])}) {units}.",
                         source=charts.source_note(["ceads_city", "ceads_provinces", "nbs_major_cities"], ["derived"],
                                                   "Derived here from the proxy CO2 and nominal value added."),
                         data=df, filename="industry_co2_intensity")


def scenario_figure(summary: pd.DataFrame, level: float, scale: float):
    from . import charts

    return charts.scenario_figure(
        summary, level, title_text=f"Industrial CO2 to {int(summary['year'].max())}: trend and plan",
        units="Mt CO2 per year (proxy)", subject="Industrial CO2 paths (proxy)",
        sources=["ceads_city", "ceads_provinces", "press", "energy_institute"], grades=["proxy", "derived", "assumption"],
        filename="industry_scenarios", history=co2_history(scale)[["year", "value"]].dropna())
