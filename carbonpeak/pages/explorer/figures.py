"""The explorer's chart: sliders bound to vega-lite parameters over the embedded grid, with its data."""

from __future__ import annotations

import json

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts
from carbonpeak.formats import probability
from carbonpeak.model import grid as model_grid
from carbonpeak.model import outcomes
from carbonpeak.model.grid import LEVERS, Grid, strides
from carbonpeak.pages import messages
from carbonpeak.pages.explorer.labels import (
    M,
    baseline_settings,
    boundary_short,
    co2_unit,
    lever_label,
)
from carbonpeak.pages.explorer.tables import DOWNLOAD_YEARS, wide_table

FIRST_RECORD_YEAR = 2005


SOURCES = ["ceads_city", "ceads_provinces", "official_points", "literature", "crea_power"]


BOUNDARY_COLOURS = {"territorial": "#c55a11", "with_imports": "#1f4e79"}


PREFIX = {"territorial": "t", "with_imports": "w"}


DATASET = "explorer_settings"


def key_expr() -> str:
    """The vega expression of the selected setting's row number (the sliders' positions times their strides)."""
    s = strides()
    return " + ".join(
        f"round(({lever.key} - {lever.values[0]:g}) / {lever.step:g}) * {s[lever.key]}" for lever in LEVERS
    )


def record_points(rule_start: int, base_year: int, lang: str = "en") -> pd.DataFrame:
    """CEADs' territorial record from ``rule_start`` to the base year (Mt, one decimal; 万吨 in Chinese): the
    chart's points."""
    rec = outcomes.record(base_year, rule_start, "keep")
    return pd.DataFrame(
        {
            "year": rec.index.astype(int),
            "value": rec.round(1).to_numpy() * co2_unit(lang),
            "series": M("explorer.record_series", lang),
        }
    )


def rows(grid: Grid, lang: str = "en") -> list[dict]:
    """The chart's data: one row per setting; both boundaries' 10th, 50th and 90th percentiles per year in
    whole tenths of a Mt, and the probabilities as the book writes them."""
    out = []
    for i, k in enumerate(grid.positions["k"]):
        row = {"k": int(k)}
        for boundary, prefix in PREFIX.items():
            q = np.rint(grid.bands[boundary][i] * 10).astype(int)
            row.update({f"{prefix}{n}": q[j].tolist() for j, n in enumerate(("lo", "mid", "hi"))})
        for label, _, _ in model_grid.JUDGED:
            for j, year in enumerate(model_grid.PEAK_YEARS):
                row[f"{label}_{year}"] = probability(grid.probability[label][i, j], lang)
        out.append(row)
    return out


