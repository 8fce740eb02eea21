"""The estimated model: estimates that match the data and the registry, the records' deviation recovered from a
panel built by hand, the level filter, the hindcast command, hindcast coverage at the origins not tuned on,
and no seam at the last observed year."""

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from support import run_cli

from carbonpeak.analysis import deviation, level
from carbonpeak.constants import BASE_YEAR
from carbonpeak.inputs import assumptions, scenarios
from carbonpeak.model import base, diagnostics, estimates, hindcast, runs
from carbonpeak.model.electricity import electricity_calibration
from carbonpeak.pages import model as model_page

SEED = 20231007


def test_every_estimated_assumption_states_what_the_data_give():
    """data/assumptions.yml's estimate blocks are the estimates (to the digits stated), and their ranges are
    estimate -/+ sqrt(6) standard errors (a split triangular over that range has the estimate's sd)."""
    central = model_page.central(scenarios.load("baseline"))
    fresh = {
        "import_ef_change": estimates.import_factor_trend(),
        "electricity_demand_trend": estimates.demand_trend(central),
    }
    for name, est in fresh.items():
        a = assumptions.get(name)
        assert a.grade == "estimated" and a.estimate is not None
        assert a.estimate["estimate"] == pytest.approx(est.estimate, abs=5e-5), name
        assert a.estimate["standard_error"] == pytest.approx(est.standard_error, abs=5e-5), name
        low, high = (np.atleast_1d(a.low)[0], np.atleast_1d(a.high)[0])
        assert low == pytest.approx(a.estimate["estimate"] - math.sqrt(6) * a.estimate["standard_error"], abs=1e-4)
        assert high == pytest.approx(a.estimate["estimate"] + math.sqrt(6) * a.estimate["standard_error"], abs=1e-4)
    for name, a in assumptions.registry().items():
        assert (a.grade == "estimated") == (a.estimate is not None), name


def test_the_discrepancy_scales_are_what_the_hindcasts_calibrate():
    """Re-run the calibration as data/assumptions.yml states it (tuning origins, 10 000 draws, 50 bootstrap
    resamples): the estimates and their standard errors are the stated ones."""
    found = hindcast.calibrate(scenarios.load("baseline"), 10_000, SEED, runs.milestones())
    for name, value in found.items():
        block = assumptions.get(name).estimate
        assert block["estimate"] == pytest.approx(value["estimate"], abs=5e-4), name
        assert block["standard_error"] == pytest.approx(value["standard_error"], abs=5e-4), name


