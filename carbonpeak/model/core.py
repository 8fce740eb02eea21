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

from carbonpeak import targets
from carbonpeak.analysis.deviation import ar1_paths, panel_deviation
from carbonpeak.cache import storable
from carbonpeak.errors import ModelError
from carbonpeak.inputs import parts as declared
from carbonpeak.model import uncertainty, vehicles
from carbonpeak.model.electricity import (
    CLEAN_CHANNELS,
    base_power_co2,
    electricity_calibration,
    electricity_supply,
    grid_average_factor,
    import_factor,
)
from carbonpeak.model.timeline import assumption_index, assumption_path, column, index_from_rates

PARTS = declared.territorial()  # territorial CO2 by part (data/parts.yml); the first is the power plants
POWER = declared.power()
NONPOWER = declared.modelled()
DEMAND = tuple(declared.uses())
MTCE_PER_TWH = 3.6 / 29.3076  # calorific equivalent of electricity
SCALES = {name: part.scale for name, part in declared.parts().items() if name in NONPOWER}


@storable
@dataclass(frozen=True)
class BaseYear:
    """What the model is calibrated on in its first year (built from the data by carbonpeak.model.base)."""

    year: int
    level: object  # analysis.level.Level: the filtered territorial state in the base year (log Mt)
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

    @property
    def co2_total(self) -> float:
        """The filtered territorial level in the base year (Mt CO2, central)."""
        return self.level.level


@storable
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


# Every named assumption the model reads (data/assumptions.yml), by block.
NAMES = {
    "drivers": ("gdp_growth", "population_growth", "secondary_share"),
    "industry": (
        "industry_fuel_intensity_change",
        "industry_electricity_intensity_change",
        "industry_coal_scale",
        "industry_process_scale",
        "industry_fuel_scale",
        "industry_electrified_share",
        "industry_electrification_ratio",
    ),
    "buildings": (
        "services_electricity_intensity_change",
        "household_electricity_per_person_growth",
        "building_fuel_per_person_change",
        "building_fuel_scale",
        "building_electrified_share",
        "building_electrification_ratio",
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
        "freight_electrified_share",
        "freight_electrification_ratio",
    ),
    "other": (
        "other_transport_scale",
        "other_transport_growth_elasticity",
        "other_transport_intensity_change",
        "other_sectors_scale",
        "other_sectors_change",
    ),
    "electricity": (
        "electricity_demand_trend",
        "external_share_2019",
        "imported_twh_2019",
        "gas_capacity_2019_gw",
        "gas_capacity_added_gw",
        "gas_hours_prior_2019",
        "coal_hours_prior_2019",
        "gas_hours_change",
        "gas_peaker_capacity_gw",
        "gas_peaker_hours",
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
        "clean_channel_gw",
        "channel_hours",
        "channel_clean_share",
    ),
    "targets": ("energy_intensity_lever",),
    "uncertainty": (uncertainty.TERRITORIAL_SCALE, uncertainty.DEMAND_SCALE),
}
ALL_NAMES = tuple(name for block in NAMES.values() for name in block)


@storable
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
    record_deviation: np.ndarray  # log deviation of a CEADs-like record from the territorial path (draws x years)
    discrepancy: np.ndarray  # log structural discrepancy applied to the non-power parts (draws x years)
    purchased: np.ndarray  # CO2 of every purchase from the grid at the provincial average factor, Mt
    energy_by_component: dict  # Mtce by ENERGY_COMPONENTS (they add up to ``energy``)

    @property
    def territorial(self) -> np.ndarray:
        return sum(self.parts.values())

    @property
    def with_imports(self) -> np.ndarray:
        """Territorial plus the carbon-bearing imports' CO2 at their own factor (bought nuclear power and the
        new channels' clean power counted at zero)."""
        return self.territorial + self.imported

    @property
    def with_purchases(self) -> np.ndarray:
        """Territorial plus every purchase from the grid at the provincial average factor (the MEE/NBS way of
        counting the CO2 of electricity consumed)."""
        return self.territorial + self.purchased

    @property
    def recorded(self) -> np.ndarray:
        """Territorial CO2 as a CEADs-like inventory would record it: the path times its record's deviation."""
        return self.territorial * np.exp(self.record_deviation)

    def total(self, boundary: str) -> np.ndarray:
        if boundary == "territorial":
            return self.territorial
        if boundary == "with_imports":
            return self.with_imports
        if boundary == "with_purchases":
            return self.with_purchases
        raise ModelError(f"unknown boundary '{boundary}'; use territorial, with_imports or with_purchases")


