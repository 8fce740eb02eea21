"""The synthesis page's charts: when the peak comes, the city's paths and their parts, the Sobol indices, the
gap between scenarios and the published peak years."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from carbonpeak import charts
from carbonpeak.constants import level_name
from carbonpeak.formats import probability
from carbonpeak.model import boundaries, outcomes, sensitivity, synthesis
from carbonpeak.model.synthesis import GRADES, SOURCES
from carbonpeak.pages import common, messages
from carbonpeak.pages.synthesis.labels import K, M, _boundary, _optional, _output, _part, _rule, _scenario

F = f"{K}.figure"


def _colour(names, lang: str):
    """The scenarios' colours (charts.SCENARIO_COLOURS) for their labels in the page's language."""
    names = list(dict.fromkeys(names))
    return alt.Scale(
        domain=[_scenario(n, lang) for n in names], range=[charts.SCENARIO_COLOURS.get(n, "#444") for n in names]
    )


def _year_axis(lang: str) -> alt.Axis:
    return alt.Axis(format="d", title=M(f"{K}.year_axis", lang))


def _figure(chart, alt_text: str, note: str, data: pd.DataFrame, filename: str, lang: str) -> charts.Figure:
    """A chart of the model's results with the model's sources and grades."""
    return common.figure(
        chart, alt_text=alt_text, sources=SOURCES, grades=GRADES, extra=note, data=data, filename=filename, lang=lang
    )


def peak_year_figure(year_table: pd.DataFrame, boundary: str, rule: str, horizon_end: int, lang: str = "en"):
    """Bars: the share of draws whose peak falls in each year, per scenario."""
    df = year_table[(year_table["boundary"] == boundary) & (year_table["rule"] == rule)].copy()
    df = df[(df["share"] > 0) | (df["peak year"] == "not peaked")]
    raw_names = list(dict.fromkeys(df["scenario"]))
    not_peaked = M(f"{F}.not_peaked", lang)
    df["peak year"] = df["peak year"].replace("not peaked", not_peaked)
    df["scenario"] = df["scenario"].map(lambda s: _scenario(s, lang))
    order = sorted(df["peak year"].unique(), key=lambda v: (v == not_peaked, v))
    names = list(dict.fromkeys(df["scenario"]))
    rule_text, where = _rule(rule, lang), _boundary(boundary, lang)
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("peak year:N", sort=order, title=M(f"{F}.peak_year_axis", lang, rule=rule_text)),
            xOffset=alt.XOffset("scenario:N", sort=names),
            y=alt.Y("share:Q", title=M(f"{F}.share", lang), axis=alt.Axis(format="%")),
            color=alt.Color("scenario:N", scale=_colour(raw_names, lang), sort=names, title=M(f"{F}.scenario", lang)),
            tooltip=["scenario:N", "peak year:N", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(
            title=common.title(
                M(f"{F}.peak_year_title", lang, boundary=where, rule=rule_text),
                M(f"{F}.peak_year_units", lang),
                lang,
            ),
            width=charts.WIDTH,
            height=240,
        )
    )
    top = df.sort_values("share", ascending=False).groupby("scenario", sort=False).head(1)
    items = (
        M(f"{F}.peak_year_item", lang, scenario=r["scenario"], year=r["peak year"], share=r["share"])
        for r in top.to_dict("records")
    )
    alt_text = M(f"{F}.peak_year_alt", lang, boundary=where, rule=rule_text, items=messages.join(items, lang, "clause"))
    note = M(f"{F}.peak_year_note", lang, n=len(names), end=horizon_end)
    return _figure(chart, alt_text, note, df, f"peak_years_{boundary}_{rule}", lang)


def city_figure(
    paths_table: pd.DataFrame, boundary: str, level: float, record: pd.DataFrame | None = None, lang: str = "en"
):
    """Median and central interval per scenario, with the measured record and other estimates as points."""
    tag = level_name(level)
    df = paths_table[paths_table["boundary"] == boundary].copy()
    raw_names = list(dict.fromkeys(df["scenario"]))
    for c in ("median", f"lower_{tag}", f"upper_{tag}"):
        df[c] = messages.co2(df[c], lang)
    df["scenario"] = df["scenario"].map(lambda s: _scenario(s, lang))
    names = list(dict.fromkeys(df["scenario"]))
    scale = _colour(raw_names, lang)
    colour = alt.Color("scenario:N", scale=scale, sort=names, title=M(f"{F}.city_legend", lang))
    base = alt.Chart(df).encode(x=alt.X("year:Q", axis=_year_axis(lang), scale=alt.Scale(zero=False)), color=colour)
    # the bands share the lines' colours; one legend (the lines') names both
    band_colour = alt.Color("scenario:N", scale=scale, sort=names, legend=None)
    layers = [
        base.mark_area(opacity=0.18).encode(
            y=alt.Y(f"lower_{tag}:Q", title=M(f"{F}.mt", lang)), y2=f"upper_{tag}:Q", color=band_colour
        ),
        base.mark_line().encode(
            y="median:Q",
            tooltip=[
                "scenario:N",
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("median:Q", format=",.1f"),
                alt.Tooltip(f"lower_{tag}:Q", format=",.1f"),
                alt.Tooltip(f"upper_{tag}:Q", format=",.1f"),
            ],
        ),
    ]
    if record is not None and not record.empty:
        record = record.assign(
            value=messages.co2(record["value"], lang),
            series=record["series"].map(lambda s: _optional(f"{F}.series", s, lang, s)),
            grade=record["grade"].map(lambda g: M(f"{F}.grade", lang, grade=g, label=messages.label("grade", g, lang))),
        )
        shape = alt.Shape("series:N", title=M(f"{F}.other_series", lang))
        pts = (
            alt.Chart(record)
            .mark_point(filled=True, color="#222", size=45)
            .encode(
                x="year:Q",
                y="value:Q",
                shape=shape,
                tooltip=[
                    "series:N",
                    alt.Tooltip("year:Q", format="d"),
                    alt.Tooltip("value:Q", format=",.1f"),
                    "grade:N",
                ],
            )
        )
        layers.append(pts)
    where = _boundary(boundary, lang)
    chart = (
        alt.layer(*layers)
        .resolve_scale(color="independent", shape="independent")
        .properties(
            title=common.title(
                M(f"{F}.city_title", lang, boundary=where), M(f"{F}.city_units", lang, level=level), lang
            ),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    year = min(2030, int(df["year"].max()))
    med = df[df["year"] == year].set_index("scenario")["median"]
    items = (M(f"{F}.city_item", lang, value=v, wan=v, scenario=k) for k, v in med.items())
    alt_text = M(f"{F}.city_alt", lang, boundary=where, year=year, items=messages.join(items, lang))
    alt_text += M(f"{F}.city_points", lang) if record is not None else ""
    data = df if record is None else pd.concat([df, record], ignore_index=True)
    note = M(f"{F}.city_note", lang)
    return common.figure(
        chart,
        alt_text=alt_text,
        sources=SOURCES + ["cmcc", "carbon_monitor"],
        grades=GRADES,
        extra=note,
        data=data,
        filename=f"city_paths_{boundary}",
        lang=lang,
    )


def parts_figure(medians: pd.DataFrame, scenario: str, boundary: str, lang: str = "en"):
    """Stacked median CO2 by part for one scenario (imported electricity only on the wider boundary)."""
    df = medians[medians["scenario"] == scenario]
    if boundary == "territorial":
        df = df[df["part"] != "imported electricity"]
    df = df.assign(
        scenario=_scenario(scenario, lang),
        part=df["part"].map(lambda p: _part(p, lang)),
        median=messages.co2(df["median"], lang),
    )
    order = list(dict.fromkeys(df["part"]))
    name, where = _scenario(scenario, lang), _boundary(boundary, lang)
    chart = (
        alt.Chart(df)
        .mark_area()
        .encode(
            x=alt.X("year:Q", axis=_year_axis(lang)),
            y=alt.Y("median:Q", stack="zero", title=M(f"{F}.mt", lang)),
            color=alt.Color("part:N", sort=order, title=M(f"{F}.part", lang), legend=alt.Legend(columns=2)),
            order=alt.Order("order:Q"),
            tooltip=["part:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("median:Q", format=",.2f")],
        )
        .transform_calculate(order=" + ".join(f"(datum.part == '{p}') * {i}" for i, p in enumerate(order)))
        .properties(
            title=common.title(
                M(f"{F}.parts_title", lang, scenario=name, boundary=where), M(f"{F}.parts_units", lang), lang
            ),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    year = min(2030, int(df["year"].max()))
    at = df[df["year"] == year].sort_values("median", ascending=False)
    items = (M(f"{F}.parts_item", lang, part=r.part, value=r.median, wan=r.median) for r in at.itertuples())
    alt_text = M(
        f"{F}.parts_alt", lang, scenario=name, boundary=where, year=year, items=messages.join(items, lang, "enum")
    )
    note = M(f"{F}.parts_note", lang)
    return _figure(chart, alt_text, note, df, f"parts_{scenario}_{boundary}", lang)


def sobol_figure(indices: pd.DataFrame, output: str, k: int = 10, lang: str = "en"):
    """Horizontal bars: total and first-order Sobol indices of the k most influential assumptions."""
    top = sensitivity.top(indices, output, k)
    labels = {a: messages.label("assumption", a, lang) for a in top["assumption"]}
    top = top.assign(assumption=top["assumption"].map(lambda a: M(f"{F}.sobol_name", lang, name=a, label=labels[a])))
    long = top.melt(id_vars=["assumption"], value_vars=["ST", "S1"], var_name="index", value_name="value")
    long["index"] = long["index"].map({"ST": M(f"{F}.sobol_total", lang), "S1": M(f"{F}.sobol_first", lang)})
    order = list(top["assumption"])
    what = _output(output, lang)
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("assumption:N", sort=order, title=None),
            yOffset=alt.YOffset("index:N"),
            x=alt.X("value:Q", title=M(f"{F}.sobol_axis", lang), axis=alt.Axis(format="%")),
            color=alt.Color(
                "index:N", title=M(f"{F}.sobol_index", lang), scale=alt.Scale(range=["#2e75b6", "#9dc3e6"])
            ),
            tooltip=["assumption:N", "index:N", alt.Tooltip("value:Q", format=".2f")],
        )
        .properties(
            title=common.title(M(f"{F}.sobol_title", lang, output=what), M(f"{F}.sobol_units", lang), lang),
            width=charts.WIDTH,
            height=34 * len(order) + 30,
        )
    )
    items = (M(f"{F}.sobol_item", lang, label=r.assumption, value=r.ST) for r in top.head(5).itertuples())
    alt_text = M(f"{F}.sobol_alt", lang, output=what, items=messages.join(items, lang))
    note = M(f"{F}.sobol_note", lang)
    filename = f"sobol_{output.replace(' ', '_').replace('(', '').replace(')', '')}"
    return common.figure(
        chart,
        alt_text=alt_text,
        sources=SOURCES,
        grades=["derived", "assumption"],
        extra=note,
        data=top,
        filename=filename,
        lang=lang,
    )


def gap_figure(gap: pd.Series, a: str, b: str, year: int, lang: str = "en"):
    """Bars of the change in each part's median from scenario ``a`` to ``b`` in ``year``."""
    gap = messages.co2(gap, lang).rename(index=lambda p: _part(p, lang))
    name_a, name_b = _scenario(a, lang), _scenario(b, lang)
    units = M(f"{F}.gap_units", lang)
    chart = charts.effects_chart(
        gap,
        title_text=M(f"{F}.gap_title", lang, a=name_a, b=name_b, year=year),
        units=units,
        units_label=M("common.unit.units", lang),
    )
    chart = chart.properties(title=common.title(M(f"{F}.gap_title", lang, a=name_a, b=name_b, year=year), units, lang))
    items = (M(f"{F}.gap_item", lang, part=k, value=v, wan=v) for k, v in gap.items())
    alt_text = M(f"{F}.gap_alt", lang, a=name_a, b=name_b, year=year, items=messages.join(items, lang))
    data = gap.rename(M(f"{F}.gap_column", lang)).rename_axis("part").reset_index()
    note = M(f"{F}.gap_note", lang)
    return common.figure(
        chart,
        alt_text=alt_text,
        sources=SOURCES,
        grades=["derived"],
        extra=note,
        data=data,
        filename=f"gap_{a}_{b}",
        lang=lang,
    )


