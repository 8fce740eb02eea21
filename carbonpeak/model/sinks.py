"""The carbon-sinks chapter: forest cover, forest stock, mangroves, and how much CO2 they take up.

Two independent estimates of the forest sink, both in t CO2 per year:

- per hectare: forest area x net removal per hectare of forest land (a published figure for Shenzhen);
- stock change: growing stock x net growth rate x biomass expansion factor x basic wood density
  x (1 + root-to-shoot ratio) x carbon fraction x 44/12.

Mangroves add area x sequestration per hectare x 44/12. Every factor is a named assumption
(data/assumptions.yml). Forest area follows the forest-cover trend (OLS on three points). Sinks are not in
CEADs' inventory, which counts fossil fuel and cement only; they are set beside emissions, never netted off
the peak test.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from carbonpeak import data
from carbonpeak.constants import BASE_YEAR, SHENZHEN, level_name
from carbonpeak.data import point
from carbonpeak.errors import ModelError
from carbonpeak.inputs import assumptions
from carbonpeak.targets import board_for

C_TO_CO2 = 44 / 12
STOCK_YEAR = 2012  # the one forest stock and area figure (about 2012)
COVER_POINTS = (2012, 2017, 2018)
FOREST_DRAWN = (
    "forest_sink_per_ha",
    "forest_net_growth",
    "biomass_expansion_factor",
    "wood_density",
    "root_shoot_ratio",
    "carbon_fraction",
)
DRAWN = (*FOREST_DRAWN, "mangrove_sequestration")
SCORED = ("C01", "C06")


def city_emissions(year: int = BASE_YEAR) -> float:
    """Shenzhen's territorial CO2 in ``year`` as CEADs counts it (Mt), to set the sink beside."""
    return float(data.series("city_co2", SHENZHEN, "co2")[year])


def summarise(paths: np.ndarray, years, levels=(0.8, 0.95)) -> pd.DataFrame:
    """Median (column 'mean', as charts.fan_chart reads it) and central intervals of the draws per year."""
    out = {"year": np.asarray(years, dtype=int), "mean": np.median(paths, axis=0)}
    for level in levels:
        lo, hi = np.quantile(paths, [(1 - level) / 2, (1 + level) / 2], axis=0)
        out[f"lower_{level_name(level)}"] = lo
        out[f"upper_{level_name(level)}"] = hi
    return pd.DataFrame(out)


def forest_cover() -> pd.DataFrame:
    """The three forest-cover figures (% of land area) the trend is fitted to."""
    return pd.DataFrame({"year": list(COVER_POINTS), "value": [point("forest_cover", y) for y in COVER_POINTS]})


@lru_cache(maxsize=1)
def _cover_fit():
    import statsmodels.api as sm

    df = forest_cover()
    return sm.OLS(df["value"].to_numpy(), sm.add_constant(df["year"].to_numpy(dtype=float))).fit()


def cover_trend(years, levels) -> pd.DataFrame:
    """Forest cover (%) on the OLS line through the three points, with prediction intervals (1 degree of
    freedom, so they are wide)."""
    years = np.asarray(years, dtype=float)
    fit = _cover_fit()
    pred = fit.get_prediction(np.column_stack([np.ones_like(years), years]))
    out = pd.DataFrame({"year": years.astype(int), "mean": pred.predicted_mean})
    for level in levels:
        frame = pred.summary_frame(alpha=1 - level)
        out[f"lower_{level_name(level)}"] = frame["obs_ci_lower"].to_numpy()
        out[f"upper_{level_name(level)}"] = frame["obs_ci_upper"].to_numpy()
    return out


def cover_slope() -> float:
    """Percentage points of forest cover per year on the fitted line."""
    return float(_cover_fit().params[1])


def forest_area_path(years) -> np.ndarray:
    """Forest area (ha): the 2012 area scaled by the fitted cover relative to its 2012 value."""
    area = point("forest_area", STOCK_YEAR) * 1000
    fitted = cover_trend(years, (0.8,))["mean"].to_numpy()
    return area * fitted / cover_trend([STOCK_YEAR], (0.8,))["mean"].iloc[0]


