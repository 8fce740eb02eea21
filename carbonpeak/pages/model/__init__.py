"""The chapter "The city model" as a reader sees it: how the model is built, what it is calibrated on, and how
well it reproduces what was measured (2019 balance, checks against 2020-2025 figures, the 2010-2019 hindcast):
its tables (``tables``), its key findings (``text``) and its charts (``figures``)."""

from carbonpeak.pages.model.figures import hindcast_figure, level_figure, recent_figure, residuals_figure
from carbonpeak.pages.model.tables import (
    assumptions_table,
    balance_table,
    calibration_points,
    calibration_table,
    co2_table,
    electricity_table,
    estimates_table,
    fit_coefficients,
    import_factor_table,
    nev_checks,
    nev_table,
    origins_table,
    pooled_table,
    recent_checks,
    recent_table,
    seam_tables,
    shares_table,
)
from carbonpeak.pages.model.text import SHOWN_ORIGINS, SOURCES, key_findings, record_label

__all__ = [
    "SHOWN_ORIGINS",
    "SOURCES",
    "assumptions_table",
    "balance_table",
    "calibration_points",
    "calibration_table",
    "co2_table",
    "electricity_table",
    "estimates_table",
    "fit_coefficients",
    "hindcast_figure",
    "import_factor_table",
    "key_findings",
    "level_figure",
    "nev_checks",
    "nev_table",
    "origins_table",
    "pooled_table",
    "recent_checks",
    "recent_figure",
    "recent_table",
    "record_label",
    "residuals_figure",
    "seam_tables",
    "shares_table",
]
