"""Years and milestone paths: values given at a few milestone years, interpolated between them.

A path is an array of draws x years. Between the last observed year and the first milestone, and between
milestones, values are interpolated linearly; after the last milestone the last value is held; observed
years keep their observed values. This is how LEAP-style city studies state drivers and levers
("GDP growth 5.5 % to 2025, 4.5 % by 2030, 3.5 % by 2035").
"""

from __future__ import annotations

import numpy as np

from carbonpeak.errors import ModelError

MILESTONES = (2025, 2030, 2035)  # default milestone years of path assumptions


def milestone_path(milestones, values, years, observed: dict[int, float] | None = None) -> np.ndarray:
    """Draws x years of a quantity given at milestone years.

    ``values`` is draws x milestones (or one row, or a scalar for a flat path). ``observed`` maps years to
    values known for every draw; they become knots themselves, and milestones at or before the last
    observed year are dropped. Between knots the path is linear; before the first knot and after the last
    it is held."""
    years = np.asarray(years, dtype=float)
    milestones = np.atleast_1d(np.asarray(milestones, dtype=float))
    values = np.asarray(values, dtype=float)
    if values.ndim == 0:
        values = np.full((1, len(milestones)), float(values))
    elif values.ndim == 1:
        values = values.reshape(1, -1)
    if values.shape[1] != len(milestones):
        raise ModelError(f"{values.shape[1]} values for {len(milestones)} milestone years")
    if len(milestones) > 1 and np.any(np.diff(milestones) <= 0):
        raise ModelError(f"milestone years must increase, got {milestones.tolist()}")
    observed = {float(k): float(v) for k, v in sorted((observed or {}).items())}
    if observed:
        keep = milestones > max(observed)
        knots_t = np.concatenate([list(observed), milestones[keep]])
        knots_v = np.hstack(
            [np.broadcast_to(list(observed.values()), (values.shape[0], len(observed))), values[:, keep]]
        )
    else:
        knots_t, knots_v = milestones, values
    k = np.clip(np.searchsorted(knots_t, years, side="right") - 1, 0, len(knots_t) - 1)
    k1 = np.minimum(k + 1, len(knots_t) - 1)
    span = knots_t[k1] - knots_t[k]
    w = np.where(span > 0, (years - knots_t[k]) / np.where(span > 0, span, 1.0), 0.0)
    w = np.clip(w, 0.0, 1.0)
    w = np.where(years < knots_t[0], 0.0, w)
    return knots_v[:, k] * (1 - w) + knots_v[:, k1] * w


def index_from_rates(rates: np.ndarray, years, base_year: int) -> np.ndarray:
    """An index equal to 1 in ``base_year`` that grows by ``rates`` (draws x years, the rate of year t
    applies from t-1 to t). Years before the base year are divided back through the same rates."""
    years = np.asarray(years)
    rates = np.asarray(rates, dtype=float)
    if base_year not in years:
        raise ModelError(f"base year {base_year} is not among the model years")
    log_steps = np.log1p(rates)
    cum = np.cumsum(log_steps, axis=1)
    b = int(np.nonzero(years == base_year)[0][0])
    return np.exp(cum - cum[:, [b]])


def assumption_path(v: dict, name: str, years, milestones, observed=None) -> np.ndarray:
    """The yearly path of assumption ``name`` (draws x years) from its drawn milestone values (``v``); the
    observed years, where given, come first."""
    value = np.asarray(v[name], dtype=float)
    return milestone_path(
        milestones.get(name, MILESTONES), value if value.ndim > 1 else value.reshape(-1, 1), years, observed
    )


def assumption_index(v: dict, name: str, years, base_year: int, milestones) -> np.ndarray:
    """1 in the base year, changing by the yearly rate path of ``name`` afterwards."""
    return index_from_rates(assumption_path(v, name, years, milestones), years, base_year)


def column(x) -> np.ndarray:
    """Draws as a column (draws x 1), to broadcast over years."""
    return np.asarray(x, dtype=float).reshape(-1, 1)
