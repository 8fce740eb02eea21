"""The data-sources appendix as a reader sees it: its key findings and tables, generated from the metadata
sidecars (carbonpeak.data.provenance; nothing here reads a number from anywhere else)."""

from __future__ import annotations

import re

import pandas as pd

from carbonpeak.data import provenance
from carbonpeak.data.provenance import grade_label
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table


def _grades(text: str) -> str:
    return ", ".join(grade_label(g.strip()) for g in str(text).split(","))


def key_findings(raw: pd.DataFrame, processed: pd.DataFrame) -> KeyFindings:
    """What the appendix finds, from the sidecars: the files and tables kept, their grades, how few series are
    measured, and their licences."""
    by_grade = raw["grade"].value_counts()
    measured = raw[raw["grade"] == "measured"]
    unlicensed = raw["licence"].str.contains("no formal licence", case=False)
    return KeyFindings(
        [
            f"**{len(raw)} raw files** from {raw['source'].nunique()} sources, each kept as obtained with a sidecar "
            f"(producer, citation, URL, licence, grade) and an md5 a test checks; **{len(processed)} processed "
            "tables** are rebuilt from them by `carbonpeak data`, byte for byte.",
            "**By grade:** " + ", ".join(f"{int(n)} {grade_label(g)}" for g, n in by_grade.items()) + " files.",
            f"**Few measured series:** only {len(measured)} files hold a measured time series ("
            + ", ".join(dict.fromkeys(measured["source"]))
            + "); Shenzhen's sectors, energy balance, fleet and "
            "buildings exist only as point figures or provincial proxies.",
            f"**Licences:** {int(unlicensed.sum())} files are free for public and scientific use with citation but "
            "carry no formal licence; the others are official figures or statistics quoted with attribution.",
        ]
    )


def grades_table() -> Table:
    """The five grades and what each means."""
    rows = [
        (name, meaning.rstrip(")"))
        for name, meaning in ((text.split(" (", 1) + [""])[:2] for text in provenance.GRADES.values())
    ]
    return Table(pd.DataFrame(rows, columns=["grade", "meaning"]), "The five grades every series carries")


def raw_table(raw: pd.DataFrame) -> Table:
    """Every raw file: source, producer, licence, grade and md5."""
    df = raw[["source", "file", "producer", "licence", "grade", "md5"]]
    return Table(
        df.assign(grade=df["grade"].map(_grades)),
        "Raw files, as obtained",
        summary="Every raw file: producer, licence, grade and md5",
    )


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


def citations_markdown(raw: pd.DataFrame) -> str:
    """The raw files' citations and URLs as a markdown list, their web addresses and DOIs as links."""
    return "\n".join(f"- **{r.file}**: {linked(f'{r.citation} ({r.url})')}" for r in raw.itertuples())


def processed_table(processed: pd.DataFrame) -> Table:
    """Every processed table: what it holds, its grades and what it is built from."""
    df = processed.assign(grades=processed["grades"].map(_grades))
    return Table(
        df.rename(columns={"rows": "rows (number)"}),
        "Processed and compiled tables",
        summary="Every processed table: what it holds, its grades and what it is built from",
    )
