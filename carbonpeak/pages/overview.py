"""The overview chapter's tables as a reader sees them (the numbers come from carbonpeak.analysis.record and
carbonpeak.analysis.nowcast; nothing here computes a result)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carbonpeak import charts, data
from carbonpeak.analysis import nowcast, record
from carbonpeak.analysis.peaks import label as rule_label
from carbonpeak.analysis.peaks import statement
from carbonpeak.constants import SHENZHEN, level_name
from carbonpeak.data.provenance import grade_label, short_citation
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table, number


def _grades(text: str) -> str:
    """'measured, official_point' -> 'measured, official point figure'."""
    return ", ".join(grade_label(g.strip()) for g in str(text).split(","))


def sources_table(city: str) -> Table:
    """The series this chapter reads for ``city``, grades in words."""
    df = record.sources_table(city)
    return Table(
        df.assign(grade=df["grade"].map(_grades)), f"The series this chapter reads for {record.city_label(city)}"
    )


def gdp_table() -> Table:
    """Shenzhen's GDP by source and vintage, with the official real growth rate."""
    df = record.gdp_record()
    df = df.assign(source=df["source"].map(short_citation), grade=df["grade"].map(_grades))
    return Table(
        df.rename(
            columns={
                "gdp (100 million yuan, current)": "GDP (100 million yuan, current prices)",
                "real growth %": "real growth (%)",
            }
        ),
        "Shenzhen's GDP by source and vintage, with the official real growth rate",
        formats={"GDP (100 million yuan, current prices)": number(2), "real growth (%)": number(1)},
    )


def record_table(record_2018: str, levels) -> Table:
    """Shenzhen's CO2 to 2025, one column per series, the nowcast with its interval bounds."""
    df = record.record_table(record_2018, levels)
    df.columns = [c if c == "year" else c.replace(" %", " % interval") for c in df.columns]
    return Table(
        df,
        "Shenzhen's CO2 to 2025, one column per series (Mt CO2; nowcast bounds: its intervals)",
        formats={c: number(2) for c in df.columns if c != "year"},
    )


def indicators_table() -> Table:
    """What moved after 2019: each indicator's change on the year before (%)."""
    df = nowcast.indicators()
    return Table(
        df.reset_index().rename(columns={"index": "year"}),
        "What moved after 2019: change on the year before (%)",
        formats={c: number(1) for c in df.columns},
    )


def backtest_table(record_2018: str, levels) -> Table:
    """The nowcast methods back-tested on 2010-2019: errors and interval coverage, no look-ahead."""
    df = nowcast.backtest_summary(record_2018, levels)
    rename = {c: c[:-2] + " (%)" for c in df.columns if c.endswith(" %")}
    df = df.rename(columns=rename)
    return Table(
        df,
        "The nowcast method back-tested on 2010-2019 (every origin, no look-ahead)",
        formats={c: number(1) for c in rename.values()},
    )


def evidence_table() -> Table:
    """The evidence on CEADs' 2016-2018 jump, one row per series in its own unit."""
    df = nowcast.evidence_2018()
    df = df.assign(grade=df["grade"].map(_grades))
    changes = [c for c in df.columns if c.startswith("change")]
    df = df.rename(columns={c: c[:-2] + " (%)" for c in changes})
    years = [c for c in df.columns if str(c).isdigit()]
    return Table(
        df,
        "CEADs' 2016-2018 jump beside the other evidence (each series in its own unit, named in its row)",
        formats={**{c: number(2) for c in years}, **{c[:-2] + " (%)": number(1) for c in changes}},
    )


def projection_table(projection: pd.DataFrame) -> Table:
    """The projection every five years: central value and interval bounds (Mt CO2)."""
    df = record.projection_table(projection)
    rename = {"median": "central (Mt CO2)"}
    for c in df.columns:
        if c.startswith(("lower_", "upper_")):
            side, tag = c.split("_", 1)
            rename[c] = f"{tag.replace('_', '.')} % interval, {'lower' if side == 'lower' else 'upper'} (Mt CO2)"
    df = df.rename(columns=rename)
    return Table(
        df,
        f"The projection ({projection.attrs['label']}), every five years",
        formats={c: number(1) for c in df.columns if c != "year"},
    )


