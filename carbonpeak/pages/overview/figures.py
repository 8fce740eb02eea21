"""The overview page's charts, with their alt texts and source notes, in the page's language."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carbonpeak import charts
from carbonpeak.analysis import nowcast, record
from carbonpeak.constants import SHENZHEN, level_name
from carbonpeak.pages import common, messages
from carbonpeak.pages.overview.labels import WAN, M, city_label, in_units, method_label, say, scaled


def history_alt_text(city: str, history: pd.DataFrame, lang: str = "en") -> str:
    """Alt text of the CEADs record chart: its first, highest and last values with their years."""
    ceads = history[history["source"] == "ceads_city"]
    top = ceads.loc[ceads["value"].idxmax()]
    first, last = ceads.iloc[0], ceads.iloc[-1]
    return M(
        "overview.history_figure.alt",
        lang,
        city=city_label(city, lang),
        first_year=int(first["year"]),
        last_year=int(last["year"]),
        top_year=int(top["year"]),
        first=first["value"],
        top=top["value"],
        last=last["value"],
        first_wan=first["value"] * WAN,
        top_wan=top["value"] * WAN,
        last_wan=last["value"] * WAN,
    )


def history_figure(city: str, lang: str = "en") -> charts.Figure:
    """The city's CO2 record by source (CEADs, and CMCC for Shenzhen), lines broken at missing years."""
    history = record.co2_history(city)
    shown = scaled(history, ["value"], lang).assign(series=history["series"].map(lambda s: say("series", s, lang)))
    return charts.Figure(
        charts.history_chart(
            shown,
            title_text=M("overview.history_figure.title", lang, city=city_label(city, lang)),
            units=M("overview.history_figure.units", lang),
            y_title=M("overview.history_figure.y", lang),
            units_label=M("common.unit.units", lang),
            lang=lang,
        ),
        alt_text=history_alt_text(city, history, lang),
        source=messages.source_note(
            sorted(history["source"].unique()), ["measured"], M("overview.history_figure.note", lang), lang
        ),
        data=shown,
        filename=f"co2_history_{city}",
        **messages.figure_csv(lang),
    )


def fan_alt_text(city: str, projection: pd.DataFrame, levels, lang: str = "en") -> str:
    """Alt text of the fan chart: the projection's method, its last value and its widest interval."""
    wide = level_name(max(levels))
    end = projection.iloc[-1]
    lower, upper = end[f"lower_{wide}"], end[f"upper_{wide}"]
    return M(
        "overview.fan_figure.alt",
        lang,
        city=city_label(city, lang),
        method=method_label(projection, lang),
        value=end["mean"],
        wan=end["mean"] * WAN,
        year=int(end["year"]),
        wide=wide,
        lower=lower,
        upper=upper,
        lower_wan=lower * WAN,
        upper_wan=upper * WAN,
    )


def fan_figure(
    city: str, co2: pd.Series, projection: pd.DataFrame, levels, horizon_end: int, record_2018: str, lang="en"
):
    """The record followed by the projection, with one shaded band per interval level."""
    history = record.record_history(co2)
    bounds = [c for c in projection.columns if c != "year"]
    proj = scaled(projection, bounds, lang)
    proj.attrs = projection.attrs
    history = scaled(history, ["value"], lang).assign(series=history["series"].map(lambda s: say("series", s, lang)))
    levels_text = M("overview.fan_figure.and", lang).join(
        M("overview.level", lang, level=lv, pct=lv * 100) for lv in sorted(levels)
    )
    dropped = record_2018 == "outlier" and city == SHENZHEN
    chart = charts.fan_chart(
        history,
        proj,
        levels,
        title_text=M("overview.fan_figure.title", lang, end=horizon_end, city=city_label(city, lang)),
        units=M("overview.history_figure.units", lang),
        y_title=M("overview.history_figure.y", lang),
        label=method_label(projection, lang),
        words=(
            M("overview.fan_figure.record", lang),
            M("overview.fan_figure.band", lang),
            M("common.unit.units", lang),
        ),
        lang=lang,
    )
    return charts.Figure(
        chart,
        alt_text=fan_alt_text(city, projection, levels, lang),
        source=messages.source_note(
            ["ceads_city"],
            ["measured", "derived"],
            M(
                "overview.fan_figure.note",
                lang,
                method=method_label(projection, lang),
                levels=levels_text,
                dropped=M("overview.fan_figure.dropped", lang) if dropped else "",
            ),
            lang,
        ),
        data=proj.round(4),
        filename=f"co2_projection_{city}",
        **messages.figure_csv(lang),
    )