def figure(grid: Grid, rule_start: int = 2005, lang: str = "en") -> charts.Figure:
    """The explorer: sliders, the selected setting's median and 80 % band on both boundaries, the stated
    setting's medians dashed, the CEADs record as points, and P(peak by 2025 / 2030) written in the chart."""
    settings = baseline_settings()
    params = [
        alt.param(
            name=lever.key,
            value=lever.stated(settings),
            bind=alt.binding_range(
                min=lever.values[0], max=lever.values[-1], step=lever.step, name=lever_label(lever, lang) + " "
            ),
        )
        for lever in LEVERS
    ]
    choices = ["kept", "outlier"]
    rec = alt.param(
        name="rec2018",
        value="kept",
        bind=alt.binding_radio(
            options=choices,
            labels=[M(f"explorer.radio.{c}", lang) for c in choices],
            name=M("explorer.radio.name", lang),
        ),
    )
    short = boundary_short(lang)
    scale = 10 / co2_unit(lang)  # the grid's tenths of a Mt -> the page's unit
    first = int(grid.years[0])
    data = alt.NamedData(name=DATASET)  # one copy of the grid, named, so altair does not copy it per layer
    colour = alt.Color(
        "boundary:N",
        title=M("explorer.chart.boundary", lang),
        scale=alt.Scale(
            domain=list(short.values()),
            range=[BOUNDARY_COLOURS["territorial"], BOUNDARY_COLOURS["with_imports"]],
        ),
        legend=alt.Legend(orient="bottom", direction="horizontal", labelLimit=0, title=None),
    )

    def band(selector: str, boundary: str):
        p = PREFIX[boundary]
        return (
            alt.Chart(data)
            .transform_filter(selector)
            .transform_flatten([f"{p}lo", f"{p}mid", f"{p}hi"], as_=["lo", "mid", "hi"])
            .transform_window(i="row_number()")
            .transform_calculate(
                year=f"{first - 1} + datum.i",
                lower=f"datum.lo / {scale:g}",
                value=f"datum.mid / {scale:g}",
                upper=f"datum.hi / {scale:g}",
                boundary=f"'{short[boundary]}'",
            )
        )

    x = alt.X("year:Q", axis=charts.YEAR_AXES[lang], scale=alt.Scale(domain=[FIRST_RECORD_YEAR, grid.horizon_end]))
    top = float(np.ceil(grid.bands["with_imports"][:, -1, :].max() / 10) * 10) * co2_unit(lang)
    y_title = M("explorer.chart.y", lang)
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(domain=[0, top]))
    selected = f"datum.k == ({key_expr()})"
    layers = []
    for boundary in model_grid.BOUNDARIES:
        chosen = band(selected, boundary)
        layers += [
            chosen.mark_area(opacity=0.18).encode(x=x, y=alt.Y("lower:Q", title=y_title), y2="upper:Q", color=colour),
            chosen.mark_line(strokeWidth=2.5).encode(
                x=x,
                y=y,
                color=colour,
                tooltip=[
                    "boundary:N",
                    alt.Tooltip("year:Q", format="d"),
                    alt.Tooltip("value:Q", title=M("explorer.chart.median", lang), format=".1f"),
                    alt.Tooltip("lower:Q", title=M("explorer.chart.p10", lang), format=".1f"),
                    alt.Tooltip("upper:Q", title=M("explorer.chart.p90", lang), format=".1f"),
                ],
            ),
            band(f"datum.k == {grid.default_key}", boundary)
            .mark_line(strokeDash=[4, 3], strokeWidth=1.2, opacity=0.7)
            .encode(x=x, y=y, color=alt.value("#555")),
        ]
    record = (
        alt.Chart(record_points(rule_start, first, lang))
        .mark_point(filled=True, color="#222", size=30)
        .encode(x=x, y=y, tooltip=["series:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=".1f")])
    )
    territorial = "(rec2018 == 'kept' ? datum.territorial_{y} : datum.territorial_outlier_{y})"
    slash = M("explorer.chart.slash", lang)
    text = (
        alt.Chart(data)
        .transform_filter(selected)
        .transform_calculate(
            lh=f"'{M('explorer.chart.heading', lang)}'",
            lt=f"'{M('explorer.chart.territorial', lang)}' + "
            + territorial.format(y=2025)
            + f" + '{slash}' + "
            + territorial.format(y=2030),
            lw=f"'{M('explorer.chart.with_imports', lang)}' + datum.with_imports_2025 + '{slash}' + "
            + "datum.with_imports_2030",
        )
    )
    labels = [
        text.mark_text(align="left", baseline="top", fontSize=12, fontWeight="bold", color=colour_).encode(
            x=alt.value(6), y=alt.value(6 + 17 * i), text=f"{field}:N"
        )
        for i, (field, colour_) in enumerate(
            (("lh", "#333"), ("lt", BOUNDARY_COLOURS["territorial"]), ("lw", BOUNDARY_COLOURS["with_imports"]))
        )
    ]
    chart = (
        alt.layer(*layers, record, *labels)
        .add_params(*params, rec)
        .properties(
            title=alt.TitleParams(
                M("explorer.chart.title", lang),
                subtitle=M("explorer.chart.subtitle", lang),
                frame="bounds",
            ),
            width=charts.WIDTH,
            height=220,
        )
    )
    chart.datasets = {DATASET: rows(grid, lang)}
    d = grid.default_key
    alt_text = M(
        "explorer.chart.alt",
        lang,
        settings=len(grid.positions),
        first=first,
        end=grid.horizon_end,
        p_territorial=probability(grid.probability["territorial"][d, 1], lang),
        p_imports=probability(grid.probability["with_imports"][d, 1], lang),
    )
    note = M(
        "explorer.chart.note",
        lang,
        draws=grid.draws,
        settings=len(grid.positions),
        rule=messages.label("rule", "n_years", lang),
        years=grid.rule_years,
        download_years=M("explorer.chart.download_years", lang).join(map(str, DOWNLOAD_YEARS)),
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=messages.source_note(SOURCES, ["measured", "estimated", "derived", "assumption"], note, lang),
        data=wide_table(grid, lang=lang),
        filename="explorer_grid",
        **messages.figure_csv(lang),
    )


def page_weight(fig: charts.Figure) -> dict:
    """Bytes of the explorer's HTML and of its embedded grid (what a reader downloads with the page)."""
    html = fig.to_html()
    spec = json.dumps(fig.spec, sort_keys=True, ensure_ascii=False)
    return {
        "html_bytes": len(html.encode("utf-8")),
        "spec_bytes": len(spec.encode("utf-8")),
        "csv_link_bytes": len(charts.csv_href(fig.data)),
    }
