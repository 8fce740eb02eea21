"""The model's calibration from the data: the base year (``base_year``) and what is observed after it
(``observed``). Every number here is read from data/processed (with its sidecar) or data/raw/literature;
nothing is typed in.

Base-year structure. No Shenzhen sector inventory exists, so the non-power part of CEADs' total is split
by Guangdong's CEADs structure after re-allocation (carbonpeak.model.base.REALLOCATION): gasoline and
diesel burnt in Guangdong's residential and commercial rows are private and commercial vehicles, so they
move to road transport; the transport row's other fuels (kerosene, fuel oil, LPG, gas) are aviation,
shipping and storage; what is left in the residential and commercial rows is building fuel. Each part then
has its own scale assumption for Shenzhen (e.g. little industrial coal, almost no cement).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from carbonpeak import data, locations
from carbonpeak.analysis.level import territorial_level
from carbonpeak.constants import BASE_YEAR, SHENZHEN
from carbonpeak.data.compiled import read_checked
from carbonpeak.errors import DataError
from carbonpeak.inputs import assumptions, parts
from carbonpeak.model.core import NONPOWER, BaseYear, Observed

GJ_PER_TCE = 29.3076

# model part -> [(Guangdong sector group, fuel group or "*" for every fuel but process)] (data/parts.yml)
REALLOCATION = {name: list(parts.parts()[name].guangdong) for name in NONPOWER}
FUELS = ("coal", "gasoline", "diesel", "kerosene", "fuel_oil", "lpg", "natural_gas", "other_oil")
# IPCC 2006 Table 1.4 factor used for each fuel group (data/raw/literature/model_parameters_published.csv).
# 'other_oil' (crude, refinery gas, other products) takes the residual fuel oil factor: an approximation
# that only enters the energy accounting.
FUEL_FACTOR_IDS = {
    "coal": "ipcc2006_ef_coal_other_bituminous",
    "gasoline": "ipcc2006_ef_motor_gasoline",
    "diesel": "ipcc2006_ef_gas_diesel_oil",
    "kerosene": "ipcc2006_ef_jet_kerosene",
    "fuel_oil": "ipcc2006_ef_residual_fuel_oil",
    "lpg": "ipcc2006_ef_lpg",
    "natural_gas": "ipcc2006_ef_natural_gas",
    "other_oil": "ipcc2006_ef_residual_fuel_oil",
}
LITERATURE_FILE = locations.RAW / "literature" / "model_parameters_published.csv"


@lru_cache(maxsize=1)
def published() -> pd.Series:
    """The published factors the model reads (id -> value), checked against their sidecar."""
    table = read_checked(LITERATURE_FILE, "raw", ["id", "value"], dtype=None, keep_default_na=True)
    return table.set_index("id")["value"]


def t_co2_per_tce(fuel: str) -> float:
    """t CO2 per tce of a fuel group: IPCC t CO2/TJ x 29.3076 GJ/tce / 1000."""
    return float(published()[FUEL_FACTOR_IDS[fuel]]) * GJ_PER_TCE / 1000


def guangdong_structure(year: int) -> pd.DataFrame:
    """Guangdong's CO2 by model part and fuel group in ``year`` (Mt), power and heat left out."""
    df = data.load("guangdong_sector_fuel_co2")
    df = df[df["year"] == year]
    if df.empty:
        raise DataError(f"guangdong_sector_fuel_co2 has no rows for {year}")
    split = df["variable"].str.split(":", expand=True)
    table = df.assign(sector=split[0], fuel=split[1]).pivot_table(index="sector", columns="fuel", values="value")
    rows = []
    for part, cells in REALLOCATION.items():
        for sector, fuel in cells:
            fuels = [f for f in FUELS] if fuel == "*" else [fuel]
            for f in fuels:
                rows.append({"part": part, "fuel": f, "co2": float(table.at[sector, f])})
    return pd.DataFrame(rows).groupby(["part", "fuel"], as_index=False, sort=False)["co2"].sum()


def _point(variable: str, year: int) -> float:
    return data.point(variable, year)


