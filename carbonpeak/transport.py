"""The transport chapter: NEV diffusion, road-transport CO2 on both boundaries, build-out targets.

NEV diffusion. The NEV stock follows a logistic curve towards a saturation level K set by the analyst:
logit(stock / K) = a + b x t, fitted by OLS (statsmodels) to the four NEV stock figures in reach. Four
points are very few: the intervals (Student t, 2 residual degrees of freedom) say so.

Road CO2. Transport's territorial CO2 in 2019 is Shenzhen's CEADs total x Guangdong's transport share
(a provincial proxy, scaled). Its road part is spread over the fuel vehicles of 2019, which gives CO2 per
fuel vehicle (derived); afterwards road CO2 = fuel vehicles x CO2 per fuel vehicle x its yearly change.
Fuel vehicles = total stock - NEVs. NEV electricity counts only on the boundary with imported electricity.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from . import assumptions
from .data import point
from .scenario import summarise
from .targets import register_scorer

BASE_YEAR = 2019
# NEV stock figures with the time (decimal year) they refer to.
NEV_POINTS = (("nev_stock", 2016, 2017.0, "year-end 2016 stock"),
              ("nev_promoted_cumulative", 2020, 2020.5, "cumulative NEVs promoted, mid-2020"),
              ("nev_promoted_cumulative", 2021, 2022.0, "cumulative NEVs promoted, end of 2021"),
              ("nev_stock", 2024, 2024.8, "stock, October 2024"))
PLAN_NEV_TARGETS = ("R08", "R12")  # the plan's 2025 and 2030 NEV stock targets in data/targets.csv
SCENARIOS = ("trend", "plan")
DRAWN = ("nev_saturation", "vehicle_stock_growth", "transport_share_scale", "road_share_of_transport",
         "ice_intensity_change", "ev_kwh_per_vehicle", "import_share", "grid_ef", "grid_ef_change")


@lru_cache(maxsize=1)
def _nev_record() -> tuple:
    return tuple((t, point(variable, year), label) for variable, year, t, label in NEV_POINTS)


def nev_points() -> pd.DataFrame:
    return pd.DataFrame(list(_nev_record()), columns=["t", "value", "what"])


@lru_cache(maxsize=256)
def fit_diffusion(saturation_million: float):
    """OLS of logit(stock / K) on time; returns the statsmodels results and K in vehicles (cached)."""
    import statsmodels.api as sm

    k = saturation_million * 1e6
    pts = nev_points()
    if (pts["value"] >= k).any():
        from .errors import ModelError

        raise ModelError(f"nev_saturation {saturation_million} M is below an observed NEV stock")
    y = np.log(pts["value"] / (k - pts["value"]))
    return sm.OLS(y.to_numpy(), sm.add_constant(pts["t"].to_numpy())).fit(), k


def diffusion(saturation_million: float, years, levels) -> pd.DataFrame:
    """NEV stock at the end of each year: median and intervals (back-transformed from the logit scale)."""
    from scipy.stats import t as student

    from .models import level_name

    fit, k = fit_diffusion(saturation_million)
    tt = np.asarray(years, dtype=float) + 1.0
    pred = fit.get_prediction(np.column_stack([np.ones_like(tt), tt]))
    mean, se = pred.predicted_mean, np.sqrt(pred.se_mean ** 2 + fit.scale)
    out = {"year": np.asarray(years, dtype=int), "mean": k / (1 + np.exp(-mean))}
    for level in levels:
        q = student.ppf(0.5 + level / 2, fit.df_resid)
        out[f"lower_{level_name(level)}"] = k / (1 + np.exp(-(mean - q * se)))
        out[f"upper_{level_name(level)}"] = k / (1 + np.exp(-(mean + q * se)))
    return pd.DataFrame(out)


def diffusion_draws(saturation_million: float, years, n: int, seed: int) -> np.ndarray:
    """Draws (n x years) of the year-end NEV stock from the fit's predictive distribution (seeded)."""
    fit, k = fit_diffusion(saturation_million)
    tt = np.asarray(years, dtype=float) + 1.0
    pred = fit.get_prediction(np.column_stack([np.ones_like(tt), tt]))
    se = np.sqrt(pred.se_mean ** 2 + fit.scale)
    shock = np.random.default_rng(seed).standard_t(fit.df_resid, size=(n, 1))  # one draw of the curve per path
    return k / (1 + np.exp(-(pred.predicted_mean + shock * se)))


