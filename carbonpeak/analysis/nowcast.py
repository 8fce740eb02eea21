"""Shenzhen's territorial CO2 after 2019: a nowcast (derived), its back-test, and the 2018 maximum tested.

The nowcast. CEADs measures Shenzhen to 2019. Later years are carried forward from the last measured level
with the only CO2 indicator that reaches 2025, Guangdong's Carbon Monitor total:

    log CO2_Shenzhen(t) = log CO2_Shenzhen(2019) + beta x [log G(t) - log G(2019)] + error,

with beta = 1 ("ratio carrying": Shenzhen moves as the province moves) and the error a sum of independent
yearly shocks of spread sigma, so the interval widens with sqrt(years since 2019). Why so simple: Shenzhen's
record has 14 usable changes between observations (13 without 2018), too few to estimate more than one
spread; a fitted beta (the ``regression`` variant) came out between 1.07 and 1.57 (origins 2008-2019) and did worse
out of sample than beta = 1. 2025 is compared January-November with January-November, because the Carbon Monitor
file stops in November.

The back-test. The same method nowcasts CEADs Shenzhen 2010-2019 from CEADs Guangdong (the indicator the
method was calibrated on), from every origin 2008-2018 and up to six years ahead. At each origin, beta and
sigma use only pairs of Shenzhen observations that both lie at or before the origin (``fit`` truncates its
inputs before it reads them); the indicator is read at the origin and at the target year only, as it would be
when nowcasting. No change (beta = 0) runs beside it as the benchmark.

Grades. The nowcast is *derived*; it never enters the CEADs table and is never drawn as one line with it.
The indicator switches from CEADs Guangdong (back-test) to Carbon Monitor Guangdong (nowcast): Carbon Monitor's
levels differ from CEADs' and only its changes are used; the extra error from the switch is not measured here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.stats import norm

from carbonpeak import data
from carbonpeak.constants import GUANGDONG, SHENZHEN
from carbonpeak.errors import ModelError

ANCHOR_YEAR = 2019  # last CEADs year
NOWCAST_YEARS = tuple(range(2020, 2026))
LEVELS = (0.8, 0.95)
METHODS = {
    "ratio": "ratio carrying (beta = 1)",
    "regression": "beta fitted by weighted least squares",
    "naive": "no change (benchmark, beta = 0)",
}
DEFAULT_METHOD = "ratio"
BACKTEST_TARGETS = (2010, 2019)  # target years of the back-test
MAX_HORIZON = 6  # 2019 -> 2025
MIN_PAIRS = 4  # Shenzhen changes needed before an origin can be used
OUTLIER_YEAR = 2018
RECORD_2018 = ("keep", "outlier")


# --- inputs -----------------------------------------------------------------------------------------------


def shenzhen_record(record_2018: str = "keep") -> pd.Series:
    """CEADs Shenzhen (measured), without 2018 when ``record_2018`` is "outlier"."""
    if record_2018 not in RECORD_2018:
        raise ModelError(f"record_2018 must be one of {RECORD_2018}, got {record_2018!r}")
    s = data.series("city_co2", SHENZHEN, "co2")
    return s.drop(OUTLIER_YEAR) if record_2018 == "outlier" else s


def guangdong_ceads() -> pd.Series:
    """CEADs Guangdong's total CO2 (Mt): the indicator the back-test nowcasts from."""
    return data.series("guangdong_sector_co2", GUANGDONG, "co2_total")


def carbon_monitor_change() -> pd.Series:
    """Log change of Guangdong's Carbon Monitor CO2 from 2019 to each year 2020-2025.

    Complete years compare year totals; 2025 chains 2024's total with January-November 2025 over
    January-November 2024.
    """
    year = data.series("carbon_monitor", GUANGDONG, "co2")
    jan_nov = data.series("carbon_monitor", GUANGDONG, "co2_jan_nov")
    out = {}
    for t in NOWCAST_YEARS:
        if t in year.index:
            out[t] = math.log(year[t] / year[ANCHOR_YEAR])
        elif t in jan_nov.index and t - 1 in year.index and t - 1 in jan_nov.index:
            out[t] = math.log(year[t - 1] / year[ANCHOR_YEAR]) + math.log(jan_nov[t] / jan_nov[t - 1])
    return pd.Series(out, name="log_change_since_2019")


# --- the method -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fit:
    """The method fitted at an origin: beta, the spread of one year's log error and the number of Shenzhen
    changes used."""

    method: str
    origin: int
    beta: float
    sigma: float  # spread of one year's error (log)
    pairs: int  # Shenzhen changes used


