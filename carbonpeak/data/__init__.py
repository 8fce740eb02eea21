"""Load the processed tables by name, with their schema checked.

Every processed table is a tidy long table with the columns in ``SERIES_COLUMNS``. ``load`` resolves the
file from the package (never from the working directory) and raises a DataError that names the file, the
column and the row when anything is malformed.

Integrity: a processed file is what ``carbonpeak data`` (or ``carbonpeak backtest``) wrote only if its md5
is the one in its sidecar, and a table built from data/raw is current only if those raw files still have
the md5s the sidecar lists. ``load`` checks its table, and ``verify_all`` checks every processed file before
any chapter runs, so an edited, truncated or stale table is refused with a message saying which command
rebuilds it instead of giving a page with rows silently missing. ``verify_all`` checks the other files a
chapter reads the same way: the tables and settings compiled by hand in data/ (data/targets.csv,
data/published_estimates.csv, data/assumptions.yml) and every raw file, each against the md5 its sidecar
records, so an edit that would change a target's status or an assumption is refused, not published.
"""

from __future__ import annotations

import gzip
import math
from functools import cache
from pathlib import Path

import pandas as pd

from carbonpeak import locations
from carbonpeak.constants import SHENZHEN
from carbonpeak.data.compiled import parse_csv
from carbonpeak.data.provenance import GRADES, curated_files, md5sum, raw_files, read_sidecar, sidecar_path
from carbonpeak.errors import DataError

SERIES_COLUMNS = ("region", "year", "variable", "value", "unit", "source", "grade")
KEY = ("region", "year", "variable", "source")

TABLES = {
    "city_co2": "CEADs territorial CO2 for all 290 cities (Mt CO2), gaps kept",
    "shenzhen_co2_cmcc": "Carbon Monitor Cities - China totals for Shenzhen 2020-2021 (Mt CO2), a different method",
    "shenzhen_economy": "Shenzhen GDP (亿元, current prices; NBS pre-census export and official figures as published), "
    "value added by sector, and official real GDP growth",
    "shenzhen_population": "Shenzhen population: UN WUP agglomeration series, official year-end residents and the "
    "yearbook's pre-census series",
    "guangdong_sector_co2": "Guangdong scope-1 CO2 by sector group, CEADs 1997-2019 (Mt CO2), a provincial proxy",
    "guangdong_sector_fuel_co2": "Guangdong scope-1 CO2 by sector group and fuel group, CEADs 1997-2019 (Mt CO2), "
    "a provincial proxy",
    "shenzhen_points": "Shenzhen point figures (energy, electricity, industry) quoted in official sources "
    "and the press",
    "china_energy": "China primary energy (EJ) and energy CO2 (Mt), Energy Institute 1965-2022, a national proxy",
    "guangdong_power": "Guangdong electricity consumption and generation by source (TWh), NBS/CEC, a provincial proxy",
    "carbon_monitor": "Guangdong CO2 from Carbon Monitor China, complete years and January-November (Mt), trend only",
    "county_co2": "Shenzhen's six districts and their sum, county-level CO2 1997-2017 (Chen et al. 2020, top-down)",
    "major_cities": "GDP (NBS, 亿元, pre-census vintage) and UN WUP agglomeration population for 35 major cities",
    "shenzhen_electricity_sectors": "Shenzhen electricity use in total and by sector (TWh), as published and derived "
    "from published shares and growth rates",
    "grid_factors": "MEE/NBS average electricity CO2 factors (kg CO2/kWh), national, Southern grid and Guangdong, "
    "2021-2023",
}


def table_path(name: str) -> Path:
    """The CSV of the processed table ``name``; a DataError lists the known tables if the name is unknown."""
    if name not in TABLES:
        raise DataError(f"unknown table '{name}'; known tables: {', '.join(sorted(TABLES))}")
    return locations.PROCESSED / f"{name}.csv"


def load(name: str) -> pd.DataFrame:
    """The processed table ``name`` as a DataFrame with typed columns (year int, value float)."""
    return _load_cached(name).copy()


@cache
def _load_cached(name: str) -> pd.DataFrame:
    path = table_path(name)
    verify(path)
    return read_series_csv(path)


