"""The energy chapter's data as its figures, tables and text read them: the electricity record, the balance by source,
the import factor's published averages, the 2019 reconciliation and the two readings of the wider boundary, the
energy-intensity target's components, the scorecard and the Kaya table in the page's language; the language's units
(亿千瓦时, 万吨) and labels."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from carbonpeak import data, locations
from carbonpeak.data import compiled
from carbonpeak.inputs import assumptions
from carbonpeak.model import base, core, diagnostics, electricity, scoring
from carbonpeak.pages import common, messages
from carbonpeak.pages.tables import percent
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


TWH = messages.ELECTRICITY_SCALE  # one TWh in the language's unit (亿千瓦时 in Chinese)


MTCE_SCALE = {"en": 1, "zh": 100}  # one Mtce in the language's unit (万吨标准煤 in Chinese)
RECORD_DIGITS = {"en": 2, "zh": 1}  # 0.01 TWh = 0.1亿千瓦时


def language_twh(x: float, lang: str) -> float:
    """TWh in the language's unit of electricity (亿千瓦时 in Chinese)."""
    return x * TWH[lang]


def scenario_label(name: str, lang: str) -> str:
    """A scenario's name in the language."""
    return messages.label("scenario", name, lang)


def csv_words(lang: str) -> dict:
    """What a chart's CSV download carries in the language (messages.figure_csv)."""
    return messages.figure_csv(lang)


def all_points() -> pd.DataFrame:
    """Every point figure with its unit, source and grade: the chapter's download."""
    return data.points()[["year", "variable", "value", "unit", "source", "grade"]]


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


def grade_name(grade: str, lang: str) -> str:
    """A grade's name in the language."""
    return messages.label("grade", grade, lang)


def balance_medians(result, lang: str = "en") -> pd.DataFrame:
    """Median supply by source and median demand per year, long (source, year, median), in the language's units."""
    rows = [
        pd.DataFrame(
            {
                "source": M(f"energy.source.{s}", lang),
                "year": result.years,
                "median": language_twh(np.median(v, axis=0), lang),
            }
        )
        for s, v in result.supply.items()
    ]
    return pd.concat(rows, ignore_index=True)


def probability_share(x: float, lang: str) -> str:
    """A share as a whole percentage in the language's style ('62 %', '62%')."""
    return percent(space=lang == "en")(x)


def balance_gap(ens) -> float:
    """The largest |supply - demand| over every scenario, draw and year (TWh): the balance is closed."""
    return max(float(np.max(np.abs(sum(r.supply.values()) - demand_total(r)))) for _, r in ens)


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
        return M("energy.boundary.item.imported", lang, twh=twh, ef=ef, twh_zh=language_twh(twh, "zh"))
    return M(f"energy.boundary.item.{row['key']}", lang)


def parts_labels(lang: str) -> dict[str, str]:
    """The model's parts by their names, labelled in the language (data/parts.yml)."""
    return messages.group("part", lang)


def boundary_frame(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The 2019 table with its account, item and grade in the language (the key kept)."""
    return table.assign(
        account=table["account"].map(lambda a: M(f"energy.boundary.account.{a}", lang)),
        item=[_boundary_item(r, lang) for r in table.to_dict("records")],
        grade=table["grade"].map(lambda g: M("common.grade_code", lang, code=g, label=grade_name(g, lang))),
    )


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


def accounting_quotes() -> list[dict]:
    """What official texts say about counting electricity's CO2 (data/raw/literature, with its sidecar)."""
    path = locations.RAW / "literature" / "provincial_carbon_intensity_accounting.csv"
    df = compiled.read_checked(path, "raw", ["publisher", "year", "quote"])
    keep = df[df["quote"].str.len() > 0].head(3)
    return [{"publisher": r.publisher, "year": int(r.year), "quote": r.quote} for r in keep.itertuples()]


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


def gas_fuel_per_kwh() -> float:
    """Gas burnt per kWh from a gas unit over a kWh's calorific equivalent, at the stated gas factor."""
    fuel = assumptions.get("gas_ef").default / base.t_co2_per_tce("natural_gas")  # tce per MWh
    return fuel / (core.MTCE_PER_TWH)  # MTCE_PER_TWH is also tce per MWh


def t01_target() -> float:
    """T01's target: the % change of energy use per unit of GDP from 2020 to 2025 in the registry."""
    return float(load_targets().set_index("id").at["T01", "target_value"])


def scorecard(ens) -> pd.DataFrame:
    """The energy targets and T01: T01 from the run's baseline (the reference the plan is scored against),
    the targets with figures of their own from their pace (target_trends), the rest 'no projection yet'."""
    baseline = common.model_baseline(ens, T01_END)
    projections = {**trends.projections("energy"), "T01": scoring.energy_intensity_change(baseline, T01_START, T01_END)}
    return board_for(projections, sectors=("energy",), ids=("T01",))


def factor_label(name: str, lang: str) -> str:
    """A Kaya factor's name in the language."""
    return M(f"energy.kaya.factor.{name}", lang)


def kaya_frame(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The Kaya table with its scenarios and factors named in the language and its CO2 in the language's unit."""
    co2 = {c: messages.co2(table[c], lang) for c in ("mean effect (Mt)", "lower", "upper")}
    return table.assign(
        scenario=table["scenario"].map(lambda n: scenario_label(n, lang)),
        factor=table["factor"].map(lambda f: factor_label(f, lang)),
        **co2,
    )