INTENSITY_SOURCES = {
    "t_co2_per_10k_yuan": ["ceads_city", "nbs_major_cities"],
    "t_co2_per_person": ["ceads_city", "un_wup"],
}


def intensity_figure(intensity: pd.DataFrame, column: str, lang: str = "en"):
    """Line chart of Shenzhen's CO2 per unit of GDP or per person (``column`` of ``intensities``)."""
    label = M(f"overview.intensity.{column}.label", lang)
    units = M(f"overview.intensity.{column}.units", lang)
    df = intensity[["year", column]].rename(columns={column: "value"}).assign(series=label)
    first, last = df.iloc[0], df.iloc[-1]
    alt_text = M(
        "overview.intensity.alt",
        lang,
        lower=M(f"overview.intensity.{column}.lower", lang),
        first_year=int(first["year"]),
        last_year=int(last["year"]),
        first=first["value"],
        last=last["value"],
        units=units,
    )
    return charts.Figure(
        charts.history_chart(
            df,
            title_text=M("overview.intensity.title", lang, label=label),
            units=units,
            y_title=units,
            units_label=M("common.unit.units", lang),
            lang=lang,
        ),
        alt_text=alt_text,
        source=messages.source_note(INTENSITY_SOURCES[column], ["derived"], M("overview.intensity.note", lang), lang),
        data=intensity[["year", "co2_Mt", "gdp_100m_yuan", "population_million", column]],
        filename=f"{column}_shenzhen",
        **messages.figure_csv(lang),
    )


NOWCAST_COLOURS = {
    "CEADs inventory (measured)": "#1f4e79",
    "Carbon Monitor Cities - China (measured, another method)": "#c55a11",
    "Nowcast from Guangdong's Carbon Monitor trend (derived)": "#548235",
}


def record_figure(record_2018: str, levels, lang: str = "en"):
    """CEADs, CMCC and the nowcast with its interval, side by side but never joined (Shenzhen)."""
    raw = nowcast.record_to_2025(record_2018, levels)
    level = min(levels)
    tag = f"{level * 100:g}".replace(".", "_")
    bounds = [c for c in raw.columns if c.startswith(("lower_", "upper_"))]
    df = scaled(raw, ["value", *bounds], lang).assign(series=raw["series"].map(lambda s: say("series", s, lang)))
    names = [say("series", s, lang) for s in NOWCAST_COLOURS]
    colour = alt.Color(
        "series:N",
        title=None,
        legend=alt.Legend(columns=1),
        scale=alt.Scale(domain=names, range=list(NOWCAST_COLOURS.values())),
    )
    x = alt.X("year:Q", axis=charts.YEAR_AXES[lang], scale=alt.Scale(zero=False))
    ceads = charts.with_gaps(df[df["grade"] == "measured"])
    now = df[df["grade"] == "derived"]
    tip = [alt.Tooltip("series:N"), alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.1f")]
    y_title = M("overview.record_figure.y", lang)
    layers = [
        alt.Chart(now)
        .mark_area(opacity=0.2, color=NOWCAST_COLOURS[nowcast.SERIES["nowcast"]])
        .encode(
            x=x,
            y=alt.Y(f"lower_{tag}:Q", title=y_title),
            y2=f"upper_{tag}:Q",
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip(f"lower_{tag}:Q", format=",.1f"),
                alt.Tooltip(f"upper_{tag}:Q", format=",.1f"),
            ],
        ),
        alt.Chart(now).mark_line(strokeDash=[6, 3]).encode(x=x, y="value:Q", color=colour, tooltip=tip),
        alt.Chart(now)
        .mark_point(shape="diamond", filled=True, size=50)
        .encode(x=x, y="value:Q", color=colour, tooltip=tip),
        alt.Chart(ceads[ceads["series"] == say("series", nowcast.SERIES["ceads"], lang)])
        .mark_line()
        .encode(x=x, y="value:Q", color=colour),
        alt.Chart(df[df["grade"] == "measured"])
        .mark_point(filled=True, size=45)
        .encode(x=x, y="value:Q", color=colour, shape=alt.Shape("series:N", legend=None), tooltip=tip),
    ]
    last = raw[raw["grade"] == "derived"].iloc[-1]
    ceads_last = raw[raw["series"] == nowcast.SERIES["ceads"]].iloc[-1]["value"]
    lower, upper = last[f"lower_{tag}"], last[f"upper_{tag}"]
    alt_text = M(
        "overview.record_figure.alt",
        lang,
        ceads=ceads_last,
        ceads_wan=ceads_last * WAN,
        value=last["value"],
        wan=last["value"] * WAN,
        year=int(last["year"]),
        level=level * 100,
        lower=lower,
        upper=upper,
        lower_wan=lower * WAN,
        upper_wan=upper * WAN,
    )
    dropped = M("overview.record_figure.dropped", lang) if record_2018 == "outlier" else ""
    return charts.Figure(
        alt.layer(*layers).properties(
            title=common.title(
                M("overview.record_figure.title", lang),
                M("overview.record_figure.units", lang),
                lang,
            ),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        ),
        alt_text=alt_text,
        source=messages.source_note(
            ["ceads_city", "cmcc", "carbon_monitor", "ceads_provinces"],
            ["measured", "derived"],
            M("overview.record_figure.note", lang, level=level * 100, dropped=dropped),
            lang,
        ),
        data=df,
        filename="shenzhen_co2_record_to_2025",
        **messages.figure_csv(lang),
    )


