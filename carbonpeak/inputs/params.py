"""Chapter parameters: one registry of types, ranges and help, shared by every chapter.

A chapter template declares its parameters with a type annotation and a help comment, e.g.
``horizon_end: int = 2035  # last projected year``. The runner refuses any name the template does not
declare, and ``check`` refuses values of the wrong type, NaN or infinity, or values outside the range
below; ``check_together`` refuses combinations no chapter can run (thresholds out of order, interval levels
the default method is not calibrated for). The runner calls both before any kernel starts, so a bad value
never reaches a chapter (exit 2); chapters call ``check_all`` too, so a direct papermill run is checked the
same way.
"""

from __future__ import annotations

import ast
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from carbonpeak import locations
from carbonpeak.analysis.peaks import RULES, VECTORISED
from carbonpeak.analysis.projections import METHODS, calibration_quantiles
from carbonpeak.constants import SEED, level_name
from carbonpeak.data import cities
from carbonpeak.errors import ModelError, ParameterError
from carbonpeak.inputs.assumptions import registry
from carbonpeak.inputs.scenarios import load, locate, reference

MAX_TEXT = 4096  # longest --set value accepted (a list of levels or of scenario files is far shorter)
# Each scenario is a full Monte Carlo run and each interval level a quantile over every draw and year of every
# series shown: a few of each is what a page can show and a reader compare; hundreds would only keep a core busy.
MAX_SCENARIOS = 6
MAX_LEVELS = 6


def _cities() -> list[str]:
    return cities()


def _methods() -> tuple[str, ...]:
    return ("default", *METHODS)


@dataclass(frozen=True)
class Spec:
    """What a parameter accepts: its type and help, and optionally choices, bounds, a further check and how
    command-line text becomes its value."""

    type: str  # "str", "int", "float", "bool" or "list" (a list of floats)
    help: str
    choices: Callable[[], Iterable] | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive: bool = False  # bounds are strict (e.g. interval levels in (0, 1))
    validate: Callable[[object], None] | None = None  # a further check that raises ParameterError
    from_text: Callable[[str], object] | None = None  # how command-line text becomes the value (default: by type)
    default: object = None  # the value a chapter runs with unless told otherwise (CHAPTER_DEFAULTS for exceptions)


SPECS: dict[str, Spec] = {
    "city": Spec(
        "str", "CEADs city name, e.g. 广东深圳 (Shenzhen) or 广东肇庆 (Zhaoqing)", choices=_cities, default="广东深圳"
    ),
    "method": Spec(
        "str", "projection method: default, naive, drift, loglinear, ets or arima", choices=_methods, default="default"
    ),
    # 2025 at the earliest: every chapter projects to the plan's first milestone (its 2025 targets).
    "horizon_end": Spec("int", "last projected year", minimum=2025, maximum=2060, default=2035),
    "peak_rule_years": Spec(
        "int", "years below the maximum needed to call it a peak", minimum=1, maximum=15, default=5
    ),
    "levels": Spec(
        "list",
        "interval levels, each strictly between 0 and 1",
        minimum=0,
        maximum=1,
        exclusive=True,
        validate=lambda v: _check_levels(v),
        default=[0.8, 0.95],
    ),
    "on_track_probability": Spec(
        "float", "probability of meeting a target at or above which it is on track", minimum=0, maximum=1, default=0.8
    ),
    "off_track_probability": Spec(
        "float", "probability below which a target is off track", minimum=0, maximum=1, default=0.2
    ),
    "about_tolerance": Spec(
        "float",
        "shortfall still counted as meeting an 'about' (左右) target, as a fraction",
        minimum=0,
        maximum=0.5,
        default=0.05,
    ),
}

