"""The energy chapter's sentences and Key findings, generated from the run in the page's language
(carbonpeak/pages/messages/energy.yml)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak import data
from carbonpeak.formats import probability
from carbonpeak.inputs import assumptions
from carbonpeak.model import base, core, diagnostics, electricity, scoring
from carbonpeak.pages import common, messages
from carbonpeak.pages.energy.frames import (
    KAYA_START,
    MTCE_SCALE,
    T01_CHANGE,
    T01_END,
    T01_START,
    M,
    accounting_quotes,
    balance_gap,
    demand_total,
    gas_fuel_per_kwh,
    language_twh,
    readings_2019,
    scenario_label,
    t01_components,
    t01_target,
)
from carbonpeak.pages.findings import (
    EF_DIGITS,
    KeyFindings,
    city_numbers,
    demand_numbers,
    median_numbers,
    part_numbers,
    supply_numbers,
)


def balance_gap_text(ens, lang: str = "en") -> str:
    """That supply equals demand, with the largest gap."""
    gap = balance_gap(ens)
    return M("energy.balance.gap", lang, gap=gap, gap_zh=language_twh(gap, "zh"))


def demand_spread(ens, year: int, lang: str = "en") -> str:
    """How far apart the scenarios' median demand is in ``year``, in words."""
    med = {name: float(np.median(demand_total(r)[:, int(np.nonzero(r.years == year)[0][0])])) for name, r in ens}
    lo, hi = min(med.values()), max(med.values())
    verdict = "same" if hi - lo < 0.02 * hi else "differ"
    opening = M(
        "energy.demand_spread.text",
        lang,
        year=year,
        lo=lo,
        hi=hi,
        lo_zh=language_twh(lo, "zh"),
        hi_zh=language_twh(hi, "zh"),
    )
    return opening + M(f"energy.demand_spread.{verdict}", lang)


def supply_contrast(ens, year: int, a: str = "baseline", b: str = "plan", lang: str = "en") -> str:
    """What scenario ``b`` changes in the supply and in the power plants' and imports' CO2 against ``a``."""
    if a not in ens.results or b not in ens.results:
        return ""
    med = {}
    for name in (a, b):
        r = ens.results[name]
        j = int(np.nonzero(r.years == year)[0][0])
        med[name] = {
            **{s: float(np.median(v[:, j])) for s, v in r.supply.items()},
            "plants": float(np.median(r.parts["power plants"][:, j])),
            "imported": float(np.median(r.imported[:, j])),
        }
    d = {k: med[b][k] - med[a][k] for k in med[a]}
    local = d["gas"] + d["coal"]
    twh = {"local": local, "gas": d["gas"], "coal": d["coal"], "imports": d["imports"]}
    mt = {"plants": d["plants"], "imported": d["imported"]}
    return M(
        "energy.supply_contrast",
        lang,
        year=year,
        a=scenario_label(a, lang),
        b=scenario_label(b, lang),
        **twh,
        **mt,
        **{f"{k}_zh": language_twh(v, "zh") for k, v in twh.items()},
        **{f"{k}_zh": messages.co2(v, "zh") for k, v in mt.items()},
    )


def reconciliation_text(table: pd.DataFrame, lang: str = "en") -> str:
    """What the 2019 balance reconciles, in numbers from the table."""
    v = table.set_index("key")["Mt CO2"]
    book_t, book_w, imp = v[diagnostics.LEVEL], v[diagnostics.WITH_IMPORTS], v[diagnostics.IMPORTED]
    com_t, com_w = v[diagnostics.COMMENTARY_TERRITORIAL], v[diagnostics.COMMENTARY_WITH_IMPORTS]
    mt = {
        "gap": com_w - com_t,
        "imp": imp,
        "plants": v[core.POWER],
        "book_t": book_t,
        "below": com_t - book_t,
        "book_w": book_w,
    }
    above = book_w / book_t - 1
    wan = {f"{k}_zh": messages.co2(x, "zh") for k, x in mt.items()}
    return M("energy.reconciliation", lang, **mt, **wan, above=above, above_pct=100 * above)


def readings_text(result, lang: str = "en") -> str:
    """Why the two readings differ, what the grid's own statement of clean power implies, and what official
    texts say about the boundary (markdown, every number from the data)."""
    t = readings_2019(result).set_index("item")
    one = t.at["reading 1: carbon-bearing imports at their own factor", "Mt CO2"]
    two = t.at["reading 2: every purchase at the grid average", "Mt CO2"]
    bought = t.at["reading 2: every purchase at the grid average", "TWh"]
    nuclear = t.at["nuclear power bought back (Daya Bay base)", "TWh"]
    imports = t.at["carbon-bearing imports", "TWh"]
    clean = data.point("west_east_clean_power_absorbed", 2020)
    twh = {"imports": imports, "nuclear": nuclear, "bought": bought, "clean": clean, "rest": bought - nuclear - clean}
    quotes = messages.join(
        (
            M("energy.readings.quote", lang, **{**q, "publisher": messages.label("publisher", q["publisher"], lang)})
            for q in accounting_quotes()
        ),
        lang,
        "clause",
    )
    return M(
        "energy.readings.text",
        lang,
        **twh,
        one=one,
        two=two,
        quotes=quotes,
        **{f"{k}_zh": language_twh(x, "zh") for k, x in twh.items()},
        one_zh=messages.co2(one, "zh"),
        two_zh=messages.co2(two, "zh"),
    )


