"""The atlas chapter's charts: the counts under each rule, one city's record, the peers, growth to peak and
hindsight, each with its source note and data, in English or in Chinese (the catalogue's atlas.yml)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts
from carbonpeak.analysis import atlas, peaks
from carbonpeak.analysis.atlas import RULE_NAMES, label
from carbonpeak.constants import SHENZHEN
from carbonpeak.pages import common, messages

M = messages.text
VERDICT_COLOURS = {"peaked": "#548235", "not yet": "#c55a11", "unknown": "#a6a6a6"}
RULE_OF_LABEL = {peaks.label(r): r for r in peaks.RULES}  # the analysis' frames name a rule by its English label


def city_label(city: str, lang: str) -> str:
    """A CEADs city in the page's language: its English label, or its CEADs name in Chinese."""
    return M("atlas.city", lang, label=label(city), name=city)


def with_city(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``df`` with a first column ``city``: each row's CEADs city (``region``) as the page names it."""
    out = df.copy()
    out.insert(0, "city", df["region"].map(lambda c: city_label(c, lang)))
    return out


def verdict_label(verdict: str, lang: str) -> str:
    """A rule's verdict (peaked, not yet, unknown) in the page's language."""
    return M(f"atlas.verdict.{verdict}", lang)


def rule_label(rule: str, lang: str) -> str:
    """A rule, by its key or by its English label, in the page's language."""
    return messages.label("rule", RULE_OF_LABEL.get(rule, rule), lang)


def _one_bar_per_rule(chart: alt.Chart, title: str, units: str, rules: int, lang: str = "en") -> alt.Chart:
    """A horizontal bar chart with one bar per peak rule: its title and units, the text column's width, and a
    height that gives each bar the same room however many rules it shows."""
    return chart.properties(title=common.title(title, units, lang), width=charts.WIDTH, height=40 * rules + 20)


def counts_figure(count_table: pd.DataFrame, reference_year: int, rule_years: int, lang: str = "en"):
    """Stacked bars of the CEADs cities by verdict under each peak definition."""
    shown = count_table.assign(rule=count_table["rule"].map(lambda r: rule_label(r, lang)))
    long = shown.drop(columns="cities").melt(
        id_vars=["rule"], value_vars=list(peaks.VERDICTS), var_name="verdict", value_name="cities"
    )
    long["verdict"] = long["verdict"].map(lambda v: verdict_label(v, lang))
    key = "atlas.figure"
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("rule:N", sort=list(shown["rule"]), title=None),
            x=alt.X("cities:Q", stack="zero", title=M(f"{key}.cities", lang)),
            color=alt.Color(
                "verdict:N",
                scale=alt.Scale(
                    domain=[verdict_label(v, lang) for v in VERDICT_COLOURS], range=list(VERDICT_COLOURS.values())
                ),
                title=M(f"{key}.verdict", lang),
            ),
            order=alt.Order("verdict:N"),
            tooltip=["rule:N", "verdict:N", "cities:Q"],
        )
    )
    chart = _one_bar_per_rule(
        chart, M(f"{key}.counts_title", lang), M(f"{key}.number_of_cities", lang), len(count_table), lang
    )
    text = messages.join(
        (
            M(f"{key}.counts_item", lang, rule=r.rule, peaked=r.peaked, not_yet=r._3, unknown=r.unknown)
            for r in shown.rename(columns={"not yet": "_3"}).itertuples()
        ),
        lang,
        "clause",
    )
    return common.figure(
        chart,
        alt_text=M(f"{key}.counts_alt", lang, cities=int(count_table["cities"].iloc[0]), text=text),
        sources=["ceads_city"],
        grades=["measured", "derived"],
        extra=M(f"{key}.counts_source", lang, rule_years=rule_years, reference_year=reference_year),
        data=shown,
        filename="atlas_counts",
        lang=lang,
        columns="atlas.csv",
    )


