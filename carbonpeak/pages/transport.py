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
from carbonpeak.pages import common
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


def opening() -> Markdown:
    """The chapter's opening, with the plan's transport targets as the registry states them."""
    nev25, nev30, rail25, rail30, chargers = (target(t) for t in ("R08", "R12", "R02", "R05", "R13"))
    chargers_text = f"{chargers['target_value']:,.0f}".replace(",", " ")  # 600 000
    return Markdown(
        "Electrification is the plan's main transport lever: buses and taxis are already fully electric, and the\n"
        f"plan asks for about {nev25['target_value'] / 1e6:g} million new-energy vehicles (NEVs) by "
        f"{nev25['target_year']} and {nev30['target_value'] / 1e6:g} million by {nev30['target_year']}, "
        f"{rail25['target_value']:g} km of urban\nrail by {rail25['target_year']} and {rail30['target_value']:g} km by "
        f"{rail30['target_year']}, and {chargers_text} charging facilities by "
        f"{chargers['target_year']}. This chapter shows transport's\n"
        "part of the city model (see “The city model”): a vehicle stock that turns over, road and other transport\n"
        "CO2, and the electricity of electric vehicles, from the same run as the synthesis."
    )


def transport_points() -> Table:
    """The point figures on vehicles, charging, rail and the port."""
    return common.points_table(TRANSPORT_VARIABLES)


# The fleet ---------------------------------------------------------------------------------------------


def nev_checks() -> pd.DataFrame:
    """Observed NEV stock figures at their year-end-equivalent time: checks of the fleet model, never fitted."""
    df = base.nev_stock_checks()
    return pd.DataFrame({"year": df["t"], "value": df["value"], "series": "observed NEV stock (a check, not fitted)"})


def nev_targets() -> pd.DataFrame:
    """The plan's NEV stock targets (R08, R12) at the end of their years."""
    reg = load_targets().set_index("id").loc[list(scoring.NEV_STOCK_TARGETS)]
    return pd.DataFrame(
        {
            "year": reg["target_year"].astype(int).to_numpy(),
            "value": reg["target_value"].to_numpy(),
            "series": "plan target (R08, R12)",
        }
    )


def stock_points() -> pd.DataFrame:
    """The observed vehicle stock figures the stock path runs through (year-end-equivalent times)."""
    _, obs = _calibration()
    return pd.DataFrame(
        {
            "year": list(obs.vehicle_stock),
            "value": list(obs.vehicle_stock.values()),
            "series": "observed vehicle stock (the path runs through it)",
        }
    )


def share_points() -> pd.DataFrame:
    """The observed NEV shares of new registrations the logistic curve is fitted to, at the years it is fitted at."""
    _, obs = _calibration()
    return pd.DataFrame(
        {
            "year": list(obs.nev_share_years),
            "value": list(obs.nev_shares),
            "series": "observed NEV share of new cars (fitted)",
        }
    )


def _calibration():
    return runs.calibration()


def fleet_figure(ens, what: str, level: float) -> charts.Figure:
    """NEVs in use, all vehicles, sales or the NEV share of sales, per scenario, with the observed figures."""
    spec = {
        "nev": (
            "NEVs in use at year end",
            "vehicles",
            pd.concat([nev_checks(), nev_targets()], ignore_index=True),
            "NEV stock: the fleet model against the observed counts and the plan's targets",
        ),
        "total": ("vehicles in use at year end", "vehicles", stock_points(), "The vehicle stock path"),
        "sales": ("new vehicles a year", "vehicles per year", None, "New vehicles (sales) in the fleet model"),
        "nev_share_of_sales": (
            "NEV share of new vehicles",
            "share of new vehicles",
            share_points(),
            "NEV share of new vehicles: the fitted S-curve per scenario",
        ),
    }[what]
    label, units, points, title_text = spec
    share = what == "nev_share_of_sales"
    return common.model_figure(
        ens,
        lambda r: getattr(r.fleet, what),
        level,
        title_text=title_text,
        units=units,
        y_title=label,
        subject=label,
        filename=f"fleet_{what}",
        points=points,
        sources=FLEET_SOURCES + ["plan"],
        grades=["official_point", "derived", "assumption"],
        value_format=".1%" if share else ",.0f",
        axis_format="%" if share else None,
        note="Survival-based turnover (Weibull), sales fill the gap to the stock path, NEV share of sales logistic "
        "(ceiling drawn) fitted to the observed shares; times are year-end equivalents (mid-2024 = 2023.5).",
    )


