"""The energy chapter: electricity use and its balance by source, the import factor, the 2019 boundary
reconciliation, power-plant CO2, the city totals on both boundaries, the energy-intensity target (T01) and a
Kaya/LMDI decomposition of the model's path, all from one run of the city model (carbonpeak.model)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts, data, locations
from carbonpeak.data import compiled
from carbonpeak.data.provenance import grade_label
from carbonpeak.formats import probability
from carbonpeak.inputs import assumptions
from carbonpeak.model import base, core, diagnostics, electricity, scoring
from carbonpeak.pages import common
from carbonpeak.pages.findings import (
    EF_DIGITS,
    KeyFindings,
    city_numbers,
    demand_numbers,
    median_numbers,
    part_numbers,
    supply_numbers,
)
from carbonpeak.pages.tables import Table, percent
from carbonpeak.targets import board_for, load_targets, trends

ENERGY_VARIABLES = (
    "electricity_",
    "energy_",
    "import_share",
    "non_fossil",
    "clean_share",
    "coal_capacity",
    "gas_capacity",
    "nuclear_",
    "pv_",
    "wte_",
    "lng_",
)
KAYA = ("population", "GDP per person", "energy per GDP", "CO2 per energy")
KAYA_START = base.BASE_YEAR
T01_START, T01_END = 2020, 2025


def energy_points() -> Table:
    """The point figures on energy and electricity (the whole points table is a download)."""
    return common.points_table(ENERGY_VARIABLES)


def all_points() -> pd.DataFrame:
    """Every point figure with its unit, source and grade: the chapter's download."""
    return data.points()[["year", "variable", "value", "unit", "source", "grade"]]


# Electricity use ----------------------------------------------------------------------------------------


def electricity_record() -> pd.DataFrame:
    """Electricity use by year (TWh) as the electricity table grades it: published totals, and the years
    derived from the next year's published growth (2019 from 2020's, 2022 from 2023's, 2024 from 2025's)."""
    total = data.load("shenzhen_electricity_sectors")
    df = total[(total["region"] == base.SHENZHEN) & (total["variable"] == "electricity_total")]
    df = df[["year", "value", "grade"]].astype({"year": int}).reset_index(drop=True)
    df["series"] = np.where(df["grade"] == "official_point", "published total", "derived from a stated growth rate")
    return df


def demand_total(result) -> np.ndarray:
    """Electricity demand over all uses (TWh, draws x years)."""
    return sum(result.demand.values())


def electricity_figure(ens, record: pd.DataFrame, level: float) -> charts.Figure:
    """The band chart of electricity use, with the record's published and derived years as points."""
    return common.model_figure(
        ens,
        demand_total,
        level,
        title_text="Electricity use: the record and the model",
        units="TWh per year",
        y_title="TWh",
        subject="Shenzhen's electricity use",
        filename="electricity_use",
        points=record[["year", "value", "series"]],
        grades=["official_point", "derived", "assumption"],
        note="Record: published totals, and years derived from a stated growth rate (their own series). The model's "
        "demand is scaled to the record in 2020-2024.",
    )


def record_table(record: pd.DataFrame) -> Table:
    """The electricity record for reading: TWh by year, each with its grade and how it was obtained."""
    return Table(
        pd.DataFrame(
            {
                "year": record["year"].astype(int),
                "electricity use (TWh)": record["value"].round(2),
                "grade": record["grade"].map(grade_label),
                "how": record["series"],
            }
        )
    )


# The balance by source -----------------------------------------------------------------------------------


def balance_medians(result) -> pd.DataFrame:
    """Median supply by source and median demand per year, long (source, year, median)."""
    rows = [
        pd.DataFrame({"source": s, "year": result.years, "median": np.median(v, axis=0)})
        for s, v in result.supply.items()
    ]
    return pd.concat(rows, ignore_index=True)


