"""Hindcasts: the city model started at any origin from 2005 to 2016 with what was known then, driven by
the drivers observed afterwards, and scored against what was recorded afterwards.

Start. The origin is calibrated as the projection's base year is: the territorial level filtered from the
records up to the origin (``analysis.level``), split by Guangdong's structure in that year; electricity use
from Guangdong's use in that year and Shenzhen's share of it (``base.base_electricity``); the same supply
priors. Drivers after the origin, as observed: real GDP growth, the resident population (the pre-census
series to 2019, the post-census growth after), the secondary share (NBS to 2017, official after), the vehicle
stock through its counts, the NEV shares, Guangdong's grid index. Every other assumption follows its prior
(a path's first milestone value is held), and nothing Shenzhen recorded after the origin is read: not its
CO2 (CEADs, the county-level series) and not its electricity totals. The rule: observed drivers and
provincial series may come from any year; Shenzhen's own records only up to the origin.

What is predicted, per draw and year, to 2024 (territorial CO2 is recorded to 2019, the county-level series
to 2017):
- ``co2_territorial``: the path as a CEADs-like record would show it (times the record's deviation, which
  starts from the origin's filtered deviation and fades as the panel's do);
- ``co2_county``: the path as the county-level series would show it (its offset and its own deviation);
- ``electricity_demand``: the model's demand (TWh).

Scores: the share of recorded values inside the central 80 % band and the median log error
(log recorded - log median), pooled over origins. The discrepancy scales in data/assumptions.yml are set
(``calibrate``) so the bands hold 80 % over the tuning origins; the other origins test them.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from carbonpeak import data, parallel
from carbonpeak.analysis.deviation import ar1_paths, panel_deviation
from carbonpeak.analysis.level import COUNTY_VARIABLE
from carbonpeak.constants import BASE_YEAR, SHENZHEN
from carbonpeak.errors import ParameterError
from carbonpeak.inputs.assumptions import stream
from carbonpeak.model import base, core, uncertainty

FIRST_ORIGIN = 2005
LAST_ORIGIN = 2016
END = 2024  # the last year of observed drivers
VARIABLES = {"co2_territorial": "Mt CO2", "co2_county": "Mt CO2", "electricity_demand": "TWh"}
OUTPUT_VARIABLES = ("co2_territorial", "electricity_demand")  # what `carbonpeak hindcast` writes
TUNING_ORIGINS = (2006, 2009, 2012, 2015)  # the discrepancy scales are calibrated on these only
TARGET_COVERAGE = 0.8
LEVEL = 0.8
COUNTY_Z = "_county_z"


def check_origin(origin) -> int:
    """The origin as an int; a ParameterError unless it is a whole year from FIRST_ORIGIN to LAST_ORIGIN."""
    if isinstance(origin, bool) or not isinstance(origin, (int, np.integer)):
        raise ParameterError(f"origin must be a whole year from {FIRST_ORIGIN} to {LAST_ORIGIN}, got {origin!r}")
    if not FIRST_ORIGIN <= int(origin) <= LAST_ORIGIN:
        raise ParameterError(f"origin {origin} is outside {FIRST_ORIGIN}-{LAST_ORIGIN}, the years a hindcast can start")
    return int(origin)


def observed(origin: int) -> core.Observed:
    """The drivers as observed after ``origin`` up to END (see the module docstring)."""
    growth = {y: g for y, g in base.gdp_real_growth().items() if origin < y <= END}
    pre = data.series("shenzhen_population", SHENZHEN, "population_resident_precensus")
    pop = {int(y): float(pre[y] / pre[y - 1] - 1) for y in pre.index if origin < y <= BASE_YEAR and y - 1 in pre.index}
    pop.update({y: g for y, g in base.population_growth().items() if max(origin, BASE_YEAR) < y <= END})
    econ = data.load("shenzhen_economy")
    nbs = econ[(econ["region"] == SHENZHEN) & (econ["source"] == "nbs_major_cities")]
    wide = nbs.pivot_table(index="year", columns="variable", values="value").dropna(subset=["va_secondary", "gdp"])
    share = {int(y): float(r.va_secondary / r.gdp) for y, r in wide.iterrows() if origin <= y}
    share.update({y: v for y, v in base.secondary_share(max(origin, max(share, default=origin))).items() if y <= END})
    full = base.observed()
    grid = base.guangdong_grid_index(origin) if origin >= min(base.guangdong_grid_years()) else {}
    return core.Observed(
        gdp_growth=growth,
        population_growth=pop,
        secondary_share=share,
        electricity={},
        vehicle_stock=full.vehicle_stock,
        nev_share_years=full.nev_share_years,
        nev_shares=full.nev_shares,
        import_ef_index={y: v for y, v in grid.items() if origin < y <= END},
    )


@lru_cache(maxsize=16)
def start(origin: int) -> core.BaseYear:
    """The origin calibrated as a base year (records up to the origin only)."""
    return base.base_year(check_origin(origin))


def run(origin: int, scenario, draws: int, seed: int, milestones: dict, discrepancy: float = 1.0):
    """(result, terms): the model from ``origin`` to END for a scenario's priors and the structural terms it
    was drawn with. The provincial grid's power is split between carbon-bearing imports and bought nuclear
    power in the same proportion as in the projection's base year."""
    b = start(origin)
    terms = uncertainty.draw(draws, seed, range(origin, END + 1), b.level)
    v = {**scenario.inputs().draw(draws, seed), **terms}
    v["imported_twh_2019"] = v["imported_twh_2019"] * b.electricity / base.base_electricity(BASE_YEAR)
    for name in (uncertainty.TERRITORIAL_SCALE, uncertainty.DEMAND_SCALE):
        v[name] = v[name] * discrepancy
    return core.simulate(v, b, observed(origin), END, milestones), terms


