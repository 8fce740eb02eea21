"""Shenzhen's territorial CO2 level and trend, filtered from two records, so the city model starts from a
level rather than from one inventory year.

The state-space model (statsmodels ``MLEModel``), in logs, per year t:

    CEADs(t)        = mu(t) + u(t)                   u, v: each record's AR(1) deviation from the path
    county sum(t)   = mu(t) + c + v(t)               c: the top-down series' level offset
    mu(t + 1)       = mu(t) + beta(t) + level shock
    beta(t + 1)     = beta(t) + slope shock

Both records are treated alike: each strays from the common path as city records do in the 290-city panel
(``analysis.deviation``: spread and persistence fixed at the panel's estimates). So a jump in one record
(CEADs 2016-2018) is read partly as a deviation that fades and partly as a move of the path, in the
proportion the panel's deviations and the record's own trend shocks imply; the top-down county series
(night-light downscaling, which saturates in dense cores) gets no more weight than the inventory.
Estimated by maximum likelihood on the records up to ``through``: the offset c and the two trend shocks.
The filtered state at ``through`` (level, slope, both deviations) and its covariance start the city model
and the hindcasts; nothing after ``through`` is read.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from statsmodels.tools.sm_exceptions import ConvergenceWarning
from statsmodels.tsa.statespace.mlemodel import MLEModel

from carbonpeak import data
from carbonpeak.analysis.deviation import Deviation, panel_deviation
from carbonpeak.cache import storable
from carbonpeak.constants import SHENZHEN
from carbonpeak.errors import ModelError

COUNTY_VARIABLE = "co2_districts_sum"
FIRST_YEAR = 1997  # the first year of either record
PARAMS = ("county offset", "level shock (variance)", "slope shock (variance)")
PARAM_DECIMALS = 6  # log units: far finer than the data pin them, far coarser than an optimiser's last digits
STATES = ("log level", "slope", "CEADs deviation", "county deviation")


class RecordTrend(MLEModel):
    """Two records of one city's log CO2 sharing a local linear trend, each with an AR(1) deviation."""

    def __init__(self, endog: np.ndarray, deviation: Deviation):
        sigma, rho = deviation.sigma, deviation.rho
        seen = np.isfinite(endog)
        start = endog[seen.any(axis=1)][0]
        start = start[0] if np.isfinite(start[0]) else start[1]
        super().__init__(
            endog,
            k_states=4,
            initialization="known",
            initial_state=np.array([start, 0.0, 0.0, 0.0]),
            initial_state_cov=np.diag([1.0, 0.1**2, sigma**2, sigma**2]),
        )
        self.deviation = deviation
        self["design"] = np.array([[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 1.0]])
        self["transition"] = np.array(
            [[1.0, 1.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, rho, 0.0], [0.0, 0.0, 0.0, rho]]
        )
        self["selection"] = np.eye(4)
        self["obs_cov"] = np.zeros((2, 2))

    @property
    def param_names(self) -> list[str]:
        return list(PARAMS)

    @property
    def start_params(self) -> np.ndarray:
        return np.array([0.0, 0.01, 0.01])

    def transform_params(self, unconstrained):
        out = np.array(unconstrained, dtype=float)
        out[1:] = out[1:] ** 2
        return out

    def untransform_params(self, constrained):
        out = np.array(constrained, dtype=float)
        out[1:] = np.sqrt(out[1:])
        return out

    def update(self, params, **kwargs):
        params = super().update(params, **kwargs)
        shock = self.deviation.innovation_sd**2
        self["obs_intercept"] = np.array([[0.0], [params[0]]])
        self["state_cov"] = np.diag([params[1], params[2], shock, shock])


@storable
@dataclass(frozen=True)
class Level:
    """The filtered state at ``year``: mean and covariance of (log level, slope, deviation), and the fit."""

    year: int
    mean: np.ndarray  # STATES: log level, slope per year, the CEADs and the county record's deviations
    cov: np.ndarray
    params: dict
    loglike: float
    records: int

    @property
    def level(self) -> float:
        """The filtered level in Mt CO2 (the median of its lognormal)."""
        return float(np.exp(self.mean[0]))

    def draws(self, z: np.ndarray) -> np.ndarray:
        """States for standard normal rows ``z`` (draws x 4): mean + Cholesky factor x z."""
        chol = np.linalg.cholesky(self.cov + 1e-12 * np.eye(len(self.mean)))
        return self.mean + np.asarray(z, dtype=float) @ chol.T


def records(through: int) -> pd.DataFrame:
    """Log CEADs and log county-level CO2 of Shenzhen, one row per year from FIRST_YEAR to ``through``."""
    years = range(FIRST_YEAR, int(through) + 1)
    ceads = data.series("city_co2", SHENZHEN, "co2")
    county = data.load("county_co2")
    county = county[(county["region"] == SHENZHEN) & (county["variable"] == COUNTY_VARIABLE)]
    county = county.set_index("year")["value"]
    return pd.DataFrame(
        {"ceads": np.log(ceads.reindex(years)), "county": np.log(county.reindex(years))}, index=pd.Index(years)
    )


@lru_cache(maxsize=32)
def territorial_level(through: int) -> Level:
    """The filtered state of Shenzhen's territorial CO2 at ``through`` from the records up to that year."""
    rec = records(through)
    if rec["ceads"].notna().sum() < 3:
        raise ModelError(f"CEADs has fewer than three Shenzhen values up to {through}: no level can be filtered")
    model = RecordTrend(rec.to_numpy(), panel_deviation())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        fit = model.fit(disp=False, maxiter=1000, method="nm")
        fit = model.fit(fit.params, disp=False, maxiter=200)
    # An optimiser's last digits depend on the CPU's BLAS kernel; the parameters, rounded to what the data
    # support, and the state filtered with them are the same on every machine.
    fit = model.filter(np.round(np.asarray(fit.params, dtype=float), PARAM_DECIMALS))
    return Level(
        int(through),
        _rounded(fit.filtered_state[:, -1]),
        _rounded(fit.filtered_state_cov[:, :, -1]),
        dict(zip(PARAMS, np.asarray(fit.params, dtype=float).tolist())),
        float(fit.llf),
        int(rec.notna().to_numpy().sum()),
    )


def _rounded(x) -> np.ndarray:
    """``x`` to 9 significant digits: float sums in the filter differ across CPUs far below that."""
    return np.vectorize(lambda v: float(f"{v:.9g}"))(np.asarray(x, dtype=float))


def filtered_path(through: int) -> pd.DataFrame:
    """The smoothed level (Mt) for every year to ``through`` with the records, for a page's figure."""
    rec = records(through)
    model = RecordTrend(rec.to_numpy(), panel_deviation())
    lvl = territorial_level(through)
    fit = model.smooth(np.array([lvl.params[p] for p in PARAMS]))
    sd = np.sqrt(fit.smoothed_state_cov[0, 0, :])
    return pd.DataFrame(
        {
            "year": rec.index.to_numpy(),
            "level": np.exp(fit.smoothed_state[0]),
            "lower_80": np.exp(fit.smoothed_state[0] - 1.2816 * sd),
            "upper_80": np.exp(fit.smoothed_state[0] + 1.2816 * sd),
            "CEADs": np.exp(rec["ceads"].to_numpy()),
            "county-level sum": np.exp(rec["county"].to_numpy()),
        }
    )
