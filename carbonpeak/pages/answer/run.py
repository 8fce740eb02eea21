"""The run the answer page reads: the synthesis' ensemble, peak tables, Sobol indices and status board, and the
lookups every part of the page shares."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from carbonpeak import targets
from carbonpeak.model import outcomes, runs, synthesis
from carbonpeak.pages.findings import city_numbers, peak_numbers
from carbonpeak.targets import scorers


@dataclass
class Answer:
    """The synthesis' run for the answer page: scenarios, ensemble, the peak tables under both choices for CEADs' 2018
    value, the Sobol indices and the status board, with the parameters that made them."""

    scenarios: list
    ensemble: runs.Ensemble
    peaks: pd.DataFrame  # outcomes.peak_table with the chosen record_2018
    peaks_other: pd.DataFrame  # the same with the other choice for CEADs' 2018 value
    indices: pd.DataFrame  # Sobol indices (synthesis.sobol_indices)
    board: pd.DataFrame  # scorers.status_board()
    rule: str
    horizon_end: int
    record_2018: str
    rule_years: int
    rule_start: int


def compute(
    scenarios: str,
    horizon_end: int,
    peak_rule: str,
    peak_rule_years: int,
    rule_start: int,
    record_2018: str,
    draws: int,
    seed: int,
    sobol_base: int,
) -> Answer:
    """The synthesis' run and its tables for these parameters."""
    scens = synthesis.load_scenarios(scenarios)
    ens = synthesis.run(scens, draws, seed, horizon_end)
    table = outcomes.peak_table(ens.results, horizon_end, peak_rule_years, rule_start, record_2018)
    other = "outlier" if record_2018 == "keep" else "keep"
    table_other = outcomes.peak_table(ens.results, horizon_end, peak_rule_years, rule_start, other)
    indices = synthesis.sobol_indices(
        scens, scens[-1].name, sobol_base, seed, horizon_end, peak_rule_years, rule_start, record_2018
    )
    return Answer(
        scens,
        ens,
        table,
        table_other,
        indices,
        scorers.status_board(),
        peak_rule,
        horizon_end,
        record_2018,
        peak_rule_years,
        rule_start,
    )


def _row(table: pd.DataFrame, scenario: str, boundary: str, rule: str) -> dict:
    return (
        table[(table["scenario"] == scenario) & (table["boundary"] == boundary) & (table["rule"] == rule)]
        .iloc[0]
        .to_dict()
    )


def _names(a: Answer) -> list[str]:
    return [s.name for s in a.scenarios]


def board_counts(board: pd.DataFrame) -> dict:
    """How many of the board's targets have each status (per target)."""
    one = targets.per_target(board)
    return {s: int((one["status"] == s).sum()) for s in targets.STATUSES}


HEADLINE_SCENARIO = "plan"  # the bottom line speaks of the plan carried out, where the run has it


def _lead(a: Answer) -> str:
    """The scenario the bottom line speaks of: the plan, or the run's first scenario if it has no plan."""
    names = _names(a)
    return HEADLINE_SCENARIO if HEADLINE_SCENARIO in names else names[0]


def rule_order(a: Answer) -> list[str]:
    """The headline rule first, then the others the run applies."""
    return [a.rule] + [r for r in outcomes.RULES if r != a.rule]


def headline_numbers(a: Answer) -> dict:
    """The numbers the findings rest on (same names and rounding as the synthesis page)."""
    return {**city_numbers(a.ensemble, (2025, 2030)), **peak_numbers(a.peaks)}


def median_2030(a: Answer, scenario: str, boundary: str) -> float:
    """Median over the draws of one scenario's CO2 on one boundary in 2030 (the horizon's end if earlier)."""
    r = a.ensemble.results[scenario]
    j = int(np.nonzero(r.years == min(2030, a.horizon_end))[0][0])
    return float(np.median(r.total(boundary)[:, j]))
