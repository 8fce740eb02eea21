"""The energy chapter: electricity use and its balance by source, the import factor, the 2019 boundary
reconciliation, power-plant CO2, the city totals on both boundaries, the energy-intensity target (T01) and a
Kaya/LMDI decomposition of the model's path, all from one run of the city model (carbonpeak.model)."""

from __future__ import annotations

import re

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts, data, locations
from carbonpeak.data import compiled
from carbonpeak.formats import probability
from carbonpeak.inputs import assumptions
from carbonpeak.model import base, core, diagnostics, electricity, scoring
from carbonpeak.pages import common, messages
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
T01_CHANGE = "energy per unit of GDP, % change"  # t01_components' row of the intensity's change
M = messages.text
TWH = common.TWH_SCALE  # one TWh in the language's unit (亿千瓦时 in Chinese)
RECORD_DIGITS = {"en": 2, "zh": 1}  # 0.01 TWh = 0.1亿千瓦时


def _twh(x: float, lang: str) -> float:
    return x * TWH[lang]


def _scenario(name: str, lang: str) -> str:
    return messages.label("scenario", name, lang)


def _csv(lang: str) -> dict:
    return messages.figure_csv(lang)


def energy_points(lang: str = "en") -> Table:
    """The point figures on energy and electricity (the whole points table is a download)."""
    return common.points_table(ENERGY_VARIABLES, lang=lang)


def points_download(lang: str = "en") -> charts.Download:
    """Every point figure as a CSV download."""
    return charts.Download(
        all_points(), "shenzhen_points", M("energy.download_points", lang), M("common.page.download_rows", lang)
    )


def all_points() -> pd.DataFrame:
    """Every point figure with its unit, source and grade: the chapter's download."""
    return data.points()[["year", "variable", "value", "unit", "source", "grade"]]


# Electricity use ----------------------------------------------------------------------------------------


def electricity_record(lang: str = "en") -> pd.DataFrame:
    """Electricity use by year (TWh) as the electricity table grades it: published totals, and the years
    derived from the next year's published growth (2019 from 2020's, 2022 from 2023's, 2024 from 2025's)."""
    total = data.load("shenzhen_electricity_sectors")
    df = total[(total["region"] == base.SHENZHEN) & (total["variable"] == "electricity_total")]
    df = df[["year", "value", "grade"]].astype({"year": int}).reset_index(drop=True)
    df["series"] = np.where(
        df["grade"] == "official_point", M("energy.record.published", lang), M("energy.record.derived", lang)
    )
    return df


def demand_total(result) -> np.ndarray:
    """Electricity demand over all uses (TWh, draws x years)."""
    return sum(result.demand.values())


def electricity_figure(ens, record: pd.DataFrame, level: float, lang: str = "en") -> charts.Figure:
    """The band chart of electricity use, with the record's published and derived years as points."""
    points = record[["year", "value", "series"]]
    return common.model_figure(
        ens,
        lambda r: _twh(demand_total(r), lang),
        level,
        title_text=M("energy.electricity_figure.title", lang),
        units=M("energy.twh_per_year", lang),
        y_title=M("energy.twh", lang),
        subject=M("energy.electricity_figure.subject", lang),
        filename="electricity_use",
        points=points.assign(value=_twh(points["value"], lang)),
        grades=["official_point", "derived", "assumption"],
        note=M("energy.electricity_figure.note", lang),
        lang=lang,
    )


def record_table(record: pd.DataFrame, lang: str = "en") -> Table:
    """The electricity record for reading: TWh by year, each with its grade and how it was obtained."""
    return Table(
        pd.DataFrame(
            {
                M("energy.record.year", lang): record["year"].astype(int),
                M("energy.record.use", lang): _twh(record["value"], lang).round(RECORD_DIGITS[lang]),
                M("energy.record.grade", lang): record["grade"].map(lambda g: _grade(g, lang)),
                M("energy.record.how", lang): record["series"],
            }
        )
    )


def _grade(grade: str, lang: str) -> str:
    return messages.label("grade", grade, lang)


# The balance by source -----------------------------------------------------------------------------------


