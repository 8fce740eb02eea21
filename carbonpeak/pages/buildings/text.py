"""The buildings chapter's words: the check of the services' electricity against the published figure, and its Key
findings with the numbers they rest on."""

from __future__ import annotations

import numpy as np

from carbonpeak.pages import common, messages
from carbonpeak.pages.buildings.figures import SHARE_YEARS, published_use
from carbonpeak.pages.buildings.tables import USES, co2_text, footprint
from carbonpeak.pages.findings import KeyFindings, city_numbers, demand_numbers, part_numbers

M = messages.text


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
            electricity=co2_text(f["electricity"], lang),
            fuel=co2_text(f["fuel"], lang),
            scenario=messages.label("scenario", first, lang),
        ),
        M(f"{key}.city", lang, year=year, territorial=mt_of("territorial"), with_imports=mt_of("with_imports")),
    ]
    return KeyFindings(bullets, n, label=M("common.findings.label", lang))
