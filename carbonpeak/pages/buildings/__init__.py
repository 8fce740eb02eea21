"""The buildings chapter: services' and households' electricity, the fuel burnt in buildings (gas and LPG,
no vehicle fuel) and the buildings' footprint on a consumption view, all from one run of the city model
(carbonpeak.model); the green-building record; the targets scored from the pace of their own figures."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak import charts, data
from carbonpeak.data import point
from carbonpeak.inputs import parts
from carbonpeak.pages import common, messages
from carbonpeak.pages.findings import KeyFindings, city_numbers, demand_numbers, part_numbers
from carbonpeak.pages.tables import Table, percent
from carbonpeak.targets import board_for, trends

USES = ("services", "households")
PUBLISHED_SHARES = {"services": "electricity_share_tertiary", "households": "electricity_share_residential"}
SHARE_YEARS = (2020, 2023)
M = messages.text
# decimals of a table's electricity and building CO2 (TWh and Mt in English; 亿千瓦时 and 万吨 in Chinese, the
# same precision), of the footprint's Mt (万吨 to the ten), and the d3 format of a chart's values
DIGITS = {"en": {"twh": 1, "mt": 2, "footprint": 1}, "zh": {"twh": 0, "mt": 0, "footprint": -1}}
CHART_FORMAT = {"en": ",.1f", "zh": ",.0f"}
# million m2 in English, 万平方米 in Chinese
AREA_SCALE = {"en": 1, "zh": 100}
PERCENT_SPACE = {"en": True, "zh": False}  # '86 %' in English, '86%' in Chinese


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
    key = "buildings.use"
    name = parts_label(use, lang)
    return common.model_figure(
        ens,
        lambda r: messages.electricity(r.demand[use], lang),
        level,
        title_text=M(f"{key}.title", lang, use=name),
        units=M(f"{key}.units", lang),
        y_title=M(f"{key}.y_title", lang),
        subject=M(f"{key}.subject", lang, use=name),
        filename=f"electricity_{use}",
        points=published_use(use, lang),
        grades=["official_point", "derived", "assumption"],
        note=M(f"{key}.note", lang, driver=M(f"{key}.driver.{use}", lang)),
        value_format=CHART_FORMAT[lang],
        lang=lang,
    )


def parts_label(use: str, lang: str) -> str:
    """An electricity use's label (data/parts.yml) in the page's language."""
    return parts.uses()[use].label(lang)


def services_check(ens, lang: str = "en") -> str:
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
    return M(
        "buildings.services_check",
        lang,
        year=year,
        published=messages.electricity(pub, lang),
        services=messages.electricity(ser, lang),
        ev=messages.electricity(ev, lang),
        scenario=messages.label("scenario", name, lang),
    )


def fuel_figure(ens, level: float, lang: str = "en") -> charts.Figure:
    """The band chart of the CO2 of the fuel burnt in buildings (gas, LPG)."""
    key = "buildings.fuel"
    return common.model_figure(
        ens,
        lambda r: messages.co2(r.parts["buildings"], lang),
        level,
        title_text=M(f"{key}.title", lang),
        units=M(f"{key}.units", lang),
        y_title=M(f"{key}.y_title", lang),
        subject=M(f"{key}.subject", lang),
        filename="building_fuel",
        note=M(f"{key}.note", lang),
        value_format=CHART_FORMAT[lang],
        lang=lang,
    )


def paths_table(ens, years, level: float, lang: str = "en") -> Table:
    """Services' and households' electricity and building fuel CO2 in ``years``, per scenario."""
    digits, key = DIGITS[lang], "buildings.table"
    twh, mt = messages.electricity(1.0, lang), messages.co2(1.0, lang)
    return common.years_table(
        [
            (M(f"{key}.services", lang), lambda r: r.demand["services"], digits["twh"], twh),
            (M(f"{key}.households", lang), lambda r: r.demand["households"], digits["twh"], twh),
            (M(f"{key}.fuel", lang), lambda r: r.parts["buildings"], digits["mt"], mt),
        ],
        ens,
        years,
        level,
        lang,
    )


def footprint(result) -> dict[str, np.ndarray]:
    """Buildings' CO2 (Mt, draws x years): the fuel they burn (territorial) and their electricity at the
    city's average supply factor (a consumption view: power-plant and import CO2 moved to their users)."""
    return {
        "fuel": result.parts["buildings"],
        "electricity": common.attributed_electricity_co2(result, USES),
    }


def _mt(x: float, lang: str) -> str:
    """Mt to 0.1 in English, 万吨 to the ten in Chinese (the same precision)."""
    digits = DIGITS[lang]["footprint"]
    return f"{round(messages.co2(x, lang), digits):.{max(digits, 0)}f}"


