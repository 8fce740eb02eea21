"""The electricity balance of the city model, every year and draw: demand scaled to the observed totals,
local generation by technology (capacity x hours, the plan's additions as paths), nuclear power bought
from the provincial grid, and carbon-bearing imports that balance the rest with their own emission factor.
The equations are described in ``carbonpeak.model.core``, which calls these functions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from carbonpeak import data
from carbonpeak.errors import ModelError
from carbonpeak.inputs import parts
from carbonpeak.model.timeline import assumption_path, column

if TYPE_CHECKING:
    from carbonpeak.model.core import BaseYear, Observed

CLEAN_CHANNELS = "clean power (new channels)"
SUPPLY = tuple(parts.sources())  # in data/parts.yml's order; the balance below gives each one
GRID_REGION = "广东"  # the provincial average factor: Guangdong's (MEE/NBS)
TWH_PER_GW_YEAR_HOUR = 1e-3  # GW x hours = GWh; / 1000 = TWh


def electricity_calibration(years, stationary, ev, observed: dict, trend=0.0) -> np.ndarray:
    """Scale of the stationary demand per year: the observed total (less electric vehicles) over the
    modelled one in the observed years (1 in the base year and before any observation); after the last
    observed year the scale keeps changing at ``trend`` a year (log; per draw), the trend the scale had over
    the recorded years (``electricity_demand_trend``, estimated), so demand's recent growth carries on rather
    than stopping where the records stop."""
    cal = np.ones_like(stationary)
    seen = [j for j, year in enumerate(years) if int(year) in observed]
    for j in seen:
        cal[:, j] = (observed[int(years[j])] - ev[:, j]) / stationary[:, j]
    if not seen:
        return cal
    last = seen[-1]
    steps = np.asarray(years, dtype=float)[last + 1 :] - years[last]
    cal[:, last + 1 :] = cal[:, [last]] * np.exp(np.asarray(trend, dtype=float).reshape(-1, 1) * steps)
    return cal


def province_following(v: dict, years, demand, fossil, obs: Observed | None) -> np.ndarray:
    """How much harder (or softer) the local coal and gas units run in the observed years than capacity x
    hours says. With weight w = ``local_generation_follows_province``, local fossil generation moves w of the
    way to what it would be if its share of the city's demand changed like Guangdong's thermal share of
    Guangdong's consumption (the grid index). The factor of the last observed year is kept afterwards, as the
    electricity calibration is."""
    idx = {int(k): float(x) for k, x in obs.import_ef_index.items()} if obs is not None else {}
    factor = np.ones_like(demand)
    w = column(v["local_generation_follows_province"])
    last = None
    for j, year in enumerate(years):
        if int(year) in idx and j > 0:
            provincial = idx[int(year)] * demand[:, [j]] / demand[:, [0]]
            structural = fossil[:, [j]] / fossil[:, [0]]
            factor[:, [j]] = 1 + w * (provincial / structural - 1)
            last = factor[:, [j]]
        elif last is not None:
            factor[:, [j]] = last
    return factor


def electricity_supply(v: dict, base: BaseYear, years, demand, milestones, obs: Observed | None = None) -> dict:
    """TWh by source (draws x years): local generation from capacity x hours (the existing gas units at their
    hours, the peaking stations at theirs), bought nuclear power, clean power through the new channels, and
    carbon-bearing imports that balance the rest."""
    b = 0
    e0 = base.electricity
    ext, imp0 = np.asarray(v["external_share_2019"]), np.asarray(v["imported_twh_2019"])
    nuclear0 = ext * e0 - imp0
    if (nuclear0 < 0).any():
        raise ModelError("imported_twh_2019 exceeds the external share of base-year demand in some draws")
    steps = years - base.year
    wte = base.wte_gw * (1 + column(v["wte_capacity_growth"])) ** steps * column(v["wte_hours"]) * TWH_PER_GW_YEAR_HOUR
    pv = assumption_path(v, "pv_capacity_gw", years, milestones) * column(v["pv_hours"]) * TWH_PER_GW_YEAR_HOUR
    coal0, gas0, gas_hours0 = base_fossil(v, base, wte[:, b], pv[:, b])
    one = {base.year: 1.0}
    coal = column(coal0) * assumption_path(v, "coal_generation_change", years, milestones, one)
    added = assumption_path(v, "gas_capacity_added_gw", years, milestones, {base.year: 0.0})
    gas = (
        (column(v["gas_capacity_2019_gw"]) + added)
        * column(gas_hours0)
        * TWH_PER_GW_YEAR_HOUR
        * assumption_path(v, "gas_hours_change", years, milestones, one)
    )
    follow = province_following(v, years, demand, coal + gas, obs)
    peakers = (
        assumption_path(v, "gas_peaker_capacity_gw", years, milestones, {base.year: 0.0})
        * column(v["gas_peaker_hours"])
        * TWH_PER_GW_YEAR_HOUR
    )
    coal, gas = coal * follow, gas * follow + peakers
    nuclear = column(nuclear0) * np.ones_like(demand)
    bought = demand - nuclear - wte - pv - coal - gas
    short = np.maximum(-bought, 0.0)  # local generation above demand: gas, then coal, runs less
    gas_cut = np.minimum(gas, short)
    coal_cut = np.minimum(coal, short - gas_cut)
    gas, coal = gas - gas_cut, coal - coal_cut
    bought = demand - nuclear - wte - pv - coal - gas
    clean = np.minimum(channel_clean_power(v, years, milestones), bought)
    return {
        "coal": coal,
        "gas": gas,
        "waste-to-energy": wte,
        "solar PV": pv,
        "nuclear (bought)": nuclear,
        CLEAN_CHANNELS: clean,
        "imports": bought - clean,
    }


def base_fossil(v: dict, base: BaseYear, wte0, pv0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The base year's local coal and gas generation per draw (TWh) and the gas units' hours: what the grid,
    waste-to-energy and PV leave of demand, split by capacity x typical hours."""
    ext = np.asarray(v["external_share_2019"], dtype=float)
    fossil0 = base.electricity * (1 - ext) - wte0 - pv0
    if (fossil0 <= 0).any():
        raise ModelError("no local fossil generation is left in the base year for some draws")
    coal_w = base.coal_gw * np.asarray(v["coal_hours_prior_2019"])
    gas_w = np.asarray(v["gas_capacity_2019_gw"]) * np.asarray(v["gas_hours_prior_2019"])
    coal0 = fossil0 * coal_w / (coal_w + gas_w)
    gas0 = fossil0 - coal0
    return coal0, gas0, gas0 / (np.asarray(v["gas_capacity_2019_gw"]) * TWH_PER_GW_YEAR_HOUR)


