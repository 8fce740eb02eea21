"""The atlas chapter "Which Chinese cities have peaked?": every CEADs city under every peak definition.

Everything here reads the processed tables (``city_co2``, ``major_cities``) and the rules of
``carbonpeak.analysis.peaks``; nothing is fitted to the published counts it is compared with.

- ``co2_matrix`` lays the CEADs record on a cities x years grid; a missing year stays NaN.
- ``classify`` applies every rule to every city (n_years and c40 in one vectorised call each).
- ``shan_steps`` walks from the book's rule to the closest reading of Shan et al. (2022)'s stated
  definition one choice at a time, so every difference from the published count has a line of its own.
- ``peers`` sets the major cities' CO2 per person and per GDP at their peak beside Shenzhen's latest.
- ``growth_to_peak`` measures how long peaked cities took from their fastest growth to their peak.
- ``hindsight`` asks, as of each year and with only the data published up to it, which cities each rule
  would have called peaked, and how often a later year returned to or above that peak.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak import data
from carbonpeak.analysis import peaks
from carbonpeak.analysis.record import ENGLISH_NAMES, city_label
from carbonpeak.constants import SHENZHEN

UNIT = "Mt CO2"
RULE_NAMES = tuple(peaks.RULES)
# Shan et al. (2022), Science Bulletin 67(18):1910-1920, doi:10.1016/j.scib.2022.08.024, as its abstract
# (University of Birmingham research portal) and the University of Groningen news release of 30 Aug 2022
# report it: 287 cities, 2001-2019; 38 cities "proactively peaked their emissions for at least five years",
# another 21 declined "passively" (with economic recession or population loss) over the same period.
PUBLISHED = {"cities": 287, "first_year": 2001, "last_year": 2019, "proactive": 38, "passive": 21}
PUBLISHED_SOURCES = (
    "Shan Y. et al. (2022) City-level emission peak and drivers in China. Science Bulletin 67(18):1910-1920, "
    "doi:10.1016/j.scib.2022.08.024 — counts as stated in its abstract (research.birmingham.ac.uk/en/"
    "publications/city-level-emission-peak-and-drivers-in-china) and the University of Groningen news release "
    "of 30 August 2022 (rug.nl/sciencelinx/nieuws/2022/08/the-cities-that-lead-china-on-carbon-reduction)"
)
# Cities the release names: Beijing and Taizhou (Zhejiang) peaked proactively; Fuxin and Shenyang (Liaoning)
# declined passively.
NAMED_EXAMPLES = {"北京": "proactive", "浙江台州": "proactive", "辽宁阜新": "passive", "辽宁沈阳": "passive"}
MORE_NAMES = {"辽宁沈阳": "Shenyang", "辽宁阜新": "Fuxin", "浙江台州": "Taizhou (Zhejiang)"}
HINDSIGHT_FIRST = 2005  # first as-of year: earlier years hold too few cities (107 in 2000)


def label(city: str) -> str:
    """``city_label``, also knowing the English names of the cities the news release names."""
    english = ENGLISH_NAMES.get(city) or MORE_NAMES.get(city)
    return f"{english} ({city})" if english else city_label(city)


# ---- the record ------------------------------------------------------------------------------------


def co2_matrix() -> pd.DataFrame:
    """CEADs territorial CO2 (Mt), one row per city and one column per calendar year; gaps are NaN."""
    df = data.load("city_co2")
    df = df[df["variable"] == "co2"]
    m = df.pivot(index="region", columns="year", values="value").sort_index()
    years = range(int(m.columns.min()), int(m.columns.max()) + 1)
    return m.reindex(columns=list(years))


def rule_options(rule: str, rule_years: int, reference_year: int) -> dict:
    """The options ``peaks.status`` takes for ``rule``: the years below for n_years, the reference year for C40,
    none for Mann-Kendall."""
    return {"n_years": {"rule_years": rule_years}, "c40": {"reference_year": reference_year}, "mann_kendall": {}}[rule]


def city_statuses(matrix: pd.DataFrame, city: str, rule_years: int, reference_year: int) -> dict:
    """Every rule's verdict on one city's whole record: rule -> peaks.Status."""
    years = matrix.columns.to_numpy()
    return {
        rule: peaks.status(years, matrix.loc[city].to_numpy(), rule, **rule_options(rule, rule_years, reference_year))
        for rule in RULE_NAMES
    }


def verdicts(matrix: pd.DataFrame, rule: str, rule_years: int, reference_year: int) -> pd.DataFrame:
    """One rule on every row of ``matrix``: verdict, peaked, year, value, years_after (and p for Mann-Kendall)."""
    years = matrix.columns.to_numpy()
    opts = rule_options(rule, rule_years, reference_year)
    if rule in peaks.VECTORISED:
        out = peaks.status_draws(years, matrix.to_numpy(), rule, **opts)
        return pd.DataFrame(
            {k: out[k] for k in ("verdict", "peaked", "year", "value", "years_after")}, index=matrix.index
        )
    rows = [peaks.status(years, row, rule, **opts) for row in matrix.to_numpy()]
    return pd.DataFrame(
        {
            "verdict": [s.verdict for s in rows],
            "peaked": [s.peaked for s in rows],
            "year": [-1 if s.year is None else s.year for s in rows],
            "value": [np.nan if s.value is None else s.value for s in rows],
            "years_after": [s.years_after for s in rows],
            "p": [np.nan if s.p_value is None else s.p_value for s in rows],
        },
        index=matrix.index,
    )


def classify(matrix: pd.DataFrame, rule_years: int, reference_year: int) -> pd.DataFrame:
    """The downloadable table: each city's record and its verdict under every rule."""
    observed = matrix.notna()
    years = matrix.columns.to_numpy()
    first = np.where(observed.any(axis=1), years[observed.to_numpy().argmax(axis=1)], -1)
    n = verdicts(matrix, "n_years", rule_years, reference_year)
    table = pd.DataFrame(
        {
            "city": matrix.index,
            "first year": first,
            "observed years": observed.sum(axis=1).to_numpy(),
            "missing years inside the record": 0,
            "maximum year": n["year"].to_numpy(),
            "maximum (Mt CO2)": n["value"].round(2).to_numpy(),
        }
    ).set_index("city")
    latest_idx = len(years) - 1 - observed.to_numpy()[:, ::-1].argmax(axis=1)
    table["latest year"] = years[latest_idx]
    table["latest (Mt CO2)"] = matrix.to_numpy()[np.arange(len(matrix)), latest_idx].round(2)
    table["missing years inside the record"] = table["latest year"] - table["first year"] + 1 - table["observed years"]
    table["change since maximum (%)"] = ((table["latest (Mt CO2)"] / table["maximum (Mt CO2)"] - 1) * 100).round(1)
    for rule in RULE_NAMES:
        v = n if rule == "n_years" else verdicts(matrix, rule, rule_years, reference_year)
        table[rule] = v["verdict"].to_numpy()
        if rule == "mann_kendall":
            table["mann_kendall p"] = v["p"].round(4).to_numpy()
    return table.reset_index()


