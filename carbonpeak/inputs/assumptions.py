"""Named assumptions (data/assumptions.yml): default, range, unit, grade, source and reason, in one place.

Chapters expose them as parameters; ``carbonpeak.inputs.params`` takes their ranges from here, so a value out of
range is refused with the assumption's own bounds. ``draw`` samples them for the Monte Carlo (seeded).

An assumption is either one number or a path given at milestone years: then ``default``, ``low`` and
``high`` are mappings {year: value} over the same years (e.g. GDP growth at 2025, 2030 and 2035), and the
city model interpolates between them (``carbonpeak.model.timeline``).
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from carbonpeak import locations
from carbonpeak.data.provenance import GRADES
from carbonpeak.errors import DataError
from carbonpeak.files import load_yaml

FILE = locations.DATA / "assumptions.yml"
FIELDS = ("label", "unit", "default", "low", "high", "grade", "source", "reason")
ESTIMATE_FIELDS = ("estimator", "sample", "estimate", "standard_error", "range")


@dataclass(frozen=True)
class Assumption:
    """One assumption of data/assumptions.yml: default and range (numbers, or one value per milestone year),
    unit, grade, source and reason."""

    name: str
    label: str
    unit: str
    default: float | tuple  # a number, or one value per milestone year
    low: float | tuple
    high: float | tuple
    grade: str
    source: str
    reason: str
    milestones: tuple = ()  # milestone years, or () for a single number
    estimate: dict | None = None  # for grade 'estimated': estimator, sample, estimate, standard_error, range

    @property
    def is_path(self) -> bool:
        return bool(self.milestones)


MAX_BYTES = 1024 * 1024


@cache
def registry() -> dict[str, Assumption]:
    """Every assumption in data/assumptions.yml, checked; a problem raises one DataError naming the file,
    the assumption and the field."""
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
    for f in ("label", "unit", "grade", "source", "reason"):
        if not isinstance(entry[f], str) or not entry[f].strip():
            raise DataError(f"{FILE}: assumption '{name}', field '{f}' must be a non-empty text")
    if entry["grade"] not in GRADES:
        raise DataError(f"{FILE}: assumption '{name}': grade '{entry['grade']}' is not one of {sorted(GRADES)}")
    milestones, (default, low, high) = _values(name, entry)
    estimate = _estimate(name, entry)
    return Assumption(
        name,
        entry["label"],
        entry["unit"],
        default,
        low,
        high,
        entry["grade"],
        entry["source"],
        entry["reason"],
        milestones,
        estimate,
    )


def _estimate(name: str, entry: dict) -> dict | None:
    """The ``estimate`` block an estimated assumption must carry (and no other may)."""
    block = entry.get("estimate")
    if entry["grade"] != "estimated":
        if block is not None:
            raise DataError(f"{FILE}: assumption '{name}' has an estimate block but grade '{entry['grade']}'")
        return None
    if not isinstance(block, dict) or sorted(block) != sorted(ESTIMATE_FIELDS):
        raise DataError(
            f"{FILE}: estimated assumption '{name}' needs an estimate block with {', '.join(ESTIMATE_FIELDS)}"
        )
    for f in ("estimator", "sample", "range"):
        if not isinstance(block[f], str) or not block[f].strip():
            raise DataError(f"{FILE}: assumption '{name}', estimate.{f} must be a non-empty text")
    return {
        **block,
        "estimate": _number(name, "estimate.estimate", block["estimate"]),
        "standard_error": _number(name, "estimate.standard_error", block["standard_error"]),
    }


def _number(name: str, field: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise DataError(f"{FILE}: assumption '{name}', field '{field}' must be a finite number, got {value!r}")
    return float(value)


def _values(name: str, entry: dict) -> tuple[tuple, tuple]:
    """(milestone years, (default, low, high)); numbers for a single value, tuples for a path."""
    fields = ("default", "low", "high")
    if all(isinstance(entry[f], dict) for f in fields):
        years = tuple(entry["default"])
        if any(tuple(entry[f]) != years for f in fields) or not years:
            raise DataError(f"{FILE}: assumption '{name}': default, low and high must give the same milestone years")
        if any(isinstance(y, bool) or not isinstance(y, int) for y in years) or list(years) != sorted(set(years)):
            raise DataError(
                f"{FILE}: assumption '{name}': milestone years must be increasing whole years, got {list(years)}"
            )
        d, lo, hi = (tuple(_number(name, f"{f}.{y}", entry[f][y]) for y in years) for f in fields)
        for y, a, b, c in zip(years, lo, d, hi):
            if not a <= b <= c:
                raise DataError(f"{FILE}: assumption '{name}': default {b} outside [{a}, {c}] in {y}")
        return years, (d, lo, hi)
    if any(isinstance(entry[f], dict) for f in fields):
        raise DataError(
            f"{FILE}: assumption '{name}': default, low and high must all be numbers or all be milestone mappings"
        )
    d, lo, hi = (_number(name, f, entry[f]) for f in fields)
    if not lo <= d <= hi:
        raise DataError(f"{FILE}: assumption '{name}': default {d} outside [{lo}, {hi}]")
    return (), (d, lo, hi)


def get(name: str) -> Assumption:
    """The assumption ``name``; a DataError lists the known names if it is unknown."""
    reg = registry()
    if name not in reg:
        raise DataError(f"unknown assumption '{name}'; known: {', '.join(sorted(reg))}")
    return reg[name]


def table(names) -> pd.DataFrame:
    """The assumptions a chapter uses, with the values it ran with, for the page."""
    rows = []
    for name, value in names.items():
        a = get(name)
        rows.append(
            {
                "parameter": name,
                "meaning": a.label,
                "value": value,
                "default": a.default,
                "range": f"{a.low:g} to {a.high:g}",
                "unit": a.unit,
                "grade": a.grade,
                "source": a.source,
                "reason": a.reason,
            }
        )
    return pd.DataFrame(rows)


def stream(seed: int, name: str) -> np.random.Generator:
    """The book's one seeding policy: every named quantity (an assumption, a target's pace) draws from its own
    stream, derived from the run's seed and the name, so adding or reordering one never moves another."""
    return np.random.default_rng([int(seed), zlib.crc32(name.encode("utf-8"))])


def draw(names, n: int, seed: int, centre: dict | None = None) -> dict[str, np.ndarray]:
    """n draws of each named assumption, each from its own stream: triangular over its range with the mode at
    ``centre[name]`` (default: the assumption's default)."""
    return {name: draw_one(name, n, stream(seed, name), (centre or {}).get(name)) for name in names}


def draw_one(name: str, n: int, rng: np.random.Generator, mode: float | None = None) -> np.ndarray:
    """n triangular draws over the assumption's own range, peaked at ``mode`` (default: its default)."""
    a = get(name)
    if a.low == a.high:
        return np.full(n, a.low)
    mode = float(a.default if mode is None else mode)
    return rng.triangular(a.low, min(max(mode, a.low), a.high), a.high, size=n)
