"""The peak as a distribution in time: the peak rules applied to every draw of a model run.

Peaks are judged as an inventory would show them. Territorial: the CEADs record (from ``rule_start``, gaps
kept as gaps, up to the base year) followed by the model's years as a CEADs-like record would show them:
the path times the record's deviation (``core.Result.recorded``), which starts from the base year's
deviation and fades as the panel's deviations do, so the record and the model meet without a seam and a
record's scatter can make or undo a peak call, as it does in the atlas. The boundary with imported
electricity has no record: its rule starts in the base year (either reading of it: carbon-bearing imports at
their own factor, or every purchase at the provincial average). ``record_2018="outlier"`` drops CEADs' 2018
value from the record (the overview chapter tests that year).

For each scenario, boundary and rule: P(peak in year t) for every year, P(peak <= 2025), P(peak <= 2030),
P(not peaked by the horizon) and the peak value's distribution among the draws that peaked. A draw "peaked
in t" when the rule says peaked and its peak year is t.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak import data
from carbonpeak.analysis import peaks
from carbonpeak.constants import FIRST_MILESTONE, PEAK_MILESTONE, SHENZHEN
from carbonpeak.errors import ModelError

RULES = ("n_years", "c40")  # the rules applied per draw (vectorised); Mann-Kendall is for records
# the two readings of the wider boundary: carbon-bearing imports at their own factor (nuclear and the new
# channels' clean power at zero), or every purchase from the grid at the provincial average factor
READINGS = ("with_imports", "with_purchases")
BOUNDARIES = ("territorial", *READINGS)  # carbonpeak.model.boundaries names them
OUTLIER_YEAR = 2018
RECORD_2018 = ("keep", "outlier")


def record(base_year: int, rule_start: int, record_2018: str = "keep") -> pd.Series:
    """CEADs territorial CO2 for Shenzhen from ``rule_start`` up to the model's base year (its last record)."""
    if record_2018 not in RECORD_2018:
        raise ModelError(f"record_2018 must be one of {RECORD_2018}, got {record_2018!r}")
    s = data.series("city_co2", SHENZHEN, "co2")
    s = s[(s.index >= rule_start) & (s.index <= base_year)]
    if record_2018 == "outlier":
        s = s.drop(OUTLIER_YEAR, errors="ignore")
    return s


def judged_paths(result, boundary: str, rule_start: int, record_2018: str = "keep") -> tuple[np.ndarray, np.ndarray]:
    """(years, draws x years) the rules run over: a full annual grid, NaN where no value exists.

    Territorial: CEADs' record up to the base year, then the model's path as a CEADs-like record would show
    it (the path times the record's deviation, which starts from the base year's and fades). With imported
    electricity: from the base year, that record-like territorial value plus the imported CO2."""
    recorded = result.recorded
    if boundary in READINGS:
        return result.years, recorded + result.total(boundary) - result.territorial
    if boundary != "territorial":
        raise ModelError(f"unknown boundary '{boundary}'; use {', '.join(BOUNDARIES)}")
    rec = record(int(result.years[0]), rule_start, record_2018)
    first = int(min(rec.index.min(), result.years[0])) if len(rec) else int(result.years[0])
    years = np.arange(first, int(result.years[-1]) + 1)
    grid = np.full((recorded.shape[0], len(years)), np.nan)
    start = int(result.years[0]) - first
    grid[:, start + 1 :] = recorded[:, 1:]
    for y, v in rec.items():
        grid[:, y - first] = v
    return years, grid


def apply_rule(
    result, boundary: str, rule: str, rule_years: int = 5, rule_start: int = 2005, record_2018: str = "keep"
) -> dict[str, np.ndarray]:
    """``rule`` applied to every draw on ``boundary`` (the record, then the model's years): the per-draw arrays
    of ``peaks.status_draws``."""
    years, values = judged_paths(result, boundary, rule_start, record_2018)
    opts = {"rule_years": rule_years} if rule == "n_years" else {}
    return peaks.status_draws(years, values, rule, **opts)


def peak_year_shares(status: dict, first: int, last: int) -> pd.Series:
    """Share of draws whose peak, under the rule, falls in each year from ``first`` to ``last``;
    'not peaked' for the rest."""
    peaked, year = status["peaked"], status["year"]
    n = len(peaked)
    counts = {int(t): int(np.sum(peaked & (year == t))) for t in range(first, last + 1)}
    counts["not peaked"] = int(np.sum(~peaked))
    return pd.Series(counts, dtype=float) / n


def summary_row(status: dict, horizon_end: int) -> dict:
    """P(peak <= 2025), P(peak <= 2030), P(not peaked by the horizon) and, among the draws that peaked, the
    median and 10-90 % of the peak year and value."""
    peaked, year, value = status["peaked"], status["year"], status["value"]
    row = {
        f"P(peak <= {FIRST_MILESTONE})": float(np.mean(peaked & (year <= FIRST_MILESTONE))),
        f"P(peak <= {PEAK_MILESTONE})": float(np.mean(peaked & (year <= PEAK_MILESTONE))),
        f"P(not peaked by {horizon_end})": float(np.mean(~peaked)),
    }
    if peaked.any():
        py, pv = year[peaked], value[peaked]
        row.update(
            {
                "median peak year": float(np.median(py)),
                "peak year 10 %": float(np.quantile(py, 0.1)),
                "peak year 90 %": float(np.quantile(py, 0.9)),
                "median peak value (Mt)": float(np.median(pv)),
                "peak value 10 % (Mt)": float(np.quantile(pv, 0.1)),
                "peak value 90 % (Mt)": float(np.quantile(pv, 0.9)),
            }
        )
    return row


def peak_table(
    runs: dict,
    horizon_end: int,
    rule_years: int = 5,
    rule_start: int = 2005,
    record_2018: str = "keep",
    rules=RULES,
    boundaries=BOUNDARIES,
) -> pd.DataFrame:
    """One row per scenario x boundary x rule (``runs``: scenario name -> core.Result)."""
    rows = []
    for name, result in runs.items():
        for boundary in boundaries:
            for rule in rules:
                st = apply_rule(result, boundary, rule, rule_years, rule_start, record_2018)
                rows.append(
                    {
                        "scenario": name,
                        "boundary": boundary,
                        "rule": rule,
                        **summary_row(st, horizon_end),
                        "draws": len(st["peaked"]),
                    }
                )
    return pd.DataFrame(rows)


def peak_year_table(
    runs: dict,
    horizon_end: int,
    rule_years: int = 5,
    rule_start: int = 2005,
    record_2018: str = "keep",
    rules=RULES,
    first: int | None = None,
) -> pd.DataFrame:
    """Long table: scenario, boundary, rule, peak year (or 'not peaked'), share of draws."""
    rows = []
    for name, result in runs.items():
        for boundary in BOUNDARIES:
            for rule in rules:
                st = apply_rule(result, boundary, rule, rule_years, rule_start, record_2018)
                start = first if first is not None else int(min(st["year"][st["year"] > 0], default=result.years[0]))
                shares = peak_year_shares(st, start, horizon_end)
                rows += [
                    {"scenario": name, "boundary": boundary, "rule": rule, "peak year": str(k), "share": v}
                    for k, v in shares.items()
                ]
    return pd.DataFrame(rows)
