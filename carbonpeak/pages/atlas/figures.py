"""The atlas chapter's charts: the counts under each rule, one city's record, the peers, growth to peak and
hindsight, each with its source note and data."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts
from carbonpeak.analysis import atlas, peaks
from carbonpeak.analysis.atlas import RULE_NAMES, label
from carbonpeak.constants import SHENZHEN

VERDICT_COLOURS = {"peaked": "#548235", "not yet": "#c55a11", "unknown": "#a6a6a6"}


def _one_bar_per_rule(chart: alt.Chart, title: str, units: str, rules: int) -> alt.Chart:
    """A horizontal bar chart with one bar per peak rule: its title and units, the text column's width, and a
    height that gives each bar the same room however many rules it shows."""
    return chart.properties(title=charts.title(title, units), width=charts.WIDTH, height=40 * rules + 20)


def counts_figure(count_table: pd.DataFrame, reference_year: int, rule_years: int):
    """Stacked bars of the CEADs cities by verdict under each peak definition."""
    long = count_table.drop(columns="cities").melt(
        id_vars=["rule"], value_vars=list(peaks.VERDICTS), var_name="verdict", value_name="cities"
    )
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("rule:N", sort=list(count_table["rule"]), title=None),
            x=alt.X("cities:Q", stack="zero", title="cities"),
            color=alt.Color(
                "verdict:N",
                scale=alt.Scale(domain=list(VERDICT_COLOURS), range=list(VERDICT_COLOURS.values())),
                title="verdict",
            ),
            order=alt.Order("verdict:N"),
            tooltip=["rule:N", "verdict:N", "cities:Q"],
        )
    )
    chart = _one_bar_per_rule(chart, "CEADs cities by peak definition", "number of cities", len(count_table))
    text = "; ".join(
        f"{r.rule}: {r.peaked} peaked, {r._3} not yet, {r.unknown} unknown"
        for r in count_table.rename(columns={"not yet": "_3"}).itertuples()
    )
    return charts.Figure(
        chart,
        alt_text=f"Stacked bars of the {int(count_table['cities'].iloc[0])} CEADs cities by "
        f"verdict under each peak definition. {text}.",
        source=charts.source_note(
            ["ceads_city"],
            ["measured", "derived"],
            f"Verdicts derived here (N = {rule_years}; C40 as of {reference_year}; Mann-Kendall at 5 %).",
        ),
        data=count_table,
        filename="atlas_counts",
    )


def city_figure(matrix: pd.DataFrame, city: str, rule_years: int, reference_year: int):
    """The city's CEADs record, with the candidate peak each rule finds marked by a diamond."""
    record = matrix.loc[city].dropna()
    history = pd.DataFrame({"year": record.index, "value": record.to_numpy().round(3), "series": "CEADs inventory"})
    years = matrix.columns.to_numpy()
    marks = []
    for rule in RULE_NAMES:
        s = peaks.status(
            years, matrix.loc[city].to_numpy(), rule, **atlas.rule_options(rule, rule_years, reference_year)
        )
        if s.year is not None:
            marks.append({"year": s.year, "value": round(s.value, 3), "rule": peaks.label(rule), "verdict": s.verdict})
    marks = pd.DataFrame(marks)
    base = charts.history_chart(
        history,
        title_text=f"CO2 record and candidate peak, {label(city)}",
        units="Mt CO2 per year",
        y_title="Mt CO2",
    )
    peak_mark = (
        alt.Chart(marks)
        .mark_point(shape="diamond", size=160, filled=False, strokeWidth=2, color="#c00000")
        .encode(
            x="year:Q",
            y="value:Q",
            tooltip=["rule:N", "verdict:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.2f")],
        )
    )
    verdict_text = "; ".join(f"{r.rule}: {r.verdict}" for r in marks.itertuples()) if len(marks) else "no data"
    top = record.idxmax() if len(record) else None
    alt_text = (
        f"Line chart of {label(city)}'s territorial CO2 from CEADs, {int(record.index.min())} to "
        f"{int(record.index.max())}, with the candidate peak ({int(marks['year'].iloc[0])}, "
        f"{marks['value'].iloc[0]:.1f} Mt) marked by a diamond. {verdict_text}."
        if top is not None
        else f"No CEADs record for {label(city)}."
    )
    # the record's data sits on the history chart's layer, not on its parts: carry it over with them
    chart = alt.layer(*base.layer, peak_mark, data=base.data).properties(
        title=base.title, width=charts.WIDTH, height=charts.HEIGHT
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["ceads_city"],
            ["measured"],
            "Lines break where a year is missing; "
            "the diamond marks the candidate peak (the maximum, later year on a tie).",
        ),
        data=history.drop(columns="series").merge(marks, on=["year", "value"], how="left"),
        filename=f"atlas_record_{city}",
    )


