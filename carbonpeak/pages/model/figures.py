"""The model chapter's charts: the residuals of its fits, the territorial level, the hindcasts and 2020-2025
against the other estimates, each with its source note and data, in English or in Chinese (the catalogue's
model.yml; CO2 in Mt or in 万吨)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carbonpeak import charts, data
from carbonpeak.analysis import level, nowcast
from carbonpeak.constants import SHENZHEN
from carbonpeak.model import base, summary
from carbonpeak.pages import common, messages
from carbonpeak.pages.model.text import SOURCES, record_label

M = messages.text
CO2_COLUMNS = ("level", "lower_80", "upper_80", "median", "CEADs", "county-level sum", "value", "recorded")


def _co2(df: pd.DataFrame, columns, lang: str) -> pd.DataFrame:
    """``df`` with its CO2 ``columns`` (Mt) in the language's unit (Mt or 万吨)."""
    return df.assign(**{c: messages.co2(df[c], lang) for c in columns if c in df.columns})


def residuals_figure(fits: list, lang: str = "en") -> charts.Figure:
    """The residuals of every regression by year, one panel per fit."""
    df = pd.concat([e.residuals.assign(fit=M(f"model.fit.{e.name}", lang)) for e in fits], ignore_index=True)
    chart = (
        alt.Chart(df)
        .mark_point(filled=True, size=45)
        .encode(
            x=alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False)),
            y=alt.Y("residual:Q", title=M("model.figure.residual_axis", lang)),
            color=alt.Color("fit:N", title=None, legend=alt.Legend(orient="bottom", columns=1)),
            shape="fit:N",
            tooltip=["fit:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("residual:Q", format=".3f")],
        )
        .properties(
            title=common.title(M("model.figure.residuals_title", lang), M("model.figure.residuals_units", lang), lang),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    largest = df.loc[df["residual"].abs().idxmax()]
    return common.figure(
        chart,
        alt_text=M(
            "model.figure.residuals_alt", lang, value=largest["residual"], fit=largest["fit"], year=int(largest["year"])
        ),
        sources=["crea_power", "official_points", "nbs_major_cities"],
        grades=["proxy", "official_point"],
        data=df,
        filename="model_residuals",
        lang=lang,
        columns="model.csv",
    )


def _band_and_records(band, fields, opacity, records, record_fields, size, lang: str) -> alt.LayerChart:
    """A blue band and its middle line (``fields``: lower, middle, upper columns of ``band``; Mt CO2) under
    the records as points, one colour and shape per series (``record_fields``: series and value columns)."""
    lower, middle, upper = fields
    series, value = record_fields
    x = alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False))
    return alt.layer(
        alt.Chart(band)
        .mark_area(opacity=opacity, color="#2e75b6")
        .encode(x=x, y=alt.Y(f"{lower}:Q", title=M("model.figure.co2_axis", lang)), y2=f"{upper}:Q"),
        alt.Chart(band).mark_line(color="#2e75b6").encode(x=x, y=f"{middle}:Q"),
        alt.Chart(records)
        .mark_point(filled=True, size=size)
        .encode(
            x=x,
            y=f"{value}:Q",
            color=alt.Color(f"{series}:N", title=None, legend=alt.Legend(orient="bottom", columns=1)),
            shape=f"{series}:N",
            tooltip=[f"{series}:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip(f"{value}:Q", format=",.1f")],
        ),
    )


def level_figure(lang: str = "en") -> charts.Figure:
    """The smoothed territorial level (central 80 %) with both records."""
    path = _co2(level.filtered_path(base.BASE_YEAR), CO2_COLUMNS, lang)
    band = path[["year", "level", "lower_80", "upper_80"]]
    pts = path.melt(id_vars="year", value_vars=["CEADs", "county-level sum"], var_name="series").dropna()
    pts["series"] = pts["series"].map(lambda r: M(f"model.figure.{r}", lang))
    chart = _band_and_records(
        band, ("lower_80", "level", "upper_80"), 0.2, pts, ("series", "value"), 50, lang
    ).properties(
        title=common.title(M("model.figure.level_title", lang), M("model.figure.level_units", lang), lang),
        width=charts.WIDTH,
        height=charts.HEIGHT,
    )
    last = path.iloc[-1]
    return common.figure(
        chart,
        alt_text=M("model.figure.level_alt", lang, year=int(last["year"]), level=last["level"], record=last["CEADs"]),
        sources=["ceads_city", "chen2020"],
        grades=["measured", "proxy", "estimated"],
        data=path,
        filename="model_level",
        lang=lang,
        columns="model.csv",
    )


def hindcast_figure(points: pd.DataFrame, origin: int, lang: str = "en") -> charts.Figure:
    """The band of territorial CO2 from one origin (a CEADs-like record's band) with both records."""
    df = points[(points["origin"] == origin) & points["variable"].isin(["co2_territorial", "co2_county"])]
    df = _co2(df, ("recorded", "p10", "p50", "p90"), lang)
    df["record"] = df["variable"].map(lambda v: record_label(v, lang))
    band = df[df["variable"] == "co2_territorial"]
    chart = _band_and_records(band, ("p10", "p50", "p90"), 0.18, df, ("record", "recorded"), 45, lang).properties(
        title=common.title(
            M("model.figure.hindcast_title", lang, origin=origin), M("model.figure.hindcast_units", lang), lang
        ),
        width=charts.WIDTH,
        height=charts.HEIGHT,
    )
    share = df.groupby("record")["inside"].mean()
    shares = (M("model.figure.hindcast_share", lang, record=k, share=v) for k, v in share.items())
    return common.figure(
        chart,
        alt_text=M("model.figure.hindcast_alt", lang, origin=origin, shares=messages.join(shares, lang, "clause")),
        sources=["ceads_city", "chen2020", "official_points"],
        grades=["measured", "proxy", "assumption"],
        extra=M("model.figure.hindcast_source", lang),
        data=df,
        filename=f"model_hindcast_{origin}",
        lang=lang,
        columns="model.csv",
    )


def recent_figure(ens, levels=(0.8,), lang: str = "en"):
    """The model's territorial path 2019-2025 beside the nowcast band and CMCC."""
    name, result = next(iter(ens))
    model = M("model.figure.model_series", lang, scenario=messages.label("scenario", name, lang))
    b = _co2(summary.bands(result.territorial, result.years, levels), CO2_COLUMNS, lang)
    b = b[b["year"] <= 2025].assign(series=model)
    now = nowcast.nowcast()[["year", "median", "lower_80", "upper_80"]].assign(series=M("model.figure.nowcast", lang))
    now = _co2(now, CO2_COLUMNS, lang)
    df = pd.concat([b[["year", "median", "lower_80", "upper_80", "series"]], now], ignore_index=True)
    cmcc = data.series("shenzhen_co2_cmcc", SHENZHEN, "co2")
    pts = pd.DataFrame(
        {"year": cmcc.index, "value": messages.co2(cmcc.to_numpy(), lang), "series": M("model.figure.CMCC", lang)}
    )
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=[model, M("model.figure.nowcast", lang)], range=["#2e75b6", "#c55a11"]),
        legend=alt.Legend(orient="bottom"),
    )
    base_chart = alt.Chart(df).encode(
        x=alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False)), color=colour
    )
    chart = alt.layer(
        base_chart.mark_area(opacity=0.15).encode(
            y=alt.Y("lower_80:Q", title=M("model.figure.co2_axis", lang)), y2="upper_80:Q"
        ),
        base_chart.mark_line(point=True).encode(
            y="median:Q",
            tooltip=["series:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("median:Q", format=",.1f")],
        ),
        alt.Chart(pts)
        .mark_point(shape="diamond", size=90, filled=True, color="#222")
        .encode(x="year:Q", y="value:Q", tooltip=["series:N", alt.Tooltip("value:Q", format=",.1f")]),
    ).properties(
        title=common.title(M("model.figure.recent_title", lang), M("model.figure.recent_units", lang), lang),
        width=charts.WIDTH,
        height=charts.HEIGHT,
    )
    y = 2023
    alt_text = M(
        "model.figure.recent_alt",
        lang,
        scenario=messages.label("scenario", name, lang),
        year=y,
        model=float(b.set_index("year").at[y, "median"]),
        nowcast=float(now.set_index("year").at[y, "median"]),
    )
    return common.figure(
        chart,
        alt_text=alt_text,
        sources=SOURCES + ["cmcc", "carbon_monitor"],
        grades=["measured", "derived", "assumption"],
        extra=M("model.figure.recent_source", lang),
        data=pd.concat([df, pts], ignore_index=True),
        filename="model_recent_checks",
        lang=lang,
        columns="model.csv",
    )
