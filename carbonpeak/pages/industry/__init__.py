"""The industry chapter's presentation: the value-added record (two vintages, never spliced), a provincial proxy
of industrial CO2 as a graded history, and the city model's industrial fuel, process CO2, electricity and intensity
per scenario (carbonpeak.model), with the targets scored from the pace of their own figures, in English or Chinese.
``frames`` holds the chapter's data as the page reads it, ``figures`` its charts, ``tables`` its tables and
downloads, ``text`` its Key findings; the names the templates call are here."""

from carbonpeak.pages.industry.figures import (
    electricity_figure,
    intensity_figure,
    part_figure,
    proxy_figure,
    value_added_figure,
)
from carbonpeak.pages.industry.frames import (
    PARTS,
    industry_co2,
    intensity,
    proxy_history,
    scorecard,
    value_added_record,
    vintage,
)
from carbonpeak.pages.industry.tables import footprint_table, paths_table, scorecard_download, value_added_table
from carbonpeak.pages.industry.text import key_findings, key_numbers

__all__ = [
    "PARTS",
    "electricity_figure",
    "footprint_table",
    "industry_co2",
    "intensity",
    "intensity_figure",
    "key_findings",
    "key_numbers",
    "part_figure",
    "paths_table",
    "proxy_figure",
    "proxy_history",
    "scorecard",
    "scorecard_download",
    "value_added_figure",
    "value_added_record",
    "value_added_table",
    "vintage",
]