def peers_figure(peer_table: pd.DataFrame, rule: str):
    """Scatter (log scales) of CO2 per person against CO2 per 10 000 yuan: the major cities at their peak
    and Shenzhen at its latest year."""
    df = peer_table.dropna(subset=["t_co2_per_person", "t_co2_per_10k_yuan"]).copy()
    df["group"] = np.where(df["region"] == SHENZHEN, "Shenzhen, latest year", "major city at its peak")
    chart = (
        alt.Chart(df)
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X(
                "t_co2_per_person:Q",
                title="t CO2 per person (UN WUP agglomeration population)",
                scale=alt.Scale(type="log"),
            ),
            y=alt.Y(
                "t_co2_per_10k_yuan:Q",
                title="t CO2 per 10 000 yuan of GDP (current prices)",
                scale=alt.Scale(type="log"),
            ),
            color=alt.Color(
                "group:N",
                scale=alt.Scale(
                    domain=["major city at its peak", "Shenzhen, latest year"], range=["#7f7f7f", "#c00000"]
                ),
                title=None,
            ),
            tooltip=[
                "city:N",
                "what:N",
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("co2_Mt:Q", format=",.1f"),
                alt.Tooltip("t_co2_per_person:Q", format=",.2f"),
                alt.Tooltip("t_co2_per_10k_yuan:Q", format=",.2f"),
            ],
        )
        .properties(
            title=charts.title(
                f"Major cities at their peak ({peaks.label(rule)}) and Shenzhen now",
                "t CO2 per person; t CO2 per 10 000 yuan (log scales)",
            ),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    own = df[df["region"] == SHENZHEN].iloc[-1]
    others = df[df["region"] != SHENZHEN]
    alt_text = (
        f"Scatter on log scales of {len(others)} major cities at their peak: CO2 per person from "
        f"{others['t_co2_per_person'].min():.1f} to {others['t_co2_per_person'].max():.1f} t and per 10 000 yuan "
        f"from {others['t_co2_per_10k_yuan'].min():.2f} to {others['t_co2_per_10k_yuan'].max():.2f} t; Shenzhen in "
        f"{int(own['year'])} at {own['t_co2_per_person']:.2f} t per person and {own['t_co2_per_10k_yuan']:.2f} t "
        "per 10 000 yuan."
        if len(others)
        else "No major city has peaked under this rule."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["ceads_city", "nbs_major_cities", "un_wup"],
            ["measured", "derived"],
            "Ratios derived here. GDP at current prices, pre-2018-census vintage; "
            "population of the UN urban agglomeration, smaller than the prefecture "
            "CEADs covers.",
        ),
        data=peer_table.drop(columns="region"),
        filename="atlas_peers",
    )


def growth_figure(growth: pd.DataFrame, rule: str):
    """Bar chart of the peaked cities by the years from their fastest growth to their peak."""
    lags = growth["years from fastest growth to peak"].astype(int).value_counts().sort_index()
    df = pd.DataFrame({"years": lags.index.astype(int), "cities": lags.to_numpy().astype(int)})
    chart = (
        alt.Chart(df)
        .mark_bar(color="#2e75b6")
        .encode(
            x=alt.X("years:O", title="years from the fastest year-on-year growth to the peak"),
            y=alt.Y("cities:Q", title="cities"),
            tooltip=["years:O", "cities:Q"],
        )
        .properties(
            title=charts.title(f"From fastest growth to peak ({peaks.label(rule)})", "number of cities"),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    median = float(growth["years from fastest growth to peak"].median()) if len(growth) else float("nan")
    alt_text = (
        f"Bar chart of {len(growth)} peaked cities by the years between their fastest growth and their peak: "
        f"median {median:.0f} years, range {int(df['years'].min())} to {int(df['years'].max())}."
        if len(growth)
        else "No city has peaked under this rule."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["ceads_city"], ["measured", "derived"], "Growth only between consecutive observed years; derived here."
        ),
        data=growth.drop(columns="region"),
        filename="atlas_growth_to_peak",
    )


def hindsight_figure(summary: pd.DataFrame, first: int, last: int):
    """Bars of the share of each rule's peak calls (those with later data) that a later year overturned."""
    chart = (
        alt.Chart(summary)
        .mark_bar(color="#c55a11")
        .encode(
            y=alt.Y("rule:N", sort=list(summary["rule"]), title=None),
            x=alt.X("wrong in hindsight (%):Q", title="calls later contradicted (%)", scale=alt.Scale(domain=[0, 100])),
            tooltip=[
                "rule:N",
                "cities called peaked:Q",
                "calls with later data:Q",
                "re-rose above the called peak:Q",
                "wrong in hindsight (%):Q",
            ],
        )
    )
    chart = _one_bar_per_rule(
        chart, "How often a called peak was later overturned", "% of calls with later data", len(summary)
    )
    text = "; ".join(
        f"{r.rule}: {r._5:.0f} % of {r._3}"
        for r in summary.rename(columns={"calls with later data": "_3", "wrong in hindsight (%)": "_5"}).itertuples()
    )
    return charts.Figure(
        chart,
        alt_text=f"Bars of the share of peak calls, made with data up to each year {first}-{last}, "
        f"that a later year returned to or above: {text}.",
        source=charts.source_note(
            ["ceads_city"], ["measured", "derived"], "Each city's first call per rule; derived here with no look-ahead."
        ),
        data=summary,
        filename="atlas_hindsight",
    )