def simulate(
    v: dict, base: BaseYear, obs: Observed, last_year: int, milestones: dict | None = None, fleet=None
) -> Result:
    """Run the model from ``base.year`` to ``last_year`` for every draw in ``v``. ``fleet`` (a
    ``road_fleet`` of the same draws) saves recomputing the vehicle stock when only other inputs change."""
    milestones = milestones or {}
    years = np.arange(base.year, last_year + 1)
    if len(years) < 2:
        raise ModelError(f"the model needs at least one year after {base.year}")
    terms = {**uncertainty.central(years, base.level), **{k: v[k] for k in uncertainty.TERMS if k in v}}
    drv = drivers(v, years, obs, milestones)
    fleet = road_fleet(v, years, obs, milestones) if fleet is None else fleet
    private_nev = np.maximum(fleet.nev - base.public_ev_count, 0.0)
    ev = column(v["public_ev_twh"]) + private_nev * column(v["ev_kwh_per_vehicle"]) * 1e-9

    # the base year: the level less the power plants' CO2 is split among the other parts
    state = terms[uncertainty.LEVEL]
    base_power = base_power_co2(v, base, years, milestones)
    nonpower = np.exp(state[:, 0]) - base_power
    if (nonpower <= 0).any():
        raise ModelError("the power plants' base-year CO2 exceeds the territorial level in some draws")
    fuel, untouched = fuel_parts(v, base_parts(v, base, nonpower), drv, fleet, private_nev, years, milestones)
    switched = electrified(v, base, fuel, untouched)

    demand, cal = electricity_demand(v, base, drv, ev, switched, obs, years, milestones, terms)
    supply = electricity_supply(v, base, years, sum(demand.values()), milestones, obs)
    power = supply["coal"] * column(v["coal_ef"]) + supply["gas"] * column(v["gas_ef"])
    discrepancy = uncertainty.random_walk_growth(
        terms[uncertainty.TERRITORIAL_Z], _scale(v, uncertainty.TERRITORIAL_SCALE), 0
    )
    parts = {POWER: power, **{p: x * np.exp(discrepancy) for p, x in fuel.items()}}
    parts = energy_intensity_lever(v, base, parts, supply, drv["gdp"], years)
    ief = import_factor(v, years, obs, milestones)
    external = supply["imports"] + supply[CLEAN_CHANNELS] + supply["nuclear (bought)"]
    record = ar1_paths(terms[uncertainty.RECORD_Z] * np.ones((len(base_power), 1)), panel_deviation(), state[:, 2])
    energy = energy_components(parts, supply, v, base)
    return Result(
        years,
        parts,
        supply["imports"] * ief,
        demand,
        supply,
        ief,
        sum(energy.values()),
        drv["gdp"],
        drv["pop"],
        fleet,
        cal,
        base_power,
        record,
        discrepancy,
        external * grid_average_factor(v, years, milestones),
        energy,
    )


def drivers(v: dict, years, obs: Observed, milestones) -> dict[str, np.ndarray]:
    """GDP and population indices (1 in the base year), and industry's and services' value added."""
    first = int(years[0])
    gdp = index_from_rates(assumption_path(v, "gdp_growth", years, milestones, obs.gdp_growth), years, first)
    pop_growth = assumption_path(v, "population_growth", years, milestones, obs.population_growth)
    pop = index_from_rates(pop_growth, years, first)
    share = assumption_path(v, "secondary_share", years, milestones, obs.secondary_share)
    return {
        "gdp": gdp,
        "pop": pop,
        "industry": gdp * share / share[:, [0]],
        "services": gdp * (1 - share) / (1 - share[:, [0]]),
    }


# modelled part -> (its driver, its intensity assumption and form); drivers are names in ``drivers`` or
# computed in fuel_parts (data/parts.yml)
FUEL_PARTS = {name: (declared.parts()[name].driver, declared.parts()[name].intensity) for name in NONPOWER}
FORMS = {name: declared.parts()[name].form for name in NONPOWER}


