"""Which quoted figure the build reads from which raw file (data/points_spec.csv), as checked records.

Each row names the processed table it feeds, the variable, year and unit, the raw file (relative to
data/raw), a regular expression whose first group is the number and that must match the file's text
exactly once, a scale (e.g. 万吨 -> million tonnes: 0.01) and the figure's grade, which must be the grade
of the raw file's sidecar.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from carbonpeak import locations
from carbonpeak.data.compiled import raw_path, read_checked
from carbonpeak.data.provenance import GRADES, read_sidecar
from carbonpeak.errors import DataError

SPEC_FILE = locations.DATA / "points_spec.csv"
COLUMNS = ("table", "variable", "year", "unit", "file", "pattern", "scale", "grade")
TABLES = ("shenzhen_economy", "shenzhen_population", "shenzhen_points")  # the tables built from point figures


@dataclass(frozen=True)
class PointSpec:
    """One quoted figure: where it is read and what it becomes."""

    table: str
    variable: str
    year: int
    unit: str
    file: Path
    pattern: str
    scale: float
    grade: str


def point_specs(table: str | None = None, path: Path | None = None) -> list[PointSpec]:
    """The specification rows (of one ``table`` if given) in file order; a DataError names the row and column."""
    path = Path(path) if path else SPEC_FILE
    rows = read_checked(path, "curated", COLUMNS)
    out, seen, grades = [], set(), {}
    for i, row in enumerate(rows.to_dict("records"), start=1):
        spec = _spec(row, f"{path}: row {i}", grades)
        key = (spec.table, spec.variable, spec.year)
        if key in seen:
            raise DataError(f"{path}: row {i}: {spec.variable} {spec.year} is specified twice for {spec.table}")
        seen.add(key)
        out.append(spec)
    return [s for s in out if table is None or s.table == table]


def _spec(row: dict, where: str, grades: dict) -> PointSpec:
    def bad(column: str, why: str):
        raise DataError(f"{where}, column '{column}': {why}")

    if row["table"] not in TABLES:
        bad("table", f"'{row['table']}' is not one of {list(TABLES)}")
    for column in ("variable", "unit", "pattern"):
        if not row[column].strip():
            bad(column, "empty")
    if not re.fullmatch(r"\d{4}", row["year"]) or not 1900 <= int(row["year"]) <= 2100:
        bad("year", f"'{row['year']}' is not a year")
    try:
        groups = re.compile(row["pattern"]).groups
    except re.error as exc:
        bad("pattern", f"not a regular expression ({exc})")
    if groups < 1:
        bad("pattern", "has no group to read the number from")
    try:
        scale = float(row["scale"])
    except ValueError:
        bad("scale", f"'{row['scale']}' is not a number")
    if not math.isfinite(scale) or scale == 0:
        bad("scale", f"'{row['scale']}' is not a finite non-zero number")
    file = raw_path(row["file"], f"{where}, column 'file'")
    if row["grade"] not in GRADES:
        bad("grade", f"'{row['grade']}' is not one of {sorted(GRADES)}")
    if file not in grades:
        grades[file] = read_sidecar(file).get("grade")
    if row["grade"] != grades[file]:
        bad("grade", f"'{row['grade']}' differs from the grade of {row['file']} ('{grades[file]}')")
    return PointSpec(
        table=row["table"],
        variable=row["variable"],
        year=int(row["year"]),
        unit=row["unit"],
        file=file,
        pattern=row["pattern"],
        scale=scale,
        grade=row["grade"],
    )