def central_nev(saturation_million: float, years) -> np.ndarray:
    """The fitted (central) NEV stock at the end of each year."""
    fit, k = fit_diffusion(saturation_million)
    tt = np.asarray(years, dtype=float) + 1.0
    return k / (1 + np.exp(-(fit.params[0] + fit.params[1] * tt)))


def plan_nev_knots() -> dict[float, float]:
    """The plan's NEV stock targets as year-end stocks (decimal year -> vehicles), from the registry."""
    return dict(_plan_nev_knots())


@lru_cache(maxsize=1)
def _plan_nev_knots() -> tuple:
    from .targets import load_targets

    rows = load_targets().set_index("id").loc[list(PLAN_NEV_TARGETS)]
    return tuple((float(year) + 1.0, float(value)) for year, value in zip(rows["target_year"], rows["target_value"]))


def plan_nev(years, saturation_million: float) -> np.ndarray:
    """The plan's NEV path: the fitted record up to October 2024, then straight lines through the plan's 2025
    and 2030 targets, then the 2025-2030 pace continued."""
    t_obs = {t: value for t, value, _ in _nev_record()}
    knots = {2024.8: t_obs[2024.8], **plan_nev_knots()}
    ts, vs = np.array(list(knots)), np.array(list(knots.values()))
    tt = np.asarray(years, dtype=float) + 1.0
    slope = (vs[-1] - vs[-2]) / (ts[-1] - ts[-2])
    ahead = np.where(tt <= ts[-1], np.interp(tt, ts, vs), vs[-1] + slope * (tt - ts[-1]))
    return np.where(tt <= ts[0], central_nev(saturation_million, years), ahead)


def total_stock(years, growth) -> np.ndarray:
    """Total vehicles: 4.34 M implied in October 2024 (1.19 M NEVs at 27.4 %), grown at ``growth`` (draws)."""
    implied = point("nev_stock", 2024) / (point("nev_share_of_stock", 2024) / 100)
    tt = np.asarray(years, dtype=float) + 1.0
    return implied * (1 + np.asarray(growth).reshape(-1, 1)) ** (tt.reshape(1, -1) - 2024.8)


def transport_2019(scale) -> np.ndarray:
    from . import proxy

    return proxy.base(("transport",), scale, BASE_YEAR)


def paths(scenario: str, draws: dict, years, seed: int) -> dict[str, np.ndarray]:
    """Transport CO2 (draws x years) by boundary, and the NEV and fuel-vehicle stocks."""
    n = len(draws["nev_saturation"])
    years = np.asarray(years)
    all_years = np.arange(BASE_YEAR, years.max() + 1)
    stock = total_stock(all_years, draws["vehicle_stock_growth"])
    if scenario == "trend":
        nev = _trend_nev_fast(draws, all_years, seed)
    else:
        nev = _per_level(draws["nev_saturation"], lambda k: plan_nev(all_years, k))
    nev = np.minimum(nev, stock)
    fuel = stock - nev
    base = transport_2019(draws["transport_share_scale"])
    road0 = base * draws["road_share_of_transport"]
    # CO2 per fuel vehicle in 2019 (derived): the base year uses the fitted NEV stock, not a draw
    fuel_2019 = stock[:, 0] - _per_level(draws["nev_saturation"], lambda k: central_nev(k, [BASE_YEAR]))[:, 0]
    per_fuel_vehicle = road0 / fuel_2019
    steps = all_years - BASE_YEAR
    road = fuel * per_fuel_vehicle.reshape(-1, 1) * (1 + draws["ice_intensity_change"].reshape(-1, 1)) ** steps
    other = (base - road0).reshape(-1, 1) * np.ones_like(road)  # rail, water, air, storage: held
    territorial = road + other
    ef_change = draws["grid_ef_change"] if scenario == "plan" else np.zeros(n)
    ef = draws["grid_ef"].reshape(-1, 1) * (1 + ef_change.reshape(-1, 1)) ** steps
    ev = nev * draws["ev_kwh_per_vehicle"].reshape(-1, 1) / 1e9 * draws["import_share"].reshape(-1, 1) * ef  # Mt
    keep = np.isin(all_years, years)
    return {"territorial": territorial[:, keep], "with_imports": (territorial + ev)[:, keep],
            "nev": nev[:, keep], "fuel_vehicles": fuel[:, keep], "per_fuel_vehicle": per_fuel_vehicle}


