"""The transport chapter's charts: the fleet model against the observed figures and the plan's targets, each
transport part's CO2 and the electricity of electric vehicles, per scenario, in the page's language."""

from __future__ import annotations

import pandas as pd

from carbonpeak import charts
from carbonpeak.model import base, runs, scoring
from carbonpeak.pages import common, messages
from carbonpeak.targets import load_targets

M = messages.text

FLEET_SOURCES = ["official_points", "literature", "press"]
# the d3 format of a chart's CO2 and electricity: Mt and TWh to 0.1, 万吨 and 亿千瓦时 whole (the same precision)


def nev_checks(lang: str = "en") -> pd.DataFrame:
    """Observed NEV stock figures at their year-end-equivalent time: checks of the fleet model, never fitted."""
    df = base.nev_stock_checks()
    return pd.DataFrame({"year": df["t"], "value": df["value"], "series": M("transport.series.nev_checks", lang)})


def nev_targets(lang: str = "en") -> pd.DataFrame:
    """The plan's NEV stock targets (R08, R12) at the end of their years."""
    reg = load_targets().set_index("id").loc[list(scoring.NEV_STOCK_TARGETS)]
    return pd.DataFrame(
        {
            "year": reg["target_year"].astype(int).to_numpy(),
            "value": reg["target_value"].to_numpy(),
            "series": M("transport.series.nev_targets", lang),
        }
    )


def stock_points(lang: str = "en") -> pd.DataFrame:
    """The observed vehicle stock figures the stock path runs through (year-end-equivalent times)."""
    _, obs = _calibration()
    return pd.DataFrame(
        {
            "year": list(obs.vehicle_stock),
            "value": list(obs.vehicle_stock.values()),
            "series": M("transport.series.stock", lang),
        }
    )


def share_points(lang: str = "en") -> pd.DataFrame:
    """The observed NEV shares of new registrations the logistic curve is fitted to, at the years it is fitted at."""
    _, obs = _calibration()
    return pd.DataFrame(
        {
            "year": list(obs.nev_share_years),
            "value": list(obs.nev_shares),
            "series": M("transport.series.share", lang),
        }
    )


def _calibration():
    return runs.calibration()


def fleet_figure(ens, what: str, level: float, lang: str = "en") -> charts.Figure:
    """NEVs in use, all vehicles, sales or the NEV share of sales, per scenario, with the observed figures."""
    points = {
        "nev": lambda: pd.concat([nev_checks(lang), nev_targets(lang)], ignore_index=True),
        "total": lambda: stock_points(lang),
        "sales": lambda: None,
        "nev_share_of_sales": lambda: share_points(lang),
    }[what]()
    key = f"transport.fleet.{what}"
    label = M(f"{key}.label", lang)
    share = what == "nev_share_of_sales"
    return common.model_figure(
        ens,
        lambda r: getattr(r.fleet, what),
        level,
        title_text=M(f"{key}.title", lang),
        units=M(f"{key}.units", lang),
        y_title=label,
        subject=label,
        filename=f"fleet_{what}",
        points=points,
        sources=FLEET_SOURCES + ["plan"],
        grades=["official_point", "derived", "assumption"],
        value_format=".1%" if share else ",.0f",
        axis_format="%" if share else None,
        note=M("transport.fleet.note", lang),
        lang=lang,
    )


def part_figure(ens, part: str, level: float, lang: str = "en", note: str = "") -> charts.Figure:
    """The band chart of one transport part's CO2 (Mt in English, 万吨 in Chinese)."""
    slug = part.replace(": ", "_").replace(" ", "_")
    return common.model_figure(
        ens,
        lambda r: r.parts[part],
        level,
        key="transport.part",
        quantity="co2",
        words={"part": messages.label("part", part, lang)},
        filename=f"transport_{slug}",
        note=note,
        lang=lang,
    )


def ev_figure(ens, level: float, lang: str = "en") -> charts.Figure:
    """The band chart of the electricity electric vehicles use (TWh in English, 亿千瓦时 in Chinese)."""
    return common.model_figure(
        ens,
        lambda r: r.demand["electric vehicles"],
        level,
        key="transport.ev",
        quantity="twh",
        filename="ev_electricity",
        lang=lang,
    )
