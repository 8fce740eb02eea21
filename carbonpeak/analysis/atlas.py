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

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts, data
from carbonpeak.analysis import peaks
from carbonpeak.analysis.record import ENGLISH_NAMES, city_label
from carbonpeak.constants import SHENZHEN
from carbonpeak.data.provenance import short_citation
from carbonpeak.targets import load_targets

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
    """Cities per rule and verdict."""
    rows = []
    for rule in RULE_NAMES:
        c = table[rule].value_counts()
        rows.append(
            {"rule": peaks.label(rule), **{v: int(c.get(v, 0)) for v in peaks.VERDICTS}, "cities": int(c.sum())}
        )
    return pd.DataFrame(rows)


# ---- Shan et al. 2022, step by step -----------------------------------------------------------------


def _closest_reading(matrix: pd.DataFrame, last_year: int = 2019, years_below: int = 5) -> pd.Series:
    """The stated definition read literally: the maximum of the 2001-2019 record lies in 2014 or earlier
    (five calendar years below it by 2019), every later observed year is below it, and the record reaches
    2019 (otherwise "below by 2019" cannot be checked)."""
    window = matrix.loc[:, PUBLISHED["first_year"] : last_year]
    v = verdicts(window, "n_years", 1, last_year)
    return window[last_year].notna() & (v["year"] <= last_year - years_below) & (v["year"] > 0)


def shan_steps(matrix: pd.DataFrame, rule_years: int = 5) -> pd.DataFrame:
    """From the book's N-years rule to the paper's stated definition, one choice per line."""
    window = matrix.loc[:, PUBLISHED["first_year"] : PUBLISHED["last_year"]]
    all_years = verdicts(matrix, "n_years", rule_years, 2019)["peaked"]
    in_window = verdicts(window, "n_years", rule_years, 2019)["peaked"]
    reaches = window[PUBLISHED["last_year"]].notna()
    closest = _closest_reading(matrix)
    steps = [
        (
            "1",
            f"N-years rule ({rule_years} observed years below the maximum), every year in the file "
            f"({int(matrix.columns.min())}-{int(matrix.columns.max())})",
            int(all_years.sum()),
        ),
        ("2", "the same, on the paper's period only (2001-2019)", int(in_window.sum())),
        (
            "3",
            "... and the record must reach 2019 (peaked 'by 2019' needs a 2019 value)",
            int((in_window & reaches).sum()),
        ),
        (
            "4",
            "closest reading of the stated definition: maximum in 2014 or earlier, every later observed "
            "year below it, record reaching 2019 (five calendar years; a gap is not held against a city)",
            int(closest.sum()),
        ),
    ]
    df = pd.DataFrame(steps, columns=["step", "definition", "cities peaked"])
    df["change"] = df["cities peaked"].diff().fillna(0).astype(int)
    published = PUBLISHED["proactive"] + PUBLISHED["passive"]
    df.loc[len(df)] = [
        "published",
        f"Shan et al. 2022: {PUBLISHED['proactive']} proactive + "
        f"{PUBLISHED['passive']} passive, of {PUBLISHED['cities']} cities",
        published,
        published - int(closest.sum()),
    ]
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
    the closest reading (step 4)."""
    closest = _closest_reading(matrix)
    v = verdicts(matrix.loc[:, 2001:2019], "n_years", 5, 2019)
    rows = []
    for city, kind in NAMED_EXAMPLES.items():
        record = matrix.loc[city].dropna()
        rows.append(
            {
                "city": label(city),
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
                    "city": label(city),
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
            "city": label(SHENZHEN),
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
    agglomeration population: a rough split only."""
    closest = _closest_reading(matrix)
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
                "city": label(city),
                "peak year": peak,
                f"GDP change to {int(gdp.index[-1])} (%, current prices)": round(g, 1),
                f"population change to {int(pop.index[-1])} (%, WUP)": round(p, 1),
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
                "city": label(city),
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
            "city",
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
                "rule": peaks.label(rule),
                "cities called peaked": len(c),
                "calls with later data": len(judged),
                "re-rose above the called peak": wrong,
                "wrong in hindsight (%)": round(100 * wrong / len(judged), 1) if len(judged) else np.nan,
            }
        )
    return pd.DataFrame(rows)


