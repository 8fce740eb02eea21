"""Road vehicles as a stock that turns over: survival-based scrappage and an S-shaped NEV share of sales.

Stock. The total number of vehicles follows a path (observed points, then milestone growth rates). Each
year the surviving vehicles of every past vintage are counted with a Weibull survival curve; sales are what
it takes to reach the year's stock (never negative: if more survive than the path asks for, the stock
follows the survivors).

NEV share of sales. A logistic curve s(t) = s_max / (1 + exp(-k (t - t0))), fitted per draw (k, t0 by
least squares on logit(s / s_max), a closed form) to the observed shares of new registrations; s_max is an
assumption. The fleet's NEVs then follow from sales and scrappage: the observed NEV stock figures are
calibration targets the model is checked against, not inputs.

The start-year fleet has the age structure of a stock that grew at ``history_growth`` a year with the same
survival curve, its NEVs those the logistic gives for past sales.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import gamma

from ..errors import ModelError

MAX_AGE = 40  # years a vintage is followed (survival is negligible beyond this for the lifetimes in range)


def weibull_survival(mean_life, shape, ages=np.arange(MAX_AGE + 1)) -> np.ndarray:
    """Share of a vintage still in use at each age (draws x ages), Weibull with the given mean and shape."""
    mean_life = np.asarray(mean_life, dtype=float).reshape(-1, 1)
    shape = np.asarray(shape, dtype=float).reshape(-1, 1)
    scale = mean_life / gamma(1 + 1 / shape)
    return np.exp(-((np.asarray(ages, dtype=float).reshape(1, -1) / scale) ** shape))


def logistic_fit(share_max, years, shares) -> tuple[np.ndarray, np.ndarray]:
    """(k, t0) per draw so that logit(share / share_max) = k (t - t0) fits the observed shares (OLS)."""
    share_max = np.asarray(share_max, dtype=float).reshape(-1, 1)
    years = np.asarray(years, dtype=float).reshape(1, -1)
    shares = np.asarray(shares, dtype=float).reshape(1, -1)
    if (share_max <= shares.max()).any():
        raise ModelError(f"the NEV sales-share ceiling must exceed the highest observed share ({shares.max():.3f})")
    y = np.log(shares / (share_max - shares))
    t_mean, y_mean = years.mean(), y.mean(axis=1, keepdims=True)
    k = ((years - t_mean) * (y - y_mean)).sum(axis=1, keepdims=True) / ((years - t_mean) ** 2).sum()
    if (k <= 0).any():
        raise ModelError("observed NEV sales shares do not rise: the logistic cannot be fitted")
    t0 = t_mean - y_mean / k
    return k[:, 0], t0[:, 0]


def logistic_share(share_max, k, t0, years) -> np.ndarray:
    t = np.asarray(years, dtype=float).reshape(1, -1)
    return np.asarray(share_max).reshape(-1, 1) / (1 + np.exp(-np.asarray(k).reshape(-1, 1) * (t - np.asarray(t0).reshape(-1, 1))))


@dataclass
class Fleet:
    years: np.ndarray
    total: np.ndarray  # draws x years, vehicles in use at year end
    nev: np.ndarray
    ice: np.ndarray
    sales: np.ndarray
    nev_share_of_sales: np.ndarray


def simulate(years, stock, mean_life, shape, share_max, share_years, shares, history_growth) -> Fleet:
    """Year-end fleet by drive (draws x years). ``stock`` is the target year-end stock (draws x years)."""
    years = np.asarray(years)
    stock = np.asarray(stock, dtype=float)
    n, horizon = stock.shape
    surv = weibull_survival(mean_life, shape)  # draws x ages
    step = np.ones_like(surv)
    step[:, 1:] = np.divide(surv[:, 1:], surv[:, :-1], out=np.zeros_like(surv[:, 1:]), where=surv[:, :-1] > 0)
    k, t0 = logistic_fit(share_max, share_years, shares)
    ages = np.arange(MAX_AGE + 1)
    # start-year fleet: vintages in proportion to (1 + g)^-age x survival, scaled to the first year's stock
    weights = (1 + np.asarray(history_growth, dtype=float).reshape(-1, 1)) ** (-ages.reshape(1, -1)) * surv
    cohorts = stock[:, [0]] * weights / weights.sum(axis=1, keepdims=True)
    past_share = logistic_share(share_max, k, t0, years[0] - ages)  # share of NEVs in each vintage's sales
    nev_cohorts = cohorts * past_share
    share = logistic_share(share_max, k, t0, years)
    total = np.empty((n, horizon))
    nev = np.empty((n, horizon))
    sales = np.empty((n, horizon))
    total[:, 0], nev[:, 0] = cohorts.sum(axis=1), nev_cohorts.sum(axis=1)
    sales[:, 0] = cohorts[:, 0]
    for j in range(1, horizon):
        cohorts = np.hstack([np.zeros((n, 1)), cohorts[:, :-1] * step[:, 1:]])
        nev_cohorts = np.hstack([np.zeros((n, 1)), nev_cohorts[:, :-1] * step[:, 1:]])
        new = np.maximum(stock[:, j] - cohorts.sum(axis=1), 0.0)
        cohorts[:, 0] = new
        nev_cohorts[:, 0] = new * share[:, j]
        total[:, j], nev[:, j], sales[:, j] = cohorts.sum(axis=1), nev_cohorts.sum(axis=1), new
    return Fleet(years, total, nev, total - nev, sales, share)
