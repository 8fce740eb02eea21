"""One checked reader for every file the package reads besides the series ``data.load`` serves: the tables
compiled by hand (the point specification, the literature register, the target registry, the editions), the
raw tables of published figures, the plan's text and the backtest's tables.

``read_checked`` refuses a file whose sidecar is missing, breaks its schema or no longer matches the file's
md5, a file that is not UTF-8 CSV, and a file without the columns its reader needs; every cell comes back
as a string (empty for a gap) unless the caller asks pandas for types, so each reader converts and checks
the columns it uses. ``read_checked_text`` is the same for a text file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from carbonpeak import locations
from carbonpeak.data.provenance import read_sidecar, validate_sidecar
from carbonpeak.errors import DataError, one_line


def _checked(path: Path, kind: str) -> Path:
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    validate_sidecar(path, kind)
    return path


def parse_csv(path: Path, fix: str = "", **read_options) -> pd.DataFrame:
    """The CSV at ``path`` as strings (``read_options``, pandas.read_csv's, override them); an empty file or one
    that is not UTF-8 CSV is one DataError, ending with ``fix`` (how to rebuild it) when given."""
    options = {"dtype": str, "keep_default_na": False, "encoding": "utf-8"} | read_options
    then = f"; {fix}" if fix else ""
    try:
        return pd.read_csv(path, **options)
    except pd.errors.EmptyDataError:
        raise DataError(f"{path}: is empty (no header, no rows){then}") from None
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot be parsed as UTF-8 CSV ({one_line(exc)}){then}") from None


def read_checked(path: Path, kind: str, columns: Sequence[str], **read_options) -> pd.DataFrame:
    """The CSV at ``path`` as strings, after its sidecar of ``kind`` (raw, curated or processed) and ``columns``
    are checked; ``read_options`` (pandas.read_csv's, such as ``dtype=None`` for inferred types) override the
    strings."""
    df = parse_csv(_checked(path, kind), **read_options)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataError(f"{path}: missing column(s) {missing}")
    return df


def read_checked_text(path: Path, kind: str) -> str:
    """The UTF-8 text at ``path``, after its sidecar of ``kind`` is checked."""
    path = _checked(path, kind)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: is not UTF-8 text ({one_line(exc)})") from None


def raw_path(text: str, where: str) -> Path:
    """A file named relative to data/raw (``official_points/x.csv``); a path that is absolute, climbs out of
    data/raw, or names no file is refused with ``where`` in the message."""
    relative = Path(text)
    if not text or relative.is_absolute() or ".." in relative.parts or len(relative.parts) != 2:
        raise DataError(f"{where}: '{text}' is not a file under data/raw/<source>/")
    path = locations.RAW / relative
    if not path.is_file():
        raise DataError(f"{where}: '{text}' names no file under data/raw")
    return path


PUBLISHED_FIGURES_FILE = locations.RAW / "literature" / "published_figures.csv"


def published_figures() -> pd.DataFrame:
    """The commentary's figures (data/raw/literature/published_figures.csv) by id: item, value, unit and the
    grade of the file's sidecar, so a page shows them with their grade and never with one of its own."""
    df = read_checked(PUBLISHED_FIGURES_FILE, "raw", ["id", "item", "value", "unit"])
    grade = read_sidecar(PUBLISHED_FIGURES_FILE)["grade"]
    try:
        values = df["value"].astype(float)
    except ValueError:
        raise DataError(f"{PUBLISHED_FIGURES_FILE}: a value is not a number") from None
    return df.assign(value=values, grade=grade).set_index("id")[["item", "value", "unit", "grade"]]
