"""The buildings chapter against the model and hand calculations: published uses, the footprint, the
green-building record, the targets and the run's numbers."""

import numpy as np
import pytest

from carbonpeak import data
from carbonpeak.pages import buildings, common

DRAWS, SEED = 300, 8


@pytest.fixture(scope="module")
def ens():
    return common.run("baseline,plan", DRAWS, SEED, 2030)


def test_published_uses_by_hand():
    s = buildings.published_use("services").set_index("year")["value"]
    h = buildings.published_use("households").set_index("year")["value"]
    assert s[2023] == pytest.approx(0.368 * 112.86)
    assert h[2020] == pytest.approx(0.1571 * data.point("electricity_consumption", 2020))


def test_model_uses_and_fuel_read_the_run(ens):
    r = ens.results["plan"]
    t = buildings.paths_table(ens, [2030], 0.8).df.set_index(["quantity", "scenario"])
    assert common.cell_median(t.at[("households' electricity (TWh)", "plan"), "2030"]) == pytest.approx(
        np.median(r.demand["households"][:, 11]), abs=0.051
    )
    assert common.cell_median(t.at[("building fuel CO2 (Mt)", "plan"), "2030"]) == pytest.approx(
        np.median(r.parts["buildings"][:, 11]), abs=0.006
    )
    # the plan electrifies cooking and hot water: less fuel than the baseline by 2030 (median)
    assert np.median(r.parts["buildings"][:, 11]) < np.median(ens.results["baseline"].parts["buildings"][:, 11])


def test_footprint_is_fuel_plus_a_share_of_the_supply_co2(ens):
    r = ens.results["baseline"]
    f = buildings.footprint(r)
    share = (r.demand["services"] + r.demand["households"]) / sum(r.demand.values())
    np.testing.assert_allclose(f["electricity"], share * (r.parts["power plants"] + r.imported))
    np.testing.assert_array_equal(f["fuel"], r.parts["buildings"])
    table = buildings.footprint_table(ens, 2030).df.set_index("scenario")
    assert float(table.at["baseline", "fuel burnt in buildings (Mt CO2)"]) == pytest.approx(
        np.median(r.parts["buildings"][:, 11]), abs=0.051
    )


def test_green_building_record():
    g = buildings.green_buildings()
    assert g["year"].tolist() == sorted(g["year"]) and g["year"].iloc[0] == 2012
    assert set(g["grade"]) == {"official_point"}


def test_building_targets_scored_where_a_pace_exists():
    board = buildings.scorecard().set_index("id")
    assert set(board.index[board["status"] != "no data"]) == {"B03", "B07"}
    assert board.at["B03", "central"] == pytest.approx(50.5, abs=0.3)


def test_key_numbers_and_checks(ens):
    n = buildings.key_numbers(ens)
    r = ens.results["baseline"]
    assert n["baseline/demand/services/2030/median_twh"] == round(float(np.median(r.demand["services"][:, 11])), 1)
    assert n["plan/part/buildings/2025/median_mt"] == round(
        float(np.median(ens.results["plan"].parts["buildings"][:, 6])), 1
    )
    text = buildings.services_check(ens)
    assert f"{0.368 * 112.86:.1f} TWh" in text