def city_hindsight(matrix: pd.DataFrame, city: str, rule_years: int, first: int = HINDSIGHT_FIRST) -> pd.DataFrame:
    """The highlighted city's verdict under each rule as of each year (only data up to that year)."""
    rows = []
    years = matrix.columns.to_numpy()
    for year in range(first, int(matrix.columns.max()) + 1):
        row = {"as of": year}
        for rule in RULE_NAMES:
            s = peaks.status(
                years[years <= year], matrix.loc[city, :year].to_numpy(), rule, **rule_options(rule, rule_years, year)
            )
            row[rule] = s.verdict + (f" ({s.year})" if s.verdict == "peaked" else "")
        rows.append(row)
    return pd.DataFrame(rows)


def city_statements(matrix: pd.DataFrame, city: str, rule_years: int, reference_year: int) -> str:
    """Markdown: the city's status under every rule, one sentence each."""
    years = matrix.columns.to_numpy()
    lines = []
    for rule in RULE_NAMES:
        s = peaks.status(years, matrix.loc[city].to_numpy(), rule, **rule_options(rule, rule_years, reference_year))
        lines.append(f"- **{peaks.label(rule)}:** {peaks.statement(s, UNIT)}")
    return "\n".join(lines)


# ---- figures --------------------------------------------------------------------------------------

VERDICT_COLOURS = {"peaked": "#548235", "not yet": "#c55a11", "unknown": "#a6a6a6"}


def counts_figure(count_table: pd.DataFrame, reference_year: int, rule_years: int):
    """Stacked bars of the CEADs cities by verdict under each peak definition."""
    long = count_table.drop(columns="cities").melt(
        id_vars=["rule"], value_vars=list(peaks.VERDICTS), var_name="verdict", value_name="cities"
    )
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("rule:N", sort=list(count_table["rule"]), title=None),
            x=alt.X("cities:Q", stack="zero", title="cities"),
            color=alt.Color(
                "verdict:N",
                scale=alt.Scale(domain=list(VERDICT_COLOURS), range=list(VERDICT_COLOURS.values())),
                title="verdict",
            ),
            order=alt.Order("verdict:N"),
            tooltip=["rule:N", "verdict:N", "cities:Q"],
        )
        .properties(
            title=charts.title("CEADs cities by peak definition", "number of cities"),
            width=charts.WIDTH,
            height=40 * len(count_table) + 20,
        )
    )
    text = "; ".join(
        f"{r.rule}: {r.peaked} peaked, {r._3} not yet, {r.unknown} unknown"
        for r in count_table.rename(columns={"not yet": "_3"}).itertuples()
    )
    return charts.Figure(
        chart,
        alt_text=f"Stacked bars of the {int(count_table['cities'].iloc[0])} CEADs cities by "
        f"verdict under each peak definition. {text}.",
        source=charts.source_note(
            ["ceads_city"],
            ["measured", "derived"],
            f"Verdicts derived here (N = {rule_years}; C40 as of {reference_year}; Mann-Kendall at 5 %).",
        ),
        data=count_table,
        filename="atlas_counts",
    )


def city_figure(matrix: pd.DataFrame, city: str, rule_years: int, reference_year: int):
    """The city's CEADs record, with the candidate peak each rule finds marked by a diamond."""
    record = matrix.loc[city].dropna()
    history = pd.DataFrame({"year": record.index, "value": record.to_numpy().round(3), "series": "CEADs inventory"})
    years = matrix.columns.to_numpy()
    marks = []
    for rule in RULE_NAMES:
        s = peaks.status(years, matrix.loc[city].to_numpy(), rule, **rule_options(rule, rule_years, reference_year))
        if s.year is not None:
            marks.append({"year": s.year, "value": round(s.value, 3), "rule": peaks.label(rule), "verdict": s.verdict})
    marks = pd.DataFrame(marks)
    base = charts.history_chart(
        history, title_text=f"CO2 record and candidate peak, {label(city)}", units="Mt CO2 per year", y_title="Mt CO2"
    )
    peak_mark = (
        alt.Chart(marks)
        .mark_point(shape="diamond", size=160, filled=False, strokeWidth=2, color="#c00000")
        .encode(
            x="year:Q",
            y="value:Q",
            tooltip=["rule:N", "verdict:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.2f")],
        )
    )
    verdict_text = "; ".join(f"{r.rule}: {r.verdict}" for r in marks.itertuples()) if len(marks) else "no data"
    top = record.idxmax() if len(record) else None
    alt_text = (
        f"Line chart of {label(city)}'s territorial CO2 from CEADs, {int(record.index.min())} to "
        f"{int(record.index.max())}, with the candidate peak ({int(marks['year'].iloc[0])}, "
        f"{marks['value'].iloc[0]:.1f} Mt) marked by a diamond. {verdict_text}."
        if top is not None
        else f"No CEADs record for {label(city)}."
    )
    # the record's data sits on the history chart's layer, not on its parts: carry it over with them
    chart = alt.layer(*base.layer, peak_mark, data=base.data).properties(
        title=base.title, width=charts.WIDTH, height=charts.HEIGHT
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["ceads_city"],
            ["measured"],
            "Lines break where a year is missing; "
            "the diamond marks the candidate peak (the maximum, later year on a tie).",
        ),
        data=history.drop(columns="series").merge(marks, on=["year", "value"], how="left"),
        filename=f"atlas_record_{city}",
    )


