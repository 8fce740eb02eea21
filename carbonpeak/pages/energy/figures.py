"""The energy chapter's charts: electricity use, the balance by source, the import factor, the 2019 boundaries, the
power plants and the Kaya effects, each in the page's language."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts
from carbonpeak.pages import common, messages
from carbonpeak.pages.energy.frames import (
    KAYA,
    TOTALS,
    M,
    balance_medians,
    boundary_frame,
    csv_words,
    demand_total,
    factor_label,
    kaya_frame,
    language_twh,
    published_factors,
    scenario_label,
)


def electricity_figure(ens, record: pd.DataFrame, level: float, lang: str = "en") -> charts.Figure:
    """The band chart of electricity use, with the record's published and derived years as points."""
    points = record[["year", "value", "series"]]
    return common.model_figure(
        ens,
        demand_total,
        level,
        key="energy.electricity_figure",
        quantity="twh",
        filename="electricity_use",
        points=points.assign(value=language_twh(points["value"], lang)),
        grades=["official_point", "derived", "assumption"],
        lang=lang,
    )


def balance_figure(ens, scenario: str, lang: str = "en") -> charts.Figure:
    """One scenario's median supply by source, stacked, with median demand as a line."""
    result = ens.results[scenario]
    df = balance_medians(result, lang)
    line = pd.DataFrame({"year": result.years, "median": language_twh(np.median(demand_total(result), axis=0), lang)})
    name = scenario_label(scenario, lang)
    return common.stacked_figure(
        df,
        item="source",
        title_text=M("energy.balance.title", lang, scenario=name),
        units=M("common.unit.twh.per_year", lang),
        y_title=M("common.unit.twh.axis", lang),
        subject=M("energy.balance.subject", lang, scenario=name),
        filename=f"electricity_balance_{scenario}",
        line=line,
        line_label=M("energy.balance.demand_line", lang),
        note=M("energy.balance.note", lang),
        lang=lang,
    )


def import_factor_figure(ens, level: float, lang: str = "en") -> charts.Figure:
    """The band chart of the imports' emission factor, with the published grid averages as points."""
    return common.model_figure(
        ens,
        lambda r: r.import_ef,
        level,
        key="energy.import_factor",
        units=M("energy.ef_units", lang),
        y_title=M("energy.ef_axis", lang),
        filename="import_factor",
        points=published_factors(lang),
        value_format=",.3f",
        sources=common.MODEL_SOURCES,
        lang=lang,
    )


def boundary_figure(table: pd.DataFrame, lang: str = "en") -> charts.Figure:
    """Bars of the 2019 totals on both boundaries: this book's beside the commentary's."""
    df = boundary_frame(table[table["key"].isin(TOTALS)], lang).drop(columns="key")
    df = df.assign(
        label=[M("energy.boundary.label", lang, account=a, item=i) for a, i in zip(df["account"], df["item"])]
    )
    df = df.assign(**{"Mt CO2": messages.co2(df["Mt CO2"], lang)})
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("Mt CO2:Q", title=M("energy.boundary.axis", lang)),
            color=alt.Color("account:N", title=None),
            tooltip=["account:N", "item:N", alt.Tooltip("Mt CO2:Q", format=",.2f"), "grade:N"],
        )
        .properties(
            title=common.title(M("energy.boundary.title", lang), M("common.unit.co2.axis", lang), lang),
            width=charts.WIDTH,
            height=44 * len(df) + 20,
        )
    )
    v = df.set_index("label")["Mt CO2"]
    items = messages.join(
        (M("energy.boundary.alt_item", lang, label=k, value=x, wan=x) for k, x in v.items()), lang, "clause"
    )
    return charts.Figure(
        chart,
        alt_text=M("energy.boundary.alt", lang, items=items),
        source=messages.source_note(
            ["ceads_city", "literature", "official_points"],
            ["measured", "official_point", "derived"],
            M("energy.boundary.note", lang),
            lang,
        ),
        data=df.drop(columns="label"),
        filename="boundary_2019",
        **csv_words(lang),
    )


def power_figure(ens, level: float, lang: str = "en") -> charts.Figure:
    """The band chart of the CO2 of Shenzhen's coal and gas power plants."""
    return common.model_figure(
        ens,
        lambda r: r.parts["power plants"],
        level,
        key="energy.power",
        quantity="co2",
        filename="power_plants",
        lang=lang,
    )


def kaya_figure(table: pd.DataFrame, start: int, end: int, level: float = 0.8, lang: str = "en") -> charts.Figure:
    """Bars of each Kaya factor's mean LMDI effect on territorial CO2 from ``start`` to ``end``, per scenario."""
    table = kaya_frame(table, lang)
    df = table[table["factor"] != factor_label("change of CO2", lang)]
    names = list(dict.fromkeys(df["scenario"]))
    colours = {scenario_label(n, lang): c for n, c in charts.SCENARIO_COLOURS.items()}
    colour = alt.Color(
        "scenario:N",
        sort=names,
        title=M("energy.kaya.legend", lang),
        scale=alt.Scale(domain=names, range=[colours.get(n, "#444") for n in names]),
    )
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("factor:N", sort=[factor_label(k, lang) for k in KAYA], title=None),
            yOffset=alt.YOffset("scenario:N", sort=names),
            x=alt.X("mean effect (Mt):Q", title=M("common.unit.co2.axis", lang)),
            color=colour,
            tooltip=[
                "scenario:N",
                "factor:N",
                alt.Tooltip("mean effect (Mt):Q", format="+.2f"),
                alt.Tooltip("lower:Q", format="+.2f"),
                alt.Tooltip("upper:Q", format="+.2f"),
            ],
        )
        .properties(
            title=common.title(M("energy.kaya.title", lang, start=start, end=end), M("energy.kaya.units", lang), lang),
            width=charts.WIDTH,
            height=28 * len(df) + 30,
        )
    )
    first = df[df["scenario"] == names[0]]
    items = messages.join(
        (
            M("energy.kaya.alt_item", lang, factor=f, value=v, wan=v)
            for f, v in zip(first["factor"], first["mean effect (Mt)"], strict=False)
        ),
        lang,
    )
    return charts.Figure(
        chart,
        alt_text=M("energy.kaya.alt", lang, start=start, end=end, first=names[0], items=items),
        source=messages.source_note(
            common.MODEL_SOURCES,
            ["derived", "assumption"],
            M("energy.kaya.note", lang, level=common.level_label(level, lang)),
            lang,
        ),
        data=table,
        filename=f"kaya_lmdi_{start}_{end}",
        **csv_words(lang),
    )