def _bound_text(r, lang: str) -> str:
    if r.bound == "before":
        return M(f"{F}.bound_before", lang, high=int(r.high))
    return M(f"{F}.bound_range", lang, low=int(r.low), high=int(r.high))


def _register_rows(reg: pd.DataFrame, ensemble: pd.DataFrame, lang: str) -> pd.DataFrame:
    """synthesis.register_rows in the page's language: groups, labels, boundaries and this book's notes."""
    df = synthesis.register_rows(reg, ensemble)

    def group(s: str) -> str:
        return _optional(f"{F}.group", s, lang, M(f"{F}.group.other", lang, scenario=_scenario(s, lang)))

    def label(r) -> str:
        if r.kind == "book":
            name = M(f"{F}.book_label", lang, scenario=_scenario(r.scenario, lang))
            return M(f"{F}.book_boundary", lang, label=name, boundary=M(f"{F}.book_short.{r.boundary}", lang))
        kind = _optional(f"{K}.register.type", r.scenario_type, lang, r.scenario_type)
        return M(f"{F}.published_label", lang, id=r.id, type=kind)

    def boundary(b: str) -> str:
        if b in outcomes.BOUNDARIES:
            return boundaries.label(b, lang)
        return M(f"{F}.boundary_other", lang, name=_optional(f"{K}.register.boundaries", b, lang, b))

    def note(r) -> str:
        if r.kind == "published":
            return r.note
        return M(f"{F}.book_note", lang, share=probability(r.peaked, lang), rule=_rule(r.rule, lang))

    rows = list(df.itertuples())
    return df.assign(
        group=df["group"].map(group),
        label=[label(r) for r in rows],
        boundary=df["boundary"].map(boundary),
        note=[note(r) for r in rows],
    )[["group", "label", "boundary", "low", "high", "bound", "region", "note", "id"]]


