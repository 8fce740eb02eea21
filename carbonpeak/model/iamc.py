"""Every scenario's results in the IAMC format (model, scenario, region, variable, unit, one column per year),
built with pyam, for analysts who compare scenarios across models (``carbonpeak export`` writes them as CSV
and XLSX; the answer page offers the CSV).

Variables (units Mt CO2/yr and TWh/yr), each with its statistic over the draws as the last part of its name
-- ``|Mean``, ``|Median``, ``|10th Percentile``, ``|90th Percentile`` -- as in the IPCC AR6 scenario
database's percentile variables (so the scenario column keeps the scenario's own name):

- ``Emissions|CO2``: territorial (scope 1, as CEADs), as the IAMC convention has it, with its parts
  ``Emissions|CO2|<part>``;
- ``Indirect Emissions|CO2|Imported Electricity``: the CO2 of carbon-bearing imported power, outside the
  territory;
- ``Emissions incl. Imported Electricity|CO2``: the wider boundary, the two above together;
- ``Indirect Emissions|CO2|Grid Purchases`` and ``Emissions incl. Grid Purchases|CO2``: the wider boundary's
  other reading, every purchase from the grid at Guangdong's average factor;
- ``Electricity|Demand`` and its uses ``Electricity|Demand|<use>``; ``Electricity|Supply`` and its sources
  ``Electricity|Supply|<source>`` (local generation by technology, bought nuclear power, imports).

Quantiles are taken draw by draw for each variable, so medians of parts need not add up to the median of
their total; means do, and every aggregate is checked on them with pyam's ``check_aggregate`` before the
files are written. The meta table (the XLSX's ``meta`` sheet) gives each scenario's draws, seed and
P(peak by 2025 / 2030) per boundary and rule.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import warnings

import numpy as np
import pandas as pd

from carbonpeak import cache
from carbonpeak.constants import MILESTONES
from carbonpeak.errors import ModelError
from carbonpeak.inputs import parts

REGION = "Shenzhen"
STATISTICS = {"Mean": None, "Median": 0.5, "10th Percentile": 0.1, "90th Percentile": 0.9}
TERRITORIAL = "Emissions|CO2"
IMPORTED = "Indirect Emissions|CO2|Imported Electricity"
WIDER = "Emissions incl. Imported Electricity|CO2"
PURCHASED = "Indirect Emissions|CO2|Grid Purchases"
WIDER_AVERAGE = "Emissions incl. Grid Purchases|CO2"
DIGITS = 2  # 0.01 Mt (10 kt) and 0.01 TWh: finer than any input supports
CO2, TWH = "Mt CO2/yr", "TWh/yr"
PARTS = {name: part.iamc for name, part in parts.parts().items() if part.boundary == "territorial"}
USES = {name: use.iamc for name, use in parts.uses().items()}
SOURCES = {name: source.iamc for name, source in parts.sources().items()}
FILENAME = "carbonpeak_iamc"


def model_name() -> str:
    """The model name the IAMC files carry: the city model with the installed carbonpeak version."""
    return f"carbonpeak city model {importlib.metadata.version('carbonpeak')}"


def variables(result) -> dict[str, tuple[np.ndarray, str]]:
    """IAMC variable (without its statistic) -> (draws x years, unit) for one scenario's result."""
    out = {TERRITORIAL: (result.territorial, CO2)}
    out.update({f"{TERRITORIAL}|{name}": (result.parts[part], CO2) for part, name in PARTS.items()})
    out[IMPORTED] = (result.imported, CO2)
    out[WIDER] = (result.with_imports, CO2)
    out[PURCHASED] = (result.purchased, CO2)
    out[WIDER_AVERAGE] = (result.with_purchases, CO2)
    out["Electricity|Demand"] = (sum(result.demand.values()), TWH)
    out.update({f"Electricity|Demand|{name}": (result.demand[use], TWH) for use, name in USES.items()})
    out["Electricity|Supply"] = (sum(result.supply.values()), TWH)
    out.update({f"Electricity|Supply|{name}": (result.supply[src], TWH) for src, name in SOURCES.items()})
    return out