def peers_figure(peer_table: pd.DataFrame, rule: str):
    """Scatter (log scales) of CO2 per person against CO2 per 10 000 yuan: the major cities at their peak
    and Shenzhen at its latest year."""
    df = peer_table.dropna(subset=["t_co2_per_person", "t_co2_per_10k_yuan"]).copy()
    df["group"] = np.where(df["region"] == SHENZHEN, "Shenzhen, latest year", "major city at its peak")
    chart = (
        alt.Chart(df)
        .mark_point(filled=True, size=90)
        .encode(
            x=alt.X(
                "t_co2_per_person:Q",
                title="t CO2 per person (UN WUP agglomeration population)",
                scale=alt.Scale(type="log"),
            ),
            y=alt.Y(
                "t_co2_per_10k_yuan:Q",
                title="t CO2 per 10 000 yuan of GDP (current prices)",
                scale=alt.Scale(type="log"),
            ),
            color=alt.Color(
                "group:N",
                scale=alt.Scale(
                    domain=["major city at its peak", "Shenzhen, latest year"], range=["#7f7f7f", "#c00000"]
                ),
                title=None,
            ),
            tooltip=[
                "city:N",
                "what:N",
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("co2_Mt:Q", format=",.1f"),
                alt.Tooltip("t_co2_per_person:Q", format=",.2f"),
                alt.Tooltip("t_co2_per_10k_yuan:Q", format=",.2f"),
            ],
        )
        .properties(
            title=charts.title(
                f"Major cities at their peak ({peaks.label(rule)}) and Shenzhen now",
                "t CO2 per person; t CO2 per 10 000 yuan (log scales)",
            ),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    own = df[df["region"] == SHENZHEN].iloc[-1]
    others = df[df["region"] != SHENZHEN]
    alt_text = (
        f"Scatter on log scales of {len(others)} major cities at their peak: CO2 per person from "
        f"{others['t_co2_per_person'].min():.1f} to {others['t_co2_per_person'].max():.1f} t and per 10 000 yuan "
        f"from {others['t_co2_per_10k_yuan'].min():.2f} to {others['t_co2_per_10k_yuan'].max():.2f} t; Shenzhen in "
        f"{int(own['year'])} at {own['t_co2_per_person']:.2f} t per person and {own['t_co2_per_10k_yuan']:.2f} t "
        "per 10 000 yuan."
        if len(others)
        else "No major city has peaked under this rule."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["ceads_city", "nbs_major_cities", "un_wup"],
            ["measured", "derived"],
            "Ratios derived here. GDP at current prices, pre-2018-census vintage; "
            "population of the UN urban agglomeration, smaller than the prefecture "
            "CEADs covers.",
        ),
        data=peer_table.drop(columns="region"),
        filename="atlas_peers",
    )


def growth_figure(growth: pd.DataFrame, rule: str):
    """Bar chart of the peaked cities by the years from their fastest growth to their peak."""
    lags = growth["years from fastest growth to peak"].astype(int).value_counts().sort_index()
    df = pd.DataFrame({"years": lags.index.astype(int), "cities": lags.to_numpy().astype(int)})
    chart = (
        alt.Chart(df)
        .mark_bar(color="#2e75b6")
        .encode(
            x=alt.X("years:O", title="years from the fastest year-on-year growth to the peak"),
            y=alt.Y("cities:Q", title="cities"),
            tooltip=["years:O", "cities:Q"],
        )
        .properties(
            title=charts.title(f"From fastest growth to peak ({peaks.label(rule)})", "number of cities"),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    median = float(growth["years from fastest growth to peak"].median()) if len(growth) else float("nan")
    alt_text = (
        f"Bar chart of {len(growth)} peaked cities by the years between their fastest growth and their peak: "
        f"median {median:.0f} years, range {int(df['years'].min())} to {int(df['years'].max())}."
        if len(growth)
        else "No city has peaked under this rule."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["ceads_city"], ["measured", "derived"], "Growth only between consecutive observed years; derived here."
        ),
        data=growth.drop(columns="region"),
        filename="atlas_growth_to_peak",
    )


def hindsight_figure(summary: pd.DataFrame, first: int, last: int):
    """Bars of the share of each rule's peak calls (those with later data) that a later year overturned."""
    chart = (
        alt.Chart(summary)
        .mark_bar(color="#c55a11")
        .encode(
            y=alt.Y("rule:N", sort=list(summary["rule"]), title=None),
            x=alt.X("wrong in hindsight (%):Q", title="calls later contradicted (%)", scale=alt.Scale(domain=[0, 100])),
            tooltip=[
                "rule:N",
                "cities called peaked:Q",
                "calls with later data:Q",
                "re-rose above the called peak:Q",
                "wrong in hindsight (%):Q",
            ],
        )
        .properties(
            title=charts.title("How often a called peak was later overturned", "% of calls with later data"),
            width=charts.WIDTH,
            height=40 * len(summary) + 20,
        )
    )
    text = "; ".join(
        f"{r.rule}: {r._5:.0f} % of {r._3}"
        for r in summary.rename(columns={"calls with later data": "_3", "wrong in hindsight (%)": "_5"}).itertuples()
    )
    return charts.Figure(
        chart,
        alt_text=f"Bars of the share of peak calls, made with data up to each year {first}-{last}, "
        f"that a later year returned to or above: {text}.",
        source=charts.source_note(
            ["ceads_city"], ["measured", "derived"], "Each city's first call per rule; derived here with no look-ahead."
        ),
        data=summary,
        filename="atlas_hindsight",
    )


# ---- narrative -----------------------------------------------------------------------------------


def sources_table() -> pd.DataFrame:
    """The series this chapter reads, with source, grade and years."""
    return pd.DataFrame(
        [
            ("city CO2, 290 cities", short_citation("ceads_city"), "measured", "1997-2019, with gaps"),
            (
                "GDP, 35 major cities (current prices)",
                short_citation("nbs_major_cities"),
                "measured (pre-census vintage)",
                "2001-2017",
            ),
            ("population, urban agglomerations", short_citation("un_wup"), "measured to 2018", "1995-2018"),
            (
                "published classification",
                "Shan et al. 2022 (abstract and news release)",
                "published count",
                "2001-2019",
            ),
        ],
        columns=["series", "source", "grade", "years"],
    )


def shan_text(matrix: pd.DataFrame, steps: pd.DataFrame) -> str:
    """Markdown: what each step changes and what is left unexplained, with the numbers."""
    by = steps.set_index("step")["cities peaked"]
    window = matrix.loc[:, PUBLISHED["first_year"] : PUBLISHED["last_year"]]
    observed_rule = verdicts(window, "n_years", DEFAULT_YEARS, 2019)
    reaches = window[2019].notna()
    closest = _closest_reading(matrix)
    gap_cities = closest & ~(observed_rule["peaked"] & reaches)
    undecided = undecidable_by_2019(matrix)
    published = PUBLISHED["proactive"] + PUBLISHED["passive"]
    lines = [
        f"**Published.** {PUBLISHED_SOURCES}: of {PUBLISHED['cities']} cities, {published} had emissions below their "
        f"peak for at least five years by 2019: {PUBLISHED['proactive']} proactively "
        "(economy and population growing) "
        f"and {PUBLISHED['passive']} passively (with economic recession or population loss). "
        "The paper's full city list "
        "and its exact test are not in a stored source we could read; what follows uses only the stated definition.",
        f"- **Step 1 → 2** ({int(by['2'] - by['1']):+d}): keeping only 2001–2019 moves no city: no city's maximum lies "
        "in the years before 2001."
        if by["2"] == by["1"]
        else f"- **Step 1 → 2** ({int(by['2'] - by['1']):+d}): cities whose maximum lay before 2001 drop out.",
        f"- **Step 2 → 3** ({int(by['3'] - by['2']):+d}): {int(by['2'] - by['3'])} cities pass "
        "the N-years rule on a record "
        f"that stops before 2019 ({int((~reaches).sum())} of {len(window)} cities have no 2019 value in the file), so "
        "whether they were still below the peak in 2019 cannot be seen here.",
        f"- **Step 3 → 4** ({int(by['4'] - by['3']):+d}): {int(gap_cities.sum())} cities reach 2019 with a maximum in "
        "2014 or earlier but fewer than five observed years after it, because years are missing (mostly 2017): five "
        "calendar years below the peak, not five observed ones. "
        + ", ".join(label(c) for c in closest.index[gap_cities])
        + ".",
        f"- **Step 4 against the paper** ({published - int(by['4']):+d}): the totals are close, but membership cannot "
        f"be checked. {len(undecided)} cities have a maximum in 2014 or earlier, "
        "every later observed year below it, and "
        "no 2019 value in the file; the paper, with complete inventories, could count any of them. One it does count, "
        f"Fuxin, stops in {int(matrix.loc['辽宁阜新'].last_valid_index())} here and is not counted, so at least "
        f"{int(by['4']) - (published - 1)} of the {int(by['4'])} counted here are not among the paper's "
        f"{published}; and "
        f"the file has {len(matrix)} cities against the paper's {PUBLISHED['cities']}. Close totals are therefore not "
        "a confirmation.",
    ]
    return "\n".join(lines)


DEFAULT_YEARS = peaks.DEFAULT_RULE_YEARS


def split_text(split: pd.DataFrame) -> str:
    """Markdown: the proactive-or-passive reading of the major cities counted under step 4, and why it
    undercounts passive ones."""
    passive = split[split["reading"] == "passive"]["city"].tolist()
    return (
        f"**Proactive or passive.** The paper's split needs each city's GDP and population; the data pack has both "
        f"only for the major cities. Of the {len(split)} major cities counted under step 4 (with GDP in their peak "
        f"year), {int((split['reading'] == 'proactive').sum())} saw GDP and population grow after their peak "
        f"(proactive on this rough reading) and {len(passive)} saw one fall"
        + (f" ({', '.join(passive)})" if passive else "")
        + ". The release names Shenyang as a passive decliner "
        "and Beijing as a proactive one; current-price GDP hides real recessions, so this undercounts passive cities."
    )


def growth_text(growth: pd.DataFrame, rule: str) -> str:
    """Markdown: how long the cities peaked under ``rule`` took from their fastest growth to their peak."""
    if growth.empty:
        return f"No city has peaked under the {peaks.label(rule)}."
    lag = growth["years from fastest growth to peak"]
    return (
        f"Under the {peaks.label(rule)}, {len(growth)} peaked cities took a median of {lag.median():.0f} years "
        f"from their fastest year-on-year growth to their peak (half of them between {lag.quantile(0.25):.0f} and "
        f"{lag.quantile(0.75):.0f} years; {int((lag <= 5).sum())} within five years). Single-year growth is noisy "
        "in city inventories, so the fastest year is a rough marker of the boom, not a turning point."
    )


def rerisers_text(calls: pd.DataFrame, shown: int = 10) -> str:
    """Markdown: per rule, the cities whose called peak a later year matched or passed (the first ``shown``
    named)."""
    lines = []
    for rule in RULE_NAMES:
        wrong = calls[(calls["rule"] == rule) & calls["re-rose"]].sort_values(["called in", "city"])
        if wrong.empty:
            lines.append(f"- **{peaks.label(rule)}:** no called peak was overturned.")
            continue
        names = [
            f"{label(r.city)} (peak {r._4} called in {r._3}, matched or passed in {int(r._8)})"
            for r in wrong.rename(
                columns={"called in": "_3", "peak year": "_4", "first year at or above the peak": "_8"}
            ).itertuples()
        ]
        more = f", and {len(names) - shown} more (in the download)" if len(names) > shown else ""
        lines.append(f"- **{peaks.label(rule)}** ({len(names)} cities): " + "; ".join(names[:shown]) + more + ".")
    return "\n".join(lines)


def target_text() -> str:
    """Markdown: target T03 as the plan words it, and why whether it is met depends on how a peak is recognised."""
    t = load_targets().set_index("id").loc["T03"]
    return (
        f"- **T03** {t['indicator_en']}: 「{t['quote_zh']}」\n"
        "- The plan names neither a peak value nor how a peak will be recognised. Each rule here needs years "
        "after the maximum: a peak in 2029 could be confirmed by the N-years rule (five years) in 2034 at the "
        "earliest, by C40 in 2034 only if emissions have fallen 10 %, and by Mann-Kendall after at least four "
        "falling years. Whether T03 is met will be known only years after 2030, and the answer depends on the "
        "definition: the plan should name one.\n"
        "- This chapter does not score T03; the synthesis chapter gives the probability of a peak before 2030 "
        "under a stated rule."
    )
