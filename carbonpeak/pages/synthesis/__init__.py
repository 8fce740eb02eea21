"""The synthesis chapter as a reader sees it, in English and in Chinese: its key findings and headline
(``text``), its tables (``tables``) and its charts (``figures``), with the labels they share (``labels``). The
numbers come from carbonpeak.model.synthesis and the model run; nothing here computes a result; every text is
the message catalogue's (carbonpeak/pages/messages/synthesis.yml)."""

from carbonpeak.pages.synthesis.figures import (
    city_figure,
    gap_figure,
    parts_figure,
    peak_year_figure,
    register_figure,
    sobol_figure,
)
from carbonpeak.pages.synthesis.tables import (
    answer_table,
    context_table,
    discrepancy_table,
    paths_table,
    record_2018_table,
    register_table,
    scenario_table,
    scored_targets,
    top_indices,
)
from carbonpeak.pages.synthesis.text import headline, key_findings, record_2018_intro

__all__ = [
    "answer_table",
    "city_figure",
    "context_table",
    "discrepancy_table",
    "gap_figure",
    "headline",
    "key_findings",
    "parts_figure",
    "paths_table",
    "peak_year_figure",
    "record_2018_intro",
    "record_2018_table",
    "register_figure",
    "register_table",
    "scenario_table",
    "scored_targets",
    "sobol_figure",
    "top_indices",
]
