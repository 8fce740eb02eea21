"""The plan's quantitative targets: the registry (data/targets.csv) and the scorecard.

Registry. One row per quantitative target in 深府〔2023〕84号, with the plan's sentence quoted verbatim
(``quote_zh``), the target in controlled units, and an observed value where the data pack has one. A
target whose number the plan does not state (set by the national allocation) or whose number is lost in
the source text is kept, with ``value_status`` saying so and no number.

Scorecard. ``scorecard(target, projection)`` turns a projection for the target year into the probability
of meeting the target, a status and the gap in the target's units:

- met means: ``>=``/``>`` the value reaches the target; ``<=``/``<`` it stays at or below it; ``~``
  ("about", 左右/约) it reaches at least (1 - about_tolerance) x target; ``=`` it lies within
  about_tolerance x |target| of it;
- probability: the share of Monte Carlo draws that meet it, or, from a central value with an interval,
  the probability under a log-normal fitted to the interval (normal when a bound is not positive);
- status: on track when the probability is at least ``on_track``, off track when it is below
  ``off_track``, at risk in between; no data when there is no projection or no target number;
- gap: central value minus target (target minus central for ``<=``/``<``): positive means ahead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import norm

from carbonpeak import locations
from carbonpeak.data.compiled import read_checked, read_checked_text
from carbonpeak.data.provenance import GRADES
from carbonpeak.errors import DataError, ModelError

TARGETS_FILE = locations.DATA / "targets.csv"
PLAN_TEXT_FILE = locations.RAW / "plan" / "shenzhen_carbon_peak_plan_2023_mirror.txt"

# The plan's ten actions (碳达峰十大行动), its overall goals, the green-industry and cooperation sections.
ACTIONS = {
    "overall": ("总体目标", "Overall goals"),
    "energy_transition": ("能源绿色低碳转型行动", "1. Green, low-carbon energy transition"),
    "energy_saving": ("节能降碳增效行动", "2. Energy saving and efficiency"),
    "industry": ("工业绿色低碳行动", "3. Green, low-carbon industry"),
    "transport": ("交通运输碳达峰行动", "4. Transport carbon peak"),
    "urban_construction": ("城乡建设绿色低碳行动", "5. Green, low-carbon urban and rural construction"),
    "technology": ("科技赋能碳达峰行动", "6. Technology for the carbon peak"),
    "market": ("市场助力碳达峰行动", "7. Markets for the carbon peak"),
    "carbon_sinks": ("生态系统碳汇提升行动", "8. Ecosystem carbon sinks"),
    "citizens": ("绿色低碳全民行动", "9. Green, low-carbon living for all"),
    "pilots": ("碳达峰试点示范行动", "10. Pilots and demonstrations"),
    "green_industry": ("绿色低碳产业", "Green, low-carbon industries"),
    "cooperation": ("区域合作", "Regional and international cooperation"),
}
SECTORS = ("energy", "industry", "transport", "buildings", "carbon_sinks", "cross_cutting")
COMPARATORS = (">=", ">", "<=", "<", "~", "=")
UNITS = {
    "%": "percent (a share or rate)",
    "% change": "percent change against the baseline year",
    "GW": "gigawatts (1 GW = 100 万千瓦)",
    "km": "kilometres",
    "vehicles": "vehicles",
    "count": "number of items (sites, projects, products, facilities)",
    "million m2": "million square metres of floor area (100 万平方米 = 1)",
    "million m3": "million cubic metres (100 万立方米 = 1)",
    "Mt": "million tonnes (100 万吨 = 1)",
    "ha": "hectares",
    "100 million yuan": "亿元 (100 million yuan, current prices)",
    "ratio": "dimensionless ratio (e.g. PUE, chiller COP)",
    "multiple": "multiple of the baseline",
    "year": "calendar year",
}
VALUE_STATUS = {
    "stated": "the plan states the number",
    "not_stated": "the plan refers to a number set elsewhere (national or provincial allocation)",
    "missing_in_source": "the number is lost in the source text",
}
COLUMNS = (
    "id",
    "action",
    "sector",
    "indicator_en",
    "indicator_zh",
    "comparator",
    "target_value",
    "unit",
    "target_year",
    "baseline_year",
    "baseline_value",
    "value_status",
    "scope_note",
    "quote_zh",
    "observed_value",
    "observed_year",
    "observed_source",
    "observed_quote",
    "observed_grade",
    "observed_note",
)
OBSERVED = ("observed_value", "observed_year", "observed_source", "observed_quote", "observed_grade")
STATUSES = ("on track", "at risk", "off track", "no data")


def load_targets(path: Path | None = None) -> pd.DataFrame:
    """The registry, checked. Errors name the file, the row (and its id) and the column."""
    path = Path(path) if path else TARGETS_FILE
    raw = read_checked(path, "curated", COLUMNS)
    for i, row in enumerate(raw.to_dict("records"), start=1):
        _check_row(path, i, row)
    dup = raw["id"][raw["id"].duplicated()]
    if len(dup):
        raise DataError(f"{path}: id '{dup.iloc[0]}' appears more than once")
    df = raw[list(COLUMNS)].copy()
    for column in ("target_value", "baseline_value", "observed_value"):
        df[column] = pd.to_numeric(df[column].replace("", np.nan))
    return df


def target(tid: str) -> dict:
    """One target of the registry by id (its value, unit, year, comparator and quote), for prose that states it."""
    registry = load_targets().set_index("id")
    if tid not in registry.index:
        raise DataError(f"{TARGETS_FILE}: no target '{tid}'")
    return {"id": tid, **registry.loc[tid].to_dict()}


def _check_row(path: Path, i: int, row: dict) -> None:
    where = f"{path}: row {i} (id {row['id'] or '?'})"

    def bad(column: str, why: str):
        raise DataError(f"{where}, column '{column}': {why}")

    if not re.fullmatch(r"[A-Z]\d{2}", row["id"]):
        bad("id", f"'{row['id']}' is not a letter and two digits")
    choices = {
        "action": ACTIONS,
        "sector": SECTORS,
        "comparator": COMPARATORS,
        "unit": UNITS,
        "value_status": VALUE_STATUS,
    }
    for column, allowed in choices.items():
        if row[column] not in allowed:
            bad(column, f"'{row[column]}' is not one of {list(allowed)}")
    for column in ("indicator_en", "indicator_zh", "quote_zh"):
        if not row[column].strip():
            bad(column, "empty")
    if row["target_year"] and not re.fullmatch(r"\d{4}(-\d{4})?", row["target_year"]):
        bad("target_year", f"'{row['target_year']}' is not a year or a period like 2021-2025")
    if row["value_status"] == "stated":
        if not _is_number(row["target_value"]):
            bad("target_value", f"'{row['target_value']}' is not a number (value_status is 'stated')")
    elif row["target_value"]:
        bad("target_value", f"must be empty when value_status is '{row['value_status']}'")
    for column in ("baseline_value", "observed_value"):
        if row[column] and not _is_number(row[column]):
            bad(column, f"'{row[column]}' is not a number")
    present = [bool(row[c]) for c in OBSERVED]
    if any(present) and not all(present):
        bad(OBSERVED[present.index(False)], "observed_* columns must be all filled or all empty")
    if row["observed_grade"] and row["observed_grade"] not in GRADES:
        bad("observed_grade", f"'{row['observed_grade']}' is not one of {sorted(GRADES)}")


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def plan_text() -> str:
    """The plan's full text (the mirror in data/raw/plan), which every quote_zh must appear in verbatim."""
    return read_checked_text(PLAN_TEXT_FILE, "raw")


