"""The scenario explorer, in English or in Chinese: readers move sliders for the main levers and see the city's CO2
band and its probability of peaking by 2025 and by 2030 on both boundaries, in the page, with no server and no
network.

How. ``carbonpeak.model.grid`` runs the city model's Monte Carlo at every combination of the levers' positions (the
same draws at every setting, so the stated setting is the baseline's Monte Carlo number for number). The grid is
embedded in the chart as its data (``figures``); vega-lite parameters bound to sliders pick one setting with a
filter transform, and the band, median and probabilities drawn are that setting's. ``controls`` adds the presets,
reset, link and live line; ``tables`` and ``text`` say what the sliders move and what the grid shows; ``labels``
names sliders, boundaries and units in the page's language (the words: carbonpeak/pages/messages/explorer.yml).
"""

from carbonpeak.model.grid import LEVERS, Grid, compute, positions, strides
from carbonpeak.pages.explorer.controls import PRESETS, Controls, Preset, controls, grid_dataset, preset, units
from carbonpeak.pages.explorer.figures import DATASET, figure, key_expr, page_weight, record_points, rows
from carbonpeak.pages.explorer.labels import baseline_settings, lever_label
from carbonpeak.pages.explorer.tables import (
    DOWNLOAD_YEARS,
    effects_table,
    lever_effects,
    lever_table,
    probability_by_position,
    summary_table,
    wide_table,
)
from carbonpeak.pages.explorer.text import key_findings, lever_list, method_note

__all__ = [
    "DATASET",
    "DOWNLOAD_YEARS",
    "LEVERS",
    "PRESETS",
    "Controls",
    "Grid",
    "Preset",
    "baseline_settings",
    "compute",
    "controls",
    "effects_table",
    "figure",
    "grid_dataset",
    "key_expr",
    "key_findings",
    "lever_effects",
    "lever_label",
    "lever_list",
    "lever_table",
    "method_note",
    "page_weight",
    "positions",
    "preset",
    "probability_by_position",
    "record_points",
    "rows",
    "strides",
    "summary_table",
    "units",
    "wide_table",
]
