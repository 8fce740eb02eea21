"""The synthesis page's tables: the scenarios, the peak probabilities, the 2018 value, the discrepancy, the
paths, the Sobol indices, the scored targets and the register of published estimates."""

from __future__ import annotations

import pandas as pd

from carbonpeak.data import register
from carbonpeak.formats import probability
from carbonpeak.inputs import assumptions
from carbonpeak.model import outcomes, synthesis
from carbonpeak.pages import common, messages
from carbonpeak.pages.synthesis.labels import (
    K,
    M,
    _assumption,
    _boundary,
    _columns,
    _mt,
    _mt_range,
    _optional,
    _output,
    _rule,
    _scenario,
)
from carbonpeak.pages.tables import NA, Table


def _change(name: str, value, lang: str) -> str:
    """'label · name: value unit' (a path's values are at the assumption's milestone years)."""
    a = assumptions.get(name)
    years = M(f"{K}.scenarios.years_sep", lang).join(map(str, a.milestones))
    when = M(f"{K}.scenarios.when", lang, years=years) if a.is_path else ""
    unit = _optional(f"{K}.unit", a.unit, lang, a.unit)
    return M(
        f"{K}.scenarios.change",
        lang,
        label=_assumption(name, lang),
        value=synthesis._fmt_value(value),
        unit=unit,
        when=when,
    )


def scenario_table(scens: list, lang: str = "en") -> Table:
    """Each scenario: its title, what it builds on and every assumption it changes, by the assumption's label."""
    key = f"{K}.scenarios"
    c = _columns(key, lang, ["scenario", "what", "builds_on", "changes"])
    rows = []
    for s in scens:
        changes = {}
        for link in s.chain():  # a later scenario's value replaces the one it extends
            changes.update({name: e["value"] for name, e in link.overrides.items()})
        rows.append(
            {
                c["scenario"]: _scenario(s.name, lang),
                c["what"]: _optional(f"{key}.description", s.name, lang, s.title),
                c["builds_on"]: M(f"{key}.arrow", lang).join(_scenario(x.name, lang) for x in s.chain()[:-1])
                or M(f"{key}.defaults", lang),
                c["changes"]: messages.join((_change(k, v, lang) for k, v in changes.items()), lang, "clause")
                or M(f"{key}.no_change", lang),
            }
        )
    return Table(pd.DataFrame(rows), M(f"{key}.title", lang), lang=lang)


def _peak_year(y, lang: str):
    return M(f"{K}.none", lang) if pd.isna(y) else f"{int(round(y))}"


def answer_table(peak_table: pd.DataFrame, horizon_end: int, lang: str = "en") -> Table:
    """The peak table for reading: per scenario, boundary and rule, the probability of a peak and the peak years."""
    key = f"{K}.answer"
    c = _columns(key, lang, ["scenario", "boundary", "rule", "by_2025", "by_2030", "year", "years", "value", "values"])
    t = peak_table
    none = M(f"{K}.none", lang)
    df = pd.DataFrame(
        {
            c["scenario"]: t["scenario"].map(lambda s: _scenario(s, lang)),
            c["boundary"]: t["boundary"].map(lambda b: _boundary(b, lang)),
            c["rule"]: t["rule"].map(lambda r: _rule(r, lang)),
            c["by_2025"]: t["P(peak <= 2025)"].map(lambda p: probability(p, lang)),
            c["by_2030"]: t["P(peak <= 2030)"].map(lambda p: probability(p, lang)),
            M(f"{key}.not_peaked", lang, end=horizon_end): t[f"P(not peaked by {horizon_end})"].map(
                lambda p: probability(p, lang)
            ),
            c["year"]: t["median peak year"].map(lambda y: _peak_year(y, lang)),
            c["years"]: [
                none if pd.isna(a) else M(f"{K}.range", lang, low=int(a), high=int(b))
                for a, b in zip(t["peak year 10 %"], t["peak year 90 %"])
            ],
            c["value"]: t["median peak value (Mt)"].map(lambda v: none if pd.isna(v) else _mt(v, lang)),
            c["values"]: [_mt_range(a, b, lang) for a, b in zip(t["peak value 10 % (Mt)"], t["peak value 90 % (Mt)"])],
        }
    )
    return Table(df, M(f"{key}.title", lang), lang=lang)