AGGREGATES = {  # total -> its components (without the statistic); the means of the components add up
    TERRITORIAL: [f"{TERRITORIAL}|{name}" for name in PARTS.values()],
    WIDER: [TERRITORIAL, IMPORTED],
    WIDER_AVERAGE: [TERRITORIAL, PURCHASED],
    "Electricity|Demand": [f"Electricity|Demand|{name}" for name in USES.values()],
    "Electricity|Supply": [f"Electricity|Supply|{name}" for name in SOURCES.values()],
}


def statistic(values: np.ndarray, q) -> np.ndarray:
    """The mean over the draws (q None) or a quantile, per year."""
    return (
        values.mean(axis=0) if q is None else np.median(values, axis=0) if q == 0.5 else np.quantile(values, q, axis=0)
    )


def long_table(ensemble) -> pd.DataFrame:
    """model, scenario, region, variable, unit, year, value for every scenario, variable and statistic."""
    model = model_name()
    rows = []
    for scenario, result in ensemble:
        years = result.years.astype(int)
        for variable, (values, unit) in variables(result).items():
            for stat, q in STATISTICS.items():
                rows.append(
                    pd.DataFrame(
                        {
                            "model": model,
                            "scenario": scenario,
                            "region": REGION,
                            "variable": f"{variable}|{stat}",
                            "unit": unit,
                            "year": years,
                            "value": np.round(statistic(values, q), DIGITS),
                        }
                    )
                )
    return pd.concat(rows, ignore_index=True)


def aggregate_gaps(df):
    """Rows where a total's mean differs from the sum of its components' means by more than the rounding
    (pyam's ``check_aggregate``; None when every aggregate holds)."""
    gaps = []
    n = max(len(c) for c in AGGREGATES.values())
    tolerance = n * 10.0**-DIGITS  # each component is rounded to DIGITS decimals
    for total, components in AGGREGATES.items():
        means = [f"{p}|Mean" for p in components]
        found = df.check_aggregate(f"{total}|Mean", components=means, atol=tolerance, rtol=0)
        if found is not None and len(found):
            gaps.append(found)
    return pd.concat(gaps) if gaps else None


def meta_table(ensemble, peak_table: pd.DataFrame) -> pd.DataFrame:
    """Per scenario: draws, seed and P(peak by 2025 / 2030) for each boundary and rule."""
    model = model_name()
    rows = []
    for scenario, _ in ensemble:
        row = {"model": model, "scenario": scenario, "draws": ensemble.draws, "seed": ensemble.seed}
        for r in peak_table[peak_table["scenario"] == scenario].to_dict("records"):
            for year in MILESTONES:
                row[f"P(peak <= {year}) {r['boundary']} {r['rule']}"] = round(float(r[f"P(peak <= {year})"]), 4)
        rows.append(row)
    return pd.DataFrame(rows)


def _pyam():
    with warnings.catch_warnings():  # ixmp4 (a pyam dependency) warns at import about things this book never uses
        warnings.simplefilter("ignore")
        import pyam
    return pyam


def frame(ensemble, peak_table: pd.DataFrame | None = None):
    """The results as a pyam.IamDataFrame (with the meta table when ``peak_table`` is given)."""
    pyam = _pyam()
    df = pyam.IamDataFrame(long_table(ensemble))
    gaps = aggregate_gaps(df)
    if gaps is not None:
        raise ModelError(f"the export's aggregates do not add up: {gaps.reset_index().iloc[0].to_dict()}")
    if peak_table is not None:
        df.set_meta(meta_table(ensemble, peak_table).set_index(["model", "scenario"]))
    return df


def csv_text(df) -> str:
    """The IAMC CSV exactly as ``write`` saves it (pyam's wide layout, '\\n' line ends)."""
    return df.to_csv(lineterminator="\n")


def export_text(ensemble, peak_table: pd.DataFrame) -> tuple[str, int]:
    """The IAMC CSV of ``frame(ensemble, peak_table)`` and its number of time series, kept in the run cache
    under a digest of what goes into it, so a page re-rendered from the same run does not import pyam again."""
    content = (long_table(ensemble).to_csv() + meta_table(ensemble, peak_table).to_csv()).encode("utf-8")

    def compute() -> dict:
        df = frame(ensemble, peak_table)
        return {"text": csv_text(df), "rows": len(df.timeseries())}

    out = cache.cached("iamc", {"content": hashlib.sha256(content).hexdigest()}, compute)
    return out["text"], int(out["rows"])
