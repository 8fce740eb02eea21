"""The explorer's grid: the Monte Carlo of the city model at every combination of a few levers' positions.

Each lever moves named assumptions of data/assumptions.yml by a factor: a slider position is either the
factor itself (x the stated pace) or a value at a reference milestone, which scales every milestone (and
every draw) by the same factor, so a path keeps its shape and a draw its place in the range. The stated
value is always a position, and every setting uses the same draws (common random numbers): the setting
with every slider at its stated value is the baseline's Monte Carlo with the same draws and seed, number
for number (a test checks it against the synthesis' run).

Per setting: the median and central 80 % of both boundaries' paths, and P(peak by 2025 / 2030) on both
boundaries (N-years rule, judged as the synthesis judges: on record-like values, the territorial one with
CEADs' 2018 value kept or treated as an outlier). The settings are run in batches of BATCH, each batch one
vectorised call of the model and one task of ``parallel.map_keyed`` (on a dask cluster when one is set,
else in this process; the batches and the draws are the same either way); the vehicle fleet, which only the
NEV lever changes, is computed once per NEV position.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from carbonpeak import cache, parallel
from carbonpeak.constants import MILESTONES, SEED
from carbonpeak.inputs import scenarios
from carbonpeak.model import core, outcomes, runs, uncertainty, vehicles

QUANTILES = (0.1, 0.5, 0.9)
BOUNDARIES = ("territorial", "with_imports")  # the explorer draws the territorial path and the first reading
PEAK_YEARS = MILESTONES
JUDGED = (  # label, boundary, CEADs' 2018 value
    ("territorial", "territorial", "keep"),
    ("territorial_outlier", "territorial", "outlier"),
    ("with_imports", "with_imports", "keep"),
)
BATCH = 40  # settings per vectorised call (40 x 1000 draws keeps a call's arrays near 100 MB)


@dataclass(frozen=True)
class Lever:
    """A slider: the assumptions it moves, its positions in its own unit, and how a position scales them."""

    key: str  # short name (a JavaScript identifier in the page)
    label: str  # the slider's label, with its unit
    names: tuple  # assumptions it moves
    values: tuple  # slider positions, in the slider's unit (evenly spaced; the stated value among them)
    per_unit: float = 1.0  # slider unit -> the assumption's unit (e.g. 0.01 for % -> fraction)
    milestone: int | None = None  # for a path: the milestone whose value the slider shows
    is_factor: bool = False  # the slider is the factor itself (x the stated values)

    @property
    def step(self) -> float:
        return round(self.values[1] - self.values[0], 10)

    def stated(self, settings: dict) -> float:
        """The slider position of the stated values."""
        if self.is_factor:
            return 1.0
        s = settings[self.names[0]]
        value = s.default[s.milestones.index(self.milestone)] if s.is_path else s.default
        return round(value / self.per_unit, 10)

    def factor(self, settings: dict, position) -> np.ndarray:
        """How much a position scales the stated values (and every draw)."""
        if self.is_factor:
            return np.asarray(position, dtype=float)
        return np.asarray(position, dtype=float) / self.stated(settings)


NEV = "nev"
LEVERS = (
    Lever("gdp", "GDP growth in 2030, % a year", ("gdp_growth",), (3.5, 4.5, 5.5), 0.01, 2030),
    Lever(
        "eff",
        "intensity decline, industry and services, × the stated pace",
        (
            "industry_fuel_intensity_change",
            "industry_electricity_intensity_change",
            "services_electricity_intensity_change",
        ),
        (0.5, 1.0, 1.5),
        is_factor=True,
    ),
    Lever(
        "ief",
        "import emission factor's decline after 2024, × the estimated trend",
        ("import_ef_change",),
        (0.0, 1.0, 2.0),
        is_factor=True,
    ),
    Lever(NEV, "NEV share of new vehicles, ceiling, %", ("nev_sales_share_max",), (90.0, 95.0, 100.0), 0.01),
    Lever("gas", "new gas capacity from 2026, GW", ("gas_capacity_added_gw",), (2.67, 4.335, 6.0), 1.0, 2026),
    Lever("hrs", "gas running hours, × those of 2019", ("gas_hours_change",), (0.5, 0.75, 1.0), 1.0, 2030),
)


def positions() -> pd.DataFrame:
    """Every combination of slider positions, the first lever varying slowest; ``k`` is the row number."""
    combos = list(itertools.product(*(lever.values for lever in LEVERS)))
    df = pd.DataFrame(combos, columns=[lever.key for lever in LEVERS])
    df.insert(0, "k", np.arange(len(df)))
    return df


def strides() -> dict[str, int]:
    """Row-number stride of each lever in ``positions`` (the page computes a setting's row from them)."""
    out, stride = {}, 1
    for lever in reversed(LEVERS):
        out[lever.key] = stride
        stride *= len(lever.values)
    return out


@cache.storable
@dataclass
class Grid:
    """The Monte Carlo at every setting: positions, path bands and peak probabilities, and the stated setting."""

    positions: pd.DataFrame  # k and one column per lever
    years: np.ndarray
    bands: dict  # boundary -> settings x quantiles x years (Mt)
    probability: dict  # JUDGED label -> settings x PEAK_YEARS
    default_key: int
    draws: int
    seed: int
    rule_years: int
    horizon_end: int


def _scaled(v: dict, settings: dict, rows: pd.DataFrame, draws: int) -> dict:
    """The batch's inputs: every draw repeated for each setting of ``rows``, the levers' assumptions scaled."""
    m = len(rows)
    out = {name: np.concatenate([x] * m, axis=0) for name, x in v.items()}
    for lever in LEVERS:
        f = np.repeat(lever.factor(settings, rows[lever.key].to_numpy()), draws)
        for name in lever.names:
            out[name] = out[name] * (f[:, None] if out[name].ndim > 1 else f)
    return out


def compute(
    scenario: str = "baseline",
    draws: int = 1000,
    seed: int = SEED,
    horizon_end: int = 2035,
    rule_years: int = 5,
    rule_start: int = 2005,
) -> Grid:
    """The Monte Carlo of ``scenario`` at every lever setting (see the module docstring), computed once per
    parameter set, code and data (``carbonpeak.cache``): both editions of the explorer read the same grid."""
    scen = scenarios.load(scenario)
    parameters = {
        "scenario": runs.scenario_key(scen),
        "draws": draws,
        "seed": seed,
        "horizon_end": horizon_end,
        "rule_years": rule_years,
        "rule_start": rule_start,
    }
    return cache.cached("grid", parameters, lambda: _compute(scen, draws, seed, horizon_end, rule_years, rule_start))


def _compute(scen, draws: int, seed: int, horizon_end: int, rule_years: int, rule_start: int) -> Grid:
    """What ``compute`` computes when the cache has no copy."""
    settings = scen.settings()
    base_year, obs = runs.calibration()
    ms = runs.milestones()
    years = np.arange(base_year.year, horizon_end + 1)
    v = {**scen.inputs().draw(draws, seed), **uncertainty.draw(draws, seed, years, base_year.level)}
    nev = next(lever for lever in LEVERS if lever.key == NEV)
    fleets = {}
    for position in nev.values:
        shown = dict(v, nev_sales_share_max=v["nev_sales_share_max"] * nev.factor(settings, position))
        fleets[position] = core.road_fleet(shown, years, obs, ms)
    pos = positions()
    batches = {start: pos.iloc[start : start + BATCH] for start in range(0, len(pos), BATCH)}
    done = parallel.map_keyed(
        _batch,
        batches,
        v=v,
        draws=draws,
        settings=settings,
        fleets=fleets,
        model=(base_year, obs, horizon_end, ms),
        rule=(rule_years, rule_start),
    )
    bands = {b: np.concatenate([done[k][0][b] for k in batches]) for b in BOUNDARIES}
    prob = {label: np.concatenate([done[k][1][label] for k in batches]) for label, _, _ in JUDGED}
    stated = {lever.key: lever.stated(settings) for lever in LEVERS}
    match = np.all([np.isclose(pos[k], x) for k, x in stated.items()], axis=0)
    return Grid(pos, years, bands, prob, int(pos["k"][match].iloc[0]), draws, seed, rule_years, horizon_end)


def _batch(
    rows: pd.DataFrame, *, v: dict, draws: int, settings: dict, fleets: dict, model: tuple, rule: tuple
) -> tuple:
    """One batch of settings in one vectorised call of the model: (path bands, peak probabilities), each keyed
    as ``Grid``'s and with one row per setting of ``rows``."""
    base_year, obs, horizon_end, ms = model
    rule_years, rule_start = rule
    m = len(rows)
    fleet = _stacked([fleets[p] for p in rows[NEV]])
    result = core.simulate(_scaled(v, settings, rows, draws), base_year, obs, horizon_end, ms, fleet=fleet)
    bands = {}
    for b in BOUNDARIES:
        paths = result.total(b).reshape(m, draws, len(result.years))
        bands[b] = np.moveaxis(np.quantile(paths, QUANTILES, axis=1), 0, 1)
    prob = {}
    for label, boundary, record_2018 in JUDGED:
        st = outcomes.apply_rule(result, boundary, "n_years", rule_years, rule_start, record_2018)
        peaked = (st["peaked"][:, None] & (st["year"][:, None] <= np.array(PEAK_YEARS))).reshape(m, draws, -1)
        prob[label] = peaked.mean(axis=1)
    return bands, prob


def _stacked(fleets: list) -> vehicles.Fleet:
    """One fleet whose draws are the given fleets' draws one after another."""
    first = fleets[0]
    fields = ("total", "nev", "ice", "sales", "nev_share_of_sales")
    return vehicles.Fleet(first.years, *(np.concatenate([getattr(f, k) for f in fleets], axis=0) for k in fields))
