"""The model chapter's words, in English or in Chinese (the catalogue's model.yml): its key findings, the records
its checks name and the sources its charts cite."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak.analysis import level
from carbonpeak.constants import MILESTONES
from carbonpeak.model import base, core, hindcast
from carbonpeak.pages import messages
from carbonpeak.pages.findings import KeyFindings, city_numbers

M = messages.text

SOURCES = ["ceads_city", "ceads_provinces", "official_points", "literature", "crea_power"]
SHOWN_ORIGINS = (2008, 2011, 2014)  # none of them a tuning origin
TWH_IN_YI_KWH = 10  # 1 TWh = 10 亿千瓦时, as Chinese power statistics write it


def record_label(variable: str, lang: str = "en") -> str:
    """A record the checks score (co2_territorial, co2_county, electricity_demand) in the page's language."""
    return M(f"model.record.{variable}", lang)


def key_findings(
    result: core.Result, co2: pd.DataFrame, points: pd.DataFrame, recent: pd.DataFrame, nev, ens, lang: str = "en"
):
    """What the chapter finds, in its own numbers: the 2019 level and balance, 2020-2021 beside CMCC, the
    hindcasts' coverage at the origins not tuned on, and the NEV checks."""
    key = "model.findings"
    t = co2.set_index("key")["Mt CO2"]
    power = float(t[core.POWER])
    demand = sum(float(v[0, 0]) for v in result.demand.values())
    imports, nuclear = float(result.supply["imports"][0, 0]), float(result.supply["nuclear (bought)"][0, 0])
    bought = (imports + nuclear) / demand
    lvl = level.territorial_level(base.BASE_YEAR)
    low, high = np.exp(lvl.mean[0] + np.array([-1.2816, 1.2816]) * np.sqrt(lvl.cov[0, 0]))
    record = float(result.recorded[0, 0])
    imported = float(result.imported[0, 0])

    def wan(mt: float) -> float:  # Mt to 万吨, at the English text's precision
        return messages.co2(mt, "zh")

    lines = [
        M(
            f"{key}.level",
            lang,
            level=lvl.level,
            low=low,
            high=high,
            record=record,
            level_wan=wan(round(lvl.level, 1)),
            low_wan=wan(round(low, 1)),
            high_wan=wan(round(high, 1)),
            record_wan=wan(round(record, 1)),
        ),
        M(
            f"{key}.balance",
            lang,
            demand=demand,
            bought=bought,
            imports=imports,
            nuclear=nuclear,
            local=1 - bought,
            power=power,
            imported=imported,
            demand_yi=round(demand, 1) * TWH_IN_YI_KWH,
            imports_yi=round(imports, 1) * TWH_IN_YI_KWH,
            nuclear_yi=round(nuclear, 1) * TWH_IN_YI_KWH,
            power_wan=wan(round(power, 1)),
            imported_wan=wan(round(imported, 2)),
        ),
    ]
    row = recent.set_index(recent.columns[0])  # the year; then the model's median, ..., CMCC
    model, cmcc = recent.columns[1], recent.columns[-1]
    years = {f"model_{y}": row.at[y, model] for y in (2020, 2021)} | {
        f"cmcc_{y}": row.at[y, cmcc] for y in (2020, 2021)
    }
    lines.append(M(f"{key}.recent", lang, **years))  # as the table shows them, in the page's unit
    other = points[~points["origin"].isin(hindcast.TUNING_ORIGINS)]
    pooled = hindcast.pooled(other).set_index("variable")
    parts = [
        M(
            f"{key}.hindcast_part",
            lang,
            record=record_label(v, lang),
            inside=pooled.at[v, "inside 80 % band"],
            error=pooled.at[v, "median log error"],
        )
        for v in pooled.index
    ]
    lines.append(M(f"{key}.hindcast", lang, parts=messages.join(parts, lang, "clause")))
    lines.append(M(f"{key}.fleet", lang, inside=int(nev["inside"].sum()), n=len(nev)))
    return KeyFindings(lines, city_numbers(ens, MILESTONES), label=M("common.findings.label", lang))
