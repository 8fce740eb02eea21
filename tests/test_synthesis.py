"""Synthesis: scenario files and their schema check, the vectorised peak rule, the Monte Carlo engine,
the register of published estimates and whole-book scenario runs."""

import numpy as np
import pandas as pd
import pytest
import yaml

from carbonpeak import data, energy, metadata, models, montecarlo as mc, paths, scenarios
from carbonpeak.errors import ModelError, ParameterError

from conftest import run_cli, tree_digest

YEARS = np.arange(2015, 2025)


@pytest.mark.parametrize("path, rule, peaked, year", [
    ([1, 2, 3, 4, 5, 4, 3, 2, 1, 0], 5, True, 2019),      # five years below after 2019
    ([1, 2, 3, 4, 5, 4, 3, 2, 1, 0], 6, False, 2019),     # only five follow
    ([5, 4, 3, 2, 1, 0, 0, 0, 0, 0], 9, True, 2015),      # falls from the start
    ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 1, False, 2024),    # still rising
    ([1, 5, 2, 2, 5, 1, 1, 1, 1, 1], 5, True, 2019),      # a tie goes to the later year
    ([1, 5, 2, 2, 5, 1, 1, 1, 1, 1], 6, False, 2019),
])
def test_peak_rule_per_draw_matches_hand_cases_and_models_peak(path, rule, peaked, year):
    r = mc.peak_rule(np.array([path], dtype=float), YEARS, rule)
    assert bool(r["peaked"][0]) is peaked and int(r["year"][0]) == year
    scalar = models.peak(pd.Series(path, index=YEARS, dtype=float), rule)
    assert scalar.peaked is peaked and scalar.year == year


def test_peak_rule_refuses_bad_input():
    with pytest.raises(ModelError, match="rule_years"):
        mc.peak_rule(np.ones((2, 10)), YEARS, 0)
    with pytest.raises(ModelError, match="finite"):
        mc.peak_rule(np.full((1, 10), np.nan), YEARS, 2)


def test_degenerate_draws_give_the_deterministic_answer():
    path = np.array([3, 4, 6, 5, 4, 3, 2, 2.5, 1, 0.5])
    r = mc.peak_rule(np.tile(path, (500, 1)), YEARS, 3)
    p = mc.peak_probabilities(r, 2024)
    det = models.peak(pd.Series(path, index=YEARS), 3)
    assert p["P(peak <= 2025)"] == 1.0 and p["P(peak <= 2030)"] == 1.0 and p["P(not peaked by 2024)"] == 0.0
    assert (r["year"] == det.year).all() and (r["value"] == det.value).all()


def point_scenario(tmp_path, mode="plan", **free):
    """Every drawn assumption fixed at its default (except those given as distributions in ``free``): the
    draws then differ only by those and the projection intervals."""
    from carbonpeak import assumptions

    body = {"name": "fixed", "title": "fixed", "description": "all point", "mode": mode,
            "parameters": {n: free.get(n, {"distribution": "point", "value": assumptions.get(n).default,
                                           "source": "default"}) for n in mc.DRAWN}}
    f = tmp_path / "fixed.yml"
    f.write_text(yaml.safe_dump(body), encoding="utf-8")
    return scenarios.load(f)


def test_sectors_add_up_to_the_ceads_total_and_peak_per_draw_matches_models_peak(tmp_path):
    sim = mc.simulate(point_scenario(tmp_path), 200, 5, 2035)
    # extend back one year: every draw's parts sum to the 2019 CEADs total (no double counting)
    total_2019 = energy.territorial_2019()
    first = sum(v[:, 0] for v in sim.sectors.values())
    assert np.all(np.abs(first / total_2019 - 1) < 0.05)
    years, values = mc.with_history(sim, "territorial")
    r = mc.peak_rule(values, years, 5)
    for i in (0, 17, 199):
        scalar = models.peak(pd.Series(values[i], index=years), 5)
        assert scalar.peaked == r["peaked"][i] and scalar.year == r["year"][i]


