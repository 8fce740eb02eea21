"""The transport chapter: the fleet model (stock, NEVs, sales, the NEV share of sales) against the observed
figures, road and other transport CO2 and the electricity of electric vehicles per scenario, all from one run
of the city model (carbonpeak.model); the NEV stock targets (R08, R12) are scored from the fleet model's
draws (carbonpeak.model.scoring), rail and chargers from the pace of their own figures (registered here)."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from carbonpeak import charts
from carbonpeak.data import point
from carbonpeak.formats import probability
from carbonpeak.inputs import parts
from carbonpeak.model import base, runs, scoring
from carbonpeak.pages import common, messages
from carbonpeak.pages import model as model_page
from carbonpeak.pages.findings import (
    VEHICLE_ROUNDING,
    KeyFindings,
    city_numbers,
    demand_numbers,
    median_numbers,
    part_numbers,
)
from carbonpeak.pages.tables import Table
from carbonpeak.targets import board_for, load_targets, target, trends

ROAD_PARTS = parts.of_sector("transport")
FLEET_SOURCES = ["official_points", "literature", "press"]
M = messages.text
# how a table shows vehicles (scale, decimals: millions in English, 万辆 in Chinese) and CO2 (decimals of Mt in
# English, 万吨 to the ten in Chinese: the same precision); the d3 formats of CO2 and electricity in charts
VEHICLES = {"en": (1e-6, 2), "zh": (1e-4, 0)}
CO2_DIGITS = {"en": 1, "zh": -1}
CHART_FORMAT = {"en": ",.1f", "zh": ",.0f"}


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


def opening(lang: str = "en") -> Markdown:
    """The chapter's opening, with the plan's transport targets as the registry states them."""
    nev25, nev30, rail25, rail30, chargers = (target(t) for t in ("R08", "R12", "R02", "R05", "R13"))
    return Markdown(
        M(
            "transport.opening",
            lang,
            nev25=nev25["target_value"] / 1e6,
            nev25_wan=nev25["target_value"] / 1e4,
            nev25_year=nev25["target_year"],
            nev30=nev30["target_value"] / 1e6,
            nev30_wan=nev30["target_value"] / 1e4,
            nev30_year=nev30["target_year"],
            rail25=rail25["target_value"],
            rail25_year=rail25["target_year"],
            rail30=rail30["target_value"],
            rail30_year=rail30["target_year"],
            chargers=f"{chargers['target_value']:,.0f}".replace(",", " "),  # 600 000
            chargers_wan=chargers["target_value"] / 1e4,
            chargers_year=chargers["target_year"],
        )
    )


def transport_points(lang: str = "en") -> Table:
    """The point figures on vehicles, charging, rail and the port."""
    return common.points_table(TRANSPORT_VARIABLES, lang, "transport.points")


# The fleet ---------------------------------------------------------------------------------------------


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


# CO2 and electricity -----------------------------------------------------------------------------------


def part_figure(ens, part: str, level: float, lang: str = "en", note: str = "") -> charts.Figure:
    """The band chart of one transport part's CO2 (Mt in English, 万吨 in Chinese)."""
    slug = part.replace(": ", "_").replace(" ", "_")
    name = messages.label("part", part, lang)
    return common.model_figure(
        ens,
        lambda r: messages.co2(r.parts[part], lang),
        level,
        title_text=M("transport.part.title", lang, part=name),
        units=M("transport.part.units", lang),
        y_title=M("transport.part.y_title", lang),
        subject=M("transport.part.subject", lang, part=name),
        filename=f"transport_{slug}",
        note=note,
        value_format=CHART_FORMAT[lang],
        lang=lang,
    )


def ev_figure(ens, level: float, lang: str = "en") -> charts.Figure:
    """The band chart of the electricity electric vehicles use (TWh in English, 亿千瓦时 in Chinese)."""
    return common.model_figure(
        ens,
        lambda r: messages.electricity(r.demand["electric vehicles"], lang),
        level,
        title_text=M("transport.ev.title", lang),
        units=M("transport.ev.units", lang),
        y_title=M("transport.ev.y_title", lang),
        subject=M("transport.ev.subject", lang),
        filename="ev_electricity",
        note=M("transport.ev.note", lang),
        value_format=CHART_FORMAT[lang],
        lang=lang,
    )


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


# Targets -----------------------------------------------------------------------------------------------


