"""The city overview chapter: assembling a city's series, its projection and its peak statement."""

from __future__ import annotations

import pandas as pd

from . import data

ENGLISH_NAMES = {"广东深圳": "Shenzhen", "广东肇庆": "Zhaoqing", "广东广州": "Guangzhou", "广东东莞": "Dongguan",
                 "北京": "Beijing", "上海": "Shanghai", "天津": "Tianjin", "重庆": "Chongqing"}
SHENZHEN = "广东深圳"
CO2_UNIT = "Mt CO2"
SERIES_LABELS = {"ceads_city": "CEADs inventory (territorial, scope 1)",
                 "cmcc": "Carbon Monitor Cities - China (different method, not joined)"}


def city_label(city: str) -> str:
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
        rows.append(pd.DataFrame({"year": s.index, "value": s.to_numpy(), "series": SERIES_LABELS[source],
                                  "source": source, "grade": ", ".join(s.attrs["grades"])}))
    return pd.concat(rows, ignore_index=True)


def _years_text(s: pd.Series) -> str:
    gaps = gap_years(s)
    span = f"{s.index.min()}-{s.index.max()}" if len(s) > 1 else f"{s.index.min()}"
    return span + (f" (gaps: {', '.join(map(str, gaps))})" if gaps else "")


def sources_table(city: str) -> pd.DataFrame:
    """What the chapter uses for ``city``: each series with its source, grade, years and gaps."""
    from .metadata import short_citation

    rows = []
    for source, s in co2_series(city).items():
        rows.append((SERIES_LABELS[source], short_citation(source), ", ".join(s.attrs["grades"]), _years_text(s)))
    if city == SHENZHEN:
        for table, variable, label in (("shenzhen_economy", "gdp", "GDP, current prices"),
                                       ("shenzhen_population", "population_wup_agglomeration",
                                        "population, UN urban agglomeration"),
                                       ("shenzhen_population", "population_resident",
                                        "population, official permanent residents")):
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
        return pd.DataFrame(columns=["year", "co2_Mt", "gdp_100m_yuan", "population_million",
                                     "t_co2_per_10k_yuan", "t_co2_per_person"])
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
    from .errors import ParameterError

    last = int(s.index.max())
    if horizon_end <= last:
        raise ParameterError(f"horizon_end={horizon_end} must be after the last observed year ({last})")
    return horizon_end - last


def projection_table(projection: pd.DataFrame, every: int = 5) -> pd.DataFrame:
    """The projection at the first year, every ``every`` years, and the last year, rounded for reading."""
    years = projection["year"]
    keep = (years == years.min()) | (years % every == 0) | (years == years.max())
    return projection[keep].round(1).reset_index(drop=True)


def peak_summary(city: str, rule_years: int, projection: pd.DataFrame, levels) -> str:
    """Markdown: the peak rule applied to the record and to the central projected path, with caveats."""
    from .models import level_name, peak

    hist = data.series("city_co2", city, "co2")
    observed = peak(hist, rule_years)
    central = pd.concat([hist, projection.set_index("year")["mean"]])
    projected = peak(central, rule_years)
    wide = level_name(max(levels))
    last = projection.iloc[-1]
    lines = [
        f"- **Rule.** A year is the peak when it holds the maximum and at least {rule_years} later years are all "
        "below it. **Boundary:** territorial, scope 1 (as CEADs counts): fuel burnt and cement made inside the "
        "city; electricity imported from the provincial grid is not counted.",
        f"- **Observed record (CEADs):** {observed.statement(CO2_UNIT)}",
        f"- **Record plus central projection ({projection.attrs['label']}):** {projected.statement(CO2_UNIT)}",
        f"- **Spread.** In {int(last['year'])} the {wide} % interval runs from {last[f'lower_{wide}']:,.1f} to "
        f"{last[f'upper_{wide}']:,.1f} {CO2_UNIT}: a central path that stays below the record maximum is "
        "not evidence of a peak on its own.",
    ]
    if projection.attrs["method"] == "naive":
        lines.append("- With the no-change method the central path is flat at the last observed value, so any "
                     "earlier year above that value becomes the peak mechanically. The probability of a peak, "
                     "with draws over every sector, belongs to the synthesis chapter.")
    if city == SHENZHEN:
        cmcc = data.series("shenzhen_co2_cmcc", city, "co2")
        lines.append("- **Later estimates by another method (CMCC):** " + ", ".join(
            f"{v:,.1f} {CO2_UNIT} in {y}" for y, v in cmcc.items()) + ". CMCC's method and coverage differ "
            "from CEADs, so these points are shown beside the record, never joined to it.")
    return "\n".join(lines)


def method_note(projection: pd.DataFrame) -> str:
    a = projection.attrs
    text = (f"Fitted **{a['label']}** to {a['n_obs']} observed years ({a['first_year']}-{a['last_year']}), "
            f"on {'log values' if a['log'] else 'levels'}; projected {len(projection)} years ahead.")
    if a["warnings"]:
        text += " Fitting reported: " + "; ".join(a["warnings"]) + "."
    return text


def history_alt_text(city: str, history: pd.DataFrame) -> str:
    ceads = history[history["source"] == "ceads_city"]
    top = ceads.loc[ceads["value"].idxmax()]
    first, last = ceads.iloc[0], ceads.iloc[-1]
    return (f"Line chart of {city_label(city)}'s territorial CO2 from CEADs, {int(first['year'])} to "
            f"{int(last['year'])}: {first['value']:.1f} Mt in {int(first['year'])}, a maximum of {top['value']:.1f} Mt "
            f"in {int(top['year'])}, and {last['value']:.1f} Mt in {int(last['year'])}; missing years break the line.")


def fan_alt_text(city: str, projection: pd.DataFrame, levels) -> str:
    from .models import level_name

    wide = level_name(max(levels))
    end = projection.iloc[-1]
    return (f"Fan chart: {city_label(city)}'s CO2 record followed by a {projection.attrs['label']} projection "
            f"reaching {end['mean']:.1f} Mt in {int(end['year'])}, with a {wide} % interval from "
            f"{end[f'lower_{wide}']:.1f} to {end[f'upper_{wide}']:.1f} Mt.")


INTENSITY_LABELS = {
    "t_co2_per_10k_yuan": ("CO2 per unit of GDP", "t CO2 per 10 000 yuan (current prices)",
                           ["ceads_city", "nbs_major_cities"]),
    "t_co2_per_person": ("CO2 per person (UN agglomeration population)", "t CO2 per person",
                         ["ceads_city", "un_wup"]),
}


def intensity_figure(intensity: pd.DataFrame, column: str):
    from . import charts

    label, units, sources = INTENSITY_LABELS[column]
    df = intensity[["year", column]].rename(columns={column: "value"}).assign(series=label)
    first, last = df.iloc[0], df.iloc[-1]
    alt_text = (f"Line chart of Shenzhen's {label.lower()} from {int(first['year'])} to {int(last['year'])}: "
                f"{first['value']:.2f} then {last['value']:.2f} {units}.")
    return charts.Figure(charts.history_chart(df, title_text=f"{label}, Shenzhen", units=units, y_title=units),
                         alt_text=alt_text, source=charts.source_note(sources, ["derived"], "Derived here."),
                         data=intensity[["year", "co2_Mt", "gdp_100m_yuan", "population_million", column]],
                         filename=f"{column}_shenzhen")
