"""Rolling-origin backtest of the projection methods, interval calibration, and the leaderboard.

For every series (all CEADs cities; Guangdong's CEADs sector groups) and every origin year, each method
is fitted to the data up to the origin only and projects 1-5 years ahead; forecasts are scored against
the observed values (gaps are skipped, never filled). Nothing decided for an origin uses data after it:

- the pooled cross-city model is refitted at each origin on the other cities' data up to that origin;
- the combination weights at an origin come from forecasts whose target year is no later than the origin;
- calibrated intervals at an origin use the empirical quantiles of standardised errors of earlier
  forecasts whose target year is no later than the origin (warm-up origins before the scored ones supply
  the first of them, and are never scored themselves).

Metrics: MASE (absolute error over the in-sample mean absolute one-year change), sMAPE, empirical coverage
of the 80 % and 95 % intervals, and the interval (Winkler) score scaled like MASE.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import yaml
from scipy.stats import norm

from carbonpeak import data, locations, parallel
from carbonpeak.analysis import projections
from carbonpeak.constants import level_name
from carbonpeak.data.provenance import md5sum
from carbonpeak.errors import ModelError

LEVELS = (0.8, 0.95)
POOLED = "pooled"
COMBINATION = "combination"
MIN_TRAIN = 6  # observations at the origin, so every method can be fitted
MIN_CALIBRATION_ERRORS = 30  # fewer past errors than this: no calibrated interval at that origin
CALIBRATION_WINDOW = 5  # calibrate on errors whose target year lies in the last 5 years up to the origin


@dataclass(frozen=True)
class Config:
    """What the backtest runs: scored and warm-up origins, horizons, methods and which series."""

    origins: tuple = tuple(range(2008, 2017))  # scored origins
    warmup: tuple = (2005, 2006, 2007)  # origins used only to calibrate and weight later ones
    horizons: int = 5
    methods: tuple = projections.METHODS
    include_sectors: bool = True
    cities: tuple | None = None  # None: all CEADs cities


def backtest_series(cities=None, include_sectors: bool = True) -> dict[str, pd.Series]:
    """The series the backtest runs on, keyed 'city:<name>' and 'guangdong:<sector group>'."""
    co2 = data.load("city_co2")
    out = {}
    for city, part in co2.groupby("region", sort=True):
        if cities is None or city in cities:
            out[f"city:{city}"] = pd.Series(part["value"].to_numpy(), index=part["year"].to_numpy()).sort_index()
    if include_sectors:
        gd = data.load("guangdong_sector_co2")
        gd = gd[~gd["variable"].isin(["co2_industrial_process"])]
        for variable, part in gd.groupby("variable", sort=True):
            s = pd.Series(part["value"].to_numpy(), index=part["year"].to_numpy()).sort_index()
            if (s > 0).all():
                out[f"guangdong:{variable}"] = s
    return out


def _scale(train: pd.Series) -> float:
    """In-sample mean absolute one-year change (consecutive years only): the MASE denominator."""
    years = train.index.to_numpy()
    consecutive = np.diff(years) == 1
    changes = np.abs(np.diff(train.to_numpy()))[consecutive]
    return float(changes.mean()) if len(changes) >= 2 else float("nan")


def _log_sigma(train: pd.Series) -> float:
    """Random-walk sigma of log changes (gaps counted in years): the calibration standardiser."""
    z = np.log(train)
    d, g = np.diff(z.to_numpy()), np.diff(z.index.to_numpy()).astype(float)
    return float(np.sqrt(np.mean(d**2 / g)))


def _eligible(series: pd.Series, origin: int, horizons: int):
    train = series[series.index <= origin]
    if origin not in train.index or len(train) < MIN_TRAIN:
        return None
    actual = series[(series.index > origin) & (series.index <= origin + horizons)]
    scale = _scale(train)
    if actual.empty or not math.isfinite(scale) or scale <= 0:
        return None
    return train, actual, scale


def _single_method_rows(item: tuple, *, origins: tuple, horizons: int, methods: list) -> list[dict]:
    """Every single-series method at every origin for one (name, series): one task of the backtest."""
    name, series = item
    rows = []
    for origin in origins:
        ok = _eligible(series, origin, horizons)
        if ok is None:
            continue
        train, actual, scale = ok
        sigma = _log_sigma(train)
        for method in methods:
            try:
                proj = projections.project(train, horizons, method, LEVELS).set_index("year")
            except ModelError:
                continue
            for year, value in actual.items():
                p = proj.loc[year]
                rows.append(
                    {
                        "series": name,
                        "origin": origin,
                        "h": int(year - origin),
                        "year": int(year),
                        "actual": float(value),
                        "method": method,
                        "mean": float(p["mean"]),
                        "lower_80": float(p["lower_80"]),
                        "upper_80": float(p["upper_80"]),
                        "lower_95": float(p["lower_95"]),
                        "upper_95": float(p["upper_95"]),
                        "scale": scale,
                        "sigma": sigma,
                    }
                )
    return rows


def _log_changes(series: pd.Series, upto: int) -> pd.DataFrame:
    """Rows (d_t, d_{t-1}, d_{t-2}) of consecutive-year log changes with t <= upto."""
    s = np.log(series[series.index <= upto])
    d = s.diff()[s.index.to_series().diff() == 1]
    frame = pd.DataFrame({"d0": d})
    frame["d1"] = d.reindex(d.index - 1).to_numpy()
    frame["d2"] = d.reindex(d.index - 2).to_numpy()
    return frame.dropna()


def _pooled_rows(all_series: dict[str, pd.Series], origins, horizons: int) -> list[dict]:
    """Pooled cross-city AR(2) on log changes, refitted per origin without the city being forecast."""
    city_names = [n for n in all_series if n.startswith("city:")]
    rows = []
    for origin in origins:
        stats = {}
        for name in city_names:
            f = _log_changes(all_series[name], origin)
            if len(f):
                X = np.column_stack([np.ones(len(f)), f["d1"], f["d2"]])
                stats[name] = (X.T @ X, X.T @ f["d0"].to_numpy(), f["d0"].to_numpy(), X)
        if not stats:
            continue
        xtx = sum(v[0] for v in stats.values())
        xty = sum(v[1] for v in stats.values())
        for name, series in all_series.items():
            ok = _eligible(series, origin, horizons)
            if ok is None:
                continue
            train, actual, scale = ok
            own = stats.get(name)
            a_mat, b_vec = (xtx - own[0], xty - own[1]) if own else (xtx, xty)
            beta = np.linalg.solve(a_mat, b_vec)
            resid_sd = _pooled_resid_sd(stats, name, beta)
            z = np.log(train)
            years = set(train.index)
            if {origin - 1, origin - 2} <= years:
                lags = [z[origin] - z[origin - 1], z[origin - 1] - z[origin - 2]]
            else:  # no recent consecutive changes: the model has nothing to work on; fall back to no change
                lags = None
            level, path = float(z[origin]), {}
            for h in range(1, horizons + 1):
                step = 0.0 if lags is None else float(beta[0] + beta[1] * lags[0] + beta[2] * lags[1])
                level += step
                path[origin + h] = level
                if lags is not None:
                    lags = [step, lags[0]]
            sigma = _log_sigma(train)
            for year, value in actual.items():
                h = int(year - origin)
                se = resid_sd * math.sqrt(h)
                row = {
                    "series": name,
                    "origin": origin,
                    "h": h,
                    "year": int(year),
                    "actual": float(value),
                    "method": POOLED,
                    "mean": math.exp(path[year]),
                    "scale": scale,
                    "sigma": sigma,
                }
                for level_ in LEVELS:
                    q = norm.ppf(0.5 + level_ / 2)
                    tag = level_name(level_)
                    row[f"lower_{tag}"] = math.exp(path[year] - q * se)
                    row[f"upper_{tag}"] = math.exp(path[year] + q * se)
                rows.append(row)
    return rows


def _pooled_resid_sd(stats: dict, leave_out: str, beta: np.ndarray) -> float:
    resid = [v[2] - v[3] @ beta for k, v in stats.items() if k != leave_out]
    flat = np.concatenate(resid)
    return float(np.sqrt(np.mean(flat**2)))


def run_forecasts(config: Config = Config()) -> pd.DataFrame:
    """All base-method forecasts (single-series methods and the pooled model) at all origins. Each series is
    one task of ``parallel.map_keyed`` (a dask cluster when one is set, else this process)."""
    series = backtest_series(config.cities, config.include_sectors)
    origins = tuple(config.warmup) + tuple(config.origins)
    single = [m for m in config.methods if m != POOLED]
    fitted = parallel.map_keyed(
        _single_method_rows,
        {name: (name, s) for name, s in series.items()},
        origins=origins,
        horizons=config.horizons,
        methods=single,
    )
    rows = [row for part in fitted.values() for row in part]
    rows.extend(_pooled_rows(series, origins, config.horizons))
    df = pd.DataFrame(rows)
    return df.sort_values(["series", "origin", "h", "method"], kind="mergesort").reset_index(drop=True)


def add_combination(fc: pd.DataFrame) -> pd.DataFrame:
    """Inverse-MASE weighted combination in logs; weights at an origin from forecasts known by then."""
    base = sorted(fc["method"].unique())
    fc = fc.assign(ase=(fc["actual"] - fc["mean"]).abs() / fc["scale"])
    parts = []
    for origin in sorted(fc["origin"].unique()):
        known = fc[fc["year"] <= origin]
        mase = known.groupby("method")["ase"].mean().reindex(base)
        weights = (1 / mase) if mase.notna().all() else pd.Series(1.0, index=base)
        weights = weights / weights.sum()
        now = fc[fc["origin"] == origin]
        wide = now.pivot_table(
            index=["series", "origin", "h", "year", "actual", "scale", "sigma"], columns="method", values="mean"
        ).dropna()
        if wide.empty:
            continue
        log_mean = np.log(wide[base]).to_numpy() @ weights[base].to_numpy()
        combo = wide.index.to_frame(index=False)
        combo["method"] = COMBINATION
        combo["mean"] = np.exp(log_mean)
        for level in LEVELS:  # the spread of the equally weighted raw bounds, in logs
            tag = level_name(level)
            for side in ("lower", "upper"):
                col = now.pivot_table(index=["series", "origin", "h"], columns="method", values=f"{side}_{tag}")
                col = col.reindex(pd.MultiIndex.from_frame(combo[["series", "origin", "h"]]))[base]
                combo[f"{side}_{tag}"] = np.exp(np.log(col).to_numpy() @ weights[base].to_numpy())
        parts.append(combo)
    out = pd.concat([fc.drop(columns="ase"), *parts], ignore_index=True)
    return out.sort_values(["series", "origin", "h", "method"], kind="mergesort").reset_index(drop=True)


def standardised_error(fc: pd.DataFrame) -> pd.Series:
    """Log error over the random-walk sigma times sqrt(h): comparable across series and horizons."""
    return (np.log(fc["actual"]) - np.log(fc["mean"])) / (fc["sigma"] * np.sqrt(fc["h"]))


def calibrate(fc: pd.DataFrame) -> pd.DataFrame:
    """Add calibrated interval columns (cal_lower_80, ...) from past standardised errors, no look-ahead.

    Symmetric: the interval is mean x exp(+-q x sigma x sqrt(h)), q the empirical quantile of |z| over the
    same method and horizon, for forecasts whose target year lies in the CALIBRATION_WINDOW years up to the
    origin (recent errors adapt to the change of regime from growth to plateau).
    """
    fc = fc.assign(z=standardised_error(fc))
    out = []
    for (_method, h), part in fc.groupby(["method", "h"], sort=True):
        part = part.copy()
        for level in LEVELS:
            tag = level_name(level)
            part[f"cal_lower_{tag}"] = np.nan
            part[f"cal_upper_{tag}"] = np.nan
        for origin in sorted(part["origin"].unique()):
            recent = (part["year"] <= origin) & (part["year"] > origin - CALIBRATION_WINDOW)
            past = np.abs(part.loc[recent, "z"].to_numpy())
            if len(past) < MIN_CALIBRATION_ERRORS:
                continue
            mask = part["origin"] == origin
            spread = part.loc[mask, "sigma"] * math.sqrt(h)
            for level in LEVELS:
                tag = level_name(level)
                q = np.quantile(past, level)
                part.loc[mask, f"cal_lower_{tag}"] = part.loc[mask, "mean"] * np.exp(-q * spread)
                part.loc[mask, f"cal_upper_{tag}"] = part.loc[mask, "mean"] * np.exp(q * spread)
        out.append(part)
    return pd.concat(out).sort_values(["series", "origin", "h", "method"], kind="mergesort").reset_index(drop=True)


CALIBRATION_LEVELS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)


def calibration_table(fc: pd.DataFrame, method: str) -> pd.DataFrame:
    """Quantiles of |standardised error| by horizon for ``method``, over the latest CALIBRATION_WINDOW
    target years in the backtest: what ``projections.project(method="default")`` widens its intervals by."""
    part = fc[fc["method"] == method]
    last = int(part["year"].max())
    part = part[part["year"] > last - CALIBRATION_WINDOW]
    z = np.abs(standardised_error(part))
    rows = []
    for h, zh in z.groupby(part["h"], sort=True):
        row = {"method": method, "h": int(h), "errors": int(len(zh))}
        row.update({f"q_{level_name(lv)}": float(np.quantile(zh, lv)) for lv in CALIBRATION_LEVELS})
        rows.append(row)
    return pd.DataFrame(rows)


def winkler(actual, lower, upper, level: float) -> np.ndarray:
    """Interval (Winkler) score at ``level``: the interval's width plus 2/alpha times how far the actual lies
    outside it."""
    alpha = 1 - level
    actual, lower, upper = map(np.asarray, (actual, lower, upper))
    return (
        (upper - lower)
        + (2 / alpha) * np.clip(lower - actual, 0, None)
        + (2 / alpha) * np.clip(actual - upper, 0, None)
    )


def score(fc: pd.DataFrame, prefix: str = "") -> pd.DataFrame:
    """Per-forecast metrics; ``prefix='cal_'`` scores the calibrated intervals."""
    out = pd.DataFrame(index=fc.index)
    err = fc["actual"] - fc["mean"]
    out["mase"] = err.abs() / fc["scale"]
    out["smape"] = 200 * err.abs() / (fc["actual"].abs() + fc["mean"].abs())
    for level in LEVELS:
        tag = level_name(level)
        lower, upper = fc[f"{prefix}lower_{tag}"], fc[f"{prefix}upper_{tag}"]
        out[f"cover_{tag}"] = ((fc["actual"] >= lower) & (fc["actual"] <= upper)).astype(float).where(lower.notna())
        out[f"winkler_{tag}"] = winkler(fc["actual"], lower, upper, level) / fc["scale"]
    return out


def scored_set(fc: pd.DataFrame, origins) -> pd.DataFrame:
    """Forecasts at scored origins where every method produced one (a fair, common set)."""
    fc = fc[fc["origin"].isin(origins)]
    n_methods = fc["method"].nunique()
    counts = fc.groupby(["series", "origin", "h"])["method"].transform("nunique")
    return fc[counts == n_methods]


def leaderboard(fc: pd.DataFrame, by: tuple = ("method",)) -> pd.DataFrame:
    """Median MASE and sMAPE, coverage and Winkler score, raw and calibrated, grouped by ``by``."""
    raw, cal = score(fc), score(fc, "cal_")
    frame = pd.concat([fc[list(by)], raw, cal.add_prefix("cal_")], axis=1)
    grouped = frame.groupby(list(by), sort=True)
    out = pd.DataFrame(
        {
            "forecasts": grouped.size(),
            "median_mase": grouped["mase"].median(),
            "mean_mase": grouped["mase"].mean(),
            "median_smape": grouped["smape"].median(),
            "coverage_80": grouped["cover_80"].mean(),
            "coverage_95": grouped["cover_95"].mean(),
            "winkler_80": grouped["winkler_80"].mean(),
            "cal_coverage_80": grouped["cal_cover_80"].mean(),
            "cal_coverage_95": grouped["cal_cover_95"].mean(),
            "cal_winkler_80": grouped["cal_winkler_80"].mean(),
        }
    )
    return out.reset_index()


def choose_default(board: pd.DataFrame) -> str:
    """The method with the lowest median MASE over all horizons: what the evidence supports."""
    overall = board[board["h"] == "all"]
    return str(overall.sort_values(["median_mase", "method"]).iloc[0]["method"])


def full_leaderboard(scored: pd.DataFrame) -> pd.DataFrame:
    """Leaderboard over all horizons (h = 'all') and by horizon."""
    overall = leaderboard(scored).assign(h="all")
    by_h = leaderboard(scored, ("method", "h"))
    by_h["h"] = by_h["h"].astype(str)
    return pd.concat([overall, by_h], ignore_index=True)[["method", "h", *overall.columns.drop(["method", "h"])]]


OUTPUTS = {
    "backtest_forecasts.csv.gz": "Every backtest forecast (warm-up and scored origins), with calibrated intervals",
    "backtest_leaderboard.csv": "Backtest leaderboard by method, over all horizons and by horizon",
    "backtest_calibration.csv": "Quantiles of |standardised error| by horizon for the default method",
}
FLOAT_FORMAT = "%.8g"


def build_outputs(config: Config = Config(), echo=print) -> dict[str, pd.DataFrame]:
    """Run the whole backtest (forecasts, combination, calibration, scoring) and return the tables to write,
    keyed by file name."""
    echo(
        f"backtest: {len(config.methods)} methods + pooled + combination; origins {config.origins[0]}-"
        f"{config.origins[-1]} (warm-up {config.warmup[0]}-{config.warmup[-1]}); horizons 1-{config.horizons}"
    )
    base = run_forecasts(config)
    full = calibrate(add_combination(base))
    full["scored"] = full["origin"].isin(config.origins)
    scored = scored_set(full[full["scored"]], config.origins)
    board = full_leaderboard(scored)
    default = choose_default(board)
    echo(f"backtest: best median MASE: {default}")
    return {
        "backtest_forecasts.csv.gz": full.drop(columns="z"),
        "backtest_leaderboard.csv": board,
        "backtest_calibration.csv": calibration_table(full, default),
    }


def write_outputs(tables: dict[str, pd.DataFrame], out_dir, echo=print) -> None:
    """Write the backtest tables and their sidecars (deterministic bytes, gzip without a timestamp)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    inputs = [locations.PROCESSED / "city_co2.csv", locations.PROCESSED / "guangdong_sector_co2.csv"]
    for name, df in tables.items():
        path = out_dir / name
        compression = {"method": "gzip", "mtime": 0} if name.endswith(".gz") else None
        df.to_csv(path, index=False, lineterminator="\n", float_format=FLOAT_FORMAT, compression=compression)
        meta = {
            "title": OUTPUTS[name],
            "description": (
                "Built by carbonpeak.analysis.backtest (make backtest); "
                "see the appendix 'How good are these projections?'."
            ),
            "built_by": "carbonpeak.analysis.backtest.build_outputs (make backtest)",
            "inputs": [{"path": str(p.relative_to(locations.ROOT)), "md5": md5sum(p)} for p in inputs],
            "columns": {c: "" for c in df.columns},
            "grades": ["derived"],
            "rows": int(len(df)),
            "md5": md5sum(path),
        }
        meta["columns"].update(COLUMN_DOCS)
        meta["columns"] = {c: meta["columns"][c] for c in df.columns}
        path.with_name(name + ".meta.yml").write_text(
            yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8"
        )
        echo(f"wrote {path} ({len(df):,} rows)")


COLUMN_DOCS = {
    "series": "city:<CEADs name> or guangdong:<sector group>",
    "origin": "last year of data the method saw",
    "h": "years ahead",
    "year": "target year",
    "actual": "observed value (Mt CO2)",
    "method": "projection method",
    "mean": "point forecast",
    "scale": "in-sample mean absolute one-year change (MASE denominator)",
    "sigma": "random-walk sigma of log changes at the origin",
    "scored": "origin is scored (not warm-up)",
    "forecasts": "number of forecasts",
    "median_mase": "median MASE",
    "mean_mase": "mean MASE",
    "median_smape": "median sMAPE (%)",
    "coverage_80": "share inside the method's own 80 % interval",
    "coverage_95": "share inside the method's own 95 % interval",
    "winkler_80": "mean 80 % interval score / scale",
    "cal_coverage_80": "share inside the calibrated 80 % interval",
    "cal_coverage_95": "share inside the calibrated 95 % interval",
    "cal_winkler_80": "mean calibrated 80 % interval score / scale",
    "errors": "errors the quantiles rest on",
}
