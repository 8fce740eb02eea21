"""The model chapter's words: its key findings, the records its checks name and the sources its charts cite."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak.analysis import level
from carbonpeak.constants import MILESTONES
from carbonpeak.model import base, core, hindcast
from carbonpeak.pages.findings import KeyFindings, city_numbers

SOURCES = ["ceads_city", "ceads_provinces", "official_points", "literature", "crea_power"]
SHOWN_ORIGINS = (2008, 2011, 2014)  # none of them a tuning origin
RECORD_LABELS = {
    "co2_territorial": "CEADs (territorial)",
    "co2_county": "county-level sum (Chen et al. 2020)",
    "electricity_demand": "electricity use (TWh)",
}


def key_findings(result: core.Result, co2: pd.DataFrame, points: pd.DataFrame, recent: pd.DataFrame, nev, ens):
    """What the chapter finds, in its own numbers: the 2019 level and balance, 2020-2021 beside CMCC, the
    hindcasts' coverage at the origins not tuned on, and the NEV checks."""
    t = co2.set_index("key")["Mt CO2"]
    power = float(t[core.POWER])
    demand = sum(float(v[0, 0]) for v in result.demand.values())
    imports, nuclear = float(result.supply["imports"][0, 0]), float(result.supply["nuclear (bought)"][0, 0])
    bought = (imports + nuclear) / demand
    lvl = level.territorial_level(base.BASE_YEAR)
    low, high = np.exp(lvl.mean[0] + np.array([-1.2816, 1.2816]) * np.sqrt(lvl.cov[0, 0]))
    lines = [
        f"**The 2019 level.** Filtered from CEADs and the county-level series, Shenzhen's territorial CO2 stood "
        f"at {lvl.level:.1f} Mt in 2019 (80 %: {low:.1f}-{high:.1f} Mt); CEADs recorded "
        f"{float(result.recorded[0, 0]):.1f} Mt, a record that runs above the path its neighbours share, as "
        "city records often do for a few years.",
        f"**2019 balance.** {demand:.1f} TWh of demand: {bought:.0%} bought from the provincial grid ({imports:.1f} "
        f"TWh carbon-bearing imports and {nuclear:.1f} TWh of the Daya Bay base's nuclear power), {1 - bought:.0%} "
        f"from local plants; local coal and gas emit {power:.1f} Mt, the imports {result.imported[0, 0]:.2f} Mt.",
    ]
    row = recent.set_index("year")
    lines.append(
        f"**2020-2021.** The model's median is {row.at[2020, recent.columns[1]]} and {row.at[2021, recent.columns[1]]} "
        f"Mt; CMCC (another method) has {row.at[2020, 'CMCC']} and {row.at[2021, 'CMCC']} Mt."
    )
    other = points[~points["origin"].isin(hindcast.TUNING_ORIGINS)]
    pooled = hindcast.pooled(other).set_index("variable")
    parts = [
        f"{RECORD_LABELS[v]} {pooled.at[v, 'inside 80 % band']:.0%} (median log error "
        f"{pooled.at[v, 'median log error']:+.2f})"
        for v in pooled.index
    ]
    lines.append(
        "**Hindcasts.** Started at the origins 2005-2016 that were not used to calibrate the discrepancy, the "
        "model's 80 % bands hold " + "; ".join(parts) + "."
    )
    lines.append(
        f"**Fleet.** {int(nev['inside'].sum())} of {len(nev)} observed NEV stock figures fall inside the fleet "
        "model's 80 % band; they were never used to fit it."
    )
    return KeyFindings(lines, city_numbers(ens, MILESTONES))