def scorecard(ens, spread: float | None = None) -> pd.DataFrame:
    """The transport targets: R08 and R12 from the run's baseline fleet, R07 and R11 from the pace of the
    NEV share (target_trends), rail and chargers from their pace, the rest 'no projection yet'."""
    baseline = common.model_baseline(ens, max(scoring.NEV_STOCK_TARGETS.values()))
    nev = {tid: scoring.nev_stock(baseline, year) for tid, year in scoring.NEV_STOCK_TARGETS.items()}
    return board_for(
        {**trends.projections("transport"), **trends.build_out_draws(spread), **nev}, sectors=("transport",)
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


def key_numbers(ens) -> dict:
    """The numbers the Key findings rest on: city totals, transport CO2 and the fleet in the key years; electric
    vehicles' electricity in the key year."""
    fleet = {"nev": lambda r: r.fleet.nev, "total": lambda r: r.fleet.total}
    years = common.key_years(ens.horizon_end)
    return {
        **city_numbers(ens, years),
        **part_numbers(ens, ROAD_PARTS, years),
        **demand_numbers(ens, ["electric vehicles"], (common.key_year(ens.horizon_end),)),
        **median_numbers(ens, "fleet", fleet, years, "vehicles", VEHICLE_ROUNDING),
    }


def key_findings(ens, board: pd.DataFrame, lang: str = "en") -> KeyFindings:
    """What the chapter finds, in its own numbers: the NEV fleet against the observed counts and the plan's targets,
    road CO2, electric vehicles' electricity and the build-out."""
    n = key_numbers(ens)
    names = list(ens.results)
    year = common.key_year(ens.horizon_end)
    key = "transport.finding"

    each = common.numbers_by_scenario(n, names, lang)
    b = board.set_index("id")
    first = names[0]
    checks = fleet_checks(ens.results[first])
    vehicles, digits = VEHICLES[lang]
    nev_ids = [t for t in scoring.NEV_STOCK_TARGETS if t in b.index]

    def part(slug: str) -> str:
        return each("{s}/part/" + slug + "/" + str(year) + "/median_mt", M(f"{key}.mt", lang), messages.co2(1, lang))

    bullets = [
        M(
            f"{key}.nevs",
            lang,
            each=each(
                "{s}/fleet/nev/" + str(year) + "/median_vehicles",
                M(f"{key}.million", lang),
                vehicles,
                f".{digits}f",
            ),
            year=year,
            inside=int(checks["inside"].sum()),
            checks=len(checks),
            scenario=messages.label("scenario", first, lang),
        ),
        M(
            f"{key}.nev_targets",
            lang,
            targets=messages.join(
                (
                    M(f"{key}.nev_target", lang, value=b.at[t, "target_value"] * vehicles, year=b.at[t, "target_year"])
                    for t in nev_ids
                ),
                lang,
            ),
            statuses=M(f"{key}.and", lang).join(
                M(
                    f"{key}.nev_status",
                    lang,
                    status=messages.label("status", b.at[t, "status"], lang),
                    probability=tid_prob(b, t, lang),
                )
                for t in nev_ids
            ),
        ),
        M(
            f"{key}.road",
            lang,
            year=year,
            cars=part("road_cars"),
            freight=part("road_freight_and_other"),
            other=part("other_transport"),
        ),
        M(
            f"{key}.ev",
            lang,
            each=each(
                "{s}/demand/electric_vehicles/" + str(year) + "/median_twh",
                M(f"{key}.twh", lang),
                messages.electricity(1, lang),
            ),
            year=year,
        ),
    ]
    build = [t for t in ("R02", "R05", "R13") if t in b.index]
    plan_words = load_targets().set_index("id")["indicator_zh"]
    bullets.append(
        M(
            f"{key}.build",
            lang,
            items=messages.join(
                (
                    M(
                        f"{key}.build_item",
                        lang,
                        tid=t,
                        indicator=M(
                            "common.scorecard.indicator_text",
                            lang,
                            en=b.at[t, "indicator"].lower(),
                            zh=plan_words[t],
                        ),
                        year=b.at[t, "target_year"],
                        status=messages.label("status", b.at[t, "status"], lang),
                    )
                    for t in build
                ),
                lang,
                "clause",
            ),
        )
    )
    return KeyFindings(bullets, n, label=M("common.findings.label", lang))


def tid_prob(board: pd.DataFrame, tid: str, lang: str = "en") -> str:
    """A target's probability on the board in words: the share of draws that meet it, or 'no projection'."""
    p = board.at[tid, "probability"]
    if p is None or pd.isna(p):
        return M("transport.finding.no_projection", lang)
    return M("transport.finding.of_draws", lang, probability=probability(p, lang))


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