def targets_table() -> Table:
    """The plan's city-wide targets, with the plan's own words."""
    df = record.city_targets()
    target = [
        ("" if pd.isna(v) else f"{c} {v:g} {u}").strip() or f"{c} (set nationally and provincially)"
        for c, v, u in zip(df["comparator"], df["target_value"], df["unit"], strict=False)
    ]
    out = pd.DataFrame(
        {
            "id": df["id"],
            "indicator": df["indicator_en"],
            "target": target,
            "by": df["target_year"],
            "the plan's words": df["quote_zh"],
        }
    )
    return Table(out, "The plan's city-wide targets")


def _cmcc_inside(nc: pd.DataFrame, tag: str) -> str:
    cmcc = data.series("shenzhen_co2_cmcc", SHENZHEN, "co2")
    band = nc.set_index("year")
    inside = [band.at[y, f"lower_{tag}"] <= v <= band.at[y, f"upper_{tag}"] for y, v in cmcc.items() if y in band.index]
    return "lie inside" if inside and all(inside) else "do not all lie inside"


def key_findings(city: str, rule, projection: pd.DataFrame, levels, record_2018: str) -> KeyFindings:
    """Three to five sentences a reader can take away, from the numbers on this page."""
    hist = record.record(city, record_2018)
    top_year = int(hist.idxmax())
    dropped = " (CEADs' 2018 value left out as an outlier)" if city == SHENZHEN and record_2018 == "outlier" else ""
    lines = [
        f"**Measured record (CEADs, territorial){dropped}:** {hist.iloc[-1]:.1f} Mt in {int(hist.index[-1])}; "
        f"the highest value is {hist.max():.1f} Mt in {top_year}. {statement(rule.judge(hist), record.CO2_UNIT)}"
    ]
    if city != SHENZHEN:
        lines.append(
            f"**Projection ({projection.attrs['label']}):** "
            f"{projection.iloc[-1]['mean']:.1f} Mt in {int(projection.iloc[-1]['year'])}."
        )
        return KeyFindings(lines)
    nc = nowcast.nowcast(record_2018, levels=levels)
    tag = f"{min(levels) * 100:g}".replace(".", "_")
    last = nc.iloc[-1]
    cover = (
        nowcast.backtest_summary(record_2018, levels).set_index("method").loc[nowcast.METHODS[nowcast.DEFAULT_METHOD]]
    )
    lines.append(
        f"**Since 2019 (nowcast, derived):** about {last['median']:.0f} Mt in {int(last['year'])}, "
        f"{min(levels) * 100:g} % interval {last[f'lower_{tag}']:.0f}-{last[f'upper_{tag}']:.0f} Mt; the interval "
        f"covered {cover[f'{tag} % interval covered %']:.0f} % of outcomes when the method was back-tested on "
        f"2010-2019. No measured value after 2019 exists; CMCC's 2020-2021 points (another method) "
        f"{_cmcc_inside(nc, tag)} it."
    )
    j = nowcast.assess_2018()
    without = rule.judge(nowcast.shenzhen_record("outlier"))
    lines.append(
        f"**The 2018 maximum:** CEADs' {j.jump_pct:+.0f} % from 2016 to 2018 is {j.verdict.split(':')[0]} "
        f"({j.peer_share * 100:.1f} % of peer two-year changes were as large; Guangdong's own CEADs total rose "
        f"{j.independent['CEADs Guangdong, Mt CO2']:+.1f} %). Without 2018: {statement(without, record.CO2_UNIT)}"
    )
    peaked = rule.judge(hist).peaked or without.peaked
    lines.append(
        "**Answer on the record:** neither with nor without 2018 does the measured record show a peak under "
        f"the {rule_label(rule.name)}; whether Shenzhen peaks before 2030 is a question for the city model and the "
        "synthesis, not for a flat projection."
        if not peaked
        else f"**Answer on the record:** the record shows a peak under the {rule_label(rule.name)} "
        f"{'with' if rule.judge(hist).peaked else 'only without'} CEADs' 2018 value."
    )
    return KeyFindings(lines)


