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

Default method. ``method="default"`` is the method the rolling-origin backtest over all CEADs city series
and Guangdong's sector series supports (``carbonpeak.analysis.backtest``, appendix "How good are these
projections?"): no change (naive), which had the lowest median MASE of ten methods. Its intervals are
calibrated: the point forecast times exp(+-q x sigma x sqrt(h)), sigma the series' random-walk sigma of
log changes and q the empirical quantile of the backtest's standardised errors at that horizon
(data/processed/backtest_calibration.csv; beyond the fifth year the fifth year's quantile is used). The
calibration comes from CO2 series; for other drivers a chapter names its method explicitly.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from scipy.stats import norm

from carbonpeak import locations
from carbonpeak.analysis import peaks
from carbonpeak.constants import level_name
from carbonpeak.data import verify
from carbonpeak.data.compiled import read_checked
from carbonpeak.errors import ModelError

DEFAULT_METHOD = "naive"
MIN_OBSERVATIONS = {
    "naive": 2,
    "mean3": 3,
    "drift": 3,
    "damped_drift": 3,
    "loglinear": 3,
    "gm11": 4,
    "ets": 6,
    "arima": 6,
}
METHODS = tuple(MIN_OBSERVATIONS)
METHOD_LABELS = {
    "naive": "no change (random walk)",
    "mean3": "mean of the last 3 observations",
    "drift": "random walk with drift",
    "damped_drift": "random walk with damped drift",
    "loglinear": "log-linear trend (OLS)",
    "gm11": "grey model GM(1,1)",
    "ets": "damped-trend exponential smoothing (state space)",
    "arima": "ARIMA(1,1,0) with drift",
}
# Damping of the drift in "damped_drift": each year keeps 80 % of the previous year's drift. 0.8 is the
# lower end of the range Hyndman & Athanasopoulos (FPP3, 8.2) give for the damping parameter (0.8-0.98);
# fixed before the backtest, not tuned on it.
DRIFT_DAMPING = 0.8
MEAN_WINDOW = 3  # observations averaged by "mean3"
GM_WINDOW = 10  # most recent consecutive years GM(1,1) is fitted to


def interval_columns(levels=(0.8, 0.95)) -> list[str]:
    """Columns of a projection table: year, mean, and the lower and upper bound for each level."""
    cols = ["year", "mean"]
    for level in levels:
        cols += [f"lower_{level_name(level)}", f"upper_{level_name(level)}"]
    return cols


CALIBRATION_FILE = "backtest_calibration.csv"


@lru_cache(maxsize=1)
def _calibration_table() -> pd.DataFrame:
    path = locations.PROCESSED / CALIBRATION_FILE
    if not path.exists():
        raise ModelError(f"{path} is missing: run `make backtest` to calibrate the default method")
    verify(path)  # an edited or stale table names the command that rebuilds it
    return read_checked(path, "processed", ["h"], dtype=None, keep_default_na=True).sort_values("h")


def calibration_quantiles(level: float) -> np.ndarray:
    """|standardised error| quantiles for h = 1, 2, ... from the backtest, for one interval level."""
    path = locations.PROCESSED / CALIBRATION_FILE
    table = _calibration_table()
    column = f"q_{level_name(level)}"
    if column not in table.columns:
        levels = [float(c[2:].replace("_", ".")) / 100 for c in table.columns if c.startswith("q_")]
        raise ModelError(
            f"the default method is calibrated for levels {levels} only; got {level} (or choose a method by name)"
        )
    if list(table["method"].unique()) != [DEFAULT_METHOD]:
        raise ModelError(f"{path} calibrates {table['method'].unique().tolist()}, not the default '{DEFAULT_METHOD}'")
    return table[column].to_numpy(dtype=float)


def resolve_method(method: str) -> str:
    """The method ``method`` names ("default" is the backtest's choice); a ModelError lists the methods if
    it is unknown."""
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
        raise ModelError(
            f"log=True needs positive values; {series.name or 'series'} has "
            f"{int((out <= 0).sum())} value(s) <= 0 (use log=False)"
        )
    return out


def project(
    series: pd.Series, horizon: int, method: str = "default", levels=(0.8, 0.95), log: bool = True
) -> pd.DataFrame:
    """Project ``series`` ``horizon`` years past its last observation.

    Returns a DataFrame with columns year, mean, lower_80, upper_80, lower_95, upper_95 (one pair per
    level). ``attrs`` records the method, scale, the observations used and any warnings from statsmodels.
    """
    name = resolve_method(method)
    calibrated = method == "default"
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
        raise ModelError(f"horizon must be a whole number of years >= 1, got {horizon!r}")
    levels = tuple(levels)
    if not levels or any(not (0 < float(lv) < 1) for lv in levels) or len(set(levels)) != len(levels):
        raise ModelError(f"levels must be distinct numbers strictly between 0 and 1, got {levels!r}")
    if (name in LOG_ONLY or calibrated) and not log:
        raise ModelError(f"method '{name}' needs positive values and log=True")
    obs = clean_series(series, log)
    if len(obs) < MIN_OBSERVATIONS[name]:
        raise ModelError(
            f"method '{name}' needs at least {MIN_OBSERVATIONS[name]} observations; "
            f"{series.name or 'series'} has {len(obs)}"
        )
    z = np.log(obs) if log else obs
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        mean, se = _FORECASTERS[name](z, int(horizon))
    last = int(obs.index[-1])
    out = {"year": np.arange(last + 1, last + horizon + 1), "mean": mean}
    steps = np.arange(1, horizon + 1)
    for level in levels:
        if calibrated:
            q_h = calibration_quantiles(float(level))
            spread = q_h[np.minimum(steps, len(q_h)) - 1] * _rw_sigma(z) * np.sqrt(steps)
        else:
            spread = norm.ppf(0.5 + float(level) / 2) * se
        out[f"lower_{level_name(level)}"] = mean - spread
        out[f"upper_{level_name(level)}"] = mean + spread
    df = pd.DataFrame(out)
    if log:
        df.iloc[:, 1:] = np.exp(df.iloc[:, 1:].to_numpy())
    label = METHOD_LABELS[name] + (", intervals calibrated on the backtest" if calibrated else "")
    df.attrs = {
        "method": name,
        "calibrated": calibrated,
        "label": label,
        "log": log,
        "n_obs": len(obs),
        "first_year": int(obs.index[0]),
        "last_year": last,
        "warnings": sorted({f"{w.category.__name__}: {w.message}" for w in caught}),
    }
    return df[interval_columns(levels)]


def _steps(z: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Changes between consecutive observations and the years each spans."""
    years = z.index.to_numpy()
    return np.diff(z.to_numpy()), np.diff(years).astype(float)


def _naive(z: pd.Series, h: int):
    d, g = _steps(z)
    sigma2 = np.mean(d**2 / g)  # random walk without drift: Var(change over g years) = g * sigma^2
    steps = np.arange(1, h + 1)
    return np.full(h, z.iloc[-1]), np.sqrt(sigma2 * steps)


def _drift(z: pd.Series, h: int):
    d, g = _steps(z)
    span = float(g.sum())
    mu = (z.iloc[-1] - z.iloc[0]) / span
    resid = d - mu * g
    sigma2 = np.sum(resid**2 / g) / max(len(d) - 1, 1)
    steps = np.arange(1, h + 1)
    # Hyndman & Athanasopoulos (FPP3, 5.5): drift forecast variance sigma^2 * h * (1 + h / T)
    return z.iloc[-1] + mu * steps, np.sqrt(sigma2 * steps * (1 + steps / span))


def _rw_sigma(z: pd.Series) -> float:
    d, g = _steps(z)
    return float(np.sqrt(np.mean(d**2 / g)))


def _mean3(z: pd.Series, h: int):
    # the mean of the last observations, with the random walk's spread around it
    point = float(z.iloc[-MEAN_WINDOW:].mean())
    return np.full(h, point), _rw_sigma(z) * np.sqrt(np.arange(1, h + 1))


def _damped_drift(z: pd.Series, h: int):
    _, se = _drift(z, h)
    d, g = _steps(z)
    mu = (z.iloc[-1] - z.iloc[0]) / float(g.sum())
    cumulative = np.cumsum(DRIFT_DAMPING ** np.arange(1, h + 1))
    return z.iloc[-1] + mu * cumulative, se


def _last_run(z: pd.Series) -> pd.Series:
    """The final run of consecutive years (at most GM_WINDOW of them)."""
    years = z.index.to_numpy()
    breaks = np.nonzero(np.diff(years) != 1)[0]
    start = breaks[-1] + 1 if len(breaks) else 0
    return z.iloc[max(start, len(z) - GM_WINDOW) :]


def _gm11(z: pd.Series, h: int):
    """Grey model GM(1,1) (Deng 1982) on the last consecutive years; random-walk spread around it."""
    run = _last_run(z)
    if len(run) < 4:
        raise ModelError(f"method 'gm11' needs the last 4 years to be consecutive; the final run has {len(run)}")
    x0 = np.exp(run.to_numpy())  # GM(1,1) works on positive levels; z is on the log scale here
    x1 = np.cumsum(x0)
    background = 0.5 * (x1[1:] + x1[:-1])
    (a, b), *_ = np.linalg.lstsq(np.column_stack([-background, np.ones_like(background)]), x0[1:], rcond=None)
    if abs(a) < 1e-12:
        raise ModelError("method 'gm11': development coefficient is zero")
    k = np.arange(len(x0) - 1, len(x0) + h)
    x1_hat = (x0[0] - b / a) * np.exp(-a * k) + b / a
    level = np.diff(x1_hat)
    if (level <= 0).any():
        raise ModelError("method 'gm11' projects a non-positive value")
    return np.log(level), _rw_sigma(z) * np.sqrt(np.arange(1, h + 1))


def _loglinear(z: pd.Series, h: int):
    import statsmodels.api as sm

    years = z.index.to_numpy(dtype=float)
    fit = sm.OLS(z.to_numpy(), sm.add_constant(years)).fit()
    future = np.arange(years[-1] + 1, years[-1] + h + 1)
    pred = fit.get_prediction(sm.add_constant(future, has_constant="add"))
    se = np.sqrt(pred.se_mean**2 + fit.scale)  # a new observation: parameter and residual variance
    return pred.predicted_mean, se


def _on_annual_grid(z: pd.Series) -> np.ndarray:
    years = np.arange(int(z.index[0]), int(z.index[-1]) + 1)
    return z.reindex(years).to_numpy()


def _ets(z: pd.Series, h: int):
    from statsmodels.tsa.statespace.exponential_smoothing import ExponentialSmoothing

    fit = ExponentialSmoothing(
        _on_annual_grid(z), trend=True, damped_trend=True, initialization_method="concentrated"
    ).fit(disp=False)
    fc = fit.get_forecast(h)
    return np.asarray(fc.predicted_mean), np.asarray(fc.se_mean)


def _arima(z: pd.Series, h: int):
    from statsmodels.tsa.arima.model import ARIMA

    fit = ARIMA(_on_annual_grid(z), order=(1, 1, 0), trend="t").fit()
    fc = fit.get_forecast(h)
    return np.asarray(fc.predicted_mean), np.asarray(fc.se_mean)


_FORECASTERS = {
    "naive": _naive,
    "mean3": _mean3,
    "drift": _drift,
    "damped_drift": _damped_drift,
    "loglinear": _loglinear,
    "gm11": _gm11,
    "ets": _ets,
    "arima": _arima,
}
LOG_ONLY = {"gm11"}  # works on positive levels only


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
            return (
                f"Peaked in {self.year} at {self.value:,.1f}{unit}: the maximum is followed by "
                f"{self.years_after} years, all below it (rule: at least {self.rule_years})."
            )
        return (
            f"Not yet peaked: the highest value, {self.value:,.1f}{unit} in {self.year}, is followed by only "
            f"{self.years_after} year(s) (rule: at least {self.rule_years} years below the maximum)."
        )


def peak(path: pd.Series, rule_years: int = 5) -> Peak:
    """The peak rule: the path's maximum counts as its peak when at least ``rule_years`` observed years
    follow it, all below it. Ties go to the later year (a path that returns to its maximum has not
    peaked before). Missing years are not counted as years below the maximum.

    This is the "n_years" rule of ``carbonpeak.analysis.peaks`` (where the other definitions live too).
    """
    if isinstance(rule_years, bool) or not isinstance(rule_years, (int, np.integer)) or rule_years < 1:
        raise ModelError(f"rule_years must be a whole number >= 1, got {rule_years!r}")
    obs = clean_series(path, log=False)
    st = peaks.status(obs.index.to_numpy(), obs.to_numpy(), "n_years", rule_years=int(rule_years))
    return Peak(st.peaked, st.year, st.value, st.years_after, int(rule_years))
