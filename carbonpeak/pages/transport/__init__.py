"""The transport chapter: the fleet model (stock, NEVs, sales, the NEV share of sales) against the observed
figures, road and other transport CO2 and the electricity of electric vehicles per scenario, all from one run
of the city model (carbonpeak.model); the NEV stock targets (R08, R12) are scored from the fleet model's
draws (carbonpeak.model.scoring), rail and chargers from the pace of their own figures. Its charts are in
``figures``, its tables in ``tables``, its opening and findings in ``text``, each in English and in Chinese;
the template calls the names re-exported here."""

from __future__ import annotations

import pandas as pd

from carbonpeak.model import scoring
from carbonpeak.pages import common
from carbonpeak.pages.transport.figures import (
    ev_figure,
    fleet_figure,
    nev_checks,
    nev_targets,
    part_figure,
    share_points,
    stock_points,
)
from carbonpeak.pages.transport.tables import (
    ROAD_PARTS,
    TRANSPORT_VARIABLES,
    build_out_table,
    co2_table,
    fleet_checks,
    fleet_table,
    nev_check_table,
    progress_table,
    transport_points,
)
from carbonpeak.pages.transport.text import key_findings, key_numbers, opening, tid_prob
from carbonpeak.targets import board_for, trends

__all__ = [
    "ROAD_PARTS",
    "TRANSPORT_VARIABLES",
    "build_out_table",
    "co2_table",
    "ev_figure",
    "fleet_checks",
    "fleet_figure",
    "fleet_table",
    "key_findings",
    "key_numbers",
    "nev_check_table",
    "nev_checks",
    "nev_targets",
    "opening",
    "part_figure",
    "progress_table",
    "scorecard",
    "share_points",
    "stock_points",
    "tid_prob",
    "transport_points",
]


def scorecard(ens, spread: float | None = None) -> pd.DataFrame:
    """The transport targets: R08 and R12 from the run's baseline fleet, R07 and R11 from the pace of the
    NEV share (target_trends), rail and chargers from their pace, the rest 'no projection yet'."""
    baseline = common.model_baseline(ens, max(scoring.NEV_STOCK_TARGETS.values()))
    nev = {tid: scoring.nev_stock(baseline, year) for tid, year in scoring.NEV_STOCK_TARGETS.items()}
    return board_for(
        {**trends.projections("transport"), **trends.build_out_draws(spread), **nev}, sectors=("transport",)
    )