def footprint_table(ens, year: int, lang: str = "en") -> Table:
    """Buildings' CO2 in ``year`` (medians): fuel, electricity, electricity's share, fuel's share of the city total."""
    key = "buildings.footprint"
    rows = []
    share, share1 = percent(space=PERCENT_SPACE[lang]), percent(1, space=PERCENT_SPACE[lang])
    for name, r in ens:
        j = int(np.nonzero(r.years == year)[0][0])
        f = {k: v[:, j] for k, v in footprint(r).items()}
        total = sum(f.values())
        rows.append(
            {
                M(f"{key}.scenario", lang): messages.label("scenario", name, lang),
                **{
                    M(f"{key}.column", lang, what=M(f"{key}.{k}", lang)): _mt(float(np.median(v)), lang)
                    for k, v in f.items()
                },
                M(f"{key}.electricity_share", lang): share(float(np.median(f["electricity"] / total))),
                M(f"{key}.territorial_share", lang): share1(float(np.median(f["fuel"] / r.territorial[:, j]))),
            }
        )
    return Table(pd.DataFrame(rows), caption=M(f"{key}.caption", lang, year=year))


def green_buildings(lang: str = "en") -> pd.DataFrame:
    """The published green-building floor area by year (million m2; 万平方米 in Chinese): what each figure
    counts, source, grade."""
    pts = data.points()
    df = pts[pts["variable"] == "green_building_area"][["year", "value", "unit", "source", "grade"]]
    return df.assign(
        year=df["year"].astype(int), value=df["value"] * AREA_SCALE[lang], series=M("buildings.green.series", lang)
    ).reset_index(drop=True)


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
        ),
        alt_text=M(f"{key}.alt", lang, items=messages.join(items, lang)),
        source=messages.source_note(["official_points", "press"], ["official_point"], M(f"{key}.note", lang), lang),
        data=df,
        filename="green_buildings",
        **messages.figure_csv(lang),
    )


def green_table(lang: str = "en") -> Table:
    """The green-building record for reading: floor area, what each figure counts, source and grade."""
    key = "buildings.green"
    df = green_buildings(lang)
    return Table(
        common.headed(
            key,
            lang,
            {
                "year": df["year"],
                "area": df["value"].map(lambda v: f"{v:g}"),
                "counts": df["unit"].map(lambda u: M(f"{key}.unit.{u}", lang)),
                "source": df["source"].map(lambda s: messages.label("point_source", s, lang)),
                "grade": df["grade"].map(lambda g: messages.label("grade", g, lang)),
            },
        )
    )


def scorecard() -> pd.DataFrame:
    """The building targets, scored where their own figures give a pace (target_trends)."""
    return board_for(trends.projections(), sectors=("buildings",))


def key_numbers(ens) -> dict:
    """The numbers the Key findings rest on: city totals, building fuel CO2 and both uses' electricity, key years."""
    years = common.key_years(ens.horizon_end)
    return {**city_numbers(ens, years), **part_numbers(ens, ["buildings"], years), **demand_numbers(ens, USES, years)}


def key_findings(ens, lang: str = "en") -> KeyFindings:
    """What the chapter finds, in its own numbers: the two uses' electricity, the fuel burnt in buildings, what the
    boundary does, and the city totals."""
    n = key_numbers(ens)
    names = list(ens.results)
    year = common.key_year(ens.horizon_end)
    key = "buildings.finding"

    each = common.numbers_by_scenario(n, names, lang)
    first = names[0]
    r = ens.results[first]
    j = int(np.nonzero(r.years == year)[0][0])
    f = {k: float(np.median(v[:, j])) for k, v in footprint(r).items()}
    twh, mt = M(f"{key}.twh", lang), M(f"{key}.mt", lang)

    def twh_of(use: str) -> str:
        return each("{s}/demand/" + use + "/" + str(year) + "/median_twh", twh, messages.electricity(1, lang))

    def mt_of(what: str) -> str:
        return each("{s}/" + what + "/" + str(year) + "/median_mt", mt, messages.co2(1, lang))

    bullets = [
        M(f"{key}.electricity", lang, year=year, services=twh_of("services"), households=twh_of("households")),
        M(f"{key}.fuel", lang, year=year, each=mt_of("part/buildings")),
        M(
            f"{key}.boundary",
            lang,
            year=year,
            electricity=_mt(f["electricity"], lang),
            fuel=_mt(f["fuel"], lang),
            scenario=messages.label("scenario", first, lang),
        ),
        M(f"{key}.city", lang, year=year, territorial=mt_of("territorial"), with_imports=mt_of("with_imports")),
    ]
    return KeyFindings(bullets, n, label=M("common.findings.label", lang))
