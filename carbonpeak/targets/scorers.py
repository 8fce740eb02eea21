"""Every projection the book makes of a plan target, gathered for the status board: the city model's
(energy intensity, the peak, the NEV stock), the carbon sinks', and the pace of each target's own figures.
A new scorer is one entry in ``SCORERS``: a name and a function returning {target id: projection}."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from carbonpeak import targets
from carbonpeak.errors import ModelError
from carbonpeak.model import scoring, sinks
from carbonpeak.targets import trends

SCORERS: dict[str, Callable[[], dict]] = {
    "carbon_sinks": sinks.scores,
    **{f"{sector} (pace of its own figures)": (lambda s=sector: trends.projections(s)) for sector in trends.SECTORS},
    "model": scoring.scores,
    "transport (build-out pace)": trends.build_out_draws,
}


def projections() -> dict:
    """{target id: projection} from every scorer, each with its chapter's default parameters."""
    out, by = {}, {}
    for name, scores in SCORERS.items():
        for tid, projection in scores().items():
            if tid in out:
                raise ModelError(f"target {tid} is projected twice: by '{by[tid]}' and by '{name}'")
            out[tid], by[tid] = projection, name
    return out


def status_board(registry: pd.DataFrame | None = None, **thresholds) -> pd.DataFrame:
    """Every target of ``registry`` (default: the whole registry) scored from every projection the book makes."""
    registry = targets.load_targets() if registry is None else registry
    return targets.status_board(registry, projections(), **thresholds)
