"""The answer page's charts: the peak probabilities and the paths by boundary."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carbonpeak import charts, formats
from carbonpeak.constants import level_name
from carbonpeak.model import boundaries, outcomes, summary, synthesis
from carbonpeak.pages import messages
from carbonpeak.pages.answer.labels import M, _pct, boundary_label, rule_label, scenario_label
from carbonpeak.pages.answer.run import Answer, _names, _row

SOURCES = synthesis.SOURCES
GRADES = synthesis.GRADES
BAR_COLOURS = {"2025": "#3f73b0", "2030": "#1f4e79"}  # white labels on both: at least 4.5:1; bars 3:1 on white


def _title(lang: str, key: str, units: str, **values):
    """A title in short lines that fit a phone's width (an English page's also in Chinese, the plan's terms),
    measured from the chart's left edge (frame 'bounds'); the subtitle states the units."""
    return alt.TitleParams(text=M(key, lang, **values), subtitle=M("common.unit.units", lang) + units, frame="bounds")


def _boundary_names(boundary: str) -> dict:
    return {
        "boundary_en": boundaries.label(boundary, "en", short=True),
        "boundary_zh": boundaries.label(boundary, "zh", short=True),
    }


def _model_figure(a: Answer, chart, alt_text: str, data: pd.DataFrame, filename: str, lang: str) -> charts.Figure:
    """A chart of the run's results, with the model's source note and a download in the page's language."""
    source = messages.source_note(
        SOURCES, GRADES, M("common.source.city_model", lang, draws=f"{a.ensemble.draws:,}"), lang
    )
    return charts.Figure(
        chart, alt_text=alt_text, source=source, data=data, filename=filename, **messages.figure_csv(lang)
    )


def peak_figure(a: Answer, boundary: str, lang: str = "en") -> charts.Figure:
    """Bars: P(peak by 2025) and P(peak by 2030) per scenario on one boundary, under the headline rule."""
    rows = []
    for s in _names(a):
        r = _row(a.peaks, s, boundary, a.rule)
        for year in (2025, 2030):
            rows.append(
                {
                    "scenario": scenario_label(s, lang),
                    "by": str(year),
                    "probability": r[f"P(peak <= {year})"],
                    "label": _pct(r[f"P(peak <= {year})"], lang),
                }
            )
    df = pd.DataFrame(rows)
    names = list(dict.fromkeys(df["scenario"]))
    key = "answer.figure"
    bars = alt.Chart(df).encode(
        y=alt.Y("scenario:N", sort=names, title=None),
        yOffset=alt.YOffset("by:N"),
        x=alt.X(
            "probability:Q",
            title=M(f"{key}.share_of_draws", lang),
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domain=[0, 1]),
        ),
        color=alt.Color(
            "by:N",
            title=M(f"{key}.peak_by", lang),
            scale=alt.Scale(domain=list(BAR_COLOURS), range=list(BAR_COLOURS.values())),
        ),
        tooltip=["scenario:N", "by:N", alt.Tooltip("probability:Q", format=".1%")],
    )
    # the share written on the bar (inside a long bar, after a short one), so no label widens the chart
    inside = (
        bars.transform_filter("datum.probability >= 0.2")
        .mark_text(align="right", dx=-4, fontSize=11)
        .encode(text="label:N", color=alt.value("white"))
    )
    outside = (
        bars.transform_filter("datum.probability < 0.2")
        .mark_text(align="left", dx=3, fontSize=11)
        .encode(text="label:N", color=alt.value("#222"))
    )
    rule = rule_label(a.rule, lang)
    units = M(f"{key}.peak_units", lang, rule=rule)
    chart = alt.layer(bars.mark_bar(), inside, outside).properties(
        title=_title(lang, f"{key}.peak_title", units, **_boundary_names(boundary)),
        width=charts.WIDTH,
        height=38 * len(names) + 20,
    )
    items = (M(f"{key}.peak_alt_item", lang, scenario=r.scenario, by=r.by, label=r.label) for r in df.itertuples())
    alt_text = M(
        f"{key}.peak_alt",
        lang,
        boundary=boundary_label(boundary, lang),
        rule=rule,
        items=messages.join(items, lang, "clause"),
    )
    return _model_figure(a, chart, alt_text, df, f"answer_{lang}_peak_{boundary}", lang)