SPECS.update(
    {
        "draws": Spec("int", "number of Monte Carlo draws", minimum=100, maximum=100_000, default=10_000),
        "seed": Spec(
            "int", "seed of every random draw (same seed, same numbers)", minimum=0, maximum=2**32 - 1, default=SEED
        ),
        "sobol_base": Spec(
            "int",
            "base sample of the Sobol design, a power of 2 (N x (assumptions + 2) model runs)",
            minimum=64,
            maximum=8192,
            validate=lambda v: _power_of_two("sobol_base", v),
            default=512,
        ),
        "scenarios": Spec(
            "str",
            "comma-separated scenario names (scenarios/*.yml) or paths to scenario files",
            validate=lambda v: _check_scenarios(v),
            from_text=lambda t: _scenarios_from_text(t),
            default="baseline,plan,accelerated",
        ),
        "rule_start": Spec(
            "int",
            "first year the peak rule looks at (the record starts in 2005)",
            minimum=2005,
            maximum=2020,
            default=2005,
        ),
    }
)

SPECS.update(
    {
        "origin": Spec(
            "int",
            "first year of a hindcast: the model starts there with what was known then (2005-2016)",
            minimum=2005,
            maximum=2016,
            default=2010,
        ),
        "hindcast_draws": Spec(
            "int", "Monte Carlo draws of each hindcast (12 origins)", minimum=100, maximum=20_000, default=2000
        ),
        "discrepancy": Spec(
            "float",
            "multiplier of the structural discrepancy's calibrated scale (0 leaves it out, 1 as calibrated)",
            minimum=0.0,
            maximum=5.0,
            default=1.0,
        ),
    }
)

SPECS["record_2018"] = Spec(
    "str",
    "CEADs' 2018 Shenzhen value: keep, or outlier (dropped wherever a peak or a trend is computed from the record)",
    choices=lambda: ("keep", "outlier"),
    default="keep",
)


def _peak_rules() -> tuple[str, ...]:
    return tuple(RULES)


SPECS.update(
    {
        "peak_rule": Spec(
            "str",
            "peak definition: n_years (N years below the maximum), c40 or mann_kendall",
            choices=_peak_rules,
            default="n_years",
        ),
        "reference_year": Spec(
            "int",
            "year the C40 rule measures the latest inventory's age against (at most 5 years)",
            minimum=2000,
            maximum=2060,
            default=2022,
        ),
    }
)


def _power_of_two(name: str, value: int) -> None:
    if value & (value - 1):
        raise ParameterError(f"parameter '{name}' = {value} must be a power of 2 (e.g. 256, 512, 1024)")


def _distinct(name: str, values: list) -> None:
    if len(set(values)) != len(values):
        raise ParameterError(f"parameter '{name}' has repeated values: {list(values)}")


def _scenario_items(value: str) -> list[str]:
    items = [v.strip() for v in value.split(",")]
    if not all(items):
        raise ParameterError(f"parameter 'scenarios' has an empty name in {value!r}")
    if len(items) > MAX_SCENARIOS:
        raise ParameterError(
            f"parameter 'scenarios' names {len(items)} scenarios; at most {MAX_SCENARIOS} are compared in one run"
        )
    if len(set(items)) != len(items):
        raise ParameterError(f"parameter 'scenarios' names a scenario twice: {value!r}")
    return items


def _scenarios_from_text(text: str) -> str:
    """Resolve every file named on the command line once, in the caller's folder, and name it as pages do:
    a shipped scenario by its slug, any other file by its path relative to the project."""

    def canonical(item: str) -> str:
        path = locate(item, Path.cwd())
        return item if path == locations.SCENARIOS / f"{item}.yml" else reference(path)

    return ",".join(canonical(item) for item in _scenario_items(text))


def _check_scenarios(value: str) -> None:
    named = {}
    for item in _scenario_items(value):
        scenario = load(item)
        if scenario.name in named:
            raise ParameterError(
                f"parameter 'scenarios': {named[scenario.name]} and {item} are both named "
                f"'{scenario.name}'; give one of them another name"
            )
        named[scenario.name] = item


def _check_levels(levels: list) -> None:
    """Each level names two columns (lower_80, upper_80): a level is a percentage with at most two decimals,
    so no two levels share a column and no column gets an odd name."""
    if len(levels) > MAX_LEVELS:
        raise ParameterError(f"parameter 'levels' has {len(levels)} levels; at most {MAX_LEVELS} are shown")
    _distinct("levels", levels)
    tags = {}
    for level in levels:
        if abs(level * 10_000 - round(level * 10_000)) > 1e-6:
            raise ParameterError(
                f"parameter 'levels': {level!r} has more than two decimals as a percentage; "
                "use levels like 0.8, 0.95 or 0.975"
            )
        tag = level_name(level)
        if tag in tags:
            raise ParameterError(f"parameter 'levels': {tags[tag]!r} and {level!r} are the same interval ({tag} %)")
        tags[tag] = level


