"""The synthesis chapter's tables as a reader sees them, in English and in Chinese (the numbers come from
carbonpeak.model.synthesis and the model run; nothing here computes a result; every text is the message
catalogue's, carbonpeak.pages.messages.synthesis)."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from carbonpeak import charts
from carbonpeak.analysis import nowcast
from carbonpeak.constants import level_name
from carbonpeak.data import register
from carbonpeak.formats import probability
from carbonpeak.inputs import assumptions, parts
from carbonpeak.model import boundaries, outcomes, sensitivity, synthesis
from carbonpeak.model.synthesis import GRADES, SOURCES
from carbonpeak.pages import common, messages
from carbonpeak.pages.findings import KeyFindings, city_numbers, peak_numbers
from carbonpeak.pages.tables import NA, Table

M = messages.text
K = "synthesis"


# labels ------------------------------------------------------------------------------------------------


def _scenario(name: str, lang: str) -> str:
    return messages.label("scenario", name, lang)


def _boundary(boundary: str, lang: str) -> str:
    return boundaries.label(boundary, lang)


def _rule(rule: str, lang: str) -> str:
    return messages.label("rule", rule, lang)


def _assumption(name: str, lang: str) -> str:
    """An assumption's label, with its name for the analyst who sets it on an English page."""
    return M(f"{K}.assumption", lang, label=messages.label("assumption", name, lang), name=name)


def _part(part: str, lang: str) -> str:
    """A part's label (the English label of data/parts.yml is the model's key)."""
    return {p.en: getattr(p, lang) for p in parts.parts().values()}.get(part, part)


def _optional(key: str, name: str, lang: str, default: str) -> str:
    """A catalogue entry by a name that comes from data (a scenario file, a register row), or ``default``."""
    entry = messages.catalogue().get(f"{key}.{name}")
    return entry[lang] if entry else default


def _mt(value, lang: str) -> str:
    return NA if pd.isna(value) else M(f"{K}.mt", lang, value=value, wan=messages.co2(round(value, 1), "zh"))


def _mt_range(low, high, lang: str) -> str:
    if pd.isna(low):
        return M(f"{K}.none", lang)
    return M(
        f"{K}.mt_range",
        lang,
        low=low,
        high=high,
        low_wan=messages.co2(round(low, 1), "zh"),
        high_wan=messages.co2(round(high, 1), "zh"),
    )


def _columns(key: str, lang: str, names: list[str], **values) -> dict[str, str]:
    return {n: M(f"{key}.{n}", lang, **values) for n in names}


# tables ------------------------------------------------------------------------------------------------


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


def record_2018_intro(lang: str = "en") -> str:
    """The sentence that introduces the outlier table, with the 2018 test's numbers and verdict (not typed)."""
    j = nowcast.assess_2018()
    return M(
        f"{K}.record_2018.intro",
        lang,
        value_2018=j.value_2018,
        value_2016=j.value_2016,
        wan_2018=messages.co2(round(j.value_2018, 1), "zh"),
        wan_2016=messages.co2(round(j.value_2016, 1), "zh"),
        verdict=j.verdict,
        word=_verdict(lang),
    )


def _verdict(lang: str) -> str:
    """The 2018 test's verdict in one word ("doubtful", "plausible") in the page's language."""
    return M(f"{K}.verdict.{nowcast.verdict_2018_word()}", lang)


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


def _output(output: str, lang: str) -> str:
    return _optional(f"{K}.sobol.outputs", output, lang, output)


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


# findings ----------------------------------------------------------------------------------------------