@dataclass(frozen=True)
class Score:
    """One target's status: the probability of meeting it, the projected central value, the gap and the reason."""

    id: str
    status: str
    probability: float | None  # of meeting the target
    central: float | None  # projected central value in the target year
    gap: float | None  # in the target's units; positive = ahead of the target
    target_value: float | None
    unit: str
    reason: str

    def as_dict(self) -> dict:
        return asdict(self)


def met(values: np.ndarray, comparator: str, target: float, about_tolerance: float) -> np.ndarray:
    """Which values meet the target under the comparator (see the module docstring)."""
    values = np.asarray(values, dtype=float)
    if comparator == ">=":
        return values >= target
    if comparator == ">":
        return values > target
    if comparator == "<=":
        return values <= target
    if comparator == "<":
        return values < target
    if comparator == "~":
        return values >= target - about_tolerance * abs(target)
    if comparator == "=":
        return np.abs(values - target) <= about_tolerance * abs(target)
    raise ModelError(f"unknown comparator '{comparator}'")


def _gap(central: float, comparator: str, target: float) -> float:
    if comparator in ("<=", "<"):
        return target - central
    if comparator == "=":
        return -abs(central - target)
    return central - target


def _level_of(suffix: str) -> float:
    """'80' -> 0.8, '97_5' -> 0.975 (the inverse of constants.level_name)."""
    return float(suffix.replace("_", ".")) / 100