def balance_figure(ens, scenario: str) -> charts.Figure:
    """One scenario's median supply by source, stacked, with median demand as a line."""
    result = ens.results[scenario]
    df = balance_medians(result)
    line = pd.DataFrame({"year": result.years, "median": np.median(demand_total(result), axis=0)})
    return common.stacked_figure(
        df,
        item="source",
        title_text=f"Electricity supply by source, {scenario} scenario",
        units="TWh per year",
        y_title="TWh",
        subject=f"Electricity supply, {scenario}",
        filename=f"electricity_balance_{scenario}",
        line=line,
        line_label="demand (median)",
        note="Imports balance demand in every draw and year.",
    )


def balance_table(ens, year: int) -> Table:
    """Median TWh by source in ``year`` per scenario, demand, and the imports' share of demand."""
    rows = {}
    for name, r in ens:
        j = int(np.nonzero(r.years == year)[0][0])
        col = {s: f"{np.median(v[:, j]):.1f}" for s, v in r.supply.items()}
        d = demand_total(r)[:, j]
        col["demand"] = f"{np.median(d):.1f}"
        col["imports' share of demand"] = percent()(float(np.median(r.supply["imports"][:, j] / d)))
        rows[name] = col
    df = pd.DataFrame(rows)
    return Table(df.rename_axis(f"TWh in {year} (median)").reset_index())


def demand_spread(ens, year: int) -> str:
    """How far apart the scenarios' median demand is in ``year``, in words."""
    med = {name: float(np.median(demand_total(r)[:, int(np.nonzero(r.years == year)[0][0])])) for name, r in ens}
    lo, hi = min(med.values()), max(med.values())
    return f"In {year} the scenarios' median demand lies between {lo:.1f} and {hi:.1f} TWh: " + (
        "the scenarios' measures act on supply, not on how much electricity the city uses."
        if hi - lo < 0.02 * hi
        else "the scenarios differ in how much electricity the city uses as well as in how it is supplied."
    )


def supply_contrast(ens, year: int, a: str = "baseline", b: str = "plan") -> str:
    """What scenario ``b`` changes in the supply and in the power plants' and imports' CO2 against ``a``."""
    if a not in ens.results or b not in ens.results:
        return ""
    med = {}
    for name in (a, b):
        r = ens.results[name]
        j = int(np.nonzero(r.years == year)[0][0])
        med[name] = {
            **{s: float(np.median(v[:, j])) for s, v in r.supply.items()},
            "plants": float(np.median(r.parts["power plants"][:, j])),
            "imported": float(np.median(r.imported[:, j])),
        }
    d = {k: med[b][k] - med[a][k] for k in med[a]}
    local = d["gas"] + d["coal"]
    return (
        f"In {year} the {b} scenario's local coal and gas make {local:+.1f} TWh against the {a} (gas {d['gas']:+.1f}, "
        f"coal {d['coal']:+.1f}) and the imports {d['imports']:+.1f} TWh; its power plants emit {d['plants']:+.1f} Mt "
        f"on the territorial boundary and its imports {d['imported']:+.1f} Mt on the wider one (medians). Local gas "
        "that replaces imports moves CO2 into the city's own account."
    )


def balance_gap(ens) -> float:
    """The largest |supply - demand| over every scenario, draw and year (TWh): the balance is closed."""
    return max(float(np.max(np.abs(sum(r.supply.values()) - demand_total(r)))) for _, r in ens)


# The import factor -------------------------------------------------------------------------------------


def published_factors() -> pd.DataFrame:
    """The published average grid factors (MEE/NBS) the model's import factor is checked against."""
    lit = base.published()
    rows = [
        {
            "year": int(i[-4:]),
            "value": float(v),
            "series": "Guangdong grid average (MEE/NBS)" if "guangdong" in i else "Southern grid average (MEE/NBS)",
        }
        for i, v in lit.items()
        if str(i).startswith(("grid_ef_guangdong_", "grid_ef_southern_"))
    ]
    return pd.DataFrame(rows)


def import_factor_figure(ens, level: float) -> charts.Figure:
    """The band chart of the imports' emission factor, with the published grid averages as points."""
    return common.model_figure(
        ens,
        lambda r: r.import_ef,
        level,
        title_text="Emission factor of the carbon-bearing imports",
        units="t CO2 per MWh",
        y_title="t CO2/MWh",
        subject="The import factor",
        filename="import_factor",
        points=published_factors(),
        value_format=",.3f",
        sources=common.MODEL_SOURCES,
        note="Published averages include nuclear and hydro power, so they sit below "
        "a factor for carbon-bearing imports only.",
    )