def test_same_seed_same_numbers_other_seed_other_numbers():
    s = scenarios.load("plan")
    a, b = mc.simulate(s, 2000, 11, 2035), mc.simulate(s, 2000, 11, 2035)
    c = mc.simulate(s, 2000, 12, 2035)
    assert np.array_equal(a.total("with_imports"), b.total("with_imports"))
    assert not np.array_equal(a.total("with_imports"), c.total("with_imports"))


def test_scenarios_are_ordered_as_their_levers():
    sims = [mc.simulate(scenarios.load(n), 3000, 3, 2035) for n in ("baseline", "plan", "accelerated")]
    med = [np.median(s.total("with_imports")[:, -6]) for s in sims]  # 2030
    assert med[0] > med[1] > med[2]
    t = mc.peak_table(sims, 5, 2035).set_index(["scenario", "boundary"])
    p = t["P(peak <= 2030)"]
    assert p[("baseline", "with_imports")] < p[("plan", "with_imports")] < p[("accelerated", "with_imports")]


def test_variance_shares_find_the_driver(tmp_path):
    one_free = point_scenario(tmp_path, gdp_growth={"distribution": "uniform", "low": 0.03, "high": 0.06, "source": "s"})
    shares = mc.variance_shares(mc.simulate(one_free, 4000, 1, 2035), 2030, "territorial")
    assert shares.index[0] == "gdp_growth" and shares["gdp_growth"] > 0.5 and 0 < shares.sum() <= 1.0001
    assert shares.drop(["gdp_growth", "not explained by one assumption"]).max() == 0
    fixed = mc.simulate(point_scenario(tmp_path), 500, 1, 2035)
    assert mc.variance_shares(fixed, 2030, "territorial").drop("not explained by one assumption").max() == 0


def write(tmp_path, text):
    f = tmp_path / "bad.yml"
    f.write_text(text, encoding="utf-8")
    return f


GOOD = """name: t
title: t
description: t
mode: plan
parameters:
"""


@pytest.mark.parametrize("body, message", [
    (GOOD + "  gdp_grwth: 0.04\n", "'parameters.gdp_grwth' is not a parameter of any chapter"),
    (GOOD + "  horizon_end: soon\n", "'parameters.horizon_end' is refused: parameter 'horizon_end' expects int"),
    (GOOD + "  gdp_growth: {distribution: triangular, low: 0.05, mode: 0.04, high: 0.06, source: s}\n",
     "'parameters.gdp_growth.mode' = 0.04 must lie between low and high"),
    (GOOD + "  gdp_growth: {distribution: uniform, low: 0.01, high: 0.06, source: s}\n",
     "'parameters.gdp_growth.low' = 0.01 lies outside the assumption's range [0.03, 0.06]"),
    (GOOD + "  gdp_growth: {distribution: uniform, low: 0.05, high: 0.04, source: s}\n",
     "'parameters.gdp_growth.low' = 0.05 must be below high = 0.04"),
    (GOOD + "  gdp_growth: {distribution: normal, mean: 0.045, sd: -1, low: 0.03, high: 0.06, source: s}\n",
     "'parameters.gdp_growth.sd' = -1 must be positive"),
    (GOOD + "  gdp_growth: {distribution: lognormal, mean: 1, source: s}\n", "'parameters.gdp_growth.distribution' must be one of"),
    (GOOD + "  gdp_growth: {distribution: point, value: 0.04}\n", "'parameters.gdp_growth.source' is missing"),
    (GOOD + "  gdp_growth: {distribution: point, value: 0.04, sd: 1, source: s}\n", "'parameters.gdp_growth.sd' is not a field"),
    (GOOD + "  horizon_end: {distribution: point, value: 2030, source: s}\n", "'parameters.horizon_end' cannot carry a distribution"),
    (GOOD.replace("mode: plan", "mode: fast") + "  draws: 100\n", "'mode' must be one of trend, plan"),
    (GOOD + "  draws: 100\nauthor: me\n", "'author' is not a scenario key"),
])
def test_scenario_schema_errors_name_the_file_and_key(tmp_path, body, message):
    f = write(tmp_path, body)
    with pytest.raises(ParameterError) as err:
        scenarios.load(f)
    assert str(f) in str(err.value) and message in str(err.value)


