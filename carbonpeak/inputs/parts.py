"""The city model's parts, declared once (data/parts.yml): its CO2 parts, electricity uses and electricity
sources, with their labels in English and Chinese, IAMC names, sector, boundary, driver, intensity, scale,
Guangdong rows and electrification. The model loops over them; the export and the pages label from them.

A problem in the file raises one DataError naming the file, the entry and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from carbonpeak import locations
from carbonpeak.errors import DataError
from carbonpeak.files import load_yaml

FILE = locations.DATA / "parts.yml"
KINDS = ("power", "fuel", "process", "imported")
DRIVERS = ("gdp", "pop", "industry", "services", "cars", "freight", "other transport")
FORMS = ("path", "rate")
SECTORS = ("energy", "industry", "transport", "buildings", "other")
BOUNDARIES = ("territorial", "with_imports")
LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Part:
    """One CO2 part of the city model."""

    name: str
    en: str
    zh: str
    iamc: str | None
    sector: str
    boundary: str
    unit: str
    kind: str
    driver: str | None = None
    intensity: str | None = None
    form: str | None = None  # path (milestone yearly changes) or rate (one yearly rate)
    scale: str | None = None
    coal_scale: str | None = None
    guangdong: tuple = ()  # ((sector, fuel), ...)
    electrified: tuple | None = None  # (share assumption, ratio assumption, use)

    def label(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class Named:
    """An electricity use or source: its labels and IAMC name (a source also says whether it is bought)."""

    name: str
    en: str
    zh: str
    iamc: str
    external: bool = False

    def label(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en


def _fail(where: str, why: str):
    raise DataError(f"{FILE}: {where}: {why}")


def _text(where: str, entry: dict, key: str, required: bool = True) -> str | None:
    value = entry.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        _fail(where, f"'{key}' must be a non-empty text")
    return value


def _choice(where: str, entry: dict, key: str, choices, required: bool = True) -> str | None:
    value = _text(where, entry, key, required)
    if value is not None and value not in choices:
        _fail(where, f"'{key}' is '{value}', not one of {', '.join(choices)}")
    return value


def _part(name: str, entry) -> Part:
    where = f"part '{name}'"
    if not isinstance(entry, dict):
        _fail(where, "must be a mapping")
    known = set(Part.__dataclass_fields__) - {"name", "form"}
    unknown = sorted(set(entry) - known)
    if unknown:
        _fail(where, f"unknown field(s) {unknown}")
    kind = _choice(where, entry, "kind", KINDS)
    modelled = kind in ("fuel", "process")
    intensity, form = None, None
    if kind == "fuel":
        block = entry.get("intensity")
        if not isinstance(block, dict) or sorted(block) != ["form", "name"]:
            _fail(where, "a fuel part needs 'intensity: {name: <assumption>, form: path|rate}'")
        intensity, form = _text(where, block, "name"), _choice(where, block, "form", FORMS)
    elif "intensity" in entry:
        _fail(where, f"a {kind} part has no intensity")
    guangdong = entry.get("guangdong", [])
    if modelled and (
        not isinstance(guangdong, list)
        or not guangdong
        or not all(isinstance(r, list) and len(r) == 2 and all(isinstance(x, str) for x in r) for r in guangdong)
    ):
        _fail(where, "'guangdong' must list [sector, fuel] rows of Guangdong's structure")
    electrified = entry.get("electrified")
    if electrified is not None:
        if not isinstance(electrified, dict) or sorted(electrified) != ["ratio", "share", "use"]:
            _fail(where, "'electrified' must be {share: <assumption>, ratio: <assumption>, use: <use>}")
        electrified = tuple(_text(where, electrified, k) for k in ("share", "ratio", "use"))
    return Part(
        name,
        _text(where, entry, "en"),
        _text(where, entry, "zh"),
        _text(where, entry, "iamc", required=kind != "imported"),
        _choice(where, entry, "sector", SECTORS),
        _choice(where, entry, "boundary", BOUNDARIES),
        _text(where, entry, "unit"),
        kind,
        _choice(where, entry, "driver", DRIVERS, required=kind == "fuel"),
        intensity,
        form,
        _text(where, entry, "scale", required=modelled),
        _text(where, entry, "coal_scale", required=False),
        tuple(tuple(r) for r in guangdong) if modelled else (),
        electrified,
    )


def _named(group: str, name: str, entry, external: bool) -> Named:
    where = f"{group} '{name}'"
    if not isinstance(entry, dict):
        _fail(where, "must be a mapping")
    fields = {"en", "zh", "iamc", *(["external"] if external else [])}
    if set(entry) != fields:
        _fail(where, f"needs exactly the fields {sorted(fields)}")
    if external and not isinstance(entry["external"], bool):
        _fail(where, "'external' must be true or false")
    return Named(name, *(_text(where, entry, k) for k in ("en", "zh", "iamc")), bool(entry.get("external", False)))


@cache
def declaration() -> tuple[dict[str, Part], dict[str, Named], dict[str, Named]]:
    """(parts, uses, sources) as data/parts.yml declares them, each in its file order, checked."""
    raw = load_yaml(FILE, error=DataError)
    if not isinstance(raw, dict) or sorted(raw) != ["parts", "sources", "uses"]:
        raise DataError(f"{FILE}: must hold the mappings parts, uses and sources")
    for group in ("parts", "uses", "sources"):
        if not isinstance(raw[group], dict) or not raw[group]:
            raise DataError(f"{FILE}: '{group}' must be a non-empty mapping")
    parts = {str(n): _part(str(n), e) for n, e in raw["parts"].items()}
    uses = {str(n): _named("use", str(n), e, False) for n, e in raw["uses"].items()}
    sources = {str(n): _named("source", str(n), e, True) for n, e in raw["sources"].items()}
    kinds = [p.kind for p in parts.values()]
    if kinds.count("power") != 1 or kinds.count("imported") != 1:
        raise DataError(f"{FILE}: declares exactly one power part and one imported part")
    for p in parts.values():
        if p.electrified and p.electrified[2] not in (*uses, "buildings"):
            _fail(f"part '{p.name}'", f"its electricity goes to '{p.electrified[2]}', not a use")
    return parts, uses, sources


def parts() -> dict[str, Part]:
    """Every CO2 part, in order."""
    return declaration()[0]


def territorial() -> tuple[str, ...]:
    """The parts inside the city (territorial CO2 is their sum), in order."""
    return tuple(n for n, p in parts().items() if p.boundary == "territorial")


def modelled() -> tuple[str, ...]:
    """The territorial parts outside the power plants (a driver times an intensity), in order."""
    return tuple(n for n, p in parts().items() if p.kind in ("fuel", "process"))


def power() -> str:
    """The part that is the city's own power plants."""
    return next(n for n, p in parts().items() if p.kind == "power")


def imported() -> str:
    """The part that is electricity bought from outside the city."""
    return next(n for n, p in parts().items() if p.kind == "imported")


def of_sector(sector: str) -> tuple[str, ...]:
    """The territorial parts a sector's chapter tells, in order."""
    return tuple(n for n in territorial() if parts()[n].sector == sector)


def uses() -> dict[str, Named]:
    """The uses of electricity, by key, with their labels."""
    return declaration()[1]


def sources() -> dict[str, Named]:
    """The sources of the city's electricity, by key, with their labels."""
    return declaration()[2]


def label(name: str, lang: str = "en") -> str:
    """A part's, use's or source's label in ``lang``; an unknown name is returned as it is."""
    for group in declaration():
        if name in group:
            return group[name].label(lang)
    return name
