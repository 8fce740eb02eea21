"""One model run for a set of scenarios: the same draws for each (common random numbers, so scenarios
differ by their values, not by their noise), the same base year and observations."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from carbonpeak.errors import ParameterError
from carbonpeak.inputs import assumptions
from carbonpeak.model import base, core, hindcast


@lru_cache(maxsize=1)
def calibration() -> tuple[core.BaseYear, core.Observed]:
    """The base year and the observations the model is calibrated on (read once)."""
    return base.base_year(), base.observed()


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


def run(scenarios: list, draws: int, seed: int, horizon_end: int, extra: dict | None = None) -> Ensemble:
    """Every scenario (checked Scenario objects) for ``draws`` draws seeded by ``seed``; ``extra`` sets
    assumptions for this run on top of every scenario (e.g. --set gdp_growth=0.03,0.03,0.03)."""
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise ParameterError(f"two scenarios share a name: {names}")
    base_year, obs = calibration()
    ms = milestones()
    results = {}
    for s in scenarios:
        v = s.inputs(extra).draw(draws, seed)
        results[s.name] = core.simulate(v, base_year, obs, horizon_end, ms)
    return Ensemble(dict(zip(names, scenarios)), results, draws, seed, horizon_end)


def run_hindcast(scenario, draws: int, seed: int) -> core.Result:
    """The hindcast (2010-2019) for a scenario's priors with the same seed."""
    return hindcast.run(scenario.inputs().draw(draws, seed), milestones())
