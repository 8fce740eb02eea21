"""The targets page's charts: the targets by part of the plan and the data behind them, and where the
targets with data stand."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carbonpeak import charts
from carbonpeak.pages import common, messages
from carbonpeak.pages.targets.labels import (
    K,
    M,
    _grade,
    _plan_indicators,
)
from carbonpeak.targets import ACTIONS, reports


def _bars(df: pd.DataFrame, y: alt.Y, x: str, x_title: str, colour: alt.Color, tooltip: list, **more) -> alt.Chart:
    """Horizontal bars of ``x`` per ``y`` coloured by ``colour`` (the chapter's two bar charts); ``more``: other
    channels (a stacking order)."""
    return alt.Chart(df).mark_bar().encode(y=y, x=alt.X(x, title=x_title), color=colour, **more, tooltip=tooltip)


def coverage_figure(targets: pd.DataFrame, lang: str = "en") -> charts.Figure:
    """Stacked bars of the targets of each action by the data behind them (reports.AVAILABILITY)."""
    key = f"{K}.figure"

    def available(name: str) -> str:
        return M(f"{key}.availability.{name}", lang)

    names = {a: M(f"{key}.action", lang, en=en, zh=zh) for a, (zh, en) in ACTIONS.items()}
    df = targets.assign(
        data=[available(reports.availability(r)) for r in targets.to_dict("records")],
        action_name=targets["action"].map(names),
    )
    counts = df.groupby(["action_name", "data"], sort=False).size().rename("targets").reset_index()
    order = [names[a] for a in ACTIONS if a in set(targets["action"])]
    colour = alt.Color(
        "data:N",
        scale=alt.Scale(
            domain=[available(a) for a in reports.AVAILABILITY], range=["#1f4e79", "#9dc3e6", "#bfbfbf", "#c00000"]
        ),
        title=None,
    )
    chart = _bars(
        counts,
        alt.Y("action_name:N", sort=order, title=None),
        "targets:Q",
        M(f"{key}.coverage_axis", lang),
        colour,
        ["action_name:N", "data:N", "targets:Q"],
        order=alt.Order("data:N"),
    ).properties(
        title=common.title(M(f"{key}.coverage_title", lang), M(f"{key}.coverage_units", lang), lang),
        width=charts.WIDTH,
        height=260,
    )
    observed = int(targets["observed_value"].notna().sum())
    alt_text = M(f"{key}.coverage_alt", lang, n=len(targets), parts=len(order), observed=observed)
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=messages.source_note(
            ["plan", "official_points"], ["official_point"], M(f"{key}.coverage_note", lang), lang
        ),
        data=counts,
        filename="targets_by_action",
        **messages.figure_csv(lang),
    )


def progress_figure(progress: pd.DataFrame, lang: str = "en") -> charts.Figure:
    """Bars of each observed target's latest observation as a percentage of its target level, coloured by
    grade."""
    key = f"{K}.figure"
    plan = _plan_indicators()
    df = progress.assign(
        label=[  # in full: the chart wraps it
            M(f"{key}.progress_label", lang, id=i, indicator=e, indicator_zh=plan.get(i, e))
            for i, e in zip(progress["id"], progress["indicator_en"])
        ],
        year_pair=[
            M(f"{key}.progress_years", lang, observed=o, target=t)
            for o, t in zip(progress["observed_year"], progress["target_year"])
        ],
        grade=progress["observed_grade"].map(lambda g: _grade(g, lang)),
    )
    colour = alt.Color(
        "grade:N",
        title=M(f"{key}.progress_colour", lang),
        scale=alt.Scale(
            domain=[_grade(g, lang) for g in charts.GRADE_COLOURS], range=list(charts.GRADE_COLOURS.values())
        ),
    )
    tooltip = ["id:N", "indicator_en:N", "observed_value:Q", "observed_year:N", "target_value:Q", "unit:N"]
    bars = _bars(
        df,
        alt.Y("label:N", sort=None, title=None),
        "observed_pct_of_target:Q",
        M(f"{key}.progress_axis", lang),
        colour,
        [*tooltip, "target_year:N", "observed_pct_of_target:Q"],
    )
    rule = alt.Chart(pd.DataFrame({"x": [100]})).mark_rule(strokeDash=[4, 3], color="#444").encode(x="x:Q")
    chart = alt.layer(bars, rule).properties(
        title=common.title(M(f"{key}.progress_title", lang), M(f"{key}.progress_units", lang), lang),
        width=charts.WIDTH,
        height=24 * len(df) + 20,
    )
    items = (
        M(
            f"{key}.progress_item",
            lang,
            id=r.id,
            pct=r.observed_pct_of_target,
            observed=r.observed_year,
            target=r.target_year,
        )
        for r in df.itertuples()
    )
    alt_text = M(f"{key}.progress_alt", lang, items=messages.join(items, lang, "clause"))
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=messages.source_note(
            ["official_points"], sorted(set(df["observed_grade"])), M(f"{key}.progress_note", lang), lang
        ),
        data=progress,
        filename="observed_vs_target",
        **messages.figure_csv(lang),
    )
