"""The backtest appendix as a reader sees it: its key findings and tables, from the precomputed leaderboard
(carbonpeak.analysis.accuracy; nothing here computes a result)."""

from __future__ import annotations

import pandas as pd

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
