"""The point specification (data/points_spec.csv): its sidecar, its checks, and that the build follows it."""

import csv
import io

import pytest
import yaml

from carbonpeak import data, locations
from carbonpeak.data import builders, provenance, specs
from carbonpeak.errors import DataError


def test_the_specification_meets_its_sidecar_and_names_the_files_it_was_checked_against():
    meta = provenance.validate_sidecar(specs.SPEC_FILE, "curated")
    rows = specs.point_specs()
    assert meta["rows"] == len(rows)
    listed = {item["path"] for item in meta["compiled_from"]}
    used = {s.file.relative_to(locations.ROOT).as_posix() for s in rows}
    assert listed == used  # every file a row reads, and no other
    for item in meta["compiled_from"]:
        assert provenance.md5sum(locations.ROOT / item["path"]) == item["md5"], item["path"]


def test_every_specified_figure_is_in_its_table_with_the_specified_unit_and_grade():
    for spec in specs.point_specs():
        df = data.load(spec.table)
        hit = df[(df["region"] == "广东深圳") & (df["variable"] == spec.variable) & (df["year"] == spec.year)]
        hit = hit[hit["source"] == spec.file.parent.name]
        assert len(hit) == 1, (spec.table, spec.variable, spec.year)
        assert hit["grade"].iloc[0] == spec.grade
        if spec.table != "shenzhen_economy":  # GDP takes its unit from builders.GDP_UNITS (checked equal)
            assert hit["unit"].iloc[0] == spec.unit


def test_a_figure_read_by_hand_from_its_file():
    # 2020 electricity: 983.34 亿kWh in the supply file, x 0.1 -> TWh
    assert data.point("electricity_consumption", 2020) == pytest.approx(98.334)
    # 1232.51 万 tce of above-scale industry in the 2022 forum report, x 0.01 -> million tce
    assert data.point("industry_energy_above_scale", 2021) == pytest.approx(12.3251)


def _write_spec(tmp_path, edit) -> tuple:
    """A copy of the specification with ``edit`` applied to its rows, and a sidecar that matches it."""
    rows = list(csv.DictReader(io.StringIO(specs.SPEC_FILE.read_text(encoding="utf-8"))))
    rows = edit(rows)
    path = tmp_path / "points_spec.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(specs.COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    meta = yaml.safe_load(provenance.sidecar_path(specs.SPEC_FILE).read_text(encoding="utf-8"))
    meta |= {"rows": len(rows), "md5": provenance.md5sum(path)}
    provenance.sidecar_path(path).write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    return path


def _set(column, value, row=0):
    def edit(rows):
        rows[row][column] = value
        return rows

    return edit


@pytest.mark.parametrize(
    "edit, message",
    [
        (_set("file", "../../README.md"), r"row 1, column 'file': '../../README.md' is not a file under data/raw"),
        (_set("file", "/etc/passwd"), r"column 'file': '/etc/passwd' is not a file under data/raw"),
        (_set("file", "official_points/nothing.csv"), r"'official_points/nothing.csv' names no file"),
        (_set("grade", "measured"), r"column 'grade': 'measured' differs from the grade of"),
        (_set("grade", "guess"), r"column 'grade': 'guess' is not one of"),
        (_set("pattern", r"GDP \d+"), r"column 'pattern': has no group"),
        (_set("pattern", r"GDP ([\d.]+"), r"column 'pattern': not a regular expression"),
        (_set("scale", "nan"), r"column 'scale': 'nan' is not a finite non-zero number"),
        (_set("scale", "ten"), r"column 'scale': 'ten' is not a number"),
        (_set("year", "20x0"), r"column 'year': '20x0' is not a year"),
        (_set("table", "city_co2"), r"column 'table': 'city_co2' is not one of"),
        (lambda rows: rows + [rows[0]], r"gdp 2020 is specified twice"),
    ],
)
def test_a_bad_specification_row_is_refused_naming_row_and_column(tmp_path, edit, message):
    path = _write_spec(tmp_path, edit)
    with pytest.raises(DataError, match=message) as err:
        specs.point_specs(path=path)
    assert str(path) in str(err.value)


def test_an_edited_specification_without_its_sidecar_update_is_refused(tmp_path):
    path = _write_spec(tmp_path, lambda rows: rows)
    path.write_text(path.read_text(encoding="utf-8").replace(",1,official_point", ",10,official_point", 1))
    with pytest.raises(DataError, match="does not match the file"):
        specs.point_specs(path=path)


def test_a_pattern_that_stops_matching_fails_the_build_naming_file_and_pattern(tmp_path, monkeypatch):
    path = _write_spec(tmp_path, _set("pattern", r"GDP \(current prices\),2020,([\d.]+),billion"))
    monkeypatch.setattr(specs, "SPEC_FILE", path)
    with pytest.raises(DataError, match="matches 0 times"):
        builders.build_table("shenzhen_economy")