def predictions(origin: int, result: core.Result, terms: dict, seed: int) -> dict[str, np.ndarray]:
    """Draws x years of every predicted variable (see the module docstring)."""
    b = start(origin)
    z = stream(seed, COUNTY_Z).standard_normal(result.territorial.shape)
    county = ar1_paths(z, panel_deviation(), terms[uncertainty.LEVEL][:, 3])
    return {
        "co2_territorial": result.recorded,
        "co2_county": result.territorial * np.exp(b.level.params["county offset"] + county),
        "electricity_demand": sum(result.demand.values()),
    }


def quantile_table(origin: int, result: core.Result, preds: dict, variables=OUTPUT_VARIABLES) -> pd.DataFrame:
    """year, variable, p10, p50, p90 for the years after the origin."""
    rows = []
    for variable in variables:
        q = np.quantile(preds[variable], [0.1, 0.5, 0.9], axis=0)
        for j, year in enumerate(result.years):
            if year > origin:
                rows.append({"year": int(year), "variable": variable, "p10": q[0, j], "p50": q[1, j], "p90": q[2, j]})
    return pd.DataFrame(rows, columns=["year", "variable", "p10", "p50", "p90"])


def hindcast(origin, scenario, draws: int, seed: int, milestones: dict, discrepancy: float = 1.0) -> pd.DataFrame:
    """The hindcast from ``origin`` as `carbonpeak hindcast` writes it: year, variable, p10, p50, p90."""
    origin = check_origin(origin)
    result, terms = run(origin, scenario, draws, seed, milestones, discrepancy)
    return quantile_table(origin, result, predictions(origin, result, terms, seed))


def records() -> dict[str, pd.Series]:
    """What each predicted variable is scored against: CEADs, the county-level sum (Chen et al. 2020) and
    Shenzhen's electricity totals (2010 and 2019-2024, as the model's calibration derives them)."""
    county = data.load("county_co2")
    county = county[(county["region"] == SHENZHEN) & (county["variable"] == COUNTY_VARIABLE)]
    electricity = {2010: base.electricity_2010(), BASE_YEAR: base.base_electricity(BASE_YEAR)}
    electricity.update(base.electricity_record())
    return {
        "co2_territorial": data.series("city_co2", SHENZHEN, "co2"),
        "co2_county": county.set_index("year")["value"].sort_index(),
        "electricity_demand": pd.Series(electricity).sort_index(),
    }


def scored(origin: int, table: pd.DataFrame) -> pd.DataFrame:
    """The table's rows that have a record after the origin, with the record, inside and the log error."""
    rec = records()
    rows = []
    for r in table.itertuples(index=False):
        s = rec[r.variable]
        if r.year in s.index:
            value = float(s[r.year])
            rows.append(
                {
                    "origin": origin,
                    "variable": r.variable,
                    "year": r.year,
                    "recorded": value,
                    "p10": r.p10,
                    "p50": r.p50,
                    "p90": r.p90,
                    "inside": bool(r.p10 <= value <= r.p90),
                    "log error": float(np.log(value / r.p50)),
                }
            )
    return pd.DataFrame(rows)


def scores(origins, scenario, draws: int, seed: int, milestones: dict, discrepancy: float = 1.0) -> pd.DataFrame:
    """Every scored point of the hindcasts from ``origins`` (all three variables)."""
    parts = []
    for origin in origins:
        result, terms = run(origin, scenario, draws, seed, milestones, discrepancy)
        table = quantile_table(origin, result, predictions(origin, result, terms, seed), tuple(VARIABLES))
        parts.append(scored(origin, table))
    return pd.concat(parts, ignore_index=True)


def pooled(points: pd.DataFrame) -> pd.DataFrame:
    """Per variable: recorded values scored, the share inside the 80 % band, the median log error."""
    g = points.groupby("variable", sort=False)
    return pd.DataFrame(
        {"values": g.size(), "inside 80 % band": g["inside"].mean(), "median log error": g["log error"].median()}
    ).reset_index()


# Calibration of the discrepancy scales -----------------------------------------------------------------


