"""The backtest appendix as a reader sees it: its key findings, tables and charts, from the precomputed leaderboard
(carbonpeak.analysis.accuracy; nothing here computes a result)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carbonpeak import charts
from carbonpeak.analysis import accuracy, projections
from carbonpeak.constants import level_name
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table, number, percent

ACCURACY_AIM = 0.05  # the default's median MASE at least 5 % below naive's
CALIBRATION_AIM = (0.75, 0.85)  # 80 % intervals covering 75-85 % of outcomes


def key_findings(board: pd.DataFrame) -> KeyFindings:
    """What the appendix finds, in the leaderboard's numbers: the best record, its calibration, and whether the
    default meets the two aims."""
    H = accuracy.headline(board)
    gain = 1 - H["best_mase"] / H["naive_mase"]
    low, high = CALIBRATION_AIM
    return KeyFindings(
        [
            f"**Best record: {H['best_label']}** (median MASE {H['best_mase']:.2f} over {H['forecasts']:,} forecasts), "
            f"ahead of {accuracy.LABELS[H['runner_up']]} ({H['runner_up_mase']:.2f}). The book's default method is "
            f"**{projections.DEFAULT_METHOD}** with calibrated intervals.",
            f"**Calibration:** its 80 % intervals covered {H['raw_80']:.0%} of outcomes as fitted and "
            f"{H['cal_80']:.0%} once calibrated; its 95 % intervals {H['raw_95']:.0%} and {H['cal_95']:.0%}.",
            f"**Accuracy aim** (a median MASE {ACCURACY_AIM:.0%} below naive's): the default's is {H['best_mase']:.3f} "
            f"against naive's {H['naive_mase']:.3f} ({gain:+.1%}): "
            + ("met." if gain >= ACCURACY_AIM else "not met; no method or combination tried beat no change."),
            f"**Calibration aim** (80 % intervals covering {low:.0%}-{high:.0%}): {H['cal_80']:.1%} after calibration: "
            + ("met." if low <= H["cal_80"] <= high else "not met."),
        ]
    )


def aims_markdown(board: pd.DataFrame) -> str:
    """The two aims the book set its default method, and whether the record meets them (markdown)."""
    H = accuracy.headline(board)
    gain = 1 - H["best_mase"] / H["naive_mase"]
    low, high = CALIBRATION_AIM
    return (
        f"- **Accuracy:** the default's median MASE is {H['best_mase']:.3f} against naive's {H['naive_mase']:.3f} "
        f"({gain:+.1%}). "
        + (
            "Aim met."
            if gain >= ACCURACY_AIM
            else "Aim not met: no method or combination tried beat no-change by 5 %; the default is naive itself."
        )
        + f"\n- **Calibration:** 80 % intervals cover {H['cal_80']:.1%} after calibration (raw {H['raw_80']:.1%}). "
        + ("Aim met." if low <= H["cal_80"] <= high else "Aim not met.")
    )


def leaderboard_table(board: pd.DataFrame) -> Table:
    """Every method's out-of-sample record over all horizons, best median MASE first."""
    df = accuracy.overall(board).rename(
        columns={
            "median sMAPE %": "median sMAPE (%)",
            "vs naive": "median MASE vs naive",
            "interval score (80 %)": "interval score, 80 % (as fitted)",
            "calibrated": "interval score, 80 % (calibrated)",
        }
    )
    return Table(
        df,
        "Out-of-sample record over every horizon, best median MASE first",
        formats={
            "median MASE": number(3),
            "median sMAPE (%)": number(1),
            "interval score, 80 % (as fitted)": number(2),
            "interval score, 80 % (calibrated)": number(2),
        },
    )


def horizon_table(board: pd.DataFrame) -> Table:
    """The default method's record by years ahead: median MASE and interval coverage, as fitted and calibrated."""
    best = accuracy.headline(board)["best"]
    df = board[(board["method"] == best) & (board["h"] != "all")]
    out = pd.DataFrame(
        {
            "years ahead": df["h"].astype(int),
            "forecasts": df["forecasts"],
            "median MASE": df["median_mase"],
            "80 % coverage": df["coverage_80"],
            "80 % coverage, calibrated": df["cal_coverage_80"],
            "95 % coverage": df["coverage_95"],
            "95 % coverage, calibrated": df["cal_coverage_95"],
        }
    )
    pct = percent(1)
    return Table(
        out,
        f"The default method ({accuracy.LABELS[best]}) by horizon",
        formats={"median MASE": number(3), **{c: pct for c in out.columns if "coverage" in c}},
    )


def calibration_table(levels) -> Table:
    """The quantiles of the scaled errors the calibrated intervals use, per method and horizon."""
    cal = accuracy.calibration_table()
    qs = [f"q_{level_name(lv)}" for lv in levels if f"q_{level_name(lv)}" in cal]
    df = cal[["method", "h", "errors", *qs]].rename(
        columns={
            "h": "years ahead",
            "errors": "errors it rests on",
            **{q: f"{q[2:].replace('_', '.')} % quantile (scaled error)" for q in qs},
        }
    )
    df["years ahead"] = df["years ahead"].astype(int)
    return Table(
        df,
        "The quantiles the calibrated intervals use",
        formats={c: number(3) for c in df.columns if "quantile" in c},
        summary="The quantiles the calibrated intervals use, per method and horizon",
    )


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
