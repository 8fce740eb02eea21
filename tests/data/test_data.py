"""Data layer: sidecars, md5s, rebuilds, loading, and errors that name the file, column and row."""

import re

import numpy as np
import pandas as pd
import pytest
import yaml

from carbonpeak import data, locations
from carbonpeak.data import builders, provenance, specs
from carbonpeak.errors import DataError

SHENZHEN = "广东深圳"


@pytest.mark.parametrize("path", provenance.raw_files(), ids=lambda p: p.name)
def test_raw_sidecar_meets_schema_and_md5(path):
    meta = provenance.validate_sidecar(path, "raw")
    assert meta["grade"] in provenance.GRADES


def test_every_raw_source_has_a_readme():
    for folder in sorted({p.parent for p in provenance.raw_files()}):
        assert (folder / "README.md").exists(), f"{folder} has no README.md"


@pytest.mark.parametrize("name", sorted(data.TABLES))
def test_processed_sidecar_meets_schema_and_md5(name):
    meta = provenance.validate_sidecar(data.table_path(name), "processed")
    for item in meta["inputs"]:
        assert provenance.md5sum(locations.ROOT / item["path"]) == item["md5"], (
            f"{item['path']} changed since the build"
        )


def test_sidecar_errors_name_the_field(tmp_path):
    f = tmp_path / "x.csv"
    f.write_text("a\n1\n")
    side = tmp_path / "x.csv.meta.yml"
    meta = {k: "something" for k in provenance.RAW_FIELDS} | {"grade": "measured", "md5": provenance.md5sum(f)}
    side.write_text(yaml.safe_dump(meta))
    provenance.validate_sidecar(f, "raw")
    side.write_text(yaml.safe_dump({k: v for k, v in meta.items() if k != "licence"}))
    with pytest.raises(DataError, match="'licence' is missing"):
        provenance.validate_sidecar(f, "raw")
    side.write_text(yaml.safe_dump(meta | {"grade": "guess"}))
    with pytest.raises(DataError, match="grade 'guess'"):
        provenance.validate_sidecar(f, "raw")
    side.write_text(yaml.safe_dump(meta | {"md5": "0" * 32}))
    with pytest.raises(DataError, match="does not match"):
        provenance.validate_sidecar(f, "raw")


def test_processed_tables_rebuild_byte_identical(tmp_path):
    builders.build_all(tmp_path, echo=lambda _: None)
    for name in data.TABLES:
        for suffix in (".csv", ".csv.meta.yml"):
            fresh = (tmp_path / f"{name}{suffix}").read_bytes()
            committed = (locations.PROCESSED / f"{name}{suffix}").read_bytes()
            assert fresh == committed, f"{name}{suffix} differs from a fresh build: run `make data`"


def test_shenzhen_co2_matches_the_raw_inventory():
    s = data.series("city_co2", SHENZHEN, "co2")
    raw = builders._read_excel(builders.CEADS_CITY_FILE, sheet_name="emission vector")
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
    assert resident[[2020, 2021]].to_dict() == {2020: pytest.approx(17.6338), 2021: pytest.approx(17.6816)}
    wup = pop[pop["variable"] == "population_wup_agglomeration"].set_index("year")
    assert wup.loc[2020, "value"] == pytest.approx(12.35682) and wup.loc[2020, "grade"] == "derived"
    assert wup.loc[2018, "grade"] == "measured"


def test_nbs_value_added_extract_agrees_with_raw_gdp():
    extract = pd.read_csv(builders.NBS_VA_FILE).set_index("year")["国内生产总值(亿元)"]
    raw = builders.nbs_gdp()
    assert extract.round(2).to_dict() == raw.loc[extract.index].round(2).to_dict()


GOOD = "region,year,variable,value,unit,source,grade\n广东深圳,2019,co2,44.2,Mt CO2,ceads_city,measured\n"


