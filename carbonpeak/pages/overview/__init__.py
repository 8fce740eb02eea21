"""The overview chapter as a reader sees it, in English or in Chinese: a city's CO2 record, Shenzhen's record
carried to 2025 by a back-tested nowcast, the test of CEADs' 2018 maximum, a projection with its intervals and the
peak rule's verdicts. The numbers come from carbonpeak.analysis.record and carbonpeak.analysis.nowcast; the words
from the catalogue (carbonpeak/pages/messages/overview.yml). ``figures`` draws the charts, ``tables`` lays out the
tables, ``text`` writes the sentences and ``labels`` names series, methods and units in the page's language; the
names the templates call are re-exported here."""

from carbonpeak.pages.overview.figures import (
    evidence_figure,
    fan_figure,
    history_figure,
    intensity_figure,
    record_figure,
)
from carbonpeak.pages.overview.tables import (
    backtest_download,
    backtest_table,
    evidence_table,
    gdp_table,
    indicators_table,
    projection_table,
    record_table,
    sources_table,
    targets_table,
)
from carbonpeak.pages.overview.text import (
    indicators_notes,
    intensity_note,
    key_findings,
    method_note,
    no_2018_test_note,
    no_nowcast_note,
    nowcast_markdown,
    peak_summary,
    peak_verdicts_markdown,
    record_2018_note,
    settings_markdown,
    shenzhen_only_note,
    statement,
    verdict_2018_markdown,
)

__all__ = [
    "backtest_download",
    "backtest_table",
    "evidence_figure",
    "evidence_table",
    "fan_figure",
    "gdp_table",
    "history_figure",
    "indicators_notes",
    "indicators_table",
    "intensity_figure",
    "intensity_note",
    "key_findings",
    "method_note",
    "no_2018_test_note",
    "no_nowcast_note",
    "nowcast_markdown",
    "peak_summary",
    "peak_verdicts_markdown",
    "projection_table",
    "record_2018_note",
    "record_figure",
    "record_table",
    "settings_markdown",
    "shenzhen_only_note",
    "sources_table",
    "statement",
    "targets_table",
    "verdict_2018_markdown",
]