SATURATION_STEP = 0.05  # saturation draws are rounded to 50 000 vehicles so the fit is reused


def _per_level(saturation: np.ndarray, fn) -> np.ndarray:
    """fn(level) for every draw, computed once per distinct rounded saturation level."""
    levels = np.round(np.asarray(saturation) / SATURATION_STEP) * SATURATION_STEP
    rows = {level: fn(float(level)) for level in np.unique(levels)}
    return np.vstack([rows[level] for level in levels])


def _trend_nev_fast(draws: dict, years, seed: int) -> np.ndarray:
    """Diffusion draws for many saturation levels: the fit is refitted per distinct level (rounded to 0.05 M)."""
    levels = np.round(draws["nev_saturation"] / SATURATION_STEP) * SATURATION_STEP
    out = np.empty((len(levels), len(years)))
    rng = np.random.default_rng(seed)
    shocks = rng.standard_t(2, size=len(levels))  # 2 = residual degrees of freedom of the 4-point fit
    for level in np.unique(levels):
        idx = np.nonzero(levels == level)[0]
        fit, k = fit_diffusion(float(level))
        tt = np.asarray(years, dtype=float) + 1.0
        pred = fit.get_prediction(np.column_stack([np.ones_like(tt), tt]))
        se = np.sqrt(pred.se_mean ** 2 + fit.scale)
        future = tt > max(t for t, _, _ in _nev_record())  # the record years stay on the fitted curve
        out[idx] = k / (1 + np.exp(-(pred.predicted_mean + shocks[idx].reshape(-1, 1) * se * future)))
    return out


def scenario_summary(centres: dict, n: int, seed: int, horizon_end: int, levels) -> pd.DataFrame:
    years = np.arange(BASE_YEAR + 1, horizon_end + 1)
    draws = assumptions.draw(DRAWN, n, seed, centres)
    parts = []
    for scenario in SCENARIOS:
        p = paths(scenario, draws, years, seed)
        for boundary in ("territorial", "with_imports"):
            parts.append(summarise(p[boundary], years, levels).assign(scenario=scenario, boundary=boundary))
    return pd.concat(parts, ignore_index=True)


def pace_draws(variable: str, first: int, last: int, t_first: float, t_last: float, target_t: float,
               spread: float, n: int, seed: int) -> np.ndarray:
    """Value at ``target_t`` if the build-out continues at the pace between two figures, +- spread."""
    v0, v1 = point(variable, first), point(variable, last)
    pace = (v1 - v0) / (t_last - t_first)
    factor = np.random.default_rng(seed).triangular(1 - spread, 1, 1 + spread, size=n)
    return v1 + pace * factor * (target_t - t_last)


def target_projections(centres: dict, n: int, seed: int) -> dict:
    """Draws for the transport targets this chapter can score."""
    sat = centres["nev_saturation"]
    nev = diffusion_draws(sat, [2025, 2030], n, seed)
    spread = centres["pace_spread"]
    # rail: metro-only 2018 to metro-and-tram 2021 (pace overstated by the tram); chargers: piles to facilities
    return {"R08": nev[:, 0], "R12": nev[:, 1],
            "R02": pace_draws("rail_length", 2018, 2021, 2019.0, 2022.0, 2026.0, spread, n, seed + 1),
            "R05": pace_draws("rail_length", 2018, 2021, 2019.0, 2022.0, 2031.0, spread, n, seed + 2),
            "R13": pace_draws("chargers", 2023, 2024, 2024.0, 2024.8, 2026.0, spread, n, seed + 3)}


@register_scorer("transport")
def scores(n: int = 2000, seed: int = 20231007) -> dict:
    centres = {name: assumptions.get(name).default for name in (*DRAWN, "pace_spread")}
    return target_projections(centres, n, seed)