def fleet_table(ens, years, level: float) -> Table:
    """The fleet in the shown years: NEVs, all vehicles, the NEV share of new vehicles."""
    return common.years_table(
        [
            ("NEVs in use (million)", lambda r: r.fleet.nev, 2, 1e-6),
            ("vehicles in use (million)", lambda r: r.fleet.total, 2, 1e-6),
            ("NEV share of new vehicles (%)", lambda r: r.fleet.nev_share_of_sales, 0, 100.0),
        ],
        ens,
        years,
        level,
    )


def fleet_checks(result) -> pd.DataFrame:
    """The observed NEV stock figures against the fleet model (pages.model.nev_checks), those inside the
    run's years only (a check after the horizon has nothing to compare with)."""
    times = base.nev_stock_checks()["t"]
    times = times[times >= result.years[0]].to_numpy()
    return model_page.nev_checks(result)[times <= result.years[-1]].reset_index(drop=True)


def nev_check_table(ens) -> Table:
    """The observed NEV stock figures against the first scenario's fleet model, marked inside its band or not."""
    name, result = next(iter(ens))
    return Table(
        fleet_checks(result).assign(inside=lambda d: d["inside"].map({True: "yes", False: "no"})),
        caption=f"{name} scenario; the figures were not used to fit the model",
    )


# CO2 and electricity -----------------------------------------------------------------------------------


def part_figure(ens, part: str, level: float, note: str = "") -> charts.Figure:
    """The band chart of one transport part's CO2."""
    slug = part.replace(": ", "_").replace(" ", "_")
    return common.model_figure(
        ens,
        lambda r: r.parts[part],
        level,
        title_text=f"CO2 of {part} by scenario",
        units="Mt CO2 per year",
        y_title="Mt CO2",
        subject=f"CO2 of {part}",
        filename=f"transport_{slug}",
        note=note,
    )


def ev_figure(ens, level: float) -> charts.Figure:
    """The band chart of the electricity electric vehicles use."""
    return common.model_figure(
        ens,
        lambda r: r.demand["electric vehicles"],
        level,
        title_text="Electricity used by electric vehicles",
        units="TWh per year",
        y_title="TWh",
        subject="Electric vehicles' electricity",
        filename="ev_electricity",
        note="Buses and taxis at their base level; private NEVs x electricity per vehicle (plug-in "
        "hybrids partly on fuel). Counted on the territorial boundary only where generated in the city.",
    )


