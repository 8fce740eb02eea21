"""The city model for one set of draws: drivers -> sector demand -> electricity balance -> CO2.

Everything is numpy over (draws x years), from the base year to the horizon; ``v`` holds the drawn values
of every named assumption (see ``NAMES``; data/assumptions.yml has each one's default, range, source and
reason). The equations, in the order they run:

Drivers. GDP (real) and population are indices (1 in the base year) grown by observed rates where they
exist and by milestone paths afterwards; the secondary industry's share of GDP likewise. Industrial value
added = GDP x share; services value added = GDP x (1 - share).

Demand.
- industry: fuel CO2 = base x value added x fuel-intensity index; process CO2 held at its base;
  electricity = base x value added x electricity-intensity index.
- services electricity = base x services value added x intensity index; household electricity = base x
  population x per-person index; direct building fuel (gas, LPG; no vehicle fuel) = base x population x
  per-person index.
- road: cars and other light vehicles burn fuel in proportion to the fuel-burning part of the fleet (ICE
  vehicles, plus NEVs times the fuel fraction of plug-in hybrids) times a fuel-intensity index; freight and
  other diesel grows with GDP^elasticity times an intensity index; electric vehicles use electricity (the
  electric bus and taxi fleets at their base level, private NEVs per vehicle).
- other transport (aviation, water, rail fuel, storage) grows with GDP^elasticity times an intensity
  index; other sectors (construction, agriculture) with GDP times a yearly change.

Electricity balance, every year and draw. Demand = industry + services + households + electric vehicles;
in the years with an observed total the three stationary parts are scaled to it (the recent years use the
observed values; the scale found in the last observed year is kept). Supply = local coal + local gas +
waste-to-energy + solar PV + nuclear bought from the provincial grid + carbon-bearing imports. Local
generation is capacity x hours with the levers as paths; imports balance the rest. If local generation
would exceed demand, gas and then coal run less (imports never go negative). Base year: the provincial
grid supplies ``external_share_2019`` of demand, of which ``imported_twh_2019`` is carbon-bearing (the
rest is the nuclear output of the Daya Bay base that the city buys back); local coal and gas make up the
rest, split by capacity x typical hours.

CO2. Territorial (scope 1, as CEADs) = industry fuel + process + road + other transport + buildings +
other + power plants (coal and gas generation x factor). With imported electricity = territorial +
imports x the import factor (its own path: the base-year factor, the Guangdong grid's observed change, then
a milestone path). Base year: the non-power parts split CEADs' total less the power plants' CO2 by
Guangdong's re-allocated sector structure (carbonpeak.model.base) times a scale per part.

Energy (for the energy-intensity target): fuels in tce from each part's CO2 per tce (its base-year fuel
mix, IPCC 2006 factors), power-plant fuel likewise, and bought or non-fossil electricity at its calorific
equivalent (3.6 MJ per kWh over 29.3076 MJ per kgce).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from carbonpeak.errors import ModelError
from carbonpeak.model import vehicles
from carbonpeak.model.timeline import index_from_rates, milestone_path

PARTS = (
    "power plants",
    "industry fuel",
    "industrial process",
    "road: cars",
    "road: freight and other",
    "other transport",
    "buildings",
    "other sectors",
)
NONPOWER = PARTS[1:]
DEMAND = ("industry", "services", "households", "electric vehicles")
SUPPLY = ("coal", "gas", "waste-to-energy", "solar PV", "nuclear (bought)", "imports")
TWH_PER_GW_YEAR_HOUR = 1e-3  # GW x hours = GWh; / 1000 = TWh
MTCE_PER_TWH = 3.6 / 29.3076  # calorific equivalent of electricity
SCALES = {
    "industry fuel": "industry_fuel_scale",
    "industrial process": "industry_process_scale",
    "road: cars": "car_fuel_scale",
    "road: freight and other": "freight_fuel_scale",
    "other transport": "other_transport_scale",
    "buildings": "building_fuel_scale",
    "other sectors": "other_sectors_scale",
}


@dataclass(frozen=True)
class BaseYear:
    """What the model is calibrated on in its first year (built from the data by carbonpeak.model.base)."""

    year: int
    co2_total: float  # CEADs territorial total, Mt
    nonpower_shares: dict  # part -> share of the non-power total in Guangdong's re-allocated structure
    industry_coal_share: float  # share of coal in Guangdong's industry fuel CO2 (scaled separately)
    tce_factors: dict  # part -> t CO2 per tce of its fuel mix
    electricity: float  # TWh
    electricity_shares: dict  # industry (with primary), services, households
    coal_gw: float
    wte_gw: float
    public_ev_count: float  # electric buses and taxis (their electricity is the assumption public_ev_twh)
    coal_t_per_tce: float
    gas_t_per_tce: float


@dataclass(frozen=True)
class Observed:
    """Values known for every draw in the years after the base year (or, for the hindcast, every year)."""

    gdp_growth: dict = field(default_factory=dict)
    population_growth: dict = field(default_factory=dict)
    secondary_share: dict = field(default_factory=dict)
    electricity: dict = field(default_factory=dict)  # year -> TWh
    vehicle_stock: dict = field(default_factory=dict)  # decimal year -> vehicles
    nev_share_years: tuple = ()
    nev_shares: tuple = ()
    import_ef_index: dict = field(default_factory=dict)  # year -> grid factor relative to the base year


MILESTONES = (2025, 2030, 2035)  # default milestone years of path assumptions

# Every named assumption the model reads (data/assumptions.yml), by block.
NAMES = {
    "drivers": ("gdp_growth", "population_growth", "secondary_share"),
    "industry": (
        "industry_fuel_intensity_change",
        "industry_electricity_intensity_change",
        "industry_coal_scale",
        "industry_process_scale",
        "industry_fuel_scale",
    ),
    "buildings": (
        "services_electricity_intensity_change",
        "household_electricity_per_person_growth",
        "building_fuel_per_person_change",
        "building_fuel_scale",
    ),
    "road": (
        "vehicle_stock_growth",
        "vehicle_lifetime",
        "vehicle_survival_shape",
        "vehicle_history_growth",
        "nev_sales_share_max",
        "car_fuel_intensity_change",
        "nev_fuel_fraction",
        "ev_kwh_per_vehicle",
        "public_ev_twh",
        "car_fuel_scale",
        "freight_fuel_scale",
        "freight_growth_elasticity",
        "freight_intensity_change",
    ),
    "other": (
        "other_transport_scale",
        "other_transport_growth_elasticity",
        "other_transport_intensity_change",
        "other_sectors_scale",
        "other_sectors_change",
    ),
    "electricity": (
        "external_share_2019",
        "imported_twh_2019",
        "gas_capacity_2019_gw",
        "gas_capacity_added_gw",
        "gas_hours_prior_2019",
        "coal_hours_prior_2019",
        "gas_hours_change",
        "coal_generation_change",
        "local_generation_follows_province",
        "wte_hours",
        "wte_capacity_growth",
        "pv_capacity_gw",
        "pv_hours",
        "coal_ef",
        "gas_ef",
        "import_ef_2019",
        "import_ef_change",
        "grid_index_weight",
    ),
}
ALL_NAMES = tuple(name for block in NAMES.values() for name in block)


@dataclass
class Result:
    """One model run (draws x years): territorial CO2 by part and imported CO2, with the demand, supply, energy
    use, GDP, population and fleet behind them."""

    years: np.ndarray
    parts: dict  # territorial CO2 by part, Mt (draws x years)
    imported: np.ndarray  # CO2 of carbon-bearing imports, Mt
    demand: dict  # TWh by use
    supply: dict  # TWh by source
    import_ef: np.ndarray  # t CO2 / MWh
    energy: np.ndarray  # Mtce
    gdp: np.ndarray  # index, base year = 1
    population: np.ndarray
    fleet: vehicles.Fleet
    calibration: np.ndarray  # electricity scale per year
    base_power: np.ndarray  # power-plant CO2 in the base year, Mt (draws)

    @property
    def territorial(self) -> np.ndarray:
        return sum(self.parts.values())

    @property
    def with_imports(self) -> np.ndarray:
        return self.territorial + self.imported

    def total(self, boundary: str) -> np.ndarray:
        if boundary == "territorial":
            return self.territorial
        if boundary == "with_imports":
            return self.with_imports
        raise ModelError(f"unknown boundary '{boundary}'; use territorial or with_imports")


def _path(v: dict, name: str, years, milestones, observed=None) -> np.ndarray:
    value = np.asarray(v[name], dtype=float)
    return milestone_path(
        milestones.get(name, MILESTONES), value if value.ndim > 1 else value.reshape(-1, 1), years, observed
    )


def _index(v: dict, name: str, years, base_year: int, milestones) -> np.ndarray:
    """1 in the base year, changing by the yearly rate path of ``name`` afterwards."""
    return index_from_rates(_path(v, name, years, milestones), years, base_year)


def _col(x) -> np.ndarray:
    return np.asarray(x, dtype=float).reshape(-1, 1)


def simulate(v: dict, base: BaseYear, obs: Observed, last_year: int, milestones: dict | None = None) -> Result:
    """Run the model from ``base.year`` to ``last_year`` for every draw in ``v``."""
    milestones = milestones or {}
    years = np.arange(base.year, last_year + 1)
    if len(years) < 2:
        raise ModelError(f"the model needs at least one year after {base.year}")
    b = 0

    # drivers
    gdp = index_from_rates(_path(v, "gdp_growth", years, milestones, obs.gdp_growth), years, base.year)
    pop = index_from_rates(_path(v, "population_growth", years, milestones, obs.population_growth), years, base.year)
    share = _path(v, "secondary_share", years, milestones, obs.secondary_share)
    va_ind = gdp * share / share[:, [b]]
    va_ser = gdp * (1 - share) / (1 - share[:, [b]])

    # road fleet (the stock path runs through the observed points, then grows by the milestone rates)
    stock = vehicle_stock_path(v, years, obs, milestones)
    fleet = vehicles.simulate(
        years,
        stock,
        v["vehicle_lifetime"],
        v["vehicle_survival_shape"],
        v["nev_sales_share_max"],
        obs.nev_share_years,
        obs.nev_shares,
        v["vehicle_history_growth"],
    )
    private_nev = np.maximum(fleet.nev - base.public_ev_count, 0.0)
    ev = _col(v["public_ev_twh"]) + private_nev * _col(v["ev_kwh_per_vehicle"]) * 1e-9

    # electricity demand: base-year split, drivers, then the observed totals
    e0 = base.electricity
    sh = base.electricity_shares
    ev_split = ev[:, [b]] * np.array([0.0, sh["services"], sh["households"]]) / (sh["services"] + sh["households"])
    ind_e = (
        (e0 * sh["industry"] - ev_split[:, [0]])
        * va_ind
        * _index(v, "industry_electricity_intensity_change", years, base.year, milestones)
    )
    ser_e = (
        (e0 * sh["services"] - ev_split[:, [1]])
        * va_ser
        * _index(v, "services_electricity_intensity_change", years, base.year, milestones)
    )
    hh_e = (
        (e0 * sh["households"] - ev_split[:, [2]])
        * pop
        * _index(v, "household_electricity_per_person_growth", years, base.year, milestones)
    )
    cal = electricity_calibration(years, ind_e + ser_e + hh_e, ev, obs.electricity)
    ind_e, ser_e, hh_e = ind_e * cal, ser_e * cal, hh_e * cal
    demand = {"industry": ind_e, "services": ser_e, "households": hh_e, "electric vehicles": ev}
    total_demand = ind_e + ser_e + hh_e + ev

    # local supply and the base-year balance
    supply, base_gas_hours = electricity_supply(v, base, years, total_demand, milestones, obs)
    power = supply["coal"] * _col(v["coal_ef"]) + supply["gas"] * _col(v["gas_ef"])
    base_power = power[:, b]
    nonpower = base.co2_total - base_power
    if (nonpower <= 0).any():
        raise ModelError("the power plants' base-year CO2 exceeds the CEADs total in some draws")
    parts0 = base_parts(v, base, nonpower)

    ice_like = fleet.ice + _col(v["nev_fuel_fraction"]) * private_nev
    parts = {
        "power plants": power,
        "industry fuel": _col(parts0["industry fuel"])
        * va_ind
        * _index(v, "industry_fuel_intensity_change", years, base.year, milestones),
        "industrial process": _col(parts0["industrial process"]) * np.ones_like(gdp),
        "road: cars": _col(parts0["road: cars"])
        * ice_like
        / ice_like[:, [b]]
        * _index(v, "car_fuel_intensity_change", years, base.year, milestones),
        "road: freight and other": _col(parts0["road: freight and other"])
        * gdp ** _col(v["freight_growth_elasticity"])
        * _index(v, "freight_intensity_change", years, base.year, milestones),
        "other transport": _col(parts0["other transport"])
        * gdp ** _col(v["other_transport_growth_elasticity"])
        * _index(v, "other_transport_intensity_change", years, base.year, milestones),
        "buildings": _col(parts0["buildings"])
        * pop
        * _index(v, "building_fuel_per_person_change", years, base.year, milestones),
        "other sectors": _col(parts0["other sectors"])
        * gdp
        * (1 + _col(v["other_sectors_change"])) ** (years - base.year),
    }
    ief = import_factor(v, years, obs, milestones)
    imported = supply["imports"] * ief
    energy = energy_use(parts, supply, v, base)
    return Result(years, parts, imported, demand, supply, ief, energy, gdp, pop, fleet, cal, base_power)


def vehicle_stock_path(v: dict, years, obs: Observed, milestones) -> np.ndarray:
    """Year-end vehicle stock: log-linear between the observed points, then the milestone growth rates."""
    pts = sorted(obs.vehicle_stock.items())
    if len(pts) < 2:
        raise ModelError("the vehicle stock needs at least two observed points")
    t = np.array([p[0] for p in pts], dtype=float)
    logv = np.log([p[1] for p in pts])
    years = np.asarray(years)
    # growth rate by year: observed (log-linear segments) up to the last point, then the milestone path
    observed_growth = {}
    for y in years:
        if y <= t[-1]:
            i = int(np.clip(np.searchsorted(t, y, side="right") - 1, 0, len(t) - 2))
            observed_growth[int(y)] = float(np.expm1((logv[i + 1] - logv[i]) / (t[i + 1] - t[i])))
    rates = _path(v, "vehicle_stock_growth", years, milestones, observed_growth)
    level_at_first = np.exp(np.interp(years[0], t, logv, left=np.nan))
    if not np.isfinite(level_at_first):  # before the first point: extrapolate the first segment back
        level_at_first = np.exp(logv[0] - (t[0] - years[0]) * (logv[1] - logv[0]) / (t[1] - t[0]))
    # the last observed point may fall inside a year (e.g. June 2024): the index runs from the first year
    return level_at_first * index_from_rates(rates, years, int(years[0]))


def electricity_calibration(years, stationary, ev, observed: dict) -> np.ndarray:
    """Scale of the stationary demand per year: the observed total (less electric vehicles) over the
    modelled one in observed years, the last such scale afterwards, 1 before any observation."""
    cal = np.ones_like(stationary)
    last = None
    for j, year in enumerate(years):
        if int(year) in observed:
            cal[:, j] = (observed[int(year)] - ev[:, j]) / stationary[:, j]
            last = cal[:, j].copy()
        elif last is not None:
            cal[:, j] = last
    return cal


def province_following(v: dict, years, demand, fossil, obs: Observed) -> np.ndarray:
    """How much harder (or softer) the local coal and gas units run in the observed years than capacity x
    hours says. With weight w = ``local_generation_follows_province``, local fossil generation moves w of the
    way to what it would be if its share of the city's demand changed like Guangdong's thermal share of
    Guangdong's consumption (the grid index). The factor of the last observed year is kept afterwards, as the
    electricity calibration is."""
    idx = {int(k): float(x) for k, x in obs.import_ef_index.items()}
    factor = np.ones_like(demand)
    w = _col(v["local_generation_follows_province"])
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


def electricity_supply(
    v: dict, base: BaseYear, years, demand, milestones, obs: Observed | None = None
) -> tuple[dict, np.ndarray]:
    """TWh by source (draws x years): local generation from capacity x hours, imports balance the rest."""
    b = 0
    e0 = demand[:, b]
    ext, imp0 = np.asarray(v["external_share_2019"]), np.asarray(v["imported_twh_2019"])
    nuclear0 = ext * e0 - imp0
    if (nuclear0 < 0).any():
        raise ModelError("imported_twh_2019 exceeds the external share of base-year demand in some draws")
    steps = years - base.year
    wte = base.wte_gw * (1 + _col(v["wte_capacity_growth"])) ** steps * _col(v["wte_hours"]) * TWH_PER_GW_YEAR_HOUR
    pv = _path(v, "pv_capacity_gw", years, milestones) * _col(v["pv_hours"]) * TWH_PER_GW_YEAR_HOUR
    fossil0 = e0 * (1 - ext) - wte[:, b] - pv[:, b]
    if (fossil0 <= 0).any():
        raise ModelError("no local fossil generation is left in the base year for some draws")
    coal_w = base.coal_gw * np.asarray(v["coal_hours_prior_2019"])
    gas_w = np.asarray(v["gas_capacity_2019_gw"]) * np.asarray(v["gas_hours_prior_2019"])
    coal0 = fossil0 * coal_w / (coal_w + gas_w)
    gas0 = fossil0 - coal0
    gas_hours0 = gas0 / (np.asarray(v["gas_capacity_2019_gw"]) * TWH_PER_GW_YEAR_HOUR)
    one = {base.year: 1.0}
    coal = _col(coal0) * _path(v, "coal_generation_change", years, milestones, one)
    added = _path(v, "gas_capacity_added_gw", years, milestones, {base.year: 0.0})
    gas = (
        (_col(v["gas_capacity_2019_gw"]) + added)
        * _col(gas_hours0)
        * TWH_PER_GW_YEAR_HOUR
        * _path(v, "gas_hours_change", years, milestones, one)
    )
    follow = province_following(v, years, demand, coal + gas, obs or Observed())
    coal, gas = coal * follow, gas * follow
    nuclear = _col(nuclear0) * np.ones_like(demand)
    imports = demand - nuclear - wte - pv - coal - gas
    short = np.maximum(-imports, 0.0)  # local generation above demand: gas, then coal, runs less
    gas_cut = np.minimum(gas, short)
    coal_cut = np.minimum(coal, short - gas_cut)
    gas, coal = gas - gas_cut, coal - coal_cut
    imports = demand - nuclear - wte - pv - coal - gas
    return (
        {
            "coal": coal,
            "gas": gas,
            "waste-to-energy": wte,
            "solar PV": pv,
            "nuclear (bought)": nuclear,
            "imports": imports,
        },
        gas_hours0,
    )


def base_parts(v: dict, base: BaseYear, nonpower) -> dict:
    """The base year's non-power CO2 by part: Guangdong's re-allocated shares times each part's scale,
    renormalised to the city's non-power total (draws)."""
    weights = {}
    for part in NONPOWER:
        share = base.nonpower_shares[part]
        if part == "industry fuel":  # Shenzhen's industry burns little coal: its coal part has its own scale
            coal = share * base.industry_coal_share
            weights[part] = coal * np.asarray(v["industry_coal_scale"]) + (share - coal) * np.asarray(v[SCALES[part]])
        else:
            weights[part] = share * np.asarray(v[SCALES[part]])
    total = sum(weights.values())
    return {part: np.asarray(nonpower) * w / total for part, w in weights.items()}