def counts(table: pd.DataFrame) -> pd.DataFrame:
    """Cities per rule (its key) and verdict."""
    rows = []
    for rule in RULE_NAMES:
        c = table[rule].value_counts()
        rows.append({"rule": rule, **{v: int(c.get(v, 0)) for v in peaks.VERDICTS}, "cities": int(c.sum())})
    return pd.DataFrame(rows)


# ---- Shan et al. 2022, step by step -----------------------------------------------------------------


def closest_reading(matrix: pd.DataFrame, last_year: int = 2019, years_below: int = 5) -> pd.Series:
    """The stated definition read literally: the maximum of the 2001-2019 record lies in 2014 or earlier
    (five calendar years below it by 2019), every later observed year is below it, and the record reaches
    2019 (otherwise "below by 2019" cannot be checked)."""
    window = matrix.loc[:, PUBLISHED["first_year"] : last_year]
    v = verdicts(window, "n_years", 1, last_year)
    return window[last_year].notna() & (v["year"] <= last_year - years_below) & (v["year"] > 0)


def shan_steps(matrix: pd.DataFrame, rule_years: int = 5) -> pd.DataFrame:
    """From the book's N-years rule to the paper's stated definition, one choice per line: the step ("1" to "4",
    then "published"), the cities counted and the change on the step before (the published count: on step 4)."""
    window = matrix.loc[:, PUBLISHED["first_year"] : PUBLISHED["last_year"]]
    all_years = verdicts(matrix, "n_years", rule_years, 2019)["peaked"]
    in_window = verdicts(window, "n_years", rule_years, 2019)["peaked"]
    reaches = window[PUBLISHED["last_year"]].notna()
    closest = closest_reading(matrix)
    steps = [
        ("1", int(all_years.sum())),  # the N-years rule on every year in the file
        ("2", int(in_window.sum())),  # the same, on the paper's period only
        ("3", int((in_window & reaches).sum())),  # ... and the record must reach the paper's last year
        ("4", int(closest.sum())),  # the closest reading of the stated definition
    ]
    df = pd.DataFrame(steps, columns=["step", "cities peaked"])
    df["change"] = df["cities peaked"].diff().fillna(0).astype(int)
    published = PUBLISHED["proactive"] + PUBLISHED["passive"]
    df.loc[len(df)] = ["published", published, published - int(closest.sum())]
    # what a page needs to state the steps: the rule's years and the file's first and last year
    df.attrs = {"rule_years": rule_years, "first": int(matrix.columns.min()), "last": int(matrix.columns.max())}
    return df