def _pairs(city: pd.Series) -> list[tuple[int, int]]:
    years = [int(y) for y in city.index]
    return list(zip(years[:-1], years[1:]))


def fit(city: pd.Series, province: pd.Series, origin: int, method: str = DEFAULT_METHOD) -> Fit:
    """beta and sigma from the changes between consecutive Shenzhen observations up to ``origin``.

    Both series are cut at ``origin`` before anything is read, so nothing later can enter. A change over a
    gap of k years counts with weight 1/k (its error is the sum of k yearly errors).
    """
    if method not in METHODS:
        raise ModelError(f"unknown nowcast method {method!r}; known: {', '.join(METHODS)}")
    city = city[city.index <= origin].sort_index()
    province = province[province.index <= origin]
    pairs = [(a, b) for a, b in _pairs(city) if a in province.index and b in province.index]
    if len(pairs) < MIN_PAIRS:
        raise ModelError(f"origin {origin}: {len(pairs)} Shenzhen changes before it, at least {MIN_PAIRS} needed")
    k = np.array([b - a for a, b in pairs], dtype=float)
    dy = np.array([math.log(city[b] / city[a]) for a, b in pairs])
    dx = np.array([math.log(province[b] / province[a]) for a, b in pairs])
    if method == "regression":
        beta = float(np.sum(dx * dy / k) / np.sum(dx * dx / k))
    else:
        beta = 1.0 if method == "ratio" else 0.0
    fitted = 1 if method == "regression" else 0
    sigma = math.sqrt(float(np.sum((dy - beta * dx) ** 2 / k)) / (len(pairs) - fitted))
    return Fit(method, int(origin), beta, sigma, len(pairs))


def _interval(centre_log: float, sigma: float, horizon: int, levels) -> dict:
    out = {"median": math.exp(centre_log)}  # exp of the log centre: the median of the interval
    for level in levels:
        half = norm.ppf(0.5 + level / 2) * sigma * math.sqrt(horizon)
        tag = f"{level * 100:g}".replace(".", "_")
        out[f"lower_{tag}"] = math.exp(centre_log - half)
        out[f"upper_{tag}"] = math.exp(centre_log + half)
    return out


def nowcast(record_2018: str = "keep", method: str = DEFAULT_METHOD, levels=LEVELS) -> pd.DataFrame:
    """Shenzhen 2020-2025 (derived): year, horizon, indicator change, median and the interval bounds (Mt CO2)."""
    city = shenzhen_record(record_2018)
    f = fit(city, guangdong_ceads(), ANCHOR_YEAR, method)
    change = carbon_monitor_change()
    anchor = float(city[ANCHOR_YEAR])
    rows = []
    for t, dx in change.items():
        h = int(t) - ANCHOR_YEAR
        rows.append(
            {
                "year": int(t),
                "horizon": h,
                "indicator_change_pct": (math.exp(dx) - 1) * 100,
                **_interval(math.log(anchor) + f.beta * dx, f.sigma, h, levels),
            }
        )
    out = pd.DataFrame(rows)
    out.attrs = {
        "method": method,
        "label": METHODS[method],
        "beta": f.beta,
        "sigma": f.sigma,
        "pairs": f.pairs,
        "anchor_year": ANCHOR_YEAR,
        "anchor": anchor,
        "record_2018": record_2018,
        "levels": tuple(levels),
    }
    return out


# --- the back-test ----------------------------------------------------------------------------------------


def nowcast_from(
    city: pd.Series, province: pd.Series, origin: int, targets, method: str = DEFAULT_METHOD, levels=LEVELS
) -> pd.DataFrame:
    """Nowcasts of ``targets`` made at ``origin``: the city is read up to the origin only, the province at
    the origin and at each target year only."""
    f = fit(city, province, origin, method)
    base = math.log(float(city[origin]))
    rows = []
    for t in targets:
        if t <= origin:
            raise ModelError(f"target {t} is not after the origin {origin}")
        dx = math.log(float(province[t]) / float(province[origin]))
        rows.append(
            {
                "origin": int(origin),
                "year": int(t),
                "horizon": int(t) - int(origin),
                **_interval(base + f.beta * dx, f.sigma, int(t) - int(origin), levels),
            }
        )
    return pd.DataFrame(rows)