# The 2019 boundary reconciliation ----------------------------------------------------------------------

TOTALS = (  # the 2019 table's totals the figure shows (diagnostics.co2_2019 keys)
    diagnostics.LEVEL,
    diagnostics.WITH_IMPORTS,
    diagnostics.IMPORTED,
    diagnostics.COMMENTARY_TERRITORIAL,
    diagnostics.COMMENTARY_WITH_IMPORTS,
)


def central_run(ens):
    """The first scenario of the run at the stated values (one draw at every assumption's median)."""
    return diagnostics.central(ens.scenarios[next(iter(ens.results))])


def reconciliation(scenario) -> pd.DataFrame:
    """2019 CO2 by part and on both boundaries at the stated values (diagnostics), beside the commentary's."""
    return diagnostics.co2_2019(diagnostics.central(scenario))


def boundary_figure(table: pd.DataFrame) -> charts.Figure:
    """Bars of the 2019 totals on both boundaries: this book's beside the commentary's."""
    df = table[table["key"].isin(TOTALS)].drop(columns="key")
    df = df.assign(label=df["account"] + ": " + df["item"])
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("Mt CO2:Q", title="Mt CO2 (2019)"),
            color=alt.Color("account:N", title=None),
            tooltip=["account:N", "item:N", alt.Tooltip("Mt CO2:Q", format=",.2f"), "grade:N"],
        )
        .properties(
            title=charts.title("Two boundaries for 2019: territorial and with imported electricity", "Mt CO2"),
            width=charts.WIDTH,
            height=44 * len(df) + 20,
        )
    )
    v = df.set_index("label")["Mt CO2"]
    alt_text = "Bars of 2019 CO2 on two boundaries: " + "; ".join(f"{k} {x:.2f} Mt" for k, x in v.items()) + "."
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["ceads_city", "literature", "official_points"],
            ["measured", "official_point", "derived"],
            "This book: the city model's 2019 balance at the stated values. The commentary's author is unverified.",
        ),
        data=df.drop(columns="label"),
        filename="boundary_2019",
    )


def reconciliation_text(table: pd.DataFrame) -> str:
    """What the 2019 balance reconciles, in numbers from the table."""
    v = table.set_index("key")["Mt CO2"]
    book_t, book_w, imp = v[diagnostics.LEVEL], v[diagnostics.WITH_IMPORTS], v[diagnostics.IMPORTED]
    com_t, com_w = v[diagnostics.COMMENTARY_TERRITORIAL], v[diagnostics.COMMENTARY_WITH_IMPORTS]
    return (
        f"The commentary's two 2019 figures differ by {com_w - com_t:.2f} Mt; the model's balance gives the "
        f"carbon-bearing imports {imp:.2f} Mt from the same 47.7 TWh, so the gap is reproduced by the balance that "
        f"also gives the power plants' {v[core.POWER]:.2f} Mt. CEADs' territorial total "
        f"({book_t:.2f} Mt) is {com_t - book_t:.2f} Mt below the commentary's provincial-basis figure: a different "
        f"inventory, not a different boundary. With the imports, this book's 2019 total is {book_w:.2f} Mt, "
        f"{book_w / book_t - 1:.0%} above the territorial level."
    )


def reconciliation_table(table: pd.DataFrame) -> Table:
    """The 2019 reconciliation for reading: Mt CO2 to two decimals, grades in words."""
    return Table(
        table.drop(columns="key").assign(
            **{"Mt CO2": table["Mt CO2"].map(lambda x: f"{x:.2f}"), "grade": table["grade"].map(grade_label)}
        )
    )


# The two readings of the wider boundary ----------------------------------------------------------------


