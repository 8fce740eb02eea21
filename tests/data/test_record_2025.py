"""The record to 2025: the 2023-2025 bulletins, electricity to 2025 by sector, the MEE/NBS grid factors and the
grade of the commentary's figures, each checked against the words of its raw file or an identity."""

import re

import pandas as pd
import pytest

from carbonpeak import data, locations
from carbonpeak.data import provenance

NEW_FILE = locations.RAW / "official_points" / "shenzhen_points_2023_2025.csv"
GRID_FILE = locations.RAW / "mee_grid_factors" / "mee_nbs_electricity_co2_factors_2021_2023.csv"


def _raw(path=NEW_FILE) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _quote(indicator: str, year: str) -> str:
    raw = _raw()
    hit = raw[raw["indicator"].str.startswith(indicator) & (raw["year"] == year)]
    assert len(hit) == 1, (indicator, year)
    return hit["quote_original"].iloc[0]


def test_every_new_row_carries_its_quote_and_the_number_is_in_it():
    raw = _raw()
    assert provenance.validate_sidecar(NEW_FILE, "raw")["grade"] == "official_point"
    for row in raw.to_dict("records"):
        assert row["quote_original"] and row["reliability_note"] and row["where_seen (stored page URL)"]
        first = row["value"].split(";")[0].strip()
        assert first in row["quote_original"].replace(",", ""), (row["indicator"], row["year"])


def test_residents_follow_the_bulletins_and_their_stated_increases():
    pop = data.series("shenzhen_population", "广东深圳", "population_resident")
    # increases stated in the quotes (万人), an independent route from the stated levels
    increases = {}
    for year in ("2023", "2024", "2025"):
        text = _quote("Permanent resident population", year)
        increases[int(year)] = float(re.search(r"增加([\d.]+)万", text).group(1)) / 100
    for year, step in increases.items():
        assert pop[year] - pop[year - 1] == pytest.approx(step, abs=1e-6), year
    assert pop[2024] == pytest.approx(17.9895) and pop[2024] != pytest.approx(17.99)  # not the LOW 1799万
    assert set(pop.attrs["grades"]) == {"official_point"}


def test_the_2024_bulletin_confirms_the_gdp_the_build_reads():
    eco = data.load("shenzhen_economy")
    official = eco[eco["source"] == "official_points"].set_index(["variable", "year"])["value"]
    text = _quote("GDP (current prices) and real growth (statistical bulletin)", "2024")
    level, rate = re.search(r"生产总值([\d.]+)亿元，比上年增长([\d.]+)%", text).groups()
    assert official[("gdp", 2024)] == pytest.approx(float(level))
    assert official[("gdp_real_growth", 2024)] == pytest.approx(float(rate))
    assert official[("gdp", 2025)] / official[("gdp", 2024)] > 1  # nominal growth, as a plain sanity bound


def test_electricity_2025_adds_up_and_its_shares_match_its_sectors():
    sec = data.load("shenzhen_electricity_sectors").pivot(index="year", columns="variable", values="value")
    total = data.point("electricity_consumption", 2025)
    assert total == pytest.approx(127.215)
    sectors = sec.loc[2025, ["electricity_secondary", "electricity_tertiary", "electricity_residential"]]
    primary = data.point("electricity_share_primary", 2025) / 100 * total
    assert sectors.sum() + primary == pytest.approx(total, abs=0.01)  # 1271.55 + 0.64 ~ 1272.15 亿kWh
    for sector in ("secondary", "tertiary", "residential"):
        share = data.point(f"electricity_share_{sector}", 2025)
        assert 100 * sec.at[2025, f"electricity_{sector}"] / total == pytest.approx(share, abs=0.06)


def test_the_sector_split_of_2022_and_2024_agrees_with_the_totals_derived_another_way():
    sec = data.load("shenzhen_electricity_sectors")
    wide = sec.pivot(index="year", columns="variable", values="value")
    grades = sec.set_index(["variable", "year"])["grade"]
    parts = ["electricity_secondary", "electricity_tertiary", "electricity_residential"]
    for year in (2022, 2024):
        assert {grades[(p, year)] for p in parts} == {"derived"} and grades[("electricity_total", year)] == "derived"
        # sectors from each sector's growth, total from the total's growth: primary use (~0.1 %) is the gap
        assert wide.loc[year, parts].sum() == pytest.approx(wide.at[year, "electricity_total"], rel=0.003)
    # by hand: 112.86 / 1.051 and 127.215 / 1.0471
    assert wide.at[2022, "electricity_total"] == pytest.approx(107.3834, abs=1e-4)
    assert wide.at[2024, "electricity_total"] == pytest.approx(121.4927, abs=1e-4)
    # the January-September route to 2024 (112.86 x 1.078) lands within 0.2 %
    jan_sep = data.point("electricity_consumption", 2023) * (1 + data.point("electricity_growth_jan_sep", 2024) / 100)
    assert wide.at[2024, "electricity_total"] == pytest.approx(jan_sep, rel=0.002)
    assert 2025 in wide.index and grades[("electricity_total", 2025)] == "official_point"


def test_grid_factors_read_by_hand_and_as_the_press_reported_their_changes():
    gf = data.load("grid_factors").set_index(["region", "variable", "year"])["value"]
    avg = "grid_ef_average"
    assert gf[("广东", avg, 2023)] == 0.4419 and gf[("南方区域", avg, 2023)] == 0.4042
    assert gf[("中国", avg, 2023)] == 0.5306 and gf[("中国", avg, 2022)] == 0.5366
    # 光明日报: national -1.1 %, Southern grid +4.5 %, Guangdong rose in 2023
    assert round(100 * (gf[("中国", avg, 2023)] / gf[("中国", avg, 2022)] - 1), 1) == -1.1
    assert round(100 * (gf[("南方区域", avg, 2023)] / gf[("南方区域", avg, 2022)] - 1), 1) == 4.5
    assert gf[("广东", avg, 2023)] > gf[("广东", avg, 2022)]
    assert set(data.load("grid_factors")["grade"]) == {"official_point"}


def test_the_models_published_factors_agree_with_the_grid_factor_table():
    model = pd.read_csv(locations.RAW / "literature" / "model_parameters_published.csv").set_index("id")["value"]
    gf = data.load("grid_factors").set_index(["region", "variable", "year"])["value"]
    regions = {"guangdong": "广东", "southern": "南方区域"}
    pairs = [(i, v) for i, v in model.items() if i.startswith(("grid_ef_guangdong_", "grid_ef_southern_"))]
    assert len(pairs) >= 5
    for ident, value in pairs:
        region, year = regions[ident.split("_")[2]], int(ident[-4:])
        assert gf[(region, "grid_ef_average", year)] == value, ident


def test_the_west_east_statement_and_the_virtual_power_plant_are_points_with_their_source():
    assert data.point("west_east_clean_power_absorbed", 2020) == 40
    assert data.point("vpp_adjustable_capacity", 2025) == 1
    raw = _raw(locations.RAW / "official_points" / "shenzhen_quoted_official_figures.csv")
    row = raw[raw["indicator"] == "West-East clean power absorbed annually"]
    assert row["original_publisher_or_document"].iloc[0] == "CSG Shenzhen Power Supply Bureau"