def key_findings(
    table: pd.DataFrame,
    indices: pd.DataFrame,
    ens,
    rule: str,
    horizon_end: int,
    record_2018: str,
    years: pd.DataFrame | None = None,
    discrepancy: pd.DataFrame | None = None,
    lang: str = "en",
):
    """The answer per boundary, what drives it, and (given the peak-year table and the discrepancy table)
    what the 2018 value and the discrepancy do, with the numbers behind them."""
    key = f"{K}.finding"
    part = table[table["rule"] == rule].set_index(["scenario", "boundary"])
    names = list(dict.fromkeys(table["scenario"]))

    def named(values) -> str:
        sep = M("common.punct.name_value", lang)
        return messages.join((f"{_scenario(s, lang)}{sep}{probability(v, lang)}" for s, v in values), lang)

    bullets = []
    for boundary in outcomes.BOUNDARIES:
        probs = named((s, part.at[(s, boundary), "P(peak <= 2030)"]) for s in names)
        label = _boundary(boundary, lang)
        label = label[0].upper() + label[1:]
        bullets.append(M(f"{key}.boundary", lang, label=label, rule=_rule(rule, lang), probs=probs))
    if record_2018 == "keep" and years is not None:
        in_2018 = years[
            (years["boundary"] == "territorial") & (years["rule"] == rule) & (years["peak year"] == "2018")
        ].set_index("scenario")["share"]
        shares = named((s, in_2018.get(s, 0.0)) for s in names)
        bullets.append(M(f"{key}.record_2018", lang, verdict=_verdict(lang), shares=shares))
    if discrepancy is not None:
        d = discrepancy[discrepancy["boundary"] == "with_imports"].set_index(["multiplier", "scenario"])
        d = d["P(peak <= 2030)"]
        top = max(synthesis.DISCREPANCY_MULTIPLIERS)
        first = names[0]
        bullets.append(
            M(
                f"{key}.discrepancy",
                lang,
                scenario=_scenario(first, lang),
                p0=probability(d[(0.0, first)], lang),
                p1=probability(d[(1.0, first)], lang),
                ptop=probability(d[(top, first)], lang),
                top=top,
            )
        )
    for output in synthesis.sobol_outputs(indices)[:2]:
        top_ix = sensitivity.top(indices, output, 2)
        bullets.append(
            M(
                f"{key}.sobol",
                lang,
                output=_output(output, lang),
                names=M(f"{key}.sobol_and", lang).join(
                    M(f"{key}.sobol_name", lang, label=_assumption(a, lang)) for a in top_ix["assumption"]
                ),
                values=messages.join((M(f"{key}.sobol_value", lang, value=v) for v in top_ix["ST"]), lang, "enum"),
            )
        )
    numbers = {**city_numbers(ens, (2025, 2030)), **peak_numbers(table)}
    return KeyFindings(bullets, numbers, label=M("common.findings.label", lang))


def headline(table: pd.DataFrame, rule: str, horizon_end: int, lang: str = "en") -> str:
    """Markdown bullets: P(peak <= 2025) and P(peak <= 2030) per scenario and boundary under ``rule``."""
    key = f"{K}.headline"
    part = table[table["rule"] == rule]
    description = messages.label("rule_description", rule, lang)
    lines = [M(f"{key}.rule", lang, rule=_rule(rule, lang), description=description, end=horizon_end)]
    for r in part.to_dict("records"):
        year = r.get("median peak year")
        when = M(f"{key}.when", lang, year=int(round(year))) if year is not None and not pd.isna(year) else ""
        lines.append(
            M(
                f"{key}.row",
                lang,
                scenario=_scenario(r["scenario"], lang),
                boundary=_boundary(r["boundary"], lang),
                p2030=probability(r["P(peak <= 2030)"], lang),
                p2025=probability(r["P(peak <= 2025)"], lang),
                end=horizon_end,
                pnot=probability(r[f"P(not peaked by {horizon_end})"], lang),
                when=when,
            )
        )
    return "\n".join(lines)


# figures -----------------------------------------------------------------------------------------------

F = f"{K}.figure"


def _colour(names, lang: str):
    """The scenarios' colours (charts.SCENARIO_COLOURS) for their labels in the page's language."""
    names = list(dict.fromkeys(names))
    return alt.Scale(
        domain=[_scenario(n, lang) for n in names], range=[charts.SCENARIO_COLOURS.get(n, "#444") for n in names]
    )


def _title(text: str, units: str, lang: str) -> alt.TitleParams:
    """A chart title whose subtitle states the units (charts.title, in the page's language)."""
    return alt.TitleParams(text=text, subtitle=M("common.unit.units", lang) + units)