def readings_2019(result) -> pd.DataFrame:
    """What the city bought from the grid in 2019 and its CO2 under each reading of the wider boundary, at the
    stated values: carbon-bearing imports at their own factor (bought nuclear power at zero), or every purchase
    at Guangdong's average factor (MEE/NBS; its first published year, 2021, held back to 2019)."""
    s = {k: float(v[0, 0]) for k, v in result.supply.items()}
    grid = float(result.purchased[0, 0]) / (s["imports"] + s["nuclear (bought)"] + s[electricity.CLEAN_CHANNELS])
    rows = [
        ("carbon-bearing imports", s["imports"], float(result.import_ef[0, 0]), float(result.imported[0, 0])),
        ("nuclear power bought back (Daya Bay base)", s["nuclear (bought)"], 0.0, 0.0),
        (
            "reading 1: carbon-bearing imports at their own factor",
            s["imports"] + s["nuclear (bought)"],
            None,
            float(result.imported[0, 0]),
        ),
        (
            "reading 2: every purchase at the grid average",
            s["imports"] + s["nuclear (bought)"],
            grid,
            float(result.purchased[0, 0]),
        ),
    ]
    return pd.DataFrame(rows, columns=["item", "TWh", "t CO2 per MWh", "Mt CO2"])


def readings_table(result) -> Table:
    """The two readings in 2019, for reading."""
    return Table(
        readings_2019(result),
        "Electricity bought from the grid in 2019 and its CO2 under the two readings (stated values)",
        formats={"TWh": "{:.1f}", "t CO2 per MWh": "{:.3f}", "Mt CO2": "{:.2f}"},
    )


def readings_text(result) -> str:
    """Why the two readings differ, what the grid's own statement of clean power implies, and what official
    texts say about the boundary (markdown, every number from the data)."""
    t = readings_2019(result).set_index("item")
    one = t.at["reading 1: carbon-bearing imports at their own factor", "Mt CO2"]
    two = t.at["reading 2: every purchase at the grid average", "Mt CO2"]
    bought = t.at["reading 2: every purchase at the grid average", "TWh"]
    nuclear = t.at["nuclear power bought back (Daya Bay base)", "TWh"]
    clean = data.point("west_east_clean_power_absorbed", 2020)
    quotes = accounting_quotes()
    return (
        f"**Reading 1** counts the {t.at['carbon-bearing imports', 'TWh']:.1f} TWh a commentary calls carbon-bearing "
        f"at their own factor and the {nuclear:.1f} TWh of nuclear power the city buys back at zero: {one:.1f} Mt in "
        f"2019. **Reading 2** counts all {bought:.1f} TWh bought from the grid at Guangdong's average factor, which "
        f"already averages in nuclear and hydro power: {two:.1f} Mt. Reading 1 counts the nuclear power at zero and "
        "then charges the rest at a factor that also contains it, so it can count the nuclear power's benefit twice; "
        "reading 2 cannot, but gives the city no credit for what it buys.\n\n"
        f"**The grid's own statement.** The city's grid company says Shenzhen takes in more than {clean:.0f} TWh a "
        f"year of West-East clean power (c. 2020). If that were on top of the nuclear power, no more than "
        f"{bought - nuclear - clean:.1f} TWh of what the city bought would carry CO2, far below the commentary's "
        f"{t.at['carbon-bearing imports', 'TWh']:.1f} TWh: the two statements cannot both hold as written, and "
        "neither says how it counts. Reading 2 does not depend on either.\n\n"
        "**Which boundary official accounting uses.** No text in reach states how imported electricity enters a "
        "province's CO2-intensity assessment; what the official texts say: "
        + "; ".join(f"{q['publisher']} ({q['year']}): “{q['quote']}”" for q in quotes)
        + ". The factors are published for counting the CO2 of electricity consumed, which is reading 2."
    )


def accounting_quotes() -> list[dict]:
    """What official texts say about counting electricity's CO2 (data/raw/literature, with its sidecar)."""
    path = locations.RAW / "literature" / "provincial_carbon_intensity_accounting.csv"
    df = compiled.read_checked(path, "raw", ["publisher", "year", "quote"])
    keep = df[df["quote"].str.len() > 0].head(3)
    return [{"publisher": r.publisher, "year": int(r.year), "quote": r.quote} for r in keep.itertuples()]


# The energy-intensity target, scenario against scenario ---------------------------------------------------


