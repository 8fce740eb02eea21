"""The data-sources appendix as a reader sees it, in English and in Chinese: its key findings and tables,
generated from the metadata sidecars (carbonpeak.data.provenance; nothing here reads a number from anywhere
else). Every text is the message catalogue's (carbonpeak/pages/messages/sources.yml); a sidecar's own words
(producer, licence, citation, title) stay in its English and are marked so on a Chinese page."""

from __future__ import annotations

import re

import pandas as pd

from carbonpeak.data import provenance
from carbonpeak.pages import messages
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table

M = messages.text
K = "sources"


def _grades(text: str, lang: str = "en") -> str:
    return messages.join((messages.label("grade", g.strip(), lang) for g in str(text).split(",")), lang)


def _source_name(source: str, lang: str) -> str:
    """A source's producer by its short name in the page's language (as under a chart)."""
    name = provenance.short_citation(source).split(" (")[0]
    return messages.label("source_name", name, lang)


def key_findings(raw: pd.DataFrame, processed: pd.DataFrame, lang: str = "en") -> KeyFindings:
    """What the appendix finds, from the sidecars: the files and tables kept, their grades, how few series are
    measured, and their licences."""
    key = f"{K}.finding"
    by_grade = raw["grade"].value_counts()
    measured = raw[raw["grade"] == "measured"]
    unlicensed = raw["licence"].str.contains("no formal licence", case=False)
    measured_sources = list(dict.fromkeys(measured["source"]))
    grades = (M(f"{key}.grade_item", lang, n=int(n), grade=_grades(g, lang)) for g, n in by_grade.items())
    return KeyFindings(
        [
            M(f"{key}.files", lang, raw=len(raw), sources=raw["source"].nunique(), processed=len(processed)),
            M(f"{key}.grades", lang, items=messages.join(grades, lang)),
            M(
                f"{key}.measured",
                lang,
                n=len(measured),
                ids=", ".join(measured_sources),
                names=messages.join((_source_name(s, lang) for s in measured_sources), lang, "enum"),
            ),
            M(f"{key}.licences", lang, n=int(unlicensed.sum())),
        ],
        label=M("common.findings.label", lang),
    )


def grades_table(lang: str = "en") -> Table:
    """The five grades and what each means."""
    key = f"{K}.grades"
    df = pd.DataFrame(
        {
            M(f"{key}.grade", lang): [messages.label("grade", g, lang) for g in provenance.GRADES],
            M(f"{key}.meaning", lang): [messages.label("grade_meaning", g, lang) for g in provenance.GRADES],
        }
    )
    return Table(df, M(f"{key}.title", lang), lang=lang)


def raw_table(raw: pd.DataFrame, lang: str = "en") -> Table:
    """Every raw file: source, producer, licence, grade and md5."""
    key = f"{K}.raw"
    c = {n: M(f"{key}.{n}", lang) for n in ("source", "file", "producer", "licence", "grade", "md5")}
    df = pd.DataFrame(
        {
            c["source"]: raw["source"],
            c["file"]: raw["file"],
            c["producer"]: raw["producer"],
            c["licence"]: raw["licence"],
            c["grade"]: raw["grade"].map(lambda g: _grades(g, lang)),
            c["md5"]: raw["md5"],
        }
    )
    # identifiers are no language; a sidecar's own words are English
    marks = {c["source"]: "zxx", c["file"]: "zxx", c["md5"]: "zxx", c["producer"]: "en", c["licence"]: "en"}
    return Table(df, M(f"{key}.title", lang), summary=M(f"{key}.summary", lang), lang=lang, lang_columns=marks)


# a web address (up to a space, a bracket or a separator, never ending in a full stop) or a DOI written doi:10...
_LINKABLE = re.compile(
    r"(?P<url>https?://[^\s<>()\[\];,]*[^\s<>()\[\];,.])|doi:\s?(?P<doi>10\.\d{4,9}/[^\s;,()]*[^\s;,.()])"
)


def linked(text: str) -> str:
    """``text`` (markdown) with every web address and DOI in it as a link a reader can follow."""

    def link(match: re.Match) -> str:
        if match["url"]:
            return f"<{match['url']}>"
        return f"[doi:{match['doi']}](https://doi.org/{match['doi']})"

    return _LINKABLE.sub(link, text)


def citations_markdown(raw: pd.DataFrame, lang: str = "en") -> str:
    """The raw files' citations and URLs as a markdown list, their web addresses and DOIs as links."""
    return "\n".join(
        M(f"{K}.citation", lang, file=r.file, text=linked(f"{r.citation} ({r.url})")) for r in raw.itertuples()
    )


def processed_table(processed: pd.DataFrame, lang: str = "en") -> Table:
    """Every processed table: what it holds, its grades and what it is built from."""
    key = f"{K}.processed"
    c = {n: M(f"{key}.{n}", lang) for n in ("table", "title_column", "rows", "grades", "built_from")}
    df = pd.DataFrame(
        {
            c["table"]: processed["table"],
            c["title_column"]: processed["title"],
            c["rows"]: processed["rows"],
            c["grades"]: processed["grades"].map(lambda g: _grades(g, lang)),
            c["built_from"]: processed["built from"],
        }
    )
    marks = {c["table"]: "zxx", c["built_from"]: "zxx", c["title_column"]: "en"}
    return Table(df, M(f"{key}.title", lang), summary=M(f"{key}.summary", lang), lang=lang, lang_columns=marks)
