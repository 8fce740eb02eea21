"""The buildings chapter's charts: services' and households' electricity with the published figures, the CO2 of the
fuel burnt in buildings, and the green-building record, in the page's language."""

from __future__ import annotations

import pandas as pd

from carbonpeak import charts
from carbonpeak.data import point
from carbonpeak.inputs import parts
from carbonpeak.pages import common, messages
from carbonpeak.pages.buildings.tables import green_buildings

M = messages.text

PUBLISHED_SHARES = {"services": "electricity_share_tertiary", "households": "electricity_share_residential"}
SHARE_YEARS = (2020, 2023)
# the d3 format of a chart's values: TWh and Mt to 0.1, 亿千瓦时 and 万吨 whole (the same precision)


def published_use(use: str, lang: str = "en") -> pd.DataFrame:
    """The published share of electricity use x the published total (TWh, 亿千瓦时 in Chinese), in the years
    both exist: derived. The tertiary share includes the public charging of electric vehicles, which the model
    counts apart."""
    rows = [
        {
            "year": y,
            "value": messages.electricity(
                point(PUBLISHED_SHARES[use], y) / 100 * point("electricity_consumption", y), lang
            ),
            "series": M(f"buildings.published.{use}", lang),
        }
        for y in SHARE_YEARS
    ]
    return pd.DataFrame(rows)


def use_figure(ens, use: str, level: float, lang: str = "en") -> charts.Figure:
    """The band chart of one use's electricity (services or households), published derived figures as points."""
    return common.model_figure(
        ens,
        lambda r: r.demand[use],
        level,
        key="buildings.use",
        quantity="twh",
        words={"use": parts_label(use, lang), "driver": M(f"buildings.use.driver.{use}", lang)},
        filename=f"electricity_{use}",
        points=published_use(use, lang),
        grades=["official_point", "derived", "assumption"],
        lang=lang,
    )


def parts_label(use: str, lang: str) -> str:
    """An electricity use's label (data/parts.yml) in the page's language."""
    return parts.uses()[use].label(lang)


def fuel_figure(ens, level: float, lang: str = "en") -> charts.Figure:
    """The band chart of the CO2 of the fuel burnt in buildings (gas, LPG)."""
    return common.model_figure(
        ens,
        lambda r: r.parts["buildings"],
        level,
        key="buildings.fuel",
        quantity="co2",
        filename="building_fuel",
        lang=lang,
    )


def green_building_figure(lang: str = "en") -> charts.Figure:
    """Points of the published green-building floor area."""
    key = "buildings.green"
    df = green_buildings(lang)
    items = (M(f"{key}.alt_item", lang, value=v, year=y) for y, v in zip(df["year"], df["value"], strict=False))
    return charts.Figure(
        charts.history_chart(
            df[["year", "value", "series"]],
            title_text=M(f"{key}.title", lang),
            units=M(f"{key}.units", lang),
            y_title=M(f"{key}.y_title", lang),
            units_label=M("common.unit.units", lang),
            lang=lang,
        ),
        alt_text=M(f"{key}.alt", lang, items=messages.join(items, lang)),
        source=messages.source_note(["official_points", "press"], ["official_point"], M(f"{key}.note", lang), lang),
        data=df,
        filename="green_buildings",
        **messages.figure_csv(lang),
    )