def base_power_co2(v: dict, base: BaseYear, years, milestones) -> np.ndarray:
    """The power plants' CO2 in the base year per draw (Mt): base-year coal and gas generation x their factors."""
    wte0 = base.wte_gw * np.asarray(v["wte_hours"], dtype=float) * TWH_PER_GW_YEAR_HOUR
    pv0 = assumption_path(v, "pv_capacity_gw", years, milestones)[:, 0] * np.asarray(v["pv_hours"], dtype=float)
    coal0, gas0, _ = base_fossil(v, base, wte0, pv0 * TWH_PER_GW_YEAR_HOUR)
    return coal0 * np.asarray(v["coal_ef"], dtype=float) + gas0 * np.asarray(v["gas_ef"], dtype=float)


def channel_clean_power(v: dict, years, milestones) -> np.ndarray:
    """Clean power through the channels added after 2025 (TWh): capacity x hours x the clean share that
    reaches the city."""
    gw = assumption_path(v, "clean_channel_gw", years, milestones)
    return gw * column(v["channel_hours"]) * column(v["channel_clean_share"]) * TWH_PER_GW_YEAR_HOUR


def grid_average_factor(v: dict, years, milestones) -> np.ndarray:
    """Guangdong's average electricity factor (t CO2 / MWh; MEE/NBS) per draw and year, for the reading that
    charges every purchase from the grid at the provincial average: the published years as published, the
    first published value held before them, the last moved by the import factor's change after them."""
    known = grid_factors()
    first, last = min(known), max(known)
    level = np.array([known.get(int(y), known[first] if y < first else known[last]) for y in years], dtype=float)
    change = assumption_path(v, "import_ef_change", years, milestones)
    growth = np.cumprod(np.where(np.asarray(years) > last, 1 + change, 1.0), axis=1)
    return level * growth


def import_factor(v: dict, years, obs: Observed, milestones) -> np.ndarray:
    """t CO2 per MWh of carbon-bearing imports: the base-year factor, moved by the Guangdong grid's observed
    index, then by the yearly change path after the last observed year."""
    idx = {int(k): float(x) for k, x in obs.import_ef_index.items()}
    last = max([y for y in idx if y <= years[-1]] + [int(years[0])])
    level = np.array([idx.get(int(y), np.nan) for y in years])
    level[0] = 1.0
    w = column(v["grid_index_weight"])
    # carry the last known index through any unobserved year up to the last observed one
    for j in range(1, len(years)):
        if not np.isfinite(level[j]) and years[j] <= last:
            level[j] = level[j - 1]
    change = assumption_path(v, "import_ef_change", years, milestones)
    after = years > last
    growth = np.cumprod(np.where(after, 1 + change, 1.0), axis=1)
    known = 1 + w * (np.where(np.isfinite(level), level, 1.0) - 1)  # draws x years
    last_level = known[:, [int(np.nonzero(years <= last)[0][-1])]]
    path = np.where(after, last_level * growth, known)
    return column(v["import_ef_2019"]) * path


def grid_factors() -> dict[int, float]:
    """Guangdong's published average electricity factors by year (t CO2 / MWh; MEE/NBS)."""
    s = data.series("grid_factors", GRID_REGION, "grid_ef_average")
    return {int(y): float(v) for y, v in s.items()}