def stock_factor(d: dict) -> np.ndarray | float:
    """t CO2 per m3 of stem volume added: BEF x wood density x (1 + R) x CF x 44/12."""
    return (
        d["biomass_expansion_factor"]
        * d["wood_density"]
        * (1 + d["root_shoot_ratio"])
        * d["carbon_fraction"]
        * C_TO_CO2
    )


def forest_stock_path(years, net_growth) -> np.ndarray:
    """Growing stock (m3), draws x years: the about-2012 stock grown at the net rate."""
    steps = np.asarray(years, dtype=float) - STOCK_YEAR
    stock = point("forest_stock", STOCK_YEAR) * 1e6
    return stock * (1 + np.asarray(net_growth, dtype=float).reshape(-1, 1)) ** steps.reshape(1, -1)


def sink_paths(d: dict, years) -> dict[str, np.ndarray]:
    """Sinks in Mt CO2 per year (draws x years) for each method, and mangroves."""
    for name in DRAWN:
        if name not in d:
            raise ModelError(f"sink_paths needs a draw of '{name}'")
    col = {k: np.asarray(v, dtype=float).reshape(-1, 1) for k, v in d.items()}
    area = forest_area_path(years).reshape(1, -1)
    per_ha = col["forest_sink_per_ha"] * area / 1e6
    stock = forest_stock_path(years, d["forest_net_growth"])
    stock_change = stock * col["forest_net_growth"] * stock_factor(col) / 1e6
    mangrove_ha = point("mangrove_area", 2022)
    mangrove = np.broadcast_to(col["mangrove_sequestration"] * mangrove_ha * C_TO_CO2 / 1e6, per_ha.shape)
    return {"forest_per_ha": per_ha, "forest_stock_change": stock_change, "mangroves": mangrove, "stock": stock / 1e6}


def draws(centres: dict, n: int, seed: int) -> dict[str, np.ndarray]:
    """``n`` seeded triangular draws of every sink factor (DRAWN), peaked at ``centres`` where given."""
    return assumptions.draw(DRAWN, n, seed, centres)


def sink_summary(centres: dict, n: int, seed: int, years, levels) -> pd.DataFrame:
    """Median and central intervals per year of each sink (forests by both methods, mangroves) in Mt CO2,
    in one long table."""
    p = sink_paths(draws(centres, n, seed), years)
    labels = {
        "forest_per_ha": "forests, per-hectare method",
        "forest_stock_change": "forests, stock-change method",
        "mangroves": "mangroves",
    }
    return pd.concat(
        [summarise(p[k], years, levels).assign(part=label) for k, label in labels.items()], ignore_index=True
    )


def point_estimate(centres: dict, year: int) -> dict[str, float]:
    """Each estimate at the assumptions' centres, one year (Mt CO2)."""
    d = {name: np.array([float(centres.get(name, assumptions.get(name).default))]) for name in DRAWN}
    p = sink_paths(d, [year])
    return {k: float(p[k][0, 0]) for k in ("forest_per_ha", "forest_stock_change", "mangroves")}


def mangroves_planted_or_restored() -> float:
    """Hectares planted plus restored in the 14th Five-Year Plan so far (derived from two official points)."""
    return point("mangrove_planted_14fyp", 2022) + point("mangrove_restored_14fyp", 2022)


def target_projections(levels=(0.8,)) -> dict:
    """C01 from the cover trend in 2025; C06 already met on the observed figure (a point)."""
    c01 = cover_trend([2025], levels).iloc[0]
    done = mangroves_planted_or_restored()
    return {"C01": c01, "C06": {"mean": done, "lower_80": done, "upper_80": done}}


def scores() -> dict:
    """The C01 and C06 projections the status board scores (``target_projections`` at its default level)."""
    return target_projections()


def scorecard_table(projections: dict, board_kwargs: dict | None = None) -> pd.DataFrame:
    """The status board rows of the carbon-sinks targets, scored from ``projections``."""
    return board_for(projections, sectors=("carbon_sinks",), **(board_kwargs or {}))


# Figures ----------------------------------------------------------------------------------------------
