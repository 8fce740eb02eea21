"""The backtest appendix as a reader sees it, in English or in Chinese (the catalogue's backtest.yml): its key
findings and aims (``text``), its tables (``tables``) and its charts (``figures``), all from the precomputed
leaderboard (carbonpeak.analysis.accuracy; nothing here computes a result)."""

from carbonpeak.pages.backtest.figures import coverage_figure, mase_by_horizon_figure
from carbonpeak.pages.backtest.tables import calibration_table, horizon_table, leaderboard_table
from carbonpeak.pages.backtest.text import (
    ACCURACY_AIM,
    CALIBRATION_AIM,
    aims_markdown,
    key_findings,
    method_label,
    method_name,
)

__all__ = [
    "ACCURACY_AIM",
    "CALIBRATION_AIM",
    "aims_markdown",
    "calibration_table",
    "coverage_figure",
    "horizon_table",
    "key_findings",
    "leaderboard_table",
    "mase_by_horizon_figure",
    "method_label",
    "method_name",
]