def peak_summary(city: str, rule, projection: pd.DataFrame, levels, hist: pd.Series | None = None) -> str:
    """Markdown: the peak rule applied to the record (``hist``, default the full CEADs series) and to the
    central projected path, with caveats."""
    hist = data.series("city_co2", city, "co2") if hist is None else hist
    observed = rule.judge(hist)
    central = pd.concat([hist, projection.set_index("year")["mean"]])
    projected = rule.judge(central)
    wide = level_name(max(levels))
    last = projection.iloc[-1]
    lines = [
        f"- **Rule.** {rule.describe()}. **Boundary:** territorial, scope 1 (as CEADs counts): "
        "fuel burnt and cement made inside the "
        "city; electricity imported from the provincial grid is not counted.",
        f"- **Observed record (CEADs):** {statement(observed, record.CO2_UNIT)}",
        f"- **Record plus central projection ({projection.attrs['label']}):** {statement(projected, record.CO2_UNIT)}",
        f"- **Spread.** In {int(last['year'])} the {wide} % interval runs from {last[f'lower_{wide}']:,.1f} to "
        f"{last[f'upper_{wide}']:,.1f} {record.CO2_UNIT}: a central path that stays below the record maximum is "
        "not evidence of a peak on its own.",
    ]
    if projection.attrs["method"] == "naive":
        lines.append(
            "- With the no-change method the central path is flat at the last observed value, so any "
            "earlier year above that value becomes the peak mechanically. The probability of a peak, "
            "with draws over every sector, belongs to the synthesis chapter."
        )
    if city == SHENZHEN:
        cmcc = data.series("shenzhen_co2_cmcc", city, "co2")
        lines.append(
            "- **Later estimates by another method (CMCC):** "
            + ", ".join(f"{v:,.1f} {record.CO2_UNIT} in {y}" for y, v in cmcc.items())
            + ". CMCC's method and coverage differ "
            "from CEADs, so these points are shown beside the record, never joined to it."
        )
    return "\n".join(lines)


def method_note(projection: pd.DataFrame) -> str:
    """One sentence on the fitted projection (method, observed years, log or levels, years ahead) and any
    fitting warnings."""
    a = projection.attrs
    text = (
        f"Fitted **{a['label']}** to {a['n_obs']} observed years ({a['first_year']}-{a['last_year']}), "
        f"on {'log values' if a['log'] else 'levels'}; projected {len(projection)} years ahead."
    )
    if a["warnings"]:
        text += " Fitting reported: " + "; ".join(a["warnings"]) + "."
    return text


def history_alt_text(city: str, history: pd.DataFrame) -> str:
    """Alt text of the CEADs record chart: its first, highest and last values with their years."""
    ceads = history[history["source"] == "ceads_city"]
    top = ceads.loc[ceads["value"].idxmax()]
    first, last = ceads.iloc[0], ceads.iloc[-1]
    return (
        f"Line chart of {record.city_label(city)}'s territorial CO2 from CEADs, {int(first['year'])} to "
        f"{int(last['year'])}: {first['value']:.1f} Mt in {int(first['year'])}, a maximum of {top['value']:.1f} Mt "
        f"in {int(top['year'])}, and {last['value']:.1f} Mt in {int(last['year'])}; missing years break the line."
    )


def fan_alt_text(city: str, projection: pd.DataFrame, levels) -> str:
    """Alt text of the fan chart: the projection's method, its last value and its widest interval."""
    wide = level_name(max(levels))
    end = projection.iloc[-1]
    return (
        f"Fan chart: {record.city_label(city)}'s CO2 record followed by a {projection.attrs['label']} projection "
        f"reaching {end['mean']:.1f} Mt in {int(end['year'])}, with a {wide} % interval from "
        f"{end[f'lower_{wide}']:.1f} to {end[f'upper_{wide}']:.1f} Mt."
    )


INTENSITY_LABELS = {
    "t_co2_per_10k_yuan": (
        "CO2 per unit of GDP",
        "t CO2 per 10 000 yuan (current prices)",
        ["ceads_city", "nbs_major_cities"],
    ),
    "t_co2_per_person": ("CO2 per person (UN agglomeration population)", "t CO2 per person", ["ceads_city", "un_wup"]),
}


