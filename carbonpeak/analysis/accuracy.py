"""The appendix "How good are these projections?": reading the precomputed backtest and charting it."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carbonpeak import charts, locations
from carbonpeak.analysis import projections
from carbonpeak.analysis.backtest import COMBINATION, OUTPUTS, POOLED, choose_default
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
    df = pd.read_csv(path, dtype={"h": str} if name == "backtest_leaderboard.csv" else None)
    missing = [c for c in REQUIRED[name] if c not in df.columns]
    if missing:
        raise DataError(f"{path}: missing column(s) {missing}")
    return df


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


def mase_by_horizon_figure(board: pd.DataFrame) -> charts.Figure:
    """Line chart of each method's median MASE by years ahead."""
    df = board[board["h"] != "all"].assign(h=lambda d: d["h"].astype(int))
    df = df[["method", "h", "forecasts", "median_mase"]]
    chart = (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=alt.X("h:O", title="Years ahead"),
            y=alt.Y("median_mase:Q", title="Median MASE"),
            color=alt.Color("method:N", title="method"),
            tooltip=["method:N", "h:O", "median_mase:Q", "forecasts:Q"],
        )
        .properties(
            title=charts.title(
                "Out-of-sample error by method and horizon", "median MASE (1 = the in-sample one-year change)"
            ),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    h5 = df[df["h"] == df["h"].max()].sort_values("median_mase")
    alt_text = (
        "Line chart of median MASE against years ahead for each method; errors grow with the horizon. "
        f"At {int(h5['h'].iloc[0])} years ahead the lowest is {h5['method'].iloc[0]} "
        f"({h5['median_mase'].iloc[0]:.2f}) and the highest {h5['method'].iloc[-1]} ({h5['median_mase'].iloc[-1]:.2f})."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["ceads_city", "ceads_provinces"], ["derived"], "Rolling-origin backtest computed here (make backtest)."
        ),
        data=df,
        filename="backtest_mase_by_horizon",
    )


def coverage_figure(board: pd.DataFrame) -> charts.Figure:
    """Dot chart of each method's interval coverage at 80 % and 95 %, its own intervals and calibrated,
    against the nominal levels."""
    df = board[board["h"] == "all"]
    long = pd.concat(
        [
            pd.DataFrame(
                {
                    "method": df["method"],
                    "intervals": "the method's own",
                    "level": "80 %",
                    "coverage": df["coverage_80"],
                }
            ),
            pd.DataFrame(
                {"method": df["method"], "intervals": "calibrated", "level": "80 %", "coverage": df["cal_coverage_80"]}
            ),
            pd.DataFrame(
                {
                    "method": df["method"],
                    "intervals": "the method's own",
                    "level": "95 %",
                    "coverage": df["coverage_95"],
                }
            ),
            pd.DataFrame(
                {"method": df["method"], "intervals": "calibrated", "level": "95 %", "coverage": df["cal_coverage_95"]}
            ),
        ],
        ignore_index=True,
    )
    base = alt.Chart(long).encode(
        y=alt.Y("method:N", title=None),
        x=alt.X(
            "coverage:Q",
            title="Share of outcomes inside the interval",
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domain=[0, 1]),
        ),
        color=alt.Color("intervals:N", title="intervals", scale=alt.Scale(range=["#1f4e79", "#c55a11"])),
        shape=alt.Shape("level:N", title="nominal level"),
        tooltip=["method:N", "intervals:N", "level:N", alt.Tooltip("coverage:Q", format=".1%")],
    )
    rules = (
        alt.Chart(pd.DataFrame({"nominal": [0.8, 0.95]}))
        .mark_rule(strokeDash=[4, 3], color="#666")
        .encode(x="nominal:Q")
    )
    chart = alt.layer(base.mark_point(size=70, filled=True), rules).properties(
        title=charts.title(
            "Do the intervals cover what they claim?", "share of outcomes inside the interval; dashed: 80 % and 95 %"
        ),
        width=charts.WIDTH,
        height=300,
    )
    naive = df.set_index("method").loc["naive"]
    alt_text = (
        "Dot chart of interval coverage per method, own and calibrated, at 80 % and 95 % with dashed reference "
        f"lines. Naive: 80 % intervals covered {naive['coverage_80']:.0%} as fitted and {naive['cal_coverage_80']:.0%} "
        "calibrated; trend methods' own intervals cover far less than claimed."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["ceads_city", "ceads_provinces"], ["derived"], "Rolling-origin backtest computed here (make backtest)."
        ),
        data=long,
        filename="backtest_coverage",
    )


def calibration_table() -> pd.DataFrame:
    """The calibration table (quantiles of |standardised error| by horizon for the default method), rounded."""
    cal = load("backtest_calibration.csv")
    return cal.round(3)