def record_2018_table(ens, horizon_end: int, rule_years: int, rule_start: int, lang: str = "en") -> Table:
    """P(peak <= 2030) on the territorial boundary with CEADs' 2018 value kept and treated as an outlier."""
    key = f"{K}.record_2018"
    rows = []
    for choice in outcomes.RECORD_2018:
        t = outcomes.peak_table(ens.results, horizon_end, rule_years, rule_start, choice)
        for r in t[t["boundary"] == "territorial"].to_dict("records"):
            rows.append(
                {
                    M(f"{key}.value", lang): M(f"{key}.{choice}", lang),
                    M(f"{K}.answer.scenario", lang): _scenario(r["scenario"], lang),
                    M(f"{K}.answer.rule", lang): _rule(r["rule"], lang),
                    M(f"{K}.answer.by_2025", lang): probability(r["P(peak <= 2025)"], lang),
                    M(f"{K}.answer.by_2030", lang): probability(r["P(peak <= 2030)"], lang),
                    M(f"{K}.answer.year", lang): M(f"{K}.none", lang)
                    if pd.isna(r.get("median peak year"))
                    else int(round(r["median peak year"])),
                }
            )
    return Table(pd.DataFrame(rows), M(f"{key}.title", lang), lang=lang)


def discrepancy_table(table: pd.DataFrame, lang: str = "en") -> Table:
    """P(peak by 2030) per scenario and boundary at each multiple of the discrepancy's calibrated scale."""
    key = f"{K}.discrepancy"
    scenario, boundary = M(f"{K}.answer.scenario", lang), M(f"{K}.answer.boundary", lang)
    df = pd.DataFrame(
        {
            scenario: table["scenario"].map(lambda s: _scenario(s, lang)),
            boundary: table["boundary"].map(lambda b: _boundary(b, lang)),
            "multiplier": table["multiplier"].map(
                lambda m: M(f"{key}.left_out", lang) if m == 0 else M(f"{key}.scaled", lang, m=m)
            ),
            "p": table["P(peak <= 2030)"],
        }
    )
    wide = df.pivot_table(index=[scenario, boundary], columns="multiplier", values="p", sort=False)
    wide = wide.map(lambda p: probability(p, lang)).reset_index()
    wide.columns.name = "multiplier"
    return Table(wide, M(f"{key}.title", lang), lang=lang)


def paths_table(paths: pd.DataFrame, years, lang: str = "en") -> Table:
    """Median and the narrowest interval per scenario and boundary in a few years (Mt CO2 per year)."""
    key = f"{K}.paths"
    df = paths[paths["year"].isin(years)]
    tag = sorted(
        {c[len("lower_") :] for c in df.columns if c.startswith("lower_")}, key=lambda t: float(t.replace("_", "."))
    )[0]
    median = M(f"{key}.median", lang)
    out = pd.DataFrame(
        {
            M(f"{K}.answer.scenario", lang): df["scenario"].map(lambda s: _scenario(s, lang)),
            M(f"{K}.answer.boundary", lang): df["boundary"].map(lambda b: _boundary(b, lang)),
            M(f"{key}.year", lang): df["year"].astype(int),
            median: df["median"].round(1).map(lambda v: messages.co2(v, lang)),
            M(f"{key}.interval", lang, level=tag.replace("_", ".")): [
                _mt_range(a, b, lang) for a, b in zip(df[f"lower_{tag}"], df[f"upper_{tag}"])
            ],
        }
    ).reset_index(drop=True)
    # Mt to 0.1, 万吨 to 10: the same precision
    return Table(out, M(f"{key}.title", lang), formats={median: M(f"{K}.mt_format", lang)}, lang=lang)


def top_indices(indices: pd.DataFrame, lang: str = "en") -> Table:
    """The assumptions with the largest total Sobol index per output, by label, with both indices."""
    key = f"{K}.sobol"
    df = synthesis.top_indices(indices)
    s1, st = M(f"{key}.s1", lang), M(f"{key}.st", lang)
    out = pd.DataFrame(
        {
            M(f"{key}.output", lang): df["output"].map(lambda o: _output(o, lang)),
            M(f"{key}.assumption", lang): df["assumption"].map(lambda a: _assumption(a, lang)),
            s1: df["S1"],
            st: df["ST"],
        }
    )
    return Table(out, M(f"{key}.title", lang), formats={s1: "{:.2f}", st: "{:.2f}"}, lang=lang)