def _interval_probability(projection: Mapping, comparator: str, target: float, tol: float) -> tuple[float, float]:
    """Probability of meeting the target from a central value and the narrowest interval given."""
    central = float(projection["mean"])
    suffixes = sorted(
        (str(k)[len("lower_") :] for k in projection.keys() if str(k).startswith("lower_")), key=_level_of
    )
    if not suffixes:
        raise ModelError("a projection needs 'mean' and at least one lower_XX/upper_XX pair (or draws)")
    suffix = suffixes[0]
    lower, upper = float(projection[f"lower_{suffix}"]), float(projection[f"upper_{suffix}"])
    z = norm.ppf(0.5 + _level_of(suffix) / 2)
    log_scale = min(lower, upper, central) > 0
    if log_scale:
        loc, scale = math.log(central), (math.log(upper) - math.log(lower)) / (2 * z)
    else:
        loc, scale = central, (upper - lower) / (2 * z)
    if scale <= 0:  # a point projection: met or not
        return float(met(np.array([central]), comparator, target, tol)[0]), central

    def cdf(x: float) -> float:
        if log_scale:
            return 0.0 if x <= 0 else float(norm.cdf((math.log(x) - loc) / scale))
        return float(norm.cdf((x - loc) / scale))

    lo, hi = target - tol * abs(target), target + tol * abs(target)
    p = {
        ">=": 1 - cdf(target),
        ">": 1 - cdf(target),
        "<=": cdf(target),
        "<": cdf(target),
        "~": 1 - cdf(lo),
        "=": cdf(hi) - cdf(lo),
    }[comparator]
    return p, central


def scorecard(
    target: Mapping, projection=None, *, on_track: float = 0.8, off_track: float = 0.2, about_tolerance: float = 0.05
) -> Score:
    """Score one registry row against a projection for its target year.

    ``projection`` is None (no projection yet), a 1-D array or Series of Monte Carlo draws, or a mapping
    (dict or Series, e.g. a row of ``projections.project``) with ``mean`` and ``lower_XX``/``upper_XX``.
    """
    if not 0 <= off_track <= on_track <= 1:
        raise ModelError(f"thresholds must satisfy 0 <= off_track <= on_track <= 1, got {off_track}, {on_track}")
    if not 0 <= about_tolerance < 1:
        raise ModelError(f"about_tolerance must be in [0, 1), got {about_tolerance}")
    tid, unit, comparator = target["id"], target["unit"], target["comparator"]
    value = target["target_value"]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Score(
            tid,
            "no data",
            None,
            None,
            None,
            None,
            unit,
            VALUE_STATUS.get(target.get("value_status", ""), "no target number"),
        )
    value = float(value)
    if projection is None:
        return Score(tid, "no data", None, None, None, value, unit, "no projection yet")
    if isinstance(projection, Mapping) or (isinstance(projection, pd.Series) and "mean" in projection.index):
        probability, central = _interval_probability(projection, comparator, value, about_tolerance)
        reason = "from a central value and its interval"
    else:
        draws = np.asarray(projection, dtype=float).ravel()
        if draws.size == 0 or not np.isfinite(draws).all():
            raise ModelError(f"target {tid}: draws must be a non-empty array of finite numbers")
        probability = float(met(draws, comparator, value, about_tolerance).mean())
        central = float(np.median(draws))
        reason = f"from {draws.size} draws"
    status = "on track" if probability >= on_track else ("off track" if probability < off_track else "at risk")
    return Score(tid, status, probability, central, _gap(central, comparator, value), value, unit, reason)


def board_for(projections: dict | None = None, *, sectors=(), actions=(), ids=(), **thresholds) -> pd.DataFrame:
    """The status board for the registry rows in the given sectors, actions or ids (a chapter's targets)."""
    registry = load_targets()
    rows = registry[registry["sector"].isin(sectors) | registry["action"].isin(actions) | registry["id"].isin(ids)]
    return status_board(rows, projections if projections is not None else {}, **thresholds)


def per_target(board: pd.DataFrame) -> pd.DataFrame:
    """One row per target: a target scored on several boundaries counts once, by its first (territorial) score."""
    return board.drop_duplicates("id", keep="first")


class ByBoundary(dict):
    """A target scored on more than one accounting boundary: {boundary label: projection}. The board gives it
    one row per boundary, the label after the indicator."""


def status_board(targets: pd.DataFrame, projections: dict, **thresholds) -> pd.DataFrame:
    """Every target in ``targets`` scored from ``projections`` ({target id: projection}; a target without
    one is "no projection yet"; a ``ByBoundary`` projection gives one row per boundary). The board of every
    projection the book makes: ``scorers.status_board``."""
    rows = []
    for row in targets.to_dict("records"):
        projection = projections.get(row["id"])
        variants = projection.items() if isinstance(projection, ByBoundary) else [("", projection)]
        for boundary, one in variants:
            rows.append(_board_row(row, scorecard(row, one, **thresholds), boundary))
    return pd.DataFrame(rows)


def _board_row(row: dict, score: Score, boundary: str) -> dict:
    return {
        "id": row["id"],
        "action": row["action"],
        "sector": row["sector"],
        "indicator": f"{row['indicator_en']} ({boundary})" if boundary else row["indicator_en"],
        "boundary": boundary,
        "comparator": row["comparator"],
        "target_value": score.target_value,
        "unit": row["unit"],
        "target_year": row["target_year"],
        "status": score.status,
        "probability": score.probability,
        "central": score.central,
        "gap": score.gap,
        "basis": score.reason,
    }