def city_figure(matrix: pd.DataFrame, city: str, rule_years: int, reference_year: int, lang: str = "en"):
    """The city's CEADs record, with the candidate peak each rule finds marked by a diamond."""
    key = "atlas.figure"
    record = matrix.loc[city].dropna()
    history = pd.DataFrame(
        {
            "year": record.index,
            "value": messages.co2(record.to_numpy(), lang).round(3),
            "series": M(f"{key}.inventory", lang),
        }
    )
    years = matrix.columns.to_numpy()
    marks = []
    for rule in RULE_NAMES:
        s = peaks.status(
            years, matrix.loc[city].to_numpy(), rule, **atlas.rule_options(rule, rule_years, reference_year)
        )
        if s.year is not None:
            marks.append(
                {
                    "year": s.year,
                    "value": round(messages.co2(s.value, lang), 3),
                    "rule": rule_label(rule, lang),
                    "verdict": verdict_label(s.verdict, lang),
                }
            )
    marks = pd.DataFrame(marks)
    name = city_label(city, lang)
    title = common.title(M(f"{key}.record_title", lang, city=name), M(f"{key}.record_units", lang), lang)
    base = charts.history_chart(history, title_text="", units="", y_title=M(f"{key}.record_axis", lang), units_label="")
    peak_mark = (
        alt.Chart(marks)
        .mark_point(shape="diamond", size=160, filled=False, strokeWidth=2, color="#c00000")
        .encode(
            x="year:Q",
            y="value:Q",
            tooltip=["rule:N", "verdict:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.2f")],
        )
    )
    verdicts = (
        messages.join(
            (M(f"{key}.record_item", lang, rule=r.rule, verdict=r.verdict) for r in marks.itertuples()), lang, "clause"
        )
        if len(marks)
        else M(f"{key}.no_data", lang)
    )
    alt_text = (
        M(
            f"{key}.record_alt",
            lang,
            city=name,
            first=int(record.index.min()),
            last=int(record.index.max()),
            year=int(marks["year"].iloc[0]),
            value=marks["value"].iloc[0],
            verdicts=verdicts,
        )
        if len(record)
        else M(f"{key}.no_record", lang, city=name)
    )
    # the record's data sits on the history chart's layer, not on its parts: carry it over with them
    chart = alt.layer(*base.layer, peak_mark, data=base.data).properties(
        title=title, width=charts.WIDTH, height=charts.HEIGHT
    )
    return common.figure(
        chart,
        alt_text=alt_text,
        sources=["ceads_city"],
        grades=["measured"],
        extra=M(f"{key}.record_source", lang),
        data=history.drop(columns="series").merge(marks, on=["year", "value"], how="left"),
        filename=f"atlas_record_{city}",
        lang=lang,
        columns="atlas.csv",
    )