def test_the_import_trend_by_a_second_route():
    """The slope by hand (least squares of the log share on the year) equals statsmodels' fit."""
    idx = pd.Series(base.guangdong_grid_index(BASE_YEAR))
    x, y = idx.index.to_numpy(dtype=float), np.log(idx.to_numpy())
    slope = ((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum()
    assert estimates.import_factor_trend().estimate == pytest.approx(math.expm1(slope), rel=1e-10)


def test_the_demand_scale_carries_its_trend_after_the_last_record():
    years = np.arange(2019, 2031)
    stationary = np.tile(100.0 * 1.02 ** (years - 2019), (2, 1))
    ev = np.zeros_like(stationary)
    observed = {2020: 103.0, 2021: 106.0}
    cal = electricity_calibration(years, stationary, ev, observed, np.array([0.01, -0.02]))
    assert cal[0, 0] == 1.0 and cal[0, 2] == pytest.approx(106.0 / (100 * 1.02**2))
    # after 2021 the scale grows by exp(trend) a year, per draw, from the last recorded scale
    np.testing.assert_allclose(cal[:, 3:] / cal[:, 2:-1], np.exp([[0.01], [-0.02]]) * np.ones((2, 9)))


def _ar1_panel(sigma, rho, cities=3000, years=25, seed=1):
    rng = np.random.default_rng(seed)
    u = np.empty((years, cities))
    u[0] = rng.standard_normal(cities) * sigma
    for t in range(1, years):
        u[t] = rho * u[t - 1] + rng.standard_normal(cities) * sigma * math.sqrt(1 - rho**2)
    trend = np.log(rng.uniform(5, 50, cities)) + np.outer(np.arange(years), rng.normal(0.04, 0.02, cities))
    return trend + u


def test_the_deviation_estimator_recovers_a_known_panel():
    """A panel built by hand (3000 straight trends plus an AR(1) deviation with sd 0.15, persistence 0.6,
    normal shocks): the estimator gives back both closely; with independent scatter, no persistence."""
    sigma, rho = deviation.estimate(_ar1_panel(0.15, 0.6))
    assert sigma == pytest.approx(0.15, abs=0.005) and rho == pytest.approx(0.6, abs=0.03)
    independent = deviation.estimate(_ar1_panel(0.10, 0.0, seed=2))
    assert independent[1] < 0.05 and independent[0] == pytest.approx(0.10, abs=0.005)


def test_the_panel_deviation_leaves_shenzhen_out():
    panel = deviation.panel()
    assert panel.shape[1] == deviation.panel_deviation().cities == 289


def test_the_level_filter_reads_no_record_after_its_year():
    """The filtered state at 2012 depends on the records up to 2012 only: the same model fitted on a copy
    whose later records are gone gives the same state."""
    full = level.territorial_level(2012)
    rec = level.records(2012)
    assert rec.index.max() == 2012 and full.year == 2012
    assert 25 < full.level < 45 and np.all(np.linalg.eigvalsh(full.cov) >= -1e-12)
    # the 2019 record lies on the filtered state: level + CEADs deviation = log of CEADs' 2019 value
    s = level.territorial_level(BASE_YEAR)
    recorded = float(np.exp(level.records(BASE_YEAR)["ceads"].iloc[-1]))
    assert float(np.exp(s.mean[0] + s.mean[2])) == pytest.approx(recorded, rel=1e-6)


# ---- the hindcast command --------------------------------------------------------------------------------


def test_hindcast_command_writes_its_table(tmp_path):
    result = run_cli("hindcast", "--origin", "2012", "--draws", "300", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    df = pd.read_csv(tmp_path / "hindcast_2012.csv")
    assert list(df.columns) == ["year", "variable", "p10", "p50", "p90"]
    assert set(df["variable"]) == {"co2_territorial", "electricity_demand"}
    assert df["year"].min() == 2013 and df["year"].max() == hindcast.END
    assert (df["p10"] <= df["p50"]).all() and (df["p50"] <= df["p90"]).all()


@pytest.mark.parametrize(
    "origin, words",
    [
        ("2004", "outside its range [2005, 2016]"),
        ("2017", "outside its range [2005, 2016]"),
        ("2010.5", "expects an int"),
        ("x", "expects"),
    ],
)
def test_hindcast_command_refuses_a_bad_origin(tmp_path, origin, words):
    result = run_cli("hindcast", "--origin", origin, "--out", str(tmp_path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "origin" in lines[0] and words in lines[0], result.stderr
    assert not list(tmp_path.iterdir())


# ---- what the hindcasts show ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def points():
    return model_page.hindcast_points(scenarios.load("baseline"), 2000, SEED)


def test_bands_hold_history_at_the_origins_not_tuned_on(points):
    """Pooled over the eight origins the discrepancy was not calibrated on, the 80 % bands hold 70-90 % of the
    CEADs and county-level values and of the electricity totals."""
    other = points[~points["origin"].isin(hindcast.TUNING_ORIGINS)]
    pooled = hindcast.pooled(other).set_index("variable")
    for variable in ("co2_territorial", "co2_county", "electricity_demand"):
        assert 0.70 <= pooled.at[variable, "inside 80 % band"] <= 0.90, pooled
    assert abs(pooled.at["co2_territorial", "median log error"]) <= 0.10


def test_every_origin_is_scored_against_records_after_it(points):
    assert set(points["origin"]) == set(range(hindcast.FIRST_ORIGIN, hindcast.LAST_ORIGIN + 1))
    assert (points["year"] > points["origin"]).all()
    inside = (points["p10"] <= points["recorded"]) & (points["recorded"] <= points["p90"])
    assert (inside == points["inside"]).all()


def test_no_year_holds_the_peak_because_the_data_stop_there():
    """The last year of observed drivers holds no more draws' peaks than the years beside it, on either
    boundary, with or without the discrepancy; and demand growth does not drop at the seam by more than its
    recorded year-to-year swing."""
    scen = scenarios.load("baseline")
    with_term = runs.run([scen], 4000, SEED, 2035).results["baseline"]
    without = runs.run([scen], 4000, SEED, 2035, discrepancy=0.0).results["baseline"]
    year = diagnostics.last_observed_year()
    peaks = diagnostics.seam_peaks({"with": with_term, "without": without}, 2035)
    for r in peaks.to_dict("records"):
        neighbours = (r[str(year - 1)] + r[str(year + 1)]) / 2
        assert r[str(year)] <= 1.5 * neighbours + 0.5, r
    growth = diagnostics.seam_growth(with_term).set_index("quantity")
    after = growth.at["electricity demand", f"{year}-{year + 1}"]
    assert after > 0.5 * growth.at["electricity demand", f"{year - 2}-{year - 1}"]


def test_the_residuals_of_a_fit_are_its_own():
    """The elasticity's residuals and coefficient by statsmodels' formula API (another route)."""
    est = estimates.electricity_elasticity()
    e = estimates.electricity_record_with_2010()
    years = e.index.to_list()
    df = pd.DataFrame(
        {
            "dlogE": [math.log(e[b] / e[a]) for a, b in zip(years[:-1], years[1:])],
            "dlogGDP": [estimates.log_real_gdp(a, b) for a, b in zip(years[:-1], years[1:])],
            "w": [1 / (b - a) for a, b in zip(years[:-1], years[1:])],
        }
    )
    fit = sm.WLS.from_formula("dlogE ~ dlogGDP - 1", df, weights=df["w"]).fit()
    assert est.estimate == pytest.approx(fit.params["dlogGDP"], rel=1e-10)
    np.testing.assert_allclose(est.residuals["residual"], fit.resid, rtol=1e-9)
