"""The sinks chapter's charts: forest cover and forest stock against their targets, and the CO2 each sink takes up,
in the page's language."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts
from carbonpeak.constants import level_name
from carbonpeak.data import point
from carbonpeak.model import sinks
from carbonpeak.pages import common, messages
from carbonpeak.pages.sinks.tables import SINK_DIGITS, STOCK_SCALE
from carbonpeak.targets import target

M = messages.text


def _with_target_line(fan, value: float):
    """A fan chart with the target as a dashed red line (the layer keeps the fan's title)."""
    rule = (
        alt.Chart(pd.DataFrame({"target": [value]})).mark_rule(color="#c00000", strokeDash=[2, 2]).encode(y="target:Q")
    )
    return alt.layer(fan, rule).properties(title=fan.title)


def _target_fan_figure(
    hist: pd.DataFrame,
    proj: pd.DataFrame,
    levels,
    goal: float,
    key: str,
    lang: str,
    *,
    alt_text: str,
    sources: list[str],
    grades: list[str],
    data: pd.DataFrame,
    filename: str,
) -> charts.Figure:
    """A fan chart of a record and its projection against a target (dashed red), with the words of ``key``
    (title, units, y_title, label, note) in the page's language."""
    fan = charts.fan_chart(
        hist,
        proj,
        levels,
        title_text=M(f"{key}.title", lang),
        units=M(f"{key}.units", lang),
        y_title=M(f"{key}.y_title", lang),
        label=M(f"{key}.label", lang),
        words=(
            M("sinks.cover_figure.record", lang),
            M("sinks.band", lang, level="{level}"),
            M("common.unit.units", lang),
        ),
    )
    return charts.Figure(
        _with_target_line(fan, goal),
        alt_text=alt_text,
        source=messages.source_note(sources, grades, M(f"{key}.note", lang), lang),
        data=data,
        filename=filename,
        **messages.figure_csv(lang),
    )


def cover_figure(horizon_end: int, levels, lang: str = "en"):
    """Fan chart of forest cover: the three points, the OLS trend with its intervals and the 2025 target."""
    hist = sinks.forest_cover()
    proj = sinks.cover_trend(range(sinks.COVER_POINTS[0], horizon_end + 1), levels)
    goal = float(target("C01")["target_value"])
    c25 = proj[proj["year"] == 2025].iloc[0]
    key = "sinks.cover_figure"
    first, second, third = hist["value"].iloc[:3]
    return _target_fan_figure(
        hist,
        proj,
        levels,
        goal,
        key,
        lang,
        alt_text=M(f"{key}.alt", lang, first=first, second=second, third=third, median=c25["mean"], goal=goal),
        sources=["official_points", "plan"],
        grades=["official_point", "derived"],
        data=pd.concat([hist.assign(kind=M(f"{key}.record", lang)), proj.assign(kind=M(f"{key}.trend", lang))]),
        filename="forest_cover",
    )


def sink_figure(summary: pd.DataFrame, year: int, level: float, lang: str = "en"):
    """Bars of each sink's median uptake in ``year`` with its ``level`` interval (Mt; 万吨 in Chinese)."""
    tag = level_name(level)
    key = "sinks.sink_figure"
    row = summary[summary["year"] == year]
    values = [c for c in row.columns if c not in ("part", "year")]
    row = row.assign(
        part=row["part"].map(lambda p: M(f"sinks.estimate.{p}", lang)),
        **{c: messages.co2(row[c], lang) for c in values},
    )
    digits = SINK_DIGITS[lang]
    base = alt.Chart(row).encode(y=alt.Y("part:N", title=None, sort=None))
    chart = alt.layer(
        base.mark_bar(color="#548235", opacity=0.7).encode(
            x=alt.X("mean:Q", title=M(f"{key}.x_title", lang)),
            tooltip=["part:N", alt.Tooltip("mean:Q", format=f".{digits}f")],
        ),
        base.mark_rule(color="#222").encode(x=f"lower_{tag}:Q", x2=f"upper_{tag}:Q"),
    ).properties(
        title=common.title(
            M(f"{key}.title", lang, year=year),
            M(f"{key}.units", lang, level=f"{level:.0%}"),
            lang,
        ),
        width=charts.WIDTH,
        height=140,
    )
    items = (
        M(
            f"{key}.alt_item",
            lang,
            part=r.part,
            median=f"{r.mean:.{digits}f}",
            low=f"{getattr(r, 'lower_' + tag):.{digits}f}",
            high=f"{getattr(r, 'upper_' + tag):.{digits}f}",
        )
        for r in row.itertuples()
    )
    return charts.Figure(
        chart,
        alt_text=M(f"{key}.alt", lang, year=year, items=messages.join(items, lang, "clause")),
        source=messages.source_note(
            ["official_points"], ["official_point", "derived", "proxy", "assumption"], M(f"{key}.note", lang), lang
        ),
        data=row,
        filename=f"sinks_{year}",
        **messages.figure_csv(lang),
    )


def stock_figure(centres: dict, n: int, seed: int, horizon_end: int, levels, lang: str = "en"):
    """Fan chart of the forest stock grown at the drawn net rate, against the whole-city target (million m3;
    万立方米 in Chinese)."""
    scale = STOCK_SCALE[lang]
    years = np.arange(sinks.STOCK_YEAR, horizon_end + 1)
    p = sinks.sink_paths(sinks.draws(centres, n, seed), years)
    proj = sinks.summarise(p["stock"] * scale, years, levels)
    hist = pd.DataFrame({"year": [sinks.STOCK_YEAR], "value": [point("forest_stock", sinks.STOCK_YEAR) * scale]})
    goal = float(target("C03")["target_value"]) * scale
    s25 = proj[proj["year"] == 2025].iloc[0]
    key = "sinks.stock_figure"
    return _target_fan_figure(
        hist,
        proj,
        levels,
        goal,
        key,
        lang,
        alt_text=M(f"{key}.alt", lang, first=hist["value"].iloc[0], median=s25["mean"], goal=goal),
        sources=["official_points", "plan"],
        grades=["official_point", "proxy"],
        data=proj,
        filename="forest_stock",
    )