def import_factor(v: dict, years, obs: Observed, milestones) -> np.ndarray:
    """t CO2 per MWh of carbon-bearing imports: the base-year factor, moved by the Guangdong grid's observed
    index, then by the yearly change path after the last observed year."""
    idx = {int(k): float(x) for k, x in obs.import_ef_index.items()}
    last = max([y for y in idx if y <= years[-1]] + [int(years[0])])
    level = np.array([idx.get(int(y), np.nan) for y in years])
    level[0] = 1.0
    w = _col(v["grid_index_weight"])
    # carry the last known index through any unobserved year up to the last observed one
    for j in range(1, len(years)):
        if not np.isfinite(level[j]) and years[j] <= last:
            level[j] = level[j - 1]
    change = _path(v, "import_ef_change", years, milestones)
    after = years > last
    growth = np.cumprod(np.where(after, 1 + change, 1.0), axis=1)
    known = 1 + w * (np.where(np.isfinite(level), level, 1.0) - 1)  # draws x years
    last_level = known[:, [int(np.nonzero(years <= last)[0][-1])]]
    path = np.where(after, last_level * growth, known)
    return _col(v["import_ef_2019"]) * path


def energy_use(parts: dict, supply: dict, v: dict, base: BaseYear) -> np.ndarray:
    """Energy use in Mtce: fuels from CO2 per tce of each part's base-year mix, power-plant fuel, and
    electricity bought or made without fuel at its calorific equivalent. Process CO2 is not energy."""
    fuel = sum(parts[p] / base.tce_factors[p] for p in NONPOWER if p != "industrial process")
    plant = (
        supply["coal"] * _col(v["coal_ef"]) / base.coal_t_per_tce
        + supply["gas"] * _col(v["gas_ef"]) / base.gas_t_per_tce
    )
    bought = supply["imports"] + supply["nuclear (bought)"] + supply["waste-to-energy"] + supply["solar PV"]
    return fuel + plant + bought * MTCE_PER_TWH
