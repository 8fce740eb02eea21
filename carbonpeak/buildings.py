"""The buildings chapter: building electricity, direct building fuel, and the boundary that decides
whether building emissions appear at all.

Building emissions are mostly electricity. On the territorial boundary only fuel burnt in buildings counts
(gas and LPG for cooking and hot water): Shenzhen's CEADs total x Guangdong's commercial, services and
residential share (a provincial proxy, scaled). On the boundary with imported electricity, the tertiary and
residential share of electricity use (53.0 % in 2023) x import share x grid factor is added.

Electricity use is projected with statsmodels (log-linear OLS on the four yearly figures, two of them derived
from stated growth rates); the building share is held at its 2023 value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import norm

from . import assumptions, data
from .data import point
from .energy import electricity_history
from .scenario import summarise

BASE_YEAR = 2019
SCENARIOS = ("trend", "plan")
DRAWN = ("buildings_share_scale", "plan_building_saving", "plan_building_fuel_change", "import_share", "grid_ef",
         "grid_ef_change")
LEVER_START, LEVER_FULL = 2023, 2030  # the plan's building cuts ramp in from the last figure to 2030


def building_share() -> float:
    """Tertiary plus residential share of electricity use, 2023 (official point)."""
    return (point("electricity_share_tertiary", 2023) + point("electricity_share_residential", 2023)) / 100


def electricity_projection(horizon_end: int, levels) -> pd.DataFrame:
    """Building electricity (TWh): log-linear OLS on total use 2020-2023 times the 2023 building share."""
    from .models import project

    hist = electricity_history().set_index("year")["value"]
    hist.index = hist.index.astype(int)
    total = project(hist, horizon_end - int(hist.index.max()), "loglinear", levels)
    out = total.copy()
    out.iloc[:, 1:] = total.iloc[:, 1:].to_numpy() * building_share()
    out.attrs = total.attrs
    return out


def electricity_draws(horizon_end: int, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Building electricity (n x years, 2020 to horizon_end): the record up to 2023, then draws from the
    projection's log-normal spread, one shift per path."""
    hist = electricity_history().set_index("year")["value"] * building_share()
    proj = electricity_projection(horizon_end, (0.8,))
    sigma = (np.log(proj["upper_80"]) - np.log(proj["lower_80"])) / (2 * norm.ppf(0.9))
    z = np.random.default_rng(seed).standard_normal((n, 1))
    ahead = proj["mean"].to_numpy() * np.exp(z * sigma.to_numpy())
    record = np.broadcast_to(hist.to_numpy(), (n, len(hist)))
    return np.concatenate([hist.index.to_numpy(dtype=int), proj["year"].to_numpy()]), np.hstack([record, ahead])


def direct_2019(scale) -> np.ndarray:
    from . import proxy

    return proxy.base(("commercial_services", "residential"), scale, BASE_YEAR)


def lever_ramp(years) -> np.ndarray:
    """0 up to 2023, rising linearly to 1 in 2030, then 1."""
    return np.clip((np.asarray(years, dtype=float) - LEVER_START) / (LEVER_FULL - LEVER_START), 0, 1)


def paths(scenario: str, draws: dict, horizon_end: int, seed: int) -> dict[str, np.ndarray]:
    years, elec = electricity_draws(horizon_end, len(draws["grid_ef"]), seed)
    n = len(draws["grid_ef"])
    steps = years - BASE_YEAR
    direct = direct_2019(draws["buildings_share_scale"]).reshape(-1, 1) * np.ones((n, len(years)))
    ef_change = np.zeros(n)
    if scenario == "plan":
        elec = elec * (1 - draws["plan_building_saving"].reshape(-1, 1) * lever_ramp(years))
        fuel_steps = np.clip(years - LEVER_START, 0, None)
        direct = direct * (1 + draws["plan_building_fuel_change"].reshape(-1, 1)) ** fuel_steps
        ef_change = draws["grid_ef_change"]
    ef = draws["grid_ef"].reshape(-1, 1) * (1 + ef_change.reshape(-1, 1)) ** steps
    indirect = elec * draws["import_share"].reshape(-1, 1) * ef
    return {"years": years, "territorial": direct, "with_imports": direct + indirect, "electricity": elec}


def scenario_summary(centres: dict, n: int, seed: int, horizon_end: int, levels) -> pd.DataFrame:
    draws = assumptions.draw(DRAWN, n, seed, centres)
    parts = []
    for scenario in SCENARIOS:
        p = paths(scenario, draws, horizon_end, seed)
        for boundary in ("territorial", "with_imports"):
            parts.append(summarise(p[boundary], p["years"], levels).assign(scenario=scenario, boundary=boundary))
    return pd.concat(parts, ignore_index=True)


def green_buildings() -> pd.DataFrame:
    pts = data.load("shenzhen_points")
    df = pts[pts["variable"] == "green_building_area"][["year", "value", "unit", "source", "grade"]]
    return df.assign(series="green-building floor area").reset_index(drop=True)


def scorecard_table() -> pd.DataFrame:
    """The building targets, scored where their own figures give a pace (target_trends)."""
    from .target_trends import projections
    from .targets import board_for

    return board_for(projections(), sectors=("buildings",))


def electricity_figure(projection: pd.DataFrame, levels):
    from . import charts

    hist = electricity_history()
    record = hist.assign(value=hist["value"] * building_share(), series="tertiary + residential (2023 share)")
    fan = charts.fan_chart(record[["year", "value", "series"]], projection, levels,
                           title_text="Electricity used by buildings (tertiary and residential)",
                           units="TWh per year", y_title="TWh", label=projection.attrs["label"])
    end = projection.iloc[-1]
    return charts.Figure(fan, alt_text=(f"Building electricity, {record['value'].iloc[0]:.0f} TWh in 2020 to "
                                        f"{record['value'].iloc[-1]:.0f} TWh in 2023 (the 2023 building share of "
                                        f"{building_share():.1%} applied to all years), projected to a median {end['mean']:.0f} TWh in {int(end['year'])}."),
                         source=charts.source_note(["official_points"], ["official_point", "derived"],
                                                   "Projection: log-linear OLS (statsmodels) on four yearly totals, two derived."),
                         data=pd.concat([record.assign(kind="record"), projection.assign(kind="projection")]),
                         filename="building_electricity")


def green_building_figure():
    from . import charts

    df = green_buildings()
    return charts.Figure(charts.history_chart(df[["year", "value", "series"]], title_text="Green-building floor area",
                                              units="million m2 (labelled, cumulative)", y_title="million m2"),
                         alt_text="Points of Shenzhen's green-building floor area: " + ", ".join(
                             f"{v:g} million m2 in {y}" for y, v in zip(df["year"], df["value"])) + ".",
                         source=charts.source_note(["official_points", "press"], ["official_point"],
                                                   "2012 counts projects built and under construction; later figures are 'more than'."),
                         data=df, filename="green_buildings")


def scenario_figure(summary: pd.DataFrame, boundary: str, level: float):
    from . import charts

    label = {"territorial": "territorial (fuel burnt in buildings)", "with_imports": "with imported electricity"}[boundary]
    return charts.scenario_figure(
        summary[summary["boundary"] == boundary], level, title_text=f"Building CO2 to {int(summary['year'].max())}, {label}",
        units="Mt CO2 per year", subject=f"Building CO2 paths, {label}",
        sources=["ceads_city", "ceads_provinces", "official_points", "literature"], grades=["proxy", "derived", "assumption"],
        filename=f"building_scenarios_{boundary}")
