"""The energy chapter's tables and downloads: the point figures, the electricity record, the balance, the 2019
reconciliation and readings, power plants, the energy-intensity target and the Kaya effects, each in the page's
language."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak import charts
from carbonpeak.model import scoring
from carbonpeak.pages import common, messages
from carbonpeak.pages.energy.frames import (
    ENERGY_VARIABLES,
    MTCE_SCALE,
    READING_ITEMS,
    RECORD_DIGITS,
    T01_CHANGE,
    T01_END,
    T01_START,
    M,
    all_points,
    boundary_frame,
    demand_total,
    grade_name,
    kaya_frame,
    language_twh,
    probability_share,
    readings_2019,
    scenario_label,
    t01_components,
    t01_target,
)
from carbonpeak.pages.tables import Table


def energy_points(lang: str = "en") -> Table:
    """The point figures on energy and electricity (the whole points table is a download)."""
    return common.points_table(ENERGY_VARIABLES, lang, "energy.points", scaled=True)


def points_download(lang: str = "en") -> charts.Download:
    """Every point figure as a CSV download."""
    return charts.Download(
        all_points(),
        "shenzhen_points",
        M("energy.download_points", lang),
        M("common.table.download_rows", lang, n="{n}"),
    )


def record_table(record: pd.DataFrame, lang: str = "en") -> Table:
    """The electricity record for reading: TWh by year, each with its grade and how it was obtained."""
    return Table(
        pd.DataFrame(
            {
                M("energy.record.year", lang): record["year"].astype(int),
                M("energy.record.use", lang): language_twh(record["value"], lang).round(RECORD_DIGITS[lang]),
                M("energy.record.grade", lang): record["grade"].map(lambda g: grade_name(g, lang)),
                M("energy.record.how", lang): record["series"],
            }
        )
    )


def balance_table(ens, year: int, lang: str = "en") -> Table:
    """Median TWh by source in ``year`` per scenario, demand, and the imports' share of demand."""
    digits = {"en": ".1f", "zh": ".0f"}[lang]
    rows = {}
    for name, r in ens:
        j = int(np.nonzero(r.years == year)[0][0])
        col = {
            M(f"energy.source.{s}", lang): f"{language_twh(np.median(v[:, j]), lang):{digits}}"
            for s, v in r.supply.items()
        }
        d = demand_total(r)[:, j]
        col[M("energy.balance.demand", lang)] = f"{language_twh(np.median(d), lang):{digits}}"
        col[M("energy.balance.imports_share", lang)] = probability_share(
            float(np.median(r.supply["imports"][:, j] / d)), lang
        )
        rows[scenario_label(name, lang)] = col
    df = pd.DataFrame(rows)
    return Table(df.rename_axis(M("energy.balance.heading", lang, year=year)).reset_index())


def reconciliation_table(table: pd.DataFrame, lang: str = "en") -> Table:
    """The 2019 reconciliation for reading: Mt CO2 to two decimals (万吨 whole), grades in words."""
    digits = {"en": ".2f", "zh": ".0f"}[lang]
    df = boundary_frame(table, lang).drop(columns="key")
    df = df.assign(
        **{
            "Mt CO2": messages.co2(table["Mt CO2"], lang).map(lambda x: f"{x:{digits}}"),
            "grade": table["grade"].map(lambda g: grade_name(g, lang)),
        }
    )
    return Table(df.rename(columns={c: M(f"energy.boundary.columns.{c}", lang) for c in df.columns}))


def readings_table(result, lang: str = "en") -> Table:
    """The two readings in 2019, for reading."""
    df = readings_2019(result)
    df = df.assign(item=df["item"].map(lambda i: M(f"energy.readings.{READING_ITEMS[i]}", lang)))
    df = df.assign(TWh=language_twh(df["TWh"], lang), **{"Mt CO2": messages.co2(df["Mt CO2"], lang)})
    columns = {"item": "item", "TWh": "twh", "t CO2 per MWh": "ef", "Mt CO2": "mt"}
    df = df.rename(columns={c: M(f"energy.readings.{k}", lang) for c, k in columns.items()})
    twh_format, mt = {"en": "{:.1f}", "zh": "{:.0f}"}[lang], {"en": "{:.2f}", "zh": "{:.0f}"}[lang]
    return Table(
        df,
        M("energy.readings.caption", lang),
        formats={
            M("energy.readings.twh", lang): twh_format,
            M("energy.readings.ef", lang): "{:.3f}",
            M("energy.readings.mt", lang): mt,
        },
    )


