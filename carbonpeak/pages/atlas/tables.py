"""The atlas chapter's tables, in English or in Chinese (the catalogue's atlas.yml): the series read, the counts
under each rule, the published count step by step, the named cities, the proactive-or-passive split, one city's
verdicts year by year, the peers and hindsight; and the two tables offered only as downloads."""

from __future__ import annotations

import pandas as pd

from carbonpeak import charts
from carbonpeak.analysis import atlas
from carbonpeak.analysis.atlas import PUBLISHED, RULE_NAMES
from carbonpeak.data.provenance import short_citation
from carbonpeak.pages import messages
from carbonpeak.pages.atlas.figures import city_label, rule_label, verdict_label
from carbonpeak.pages.tables import Table, number

M = messages.text


def _table(df: pd.DataFrame, caption: str, lang: str, **options) -> Table:
    """A table of this page, a folded one counting its rows in the page's language."""
    return Table(df, caption, lang=lang, **options)


def _headers(df: pd.DataFrame, key: str, lang: str, **values) -> pd.DataFrame:
    """``df`` with each column the catalogue names under ``key`` headed in the page's language."""
    known = messages.catalogue()
    return df.rename(columns={c: M(f"{key}.{c}", lang, **values) for c in df.columns if f"{key}.{c}" in known})


def _source_name(source: str, lang: str) -> str:
    """A data source as the table names it: its short citation, in Chinese its Chinese short name."""
    citation = short_citation(source)
    name = messages.label("source_name", citation.split(" (")[0], lang)
    return M("atlas.table.sources.source_cell", lang, citation=citation, name=name)


def sources_table(lang: str = "en") -> Table:
    """The series this chapter reads, with source, grade and years."""
    key = "atlas.table.sources"

    def t(name: str, **values) -> str:
        return M(f"{key}.{name}", lang, **values)

    df = pd.DataFrame(
        [
            (t("city_co2"), _source_name("ceads_city", lang), t("measured"), t("with_gaps", first=1997, last=2019)),
            (
                t("gdp"),
                _source_name("nbs_major_cities", lang),
                t("measured_vintage"),
                t("years_range", first=2001, last=2017),
            ),
            (
                t("population"),
                _source_name("un_wup", lang),
                t("measured_to", year=2018),
                t("years_range", first=1995, last=2018),
            ),
            (t("published"), t("shan"), t("published_count"), t("years_range", first=2001, last=2019)),
        ],
        columns=[t("series"), t("source"), t("grade"), t("years")],
    )
    return _table(df, t("title"), lang)


def counts_table(count_table: pd.DataFrame, reference_year: int, lang: str = "en") -> Table:
    """CEADs cities by verdict under each rule (peaked, not yet, unknown), C40 judged as of ``reference_year``."""
    key = "atlas.table.counts"
    df = count_table.assign(rule=count_table["rule"].map(lambda r: rule_label(r, lang)))
    return _table(_headers(df, key, lang), M(f"{key}.title", lang, reference_year=reference_year), lang)


def steps_table(steps: pd.DataFrame, lang: str = "en") -> Table:
    """From the book's rule to the published count, one choice per step, each with its change in cities."""
    key = "atlas.table.steps"
    published = {"proactive": PUBLISHED["proactive"], "passive": PUBLISHED["passive"], "cities": PUBLISHED["cities"]}
    definitions = [M(f"{key}.{s}", lang, **steps.attrs, **published) for s in steps["step"]]
    change = [f"{v:+d}" for v in steps["change"]]
    change[-1] = M(f"{key}.change_published", lang, change=int(steps["change"].iloc[-1]))
    df = pd.DataFrame(
        {
            "step": [M(f"{key}.published_step", lang) if s == "published" else s for s in steps["step"]],
            "definition": definitions,
            "cities peaked": steps["cities peaked"].to_numpy(),
            "change": change,
        }
    )
    return _table(_headers(df, key, lang), M(f"{key}.title", lang), lang)


def _reading(value: str, lang: str) -> str:
    """'proactive', 'passive' or 'not counted' (a reading of the paper's classification) in the page's language."""
    return M(f"atlas.table.reading.{value}", lang)


def named_examples_table(matrix: pd.DataFrame, lang: str = "en") -> Table:
    """The cities the paper's release names, with their maximum year and the verdicts of steps 2 and 4."""
    key = "atlas.table.named"
    df = atlas.named_examples(matrix)
    df["city"] = df["city"].map(lambda c: city_label(c, lang))
    df["paper"] = df["paper"].map(lambda r: _reading(r, lang))
    df["N-years rule (step 2)"] = df["N-years rule (step 2)"].map(lambda v: verdict_label(v, lang))
    step4 = "closest reading (step 4)"
    df[step4] = df[step4].map(lambda v: verdict_label(v, lang) if v == "peaked" else _reading(v, lang))
    return _table(_headers(df, key, lang), M(f"{key}.title", lang), lang)


