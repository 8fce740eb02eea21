"""Targets scored from the pace of their own figures.

Where ``data/processed/shenzhen_points.csv`` holds two figures of a target's indicator, the indicator is
carried forward to the target year at the pace between them: a straight line for shares, a constant
growth rate for value added, a year-to-date total extended at its own pace for an annual total. The pace
of the remaining years is drawn between (1 - pace_spread) and (1 + pace_spread) times the pace achieved
(triangular, peaked at the achieved pace; ``pace_spread`` is the named assumption the transport chapter
uses for build-outs), so the interval says one thing only: the next years may run faster or slower than
the last ones. Shares are capped at 100 %. A target with a single figure is not scored.

Each figure has the time it describes as a decimal year: a year's rate or share the middle of that year
(2022 -> 2022.5), a stock at a date that date (year-end 2021 -> 2022.0), a part-year figure the middle of
its months. The projections are read by ``carbonpeak.targets.scorers`` per sector, so the status board
and "The plan in numbers" read them; the industry and buildings chapters pass them to their scorecards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from carbonpeak.constants import SEED
from carbonpeak.data import point
from carbonpeak.errors import ModelError
from carbonpeak.inputs import assumptions
from carbonpeak.inputs.assumptions import stream

DRAWS = 2000
YANTIAN_YTD_T = 2025 + 197 / 365  # the 2025 year-to-date figure was reported on 17 July (day 198)


@dataclass(frozen=True)
class Trend:
    """A target scored from the pace between two of its figures: which figures and when, the target's time,
    straight line or growth, cap, unit factor and basis."""

    id: str  # target id in data/targets.csv
    sector: str
    variable: str  # in shenzhen_points
    figures: tuple  # ((points year, decimal time the figure describes, value override or None), ...)
    target_t: float  # decimal time the target describes
    growth: bool  # constant growth rate (True) or straight line (False)
    cap: float | None  # upper bound (100 for shares)
    to_target_unit: float  # multiply a points value by this to get the target's unit
    basis: str  # what the pace rests on, for the page


TRENDS = (
    Trend(
        "E04",
        "energy",
        "lng_bunkering_yantian_ytd",
        ((2025, 2025.0, 0.0), (2025, YANTIAN_YTD_T, None)),
        2026.0,
        False,
        None,
        0.01,
        "Yantian's 2025 bunkering to 17 July (a lower bound), extended to year-end at its pace so far; "
        "Yantian only, so the city total is higher",
    ),
    Trend(
        "I01",
        "industry",
        "sei_value_added",
        ((2023, 2023.5, None), (2024, 2024.5, None)),
        2025.5,
        True,
        None,
        1.0,
        "value added 2023 and 2024, current prices; the 2023-24 growth rate carried to 2025",
    ),
    Trend(
        "R07",
        "transport",
        "nev_share_of_new_cars",
        ((2023, 2023.5, None), (2024, 2024 + 5 / 12, None)),
        2025.5,
        False,
        100.0,
        1.0,
        "NEV share of new cars 2023 and January-October 2024; NEVs only, so it understates the plan's "
        "new-energy-and-clean-energy share",
    ),
    Trend(
        "R11",
        "transport",
        "nev_share_of_new_cars",
        ((2023, 2023.5, None), (2024, 2024 + 5 / 12, None)),
        2030.5,
        False,
        100.0,
        1.0,
        "as R07, carried to 2030 and capped at 100 %",
    ),
    Trend(
        "B03",
        "buildings",
        "construction_waste_resource_rate",
        ((2020, 2020.5, None), (2022, 2022.5, None)),
        2025.5,
        False,
        100.0,
        1.0,
        "construction-waste resource-use rate (资源化利用率) 2020 and 2022; the plan's 综合利用率 may be "
        "defined differently",
    ),
    Trend(
        "B07",
        "buildings",
        "prefab_share_new_buildings",
        ((2020, 2020.25, None), (2022, 2022.5, None)),
        2025.5,
        False,
        100.0,
        1.0,
        "prefabricated share of new building, January-June 2020 (unattributed) and 2022",
    ),
)
SECTORS = tuple(dict.fromkeys(t.sector for t in TRENDS))


def pace_draws(
    values, times, target_t: float, spread: float, n: int, seed, growth: bool = False, cap: float | None = None
) -> np.ndarray:
    """Value at ``target_t`` if the pace between the two figures (values at times) goes on, the remaining
    years' pace drawn between (1 - spread) and (1 + spread) times the achieved pace (triangular)."""
    (v0, v1), (t0, t1) = (float(v) for v in values), (float(t) for t in times)
    if not t1 > t0:
        raise ModelError(f"the two figures must be in time order, got t={t0} and t={t1}")
    if target_t < t1:
        raise ModelError(f"target time {target_t} is before the last figure ({t1})")
    if not 0 <= spread < 1:
        raise ModelError(f"pace spread must be in [0, 1), got {spread}")
    if not all(math.isfinite(v) for v in (v0, v1)):
        raise ModelError("figures must be finite numbers")
    factor = np.random.default_rng(seed).triangular(1 - spread, 1, 1 + spread, size=n) if spread else np.ones(n)
    ahead = target_t - t1
    if growth:
        if min(v0, v1) <= 0:
            raise ModelError("a growth-rate pace needs positive figures")
        out = v1 * np.exp(math.log(v1 / v0) / (t1 - t0) * factor * ahead)
    else:
        out = v1 + (v1 - v0) / (t1 - t0) * factor * ahead
    return np.minimum(out, cap) if cap is not None else out


