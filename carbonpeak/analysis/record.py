"""The city overview chapter: assembling a city's series, its projection and its peak statement."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carbonpeak import charts, data
from carbonpeak.analysis import nowcast
from carbonpeak.analysis.peaks import statement
from carbonpeak.analysis.projections import project
from carbonpeak.constants import SHENZHEN, level_name
from carbonpeak.data import builders
from carbonpeak.data.provenance import short_citation
from carbonpeak.errors import ParameterError
from carbonpeak.targets import load_targets

ENGLISH_NAMES = {
    "广东深圳": "Shenzhen",
    "广东肇庆": "Zhaoqing",
    "广东广州": "Guangzhou",
    "广东东莞": "Dongguan",
    "北京": "Beijing",
    "上海": "Shanghai",
    "天津": "Tianjin",
    "重庆": "Chongqing",
}
CO2_UNIT = "Mt CO2"
SERIES_LABELS = {
    "ceads_city": "CEADs inventory (territorial, scope 1)",
    "cmcc": "Carbon Monitor Cities - China (different method, not joined)",
}


def city_label(city: str) -> str:
    """The city's English name with its CEADs name in brackets, or the CEADs name alone when no English name
    is listed."""
    english = ENGLISH_NAMES.get(city)
    return f"{english} ({city})" if english else city


def gap_years(s: pd.Series) -> list[int]:
    """Years missing between a series' first and last observation."""
    years = set(int(y) for y in s.index)
    return [y for y in range(min(years), max(years) + 1) if y not in years] if years else []


def co2_series(city: str) -> dict[str, pd.Series]:
    """CO2 series for a city by source: CEADs always, CMCC where it exists (Shenzhen)."""
    out = {"ceads_city": data.series("city_co2", city, "co2")}
    if city == SHENZHEN:
        out["cmcc"] = data.series("shenzhen_co2_cmcc", city, "co2")
    return out