def balance_medians(result, lang: str = "en") -> pd.DataFrame:
    """Median supply by source and median demand per year, long (source, year, median), in the language's units."""
    rows = [
        pd.DataFrame(
            {"source": M(f"energy.source.{s}", lang), "year": result.years, "median": _twh(np.median(v, axis=0), lang)}
        )
        for s, v in result.supply.items()
    ]
    return pd.concat(rows, ignore_index=True)


def balance_figure(ens, scenario: str, lang: str = "en") -> charts.Figure:
    """One scenario's median supply by source, stacked, with median demand as a line."""
    result = ens.results[scenario]
    df = balance_medians(result, lang)
    line = pd.DataFrame({"year": result.years, "median": _twh(np.median(demand_total(result), axis=0), lang)})
    name = _scenario(scenario, lang)
    return common.stacked_figure(
        df,
        item="source",
        title_text=M("energy.balance.title", lang, scenario=name),
        units=M("energy.twh_per_year", lang),
        y_title=M("energy.twh", lang),
        subject=M("energy.balance.subject", lang, scenario=name),
        filename=f"electricity_balance_{scenario}",
        line=line,
        line_label=M("energy.balance.demand_line", lang),
        note=M("energy.balance.note", lang),
        lang=lang,
    )


def balance_table(ens, year: int, lang: str = "en") -> Table:
    """Median TWh by source in ``year`` per scenario, demand, and the imports' share of demand."""
    digits = {"en": ".1f", "zh": ".0f"}[lang]
    rows = {}
    for name, r in ens:
        j = int(np.nonzero(r.years == year)[0][0])
        col = {M(f"energy.source.{s}", lang): f"{_twh(np.median(v[:, j]), lang):{digits}}" for s, v in r.supply.items()}
        d = demand_total(r)[:, j]
        col[M("energy.balance.demand", lang)] = f"{_twh(np.median(d), lang):{digits}}"
        col[M("energy.balance.imports_share", lang)] = probability_share(
            float(np.median(r.supply["imports"][:, j] / d)), lang
        )
        rows[_scenario(name, lang)] = col
    df = pd.DataFrame(rows)
    return Table(df.rename_axis(M("energy.balance.heading", lang, year=year)).reset_index())


def probability_share(x: float, lang: str) -> str:
    """A share as a whole percentage in the language's style ('62 %', '62%')."""
    return percent(space=lang == "en")(x)


def balance_gap_text(ens, lang: str = "en") -> str:
    """That supply equals demand, with the largest gap."""
    return M("energy.balance.gap", lang, gap=balance_gap(ens))


def demand_spread(ens, year: int, lang: str = "en") -> str:
    """How far apart the scenarios' median demand is in ``year``, in words."""
    med = {name: float(np.median(demand_total(r)[:, int(np.nonzero(r.years == year)[0][0])])) for name, r in ens}
    lo, hi = min(med.values()), max(med.values())
    verdict = "same" if hi - lo < 0.02 * hi else "differ"
    opening = M("energy.demand_spread.text", lang, year=year, lo=lo, hi=hi, lo_zh=_twh(lo, "zh"), hi_zh=_twh(hi, "zh"))
    return opening + M(f"energy.demand_spread.{verdict}", lang)


def supply_contrast(ens, year: int, a: str = "baseline", b: str = "plan", lang: str = "en") -> str:
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
    twh = {"local": local, "gas": d["gas"], "coal": d["coal"], "imports": d["imports"]}
    mt = {"plants": d["plants"], "imported": d["imported"]}
    return M(
        "energy.supply_contrast",
        lang,
        year=year,
        a=_scenario(a, lang),
        b=_scenario(b, lang),
        **twh,
        **mt,
        **{f"{k}_zh": _twh(v, "zh") for k, v in twh.items()},
        **{f"{k}_zh": messages.co2(v, "zh") for k, v in mt.items()},
    )


def balance_gap(ens) -> float:
    """The largest |supply - demand| over every scenario, draw and year (TWh): the balance is closed."""
    return max(float(np.max(np.abs(sum(r.supply.values()) - demand_total(r)))) for _, r in ens)