def fuel_parts(v: dict, parts0: dict, drv: dict, fleet, private_nev, years, milestones) -> tuple[dict, dict]:
    """Each non-power part's CO2 (draws x years), and what it would be at the base year's intensity (its
    driver alone): the gap is what the intensity path saved."""
    ice_like = fleet.ice + column(v["nev_fuel_fraction"]) * private_nev
    driver = {
        **drv,
        "cars": ice_like / ice_like[:, [0]],
        "freight": drv["gdp"] ** column(v["freight_growth_elasticity"]),
        "other transport": drv["gdp"] ** column(v["other_transport_growth_elasticity"]),
    }
    first = int(years[0])
    out, untouched = {}, {}
    for part, (name, intensity) in FUEL_PARTS.items():
        base_path = column(parts0[part]) * (driver[name] if name else np.ones((1, len(years))))
        if FORMS[part] == "rate":  # one yearly rate for every year
            index = (1 + column(v[intensity])) ** (np.asarray(years) - first)
        elif intensity is None:
            index = np.ones_like(base_path)
        else:
            index = assumption_index(v, intensity, years, first, milestones)
        untouched[part] = base_path * np.ones_like(index)
        out[part] = base_path * index
    return out, untouched


# fuel part -> (share of its intensity fall that is electrification, electricity per unit of fuel energy, use)
ELECTRIFIED = {name: part.electrified for name, part in declared.parts().items() if part.electrified}
TWH_PER_MTCE = 1 / MTCE_PER_TWH  # a Mtce of fuel holds 8.14 TWh of energy


def electrified(v: dict, base: BaseYear, fuel: dict, untouched: dict) -> dict[str, np.ndarray]:
    """Electricity that replaces fuel (TWh by use): of the fuel a part's intensity path saved against its base
    intensity, the electrified share, in energy (its base-year fuel mix's t CO2 per tce), times the electricity
    needed per unit of fuel energy. Energy in equals energy out: what the fuel delivered, the electricity does."""
    out = {}
    for part, (share, ratio, use) in ELECTRIFIED.items():
        saved = np.maximum(untouched[part] - fuel[part], 0.0) / base.tce_factors[part] * TWH_PER_MTCE
        out[use] = saved * column(v[share]) * column(v[ratio])
    return out


def electricity_demand(
    v: dict, base: BaseYear, drv: dict, ev, switched: dict, obs: Observed, years, milestones, terms
) -> tuple[dict, np.ndarray]:
    """Demand by use (TWh): each stationary use from its base-year share, driver and intensity path, scaled to
    the recorded totals (the scale then keeps its trend, and the demand discrepancy bends it); electric
    vehicles and the electricity that replaces fuel come on top, inside the recorded totals."""
    first = int(years[0])
    e0, sh = base.electricity, base.electricity_shares
    ev_split = ev[:, [0]] * np.array([0.0, sh["services"], sh["households"]]) / (sh["services"] + sh["households"])
    uses = {
        "industry": ("industry", "industry_electricity_intensity_change", 0),
        "services": ("services", "services_electricity_intensity_change", 1),
        "households": ("pop", "household_electricity_per_person_growth", 2),
    }
    stationary = {
        use: (e0 * sh[use] - ev_split[:, [k]]) * drv[name] * assumption_index(v, path, years, first, milestones)
        for use, (name, path, k) in uses.items()
    }
    buildings = switched["buildings"]
    added = {
        "industry": switched["industry"],
        "services": buildings * sh["services"] / (sh["services"] + sh["households"]),
        "households": buildings * sh["households"] / (sh["services"] + sh["households"]),
        "electric vehicles": ev + switched["electric vehicles"],
    }
    cal = electricity_calibration(
        years, sum(stationary.values()), sum(added.values()), obs.electricity, v["electricity_demand_trend"]
    )
    last_observed = max([y for y in obs.electricity if y <= years[-1]], default=first)
    cal = cal * np.exp(
        uncertainty.random_walk_growth(
            terms[uncertainty.DEMAND_Z], _scale(v, uncertainty.DEMAND_SCALE), int(last_observed - first)
        )
    )
    demand = {use: x * cal + added[use] for use, x in stationary.items()}
    demand["electric vehicles"] = added["electric vehicles"]
    return demand, cal


LEVER_TARGET = "T01"  # the plan's energy-intensity target (data/targets.csv): % change from 2020 to its year


def energy_intensity_lever(v: dict, base: BaseYear, parts: dict, supply: dict, gdp, years) -> dict:
    """Fuel use outside power plants cut from 2021 (linearly to 2025, held after) by the share
    ``energy_intensity_lever`` of what it takes to meet the plan's energy-intensity target in 2025; where fuel
    alone cannot meet it, fuel is cut to half, no further. Parts unchanged where the lever is 0 or the run does
    not reach 2025."""
    lever = np.asarray(v.get("energy_intensity_lever", 0.0), dtype=float)
    t01 = targets.target(LEVER_TARGET)
    lever_years = (2020, int(t01["target_year"]))
    if not np.any(lever > 0) or not set(lever_years) <= set(int(y) for y in years):
        return parts
    i, j = (int(np.nonzero(years == y)[0][0]) for y in lever_years)
    energy = energy_use(parts, supply, v, base)
    target = energy[:, i] * gdp[:, j] / gdp[:, i] * (1 + float(t01["target_value"]) / 100)
    fuel = fuel_energy(parts, base)
    needed = np.clip((energy[:, j] - target) * lever, 0.0, 0.5 * fuel[:, j])
    cut = 1 - needed / fuel[:, j]
    ramp = np.clip((np.asarray(years, dtype=float) - lever_years[0]) / (lever_years[1] - lever_years[0]), 0, 1)
    factor = 1 - column(1 - cut) * ramp
    return {p: x if p in NOT_FUEL else x * factor for p, x in parts.items()}