def backtest(
    method: str = DEFAULT_METHOD,
    record_2018: str = "keep",
    levels=LEVELS,
    city: pd.Series | None = None,
    province: pd.Series | None = None,
) -> pd.DataFrame:
    """Every (origin, target) pair with a measured target in 2010-2019, up to six years ahead.

    Columns: origin, year, horizon, median and bounds, actual, log_error, covered_<level>.
    """
    city = shenzhen_record(record_2018) if city is None else city.sort_index()
    province = guangdong_ceads() if province is None else province
    first, last = BACKTEST_TARGETS
    parts = []
    for origin in [int(y) for y in city.index if y < last]:
        targets = [int(t) for t in city.index if first <= t <= last and 0 < t - origin <= MAX_HORIZON]
        if not targets:
            continue
        try:
            part = nowcast_from(city[city.index <= origin], province, origin, targets, method, levels)
        except ModelError:
            continue  # too few changes before this origin
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["actual"] = [float(city[t]) for t in out["year"]]
    out["log_error"] = np.log(out["actual"] / out["median"])
    for level in levels:
        tag = f"{level * 100:g}".replace(".", "_")
        out[f"covered_{tag}"] = (out["actual"] >= out[f"lower_{tag}"]) & (out["actual"] <= out[f"upper_{tag}"])
    out.attrs = {"method": method, "record_2018": record_2018}
    return out


def backtest_summary(record_2018: str = "keep", levels=LEVELS) -> pd.DataFrame:
    """One row per method: nowcasts, origins, median and mean absolute error (%), coverage of each interval."""
    rows = []
    for method, label in METHODS.items():
        bt = backtest(method, record_2018, levels)
        row = {
            "method": label,
            "nowcasts": len(bt),
            "origins": bt["origin"].nunique(),
            "median abs error %": (np.exp(bt["log_error"].abs().median()) - 1) * 100,
            "mean abs error %": (np.exp(bt["log_error"].abs().mean()) - 1) * 100,
        }
        for level in levels:
            tag = f"{level * 100:g}".replace(".", "_")
            row[f"{tag} % interval covered %"] = bt[f"covered_{tag}"].mean() * 100
        rows.append(row)
    return pd.DataFrame(rows).round(1)


# --- what the page shows ----------------------------------------------------------------------------------


def record_to_2025(record_2018: str = "keep", levels=LEVELS) -> pd.DataFrame:
    """CEADs (measured), CMCC (measured, another method) and the nowcast (derived), as separate series.

    Columns: year, series, grade, value, lower_<level>, upper_<level> (the bounds for the nowcast only).
    """
    rows = []
    ceads = shenzhen_record(record_2018)
    for y, v in ceads.items():
        rows.append({"year": int(y), "series": SERIES["ceads"], "grade": "measured", "value": float(v)})
    for y, v in data.series("shenzhen_co2_cmcc", SHENZHEN, "co2").items():
        rows.append({"year": int(y), "series": SERIES["cmcc"], "grade": "measured", "value": float(v)})
    nc = nowcast(record_2018, levels=levels)
    bounds = [c for c in nc.columns if c.startswith(("lower_", "upper_"))]
    for r in nc.to_dict("records"):
        rows.append(
            {
                "year": r["year"],
                "series": SERIES["nowcast"],
                "grade": "derived",
                "value": r["median"],
                **{c: r[c] for c in bounds},
            }
        )
    out = pd.DataFrame(rows)
    return out.round({c: 2 for c in ["value", *bounds]})


SERIES = {
    "ceads": "CEADs inventory (measured)",
    "cmcc": "Carbon Monitor Cities - China (measured, another method)",
    "nowcast": "Nowcast from Guangdong's Carbon Monitor trend (derived)",
}


