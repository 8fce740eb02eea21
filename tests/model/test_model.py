"""The city model: identities over the parameter space, the 2019 calibration, a known turning point, the
vehicle stock, milestone paths, median-centred draws, scenario files as overrides, the hindcast without
look-ahead and Sobol indices that find the driver."""

import dataclasses

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from carbonpeak import data
from carbonpeak.analysis import level
from carbonpeak.errors import ParameterError
from carbonpeak.inputs import scenarios
from carbonpeak.inputs.scenarios import from_fields, parse
from carbonpeak.model import base, core, draws, hindcast, outcomes, runs, sensitivity, summary, timeline, vehicles

CEADS_2019 = float(data.series("city_co2", "广东深圳", "co2")[2019])


def baseline_settings() -> dict:
    return scenarios.load("baseline").settings()


def simulate(u: dict, settings=None, last_year: int = 2035) -> core.Result:
    settings = settings or baseline_settings()
    base_year, obs = runs.calibration()
    return core.simulate(draws.values(settings, u), base_year, obs, last_year, runs.milestones())


def at_quantile(q: float, n: int = 1, settings=None) -> dict:
    return {k: np.full(n, q) for k in (settings or baseline_settings())}


# ---- identities over the parameter space --------------------------------------------------------------

NAMES = core.ALL_NAMES


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.floats(0.0, 1.0), min_size=len(NAMES), max_size=len(NAMES)))
def test_identities_hold_for_any_draw(us):
    u = {name: np.array([x]) for name, x in zip(NAMES, us)}
    r = simulate(u)
    for part, values in {**r.parts, **r.supply, **r.demand}.items():
        assert np.isfinite(values).all() and (values >= -1e-9).all(), part
    # supply equals demand every year; sectors add up to the totals
    np.testing.assert_allclose(sum(r.supply.values()), sum(r.demand.values()), rtol=1e-12)
    np.testing.assert_allclose(r.territorial, sum(r.parts.values()), rtol=1e-12)
    np.testing.assert_allclose(r.with_imports, r.territorial + r.supply["imports"] * r.import_ef, rtol=1e-12)
    # the base year is the calibration: the filtered level, the record's 2019 value as recorded, the
    # commentary's imports, in every draw
    level = runs.calibration()[0].level
    assert r.territorial[0, 0] == pytest.approx(np.exp(level.mean[0]), rel=1e-12)
    assert r.recorded[0, 0] == pytest.approx(CEADS_2019, rel=1e-7)  # the filtered state, to 9 digits
    drawn = draws.values({"imported_twh_2019": baseline_settings()["imported_twh_2019"]}, u)["imported_twh_2019"]
    assert r.supply["imports"][0, 0] == pytest.approx(float(drawn[0]), rel=1e-12)
    assert (r.supply["nuclear (bought)"] >= 0).all()
    assert (r.fleet.nev <= r.fleet.total + 1e-6).all()


def test_intervals_are_ordered():
    r = runs.run([scenarios.load("plan")], 400, 3, 2035).results["plan"]
    b = summary.bands(r.with_imports, r.years, (0.8, 0.95))
    assert (b["lower_95"] <= b["lower_80"]).all() and (b["lower_80"] <= b["median"]).all()
    assert (b["median"] <= b["upper_80"]).all() and (b["upper_80"] <= b["upper_95"]).all()


# ---- the 2019 calibration -------------------------------------------------------------------------------


def test_2019_balance_reproduces_the_reconciliation_by_hand():
    r = simulate(at_quantile(0.5))
    e2019 = data.point("electricity_consumption", 2020) / (1 + data.point("electricity_growth", 2020) / 100)
    assert sum(r.demand.values())[0, 0] == pytest.approx(e2019, abs=1e-4)  # 98.334 / 1.0106 = 97.30 TWh (to 0.1 GWh)
    assert r.supply["imports"][0, 0] == pytest.approx(47.7)
    assert r.imported[0, 0] == pytest.approx(47.7 * 0.442)  # 21.08 Mt, the commentary's boundary gap
    assert r.with_imports[0, 0] == pytest.approx(runs.calibration()[0].co2_total + 47.7 * 0.442)
    # bought nuclear = 70 % of demand less the carbon-bearing imports; local plants make the other 30 %
    assert r.supply["nuclear (bought)"][0, 0] == pytest.approx(0.70 * e2019 - 47.7)
    local = r.supply["coal"] + r.supply["gas"] + r.supply["waste-to-energy"] + r.supply["solar PV"]
    assert local[0, 0] == pytest.approx(0.30 * e2019)
    # coal and gas split by capacity x typical hours: 1.96 GW x 4300 h against 6 GW x 3000 h
    ratio = r.supply["coal"][0, 0] / r.supply["gas"][0, 0]
    assert ratio == pytest.approx(1.96 * 4300 / (6.0 * 3000))