# The import factor -------------------------------------------------------------------------------------


def published_factors(lang: str = "en") -> pd.DataFrame:
    """The published average grid factors (MEE/NBS) the model's import factor is checked against."""
    lit = base.published()
    rows = [
        {
            "year": int(i[-4:]),
            "value": float(v),
            "series": M(f"energy.import_factor.{'guangdong' if 'guangdong' in i else 'southern'}", lang),
        }
        for i, v in lit.items()
        if str(i).startswith(("grid_ef_guangdong_", "grid_ef_southern_"))
    ]
    return pd.DataFrame(rows)


def import_factor_figure(ens, level: float, lang: str = "en") -> charts.Figure:
    """The band chart of the imports' emission factor, with the published grid averages as points."""
    return common.model_figure(
        ens,
        lambda r: r.import_ef,
        level,
        title_text=M("energy.import_factor.title", lang),
        units=M("energy.ef_units", lang),
        y_title=M("energy.ef_axis", lang),
        subject=M("energy.import_factor.subject", lang),
        filename="import_factor",
        points=published_factors(lang),
        value_format=",.3f",
        sources=common.MODEL_SOURCES,
        note=M("energy.import_factor.note", lang),
        lang=lang,
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


def _boundary_item(row, lang: str) -> str:
    """A 2019 row's item in the language: a part's label, or the catalogue's words for a total."""
    if row["key"] in parts_labels(lang):
        return parts_labels(lang)[row["key"]]
    if row["key"] == diagnostics.IMPORTED:
        twh = float(re.search(r"\(([\d.]+) TWh", row["item"]).group(1))
        ef = float(re.search(r"x ([\d.]+) t/MWh", row["item"]).group(1))
        return M("energy.boundary.item.imported", lang, twh=twh, ef=ef, twh_zh=_twh(twh, "zh"))
    return M(f"energy.boundary.item.{row['key']}", lang)


def parts_labels(lang: str) -> dict[str, str]:
    """The model's parts by their names, labelled in the language (data/parts.yml)."""
    return messages.group("part", lang)


def boundary_frame(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The 2019 table with its account, item and grade in the language (the key kept)."""
    return table.assign(
        account=table["account"].map(lambda a: M(f"energy.boundary.account.{a}", lang)),
        item=[_boundary_item(r, lang) for r in table.to_dict("records")],
        grade=table["grade"].map(lambda g: M("common.page.grade_code", lang, code=g, label=_grade(g, lang))),
    )


def boundary_figure(table: pd.DataFrame, lang: str = "en") -> charts.Figure:
    """Bars of the 2019 totals on both boundaries: this book's beside the commentary's."""
    df = boundary_frame(table[table["key"].isin(TOTALS)], lang).drop(columns="key")
    df = df.assign(
        label=[M("energy.boundary.label", lang, account=a, item=i) for a, i in zip(df["account"], df["item"])]
    )
    df = df.assign(**{"Mt CO2": messages.co2(df["Mt CO2"], lang)})
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("Mt CO2:Q", title=M("energy.boundary.axis", lang)),
            color=alt.Color("account:N", title=None),
            tooltip=["account:N", "item:N", alt.Tooltip("Mt CO2:Q", format=",.2f"), "grade:N"],
        )
        .properties(
            title=charts.title(M("energy.boundary.title", lang), M("energy.mt", lang)),
            width=charts.WIDTH,
            height=44 * len(df) + 20,
        )
    )
    v = df.set_index("label")["Mt CO2"]
    items = messages.join(
        (M("energy.boundary.alt_item", lang, label=k, value=x, wan=x) for k, x in v.items()), lang, "clause"
    )
    return charts.Figure(
        chart,
        alt_text=M("energy.boundary.alt", lang, items=items),
        source=messages.source_note(
            ["ceads_city", "literature", "official_points"],
            ["measured", "official_point", "derived"],
            M("energy.boundary.note", lang),
            lang,
        ),
        data=df.drop(columns="label"),
        filename="boundary_2019",
        **_csv(lang),
    )


def reconciliation_text(table: pd.DataFrame, lang: str = "en") -> str:
    """What the 2019 balance reconciles, in numbers from the table."""
    v = table.set_index("key")["Mt CO2"]
    book_t, book_w, imp = v[diagnostics.LEVEL], v[diagnostics.WITH_IMPORTS], v[diagnostics.IMPORTED]
    com_t, com_w = v[diagnostics.COMMENTARY_TERRITORIAL], v[diagnostics.COMMENTARY_WITH_IMPORTS]
    mt = {
        "gap": com_w - com_t,
        "imp": imp,
        "plants": v[core.POWER],
        "book_t": book_t,
        "below": com_t - book_t,
        "book_w": book_w,
    }
    above = book_w / book_t - 1
    wan = {f"{k}_zh": messages.co2(x, "zh") for k, x in mt.items()}
    return M("energy.reconciliation", lang, **mt, **wan, above=above, above_pct=100 * above)


def reconciliation_table(table: pd.DataFrame, lang: str = "en") -> Table:
    """The 2019 reconciliation for reading: Mt CO2 to two decimals (万吨 whole), grades in words."""
    digits = {"en": ".2f", "zh": ".0f"}[lang]
    df = boundary_frame(table, lang).drop(columns="key")
    df = df.assign(
        **{
            "Mt CO2": messages.co2(table["Mt CO2"], lang).map(lambda x: f"{x:{digits}}"),
            "grade": table["grade"].map(lambda g: _grade(g, lang)),
        }
    )
    return Table(df.rename(columns={c: M(f"energy.boundary.columns.{c}", lang) for c in df.columns}))


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


READING_ITEMS = {  # readings_2019's items -> their keys in the catalogue (energy.readings)
    "carbon-bearing imports": "imports",
    "nuclear power bought back (Daya Bay base)": "nuclear",
    "reading 1: carbon-bearing imports at their own factor": "one",
    "reading 2: every purchase at the grid average": "two",
}


def readings_table(result, lang: str = "en") -> Table:
    """The two readings in 2019, for reading."""
    df = readings_2019(result)
    df = df.assign(item=df["item"].map(lambda i: M(f"energy.readings.{READING_ITEMS[i]}", lang)))
    df = df.assign(TWh=_twh(df["TWh"], lang), **{"Mt CO2": messages.co2(df["Mt CO2"], lang)})
    columns = {"item": "item", "TWh": "twh", "t CO2 per MWh": "ef", "Mt CO2": "mt"}
    df = df.rename(columns={c: M(f"energy.readings.{k}", lang) for c, k in columns.items()})
    twh, mt = {"en": "{:.1f}", "zh": "{:.0f}"}[lang], {"en": "{:.2f}", "zh": "{:.0f}"}[lang]
    return Table(
        df,
        M("energy.readings.caption", lang),
        formats={
            M("energy.readings.twh", lang): twh,
            M("energy.readings.ef", lang): "{:.3f}",
            M("energy.readings.mt", lang): mt,
        },
    )


def readings_text(result, lang: str = "en") -> str:
    """Why the two readings differ, what the grid's own statement of clean power implies, and what official
    texts say about the boundary (markdown, every number from the data)."""
    t = readings_2019(result).set_index("item")
    one = t.at["reading 1: carbon-bearing imports at their own factor", "Mt CO2"]
    two = t.at["reading 2: every purchase at the grid average", "Mt CO2"]
    bought = t.at["reading 2: every purchase at the grid average", "TWh"]
    nuclear = t.at["nuclear power bought back (Daya Bay base)", "TWh"]
    imports = t.at["carbon-bearing imports", "TWh"]
    clean = data.point("west_east_clean_power_absorbed", 2020)
    twh = {"imports": imports, "nuclear": nuclear, "bought": bought, "clean": clean, "rest": bought - nuclear - clean}
    quotes = messages.join((M("energy.readings.quote", lang, **q) for q in accounting_quotes()), lang, "clause")
    return M(
        "energy.readings.text",
        lang,
        **twh,
        one=one,
        two=two,
        quotes=quotes,
        **{f"{k}_zh": _twh(x, "zh") for k, x in twh.items()},
        one_zh=messages.co2(one, "zh"),
        two_zh=messages.co2(two, "zh"),
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
        rows.append({"scenario": name, "component": T01_CHANGE, "2020": 0.0, "2025": np.median(change)})
    return pd.DataFrame(rows)


def t01_text(ens, a: str = "baseline", b: str = "plan", lang: str = "en") -> str:
    """Why one scenario's energy intensity falls more or less than the other's (markdown)."""
    if a not in ens.results or b not in ens.results or ens.horizon_end < T01_END:
        return ""
    df = t01_components(ens, a, b).set_index(["scenario", "component"])["2025"]
    d = {c: df[(b, c)] - df[(a, c)] for c in df.loc[a].index}
    return M(
        "energy.t01.text",
        lang,
        a=_scenario(a, lang),
        b=_scenario(b, lang),
        start=T01_START,
        end=T01_END,
        plants=d["fuel burnt in local power plants"],
        bought=d["electricity bought or made without fuel (calorific equivalent)"],
        outside=d["fuel burnt outside power plants"],
        ratio=gas_fuel_per_kwh(),
        change_a=df[(a, T01_CHANGE)],
        change_b=df[(b, T01_CHANGE)],
        target=t01_target(),
    )


def gas_fuel_per_kwh() -> float:
    """Gas burnt per kWh from a gas unit over a kWh's calorific equivalent, at the stated gas factor."""
    fuel = assumptions.get("gas_ef").default / base.t_co2_per_tce("natural_gas")  # tce per MWh
    return fuel / (core.MTCE_PER_TWH)  # MTCE_PER_TWH is also tce per MWh


def t01_components_table(ens, a: str = "baseline", b: str = "plan", lang: str = "en") -> Table:
    """``t01_components`` for reading."""
    df = t01_components(ens, a, b)
    keys = {T01_CHANGE: "change"}
    df = df.assign(
        scenario=df["scenario"].map(lambda n: _scenario(n, lang)),
        component=df["component"].map(lambda c: M(f"energy.t01.component.{keys.get(c, c)}", lang)),
    ).rename(columns={"scenario": M("energy.t01.scenario", lang), "component": M("energy.t01.component_column", lang)})
    return Table(
        df,
        M("energy.t01.caption", lang, start=T01_START, end=T01_END),
        formats={"2020": "{:.2f}", "2025": "{:.2f}"},
    )


# Power plants and the city totals ----------------------------------------------------------------------


def power_figure(ens, level: float, lang: str = "en") -> charts.Figure:
    """The band chart of the CO2 of Shenzhen's coal and gas power plants."""
    return common.model_figure(
        ens,
        lambda r: messages.co2(r.parts["power plants"], lang),
        level,
        title_text=M("energy.power.title", lang),
        units=M("energy.mt_per_year", lang),
        y_title=M("energy.mt", lang),
        subject=M("energy.power.subject", lang),
        filename="power_plants",
        note=M("energy.power.note", lang),
        lang=lang,
    )


def power_table(ens, years, level: float, lang: str = "en") -> Table:
    """Power-plant CO2 and coal and gas generation in ``years``, per scenario."""
    digits = {"en": 1, "zh": 0}[lang]  # 0.1 Mt = 10万吨, 0.1 TWh = 1亿千瓦时
    return common.years_table(
        [
            (M("energy.power.plants", lang), lambda r: r.parts["power plants"], digits, messages.co2(1.0, lang)),
            (M("energy.power.coal", lang), lambda r: r.supply["coal"], digits, _twh(1.0, lang)),
            (M("energy.power.gas", lang), lambda r: r.supply["gas"], digits, _twh(1.0, lang)),
        ],
        ens,
        years,
        level,
        lang=lang,
    )


# The energy-intensity target (T01) ---------------------------------------------------------------------


def t01_target() -> float:
    """T01's target: the % change of energy use per unit of GDP from 2020 to 2025 in the registry."""
    return float(load_targets().set_index("id").at["T01", "target_value"])


def intensity_table(ens, levels, lang: str = "en") -> Table:
    """Energy use per unit of GDP, % change 2020-2025, per scenario, and the share of draws meeting T01."""
    target = t01_target()
    rows = []
    for name, r in ens:
        if r.years[-1] < T01_END:
            continue
        change = scoring.energy_intensity_change(r, T01_START, T01_END)
        row = {
            M("energy.intensity.scenario", lang): _scenario(name, lang),
            M("energy.intensity.median", lang): f"{np.median(change):.1f}",
        }
        for level in sorted(levels):
            lo, hi = np.quantile(change, [(1 - level) / 2, (1 + level) / 2])
            label = M("energy.intensity.interval", lang, level=common.level_label(level, lang))
            row[label] = M("energy.intensity.range", lang, lo=lo, hi=hi)
        row[M("energy.intensity.share", lang, target=target)] = probability_share(
            float(np.mean(change <= target)), lang
        )
        rows.append(row)
    return Table(pd.DataFrame(rows))


def scorecard(ens) -> pd.DataFrame:
    """The energy targets and T01: T01 from the run's baseline (the reference the plan is scored against),
    the targets with figures of their own from their pace (target_trends), the rest 'no projection yet'."""
    baseline = common.model_baseline(ens, T01_END)
    projections = {**trends.projections("energy"), "T01": scoring.energy_intensity_change(baseline, T01_START, T01_END)}
    return board_for(projections, sectors=("energy",), ids=("T01",))


def scorecard_download(board: pd.DataFrame, lang: str = "en") -> charts.Download:
    """The scorecard as a CSV download."""
    return charts.Download(
        board, "energy_scorecard", M("energy.download_scorecard", lang), M("common.page.download_rows", lang)
    )


# Kaya and LMDI of the model's path ---------------------------------------------------------------------


def _factor(name: str, lang: str) -> str:
    return M(f"energy.kaya.factor.{name}", lang)


def kaya_figure(table: pd.DataFrame, start: int, end: int, level: float = 0.8, lang: str = "en") -> charts.Figure:
    """Bars of each Kaya factor's mean LMDI effect on territorial CO2 from ``start`` to ``end``, per scenario."""
    table = kaya_frame(table, lang)
    df = table[table["factor"] != _factor("change of CO2", lang)]
    names = list(dict.fromkeys(df["scenario"]))
    colours = {_scenario(n, lang): c for n, c in charts.SCENARIO_COLOURS.items()}
    colour = alt.Color(
        "scenario:N",
        sort=names,
        title=M("energy.kaya.legend", lang),
        scale=alt.Scale(domain=names, range=[colours.get(n, "#444") for n in names]),
    )
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("factor:N", sort=[_factor(k, lang) for k in KAYA], title=None),
            yOffset=alt.YOffset("scenario:N", sort=names),
            x=alt.X("mean effect (Mt):Q", title=M("energy.mt", lang)),
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
            title=charts.title(M("energy.kaya.title", lang, start=start, end=end), M("energy.kaya.units", lang)),
            width=charts.WIDTH,
            height=28 * len(df) + 30,
        )
    )
    first = df[df["scenario"] == names[0]]
    items = messages.join(
        (
            M("energy.kaya.alt_item", lang, factor=f, value=v, wan=v)
            for f, v in zip(first["factor"], first["mean effect (Mt)"], strict=False)
        ),
        lang,
    )
    return charts.Figure(
        chart,
        alt_text=M("energy.kaya.alt", lang, start=start, end=end, first=names[0], items=items),
        source=messages.source_note(
            common.MODEL_SOURCES,
            ["derived", "assumption"],
            M("energy.kaya.note", lang, level=common.level_label(level, lang)),
            lang,
        ),
        data=table,
        filename=f"kaya_lmdi_{start}_{end}",
        **_csv(lang),
    )