def undecidable_by_2019(matrix: pd.DataFrame) -> pd.DataFrame:
    """Cities whose file record stops before 2019 with its maximum five or more years before its end and
    every later observed year below: they would count under the paper's definition if their 2019 value
    (which the paper had) were below the maximum."""
    window = matrix.loc[:, PUBLISHED["first_year"] : PUBLISHED["last_year"]]
    v = verdicts(window, "n_years", 1, 2019)
    last = window.apply(lambda r: r.last_valid_index(), axis=1)
    mask = window[PUBLISHED["last_year"]].isna() & (v["year"] > 0) & (v["year"] <= 2014)
    return pd.DataFrame(
        {
            "city": window.index[mask],
            "maximum year": v["year"][mask].to_numpy(),
            "last year in the file": last[mask].astype(int).to_numpy(),
        }
    )


def named_examples(matrix: pd.DataFrame) -> pd.DataFrame:
    """The cities the news release names: the paper's reading beside their verdicts under step 2 and
    the closest reading (step 4: "peaked" or "not counted"), each city by its CEADs name."""
    closest = closest_reading(matrix)
    v = verdicts(matrix.loc[:, 2001:2019], "n_years", 5, 2019)
    rows = []
    for city, kind in NAMED_EXAMPLES.items():
        record = matrix.loc[city].dropna()
        rows.append(
            {
                "city": city,
                "paper": kind,
                "maximum year (2001-2019)": int(v.at[city, "year"]),
                "last year in the file": int(record.index.max()),
                "N-years rule (step 2)": v.at[city, "verdict"],
                "closest reading (step 4)": "peaked" if closest[city] else "not counted",
            }
        )
    return pd.DataFrame(rows)


# ---- the major cities -------------------------------------------------------------------------------


def major_cities() -> pd.DataFrame:
    """GDP (亿元, current prices) and WUP population (million) for the NBS major cities, wide by year."""
    df = data.load("major_cities")
    return df.pivot_table(index=["region", "year"], columns="variable", values="value").reset_index()


def _intensity_at(city: str, year: int, co2: float, socio: pd.DataFrame) -> tuple[float, float]:
    row = socio[(socio["region"] == city) & (socio["year"] == year)]
    gdp = float(row["gdp"].iloc[0]) if len(row) and pd.notna(row["gdp"].iloc[0]) else np.nan
    pop = float(row["population_wup_agglomeration"].iloc[0]) if len(row) else np.nan
    # 1 Mt per 亿元 = 100 t per 10 000 yuan; Mt per million people = t per person
    return co2 / pop, co2 / gdp * 100


