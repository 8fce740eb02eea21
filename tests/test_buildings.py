"""Buildings: the boundary switch, the electricity projection and the plan levers."""

import numpy as np
import pytest

from carbonpeak import assumptions, buildings


def draws_at_defaults():
    return {n: np.array([assumptions.get(n).default]) for n in buildings.DRAWN}


def test_building_share_is_tertiary_plus_residential():
    assert buildings.building_share() == pytest.approx(0.368 + 0.162)


def test_boundary_switch_for_buildings():
    d = draws_at_defaults()
    trend = buildings.paths("trend", d, 2030, seed=1)
    indirect = trend["with_imports"] - trend["territorial"]
    np.testing.assert_allclose(indirect, trend["electricity"] * 0.70 * 0.442)
    # territorially, buildings are only the fuel they burn: the 2019 proxy level, held in the trend
    np.testing.assert_allclose(trend["territorial"], buildings.direct_2019(1.0))
    assert indirect[0, -1] > 3 * trend["territorial"][0, -1]


def test_record_years_are_the_record():
    years, elec = buildings.electricity_draws(2030, 50, seed=2)
    assert years[:4].tolist() == [2020, 2021, 2022, 2023]
    assert elec[:, 1] == pytest.approx(110.3 * 0.53)  # 2021 official figure x share, for every draw
    assert elec[:, 5].std() > 0  # projected years vary


def test_plan_levers_by_hand():
    d = draws_at_defaults()
    trend = buildings.paths("trend", d, 2032, seed=3)
    plan = buildings.paths("plan", d, 2032, seed=3)
    years = trend["years"]
    ratio = plan["electricity"] / trend["electricity"]
    assert ratio[0, years.tolist().index(2023)] == pytest.approx(1.0)
    assert ratio[0, years.tolist().index(2030)] == pytest.approx(0.97)
    assert ratio[0, years.tolist().index(2032)] == pytest.approx(0.97)
    fuel = plan["territorial"][0, years.tolist().index(2025)] / trend["territorial"][0, 0]
    assert fuel == pytest.approx(0.98 ** 2)


def test_projection_uses_statsmodels_loglinear():
    p = buildings.electricity_projection(2030, (0.8,))
    assert p.attrs["method"] == "loglinear" and p["year"].tolist()[0] == 2024