def _year_axis(lang: str) -> alt.Axis:
    return alt.Axis(format="d", title=M(f"{K}.year_axis", lang))


def _figure(chart, alt_text: str, sources, grades, note: str, data: pd.DataFrame, filename: str, lang: str):
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=messages.source_note(sources, grades, note, lang),
        data=data,
        filename=filename,
        **messages.figure_csv(lang),
    )


def peak_year_figure(year_table: pd.DataFrame, boundary: str, rule: str, horizon_end: int, lang: str = "en"):
    """Bars: the share of draws whose peak falls in each year, per scenario."""
    df = year_table[(year_table["boundary"] == boundary) & (year_table["rule"] == rule)].copy()
    df = df[(df["share"] > 0) | (df["peak year"] == "not peaked")]
    raw_names = list(dict.fromkeys(df["scenario"]))
    not_peaked = M(f"{F}.not_peaked", lang)
    df["peak year"] = df["peak year"].replace("not peaked", not_peaked)
    df["scenario"] = df["scenario"].map(lambda s: _scenario(s, lang))
    order = sorted(df["peak year"].unique(), key=lambda v: (v == not_peaked, v))
    names = list(dict.fromkeys(df["scenario"]))
    rule_text, where = _rule(rule, lang), _boundary(boundary, lang)
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            x=alt.X("peak year:N", sort=order, title=M(f"{F}.peak_year_axis", lang, rule=rule_text)),
            xOffset=alt.XOffset("scenario:N", sort=names),
            y=alt.Y("share:Q", title=M(f"{F}.share", lang), axis=alt.Axis(format="%")),
            color=alt.Color("scenario:N", scale=_colour(raw_names, lang), sort=names, title=M(f"{F}.scenario", lang)),
            tooltip=["scenario:N", "peak year:N", alt.Tooltip("share:Q", format=".1%")],
        )
        .properties(
            title=_title(
                M(f"{F}.peak_year_title", lang, boundary=where, rule=rule_text),
                M(f"{F}.peak_year_units", lang),
                lang,
            ),
            width=charts.WIDTH,
            height=240,
        )
    )
    top = df.sort_values("share", ascending=False).groupby("scenario", sort=False).head(1)
    items = (
        M(f"{F}.peak_year_item", lang, scenario=r["scenario"], year=r["peak year"], share=r["share"])
        for r in top.to_dict("records")
    )
    alt_text = M(f"{F}.peak_year_alt", lang, boundary=where, rule=rule_text, items=messages.join(items, lang, "clause"))
    note = M(f"{F}.peak_year_note", lang, n=len(names), end=horizon_end)
    return _figure(chart, alt_text, SOURCES, GRADES, note, df, f"peak_years_{boundary}_{rule}", lang)


