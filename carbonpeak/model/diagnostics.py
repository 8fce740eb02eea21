"""Checks of a model run that the model chapter shows: the seam where observed drivers end.

A model that runs on observed drivers to 2024 and on assumptions afterwards can put a kink into every path
at 2024, and a peak rule then finds the maximum there because the data stop there. ``seam_growth`` gives
the median growth of each quantity across the last observed year; ``seam_peaks`` the share of draws whose
peak falls in the years around it, for runs with and without the structural discrepancy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak.model import base, outcomes

QUANTITIES = {
    "electricity demand": lambda r: sum(r.demand.values()),
    "import factor": lambda r: r.import_ef,
    "territorial CO2": lambda r: r.territorial,
    "CO2 with imported electricity": lambda r: r.with_imports,
}


def last_observed_year() -> int:
    """The last year of observed drivers (the last electricity total)."""
    return max(base.electricity_record())


def seam_growth(result, year: int | None = None) -> pd.DataFrame:
    """Median yearly growth (%) of each quantity in the two years up to ``year`` and the two after it."""
    year = last_observed_year() if year is None else year
    years = list(result.years)
    spans = [(y - 1, y) for y in (year - 1, year, year + 1, year + 2) if y - 1 in years and y in years]
    rows = []
    for name, get in QUANTITIES.items():
        x = get(result)
        row = {"quantity": name}
        for a, b in spans:
            row[f"{a}-{b}"] = float(np.median(x[:, years.index(b)] / x[:, years.index(a)] - 1) * 100)
        rows.append(row)
    return pd.DataFrame(rows)


def seam_peaks(results: dict, horizon_end: int, year: int | None = None, rule_years: int = 5) -> pd.DataFrame:
    """Share of draws (%) whose peak (N-years rule) falls in each year from ``year`` - 2 to ``year`` + 2, per
    run (label -> core.Result) and boundary."""
    year = last_observed_year() if year is None else year
    rows = []
    for label, result in results.items():
        for boundary in outcomes.BOUNDARIES:
            status = outcomes.apply_rule(result, boundary, "n_years", rule_years, rule_start=2005)
            shares = outcomes.peak_year_shares(status, year - 2, horizon_end)
            row = {"run": label, "boundary": boundary}
            row.update({str(y): float(shares.get(y, 0.0)) * 100 for y in range(year - 2, year + 3)})
            rows.append(row)
    return pd.DataFrame(rows)
