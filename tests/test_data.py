"""Data layer: sidecars, md5s, rebuilds, loading, and errors that name the file, column and row."""

import re

import numpy as np
import pandas as pd
import pytest
import yaml

from carbonpeak import build, data, metadata, paths
from carbonpeak.errors import DataError

SHENZHEN = "广东深圳"


@pytest.mark.parametrize("path", metadata.raw_files(), ids=lambda p: p.name)
def test_raw_sidecar_meets_schema_and_md5(path):
    meta = metadata.validate_sidecar(path, "raw")
    assert meta["grade"] in metadata.GRADES


def test_every_raw_source_has_a_readme():
    for folder in sorted({p.parent for p in metadata.raw_files()}):
        assert (folder / "README.md").exists(), f"{folder} has no README.md"


@pytest.mark.parametrize("name", sorted(data.TABLES))
def test_processed_sidecar_meets_schema_and_md5(name):
    meta = metadata.validate_sidecar(data.table_path(name), "processed")
    for item in meta["inputs"]:
        assert metadata.md5sum(paths.ROOT / item["path"]) == item["md5"], f"{item['path']} changed since the build"


def test_sidecar_errors_name_the_field(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a\n1\n")
    side = tmp_path / "x.csv.meta.yml"
    meta = {k: "something" for k in metadata.RAW_FIELDS} | {"grade": "measured", "md5": metadata.md5sum(f)}
    side.write_text(yaml.safe_dump(meta))
    metadata.validate_sidecar(f, "raw")
    side.write_text(yaml.safe_dump({k: v for k, v in meta.items() if k != "licence"}))
    with pytest.raises(DataError, match="'licence' is missing"):
        metadata.validate_sidecar(f, "raw")
    side.write_text(yaml.safe_dump(meta | {"grade": "guess"}))
    with pytest.raises(DataError, match="grade 'guess'"):
        metadata.validate_sidecar(f, "raw")
    side.write_text(yaml.safe_dump(meta | {"md5": "0" * 32}))
    with pytest.raises(DataError, match="does not match"):
        metadata.validate_sidecar(f, "raw")


def test_processed_tables_rebuild_byte_identical(tmp_path):
    build.build_all(tmp_path, echo=lambda _: None)
    for name in data.TABLES:
        for suffix in (".csv", ".csv.meta.yml"):
            fresh = (tmp_path / f"{name}{suffix}").read_bytes()
            committed = (paths.PROCESSED / f"{name}{suffix}").read_bytes()
            assert fresh == committed, f"{name}{suffix} differs from a fresh build: run `make data`"


def test_shenzhen_co2_matches_the_raw_inventory():
    s = data.series("city_co2", SHENZHEN, "co2")
    raw = build._read_excel(build.CEADS_CITY_FILE, sheet_name="emission vector")
    raw = raw[raw["city"] == SHENZHEN].set_index("year")["emission"]
    assert s.round(6).to_dict() == raw.round(6).sort_index().to_dict()
    # values read by hand from the CEADs file
    assert s[2019] == pytest.approx(44.263193, abs=1e-6)
    assert s[2018] == pytest.approx(46.994533, abs=1e-6)
    assert s[2000] == pytest.approx(12.652672, abs=1e-6)
    # the gaps stay gaps
    assert {2004, 2005, 2006, 2007, 2017}.isdisjoint(s.index)
    assert s.attrs["grades"] == ["measured"] and s.attrs["unit"] == "Mt CO2"


def test_all_290_cities_load():
    cities = data.cities()
    assert len(cities) == 290
    assert {"广东深圳", "广东肇庆"} <= set(cities)
    zq = data.series("city_co2", "广东肇庆", "co2")
    assert 2017 not in zq.index and len(zq) >= 10


def test_cmcc_is_a_separate_series():
    cmcc = data.series("shenzhen_co2_cmcc", SHENZHEN, "co2")
    assert cmcc.to_dict() == {2020: pytest.approx(43.727641), 2021: pytest.approx(45.673757)}
    assert cmcc.attrs["source"] == "cmcc"
    assert not set(cmcc.index) & set(data.series("city_co2", SHENZHEN, "co2").index)


def test_economy_and_population_with_grades():
    gdp = data.load("shenzhen_economy")
    nbs = gdp[(gdp["variable"] == "gdp") & (gdp["source"] == "nbs_major_cities")].set_index("year")["value"]
    assert nbs[2017] == pytest.approx(22490.06) and nbs[2001] == pytest.approx(1954.17)
    point = gdp[(gdp["year"] == 2022) & (gdp["variable"] == "gdp")]
    assert point["grade"].tolist() == ["official_point"] and point["value"].iloc[0] == pytest.approx(32387.68)
    va = gdp[(gdp["year"] == 2022) & gdp["variable"].str.startswith("va_")]["value"].sum()
    assert va == pytest.approx(32387.68, abs=0.01)  # the bulletin's three sectors add up to its GDP
    pop = data.load("shenzhen_population")
    resident = pop[pop["variable"] == "population_resident"].set_index("year")["value"]
    assert resident.to_dict() == {2020: pytest.approx(17.6338), 2021: pytest.approx(17.6816)}
    wup = pop[pop["variable"] == "population_wup_agglomeration"].set_index("year")
    assert wup.loc[2020, "value"] == pytest.approx(12.35682) and wup.loc[2020, "grade"] == "derived"
    assert wup.loc[2018, "grade"] == "measured"


def test_nbs_value_added_extract_agrees_with_raw_gdp():
    extract = pd.read_csv(build.NBS_VA_FILE).set_index("year")["国内生产总值(亿元)"]
    raw = build.nbs_gdp()
    assert extract.round(2).to_dict() == raw.loc[extract.index].round(2).to_dict()


GOOD = "region,year,variable,value,unit,source,grade\n广东深圳,2019,co2,44.2,Mt CO2,ceads_city,measured\n"


@pytest.mark.parametrize("text, message", [
    (GOOD.replace("2019", "20x9"), r"row 1, column 'year': '20x9' is not a whole-number year"),
    (GOOD.replace("44.2", "lots"), r"row 1, column 'value': 'lots' is not a number"),
    (GOOD.replace(",measured", ",guess"), r"row 1, column 'grade': 'guess'"),
    (GOOD.replace("region,", "place,"), r"missing column\(s\) \['region'\]"),
    (GOOD + GOOD.splitlines()[1] + "\n", r"row 2: duplicate"),
    (GOOD.replace("Mt CO2", ""), r"row 1, column 'unit': empty"),
    (GOOD.replace("44.2", "nan"), r"not a finite number"),
])
def test_malformed_csv_is_refused_with_file_column_row(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=message) as err:
        data.read_series_csv(path)
    assert str(path) in str(err.value)


def test_unknown_table_and_series_are_named():
    with pytest.raises(DataError, match="unknown table 'nope'"):
        data.load("nope")
    with pytest.raises(DataError, match="no rows for region='Atlantis'"):
        data.series("city_co2", "Atlantis", "co2")


def test_guangdong_sector_groups_add_up_to_the_total():
    gd = data.load("guangdong_sector_co2").pivot(index="year", columns="variable", values="value")
    parts = [c for c in gd.columns if c not in ("co2_total", "co2_industrial_process")]
    assert len(parts) == 7 and list(gd.index) == list(range(1997, 2020))
    np.testing.assert_allclose(gd[parts].sum(axis=1), gd["co2_total"], rtol=1e-9)
    assert gd.at[2019, "co2_total"] == pytest.approx(569.119531, abs=1e-6)  # read by hand from the CEADs sheet
    assert gd.at[1997, "co2_total"] == pytest.approx(165.140727, abs=1e-6)


def test_point_figures_trace_to_their_text():
    points = data.load("shenzhen_points").set_index(["variable", "year"])["value"]
    assert points[("electricity_consumption", 2023)] == pytest.approx(112.86)
    assert points[("industry_energy_above_scale", 2021)] == pytest.approx(12.3251)  # 1232.51 万 tce
    assert points[("industry_energy_intensity_change_5yr", 2020)] == pytest.approx(-24.61)
    assert points[("import_share_electricity", 2020)] == pytest.approx(70)


def test_target_figures_trace_to_their_quotes():
    points = data.load("shenzhen_points").set_index(["variable", "year"])["value"]
    by_hand = {("sei_value_added", 2024): 15_600, ("sei_value_added", 2023): 14_500, ("sei_value_added", 2022): 13_000,
               ("lng_bunkering_yantian_ytd", 2025): 28.5, ("pv_distributed_capacity", 2024): 0.44,
               ("green_factories_national", 2024): 128, ("prefab_share_new_buildings", 2020): 30.7,
               ("prefab_share_new_buildings", 2022): 47, ("construction_waste_resource_rate", 2020): 13,
               ("construction_waste_resource_rate", 2022): 28, ("industrial_solid_waste_use_rate", 2022): 92,
               ("household_waste_resource_rate", 2022): 87.7, ("port_container_throughput", 2022): 3003.56,
               ("port_water_transshipment", 2022): 735, ("icv_revenue", 2021): 1066.1,
               ("fast_chargers_public", 2021): 37_000, ("rail_length", 2024): 595.1, ("forest_cover", 2019): 40.21,
               ("green_coverage_built_up", 2023): 43.09, ("mangrove_planted_restored_since_2020", 2023): 25.72}
    for key, value in by_hand.items():
        assert points[key] == pytest.approx(value), key
    # each pattern on the target-figures file matches inside one row's quoted text (the 2023 value, written
    # 1兆4500億元 in its Japanese quote, is matched in the value column of the row carrying that quote)
    rows = pd.read_csv(build.TARGET_FIGURES_FILE, dtype=str, keep_default_na=False)
    entries = [p for p in build.POINTS if p[3] == build.TARGET_FIGURES_FILE]
    assert len(entries) == len(by_hand)
    for variable, year, _, _, pattern, _ in entries:
        in_quote = rows["quote_original"].map(lambda quote: re.search(pattern, quote) is not None)
        if (variable, year) == ("sei_value_added", 2023):
            assert not in_quote.any() and rows["quote_original"].str.contains("1兆4500億元").sum() == 1
        else:
            assert in_quote.sum() == 1, (variable, year)


def test_a_point_pattern_must_match_once(tmp_path):
    f = tmp_path / "t.txt"
    f.write_text("用电量 5 TWh; 用电量 6 TWh", encoding="utf-8")
    with pytest.raises(DataError, match="matches 2 times"):
        build._point(f, r"用电量 (\d) TWh")