@pytest.mark.parametrize(
    "text, message",
    [
        (GOOD.replace("2019", "20x9"), r"row 1, column 'year': '20x9' is not a whole-number year"),
        (GOOD.replace("44.2", "lots"), r"row 1, column 'value': 'lots' is not a number"),
        (GOOD.replace(",measured", ",guess"), r"row 1, column 'grade': 'guess'"),
        (GOOD.replace("region,", "place,"), r"missing column\(s\) \['region'\]"),
        (GOOD + GOOD.splitlines()[1] + "\n", r"row 2: duplicate"),
        (GOOD.replace("Mt CO2", ""), r"row 1, column 'unit': empty"),
        (GOOD.replace("44.2", "nan"), r"not a finite number"),
    ],
)
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
    by_hand = {
        ("sei_value_added", 2024): 15_600,
        ("sei_value_added", 2023): 14_500,
        ("sei_value_added", 2022): 13_000,
        ("lng_bunkering_yantian_ytd", 2025): 28.5,
        ("pv_distributed_capacity", 2024): 0.44,
        ("green_factories_national", 2024): 128,
        ("prefab_share_new_buildings", 2020): 30.7,
        ("prefab_share_new_buildings", 2022): 47,
        ("construction_waste_resource_rate", 2020): 13,
        ("construction_waste_resource_rate", 2022): 28,
        ("industrial_solid_waste_use_rate", 2022): 92,
        ("household_waste_resource_rate", 2022): 87.7,
        ("port_container_throughput", 2022): 3003.56,
        ("port_water_transshipment", 2022): 735,
        ("icv_revenue", 2021): 1066.1,
        ("fast_chargers_public", 2021): 37_000,
        ("rail_length", 2024): 595.1,
        ("forest_cover", 2019): 40.21,
        ("green_coverage_built_up", 2023): 43.09,
        ("mangrove_planted_restored_since_2020", 2023): 25.72,
    }
    for key, value in by_hand.items():
        assert points[key] == pytest.approx(value), key
    # each pattern on the target-figures file matches inside one row's quoted text (the 2023 value, written
    # 1兆4500億元 in its Japanese quote, is matched in the value column of the row carrying that quote)
    rows = pd.read_csv(builders.TARGET_FIGURES_FILE, dtype=str, keep_default_na=False)
    entries = [s for s in specs.point_specs("shenzhen_points") if s.file == builders.TARGET_FIGURES_FILE]
    assert len(entries) == len(by_hand)
    for spec in entries:
        quotes = rows["quote_original"]
        in_quote = quotes.map(lambda quote, pattern=spec.pattern: re.search(pattern, quote) is not None)
        if (spec.variable, spec.year) == ("sei_value_added", 2023):
            assert not in_quote.any() and rows["quote_original"].str.contains("1兆4500億元").sum() == 1
        else:
            assert in_quote.sum() == 1, (spec.variable, spec.year)


def test_a_point_pattern_must_match_once(tmp_path):
    f = tmp_path / "t.txt"
    f.write_text("用电量 5 TWh; 用电量 6 TWh", encoding="utf-8")
    with pytest.raises(DataError, match="matches 2 times"):
        builders._point(f, r"用电量 (\d) TWh")


# --- Second data hunt: county CO2, Carbon Monitor, provincial power, pre-census population, GDP as published ---

EXTRACTED = locations.ROOT.parent / "shared" / "data" / "extracted"
NEW_RAW = ["chen2020", "carbon_monitor", "crea_power", "shenzhen_yearbook"]


def _extract(name: str) -> pd.DataFrame:
    path = EXTRACTED / name
    if not path.exists():
        pytest.skip(f"the data pack's cross-check extract {path} is not beside the repository")
    return pd.read_csv(path)


@pytest.mark.parametrize("source", NEW_RAW)
def test_new_raw_sources_have_sidecars_with_the_pack_md5(source):
    files = [p for p in provenance.raw_files() if p.parent.name == source]
    assert len(files) == 1 and (files[0].parent / "README.md").exists()
    meta = provenance.validate_sidecar(files[0], "raw")
    pack = {
        "chen2020": "2909e4c434d580711560114b3f256dee",
        "carbon_monitor": "4023e5d8fbadfdd3b9ecd62499ba8ecb",
        "crea_power": "f1467530c85d37ee45443cf6c72eaa5f",
        "shenzhen_yearbook": "8a05947c01e37e8ff1cb47540cc797d2",
    }
    assert meta["md5"] == pack[source]  # the md5 the data pack's SOURCES.md lists: copied unchanged


def test_compiled_point_files_say_they_are_compiled():
    for name in ("shenzhen_points_additional_2020_2024.csv", "shenzhen_gdp_official_2010_2024.csv"):
        meta = provenance.validate_sidecar(locations.RAW / "official_points" / name, "raw")
        assert "compiled" in meta["obtained_via"] and meta["grade"] == "official_point"