def base_year(year: int = BASE_YEAR) -> BaseYear:
    """The calibration of the model's first year from the data (see the module docstring): the territorial
    level filtered from the records up to ``year`` (analysis.level), Guangdong's structure in ``year``, and
    the year's electricity use (``base_electricity``)."""
    gd = guangdong_structure(year)
    by_part = gd.groupby("part", sort=False)["co2"].sum()
    nonpower = by_part.reindex(NONPOWER).fillna(0.0)
    coal_scaled = next(n for n in NONPOWER if parts.parts()[n].coal_scale)  # the part whose coal is scaled apart
    ind = gd[gd["part"] == coal_scaled].set_index("fuel")["co2"]
    tce = {}
    for part in NONPOWER:
        if parts.parts()[part].kind == "process":  # not fuel: no energy behind it
            continue
        mix = gd[(gd["part"] == part) & (gd["co2"] > 0)]
        energy = sum(row.co2 / t_co2_per_tce(row.fuel) for row in mix.itertuples())
        tce[part] = float(mix["co2"].sum() / energy) if energy > 0 else np.nan
    return BaseYear(
        year=year,
        level=territorial_level(year),
        nonpower_shares=(nonpower / nonpower.sum()).to_dict(),
        industry_coal_share=float(ind.get("coal", 0.0) / ind.sum()),
        tce_factors=tce,
        electricity=base_electricity(year),
        electricity_shares=base_electricity_shares(),
        coal_gw=_point("coal_capacity_mawan", 2022),
        wte_gw=_point("wte_capacity", 2020),
        public_ev_count=_point("electric_buses", 2017) + _point("taxis", 2018),
        coal_t_per_tce=t_co2_per_tce("coal"),
        gas_t_per_tce=t_co2_per_tce("natural_gas"),
    )


FIRST_ELECTRICITY_YEAR = 2010  # Shenzhen's first electricity figure (the official 2010 electricity intensity)


def base_electricity(year: int) -> float:
    """Electricity use in a base year (TWh). 2019, derived: the published 2020 total less its stated growth
    (the electricity table's).
    A hindcast origin, from what was known by then: Guangdong's use in that year times Shenzhen's share of it
    in 2010 (the official 2010 electricity intensity x GDP, the only Shenzhen figure before 2019), or, before
    2010, times the prior ``electricity_share_of_guangdong``. Guangdong's use before its first year (2007) is
    carried back with its generation."""
    if year == BASE_YEAR:
        return float(data.series("shenzhen_electricity_sectors", SHENZHEN, "electricity_total")[BASE_YEAR])
    if year >= FIRST_ELECTRICITY_YEAR:
        share = electricity_2010() / guangdong_electricity(FIRST_ELECTRICITY_YEAR)
    else:
        share = float(assumptions.get("electricity_share_of_guangdong").default)
    return share * guangdong_electricity(year)


def electricity_2010() -> float:
    """Shenzhen's electricity use in 2010 (TWh), derived: the official electricity intensity (kWh per 10 000
    yuan) x GDP (NBS, current prices)."""
    gdp = data.series("shenzhen_economy", SHENZHEN, "gdp", source="nbs_major_cities")[2010]  # 亿元
    return _point("electricity_intensity", 2010) * gdp * 1e4 / 1e9  # kWh/万元 x 万元 -> TWh


def guangdong_electricity(year: int) -> float:
    """Guangdong's electricity use (TWh; NBS/CEC), carried back before its first year with its generation."""
    wide = data.load("guangdong_power").pivot_table(index="year", columns="variable", values="value")
    use = wide["electricity_consumption"].dropna()
    if year in use.index:
        return float(use[year])
    first = int(use.index.min())
    gen = wide["generation_total"].dropna()
    if year < first and year in gen.index and first in gen.index:
        return float(use[first] * gen[year] / gen[first])
    raise DataError(f"guangdong_power has no electricity use or generation for {year}")


def base_electricity_shares() -> dict:
    """Electricity use by sector in 2020 (the nearest published split): industry includes primary."""
    sec = _point("electricity_share_secondary", 2020) + _point("electricity_share_primary", 2020)
    ter, res = _point("electricity_share_tertiary", 2020), _point("electricity_share_residential", 2020)
    total = sec + ter + res
    return {"industry": sec / total, "services": ter / total, "households": res / total}


# Years observed after the base year -------------------------------------------------------------------