def _assumption_specs() -> dict[str, Spec]:
    """Every named assumption is a parameter bounded by its own range (data/assumptions.yml): a float, or
    for a path given at milestone years a list with one value per milestone year."""
    specs = {}
    for name, a in registry().items():
        if a.is_path:
            shown = ", ".join(f"{y}: {v:g}" for y, v in zip(a.milestones, a.default))
            specs[name] = Spec(
                "list",
                f"{a.label} ({a.unit}) at {', '.join(map(str, a.milestones))}; default {shown}; source: {a.source}",
                validate=_path_check(a),
                default=list(a.default),
            )
        else:
            specs[name] = Spec(
                "float",
                f"{a.label} ({a.unit}); default {a.default:g}, source: {a.source}",
                minimum=a.low,
                maximum=a.high,
                default=a.default,
            )
    return specs


def _path_check(a) -> Callable[[object], None]:
    def check_path(values) -> None:
        if len(values) != len(a.milestones):
            raise ParameterError(
                f"parameter '{a.name}' expects {len(a.milestones)} values, one for each of "
                f"{', '.join(map(str, a.milestones))}; got {len(values)}"
            )
        for year, v, lo, hi in zip(a.milestones, values, a.low, a.high):
            if not lo <= v <= hi:
                raise ParameterError(f"parameter '{a.name}' = {v!r} in {year} is outside its range [{lo:g}, {hi:g}]")

    return check_path


SPECS.update(_assumption_specs())

_TYPES = {"str": str, "int": int, "float": float, "bool": bool}


# Chapters that run with another default, and why.
CHAPTER_DEFAULTS = {
    ("model", "scenarios"): "baseline",  # the model chapter checks one scenario against the record
    ("sinks", "draws"): 2000,  # the sink estimates are a few products of factors; 2000 draws settle them
    ("explorer", "draws"): 1000,  # draws at each of the grid's slider settings (the synthesis' first 1000)
}


# Parameters a chapter accepts only some values of: (allowed values, why). Checked before any kernel starts.
MODEL_RULES = (
    tuple(VECTORISED),
    "the city model's draws are judged by the rules that apply to thousands of paths at once",
)
CHAPTER_CHOICES = {
    ("answer", "peak_rule"): MODEL_RULES,
    ("synthesis", "peak_rule"): MODEL_RULES,
}


def edition_of(chapter: str) -> tuple[str, str]:
    """A chapter's language edition and its name in it: 'zh/answer' -> ('zh', 'answer'), 'answer' -> ('en',
    'answer'); twins share their choices and defaults."""
    edition, _, name = chapter.rpartition("/")
    return (edition or "en"), name


def check_for(chapter: str, name: str, value: object) -> object:
    """``check`` and, where the chapter accepts only some values of ``name``, those."""
    value = check(name, value)
    allowed = CHAPTER_CHOICES.get((edition_of(chapter)[1], name))
    if allowed is not None and value not in allowed[0]:
        raise ParameterError(
            f"chapter '{chapter}' cannot apply {name} = {value!r}: {allowed[1]}; use {' or '.join(allowed[0])}"
        )
    return value


def default(name: str, chapter: str | None = None):
    """The value ``chapter`` runs ``name`` with unless told otherwise (one home: this registry)."""
    return CHAPTER_DEFAULTS.get((edition_of(chapter)[1] if chapter else chapter, name), spec(name).default)


def template_line(name: str, chapter: str | None = None) -> str:
    """The line a chapter template's parameters cell declares ``name`` with: type, default and help."""
    value = default(name, chapter)
    shown = json.dumps(value, ensure_ascii=False) if isinstance(value, (str, list)) else repr(value)
    return f"{name}: {spec(name).type} = {shown}  # {spec(name).help}"  # a Spec's type is its annotation


