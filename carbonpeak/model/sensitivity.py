"""Variance-based global sensitivity (Sobol indices, SALib) of the model's headline outputs.

Each named assumption enters as one uniform number (its whole milestone path moves together), mapped
through the same split-triangular quantile function as the Monte Carlo (``draws.values``), so the
indices answer: how much of the variance of an output would go if this assumption were known exactly
(first order, S1), and how much involves it at all, alone or in interaction (total, ST). Outputs: CO2 in a
year on each boundary, and the indicator "peaked by 2030" under a rule (its variance is P(1 - P), so its
indices say which assumptions decide whether the city peaks by 2030).

Sampling is SALib's scrambled Sobol sequence (Saltelli's scheme, first and total order only:
N x (D + 2) model runs), seeded; the confidence intervals are SALib's bootstrap, seeded too. The design's
runs go in chunks of CHUNK rows through ``parallel.map_keyed`` (on a dask cluster when one is set, else in
this process); the model computes each run on its own row, so the chunks give the same numbers as one call.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from carbonpeak import parallel
from carbonpeak.constants import PEAK_MILESTONE
from carbonpeak.model import core, draws, outcomes


def varied(settings: dict) -> list[str]:
    """Assumptions whose range is not a single point (only these can explain variance)."""
    out = []
    for name, s in settings.items():
        lo, _, hi = s.arrays()
        if np.any(hi > lo):
            out.append(name)
    return sorted(out)


def outputs(result, year: int, horizon_end: int, rule_years: int, rule_start: int, record_2018: str) -> dict:
    """The outputs the indices are computed for, one value per run."""
    j = int(np.nonzero(result.years == year)[0][0])
    out = {f"territorial CO2 {year}": result.territorial[:, j], f"with-imports CO2 {year}": result.with_imports[:, j]}
    for boundary in outcomes.BOUNDARIES:
        st = outcomes.apply_rule(result, boundary, "n_years", rule_years, rule_start, record_2018)
        label = "territorial" if boundary == "territorial" else "with imports"
        out[f"peaked by {PEAK_MILESTONE} ({label})"] = (st["peaked"] & (st["year"] <= PEAK_MILESTONE)).astype(float)
    return out


CHUNK = 4096  # design rows per task: fixed, so every cluster runs the same calls (each row's run is row-wise)
MIN_SHARE = 0.02  # an indicator true (or false) in fewer than 2 % of runs has too little variance to apportion


def informative(y: np.ndarray) -> bool:
    """Whether an output varies enough for its indices to mean something (an indicator that is almost always
    true, e.g. a territorial peak set by the record's 2018 maximum, does not)."""
    if np.isin(y, (0.0, 1.0)).all():
        p = float(np.mean(y))
        return MIN_SHARE <= p <= 1 - MIN_SHARE
    return float(np.var(y)) > 0


def sobol(
    settings: dict,
    base: core.BaseYear,
    obs: core.Observed,
    milestones: dict,
    *,
    n_base: int,
    seed: int,
    year: int = PEAK_MILESTONE,
    horizon_end: int = 2035,
    rule_years: int = 5,
    rule_start: int = 2005,
    record_2018: str = "keep",
) -> pd.DataFrame:
    """Sobol indices of every output for every varied assumption (long table)."""
    names = varied(settings)
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    u = sobol_sample.sample(problem, n_base, calc_second_order=False, seed=seed)
    chunks = {start: u[start : start + CHUNK] for start in range(0, len(u), CHUNK)}
    done = parallel.map_keyed(
        _chunk_outputs,
        chunks,
        settings=settings,
        names=names,
        model=(base, obs, horizon_end, milestones),
        judged=(year, rule_years, rule_start, record_2018),
    )
    first = done[next(iter(chunks))]
    ys = {output: np.concatenate([done[k][output] for k in chunks]) for output in first}
    rows = []
    for output, y in ys.items():
        if not informative(y):
            continue
        si = sobol_analyze.analyze(problem, y, calc_second_order=False, seed=seed)
        for i, name in enumerate(names):
            rows.append(
                {
                    "output": output,
                    "assumption": name,
                    "S1": float(si["S1"][i]),
                    "S1 95 % half-width": float(si["S1_conf"][i]),
                    "ST": float(si["ST"][i]),
                    "ST 95 % half-width": float(si["ST_conf"][i]),
                }
            )
    return pd.DataFrame(rows)


def _chunk_outputs(u: np.ndarray, *, settings: dict, names: list, model: tuple, judged: tuple) -> dict:
    """The outputs of the model runs at the design rows ``u`` (one task of the sweep)."""
    base, obs, horizon_end, milestones = model
    year, rule_years, rule_start, record_2018 = judged
    central = {k: np.full(len(u), 0.5) for k in settings if k not in names}
    values = draws.values(settings, {**central, **{k: u[:, i] for i, k in enumerate(names)}})
    result = core.simulate(values, base, obs, horizon_end, milestones)
    return outputs(result, year, horizon_end, rule_years, rule_start, record_2018)


def top(indices: pd.DataFrame, output: str, k: int = 5) -> pd.DataFrame:
    """The ``k`` assumptions with the largest total Sobol index (ST) for ``output``."""
    part = indices[indices["output"] == output].sort_values("ST", ascending=False)
    return part.head(k).reset_index(drop=True)
