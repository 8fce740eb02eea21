"""The industry chapter against the model and hand calculations: two vintages never spliced, the proxy by
hand, value added that reproduces the model's own, intensity indices, the footprint's identity, targets."""

import numpy as np
import pytest

from carbonpeak import data
from carbonpeak.model import runs, summary, timeline
from carbonpeak.pages import common, industry

DRAWS, SEED = 300, 5


@pytest.fixture(scope="module")
def ens():
    return common.run("baseline,plan,accelerated", DRAWS, SEED, 2035)


def test_value_added_vintages_stay_apart():
    rec = industry.value_added_record()
    nbs = rec[rec["series"] == industry.vintage("nbs_major_cities")]
    post = rec[rec["series"] == industry.vintage("official_points")]
    assert (nbs["year"].min(), nbs["year"].max()) == (2007, 2017) and set(nbs["grade"]) == {"measured"}
    assert post["year"].tolist() == [2022] and set(post["grade"]) == {"official_point"}
    assert not set(nbs["year"]) & set(post["year"])  # no year carries both vintages
    assert post["share of GDP"].iloc[0] == pytest.approx(12405.88 / 32387.68)


def test_proxy_history_by_hand():
    h = industry.proxy_history().set_index("year")
    gd = data.load("guangdong_sector_co2").pivot(index="year", columns="variable", values="value")
    sz = data.series("city_co2", "广东深圳", "co2")
    assert h.at[2019, "value"] == pytest.approx(
        sz[2019] * gd.at[2019, "co2_industry_incl_process"] / gd.at[2019, "co2_total"]
    )
    assert 2017 not in h.index  # CEADs' gap year stays a gap


def test_value_added_reproduces_the_models_industry(ens):
    """Fuel CO2 / value added must change exactly at the drawn fuel-intensity rates: the helper's value added
    is the model's own (the baseline: the plan's energy-intensity lever cuts fuel on top of the rates)."""
    name = "baseline"
    r = ens.results[name]
    va = summary.value_added(ens, name)
    assert np.allclose(va["industry"][:, 0], 1) and np.allclose(va["services"][:, 0], 1)
    ratio = r.parts["industry fuel"] / va["industry"] / np.exp(r.discrepancy)  # the structural discrepancy aside
    v = ens.scenarios[name].inputs().draw(DRAWS, SEED)
    rates = timeline.assumption_path(v, "industry_fuel_intensity_change", r.years, runs.milestones())
    np.testing.assert_allclose(ratio[:, 1:] / ratio[:, :-1] - 1, rates[:, 1:], rtol=1e-9, atol=1e-12)
    # GDP is shared out: industry's and services' value added weighted by the base-year share give GDP
    share = timeline.assumption_path(
        v, "secondary_share", r.years, runs.milestones(), runs.calibration()[1].secondary_share
    )
    s0 = share[:, [0]]
    np.testing.assert_allclose(s0 * va["industry"] + (1 - s0) * va["services"], r.gdp, rtol=1e-12)


def test_intensity_index_by_hand(ens):
    df = industry.intensity(ens, "co2")
    assert np.allclose(df.loc[df["year"] == 2019, "median"], 100)
    r = ens.results["plan"]
    va = summary.value_added(ens, "plan")["industry"]
    co2 = industry.industry_co2(r)
    by_hand = np.median(100 * (co2[:, 11] / va[:, 11]) / (co2[:, 0] / va[:, 0]))
    assert common.median_at(df, "plan", 2030) == pytest.approx(by_hand)


def test_attributed_electricity_adds_up_to_the_supply_co2(ens):
    r = ens.results["baseline"]
    total = sum(common.attributed_electricity_co2(r, [u]) for u in r.demand)
    np.testing.assert_allclose(total, r.parts["power plants"] + r.imported, rtol=1e-12)


def test_paths_table_reads_the_run(ens):
    t = industry.paths_table(ens, [2030], 0.8).df
    row = t[(t["quantity"] == "electricity (TWh)") & (t["scenario"] == "plan")].iloc[0]
    values = ens.results["plan"].demand["industry"][:, 11]
    lo, hi = np.quantile(values, [0.1, 0.9])
    assert row["2030"] == f"{np.median(values):.1f} ({lo:.1f} to {hi:.1f})"
    assert common.cell_median(row["2030"]) == pytest.approx(np.median(values), abs=0.051)


def test_industry_targets_are_listed_and_scored_where_a_pace_exists():
    board = industry.scorecard().set_index("id")
    assert board.at["I01", "status"] == "on track"
    assert (board.drop("I01")["status"] == "no data").all()
    assert {"I01", "G01"} <= set(board.index)


def test_key_numbers_and_findings(ens):
    n = industry.key_numbers(ens)
    r = ens.results["baseline"]
    assert n["baseline/part/industry_fuel/2030/median_mt"] == round(
        float(np.median(r.parts["industry fuel"][:, 11])), 1
    )
    assert n["baseline/demand/industry/2025/median_twh"] == round(float(np.median(r.demand["industry"][:, 6])), 1)
    text = industry.key_findings(ens, industry.proxy_history(), industry.value_added_record()).markdown()
    assert "38.3 %" in text and f"{n['accelerated/part/industry_fuel/2030/median_mt']:g} Mt (accelerated)" in text
