"""Chapter parameters: one registry of types, ranges and help, shared by every chapter.

A chapter template declares its parameters with a type annotation and a help comment, e.g.
``horizon_end: int = 2035  # last projected year``. The runner refuses any name the template does not
declare, and ``check`` refuses values of the wrong type or outside the range below, so a bad value never
reaches the kernel. Chapters call ``check_all`` too, so a direct papermill run is checked the same way.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable, Iterable

from .errors import ParameterError


def _cities() -> list[str]:
    from .data import cities

    return cities()


def _methods() -> tuple[str, ...]:
    from .models import METHODS

    return ("default", *METHODS)


@dataclass(frozen=True)
class Spec:
    type: str  # "str", "int", "float", "bool" or "list" (a list of floats)
    help: str
    choices: Callable[[], Iterable] | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive: bool = False  # bounds are strict (e.g. interval levels in (0, 1))
    validate: Callable[[object], None] | None = None  # a further check that raises ParameterError


SPECS: dict[str, Spec] = {
    "city": Spec("str", "CEADs city name, e.g. 广东深圳 (Shenzhen) or 广东肇庆 (Zhaoqing)", choices=_cities),
    "method": Spec("str", "projection method: default, naive, drift, loglinear, ets or arima", choices=_methods),
    "horizon_end": Spec("int", "last projected year", minimum=2020, maximum=2060),
    "peak_rule_years": Spec("int", "years below the maximum needed to call it a peak", minimum=1, maximum=15),
    "levels": Spec("list", "interval levels, each strictly between 0 and 1", minimum=0, maximum=1,
                   exclusive=True, validate=lambda v: _distinct("levels", v)),
    "on_track_probability": Spec("float", "probability of meeting a target at or above which it is on track",
                                 minimum=0, maximum=1),
    "off_track_probability": Spec("float", "probability below which a target is off track", minimum=0, maximum=1),
    "about_tolerance": Spec("float", "shortfall still counted as meeting an 'about' (左右) target, as a fraction",
                            minimum=0, maximum=0.5),
}

SPECS.update({
    "draws": Spec("int", "number of Monte Carlo draws", minimum=100, maximum=100_000),
    "seed": Spec("int", "seed of every random draw (same seed, same numbers)", minimum=0, maximum=2**32 - 1),
    "sobol_base": Spec("int", "base sample of the Sobol design, a power of 2 (N x (assumptions + 2) model runs)",
                       minimum=64, maximum=8192, validate=lambda v: _power_of_two("sobol_base", v)),
    "scenarios": Spec("str", "comma-separated scenario names (scenarios/*.yml) or paths to scenario files",
                      validate=lambda v: _check_scenarios(v)),
    "rule_start": Spec("int", "first year the peak rule looks at (the record starts in 2005)", minimum=2005,
                       maximum=2020),
})

SPECS["record_2018"] = Spec("str", "CEADs' 2018 Shenzhen value: keep, or outlier (dropped wherever a peak or a trend is "
                                   "computed from the record)", choices=lambda: ("keep", "outlier"))


def _peak_rules() -> tuple[str, ...]:
    from .peaks import RULES

    return tuple(RULES)


SPECS.update({
    "peak_rule": Spec("str", "peak definition: n_years (N years below the maximum), c40 or mann_kendall",
                      choices=_peak_rules),
    "reference_year": Spec("int", "year the C40 rule measures the latest inventory's age against (at most 5 years)",
                           minimum=2000, maximum=2060),
})


def _power_of_two(name: str, value: int) -> None:
    if value & (value - 1):
        raise ParameterError(f"parameter '{name}' = {value} must be a power of 2 (e.g. 256, 512, 1024)")


def _distinct(name: str, values: list) -> None:
    if len(set(values)) != len(values):
        raise ParameterError(f"parameter '{name}' has repeated values: {list(values)}")


def _check_scenarios(value: str) -> None:
    from .scenarios import load

    names = [v.strip() for v in value.split(",")]
    if not all(names):
        raise ParameterError(f"parameter 'scenarios' has an empty name in {value!r}")
    if len(set(names)) != len(names):
        raise ParameterError(f"parameter 'scenarios' names a scenario twice: {value!r}")
    for name in names:
        load(name)


def _assumption_specs() -> dict[str, Spec]:
    """Every named assumption is a parameter bounded by its own range (data/assumptions.yml): a float, or
    for a path given at milestone years a list with one value per milestone year."""
    from .assumptions import registry

    specs = {}
    for name, a in registry().items():
        if a.is_path:
            shown = ", ".join(f"{y}: {v:g}" for y, v in zip(a.milestones, a.default))
            specs[name] = Spec("list", f"{a.label} ({a.unit}) at {', '.join(map(str, a.milestones))}; default {shown}; "
                                       f"source: {a.source}", validate=_path_check(a))
        else:
            specs[name] = Spec("float", f"{a.label} ({a.unit}); default {a.default:g}, source: {a.source}",
                               minimum=a.low, maximum=a.high)
    return specs


def _path_check(a) -> Callable[[object], None]:
    def check_path(values) -> None:
        if len(values) != len(a.milestones):
            raise ParameterError(f"parameter '{a.name}' expects {len(a.milestones)} values, one for each of "
                                 f"{', '.join(map(str, a.milestones))}; got {len(values)}")
        for year, v, lo, hi in zip(a.milestones, values, a.low, a.high):
            if not lo <= v <= hi:
                raise ParameterError(f"parameter '{a.name}' = {v!r} in {year} is outside its range [{lo:g}, {hi:g}]")
    return check_path


SPECS.update(_assumption_specs())

_TYPES = {"str": str, "int": int, "float": float, "bool": bool}


def spec(name: str) -> Spec:
    if name not in SPECS:
        raise ParameterError(f"parameter '{name}' has no entry in carbonpeak.params.SPECS")
    return SPECS[name]


def parse(name: str, text: str) -> object:
    """Turn the command-line text for parameter ``name`` into a value of its declared type."""
    kind = spec(name).type
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
        except (ValueError, SyntaxError):
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
        if s.validate is not None:
            s.validate(list(value))
        return list(value)
    expected = _TYPES[s.type]
    ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
    if s.type == "float" and isinstance(value, int) and not isinstance(value, bool):
        ok, value = True, float(value)
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


def _check_number(name: str, value: object, s: Spec) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ParameterError(f"parameter '{name}' expects numbers, got {type(value).__name__} {value!r}")
    low_bad = s.minimum is not None and (value <= s.minimum if s.exclusive else value < s.minimum)
    high_bad = s.maximum is not None and (value >= s.maximum if s.exclusive else value > s.maximum)
    if low_bad or high_bad:
        brackets = "()" if s.exclusive else "[]"
        raise ParameterError(f"parameter '{name}' = {value!r} is outside its range "
                             f"{brackets[0]}{s.minimum}, {s.maximum}{brackets[1]}")


def check_all(**values) -> dict:
    """Check every named value; returns them (lists normalised) for the chapter to use."""
    return {name: check(name, value) for name, value in values.items()}