def t01_components_table(ens, a: str = "baseline", b: str = "plan", lang: str = "en") -> Table:
    """``t01_components`` for reading."""
    df = t01_components(ens, a, b)
    keys = {T01_CHANGE: "change"}
    energy = df["component"] != T01_CHANGE  # Mtce rows (万吨标准煤 in Chinese); the last row is a % change
    for year in ("2020", "2025"):
        df[year] = df[year].where(~energy, df[year] * MTCE_SCALE[lang])
    df = df.assign(
        scenario=df["scenario"].map(lambda n: scenario_label(n, lang)),
        component=df["component"].map(lambda c: M(f"energy.t01.component.{keys.get(c, c)}", lang)),
    ).rename(columns={"scenario": M("energy.t01.scenario", lang), "component": M("energy.t01.component_column", lang)})
    return Table(
        df,
        M("energy.t01.caption", lang, start=T01_START, end=T01_END),
        formats={year: {"en": "{:.2f}", "zh": "{:.1f}"}[lang] for year in ("2020", "2025")},
    )


def power_table(ens, years, level: float, lang: str = "en") -> Table:
    """Power-plant CO2 and coal and gas generation in ``years``, per scenario."""
    digits = {"en": 1, "zh": 0}[lang]  # 0.1 Mt = 10万吨, 0.1 TWh = 1亿千瓦时
    return common.years_table(
        [
            (M("energy.power.plants", lang), lambda r: r.parts["power plants"], digits, messages.co2(1.0, lang)),
            (M("energy.power.coal", lang), lambda r: r.supply["coal"], digits, language_twh(1.0, lang)),
            (M("energy.power.gas", lang), lambda r: r.supply["gas"], digits, language_twh(1.0, lang)),
        ],
        ens,
        years,
        level,
        lang=lang,
    )


def intensity_table(ens, levels, lang: str = "en") -> Table:
    """Energy use per unit of GDP, % change 2020-2025, per scenario, and the share of draws meeting T01."""
    target = t01_target()
    rows = []
    for name, r in ens:
        if r.years[-1] < T01_END:
            continue
        change = scoring.energy_intensity_change(r, T01_START, T01_END)
        row = {
            M("energy.intensity.scenario", lang): scenario_label(name, lang),
            M("energy.intensity.median", lang): f"{np.median(change):.1f}",
        }
        for level in sorted(levels):
            lo, hi = np.quantile(change, [(1 - level) / 2, (1 + level) / 2])
            label = M("energy.intensity.interval", lang, level=common.level_label(level, lang))
            row[label] = M("energy.intensity.range", lang, lo=lo, hi=hi)
        row[M("energy.intensity.share", lang, target=target)] = probability_share(
            float(np.mean(change <= target)), lang
        )
        rows.append(row)
    return Table(pd.DataFrame(rows))


def scorecard_download(board: pd.DataFrame, lang: str = "en") -> charts.Download:
    """The scorecard as a CSV download (common.scorecard_download)."""
    return common.scorecard_download(board, "energy", lang)


def kaya_readable(table: pd.DataFrame, level: float = 0.8, lang: str = "en") -> Table:
    """The Kaya table for reading: each factor's mean effect and the central interval of the draws (Mt CO2)."""
    table = kaya_frame(table, lang)
    digits = {"en": "+.1f", "zh": "+.0f"}[lang]
    return Table(
        pd.DataFrame(
            {
                M("energy.kaya.scenario", lang): table["scenario"],
                M("energy.kaya.factor_column", lang): table["factor"],
                M("energy.kaya.mean", lang): table["mean effect (Mt)"].map(lambda x: f"{x:{digits}}"),
                M("energy.kaya.central", lang, level=common.level_label(level, lang)): [
                    M("energy.kaya.range", lang, a=a, b=b) for a, b in zip(table["lower"], table["upper"], strict=False)
                ],
            }
        )
    )