def indicators() -> pd.DataFrame:
    """What moved after 2019, year by year (% on the year before): the nowcast's indicator and the others."""
    cm_year = data.series("carbon_monitor", GUANGDONG, "co2")
    cm_jn = data.series("carbon_monitor", GUANGDONG, "co2_jan_nov")
    power = data.load("guangdong_power")
    power = power[power["region"] == GUANGDONG].pivot(index="year", columns="variable", values="value")
    eco = data.load("shenzhen_economy")
    growth = eco[eco["variable"] == "gdp_real_growth"].set_index("year")["value"]
    pts = data.points().set_index(["variable", "year"])["value"]
    rows = []
    for t in NOWCAST_YEARS:
        cm = (cm_year[t] / cm_year[t - 1] - 1) * 100 if t in cm_year.index else (cm_jn[t] / cm_jn[t - 1] - 1) * 100
        row = {"year": t, "Guangdong CO2, Carbon Monitor": cm}
        for variable, label in (
            ("electricity_consumption", "Guangdong electricity use"),
            ("generation_thermal", "Guangdong thermal generation"),
        ):
            col = power.get(variable, pd.Series(dtype=float))
            row[label] = (col[t] / col[t - 1] - 1) * 100 if t in col.index and t - 1 in col.index else np.nan
        row["Shenzhen electricity use"] = next(
            (pts[(v, t)] for v in ("electricity_growth", "electricity_growth_jan_sep") if (v, t) in pts.index), np.nan
        )
        row["Shenzhen real GDP"] = growth.get(t, np.nan)
        rows.append(row)
    out = pd.DataFrame(rows).set_index("year").round(1)
    out.attrs["notes"] = (
        "Carbon Monitor 2025: January-November on January-November. Shenzhen electricity 2024: "
        "January-September. Blank: not published or not in the data."
    )
    return out


def nowcast_table(record_2018: str = "keep", levels=LEVELS) -> pd.DataFrame:
    """The nowcast for the page: year, horizon, Guangdong's Carbon Monitor change since 2019 (%), median and
    bounds, rounded."""
    nc = nowcast(record_2018, levels=levels)
    cols = ["year", "horizon", "indicator_change_pct", "median"] + [
        c for c in nc.columns if c.startswith(("lower_", "upper_"))
    ]
    return nc[cols].rename(columns={"indicator_change_pct": "Guangdong CM change since 2019 %"}).round(2)


# --- the 2018 maximum -------------------------------------------------------------------------------------

EVIDENCE_YEARS = tuple(range(2014, 2022))
JUMP_FROM, JUMP_TO = 2016, 2018
PEER_END_YEARS = (2011, 2019)  # two-year changes ending in these years: the mature, post-2010 record
UNUSUAL_SHARE = 0.10  # a change is unusual when fewer than 10 % of peer changes are as large
CORROBORATION = 0.5  # an independent series corroborates when it rose at least half as much (log)


def _two_year_changes(wide: pd.DataFrame) -> pd.DataFrame:
    """Log change from t-2 to t wherever both years are measured (columns = cities, index = end year t)."""
    logs = np.log(wide.sort_index().reindex(range(int(wide.index.min()), int(wide.index.max()) + 1)))
    return logs - logs.shift(2)


def evidence_2018() -> pd.DataFrame:
    """The evidence on CEADs' 2016->2018 jump, side by side: one row per series, one column per year.

    Columns: series, grade, the years 2014-2021 (Mt or TWh; blank where not measured), the change
    2016->2018 and 2016->2017 (%).
    """
    power = data.load("guangdong_power")
    power = power[power["region"] == GUANGDONG]
    county = data.series("county_co2", SHENZHEN, "co2_districts_sum")
    series = [
        ("CEADs Shenzhen, Mt CO2", "measured", data.series("city_co2", SHENZHEN, "co2")),
        ("District sum, Chen et al. 2020 (top-down), Mt CO2", "proxy", county),
        ("CMCC Shenzhen (another method), Mt CO2", "measured", data.series("shenzhen_co2_cmcc", SHENZHEN, "co2")),
        ("CEADs Guangdong, Mt CO2", "proxy", guangdong_ceads()),
        (
            "Guangdong electricity use, TWh",
            "proxy",
            power[power["variable"] == "electricity_consumption"].set_index("year")["value"],
        ),
        (
            "Guangdong thermal generation, TWh",
            "proxy",
            power[power["variable"] == "generation_thermal"].set_index("year")["value"],
        ),
    ]
    rows = []
    for label, grade, s in series:
        row = {"series": label, "grade": grade}
        row.update({str(y): (round(float(s[y]), 2) if y in s.index else np.nan) for y in EVIDENCE_YEARS})
        for a, b in ((JUMP_FROM, JUMP_TO), (JUMP_FROM, JUMP_FROM + 1)):
            row[f"change {a}-{b} %"] = round((s[b] / s[a] - 1) * 100, 1) if a in s.index and b in s.index else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Jump:
    """CEADs Shenzhen's 2016 -> 2018 jump measured against its own record, its peers and the independent series,
    with the verdict."""

    jump_pct: float  # CEADs Shenzhen 2016 -> 2018, %
    value_2016: float
    value_2018: float
    value_2019: float
    yoy_spread_pct: float  # standard deviation of Shenzhen's year-on-year changes (log, %)
    z: float  # the jump in units of the two-year spread (sqrt(2) x yearly)
    own_max_pct: float  # largest other two-year change in Shenzhen's record since 2008
    peer_share: float  # share of peer cities' two-year changes (ending 2011-2019) at least as large
    peer_count: int
    guangdong_cities_as_large: int  # Guangdong cities moving at least as much (either way) 2016 -> 2018
    guangdong_cities: int
    guangdong_share_before: float  # the same share in the windows ending 2010-2017
    independent: dict  # independent series: change 2016 -> 2018 (or 2016 -> 2017 for the district sum), %
    unusual: bool
    corroborated: bool
    verdict: str