NOT_FUEL = tuple(name for name, part in declared.parts().items() if part.kind in ("power", "process"))


def _scale(v: dict, name: str):
    """A discrepancy's scale per draw (0 where a caller sets none, e.g. a Sobol design over the assumptions)."""
    return np.asarray(v[name], dtype=float) if name in v else 0.0


def road_fleet(v: dict, years, obs: Observed, milestones) -> vehicles.Fleet:
    """The road fleet per draw: the stock path runs through the observed points, then grows by the milestone
    rates; vintages turn over (``model.vehicles``)."""
    return vehicles.simulate(
        years,
        vehicle_stock_path(v, years, obs, milestones),
        v["vehicle_lifetime"],
        v["vehicle_survival_shape"],
        v["nev_sales_share_max"],
        obs.nev_share_years,
        obs.nev_shares,
        v["vehicle_history_growth"],
    )


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
    rates = assumption_path(v, "vehicle_stock_growth", years, milestones, observed_growth)
    level_at_first = np.exp(np.interp(years[0], t, logv, left=np.nan))
    if not np.isfinite(level_at_first):  # before the first point: extrapolate the first segment back
        level_at_first = np.exp(logv[0] - (t[0] - years[0]) * (logv[1] - logv[0]) / (t[1] - t[0]))
    # the last observed point may fall inside a year (e.g. June 2024): the index runs from the first year
    return level_at_first * index_from_rates(rates, years, int(years[0]))


def base_parts(v: dict, base: BaseYear, nonpower) -> dict:
    """The base year's non-power CO2 by part: Guangdong's re-allocated shares times each part's scale,
    renormalised to the city's non-power total (draws)."""
    weights = {}
    for part in NONPOWER:
        share = base.nonpower_shares[part]
        coal_scale = declared.parts()[part].coal_scale
        if coal_scale:  # Shenzhen's industry burns little coal: its coal part has its own scale
            coal = share * base.industry_coal_share
            weights[part] = coal * np.asarray(v[coal_scale]) + (share - coal) * np.asarray(v[SCALES[part]])
        else:
            weights[part] = share * np.asarray(v[SCALES[part]])
    total = sum(weights.values())
    return {part: np.asarray(nonpower) * w / total for part, w in weights.items()}


def fuel_energy(parts: dict, base: BaseYear) -> np.ndarray:
    """Fuel burnt outside power plants (Mtce): each part's CO2 over the t CO2 per tce of its base-year mix."""
    return sum(parts[p] / base.tce_factors[p] for p in NONPOWER if p not in NOT_FUEL)


ENERGY_COMPONENTS = (
    "fuel burnt outside power plants",
    "fuel burnt in local power plants",
    "electricity bought or made without fuel (calorific equivalent)",
)
WITHOUT_FUEL = ("imports", CLEAN_CHANNELS, "nuclear (bought)", "waste-to-energy", "solar PV")


def energy_components(parts: dict, supply: dict, v: dict, base: BaseYear) -> dict[str, np.ndarray]:
    """Energy use in Mtce by component: fuels from CO2 per tce of each part's base-year mix, power-plant fuel
    (coal and gas burnt per kWh), and electricity bought or made without fuel at its calorific equivalent
    (3.6 MJ per kWh). Process CO2 is not energy."""
    plant = (
        supply["coal"] * column(v["coal_ef"]) / base.coal_t_per_tce
        + supply["gas"] * column(v["gas_ef"]) / base.gas_t_per_tce
    )
    bought = sum(supply[k] for k in WITHOUT_FUEL) * MTCE_PER_TWH
    return dict(zip(ENERGY_COMPONENTS, (fuel_energy(parts, base), plant, bought)))


def energy_use(parts: dict, supply: dict, v: dict, base: BaseYear) -> np.ndarray:
    """Energy use in Mtce: the sum of ``energy_components``."""
    return sum(energy_components(parts, supply, v, base).values())
