"""The model's relationships estimated from data (statsmodels), each with its estimator, sample, estimate,
standard error and residuals, so the model chapter can show every fit and the tests can check that
data/assumptions.yml states what the data give.

- ``import_factor_trend``: the yearly change of Guangdong's thermal generation per unit of electricity use,
  2007-2024 (OLS on the year, Newey-West standard errors): the import factor's change after the last
  observed year (``import_ef_change``).
- ``demand_trend``: the trend of the electricity calibration scale (the recorded total over the model's
  structural demand) over the base year and the recorded years, for the baseline's central run: how much
  faster demand grew than the stated intensities say (``electricity_demand_trend``), carried on after the
  last record.
- ``electricity_elasticity``: Shenzhen's electricity use against real GDP over the intervals between its
  recorded totals (weighted least squares, weights 1 / years): a check of the model's demand growth, not
  an input.
- The base level (``analysis.level``), the records' deviation (``analysis.deviation``) and the
  discrepancy scales (``model.hindcast.calibrate``) have their own modules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm

from carbonpeak.constants import BASE_YEAR
from carbonpeak.inputs import assumptions
from carbonpeak.model import base

SQRT6 = math.sqrt(6)  # a split triangular over estimate -/+ sqrt(6) se has the estimate's standard error
# what each fitted relationship estimates, by its name
LABELS = {
    "import_ef_change": "yearly change of the import factor (Guangdong's thermal share of its use)",
    "electricity_demand_trend": "trend of recorded over structural electricity demand",
    "electricity_elasticity": "elasticity of Shenzhen's electricity use to real GDP",
}


@dataclass(frozen=True)
class Estimate:
    """One estimated relationship: what, how, on which sample, the estimate, its standard error, the fit."""

    name: str
    label: str
    estimator: str
    sample: str
    estimate: float
    standard_error: float
    coefficients: pd.DataFrame = field(compare=False, repr=False)  # term, coefficient, standard error
    residuals: pd.DataFrame = field(compare=False, repr=False)  # x (year or interval end), residual

    def range(self) -> tuple[float, float]:
        """The draws' range: estimate -/+ sqrt(6) standard errors."""
        return self.estimate - SQRT6 * self.standard_error, self.estimate + SQRT6 * self.standard_error


def _coefficients(fit, names) -> pd.DataFrame:
    return pd.DataFrame(
        {"term": list(names), "coefficient": np.asarray(fit.params), "standard error": np.asarray(fit.bse)}
    )


def import_factor_trend() -> Estimate:
    """log(Guangdong thermal generation / electricity use) on the year, 2007-2024, HAC (1 lag)."""
    index = pd.Series(base.guangdong_grid_index(BASE_YEAR))
    y = np.log(index.to_numpy())
    x = index.index.to_numpy(dtype=float) - BASE_YEAR
    fit = sm.OLS(y, sm.add_constant(x)).fit(cov_type="HAC", cov_kwds={"maxlags": 1})
    slope, se = float(fit.params[1]), float(fit.bse[1])
    change = math.expm1(slope)
    return Estimate(
        "import_ef_change",
        LABELS["import_ef_change"],
        "OLS of the log thermal share on the year, Newey-West standard errors (1 lag); change = exp(slope) - 1",
        f"{int(index.index.min())}-{int(index.index.max())}",
        change,
        se * (1 + change),
        _coefficients(fit, ["log share in 2019", "slope per year"]),
        pd.DataFrame({"year": index.index.to_numpy(dtype=int), "residual": np.asarray(fit.resid)}),
    )


def demand_trend(result) -> Estimate:
    """The central draw's log calibration scale on the year over the base year and the recorded years (OLS)."""
    years = [int(result.years[0]), *sorted(base.electricity_record())]
    cols = [int(np.nonzero(result.years == y)[0][0]) for y in years]
    y = np.log(result.calibration[0, cols])
    x = np.asarray(years, dtype=float) - years[-1]
    fit = sm.OLS(y, sm.add_constant(x)).fit()
    return Estimate(
        "electricity_demand_trend",
        LABELS["electricity_demand_trend"],
        "OLS of the log calibration scale on the year (the baseline at its stated values)",
        f"{years[0]}-{years[-1]}",
        float(fit.params[1]),
        float(fit.bse[1]),
        _coefficients(fit, [f"log scale in {years[-1]}", "slope per year"]),
        pd.DataFrame({"year": years, "residual": np.asarray(fit.resid)}),
    )


def electricity_record_with_2010() -> pd.Series:
    """Shenzhen's electricity use by year (TWh): 2010 and 2019 derived, 2020-2024 recorded or derived."""
    out = {2010: base.electricity_2010(), BASE_YEAR: base.base_electricity(BASE_YEAR), **base.electricity_record()}
    return pd.Series(out).sort_index()


def log_real_gdp(first: int, last: int) -> float:
    """log of real GDP in ``last`` over ``first`` from the official yearly rates; a missing year takes the mean
    of its neighbours' rates (2011 and 2015 have none in the data)."""
    rates = base.gdp_real_growth()
    total = 0.0
    for year in range(first + 1, last + 1):
        if year in rates:
            g = rates[year]
        else:
            g = np.mean([rates[y] for y in (year - 1, year + 1) if y in rates])
        total += math.log1p(g)
    return total


def electricity_elasticity() -> Estimate:
    """Shenzhen's electricity use against real GDP over the intervals between recorded totals (WLS)."""
    e = electricity_record_with_2010()
    years = e.index.to_list()
    rows = []
    for a, b in zip(years[:-1], years[1:]):
        rows.append({"end": b, "years": b - a, "dlogE": math.log(e[b] / e[a]), "dlogGDP": log_real_gdp(a, b)})
    df = pd.DataFrame(rows)
    fit = sm.WLS(df["dlogE"], df[["dlogGDP"]], weights=1 / df["years"]).fit()
    return Estimate(
        "electricity_elasticity",
        LABELS["electricity_elasticity"],
        "weighted least squares of the change in log use on the change in log real GDP over each interval "
        "between recorded totals (weights 1 / years), no constant",
        f"{years[0]}-{years[-1]}",
        float(fit.params.iloc[0]),
        float(fit.bse.iloc[0]),
        _coefficients(fit, ["elasticity"]),
        pd.DataFrame({"year": df["end"].to_numpy(), "residual": np.asarray(fit.resid)}),
    )


def stated(name: str) -> dict:
    """The estimate block data/assumptions.yml states for ``name``."""
    block = assumptions.get(name).estimate
    if block is None:
        raise KeyError(f"'{name}' is not an estimated assumption")
    return block


def demand_trend_stated() -> float:
    """The electricity demand trend data/assumptions.yml states (its estimate)."""
    return float(stated("electricity_demand_trend")["estimate"])


def table(estimates) -> pd.DataFrame:
    """The estimates for a page: what, estimator, sample, estimate, standard error."""
    return pd.DataFrame(
        [
            {
                "relationship": e.label,
                "estimator": e.estimator,
                "sample": e.sample,
                "estimate": e.estimate,
                "standard error": e.standard_error,
            }
            for e in estimates
        ]
    )
