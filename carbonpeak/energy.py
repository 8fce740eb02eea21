"""The energy chapter: electricity, the energy-intensity target, the accounting boundary, power-sector
emissions and the Kaya/LMDI decomposition.

Scenarios (both from 2019, the last CEADs year, in Kaya form):

- territorial CO2 = CO2_2019 x GDP growth x energy-intensity change x carbon-per-energy change;
  trend: the 2016-2020 energy-intensity pace continues and the carbon content of energy stays put;
  plan: energy intensity falls at the plan's target pace and the carbon content of energy falls with
  the plan's clean-energy levers (national proxy pace);
- imported-electricity CO2 = electricity use x import share x grid emission factor; the factor stays at its
  2019 value in the trend and falls at the national pace in the plan.

Every rate is a named assumption (data/assumptions.yml) drawn over its range (triangular, mode at the
chapter's parameter), seeded.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import assumptions, data
from .data import point
from .scenario import growth_paths, summarise
from .targets import register_scorer

SHENZHEN = "广东深圳"
BASE_YEAR = 2019
BOUNDARIES = {"territorial": "territorial (scope 1, as CEADs)",
              "with_imports": "territorial plus imported electricity"}
SCENARIOS = ("trend", "plan")
SCENARIO_RATES = {
    "trend": {"GDP": "gdp_growth", "energy per GDP": "trend_energy_intensity_change",
              "CO2 per energy": "trend_carbon_per_energy_change"},
    "plan": {"GDP": "gdp_growth", "energy per GDP": "plan_energy_intensity_change",
             "CO2 per energy": "plan_carbon_per_energy_change"},
}
DRAWN = ("gdp_growth", "trend_energy_intensity_change", "plan_energy_intensity_change",
         "trend_carbon_per_energy_change", "plan_carbon_per_energy_change", "electricity_growth", "import_share",
         "grid_ef", "grid_ef_change")
ELECTRICITY_ANCHOR = 2023  # last official electricity figure


def electricity_history() -> pd.DataFrame:
    """Electricity use: the official figures and the years derived from their stated growth rates."""
    rows = []
    for year in (2021, 2023):
        value = point("electricity_consumption", year)
        rows.append((year, value, "official_point"))
        rows.append((year - 1, value / (1 + point("electricity_growth", year) / 100), "derived"))
    df = pd.DataFrame(rows, columns=["year", "value", "grade"]).sort_values("year").reset_index(drop=True)
    df["series"] = np.where(df["grade"] == "derived", "derived from the stated growth", "official figure")
    return df


def territorial_2019() -> float:
    return float(data.series("city_co2", SHENZHEN, "co2")[BASE_YEAR])


def draw_assumptions(centres: dict, n: int, seed: int) -> dict[str, np.ndarray]:
    return assumptions.draw(DRAWN, n, seed, centres)


def scenario_paths(scenario: str, draws: dict[str, np.ndarray], years) -> dict[str, np.ndarray]:
    """Territorial, imported-electricity and total CO2 paths (draws x years) for a scenario."""
    names = SCENARIO_RATES[scenario]
    territorial = growth_paths(np.full(len(draws["gdp_growth"]), territorial_2019()),
                               {k: draws[v] for k, v in names.items()}, years, BASE_YEAR)
    electricity = growth_paths(np.full(len(draws["gdp_growth"]), point("electricity_consumption", ELECTRICITY_ANCHOR)),
                               {"growth": draws["electricity_growth"]}, years, ELECTRICITY_ANCHOR)
    ef_change = draws["grid_ef_change"] if scenario == "plan" else np.zeros_like(draws["grid_ef"])
    ef = growth_paths(draws["grid_ef"], {"change": ef_change}, years, BASE_YEAR)
    imported = electricity * draws["import_share"].reshape(-1, 1) * ef  # TWh x t/MWh = Mt
    return {"territorial": territorial, "imported_electricity": imported, "with_imports": territorial + imported,
            "electricity": electricity}


def scenario_summary(centres: dict, n: int, seed: int, horizon_end: int, levels) -> pd.DataFrame:
    """Median and intervals per scenario and boundary, long format."""
    years = np.arange(BASE_YEAR + 1, horizon_end + 1)
    draws = draw_assumptions(centres, n, seed)
    parts = []
    for scenario in SCENARIOS:
        paths = scenario_paths(scenario, draws, years)
        for boundary in BOUNDARIES:
            parts.append(summarise(paths[boundary], years, levels).assign(scenario=scenario, boundary=boundary))
    return pd.concat(parts, ignore_index=True)


def boundary_reconciliation(grid_ef: float) -> pd.DataFrame:
    """2019 levels on each boundary: the commentary's figures and this book's, side by side."""
    lit = pd.read_csv(data.paths.RAW / "literature" / "published_figures.csv").set_index("id")["value"]
    imported_twh = float(lit["commentary_sz_2019_imported_twh"])
    ceads = territorial_2019()
    return pd.DataFrame([
        ("commentary", "territorial (provincial basis)", float(lit["commentary_sz_2019_provincial"]), "official_point"),
        ("commentary", "imported electricity", float(lit["commentary_sz_2019_national"] - lit["commentary_sz_2019_provincial"]), "derived"),
        ("commentary", "total including imported electricity", float(lit["commentary_sz_2019_national"]), "official_point"),
        ("this book", "territorial (CEADs scope 1)", ceads, "measured"),
        ("this book", "imported electricity (47.7 TWh x grid_ef)", imported_twh * grid_ef, "derived"),
        ("this book", "total including imported electricity", ceads + imported_twh * grid_ef, "derived"),
    ], columns=["account", "item", "Mt CO2", "grade"])


def intensity_target_draws(draws: dict[str, np.ndarray]) -> np.ndarray:
    """Energy-intensity change 2020-2025 in % if the trend pace continues (draws)."""
    return ((1 + draws["trend_energy_intensity_change"]) ** 5 - 1) * 100


def intensity_target() -> float:
    """The plan's energy-intensity target for 2025 against 2020, as a fraction (-0.145), from the registry."""
    from .targets import load_targets

    return float(load_targets().set_index("id").at["T01", "target_value"]) / 100