def intensity_figure(intensity: pd.DataFrame, column: str):
    """Line chart of Shenzhen's CO2 per unit of GDP or per person (``column`` of ``intensities``)."""
    label, units, sources = INTENSITY_LABELS[column]
    df = intensity[["year", column]].rename(columns={column: "value"}).assign(series=label)
    first, last = df.iloc[0], df.iloc[-1]
    alt_text = (
        f"Line chart of Shenzhen's {label.lower()} from {int(first['year'])} to {int(last['year'])}: "
        f"{first['value']:.2f} then {last['value']:.2f} {units}."
    )
    return charts.Figure(
        charts.history_chart(df, title_text=f"{label}, Shenzhen", units=units, y_title=units),
        alt_text=alt_text,
        source=charts.source_note(sources, ["derived"], "Derived here."),
        data=intensity[["year", "co2_Mt", "gdp_100m_yuan", "population_million", column]],
        filename=f"{column}_shenzhen",
    )


NOWCAST_COLOURS = {
    "CEADs inventory (measured)": "#1f4e79",
    "Carbon Monitor Cities - China (measured, another method)": "#c55a11",
    "Nowcast from Guangdong's Carbon Monitor trend (derived)": "#548235",
}


def record_2018_note(city: str, record_2018: str) -> str:
    """Markdown: what the ``record_2018`` setting does on this city's page (it concerns Shenzhen only)."""
    if city != SHENZHEN:
        return "`record_2018` concerns CEADs' 2018 value for Shenzhen only; it does not change this city's record."
    if record_2018 == "outlier":
        return (
            "**2018 treated as an outlier** (`record_2018=outlier`): CEADs' 2018 value (47.0 Mt) is left out of "
            "the projection, the peak rule and the nowcast's error spread. Only the first chart, the full CEADs "
            "series, still shows it."
        )
    return (
        "CEADs' 2018 value is kept (`record_2018=keep`). The section on the 2018 maximum tests it and shows what "
        "the verdicts become without it."
    )