def scored_targets(board: pd.DataFrame, lang: str = "en") -> Table:
    """The targets a chapter scores (status other than 'no data'), with their sector, as the sector chapters
    show them."""
    scored = board[board["status"] != "no data"]
    table = common.scorecard_table(scored, lang=lang)
    sectors = scored["sector"].map(lambda s: messages.label("sector", s, lang)).to_numpy()
    table.df.insert(1, M(f"{K}.scored.sector", lang), sectors)
    return Table(table.df, M(f"{K}.scored.title", lang), lang_columns=table.lang_columns, lang=lang)


def _peak_text(row, lang: str) -> str:
    if row.peak_bound == "before":
        return M(f"{K}.register.before", lang, year=int(row.peak_year_high))
    if row.peak_bound == "range":
        low, high = int(row.peak_year_low), int(row.peak_year_high)
        return str(low) if low == high else M(f"{K}.range", lang, low=low, high=high)
    return NA


def _figure_text(row, lang: str) -> str:
    if not row.figure:
        return NA
    if pd.notna(row.figure_value) and pd.notna(row.figure_low):
        number = f"{row.figure_value:g} ({row.figure_low:g}-{row.figure_high:g})"
    elif pd.notna(row.figure_value):
        number = f"{row.figure_value:g}"
    else:
        number = f"{row.figure_low:g}-{row.figure_high:g}"
    period = M(f"{K}.register.period", lang, period=row.figure_period) if row.figure_period else ""
    return M(f"{K}.register.figure_text", lang, figure=row.figure, period=period, number=number, unit=row.figure_unit)


def _register_frame(reg: pd.DataFrame, lang: str) -> pd.DataFrame:
    key = f"{K}.register"
    c = _columns(
        key,
        lang,
        [
            "statement",
            "source",
            "scenario_type",
            "compared_with",
            "boundary",
            "region",
            "years",
            "peak",
            "peak_value",
            "figure",
            "grade",
        ],
    )
    return pd.DataFrame(
        {
            c["statement"]: reg["id"],
            c["source"]: reg["source"],
            c["scenario_type"]: reg["scenario_type"].map(lambda t: _optional(f"{key}.type", t, lang, t)),
            c["compared_with"]: reg["scenario_type"].map(register.BESIDE).map(lambda b: M(f"{key}.beside.{b}", lang)),
            c["boundary"]: reg["boundary"].map(lambda b: _optional(f"{key}.boundaries", b, lang, b)),
            c["region"]: reg["region"],
            c["years"]: [
                M(f"{K}.range", lang, low=int(a), high=int(b)) if pd.notna(a) and pd.notna(b) else NA
                for a, b in zip(reg["base_year"], reg["horizon_end"])
            ],
            c["peak"]: [_peak_text(r, lang) for r in reg.itertuples()],
            c["peak_value"]: reg["peak_value_mt"].map(lambda v: messages.co2(v, lang)),
            c["figure"]: [_figure_text(r, lang) for r in reg.itertuples()],
            c["grade"]: reg["grade"].map(lambda g: messages.label("grade", g, lang)),
        }
    )


def _register_table(frame: pd.DataFrame, caption: str, lang: str) -> Table:
    """A register's table: the peak value in the language's unit; a source's name, region and figure are the
    source's own English (marked so on a Chinese page)."""
    key = f"{K}.register"
    english = [M(f"{key}.{c}", lang) for c in ("source", "region", "figure")]
    foreign = dict.fromkeys(english, "en") | {M(f"{key}.statement", lang): "zxx"}  # ids are no language
    return Table(
        frame,
        caption,
        formats={M(f"{key}.peak_value", lang): "{:.0f}"},
        lang_columns=foreign,
        lang=lang,
    )


def register_table(reg: pd.DataFrame, lang: str = "en") -> Table:
    """The register, like with like: each statement's scenario type, the scenario of this book it compares
    with, its boundary, years, peak (an open bound stays 'before X') and any other figure it states."""
    return _register_table(_register_frame(reg, lang), M(f"{K}.register.title", lang), lang)


def context_table(ctx: pd.DataFrame, lang: str = "en") -> Table:
    """The context table: other regions, in the register's columns."""
    frame = _register_frame(ctx, lang).drop(columns=M(f"{K}.register.compared_with", lang))
    return _register_table(frame, M(f"{K}.register.context_title", lang), lang)
