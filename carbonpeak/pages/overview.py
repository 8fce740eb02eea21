"""The overview chapter's tables, charts and sentences as a reader sees them, in English or in Chinese (the
numbers come from carbonpeak.analysis.record and carbonpeak.analysis.nowcast; nothing here computes a result;
the words are the catalogue's, carbonpeak/pages/messages/overview.yml)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carbonpeak import charts, data
from carbonpeak.analysis import nowcast, projections, record
from carbonpeak.constants import SHENZHEN, level_name
from carbonpeak.data.provenance import short_citation
from carbonpeak.pages import messages
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table, number

M = messages.text
WAN = messages.CO2_SCALE["zh"]
TWH_SCALE = {
    "en": 1,
    "zh": 10,
}  # TWh in English, 亿千瓦时 in Chinese  # 万吨 per Mt: the Chinese sentences' values are given in both units


def _say(group: str, english: str, lang: str) -> str:
    """A name the analysis gives in English (a series, a vintage, a basis) in ``lang``; one the catalogue does
    not list is shown as it is."""
    entry = messages.catalogue().get(f"overview.{group}.{english}")
    return entry[lang] if entry and entry.get(lang) else english


def _citation(citation: str, lang: str) -> str:
    """A short citation as a table shows it: whole in English, the source's name in Chinese."""
    name = messages.label("source_name", citation.split(" (")[0], lang)
    return M("overview.citation", lang, citation=citation, name=name)


def _grades(text: str, lang: str = "en") -> str:
    """'measured, official_point' -> 'measured, official point figure'."""
    return messages.join((messages.label("grade", g.strip(), lang) for g in str(text).split(",")), lang)


def city_label(city: str, lang: str = "en") -> str:
    """The city as the page names it: 'Shenzhen (广东深圳)' in English, its CEADs name in Chinese."""
    english = record.ENGLISH_NAMES.get(city)
    return M("overview.city.label", lang, english=english, city=city) if english else city


def method_label(projection: pd.DataFrame, lang: str = "en") -> str:
    """The projection's method as the page names it (carbonpeak.analysis.projections' label)."""
    a = projection.attrs
    return M(f"overview.method.{a['method']}", lang) + (
        M("overview.method.calibrated", lang) if a["calibrated"] else ""
    )


def _scaled(df: pd.DataFrame, columns, lang: str) -> pd.DataFrame:
    """Mt CO2 columns in the language's unit (万吨 in Chinese)."""
    return df.assign(**{c: messages.co2(df[c], lang) for c in columns})


def _digits(lang: str, en: int) -> int:
    """Decimals of a CO2 value in the language's unit: ``en`` for Mt, two fewer for 万吨 (100 per Mt)."""
    return max(0, en - len(str(messages.CO2_SCALE[lang])) + 1)


def statement(st, lang: str = "en") -> str:
    """The peak rule's verdict on one series in one sentence (carbonpeak.analysis.peaks.statement's, in the
    page's language)."""
    rule = messages.label("rule", st.rule, lang)
    if st.year is None:
        return M("overview.statement.no_data", lang, rule=rule)
    kind = {"peaked": "peaked", "unknown": "unknown"}.get(st.verdict, "not_yet" if st.years_after else "not_yet_last")
    return M(
        f"overview.statement.{kind}",
        lang,
        rule=rule,
        year=st.year,
        value=st.value,
        wan=st.value * WAN,
        unit=f" {record.CO2_UNIT}",
        reason=st.reason,
        after=st.years_after,
    )


def _rule_description(rule, lang: str) -> str:
    """The rule with its options in words (carbonpeak.analysis.peaks.Rule.describe's, in the page's language)."""
    description = messages.label("rule_description", rule.name, lang).replace("N", str(rule.rule_years), 1)
    return M(
        "overview.summary.rule_text",
        lang,
        describe=rule.describe(),
        label=messages.label("rule", rule.name, lang),
        description=description,
    )


def settings_markdown(city: str, projection: pd.DataFrame, horizon_end: int, rule, levels, record_2018: str, lang="en"):
    """The line of settings under the key findings: city, projection, rule, intervals, the 2018 value."""
    return M(
        "overview.settings",
        lang,
        city=city_label(city, lang),
        method=method_label(projection, lang),
        end=horizon_end,
        rule=messages.label("rule", rule.name, lang),
        levels=messages.join((M("overview.level", lang, level=lv, pct=lv * 100) for lv in levels), lang, "enum"),
        record_2018=M(f"overview.record_2018_value.{record_2018}", lang),
    )


