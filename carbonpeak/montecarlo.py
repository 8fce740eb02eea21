"""Monte Carlo synthesis: the sector paths summed into the city path, and the peak rule applied per draw.

How the sectors add up without double counting. CEADs gives one territorial total for Shenzhen (44.3 Mt in
2019). Industry, transport and direct building fuel start from their provincial-proxy shares of that total
(their chapters); the rest of the total (power, heat and everything else) is the residual, grown along the
energy chapter's Kaya path (GDP x energy per GDP x CO2 per energy). So the four parts add up to the CEADs
total in 2019 in every draw. On the wider boundary the energy chapter's imported electricity (all of it:
buildings', vehicles' and industry's) is added once; the sector chapters' own imported-electricity terms
are not added again.

Everything is numpy over (draws x years): one draw of every assumption per row, seeded; the projection
intervals of the sector chapters (NEV diffusion, building electricity) are sampled with the same seed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import assumptions, buildings, data, energy, industry, scenarios, transport
from .errors import ModelError
from .scenario import growth_paths, summarise

BASE_YEAR = 2019
HISTORY_START = 2005
SECTORS = ("power, heat and other", "industry", "transport", "buildings (direct fuel)")
IMPORTED = "imported electricity"
BOUNDARIES = ("territorial", "with_imports")
DRAWN = tuple(sorted(set(energy.DRAWN) | set(industry.DRAWN) | set(transport.DRAWN) | set(buildings.DRAWN)))


@dataclass
class Simulation:
    scenario: str
    years: np.ndarray  # projected years, BASE_YEAR + 1 .. horizon_end
    sectors: dict  # sector -> draws x years (territorial parts)
    imported: np.ndarray  # draws x years
    draws: dict  # assumption -> draws

    def total(self, boundary: str) -> np.ndarray:
        territorial = sum(self.sectors.values())
        if boundary == "territorial":
            return territorial
        if boundary == "with_imports":
            return territorial + self.imported
        raise ModelError(f"unknown boundary '{boundary}'; use territorial or with_imports")


def city_history() -> pd.Series:
    """Shenzhen's CEADs territorial CO2 from HISTORY_START to BASE_YEAR (observed years only)."""
    s = data.series("city_co2", energy.SHENZHEN, "co2")
    return s[(s.index >= HISTORY_START) & (s.index <= BASE_YEAR)].dropna()


def simulate(scenario: scenarios.Scenario, n: int, seed: int, horizon_end: int) -> Simulation:
    """Every sector path for n draws of the scenario, BASE_YEAR + 1 to horizon_end."""
    if horizon_end <= BASE_YEAR + 1:
        raise ModelError(f"horizon_end must be after {BASE_YEAR + 1}, got {horizon_end}")
    mode = scenario.mode
    d = scenarios.sample(scenario, DRAWN, n, seed)
    years = np.arange(BASE_YEAR + 1, horizon_end + 1)
    total_2019 = energy.territorial_2019()
    ind_0 = industry.base_2019(d["industry_share_scale"])
    ind = growth_paths(ind_0, {k: d[v] for k, v in industry.SCENARIO_RATES[mode].items()}, years, BASE_YEAR)
    tra = transport.paths(mode, d, years, seed)["territorial"]
    bld = buildings.paths(mode, d, horizon_end, seed)
    if not np.array_equal(bld["years"], years):
        raise ModelError("buildings and the synthesis disagree on the projected years")
    en = energy.scenario_paths(mode, d, years)
    rest_0 = total_2019 - ind_0 - transport.transport_2019(d["transport_share_scale"]) - buildings.direct_2019(d["buildings_share_scale"])
    if (rest_0 < 0).any():
        raise ModelError("the sector shares drawn exceed the CEADs total; narrow the share-scale ranges")
    rest = rest_0.reshape(-1, 1) * en["territorial"] / total_2019
    parts = dict(zip(SECTORS, (rest, ind, tra, bld["territorial"])))
    return Simulation(scenario.name, years, parts, en["imported_electricity"] - building_saving(mode, d, bld), d)