def test_carbon_monitor_reproduces_the_annual_extract():
    extract = _extract("carbonmonitor_china_guangdong_annual_2019_2025.csv").set_index("year")
    cm = data.load("carbon_monitor").pivot(index="year", columns="variable", values="value")
    complete = extract[extract["months"] == 12]["co2_Mt"]
    assert list(complete.index) == list(cm["co2"].dropna().index) == list(range(2019, 2025))
    np.testing.assert_allclose(cm["co2"].dropna().round(2), complete, atol=0.005)
    assert cm.at[2019, "co2"] == pytest.approx(507.19, abs=0.01)  # SOURCES.md: 2019 507.2
    assert cm.at[2025, "co2_jan_nov"] == pytest.approx(extract.at[2025, "co2_Mt"], abs=0.005)  # 472.9
    assert 2025 not in cm["co2"].dropna().index  # a partial year is never a complete year
    monthly = _extract("carbonmonitor_china_guangdong_monthly_2019_2025.csv")
    jan_nov = monthly[monthly["year_month"].str[5:].astype(int) <= 11].groupby(
        monthly["year_month"].str[:4].astype(int)
    )
    np.testing.assert_allclose(cm["co2_jan_nov"], jan_nov["co2_Mt"].sum(), atol=0.002)


def test_guangdong_power_reproduces_the_extract():
    extract = _extract("guangdong_power_annual_2000_2024_from_crea_wind_nbs.csv").set_index("year")
    power = data.load("guangdong_power").pivot(index="year", columns="variable", values="value")
    columns = {
        "electricity_consumption": "electricity_consumption_TWh",
        "generation_thermal": "thermal_generation_TWh",
        "generation_hydro": "hydro_generation_TWh",
        "generation_nuclear": "nuclear_generation_TWh",
        "generation_solar": "solar_generation_TWh",
        "generation_wind": "wind_generation_TWh",
    }
    for ours, theirs in columns.items():
        both = pd.concat([power[ours], extract[theirs]], axis=1, join="inner").dropna()
        # the extract keeps Guangdong's unpublished 2009 wind as 0.0; the build keeps it a gap
        assert len(both) >= 9, ours
        np.testing.assert_allclose(both[ours], both[theirs], atol=0.006, err_msg=ours)
    consumption = power["electricity_consumption"]
    assert consumption[2019] == pytest.approx(669.6) and consumption[2024] == pytest.approx(912.103)
    assert consumption.dropna().index.min() == 2007 and 2009 not in power["generation_wind"].dropna().index
    assert power["generation_wind"].dropna().index.max() == 2017


def test_generation_total_adds_the_published_sources_and_says_which():
    df = data.load("guangdong_power")
    totals = df[df["variable"] == "generation_total"].set_index("year")
    parts = df[df["variable"].str.startswith("generation_") & (df["variable"] != "generation_total")]
    sums = parts.groupby("year")["value"].sum()
    np.testing.assert_allclose(totals["value"], sums.loc[totals.index], atol=1e-3)
    assert "wind" in totals.at[2017, "unit"] and "wind" not in totals.at[2019, "unit"]


def test_county_co2_reproduces_the_district_extract_and_its_sum():
    extract = _extract("chen2020_county_co2_shenzhen_districts_1997_2017.csv")
    county = data.load("county_co2")
    districts = county[county["variable"] == "co2"]
    assert sorted(districts["region"].unique()) == sorted(builders.SHENZHEN_DISTRICTS.values())
    ours = districts.set_index(["region", "year"])["value"]
    theirs = extract[extract["distcode"] != 440300].set_index(["district_zh", "year"])["co2_Mt"]
    np.testing.assert_allclose(ours.loc[theirs.index], theirs, atol=5e-5)
    total = county[county["variable"] == "co2_districts_sum"].set_index("year")["value"]
    np.testing.assert_allclose(total, extract[extract["distcode"] == 440300].set_index("year")["co2_Mt"], atol=5e-5)
    np.testing.assert_allclose(total, districts.groupby("year")["value"].sum(), atol=1e-6)  # the sum is the sum
    assert list(total.index) == list(range(1997, 2018)) and total[2016] == pytest.approx(36.7343, abs=1e-4)
    comparison = _extract("chen2020_vs_ceads_shenzhen_total_1997_2017.csv").set_index("year")["chen2020_sum_Mt"]
    np.testing.assert_allclose(total.round(3), comparison, atol=6e-4)