def _rebuild_command(path: Path) -> str:
    stem = path.name.split(".")[0]
    return "carbonpeak data" if stem in TABLES else "carbonpeak backtest"


def _rows(path: Path) -> int | None:
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as fh:
            return max(sum(1 for _ in fh) - 1, 0)
    except (OSError, EOFError):
        return None


def verify(path: Path) -> None:
    """Refuse a processed file that is not what the build wrote (md5 and rows against its sidecar) or, when
    built from data/raw, whose raw inputs changed since; the message names the file and the command to run."""
    path = Path(path)
    fix = f"run `{_rebuild_command(path)}` to rebuild it"
    if not path.exists():
        raise DataError(f"{path}: file not found; {fix}")
    if not sidecar_path(path).exists():
        raise DataError(f"{path}: its sidecar {sidecar_path(path).name} is missing; {fix}")
    meta = read_sidecar(path)
    actual = md5sum(path)
    if actual != meta.get("md5"):
        rows, recorded = _rows(path), meta.get("rows")
        counted = f"it has {rows} rows, its sidecar records {recorded}" if rows != recorded else "its content changed"
        raise DataError(
            f"{path}: does not match its sidecar ({counted}; md5 {actual}, recorded {meta.get('md5')}): "
            f"the table was edited or is stale; {fix}"
        )
    for item in meta.get("inputs") or []:
        source = locations.ROOT / str(item.get("path", ""))
        if source.parent.parent == locations.RAW and (not source.exists() or md5sum(source) != item.get("md5")):
            raise DataError(
                f"{path}: was built from a different {item.get('path')} than the one in data/raw "
                f"(the table is stale); {fix}"
            )


def verify_source(path: Path) -> None:
    """Refuse a curated or raw file in data/ whose md5 is not the one its sidecar records; the message says how
    to restore it, or how to record a deliberate edit."""
    path = Path(path)
    rel = path.relative_to(locations.ROOT).as_posix() if path.is_relative_to(locations.ROOT) else str(path)
    side = sidecar_path(path)
    if not side.exists():
        raise DataError(f"{rel}: its sidecar {side.name} is missing; every file in data/ carries one (see README.md)")
    recorded, actual = read_sidecar(path).get("md5"), md5sum(path)
    if actual != recorded:
        raise DataError(
            f"{rel}: does not match its sidecar (md5 {actual}, recorded {recorded}): the file was edited; restore it "
            f"(git checkout -- {rel}) or, for a deliberate edit, record md5 {actual} and its source in {side.name}"
        )


def verify_all() -> None:
    """``verify`` every processed file that has a sidecar and every table the package loads, and
    ``verify_source`` every curated and raw file in data/."""
    sides = sorted(locations.PROCESSED.glob("*.meta.yml"))
    for side in sides:
        verify(side.with_name(side.name[: -len(".meta.yml")]))
    for name in TABLES:
        if not (locations.PROCESSED / f"{name}.csv.meta.yml").exists():
            raise DataError(f"{table_path(name)}: no sidecar; run `carbonpeak data` to rebuild it")
    for path in [*curated_files(), *raw_files()]:
        verify_source(path)


