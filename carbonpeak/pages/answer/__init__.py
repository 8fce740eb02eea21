"""The answer on one page, in English and in Chinese: the peak probabilities per scenario and boundary with
their rule, the five findings that matter, the plan's target board in counts, what is measured and what is
assumed, and the results for analysts (IAMC CSV).

Everything comes from the synthesis' own run (same parameters, same functions: carbonpeak.model.synthesis,
carbonpeak.model.outcomes), so the key numbers stored with the findings equal the synthesis page's.

The page's pieces: ``run`` (the run the page reads), ``labels`` (names in the page's language), ``text`` (the
findings and the bottom line), ``tables`` and ``figures``; the templates call them through this package.
"""

from carbonpeak.pages.answer.figures import BAR_COLOURS, GRADES, SOURCES, path_figure, peak_figure
from carbonpeak.pages.answer.labels import (
    LANGS,
    M,
    assumption_label,
    boundary_label,
    rule_label,
    scenario_label,
    status_label,
)
from carbonpeak.pages.answer.run import (
    HEADLINE_SCENARIO,
    Answer,
    board_counts,
    compute,
    headline_numbers,
    median_2030,
    rule_order,
)
from carbonpeak.pages.answer.tables import download, grades_table, peak_table, plan_level_targets, status_table
from carbonpeak.pages.answer.text import bottom_line, key_findings, plan_territorial_sentence, three_numbers

__all__ = [
    "Answer",
    "compute",
    "board_counts",
    "rule_order",
    "HEADLINE_SCENARIO",
    "headline_numbers",
    "median_2030",
    "LANGS",
    "M",
    "scenario_label",
    "boundary_label",
    "rule_label",
    "assumption_label",
    "status_label",
    "key_findings",
    "bottom_line",
    "three_numbers",
    "plan_territorial_sentence",
    "peak_table",
    "status_table",
    "plan_level_targets",
    "grades_table",
    "download",
    "SOURCES",
    "GRADES",
    "BAR_COLOURS",
    "peak_figure",
    "path_figure",
]
