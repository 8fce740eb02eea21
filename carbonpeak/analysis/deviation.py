"""How far a city inventory's recorded values stray from the city's smooth path, estimated from the CEADs
290-city panel: an AR(1) deviation with stationary spread ``sigma`` and year-to-year persistence ``rho``.

Why AR(1). Second differences of log CO2 around a local straight line, r_k(t) = x(t) - (x(t-k) + x(t+k)) / 2,
would have the same spread at every spacing k if recorded values scattered independently around a smooth
path. In the panel the spread grows with k (0.10 at k = 1, 0.14 at k = 2): deviations persist for several
years (statistics revisions, a plant's closure, a boom). For an AR(1) deviation with stationary variance
sigma^2 and autocorrelation rho,

    var r_k = sigma^2 (3/2 - 2 rho^k + rho^(2k) / 2)

(a smooth path's curvature adds little at k = 1 and 2), so the ratio of the spreads at k = 1 and 2 gives rho
and then sigma. Spreads are robust: the central 80 % range of the panel's r_k over 2 x 1.2816, the sd of a
normal with the same central 80 % (the book's bands are 80 %), so a few extreme cities do not decide them.
Standard errors come from a bootstrap over cities (seeded), taken robustly (1.4826 x the median absolute
deviation of the bootstrap estimates) because a resample whose ratio nears its limit sends rho to its cap.

Shenzhen is left out of the panel, so its own record never sets how far a record may stray: a hindcast of
Shenzhen from any origin reads these parameters as properties of the inventory.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from scipy.stats import norm

from carbonpeak import data
from carbonpeak.constants import SEED, SHENZHEN

Z80 = float(norm.ppf(0.9))  # half-width of a central 80 % normal interval, in sd
RHO_CAP = 0.95  # persistence beyond this cannot be told from a random walk in 20 years of records
BOOTSTRAP_REPS = 200


@dataclass(frozen=True)
class Deviation:
    """An AR(1) deviation of recorded log CO2 from the smooth path, with bootstrap standard errors."""

    sigma: float  # stationary sd of the deviation (log units)
    rho: float  # year-to-year autocorrelation
    sigma_se: float
    rho_se: float
    cities: int
    differences: int  # second differences at spacing 1 the estimate rests on

    @property
    def innovation_sd(self) -> float:
        """The sd of the yearly shock that keeps the stationary sd at ``sigma``."""
        return self.sigma * float(np.sqrt(1 - self.rho**2))


def spread80(x: np.ndarray) -> float:
    """The sd of a normal with the same central 80 % range as ``x``."""
    lo, hi = np.quantile(x, [0.1, 0.9])
    return float((hi - lo) / (2 * Z80))


def second_differences(log_wide: np.ndarray, k: int) -> np.ndarray:
    """r_k(t) = x(t) - (x(t-k) + x(t+k)) / 2 for every city (column) and year (row) where all three exist."""
    r = log_wide[k:-k] - (log_wide[: -2 * k] + log_wide[2 * k :]) / 2
    return r[np.isfinite(r)]


def variance_factor(rho: float, k: int) -> float:
    """var r_k / sigma^2 for an AR(1) deviation (the formula in the module docstring)."""
    return 1.5 - 2 * rho**k + 0.5 * rho ** (2 * k)


def solve(s1: float, s2: float) -> tuple[float, float]:
    """(sigma, rho) from the spreads at spacings 1 and 2: rho from their ratio (0 when the ratio is at most 1,
    independent scatter; capped at RHO_CAP), then sigma."""

    def gap(r: float) -> float:
        return variance_factor(r, 2) / variance_factor(r, 1) - (s2 / s1) ** 2

    if gap(0.0) >= 0:
        rho = 0.0
    elif gap(RHO_CAP) <= 0:
        rho = RHO_CAP
    else:
        rho = brentq(gap, 0.0, RHO_CAP)
    return float(s1 / np.sqrt(variance_factor(rho, 1))), float(rho)


def panel(exclude: tuple = (SHENZHEN,)) -> np.ndarray:
    """Log CO2 of every CEADs city but ``exclude``: years x cities, NaN for gaps."""
    df = data.load("city_co2")
    df = df[(~df["region"].isin(exclude)) & (df["value"] > 0)]
    wide = df.pivot_table(index="year", columns="region", values="value")
    wide = wide.reindex(range(int(wide.index.min()), int(wide.index.max()) + 1))
    return np.log(wide.to_numpy())


def estimate(log_wide: np.ndarray) -> tuple[float, float]:
    """(sigma, rho) of a panel of log series (years x cities)."""
    return solve(spread80(second_differences(log_wide, 1)), spread80(second_differences(log_wide, 2)))


def robust_sd(x: np.ndarray) -> float:
    """1.4826 x the median absolute deviation: the sd of a normal, unmoved by a few extreme values."""
    return float(1.4826 * np.median(np.abs(x - np.median(x))))


@lru_cache(maxsize=4)
def panel_deviation(reps: int = BOOTSTRAP_REPS, seed: int = SEED) -> Deviation:
    """The panel's AR(1) deviation (Shenzhen left out), with a seeded bootstrap over cities."""
    wide = panel()
    sigma, rho = estimate(wide)
    rng = np.random.default_rng(seed)
    boot = np.array([estimate(wide[:, rng.integers(0, wide.shape[1], wide.shape[1])]) for _ in range(reps)])
    return Deviation(
        sigma, rho, robust_sd(boot[:, 0]), robust_sd(boot[:, 1]), wide.shape[1], len(second_differences(wide, 1))
    )


def ar1_paths(z: np.ndarray, dev: Deviation, start: np.ndarray | None = None) -> np.ndarray:
    """AR(1) deviations (draws x years) from standard normal shocks ``z``; the first year is ``start`` (draws)
    where given, else a draw from the stationary distribution."""
    z = np.asarray(z, dtype=float)
    u = np.empty_like(z)
    u[:, 0] = dev.sigma * z[:, 0] if start is None else np.asarray(start, dtype=float)
    shock = dev.innovation_sd * z
    for j in range(1, z.shape[1]):
        u[:, j] = dev.rho * u[:, j - 1] + shock[:, j]
    return u


def table(dev: Deviation) -> pd.DataFrame:
    """The estimate as rows for a page: parameter, estimate, standard error."""
    rows = [
        ("deviation of a record from the smooth path (sd, log)", dev.sigma, dev.sigma_se),
        ("the deviation's year-to-year persistence", dev.rho, dev.rho_se),
    ]
    return pd.DataFrame(rows, columns=["parameter", "estimate", "standard error"])