def co2_history(city: str) -> pd.DataFrame:
    """Long table of the city's CO2 series: year, value, series, source, grade."""
    rows = []
    for source, s in co2_series(city).items():
        rows.append(
            pd.DataFrame(
                {
                    "year": s.index,
                    "value": s.to_numpy(),
                    "series": SERIES_LABELS[source],
                    "source": source,
                    "grade": ", ".join(s.attrs["grades"]),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def _years_text(s: pd.Series) -> str:
    gaps = gap_years(s)
    span = f"{s.index.min()}-{s.index.max()}" if len(s) > 1 else f"{s.index.min()}"
    return span + (f" (gaps: {', '.join(map(str, gaps))})" if gaps else "")


def sources_table(city: str) -> pd.DataFrame:
    """What the chapter uses for ``city``: each series with its source, grade, years and gaps."""
    rows = []
    for source, s in co2_series(city).items():
        rows.append((SERIES_LABELS[source], short_citation(source), ", ".join(s.attrs["grades"]), _years_text(s)))
    if city == SHENZHEN:
        for table, variable, label in (
            ("shenzhen_economy", "gdp", "GDP, current prices"),
            ("shenzhen_population", "population_wup_agglomeration", "population, UN urban agglomeration"),
            ("shenzhen_population", "population_resident", "population, official permanent residents"),
        ):
            df = data.load(table)
            df = df[(df["region"] == city) & (df["variable"] == variable)]
            for (source, grade), part in df.groupby(["source", "grade"], sort=True):
                s = part.set_index("year")["value"]
                rows.append((label, short_citation(source), grade, _years_text(s)))
    return pd.DataFrame(rows, columns=["series", "source", "grade", "years"])


def intensities(city: str) -> pd.DataFrame:
    """CO2 per unit of GDP and per person on the years where the inputs meet (Shenzhen only).

    Both are derived here. Per person uses the UN urban-agglomeration population, the only annual series
    in reach, which is well below the official resident count, so per-person values are too high.
    """
    if city != SHENZHEN:
        return pd.DataFrame(
            columns=["year", "co2_Mt", "gdp_100m_yuan", "population_million", "t_co2_per_10k_yuan", "t_co2_per_person"]
        )
    co2 = data.series("city_co2", city, "co2")
    gdp = data.series("shenzhen_economy", city, "gdp", source="nbs_major_cities")
    pop = data.series("shenzhen_population", city, "population_wup_agglomeration")
    df = pd.concat({"co2_Mt": co2, "gdp_100m_yuan": gdp, "population_million": pop}, axis=1, join="inner")
    # 1 Mt per 亿元 = 1e6 t per 1e8 yuan = 100 t per 10 000 yuan
    df["t_co2_per_10k_yuan"] = df["co2_Mt"] / df["gdp_100m_yuan"] * 100
    df["t_co2_per_person"] = df["co2_Mt"] / df["population_million"]
    return df.reset_index().rename(columns={"index": "year"})


def projection_horizon(s: pd.Series, horizon_end: int) -> int:
    """Years from the last observation to ``horizon_end``; a ParameterError if that is not ahead."""
    last = int(s.index.max())
    if horizon_end <= last:
        raise ParameterError(f"horizon_end={horizon_end} must be after the last observed year ({last})")
    return horizon_end - last


def projection_table(projection: pd.DataFrame, every: int = 5) -> pd.DataFrame:
    """The projection at the first year, every ``every`` years, and the last year, rounded for reading."""
    years = projection["year"]
    keep = (years == years.min()) | (years % every == 0) | (years == years.max())
    return projection[keep].round(1).reset_index(drop=True)


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
        f"- **Observed record (CEADs):** {statement(observed, CO2_UNIT)}",
        f"- **Record plus central projection ({projection.attrs['label']}):** {statement(projected, CO2_UNIT)}",
        f"- **Spread.** In {int(last['year'])} the {wide} % interval runs from {last[f'lower_{wide}']:,.1f} to "
        f"{last[f'upper_{wide}']:,.1f} {CO2_UNIT}: a central path that stays below the record maximum is "
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
            + ", ".join(f"{v:,.1f} {CO2_UNIT} in {y}" for y, v in cmcc.items())
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
        f"Line chart of {city_label(city)}'s territorial CO2 from CEADs, {int(first['year'])} to "
        f"{int(last['year'])}: {first['value']:.1f} Mt in {int(first['year'])}, a maximum of {top['value']:.1f} Mt "
        f"in {int(top['year'])}, and {last['value']:.1f} Mt in {int(last['year'])}; missing years break the line."
    )


def fan_alt_text(city: str, projection: pd.DataFrame, levels) -> str:
    """Alt text of the fan chart: the projection's method, its last value and its widest interval."""
    wide = level_name(max(levels))
    end = projection.iloc[-1]
    return (
        f"Fan chart: {city_label(city)}'s CO2 record followed by a {projection.attrs['label']} projection "
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


# --- the record to 2025, the nowcast and the 2018 question (Shenzhen only) --------------------------------

NOWCAST_COLOURS = {
    "CEADs inventory (measured)": "#1f4e79",
    "Carbon Monitor Cities - China (measured, another method)": "#c55a11",
    "Nowcast from Guangdong's Carbon Monitor trend (derived)": "#548235",
}


def record(city: str, record_2018: str = "keep") -> pd.Series:
    """The city's CEADs record used for trends and peaks: for Shenzhen without 2018 when ``record_2018`` is
    "outlier"; other cities are not affected by the parameter."""
    if city == SHENZHEN:
        return nowcast.shenzhen_record(record_2018)
    return data.series("city_co2", city, "co2")


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


def peak_verdicts(rule, method: str, horizon_end: int, levels) -> pd.DataFrame:
    """Shenzhen's peak statement with CEADs' 2018 value kept and treated as an outlier, on three bases."""
    rows = []
    for basis in (
        "CEADs record (measured)",
        "CEADs record + central projection",
        "CEADs record + nowcast central 2020-2025 (what-if: the nowcast is derived, not measured)",
    ):
        row = {"basis": basis}
        for choice in nowcast.RECORD_2018:
            hist = nowcast.shenzhen_record(choice)
            if basis.startswith("CEADs record + central"):
                proj = project(hist, horizon_end - int(hist.index.max()), method, levels)
                path = pd.concat([hist, proj.set_index("year")["mean"]])
                row["method"] = proj.attrs["label"]
            elif basis.startswith("CEADs record + nowcast"):
                path = pd.concat([hist, nowcast.nowcast(choice).set_index("year")["median"]])
            else:
                path = hist
            row[f"2018 {choice}"] = statement(rule.judge(path), CO2_UNIT)
        rows.append(row)
    out = pd.DataFrame(rows)
    out["method"] = out["method"].fillna("")
    return out[["basis", "method", "2018 keep", "2018 outlier"]]


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


def record_table(record_2018: str, levels) -> pd.DataFrame:
    """The record to 2025 as one row per year: each series in its own column, the nowcast with its bounds."""
    df = nowcast.record_to_2025(record_2018, levels)
    wide = df.pivot(index="year", columns="series", values="value")[list(nowcast.SERIES.values())]
    wide.columns = ["CEADs (measured)", "CMCC (measured, another method)", "nowcast (derived)"]
    bounds = df[df["grade"] == "derived"].set_index("year").filter(regex="^(lower|upper)_")
    bounds.columns = [f"nowcast {c.replace('_', ' ')} %" for c in bounds.columns]
    out = wide.join(bounds).loc[2014:]
    return out.reset_index()


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


def gdp_record() -> pd.DataFrame:
    """Shenzhen's GDP 2001-2024 by source and vintage, with official real growth; the census break named."""
    eco = data.load("shenzhen_economy")
    eco = eco[eco["region"] == SHENZHEN]
    gdp = eco[eco["variable"] == "gdp"][["year", "value", "source", "grade"]].rename(
        columns={"value": "gdp (100 million yuan, current)"}
    )
    growth = eco[eco["variable"] == "gdp_real_growth"].set_index("year")["value"].rename("real growth %")
    vintages = {o["year"]: o["vintage"] for o in builders.official_gdp() if o["variable"] == "gdp"}
    gdp["vintage"] = [
        "NBS export of mid-2019: before the 4th economic census (2018) revision"
        if src == "nbs_major_cities"
        else vintages.get(y, "")
        for y, src in zip(gdp["year"], gdp["source"])
    ]
    out = gdp.set_index("year").join(growth, how="outer").reset_index()
    return out[["year", "gdp (100 million yuan, current)", "real growth %", "source", "grade", "vintage"]]


def record_history(record_series: pd.Series) -> pd.DataFrame:
    """A CEADs record (as used for trends and peaks) in the long form the charts take."""
    return pd.DataFrame(
        {"year": record_series.index, "value": record_series.to_numpy(), "series": SERIES_LABELS["ceads_city"]}
    )


CITY_TARGETS = ("T01", "T02", "T03")  # the plan's city-wide targets


def city_targets() -> pd.DataFrame:
    """The plan's city-wide targets as the registry quotes them."""
    reg = load_targets()
    rows = reg[reg["id"].isin(CITY_TARGETS)]
    return rows[["id", "indicator_en", "comparator", "target_value", "unit", "target_year", "quote_zh"]].reset_index(
        drop=True
    )


def peak_verdicts_markdown(rule, method: str, horizon_end: int, levels) -> str:
    """The peak statements with and without CEADs' 2018 value, one bullet per basis."""
    lines = []
    for r in peak_verdicts(rule, method, horizon_end, levels).to_dict("records"):
        basis = r["basis"] + (f" ({r['method']})" if r["method"] else "")
        lines.append(f"- **{basis}.** With 2018: {r['2018 keep']} Without 2018: {r['2018 outlier']}")
    return "\n".join(lines)
