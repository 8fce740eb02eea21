"""The appendix "How good are these projections?": reading the precomputed backtest and summarising it."""

from __future__ import annotations

import pandas as pd

from carbonpeak import locations
from carbonpeak.analysis import projections
from carbonpeak.analysis.backtest import COMBINATION, OUTPUTS, POOLED, choose_default
from carbonpeak.data import verify
from carbonpeak.data.compiled import read_checked
from carbonpeak.errors import DataError

LABELS = {
    **projections.METHOD_LABELS,
    POOLED: "pooled cross-city AR(2) on log changes",
    COMBINATION: "inverse-MASE weighted combination",
}
REQUIRED = {
    "backtest_leaderboard.csv": ["method", "h", "forecasts", "median_mase", "coverage_80", "cal_coverage_80"],
    "backtest_calibration.csv": ["method", "h", "errors", "q_80", "q_95"],
    "backtest_forecasts.csv.gz": ["series", "origin", "h", "year", "actual", "method", "mean", "scored"],
}


def load(name: str) -> pd.DataFrame:
    """One of the backtest tables from data/processed, with its required columns checked."""
    if name not in OUTPUTS:
        raise DataError(f"unknown backtest table '{name}'; known: {', '.join(OUTPUTS)}")
    path = locations.PROCESSED / name
    if not path.exists():
        raise DataError(f"{path}: missing (run `make backtest`)")
    dtype = {"h": str} if name == "backtest_leaderboard.csv" else None
    verify(path)  # an edited or stale table names the command that rebuilds it
    return read_checked(path, "processed", REQUIRED[name], dtype=dtype, keep_default_na=True)


def overall(board: pd.DataFrame) -> pd.DataFrame:
    """The leaderboard over all horizons, best median MASE first, with readable method names."""
    df = board[board["h"] == "all"].sort_values(["median_mase", "method"]).reset_index(drop=True)
    naive = float(df.loc[df["method"] == "naive", "median_mase"].iloc[0])
    return pd.DataFrame(
        {
            "method": df["method"],
            "description": df["method"].map(LABELS),
            "forecasts": df["forecasts"],
            "median MASE": df["median_mase"].round(3),
            "vs naive": (df["median_mase"] / naive - 1).map(lambda x: f"{x:+.1%}"),
            "median sMAPE %": df["median_smape"].round(1),
            "80 % coverage": df["coverage_80"].map("{:.0%}".format),
            "95 % coverage": df["coverage_95"].map("{:.0%}".format),
            "80 % coverage, calibrated": df["cal_coverage_80"].map("{:.0%}".format),
            "95 % coverage, calibrated": df["cal_coverage_95"].map("{:.0%}".format),
            "interval score (80 %)": df["winkler_80"].round(2),
            "calibrated": df["cal_winkler_80"].round(2),
        }
    )


def headline(board: pd.DataFrame) -> dict:
    """The numbers the chapter states: the chosen method and how it compares."""
    df = board[board["h"] == "all"].set_index("method")
    best = choose_default(board)
    others = df.drop(index=best)
    runner_up = others["median_mase"].idxmin()
    return {
        "best": best,
        "best_label": LABELS[best],
        "best_mase": df.at[best, "median_mase"],
        "runner_up": runner_up,
        "runner_up_mase": df.at[runner_up, "median_mase"],
        "naive_mase": df.at["naive", "median_mase"],
        "forecasts": int(df.at[best, "forecasts"]),
        "raw_80": df.at[best, "coverage_80"],
        "cal_80": df.at[best, "cal_coverage_80"],
        "raw_95": df.at[best, "coverage_95"],
        "cal_95": df.at[best, "cal_coverage_95"],
        "raw_w": df.at[best, "winkler_80"],
        "cal_w": df.at[best, "cal_winkler_80"],
    }


def calibration_table() -> pd.DataFrame:
    """The calibration table (quantiles of |standardised error| by horizon for the default method), rounded."""
    cal = load("backtest_calibration.csv")
    return cal.round(3)