def record_figure(record_2018: str, levels):
    """CEADs, CMCC and the nowcast with its interval, side by side but never joined (Shenzhen)."""
    df = nowcast.record_to_2025(record_2018, levels)
    level = min(levels)
    tag = f"{level * 100:g}".replace(".", "_")
    colour = alt.Color(
        "series:N",
        title=None,
        legend=alt.Legend(columns=1),
        scale=alt.Scale(domain=list(NOWCAST_COLOURS), range=list(NOWCAST_COLOURS.values())),
    )
    x = alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False))
    ceads = charts.with_gaps(df[df["grade"] == "measured"])
    now = df[df["grade"] == "derived"]
    tip = [alt.Tooltip("series:N"), alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.1f")]
    layers = [
        alt.Chart(now)
        .mark_area(opacity=0.2, color=NOWCAST_COLOURS[nowcast.SERIES["nowcast"]])
        .encode(
            x=x,
            y=alt.Y(f"lower_{tag}:Q", title="Mt CO2"),
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
        alt.Chart(ceads[ceads["series"] == nowcast.SERIES["ceads"]]).mark_line().encode(x=x, y="value:Q", color=colour),
        alt.Chart(df[df["grade"] == "measured"])
        .mark_point(filled=True, size=45)
        .encode(x=x, y="value:Q", color=colour, shape=alt.Shape("series:N", legend=None), tooltip=tip),
    ]
    title = "Shenzhen's CO2 to 2025: measured, another method, and a nowcast"
    last = df[df["grade"] == "derived"].iloc[-1]
    alt_text = (
        "Chart of Shenzhen's territorial CO2: CEADs measured to 2019 ("
        f"{df[df['series'] == nowcast.SERIES['ceads']].iloc[-1]['value']:.1f} Mt), "
        f"CMCC points for 2020 and 2021, and a nowcast derived from Guangdong's Carbon Monitor trend reaching "
        f"{last['value']:.1f} Mt in {int(last['year'])} with a {level * 100:g} % interval of "
        f"{last[f'lower_{tag}']:.1f}-{last[f'upper_{tag}']:.1f} Mt. The three series are not joined."
    )
    return charts.Figure(
        alt.layer(*layers).properties(
            title=charts.title(title, "Mt CO2 per year (territorial, scope 1)"),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        ),
        alt_text=alt_text,
        source=charts.source_note(
            ["ceads_city", "cmcc", "carbon_monitor", "ceads_provinces"],
            ["measured", "derived"],
            f"Nowcast derived here: CEADs' 2019 level carried by Guangdong's Carbon Monitor change "
            f"(2025: January-November); shaded: {level * 100:g} % interval from the back-test's error spread."
            + (" 2018 left out (outlier)." if record_2018 == "outlier" else ""),
        ),
        data=df,
        filename="shenzhen_co2_record_to_2025",
    )


def evidence_figure():
    """The 2016 -> 2018 jump beside the independent series, each indexed to 2016 = 100."""
    ev = nowcast.evidence_2018()
    years = [str(y) for y in range(2014, 2020)]
    long = ev.melt(id_vars=["series", "grade"], value_vars=years, var_name="year", value_name="value").dropna()
    long["year"] = long["year"].astype(int)
    base = long[long["year"] == 2016].set_index("series")["value"]
    long = long[long["series"].isin(base.index)].copy()
    long["index_2016"] = (long["value"] / long["series"].map(base) * 100).round(1)
    long = long[["series", "grade", "year", "value", "index_2016"]].reset_index(drop=True)
    chart = alt.Chart(charts.with_gaps(long)).encode(
        x=alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False)),
        y=alt.Y("index_2016:Q", title="2016 = 100", scale=alt.Scale(zero=False)),
        color=alt.Color("series:N", title=None, legend=alt.Legend(columns=2)),
        tooltip=[alt.Tooltip("series:N"), alt.Tooltip("year:Q", format="d"), alt.Tooltip("index_2016:Q", format=".1f")],
    )
    sz = long[long["series"].str.startswith("CEADs Shenzhen")].set_index("year")["index_2016"]
    alt_text = (
        f"Lines indexed to 2016 = 100, 2014-2019: CEADs Shenzhen reaches {sz[2018]:.0f} in 2018 (2017 missing); "
        + "; ".join(
            f"{s.split(',')[0]} {v:.0f} in {int(y)}"
            for s, y, v in long[~long["series"].str.startswith("CEADs Shenzhen")]
            .groupby("series")
            .last()
            .reset_index()[["series", "year", "index_2016"]]
            .itertuples(index=False)
        )
        + "."
    )
    return charts.Figure(
        alt.layer(chart.mark_line(), chart.mark_point(filled=True, size=40)).properties(
            title=charts.title("CEADs' 2016-2018 jump beside the other evidence", "index, 2016 = 100"),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        ),
        alt_text=alt_text,
        source=charts.source_note(
            ["ceads_city", "chen2020", "ceads_provinces", "crea_power"],
            ["measured", "proxy"],
            "The district sum (Chen et al.) ends in 2017; CMCC has no 2016 value and is in the table.",
        ),
        data=long,
        filename="shenzhen_2018_evidence",
    )


def peak_verdicts_markdown(rule, method: str, horizon_end: int, levels) -> str:
    """The peak statements with and without CEADs' 2018 value, one bullet per basis."""
    lines = []
    for r in record.peak_verdicts(rule, method, horizon_end, levels).to_dict("records"):
        basis = r["basis"] + (f" ({r['method']})" if r["method"] else "")
        lines.append(f"- **{basis}.** With 2018: {r['2018 keep']} Without 2018: {r['2018 outlier']}")
    return "\n".join(lines)


def _pct(fraction: float) -> str:
    return f"{fraction * 100:g} %"


