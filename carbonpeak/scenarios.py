"""Scenario files (scenarios/*.yml): every chapter's parameters in one place, some with a distribution.

A scenario file has a ``name``, a ``title``, a ``description``, a ``mode`` (which sector paths: ``trend`` or
``plan``) and ``parameters``. A parameter is either a plain value (any chapter parameter, checked like a
``--set``) or, for a named assumption, a distribution with its source::

    gdp_growth: {distribution: triangular, low: 0.03, mode: 0.045, high: 0.06, source: "..."}
    grid_ef: {distribution: point, value: 0.442, source: "..."}
    electricity_growth: {distribution: uniform, low: 0.03, high: 0.06, source: "..."}
    gdp_growth: {distribution: normal, mean: 0.045, sd: 0.01, low: 0.03, high: 0.06, source: "..."}

A normal is truncated to [low, high]. Every bound must lie inside the assumption's own range
(data/assumptions.yml), so an impossible range is refused; the message names the file and the key.
Assumptions a scenario leaves out are drawn over their own range around their default.

The ``name`` is a short slug (it names the folder of the scenario's book, runs/<name>/). Files are read with
``carbonpeak.files.load_yaml``: regular files only, a size cap, no anchors or aliases, no duplicated keys,
no NaN or infinity.

Naming a scenario: a bare slug (``plan``) is a shipped file, scenarios/plan.yml; anything else is a path.
On the command line a path is resolved once, in the caller's folder; pages store it relative to the project
(``reference``: scenarios/plan.yml, runs/my.yml), and a chapter reads it relative to the project, so two
checkouts give the same bytes.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import assumptions, files, params, paths
from .errors import ParameterError

SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")

TOP_KEYS = {"name", "title", "description", "mode", "parameters"}
MODES = ("trend", "plan")
DISTRIBUTIONS = {  # required fields (besides distribution and source)
    "point": ("value",),
    "uniform": ("low", "high"),
    "triangular": ("low", "mode", "high"),
    "normal": ("mean", "sd", "low", "high"),
}


@dataclass(frozen=True)
class Distribution:
    kind: str
    values: dict
    source: str

    def central(self) -> float:
        v = self.values
        return float({"point": lambda: v["value"], "uniform": lambda: (v["low"] + v["high"]) / 2,
                      "triangular": lambda: v["mode"], "normal": lambda: v["mean"]}[self.kind]())

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        v = self.values
        if self.kind == "point":
            return np.full(n, float(v["value"]))
        if self.kind == "uniform":
            return rng.uniform(v["low"], v["high"], size=n)
        if self.kind == "triangular":
            return rng.triangular(v["low"], v["mode"], v["high"], size=n)
        from scipy.stats import truncnorm

        a, b = (v["low"] - v["mean"]) / v["sd"], (v["high"] - v["mean"]) / v["sd"]
        return truncnorm.ppf(rng.uniform(size=n), a, b, loc=v["mean"], scale=v["sd"])


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    description: str
    mode: str
    path: Path
    values: dict = field(default_factory=dict)  # plain parameters (chapter settings)
    distributions: dict = field(default_factory=dict)  # assumption name -> Distribution

    def central_values(self) -> dict:
        """Every parameter at a single value: plain values, and each distribution's centre."""
        return {**self.values, **{k: d.central() for k, d in self.distributions.items()}}

    def chapter_values(self, declared) -> dict:
        """The scenario's values for the parameters a chapter declares (its sector mode as ``scenario``)."""
        out = {k: v for k, v in self.central_values().items() if k in declared}
        if "scenario" in declared and "scenario" not in self.values:
            out["scenario"] = self.mode
        return out


def _fail(path: Path, key: str, why: str):
    raise ParameterError(f"{path}: '{key}' {why}")


