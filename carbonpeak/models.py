"""Projections with intervals, and the peak rule.

``project(series, horizon, method, levels)`` is the one entry point every chapter and the backtest use.

Gaps. ``series`` is indexed by integer year and may miss years (CEADs Shenzhen lacks 2004-2007 and
2017). No method fills a gap with invented values:

- naive and drift use the observed points and the real number of years between them (a change over a
  two-year gap counts as two steps of a random walk);
- loglinear fits its OLS line through the observed points only;
- ets and arima are state-space models: the series is laid on a full annual grid with the gaps as
  missing values, and the Kalman filter skips them.

Leading and trailing missing values are dropped; the forecast starts the year after the last observation.

Scale. With ``log=True`` (the default) a method works on log values and the result is transformed back,
so intervals stay positive and growth is multiplicative; ``mean`` is then the median of the forecast
distribution. ``log=False`` works on levels (for series that can be zero or negative).

Default method. On CEADs city CO2, "no change" beats trend extrapolation out of sample (rolling-origin
MASE medians: naive 1.30, drift 2.04, damped ETS 1.97; a drift model's 80 % interval covered only 60 %).
Until the backtest chooses on evidence, ``method="default"`` is naive with random-walk intervals.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm

from .errors import ModelError

DEFAULT_METHOD = "naive"
MIN_OBSERVATIONS = {"naive": 2, "drift": 3, "loglinear": 3, "ets": 6, "arima": 6}
METHODS = tuple(MIN_OBSERVATIONS)
METHOD_LABELS = {
    "naive": "no change (random walk)",
    "drift": "random walk with drift",
    "loglinear": "log-linear trend (OLS)",
    "ets": "damped-trend exponential smoothing (state space)",
    "arima": "ARIMA(1,1,0) with drift",
}


def level_name(level: float) -> str:
    """Column suffix for an interval level: 0.8 -> '80', 0.975 -> '97_5'."""
    return f"{level * 100:g}".replace(".", "_")


def interval_columns(levels=(0.8, 0.95)) -> list[str]:
    cols = ["year", "mean"]
    for level in levels:
        cols += [f"lower_{level_name(level)}", f"upper_{level_name(level)}"]
    return cols


def resolve_method(method: str) -> str:
    name = DEFAULT_METHOD if method == "default" else method
    if name not in METHODS:
        raise ModelError(f"unknown method '{method}'; choose one of: default, {', '.join(METHODS)}")
    return name


def clean_series(series: pd.Series, log: bool = True) -> pd.Series:
    """Observed points of ``series`` as floats indexed by int year, sorted; errors name what is wrong."""
    if not isinstance(series, pd.Series):
        raise ModelError(f"series must be a pandas Series indexed by year, got {type(series).__name__}")
    if not pd.api.types.is_integer_dtype(series.index):
        raise ModelError("series must be indexed by integer years")
    if series.index.has_duplicates:
        raise ModelError(f"series has duplicate years: {sorted(series.index[series.index.duplicated()].unique())}")
    out = pd.to_numeric(series, errors="coerce").astype(float).sort_index().dropna()
    if log and (out <= 0).any():
        raise ModelError(f"log=True needs positive values; {series.name or 'series'} has "
                         f"{int((out <= 0).sum())} value(s) <= 0 (use log=False)")
    return out


def project(series: pd.Series, horizon: int, method: str = "default", levels=(0.8, 0.95),
            log: bool = True) -> pd.DataFrame:
    """Project ``series`` ``horizon`` years past its last observation.

    Returns a DataFrame with columns year, mean, lower_80, upper_80, lower_95, upper_95 (one pair per
    level). ``attrs`` records the method, scale, the observations used and any warnings from statsmodels.
    """
    name = resolve_method(method)
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
        raise ModelError(f"horizon must be a whole number of years >= 1, got {horizon!r}")
    levels = tuple(levels)
    if not levels or any(not (0 < float(lv) < 1) for lv in levels) or len(set(levels)) != len(levels):
        raise ModelError(f"levels must be distinct numbers strictly between 0 and 1, got {levels!r}")
    obs = clean_series(series, log)
    if len(obs) < MIN_OBSERVATIONS[name]:
        raise ModelError(f"method '{name}' needs at least {MIN_OBSERVATIONS[name]} observations; "
                         f"{series.name or 'series'} has {len(obs)}")
    z = np.log(obs) if log else obs
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        mean, se = _FORECASTERS[name](z, int(horizon))
    last = int(obs.index[-1])
    out = {"year": np.arange(last + 1, last + horizon + 1), "mean": mean}
    for level in levels:
        q = norm.ppf(0.5 + float(level) / 2)
        out[f"lower_{level_name(level)}"] = mean - q * se
        out[f"upper_{level_name(level)}"] = mean + q * se
    df = pd.DataFrame(out)
    if log:
        df.iloc[:, 1:] = np.exp(df.iloc[:, 1:].to_numpy())
    df.attrs = {"method": name, "label": METHOD_LABELS[name], "log": log, "n_obs": len(obs),
                "first_year": int(obs.index[0]), "last_year": last,
                "warnings": sorted({f"{w.category.__name__}: {w.message}" for w in caught})}
    return df[interval_columns(levels)]


def _steps(z: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Changes between consecutive observations and the years each spans."""
    years = z.index.to_numpy()
    return np.diff(z.to_numpy()), np.diff(years).astype(float)