def kaya_frame(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The Kaya table with its scenarios and factors named in the language and its CO2 in the language's unit."""
    co2 = {c: messages.co2(table[c], lang) for c in ("mean effect (Mt)", "lower", "upper")}
    return table.assign(
        scenario=table["scenario"].map(lambda n: _scenario(n, lang)),
        factor=table["factor"].map(lambda f: _factor(f, lang)),
        **co2,
    )


def kaya_readable(table: pd.DataFrame, level: float = 0.8, lang: str = "en") -> Table:
    """The Kaya table for reading: each factor's mean effect and the central interval of the draws (Mt CO2)."""
    table = kaya_frame(table, lang)
    digits = {"en": "+.1f", "zh": "+.0f"}[lang]
    return Table(
        pd.DataFrame(
            {
                M("energy.kaya.scenario", lang): table["scenario"],
                M("energy.kaya.factor_column", lang): table["factor"],
                M("energy.kaya.mean", lang): table["mean effect (Mt)"].map(lambda x: f"{x:{digits}}"),
                M("energy.kaya.central", lang, level=common.level_label(level, lang)): [
                    M("energy.kaya.range", lang, a=a, b=b) for a, b in zip(table["lower"], table["upper"], strict=False)
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


def key_findings(ens, record: pd.DataFrame, kaya: pd.DataFrame, lang: str = "en") -> KeyFindings:
    """What the chapter finds, in its own numbers: demand, supply, power plants and imports, the city totals, T01 in
    the baseline, and the Kaya effects when there are any."""
    n = key_numbers(ens)
    names = list(ens.results)
    year = common.key_year(ens.horizon_end)
    first = names[0]

    each = common.numbers_by_scenario(n, names, lang=lang)
    twh, mt = M("energy.finding.twh", lang), M("energy.finding.mt", lang)
    to_twh, to_mt = _twh(1, lang), messages.co2(1, lang)
    in_twh = {"en": "g", "zh": ".0f"}[lang]  # 0.1 TWh = 1亿千瓦时; 0.1 Mt = 10万吨
    rec = record.set_index("year")["value"]
    base_year, base_ef = (
        base.BASE_YEAR,
        assumptions.get("import_ef_2019").default,
    )  # the stated factor the paths start from
    y = str(year)

    def supply(source: str) -> str:
        return each("{s}/supply/" + source + "/" + y + "/median_twh", twh, to_twh, in_twh)

    def co2(key: str) -> str:
        return each("{s}/" + key + "/" + y + "/median_mt", mt, to_mt, in_twh)

    bullets = [
        M(
            "energy.finding.electricity",
            lang,
            first=rec.iloc[0],
            first_zh=_twh(rec.iloc[0], "zh"),
            first_year=int(rec.index[0]),
            last=rec.iloc[-1],
            last_zh=_twh(rec.iloc[-1], "zh"),
            last_year=int(rec.index[-1]),
            year=year,
            demand=each("{s}/demand/total/" + y + "/median_twh", twh, to_twh, in_twh),
        ),
        M("energy.finding.supply", lang, imports=supply("imports"), year=year, gas=supply("gas"), coal=supply("coal")),
        M(
            "energy.finding.plants",
            lang,
            plants=co2("part/power_plants"),
            year=year,
            base_ef=base_ef,
            base_year=base_year,
            ef=each("{s}/import_ef/imports/" + y + "/median_t_per_mwh", M("energy.finding.t_per_mwh", lang)),
        ),
        M("energy.finding.totals", lang, year=year, territorial=co2("territorial"), with_imports=co2("with_imports")),
    ]
    baseline = common.model_baseline(ens, T01_END)
    change = scoring.energy_intensity_change(baseline, T01_START, T01_END)
    bullets.append(
        M(
            "energy.finding.t01",
            lang,
            change=np.median(change),
            target=t01_target(),
            share=probability(np.mean(change <= t01_target()), lang),
        )
    )
    if not kaya.empty:
        k = kaya[kaya["scenario"] == first].set_index("factor")["mean effect (Mt)"]
        effects = {
            "gdp": k["GDP per person"],
            "population": k["population"],
            "energy": k["energy per GDP"],
            "carbon": k["CO2 per energy"],
            "change": k["change of CO2"],
        }
        bullets.append(
            M(
                "energy.finding.kaya",
                lang,
                first=_scenario(first, lang),
                start=KAYA_START,
                year=year,
                **effects,
                **{f"{key}_zh": messages.co2(v, "zh") for key, v in effects.items()},
            )
        )
    return KeyFindings(bullets, n, label=M("common.findings.label", lang))
