"""The transport chapter's tables: the point figures, the fleet and the CO2 in the shown years, the NEV checks, the
build-out targets' pace and the observed figures against the targets, in the page's language."""

from __future__ import annotations

import pandas as pd

from carbonpeak.data import point
from carbonpeak.inputs import parts
from carbonpeak.model import base
from carbonpeak.pages import common, messages
from carbonpeak.pages import model as model_page
from carbonpeak.pages.tables import Table
from carbonpeak.targets import trends

M = messages.text

ROAD_PARTS = parts.of_sector("transport")
# how a table shows vehicles (scale, decimals: millions in English, 万辆 in Chinese) and CO2 (decimals of Mt in
# English, 万吨 to the ten in Chinese: the same precision)
VEHICLES = {"en": (1e-6, 2), "zh": (1e-4, 0)}
CO2_DIGITS = {"en": 1, "zh": -1}


TRANSPORT_VARIABLES = (
    "nev_",
    "motor_vehicle",
    "chargers",
    "fast_chargers",
    "rail_",
    "electric_buses",
    "taxis",
    "port_",
)


def transport_points(lang: str = "en") -> Table:
    """The point figures on vehicles, charging, rail and the port."""
    return common.points_table(TRANSPORT_VARIABLES, lang, "transport.points")


def fleet_table(ens, years, level: float, lang: str = "en") -> Table:
    """The fleet in the shown years: NEVs, all vehicles, the NEV share of new vehicles."""
    scale, digits = VEHICLES[lang]
    return common.years_table(
        [
            (M("transport.table.nev", lang), lambda r: r.fleet.nev, digits, scale),
            (M("transport.table.total", lang), lambda r: r.fleet.total, digits, scale),
            (M("transport.table.share", lang), lambda r: r.fleet.nev_share_of_sales, 0, 100.0),
        ],
        ens,
        years,
        level,
        lang,
    )


def fleet_checks(result) -> pd.DataFrame:
    """The observed NEV stock figures against the fleet model (pages.model.nev_checks), those inside the
    run's years only (a check after the horizon has nothing to compare with)."""
    times = base.nev_stock_checks()["t"]
    times = times[times >= result.years[0]].to_numpy()
    return model_page.nev_checks(result)[times <= result.years[-1]].reset_index(drop=True)


def nev_check_table(ens, lang: str = "en") -> Table:
    """The observed NEV stock figures against the first scenario's fleet model, marked inside its band or not."""
    name, result = next(iter(ens))
    key = "transport.checks"
    checks = fleet_checks(result)

    def figure(text: str) -> str:  # 'nev_stock 2022' in the page's language
        variable, year = text.rsplit(" ", 1)
        return M(f"{key}.figure_text", lang, figure=M(f"transport.points.figure.{variable}", lang), year=year)

    df = common.headed(
        key,
        lang,
        {
            "figure": checks["figure"].map(figure),
            "observed": checks["observed"],
            "median": checks["model median"],
            "band": checks["model 80 % band"],
            "inside": checks["inside"].map(lambda x: M(f"{key}.{'yes' if x else 'no'}", lang)),
        },
    )
    return Table(df, caption=M(f"{key}.caption", lang, scenario=messages.label("scenario", name, lang)))


def co2_table(ens, years, level: float, lang: str = "en") -> Table:
    """The CO2 of cars, road freight and other transport in ``years``, per scenario."""
    return common.years_table(
        [
            (
                M("transport.table.co2", lang, part=messages.label("part", part, lang)),
                lambda r, p=part: r.parts[p],
                CO2_DIGITS[lang],
                messages.co2(1.0, lang),
            )
            for part in ROAD_PARTS
        ],
        ens,
        years,
        level,
        lang,
    )


def build_out_table(lang: str = "en") -> Table:
    """The build-out targets' pace: first and last figure, the pace a year, and the year-end it is carried to."""
    key = "transport.build_out"
    rows = {name: [] for name in ("target", "first", "last", "pace", "carried", "basis")}
    for tid, variable, figs, target_t, _ in trends.BUILD_OUT:
        (y0, t0), (y1, t1) = figs
        v0, v1 = point(variable, y0), point(variable, y1)
        for name, value in (
            ("target", tid),
            ("first", M(f"{key}.figure", lang, value=f"{v0:,.0f}", year=y0)),
            ("last", M(f"{key}.figure", lang, value=f"{v1:,.0f}", year=y1)),
            ("pace", f"{(v1 - v0) / (t1 - t0):,.0f}"),
            ("carried", f"{target_t - 1:.0f}"),
            ("basis", messages.label("target_basis", tid, lang)),
        ):
            rows[name].append(value)
    return Table(common.headed(key, lang, rows))


def progress_table(lang: str = "en") -> Table:
    """Observed figures against the transport targets, with their definitions."""
    key = "transport.progress"
    values = {
        "R07": point("nev_share_of_new_cars", 2024),
        "R08": point("nev_stock", 2024),
        "R02": point("rail_length", 2025),
        "R13": point("chargers", 2024),
    }
    columns = ("target", "indicator", "value", "when", "note")
    rows = {c: [M(f"{key}.{tid}.{c}", lang, value=v) for tid, v in values.items()] for c in columns}
    return Table(common.headed(key, lang, rows))