def split_table(split: pd.DataFrame, lang: str = "en") -> Table:
    """The major cities counted under step 4, proactive or passive on a rough reading of GDP and population."""
    key = "atlas.table.split"
    gdp = M(f"{key}.gdp", lang, year=int(split["gdp to"].max()))
    population = M(f"{key}.population", lang, year=int(split["population to"].max()))
    df = pd.DataFrame(
        {
            M(f"{key}.city", lang): split["city"].map(lambda c: city_label(c, lang)),
            M(f"{key}.peak year", lang): split["peak year"],
            gdp: split["gdp change (%)"],
            population: split["population change (%)"],
            M(f"{key}.reading", lang): split["reading"].map(lambda r: _reading(r, lang)),
        }
    )
    return _table(df, M(f"{key}.title", lang), lang, formats={gdp: number(1), population: number(1)})


def city_hindsight_table(matrix: pd.DataFrame, city: str, rule_years: int, lang: str = "en") -> Table:
    """What each rule would have said about one city as each year's data arrived."""
    key = "atlas.table.city_hindsight"
    df = atlas.city_hindsight(matrix, city, rule_years)

    def verdict(v: str, year) -> str:
        return M(f"{key}.peaked", lang, year=int(year)) if v == "peaked" else verdict_label(v, lang)

    shown = pd.DataFrame({M(f"{key}.as of", lang): df["as of"]})
    for r in RULE_NAMES:
        shown[rule_label(r, lang)] = [verdict(v, y) for v, y in zip(df[r], df[f"{r} year"])]
    name = city_label(city, lang)
    return _table(shown, M(f"{key}.title", lang, city=name), lang, summary=M(f"{key}.summary", lang, city=name))


def peers_table(peer_table: pd.DataFrame, lang: str = "en") -> Table:
    """Major cities' CO2, per person and per unit of GDP at their peak, beside Shenzhen at its latest year."""
    key = "atlas.table.peers"
    df = peer_table.drop(columns="region").assign(co2_Mt=messages.co2(peer_table["co2_Mt"], lang))
    df.insert(0, "city", peer_table["region"].map(lambda c: city_label(c, lang)))
    df["what"] = df["what"].map(lambda w: M(f"atlas.what.{w}", lang))
    df = _headers(df, key, lang)
    co2 = M(f"{key}.co2_Mt", lang)
    return _table(
        df,
        M(f"{key}.title", lang),
        lang,
        formats={
            co2: number(int(M(f"{key}.co2_digits", lang))),
            M(f"{key}.t_co2_per_person", lang): number(2),
            M(f"{key}.t_co2_per_10k_yuan", lang): number(2),
        },
    )


def hindsight_table(summary: pd.DataFrame, lang: str = "en") -> Table:
    """First peak calls per rule, and the share of them a later year overturned."""
    key = "atlas.table.hindsight"
    df = _headers(summary.assign(rule=summary["rule"].map(lambda r: rule_label(r, lang))), key, lang)
    return _table(df, M(f"{key}.title", lang), lang, formats={M(f"{key}.wrong in hindsight (%)", lang): number(1)})


def _download(df: pd.DataFrame, filename: str, label: str, lang: str) -> charts.Download:
    """A table offered as a CSV download, its columns named in the page's language."""
    known = messages.catalogue()
    columns = {c: M(f"atlas.download.column.{c}", lang) for c in df.columns if f"atlas.download.column.{c}" in known}
    return charts.Download(df.rename(columns=columns), filename, label, rows=M("atlas.download.rows", lang, rows="{n}"))


def verdicts_download(table: pd.DataFrame, lang: str = "en") -> charts.Download:
    """Every CEADs city's record and its verdict under each rule (atlas.classify), as a download."""
    df = table.copy()
    for column in ("maximum (Mt CO2)", "latest (Mt CO2)"):
        df[column] = messages.co2(df[column], lang).round(2)
    for r in RULE_NAMES:
        df[r] = df[r].map(lambda v: verdict_label(v, lang))
    return _download(df, "atlas_city_verdicts", M("atlas.download.verdicts", lang), lang)


def calls_download(calls: pd.DataFrame, lang: str = "en") -> charts.Download:
    """Every first peak call per rule and city and whether a later year overturned it (atlas.hindsight)."""
    rose = {True: M("atlas.download.rose", lang), False: M("atlas.download.not_rose", lang)}
    df = calls.assign(
        rule=calls["rule"].map(lambda r: rule_label(r, lang)),
        **{"peak (Mt CO2)": messages.co2(calls["peak (Mt CO2)"], lang).round(2), "re-rose": calls["re-rose"].map(rose)},
    )
    return _download(df, "atlas_hindsight_calls", M("atlas.download.calls", lang), lang)
