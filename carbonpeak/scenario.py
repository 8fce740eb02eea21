"""Scenario paths as arrays of draws (draws x years), and their summaries.

A Kaya-style path grows a base-year value by the product of yearly factors: for draw i and year t,
value = base * prod_k (1 + r_k,i) ** (t - base_year). Every rate is an array of draws (one per draw), so a
whole scenario is one vectorised expression; the seed of the draws fixes the result.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .models import level_name


def growth_paths(base, rates: dict[str, np.ndarray], years, base_year: int) -> np.ndarray:
    """base x prod (1 + rate) ** (year - base_year), as an array of shape (draws, years)."""
    steps = np.asarray(years, dtype=float) - base_year
    factor = np.ones_like(next(iter(rates.values())), dtype=float)
    for rate in rates.values():
        factor = factor * (1.0 + np.asarray(rate, dtype=float))
    return np.asarray(base, dtype=float).reshape(-1, 1) * factor.reshape(-1, 1) ** steps.reshape(1, -1)


def summarise(paths: np.ndarray, years, levels=(0.8, 0.95)) -> pd.DataFrame:
    """Median and central intervals of the draws per year, in the columns of ``models.project``."""
    out = {"year": np.asarray(years, dtype=int), "mean": np.median(paths, axis=0)}
    for level in levels:
        lo, hi = np.quantile(paths, [(1 - level) / 2, (1 + level) / 2], axis=0)
        out[f"lower_{level_name(level)}"] = lo
        out[f"upper_{level_name(level)}"] = hi
    return pd.DataFrame(out)


def kaya_gap(base: float, trend: dict[str, float], plan: dict[str, float], steps: int):
    """LMDI of plan minus trend after ``steps`` years, when both grow ``base`` by yearly rates per factor
    (same factor names in both). The effects add up to the gap exactly."""
    import pandas as pd

    from .decompose import lmdi

    if list(trend) != list(plan):
        raise ValueError("trend and plan need the same factors")
    names = list(trend)

    def factors(rates):
        row = {k: (1 + rates[k]) ** steps for k in names}
        row[names[0]] *= base  # carry the base level in the first factor
        return pd.DataFrame([row])

    return lmdi(factors(trend), factors(plan))