def sources_table(city: str, lang: str = "en") -> Table:
    """The series this chapter reads for ``city``, grades in words."""
    df = record.sources_table(city)
    years = df["years"].map(lambda text: _years(text, lang))
    out = pd.DataFrame(
        {
            M("overview.sources_table.series", lang): df["series"].map(lambda s: _say("series", s, lang)),
            M("overview.sources_table.source", lang): df["source"].map(lambda s: _citation(s, lang)),
            M("overview.sources_table.grade", lang): df["grade"].map(lambda g: _grades(g, lang)),
            M("overview.sources_table.years", lang): years,
        }
    )
    return Table(out, M("overview.sources_table.title", lang, city=city_label(city, lang)), lang=lang)


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
                lambda s: s if pd.isna(s) else _citation(short_citation(s), lang)
            ),
            M("overview.gdp_table.grade", lang): df["grade"].map(lambda g: g if pd.isna(g) else _grades(g, lang)),
            M("overview.gdp_table.vintage", lang): df["vintage"].map(
                lambda v: v if pd.isna(v) else _say("vintage", v, lang)
            ),
        }
    )
    return Table(out, M("overview.gdp_table.title", lang), formats={gdp: number(2), growth: number(1)}, lang=lang)


def shenzhen_only_note(lang: str = "en") -> str:
    """What another city's page says where Shenzhen's has the GDP table."""
    return M("overview.shenzhen_only", lang)


def record_table(record_2018: str, levels, lang: str = "en") -> Table:
    """Shenzhen's CO2 to 2025, one column per series, the nowcast with its interval bounds."""
    df = record.record_table(record_2018, levels)
    values = [c for c in df.columns if c != "year"]
    df = _scaled(df, values, lang)
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
        formats={names[c]: number(_digits(lang, 2)) for c in values},
        lang=lang,
    )


def indicators_table(lang: str = "en") -> Table:
    """What moved after 2019: each indicator's change on the year before (%)."""
    df = nowcast.indicators()
    year = M("overview.indicators_table.year", lang)
    df = df.reset_index().rename(columns={"index": year, "year": year})
    names = {c: _say("series", c, lang) for c in nowcast.indicators().columns}
    return Table(
        df.rename(columns=names),
        M("overview.indicators_table.title", lang),
        formats={n: number(1) for n in names.values()},
        lang=lang,
    )


def indicators_notes(lang: str = "en") -> str:
    """The indicators' notes (what each latest year covers)."""
    return M("overview.indicators_table.notes", lang, notes=nowcast.indicators().attrs["notes"])


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
    df = df.assign(method=df["method"].map(lambda m: _say("nowcast_method", m, lang))).rename(columns=names)
    percent = [n for c, n in names.items() if c.endswith(" %")]
    return Table(df, M("overview.backtest_table.title", lang), formats={c: number(1) for c in percent}, lang=lang)


def backtest_download(record_2018: str, levels, lang: str = "en") -> charts.Download:
    """Every back-test nowcast as a CSV download."""
    return charts.Download(
        nowcast.backtest(record_2018=record_2018, levels=levels).round(3),
        "nowcast_backtest_shenzhen",
        M("overview.backtest_table.download", lang),
        lang,
    )


def _evidence_values(df: pd.DataFrame, columns, lang: str) -> pd.DataFrame:
    """Each evidence row in the language's unit: Mt CO2 -> 万吨, TWh -> 亿千瓦时 in Chinese (ten per TWh)."""
    scale = df["series"].map(lambda s: messages.co2(1, lang) if s.endswith("Mt CO2") else TWH_SCALE[lang])
    out = df.copy()
    for c in columns:
        out[c] = df[c] * scale
    return out


def evidence_table(lang: str = "en") -> Table:
    """The evidence on CEADs' 2016-2018 jump, one row per series in its own unit."""
    df = nowcast.evidence_2018()
    years = [c for c in df.columns if str(c).isdigit()]
    changes = [c for c in df.columns if c.startswith("change")]
    df = _evidence_values(df, years, lang)
    df = df.assign(
        series=df["series"].map(lambda s: _say("series", s, lang)), grade=df["grade"].map(lambda g: _grades(g, lang))
    )
    names = {"series": M("overview.evidence_table.series", lang), "grade": M("overview.evidence_table.grade", lang)}
    for c in changes:  # 'change 2016-2018 %'
        span = c.split(" ")[1]
        first, last = span.split("-")
        names[c] = M("overview.evidence_table.change", lang, years=span, first=first, last=last)
    return Table(
        df.rename(columns=names),
        M("overview.evidence_table.title", lang),
        formats={**{c: number(_digits(lang, 2)) for c in years}, **{names[c]: number(1) for c in changes}},
        lang=lang,
    )