def energy_ceiling(gdp_growth: float) -> pd.DataFrame:
    """Energy use allowed in 2025 relative to 2020 by the intensity target, for a GDP path."""
    allowed = (1 + intensity_target()) * (1 + gdp_growth) ** 5
    return pd.DataFrame({"GDP growth per year": [f"{gdp_growth:.1%}"], "GDP 2025 / 2020": [round((1 + gdp_growth) ** 5, 3)],
                         "energy use 2025 / 2020 at most": [round(allowed, 3)],
                         "energy use growth per year at most": [f"{allowed ** 0.2 - 1:.2%}"]})


POWER_GROUPS = ("power_heat",)


def power_history(scale: float) -> pd.DataFrame:
    """Shenzhen power-sector CO2 as Guangdong's power share of the CEADs total (a provincial proxy)."""
    from . import proxy

    return proxy.history(POWER_GROUPS, scale, "power_share_scale", "power and heat (proxy share x total)")


def shenzhen_kaya() -> pd.DataFrame:
    from .decompose import kaya_factors

    co2 = data.series("city_co2", SHENZHEN, "co2")
    gdp = data.series("shenzhen_economy", SHENZHEN, "gdp", source="nbs_major_cities")
    pop = data.series("shenzhen_population", SHENZHEN, "population_wup_agglomeration")
    return kaya_factors(co2, gdp, pop)


def plan_vs_trend_lmdi(centres: dict, year: int) -> pd.Series:
    """LMDI of the gap between the plan and trend central territorial paths in ``year``."""
    from .scenario import kaya_gap

    rates = {s: {k: centres[v] for k, v in SCENARIO_RATES[s].items()} for s in SCENARIOS}
    return kaya_gap(territorial_2019(), rates["trend"], rates["plan"], year - BASE_YEAR)


def default_centres() -> dict:
    return {name: assumptions.get(name).default for name in DRAWN}


@register_scorer("energy")
def scores(n: int = 2000, seed: int = 20231007) -> dict:
    """The energy-intensity target (T01) is scored from the city model (carbonpeak.model.scoring)."""
    return {}


