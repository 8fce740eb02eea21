"""The backtest appendix's charts: error by horizon and interval coverage, each with its source note and CSV."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carbonpeak import charts
from carbonpeak.pages import common
from carbonpeak.pages.backtest.text import M, method_name


def _figure(chart, alt_text: str, data: pd.DataFrame, filename: str, lang: str) -> charts.Figure:
    """A backtest chart with its source note and its CSV download in the page's language."""
    return common.figure(
        chart,
        alt_text=alt_text,
        sources=["ceads_city", "ceads_provinces"],
        grades=["derived"],
        extra=M("backtest.figure.source", lang),
        data=data,
        filename=filename,
        lang=lang,
        columns="backtest.csv",
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
