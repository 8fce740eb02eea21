"""The sinks chapter as a reader sees it: its key findings, charts and tables, from carbonpeak.model.sinks'
results (nothing here computes a result). Its charts are in ``figures``, its tables in ``tables``, its findings
and sentences in ``text``, each in English and in Chinese; the template calls the names re-exported here."""

from __future__ import annotations

import pandas as pd

from carbonpeak.model import sinks
from carbonpeak.pages.sinks.figures import cover_figure, sink_figure, stock_figure
from carbonpeak.pages.sinks.tables import (
    assumptions_table,
    cover_table,
    progress_frame,
    progress_table,
    sink_table,
)
from carbonpeak.pages.sinks.text import boundaries_markdown, cover_text, key_findings, sink_text

__all__ = [
    "assumptions_table",
    "boundaries_markdown",
    "cover_figure",
    "cover_table",
    "cover_text",
    "key_findings",
    "progress_frame",
    "progress_table",
    "scorecard",
    "sink_figure",
    "sink_table",
    "sink_text",
    "stock_figure",
]


def scorecard(levels) -> pd.DataFrame:
    """The sink targets' status board: C01 scored from the cover trend in 2025, C06 from the observed figure."""
    return sinks.scorecard_table(sinks.target_projections(levels))