def projection_table(projection: pd.DataFrame, lang: str = "en") -> Table:
    """The projection every five years: central value and interval bounds (Mt CO2)."""
    df = record.projection_table(projection)
    df = _scaled(df, [c for c in df.columns if c != "year"], lang)
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
        formats={c: number(_digits(lang, 1)) for c in df.columns if c != rename["year"]},
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


def _cmcc_inside(nc: pd.DataFrame, tag: str, lang: str) -> str:
    cmcc = data.series("shenzhen_co2_cmcc", SHENZHEN, "co2")
    band = nc.set_index("year")
    inside = [band.at[y, f"lower_{tag}"] <= v <= band.at[y, f"upper_{tag}"] for y, v in cmcc.items() if y in band.index]
    return M("overview.findings.inside" if inside and all(inside) else "overview.findings.not_inside", lang)


def _verdict_case(j) -> str:
    """Which of assess_2018's verdicts ``j`` is."""
    return "usual" if not j.unusual else "corroborated" if j.corroborated else "doubtful"


def verdict_2018(j, lang: str = "en", whole: bool = True) -> str:
    """The 2018 test's verdict (its first word alone unless ``whole``), in the page's language."""
    case = _verdict_case(j)
    word = M(f"overview.verdict.{case}", lang)
    if not whole:
        return M("overview.verdict.word", lang, verdict=j.verdict.split(":")[0], word=word)
    parts = [(M("overview.verdict.own", lang), j.jump_pct > j.own_max_pct)]
    parts.append((M("overview.verdict.peers", lang), j.peer_share < nowcast.UNUSUAL_SHARE))
    why = M("overview.verdict.and", lang).join(w for w, hit in parts if hit)
    reason = M(f"overview.verdict.{case}_reason", lang, why=why)
    return M("overview.verdict.text", lang, verdict=j.verdict, word=word, reason=reason)


def key_findings(city: str, rule, projection: pd.DataFrame, levels, record_2018: str, lang: str = "en") -> KeyFindings:
    """Three to five sentences a reader can take away, from the numbers on this page."""
    hist = record.record(city, record_2018)
    top_year = int(hist.idxmax())
    dropped = M("overview.findings.dropped", lang) if city == SHENZHEN and record_2018 == "outlier" else ""
    last_value = hist.iloc[-1]
    lines = [
        M(
            "overview.findings.record",
            lang,
            dropped=dropped,
            last=last_value,
            last_wan=last_value * WAN,
            last_year=int(hist.index[-1]),
            top=hist.max(),
            top_wan=hist.max() * WAN,
            top_year=top_year,
            statement=statement(rule.judge(hist), lang),
        )
    ]
    label = M("common.findings.label", lang)
    if city != SHENZHEN:
        end = projection.iloc[-1]
        lines.append(
            M(
                "overview.findings.projection",
                lang,
                method=method_label(projection, lang),
                value=end["mean"],
                wan=end["mean"] * WAN,
                year=int(end["year"]),
            )
        )
        return KeyFindings(lines, label=label)
    nc = nowcast.nowcast(record_2018, levels=levels)
    tag = f"{min(levels) * 100:g}".replace(".", "_")
    last = nc.iloc[-1]
    cover = (
        nowcast.backtest_summary(record_2018, levels).set_index("method").loc[nowcast.METHODS[nowcast.DEFAULT_METHOD]]
    )
    lower, upper = last[f"lower_{tag}"], last[f"upper_{tag}"]
    lines.append(
        M(
            "overview.findings.nowcast",
            lang,
            median=last["median"],
            median_wan=last["median"] * WAN,
            year=int(last["year"]),
            level=f"{min(levels) * 100:g}",
            lower=lower,
            upper=upper,
            lower_wan=lower * WAN,
            upper_wan=upper * WAN,
            cover=cover[f"{tag} % interval covered %"],
            inside=_cmcc_inside(nc, tag, lang),
        )
    )
    j = nowcast.assess_2018()
    without = rule.judge(nowcast.shenzhen_record("outlier"))
    lines.append(
        M(
            "overview.findings.jump",
            lang,
            jump=j.jump_pct,
            verdict=verdict_2018(j, lang, whole=False),
            peer=j.peer_share * 100,
            guangdong=j.independent["CEADs Guangdong, Mt CO2"],
            statement=statement(without, lang),
        )
    )
    kept = rule.judge(hist).peaked
    rule_name = messages.label("rule", rule.name, lang)
    if not (kept or without.peaked):
        lines.append(M("overview.findings.answer_none", lang, rule=rule_name))
    else:
        which = M("overview.findings.with" if kept else "overview.findings.only_without", lang)
        lines.append(M("overview.findings.answer_peak", lang, rule=rule_name, which=which))
    return KeyFindings(lines, label=label)