def test_recent_years_use_the_observed_electricity():
    r = simulate(at_quantile(0.2, 3))
    demand = sum(r.demand.values())
    for year, value in base.electricity_record().items():
        j = int(np.nonzero(r.years == year)[0][0])
        np.testing.assert_allclose(demand[:, j], value, rtol=1e-12)


def test_guangdong_structure_reallocates_vehicle_fuel_out_of_buildings():
    gd = base.guangdong_structure(2019)
    fuel = pd.read_csv(data.table_path("guangdong_sector_fuel_co2"))
    fuel = fuel[fuel["year"] == 2019].set_index("variable")["value"]
    cars = gd[gd["part"] == "road: cars"]["co2"].sum()
    assert cars == pytest.approx(
        fuel["transport:gasoline"] + fuel["residential:gasoline"] + fuel["commercial_services:gasoline"]
    )
    buildings = gd[gd["part"] == "buildings"]["co2"].sum()
    assert "gasoline" not in set(gd[gd["part"] == "buildings"]["fuel"]) and buildings > 0
    # nothing lost: the parts add up to Guangdong's total less power and heat
    total = sum(fuel[k] for k in fuel.index if not k.startswith("power_heat:"))
    assert gd["co2"].sum() == pytest.approx(total)


# ---- a known turning point --------------------------------------------------------------------------------


def point(setting: draws.Setting, value=None) -> draws.Setting:
    """``setting`` as a single value (its default unless given) with no range."""
    v = setting.default if value is None else value
    v = list(v) if isinstance(v, tuple) else v
    return draws.override(setting, v, v, v, "test")


def flat_settings() -> dict:
    """Every assumption fixed; growth and intensity paths at zero, multipliers at one, the industry share
    constant: only the gas build moves territorial CO2, and it rises to 2026 and is then retired."""
    s = {name: point(x) for name, x in baseline_settings().items()}
    for name, x in s.items():
        if name.endswith(("_growth", "_change", "_growth_path")) and name != "wte_capacity_growth":
            s[name] = point(
                x,
                [1.0 if name in ("gas_hours_change", "coal_generation_change") else 0.0] * len(x.milestones)
                if x.is_path
                else 0.0,
            )
    s["wte_capacity_growth"] = point(s["wte_capacity_growth"], 0.0)
    s["secondary_share"] = point(s["secondary_share"], [0.383] * 3)
    s["pv_capacity_gw"] = point(s["pv_capacity_gw"], [0.3] * 4)
    s["nev_fuel_fraction"] = draws.override(
        s["nev_fuel_fraction"], 1.0, 1.0, 1.0, "test"
    )  # the fleet mix does not matter
    # milestone years 2023, 2025, 2026, 2030, 2035: capacity peaks in 2026 at a height that differs by draw
    s["gas_capacity_added_gw"] = draws.override(
        s["gas_capacity_added_gw"],
        [0.0, 2.0, 3.0, 0.0, 0.0],
        [0.0, 1.0, 1.5, 0.0, 0.0],
        [0.0, 3.0, 4.5, 0.0, 0.0],
        "test",
    )
    return s


def test_a_scenario_with_a_known_turning_point_peaks_there(monkeypatch):
    s = flat_settings()
    # no observed drivers after 2019 in this test: only the gas build moves the path
    # and a base level that starts on the 2019 record, so the record and the path meet without a deviation
    b = base.base_year()
    b = dataclasses.replace(b, level=dataclasses.replace(b.level, mean=np.array([np.log(CEADS_2019), 0, 0, 0])))
    monkeypatch.setattr(
        runs,
        "calibration",
        lambda: (
            b,
            core.Observed(
                vehicle_stock=base.observed().vehicle_stock,
                nev_share_years=(2022, 2023, 2024),
                nev_shares=(0.57, 0.679, 0.759),
            ),
        ),
    )
    r = simulate({k: np.linspace(0.05, 0.95, 50) for k in s}, s)
    r.record_deviation = np.zeros_like(r.record_deviation)  # judge the path itself, not a record of it
    st_ = outcomes.apply_rule(r, "territorial", "n_years", 5, rule_start=2019)
    assert (st_["year"] == 2026).all() and st_["peaked"].all()
    shares = outcomes.peak_year_shares(st_, 2019, 2035)
    assert shares[2026] == 1.0 and shares.drop(2026).sum() == 0.0