def spec(name: str) -> Spec:
    """The registry entry of parameter ``name``; a ParameterError if SPECS has none."""
    if name not in SPECS:
        raise ParameterError(f"parameter '{name}' has no entry in carbonpeak.inputs.params.SPECS")
    return SPECS[name]


def parse(name: str, text: str) -> object:
    """Turn the command-line text for parameter ``name`` into a value of its declared type."""
    s = spec(name)
    kind = s.type
    if len(text) > MAX_TEXT:
        raise ParameterError(f"parameter '{name}': the value is {len(text):,} characters long (at most {MAX_TEXT:,})")
    if s.from_text is not None:
        return s.from_text(text)
    if kind == "str":
        return text
    if kind == "bool":
        lowered = text.strip().lower()
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        raise ParameterError(f"parameter '{name}' expects true or false, got '{text}'")
    if kind == "list":
        body = text.strip()
        try:
            value = ast.literal_eval(body if body.startswith("[") else f"[{body}]")
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            raise ParameterError(f"parameter '{name}' expects a list of numbers like 0.8,0.95, got '{text}'") from None
        return list(value) if isinstance(value, (list, tuple)) else value
    try:
        return _TYPES[kind](text)
    except ValueError:
        article = "an" if kind == "int" else "a"
        raise ParameterError(f"parameter '{name}' expects {article} {kind}, got '{text}'") from None


def check(name: str, value: object) -> object:
    """Return ``value`` if it has the declared type and lies in range; otherwise raise ParameterError."""
    s = spec(name)
    if s.type == "list":
        if not isinstance(value, (list, tuple)) or not value:
            raise ParameterError(f"parameter '{name}' expects a non-empty list of numbers, got {value!r}")
        for item in value:
            _check_number(name, item, s)
        value = list(value)
        if s.validate is not None:
            s.validate(value)
        return value
    expected = _TYPES[s.type]
    ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
    if s.type == "float" and isinstance(value, int) and not isinstance(value, bool):
        ok, value = True, _as_float(name, value)
    if not ok:
        raise ParameterError(f"parameter '{name}' expects {s.type}, got {type(value).__name__} {value!r}")
    if s.type in ("int", "float"):
        _check_number(name, value, s)
    if s.choices is not None:
        allowed = list(s.choices())
        if value not in allowed:
            shown = ", ".join(map(str, allowed[:12])) + (" ..." if len(allowed) > 12 else "")
            raise ParameterError(f"parameter '{name}': unknown value {value!r}; allowed: {shown}")
    if s.validate is not None:
        s.validate(value)
    return value


def _as_float(name: str, value: int) -> float:
    try:
        return float(value)
    except OverflowError:
        raise ParameterError(f"parameter '{name}' = {value} is too large to be a number here") from None


def _check_number(name: str, value: object, s: Spec) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParameterError(f"parameter '{name}' expects numbers, got {type(value).__name__} {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ParameterError(f"parameter '{name}' = {value!r} is not a finite number")
    low_bad = s.minimum is not None and (value <= s.minimum if s.exclusive else value < s.minimum)
    high_bad = s.maximum is not None and (value >= s.maximum if s.exclusive else value > s.maximum)
    if low_bad or high_bad:
        brackets = "()" if s.exclusive else "[]"
        raise ParameterError(
            f"parameter '{name}' = {value!r} is outside its range {brackets[0]}{s.minimum}, {s.maximum}{brackets[1]}"
        )


def check_together(values: dict) -> None:
    """Checks that need more than one parameter; each applies when its parameters are among ``values``."""
    on, off = values.get("on_track_probability"), values.get("off_track_probability")
    if on is not None and off is not None and on < off:
        raise ParameterError(
            f"on_track_probability = {on} is below off_track_probability = {off}; "
            "a target is on track at or above the first and off track below the second"
        )
    if values.get("method") == "default" and values.get("levels"):
        for level in values["levels"]:
            try:
                calibration_quantiles(level)
            except ModelError as exc:
                raise ParameterError(f"parameter 'levels' with method 'default': {exc}") from None


def check_all(**values) -> dict:
    """Check every named value, then their combinations; returns them (lists normalised) for the chapter."""
    checked = {name: check(name, value) for name, value in values.items()}
    check_together(checked)
    return checked
