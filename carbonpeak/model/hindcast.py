"""The hindcast: the model started in 2010 with the observed drivers and the same priors, run to 2019,
and compared with what CEADs (and the county-level series) measured.

Start. 2010 is calibrated as the base year is: CEADs' total split by Guangdong's 2010 structure, electricity
use derived from the official 2010 electricity intensity and GDP, the same supply priors. Drivers. Real
GDP growth, the pre-census resident population and the secondary share as observed for 2011-2019 (their
own vintage throughout); the vehicle stock through its 2010 and 2014 counts. Everything else follows the
priors of data/assumptions.yml: a path's first milestone value is held over 2010-2019, so the hindcast
asks whether today's assumptions would have covered the last decade. Nothing from 2011-2019 enters but
the observed drivers.

The test: the share of CEADs' observed years 2011-2019 inside the hindcast's central 80 % band (and the
same for the county-level series, 2011-2017).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak import data
from carbonpeak.model import base, core

START = 2010
END = 2019


def observed() -> core.Observed:
    """The drivers as observed over 2011-2019, each in one vintage."""
    growth = {y: g for y, g in base.gdp_real_growth().items() if START < y <= END}
    pop = data.series("shenzhen_population", base.SHENZHEN, "population_resident_precensus")
    pop_growth = {int(y): float(pop[y] / pop[y - 1] - 1) for y in pop.index if START < y <= END and y - 1 in pop.index}
    econ = data.load("shenzhen_economy")
    nbs = econ[(econ["region"] == base.SHENZHEN) & (econ["source"] == "nbs_major_cities")]
    wide = nbs.pivot_table(index="year", columns="variable", values="value").dropna(subset=["va_secondary", "gdp"])
    share = {int(y): float(r.va_secondary / r.gdp) for y, r in wide.iterrows() if START <= y <= END}
    full = base.observed(START)
    return core.Observed(
        gdp_growth=growth,
        population_growth=pop_growth,
        secondary_share=share,
        electricity={},
        vehicle_stock=full.vehicle_stock,
        nev_share_years=full.nev_share_years,
        nev_shares=full.nev_shares,
        import_ef_index={},
    )


def run(draws: dict, milestones: dict) -> core.Result:
    """The hindcast for the same draws as a projection. The provincial grid's power is split between
    carbon-bearing imports and bought nuclear power in the same proportion as in 2019 (no 2010 figure
    exists; only the territorial boundary is tested)."""
    start = base.base_year(START)
    scaled = dict(
        draws, imported_twh_2019=draws["imported_twh_2019"] * start.electricity / base.base_electricity(base.BASE_YEAR)
    )
    return core.simulate(scaled, start, observed(), END, milestones)


def coverage(result: core.Result, level: float = 0.8) -> pd.DataFrame:
    """Observed territorial CO2 against the hindcast band, year by year (CEADs and the county-level sum)."""
    lo_q, hi_q = (1 - level) / 2, (1 + level) / 2
    lower, median, upper = np.quantile(result.territorial, [lo_q, 0.5, hi_q], axis=0)
    rows = []
    series = {"CEADs": data.series("city_co2", base.SHENZHEN, "co2")}
    county = data.load("county_co2")
    county = county[(county["region"] == base.SHENZHEN) & (county["variable"] == "co2_districts_sum")]
    if not county.empty and START in set(county["year"]):
        # the county-level series is top-down and its level differs from CEADs': it tests the dynamics,
        # rebased to CEADs' 2010 value
        c = county.set_index("year")["value"]
        series["county-level (Chen et al. 2020), rebased to CEADs 2010"] = c / c[START] * series["CEADs"][START]
    for name, s in series.items():
        for j, year in enumerate(result.years):
            if year == START or year not in s.index:
                continue
            value = float(s[year])
            rows.append(
                {
                    "series": name,
                    "year": int(year),
                    "observed (Mt)": value,
                    "hindcast median (Mt)": median[j],
                    "lower": lower[j],
                    "upper": upper[j],
                    "inside": bool(lower[j] <= value <= upper[j]),
                }
            )
    return pd.DataFrame(rows)
