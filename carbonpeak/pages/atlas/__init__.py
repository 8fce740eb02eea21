"""The atlas chapter as a reader sees it: its tables (``tables``), its key findings and generated paragraphs
(``text``) and its charts (``figures``). The numbers come from carbonpeak.analysis.atlas; nothing here computes a
result."""

from carbonpeak.pages.atlas.figures import (
    VERDICT_COLOURS,
    city_figure,
    counts_figure,
    growth_figure,
    hindsight_figure,
    peers_figure,
)
from carbonpeak.pages.atlas.tables import (
    city_hindsight_table,
    counts_table,
    hindsight_table,
    named_examples_table,
    peers_table,
    sources_table,
    split_table,
    steps_table,
)
from carbonpeak.pages.atlas.text import (
    DEFAULT_YEARS,
    growth_text,
    key_findings,
    rerisers_text,
    shan_text,
    split_text,
    target_text,
)

__all__ = [
    "DEFAULT_YEARS",
    "VERDICT_COLOURS",
    "city_figure",
    "city_hindsight_table",
    "counts_figure",
    "counts_table",
    "growth_figure",
    "growth_text",
    "hindsight_figure",
    "hindsight_table",
    "key_findings",
    "named_examples_table",
    "peers_figure",
    "peers_table",
    "rerisers_text",
    "shan_text",
    "sources_table",
    "split_table",
    "split_text",
    "steps_table",
    "target_text",
]
