"""The industry chapter's charts: value added, the provincial proxy beside the model, fuel and process CO2, electricity
and intensity, each in the page's language."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carbonpeak import charts
from carbonpeak.model import base
from carbonpeak.pages import common, messages
from carbonpeak.pages.industry.frames import (
    SOURCES,
    M,
    industry_co2,
    vintage,
)


def value_added_figure(record: pd.DataFrame, lang: str = "en") -> charts.Figure:
    """The two vintages of secondary value added (亿元, current prices) as separate lines, not joined."""
    series = [vintage(v, lang) for v in SOURCES]
    base_chart = alt.Chart(charts.with_gaps(record)).encode(
        x=alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False)),
        y=alt.Y("value:Q", title=M("industry.value_added.axis", lang)),
        color=alt.Color(
            "series:N",
            sort=series,
            title=None,
            legend=alt.Legend(orient="bottom", columns=1),
            scale=alt.Scale(domain=series, range=["#1f4e79", "#c55a11"]),
        ),
        tooltip=["series:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.0f"), "grade:N"],
    )
    chart = alt.layer(base_chart.mark_line(), base_chart.mark_point(filled=True, size=60)).properties(
        title=common.title(
            M("industry.value_added.title", lang),
            M("industry.value_added.units", lang),
            lang,
        ),
        width=charts.WIDTH,
        height=charts.HEIGHT,
    )
    nbs = record[record["series"] == series[0]]
    post = record[record["series"] == series[1]]
    post_items = (
        M("industry.value_added.alt_item", lang, value=v, year=int(y))
        for y, v in zip(post["year"], post["value"], strict=False)
    )
    alt_text = M(
        "industry.value_added.alt",
        lang,
        first=nbs["value"].iloc[0],
        first_year=int(nbs["year"].iloc[0]),
        last=nbs["value"].iloc[-1],
        last_year=int(nbs["year"].iloc[-1]),
        post=messages.join(post_items, lang),
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=messages.source_note(
            list(SOURCES), ["measured", "official_point"], M("industry.value_added.note", lang), lang
        ),
        data=record.assign(
            grade=record["grade"].map(
                lambda g: M("common.grade_code", lang, code=g, label=messages.label("grade", g, lang))
            )
        ),
        filename="secondary_value_added",
        **messages.figure_csv(lang),
    )


def proxy_figure(history: pd.DataFrame, ens, level: float, lang: str = "en") -> charts.Figure:
    """The proxy history beside the model's industrial CO2 (fuel and process) per scenario."""
    points = history[["year", "value", "series"]]
    return common.model_figure(
        ens,
        industry_co2,
        level,
        key="industry.proxy",
        quantity="co2",
        filename="industry_co2",
        points=points.assign(value=messages.co2(points["value"], lang)),
        grades=["measured", "proxy", "derived", "assumption"],
        lang=lang,
    )


def part_figure(ens, part: str, level: float, lang: str = "en") -> charts.Figure:
    """The band chart of one industrial part's CO2 (the fuel part's note says how it is modelled)."""
    return common.model_figure(
        ens,
        lambda r: r.parts[part],
        level,
        key="industry.part",
        quantity="co2",
        words={"title": M(f"industry.part_title.{part}", lang), "part": messages.label("part", part, lang)},
        filename=f"industry_{part.replace(' ', '_')}",
        note=M("industry.part.fuel_note", lang) if part == "industry fuel" else "",
        lang=lang,
    )


def electricity_figure(ens, level: float, lang: str = "en") -> charts.Figure:
    """The band chart of industry's electricity use."""
    return common.model_figure(
        ens,
        lambda r: r.demand["industry"],
        level,
        key="industry.electricity",
        quantity="twh",
        filename="industry_electricity",
        lang=lang,
    )


def intensity_figure(df: pd.DataFrame, what: str, level: float, lang: str = "en") -> charts.Figure:
    """The band chart of an ``intensity`` index: industrial CO2 or electricity per unit of industrial value added."""
    label = M(f"industry.intensity.{what}", lang)
    return common.band_figure(
        df,
        level,
        title_text=M("industry.intensity.title", lang, label=label),
        units=M("industry.intensity.units", lang, year=base.BASE_YEAR),
        y_title=M("industry.intensity.axis", lang),
        subject=M("industry.intensity.subject", lang, label=label),
        filename=f"industry_intensity_{what}",
        note=M("industry.intensity.note", lang),
        lang=lang,
    )