def city_figure(
    paths_table: pd.DataFrame, boundary: str, level: float, record: pd.DataFrame | None = None, lang: str = "en"
):
    """Median and central interval per scenario, with the measured record and other estimates as points."""
    tag = level_name(level)
    df = paths_table[paths_table["boundary"] == boundary].copy()
    raw_names = list(dict.fromkeys(df["scenario"]))
    for c in ("median", f"lower_{tag}", f"upper_{tag}"):
        df[c] = messages.co2(df[c], lang)
    df["scenario"] = df["scenario"].map(lambda s: _scenario(s, lang))
    names = list(dict.fromkeys(df["scenario"]))
    scale = _colour(raw_names, lang)
    colour = alt.Color("scenario:N", scale=scale, sort=names, title=M(f"{F}.city_legend", lang))
    base = alt.Chart(df).encode(x=alt.X("year:Q", axis=_year_axis(lang), scale=alt.Scale(zero=False)), color=colour)
    # the bands share the lines' colours; one legend (the lines') names both
    band_colour = alt.Color("scenario:N", scale=scale, sort=names, legend=None)
    layers = [
        base.mark_area(opacity=0.18).encode(
            y=alt.Y(f"lower_{tag}:Q", title=M(f"{F}.mt", lang)), y2=f"upper_{tag}:Q", color=band_colour
        ),
        base.mark_line().encode(
            y="median:Q",
            tooltip=[
                "scenario:N",
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("median:Q", format=",.1f"),
                alt.Tooltip(f"lower_{tag}:Q", format=",.1f"),
                alt.Tooltip(f"upper_{tag}:Q", format=",.1f"),
            ],
        ),
    ]
    if record is not None and not record.empty:
        record = record.assign(
            value=messages.co2(record["value"], lang),
            series=record["series"].map(lambda s: _optional(f"{F}.series", s, lang, s)),
            grade=record["grade"].map(lambda g: M(f"{F}.grade", lang, grade=g, label=messages.label("grade", g, lang))),
        )
        shape = alt.Shape("series:N", title=M(f"{F}.other_series", lang))
        pts = (
            alt.Chart(record)
            .mark_point(filled=True, color="#222", size=45)
            .encode(
                x="year:Q",
                y="value:Q",
                shape=shape,
                tooltip=[
                    "series:N",
                    alt.Tooltip("year:Q", format="d"),
                    alt.Tooltip("value:Q", format=",.1f"),
                    "grade:N",
                ],
            )
        )
        layers.append(pts)
    where = _boundary(boundary, lang)
    chart = (
        alt.layer(*layers)
        .resolve_scale(color="independent", shape="independent")
        .properties(
            title=_title(M(f"{F}.city_title", lang, boundary=where), M(f"{F}.city_units", lang, level=level), lang),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    year = min(2030, int(df["year"].max()))
    med = df[df["year"] == year].set_index("scenario")["median"]
    items = (M(f"{F}.city_item", lang, value=v, wan=v, scenario=k) for k, v in med.items())
    alt_text = M(f"{F}.city_alt", lang, boundary=where, year=year, items=messages.join(items, lang))
    alt_text += M(f"{F}.city_points", lang) if record is not None else ""
    data = df if record is None else pd.concat([df, record], ignore_index=True)
    note = M(f"{F}.city_note", lang)
    return _figure(
        chart, alt_text, SOURCES + ["cmcc", "carbon_monitor"], GRADES, note, data, f"city_paths_{boundary}", lang
    )


def parts_figure(medians: pd.DataFrame, scenario: str, boundary: str, lang: str = "en"):
    """Stacked median CO2 by part for one scenario (imported electricity only on the wider boundary)."""
    df = medians[medians["scenario"] == scenario]
    if boundary == "territorial":
        df = df[df["part"] != "imported electricity"]
    df = df.assign(
        scenario=_scenario(scenario, lang),
        part=df["part"].map(lambda p: _part(p, lang)),
        median=messages.co2(df["median"], lang),
    )
    order = list(dict.fromkeys(df["part"]))
    name, where = _scenario(scenario, lang), _boundary(boundary, lang)
    chart = (
        alt.Chart(df)
        .mark_area()
        .encode(
            x=alt.X("year:Q", axis=_year_axis(lang)),
            y=alt.Y("median:Q", stack="zero", title=M(f"{F}.mt", lang)),
            color=alt.Color("part:N", sort=order, title=M(f"{F}.part", lang), legend=alt.Legend(columns=2)),
            order=alt.Order("order:Q"),
            tooltip=["part:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("median:Q", format=",.2f")],
        )
        .transform_calculate(order=" + ".join(f"(datum.part == '{p}') * {i}" for i, p in enumerate(order)))
        .properties(
            title=_title(M(f"{F}.parts_title", lang, scenario=name, boundary=where), M(f"{F}.parts_units", lang), lang),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    year = min(2030, int(df["year"].max()))
    at = df[df["year"] == year].sort_values("median", ascending=False)
    items = (M(f"{F}.parts_item", lang, part=r.part, value=r.median, wan=r.median) for r in at.itertuples())
    alt_text = M(
        f"{F}.parts_alt", lang, scenario=name, boundary=where, year=year, items=messages.join(items, lang, "enum")
    )
    note = M(f"{F}.parts_note", lang)
    return _figure(chart, alt_text, SOURCES, GRADES, note, df, f"parts_{scenario}_{boundary}", lang)


def sobol_figure(indices: pd.DataFrame, output: str, k: int = 10, lang: str = "en"):
    """Horizontal bars: total and first-order Sobol indices of the k most influential assumptions."""
    top = sensitivity.top(indices, output, k)
    labels = {a: messages.label("assumption", a, lang) for a in top["assumption"]}
    top = top.assign(assumption=top["assumption"].map(lambda a: M(f"{F}.sobol_name", lang, name=a, label=labels[a])))
    long = top.melt(id_vars=["assumption"], value_vars=["ST", "S1"], var_name="index", value_name="value")
    long["index"] = long["index"].map({"ST": M(f"{F}.sobol_total", lang), "S1": M(f"{F}.sobol_first", lang)})
    order = list(top["assumption"])
    what = _output(output, lang)
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("assumption:N", sort=order, title=None),
            yOffset=alt.YOffset("index:N"),
            x=alt.X("value:Q", title=M(f"{F}.sobol_axis", lang), axis=alt.Axis(format="%")),
            color=alt.Color(
                "index:N", title=M(f"{F}.sobol_index", lang), scale=alt.Scale(range=["#2e75b6", "#9dc3e6"])
            ),
            tooltip=["assumption:N", "index:N", alt.Tooltip("value:Q", format=".2f")],
        )
        .properties(
            title=_title(M(f"{F}.sobol_title", lang, output=what), M(f"{F}.sobol_units", lang), lang),
            width=charts.WIDTH,
            height=34 * len(order) + 30,
        )
    )
    items = (M(f"{F}.sobol_item", lang, label=r.assumption, value=r.ST) for r in top.head(5).itertuples())
    alt_text = M(f"{F}.sobol_alt", lang, output=what, items=messages.join(items, lang))
    note = M(f"{F}.sobol_note", lang)
    filename = f"sobol_{output.replace(' ', '_').replace('(', '').replace(')', '')}"
    return _figure(chart, alt_text, SOURCES, ["derived", "assumption"], note, top, filename, lang)


def gap_figure(gap: pd.Series, a: str, b: str, year: int, lang: str = "en"):
    """Bars of the change in each part's median from scenario ``a`` to ``b`` in ``year``."""
    gap = messages.co2(gap, lang).rename(index=lambda p: _part(p, lang))
    name_a, name_b = _scenario(a, lang), _scenario(b, lang)
    units = M(f"{F}.gap_units", lang)
    chart = charts.effects_chart(gap, title_text=M(f"{F}.gap_title", lang, a=name_a, b=name_b, year=year), units=units)
    chart = chart.properties(title=_title(M(f"{F}.gap_title", lang, a=name_a, b=name_b, year=year), units, lang))
    items = (M(f"{F}.gap_item", lang, part=k, value=v, wan=v) for k, v in gap.items())
    alt_text = M(f"{F}.gap_alt", lang, a=name_a, b=name_b, year=year, items=messages.join(items, lang))
    data = gap.rename(M(f"{F}.gap_column", lang)).rename_axis("part").reset_index()
    note = M(f"{F}.gap_note", lang)
    return _figure(chart, alt_text, SOURCES, ["derived"], note, data, f"gap_{a}_{b}", lang)


def _bound_text(r, lang: str) -> str:
    if r.bound == "before":
        return M(f"{F}.bound_before", lang, high=int(r.high))
    return M(f"{F}.bound_range", lang, low=int(r.low), high=int(r.high))


def _register_rows(reg: pd.DataFrame, ensemble: pd.DataFrame, lang: str) -> pd.DataFrame:
    """synthesis.register_rows in the page's language: groups, labels and boundaries from the catalogue (the
    rows' English texts are looked up in maps built from the same register and ensemble)."""
    df = synthesis.register_rows(reg, ensemble)
    groups = {
        synthesis.beside(s): _optional(f"{F}.group", s, lang, M(f"{F}.group.other", lang, scenario=_scenario(s, lang)))
        for s in [*ensemble["scenario"], "baseline", "plan"]
    }
    long = {boundaries.label(b): b for b in outcomes.BOUNDARIES}  # the register rows' boundary labels
    labels = {
        f"{r.label} ({M(f'{F}.book_short.{long[r.boundary]}', 'en')})": M(
            f"{F}.book_boundary",
            lang,
            label=M(f"{F}.book_label", lang, scenario=_scenario(r.scenario, lang)),
            boundary=M(f"{F}.book_short.{long[r.boundary]}", lang),
        )
        for r in ensemble.itertuples()
        if f"{F}.book_short.{long[r.boundary]}" in messages.catalogue()  # the rows the register labels
    }
    labels |= {
        f"{i} ({t})": M(f"{F}.published_label", lang, id=i, type=_optional(f"{K}.register.type", t, lang, t))
        for i, t in zip(reg["id"], reg["scenario_type"])
    }
    named = {label: boundaries.label(b, lang) for label, b in long.items()}
    named |= {
        M(f"{F}.boundary_other", "en", name=b): M(
            f"{F}.boundary_other", lang, name=_optional(f"{K}.register.boundaries", b, lang, b)
        )
        for b in reg["boundary"]
    }
    return df.assign(group=df["group"].map(groups), label=df["label"].map(labels), boundary=df["boundary"].map(named))


def register_figure(reg: pd.DataFrame, ensemble: pd.DataFrame, lang: str = "en"):
    """Published peak years beside this book's ensemble ranges, grouped under a heading for the scenario each
    compares with and coloured by boundary: a stated range is a bar, an open bound ("before 2025") a
    left-pointing triangle at the bound with no bar, since its source states no earliest year."""
    df = _register_rows(reg, ensemble, lang)
    shown = pd.concat(
        [
            frame
            for group, part in df.groupby("group", sort=False)
            for frame in (
                pd.DataFrame({"group": [group], "label": [group[0].upper() + group[1:]], "bound": ["heading"]}),
                part,
            )
        ],
        ignore_index=True,
    )
    axis_title = M(f"{F}.register_axis", lang)
    scale = alt.Scale(domain=[2010, 2036])
    x = alt.X("high:Q", axis=_year_axis(lang), scale=scale, title=axis_title)
    headings = json.dumps(list(shown.loc[shown["bound"] == "heading", "label"]), ensure_ascii=False)
    axis = alt.Axis(labelFontWeight={"expr": f"indexof({headings}, datum.label) >= 0 ? 'bold' : 'normal'"})
    base = alt.Chart(shown).encode(
        y=alt.Y("label:N", sort=None, title=None, axis=axis, scale=alt.Scale(domain=list(shown["label"]))),
        color=alt.Color(
            "boundary:N",
            title=M(f"{K}.answer.boundary", lang),
            legend=alt.Legend(orient="bottom", columns=1),
        ),
        tooltip=["label:N", "group:N", "boundary:N", "region:N", "bound:N", "high:Q", "note:N"],
    )
    ranges = base.transform_filter("datum.bound == 'range'")
    opens = base.transform_filter("datum.bound == 'before'")
    chart = alt.layer(
        ranges.mark_rule(strokeWidth=6, opacity=0.7).encode(
            x=alt.X("low:Q", axis=_year_axis(lang), scale=scale, title=axis_title), x2="high:Q"
        ),
        ranges.mark_point(filled=True, size=60).encode(x=x),
        opens.mark_point(filled=True, size=120, shape="triangle-left").encode(x=x),
        opens.mark_text(align="right", dx=-9, fontSize=11).encode(x=x, text=alt.value(M(f"{F}.register_before", lang))),
    ).properties(
        title=_title(M(f"{F}.register_title", lang), M(f"{F}.register_units", lang), lang),
        width=charts.WIDTH,
        height=26 * len(shown) + 20,
    )
    items = (
        M(
            f"{F}.register_item",
            lang,
            group=r.group,
            label=r.label,
            bound=_bound_text(r, lang),
            boundary=r.boundary,
        )
        for r in df.itertuples()
    )
    alt_text = M(f"{F}.register_alt", lang, items=messages.join(items, lang, "clause"))
    return _figure(
        chart,
        alt_text,
        ["plan", "literature", "ceads_city", "ceads_provinces"],
        ["official_point", "derived"],
        M(f"{F}.register_note", lang),
        df,
        "published_estimates",
        lang,
    )
