"""The register of published estimates (data/published_estimates.csv) and its context table of other regions,
read and checked: every row says its scenario type and boundary, and a peak year is either a stated range or
an open upper bound ("before 2025"), never a range with an invented start.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from carbonpeak import locations
from carbonpeak.data.compiled import read_checked
from carbonpeak.data.provenance import GRADES
from carbonpeak.errors import DataError

REGISTER_FILE = locations.DATA / "published_estimates.csv"
CONTEXT_FILE = locations.DATA / "published_estimates_context.csv"
SCENARIO_TYPES = ("BAU", "policy", "inventory", "target", "not seen")
BOUNDARIES = ("territorial", "with imported electricity", "hybrid", "not stated", "not seen")
PEAK_BOUNDS = ("before", "range", "")
NUMBERS = (
    "published",
    "base_year",
    "horizon_end",
    "peak_year_low",
    "peak_year_high",
    "peak_value_mt",
    "figure_value",
    "figure_low",
    "figure_high",
)
COLUMNS = (
    "id",
    "source",
    "citation",
    "method",
    "scenario_type",
    "boundary",
    "region",
    "peak_bound",
    "figure",
    "figure_period",
    "figure_unit",
    "grade",
    "notes",
    *NUMBERS,
)
# Which scenario of this book a study is set beside: a BAU study beside the baseline, a policy study or the
# plan's own target beside the plan; records and thresholds beside the measured record.
BESIDE = {"BAU": "baseline", "policy": "plan", "target": "plan", "inventory": "record", "not seen": "record"}


def read_register(path: Path | None = None) -> pd.DataFrame:
    """The register (or another file of its columns, e.g. the context table), checked row by row; numbers as
    floats (NaN where a source states none)."""
    path = Path(path) if path else REGISTER_FILE
    raw = read_checked(path, "curated", COLUMNS)
    for i, row in enumerate(raw.to_dict("records"), start=1):
        _check(row, f"{path}: row {i} (id {row['id'] or '?'})")
    if not raw["id"].is_unique:
        raise DataError(f"{path}: id '{raw['id'][raw['id'].duplicated()].iloc[0]}' appears more than once")
    out = raw.copy()
    for column in NUMBERS:
        out[column] = pd.to_numeric(out[column].replace("", np.nan))
    return out


def read_context() -> pd.DataFrame:
    """The context table: the same columns, for regions other than Shenzhen."""
    return read_register(CONTEXT_FILE)


def _check(row: dict, where: str) -> None:
    def bad(column: str, why: str):
        raise DataError(f"{where}, column '{column}': {why}")

    for column, allowed in (
        ("scenario_type", SCENARIO_TYPES),
        ("boundary", BOUNDARIES),
        ("peak_bound", PEAK_BOUNDS),
        ("grade", tuple(GRADES)),
    ):
        if row[column] not in allowed:
            bad(column, f"'{row[column]}' is not one of {list(allowed)}")
    for column in NUMBERS:
        if row[column]:
            try:
                float(row[column])
            except ValueError:
                bad(column, f"'{row[column]}' is not a number")
    low, high, bound = row["peak_year_low"], row["peak_year_high"], row["peak_bound"]
    if bound == "before" and (low or not high):
        bad("peak_year_low", "an open bound ('before') has a peak_year_high and no peak_year_low")
    if bound == "range" and not (low and high and float(low) <= float(high)):
        bad("peak_year_low", "a range needs peak_year_low <= peak_year_high")
    if bound == "" and (low or high):
        bad("peak_bound", "a peak year is given without saying whether it is a range or an open bound")