def scorecard_table(projections: dict) -> pd.DataFrame:
    from .targets import board_for

    return board_for(projections, sectors=("transport",))


def progress_table() -> pd.DataFrame:
    """Observed figures against the transport targets, with their definitions."""
    rows = [("R07 new-energy share of new vehicles, ~60 % by 2025", "NEV share of new cars", point("nev_share_of_new_cars", 2024), "2024 (Jan-Oct)", "new cars only; the plan also counts clean-energy (LNG) vehicles"),
            ("R08 NEV stock ~1.3 million by 2025", "NEV stock", point("nev_stock", 2024), "2024 (Oct)", ""),
            ("R02 rail 640 km by 2025", "metro and tram length", point("rail_length", 2021), "end-2021", "2018 figure (265 km) is metro only"),
            ("R13 600 000 charging facilities by 2025", "charging facilities", point("chargers", 2024), "2024 (Oct)", "2023 figure counts piles")]
    return pd.DataFrame(rows, columns=["target", "observed indicator", "value", "when", "definition note"])


def diffusion_figure(saturation_million: float, horizon_end: int, levels):
    import altair as alt

    from . import charts

    years = np.arange(2016, horizon_end + 1)
    fan = diffusion(saturation_million, years, levels)
    pts = nev_points().assign(year=lambda d: d["t"] - 1.0)  # plotted at the year whose end they describe
    knots = plan_nev_knots()
    plan = pd.DataFrame({"year": [int(k - 1) for k in knots], "value": list(knots.values()),
                         "what": [f"plan target {int(k - 1)}" for k in knots]})
    from .models import level_name

    wide = level_name(max(levels))
    base = alt.Chart(fan).encode(x=alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False)))
    chart = alt.layer(
        base.mark_area(opacity=0.2, color="#548235").encode(y=alt.Y(f"lower_{wide}:Q", title="vehicles"), y2=f"upper_{wide}:Q"),
        base.mark_line(color="#548235").encode(y="mean:Q", tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("mean:Q", format=",.0f")]),
        alt.Chart(pts).mark_point(filled=True, color="#222", size=60).encode(x="year:Q", y="value:Q", tooltip=["what:N", alt.Tooltip("value:Q", format=",.0f")]),
        alt.Chart(plan).mark_point(shape="diamond", size=110, color="#c00000", filled=True).encode(x="year:Q", y="value:Q", tooltip=["what:N", "value:Q"]),
    ).properties(title=charts.title(f"NEV stock: logistic fit to four figures, saturation {saturation_million:g} million",
                                    f"vehicles at year end; band: {max(levels):.0%} interval"), width=charts.WIDTH, height=charts.HEIGHT)
    at = fan.set_index("year")
    alt_text = (f"Logistic curve through four NEV stock figures (black dots, 80 828 in 2016 to 1.19 million in October 2024) "
                f"with a {max(levels):.0%} band; the plan's targets (red diamonds) of 1.3 million in 2025 and 2 million in 2030. "
                f"The fit gives {at.loc[2025, 'mean']:,.0f} at the end of 2025 and {at.loc[min(2030, horizon_end), 'mean']:,.0f} "
                f"at the end of {min(2030, horizon_end)}.")
    return charts.Figure(chart, alt_text=alt_text,
                         source=charts.source_note(["official_points", "press"], ["official_point", "derived", "assumption"],
                                                   "Fit derived here (statsmodels OLS on the logit); saturation is a parameter."),
                         data=pd.concat([fan.assign(kind="fit"), pts.assign(kind="observed"), plan.assign(kind="plan")]),
                         filename="nev_diffusion")


def scenario_figure(summary: pd.DataFrame, boundary: str, level: float):
    from . import charts

    label = {"territorial": "territorial", "with_imports": "with the electricity of NEVs"}[boundary]
    return charts.scenario_figure(
        summary[summary["boundary"] == boundary], level,
        title_text=f"Transport CO2 to {int(summary['year'].max())}, {label}", units="Mt CO2 per year (proxy base)",
        subject=f"Transport CO2 paths, {label}", sources=["ceads_city", "ceads_provinces", "official_points", "literature"],
        grades=["proxy", "derived", "assumption"], filename=f"transport_scenarios_{boundary}")

