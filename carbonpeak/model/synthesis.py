"""The synthesis chapter: the city model run for every scenario, the peak as a distribution in time under
named rules and boundaries, where the uncertainty comes from (Sobol indices), and the book's answer beside
published estimates. Everything here reads one model run (carbonpeak.model.runs)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak import cache, data
from carbonpeak.analysis import nowcast, peaks
from carbonpeak.data import register
from carbonpeak.formats import probability
from carbonpeak.inputs import scenarios
from carbonpeak.model import boundaries, outcomes, runs, sensitivity, summary

BOUNDARY_LABELS = {name: boundaries.label(name) for name in boundaries.BOUNDARIES}
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


def answer_table(table: pd.DataFrame, horizon_end: int) -> pd.DataFrame:
    """The peak table for reading: probabilities in %, years whole, the rule named."""
    out = pd.DataFrame(
        {
            "scenario": table["scenario"],
            "boundary": table["boundary"].map(BOUNDARY_LABELS),
            "rule": table["rule"].map(peaks.label),
            "P(peak ≤ 2025)": table["P(peak <= 2025)"].map(probability),
            "P(peak ≤ 2030)": table["P(peak <= 2030)"].map(probability),
            f"not peaked by {horizon_end}": table[f"P(not peaked by {horizon_end})"].map(probability),
        }
    )
    year = table.get("median peak year")
    out["median peak year"] = year.map(lambda y: "none" if pd.isna(y) else f"{int(round(y))}")
    out["peak years, 10-90 %"] = [
        "none" if pd.isna(a) else f"{int(a)}-{int(b)}"
        for a, b in zip(table.get("peak year 10 %"), table.get("peak year 90 %"))
    ]
    out["peak value, median (Mt)"] = table.get("median peak value (Mt)").map(
        lambda v: "none" if pd.isna(v) else f"{v:.1f}"
    )
    out["peak value, 10-90 % (Mt)"] = [
        "none" if pd.isna(a) else f"{a:.1f}-{b:.1f}"
        for a, b in zip(table.get("peak value 10 % (Mt)"), table.get("peak value 90 % (Mt)"))
    ]
    return out


def record_2018_table(ens, horizon_end: int, rule_years: int, rule_start: int) -> pd.DataFrame:
    """P(peak <= 2030) on the territorial boundary with CEADs' 2018 value kept and treated as an outlier."""
    rows = []
    for choice in outcomes.RECORD_2018:
        t = outcomes.peak_table(ens.results, horizon_end, rule_years, rule_start, choice)
        t = t[t["boundary"] == "territorial"]
        for r in t.to_dict("records"):
            rows.append(
                {
                    "2018 value": "kept" if choice == "keep" else "treated as an outlier",
                    "scenario": r["scenario"],
                    "rule": peaks.label(r["rule"]),
                    "P(peak ≤ 2025)": probability(r["P(peak <= 2025)"]),
                    "P(peak ≤ 2030)": probability(r["P(peak <= 2030)"]),
                    "median peak year": "none"
                    if pd.isna(r.get("median peak year"))
                    else int(round(r["median peak year"])),
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
    """This book's peak-year ranges (10-90 % of peaked draws) per scenario and boundary, for the register."""
    rows = []
    for name, result in ens:
        for boundary in outcomes.BOUNDARIES:
            st = outcomes.apply_rule(result, boundary, rule, rule_years, rule_start, record_2018)
            pk = st["year"][st["peaked"]]
            if pk.size:
                lo, hi = np.quantile(pk, [0.1, 0.9])
                rows.append(
                    {
                        "label": f"this book: {name}",
                        "scenario": name,
                        "boundary": BOUNDARY_LABELS[boundary],
                        "low": float(lo),
                        "high": float(hi),
                        "region": "Shenzhen",
                        "note": (
                            f"{probability(st['peaked'].mean())} of draws peak by the horizon ({peaks.label(rule)})"
                        ),
                    }
                )
    return pd.DataFrame(rows)


def beside(scenario: str) -> str:
    """The group a register row or a scenario of this book is drawn in."""
    return {"baseline": "beside the baseline: BAU studies", "plan": "beside the plan: policy studies, the target"}.get(
        scenario, f"scenario {scenario}"
    )


def register_rows(reg: pd.DataFrame, ensemble: pd.DataFrame) -> pd.DataFrame:
    """What the register chart draws: each stated peak year of the register, grouped with the scenario of
    this book it compares with (BAU beside the baseline, policy and target beside the plan), then this book's
    ranges. ``low`` is the register's own peak_year_low (empty for an open "before" bound: none is invented)."""
    pub = reg.dropna(subset=["peak_year_high"])
    pub = pub[pub["scenario_type"].map(register.BESIDE).isin(["baseline", "plan"])]
    boundary_label = {
        "territorial": BOUNDARY_LABELS["territorial"],
        "with imported electricity": BOUNDARY_LABELS["with_imports"],
    }
    published = pd.DataFrame(
        {
            "label": pub["id"] + " (" + pub["scenario_type"] + ")",
            "group": pub["scenario_type"].map(register.BESIDE).map(beside),
            "boundary": pub["boundary"].map(lambda b: boundary_label.get(b, f"boundary {b}")),
            "low": pub["peak_year_low"],
            "high": pub["peak_year_high"],
            "bound": pub["peak_bound"],
            "region": pub["region"],
            "note": pub["notes"],
            "id": pub["id"],
        }
    )
    short = {BOUNDARY_LABELS["territorial"]: "territorial", BOUNDARY_LABELS["with_imports"]: "with imports"}
    book = ensemble.assign(
        group=ensemble["scenario"].map(beside),
        label=ensemble["label"] + " (" + ensemble["boundary"].map(short) + ")",
        bound="range",
        id="",
    )
    book = book.drop(columns="scenario")
    df = pd.concat([book, published], ignore_index=True)
    order = list(dict.fromkeys(beside(s) for s in [*ensemble["scenario"], "baseline", "plan"]))
    df["group"] = pd.Categorical(df["group"], categories=order, ordered=True)
    df = df.sort_values(["group", "id"], kind="mergesort").reset_index(drop=True)
    df["group"] = df["group"].astype(str)
    return df[["group", "label", "boundary", "low", "high", "bound", "region", "note", "id"]]


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


def paths_table(paths_table: pd.DataFrame, years) -> pd.DataFrame:
    """Median and the narrowest interval per scenario and boundary in a few years, for reading."""
    df = paths_table[paths_table["year"].isin(years)]
    tags = sorted(
        {c[len("lower_") :] for c in df.columns if c.startswith("lower_")}, key=lambda t: float(t.replace("_", "."))
    )
    tag = tags[0]
    return pd.DataFrame(
        {
            "scenario": df["scenario"],
            "boundary": df["boundary"].map(BOUNDARY_LABELS),
            "year": df["year"].astype(int),
            "median (Mt)": df["median"].round(1),
            f"{tag.replace('_', '.')} % interval (Mt)": [
                f"{a:.1f}-{b:.1f}" for a, b in zip(df[f"lower_{tag}"], df[f"upper_{tag}"])
            ],
        }
    ).reset_index(drop=True)


def sobol_outputs(indices: pd.DataFrame) -> list[str]:
    """The outputs that have Sobol indices, in table order."""
    return list(dict.fromkeys(indices["output"]))
