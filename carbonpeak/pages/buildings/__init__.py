"""The buildings chapter: services' and households' electricity, the fuel burnt in buildings (gas and LPG,
no vehicle fuel) and the buildings' footprint on a consumption view, all from one run of the city model
(carbonpeak.model); the green-building record; the targets scored from the pace of their own figures. Its
charts are in ``figures``, its tables in ``tables``, its sentences and findings in ``text``, each in English
and in Chinese; the template calls the names re-exported here."""

from __future__ import annotations

import pandas as pd

from carbonpeak.pages.buildings.figures import fuel_figure, green_building_figure, published_use, use_figure
from carbonpeak.pages.buildings.tables import (
    USES,
    footprint,
    footprint_table,
    green_buildings,
    green_table,
    paths_table,
)
from carbonpeak.pages.buildings.text import key_findings, key_numbers, services_check
from carbonpeak.targets import board_for, trends

__all__ = [
    "USES",
    "footprint",
    "footprint_table",
    "fuel_figure",
    "green_building_figure",
    "green_buildings",
    "green_table",
    "key_findings",
    "key_numbers",
    "paths_table",
    "published_use",
    "scorecard",
    "services_check",
    "use_figure",
]


def scorecard() -> pd.DataFrame:
    """The building targets, scored where their own figures give a pace (target_trends)."""
    return board_for(trends.projections(), sectors=("buildings",))
