"""The chapter on the plan's targets as a reader sees it: its key findings and tables, from the registry and
the status board (carbonpeak.targets, carbonpeak.targets.reports; nothing here computes a result)."""

from __future__ import annotations

import pandas as pd

from carbonpeak import targets
from carbonpeak.formats import probability
from carbonpeak.pages.common import quantity
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table, percent
from carbonpeak.targets import reports

SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "~": "about", "=": "="}


def key_findings(registry: pd.DataFrame, board: pd.DataFrame, on_track: float, off_track: float) -> KeyFindings:
    """What the chapter finds, from the registry and the board: how many targets are stated, observed and scored,
    their status, T01, and where data is missing."""
    n_number = int(registry["target_value"].notna().sum())
    n_observed = int(registry["observed_value"].notna().sum())
    one = targets.per_target(board)
    counts = one["status"].value_counts()
    scored = len(one) - int(counts.get("no data", 0))
    cover = reports.coverage(registry, board).set_index("action").drop(index="All targets")
    blind = cover[(cover["with an observation"] == 0) & (cover["with a projection"] == 0)]
    lost = registry[registry["value_status"] == "missing_in_source"]
    t01 = board.set_index("id").loc["T01"]
    pct = percent()
    bullets = [
        f"**{len(registry)} quantitative targets**, each with the plan's own sentence: {n_number} state a number, "
        f"{n_observed} have an observed value in the data pack, and {scored} are scored against a projection.",
        f"**Status of the scored targets:** {int(counts.get('on track', 0))} on track (a probability of at least "
        f"{pct(on_track)}), {int(counts.get('at risk', 0))} at risk and {int(counts.get('off track', 0))} off track "
        f"(below {pct(off_track)}); the other {int(counts.get('no data', 0))} have no projection or no number.",
        f"**Energy use per unit of GDP** (T01: {SYMBOLS[t01['comparator']]} {t01['target_value']:g} % from 2020 to "
        f"2025) is {t01['status']}: {probability(t01['probability'])} of the draws meet it.",
    ]
    if len(blind):
        bullets.append(
            "**No data at all** (no observation, no projection) for the targets of: "
            + "; ".join(f"{a} ({int(n)})" for a, n in blind["targets"].items())
            + "."
        )
    if len(lost):
        bullets.append(
            f"**{len(lost)} target{'s' if len(lost) > 1 else ''} lost {'their' if len(lost) > 1 else 'its'} "
            "number in the source text** ("
            + ", ".join(f"{r.id} {r.indicator_en}" for r in lost.itertuples())
            + "); the registry marks the value missing rather than guess it."
        )
    return KeyFindings(bullets)


def units_table() -> Table:
    """The units the targets are stated in."""
    return Table(reports.units_table(), "The units targets are stated in")


def coverage_table(registry: pd.DataFrame, board: pd.DataFrame) -> Table:
    """Targets per part of the plan, and how many can be checked."""
    return Table(
        reports.coverage(registry, board),
        "Targets per part of the plan, and how many can be checked (number of targets)",
    )


def progress_table(progress: pd.DataFrame) -> Table:
    """The latest observation against each target that has one."""
    return Table(reports.progress_table(progress), "The latest observation against each target that has one")


def registry_table(registry: pd.DataFrame, action: str) -> Table:
    """The targets of one part of the plan (``action``)."""
    return Table(
        reports.registry_table(registry, action),
        f"The targets of {reports.action_label(action)}",
        summary=f"The targets of {reports.action_label(action)}",
    )


def board_frame(board: pd.DataFrame) -> pd.DataFrame:
    """The status board formatted for reading: targets and projections in their units (years as years), the
    probability in %, the gap (positive: ahead)."""
    return pd.DataFrame(
        {
            "id": board["id"],
            "indicator": board["indicator"],
            "target": [
                f"{c} {quantity(v, u)} {u}" if pd.notna(v) else f"{c} (no number in the plan)"
                for c, v, u in zip(board["comparator"], board["target_value"], board["unit"])
            ],
            "target year": board["target_year"].replace("", "not stated"),
            "status": board["status"],
            "probability of meeting it": board["probability"].map(lambda p: "" if pd.isna(p) else probability(p)),
            "projected": [quantity(v, u) for v, u in zip(board["central"], board["unit"])],
            "gap (positive: ahead)": [quantity(v, u) for v, u in zip(board["gap"], board["unit"])],
            "basis": board["basis"],
        }
    )


def board_table(board: pd.DataFrame) -> Table:
    """The status board: every target, scored where a chapter projects it."""
    return Table(
        board_frame(board),
        "The status board: every target, scored where a chapter projects it",
        summary="The status board: every target",
    )
