"""Summaries of a model run for pages and exports: medians and central intervals per year (columns named
for what they hold: ``median``, ``lower_80``, ``upper_80`` ...), by scenario, boundary, part and source."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak.analysis import decompose
from carbonpeak.constants import level_name
from carbonpeak.model import outcomes, runs, timeline


def bands(values: np.ndarray, years, levels=(0.8, 0.95)) -> pd.DataFrame:
    """Median and central intervals of draws x years, one row per year."""
    out = {"year": np.asarray(years, dtype=int), "median": np.median(values, axis=0)}
    for level in sorted(levels):
        lo, hi = np.quantile(values, [(1 - level) / 2, (1 + level) / 2], axis=0)
        out[f"lower_{level_name(level)}"] = lo
        out[f"upper_{level_name(level)}"] = hi
    return pd.DataFrame(out)


def city_paths(ensemble, levels=(0.8, 0.95), boundaries=outcomes.BOUNDARIES) -> pd.DataFrame:
    """Total CO2 per scenario and boundary (long)."""
    parts = [
        bands(r.total(b), r.years, levels).assign(scenario=name, boundary=b) for name, r in ensemble for b in boundaries
    ]
    return pd.concat(parts, ignore_index=True)


def part_medians(ensemble) -> pd.DataFrame:
    """Median CO2 of every territorial part and of imported electricity, per scenario and year."""
    rows = []
    for name, r in ensemble:
        items = {**r.parts, "imported electricity": r.imported}
        for part, values in items.items():
            rows.append(
                pd.DataFrame({"scenario": name, "part": part, "year": r.years, "median": np.median(values, axis=0)})
            )
    return pd.concat(rows, ignore_index=True)


def electricity_medians(ensemble) -> pd.DataFrame:
    """Median electricity demand by use and supply by source (TWh), per scenario and year."""
    rows = []
    for name, r in ensemble:
        for side, table in (("demand", r.demand), ("supply", r.supply)):
            for item, values in table.items():
                rows.append(
                    pd.DataFrame(
                        {
                            "scenario": name,
                            "side": side,
                            "item": item,
                            "year": r.years,
                            "median": np.median(values, axis=0),
                        }
                    )
                )
    return pd.concat(rows, ignore_index=True)


def at(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows of ``frame`` for ``year``, renumbered from 0."""
    return frame[frame["year"] == year].reset_index(drop=True)


def value_added(ensemble, name: str) -> dict[str, np.ndarray]:
    """Real value added of industry and of services as indices (base year = 1, draws x years) in one
    scenario of a run: GDP x the secondary share path, drawn again from the scenario's inputs with the run's
    seed, so they are the model's own (the Result keeps GDP, not the share)."""
    result = ensemble.results[name]
    v = ensemble.scenarios[name].inputs().draw(ensemble.draws, ensemble.seed)
    _, obs = runs.calibration()
    share = timeline.assumption_path(v, "secondary_share", result.years, runs.milestones(), obs.secondary_share)
    return {"industry": result.gdp * share / share[:, [0]], "services": result.gdp * (1 - share) / (1 - share[:, [0]])}


# Kaya and LMDI of the model's path ---------------------------------------------------------------------


def kaya_effects(result, start: int, end: int, boundary: str = "territorial") -> dict[str, np.ndarray]:
    """LMDI-I effects per draw of population, GDP per person, energy per GDP and CO2 per energy on the change
    of CO2 from ``start`` to ``end`` (Mt); they add up to each draw's change exactly."""
    co2 = result.total(boundary)
    i, j = (int(np.nonzero(result.years == y)[0][0]) for y in (start, end))
    factors = {
        "population": result.population,
        "GDP per person": result.gdp / result.population,
        "energy per GDP": result.energy / result.gdp,
        "CO2 per energy": co2 / result.energy,
    }
    return decompose.lmdi_per_draw(co2, factors, i, j)


def kaya_table(ens, start: int, end: int, boundary: str = "territorial", level: float = 0.8) -> pd.DataFrame:
    """Mean effect of each factor per scenario (means add up to the mean change) and its central interval."""
    rows = []
    for name, r in ens:
        effects = kaya_effects(r, start, end, boundary)
        total = sum(effects.values())
        for factor, e in {**effects, "change of CO2": total}.items():
            lo, hi = np.quantile(e, [(1 - level) / 2, (1 + level) / 2])
            rows.append(
                {
                    "scenario": name,
                    "factor": factor,
                    "mean effect (Mt)": float(np.mean(e)),
                    "lower": float(lo),
                    "upper": float(hi),
                }
            )
    return pd.DataFrame(rows)