def peers(matrix: pd.DataFrame, rule: str, rule_years: int, reference_year: int) -> pd.DataFrame:
    """Each major city at its peak (if peaked under ``rule``) and Shenzhen at its latest year with CO2,
    GDP and population: CO2 per person and per unit of GDP."""
    socio = major_cities()
    cities = sorted(set(socio["region"]))
    sub = matrix.loc[cities]
    v = verdicts(sub, rule, rule_years, reference_year)
    rows = []
    for city in cities:
        if v.at[city, "peaked"]:
            year, co2 = int(v.at[city, "year"]), float(v.at[city, "value"])
            per_person, per_gdp = _intensity_at(city, year, co2, socio)
            rows.append(
                {
                    "region": city,
                    "what": "at its peak",
                    "year": year,
                    "co2_Mt": co2,
                    "t_co2_per_person": per_person,
                    "t_co2_per_10k_yuan": per_gdp,
                }
            )
    own = socio[socio["region"] == SHENZHEN].set_index("year")
    record = matrix.loc[SHENZHEN].dropna()
    common = [y for y in record.index if y in own.index and pd.notna(own.at[y, "gdp"])]
    year = max(common)
    per_person, per_gdp = _intensity_at(SHENZHEN, year, float(record[year]), socio)
    rows.append(
        {
            "region": SHENZHEN,
            "what": "latest year with CO2, GDP and population",
            "year": year,
            "co2_Mt": float(record[year]),
            "t_co2_per_person": per_person,
            "t_co2_per_10k_yuan": per_gdp,
        }
    )
    out = pd.DataFrame(rows)
    for col in ("co2_Mt", "t_co2_per_person", "t_co2_per_10k_yuan"):
        out[col] = out[col].round(2)
    return out


def shenzhen_rank(peer_table: pd.DataFrame) -> dict:
    """Where Shenzhen now sits among the peaked major cities at their peaks (rank 1 = lowest)."""
    at_peak = peer_table[peer_table["what"] == "at its peak"]
    own = peer_table[peer_table["region"] == SHENZHEN].iloc[-1]
    out = {"peaked": len(at_peak), "year": int(own["year"])}
    for col in ("t_co2_per_person", "t_co2_per_10k_yuan"):
        values = at_peak[col].dropna()
        out[col] = float(own[col])
        out[f"{col}_n"] = len(values)
        out[f"{col}_below"] = int((values < own[col]).sum())
        out[f"{col}_median"] = float(values.median()) if len(values) else np.nan
    return out


def proactive_or_passive(matrix: pd.DataFrame) -> pd.DataFrame:
    """For major cities counted under the closest reading: did GDP and population grow from the peak year to
    the last year both are available (proactive), or did either fall (passive)? Current-price GDP, WUP
    agglomeration population: a rough split only. Each change runs to the year in its "to" column."""
    closest = closest_reading(matrix)
    socio = major_cities()
    peak_years = verdicts(matrix.loc[:, 2001:2019], "n_years", 1, 2019)["year"]
    rows = []
    for city in sorted(set(socio["region"]) & set(closest.index[closest])):
        own = socio[socio["region"] == city].set_index("year")
        peak = int(peak_years[city])
        gdp = own["gdp"].dropna()
        pop = own["population_wup_agglomeration"].loc[:2018].dropna()
        if peak not in gdp.index:
            continue
        g = (gdp.iloc[-1] / gdp[peak] - 1) * 100
        p = (pop.iloc[-1] / pop[peak] - 1) * 100
        rows.append(
            {
                "city": city,
                "peak year": peak,
                "gdp change (%)": round(g, 1),
                "gdp to": int(gdp.index[-1]),
                "population change (%)": round(p, 1),
                "population to": int(pop.index[-1]),
                "reading": "proactive" if g > 0 and p > 0 else "passive",
            }
        )
    return pd.DataFrame(rows)


# ---- fastest growth to peak -------------------------------------------------------------------------


