"""LMDI exactness and zeros, Kaya products, the assumption registry, the boundary switch, energy scenarios."""


import numpy as np
import pandas as pd
import pytest
import yaml

from carbonpeak import assumptions, data, decompose, energy, params, scenario
from carbonpeak.errors import DataError, ModelError, ParameterError


def test_lmdi_is_exact_on_random_factors():
    rng = np.random.default_rng(7)
    for _ in range(20):
        start = pd.DataFrame(rng.uniform(0.1, 10, size=(5, 3)), columns=list("abc"))
        end = pd.DataFrame(rng.uniform(0.1, 10, size=(5, 3)), columns=list("abc"))
        effects = decompose.lmdi(start, end)
        assert effects.sum() == pytest.approx(end.prod(axis=1).sum() - start.prod(axis=1).sum(), rel=1e-10)


def test_lmdi_single_factor_change_goes_to_that_factor():
    start = pd.DataFrame({"a": [2.0], "b": [3.0]})
    end = pd.DataFrame({"a": [4.0], "b": [3.0]})
    effects = decompose.lmdi(start, end)
    assert effects["a"] == pytest.approx(6.0) and effects["b"] == pytest.approx(0.0)


def test_lmdi_handles_zeros_exactly():
    start = pd.DataFrame({"a": [2.0, 3.0], "b": [5.0, 0.0]}, index=["x", "y"])  # y appears
    end = pd.DataFrame({"a": [3.0, 4.0], "b": [4.0, 2.0]}, index=["x", "y"])
    effects = decompose.lmdi(start, end)
    assert effects.sum() == pytest.approx(10.0)
    x_only = decompose.lmdi(start.loc[["x"]], end.loc[["x"]])
    assert effects["a"] == pytest.approx(x_only["a"])  # the appearing group adds nothing to 'a'
    assert effects["b"] - x_only["b"] == pytest.approx(8.0)  # its whole 8 goes to the factor that was zero
    gone = decompose.lmdi(end, start)
    assert gone.sum() == pytest.approx(-10.0)


def test_logmean_limits():
    assert decompose.logmean(3.0, 3.0) == pytest.approx(3.0)
    assert decompose.logmean(0.0, 5.0) == 0.0
    assert decompose.logmean(np.e, 1.0) == pytest.approx((np.e - 1) / 1.0)
    with pytest.raises(ModelError):
        decompose.logmean(-1.0, 2.0)


def test_kaya_factors_multiply_back_to_co2():
    kaya = energy.shenzhen_kaya()
    co2 = data.series("city_co2", "广东深圳", "co2")
    product = kaya.prod(axis=1)
    np.testing.assert_allclose(product.to_numpy(), co2.loc[kaya.index].to_numpy(), rtol=1e-12)
    effects = decompose.kaya_decomposition(kaya, 2008, 2016)
    assert effects.sum() == pytest.approx(co2[2016] - co2[2008], rel=1e-10)
    assert effects["co2_per_gdp"] < 0 < effects["gdp_per_person"]
    with pytest.raises(ModelError, match="no Kaya factors"):
        decompose.kaya_decomposition(kaya, 2005, 2016)  # a gap year


def test_assumption_defaults_are_derived_as_stated():
    a = assumptions.registry()
    assert a["trend_energy_intensity_change"].default == pytest.approx((1 - 0.199) ** 0.2 - 1, abs=5e-5)
    assert a["plan_energy_intensity_change"].default == pytest.approx((1 - 0.145) ** 0.2 - 1, abs=5e-5)
    assert a["trend_industry_intensity_change"].default == pytest.approx((1 - 0.2461) ** 0.2 - 1, abs=5e-5)
    lit = pd.read_csv(data.paths.RAW / "literature" / "published_figures.csv").set_index("id")["value"]
    implied = (lit["commentary_sz_2019_national"] - lit["commentary_sz_2019_provincial"]) / lit["commentary_sz_2019_imported_twh"]
    assert a["grid_ef"].default == pytest.approx(implied, abs=5e-4)
    assert a["grid_ef"].high == lit["mee_grid_ef_2022_excl_green"]
    assert a["grid_ef_change"].default == pytest.approx(lit["mee_grid_ef_2022"] / lit["mee_grid_ef_2021"] - 1, abs=5e-4)
    china = data.load("china_energy").pivot(index="year", columns="variable", values="value")
    ci = china["co2_energy"] / china["primary_energy"]
    assert a["plan_carbon_per_energy_change"].default == pytest.approx((ci[2022] / ci[2015]) ** (1 / 7) - 1, abs=5e-5)
    e = data.load("shenzhen_points").set_index(["variable", "year"])["value"]
    e2020 = e[("electricity_consumption", 2021)] / (1 + e[("electricity_growth", 2021)] / 100)
    assert a["electricity_growth"].default == pytest.approx((e[("electricity_consumption", 2023)] / e2020) ** (1 / 3) - 1, abs=5e-4)


