"""The overview page's tables (and the back-test download), in the page's language."""

from __future__ import annotations

import pandas as pd

from carbonpeak import charts
from carbonpeak.analysis import nowcast, record
from carbonpeak.data.provenance import short_citation
from carbonpeak.pages import messages
from carbonpeak.pages.overview.labels import (
    M,
    citation,
    city_label,
    digits,
    grades,
    in_units,
    method_label,
    say,
    scaled,
)
from carbonpeak.pages.tables import Table, number


def _years(text: str, lang: str) -> str:
    """'2000-2019 (gaps: 2004, 2017)' (carbonpeak.analysis.record's) in the page's language."""
    span, _, gaps = text.partition(" (gaps: ")
    first, _, last = span.partition("-")
    out = (
        M("overview.sources_table.span", lang, first=first, last=last)
        if last
        else M("overview.sources_table.one", lang, first=first)
    )
    if gaps:
        out += M("overview.sources_table.gaps", lang, years=messages.join(gaps.rstrip(")").split(", "), lang, "enum"))
    return out


def sources_table(city: str, lang: str = "en") -> Table:
    """The series this chapter reads for ``city``, grades in words."""
    df = record.sources_table(city)
    years = df["years"].map(lambda text: _years(text, lang))
    out = pd.DataFrame(
        {
            M("overview.sources_table.series", lang): df["series"].map(lambda s: say("series", s, lang)),
            M("overview.sources_table.source", lang): df["source"].map(lambda s: citation(s, lang)),
            M("overview.sources_table.grade", lang): df["grade"].map(lambda g: grades(g, lang)),
            M("overview.sources_table.years", lang): years,
        }
    )
    return Table(
        out,
        M("overview.sources_table.title", lang, city=city_label(city, lang)),
        lang=lang,
    )


def gdp_table(lang: str = "en") -> Table:
    """Shenzhen's GDP by source and vintage, with the official real growth rate."""
    df = record.gdp_record()
    gdp, growth = M("overview.gdp_table.gdp", lang), M("overview.gdp_table.growth", lang)
    out = pd.DataFrame(
        {
            M("overview.gdp_table.year", lang): df["year"],
            gdp: df["gdp (100 million yuan, current)"],
            growth: df["real growth %"],
            M("overview.gdp_table.source", lang): df["source"].map(
                lambda s: s if pd.isna(s) else citation(short_citation(s), lang)
            ),
            M("overview.gdp_table.grade", lang): df["grade"].map(lambda g: g if pd.isna(g) else grades(g, lang)),
            M("overview.gdp_table.vintage", lang): df["vintage"].map(
                lambda v: v if pd.isna(v) else say("vintage", v, lang)
            ),
        }
    )
    return Table(
        out,
        M("overview.gdp_table.title", lang),
        formats={gdp: number(2), growth: number(1)},
        lang=lang,
    )


def record_table(record_2018: str, levels, lang: str = "en") -> Table:
    """Shenzhen's CO2 to 2025, one column per series, the nowcast with its interval bounds."""
    df = record.record_table(record_2018, levels)
    values = [c for c in df.columns if c != "year"]
    df = scaled(df, values, lang)
    names = {"year": M("overview.record_table.year", lang)}
    for key, column in zip(("ceads", "cmcc", "nowcast"), values[:3], strict=True):
        names[column] = M(f"overview.record_table.{key}", lang)
    for column in values[3:]:  # 'nowcast lower 80 %'
        _, side, level, _ = column.split(" ")
        names[column] = M(
            "overview.record_table.bound", lang, side=M(f"overview.record_table.{side}", lang), level=level
        )
    df = df.rename(columns=names)
    return Table(
        df,
        M("overview.record_table.title", lang),
        formats={names[c]: number(digits(lang, 2)) for c in values},
        lang=lang,
    )


def indicators_table(lang: str = "en") -> Table:
    """What moved after 2019: each indicator's change on the year before (%)."""
    df = nowcast.indicators()
    year = M("overview.indicators_table.year", lang)
    df = df.reset_index().rename(columns={"index": year, "year": year})
    names = {c: say("series", c, lang) for c in nowcast.indicators().columns}
    return Table(
        df.rename(columns=names),
        M("overview.indicators_table.title", lang),
        formats={n: number(1) for n in names.values()},
        lang=lang,
    )