def peak_summary(city: str, rule, projection: pd.DataFrame, levels, hist: pd.Series | None = None, lang="en") -> str:
    """Markdown: the peak rule applied to the record (``hist``, default the full CEADs series) and to the
    central projected path, with caveats."""
    hist = data.series("city_co2", city, "co2") if hist is None else hist
    observed = rule.judge(hist)
    central = pd.concat([hist, projection.set_index("year")["mean"]])
    projected = rule.judge(central)
    wide = level_name(max(levels))
    last = projection.iloc[-1]
    lower, upper = last[f"lower_{wide}"], last[f"upper_{wide}"]
    lines = [
        M("overview.summary.rule", lang, rule=_rule_description(rule, lang)),
        M("overview.summary.observed", lang, statement=statement(observed, lang)),
        M(
            "overview.summary.projected",
            lang,
            method=method_label(projection, lang),
            statement=statement(projected, lang),
        ),
        M(
            "overview.summary.spread",
            lang,
            year=int(last["year"]),
            wide=wide,
            lower=lower,
            upper=upper,
            lower_wan=lower * WAN,
            upper_wan=upper * WAN,
        ),
    ]
    if projection.attrs["method"] == "naive":
        lines.append(M("overview.summary.naive", lang))
    if city == SHENZHEN:
        cmcc = data.series("shenzhen_co2_cmcc", city, "co2")
        points = messages.join(
            (M("overview.summary.cmcc_point", lang, value=v, wan=v * WAN, year=y) for y, v in cmcc.items()), lang
        )
        lines.append(M("overview.summary.cmcc", lang, points=points))
    return "\n".join(lines)


def method_note(projection: pd.DataFrame, lang: str = "en") -> str:
    """One sentence on the fitted projection (method, observed years, log or levels, years ahead) and any
    fitting warnings."""
    a = projection.attrs
    text = M(
        "overview.method_note.text",
        lang,
        method=method_label(projection, lang),
        n_obs=a["n_obs"],
        first=a["first_year"],
        last=a["last_year"],
        scale=M("overview.method_note.log" if a["log"] else "overview.method_note.levels", lang),
        ahead=len(projection),
    )
    if a["warnings"]:
        text += M("overview.method_note.warnings", lang, warnings="; ".join(a["warnings"]))
    return text


def history_alt_text(city: str, history: pd.DataFrame, lang: str = "en") -> str:
    """Alt text of the CEADs record chart: its first, highest and last values with their years."""
    ceads = history[history["source"] == "ceads_city"]
    top = ceads.loc[ceads["value"].idxmax()]
    first, last = ceads.iloc[0], ceads.iloc[-1]
    return M(
        "overview.history_figure.alt",
        lang,
        city=city_label(city, lang),
        first_year=int(first["year"]),
        last_year=int(last["year"]),
        top_year=int(top["year"]),
        first=first["value"],
        top=top["value"],
        last=last["value"],
        first_wan=first["value"] * WAN,
        top_wan=top["value"] * WAN,
        last_wan=last["value"] * WAN,
    )


def history_figure(city: str, lang: str = "en") -> charts.Figure:
    """The city's CO2 record by source (CEADs, and CMCC for Shenzhen), lines broken at missing years."""
    history = record.co2_history(city)
    shown = _scaled(history, ["value"], lang).assign(series=history["series"].map(lambda s: _say("series", s, lang)))
    return charts.Figure(
        charts.history_chart(
            shown,
            title_text=M("overview.history_figure.title", lang, city=city_label(city, lang)),
            units=M("overview.history_figure.units", lang),
            y_title=M("overview.history_figure.y", lang),
        ),
        alt_text=history_alt_text(city, history, lang),
        source=messages.source_note(
            sorted(history["source"].unique()), ["measured"], M("overview.history_figure.note", lang), lang
        ),
        data=shown,
        filename=f"co2_history_{city}",
        **messages.figure_csv(lang),
    )