def evidence_figure(lang: str = "en"):
    """The 2016 -> 2018 jump beside the independent series, each indexed to 2016 = 100."""
    ev = nowcast.evidence_2018()
    years = [str(y) for y in range(2014, 2020)]
    long = ev.melt(id_vars=["series", "grade"], value_vars=years, var_name="year", value_name="value").dropna()
    long["year"] = long["year"].astype(int)
    base = long[long["year"] == 2016].set_index("series")["value"]
    long = long[long["series"].isin(base.index)].copy()
    long["index_2016"] = (long["value"] / long["series"].map(base) * 100).round(1)
    long = long[["series", "grade", "year", "value", "index_2016"]].reset_index(drop=True)
    shown = in_units(long, ["value"], lang).assign(series=long["series"].map(lambda s: say("series", s, lang)))
    chart = alt.Chart(charts.with_gaps(shown)).encode(
        x=alt.X("year:Q", axis=charts.YEAR_AXES[lang], scale=alt.Scale(zero=False)),
        y=alt.Y("index_2016:Q", title=M("overview.evidence_figure.y", lang), scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", title=None, legend=alt.Legend(columns=2)),
        tooltip=[alt.Tooltip("series:N"), alt.Tooltip("year:Q", format="d"), alt.Tooltip("index_2016:Q", format=".1f")],
    )
    sz = long[long["series"].str.startswith("CEADs Shenzhen")].set_index("year")["index_2016"]
    items = M("common.punct.clause", lang).join(
        M("overview.evidence_figure.alt_item", lang, name=say("series", s.split(",")[0], lang), value=v, year=int(y))
        for s, y, v in long[~long["series"].str.startswith("CEADs Shenzhen")]
        .groupby("series")
        .last()
        .reset_index()[["series", "year", "index_2016"]]
        .itertuples(index=False)
    )
    return charts.Figure(
        alt.layer(chart.mark_line(), chart.mark_point(filled=True, size=40)).properties(
            title=common.title(
                M("overview.evidence_figure.title", lang),
                M("overview.evidence_figure.units", lang),
                lang,
            ),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        ),
        alt_text=M("overview.evidence_figure.alt", lang, sz=sz[2018], items=items),
        source=messages.source_note(
            ["ceads_city", "chen2020", "ceads_provinces", "crea_power"],
            ["measured", "proxy"],
            M("overview.evidence_figure.note", lang),
            lang,
        ),
        data=shown,
        filename="shenzhen_2018_evidence",
        **messages.figure_csv(lang),
    )
