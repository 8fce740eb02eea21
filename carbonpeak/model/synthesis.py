"""The synthesis chapter: the city model run for every scenario, the peak as a distribution in time under
named rules and boundaries, where the uncertainty comes from (Sobol indices), and the book's answer beside
published estimates. Everything here reads one model run (carbonpeak.model.runs)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak import cache, data
from carbonpeak.analysis import nowcast
from carbonpeak.data import register
from carbonpeak.inputs import scenarios
from carbonpeak.model import outcomes, runs, sensitivity, summary

SOURCES = ["ceads_city", "ceads_provinces", "official_points", "literature", "crea_power"]
GRADES = ["measured", "official_point", "proxy", "derived", "assumption"]


def load_scenarios(text: str) -> list:
    """The scenarios named in ``text`` (comma-separated), each loaded and checked."""
    return [scenarios.load(name.strip()) for name in text.split(",")]


def run(scens: list, draws: int, seed: int, horizon_end: int, discrepancy: float = 1.0) -> runs.Ensemble:
    """Every scenario in ``scens`` run on the same draws (``carbonpeak.model.runs.run``)."""
    return runs.run(scens, draws, seed, horizon_end, discrepancy=discrepancy)


DISCREPANCY_MULTIPLIERS = (0.0, 1.0, 2.0, 4.0)


def discrepancy_table(
    scens: list, draws: int, seed: int, horizon_end: int, rule_years: int, rule_start: int, record_2018: str
) -> pd.DataFrame:
    """P(peak <= 2025) and P(peak <= 2030) (N-years rule) per scenario and boundary with the structural
    discrepancy left out (0), as calibrated (1) and at two and four times its calibrated scale."""
    rows = []
    for m in DISCREPANCY_MULTIPLIERS:
        ens = run(scens, draws, seed, horizon_end, discrepancy=m)
        t = outcomes.peak_table(ens.results, horizon_end, rule_years, rule_start, record_2018, rules=("n_years",))
        rows.append(t.assign(multiplier=m))
    out = pd.concat(rows, ignore_index=True)
    return out[["multiplier", "scenario", "boundary", "P(peak <= 2025)", "P(peak <= 2030)"]]


def _fmt_value(v) -> str:
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(f"{x:g}" for x in v) + "]"
    return f"{v:g}"


def scenario_table(scens: list) -> pd.DataFrame:
    """What each scenario changes from the defaults (its own overrides and those it extends)."""
    rows = []
    for s in scens:
        changes = {}
        for link in s.chain():  # a later scenario's value replaces the one it extends
            changes.update({name: _fmt_value(e["value"]) for name, e in link.overrides.items()})
        rows.append(
            {
                "scenario": s.name,
                "title": s.title,
                "builds on": " → ".join(x.name for x in s.chain()[:-1]) or "the defaults",
                "changes from the defaults": "; ".join(f"{k} = {v}" for k, v in changes.items()) or "none",
            }
        )
    return pd.DataFrame(rows)


def sobol_indices(
    scens: list,
    base_scenario: str,
    n_base: int,
    seed: int,
    horizon_end: int,
    rule_years: int,
    rule_start: int,
    record_2018: str,
) -> pd.DataFrame:
    """Sobol indices of every output for every assumption varied in ``base_scenario`` (``sensitivity.sobol``),
    computed once per parameter set, code and data (``carbonpeak.cache``)."""
    scenario = next(s for s in scens if s.name == base_scenario)
    rule = {"horizon_end": horizon_end, "rule_years": rule_years, "rule_start": rule_start, "record_2018": record_2018}

    def compute() -> pd.DataFrame:
        base_year, obs = runs.calibration()
        return sensitivity.sobol(
            scenario.settings(), base_year, obs, runs.milestones(), n_base=n_base, seed=seed, **rule
        )

    key = {"scenario": runs.scenario_key(scenario), "n_base": n_base, "seed": seed, **rule}
    return cache.cached("sobol", key, compute)


def top_indices(indices: pd.DataFrame, k: int = 5) -> pd.DataFrame:
    """The k assumptions with the largest total index, per output."""
    parts = [sensitivity.top(indices, o, k) for o in dict.fromkeys(indices["output"])]
    out = pd.concat(parts, ignore_index=True)[["output", "assumption", "S1", "ST"]]
    return out.assign(S1=out["S1"].round(2), ST=out["ST"].round(2))


def gap_by_part(ens, a: str, b: str, year: int) -> pd.Series:
    """Median of each part in scenario b minus scenario a in ``year`` (Mt)."""
    med = summary.part_medians(ens)
    med = med[med["year"] == year].pivot(index="part", columns="scenario", values="median")
    order = [p for p in med.index if p != "imported electricity"] + ["imported electricity"]
    return (med.loc[order, b] - med.loc[order, a]).rename(f"{b} minus {a}")


# Figures ----------------------------------------------------------------------------------------------


def published_estimates() -> pd.DataFrame:
    """The register of published estimates (data/published_estimates.csv), checked (``data.register``)."""
    return register.read_register()


def published_context() -> pd.DataFrame:
    """The context table: published statements about other regions (the GBA, Guangdong, Guangzhou, China)."""
    return register.read_context()


def ensemble_rows(ens, rule: str, rule_years: int, rule_start: int, record_2018: str) -> pd.DataFrame:
    """This book's peak years per scenario and boundary, for the register: the 10-90 % range of the draws that
    peak and the share that peaks by the horizon under ``rule``."""
    rows = []
    for name, result in ens:
        for boundary in outcomes.BOUNDARIES:
            st = outcomes.apply_rule(result, boundary, rule, rule_years, rule_start, record_2018)
            pk = st["year"][st["peaked"]]
            if pk.size:
                lo, hi = np.quantile(pk, [0.1, 0.9])
                rows.append(
                    {
                        "scenario": name,
                        "boundary": boundary,
                        "low": float(lo),
                        "high": float(hi),
                        "peaked": float(st["peaked"].mean()),
                        "rule": rule,
                    }
                )
    return pd.DataFrame(rows)


# a register row's boundary (data/published_estimates.csv) -> the model's boundary of that name
REGISTER_BOUNDARIES = {"territorial": "territorial", "with imported electricity": "with_imports"}
REGISTER_COLUMNS = ["group", "kind", "scenario", "scenario_type", "boundary", "low", "high", "bound", "region"]
REGISTER_COLUMNS += ["note", "peaked", "rule", "id"]


def register_rows(reg: pd.DataFrame, ensemble: pd.DataFrame) -> pd.DataFrame:
    """What the register chart draws: each stated peak year of the register, grouped (``group``: a scenario
    of this book) with the scenario it compares with (BAU beside the baseline, policy and target beside the
    plan), then this book's ranges (``kind`` 'book'). ``low`` is the register's own peak_year_low (empty for an
    open "before" bound: none is invented); ``boundary`` is the model's boundary where the row has one."""
    pub = reg.dropna(subset=["peak_year_high"])
    pub = pub[pub["scenario_type"].map(register.BESIDE).isin(["baseline", "plan"])]
    published = pd.DataFrame(
        {
            "group": pub["scenario_type"].map(register.BESIDE),
            "kind": "published",
            "scenario": "",
            "scenario_type": pub["scenario_type"],
            "boundary": pub["boundary"].map(lambda b: REGISTER_BOUNDARIES.get(b, b)),
            "low": pub["peak_year_low"],
            "high": pub["peak_year_high"],
            "bound": pub["peak_bound"],
            "region": pub["region"],
            "note": pub["notes"],
            "id": pub["id"],
        }
    )
    book = ensemble.assign(group=ensemble["scenario"], kind="book", scenario_type="", bound="range")
    book = book.assign(region="Shenzhen", note="", id="")
    df = pd.concat([book, published], ignore_index=True)
    order = list(dict.fromkeys([*ensemble["scenario"], "baseline", "plan"]))
    df["group"] = pd.Categorical(df["group"], categories=order, ordered=True)
    df = df.sort_values(["group", "id"], kind="mergesort").reset_index(drop=True)
    df["group"] = df["group"].astype(str)
    return df.reindex(columns=REGISTER_COLUMNS)


def record_points(record_2018: str = "keep") -> pd.DataFrame:
    """The measured record, CMCC and the nowcast as points for the territorial chart (each its own series)."""
    rec = outcomes.record(2100, 2005, record_2018)
    rows = [
        pd.DataFrame({"year": rec.index, "value": rec.to_numpy(), "series": "CEADs (measured)", "grade": "measured"})
    ]
    cmcc = data.series("shenzhen_co2_cmcc", outcomes.SHENZHEN, "co2")
    rows.append(
        pd.DataFrame(
            {"year": cmcc.index, "value": cmcc.to_numpy(), "series": "CMCC (another method)", "grade": "measured"}
        )
    )
    now = nowcast.nowcast(record_2018=record_2018)
    rows.append(
        pd.DataFrame(
            {"year": now["year"], "value": now["median"], "series": "nowcast (derived, median)", "grade": "derived"}
        )
    )
    return pd.concat(rows, ignore_index=True)


def sobol_outputs(indices: pd.DataFrame) -> list[str]:
    """The outputs that have Sobol indices, in table order."""
    return list(dict.fromkeys(indices["output"]))