def register_figure(reg: pd.DataFrame, ensemble: pd.DataFrame, lang: str = "en"):
    """Published peak years beside this book's ensemble ranges, grouped under a heading for the scenario each
    compares with and coloured by boundary: a stated range is a bar, an open bound ("before 2025") a
    left-pointing triangle at the bound with no bar, since its source states no earliest year."""
    df = _register_rows(reg, ensemble, lang)
    shown = pd.concat(
        [
            frame
            for group, part in df.groupby("group", sort=False)
            for frame in (
                pd.DataFrame({"group": [group], "label": [group[0].upper() + group[1:]], "bound": ["heading"]}),
                part,
            )
        ],
        ignore_index=True,
    )
    axis_title = M(f"{F}.register_axis", lang)
    scale = alt.Scale(domain=[2010, 2036])
    x = alt.X("high:Q", axis=_year_axis(lang), scale=scale, title=axis_title)
    headings = json.dumps(list(shown.loc[shown["bound"] == "heading", "label"]), ensure_ascii=False)
    axis = alt.Axis(labelFontWeight={"expr": f"indexof({headings}, datum.label) >= 0 ? 'bold' : 'normal'"})
    base = alt.Chart(shown).encode(
        y=alt.Y("label:N", sort=None, title=None, axis=axis, scale=alt.Scale(domain=list(shown["label"]))),
        color=alt.Color(
            "boundary:N",
            title=M(f"{K}.answer.boundary", lang),
            legend=alt.Legend(orient="bottom", columns=1),
        ),
        tooltip=["label:N", "group:N", "boundary:N", "region:N", "bound:N", "high:Q", "note:N"],
    )
    ranges = base.transform_filter("datum.bound == 'range'")
    opens = base.transform_filter("datum.bound == 'before'")
    chart = alt.layer(
        ranges.mark_rule(strokeWidth=6, opacity=0.7).encode(
            x=alt.X("low:Q", axis=_year_axis(lang), scale=scale, title=axis_title), x2="high:Q"
        ),
        ranges.mark_point(filled=True, size=60).encode(x=x),
        opens.mark_point(filled=True, size=120, shape="triangle-left").encode(x=x),
        opens.mark_text(align="right", dx=-9, fontSize=11).encode(x=x, text=alt.value(M(f"{F}.register_before", lang))),
    ).properties(
        title=common.title(M(f"{F}.register_title", lang), M(f"{F}.register_units", lang), lang),
        width=charts.WIDTH,
        height=26 * len(shown) + 20,
    )
    items = (
        M(
            f"{F}.register_item",
            lang,
            group=r.group,
            label=r.label,
            bound=_bound_text(r, lang),
            boundary=r.boundary,
        )
        for r in df.itertuples()
    )
    alt_text = M(f"{F}.register_alt", lang, items=messages.join(items, lang, "clause"))
    return common.figure(
        chart,
        alt_text=alt_text,
        sources=["plan", "literature", "ceads_city", "ceads_provinces"],
        grades=["official_point", "derived"],
        extra=M(f"{F}.register_note", lang),
        data=df,
        filename="published_estimates",
        lang=lang,
    )
