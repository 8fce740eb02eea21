"""Checks of a model run that the model chapter shows, as numbers and frames: the model at the stated values,
its 2019 balance and CO2, its recent years beside what was published, the estimated relationships, the
hindcasts and the seam where observed drivers end.

A model that runs on observed drivers to 2024 and on assumptions afterwards can put a kink into every path
at 2024, and a peak rule then finds the maximum there because the data stop there. ``seam_growth`` gives
the median growth of each quantity across the last observed year; ``seam_peaks`` the share of draws whose
peak falls in the years around it, for runs with and without the structural discrepancy.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak import cache, data
from carbonpeak.analysis import deviation, level, nowcast
from carbonpeak.constants import SHENZHEN
from carbonpeak.data import compiled
from carbonpeak.inputs import assumptions
from carbonpeak.model import base, core, draws, estimates, hindcast, outcomes, runs, summary, uncertainty

QUANTITIES = {
    "electricity demand": lambda r: sum(r.demand.values()),
    "import factor": lambda r: r.import_ef,
    "territorial CO2": lambda r: r.territorial,
    "CO2 with imported electricity": lambda r: r.with_imports,
}


def last_observed_year() -> int:
    """The last year of observed drivers (the last electricity total)."""
    return max(base.electricity_record())


def seam_growth(result, year: int | None = None) -> pd.DataFrame:
    """Median yearly growth (%) of each quantity in the two years up to ``year`` and the two after it."""
    year = last_observed_year() if year is None else year
    years = list(result.years)
    spans = [(y - 1, y) for y in (year - 1, year, year + 1, year + 2) if y - 1 in years and y in years]
    rows = []
    for name, get in QUANTITIES.items():
        x = get(result)
        row = {"quantity": name}
        for a, b in spans:
            row[f"{a}-{b}"] = float(np.median(x[:, years.index(b)] / x[:, years.index(a)] - 1) * 100)
        rows.append(row)
    return pd.DataFrame(rows)


def seam_peaks(results: dict, horizon_end: int, year: int | None = None, rule_years: int = 5) -> pd.DataFrame:
    """Share of draws (%) whose peak (N-years rule) falls in each year from ``year`` - 2 to ``year`` + 2, per
    run (label -> core.Result) and boundary."""
    year = last_observed_year() if year is None else year
    rows = []
    for label, result in results.items():
        for boundary in outcomes.BOUNDARIES:
            status = outcomes.apply_rule(result, boundary, "n_years", rule_years, rule_start=2005)
            shares = outcomes.peak_year_shares(status, year - 2, horizon_end)
            row = {"run": label, "boundary": boundary}
            row.update({str(y): float(shares.get(y, 0.0)) * 100 for y in range(year - 2, year + 3)})
            rows.append(row)
    return pd.DataFrame(rows)


# The model at the stated values and its checks against what was published -----------------------------


def central(scenario) -> core.Result:
    """The model at the stated value of every assumption (one draw at the medians)."""
    base_year, obs = runs.calibration()
    settings = scenario.settings()
    v = draws.values(settings, {k: np.array([0.5]) for k in settings})
    return core.simulate(v, base_year, obs, 2035, runs.milestones())


def balance_2019(result: core.Result) -> pd.DataFrame:
    """The 2019 electricity balance at the stated values: side (demand or supply), item (the model's key), TWh
    and the share of its side (%)."""
    rows = [("demand", k, float(v[0, 0])) for k, v in result.demand.items()]
    rows += [("supply", k, float(v[0, 0])) for k, v in result.supply.items()]
    df = pd.DataFrame(rows, columns=["side", "item", "TWh"])
    df["share"] = df["TWh"] / df.groupby("side")["TWh"].transform("sum")
    return df.assign(TWh=df["TWh"].round(2), share=(100 * df["share"]).round(1))


# the 2019 table's rows that are not parts, by key (what code looks a row up by; ``item`` is for reading)
LEVEL, RECORD, IMPORTED, WITH_IMPORTS = "level", "record", "imported", "with_imports"
COMMENTARY_TERRITORIAL, COMMENTARY_WITH_IMPORTS = "commentary_territorial", "commentary_with_imports"


def co2_2019(result: core.Result) -> pd.DataFrame:
    """2019 CO2 by part at the stated values, the two totals, and the commentary's figures beside them; each
    row has a ``key`` (the part's name, or one of the names above) besides its label."""
    lit = compiled.published_figures()
    rows = [(part, "this book", part, float(v[0, 0]), "derived") for part, v in result.parts.items()]
    rows += [
        (LEVEL, "this book", "territorial level (filtered)", float(result.territorial[0, 0]), "estimated"),
        (RECORD, "CEADs", "territorial record", float(result.recorded[0, 0]), "measured"),
        (
            IMPORTED,
            "this book",
            f"imported electricity ({result.supply['imports'][0, 0]:.1f} TWh x {result.import_ef[0, 0]:.3f} t/MWh)",
            float(result.imported[0, 0]),
            "derived",
        ),
        (WITH_IMPORTS, "this book", "total with imported electricity", float(result.with_imports[0, 0]), "derived"),
    ]
    for key, item, figure in (
        (COMMENTARY_TERRITORIAL, "territorial (provincial basis)", "commentary_sz_2019_provincial"),
        (COMMENTARY_WITH_IMPORTS, "total including imported electricity", "commentary_sz_2019_national"),
    ):
        rows.append((key, "commentary", item, float(lit.at[figure, "value"]), lit.at[figure, "grade"]))
    return pd.DataFrame(rows, columns=["key", "account", "item", "Mt CO2", "grade"]).assign(
        **{"Mt CO2": lambda d: d["Mt CO2"].round(2)}
    )


def recent_checks(ens, levels=(0.8,)) -> pd.DataFrame:
    """Territorial CO2 2020-2025 (Mt): the first scenario's median and band beside the nowcast's and CMCC
    (NaN where CMCC has no figure); the band at ``levels[0]``."""
    _, result = next(iter(ens))
    b = summary.bands(result.territorial, result.years, levels)
    b = b[(b["year"] >= 2020) & (b["year"] <= 2025)]
    now = nowcast.nowcast().set_index("year")
    cmcc = data.series("shenzhen_co2_cmcc", SHENZHEN, "co2")
    tag = f"{levels[0] * 100:g}"
    rows = []
    for r in b.itertuples():
        y = int(r.year)
        rows.append(
            {
                "year": y,
                "model_median": r.median,
                "model_lower": getattr(r, f"lower_{tag}"),
                "model_upper": getattr(r, f"upper_{tag}"),
                "nowcast_median": float(now.at[y, "median"]),
                "nowcast_lower": now.at[y, f"lower_{tag}"],
                "nowcast_upper": now.at[y, f"upper_{tag}"],
                "cmcc": cmcc[y] if y in cmcc.index else np.nan,
            }
        )
    return pd.DataFrame(rows)


def electricity_checks(result: core.Result) -> pd.DataFrame:
    """Observed electricity use against the model before it is scaled to it (the calibration scale)."""
    obs = base.electricity_record()
    demand = sum(result.demand.values())
    ev = result.demand["electric vehicles"]
    rows = []
    for y, value in obs.items():
        j = int(np.nonzero(result.years == y)[0][0])
        scale = float(np.median(result.calibration[:, j]))
        unscaled = float(np.median((demand[:, j] - ev[:, j]) / result.calibration[:, j] + ev[:, j]))
        rows.append(
            {
                "year": y,
                "observed (TWh)": round(value, 2),
                "model before scaling (TWh)": round(unscaled, 2),
                "scale applied": round(scale, 3),
            }
        )
    return pd.DataFrame(rows)


def sector_shares_check(result: core.Result, year: int = 2023) -> pd.DataFrame:
    """The model's electricity split in ``year`` against the published shares."""
    j = int(np.nonzero(result.years == year)[0][0])
    d = sum(result.demand.values())[:, j]
    model = {
        "industry": result.demand["industry"][:, j] / d,
        "services (with vehicle charging)": (result.demand["services"][:, j] + result.demand["electric vehicles"][:, j])
        / d,
        "households": result.demand["households"][:, j] / d,
    }
    observed = {
        "industry": data.point("electricity_share_secondary", year),
        "services (with vehicle charging)": data.point("electricity_share_tertiary", year),
        "households": data.point("electricity_share_residential", year),
    }
    return pd.DataFrame(
        [
            {
                "use": k,
                "model median (%)": round(100 * float(np.median(model[k])), 1),
                "published (%)": round(observed[k], 1),
            }
            for k in model
        ]
    )


def nev_checks(result: core.Result) -> pd.DataFrame:
    """Observed NEV stock figures against the fleet model (median and 80 % band), never fitted."""
    rows = []
    for r in base.nev_stock_checks().itertuples():
        if r.t < result.years[0]:
            continue
        stock = np.array([np.interp(r.t, result.years, row) for row in result.fleet.nev])
        lo, med, hi = np.quantile(stock, [0.1, 0.5, 0.9])
        rows.append(
            {
                "figure": f"{r.variable} {r.year}",
                "observed": r.value,
                "median": med,
                "lower": lo,
                "upper": hi,
                "inside": bool(lo <= r.value <= hi),
                "variable": r.variable,
                "year": int(r.year),
            }
        )
    return pd.DataFrame(rows)


def import_factor_checks(result: core.Result) -> pd.DataFrame:
    """The model's import factor against the published provincial and regional factors."""
    lit = base.published()
    rows = []
    for y in (2021, 2022):
        j = int(np.nonzero(result.years == y)[0][0])
        rows.append(
            {
                "year": y,
                "model median (t/MWh)": round(float(np.median(result.import_ef[:, j])), 3),
                "Guangdong average (MEE/NBS)": lit[f"grid_ef_guangdong_{y}"],
                "Southern grid average (MEE/NBS)": lit[f"grid_ef_southern_{y}"],
            }
        )
    return pd.DataFrame(rows)


# Estimated relationships and hindcasts ------------------------------------------------------------------


def estimates_frame(fits: list) -> pd.DataFrame:
    """Every estimated quantity the model uses or checks: the panel's deviation, the 2019 level, the fitted
    trends, the discrepancy scales as data/assumptions.yml states them; each row with its ``key`` (a fit's or an
    assumption's name, or deviation_sd, deviation_rho, level, trend)."""
    dev = deviation.panel_deviation()
    lvl = level.territorial_level(base.BASE_YEAR)
    sd = np.sqrt(np.diag(lvl.cov))
    rows = [
        (
            "deviation_sd",
            "a record's deviation from the smooth path (sd, log)",
            "second-difference spreads at spacings 1 and 2 (AR(1)), city bootstrap",
            f"CEADs, {dev.cities} cities (Shenzhen left out)",
            dev.sigma,
            dev.sigma_se,
        ),
        (
            "deviation_rho",
            "the deviation's persistence (AR(1) coefficient)",
            "as above",
            "as above",
            dev.rho,
            dev.rho_se,
        ),
        (
            "level",
            "territorial level, 2019 (log Mt)",
            "local linear trend with each record's AR(1) deviation, maximum likelihood (statsmodels), filtered",
            "CEADs 2000-2019, county-level 1997-2017",
            lvl.mean[0],
            sd[0],
        ),
        ("trend", "territorial trend, 2019 (log change per year)", "as above", "as above", lvl.mean[1], sd[1]),
    ]
    rows += [(e.name, e.label, e.estimator, e.sample, e.estimate, e.standard_error) for e in fits]
    for name in (uncertainty.TERRITORIAL_SCALE, uncertainty.DEMAND_SCALE):
        block = estimates.stated(name)
        rows.append(
            (
                name,
                assumptions.get(name).label,
                block["estimator"],
                block["sample"],
                block["estimate"],
                block["standard_error"],
            )
        )
    return pd.DataFrame(rows, columns=["key", "quantity", "estimator", "sample", "estimate", "standard error"])


def hindcast_points(scen, n_draws: int, seed: int) -> pd.DataFrame:
    """Every scored point of the hindcasts from every origin, 2005-2016."""
    origins = list(range(hindcast.FIRST_ORIGIN, hindcast.LAST_ORIGIN + 1))
    return cache.cached(
        "hindcast scores",
        {"origins": origins, "scenario": runs.scenario_key(scen), "draws": n_draws, "seed": seed},
        lambda: hindcast.scores(origins, scen, n_draws, seed, runs.milestones()),
    )


def seam(scen, n_draws: int, seed: int, horizon_end: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Median growth across the last observed year, and the peak years around it with and without the
    structural discrepancy (``seam_growth``, ``seam_peaks``)."""
    with_term = runs.run([scen], n_draws, seed, horizon_end).results[scen.name]
    without = runs.run([scen], n_draws, seed, horizon_end, discrepancy=0.0).results[scen.name]
    growth = seam_growth(with_term)
    peaks = seam_peaks({"with the discrepancy": with_term, "without it": without}, horizon_end)
    return growth, peaks