def t01_text(ens, a: str = "baseline", b: str = "plan", lang: str = "en") -> str:
    """Why one scenario's energy intensity falls more or less than the other's (markdown)."""
    if a not in ens.results or b not in ens.results or ens.horizon_end < T01_END:
        return ""
    df = t01_components(ens, a, b).set_index(["scenario", "component"])["2025"]
    d = {c: df[(b, c)] - df[(a, c)] for c in df.loc[a].index}
    mtce = {
        "plants": d["fuel burnt in local power plants"],
        "bought": d["electricity bought or made without fuel (calorific equivalent)"],
        "outside": d["fuel burnt outside power plants"],
    }
    return M(
        "energy.t01.text",
        lang,
        a=scenario_label(a, lang),
        b=scenario_label(b, lang),
        start=T01_START,
        end=T01_END,
        **mtce,
        **{f"{k}_zh": MTCE_SCALE["zh"] * v for k, v in mtce.items()},
        ratio=gas_fuel_per_kwh(),
        change_a=df[(a, T01_CHANGE)],
        change_b=df[(b, T01_CHANGE)],
        target=t01_target(),
    )


def key_numbers(ens) -> dict:
    """The numbers the Key findings rest on: city totals and demand in the key years; supply, power-plant and import
    CO2 and the import factor in the key year."""
    years, last = common.key_years(ens.horizon_end), (common.key_year(ens.horizon_end),)
    return {
        **city_numbers(ens, years),
        **supply_numbers(ens, electricity.SUPPLY, last),
        **demand_numbers(ens, ["total"], years),
        **part_numbers(ens, ["power plants", "imported electricity"], last),
        **median_numbers(ens, "import_ef", {"imports": lambda r: r.import_ef}, last, "t_per_mwh", EF_DIGITS),
    }


def key_findings(ens, record: pd.DataFrame, kaya: pd.DataFrame, lang: str = "en") -> KeyFindings:
    """What the chapter finds, in its own numbers: demand, supply, power plants and imports, the city totals, T01 in
    the baseline, and the Kaya effects when there are any."""
    n = key_numbers(ens)
    names = list(ens.results)
    year = common.key_year(ens.horizon_end)
    first = names[0]

    each = common.numbers_by_scenario(n, names, lang=lang)
    twh, mt = M("energy.finding.twh", lang), M("energy.finding.mt", lang)
    to_twh, to_mt = language_twh(1, lang), messages.co2(1, lang)
    in_twh = {"en": "g", "zh": ".0f"}[lang]  # 0.1 TWh = 1亿千瓦时; 0.1 Mt = 10万吨
    rec = record.set_index("year")["value"]
    base_year, base_ef = (
        base.BASE_YEAR,
        assumptions.get("import_ef_2019").default,
    )  # the stated factor the paths start from
    y = str(year)

    def supply(source: str) -> str:
        return each("{s}/supply/" + source + "/" + y + "/median_twh", twh, to_twh, in_twh)

    def co2(key: str) -> str:
        return each("{s}/" + key + "/" + y + "/median_mt", mt, to_mt, in_twh)

    bullets = [
        M(
            "energy.finding.electricity",
            lang,
            first=rec.iloc[0],
            first_zh=language_twh(rec.iloc[0], "zh"),
            first_year=int(rec.index[0]),
            last=rec.iloc[-1],
            last_zh=language_twh(rec.iloc[-1], "zh"),
            last_year=int(rec.index[-1]),
            year=year,
            demand=each("{s}/demand/total/" + y + "/median_twh", twh, to_twh, in_twh),
        ),
        M("energy.finding.supply", lang, imports=supply("imports"), year=year, gas=supply("gas"), coal=supply("coal")),
        M(
            "energy.finding.plants",
            lang,
            plants=co2("part/power_plants"),
            year=year,
            base_ef=base_ef,
            base_year=base_year,
            ef=each("{s}/import_ef/imports/" + y + "/median_t_per_mwh", M("energy.finding.t_per_mwh", lang)),
        ),
        M("energy.finding.totals", lang, year=year, territorial=co2("territorial"), with_imports=co2("with_imports")),
    ]
    baseline = common.model_baseline(ens, T01_END)
    change = scoring.energy_intensity_change(baseline, T01_START, T01_END)
    bullets.append(
        M(
            "energy.finding.t01",
            lang,
            change=np.median(change),
            target=t01_target(),
            share=probability(np.mean(change <= t01_target()), lang),
        )
    )
    if not kaya.empty:
        k = kaya[kaya["scenario"] == first].set_index("factor")["mean effect (Mt)"]
        effects = {
            "gdp": k["GDP per person"],
            "population": k["population"],
            "energy": k["energy per GDP"],
            "carbon": k["CO2 per energy"],
            "change": k["change of CO2"],
        }
        bullets.append(
            M(
                "energy.finding.kaya",
                lang,
                first=scenario_label(first, lang),
                start=KAYA_START,
                year=year,
                **effects,
                **{f"{key}_zh": messages.co2(v, "zh") for key, v in effects.items()},
            )
        )
    return KeyFindings(bullets, n, label=M("common.findings.label", lang))
