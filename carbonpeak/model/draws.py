"""The model's uncertain inputs: named assumptions, drawn so that the stated default is the median.

Distribution. Each assumption has a default, a low and a high (data/assumptions.yml; a scenario file may
restate them). Draws follow a split triangular distribution: half of the probability lies below the
default, half above, each half a triangle that falls to zero at low or high. So the median of the draws is
the stated default whatever the shape of the range (a plain triangular with its mode near one end moves
the mean and the median away from the stated value), and scenario differences come from the values, not
from the shapes of the ranges.

Paths. An assumption given at milestone years (e.g. GDP growth in 2025, 2030, 2035) is drawn with one
uniform number per draw for all its milestones, so a draw is a whole path (fast growth stays fast).

Seeding. Each assumption has its own random stream, derived from the run's seed and the assumption's
name (``stream``), so adding an assumption does not shift the draws of the others, and SALib's Sobol
design can feed the same quantile transform (``values``) with its own uniform numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from carbonpeak.errors import ParameterError
from carbonpeak.inputs import assumptions
from carbonpeak.inputs.assumptions import stream


@dataclass(frozen=True)
class Setting:
    """One assumption as a run uses it: its values (numbers, or tuples over milestone years) and source."""

    name: str
    default: float | tuple
    low: float | tuple
    high: float | tuple
    milestones: tuple = ()
    source: str = ""
    overridden: bool = False

    @property
    def is_path(self) -> bool:
        return bool(self.milestones)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return (
            np.atleast_1d(np.asarray(self.low, dtype=float)),
            np.atleast_1d(np.asarray(self.default, dtype=float)),
            np.atleast_1d(np.asarray(self.high, dtype=float)),
        )


def registry_setting(name: str) -> Setting:
    """The assumption ``name`` as data/assumptions.yml states it, not overridden."""
    a = assumptions.get(name)
    return Setting(name, a.default, a.low, a.high, a.milestones, a.source)


def override(base: Setting, value=None, low=None, high=None, source: str = "") -> Setting:
    """``base`` with a new default (and optionally a new range). A value outside the range is refused;
    a new range must contain the new default."""
    n = len(base.milestones) or 1

    def as_values(x, what):
        if x is None:
            return None
        if isinstance(x, (list, tuple)):
            if len(x) != n:
                raise ParameterError(
                    f"'{base.name}' {what}: expected {n} value(s) "
                    f"({', '.join(map(str, base.milestones)) or 'one number'}), got {len(x)}"
                )
            vals = tuple(float(v) for v in x)
        else:
            vals = (float(x),) * n
        if not all(math.isfinite(v) for v in vals):
            raise ParameterError(f"'{base.name}' {what}: {x!r} is not a finite number")
        return vals if base.is_path else vals[0]

    d, lo, hi = as_values(value, "value"), as_values(low, "low"), as_values(high, "high")
    d = base.default if d is None else d
    lo = base.low if lo is None else lo
    hi = base.high if hi is None else hi
    for year, a, b, c in zip(base.milestones or ("",), np.atleast_1d(lo), np.atleast_1d(d), np.atleast_1d(hi)):
        if not a <= b <= c:
            when = f" in {year}" if year != "" else ""
            raise ParameterError(f"'{base.name}' = {b:g}{when} lies outside its range [{a:g}, {c:g}]")
    return Setting(base.name, d, lo, hi, base.milestones, source or base.source, True)


def split_triangular(u, low, mid, high) -> np.ndarray:
    """Quantile function of the split triangular distribution: Q(0) = low, Q(0.5) = mid, Q(1) = high,
    density highest at mid and falling linearly to zero at each end.

    Below the median the CDF is F(x) = (x - low)^2 / (2 (mid - low)^2), so Q(u) = low + (mid - low) sqrt(2u);
    above it 1 - F(x) = (high - x)^2 / (2 (high - mid)^2), so Q(u) = high - (high - mid) sqrt(2 - 2u)."""
    u = np.asarray(u, dtype=float)
    low, mid, high = (np.asarray(x, dtype=float) for x in (low, mid, high))
    below = low + (mid - low) * np.sqrt(np.clip(2 * u, 0, 1))
    above = high - (high - mid) * np.sqrt(np.clip(2 - 2 * u, 0, 1))
    return np.where(u < 0.5, below, above)


def uniforms(names, n: int, seed: int) -> dict[str, np.ndarray]:
    """One uniform number per draw for each name, each from its own stream."""
    return {name: stream(seed, name).random(n) for name in names}


def values(settings: dict[str, Setting], u: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Draw values: (draws,) for a number, (draws, milestones) for a path; the same uniform number moves
    every milestone of a path together."""
    out = {}
    for name, s in settings.items():
        lo, mid, hi = s.arrays()
        x = split_triangular(np.asarray(u[name]).reshape(-1, 1), lo, mid, hi)
        out[name] = x if s.is_path else x[:, 0]
    return out


@dataclass(frozen=True)
class Inputs:
    """Every assumption the model reads, as one scenario sets them."""

    scenario: str
    settings: dict = field(default_factory=dict)  # name -> Setting

    def central(self) -> dict[str, np.ndarray]:
        """The stated values (one draw at the median of every assumption)."""
        return values(self.settings, {k: np.array([0.5]) for k in self.settings})

    def draw(self, n: int, seed: int) -> dict[str, np.ndarray]:
        return values(self.settings, uniforms(sorted(self.settings), n, seed))
