"""Provincial proxies for Shenzhen's sectors: Guangdong's CEADs sector share applied to Shenzhen's CEADs total.

No Shenzhen sector inventory exists, so a sector's territorial CO2 is estimated as
Shenzhen total x (Guangdong sector groups / Guangdong total) x a named scale assumption with a range.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import assumptions, data

SHENZHEN = "广东深圳"
BASE_YEAR = 2019


def guangdong_share(groups: tuple[str, ...]) -> pd.Series:
    """Share of Guangdong's total CO2 in the named sector groups (e.g. ('transport',)), by year."""
    gd = data.load("guangdong_sector_co2").pivot(index="year", columns="variable", values="value")
    return sum(gd[f"co2_{g}"] for g in groups) / gd["co2_total"]


def base(groups: tuple[str, ...], scale, year: int = BASE_YEAR):
    """The proxy level in ``year`` (Mt CO2), for one scale or an array of scale draws."""
    total = float(data.series("city_co2", SHENZHEN, "co2")[year])
    return total * float(guangdong_share(groups)[year]) * np.asarray(scale, dtype=float)


def history(groups: tuple[str, ...], scale: float, scale_name: str, label: str) -> pd.DataFrame:
    """The proxy for every CEADs year, at ``scale`` and at the ends of its assumption's range."""
    total = data.series("city_co2", SHENZHEN, "co2")
    share = guangdong_share(groups).reindex(total.index)
    a = assumptions.get(scale_name)
    return pd.DataFrame({"year": total.index, "share_guangdong": share.to_numpy(),
                         "value": (total * share * scale).to_numpy(), "low": (total * share * a.low).to_numpy(),
                         "high": (total * share * a.high).to_numpy(), "series": label})


def band_figure(hist: pd.DataFrame, *, scale_name: str, title_text: str, subject: str, filename: str):
    """The proxy line with the band its scale assumption spans."""
    import altair as alt

    from . import charts

    a = assumptions.get(scale_name)
    base_chart = alt.Chart(charts.with_gaps(hist)).encode(x=alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False)))
    chart = alt.layer(
        base_chart.mark_area(opacity=0.2, color="#7f6000").encode(y=alt.Y("low:Q", title="Mt CO2"), y2="high:Q"),
        base_chart.mark_line(color="#7f6000").encode(y="value:Q", tooltip=[alt.Tooltip("year:Q", format="d"),
                                                                           alt.Tooltip("value:Q", format=",.1f")]),
    ).properties(title=charts.title(title_text, f"Mt CO2 per year; band: {scale_name} {a.low:g} to {a.high:g}"),
                 width=charts.WIDTH, height=charts.HEIGHT)
    last = hist.dropna().iloc[-1]
    alt_text = (f"Line with a band: {subject} estimated as Guangdong's share of the CEADs total; {last['value']:.1f} Mt in "
                f"{int(last['year'])}, {last['low']:.1f} to {last['high']:.1f} Mt across the range of {scale_name}.")
    return charts.Figure(chart, alt_text=alt_text,
                         source=charts.source_note(["ceads_city", "ceads_provinces"], ["measured", "proxy", "assumption"],
                                                   "Guangdong's share stands in for Shenzhen's: no Shenzhen sector inventory exists."),
                         data=hist, filename=filename)
