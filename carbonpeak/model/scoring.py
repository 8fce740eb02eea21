"""The plan's city-wide targets scored from the baseline run of the city model (registered with
carbonpeak.targets, so the status board and "The plan in numbers" read them):

- T01, energy use per unit of GDP in 2025 against 2020: the model's energy use (fuels, power-plant fuel and
  bought or non-fossil electricity at its calorific equivalent) over real GDP, per draw.
- T03, a peak before 2030, on both boundaries: the path from 2019 as a record would show it (CEADs' 2019
  value, then the model's path times the record's deviation; the record before 2019, with its doubtful
  2018 value, left out), and the same with imported electricity, each judged by the N-years-below rule to
  the horizon; a draw that has not peaked counts as not meeting it.
- R08 and R12, the NEV stock of about 1.3 million by 2025 and 2 million by 2030: the fleet model's NEVs at
  the end of the target year (sales x the fitted NEV share of sales, less scrappage; the observed NEV
  stock figures are checks, never fitted).

The baseline is the reference: a target is on track if current trends and the plants already built meet it.
"""

from __future__ import annotations

import numpy as np

from carbonpeak.constants import FIRST_MILESTONE, PLAN_BASE_YEAR, SEED
from carbonpeak.inputs import scenarios
from carbonpeak.model import boundaries, outcomes, runs
from carbonpeak.targets import ByBoundary

BOUNDARY_NAMES = {name: boundaries.label(name, short=True) for name in boundaries.BOUNDARIES}

SCORE_DRAWS = 2000
SCORE_HORIZON = 2035
NOT_PEAKED = 9999  # a peak year no target can meet


def baseline_result(n: int = SCORE_DRAWS, seed: int = SEED):
    """The baseline scenario run to SCORE_HORIZON, which every target here is scored from."""
    return runs.run([scenarios.load("baseline")], n, seed, SCORE_HORIZON).results["baseline"]


def energy_intensity_change(result, start: int = PLAN_BASE_YEAR, end: int = FIRST_MILESTONE) -> np.ndarray:
    """Change of energy use per unit of GDP from ``start`` to ``end``, in % (draws)."""
    i, j = (int(np.nonzero(result.years == y)[0][0]) for y in (start, end))
    ei = result.energy / result.gdp
    return (ei[:, j] / ei[:, i] - 1) * 100


def peak_years(result, boundary: str = "territorial", rule_years: int = 5) -> np.ndarray:
    """Peak year per draw on ``boundary`` from 2019, NOT_PEAKED where the rule finds none."""
    st = outcomes.apply_rule(result, boundary, "n_years", rule_years, rule_start=int(result.years[0]))
    return np.where(st["peaked"], st["year"], NOT_PEAKED).astype(float)


NEV_STOCK_TARGETS = {"R08": 2025, "R12": 2030}  # target id -> year whose year-end stock it sets


def nev_stock(result, year: int) -> np.ndarray:
    """NEVs in use at the end of ``year`` (draws)."""
    return result.fleet.nev[:, int(np.nonzero(result.years == year)[0][0])]


def scores(n: int = SCORE_DRAWS, seed: int = SEED) -> dict:
    """Draws by target id: T01's energy-intensity change, T03's peak year, and the NEV stock for R08 and R12."""
    result = baseline_result(n, seed)
    return {
        "T01": energy_intensity_change(result),
        "T03": ByBoundary({BOUNDARY_NAMES[b]: peak_years(result, b) for b in outcomes.BOUNDARIES}),
        **{tid: nev_stock(result, year) for tid, year in NEV_STOCK_TARGETS.items()},
    }