def assess_2018() -> Jump:
    """The 2016 -> 2018 jump against Shenzhen's own spread, its peers, and the independent series.

    Rules, fixed before looking at the answer: the jump is *unusual* when fewer than 10 % of peer two-year
    changes (all CEADs cities, ending 2011-2019) are as large, or when it exceeds every other two-year change
    in Shenzhen's record since 2008; it is *corroborated* when an independent series rose at least half as
    much in log terms over the same years (the district sum, which ends in 2017, at half the yearly pace).
    """
    wide = data.load("city_co2").pivot(index="year", columns="region", values="value")
    two = _two_year_changes(wide)
    sz = data.series("city_co2", SHENZHEN, "co2")
    jump = math.log(sz[JUMP_TO] / sz[JUMP_FROM])
    consecutive = [math.log(sz[b] / sz[a]) for a, b in _pairs(sz) if b - a == 1]
    spread = float(np.std(consecutive, ddof=1))
    own = two[SHENZHEN].drop(JUMP_TO, errors="ignore").loc[2010:].dropna()
    peers = two.loc[PEER_END_YEARS[0] : PEER_END_YEARS[1]].stack().dropna()
    peers = peers.drop((JUMP_TO, SHENZHEN), errors="ignore")
    share = float((peers >= jump).mean())
    gd_cities = [c for c in wide.columns if c.startswith("广东") and c != SHENZHEN]
    gd_moves = two.loc[JUMP_TO, gd_cities].dropna()
    gd_before = two.loc[2010 : JUMP_TO - 1, gd_cities].stack().dropna()
    evidence = evidence_2018().set_index("series")
    independent = {}
    for label in evidence.index:
        if label.startswith(("CEADs Guangdong", "Guangdong")):
            independent[label] = float(evidence.at[label, f"change {JUMP_FROM}-{JUMP_TO} %"])
        elif label.startswith("District sum"):
            independent[label] = float(evidence.at[label, f"change {JUMP_FROM}-{JUMP_FROM + 1} %"])
    two_year_log = {
        label: math.log(1 + v / 100) * (2 if label.startswith("District") else 1) for label, v in independent.items()
    }  # the district sum's one-year change at a two-year pace
    unusual_peers, unusual_own = share < UNUSUAL_SHARE, jump > float(own.max())
    unusual = unusual_peers or unusual_own
    corroborated = any(v >= CORROBORATION * jump for v in two_year_log.values())
    if not unusual:
        verdict = "plausible: within the usual range of two-year changes"
    elif corroborated:
        verdict = "plausible: large, but independent series moved the same way"
    else:
        why = " and ".join(
            w
            for w, hit in (
                ("larger than any other two-year change in Shenzhen's record since 2008", unusual_own),
                ("rarer than one in ten among peer cities", unusual_peers),
            )
            if hit
        )
        verdict = f"doubtful: {why}, and no independent series shows a rise of even half its size"
    return Jump(
        jump_pct=(math.exp(jump) - 1) * 100,
        value_2016=float(sz[JUMP_FROM]),
        value_2018=float(sz[JUMP_TO]),
        value_2019=float(sz[ANCHOR_YEAR]),
        yoy_spread_pct=spread * 100,
        z=jump / (spread * math.sqrt(2)),
        own_max_pct=(math.exp(float(own.max())) - 1) * 100,
        peer_share=share,
        peer_count=int(len(peers)),
        guangdong_cities_as_large=int((gd_moves.abs() >= jump).sum()),
        guangdong_cities=int(len(gd_moves)),
        guangdong_share_before=float((gd_before.abs() >= jump).mean()),
        independent=independent,
        unusual=unusual,
        corroborated=corroborated,
        verdict=verdict,
    )


def verdict_2018_word() -> str:
    """The verdict of the 2018 test in one word ("doubtful", "plausible"), for sentences that name it."""
    return assess_2018().verdict.split(":")[0]
