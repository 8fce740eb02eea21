"""The industry chapter's data as its figures, tables and text read them: the value-added record (two vintages, never
spliced), the provincial proxy of industrial CO2, industrial CO2 and intensity from the run, and the scorecard;
scenario and vintage names in the page's language."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak import data
from carbonpeak.constants import SHENZHEN
from carbonpeak.inputs import parts
from carbonpeak.model import summary
from carbonpeak.pages import messages
from carbonpeak.targets import board_for, trends

PARTS = parts.of_sector("industry")


TARGET_ACTIONS = ("industry", "green_industry")


SOURCES = ("nbs_major_cities", "official_points")  # the two vintages of value added, oldest first


M = messages.text


def scenario_label(name: str, lang: str) -> str:
    """A scenario's name in the language."""
    return messages.label("scenario", name, lang)


def vintage(source: str, lang: str = "en") -> str:
    """A value-added vintage's name in the language."""
    return M(f"industry.vintage.{source}", lang)


def value_added_record(lang: str = "en") -> pd.DataFrame:
    """Secondary-sector value added and its share of GDP by source: the two vintages stay separate series."""
    econ = data.load("shenzhen_economy")
    econ = econ[econ["region"] == SHENZHEN]
    wide = econ.pivot_table(index=["year", "source", "grade"], columns="variable", values="value").reset_index()
    wide = wide.dropna(subset=["va_secondary"])
    return pd.DataFrame(
        {
            "year": wide["year"].astype(int),
            "value": wide["va_secondary"],
            "share of GDP": wide["va_secondary"] / wide["gdp"],
            "series": wide["source"].map(lambda v: vintage(v, lang)),
            "grade": wide["grade"],
        }
    ).reset_index(drop=True)


def proxy_history(lang: str = "en") -> pd.DataFrame:
    """Industrial CO2 (with process) if Shenzhen had Guangdong's industry share of CO2: the city's CEADs
    total x Guangdong's share, every CEADs year (a provincial proxy, unscaled)."""
    gd = data.load("guangdong_sector_co2").pivot(index="year", columns="variable", values="value")
    share = gd["co2_industry_incl_process"] / gd["co2_total"]
    total = data.series("city_co2", SHENZHEN, "co2")
    df = pd.DataFrame(
        {
            "year": total.index.astype(int),
            "value": (total * share.reindex(total.index)).to_numpy(),
            "Guangdong's share": share.reindex(total.index).to_numpy(),
        }
    ).dropna()
    return df.assign(series=M("industry.proxy.series", lang))


def industry_co2(result) -> np.ndarray:
    """Industrial CO2 (Mt, draws x years): fuel and process."""
    return result.parts["industry fuel"] + result.parts["industrial process"]


def intensity(ens, what: str) -> pd.DataFrame:
    """Industrial CO2 (fuel and process) or electricity per unit of industrial value added, 2019 = 100,
    per scenario (bands)."""
    out = []
    for name, r in ens:
        va = summary.value_added(ens, name)["industry"]
        q = industry_co2(r) if what == "co2" else r.demand["industry"]
        ratio = q / va
        out.append(summary.bands(100 * ratio / ratio[:, [0]], r.years).assign(scenario=name))
    return pd.concat(out, ignore_index=True)


def scorecard() -> pd.DataFrame:
    """The industry and green-industry targets, scored where their own figures give a pace (target_trends)."""
    return board_for(trends.projections(), actions=TARGET_ACTIONS)
