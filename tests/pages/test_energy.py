"""The energy chapter's numbers against the city model and hand calculations: LMDI exactness (the library
and the model's Kaya split), the electricity record, the closed balance, the 2019 reconciliation, T01 from
the run's baseline, and the key numbers."""

import numpy as np
import pandas as pd
import pytest

from carbonpeak import data, locations, targets
from carbonpeak.analysis import decompose, level
from carbonpeak.errors import ModelError
from carbonpeak.inputs.scenarios import load
from carbonpeak.model import base, core, diagnostics, scoring, summary
from carbonpeak.pages import common, energy

DRAWS, SEED = 400, 11


@pytest.fixture(scope="module")
def ens():
    return common.run("baseline,plan,accelerated", DRAWS, SEED, 2035)


def test_lmdi_is_exact_on_random_factors():
    rng = np.random.default_rng(7)
    for _ in range(20):
        start = pd.DataFrame(rng.uniform(0.1, 10, size=(5, 3)), columns=list("abc"))
        end = pd.DataFrame(rng.uniform(0.1, 10, size=(5, 3)), columns=list("abc"))
        effects = decompose.lmdi(start, end)
        assert effects.sum() == pytest.approx(end.prod(axis=1).sum() - start.prod(axis=1).sum(), rel=1e-10)


def test_lmdi_single_factor_change_goes_to_that_factor():
    effects = decompose.lmdi(pd.DataFrame({"a": [2.0], "b": [3.0]}), pd.DataFrame({"a": [4.0], "b": [3.0]}))
    assert effects["a"] == pytest.approx(6.0) and effects["b"] == pytest.approx(0.0)


def test_lmdi_handles_zeros_exactly():
    start = pd.DataFrame({"a": [2.0, 3.0], "b": [5.0, 0.0]}, index=["x", "y"])  # y appears
    end = pd.DataFrame({"a": [3.0, 4.0], "b": [4.0, 2.0]}, index=["x", "y"])
    effects = decompose.lmdi(start, end)
    assert effects.sum() == pytest.approx(10.0)
    x_only = decompose.lmdi(start.loc[["x"]], end.loc[["x"]])
    assert effects["a"] == pytest.approx(x_only["a"])
    assert effects["b"] - x_only["b"] == pytest.approx(8.0)
    assert decompose.lmdi(end, start).sum() == pytest.approx(-10.0)


def test_logmean_limits():
    assert decompose.logmean(3.0, 3.0) == pytest.approx(3.0)
    assert decompose.logmean(0.0, 5.0) == 0.0
    assert decompose.logmean(np.e, 1.0) == pytest.approx(np.e - 1)
    with pytest.raises(ModelError):
        decompose.logmean(-1.0, 2.0)


def test_lmdi_per_draw_gives_a_lone_change_to_its_factor_and_adds_up():
    # draw 0: only a doubles (6 -> 12), so a carries the whole change of 6 and b none; draw 1: both change
    a = np.array([[2.0, 4.0], [1.0, 3.0]])
    b = np.array([[3.0, 3.0], [5.0, 2.0]])
    effects = decompose.lmdi_per_draw(a * b, {"a": a, "b": b}, 0, 1)
    assert effects["a"][0] == pytest.approx(6.0)
    assert effects["b"][0] == pytest.approx(0.0)
    assert effects["a"][1] + effects["b"][1] == pytest.approx(6.0 - 5.0)
    # draw 1: a * b rises from 5 to 6, a tripling and b falling: effects of opposite signs
    assert effects["a"][1] > 0 > effects["b"][1]


def test_lmdi_per_draw_refuses_non_positive_values():
    a = np.array([[2.0, 0.0]])
    with pytest.raises(ModelError, match="positive"):
        decompose.lmdi_per_draw(a, {"a": a}, 0, 1)


def test_kaya_effects_add_up_to_each_draws_change(ens):
    r = ens.results["plan"]
    for boundary in ("territorial", "with_imports"):
        effects = summary.kaya_effects(r, 2019, 2030, boundary)
        assert list(effects) == list(energy.KAYA)
        co2 = r.total(boundary)
        np.testing.assert_allclose(sum(effects.values()), co2[:, 11] - co2[:, 0], rtol=1e-9, atol=1e-9)
        # the population effect has the sign of the population's change in every draw
        assert (np.sign(effects["population"]) == np.sign(np.round(r.population[:, 11] - 1, 12))).all()
    table = summary.kaya_table(ens, 2019, 2030).set_index(["scenario", "factor"])["mean effect (Mt)"]
    for name in ens.results:
        parts = sum(table[(name, f)] for f in energy.KAYA)
        assert parts == pytest.approx(table[(name, "change of CO2")], rel=1e-9)