def fan_alt_text(city: str, projection: pd.DataFrame, levels, lang: str = "en") -> str:
    """Alt text of the fan chart: the projection's method, its last value and its widest interval."""
    wide = level_name(max(levels))
    end = projection.iloc[-1]
    lower, upper = end[f"lower_{wide}"], end[f"upper_{wide}"]
    return M(
        "overview.fan_figure.alt",
        lang,
        city=city_label(city, lang),
        method=method_label(projection, lang),
        value=end["mean"],
        wan=end["mean"] * WAN,
        year=int(end["year"]),
        wide=wide,
        lower=lower,
        upper=upper,
        lower_wan=lower * WAN,
        upper_wan=upper * WAN,
    )


def fan_figure(
    city: str, co2: pd.Series, projection: pd.DataFrame, levels, horizon_end: int, record_2018: str, lang="en"
):
    """The record followed by the projection, with one shaded band per interval level."""
    history = record.record_history(co2)
    bounds = [c for c in projection.columns if c != "year"]
    proj = _scaled(projection, bounds, lang)
    proj.attrs = projection.attrs
    history = _scaled(history, ["value"], lang).assign(series=history["series"].map(lambda s: _say("series", s, lang)))
    levels_text = M("overview.fan_figure.and", lang).join(
        M("overview.level", lang, level=lv, pct=lv * 100) for lv in sorted(levels)
    )
    dropped = record_2018 == "outlier" and city == SHENZHEN
    chart = charts.fan_chart(
        history,
        proj,
        levels,
        title_text=M("overview.fan_figure.title", lang, end=horizon_end, city=city_label(city, lang)),
        units=M("overview.history_figure.units", lang),
        y_title=M("overview.history_figure.y", lang),
        label=method_label(projection, lang),
        lang=lang,
    )
    return charts.Figure(
        chart,
        alt_text=fan_alt_text(city, projection, levels, lang),
        source=messages.source_note(
            ["ceads_city"],
            ["measured", "derived"],
            M(
                "overview.fan_figure.note",
                lang,
                method=method_label(projection, lang),
                levels=levels_text,
                dropped=M("overview.fan_figure.dropped", lang) if dropped else "",
            ),
            lang,
        ),
        data=proj.round(4),
        filename=f"co2_projection_{city}",
        **messages.figure_csv(lang),
    )


INTENSITY_SOURCES = {
    "t_co2_per_10k_yuan": ["ceads_city", "nbs_major_cities"],
    "t_co2_per_person": ["ceads_city", "un_wup"],
}


def intensity_figure(intensity: pd.DataFrame, column: str, lang: str = "en"):
    """Line chart of Shenzhen's CO2 per unit of GDP or per person (``column`` of ``intensities``)."""
    label = M(f"overview.intensity.{column}.label", lang)
    units = M(f"overview.intensity.{column}.units", lang)
    df = intensity[["year", column]].rename(columns={column: "value"}).assign(series=label)
    first, last = df.iloc[0], df.iloc[-1]
    alt_text = M(
        "overview.intensity.alt",
        lang,
        lower=M(f"overview.intensity.{column}.lower", lang),
        first_year=int(first["year"]),
        last_year=int(last["year"]),
        first=first["value"],
        last=last["value"],
        units=units,
    )
    return charts.Figure(
        charts.history_chart(
            df, title_text=M("overview.intensity.title", lang, label=label), units=units, y_title=units
        ),
        alt_text=alt_text,
        source=messages.source_note(INTENSITY_SOURCES[column], ["derived"], M("overview.intensity.note", lang), lang),
        data=intensity[["year", "co2_Mt", "gdp_100m_yuan", "population_million", column]],
        filename=f"{column}_shenzhen",
        **messages.figure_csv(lang),
    )


def intensity_note(city: str, lang: str = "en") -> str:
    """What the page says where no GDP or population series exists for the city."""
    return M("overview.intensity.none", lang, city=city_label(city, lang))


NOWCAST_COLOURS = {
    "CEADs inventory (measured)": "#1f4e79",
    "Carbon Monitor Cities - China (measured, another method)": "#c55a11",
    "Nowcast from Guangdong's Carbon Monitor trend (derived)": "#548235",
}


