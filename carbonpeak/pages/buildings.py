"""The buildings chapter: services' and households' electricity, the fuel burnt in buildings (gas and LPG,
no vehicle fuel) and the buildings' footprint on a consumption view, all from one run of the city model
(carbonpeak.model); the green-building record; the targets scored from the pace of their own figures."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak import charts, data
from carbonpeak.data import point
from carbonpeak.data.provenance import grade_label
from carbonpeak.pages import common
from carbonpeak.pages.findings import KeyFindings, city_numbers, demand_numbers, part_numbers
from carbonpeak.pages.tables import Table, percent
from carbonpeak.targets import board_for, trends

USES = ("services", "households")
PUBLISHED_SHARES = {"services": "electricity_share_tertiary", "households": "electricity_share_residential"}
SHARE_YEARS = (2020, 2023)


def published_use(use: str) -> pd.DataFrame:
    """The published share of electricity use x the published total (TWh), in the years both exist: derived.
    The tertiary share includes the public charging of electric vehicles, which the model counts apart."""
    label = {
        "services": "tertiary share x total (published; includes vehicle charging)",
        "households": "residential share x total (published)",
    }[use]
    rows = [
        {
            "year": y,
            "value": point(PUBLISHED_SHARES[use], y) / 100 * point("electricity_consumption", y),
            "series": label,
        }
        for y in SHARE_YEARS
    ]
    return pd.DataFrame(rows)


def use_figure(ens, use: str, level: float) -> charts.Figure:
    """The band chart of one use's electricity (services or households), published derived figures as points."""
    driver = "services value added" if use == "services" else "population"
    return common.model_figure(
        ens,
        lambda r: r.demand[use],
        level,
        title_text=f"Electricity used by {use}",
        units="TWh per year",
        y_title="TWh",
        subject=f"Electricity of {use}",
        filename=f"electricity_{use}",
        points=published_use(use),
        grades=["official_point", "derived", "assumption"],
        note=f"Grows with {driver} and an intensity path; scaled to the observed totals 2020-2024.",
    )


def services_check(ens) -> str:
    """The model's services and vehicle charging against the published tertiary figure, in the latest year
    with a published split that the run reaches."""
    name, r = next(iter(ens))
    shown = [y for y in SHARE_YEARS if y in set(r.years)]
    if not shown:
        return ""
    year = shown[-1]
    j = int(np.nonzero(r.years == year)[0][0])
    ser = float(np.median(r.demand["services"][:, j]))
    ev = float(np.median(r.demand["electric vehicles"][:, j]))
    pub = float(published_use("services").set_index("year").at[year, "value"])
    return (
        f"In {year} the published tertiary share gives {pub:.1f} TWh; the model's services use {ser:.1f} TWh and its "
        f"electric vehicles {ev:.1f} TWh ({name}, medians). The published tertiary figure includes the public charging "
        "of electric vehicles, which the model counts with the vehicles."
    )


def fuel_figure(ens, level: float) -> charts.Figure:
    """The band chart of the CO2 of the fuel burnt in buildings (gas, LPG)."""
    return common.model_figure(
        ens,
        lambda r: r.parts["buildings"],
        level,
        title_text="CO2 of fuel burnt in buildings (gas, LPG)",
        units="Mt CO2 per year",
        y_title="Mt CO2",
        subject="Direct building CO2",
        filename="building_fuel",
        note="Guangdong's residential and commercial rows without their gasoline and diesel (vehicles), "
        "scaled for Shenzhen; grows with population and an electrification path.",
    )


def paths_table(ens, years, level: float) -> Table:
    """Services' and households' electricity and building fuel CO2 in ``years``, per scenario."""
    return common.years_table(
        [
            ("services' electricity (TWh)", lambda r: r.demand["services"], 1, 1.0),
            ("households' electricity (TWh)", lambda r: r.demand["households"], 1, 1.0),
            ("building fuel CO2 (Mt)", lambda r: r.parts["buildings"], 2, 1.0),
        ],
        ens,
        years,
        level,
    )


def footprint(result) -> dict[str, np.ndarray]:
    """Buildings' CO2 (Mt, draws x years): the fuel they burn (territorial) and their electricity at the
    city's average supply factor (a consumption view: power-plant and import CO2 moved to their users)."""
    return {
        "fuel burnt in buildings": result.parts["buildings"],
        "electricity at the average supply factor": common.attributed_electricity_co2(result, USES),
    }