VEHICLE_STOCK_POINTS = (  # (variable, year, year-end equivalent): a mid-year count sits half a year earlier
    ("motor_vehicle_stock", 2010, 2010.0),
    ("motor_vehicle_stock", 2014, 2014.0),
    ("motor_vehicle_stock_mid_year", 2024, 2023.5),
)
NEV_SHARE_POINTS = (("nev_share_of_new_cars", 2022), ("nev_share_of_new_cars", 2023), ("nev_share_of_new_cars", 2024))
NEV_STOCK_CHECKS = (
    ("nev_stock", 2016, 2016.0),
    ("nev_stock", 2022, 2022.0),
    ("nev_stock_mid_year", 2024, 2023.5),
    ("nev_stock", 2024, 2023.83),
)  # calibration targets, compared, never fitted


def observed(after: int = BASE_YEAR) -> Observed:
    """What is known for every draw in the years after ``after``."""
    return Observed(
        gdp_growth={y: g for y, g in gdp_real_growth().items() if y > after},
        population_growth={y: g for y, g in population_growth().items() if y > after},
        secondary_share=secondary_share(after),
        electricity={y: v for y, v in electricity_record().items() if y > after},
        vehicle_stock={t: _point(var, year) for var, year, t in VEHICLE_STOCK_POINTS},
        nev_share_years=tuple(year for _, year in NEV_SHARE_POINTS),
        nev_shares=tuple(_point(var, year) / 100 for var, year in NEV_SHARE_POINTS),
        import_ef_index={y: v for y, v in guangdong_grid_index(after).items() if y > after},
    )


def gdp_real_growth() -> dict[int, float]:
    """Official real GDP growth by year (fraction), where a rate is published."""
    s = data.series("shenzhen_economy", SHENZHEN, "gdp_real_growth")
    return {int(y): float(v) / 100 for y, v in s.items()}


def population_growth() -> dict[int, float]:
    """Growth of the official year-end residents between consecutive published years (post-census vintage)."""
    s = data.series("shenzhen_population", SHENZHEN, "population_resident")
    return {int(y): float(s[y] / s[y - 1] - 1) for y in s.index if y - 1 in s.index}


def secondary_share(after: int) -> dict[int, float]:
    """Secondary value added over GDP in the published post-census years after ``after``."""
    econ = data.load("shenzhen_economy")
    econ = econ[(econ["region"] == SHENZHEN) & (econ["source"] == "official_points") & (econ["year"] > after)]
    wide = econ.pivot_table(index="year", columns="variable", values="value")
    if "va_secondary" not in wide:
        return {}
    wide = wide.dropna(subset=["va_secondary", "gdp"])
    return {int(y): float(r.va_secondary / r.gdp) for y, r in wide.iterrows()}


def electricity_record() -> dict[int, float]:
    """Electricity use by year after the base year (TWh): the published totals and the years derived from a
    stated growth rate (2022 from 2023's growth, 2024 from 2025's), as the electricity table builds them."""
    total = data.series("shenzhen_electricity_sectors", SHENZHEN, "electricity_total")
    return {int(y): float(v) for y, v in total.items() if y > BASE_YEAR}


def guangdong_grid_index(after: int) -> dict[int, float]:
    """Guangdong's thermal generation per unit of electricity use, relative to ``after`` (a proxy for how the
    carbon content of the power Shenzhen buys changes; CREA/NBS data)."""
    df = data.load("guangdong_power")
    wide = df.pivot_table(index="year", columns="variable", values="value")
    ratio = (wide["generation_thermal"] / wide["electricity_consumption"]).dropna()
    if after not in ratio.index:
        raise DataError(f"guangdong_power has no thermal generation and consumption for {after}")
    return {int(y): float(v / ratio[after]) for y, v in ratio.items()}


def guangdong_grid_years() -> list[int]:
    """The years with both Guangdong's thermal generation and its electricity use."""
    wide = data.load("guangdong_power").pivot_table(index="year", columns="variable", values="value")
    return sorted(int(y) for y in (wide["generation_thermal"] / wide["electricity_consumption"]).dropna().index)


def nev_stock_checks() -> pd.DataFrame:
    """The observed NEV stock figures the fleet model is checked against."""
    return pd.DataFrame(
        [{"variable": var, "year": year, "t": t, "value": _point(var, year)} for var, year, t in NEV_STOCK_CHECKS]
    )