# ---- drivers, draws and the fleet ------------------------------------------------------------------------


def test_milestone_path_by_hand():
    path = timeline.milestone_path([2025, 2035], [[0.05, 0.03]], np.arange(2022, 2038), {2022: 0.02, 2023: 0.04})
    expected = [0.02, 0.04, 0.045, 0.05] + [0.05 - 0.002 * k for k in range(1, 11)] + [0.03, 0.03]
    np.testing.assert_allclose(path[0], expected, atol=1e-12)
    idx = timeline.index_from_rates(np.full((1, 3), 0.1), [2019, 2020, 2021], 2019)
    np.testing.assert_allclose(idx[0], [1.0, 1.1, 1.21])


def test_draws_have_the_stated_value_as_median_and_stay_in_range():
    s = baseline_settings()
    v = draws.Inputs("baseline", s).draw(20001, 11)
    for name in ("import_ef_2019", "vehicle_lifetime", "coal_ef"):
        a = s[name]
        assert np.median(v[name]) == pytest.approx(a.default, abs=0.01 * (a.high - a.low))
        assert v[name].min() >= a.low and v[name].max() <= a.high
    path = v["gdp_growth"]  # a path: one uniform number moves every milestone together
    assert np.all(np.diff(np.argsort(path[:, 0])) != 0) and np.corrcoef(path[:, 0], path[:, -1])[0, 1] > 0.99


def test_each_assumption_has_its_own_stream():
    a = draws.uniforms(["gdp_growth", "coal_ef"], 5, 7)
    b = draws.uniforms(["coal_ef", "wte_hours", "gdp_growth"], 5, 7)
    np.testing.assert_array_equal(a["coal_ef"], b["coal_ef"])
    np.testing.assert_array_equal(a["gdp_growth"], b["gdp_growth"])
    assert not np.array_equal(a["coal_ef"], draws.uniforms(["coal_ef"], 5, 8)["coal_ef"])


def split_triangular_cdf(x, low, mid, high):
    """The stated distribution by another route: half the mass on scipy's triangular distribution over
    [low, mid] with its mode at mid, half on the one over [mid, high] with its mode at mid."""
    from scipy.stats import triang

    below = triang(c=1.0, loc=low, scale=mid - low).cdf(np.minimum(x, mid)) if mid > low else (x >= low)
    above = triang(c=0.0, loc=mid, scale=high - mid).cdf(np.maximum(x, mid)) if high > mid else (x >= mid)
    return 0.5 * below + 0.5 * above


def draws_ks_distance(low, mid, high, n=20_001):
    """Kolmogorov-Smirnov distance between the sampler's draws at evenly spaced uniforms and the stated CDF."""
    u = (np.arange(n) + 0.5) / n
    x = np.sort(draws.split_triangular(u, low, mid, high))
    f = split_triangular_cdf(x, low, mid, high)
    return float(max(np.max(np.arange(1, n + 1) / n - f), np.max(f - np.arange(n) / n)))


def test_split_triangular_worked_example():
    """low 0, mid 2, high 6: the lower half is a triangle rising to the median, so a quarter of its mass lies
    below half its width: Q(0.125) = 1; by symmetry of the upper half, Q(0.875) = 6 - 4 / 2 = 4."""
    q = draws.split_triangular(np.array([0.0, 0.125, 0.5, 0.875, 1.0]), 0.0, 2.0, 6.0)
    np.testing.assert_allclose(q, [0.0, 1.0, 2.0, 4.0, 6.0], atol=1e-12)