def test_distribution_centres_and_bounds():
    s = scenarios.load("accelerated")
    assert s.central_values()["grid_ef_change"] == -0.05 and s.central_values()["plan_building_saving"] == 0.08
    d = scenarios.sample(s, ["grid_ef_change", "plan_building_saving", "gdp_growth"], 20000, 1)
    assert d["grid_ef_change"].min() >= -0.06 and d["grid_ef_change"].max() <= -0.036
    assert abs(np.mean(d["grid_ef_change"]) + 0.05) < 0.002
    assert (d["plan_building_saving"] == 0.08).all()


def test_register_of_published_estimates():
    reg = mc.published_estimates()
    meta = metadata.validate_sidecar(paths.DATA / "published_estimates.csv", "curated")
    assert meta["rows"] == len(reg) and reg["id"].is_unique
    for item in meta["compiled_from"]:
        assert metadata.md5sum(paths.ROOT / item["path"]) == item["md5"]
    assert set(reg["grade"]) <= set(metadata.GRADES)
    row = reg.set_index("id")
    # figures that this book also holds must agree with its data
    gd = data.load("guangdong_sector_co2").query("variable == 'co2_total'").set_index("year")["value"]
    assert row.loc["guangdong_ceads", "level_mt"] == pytest.approx(gd[2019], abs=0.05)
    lit = pd.read_csv(paths.RAW / "literature" / "published_figures.csv").set_index("id")["value"]
    assert row.loc["commentary_2019_national", "level_mt"] == lit["commentary_sz_2019_national"]
    assert "2030年前" in open(paths.RAW / "plan" / "shenzhen_carbon_peak_plan_2023_mirror.txt", encoding="utf-8").read()


def test_chapter_run_with_a_scenario_takes_its_values(tmp_path):
    result = run_cli("run", "energy", "--scenario", "accelerated", "--set", "draws=500", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    import nbformat

    nb = nbformat.read(tmp_path / "energy.ipynb", 4)
    used = nb.metadata["carbonpeak"]["parameters"]
    assert used["plan_energy_intensity_change"] == -0.0434 and used["scenario"] == "plan" and used["draws"] == 500


def test_bad_scenario_file_exits_2_naming_the_key(tmp_path):
    f = write(tmp_path, GOOD + "  gdp_growth: {distribution: uniform, low: 0.05, high: 0.04, source: s}\n")
    result = run_cli("book", "--scenario", str(f), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "parameters.gdp_growth.low" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_whole_book_for_a_scenario_goes_to_its_own_folder(tmp_path, book_digest):
    import nbformat

    result = run_cli("book", "--scenario", "plan", "--out", str(tmp_path / "plan"))
    assert result.returncode == 0, result.stderr
    pages = sorted(p.stem for p in (tmp_path / "plan").glob("*.ipynb"))
    assert pages == sorted(p.stem for p in paths.CHAPTERS.glob("*.ipynb"))
    syn = nbformat.read(tmp_path / "plan" / "synthesis.ipynb", 4).metadata["carbonpeak"]["parameters"]
    assert syn["scenarios"].startswith("baseline,") and syn["scenarios"].endswith("plan.yml")
    assert nbformat.read(tmp_path / "plan" / "energy.ipynb", 4).metadata["carbonpeak"]["parameters"]["scenario"] == "plan"
    assert tree_digest(paths.BOOK) == book_digest


def test_unknown_scenario_name_lists_the_known_ones(tmp_path):
    result = run_cli("run", "synthesis", "--set", "scenarios=baseline,nope", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "unknown scenario 'nope'" in result.stderr and "accelerated, baseline, plan" in result.stderr


def test_scenario_book_is_refused_in_book_folder():
    result = run_cli("book", "--scenario", "plan", "--out", str(paths.BOOK))
    assert result.returncode == 2 and "not written into book/" in result.stderr


def test_every_scenario_sets_every_shared_chapter_parameter():
    from carbonpeak import run

    declared = set()
    for chapter in run.chapters():
        declared |= set(run.template_parameters(chapter))
    # chapter-specific choices (which method, which boundary shown, which scenarios compared) stay per chapter
    shared = declared - {"scenario", "scenarios", "method", "boundary"}
    for name in scenarios.available():
        s = scenarios.load(name)
        assert shared <= set(s.central_values()), (name, sorted(shared - set(s.central_values())))
