""" "The plan in numbers": which targets have data behind them, and how far the observed ones have come."""

from __future__ import annotations

import pandas as pd

AVAILABILITY = (
    "observed value in the data pack",
    "number stated, no observation in reach",
    "no number in the plan (set elsewhere)",
    "number lost in the source text",
)


def availability(row) -> str:
    """Which AVAILABILITY group a registry row is in: observed, a number without an observation, no number
    in the plan, or a number lost in the source text."""
    if row["value_status"] == "missing_in_source":
        return AVAILABILITY[3]
    if row["value_status"] == "not_stated":
        return AVAILABILITY[2]
    return AVAILABILITY[0] if pd.notna(row["observed_value"]) else AVAILABILITY[1]


def observed_vs_target(targets: pd.DataFrame) -> pd.DataFrame:
    """Targets with an observed value: the observation as a percentage of the target level."""
    df = targets[targets["observed_value"].notna() & targets["target_value"].notna()].copy()
    df["observed_pct_of_target"] = (df["observed_value"] / df["target_value"] * 100).round(1)
    return df[
        [
            "id",
            "indicator_en",
            "comparator",
            "target_value",
            "unit",
            "target_year",
            "observed_value",
            "observed_year",
            "observed_grade",
            "observed_pct_of_target",
            "observed_note",
        ]
    ].reset_index(drop=True)
