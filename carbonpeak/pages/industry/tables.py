"""The industry chapter's tables and downloads: value added, the paths in the shown years, industry's footprint and the
scorecard, each in the page's language."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak import charts
from carbonpeak.pages import common, messages
from carbonpeak.pages.industry.frames import (
    M,
    scenario_label,
)
from carbonpeak.pages.tables import Table, percent


def value_added_table(record: pd.DataFrame, lang: str = "en") -> Table:
    """The value-added record for reading: value, share of GDP, vintage and grade."""
    key = "industry.value_added"
    return Table(
        pd.DataFrame(
            {
                M(f"{key}.year", lang): record["year"],
                M(f"{key}.value", lang): record["value"].map(lambda v: f"{v:,.0f}"),
                M(f"{key}.share", lang): record["share of GDP"].map(lambda s: percent(1, space=lang == "en")(s)),
                M(f"{key}.vintage", lang): record["series"],
                M(f"{key}.grade", lang): record["grade"].map(lambda g: messages.label("grade", g, lang)),
            }
        )
    )


def paths_table(ens, years, level: float, lang: str = "en") -> Table:
    """Industry's fuel CO2, process CO2 and electricity in the shown years."""
    mt, twh = messages.co2(1.0, lang), messages.ELECTRICITY_SCALE[lang] * 1.0
    fewer = {"en": 0, "zh": 1}[lang]  # 0.1 Mt = 10万吨, 0.1 TWh = 1亿千瓦时: one decimal fewer
    return common.years_table(
        [
            (M("industry.paths.fuel", lang), lambda r: r.parts["industry fuel"], 1 - fewer, mt),
            (M("industry.paths.process", lang), lambda r: r.parts["industrial process"], 2 - 2 * fewer, mt),
            (M("industry.paths.electricity", lang), lambda r: r.demand["industry"], 1 - fewer, twh),
        ],
        ens,
        years,
        level,
        lang=lang,
    )


def footprint_table(ens, year: int, lang: str = "en") -> Table:
    """Industry's CO2 in ``year`` (medians): direct fuel, process, and its electricity at the city's average
    supply factor (a consumption view that moves power-plant and import CO2 to their users)."""
    rows = []
    for name, r in ens:
        j = int(np.nonzero(r.years == year)[0][0])
        fuel, proc = r.parts["industry fuel"][:, j], r.parts["industrial process"][:, j]
        elec = common.attributed_electricity_co2(r, ["industry"])[:, j]
        one, two = {"en": (".1f", ".2f"), "zh": (".0f", ".0f")}[lang]
        co2 = {k: messages.co2(float(np.median(v)), lang) for k, v in (("fuel", fuel), ("proc", proc), ("elec", elec))}
        rows.append(
            {
                M("industry.footprint.scenario", lang): scenario_label(name, lang),
                M("industry.footprint.fuel", lang): f"{co2['fuel']:{one}}",
                M("industry.footprint.process", lang): f"{co2['proc']:{two}}",
                M("industry.footprint.electricity", lang): f"{co2['elec']:{one}}",
                M("industry.footprint.share", lang): percent(space=lang == "en")(
                    float(np.median(elec / (fuel + proc + elec)))
                ),
            }
        )
    return Table(pd.DataFrame(rows))


def scorecard_download(board: pd.DataFrame, lang: str = "en") -> charts.Download:
    """The scorecard as a CSV download (common.scorecard_download)."""
    return common.scorecard_download(board, "industry", lang)
