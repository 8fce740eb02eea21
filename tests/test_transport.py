"""Transport: the diffusion fit on its points, the plan path, the boundary switch, build-out pace."""

import numpy as np
import pytest

from carbonpeak import assumptions, transport
from carbonpeak.errors import ModelError


def centres():
    return {n: assumptions.get(n).default for n in (*transport.DRAWN, "pace_spread")}


def test_diffusion_fit_by_hand():
    pts = transport.nev_points()
    assert pts["value"].tolist() == [80828, 362000, 544000, 1190000]
    fit, k = transport.fit_diffusion(4.0)
    y = np.log(pts["value"] / (k - pts["value"]))
    slope, intercept = np.polyfit(pts["t"], y, 1)
    assert fit.params[1] == pytest.approx(slope) and fit.params[0] == pytest.approx(intercept)
    assert fit.nobs == 4 and fit.df_resid == 2
    central = transport.central_nev(4.0, [2023])[0]  # end of 2023 lies between the 2022.0 and 2024.8 points
    assert 544000 < central < 1190000


def test_saturation_below_the_record_is_refused():
    with pytest.raises(ModelError, match="below an observed NEV stock"):
        transport.fit_diffusion(1.0)


def test_diffusion_intervals_widen_and_stay_below_saturation():
    d = transport.diffusion(4.0, [2025, 2030], (0.8, 0.95))
    assert (d["lower_95"] < d["lower_80"]).all() and (d["upper_80"] < d["upper_95"]).all()
    assert (d["upper_95"] < 4e6).all()


def test_plan_path_goes_through_the_targets():
    path = transport.plan_nev([2025, 2030, 2035], 4.0)
    assert path[0] == pytest.approx(1_300_000) and path[1] == pytest.approx(2_000_000)
    assert path[2] == pytest.approx(2_000_000 + 700_000)  # the 2025-2030 pace continued


def test_boundary_switch_adds_only_nev_electricity():
    draws = {n: np.array([v]) for n, v in centres().items()}
    years = np.array([2025, 2030])
    p = transport.paths("plan", draws, years, seed=1)
    ev = p["with_imports"] - p["territorial"]
    steps = years - 2019
    expected = p["nev"] * 2000 / 1e9 * 0.70 * 0.442 * (1 - 0.036) ** steps
    np.testing.assert_allclose(ev, expected, rtol=1e-9)


def test_base_year_road_co2_is_calibrated_to_the_proxy():
    draws = {n: np.array([v]) for n, v in centres().items()}
    p = transport.paths("trend", draws, np.array([2019]), seed=1)
    assert p["territorial"][0, 0] == pytest.approx(transport.transport_2019(1.0), rel=1e-9)


def test_pace_draws_by_hand():
    d = transport.pace_draws("rail_length", 2018, 2021, 2019.0, 2022.0, 2026.0, 0.0001, 1000, 3)
    assert np.median(d) == pytest.approx(431 + (431 - 265) / 3 * 4, rel=1e-3)


def test_scenarios_are_seeded():
    a = transport.scenario_summary(centres(), 300, 5, 2030, (0.8,))
    b = transport.scenario_summary(centres(), 300, 5, 2030, (0.8,))
    assert a.equals(b)


def test_nev_targets_scored_from_the_fit():
    pr = transport.target_projections(centres(), 500, 2)
    board = transport.scorecard_table(pr).set_index("id")
    assert board.loc["R08", "status"] != "no data" and board.loc["R12", "basis"] == "from 500 draws"
    assert board.loc["R09", "status"] == "no data"
