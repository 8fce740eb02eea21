"""The transport chapter's words: its opening and its Key findings with the numbers they rest on."""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from carbonpeak.formats import probability
from carbonpeak.model import scoring
from carbonpeak.pages import common, messages
from carbonpeak.pages.findings import (
    VEHICLE_ROUNDING,
    KeyFindings,
    city_numbers,
    demand_numbers,
    median_numbers,
    part_numbers,
)
from carbonpeak.pages.transport.tables import ROAD_PARTS, VEHICLES, fleet_checks
from carbonpeak.targets import load_targets, target

M = messages.text


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
