"""Named assumptions (data/assumptions.yml): default, range, unit, grade, source and reason, in one place.

Chapters expose them as parameters; ``carbonpeak.params`` takes their ranges from here, so a value out of
range is refused with the assumption's own bounds. ``draw`` samples them for the Monte Carlo (seeded).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from . import paths
from .errors import DataError
from .metadata import GRADES

FILE = paths.DATA / "assumptions.yml"
FIELDS = ("label", "unit", "default", "low", "high", "grade", "source", "reason")


@dataclass(frozen=True)
class Assumption:
    name: str
    label: str
    unit: str
    default: float
    low: float
    high: float
    grade: str
    source: str
    reason: str


MAX_BYTES = 1024 * 1024


@lru_cache(maxsize=None)
def registry() -> dict[str, Assumption]:
    """Every assumption in data/assumptions.yml, checked; a problem raises one DataError naming the file,
    the assumption and the field."""
    from .files import load_yaml

    raw = load_yaml(FILE, max_bytes=MAX_BYTES, error=DataError)
    if not isinstance(raw, dict) or not raw:
        raise DataError(f"{FILE}: must be a mapping of assumption names to their fields ({', '.join(FIELDS)})")
    return {str(name): _assumption(str(name), entry) for name, entry in raw.items()}


def _assumption(name: str, entry) -> Assumption:
    if not isinstance(entry, dict):
        raise DataError(f"{FILE}: assumption '{name}' must be a mapping of {', '.join(FIELDS)}")
    missing = [f for f in FIELDS if f not in entry]
    if missing:
        raise DataError(f"{FILE}: assumption '{name}' lacks {missing}")
    for f in ("default", "low", "high"):
        value = entry[f]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise DataError(f"{FILE}: assumption '{name}', field '{f}' must be a finite number, got {value!r}")
    for f in ("label", "unit", "grade", "source", "reason"):
        if not isinstance(entry[f], str) or not entry[f].strip():
            raise DataError(f"{FILE}: assumption '{name}', field '{f}' must be a non-empty text")
    if not entry["low"] <= entry["default"] <= entry["high"]:
        raise DataError(f"{FILE}: assumption '{name}': default {entry['default']} outside [{entry['low']}, {entry['high']}]")
    if entry["grade"] not in GRADES:
        raise DataError(f"{FILE}: assumption '{name}': grade '{entry['grade']}' is not one of {sorted(GRADES)}")
    return Assumption(name, *(float(entry[f]) if f in ("default", "low", "high") else entry[f] for f in FIELDS))


def get(name: str) -> Assumption:
    reg = registry()
    if name not in reg:
        raise DataError(f"unknown assumption '{name}'; known: {', '.join(sorted(reg))}")
    return reg[name]


def table(names) -> pd.DataFrame:
    """The assumptions a chapter uses, with the values it ran with, for the page."""
    rows = []
    for name, value in names.items():
        a = get(name)
        rows.append({"parameter": name, "meaning": a.label, "value": value, "default": a.default,
                     "range": f"{a.low:g} to {a.high:g}", "unit": a.unit, "grade": a.grade, "source": a.source,
                     "reason": a.reason})
    return pd.DataFrame(rows)


def draw(names, n: int, seed: int, centre: dict | None = None) -> dict[str, np.ndarray]:
    """n draws of each named assumption: triangular over its range with the mode at ``centre[name]``
    (default: the assumption's default). Seeded: the same seed gives the same draws."""
    rng = np.random.default_rng(seed)
    return {name: draw_one(name, n, rng, (centre or {}).get(name)) for name in names}


def draw_one(name: str, n: int, rng: np.random.Generator, mode: float | None = None) -> np.ndarray:
    """n triangular draws over the assumption's own range, peaked at ``mode`` (default: its default)."""
    a = get(name)
    if a.low == a.high:
        return np.full(n, a.low)
    mode = float(a.default if mode is None else mode)
    return rng.triangular(a.low, min(max(mode, a.low), a.high), a.high, size=n)
