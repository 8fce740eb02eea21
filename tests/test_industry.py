"""Industry chapter logic: the proxy arithmetic, decompositions and scenarios."""

import pytest

from carbonpeak import assumptions, data, industry


def test_proxy_is_total_times_guangdong_share_times_scale():
    h = industry.co2_history(0.5).set_index("year")
    gd = data.load("guangdong_sector_co2").pivot(index="year", columns="variable", values="value")
    expected = 44.263193 * gd.at[2019, "co2_industry_incl_process"] / gd.at[2019, "co2_total"] * 0.5
    assert h.at[2019, "value"] == pytest.approx(expected, rel=1e-6)
    a = assumptions.get("industry_share_scale")
    assert h.at[2019, "low"] == pytest.approx(expected / 0.5 * a.low, rel=1e-6)


def test_history_lmdi_is_exact():
    df = industry.intensity_history(1.0).set_index("year")
    effects = industry.history_lmdi(1.0, 2008, 2016)
    assert effects.sum() == pytest.approx(df.at[2016, "co2_Mt"] - df.at[2008, "co2_Mt"], rel=1e-10)


def test_plan_differs_from_trend_only_by_the_carbon_content_of_energy():
    centres = {n: assumptions.get(n).default for n in industry.DRAWN}
    gap = industry.plan_vs_trend_lmdi(centres, 2030)
    assert gap["value added"] == pytest.approx(0) and gap["energy per value added"] == pytest.approx(0)
    assert gap["CO2 per energy"] < 0
    s = industry.scenario_summary(centres, 2000, 3, 2030, (0.8,)).set_index(["scenario", "year"])["mean"]
    assert s[("plan", 2030)] < s[("trend", 2030)]
    # the same rates give the same path: the scenarios share value added and efficiency
    assert industry.SCENARIO_RATES["trend"]["value added"] == industry.SCENARIO_RATES["plan"]["value added"]
    assert (industry.SCENARIO_RATES["trend"]["energy per value added"]
            == industry.SCENARIO_RATES["plan"]["energy per value added"])


def test_scenarios_are_seeded():
    centres = {n: assumptions.get(n).default for n in industry.DRAWN}
    a = industry.scenario_summary(centres, 500, 9, 2035, (0.8, 0.95))
    b = industry.scenario_summary(centres, 500, 9, 2035, (0.8, 0.95))
    assert a.equals(b)
    assert (a["lower_95"] <= a["mean"]).all() and (a["mean"] <= a["upper_95"]).all()


def test_industry_targets_are_listed_and_scored_where_a_pace_exists():
    board = industry.scorecard_table().set_index("id")
    assert len(board) == 13
    assert set(board.index[board["status"] != "no data"]) == {"I01"}  # strategic emerging industries 2023-24
