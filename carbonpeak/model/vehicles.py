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

from carbonpeak.cache import storable
from carbonpeak.errors import ModelError

MAX_AGE = 40  # years a vintage is followed (survival is negligible beyond this for the lifetimes in range)
AGES = np.arange(MAX_AGE + 1)  # a vintage's age in years, 0 to MAX_AGE


def weibull_survival(mean_life, shape, ages=AGES) -> np.ndarray:
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
    """NEV share of sales per draw and year on the logistic curve share_max / (1 + exp(-k (t - t0)))."""
    t = np.asarray(years, dtype=float).reshape(1, -1)
    return np.asarray(share_max).reshape(-1, 1) / (
        1 + np.exp(-np.asarray(k).reshape(-1, 1) * (t - np.asarray(t0).reshape(-1, 1)))
    )


@storable
@dataclass
class Fleet:
    """The road fleet per draw and year: vehicles in use at year end (all, NEVs, ICE), sales and the NEV share
    of sales."""

    years: np.ndarray
    total: np.ndarray  # draws x years, vehicles in use at year end
    nev: np.ndarray
    ice: np.ndarray
    sales: np.ndarray
    nev_share_of_sales: np.ndarray


def simulate(years, stock, mean_life, shape, share_max, share_years, shares, history_growth) -> Fleet:
    """Year-end fleet by drive (draws x years). ``stock`` is the target year-end stock (draws x years).

    Vintage bookkeeping: the vehicles of vintage v still in use in year t are sales_v x S(t - v), S the
    survival curve; the start-year fleet's vintages age the same way. Each year's sales fill the gap
    between the target stock and the survivors."""
    years = np.asarray(years)
    stock = np.asarray(stock, dtype=float)
    n, horizon = stock.shape
    ages = np.arange(MAX_AGE + 1)
    surv = weibull_survival(mean_life, shape, np.arange(MAX_AGE + horizon + 1))  # draws x ages
    k, t0 = logistic_fit(share_max, share_years, shares)
    # start-year fleet: vintages in proportion to (1 + g)^-age x survival, scaled to the first year's stock;
    # ``sold`` is each vintage's original sales, so survivors in year j are sold x S(age + j)
    weights = (1 + np.asarray(history_growth, dtype=float).reshape(-1, 1)) ** (-ages.reshape(1, -1)) * surv[
        :, : MAX_AGE + 1
    ]
    start = stock[:, [0]] * weights / weights.sum(axis=1, keepdims=True)
    alive = surv[:, : MAX_AGE + 1]
    sold = np.divide(start, alive, out=np.zeros_like(start), where=alive > 0)
    sold_nev = sold * logistic_share(share_max, k, t0, years[0] - ages)
    share = logistic_share(share_max, k, t0, years)
    total, nev, sales = np.empty((n, horizon)), np.empty((n, horizon)), np.zeros((n, horizon))
    total[:, 0], nev[:, 0], sales[:, 0] = (
        start.sum(axis=1),
        (sold_nev * surv[:, : MAX_AGE + 1]).sum(axis=1),
        start[:, 0],
    )
    # survivors of the start-year fleet in every year at once: sum over ages of sold x S(age + j)
    windows = np.lib.stride_tricks.sliding_window_view(surv, MAX_AGE + 1, axis=1)[:, :horizon, :]
    old_all = np.einsum("na,nja->nj", sold, windows)
    old_nev_all = np.einsum("na,nja->nj", sold_nev, windows)
    for j in range(1, horizon):
        old, old_nev = old_all[:, j], old_nev_all[:, j]
        recent = surv[:, j - 1 : 0 : -1]  # ages j-1 .. 1 for the vintages sold in model years 1 .. j-1
        newer = (sales[:, 1:j] * recent).sum(axis=1)
        newer_nev = (sales[:, 1:j] * share[:, 1:j] * recent).sum(axis=1)
        sales[:, j] = np.maximum(stock[:, j] - old - newer, 0.0)
        total[:, j] = old + newer + sales[:, j]
        nev[:, j] = old_nev + newer_nev + sales[:, j] * share[:, j]
    return Fleet(years, total, nev, total - nev, sales, share)