def record_2018_note(city: str, record_2018: str, lang: str = "en") -> str:
    """Markdown: what the ``record_2018`` setting does on this city's page (it concerns Shenzhen only)."""
    if city != SHENZHEN:
        return M("overview.record_2018_note.other_city", lang)
    return M(f"overview.record_2018_note.{record_2018}", lang)


def record_figure(record_2018: str, levels, lang: str = "en"):
    """CEADs, CMCC and the nowcast with its interval, side by side but never joined (Shenzhen)."""
    raw = nowcast.record_to_2025(record_2018, levels)
    level = min(levels)
    tag = f"{level * 100:g}".replace(".", "_")
    bounds = [c for c in raw.columns if c.startswith(("lower_", "upper_"))]
    df = _scaled(raw, ["value", *bounds], lang).assign(series=raw["series"].map(lambda s: _say("series", s, lang)))
    names = [_say("series", s, lang) for s in NOWCAST_COLOURS]
    colour = alt.Color(
        "series:N",
        title=None,
        legend=alt.Legend(columns=1),
        scale=alt.Scale(domain=names, range=list(NOWCAST_COLOURS.values())),
    )
    x = alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False))
    ceads = charts.with_gaps(df[df["grade"] == "measured"])
    now = df[df["grade"] == "derived"]
    tip = [alt.Tooltip("series:N"), alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.1f")]
    y_title = M("overview.record_figure.y", lang)
    layers = [
        alt.Chart(now)
        .mark_area(opacity=0.2, color=NOWCAST_COLOURS[nowcast.SERIES["nowcast"]])
        .encode(
            x=x,
            y=alt.Y(f"lower_{tag}:Q", title=y_title),
            y2=f"upper_{tag}:Q",
            tooltip=[
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip(f"lower_{tag}:Q", format=",.1f"),
                alt.Tooltip(f"upper_{tag}:Q", format=",.1f"),
            ],
        ),
        alt.Chart(now).mark_line(strokeDash=[6, 3]).encode(x=x, y="value:Q", color=colour, tooltip=tip),
        alt.Chart(now)
        .mark_point(shape="diamond", filled=True, size=50)
        .encode(x=x, y="value:Q", color=colour, tooltip=tip),
        alt.Chart(ceads[ceads["series"] == _say("series", nowcast.SERIES["ceads"], lang)])
        .mark_line()
        .encode(x=x, y="value:Q", color=colour),
        alt.Chart(df[df["grade"] == "measured"])
        .mark_point(filled=True, size=45)
        .encode(x=x, y="value:Q", color=colour, shape=alt.Shape("series:N", legend=None), tooltip=tip),
    ]
    last = raw[raw["grade"] == "derived"].iloc[-1]
    ceads_last = raw[raw["series"] == nowcast.SERIES["ceads"]].iloc[-1]["value"]
    lower, upper = last[f"lower_{tag}"], last[f"upper_{tag}"]
    alt_text = M(
        "overview.record_figure.alt",
        lang,
        ceads=ceads_last,
        ceads_wan=ceads_last * WAN,
        value=last["value"],
        wan=last["value"] * WAN,
        year=int(last["year"]),
        level=level * 100,
        lower=lower,
        upper=upper,
        lower_wan=lower * WAN,
        upper_wan=upper * WAN,
    )
    dropped = M("overview.record_figure.dropped", lang) if record_2018 == "outlier" else ""
    return charts.Figure(
        alt.layer(*layers).properties(
            title=charts.title(M("overview.record_figure.title", lang), M("overview.record_figure.units", lang)),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        ),
        alt_text=alt_text,
        source=messages.source_note(
            ["ceads_city", "cmcc", "carbon_monitor", "ceads_provinces"],
            ["measured", "derived"],
            M("overview.record_figure.note", lang, level=level * 100, dropped=dropped),
            lang,
        ),
        data=df,
        filename="shenzhen_co2_record_to_2025",
        **messages.figure_csv(lang),
    )


def evidence_figure(lang: str = "en"):
    """The 2016 -> 2018 jump beside the independent series, each indexed to 2016 = 100."""
    ev = nowcast.evidence_2018()
    years = [str(y) for y in range(2014, 2020)]
    long = ev.melt(id_vars=["series", "grade"], value_vars=years, var_name="year", value_name="value").dropna()
    long["year"] = long["year"].astype(int)
    base = long[long["year"] == 2016].set_index("series")["value"]
    long = long[long["series"].isin(base.index)].copy()
    long["index_2016"] = (long["value"] / long["series"].map(base) * 100).round(1)
    long = long[["series", "grade", "year", "value", "index_2016"]].reset_index(drop=True)
    shown = _evidence_values(long, ["value"], lang).assign(series=long["series"].map(lambda s: _say("series", s, lang)))
    chart = alt.Chart(charts.with_gaps(shown)).encode(
        x=alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False)),
        y=alt.Y("index_2016:Q", title=M("overview.evidence_figure.y", lang), scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", title=None, legend=alt.Legend(columns=2)),
        tooltip=[alt.Tooltip("series:N"), alt.Tooltip("year:Q", format="d"), alt.Tooltip("index_2016:Q", format=".1f")],
    )
    sz = long[long["series"].str.startswith("CEADs Shenzhen")].set_index("year")["index_2016"]
    items = M("common.punct.clause", lang).join(
        M("overview.evidence_figure.alt_item", lang, name=_say("series", s.split(",")[0], lang), value=v, year=int(y))
        for s, y, v in long[~long["series"].str.startswith("CEADs Shenzhen")]
        .groupby("series")
        .last()
        .reset_index()[["series", "year", "index_2016"]]
        .itertuples(index=False)
    )
    return charts.Figure(
        alt.layer(chart.mark_line(), chart.mark_point(filled=True, size=40)).properties(
            title=charts.title(M("overview.evidence_figure.title", lang), M("overview.evidence_figure.units", lang)),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        ),
        alt_text=M("overview.evidence_figure.alt", lang, sz=sz[2018], items=items),
        source=messages.source_note(
            ["ceads_city", "chen2020", "ceads_provinces", "crea_power"],
            ["measured", "proxy"],
            M("overview.evidence_figure.note", lang),
            lang,
        ),
        data=shown,
        filename="shenzhen_2018_evidence",
        **messages.figure_csv(lang),
    )