def _number(path: Path, key: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _fail(path, key, f"must be a number, got {type(value).__name__} {value!r}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        _fail(path, key, f"must be a finite number, got {value!r}")
    return number


def _distribution(path: Path, name: str, entry: dict) -> Distribution:
    key = f"parameters.{name}"
    kind = entry.get("distribution")
    if not isinstance(kind, str) or kind not in DISTRIBUTIONS:
        _fail(path, f"{key}.distribution", f"must be one of {', '.join(DISTRIBUTIONS)}, got {kind!r}")
    needed = DISTRIBUTIONS[kind]
    unknown = sorted(map(str, set(entry) - {"distribution", "source", *needed}))
    if unknown:
        _fail(path, f"{key}.{unknown[0]}", f"is not a field of a {kind} distribution (fields: {', '.join(needed)}, source)")
    for f in needed:
        if f not in entry:
            _fail(path, f"{key}.{f}", f"is missing (a {kind} distribution needs {', '.join(needed)})")
    if not isinstance(entry.get("source"), str) or not entry["source"].strip():
        _fail(path, f"{key}.source", "is missing: every distribution names its source")
    v = {f: _number(path, f"{key}.{f}", entry[f]) for f in needed}
    a = assumptions.get(name)
    for f, x in v.items():
        if f != "sd" and not a.low <= x <= a.high:
            _fail(path, f"{key}.{f}", f"= {x:g} lies outside the assumption's range [{a.low:g}, {a.high:g}]")
    if "low" in v and not v["low"] < v["high"]:
        _fail(path, f"{key}.low", f"= {v['low']:g} must be below high = {v['high']:g}")
    if kind == "triangular" and not v["low"] <= v["mode"] <= v["high"]:
        _fail(path, f"{key}.mode", f"= {v['mode']:g} must lie between low and high")
    if kind == "normal":
        if v["sd"] <= 0:
            _fail(path, f"{key}.sd", f"= {v['sd']:g} must be positive")
        if not v["low"] <= v["mean"] <= v["high"]:
            _fail(path, f"{key}.mean", f"= {v['mean']:g} must lie between low and high")
    return Distribution(kind, v, entry["source"].strip())


def is_shipped_name(text: str) -> bool:
    return SLUG.fullmatch(text) is not None


def locate(text: str | Path, base: Path | None = None) -> Path:
    """The file a scenario reference names: a bare slug is scenarios/<slug>.yml (or, when no shipped scenario
    has that name, a file of that name in ``base``; both at once is refused as ambiguous); anything else is a
    path, relative to ``base`` (the caller's folder on the command line; the project folder by default)."""
    text = str(text).strip()
    if not text:
        raise ParameterError("a scenario is named by an empty text")
    if is_shipped_name(text):
        shipped = paths.SCENARIOS / f"{text}.yml"
        local = base is not None and (Path(base) / text).exists()
        if shipped.is_file() and local:
            raise ParameterError(f"'{text}' is both a shipped scenario and a file in {base}; "
                                 f"write ./{text} for the file")
        if shipped.is_file():
            return shipped
        if not local:
            raise ParameterError(f"unknown scenario '{text}': neither a file nor one of scenarios/*.yml "
                                 f"({', '.join(available())})")
    path = Path(text).expanduser()
    return Path(os.path.abspath(path if path.is_absolute() else Path(base or paths.ROOT) / path))


def reference(path: Path) -> str:
    """How a page names a scenario file: its path relative to the project (scenarios/plan.yml), never an
    absolute path, so pages do not depend on where the project is checked out."""
    path = Path(os.path.abspath(path))
    rel = Path(os.path.relpath(path, os.path.abspath(paths.ROOT))).as_posix()
    if "," in rel:
        raise ParameterError(f"{path}: a scenario path cannot contain a comma (scenario lists are comma-separated)")
    return f"./{rel}" if is_shipped_name(rel) else rel


def is_shipped(scenario: Scenario, name: str) -> bool:
    """Whether ``scenario`` was read from the shipped file scenarios/<name>.yml."""
    return Path(os.path.abspath(scenario.path)) == Path(os.path.abspath(paths.SCENARIOS / f"{name}.yml"))


def load(text: str | Path, base: Path | None = None) -> Scenario:
    """Read and check a scenario file (named as in ``locate``); a problem raises ParameterError naming the
    file and the key."""
    path = locate(text, base)
    raw = files.load_yaml(path, error=ParameterError)
    if not isinstance(raw, dict):
        raise ParameterError(f"{path}: must be a mapping with keys {', '.join(sorted(TOP_KEYS))}")
    unknown = sorted(map(str, set(raw) - TOP_KEYS))
    if unknown:
        _fail(path, unknown[0], f"is not a scenario key (keys: {', '.join(sorted(TOP_KEYS))})")
    for key in sorted(TOP_KEYS):
        if key not in raw:
            _fail(path, key, "is missing")
    for key in ("name", "title", "description"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            _fail(path, key, "must be a non-empty text")
    if not SLUG.fullmatch(raw["name"]):
        _fail(path, "name", "must be a short name of lower-case letters, digits, '-' and '_' (it names the "
                            f"folder runs/<name>/ of the scenario's book), got {raw['name']!r}")
    if raw["mode"] not in MODES:
        _fail(path, "mode", f"must be one of {', '.join(MODES)}, got {raw['mode']!r}")
    if not isinstance(raw["parameters"], dict):
        _fail(path, "parameters", "must be a mapping of parameter names to values")
    values, dists = {}, {}
    known_assumptions = assumptions.registry()
    for name, entry in raw["parameters"].items():
        if name not in params.SPECS:
            _fail(path, f"parameters.{name}", "is not a parameter of any chapter")
        if name == "scenarios":
            _fail(path, f"parameters.{name}", "cannot be set in a scenario file (it lists scenario files)")
        if isinstance(entry, dict):
            if name not in known_assumptions:
                _fail(path, f"parameters.{name}", "cannot carry a distribution: it is not a named assumption")
            dists[name] = _distribution(path, name, entry)
            continue
        try:
            values[name] = params.check(name, entry)
        except ParameterError as exc:
            _fail(path, f"parameters.{name}", f"is refused: {exc}")
    return Scenario(raw["name"], raw["title"].strip(), " ".join(raw["description"].split()), raw["mode"],
                    path, values, dists)


def available() -> list[str]:
    return sorted(p.stem for p in paths.SCENARIOS.glob("*.yml"))


def sample(scenario: Scenario, names, n: int, seed: int) -> dict[str, np.ndarray]:
    """n draws of each named assumption: the scenario's distribution if it gives one, else the
    assumption's own triangular range around its default (or around a plain value the scenario sets).
    Each name has its own stream derived from the seed, so adding a name does not shift the others."""
    out = {}
    for i, name in enumerate(names):
        rng = np.random.default_rng([seed, i])
        if name in scenario.distributions:
            out[name] = scenario.distributions[name].sample(n, rng)
        else:
            out[name] = assumptions.draw_one(name, n, rng, scenario.values.get(name))
    return out