def building_saving(mode: str, d: dict, bld: dict) -> np.ndarray:
    """Imported-electricity CO2 the plan's building levers save (Mt, draws x years). The energy chapter's
    electricity path has no building levers, so their saving is taken off it once here."""
    if mode != "plan":
        return np.zeros_like(bld["territorial"])
    cut = d["plan_building_saving"].reshape(-1, 1) * buildings.lever_ramp(bld["years"]).reshape(1, -1)
    indirect = bld["with_imports"] - bld["territorial"]  # after the cut
    return indirect * cut / (1 - cut)


def with_history(sim: Simulation, boundary: str, start: int = HISTORY_START) -> tuple[np.ndarray, np.ndarray]:
    """Years and values (draws x years) the peak rule runs over: the CEADs record from ``start``
    (territorial only; no series exists before 2020 on the wider boundary) followed by the projection."""
    proj = sim.total(boundary)
    if boundary == "with_imports":
        return sim.years, proj
    hist = city_history()
    hist = hist[hist.index >= start]
    years = np.concatenate([hist.index.to_numpy(dtype=int), sim.years])
    values = np.hstack([np.broadcast_to(hist.to_numpy(dtype=float), (proj.shape[0], len(hist))), proj])
    return years, values


def peak_rule(values: np.ndarray, years, rule_years: int) -> dict[str, np.ndarray]:
    """The book's peak rule (models.peak) for every row at once: the maximum (the last year it occurs)
    is the peak when at least ``rule_years`` later years follow it, all below it. Years must be the
    observed ones only (gaps dropped), as in models.peak."""
    values = np.atleast_2d(np.asarray(values, dtype=float))
    years = np.asarray(years)
    if isinstance(rule_years, bool) or not isinstance(rule_years, (int, np.integer)) or rule_years < 1:
        raise ModelError(f"rule_years must be a whole number >= 1, got {rule_years!r}")
    if values.shape[1] != len(years) or not np.isfinite(values).all():
        raise ModelError("peak_rule needs finite values with one column per year")
    last = values.shape[1] - 1
    top = last - np.argmax(values[:, ::-1], axis=1)
    after = last - top
    return {"peaked": after >= rule_years, "year": years[top], "value": values[np.arange(len(values)), top],
            "years_after": after}


def peak_probabilities(result: dict, horizon_end: int) -> dict[str, float]:
    peaked, year = result["peaked"], result["year"]
    return {"P(peak <= 2025)": float(np.mean(peaked & (year <= 2025))),
            "P(peak <= 2030)": float(np.mean(peaked & (year <= 2030))),
            f"P(not peaked by {horizon_end})": float(np.mean(~peaked))}


def peak_results(sims: list[Simulation], rule_years: int, start: int = HISTORY_START):
    """(simulation, boundary, peak_rule result) for every simulation and boundary."""
    for sim in sims:
        for boundary in BOUNDARIES:
            years, values = with_history(sim, boundary, start)
            yield sim, boundary, peak_rule(values, years, rule_years)


def peak_table(sims: list[Simulation], rule_years: int, horizon_end: int, start: int = HISTORY_START) -> pd.DataFrame:
    """Per scenario and boundary: the probabilities, and the peak year and value among peaked draws."""
    rows = []
    for sim, boundary, r in peak_results(sims, rule_years, start):
        p = peak_probabilities(r, horizon_end)
        pk = r["peaked"]
        rows.append({"scenario": sim.scenario, "boundary": boundary, **p,
                     "median peak year": float(np.median(r["year"][pk])) if pk.any() else np.nan,
                     "median peak value (Mt)": float(np.median(r["value"][pk])) if pk.any() else np.nan,
                     "peak years 10-90 %": (f"{int(np.quantile(r['year'][pk], 0.1))}-{int(np.quantile(r['year'][pk], 0.9))}"
                                            if pk.any() else "none peaked"),
                     "peak value 10-90 % (Mt)": (f"{np.quantile(r['value'][pk], 0.1):.1f}-{np.quantile(r['value'][pk], 0.9):.1f}"
                                                 if pk.any() else "none peaked"),
                     "draws": len(pk)})
    return pd.DataFrame(rows)