def backtest_table(record_2018: str, levels, lang: str = "en") -> Table:
    """The nowcast methods back-tested on 2010-2019: errors and interval coverage, no look-ahead."""
    df = nowcast.backtest_summary(record_2018, levels)
    names = {
        "method": M("overview.backtest_table.method", lang),
        "nowcasts": M("overview.backtest_table.nowcasts", lang),
        "origins": M("overview.backtest_table.origins", lang),
        "median abs error %": M("overview.backtest_table.median", lang),
        "mean abs error %": M("overview.backtest_table.mean", lang),
    }
    for c in df.columns:
        if c.endswith("interval covered %"):
            names[c] = M("overview.backtest_table.covered", lang, level=c.split(" ")[0])
    df = df.assign(method=df["method"].map(lambda m: say("nowcast_method", m, lang))).rename(columns=names)
    percent = [n for c, n in names.items() if c.endswith(" %")]
    return Table(
        df,
        M("overview.backtest_table.title", lang),
        formats={c: number(1) for c in percent},
        lang=lang,
    )


def backtest_download(record_2018: str, levels, lang: str = "en") -> charts.Download:
    """Every back-test nowcast as a CSV download."""
    return charts.Download(
        nowcast.backtest(record_2018=record_2018, levels=levels).round(3),
        "nowcast_backtest_shenzhen",
        M("overview.backtest_table.download", lang),
        M("common.table.download_rows", lang, n="{n}"),
    )


def evidence_table(lang: str = "en") -> Table:
    """The evidence on CEADs' 2016-2018 jump, one row per series in its own unit."""
    df = nowcast.evidence_2018()
    years = [c for c in df.columns if str(c).isdigit()]
    changes = [c for c in df.columns if c.startswith("change")]
    df = in_units(df, years, lang)
    df = df.assign(
        series=df["series"].map(lambda s: say("series", s, lang)), grade=df["grade"].map(lambda g: grades(g, lang))
    )
    names = {"series": M("overview.evidence_table.series", lang), "grade": M("overview.evidence_table.grade", lang)}
    for c in changes:  # 'change 2016-2018 %'
        span = c.split(" ")[1]
        first, last = span.split("-")
        names[c] = M("overview.evidence_table.change", lang, years=span, first=first, last=last)
    return Table(
        df.rename(columns=names),
        M("overview.evidence_table.title", lang),
        formats={**{c: number(digits(lang, 2)) for c in years}, **{names[c]: number(1) for c in changes}},
        lang=lang,
    )


def projection_table(projection: pd.DataFrame, lang: str = "en") -> Table:
    """The projection every five years: central value and interval bounds (Mt CO2)."""
    df = record.projection_table(projection)
    df = scaled(df, [c for c in df.columns if c != "year"], lang)
    rename = {"year": M("overview.projection_table.year", lang), "mean": M("overview.projection_table.mean", lang)}
    for c in df.columns:
        if c.startswith(("lower_", "upper_")):
            side, tag = c.split("_", 1)
            rename[c] = M(
                "overview.projection_table.bound",
                lang,
                level=tag.replace("_", "."),
                side=M(f"overview.projection_table.{side}", lang),
            )
    df = df.rename(columns=rename)
    return Table(
        df,
        M("overview.projection_table.title", lang, method=method_label(projection, lang)),
        formats={c: number(digits(lang, 1)) for c in df.columns if c != rename["year"]},
        lang=lang,
    )


def _target_text(comparator: str, value, unit: str, lang: str) -> str:
    if pd.isna(value):
        return M("overview.targets_table.national", lang, comparator=comparator)
    key = unit if f"overview.targets_table.{unit}" in messages.catalogue() else "target_text"
    return M(f"overview.targets_table.{key}", lang, comparator=comparator, value=value, unit=unit, fall=-value)


def targets_table(lang: str = "en") -> Table:
    """The plan's city-wide targets, with the plan's own words."""
    df = record.city_targets()
    reg = df.merge(_indicators_zh(), on="id", how="left")
    out = pd.DataFrame(
        {
            M("overview.targets_table.id", lang): df["id"],
            M("overview.targets_table.indicator", lang): [
                M("overview.targets_table.indicator_text", lang, indicator=e, indicator_zh=z)
                for e, z in zip(reg["indicator_en"], reg["indicator_zh"], strict=True)
            ],
            M("overview.targets_table.target", lang): [
                _target_text(c, v, u, lang)
                for c, v, u in zip(df["comparator"], df["target_value"], df["unit"], strict=False)
            ],
            M("overview.targets_table.by", lang): df["target_year"],
            M("overview.targets_table.words", lang): df["quote_zh"],
        }
    )
    return Table(out, M("overview.targets_table.title", lang), lang=lang)


def _indicators_zh() -> pd.DataFrame:
    """The city-wide targets' indicator as the plan words it (the registry's indicator_zh)."""
    from carbonpeak.targets import load_targets

    return load_targets()[["id", "indicator_zh"]]
