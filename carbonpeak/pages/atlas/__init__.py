"""The atlas chapter as a reader sees it, in English or in Chinese: its tables and downloads (``tables``), its key
findings and generated paragraphs (``text``) and its charts (``figures``), every word from the catalogue
(atlas.yml). The numbers come from carbonpeak.analysis.atlas; nothing here computes a result."""

from carbonpeak.pages.atlas.figures import (
    VERDICT_COLOURS,
    city_figure,
    counts_figure,
    growth_figure,
    hindsight_figure,
    peers_figure,
)
from carbonpeak.pages.atlas.tables import (
    calls_download,
    city_hindsight_table,
    counts_table,
    hindsight_table,
    named_examples_table,
    peers_table,
    sources_table,
    split_table,
    steps_table,
    verdicts_download,
)
from carbonpeak.pages.atlas.text import (
    DEFAULT_YEARS,
    city_heading,
    city_hindsight_intro,
    city_statements,
    growth_text,
    header,
    key_findings,
    rerisers_text,
    shan_text,
    split_text,
    statement,
    target_text,
)

__all__ = [
    "DEFAULT_YEARS",
    "VERDICT_COLOURS",
    "calls_download",
    "city_figure",
    "city_heading",
    "city_hindsight_intro",
    "city_hindsight_table",
    "city_statements",
    "counts_figure",
    "counts_table",
    "growth_figure",
    "growth_text",
    "header",
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
    "statement",
    "steps_table",
    "target_text",
    "verdicts_download",
]