def peak_year_counts(sims: list[Simulation], rule_years: int, horizon_end: int, start: int = HISTORY_START) -> pd.DataFrame:
    """Share of draws by peak year ('not by <horizon>' for draws that have not peaked)."""
    rows = []
    for sim, boundary, r in peak_results(sims, rule_years, start):
        label = np.where(r["peaked"], r["year"].astype(str), f"not by {horizon_end}")
        labels, counts = np.unique(label, return_counts=True)
        rows += [{"scenario": sim.scenario, "boundary": boundary, "peak year": lab, "share": c / len(label)}
                 for lab, c in zip(labels, counts)]
    return pd.DataFrame(rows)


def sector_summary(sim: Simulation, levels) -> pd.DataFrame:
    parts = [summarise(v, sim.years, levels).assign(part=k) for k, v in sim.sectors.items()]
    parts.append(summarise(sim.imported, sim.years, levels).assign(part=IMPORTED))
    return pd.concat(parts, ignore_index=True).assign(scenario=sim.scenario)


def city_summary(sims: list[Simulation], levels) -> pd.DataFrame:
    return pd.concat([summarise(s.total(b), s.years, levels).assign(scenario=s.scenario, boundary=b)
                      for s in sims for b in BOUNDARIES], ignore_index=True)


def variance_shares(sim: Simulation, year: int, boundary: str, bins: int = 20) -> pd.Series:
    """First-order share of the variance of the city value in ``year`` explained by each drawn assumption:
    Var(E[Y | X_i]) / Var(Y), with E[Y | X_i] estimated over quantile bins of X_i. What no single assumption
    explains (projection intervals, interactions) is the remainder."""
    y = sim.total(boundary)[:, int(np.nonzero(sim.years == year)[0][0])]
    var = y.var()
    out = {}
    for name, x in sim.draws.items():
        if np.ptp(x) == 0 or var == 0:
            out[name] = 0.0
            continue
        edges = np.unique(np.quantile(x, np.linspace(0, 1, bins + 1)))
        idx = np.clip(np.searchsorted(edges, x, side="right") - 1, 0, len(edges) - 2)
        counts = np.bincount(idx, minlength=len(edges) - 1)
        means = np.bincount(idx, weights=y, minlength=len(edges) - 1) / np.maximum(counts, 1)
        out[name] = float(np.sum(counts * (means - y.mean()) ** 2) / len(y) / var)
    s = pd.Series(out).sort_values(ascending=False)
    return pd.concat([s, pd.Series({"not explained by one assumption": max(0.0, 1 - s.sum())})])


def sector_gap(a: Simulation, b: Simulation, year: int) -> pd.Series:
    """Median of b minus a in ``year``, by part (territorial sectors and imported electricity); the parts add
    up to the gap of the medians only approximately, so the exact difference of the central paths is used."""
    i = int(np.nonzero(a.years == year)[0][0])
    parts = {k: float(np.median(b.sectors[k][:, i]) - np.median(a.sectors[k][:, i])) for k in SECTORS}
    parts[IMPORTED] = float(np.median(b.imported[:, i]) - np.median(a.imported[:, i]))
    return pd.Series(parts)


def kaya_gap(a: scenarios.Scenario, b: scenarios.Scenario, year: int) -> pd.Series:
    """LMDI of b minus a for the energy chapter's Kaya path in ``year``, at each scenario's central values."""
    from .scenario import kaya_gap as lmdi_gap

    def rates(s: scenarios.Scenario) -> dict:
        given = s.central_values()
        return {k: given.get(v, assumptions.get(v).default) for k, v in energy.SCENARIO_RATES[s.mode].items()}

    return lmdi_gap(energy.territorial_2019(), rates(a), rates(b), year - BASE_YEAR)


def published_estimates() -> pd.DataFrame:
    from . import metadata, paths

    path = paths.DATA / "published_estimates.csv"
    metadata.validate_sidecar(path, "curated")
    return pd.read_csv(path, dtype={"published": "string"})