def electricity_figure(centres: dict, n: int, seed: int, horizon_end: int, levels):
    import altair as alt

    from . import charts

    history = electricity_history()
    years = np.arange(ELECTRICITY_ANCHOR + 1, horizon_end + 1)
    draws = draw_assumptions(centres, n, seed)
    paths = growth_paths(np.full(n, point("electricity_consumption", ELECTRICITY_ANCHOR)),
                         {"growth": draws["electricity_growth"]}, years, ELECTRICITY_ANCHOR)
    projection = summarise(paths, years, levels)
    fan = charts.fan_chart(history[history["grade"] == "official_point"], projection, levels,
                           title_text="Electricity use: official figures and the assumed growth path",
                           units="TWh per year", y_title="TWh", label="assumed growth (median)")
    derived = alt.Chart(history[history["grade"] == "derived"]).mark_point(shape="diamond", size=60, color="#c55a11").encode(
        x="year:Q", y="value:Q", tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.1f")])
    end = projection.iloc[-1]
    alt_text = (f"Electricity use: official figures of {point('electricity_consumption', 2021):.1f} TWh (2021) and "
                f"{point('electricity_consumption', 2023):.2f} TWh (2023), two years derived from stated growth (diamonds), "
                f"and a fan reaching a median {end['mean']:.0f} TWh in {int(end['year'])}.")
    return charts.Figure(alt.layer(fan, derived).properties(title=fan.title), alt_text=alt_text,
                         source=charts.source_note(["official_points"], ["official_point", "derived", "assumption"],
                                                   "Diamonds: derived from the stated growth rates. Path: electricity_growth drawn over its range."),
                         data=pd.concat([history.assign(kind="record"), projection.assign(kind="projection")]),
                         filename="electricity_use")


def scenario_figure(summary: pd.DataFrame, boundary: str, level: float):
    from . import charts

    part = summary[summary["boundary"] == boundary]
    record = data.series("city_co2", SHENZHEN, "co2")
    history = pd.DataFrame({"year": record.index, "value": record.to_numpy()}) if boundary == "territorial" else None
    return charts.scenario_figure(
        part, level, title_text=f"Shenzhen CO2 to {int(part['year'].max())}: {BOUNDARIES[boundary]}",
        units="Mt CO2 per year", subject=f"Shenzhen CO2 paths, {BOUNDARIES[boundary]}",
        sources=["ceads_city", "official_points", "literature", "energy_institute"],
        grades=["measured", "derived", "assumption"], filename=f"energy_scenarios_{boundary}", history=history)


def boundary_figure(table: pd.DataFrame):
    import altair as alt

    from . import charts

    df = table.assign(label=table["account"] + ": " + table["item"])
    chart = alt.Chart(df).mark_bar().encode(
        y=alt.Y("label:N", sort=None, title=None), x=alt.X("Mt CO2:Q", title="Mt CO2 (2019)"),
        color=alt.Color("account:N", title=None),
        tooltip=["account:N", "item:N", alt.Tooltip("Mt CO2:Q", format=",.2f"), "grade:N"],
    ).properties(title=charts.title("Two boundaries for 2019: territorial and with imported electricity", "Mt CO2"),
                 width=charts.WIDTH, height=220)
    total = table.set_index(["account", "item"])["Mt CO2"]
    alt_text = ("Bars comparing 2019 CO2 on two boundaries. The commentary: " +
                f"{total[('commentary', 'territorial (provincial basis)')]:.2f} Mt territorial and "
                f"{total[('commentary', 'total including imported electricity')]:.2f} Mt with imported electricity. This book: "
                f"{total[('this book', 'territorial (CEADs scope 1)')]:.2f} Mt (CEADs) and "
                f"{total[('this book', 'total including imported electricity')]:.2f} Mt with imported electricity.")
    return charts.Figure(chart, alt_text=alt_text,
                         source=charts.source_note(["ceads_city", "literature"], ["measured", "official_point", "derived"],
                                                   "The commentary's author is unverified."),
                         data=table, filename="boundary_2019")


def power_figure(history: pd.DataFrame):
    from . import proxy

    return proxy.band_figure(history, scale_name="power_share_scale", title_text="Power and heat CO2 in Shenzhen: a provincial proxy",
                             subject="Shenzhen's power-sector CO2", filename="power_sector_proxy")


GD_SECTORS = ("power_heat", "industry_incl_process", "transport", "construction", "agriculture",
              "commercial_services", "residential")


def guangdong_sector_lmdi(start: int, end: int) -> pd.DataFrame:
    """Guangdong's CO2 change split by sector into a scale effect (total grows) and a structure effect
    (the sector's share moves): LMDI on CO2_s = total x share_s; the two columns add up to each sector's change."""
    from .decompose import logmean

    gd = data.load("guangdong_sector_co2").pivot(index="year", columns="variable", values="value")
    rows = []
    for sector in GD_SECTORS:
        v0, v1 = gd.at[start, f"co2_{sector}"], gd.at[end, f"co2_{sector}"]
        t0, t1 = gd.at[start, "co2_total"], gd.at[end, "co2_total"]
        w = float(logmean(v1, v0))
        scale = w * np.log(t1 / t0)
        structure = w * np.log((v1 / t1) / (v0 / t0))
        rows.append({"sector": sector, f"CO2 {start}": v0, f"CO2 {end}": v1, "change": v1 - v0,
                     "scale effect": scale, "structure effect": structure})
    return pd.DataFrame(rows)


def scorecard_table(projections: dict, board_kwargs: dict | None = None) -> pd.DataFrame:
    """This chapter's targets (the energy rows and the energy-intensity goal), scored with its parameters."""
    from .targets import board_for

    return board_for(projections, sectors=("energy",), ids=("T01",), **(board_kwargs or {}))
