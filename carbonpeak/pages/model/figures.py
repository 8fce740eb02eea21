"""The model chapter's charts: the residuals of its fits, the territorial level, the hindcasts and 2020-2025
against the other estimates, each with its source note and data."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carbonpeak import charts, data
from carbonpeak.analysis import level, nowcast
from carbonpeak.constants import SHENZHEN
from carbonpeak.model import base, summary
from carbonpeak.pages.model.text import RECORD_LABELS, SOURCES


def residuals_figure(fits: list) -> charts.Figure:
    """The residuals of every regression by year, one panel per fit."""
    df = pd.concat([e.residuals.assign(fit=e.label) for e in fits], ignore_index=True)
    chart = (
        alt.Chart(df)
        .mark_point(filled=True, size=45)
        .encode(
            x=alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False)),
            y=alt.Y("residual:Q", title="residual (log)"),
            color=alt.Color("fit:N", title=None, legend=alt.Legend(orient="bottom", columns=1)),
            shape="fit:N",
            tooltip=["fit:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("residual:Q", format=".3f")],
        )
        .properties(
            title=charts.title("Residuals of the fitted relationships", "log units, by year"),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    largest = df.loc[df["residual"].abs().idxmax()]
    return charts.Figure(
        chart,
        alt_text=(
            "Points of the residuals of the fitted relationships by year; the largest is "
            f"{largest['residual']:+.3f} ({largest['fit']}, {int(largest['year'])})."
        ),
        source=charts.source_note(["crea_power", "official_points", "nbs_major_cities"], ["proxy", "official_point"]),
        data=df,
        filename="model_residuals",
    )


def _band_and_records(band, fields, opacity, records, record_fields, size) -> alt.LayerChart:
    """A blue band and its middle line (``fields``: lower, middle, upper columns of ``band``; Mt CO2) under
    the records as points, one colour and shape per series (``record_fields``: series and value columns)."""
    lower, middle, upper = fields
    series, value = record_fields
    x = alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False))
    return alt.layer(
        alt.Chart(band)
        .mark_area(opacity=opacity, color="#2e75b6")
        .encode(x=x, y=alt.Y(f"{lower}:Q", title="Mt CO2"), y2=f"{upper}:Q"),
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


def level_figure() -> charts.Figure:
    """The smoothed territorial level (central 80 %) with both records."""
    path = level.filtered_path(base.BASE_YEAR)
    band = path[["year", "level", "lower_80", "upper_80"]]
    pts = path.melt(id_vars="year", value_vars=["CEADs", "county-level sum"], var_name="series").dropna()
    chart = _band_and_records(band, ("lower_80", "level", "upper_80"), 0.2, pts, ("series", "value"), 50).properties(
        title=charts.title(
            "The territorial level both records share", "Mt CO2; line and band: smoothed level, central 80 %"
        ),
        width=charts.WIDTH,
        height=charts.HEIGHT,
    )
    last = path.iloc[-1]
    return charts.Figure(
        chart,
        alt_text=(
            f"Smoothed level of Shenzhen's territorial CO2 with the CEADs and county-level records as points; in "
            f"{int(last['year'])} the level is {last['level']:.1f} Mt against CEADs' {last['CEADs']:.1f} Mt."
        ),
        source=charts.source_note(["ceads_city", "chen2020"], ["measured", "proxy", "estimated"]),
        data=path,
        filename="model_level",
    )


def hindcast_figure(points: pd.DataFrame, origin: int) -> charts.Figure:
    """The band of territorial CO2 from one origin (a CEADs-like record's band) with both records."""
    df = points[(points["origin"] == origin) & points["variable"].isin(["co2_territorial", "co2_county"])].copy()
    df["record"] = df["variable"].map(RECORD_LABELS)
    band = df[df["variable"] == "co2_territorial"]
    chart = _band_and_records(band, ("p10", "p50", "p90"), 0.18, df, ("record", "recorded"), 45).properties(
        title=charts.title(
            f"Hindcast from {origin} against what was recorded",
            "Mt CO2, territorial; band: central 80 % of a CEADs-like record",
        ),
        width=charts.WIDTH,
        height=charts.HEIGHT,
    )
    share = df.groupby("record")["inside"].mean()
    return charts.Figure(
        chart,
        alt_text=(
            f"Band of the hindcast from {origin} with the recorded values as points; "
            + "; ".join(f"{k}: {v:.0%} of values inside" for k, v in share.items())
            + "."
        ),
        source=charts.source_note(
            ["ceads_city", "chen2020", "official_points"],
            ["measured", "proxy", "assumption"],
            "Hindcast: drivers observed after the origin, priors of data/assumptions.yml.",
        ),
        data=df,
        filename=f"model_hindcast_{origin}",
    )


def recent_figure(ens, levels=(0.8,)):
    """The model's territorial path 2019-2025 beside the nowcast band and CMCC."""
    name, result = next(iter(ens))
    b = summary.bands(result.territorial, result.years, levels)
    b = b[b["year"] <= 2025].assign(series=f"model ({name})")
    now = nowcast.nowcast()[["year", "median", "lower_80", "upper_80"]].assign(series="nowcast")
    df = pd.concat([b[["year", "median", "lower_80", "upper_80", "series"]], now], ignore_index=True)
    cmcc = data.series("shenzhen_co2_cmcc", SHENZHEN, "co2")
    pts = pd.DataFrame({"year": cmcc.index, "value": cmcc.to_numpy(), "series": "CMCC"})
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=[f"model ({name})", "nowcast"], range=["#2e75b6", "#c55a11"]),
        legend=alt.Legend(orient="bottom"),
    )
    base_chart = alt.Chart(df).encode(
        x=alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False)), color=colour
    )
    chart = alt.layer(
        base_chart.mark_area(opacity=0.15).encode(y=alt.Y("lower_80:Q", title="Mt CO2"), y2="upper_80:Q"),
        base_chart.mark_line(point=True).encode(
            y="median:Q",
            tooltip=["series:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("median:Q", format=",.1f")],
        ),
        alt.Chart(pts)
        .mark_point(shape="diamond", size=90, filled=True, color="#222")
        .encode(x="year:Q", y="value:Q", tooltip=["series:N", alt.Tooltip("value:Q", format=",.1f")]),
    ).properties(
        title=charts.title(
            "2020-2025: the model beside the nowcast and CMCC", "Mt CO2, territorial; bands: central 80 %"
        ),
        width=charts.WIDTH,
        height=charts.HEIGHT,
    )
    y = 2023
    alt_text = (
        f"Two bands with medians, 2019-2025: the model's territorial path ({name}) and the nowcast carried with "
        f"Guangdong's Carbon Monitor change; in {y} the model's median is "
        f"{float(b.set_index('year').at[y, 'median']):.1f} Mt and the nowcast's "
        f"{float(now.set_index('year').at[y, 'median']):.1f} Mt. Black diamonds: CMCC 2020-2021."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            SOURCES + ["cmcc", "carbon_monitor"],
            ["measured", "derived", "assumption"],
            "Nowcast and model are both derived here, by different methods.",
        ),
        data=pd.concat([df, pts], ignore_index=True),
        filename="model_recent_checks",
    )