def figures(trend: Trend) -> tuple[list[float], list[float]]:
    """The trend's two values (points table, or the stated value such as 0 at the start of a year) and times."""
    values = [point(trend.variable, year) if value is None else value for year, _, value in trend.figures]
    return values, [t for _, t, _ in trend.figures]


def draws(trend: Trend, spread: float, n: int, seed: int) -> np.ndarray:
    """``n`` draws of the trend's value at the target time in the target's unit (each trend its own seeded stream)."""
    values, times = figures(trend)
    out = pace_draws(values, times, trend.target_t, spread, n, stream(seed, trend.id), trend.growth, trend.cap)
    return out * trend.to_target_unit


def projections(
    sector: str | None = None, spread: float | None = None, n: int = DRAWS, seed: int = SEED
) -> dict[str, np.ndarray]:
    """{target id: draws in the target's unit} for the trends of one sector (all when None)."""
    spread = assumptions.get("pace_spread").default if spread is None else spread
    return {t.id: draws(t, spread, n, seed) for t in TRENDS if sector in (None, t.sector)}


def trend_table(
    sector: str | None = None, spread: float | None = None, n: int = DRAWS, seed: int = SEED
) -> pd.DataFrame:
    """Each scored target: its two figures and when they were, the pace, the projected median and 10-90 % range
    in the target's unit, and what the pace rests on."""
    spread = assumptions.get("pace_spread").default if spread is None else spread
    rows = []
    for t in TRENDS:
        if sector not in (None, t.sector):
            continue
        (v0, v1), (t0, t1) = figures(t)
        d = draws(t, spread, n, seed)
        pace = (
            f"{math.log(v1 / v0) / (t1 - t0):+.1%} a year"
            if t.growth
            else f"{(v1 - v0) / (t1 - t0) * t.to_target_unit:+.3g} a year"
        )
        rows.append(
            {
                "id": t.id,
                "first": round(v0 * t.to_target_unit, 4),
                "first at": round(t0, 2),
                "last": round(v1 * t.to_target_unit, 4),
                "last at": round(t1, 2),
                "pace": pace,
                "target at": round(t.target_t, 2),
                "median": round(float(np.median(d)), 3),
                "10 %": round(float(np.quantile(d, 0.1)), 3),
                "90 %": round(float(np.quantile(d, 0.9)), 3),
                "basis": t.basis,
            }
        )
    return pd.DataFrame(rows)


PACE_DRAWS = 2000
# Build-out targets scored from the pace between two figures of the same indicator:
# (target id, variable, ((points year, year-end-equivalent time), (points year, time)), target time, basis)
BUILD_OUT = (
    (
        "R02",
        "rail_length",
        ((2018, 2019.0), (2025, 2026.0)),
        2026.0,
        "metro length at the end of 2018 (265 km) and of 2025 (more than 600 km), both metro only: the plan's "
        "urban rail also counts trams",
    ),
    (
        "R05",
        "rail_length",
        ((2018, 2019.0), (2025, 2026.0)),
        2031.0,
        "the 2018-2025 metro pace carried to the end of 2030 (metro only; the plan also counts trams)",
    ),
    (
        "R13",
        "chargers",
        ((2023, 2024.0), (2024, 2024.8)),
        2026.0,
        "charging piles at the end of 2023 and charging facilities in October 2024 (different counts), carried to "
        "the end of 2025",
    ),
)


def build_out_draws(spread: float | None = None, n: int = PACE_DRAWS, seed: int = SEED) -> dict[str, np.ndarray]:
    """The rail and charger targets at their target time if the pace between their two figures goes on,
    the remaining pace drawn within +- pace_spread (``pace_draws``)."""
    spread = assumptions.get("pace_spread").default if spread is None else spread
    out = {}
    for tid, variable, figs, target_t, _ in BUILD_OUT:
        values = [point(variable, year) for year, _ in figs]
        times = [t for _, t in figs]
        out[tid] = pace_draws(values, times, target_t, spread, n, stream(seed, tid))
    return out
