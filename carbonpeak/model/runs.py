"""One model run for a set of scenarios: the same draws for each (common random numbers, so scenarios
differ by their values, not by their noise), the same base year and observations."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from carbonpeak import cache
from carbonpeak.errors import ParameterError
from carbonpeak.inputs import assumptions
from carbonpeak.model import base, core, uncertainty


@lru_cache(maxsize=1)
def calibration() -> tuple[core.BaseYear, core.Observed]:
    """The base year and the observations the model is calibrated on (computed once per code and data: the
    level filter's fit is the slow part)."""
    return cache.cached("calibration", {}, lambda: (base.base_year(), base.observed()))


def milestones() -> dict:
    """Milestone years of every path assumption (from the registry)."""
    return {n: assumptions.get(n).milestones for n in core.ALL_NAMES if assumptions.get(n).is_path}


@dataclass
class Ensemble:
    """The results of one run by scenario, with the draws, seed and horizon they share; iterates as (name, result)."""

    scenarios: dict  # name -> carbonpeak.inputs.scenarios.Scenario
    results: dict  # name -> core.Result
    draws: int
    seed: int
    horizon_end: int

    def __iter__(self):
        return iter(self.results.items())


def scenario_key(scenario, extra: dict | None = None) -> dict:
    """What a run of ``scenario`` depends on besides the code and data: its name and every setting."""
    return {"name": scenario.name, "settings": scenario.settings(extra)}


def run(
    scenarios: list, draws: int, seed: int, horizon_end: int, extra: dict | None = None, discrepancy: float = 1.0
) -> Ensemble:
    """Every scenario (checked Scenario objects) for ``draws`` draws seeded by ``seed``; ``extra`` sets
    assumptions for this run on top of every scenario (e.g. --set gdp_growth=0.03,0.03,0.03). The structural
    discrepancy's scales are multiplied by ``discrepancy`` (0 leaves it out, 1 is as calibrated). Computed once
    per parameter set, code and data (``carbonpeak.cache``): every chapter that asks for the same run reads it."""
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise ParameterError(f"two scenarios share a name: {names}")
    parameters = {
        "scenarios": [scenario_key(s, extra) for s in scenarios],
        "draws": draws,
        "seed": seed,
        "horizon_end": horizon_end,
        "discrepancy": discrepancy,
    }
    results = cache.cached(
        "ensemble", parameters, lambda: compute(scenarios, draws, seed, horizon_end, extra, discrepancy)
    )
    return Ensemble(dict(zip(names, scenarios)), results, draws, seed, horizon_end)


def compute(scenarios: list, draws: int, seed: int, horizon_end: int, extra=None, discrepancy: float = 1.0) -> dict:
    """What ``run`` computes when the cache has no copy: each scenario's result, by name."""
    base_year, obs = calibration()
    ms = milestones()
    results = {}
    terms = uncertainty.draw(draws, seed, range(base_year.year, horizon_end + 1), base_year.level)
    for s in scenarios:
        v = {**s.inputs(extra).draw(draws, seed), **terms}
        for name in (uncertainty.TERRITORIAL_SCALE, uncertainty.DEMAND_SCALE):
            v[name] = v[name] * discrepancy
        results[s.name] = core.simulate(v, base_year, obs, horizon_end, ms)
    return results