def test_assumption_parameters_refuse_values_outside_their_range():
    with pytest.raises(ParameterError, match=r"'grid_ef' = 0.9 is outside its range \[0.4, 0.5856\]"):
        params.check("grid_ef", 0.9)
    with pytest.raises(ParameterError, match="import_share"):
        params.check("import_share", 1.5)
    assert params.check("gdp_growth", 0.05) == 0.05


def test_bad_assumption_file_is_named(tmp_path, monkeypatch):
    bad = tmp_path / "assumptions.yml"
    bad.write_text(yaml.safe_dump({"x": {"label": "x", "unit": "u", "default": 2, "low": 0, "high": 1,
                                         "grade": "assumption", "source": "s", "reason": "r"}}))
    monkeypatch.setattr(assumptions, "FILE", bad)
    assumptions.registry.cache_clear()
    try:
        with pytest.raises(DataError, match=r"'x': default 2 outside \[0, 1\]"):
            assumptions.registry()
    finally:
        assumptions.registry.cache_clear()


def test_draws_are_seeded_and_within_range():
    a = assumptions.draw(["grid_ef", "gdp_growth"], 5000, seed=3)
    b = assumptions.draw(["grid_ef", "gdp_growth"], 5000, seed=3)
    np.testing.assert_array_equal(a["grid_ef"], b["grid_ef"])
    assert a["grid_ef"].min() >= 0.40 and a["grid_ef"].max() <= 0.5856
    assert not np.array_equal(a["grid_ef"], assumptions.draw(["grid_ef"], 5000, seed=4)["grid_ef"])


def test_growth_paths_by_hand():
    paths = scenario.growth_paths(np.array([10.0, 10.0]), {"g": np.array([0.1, 0.0]), "e": np.array([0.0, -0.5])},
                                  [2020, 2021], 2019)
    np.testing.assert_allclose(paths, [[11.0, 12.1], [5.0, 2.5]])


def test_boundary_switch_arithmetic():
    draws = {name: np.array([assumptions.get(name).default]) for name in energy.DRAWN}
    years = np.array([2019, 2023, 2030])
    for name in ("trend", "plan"):
        paths = energy.scenario_paths(name, draws, years)
        np.testing.assert_allclose(paths["with_imports"], paths["territorial"] + paths["imported_electricity"])
    trend = energy.scenario_paths("trend", draws, years)
    # 2023: 112.86 TWh x 70 % imported x 0.442 t/MWh, the factor held in the trend
    assert trend["imported_electricity"][0, 1] == pytest.approx(112.86 * 0.70 * 0.442)
    plan = energy.scenario_paths("plan", draws, years)
    assert plan["imported_electricity"][0, 2] == pytest.approx(trend["imported_electricity"][0, 2] * (1 - 0.036) ** 11)
    assert trend["territorial"][0, 0] == pytest.approx(44.263193, abs=1e-6)


def test_boundary_reconciliation_adds_up():
    table = energy.boundary_reconciliation(0.442).set_index(["account", "item"])["Mt CO2"]
    assert table[("commentary", "imported electricity")] == pytest.approx(71.23 - 50.15)
    assert table[("this book", "total including imported electricity")] == pytest.approx(44.263193 + 47.7 * 0.442, abs=1e-5)


def test_energy_intensity_target_scoring_is_seeded():
    a, b = energy.scores(seed=11), energy.scores(seed=11)
    np.testing.assert_array_equal(a["T01"], b["T01"])
    rate = assumptions.get("trend_energy_intensity_change")
    assert a["T01"].min() >= ((1 + rate.low) ** 5 - 1) * 100 - 1e-9
    assert energy.energy_ceiling(0.0)["energy use 2025 / 2020 at most"].iloc[0] == pytest.approx(0.855)