@dataclasses.dataclass
class Pieces:
    """One origin's hindcast split so a discrepancy scale can be changed without re-running the model."""

    origin: int
    years: np.ndarray
    power: np.ndarray  # territorial power-plant CO2 (no discrepancy on it)
    nonpower: np.ndarray  # the rest, without discrepancy
    unit_walk: np.ndarray  # the territorial discrepancy at scale 1
    record: np.ndarray  # log deviation of the CEADs-like record
    county: np.ndarray  # log offset + deviation of the county-level series
    demand: np.ndarray  # electricity demand without discrepancy
    demand_walk: np.ndarray  # the demand discrepancy at scale 1 (applies to stationary demand)
    stationary_share: np.ndarray  # stationary share of demand


def pieces(origin: int, scenario, draws: int, seed: int, milestones: dict) -> Pieces:
    """The hindcast from ``origin`` without discrepancy, and the unit discrepancy walks it would get."""
    result, terms = run(origin, scenario, draws, seed, milestones, discrepancy=0.0)
    preds = predictions(origin, result, terms, seed)
    demand = preds["electricity_demand"]
    stationary = demand - result.demand["electric vehicles"]
    return Pieces(
        origin,
        result.years,
        result.parts["power plants"],
        result.territorial - result.parts["power plants"],
        uncertainty.random_walk_growth(terms[uncertainty.TERRITORIAL_Z], 1.0, 0),
        result.record_deviation,
        np.log(preds["co2_county"] / result.territorial),
        demand,
        uncertainty.random_walk_growth(terms[uncertainty.DEMAND_Z], 1.0, 0),
        stationary / demand,
    )


def _inside(p: Pieces, variable: str, scale: float) -> list[bool]:
    rec = records()[variable]
    if variable == "electricity_demand":
        pred = p.demand * (1 - p.stationary_share + p.stationary_share * np.exp(scale * p.demand_walk))
    else:
        path = p.power + p.nonpower * np.exp(scale * p.unit_walk)
        pred = path * np.exp(p.record if variable == "co2_territorial" else p.county)
    lo, hi = np.quantile(pred, [(1 - LEVEL) / 2, (1 + LEVEL) / 2], axis=0)
    return [bool(lo[j] <= rec[y] <= hi[j]) for j, y in enumerate(p.years) if y > p.origin and y in rec.index]


def coverage(all_pieces: list, variables, scale: float) -> float:
    """Share of recorded values inside the 80 % band, pooled over the origins and ``variables``."""
    hits = [h for p in all_pieces for v in variables for h in _inside(p, v, scale)]
    return float(np.mean(hits))


def calibrate_scale(all_pieces: list, variables, high: float = 0.2) -> float:
    """The smallest scale at which the pooled coverage reaches TARGET_COVERAGE (0 if it already does)."""

    def gap(scale: float) -> float:
        return coverage(all_pieces, variables, scale) - TARGET_COVERAGE

    if gap(0.0) >= 0:
        return 0.0
    if gap(high) < 0:
        return high
    return float(brentq(gap, 0.0, high, xtol=1e-4))


TERRITORIAL_RECORDS = ("co2_territorial", "co2_county")
SCALES = (  # each discrepancy scale and the records it is calibrated on
    (uncertainty.TERRITORIAL_SCALE, TERRITORIAL_RECORDS),
    (uncertainty.DEMAND_SCALE, ("electricity_demand",)),
)


def calibrate(scenario, draws: int, seed: int, milestones: dict, origins=TUNING_ORIGINS, reps: int = 50) -> dict:
    """Both discrepancy scales on ``origins``, with bootstrap standard errors (origins resampled).

    Two sweeps through ``parallel.map_keyed`` (a dask cluster when one is set, else this process): the
    origins' pieces, then each scale on all origins and on every resample. The resamples are drawn here, in
    one stream from ``seed``, before any task runs, so no worker's share changes them."""
    origins = list(origins)
    by_origin = parallel.map_keyed(
        pieces, {o: o for o in origins}, scenario=scenario, draws=draws, seed=seed, milestones=milestones
    )
    all_pieces = [by_origin[o] for o in origins]
    rng = np.random.default_rng(seed)
    samples = {}
    for name, variables in SCALES:
        samples[name, "estimate"] = (variables, tuple(range(len(origins))))
        for rep in range(reps):
            samples[name, rep] = (variables, tuple(rng.integers(0, len(origins), len(origins))))
    found = parallel.map_keyed(_scale_on, samples, all_pieces=all_pieces)
    out = {}
    for name, _ in SCALES:
        boot = [found[name, rep] for rep in range(reps)]
        out[name] = {"estimate": found[name, "estimate"], "standard_error": float(np.std(boot, ddof=1))}
    return out


def _scale_on(sample: tuple, *, all_pieces: list) -> float:
    """The scale calibrated on the origins of ``sample`` (variables, origin indices; a task)."""
    variables, chosen = sample
    return calibrate_scale([all_pieces[i] for i in chosen], variables)