def growth_to_peak(matrix: pd.DataFrame, rule: str, rule_years: int, reference_year: int) -> pd.DataFrame:
    """For every city peaked under ``rule``: the year of its fastest year-on-year growth before the peak
    (only consecutive observed years count, so a gap never spreads growth over years) and the lag to the peak."""
    v = verdicts(matrix, rule, rule_years, reference_year)
    rows = []
    for city in matrix.index[v["peaked"].to_numpy()]:
        peak = int(v.at[city, "year"])
        s = matrix.loc[city].loc[:peak].dropna()
        growth = (s / s.shift(1) - 1)[s.index.to_series().diff() == 1]
        if growth.empty:
            continue
        fastest = int(growth.idxmax())
        rows.append(
            {
                "region": city,
                "fastest growth year": fastest,
                "fastest growth (%)": round(float(growth.max()) * 100, 1),
                "peak year": peak,
                "years from fastest growth to peak": peak - fastest,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "region",
            "fastest growth year",
            "fastest growth (%)",
            "peak year",
            "years from fastest growth to peak",
        ],
    )


# ---- hindsight ------------------------------------------------------------------------------------


def as_of(matrix: pd.DataFrame, year: int) -> pd.DataFrame:
    """The record as it stood in ``year``: only columns up to ``year`` (nothing later is read)."""
    return matrix.loc[:, :year]


def hindsight(
    matrix: pd.DataFrame, rule_years: int, first: int = HINDSIGHT_FIRST, last: int | None = None
) -> pd.DataFrame:
    """For every rule and city, the first as-of year the rule would have called a peak, using only data up
    to that year (C40's reference year = the as-of year), and whether a later year returned to or above it."""
    last = int(matrix.columns.max()) - 1 if last is None else last
    rows = []
    for rule in RULE_NAMES:
        called: dict[str, tuple] = {}
        for year in range(first, last + 1):
            v = verdicts(as_of(matrix, year), rule, rule_years, year)
            for city in v.index[v["peaked"].to_numpy()]:
                called.setdefault(city, (year, int(v.at[city, "year"]), float(v.at[city, "value"])))
        for city, (year, peak, value) in called.items():
            later = matrix.loc[city, year + 1 :].dropna()
            above = later[later >= value]
            rows.append(
                {
                    "rule": rule,
                    "city": city,
                    "called in": year,
                    "peak year": peak,
                    "peak (Mt CO2)": round(value, 2),
                    "later years observed": len(later),
                    "re-rose": bool(len(above)),
                    "first year at or above the peak": int(above.index[0]) if len(above) else None,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "rule",
            "city",
            "called in",
            "peak year",
            "peak (Mt CO2)",
            "later years observed",
            "re-rose",
            "first year at or above the peak",
        ],
    )


def hindsight_summary(calls: pd.DataFrame) -> pd.DataFrame:
    """Per rule: cities called peaked, calls with later data, and how many and what share of those a later
    year returned to or above."""
    rows = []
    for rule in RULE_NAMES:
        c = calls[calls["rule"] == rule]
        judged = c[c["later years observed"] > 0]
        wrong = int(judged["re-rose"].sum())
        rows.append(
            {
                "rule": rule,
                "cities called peaked": len(c),
                "calls with later data": len(judged),
                "re-rose above the called peak": wrong,
                "wrong in hindsight (%)": round(100 * wrong / len(judged), 1) if len(judged) else np.nan,
            }
        )
    return pd.DataFrame(rows)


def city_hindsight(matrix: pd.DataFrame, city: str, rule_years: int, first: int = HINDSIGHT_FIRST) -> pd.DataFrame:
    """The highlighted city's verdict under each rule as of each year (only data up to that year), and the year
    of the peak each rule called (``<rule> year``, None when it called none)."""
    rows = []
    years = matrix.columns.to_numpy()
    for year in range(first, int(matrix.columns.max()) + 1):
        row = {"as of": year}
        for rule in RULE_NAMES:
            s = peaks.status(
                years[years <= year], matrix.loc[city, :year].to_numpy(), rule, **rule_options(rule, rule_years, year)
            )
            row[rule] = s.verdict
            row[f"{rule} year"] = s.year if s.verdict == "peaked" else None
        rows.append(row)
    return pd.DataFrame(rows)