def test_split_triangular_follows_its_distribution():
    """KS distance to the stated CDF (scipy) on a fine grid, and each half's mean at its triangle's centroid:
    (low + 2 mid) / 3 below the median, (2 mid + high) / 3 above it."""
    assert draws_ks_distance(0.0, 2.0, 6.0) < 1e-3
    u = (np.arange(200_000) + 0.5) / 200_000
    x = draws.split_triangular(u, 0.0, 2.0, 6.0)
    assert x[u < 0.5].mean() == pytest.approx(4.0 / 3.0, abs=1e-3)
    assert x[u >= 0.5].mean() == pytest.approx(10.0 / 3.0, abs=1e-3)


@hsettings(max_examples=200, deadline=None)
@given(
    st.floats(-1e3, 1e3, allow_nan=False),
    st.floats(1e-3, 1e3, allow_nan=False),
    st.floats(1e-3, 1e3, allow_nan=False),
)
def test_split_triangular_any_range(low, below_width, above_width):
    """For any range: draws stay inside it, the median is the stated value, and the KS distance to the
    stated CDF is at the grid's resolution."""
    mid, high = low + below_width, low + below_width + above_width
    x = draws.split_triangular(np.linspace(0, 1, 1001), low, mid, high)
    assert np.all(np.diff(x) >= -1e-9 * (high - low))
    assert x[0] == pytest.approx(low) and x[-1] == pytest.approx(high) and x[500] == pytest.approx(mid)
    assert draws_ks_distance(low, mid, high, n=2001) < 1e-3


def test_fleet_follows_the_stock_and_the_logistic_passes_the_observed_shares():
    years = np.arange(2019, 2031)
    stock = np.tile(3.0e6 * 1.02 ** (years - 2019), (2, 1))
    fleet = vehicles.simulate(
        years, stock, [14.5, 12.0], [5.0, 3.0], [0.95, 0.9], [2023, 2024], [0.679, 0.759], [0.05, 0.09]
    )
    np.testing.assert_allclose(fleet.total, stock, rtol=1e-10)  # sales fill the gap every year
    assert (fleet.nev >= 0).all() and (fleet.nev <= fleet.total).all()
    j = {y: i for i, y in enumerate(years)}
    # two points: the fitted logistic goes through both exactly
    k, t0 = vehicles.logistic_fit([0.95], [2023, 2024], [0.679, 0.759])
    np.testing.assert_allclose(vehicles.logistic_share([0.95], k, t0, [2023, 2024])[0], [0.679, 0.759], rtol=1e-12)
    assert fleet.nev_share_of_sales[0, j[2030]] < 0.95
    ages = np.linspace(0, 60, 6001)
    surv = vehicles.weibull_survival([14.5], [5.0], ages)
    assert np.trapezoid(surv[0], ages) == pytest.approx(14.5, rel=1e-4)  # mean life = integral of survival


def test_model_fleet_against_the_observed_nev_stock():
    """Calibration targets, never fitted: the central fleet lands within 25 % of each observed NEV count."""
    r = simulate(at_quantile(0.5))
    checks = base.nev_stock_checks()
    for row in checks.itertuples():
        if row.t < 2019:
            continue
        modelled = np.interp(row.t, r.years, r.fleet.nev[0])
        assert abs(modelled / row.value - 1) < 0.25, (row.variable, row.year, modelled, row.value)


# ---- scenario files -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, message",
    [
        (
            {"name": "x", "title": "t", "description": "d", "overrides": {"nope": {"value": 1, "source": "s"}}},
            "not an assumption",
        ),
        (
            {"name": "x", "title": "t", "description": "d", "overrides": {"coal_ef": {"value": 0.85}}},
            "names its source",
        ),
        (
            {"name": "x", "title": "t", "description": "d", "overrides": {"coal_ef": {"value": 2.0, "source": "s"}}},
            "outside its range",
        ),
        (
            {
                "name": "x",
                "title": "t",
                "description": "d",
                "overrides": {"coal_ef": {"value": float("nan"), "source": "s"}},
            },
            "finite",
        ),
        (
            {
                "name": "x",
                "title": "t",
                "description": "d",
                "overrides": {"gdp_growth": {"value": [0.05, 0.04], "source": "s"}},
            },
            "needs 3 value",
        ),
        ({"name": "../chapters", "title": "t", "description": "d", "overrides": {}}, "must be a short name"),
        ({"name": "x", "title": "t", "description": "d", "mode": "plan", "overrides": {}}, "not a scenario key"),
    ],
)
def test_scenario_schema_refusals_name_the_key(tmp_path, body, message):
    path = tmp_path / "s.yml"
    with pytest.raises(ParameterError, match=message):
        from_fields(parse(body, path), path, None)


