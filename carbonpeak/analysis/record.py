"""The city overview chapter: assembling a city's series, its projection and its peak statement."""

from __future__ import annotations

import pandas as pd

from carbonpeak import data
from carbonpeak.analysis import nowcast
from carbonpeak.analysis.peaks import statement
from carbonpeak.analysis.projections import project
from carbonpeak.constants import SHENZHEN
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


# --- the record to 2025, the nowcast and the 2018 question (Shenzhen only) --------------------------------


def record(city: str, record_2018: str = "keep") -> pd.Series:
    """The city's CEADs record used for trends and peaks: for Shenzhen without 2018 when ``record_2018`` is
    "outlier"; other cities are not affected by the parameter."""
    if city == SHENZHEN:
        return nowcast.shenzhen_record(record_2018)
    return data.series("city_co2", city, "co2")


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


def record_table(record_2018: str, levels) -> pd.DataFrame:
    """The record to 2025 as one row per year: each series in its own column, the nowcast with its bounds."""
    df = nowcast.record_to_2025(record_2018, levels)
    wide = df.pivot(index="year", columns="series", values="value")[list(nowcast.SERIES.values())]
    wide.columns = ["CEADs (measured)", "CMCC (measured, another method)", "nowcast (derived)"]
    bounds = df[df["grade"] == "derived"].set_index("year").filter(regex="^(lower|upper)_")
    bounds.columns = [f"nowcast {c.replace('_', ' ')} %" for c in bounds.columns]
    out = wide.join(bounds).loc[2014:]
    return out.reset_index()


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
