"""The pages "What changed in this edition" (English) and 本版有何变化 (Chinese): this edition's headline
beside the earlier editions' (data/editions.csv, as their pages printed them), and why it moved.

This edition's numbers are computed afresh from the synthesis' run (same parameters, same functions), so
the page can never disagree with the answer it explains.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from carbonpeak import data, locations
from carbonpeak.analysis import deviation, level
from carbonpeak.constants import BASE_YEAR, SHENZHEN
from carbonpeak.data import compiled
from carbonpeak.formats import co2, probability
from carbonpeak.model import boundaries, estimates, hindcast, outcomes, synthesis
from carbonpeak.pages import messages
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table
from carbonpeak.targets import scorers

FILE = locations.DATA / "editions.csv"
EDITION = "2"
EARLIER = ("1", "1.1")
QUANTITIES = ("P(peak <= 2025)", "P(peak <= 2030)")
EDITION_BOUNDARIES = ("territorial", "with_imports")  # the boundaries every edition reports


def M(key: str, lang: str, **values) -> str:
    """A message of this page (carbonpeak/pages/messages/edition.yml)."""
    return messages.text(f"edition.{key}", lang, **values)


def earlier() -> pd.DataFrame:
    """The earlier editions' headline, as their pages printed it (checked against its sidecar)."""
    return compiled.read_checked(FILE, "curated", [])


@dataclass
class Current:
    """This edition's headline from the synthesis' run."""

    peaks: pd.DataFrame
    board: pd.DataFrame
    draws: int


def current(
    scenarios: str, horizon_end: int, rule_years: int, rule_start: int, record_2018: str, draws: int, seed: int
):
    """This edition's peak table (both rules) and status board."""
    ens = synthesis.run(synthesis.load_scenarios(scenarios), draws, seed, horizon_end)
    peaks = outcomes.peak_table(ens.results, horizon_end, rule_years, rule_start, record_2018)
    return Current(peaks, scorers.status_board(), draws)


def comparison(now: Current, quantity: str = "P(peak <= 2030)", lang: str = "en") -> Table:
    """Per scenario, boundary and rule: the earlier editions' value and this edition's, side by side."""
    old = earlier()
    old = old[old["quantity"] == quantity]
    rows = []
    for r in now.peaks[now.peaks["boundary"].isin(EDITION_BOUNDARIES)].to_dict("records"):
        row = {"scenario": r["scenario"], "boundary": r["boundary"], "rule": r["rule"]}
        for ed in EARLIER:
            hit = old[
                (old["edition"] == ed)
                & (old["scenario"] == r["scenario"])
                & (old["boundary"] == r["boundary"])
                & (old["rule"] == r["rule"])
            ]
            row[ed] = hit["value"].iloc[0] if len(hit) else "–"
        row[EDITION] = probability(r[quantity], lang)
        rows.append(row)
    df = pd.DataFrame(rows)
    year = quantity[-5:-1]
    shown = pd.DataFrame(
        {
            M("column.scenario", lang): df["scenario"].map(lambda n: messages.label("scenario", n, lang)),
            M("column.boundary", lang): df["boundary"].map(lambda n: boundaries.label(n, lang, short=True)),
            M("column.rule", lang): df["rule"].map(lambda n: M(f"rule.{n}", lang)),
            **{M(f"earlier.{ed}", lang): df[ed].map(lambda v: printed(v, lang)) for ed in EARLIER},
            M("column.now", lang): df[EDITION],
        }
    )
    return Table(shown, M("table_title", lang, year=year))


def printed(text: str, lang: str) -> str:
    """A probability as an earlier page printed it, in the page's typography: '> 99 %' -> '超过99%' in Chinese."""
    if lang == "en":
        return text
    text = text.replace(" %", "%")
    if text.startswith("> "):
        return "超过" + text[2:]
    if text.startswith("< "):
        return "不足" + text[2:]
    return text


def sampler_effect(ed: str) -> pd.Series:
    """P(peak by 2030) with imported electricity (N-years rule) per scenario in an earlier edition, as printed."""
    old = earlier()
    sel = old[
        (old["edition"] == ed)
        & (old["quantity"] == "P(peak <= 2030)")
        & (old["boundary"] == "with_imports")
        & (old["rule"] == "n_years")
    ]
    return sel.set_index("scenario")["value"].reindex(["baseline", "plan", "accelerated"])


def t01(now: Current) -> tuple[str, float]:
    """This edition's status and probability of the energy-intensity target (T01)."""
    row = now.board.set_index("id").loc["T01"]
    return str(row["status"]), float(row["probability"])


def changes(lang: str = "en") -> list[str]:
    """What changed in the model, each with the numbers it moved, in the page's language."""
    dev = deviation.panel_deviation()
    lvl = level.territorial_level(BASE_YEAR)
    record = float(data.series("city_co2", SHENZHEN, "co2")[BASE_YEAR])
    trend = estimates.demand_trend_stated()
    imports = estimates.stated("import_ef_change")
    moved = {ed: "/".join(sampler_effect(ed).map(lambda v: v.replace(" %", ""))) for ed in EARLIER}
    return [
        M("change.sampler", lang, first=moved["1"], fixed=moved["1.1"]),
        M("change.level", lang, level=co2(lvl.level, lang), record=co2(record, lang), sigma=dev.sigma, rho=dev.rho),
        M("change.record", lang),
        M("change.demand", lang, trend=100 * trend),
        M("change.imports", lang, estimate=100 * imports["estimate"], se=100 * imports["standard_error"]),
        M("change.discrepancy", lang, first=hindcast.FIRST_ORIGIN, last=hindcast.LAST_ORIGIN),
        M("change.t03", lang),
    ]


def key_findings(now: Current, lang: str = "en") -> KeyFindings:
    """How the headline moved, in numbers: P(peak by 2030) per boundary for the baseline, then and now."""
    old = earlier()
    old = old[(old["quantity"] == "P(peak <= 2030)") & (old["scenario"] == "baseline") & (old["rule"] == "n_years")]
    part = now.peaks[(now.peaks["rule"] == "n_years") & (now.peaks["scenario"] == "baseline")].set_index("boundary")
    status, p01 = t01(now)
    was = earlier()
    was01 = was[(was["edition"] == "1") & (was["quantity"].str.startswith("T01"))].set_index("quantity")["value"]
    numbers = {f"edition/{b}/p_peak_by_2030": round(float(part.at[b, "P(peak <= 2030)"]), 3) for b in part.index}
    first = old[old["edition"] == "1"].set_index("boundary")["value"]
    bullets = [
        M(
            "finding.boundary",
            lang,
            boundary=boundaries.label(b, lang, short=True),
            was=printed(first[b], lang),
            now=probability(part.at[b, "P(peak <= 2030)"], lang),
        )
        for b in EDITION_BOUNDARIES
    ]
    bullets.append(
        M(
            "finding.t01",
            lang,
            was_status=messages.label("status", was01["T01 status"], lang),
            was=printed(was01["T01 probability"], lang),
            status=messages.label("status", status, lang),
            now=probability(p01, lang),
        )
    )
    bullets.append(M("finding.why", lang))
    return KeyFindings(bullets, numbers)


def draws_note(now: Current, lang: str = "en") -> str:
    """Where this edition's numbers come from (markdown)."""
    return M("draws_note", lang, draws=now.draws)