def footprint_table(ens, year: int) -> Table:
    """Buildings' CO2 in ``year`` (medians): fuel, electricity, electricity's share, fuel's share of the city total."""
    rows = []
    for name, r in ens:
        j = int(np.nonzero(r.years == year)[0][0])
        f = {k: v[:, j] for k, v in footprint(r).items()}
        total = sum(f.values())
        rows.append(
            {
                "scenario": name,
                **{f"{k} (Mt CO2)": f"{np.median(v):.1f}" for k, v in f.items()},
                "electricity's share": percent()(
                    float(np.median(f["electricity at the average supply factor"] / total))
                ),
                "territorial share of the city total": percent(1)(
                    float(np.median(f["fuel burnt in buildings"] / r.territorial[:, j]))
                ),
            }
        )
    return Table(pd.DataFrame(rows), caption=f"Medians in {year}")


def green_buildings() -> pd.DataFrame:
    """The published green-building floor area by year (million m2): what each figure counts, source, grade."""
    pts = data.points()
    df = pts[pts["variable"] == "green_building_area"][["year", "value", "unit", "source", "grade"]]
    return df.assign(year=df["year"].astype(int), series="green-building floor area").reset_index(drop=True)


def green_building_figure() -> charts.Figure:
    """Points of the published green-building floor area."""
    df = green_buildings()
    return charts.Figure(
        charts.history_chart(
            df[["year", "value", "series"]],
            title_text="Green-building floor area",
            units="million m2 (labelled, cumulative)",
            y_title="million m2",
        ),
        alt_text="Points of Shenzhen's green-building floor area: "
        + ", ".join(f"{v:g} million m2 in {y}" for y, v in zip(df["year"], df["value"], strict=False))
        + ".",
        source=charts.source_note(
            ["official_points", "press"],
            ["official_point"],
            "2012 counts projects built and under construction; later figures are 'more than'.",
        ),
        data=df,
        filename="green_buildings",
    )


def green_table() -> Table:
    """The green-building record for reading: floor area, what each figure counts, source and grade."""
    df = green_buildings()
    return Table(
        pd.DataFrame(
            {
                "year": df["year"],
                "floor area (million m2)": df["value"].map(lambda v: f"{v:g}"),
                "what the figure counts": df["unit"],
                "source": df["source"],
                "grade": df["grade"].map(grade_label),
            }
        )
    )


def scorecard() -> pd.DataFrame:
    """The building targets, scored where their own figures give a pace (target_trends)."""
    return board_for(trends.projections(), sectors=("buildings",))


def key_numbers(ens) -> dict:
    """The numbers the Key findings rest on: city totals, building fuel CO2 and both uses' electricity, key years."""
    years = common.key_years(ens.horizon_end)
    return {**city_numbers(ens, years), **part_numbers(ens, ["buildings"], years), **demand_numbers(ens, USES, years)}


def key_findings(ens) -> KeyFindings:
    """What the chapter finds, in its own numbers: the two uses' electricity, the fuel burnt in buildings, what the
    boundary does, and the city totals."""
    n = key_numbers(ens)
    names = list(ens.results)
    year = common.key_year(ens.horizon_end)

    each = common.numbers_by_scenario(n, names)
    first = names[0]
    r = ens.results[first]
    j = int(np.nonzero(r.years == year)[0][0])
    f = {k: float(np.median(v[:, j])) for k, v in footprint(r).items()}
    bullets = [
        f"**Electricity in {year}.** Services use {each('{s}/demand/services/' + str(year) + '/median_twh', 'TWh')}; "
        f"households {each('{s}/demand/households/' + str(year) + '/median_twh', 'TWh')}.",
        f"**Fuel burnt in buildings in {year}** (gas and LPG, the only building CO2 on the territorial boundary): "
        f"{each('{s}/part/buildings/' + str(year) + '/median_mt', 'Mt')}.",
        f"**The boundary decides.** Counted at the city's average supply factor, the buildings' electricity carries "
        f"{f['electricity at the average supply factor']:.1f} Mt in {year} ({first}), against "
        f"{f['fuel burnt in buildings']:.1f} Mt of fuel: territorially, buildings look small.",
        f"**City totals in {year} (median).** Territorial: "
        f"{each('{s}/territorial/' + str(year) + '/median_mt', 'Mt')}; with imported electricity: "
        f"{each('{s}/with_imports/' + str(year) + '/median_mt', 'Mt')}.",
    ]
    return KeyFindings(bullets, n)
