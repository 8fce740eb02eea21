"""What the named assumptions leave out: the uncertainty a model of the city cannot remove by better
assumptions, drawn per draw and year from its own seeded streams.

- The base level: Shenzhen's territorial CO2 in the base year is not one inventory value but the filtered
  level of the records (``analysis.level``), drawn with its covariance (level, slope, each record's
  deviation) so a draw's level and its record's deviation agree with the 2019 record.
- Structural discrepancy: the model's own trend error, a random walk on the growth of log CO2 (and of log
  electricity demand): g(t) = g(t-1) + s z(t), d(t) = d(t-1) + g(t), zero in the year it starts, so it bends
  paths smoothly away from the model's, never with a kink at the start. The scales ``s`` are calibrated on
  hindcasts from several origins (``model.hindcast``; data/assumptions.yml says how).
- The record's deviation: what a future CEADs-like inventory would record strays from the path as the
  panel's records do (AR(1), ``analysis.deviation``), starting from the base year's filtered deviation. Peaks
  are judged on record-like values, as CEADs' record is (``model.outcomes``).

Every term is 0 (the base level at its filtered value) in the central run: the stated values.
"""

from __future__ import annotations

import numpy as np

from carbonpeak.inputs.assumptions import stream

# names of the terms in a draw's value dict (``v``); none is an assumption, each has its own stream
LEVEL = "_level_state"  # draws x states: the filtered base-year state (analysis.level.STATES)
TERRITORIAL_Z = "_territorial_z"  # draws x years: shocks of the territorial discrepancy's growth
DEMAND_Z = "_demand_z"  # draws x years: shocks of the demand discrepancy's growth
RECORD_Z = "_record_z"  # draws x years: shocks of the record's deviation
TERMS = (LEVEL, TERRITORIAL_Z, DEMAND_Z, RECORD_Z)
# the assumptions that scale the discrepancies (data/assumptions.yml, calibrated on hindcasts)
TERRITORIAL_SCALE = "territorial_discrepancy_sd"
DEMAND_SCALE = "demand_discrepancy_sd"


def random_walk_growth(z: np.ndarray, scale, start: int) -> np.ndarray:
    """d(t) from shocks ``z`` (draws x years): 0 up to column ``start``, then the double cumulative sum of
    scale x z (growth as a random walk from 0); ``scale`` is a number or one per draw."""
    scale = np.asarray(scale, dtype=float).reshape(-1, 1)
    z = np.asarray(z, dtype=float) * np.ones_like(scale)
    out = np.zeros_like(z)
    if start + 1 < z.shape[1]:
        growth = np.cumsum(scale * z[:, start + 1 :], axis=1)
        out[:, start + 1 :] = np.cumsum(growth, axis=1)
    return out


def draw(n: int, seed: int, years, level) -> dict[str, np.ndarray]:
    """The terms for ``n`` draws over ``years``: the level state drawn from ``level`` (analysis.level.Level)
    and standard normal shocks for the rest, each from its own stream."""
    shape = (n, len(np.asarray(years)))
    return {
        LEVEL: level.draws(stream(seed, LEVEL).standard_normal((n, len(level.mean)))),
        TERRITORIAL_Z: stream(seed, TERRITORIAL_Z).standard_normal(shape),
        DEMAND_Z: stream(seed, DEMAND_Z).standard_normal(shape),
        RECORD_Z: stream(seed, RECORD_Z).standard_normal(shape),
    }


def central(years, level) -> dict[str, np.ndarray]:
    """The terms of the central run: the filtered level, no shock."""
    shape = (1, len(np.asarray(years)))
    return {
        LEVEL: np.asarray(level.mean, dtype=float).reshape(1, -1),
        TERRITORIAL_Z: np.zeros(shape),
        DEMAND_Z: np.zeros(shape),
        RECORD_Z: np.zeros(shape),
    }