def test_gdp_vintages_are_separate_sources_and_real_growth_is_official():
    eco = data.load("shenzhen_economy")
    gdp = eco[eco["variable"] == "gdp"]
    nbs = gdp[gdp["source"] == "nbs_major_cities"]["year"]
    official = gdp[gdp["source"] == "official_points"].set_index("year")["value"]
    assert nbs.max() == 2017 and list(official.index) == list(range(2018, 2026))  # no year from both vintages
    assert official[2018] == pytest.approx(24200) and official[2019] == pytest.approx(26900)
    assert official[2021] == pytest.approx(30664.85) and official[2024] == pytest.approx(36801.87)
    assert official[2020] == pytest.approx(27800) and official[2023] == pytest.approx(34600)
    assert official[2025] == pytest.approx(38730)  # 3.873 trillion yuan as quoted
    growth = eco[eco["variable"] == "gdp_real_growth"].set_index("year")["value"]
    assert set(eco[eco["variable"] == "gdp_real_growth"]["grade"]) == {"official_point"}
    assert growth.to_dict() == {
        2010: 12.0,
        2012: 10.0,
        2013: 10.5,
        2014: 8.8,
        2016: 9.0,
        2017: 8.8,
        2018: 7.6,
        2019: 6.7,
        2020: 3.1,
        2021: 6.7,
        2022: 3.3,
        2023: 6.0,
        2024: 5.8,
        2025: 5.5,
    }
    for item in builders.official_gdp():  # each figure names when and how it was published
        assert item["vintage"].strip()


def test_a_gdp_figure_must_appear_in_its_quoted_text(tmp_path, monkeypatch):
    bad = tmp_path / "gdp.csv"
    text = builders.GDP_OFFICIAL_FILE.read_text(encoding="utf-8").replace(",2.42,trillion", ",2.52,trillion", 1)
    bad.write_text(text, encoding="utf-8")
    monkeypatch.setattr(builders, "GDP_OFFICIAL_FILE", bad)
    with pytest.raises(DataError, match="2.52 does not appear in the quoted text"):
        builders.official_gdp()


def test_population_vintages_are_never_joined():
    pop = data.load("shenzhen_population")
    pre = pop[pop["variable"] == "population_resident_precensus"].set_index("year")["value"]
    assert list(pre.index) == list(range(1979, 2020)) and pre[2019] == pytest.approx(13.4388)
    assert set(pop[pop["variable"] == "population_resident_precensus"]["source"]) == {"shenzhen_yearbook"}
    post = pop[pop["variable"] == "population_resident"].set_index("year")["value"]
    assert post.to_dict() == {
        2020: pytest.approx(17.6338),
        2021: pytest.approx(17.6816),
        2022: pytest.approx(17.6618),
        2023: pytest.approx(17.7901),
        2024: pytest.approx(17.9895),
        2025: pytest.approx(18.2485),
    }
    assert not set(pre.index) & set(post.index)
    census = pop[pop["variable"] == "population_census"].set_index("year")["value"]
    assert census.to_dict() == {2020: pytest.approx(17.56)}


def test_additional_points_trace_to_their_text():
    points = data.load("shenzhen_points").set_index(["variable", "year"])["value"]
    assert points[("electricity_consumption_q1", 2023)] == pytest.approx(20.54)
    assert points[("electricity_growth_jan_sep", 2024)] == pytest.approx(7.8)
    assert points[("electricity_consumption_jan_sep", 2024)] == pytest.approx(92.78)
    assert points[("rail_length", 2025)] == pytest.approx(600)


def test_unpublished_months_in_the_power_export_stay_gaps(tmp_path, monkeypatch):
    text = builders.CREA_FILE.read_text(encoding="utf-8-sig")
    assert text.count("66,960,000.00") == 1  # Guangdong's consumption, December 2019 year-to-date
    bad = tmp_path / "power.csv"
    bad.write_text(text.replace("66,960,000.00", "0.00"), encoding="utf-8")
    monkeypatch.setattr(builders, "CREA_FILE", bad)
    df, _ = builders.build_guangdong_power()
    consumption = df[df["variable"] == "electricity_consumption"].set_index("year")["value"]
    assert 2019 not in consumption.index and consumption[2020] == pytest.approx(692.6)