def _naive(z: pd.Series, h: int):
    d, g = _steps(z)
    sigma2 = np.mean(d ** 2 / g)  # random walk without drift: Var(change over g years) = g * sigma^2
    steps = np.arange(1, h + 1)
    return np.full(h, z.iloc[-1]), np.sqrt(sigma2 * steps)


def _drift(z: pd.Series, h: int):
    d, g = _steps(z)
    span = float(g.sum())
    mu = (z.iloc[-1] - z.iloc[0]) / span
    resid = d - mu * g
    sigma2 = np.sum(resid ** 2 / g) / max(len(d) - 1, 1)
    steps = np.arange(1, h + 1)
    # Hyndman & Athanasopoulos (FPP3, 5.5): drift forecast variance sigma^2 * h * (1 + h / T)
    return z.iloc[-1] + mu * steps, np.sqrt(sigma2 * steps * (1 + steps / span))


def _loglinear(z: pd.Series, h: int):
    import statsmodels.api as sm

    years = z.index.to_numpy(dtype=float)
    fit = sm.OLS(z.to_numpy(), sm.add_constant(years)).fit()
    future = np.arange(years[-1] + 1, years[-1] + h + 1)
    pred = fit.get_prediction(sm.add_constant(future, has_constant="add"))
    se = np.sqrt(pred.se_mean ** 2 + fit.scale)  # a new observation: parameter and residual variance
    return pred.predicted_mean, se


def _on_annual_grid(z: pd.Series) -> np.ndarray:
    years = np.arange(int(z.index[0]), int(z.index[-1]) + 1)
    return z.reindex(years).to_numpy()


def _ets(z: pd.Series, h: int):
    from statsmodels.tsa.statespace.exponential_smoothing import ExponentialSmoothing

    fit = ExponentialSmoothing(_on_annual_grid(z), trend=True, damped_trend=True,
                               initialization_method="concentrated").fit(disp=False)
    fc = fit.get_forecast(h)
    return np.asarray(fc.predicted_mean), np.asarray(fc.se_mean)


def _arima(z: pd.Series, h: int):
    from statsmodels.tsa.arima.model import ARIMA

    fit = ARIMA(_on_annual_grid(z), order=(1, 1, 0), trend="t").fit()
    fc = fit.get_forecast(h)
    return np.asarray(fc.predicted_mean), np.asarray(fc.se_mean)


_FORECASTERS = {"naive": _naive, "drift": _drift, "loglinear": _loglinear, "ets": _ets, "arima": _arima}


@dataclass(frozen=True)
class Peak:
    """Outcome of the peak rule on one path."""

    peaked: bool
    year: int | None  # year of the maximum (the peak if ``peaked``)
    value: float | None
    years_after: int  # observed years after the maximum
    rule_years: int

    def statement(self, unit: str = "") -> str:
        unit = f" {unit}" if unit else ""
        if self.year is None:
            return "No data: the peak rule cannot be applied."
        if self.peaked:
            return (f"Peaked in {self.year} at {self.value:,.1f}{unit}: the maximum is followed by "
                    f"{self.years_after} years, all below it (rule: at least {self.rule_years}).")
        return (f"Not yet peaked: the highest value, {self.value:,.1f}{unit} in {self.year}, is followed by only "
                f"{self.years_after} year(s) (rule: at least {self.rule_years} years below the maximum).")


def peak(path: pd.Series, rule_years: int = 5) -> Peak:
    """The peak rule: the path's maximum counts as its peak when at least ``rule_years`` observed years
    follow it, all below it. Ties go to the later year (a path that returns to its maximum has not
    peaked before). Missing years are not counted as years below the maximum.
    """
    if isinstance(rule_years, bool) or not isinstance(rule_years, (int, np.integer)) or rule_years < 1:
        raise ModelError(f"rule_years must be a whole number >= 1, got {rule_years!r}")
    obs = clean_series(path, log=False)
    if obs.empty:
        return Peak(False, None, None, 0, int(rule_years))
    values = obs.to_numpy()
    top = len(values) - 1 - int(np.argmax(values[::-1]))  # last occurrence of the maximum
    after = len(values) - 1 - top
    return Peak(after >= rule_years, int(obs.index[top]), float(values[top]), int(after), int(rule_years))