def _verdict_paths(method: str, horizon_end: int, levels):
    """(basis, projection label, record_2018 choice, path) for record.peak_verdicts' three bases, so that each
    statement can be written in the page's language (record.peak_verdicts gives them in English)."""
    for basis in BASES:
        for choice in nowcast.RECORD_2018:
            hist = nowcast.shenzhen_record(choice)
            label = ""
            if basis == BASES[1]:
                proj = projections.project(hist, horizon_end - int(hist.index.max()), method, levels)
                path, label = pd.concat([hist, proj.set_index("year")["mean"]]), proj.attrs["label"]
            elif basis == BASES[2]:
                path = pd.concat([hist, nowcast.nowcast(choice).set_index("year")["median"]])
            else:
                path = hist
            yield basis, label, choice, path


BASES = (
    "CEADs record (measured)",
    "CEADs record + central projection",
    "CEADs record + nowcast central 2020-2025 (what-if: the nowcast is derived, not measured)",
)


def peak_verdicts_markdown(rule, method: str, horizon_end: int, levels, lang: str = "en") -> str:
    """The peak statements with and without CEADs' 2018 value, one bullet per basis."""
    rows: dict[str, dict] = {}
    for basis, label, choice, path in _verdict_paths(method, horizon_end, levels):
        row = rows.setdefault(basis, {"method": ""})
        row["method"] = label or row["method"]
        row[choice] = statement(rule.judge(path), lang)
    lines = []
    for basis, r in rows.items():
        shown = M("overview.verdicts.method", lang, method=_method_text(r["method"], lang)) if r["method"] else ""
        lines.append(
            M(
                "overview.verdicts.item",
                lang,
                basis=_say("basis", basis, lang) + shown,
                keep=r["keep"],
                outlier=r["outlier"],
            )
        )
    return "\n".join(lines)


def _method_text(label: str, lang: str) -> str:
    """A projection label (carbonpeak.analysis.projections') in the page's language."""
    for name, text in projections.METHOD_LABELS.items():
        if label.startswith(text):
            calibrated = label != text
            return M(f"overview.method.{name}", lang) + (M("overview.method.calibrated", lang) if calibrated else "")
    return label


def _pct(fraction: float, lang: str = "en") -> str:
    return M("overview.nowcast_text.pct", lang, pct=fraction * 100)


