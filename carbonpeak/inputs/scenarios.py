"""Scenario files (scenarios/*.yml or an analyst's own): located, read safely, and checked as overrides of
the city model's assumptions. A file says only what differs from data/assumptions.yml:

    name: plan                      # a slug: letters, digits, - and _
    title: "The plan's measures"
    description: >-
      ...
    extends: baseline               # optional: another scenario (a shipped name or a file beside this one)
    overrides:
      gas_capacity_added_gw:        # a named assumption of the city model
        value: [0.0, 4.0, 6.0, 6.0, 6.0]   # one number per milestone year, or one number for all
        low: [0.0, 3.0, 5.0, 5.0, 5.0]     # optional: a new range (else the assumption's own)
        high: [0.0, 5.0, 6.5, 7.0, 7.0]
        source: "the plan: ..."            # required: why this value

The stated value is the median of the draws (``carbonpeak.model.draws``), so two scenarios differ by their values, not
by the shapes of their ranges. A value outside the range in force is refused, as is an unknown name, a
missing source or a non-finite number; every message names the file and the key.

Reading goes through ``carbonpeak.files.load_yaml``: regular files only, a size cap, no anchors or aliases,
no duplicated keys, no NaN or infinity.

Naming a scenario: a bare slug (``plan``) is a shipped file, scenarios/plan.yml; anything else is a path.
On the command line a path is resolved once, in the caller's folder; pages store it relative to the project
(``reference``: scenarios/plan.yml, runs/my.yml), and a chapter reads it relative to the project, so two
checkouts give the same bytes. A file's ``extends`` names a shipped scenario or a file in the same folder
(no folders), so a scenario can only ever read scenario files. A scenario file's name ends in .yml or .yaml
(and so does the file a link points to), and a path shown on a page holds only letters, digits, spaces and
``_ - . + @ /``: characters that mean something to MyST or HTML (a backtick, ``<``, ``{``, ``*``, ``[``, ...)
are refused, so no file name becomes markup on a page.
"""

from __future__ import annotations

import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from carbonpeak import files, locations
from carbonpeak.errors import ParameterError
from carbonpeak.inputs import assumptions
from carbonpeak.model import core, draws

SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
TOP_KEYS = {"name", "title", "description", "extends", "overrides"}
REQUIRED = ("name", "title", "description", "overrides")
ENTRY_KEYS = {"value", "low", "high", "source"}
MAX_EXTENDS = 5
SUFFIXES = (".yml", ".yaml")
SAFE_PATH = re.compile(r"[\w\-.+@/ ]+")  # letters and digits of any script, _ - . + @ / and spaces


@dataclass(frozen=True)
class Scenario:
    """A checked scenario file: name, title, description, path, its overrides of the city model's assumptions
    and the scenario it extends."""

    name: str
    title: str
    description: str
    path: Path
    overrides: dict = field(default_factory=dict)  # assumption -> {value, low, high, source}
    parent: Scenario | None = None

    def chain(self) -> list[Scenario]:
        """This scenario and the ones it extends, oldest first."""
        out, s = [], self
        while s is not None:
            out.append(s)
            s = s.parent
        return out[::-1]

    def settings(self, extra: dict | None = None) -> dict[str, draws.Setting]:
        """Every model assumption as this scenario sets it (registry, then each scenario's overrides in
        order, then ``extra`` {name: value} from the command line)."""
        out = {name: draws.registry_setting(name) for name in core.ALL_NAMES}
        for s in self.chain():
            for name, entry in s.overrides.items():
                out[name] = _apply(out[name], entry, f"{s.path}: 'overrides.{name}'")
        for name, value in (extra or {}).items():
            if name not in out:
                raise ParameterError(f"'{name}' is not an assumption of the city model")
            out[name] = _apply(out[name], {"value": value, "source": "set for this run"}, f"'{name}'")
        return out

    def inputs(self, extra: dict | None = None) -> draws.Inputs:
        return draws.Inputs(self.name, self.settings(extra))


def _apply(setting: draws.Setting, entry: dict, where: str) -> draws.Setting:
    try:
        return draws.override(setting, entry.get("value"), entry.get("low"), entry.get("high"), entry.get("source", ""))
    except ParameterError as exc:
        raise ParameterError(f"{where} is refused: {exc}") from None


