"""The chapter on the plan's targets as a reader sees it, in English and in Chinese: its key findings and
sentences (``text``), its tables (``tables``) and charts (``figures``), with the labels they share (``labels``),
from the registry and the status board (carbonpeak.targets, carbonpeak.targets.reports; nothing here computes a
result; every text is the message catalogue's, carbonpeak/pages/messages/targets.yml)."""

from carbonpeak.pages.targets.figures import coverage_figure, progress_figure
from carbonpeak.pages.targets.labels import action_label
from carbonpeak.pages.targets.tables import (
    board_download,
    board_frame,
    board_table,
    coverage_frame,
    coverage_table,
    progress_frame,
    progress_table,
    registry_frame,
    registry_table,
    units_frame,
    units_table,
)
from carbonpeak.pages.targets.text import key_findings, quotes_markdown, scoring_text

__all__ = [
    "action_label",
    "board_download",
    "board_frame",
    "board_table",
    "coverage_figure",
    "coverage_frame",
    "coverage_table",
    "key_findings",
    "progress_figure",
    "progress_frame",
    "progress_table",
    "quotes_markdown",
    "registry_frame",
    "registry_table",
    "scoring_text",
    "units_frame",
    "units_table",
]