def nowcast_markdown(record_2018: str = "keep", levels=nowcast.LEVELS) -> str:
    """The nowcast in words: method, 2025 value and interval, back-test coverage and the benchmark."""
    nc = nowcast.nowcast(record_2018, levels=levels)
    a = nc.attrs
    summary = nowcast.backtest_summary(record_2018, levels).set_index("method")
    ours, naive = summary.loc[nowcast.METHODS[nowcast.DEFAULT_METHOD]], summary.loc[nowcast.METHODS["naive"]]
    wide = max(levels)
    tags = {lv: f"{lv * 100:g}".replace(".", "_") for lv in levels}
    last = nc.iloc[-1]
    cover = ", ".join(f"{_pct(lv)} interval {ours[f'{tags[lv]} % interval covered %']:.0f} %" for lv in sorted(levels))
    lines = [
        f"- **Nowcast (derived), {nowcast.METHODS[nowcast.DEFAULT_METHOD]}:** "
        f"from CEADs' {a['anchor']:.1f} Mt in {a['anchor_year']}, "
        f"Guangdong's Carbon Monitor change carries Shenzhen to **{last['median']:.1f} Mt in {int(last['year'])}** "
        f"({_pct(min(levels))} interval {last[f'lower_{tags[min(levels)]}']:.1f}-"
        f"{last[f'upper_{tags[min(levels)]}']:.1f} Mt; "
        f"{_pct(wide)} interval {last[f'lower_{tags[wide]}']:.1f}-{last[f'upper_{tags[wide]}']:.1f} Mt). "
        f"The yearly error spread is {a['sigma'] * 100:.1f} % (log), from {a['pairs']} Shenzhen changes to 2019.",
        f"- **Back-test 2010-2019** ({int(ours['nowcasts'])} nowcasts from {int(ours['origins'])} origins, 1-6 years "
        f"ahead, CEADs Guangdong as the indicator): median error {ours['median abs error %']:.1f} %; "
        f"coverage: {cover}.",
        f"- **Benchmark:** no change had a median error of {naive['median abs error %']:.1f} %. "
        + (
            "The provincial indicator did not beat no change over 2010-2019: Shenzhen's CEADs total fell while "
            "Guangdong's rose. Read the nowcast's direction as weak evidence; its interval is what it tells."
            if naive["median abs error %"] <= ours["median abs error %"]
            else "The provincial indicator beat no change over 2010-2019."
        ),
    ]
    return "\n".join(lines)


def verdict_2018_markdown() -> str:
    """The 2018 question answered in a few sentences with the numbers (for the overview and the synthesis)."""
    j = nowcast.assess_2018()
    ind = "; ".join(
        f"{k.split(',')[0]} {v:+.1f} %" + (" (2016-2017)" if k.startswith("District") else "")
        for k, v in j.independent.items()
    )
    cmcc = data.series("shenzhen_co2_cmcc", SHENZHEN, "co2")
    lines = [
        f"- **The jump.** CEADs puts Shenzhen at {j.value_2016:.1f} Mt in 2016 and {j.value_2018:.1f} Mt in 2018 "
        f"(2017 missing): {j.jump_pct:+.0f} % in two years, then {j.value_2019:.1f} Mt in 2019.",
        f"- **Against Shenzhen's own record.** Its year-on-year changes have a spread of "
        f"{j.yoy_spread_pct:.1f} % (log); "
        f"the jump is {j.z:.1f} times the spread of a two-year change, so the noisy record alone cannot rule it out. "
        f"But since 2008 no other two-year change exceeded {j.own_max_pct:+.0f} %.",
        f"- **Against peer cities.** Of {j.peer_count:,} two-year changes of CEADs cities ending 2011-2019, "
        f"{j.peer_share * 100:.1f} % were as large. In the same window {j.guangdong_cities_as_large} of "
        "Guangdong's other "
        f"{j.guangdong_cities} cities with both years measured moved at least as much, up or down "
        f"({j.guangdong_cities_as_large / j.guangdong_cities * 100:.0f} %, "
        f"against {j.guangdong_share_before * 100:.0f} % "
        "of their two-year changes ending 2010-2017), which points to noisy 2018 city inventories rather than a "
        "Shenzhen-only surge.",
        f"- **Independent series, same years.** {ind}. CMCC (another method) puts 2020 and 2021 at "
        + " and ".join(f"{v:.1f}" for v in cmcc.to_numpy())
        + " Mt, below CEADs' 2018 value.",
        f"- **Verdict: {j.verdict}.** The rules: unusual when fewer than {_pct(nowcast.UNUSUAL_SHARE)} "
        "of peer changes are "
        f"as large or when it tops Shenzhen's own record since 2008; corroborated when an independent series rose "
        f"at least {_pct(nowcast.CORROBORATION)} as much (log). A peak that rests on the 2018 value alone is fragile: "
        "the chapter "
        "parameter `record_2018=outlier` shows the verdicts without it.",
    ]
    return "\n".join(lines)