def t01_components(ens, a: str = "baseline", b: str = "plan") -> pd.DataFrame:
    """Energy use in 2020 and 2025 by component (Mtce, medians) in two scenarios, and the change of energy use
    per unit of GDP: what makes one scenario's T01 better or worse than the other's."""
    rows = []
    for name in (a, b):
        r = ens.results[name]
        i, j = (int(np.nonzero(r.years == y)[0][0]) for y in (T01_START, T01_END))
        for label, x in (*r.energy_by_component.items(), ("energy use", r.energy)):
            rows.append({"scenario": name, "component": label, "2020": np.median(x[:, i]), "2025": np.median(x[:, j])})
        change = scoring.energy_intensity_change(r, T01_START, T01_END)
        rows.append(
            {"scenario": name, "component": "energy per unit of GDP, % change", "2020": 0.0, "2025": np.median(change)}
        )
    return pd.DataFrame(rows)


def t01_text(ens, a: str = "baseline", b: str = "plan") -> str:
    """Why one scenario's energy intensity falls more or less than the other's (markdown)."""
    if a not in ens.results or b not in ens.results or ens.horizon_end < T01_END:
        return ""
    df = t01_components(ens, a, b).set_index(["scenario", "component"])["2025"]
    d = {c: df[(b, c)] - df[(a, c)] for c in df.loc[a].index}
    return (
        f"In {T01_END} the {b} scenario's local power plants burn {d['fuel burnt in local power plants']:+.2f} Mtce "
        f"against the {a}, while the electricity it buys counts "
        f"{d['electricity bought or made without fuel (calorific equivalent)']:+.2f} Mtce: a kWh made from gas in the "
        f"city counts the gas burnt for it ({gas_fuel_per_kwh():.1f} times its calorific value at the stated "
        "efficiency), a kWh bought counts its calorific value only, so local gas that replaces imports raises "
        "energy use. Fuel outside the power plants moves by "
        f"{d['fuel burnt outside power plants']:+.2f} Mtce (the plan's extra efficiency and electrification). "
        f"Energy per unit of GDP changes by {df[(a, 'energy per unit of GDP, % change')]:.1f} % in the {a} and "
        f"{df[(b, 'energy per unit of GDP, % change')]:.1f} % in the {b} from {T01_START} to {T01_END} "
        f"(target {t01_target():g} %)."
    )


def gas_fuel_per_kwh() -> float:
    """Gas burnt per kWh from a gas unit over a kWh's calorific equivalent, at the stated gas factor."""
    fuel = assumptions.get("gas_ef").default / base.t_co2_per_tce("natural_gas")  # tce per MWh
    return fuel / (core.MTCE_PER_TWH)  # MTCE_PER_TWH is also tce per MWh


def t01_components_table(ens, a: str = "baseline", b: str = "plan") -> Table:
    """``t01_components`` for reading."""
    return Table(
        t01_components(ens, a, b),
        f"Energy use by component, {T01_START} and {T01_END} (Mtce, medians), and energy per unit of GDP",
        formats={"2020": "{:.2f}", "2025": "{:.2f}"},
    )


# Power plants and the city totals ----------------------------------------------------------------------


def power_figure(ens, level: float) -> charts.Figure:
    """The band chart of the CO2 of Shenzhen's coal and gas power plants."""
    return common.model_figure(
        ens,
        lambda r: r.parts["power plants"],
        level,
        title_text="CO2 of Shenzhen's coal and gas power plants",
        units="Mt CO2 per year",
        y_title="Mt CO2",
        subject="Power-plant CO2",
        filename="power_plants",
        note="Generation (capacity x hours, the scenario's levers) x the plants' emission factors.",
    )


def power_table(ens, years, level: float) -> Table:
    """Power-plant CO2 and coal and gas generation in ``years``, per scenario."""
    return common.years_table(
        [
            ("coal and gas plants' CO2 (Mt)", lambda r: r.parts["power plants"], 1, 1.0),
            ("coal generation (TWh)", lambda r: r.supply["coal"], 1, 1.0),
            ("gas generation (TWh)", lambda r: r.supply["gas"], 1, 1.0),
        ],
        ens,
        years,
        level,
    )


