"""The energy chapter's presentation: electricity use and its balance by source, the import factor, the 2019
boundary reconciliation and the two readings of the wider boundary, power-plant CO2, the energy-intensity target
(T01) and a Kaya/LMDI decomposition of the model's path, all from one run of the city model (carbonpeak.model), in
English or Chinese. ``frames`` holds the chapter's data as the page reads it, ``figures`` its charts, ``tables``
its tables and downloads, ``text`` its sentences and Key findings; the names the templates call are here."""

from carbonpeak.pages.energy.figures import (
    balance_figure,
    boundary_figure,
    electricity_figure,
    import_factor_figure,
    kaya_figure,
    power_figure,
)
from carbonpeak.pages.energy.frames import (
    ENERGY_VARIABLES,
    KAYA,
    KAYA_START,
    all_points,
    balance_gap,
    central_run,
    electricity_record,
    reconciliation,
    scorecard,
)
from carbonpeak.pages.energy.tables import (
    balance_table,
    energy_points,
    intensity_table,
    kaya_readable,
    points_download,
    power_table,
    readings_table,
    reconciliation_table,
    record_table,
    scorecard_download,
    t01_components_table,
)
from carbonpeak.pages.energy.text import (
    balance_gap_text,
    demand_spread,
    key_findings,
    key_numbers,
    readings_text,
    reconciliation_text,
    supply_contrast,
    t01_text,
)

__all__ = [
    "ENERGY_VARIABLES",
    "KAYA",
    "KAYA_START",
    "all_points",
    "balance_figure",
    "balance_gap",
    "balance_gap_text",
    "balance_table",
    "boundary_figure",
    "central_run",
    "demand_spread",
    "electricity_figure",
    "electricity_record",
    "energy_points",
    "import_factor_figure",
    "intensity_table",
    "kaya_figure",
    "kaya_readable",
    "key_findings",
    "key_numbers",
    "points_download",
    "power_figure",
    "power_table",
    "readings_table",
    "readings_text",
    "reconciliation",
    "reconciliation_table",
    "reconciliation_text",
    "record_table",
    "scorecard",
    "scorecard_download",
    "supply_contrast",
    "t01_components_table",
    "t01_text",
]