def path_figure(a: Answer, boundary: str, level: float, lang: str = "en") -> charts.Figure:
    """Median and central band per scenario on one boundary; the CEADs record as points (territorial)."""

    scale = messages.CO2_SCALE[lang]  # Mt in English, 万吨 in Chinese
    tag = level_name(level)
    key = "answer.figure"
    paths = summary.city_paths(a.ensemble, (level,))
    df = paths[paths["boundary"] == boundary].copy()
    for c in ("median", f"lower_{tag}", f"upper_{tag}"):
        df[c] = df[c] * scale
    df["scenario"] = df["scenario"].map(lambda s: scenario_label(s, lang))
    names = list(dict.fromkeys(df["scenario"]))
    colours = [charts.SCENARIO_COLOURS.get(s, "#444") for s in _names(a)]
    colour = alt.Color(
        "scenario:N",
        sort=names,
        title=M(f"{key}.scenario", lang),
        scale=alt.Scale(domain=names, range=colours),
        legend=alt.Legend(symbolType="stroke", symbolStrokeWidth=3, symbolOpacity=1, symbolFillColor=None),
    )
    unit = M(f"{key}.unit", lang)
    base = alt.Chart(df).encode(
        x=alt.X("year:Q", axis=alt.Axis(format="d", title=M(f"{key}.year", lang)), scale=alt.Scale(zero=False)),
        color=colour,
    )
    # the line first, so the legend shows the scenarios' line colours rather than the pale bands
    layers = [
        base.mark_line().encode(
            y=alt.Y("median:Q", title=unit),
            tooltip=[
                "scenario:N",
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("median:Q", format=",.1f" if scale == 1 else ",.0f"),
            ],
        ),
        base.mark_area(opacity=0.16).encode(y=f"lower_{tag}:Q", y2=f"upper_{tag}:Q"),
    ]
    data = df
    if boundary == "territorial":
        rec = outcomes.record(int(df["year"].min()), a.rule_start, "keep")
        pts = pd.DataFrame(
            {"year": rec.index.astype(int), "value": rec.to_numpy() * scale, "series": M(f"{key}.record", lang)}
        )
        layers.append(
            alt.Chart(pts)
            .mark_point(filled=True, color="#222", size=35)
            .encode(
                x="year:Q",
                y="value:Q",
                shape=alt.Shape(
                    "series:N", title=None, legend=alt.Legend(orient="bottom-left", labelLimit=0, fillColor="white")
                ),
                tooltip=["series:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.1f")],
            )
        )
        data = pd.concat([df, pts], ignore_index=True)
    band = M(f"{key}.band", lang, level=f"{100 * level:g}")
    chart = alt.layer(*layers).properties(
        title=_title(
            lang, f"{key}.path_title", M(f"{key}.path_units", lang, unit=unit, band=band), **_boundary_names(boundary)
        ),
        width=charts.WIDTH,
        height=charts.HEIGHT,
    )
    year = min(2030, a.horizon_end)
    at = df[df["year"] == year].set_index("scenario")["median"]
    items = (
        M(f"{key}.path_alt_item", lang, scenario=k, value=v / scale, wan=formats.co2(v / scale, "zh"))
        for k, v in at.items()
    )
    alt_text = M(
        f"{key}.path_alt", lang, boundary=boundary_label(boundary, lang), year=year, items=messages.join(items, lang)
    )
    return _model_figure(a, chart, alt_text, data, f"answer_{lang}_paths_{boundary}", lang)