def test_electricity_record_by_hand():
    rec = energy.electricity_record().set_index("year")
    pt = data.point
    assert rec.at[2019, "value"] == pytest.approx(
        pt("electricity_consumption", 2020) / (1 + pt("electricity_growth", 2020) / 100)
    )
    assert rec.at[2022, "value"] == pytest.approx(
        pt("electricity_consumption", 2023) / (1 + pt("electricity_growth", 2023) / 100)
    )
    assert rec.at[2024, "value"] == pytest.approx(
        pt("electricity_consumption", 2025) / (1 + pt("electricity_growth", 2025) / 100)
    )
    assert list(rec.index[rec["grade"] == "official_point"]) == [2020, 2021, 2023, 2025]
    assert set(rec.loc[[2019, 2022, 2024], "grade"]) == {"derived"}
    # the model's base year and its record are these figures
    assert base.base_electricity(2019) == rec.at[2019, "value"]
    assert base.electricity_record() == {y: rec.at[y, "value"] for y in range(2020, 2026)}


def test_balance_is_closed_and_the_table_reads_the_model(ens):
    assert energy.balance_gap(ens) < 1e-9
    table = energy.balance_table(ens, 2030).df.set_index("TWh in 2030 (median)")
    r = ens.results["plan"]
    assert float(table.at["gas", "plan"]) == pytest.approx(np.median(r.supply["gas"][:, 11]), abs=0.051)
    assert float(table.at["demand", "plan"]) == pytest.approx(np.median(sum(r.demand.values())[:, 11]), abs=0.051)
    # the plan's new gas units make more than the baseline's plants: the lever reaches the balance
    assert float(table.at["gas", "plan"]) > float(table.at["gas", "baseline"])


def test_reconciliation_reproduces_the_commentary_gap():
    table = energy.reconciliation(load("baseline"))
    t = table.set_index("key")["Mt CO2"]
    lit = pd.read_csv(locations.RAW / "literature" / "published_figures.csv").set_index("id")["value"]
    gap = lit["commentary_sz_2019_national"] - lit["commentary_sz_2019_provincial"]
    assert t[diagnostics.IMPORTED] == pytest.approx(gap, abs=0.01)
    assert t[diagnostics.LEVEL] == pytest.approx(float(np.exp(level.territorial_level(2019).mean[0])), abs=0.005)
    recorded = data.series("city_co2", "广东深圳", "co2")[2019]
    assert t[diagnostics.RECORD] == pytest.approx(recorded, abs=0.005)
    parts = t[list(core.PARTS)]  # the parts add up to the filtered level
    assert parts.sum() == pytest.approx(t[diagnostics.LEVEL], abs=0.05)
    assert "21.08 Mt" in energy.reconciliation_text(table)
    assert "key" not in energy.reconciliation_table(table).df.columns  # keys are for code, not for readers


def test_t01_is_scored_from_the_runs_baseline_and_the_same_without_it(ens):
    board = energy.scorecard(ens).set_index("id")
    change = scoring.energy_intensity_change(ens.results["baseline"])
    assert board.at["T01", "probability"] == pytest.approx(np.mean(change <= -14.5))
    assert board.at["T01", "central"] == pytest.approx(np.median(change))
    # a run without the baseline scores T01 from a baseline run with the same draws and seed
    other = energy.scorecard(common.run("plan", DRAWS, SEED, 2035)).set_index("id")
    assert other.at["T01", "probability"] == board.at["T01", "probability"]
    assert board.at["E04", "status"] != "no data"  # scored from its own figures (target_trends)
    assert set(board.index) == set(targets.board_for({}, sectors=("energy",), ids=("T01",))["id"])


def test_energy_intensity_by_hand(ens):
    r = ens.results["baseline"]
    i, j = 1, 6  # 2020, 2025
    by_hand = ((r.energy[:, j] / r.gdp[:, j]) / (r.energy[:, i] / r.gdp[:, i]) - 1) * 100
    np.testing.assert_allclose(scoring.energy_intensity_change(r), by_hand)


def test_energy_points_are_the_energy_rows():
    shown = energy.energy_points().df
    assert shown["figure"].str.startswith(energy.ENERGY_VARIABLES).all()
    assert 10 < len(shown) < len(energy.all_points())
    row = shown[(shown["figure"] == "electricity_consumption") & (shown["year"] == 2023)]
    assert row["value"].tolist() == ["112.86"]


def test_key_numbers_are_the_runs_medians(ens):
    n = energy.key_numbers(ens)
    r = ens.results["accelerated"]
    assert n["accelerated/supply/imports/2030/median_twh"] == round(float(np.median(r.supply["imports"][:, 11])), 1)
    assert n["accelerated/part/power_plants/2030/median_mt"] == round(
        float(np.median(r.parts["power plants"][:, 11])), 1
    )
    assert n["accelerated/import_ef/imports/2030/median_t_per_mwh"] == round(float(np.median(r.import_ef[:, 11])), 3)
    assert n["accelerated/with_imports/2030/median_mt"] == round(float(np.median(r.with_imports[:, 11])), 1)
    text = energy.key_findings(ens, energy.electricity_record(), summary.kaya_table(ens, 2019, 2030)).markdown()
    assert f"{n['plan/territorial/2030/median_mt']:g} Mt (plan)" in text