# The energy-intensity target (T01) ---------------------------------------------------------------------


def t01_target() -> float:
    """T01's target: the % change of energy use per unit of GDP from 2020 to 2025 in the registry."""
    return float(load_targets().set_index("id").at["T01", "target_value"])


def intensity_table(ens, levels) -> Table:
    """Energy use per unit of GDP, % change 2020-2025, per scenario, and the share of draws meeting T01."""
    target = t01_target()
    rows = []
    for name, r in ens:
        if r.years[-1] < T01_END:
            continue
        change = scoring.energy_intensity_change(r, T01_START, T01_END)
        row = {"scenario": name, "median change 2020-2025 (%)": f"{np.median(change):.1f}"}
        for level in sorted(levels):
            lo, hi = np.quantile(change, [(1 - level) / 2, (1 + level) / 2])
            row[f"{common.level_label(level)} interval (%)"] = f"{lo:.1f} to {hi:.1f}"
        row[f"share of draws at or below {target:g} %"] = percent()(float(np.mean(change <= target)))
        rows.append(row)
    return Table(pd.DataFrame(rows))


def scorecard(ens) -> pd.DataFrame:
    """The energy targets and T01: T01 from the run's baseline (the reference the plan is scored against),
    the targets with figures of their own from their pace (target_trends), the rest 'no projection yet'."""
    baseline = common.model_baseline(ens, T01_END)
    projections = {**trends.projections("energy"), "T01": scoring.energy_intensity_change(baseline, T01_START, T01_END)}
    return board_for(projections, sectors=("energy",), ids=("T01",))


# Kaya and LMDI of the model's path ---------------------------------------------------------------------


def kaya_figure(table: pd.DataFrame, start: int, end: int, level: float = 0.8) -> charts.Figure:
    """Bars of each Kaya factor's mean LMDI effect on territorial CO2 from ``start`` to ``end``, per scenario."""
    df = table[table["factor"] != "change of CO2"]
    names = list(dict.fromkeys(df["scenario"]))
    colour = alt.Color(
        "scenario:N",
        sort=names,
        title="scenario (mean effect)",
        scale=alt.Scale(domain=names, range=[charts.SCENARIO_COLOURS.get(n, "#444") for n in names]),
    )
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("factor:N", sort=list(KAYA), title=None),
            yOffset=alt.YOffset("scenario:N", sort=names),
            x=alt.X("mean effect (Mt):Q", title="Mt CO2"),
            color=colour,
            tooltip=[
                "scenario:N",
                "factor:N",
                alt.Tooltip("mean effect (Mt):Q", format="+.2f"),
                alt.Tooltip("lower:Q", format="+.2f"),
                alt.Tooltip("upper:Q", format="+.2f"),
            ],
        )
        .properties(
            title=charts.title(
                f"What moves territorial CO2 from {start} to {end}: Kaya factors (LMDI)", "Mt CO2, mean over draws"
            ),
            width=charts.WIDTH,
            height=28 * len(df) + 30,
        )
    )
    first = df[df["scenario"] == names[0]]
    alt_text = (
        f"Bars of the LMDI effects of the Kaya factors on territorial CO2 from {start} to {end}, per scenario; "
        f"{names[0]}: "
        + ", ".join(f"{f} {v:+.1f} Mt" for f, v in zip(first["factor"], first["mean effect (Mt)"], strict=False))
        + "."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            common.MODEL_SOURCES,
            ["derived", "assumption"],
            f"LMDI-I per draw, computed here; means add up to the mean change; the data give "
            f"the central {common.level_label(level)} of each effect.",
        ),
        data=table,
        filename=f"kaya_lmdi_{start}_{end}",
    )


def kaya_readable(table: pd.DataFrame, level: float = 0.8) -> Table:
    """The Kaya table for reading: each factor's mean effect and the central interval of the draws (Mt CO2)."""
    return Table(
        pd.DataFrame(
            {
                "scenario": table["scenario"],
                "factor": table["factor"],
                "mean effect (Mt CO2)": table["mean effect (Mt)"].map(lambda x: f"{x:+.1f}"),
                f"central {common.level_label(level)} of draws (Mt CO2)": [
                    f"{a:+.1f} to {b:+.1f}" for a, b in zip(table["lower"], table["upper"], strict=False)
                ],
            }
        )
    )


