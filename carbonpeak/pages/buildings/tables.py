"""The buildings chapter's tables: electricity and building CO2 in the shown years, the buildings' footprint on a
consumption view, and the green-building record, in the page's language."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak import data
from carbonpeak.pages import common, messages
from carbonpeak.pages.tables import Table, percent

M = messages.text

USES = ("services", "households")
# decimals of a table's electricity and building CO2 (TWh and Mt in English; 亿千瓦时 and 万吨 in Chinese, the
# same precision) and of the footprint's Mt (万吨 to the ten)
DIGITS = {"en": {"twh": 1, "mt": 2, "footprint": 1}, "zh": {"twh": 0, "mt": 0, "footprint": -1}}
# million m2 in English, 万平方米 in Chinese
AREA_SCALE = {"en": 1, "zh": 100}
PERCENT_SPACE = {"en": True, "zh": False}  # '86 %' in English, '86%' in Chinese


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


def co2_text(x: float, lang: str) -> str:
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
                    M(f"{key}.column", lang, what=M(f"{key}.{k}", lang)): co2_text(float(np.median(v)), lang)
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
