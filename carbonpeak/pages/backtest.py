"""The backtest appendix as a reader sees it: its key findings, tables and charts, from the precomputed leaderboard
(carbonpeak.analysis.accuracy; nothing here computes a result), in English or in Chinese (the catalogue's
backtest.yml)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carbonpeak import charts
from carbonpeak.analysis import accuracy, projections
from carbonpeak.constants import level_name
from carbonpeak.pages import messages
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table, number, percent

M = messages.text
ACCURACY_AIM = 0.05  # the default's median MASE at least 5 % below naive's
CALIBRATION_AIM = (0.75, 0.85)  # 80 % intervals covering 75-85 % of outcomes


def method_name(method: str, lang: str) -> str:
    """A method's short name in the page's language (its code in English: naive, mean3, ...)."""
    return M(f"backtest.method.{method}", lang)


def method_label(method: str, lang: str) -> str:
    """A method's description in the page's language (accuracy.LABELS in English)."""
    return M(f"backtest.description.{method}", lang)


def _aims(board: pd.DataFrame) -> tuple[dict, float, float, float]:
    """The headline numbers, the default's gain over naive and the calibration aim's bounds."""
    H = accuracy.headline(board)
    low, high = CALIBRATION_AIM
    return H, 1 - H["best_mase"] / H["naive_mase"], low, high


def key_findings(board: pd.DataFrame, lang: str = "en") -> KeyFindings:
    """What the appendix finds, in the leaderboard's numbers: the best record, its calibration, and whether the
    default meets the two aims."""
    H, gain, low, high = _aims(board)
    calibrated = low <= H["cal_80"] <= high
    return KeyFindings(
        [
            M(
                "backtest.finding.best",
                lang,
                best=method_label(H["best"], lang),
                mase=H["best_mase"],
                forecasts=H["forecasts"],
                runner_up=method_label(H["runner_up"], lang),
                runner_up_mase=H["runner_up_mase"],
                default=method_name(projections.DEFAULT_METHOD, lang),
            ),
            M("backtest.finding.calibration", lang, **H),
            M(
                "backtest.finding.accuracy",
                lang,
                aim=ACCURACY_AIM,
                mase=H["best_mase"],
                naive=H["naive_mase"],
                gain=gain,
                verdict=M(f"backtest.finding.accuracy_{'met' if gain >= ACCURACY_AIM else 'not_met'}", lang),
            ),
            M(
                "backtest.finding.calibration_aim",
                lang,
                low=low,
                high=high,
                cal_80=H["cal_80"],
                verdict=M(f"backtest.finding.{'met' if calibrated else 'not_met'}", lang),
            ),
        ],
        label=M("common.findings.label", lang),
    )


def aims_markdown(board: pd.DataFrame, lang: str = "en") -> str:
    """The two aims the book set its default method, and whether the record meets them (markdown)."""
    H, gain, low, high = _aims(board)
    return (
        M("backtest.aims.accuracy", lang, mase=H["best_mase"], naive=H["naive_mase"], gain=gain)
        + M(f"backtest.aims.accuracy_{'met' if gain >= ACCURACY_AIM else 'not_met'}", lang)
        + M("backtest.aims.calibration", lang, **H)
        + M(f"backtest.aims.{'met' if low <= H['cal_80'] <= high else 'not_met'}", lang)
    )


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


def _figure(chart, alt_text: str, data: pd.DataFrame, filename: str, lang: str) -> charts.Figure:
    """A backtest chart with its source note and its CSV download in the page's language."""
    csv = messages.figure_csv(lang)
    if csv:  # the catalogue's names for this page's own columns
        csv["csv_columns"] |= {c: M(f"backtest.csv.{c}", lang) for c in data.columns}
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=messages.source_note(
            ["ceads_city", "ceads_provinces"], ["derived"], M("backtest.figure.source", lang), lang
        ),
        data=data,
        filename=filename,
        **csv,
    )


def _title(key: str, lang: str) -> alt.TitleParams:
    """A chart title whose subtitle states the units (charts.title, in the page's language)."""
    return alt.TitleParams(
        text=M(f"{key}_title", lang), subtitle=M("common.unit.units", lang) + M(f"{key}_units", lang)
    )


def mase_by_horizon_figure(board: pd.DataFrame, lang: str = "en") -> charts.Figure:
    """Line chart of each method's median MASE by years ahead."""
    df = board[board["h"] != "all"].assign(h=lambda d: d["h"].astype(int))
    df = df[["method", "h", "forecasts", "median_mase"]].assign(
        method=lambda d: d["method"].map(lambda m: method_name(m, lang))
    )
    key = "backtest.figure"
    chart = (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=alt.X("h:O", title=M(f"{key}.years_ahead", lang)),
            y=alt.Y("median_mase:Q", title=M(f"{key}.median_mase", lang)),
            color=alt.Color("method:N", title=M(f"{key}.method", lang)),
            tooltip=["method:N", "h:O", "median_mase:Q", "forecasts:Q"],
        )
        .properties(title=_title(f"{key}.mase", lang), width=charts.WIDTH, height=charts.HEIGHT)
    )
    h5 = df[df["h"] == df["h"].max()].sort_values("median_mase")
    alt_text = M(
        f"{key}.mase_alt",
        lang,
        h=int(h5["h"].iloc[0]),
        low=h5["method"].iloc[0],
        low_mase=h5["median_mase"].iloc[0],
        high=h5["method"].iloc[-1],
        high_mase=h5["median_mase"].iloc[-1],
    )
    return _figure(chart, alt_text, df, "backtest_mase_by_horizon", lang)


def coverage_figure(board: pd.DataFrame, lang: str = "en") -> charts.Figure:
    """Dot chart of each method's interval coverage at 80 % and 95 %, its own intervals and calibrated,
    against the nominal levels."""
    df = board[board["h"] == "all"]
    key = "backtest.figure"
    method = df["method"].map(lambda m: method_name(m, lang))
    long = pd.concat(
        [
            pd.DataFrame(
                {
                    "method": method,
                    "intervals": M(f"{key}.{intervals}", lang),
                    "level": M(f"{key}.level", lang, level=level),
                    "coverage": df[f"{prefix}coverage_{level}"],
                }
            )
            for level in (80, 95)
            for intervals, prefix in (("own", ""), ("calibrated", "cal_"))
        ],
        ignore_index=True,
    )
    base = alt.Chart(long).encode(
        y=alt.Y("method:N", title=None),
        x=alt.X(
            "coverage:Q",
            title=M(f"{key}.coverage_axis", lang),
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domain=[0, 1]),
        ),
        color=alt.Color(
            "intervals:N", title=M(f"{key}.intervals", lang), scale=alt.Scale(range=["#1f4e79", "#c55a11"])
        ),
        shape=alt.Shape("level:N", title=M(f"{key}.nominal", lang)),
        tooltip=["method:N", "intervals:N", "level:N", alt.Tooltip("coverage:Q", format=".1%")],
    )
    rules = (
        alt.Chart(pd.DataFrame({"nominal": [0.8, 0.95]}))
        .mark_rule(strokeDash=[4, 3], color="#666")
        .encode(x="nominal:Q")
    )
    chart = alt.layer(base.mark_point(size=70, filled=True), rules).properties(
        title=_title(f"{key}.coverage", lang), width=charts.WIDTH, height=300
    )
    naive = df.set_index("method").loc["naive"]
    alt_text = M(f"{key}.coverage_alt", lang, own=naive["coverage_80"], cal=naive["cal_coverage_80"])
    return _figure(chart, alt_text, long, "backtest_coverage", lang)