def nowcast_markdown(record_2018: str = "keep", levels=nowcast.LEVELS, lang: str = "en") -> str:
    """The nowcast in words: method, 2025 value and interval, back-test coverage and the benchmark."""
    nc = nowcast.nowcast(record_2018, levels=levels)
    a = nc.attrs
    summary = nowcast.backtest_summary(record_2018, levels).set_index("method")
    ours, naive = summary.loc[nowcast.METHODS[nowcast.DEFAULT_METHOD]], summary.loc[nowcast.METHODS["naive"]]
    narrow, wide = min(levels), max(levels)
    tags = {lv: f"{lv * 100:g}".replace(".", "_") for lv in levels}
    last = nc.iloc[-1]
    cover = messages.join(
        (
            M(
                "overview.nowcast_text.cover_item",
                lang,
                level=_pct(lv, lang),
                covered=ours[f"{tags[lv]} % interval covered %"],
            )
            for lv in sorted(levels)
        ),
        lang,
    )
    bounds = {
        "lower": last[f"lower_{tags[narrow]}"],
        "upper": last[f"upper_{tags[narrow]}"],
        "wide_lower": last[f"lower_{tags[wide]}"],
        "wide_upper": last[f"upper_{tags[wide]}"],
        "median": last["median"],
        "anchor": a["anchor"],
    }
    beat = naive["median abs error %"] > ours["median abs error %"]
    lines = [
        M(
            "overview.nowcast_text.nowcast",
            lang,
            method=_say("nowcast_method", nowcast.METHODS[nowcast.DEFAULT_METHOD], lang),
            anchor_year=a["anchor_year"],
            year=int(last["year"]),
            narrow=_pct(narrow, lang),
            wide=_pct(wide, lang),
            sigma=a["sigma"] * 100,
            pairs=a["pairs"],
            **bounds,
            **{f"{k}_wan": v * WAN for k, v in bounds.items()},
        ),
        M(
            "overview.nowcast_text.backtest",
            lang,
            nowcasts=int(ours["nowcasts"]),
            origins=int(ours["origins"]),
            median=ours["median abs error %"],
            cover=cover,
        ),
        M(
            "overview.nowcast_text.benchmark",
            lang,
            median=naive["median abs error %"],
            verdict=M("overview.nowcast_text.beat" if beat else "overview.nowcast_text.did_not_beat", lang),
        ),
    ]
    return "\n".join(lines)


def no_nowcast_note(city: str, lang: str = "en") -> str:
    """Why another city's page has no nowcast."""
    return M("overview.no_nowcast", lang, city=city_label(city, lang))


def no_2018_test_note(lang: str = "en") -> str:
    """Why another city's page does not test CEADs' 2018 value."""
    return M("overview.no_2018_test", lang)


def verdict_2018_markdown(lang: str = "en") -> str:
    """The 2018 question answered in a few sentences with the numbers (for the overview and the synthesis)."""
    j = nowcast.assess_2018()
    ind = M("common.punct.clause", lang).join(
        M(
            "overview.verdict_2018.independent_item",
            lang,
            name=_say("series", k.split(",")[0], lang),
            change=v,
            years=M("overview.verdict_2018.district_years", lang) if k.startswith("District") else "",
        )
        for k, v in j.independent.items()
    )
    cmcc = data.series("shenzhen_co2_cmcc", SHENZHEN, "co2")
    values = {"v2016": j.value_2016, "v2018": j.value_2018, "v2019": j.value_2019}
    lines = [
        M(
            "overview.verdict_2018.jump",
            lang,
            jump=j.jump_pct,
            **values,
            **{f"{k}_wan": v * WAN for k, v in values.items()},
        ),
        M(
            "overview.verdict_2018.own",
            lang,
            spread=j.yoy_spread_pct,
            z=j.z,
            own_max=j.own_max_pct,
        ),
        M(
            "overview.verdict_2018.peers",
            lang,
            count=j.peer_count,
            share=j.peer_share * 100,
            as_large=j.guangdong_cities_as_large,
            cities=j.guangdong_cities,
            share_gd=j.guangdong_cities_as_large / j.guangdong_cities * 100,
            before=j.guangdong_share_before * 100,
        ),
        M(
            "overview.verdict_2018.independent",
            lang,
            items=ind,
            cmcc=M("overview.verdict_2018.and", lang).join(f"{v:.1f}" for v in cmcc.to_numpy()),
            cmcc_wan=M("overview.verdict_2018.and", lang).join(f"{v * WAN:.0f}" for v in cmcc.to_numpy()),
        ),
        M(
            "overview.verdict_2018.verdict",
            lang,
            verdict=verdict_2018(j, lang),
            unusual=_pct(nowcast.UNUSUAL_SHARE, lang),
            corroboration=_pct(nowcast.CORROBORATION, lang),
        ),
    ]
    return "\n".join(lines)