def _short(text: object, width: int = 60) -> str:
    """A key or value quoted from a file, cut short: a message never repeats a long line of a file."""
    text = str(text)
    return text if len(text) <= width else text[:width] + "..."


def _fail(path: Path, key: str, why: str):
    raise ParameterError(f"{path}: '{_short(key)}' {why}")


def _finite(x) -> bool:
    try:
        return math.isfinite(float(x))
    except OverflowError:  # an integer beyond float range
        return False


def _numbers(path: Path, key: str, value, count: int):
    items = value if isinstance(value, list) else [value]
    if isinstance(value, list) and len(value) != count:
        _fail(path, key, f"needs {count} value(s), one per milestone year, got {len(value)}")
    for x in items:
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not _finite(x):
            shown = "an integer too large for a float" if isinstance(x, int) and not isinstance(x, bool) else repr(x)
            _fail(path, key, f"must be a finite number (or a list of them), got {shown}")
    return value


def parse(raw, path: Path) -> dict:
    """Check a scenario file's mapping; returns its fields (overrides checked entry by entry)."""
    if not isinstance(raw, dict):
        raise ParameterError(f"{path}: must be a mapping with keys {', '.join(sorted(TOP_KEYS))}")
    unknown = sorted(set(map(str, raw)) - TOP_KEYS)
    if unknown:
        _fail(path, unknown[0], f"is not a scenario key (keys: {', '.join(sorted(TOP_KEYS))})")
    for key in REQUIRED:
        if key not in raw:
            _fail(path, key, "is missing")
    for key in ("name", "title", "description"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            _fail(path, key, "must be a non-empty text")
    if not SLUG.fullmatch(raw["name"]):
        _fail(
            path,
            "name",
            "must be a short name of lower-case letters, digits, '-' and '_' (it names the "
            f"folder runs/<name>/ of the scenario's book), got {_short(repr(raw['name']))}",
        )
    if "extends" in raw and (not isinstance(raw["extends"], str) or not raw["extends"].strip()):
        _fail(path, "extends", "must name a scenario")
    overrides = raw["overrides"] or {}
    if not isinstance(overrides, dict):
        _fail(path, "overrides", "must be a mapping of assumption names to {value, source}")
    known = set(core.ALL_NAMES)
    for name, entry in overrides.items():
        key = f"overrides.{name}"
        if name not in known:
            _fail(path, key, "is not an assumption of the city model (see data/assumptions.yml)")
        if not isinstance(entry, dict):
            _fail(path, key, "must be a mapping with value and source")
        bad = sorted(set(map(str, entry)) - ENTRY_KEYS)
        if bad:
            _fail(path, f"{key}.{bad[0]}", f"is not a field (fields: {', '.join(sorted(ENTRY_KEYS))})")
        if "value" not in entry:
            _fail(path, f"{key}.value", "is missing")
        if not isinstance(entry.get("source"), str) or not entry["source"].strip():
            _fail(path, f"{key}.source", "is missing: every override names its source")
        count = len(assumptions.get(name).milestones) or 1
        for f in ("value", "low", "high"):
            if f in entry:
                _numbers(path, f"{key}.{f}", entry[f], count)
    return {
        "name": raw["name"].strip(),
        "title": raw["title"].strip(),
        "description": " ".join(raw["description"].split()),
        "extends": raw.get("extends"),
        "overrides": overrides,
    }


def from_fields(fields: dict, path: Path, parent: Scenario | None) -> Scenario:
    """A Scenario from checked fields; every override is applied once here, so a value outside its range
    is refused when the file is read, not when the model runs."""
    scenario = Scenario(fields["name"], fields["title"], fields["description"], path, fields["overrides"], parent)
    scenario.settings()
    return scenario


def load_file(path: Path, _seen: tuple = ()) -> Scenario:
    """Read and check the scenario file at ``path`` and the scenarios it extends (located beside it)."""
    path = Path(path)
    if path.resolve() in _seen:
        raise ParameterError(f"{path}: 'extends' makes a loop ({' -> '.join(p.name for p in _seen)})")
    if len(_seen) >= MAX_EXTENDS:
        raise ParameterError(f"{path}: 'extends' goes deeper than {MAX_EXTENDS} scenarios")
    fields = parse(read_yaml(path), path)
    parent = None
    if fields["extends"]:
        parent = load_file(locate(_beside(fields["extends"], path), path.parent), _seen + (path.resolve(),))
    return from_fields(fields, path, parent)


# Locating and reading files ---------------------------------------------------------------------------


def _beside(text: str, path: Path) -> str:
    """``extends`` names a shipped scenario or a file in the same folder as ``path``, never a path."""
    text = text.strip()
    if "/" in text or os.sep in text or text in (".", ".."):
        _fail(
            path,
            "extends",
            f"names {_short(repr(text))}: a shipped scenario (e.g. baseline) or a file in the same folder "
            "(e.g. mine.yml), not a path",
        )
    return text


def is_shipped_name(text: str) -> bool:
    """Whether ``text`` is a bare slug, the form that names a shipped scenario (scenarios/<slug>.yml)."""
    return SLUG.fullmatch(text) is not None


def available() -> list[str]:
    """The names of the shipped scenarios (scenarios/*.yml), sorted."""
    return sorted(p.stem for p in locations.SCENARIOS.glob("*.yml"))


def locate(text: str | Path, base: Path | None = None) -> Path:
    """The file a scenario reference names: a bare slug is scenarios/<slug>.yml (or, when no shipped scenario
    has that name, a file of that name in ``base``; both at once is refused as ambiguous); anything else is a
    path, relative to ``base`` (the caller's folder on the command line; the project folder by default)."""
    text = str(text).strip()
    if not text:
        raise ParameterError("a scenario is named by an empty text")
    if is_shipped_name(text):
        shipped = locations.SCENARIOS / f"{text}.yml"
        local = base is not None and (Path(base) / text).exists()
        if shipped.is_file() and local:
            raise ParameterError(
                f"'{text}' is both a shipped scenario and a file in {base}; write ./{text} for the file"
            )
        if shipped.is_file():
            return shipped
        if not local:
            raise ParameterError(
                f"unknown scenario '{text}': neither a file nor one of scenarios/*.yml ({', '.join(available())})"
            )
    path = Path(text).expanduser()
    path = Path(os.path.abspath(path if path.is_absolute() else Path(base or locations.ROOT) / path))
    reference(path)  # refuse a name pages could not show as plain text before anything reads the file
    return path


def reference(path: Path) -> str:
    """How a page names a scenario file: its path relative to the project (scenarios/plan.yml), never an
    absolute path, so pages do not depend on where the project is checked out. A path with a character
    that means something to MyST or HTML, or a comma (scenario lists are comma-separated), is refused."""
    path = Path(os.path.abspath(path))
    rel = Path(os.path.relpath(path, os.path.abspath(locations.ROOT))).as_posix()
    if "," in rel:
        raise ParameterError(f"{path}: a scenario path cannot contain a comma (scenario lists are comma-separated)")
    if not SAFE_PATH.fullmatch(rel) or rel != rel.strip():
        bad = sorted({ch for ch in rel if not SAFE_PATH.fullmatch(ch)}) or ["a leading or trailing space"]
        raise ParameterError(
            f"{path}: a scenario path may hold letters, digits, spaces and _ - . + @ / only, not "
            f"{' '.join(repr(ch) for ch in bad[:12])} (pages would read it as markup); rename the file"
        )
    return f"./{rel}" if is_shipped_name(rel) else rel


def is_shipped(scenario, name: str) -> bool:
    """Whether ``scenario`` was read from the shipped file scenarios/<name>.yml."""
    return Path(os.path.abspath(scenario.path)) == Path(os.path.abspath(locations.SCENARIOS / f"{name}.yml"))


def read_yaml(path: Path):
    """The mapping in a scenario file, read with the limits above: a regular file whose name (and the name
    of the file a link points to) ends in .yml or .yaml, so a scenario path never reads another kind of file."""
    path = Path(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ParameterError(f"{path}: file not found") from None
    except OSError as exc:
        raise ParameterError(f"{path}: cannot be opened ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ParameterError(f"{path}: is {files.kind_of(info.st_mode)}, not a file; give the path of a scenario file")
    for name in (path.name, Path(os.path.realpath(path)).name):
        if not name.lower().endswith(SUFFIXES):
            raise ParameterError(f"{path}: a scenario file's name ends in .yml or .yaml ({_short(name)} does not)")
    return files.load_yaml(path, error=ParameterError)


def load(text: str | Path, base: Path | None = None) -> Scenario:
    """A checked scenario, with the scenarios it extends, from a shipped name or a path (``locate``)."""
    return load_file(locate(text, base))
