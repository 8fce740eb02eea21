"""Sidecar metadata (``<file>.meta.yml``): the schema every raw and processed file must meet.

Provenance is data: each raw file travels with who made it, how to cite it, where it came from, when
it was taken, its licence, its grade and its md5. Processed files name the raw inputs they were built from.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import yaml

from carbonpeak import locations
from carbonpeak.errors import DataError
from carbonpeak.files import parse_trusted_yaml

# The grades every series carries (the book's legend uses these words).
GRADES = {
    "measured": "measured (a Shenzhen or city time series from a statistical or inventory source)",
    "official_point": "official point figure (quoted once in an official document or the press)",
    "proxy": "proxy (a provincial or national series standing in for Shenzhen)",
    "derived": "derived here (computed from other series), or a third party's estimate or projection",
    "estimated": "estimated here (fitted to data by a stated estimator, with a standard error)",
    "assumption": "assumption (a named parameter with a default, a reason and a range)",
}

RAW_FIELDS = {
    "producer": str,
    "title": str,
    "short_citation": str,
    "citation": str,
    "url": str,
    "date_accessed": str,
    "obtained_via": str,
    "licence": str,
    "grade": str,
    "md5": str,
    "description": str,
}

PROCESSED_FIELDS = {
    "title": str,
    "description": str,
    "built_by": str,
    "inputs": list,
    "columns": dict,
    "grades": list,
    "rows": int,
    "md5": str,
}


CURATED_FIELDS = {  # tables compiled by hand from documents (e.g. data/targets.csv)
    "title": str,
    "description": str,
    "method": str,
    "compiled_from": list,
    "columns": dict,
    "grades": list,
    "rows": int,
    "md5": str,
}


SETTINGS_FIELDS = {  # settings compiled by hand whose entries name their own sources (data/assumptions.yml)
    "title": str,
    "description": str,
    "grades": list,
    "md5": str,
}


def md5sum(path: Path) -> str:
    """The md5 hex digest of the file's bytes."""
    return hashlib.md5(Path(path).read_bytes()).hexdigest()


def sidecar_path(path: Path) -> Path:
    """The metadata sidecar of ``path``: the same name with ``.meta.yml`` appended."""
    path = Path(path)
    return path.with_name(path.name + ".meta.yml")


def read_sidecar(path: Path) -> dict:
    """The sidecar of ``path`` as a dict; a DataError names the file when it is missing or not a mapping."""
    side = sidecar_path(path)
    if not side.exists():
        raise DataError(f"{side}: metadata sidecar missing for {Path(path).name}")
    try:
        meta = parse_trusted_yaml(side.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DataError(f"{side}: not valid YAML ({exc})") from exc
    if not isinstance(meta, dict):
        raise DataError(f"{side}: expected a mapping of fields, got {type(meta).__name__}")
    return meta


def validate_sidecar(path: Path, kind: str) -> dict:
    """Check the sidecar of ``path`` against the schema for ``kind`` (raw, processed, curated, settings) and its
    md5.

    Returns the metadata. Raises DataError naming the sidecar and the field at fault.
    """
    fields = {"raw": RAW_FIELDS, "processed": PROCESSED_FIELDS, "curated": CURATED_FIELDS, "settings": SETTINGS_FIELDS}[
        kind
    ]
    meta = read_sidecar(path)
    side = sidecar_path(path)
    for name, typ in fields.items():
        if name not in meta:
            raise DataError(f"{side}: required field '{name}' is missing")
        if not isinstance(meta[name], typ) or (typ is str and not meta[name].strip()):
            raise DataError(f"{side}: field '{name}' must be a non-empty {typ.__name__}")
    unknown = sorted(set(meta) - set(fields))
    if unknown:
        raise DataError(f"{side}: unknown field(s) {unknown}; allowed: {sorted(fields)}")
    grades = [meta["grade"]] if kind == "raw" else meta["grades"]
    for grade in grades:
        if grade not in GRADES:
            raise DataError(f"{side}: grade '{grade}' is not one of {sorted(GRADES)}")
    actual = md5sum(path)
    if meta["md5"] != actual:
        raise DataError(f"{side}: md5 {meta['md5']} does not match the file ({actual})")
    return meta


def curated_files() -> list[Path]:
    """The tables and settings compiled by hand in data/ (data/*.csv, data/*.yml), each with a sidecar."""
    found = [*locations.DATA.glob("*.csv"), *locations.DATA.glob("*.yml")]
    return sorted(p for p in found if p.is_file() and not p.name.endswith(".meta.yml"))


def raw_files() -> list[Path]:
    """Every raw data file (anything under data/raw/<source>/ that is not a sidecar or README)."""
    return sorted(
        p
        for p in locations.RAW.glob("*/*")
        if p.is_file() and not p.name.endswith(".meta.yml") and p.name != "README.md"
    )


def short_citation(source: str) -> str:
    """The short citation of a raw source folder (e.g. 'ceads_city'), read from its sidecars."""
    sides = sorted((locations.RAW / source).glob("*.meta.yml"))
    if not sides:
        raise DataError(f"unknown source '{source}': no sidecar under {locations.RAW / source}")
    return parse_trusted_yaml(sides[0].read_text(encoding="utf-8"))["short_citation"]


def raw_catalogue():
    """One row per raw file: its source folder, producer, citation, licence, grade, url and md5."""
    rows = []
    for path in raw_files():
        meta = read_sidecar(path)
        rows.append(
            {
                "source": path.parent.name,
                "file": path.name,
                "producer": meta.get("producer"),
                "citation": meta.get("citation"),
                "licence": meta.get("licence"),
                "grade": meta.get("grade"),
                "url": meta.get("url"),
                "md5": meta.get("md5"),
                "path": str(path.relative_to(locations.ROOT)),
            }
        )
    return pd.DataFrame(rows)


def processed_catalogue():
    """One row per processed or compiled table: path, title, rows, grades, built from."""
    rows = []
    for path in [*sorted(locations.PROCESSED.glob("*.csv")), *sorted(locations.DATA.glob("*.csv"))]:
        meta = read_sidecar(path)
        inputs = meta.get("inputs") or meta.get("compiled_from")
        rows.append(
            {
                "table": str(path.relative_to(locations.DATA)),
                "title": meta["title"],
                "rows": meta["rows"],
                "grades": ", ".join(meta["grades"]),
                "built from": "; ".join(Path(i["path"]).name for i in inputs),
            }
        )
    return pd.DataFrame(rows)


def grade_label(grade: str) -> str:
    """'official_point' -> 'official point figure' (the grade's name in ``GRADES``)."""
    return GRADES[grade].split(" (")[0] if grade in GRADES else grade