def read_series_csv(path: Path) -> pd.DataFrame:
    """Read and validate one long-format series CSV. Row numbers in errors count data rows from 1."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: file not found (run `make data` to build the processed tables)")
    raw = parse_csv(path, "run `carbonpeak data` to rebuild it")
    missing = [c for c in SERIES_COLUMNS if c not in raw.columns]
    if missing:
        raise DataError(f"{path}: missing column(s) {missing}; expected {list(SERIES_COLUMNS)}")
    extra = [c for c in raw.columns if c not in SERIES_COLUMNS]
    if extra:
        raise DataError(f"{path}: unexpected column(s) {extra}; expected {list(SERIES_COLUMNS)}")
    years = [_parse_year(path, i, v) for i, v in enumerate(raw["year"], start=1)]
    values = [_parse_value(path, i, v) for i, v in enumerate(raw["value"], start=1)]
    for column in ("region", "variable", "unit", "source"):
        blank = raw.index[raw[column].str.strip() == ""]
        if len(blank):
            raise DataError(f"{path}: row {blank[0] + 1}, column '{column}': empty")
    bad_grade = raw.index[~raw["grade"].isin(list(GRADES))]
    if len(bad_grade):
        row = bad_grade[0]
        raise DataError(
            f"{path}: row {row + 1}, column 'grade': '{raw.at[row, 'grade']}' is not one of {sorted(GRADES)}"
        )
    df = raw.assign(year=pd.array(years, dtype="int64"), value=pd.array(values, dtype="float64"))
    dup = df.duplicated(list(KEY), keep="first")
    if dup.any():
        row = int(dup.to_numpy().nonzero()[0][0])
        key = ", ".join(f"{k}={df.at[row, k]}" for k in KEY)
        raise DataError(f"{path}: row {row + 1}: duplicate of an earlier row ({key})")
    return df[list(SERIES_COLUMNS)]


def _parse_year(path: Path, row: int, text: str) -> int:
    try:
        year = int(text)
    except ValueError:
        raise DataError(f"{path}: row {row}, column 'year': '{text}' is not a whole-number year") from None
    if not 1900 <= year <= 2100:
        raise DataError(f"{path}: row {row}, column 'year': {year} is outside 1900-2100")
    return year


def _parse_value(path: Path, row: int, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise DataError(f"{path}: row {row}, column 'value': '{text}' is not a number") from None
    if not math.isfinite(value):
        raise DataError(f"{path}: row {row}, column 'value': '{text}' is not a finite number (gaps are absent rows)")
    return value


def series(table: str, region: str, variable: str, source: str | None = None) -> pd.Series:
    """One series from a table as a float Series indexed by integer year (gaps are absent years).

    ``attrs`` carries unit, source and grade(s) so charts and tables can label it.
    """
    df = load(table)
    sel = df[(df["region"] == region) & (df["variable"] == variable)]
    if source is not None:
        sel = sel[sel["source"] == source]
    if sel.empty:
        raise DataError(
            f"table '{table}' has no rows for region={region!r}, variable={variable!r}"
            + (f", source={source!r}" if source else "")
        )
    if sel["source"].nunique() > 1:
        raise DataError(
            f"table '{table}': {region}/{variable} mixes sources {sorted(sel['source'].unique())};"
            " name one with source="
        )
    out = pd.Series(
        sel["value"].to_numpy(), index=pd.Index(sel["year"].to_numpy(), name="year"), name=variable
    ).sort_index()
    out.attrs = {
        "unit": sel["unit"].iloc[0],
        "source": sel["source"].iloc[0],
        "grades": sorted(sel["grade"].unique()),
        "region": region,
    }
    return out


def points() -> pd.DataFrame:
    """Shenzhen's point figures (official sources and the press), each traced to its text by the build."""
    df = load("shenzhen_points")
    return df[df["region"] == SHENZHEN].reset_index(drop=True)


def point(variable: str, year: int) -> float:
    """One point figure; a DataError names it when there is not exactly one."""
    df = _load_cached("shenzhen_points")
    hit = df[(df["region"] == SHENZHEN) & (df["variable"] == variable) & (df["year"] == year)]
    if len(hit) != 1:
        raise DataError(f"table 'shenzhen_points' has {len(hit)} rows for {variable} in {year} (expected one)")
    return float(hit["value"].iloc[0])


def cities() -> list[str]:
    """The 290 CEADs city names (e.g. 广东深圳 for Shenzhen, 广东肇庆 for Zhaoqing), sorted."""
    return sorted(_load_cached("city_co2")["region"].unique())


OBSERVED_GRADES = ("measured", "official_point", "proxy")  # what a table observes (not derived, not assumed)


@cache
def vintage() -> int:
    """The latest year any processed table observes (measured, an official figure or a proxy; projections and
    series derived here do not count): what the data are as of."""
    years = []
    for name in TABLES:
        table = load(name)
        if {"year", "grade"} <= set(table.columns):
            years.append(int(table.loc[table["grade"].isin(OBSERVED_GRADES), "year"].max()))
    return max(years)