def test_scenarios_extend_and_override_in_order():
    plan, acc = scenarios.load("plan"), scenarios.load("accelerated")
    assert [s.name for s in acc.chain()] == ["baseline", "plan", "accelerated"]
    assert plan.settings()["gas_capacity_added_gw"].default == acc.settings()["gas_capacity_added_gw"].default
    assert acc.settings()["coal_generation_change"].default == (0.8, 0.0, 0.0)
    assert scenarios.load("baseline").settings()["coal_generation_change"].default == (1.0, 1.0, 1.0)


def test_extends_loop_is_refused(tmp_path):
    (tmp_path / "a.yml").write_text("name: a\ntitle: t\ndescription: d\nextends: b.yml\noverrides: {}\n")
    (tmp_path / "b.yml").write_text("name: b\ntitle: t\ndescription: d\nextends: a.yml\noverrides: {}\n")
    with pytest.raises(ParameterError, match="loop"):
        scenarios.load(tmp_path / "a.yml")


# ---- the hindcast and the sensitivity ------------------------------------------------------------------------


def _shifted_records(monkeypatch, after: int, factor: float):
    """Shenzhen's CO2 records (CEADs, county-level) and electricity figures after ``after`` times ``factor``,
    every cache that holds them cleared."""
    real = data._load_cached

    def shifted(name):
        df = real(name).copy()
        later = (df["region"] == "广东深圳") & (df["year"] > after)
        if name == "shenzhen_points":
            later &= df["variable"].str.startswith("electricity")
        if name in ("city_co2", "county_co2", "shenzhen_points"):
            df.loc[later, "value"] = df.loc[later, "value"] * factor
        return df

    monkeypatch.setattr(data, "_load_cached", shifted)
    for cached in (level.territorial_level, hindcast.start):
        cached.cache_clear()


def test_hindcast_reads_nothing_shenzhen_recorded_after_its_origin(monkeypatch):
    """No look-ahead: Shenzhen's CO2 records and electricity totals after the origin, all 30 % higher, leave
    the hindcast as it was; the same change from a year before the origin moves it (so the check can fail)."""
    scenario, ms = scenarios.load("baseline"), runs.milestones()
    before = hindcast.hindcast(2011, scenario, 300, 5, ms)
    _shifted_records(monkeypatch, 2011, 1.3)
    after = hindcast.hindcast(2011, scenario, 300, 5, ms)
    assert after[["year", "variable"]].equals(before[["year", "variable"]])
    np.testing.assert_allclose(after[["p10", "p50", "p90"]], before[["p10", "p50", "p90"]], rtol=1e-12)
    monkeypatch.undo()
    _shifted_records(monkeypatch, 2009, 1.3)
    moved = hindcast.hindcast(2011, scenario, 300, 5, ms)
    assert not np.allclose(moved[["p10", "p50", "p90"]].to_numpy(), before[["p10", "p50", "p90"]].to_numpy())
    monkeypatch.undo()
    for cached in (level.territorial_level, hindcast.start):
        cached.cache_clear()


def test_sobol_indices_find_the_only_driver():
    s = flat_settings()
    for name in ("gas_hours_change", "coal_ef"):  # two live assumptions; everything else a point
        s[name] = baseline_settings()[name]
    for name in list(s):
        if name not in ("gas_hours_change", "coal_ef"):
            lo, mid, hi = s[name].arrays()
            s[name] = draws.override(
                s[name],
                list(mid) if s[name].is_path else float(mid[0]),
                list(mid) if s[name].is_path else float(mid[0]),
                list(mid) if s[name].is_path else float(mid[0]),
                "test",
            )
    base_year, obs = runs.calibration()
    ix = sensitivity.sobol(s, base_year, obs, runs.milestones(), n_base=256, seed=3)
    ter = ix[ix["output"] == "territorial CO2 2030"].set_index("assumption")
    assert set(ter.index) == {"gas_hours_change", "coal_ef"}
    assert ter["ST"].sum() == pytest.approx(1.0, abs=0.15)  # additive-ish: the two explain everything
    assert ter.at["gas_hours_change", "ST"] > ter.at["coal_ef", "ST"] > 0
