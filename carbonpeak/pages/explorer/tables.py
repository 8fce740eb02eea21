"""The explorer's tables: what each slider moves, the grid for download, and the sliders' reach."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak.constants import PEAK_MILESTONE
from carbonpeak.formats import probability
from carbonpeak.inputs import scenarios
from carbonpeak.model import boundaries
from carbonpeak.model import grid as model_grid
from carbonpeak.model.grid import LEVERS, Grid
from carbonpeak.pages import messages
from carbonpeak.pages.explorer.labels import (
    M,
    baseline_settings,
    boundary_short,
    co2_unit,
    fmt_path,
    fmt_range,
    lever_label,
)
from carbonpeak.pages.tables import Table, number

DOWNLOAD_YEARS = (2020, 2025, 2030, 2035)  # the chart's download keeps the page light


def lever_table(settings: dict | None = None, lang: str = "en") -> pd.DataFrame:
    """What each slider moves: the assumptions, the stated value, the slider's positions, the registry's
    range and the scenario files' values at the same milestone."""
    settings = settings or baseline_settings()
    plan = scenarios.load("plan").settings()
    acc = scenarios.load("accelerated").settings()

    def at(s, lever):
        if s.is_path:
            return s.default[s.milestones.index(lever.milestone)] / lever.per_unit
        return s.default / lever.per_unit

    rows = []
    for lever in LEVERS:
        s = settings[lever.names[0]]
        if lever.is_factor:
            ranged = M("common.punct.clause", lang).join(
                M(
                    "explorer.lever_list.named_range",
                    lang,
                    name=n,
                    label=messages.label("assumption", n, lang),
                    range=fmt_range(settings[n], lang),
                )
                for n in lever.names
            )
            scen = M("common.punct.clause", lang).join(
                M(
                    "explorer.lever_list.scenario_named",
                    lang,
                    scenario=messages.label("scenario", label, lang),
                    name=name,
                    label=messages.label("assumption", name, lang),
                    value=fmt_path(x[name].default),
                )
                for label, x in (("plan", plan), ("accelerated", acc))
                for name in lever.names
                if x[name].default != settings[name].default
            )
        else:
            lo, hi = (x[s.milestones.index(lever.milestone)] if s.is_path else x for x in (s.low, s.high))
            ranged = M(
                "explorer.lever_list.range", lang, low=f"{lo / lever.per_unit:g}", high=f"{hi / lever.per_unit:g}"
            )
            scen = M("common.punct.clause", lang).join(
                M(
                    "explorer.lever_list.scenario_value",
                    lang,
                    scenario=messages.label("scenario", label, lang),
                    value=f"{at(x[lever.names[0]], lever):g}",
                )
                for label, x in (("plan", plan), ("accelerated", acc))
                if x[lever.names[0]].default != s.default
            )
        rows.append(
            {
                "slider": lever_label(lever, lang),
                "assumptions moved": ", ".join(lever.names),
                "stated value": f"{lever.stated(settings):g}",
                "positions": messages.join((f"{v:g}" for v in lever.values), lang, "enum"),
                "range in the registry": ranged,
                "scenario files": scen or M("explorer.lever_list.as_stated", lang),
            }
        )
    return pd.DataFrame(rows)


def wide_table(grid: Grid, years=DOWNLOAD_YEARS, lang: str = "en") -> pd.DataFrame:
    """The grid as a table: slider positions, P(peak by 2025 / 2030) per boundary and the median paths in
    ``years`` (Mt; 万吨 in Chinese)."""
    names = {"k": M("explorer.download.setting", lang), **{lever.key: lever_label(lever, lang) for lever in LEVERS}}
    df = grid.positions.rename(columns=names)
    for label, _, _ in model_grid.JUDGED:
        for j, year in enumerate(model_grid.PEAK_YEARS):
            name = M(
                "explorer.download.probability", lang, year=year, label=M(f"explorer.download.judged.{label}", lang)
            )
            df[name] = np.round(grid.probability[label][:, j], 3)
    short = boundary_short(lang)
    for boundary in model_grid.BOUNDARIES:
        for j, year in enumerate(grid.years):
            if year in years:
                name = M("explorer.download.median", lang, boundary=short[boundary], year=year)
                df[name] = np.round(grid.bands[boundary][:, 1, j], 1) * co2_unit(lang)
    return df


def probability_by_position(
    grid: Grid, label: str = "with_imports", year: int = PEAK_MILESTONE, lang: str = "en"
) -> pd.DataFrame:
    """P(peak by ``year``) at each position of each slider, averaged over the other sliders' positions."""
    j = model_grid.PEAK_YEARS.index(year)
    out = []
    for lever in LEVERS:
        means = pd.Series(grid.probability[label][:, j]).groupby(grid.positions[lever.key].to_numpy()).mean()
        out += [{"slider": lever_label(lever, lang), "position": f"{x:g}", "P": float(p)} for x, p in means.items()]
    return pd.DataFrame(out)


def lever_effects(grid: Grid, year: int | None = None) -> pd.DataFrame:
    """How far each slider moves the median CO2 in ``year`` (the horizon by default): the mean over every other
    slider's positions, at each of its own positions, and the spread between its lowest and highest (Mt)."""
    year = year or grid.horizon_end
    j = int(np.nonzero(grid.years == year)[0][0])
    out = []
    for lever in LEVERS:
        for boundary in model_grid.BOUNDARIES:
            medians = grid.bands[boundary][:, 1, j]
            means = pd.Series(medians).groupby(grid.positions[lever.key].to_numpy()).mean()
            out.append(
                {
                    "lever": lever.key,
                    "slider": lever.label,
                    "boundary": boundary,
                    "low": float(means.min()),
                    "high": float(means.max()),
                    "spread": float(means.max() - means.min()),
                }
            )
    return pd.DataFrame(out)


def summary_table(grid: Grid, lang: str = "en"):
    """P(peak by 2030) with imported electricity at each slider position, averaged over the other sliders."""
    df = probability_by_position(grid, lang=lang)
    p = M("explorer.summary_table.probability", lang)
    names = {c: M(f"explorer.summary_table.{c}", lang) for c in ("slider", "position")}
    return Table(
        df.rename(columns={"P": p, **names}),
        M("explorer.summary_table.title", lang),
        formats={p: lambda x: probability(x, lang)},
        lang=lang,
    )


def effects_table(grid: Grid, year: int | None = None, lang: str = "en"):
    """``lever_effects`` for reading: each slider's reach on each boundary (Mt CO2; 万吨 in Chinese)."""
    year = year or grid.horizon_end
    df = lever_effects(grid, year).drop(columns=["lever"])
    values = ["low", "high", "spread"]
    sliders = {lever.label: lever_label(lever, lang) for lever in LEVERS}
    df = df.assign(
        slider=df["slider"].map(sliders),
        boundary=df["boundary"].map(lambda b: boundaries.label(b, lang)),
        **{c: df[c] * co2_unit(lang) for c in values},
    )
    names = {c: M(f"explorer.effects_table.{c}", lang) for c in ["slider", "boundary", *values]}
    return Table(
        df.rename(columns=names),
        M("explorer.effects_table.title", lang, year=year),
        formats={names[c]: number(max(0, 1 - round(np.log10(co2_unit(lang))))) for c in values},
        lang=lang,
    )