# Key findings ------------------------------------------------------------------------------------------


def key_numbers(ens) -> dict:
    """The numbers the Key findings rest on: city totals and demand in the key years; supply, power-plant and import
    CO2 and the import factor in the key year."""
    years, last = common.key_years(ens.horizon_end), (common.key_year(ens.horizon_end),)
    return {
        **city_numbers(ens, years),
        **supply_numbers(ens, electricity.SUPPLY, last),
        **demand_numbers(ens, ["total"], years),
        **part_numbers(ens, ["power plants", "imported electricity"], last),
        **median_numbers(ens, "import_ef", {"imports": lambda r: r.import_ef}, last, "t_per_mwh", EF_DIGITS),
    }


def key_findings(ens, record: pd.DataFrame, kaya: pd.DataFrame) -> KeyFindings:
    """What the chapter finds, in its own numbers: demand, supply, power plants and imports, the city totals, T01 in
    the baseline, and the Kaya effects when there are any."""
    n = key_numbers(ens)
    names = list(ens.results)
    year = common.key_year(ens.horizon_end)
    first = names[0]

    each = common.numbers_by_scenario(n, names)
    rec = record.set_index("year")["value"]
    base_year, base_ef = (
        base.BASE_YEAR,
        assumptions.get("import_ef_2019").default,
    )  # the stated factor the paths start from
    bullets = [
        f"**Electricity.** Use grew from {rec.iloc[0]:.1f} TWh in {int(rec.index[0])} (derived) to {rec.iloc[-1]:.1f} "
        f"TWh in {int(rec.index[-1])}; the model's median for {year} is "
        f"{each('{s}/demand/total/' + str(year) + '/median_twh', 'TWh')}.",
        "**Supply.** Carbon-bearing imports balance the rest: "
        f"{each('{s}/supply/imports/' + str(year) + '/median_twh', 'TWh')} in {year}; local gas plants make "
        f"{each('{s}/supply/gas/' + str(year) + '/median_twh', 'TWh')}, coal "
        f"{each('{s}/supply/coal/' + str(year) + '/median_twh', 'TWh')}.",
        "**Power plants and imports.** Local coal and gas emit "
        f"{each('{s}/part/power_plants/' + str(year) + '/median_mt', 'Mt')} in {year}; the imports' factor moves from "
        f"{base_ef:.3f} t/MWh in {base_year} to "
        f"{each('{s}/import_ef/imports/' + str(year) + '/median_t_per_mwh', 't/MWh')}.",
        f"**City totals in {year} (median).** Territorial: "
        f"{each('{s}/territorial/' + str(year) + '/median_mt', 'Mt')}; with imported electricity: "
        f"{each('{s}/with_imports/' + str(year) + '/median_mt', 'Mt')}.",
    ]
    baseline = common.model_baseline(ens, T01_END)
    change = scoring.energy_intensity_change(baseline, T01_START, T01_END)
    bullets.append(
        f"**Energy intensity (T01).** In the baseline, energy use per unit of GDP changes by a median "
        f"{np.median(change):.1f} % from 2020 to 2025 against the plan's {t01_target():g} %; "
        f"{probability(np.mean(change <= t01_target()))} of draws meet it."
    )
    if not kaya.empty:
        k = kaya[kaya["scenario"] == first].set_index("factor")["mean effect (Mt)"]
        bullets.append(
            f"**Kaya ({first}, territorial, {KAYA_START}-{year}).** Growth of GDP per person adds "
            f"{k['GDP per person']:+.1f} Mt and population {k['population']:+.1f} Mt; falling energy per GDP takes "
            f"{k['energy per GDP']:+.1f} Mt and cleaner energy {k['CO2 per energy']:+.1f} Mt (means over draws; change "
            f"{k['change of CO2']:+.1f} Mt)."
        )
    return KeyFindings(bullets, n)