def peers_figure(peer_table: pd.DataFrame, rule: str, lang: str = "en"):
    """Scatter (log scales) of CO2 per person against CO2 per 10 000 yuan: the major cities at their peak
    and Shenzhen at its latest year."""
    key = "atlas.figure"
    df = with_city(peer_table.dropna(subset=["t_co2_per_person", "t_co2_per_10k_yuan"]), lang)
    own_group, peak_group = M(f"{key}.peers_shenzhen", lang), M(f"{key}.peers_major", lang)
    df["group"] = np.where(df["region"] == SHENZHEN, own_group, peak_group)
    df["what"] = df["what"].map(lambda w: M(f"atlas.what.{w}", lang))
    chart = (
        alt.Chart(df)
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X("t_co2_per_person:Q", title=M(f"{key}.peers_x", lang), scale=alt.Scale(type="log")),
            y=alt.Y("t_co2_per_10k_yuan:Q", title=M(f"{key}.peers_y", lang), scale=alt.Scale(type="log")),
            color=alt.Color(
                "group:N",
                scale=alt.Scale(domain=[peak_group, own_group], range=["#7f7f7f", "#c00000"]),
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
            title=common.title(
                M(f"{key}.peers_title", lang, rule=rule_label(rule, lang)), M(f"{key}.peers_units", lang), lang
            ),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    own = df[df["region"] == SHENZHEN].iloc[-1]
    others = df[df["region"] != SHENZHEN]
    alt_text = (
        M(
            f"{key}.peers_alt",
            lang,
            n=len(others),
            person_min=others["t_co2_per_person"].min(),
            person_max=others["t_co2_per_person"].max(),
            yuan_min=others["t_co2_per_10k_yuan"].min(),
            yuan_max=others["t_co2_per_10k_yuan"].max(),
            year=int(own["year"]),
            person=own["t_co2_per_person"],
            yuan=own["t_co2_per_10k_yuan"],
        )
        if len(others)
        else M(f"{key}.none_peaked", lang)
    )
    return common.figure(
        chart,
        alt_text=alt_text,
        sources=["ceads_city", "nbs_major_cities", "un_wup"],
        grades=["measured", "derived"],
        extra=M(f"{key}.peers_source", lang),
        data=with_city(peer_table, lang)
        .assign(
            what=peer_table["what"].map(lambda w: M(f"atlas.what.{w}", lang)),
            co2_Mt=messages.co2(peer_table["co2_Mt"], lang),
        )
        .drop(columns="region"),
        filename="atlas_peers",
        lang=lang,
        columns="atlas.csv",
    )


def growth_figure(growth: pd.DataFrame, rule: str, lang: str = "en"):
    """Bar chart of the peaked cities by the years from their fastest growth to their peak."""
    key = "atlas.figure"
    lags = growth["years from fastest growth to peak"].astype(int).value_counts().sort_index()
    df = pd.DataFrame({"years": lags.index.astype(int), "cities": lags.to_numpy().astype(int)})
    chart = (
        alt.Chart(df)
        .mark_bar(color="#2e75b6")
        .encode(
            x=alt.X("years:O", title=M(f"{key}.growth_x", lang)),
            y=alt.Y("cities:Q", title=M(f"{key}.cities", lang)),
            tooltip=["years:O", "cities:Q"],
        )
        .properties(
            title=common.title(
                M(f"{key}.growth_title", lang, rule=rule_label(rule, lang)), M(f"{key}.number_of_cities", lang), lang
            ),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    median = float(growth["years from fastest growth to peak"].median()) if len(growth) else float("nan")
    alt_text = (
        M(
            f"{key}.growth_alt",
            lang,
            n=len(growth),
            median=median,
            low=int(df["years"].min()),
            high=int(df["years"].max()),
        )
        if len(growth)
        else M(f"{key}.no_city_peaked", lang)
    )
    return common.figure(
        chart,
        alt_text=alt_text,
        sources=["ceads_city"],
        grades=["measured", "derived"],
        extra=M(f"{key}.growth_source", lang),
        data=with_city(growth, lang).drop(columns="region"),
        filename="atlas_growth_to_peak",
        lang=lang,
        columns="atlas.csv",
    )


def hindsight_figure(summary: pd.DataFrame, first: int, last: int, lang: str = "en"):
    """Bars of the share of each rule's peak calls (those with later data) that a later year overturned."""
    key = "atlas.figure"
    shown = summary.assign(rule=summary["rule"].map(lambda r: rule_label(r, lang)))
    chart = (
        alt.Chart(shown)
        .mark_bar(color="#c55a11")
        .encode(
            y=alt.Y("rule:N", sort=list(shown["rule"]), title=None),
            x=alt.X("wrong in hindsight (%):Q", title=M(f"{key}.hindsight_x", lang), scale=alt.Scale(domain=[0, 100])),
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
        chart, M(f"{key}.hindsight_title", lang), M(f"{key}.hindsight_units", lang), len(summary), lang
    )
    text = messages.join(
        (
            M(f"{key}.hindsight_item", lang, rule=r.rule, wrong=r._5, calls=r._3)
            for r in shown.rename(columns={"calls with later data": "_3", "wrong in hindsight (%)": "_5"}).itertuples()
        ),
        lang,
        "clause",
    )
    return common.figure(
        chart,
        alt_text=M(f"{key}.hindsight_alt", lang, first=first, last=last, text=text),
        sources=["ceads_city"],
        grades=["measured", "derived"],
        extra=M(f"{key}.hindsight_source", lang),
        data=shown,
        filename="atlas_hindsight",
        lang=lang,
        columns="atlas.csv",
    )
