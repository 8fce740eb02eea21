"""The industry chapter's Key findings, generated from the run in the page's language
(carbonpeak/pages/messages/industry.yml)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak.model import base
from carbonpeak.pages import common, messages
from carbonpeak.pages.findings import KeyFindings, city_numbers, demand_numbers, part_numbers
from carbonpeak.pages.industry.frames import (
    PARTS,
    M,
    industry_co2,
    intensity,
    scenario_label,
    vintage,
)
from carbonpeak.pages.tables import percent


def key_numbers(ens) -> dict:
    """The numbers the Key findings rest on: city totals, fuel and process CO2 and electricity in the key years."""
    years = common.key_years(ens.horizon_end)
    return {**city_numbers(ens, years), **part_numbers(ens, PARTS, years), **demand_numbers(ens, ["industry"], years)}


def key_findings(ens, history: pd.DataFrame, record: pd.DataFrame, lang: str = "en") -> KeyFindings:
    """What the chapter finds, in its own numbers: industry's share of GDP, the provincial proxy against the model,
    fuel and process CO2, electricity and intensity."""
    n = key_numbers(ens)
    names = list(ens.results)
    year = common.key_year(ens.horizon_end)

    each = common.numbers_by_scenario(n, names, lang=lang)
    first = names[0]
    r0 = ens.results[first]
    calib = float(np.median(industry_co2(r0)[:, 0]))
    proxy19 = (
        float(history.set_index("year").at[base.BASE_YEAR, "value"])
        if base.BASE_YEAR in set(history["year"])
        else np.nan
    )
    co2_index = intensity(ens, "co2")
    share_22 = record[record["series"] == vintage("official_points", lang)]
    j = int(np.nonzero(r0.years == year)[0][0])
    elec_draws = common.attributed_electricity_co2(r0, ["industry"])[:, j]
    elec = float(np.median(elec_draws))
    elec_share = float(np.median(elec_draws / (industry_co2(r0)[:, j] + elec_draws)))
    process = n.get(f"{first}/part/industrial_process/{year}/median_mt", float("nan"))
    fmt = {"en": "g", "zh": ".0f"}[lang]
    mt, twh = M("industry.finding.mt", lang), M("industry.finding.twh", lang)
    y = str(year)
    bullets = [
        M(
            "industry.finding.value_added",
            lang,
            share=percent(1, space=lang == "en")(float(share_22["share of GDP"].iloc[-1])),
            year=int(share_22["year"].iloc[-1]),
        ),
        M(
            "industry.finding.proxy",
            lang,
            proxy=proxy19,
            proxy_zh=messages.co2(proxy19, "zh"),
            base_year=base.BASE_YEAR,
            calib=calib,
            calib_zh=messages.co2(calib, "zh"),
        ),
        M(
            "industry.finding.fuel",
            lang,
            year=year,
            fuel=each("{s}/part/industry_fuel/" + y + "/median_mt", mt, messages.co2(1, lang), fmt),
            process=process,
            process_zh=messages.co2(process, "zh"),
        ),
        M(
            "industry.finding.electricity",
            lang,
            year=year,
            demand=each("{s}/demand/industry/" + y + "/median_twh", twh, messages.ELECTRICITY_SCALE[lang], fmt),
            elec=elec,
            elec_zh=messages.co2(elec, "zh"),
            first=scenario_label(first, lang),
            share=elec_share,
            share_pct=100 * elec_share,
        ),
        M(
            "industry.finding.intensity",
            lang,
            values=messages.join(
                (
                    M(
                        "industry.finding.value",
                        lang,
                        value=common.median_at(co2_index, s, year),
                        scenario=scenario_label(s, lang),
                    )
                    for s in names
                ),
                lang,
            ),
            year=year,
            base_year=base.BASE_YEAR,
        ),
    ]
    return KeyFindings(bullets, n, label=M("common.findings.label", lang))
