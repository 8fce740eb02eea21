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

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts, data
from carbonpeak.constants import BASE_YEAR, SHENZHEN, level_name
from carbonpeak.data import point
from carbonpeak.errors import ModelError
from carbonpeak.inputs import assumptions
from carbonpeak.targets import board_for, target

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


def progress_table() -> pd.DataFrame:
    """Observed figures against the sink and greening targets, with their boundary notes."""
    t = {tid: target(tid)["target_value"] for tid in ("C01", "C03", "C04", "C06", "B01")}
    rows = [
        (
            f"C01 forest cover >= {t['C01']:g} % (excl. Shenzhen-Shanwei zone), 2025",
            point("forest_cover", 2018),
            "%",
            "2018",
            "boundary of the figure not stated",
        ),
        (
            f"C03 forest stock >= {t['C03']:g} million m3 (whole city), 2025",
            point("forest_stock", STOCK_YEAR),
            "million m3",
            "about 2012",
            "likely excludes the Shenzhen-Shanwei zone (the target includes it)",
        ),
        (
            f"C06 mangroves planted or restored >= {t['C06']:g} ha, 2021-2025",
            mangroves_planted_or_restored(),
            "ha",
            "about 2022",
            "derived here: 15.48 planted + 103.08 restored",
        ),
        (
            f"B01 built-up green coverage >= {t['B01']:g} % (excl. zone), 2025",
            point("green_coverage_built_up", 2018),
            "%",
            "2018",
            "boundary of the figure not stated",
        ),
        # the park count is not in the points table; the registry holds it with its source row
        (
            f"C04 about {t['C04']:g} parks, 2025",
            float(target("C04")["observed_value"]),
            "parks",
            "2023",
            "LOW reliability: unattributed article",
        ),
    ]
    return pd.DataFrame(rows, columns=["target", "observed", "unit", "when", "note"])


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


def _with_target_line(fan, value: float):
    """A fan chart with the target as a dashed red line (the layer keeps the fan's title)."""
    rule = (
        alt.Chart(pd.DataFrame({"target": [value]})).mark_rule(color="#c00000", strokeDash=[2, 2]).encode(y="target:Q")
    )
    return alt.layer(fan, rule).properties(title=fan.title)


def cover_figure(horizon_end: int, levels):
    """Fan chart of forest cover: the three points, the OLS trend with its intervals and the 2025 target."""
    hist = forest_cover()
    proj = cover_trend(range(COVER_POINTS[0], horizon_end + 1), levels)
    fan = charts.fan_chart(
        hist,
        proj,
        levels,
        title_text="Forest cover: three points, an OLS line and the 2025 target",
        units="% of land area",
        y_title="%",
        label="OLS trend",
    )
    goal = float(target("C01")["target_value"])
    c25 = proj[proj["year"] == 2025].iloc[0]
    return charts.Figure(
        _with_target_line(fan, goal),
        alt_text=(
            f"Forest cover {hist['value'].iloc[0]:g} % (about 2012), {hist['value'].iloc[1]:g} % "
            f"(2017) and {hist['value'].iloc[2]:g} % (2018); the OLS line reaches {c25['mean']:.1f} % "
            f"in 2025 against the {goal:g} % target (dashed red)."
        ),
        source=charts.source_note(
            ["official_points", "plan"],
            ["official_point", "derived"],
            "Trend: OLS (statsmodels) on three points, prediction intervals with one degree of freedom.",
        ),
        data=pd.concat([hist.assign(kind="record"), proj.assign(kind="trend")]),
        filename="forest_cover",
    )


def sink_figure(summary: pd.DataFrame, year: int, level: float):
    """Bars of each sink's median uptake in ``year`` with its ``level`` interval."""
    tag = level_name(level)
    row = summary[summary["year"] == year]
    base = alt.Chart(row).encode(y=alt.Y("part:N", title=None, sort=None))
    chart = alt.layer(
        base.mark_bar(color="#548235", opacity=0.7).encode(
            x=alt.X("mean:Q", title="Mt CO2 per year"), tooltip=["part:N", alt.Tooltip("mean:Q", format=".3f")]
        ),
        base.mark_rule(color="#222").encode(x=f"lower_{tag}:Q", x2=f"upper_{tag}:Q"),
    ).properties(
        title=charts.title(
            f"Annual CO2 taken up by Shenzhen's forests and mangroves, {year}",
            f"Mt CO2 per year (median, {level:.0%} interval)",
        ),
        width=charts.WIDTH,
        height=140,
    )
    alt_text = (
        f"Estimated uptake in {year}: "
        + "; ".join(
            f"{r.part} {r.mean:.3f} Mt (from {getattr(r, 'lower_' + tag):.3f} to {getattr(r, 'upper_' + tag):.3f})"
            for r in row.itertuples()
        )
        + "."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["official_points"],
            ["official_point", "derived", "proxy", "assumption"],
            "Factors: data/assumptions.yml (IPCC 2006 Vol. 4 Ch. 4, Lyu et al. 2023, Li et al. 2018, "
            "mangrove literature); drawn over their ranges (seeded).",
        ),
        data=row,
        filename=f"sinks_{year}",
    )


def stock_figure(centres: dict, n: int, seed: int, horizon_end: int, levels):
    """Fan chart of the forest stock grown at the drawn net rate, against the whole-city target."""
    years = np.arange(STOCK_YEAR, horizon_end + 1)
    p = sink_paths(draws(centres, n, seed), years)
    proj = summarise(p["stock"], years, levels)
    hist = pd.DataFrame({"year": [STOCK_YEAR], "value": [point("forest_stock", STOCK_YEAR)]})
    fan = charts.fan_chart(
        hist,
        proj,
        levels,
        title_text="Forest growing stock at the provincial net growth rate",
        units="million m3",
        y_title="million m3",
        label="stock grown at the drawn rate",
    )
    goal = float(target("C03")["target_value"])
    s25 = proj[proj["year"] == 2025].iloc[0]
    return charts.Figure(
        _with_target_line(fan, goal),
        alt_text=(
            f"Forest stock {hist['value'].iloc[0]:g} million m3 about 2012, grown at the drawn net rate to "
            f"a median {s25['mean']:.2f} million m3 in 2025, against the whole-city target of {goal:g} "
            "(dashed red), whose boundary includes the Shenzhen-Shanwei zone."
        ),
        source=charts.source_note(
            ["official_points", "plan"],
            ["official_point", "proxy"],
            "Net growth: Guangdong's inventory rates (Li et al. 2018), a provincial proxy.",
        ),
        data=proj,
        filename="forest_stock",
    )
