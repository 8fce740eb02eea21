"""The backtest appendix's tables: the leaderboard, the default method by horizon and the calibration quantiles."""

from __future__ import annotations

import pandas as pd

from carbonpeak.analysis import accuracy
from carbonpeak.constants import level_name
from carbonpeak.pages.backtest.text import M, method_label, method_name
from carbonpeak.pages.tables import Table, number, percent


def _percent(digits: int, lang: str):
    """A share as a percentage written as the language writes one ('84.6 %', '84.6%')."""
    return percent(digits, space=" %" in M("common.unit.percent", lang, value=0))


def leaderboard_table(board: pd.DataFrame, lang: str = "en") -> Table:
    """Every method's out-of-sample record over all horizons, best median MASE first."""
    df = accuracy.overall(board)
    df = df.assign(
        method=df["method"].map(lambda m: method_name(m, lang)),
        description=df["method"].map(lambda m: method_label(m, lang)),
    )
    key = "backtest.leaderboard"
    names = {
        "method": "method",
        "description": "description",
        "forecasts": "forecasts",
        "median MASE": "mase",
        "vs naive": "vs_naive",
        "median sMAPE %": "smape",
        "80 % coverage": "coverage_80",
        "95 % coverage": "coverage_95",
        "80 % coverage, calibrated": "cal_coverage_80",
        "95 % coverage, calibrated": "cal_coverage_95",
        "interval score (80 %)": "score",
        "calibrated": "cal_score",
    }
    df = df.rename(columns={c: M(f"{key}.{m}", lang) for c, m in names.items()})
    return Table(
        df,
        M(f"{key}.title", lang),
        formats={
            M(f"{key}.mase", lang): number(3),
            M(f"{key}.smape", lang): number(1),
            M(f"{key}.score", lang): number(2),
            M(f"{key}.cal_score", lang): number(2),
        },
    )


def horizon_table(board: pd.DataFrame, lang: str = "en") -> Table:
    """The default method's record by years ahead: median MASE and interval coverage, as fitted and calibrated."""
    best = accuracy.headline(board)["best"]
    df = board[(board["method"] == best) & (board["h"] != "all")]
    key = "backtest.leaderboard"
    coverage = {
        f"{key}.coverage_80": "coverage_80",
        f"{key}.cal_coverage_80": "cal_coverage_80",
        f"{key}.coverage_95": "coverage_95",
        f"{key}.cal_coverage_95": "cal_coverage_95",
    }
    out = pd.DataFrame(
        {
            M("backtest.horizon.years_ahead", lang): df["h"].astype(int),
            M(f"{key}.forecasts", lang): df["forecasts"],
            M(f"{key}.mase", lang): df["median_mase"],
            **{M(m, lang): df[c] for m, c in coverage.items()},
        }
    )
    pct = _percent(1, lang)
    return Table(
        out,
        M("backtest.horizon.title", lang, method=method_label(best, lang)),
        formats={M(f"{key}.mase", lang): number(3), **{M(m, lang): pct for m in coverage}},
    )


def calibration_table(levels, lang: str = "en") -> Table:
    """The quantiles of the scaled errors the calibrated intervals use, per method and horizon."""
    cal = accuracy.calibration_table()
    qs = [f"q_{level_name(lv)}" for lv in levels if f"q_{level_name(lv)}" in cal]
    quantiles = {q: M("backtest.calibration.quantile", lang, level=q[2:].replace("_", ".")) for q in qs}
    df = cal[["method", "h", "errors", *qs]].rename(
        columns={
            "method": M("backtest.leaderboard.method", lang),
            "h": M("backtest.horizon.years_ahead", lang),
            "errors": M("backtest.calibration.errors", lang),
            **quantiles,
        }
    )
    method, years = M("backtest.leaderboard.method", lang), M("backtest.horizon.years_ahead", lang)
    df[method] = df[method].map(lambda m: method_name(m, lang))
    df[years] = df[years].astype(int)
    return Table(
        df,
        M("backtest.calibration.title", lang),
        formats={q: number(3) for q in quantiles.values()},
        summary=M("backtest.calibration.summary", lang),
    )