def co2_table(ens, years, level: float) -> Table:
    """The CO2 of cars, road freight and other transport in ``years``, per scenario."""
    return common.years_table(
        [(f"{part} (Mt CO2)", lambda r, p=part: r.parts[p], 1, 1.0) for part in ROAD_PARTS], ens, years, level
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


def build_out_table() -> Table:
    """The build-out targets' pace: first and last figure, the pace a year, and the year-end it is carried to."""
    rows = []
    for tid, variable, figs, target_t, basis in trends.BUILD_OUT:
        (y0, t0), (y1, t1) = figs
        v0, v1 = point(variable, y0), point(variable, y1)
        rows.append(
            {
                "target": tid,
                "first figure": f"{v0:,.0f} ({y0})",
                "last figure": f"{v1:,.0f} ({y1})",
                "pace a year": f"{(v1 - v0) / (t1 - t0):,.0f}",
                "carried to (year-end equivalent)": f"{target_t - 1:.0f}",
                "basis": basis,
            }
        )
    return Table(pd.DataFrame(rows))


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


def key_findings(ens, board: pd.DataFrame) -> KeyFindings:
    """What the chapter finds, in its own numbers: the NEV fleet against the observed counts and the plan's targets,
    road CO2, electric vehicles' electricity and the build-out."""
    n = key_numbers(ens)
    names = list(ens.results)
    year = common.key_year(ens.horizon_end)

    each = common.numbers_by_scenario(n, names)
    b = board.set_index("id")
    first = names[0]
    checks = fleet_checks(ens.results[first])
    bullets = [
        "**NEVs.** The fleet model has "
        f"{each('{s}/fleet/nev/' + str(year) + '/median_vehicles', 'million', 1e-6, '.2f')} NEVs in use at the end of "
        f"{year}; {int(checks['inside'].sum())} of {len(checks)} observed NEV counts fall inside its 80 % band "
        f"({first}), though none was used to fit it.",
        "**The plan's NEV targets** ("
        + ", ".join(
            f"{b.at[t, 'target_value'] / 1e6:g} million by {b.at[t, 'target_year']}"
            for t in scoring.NEV_STOCK_TARGETS
            if t in b.index
        )
        + ") are "
        + " and ".join(f"{b.at[t, 'status']} ({tid_prob(b, t)})" for t in scoring.NEV_STOCK_TARGETS if t in b.index)
        + " in the baseline.",
        f"**Road CO2 in {year}.** Cars: {each('{s}/part/road_cars/' + str(year) + '/median_mt', 'Mt')}; freight and "
        f"other road: {each('{s}/part/road_freight_and_other/' + str(year) + '/median_mt', 'Mt')}; other transport "
        f"(aviation, water, storage): {each('{s}/part/other_transport/' + str(year) + '/median_mt', 'Mt')}.",
        f"**Electric vehicles** use {each('{s}/demand/electric_vehicles/' + str(year) + '/median_twh', 'TWh')} in "
        f"{year}: the CO2 of that electricity moves to the power plants and the imports.",
    ]
    build = [t for t in ("R02", "R05", "R13") if t in b.index]
    bullets.append(
        "**Build-out.** "
        + "; ".join(
            f"{t} ({b.at[t, 'indicator'].lower()}, {b.at[t, 'target_year']}): {b.at[t, 'status']}" for t in build
        )
        + "."
    )
    return KeyFindings(bullets, n)


def tid_prob(board: pd.DataFrame, tid: str) -> str:
    """A target's probability on the board in words: the share of draws that meet it, or 'no projection'."""
    p = board.at[tid, "probability"]
    return "no projection" if p is None or pd.isna(p) else f"{probability(p)} of draws"


def progress_table() -> Table:
    """Observed figures against the transport targets, with their definitions."""
    rows = [
        (
            "R07 new-energy share of new vehicles, about 60 % by 2025",
            "NEV share of new cars",
            f"{point('nev_share_of_new_cars', 2024):g} %",
            "2024 (January-October)",
            "new cars only; the plan also counts clean-energy (LNG) vehicles",
        ),
        (
            "R08 NEV stock about 1.3 million by 2025",
            "NEVs in use",
            f"{point('nev_stock', 2024):,.0f}",
            "2024 (October)",
            "",
        ),
        (
            "R02 urban rail 640 km by 2025",
            "metro length",
            f"more than {point('rail_length', 2025):,.0f} km",
            "end of 2025",
            "metro only; the plan's urban rail also counts trams",
        ),
        (
            "R13 600 000 charging facilities by 2025",
            "charging facilities",
            f"more than {point('chargers', 2024):,.0f}",
            "2024 (October)",
            "the 2023 figure counts piles",
        ),
    ]
    return Table(pd.DataFrame(rows, columns=["target", "observed indicator", "value", "when", "definition note"]))
