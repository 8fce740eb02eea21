"""Synthesis: its tables read the model run (by hand), its key numbers are the run's medians, the sector
chapters' run is the synthesis' run, the register of published estimates, scenario runs from the command line."""

import nbformat
import numpy as np
import pandas as pd
import pytest
from support import run_cli, tree_digest

from carbonpeak import locations
from carbonpeak.inputs import assumptions
from carbonpeak.model import boundaries, outcomes, summary, synthesis
from carbonpeak.pages import common
from carbonpeak.pages import synthesis as synthesis_page
from carbonpeak.pages.findings import city_numbers

DRAWS, SEED, HORIZON = 400, 21, 2035


@pytest.fixture(scope="module")
def scens():
    return synthesis.load_scenarios("baseline,plan,accelerated")


@pytest.fixture(scope="module")
def ens(scens):
    return synthesis.run(scens, DRAWS, SEED, HORIZON)


@pytest.fixture(scope="module")
def table(ens):
    return outcomes.peak_table(ens.results, HORIZON, 5, 2005, "keep")


def test_the_sector_chapters_run_is_the_synthesis_run(ens):
    other = common.run("baseline, plan,accelerated", DRAWS, SEED, HORIZON)
    assert list(other.results) == list(ens.results)
    for name, r in ens:
        for part, values in r.parts.items():
            np.testing.assert_array_equal(other.results[name].parts[part], values)
        np.testing.assert_array_equal(other.results[name].imported, r.imported)
    assert city_numbers(other, (2030,)) == city_numbers(ens, (2030,))


def test_scenario_table_lists_what_each_scenario_changes(scens):
    t = synthesis.scenario_table(scens).set_index("scenario")
    assert t.at["baseline", "changes from the defaults"] == "none"
    assert t.at["plan", "builds on"] == "baseline"
    assert t.at["accelerated", "builds on"] == "baseline → plan"
    # the accelerated scenario's own value replaces the plan's
    assert "channel_clean_share = 1" in t.at["accelerated", "changes from the defaults"]
    assert "gas_peaker_capacity_gw = [1.7, 3.33, 3.33, 3.33]" in t.at["accelerated", "changes from the defaults"]


def test_answer_table_is_for_reading(table):
    a = synthesis_page.answer_table(table, HORIZON, "en").df
    assert len(a) == 3 * 3 * 2 and a.notna().all().all()
    assert a["P(peak ≤ 2030)"].str.fullmatch(r"\d{1,3} %").all()
    r = table.iloc[0]
    assert a["P(peak ≤ 2030)"].iloc[0] == f"{round(100 * r['P(peak <= 2030)'])} %"
    years = a["median peak year"][a["median peak year"] != "none"]
    assert years.str.fullmatch(r"\d{4}").all()


def test_headline_names_every_scenario_and_boundary(table):
    text = synthesis_page.headline(table, "n_years", HORIZON)
    for name in ("baseline", "plan", "accelerated"):
        for boundary in set(table["boundary"]):
            assert f"**{name}, {boundaries.label(boundary)}:**" in text


def test_paths_table_is_the_runs_medians(ens):
    paths_long = summary.city_paths(ens, (0.8,))
    t = synthesis_page.paths_table(paths_long, (2030,), "en").df
    r = ens.results["plan"]
    row = t[(t["scenario"] == "plan") & (t["boundary"] == boundaries.label("with_imports"))].iloc[0]
    assert row["median (Mt)"] == round(float(np.median(r.with_imports[:, 11])), 1)
    lo, hi = np.quantile(r.with_imports[:, 11], [0.1, 0.9])
    assert row["80 % interval (Mt)"] == f"{lo:.1f}-{hi:.1f}"


def test_gap_by_part_by_hand(ens):
    gap = synthesis.gap_by_part(ens, "baseline", "accelerated", 2030)
    a, b = ens.results["baseline"], ens.results["accelerated"]
    assert gap["power plants"] == pytest.approx(
        np.median(b.parts["power plants"][:, 11]) - np.median(a.parts["power plants"][:, 11])
    )
    assert gap["imported electricity"] == pytest.approx(np.median(b.imported[:, 11]) - np.median(a.imported[:, 11]))
    assert gap.index[-1] == "imported electricity"


def test_key_findings_carry_the_runs_numbers(ens, table):
    indices = pd.DataFrame(
        {
            "output": ["CO2 2030 (territorial)"] * 2,
            "assumption": ["gdp_growth", "coal_ef"],
            "S1": [0.5, 0.1],
            "ST": [0.6, 0.2],
            "S1_conf": [0.0, 0.0],
            "ST_conf": [0.0, 0.0],
        }
    )
    kf = synthesis_page.key_findings(table, indices, ens, "n_years", HORIZON, "keep")
    n = kf.numbers
    assert n["baseline/territorial/2030/median_mt"] == round(
        float(np.median(ens.results["baseline"].territorial[:, 11])), 1
    )
    assert n["plan/with_imports/n_years/p_peak_by_2030"] == round(
        float(
            table.set_index(["scenario", "boundary", "rule"]).at[("plan", "with_imports", "n_years"), "P(peak <= 2030)"]
        ),
        3,
    )
    assert assumptions.get("gdp_growth").label in kf.markdown()


def test_chapter_run_with_a_scenario_compares_it_with_the_baseline(tmp_path):
    result = run_cli("run", "buildings", "--scenario", "accelerated", "--set", "draws=300", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    used = nbformat.read(tmp_path / "buildings.ipynb", 4).metadata["carbonpeak"]["parameters"]
    assert used["draws"] == 300
    assert used["scenarios"].startswith("baseline,") and used["scenarios"].endswith("accelerated.yml")


def test_bad_scenario_file_exits_2_naming_the_key(tmp_path):
    f = tmp_path / "bad.yml"
    f.write_text(
        "name: t\ntitle: t\ndescription: t\noverrides:\n  gdp_grwth: {value: 0.04, source: s}\n", encoding="utf-8"
    )
    result = run_cli("book", "--scenario", str(f), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "overrides.gdp_grwth" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_scenario_name_lists_the_known_ones(tmp_path):
    result = run_cli("run", "synthesis", "--set", "scenarios=baseline,nope", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "unknown scenario 'nope'" in result.stderr and "accelerated, baseline, plan" in result.stderr


def test_scenario_book_is_refused_in_book_folder(book_digest):
    result = run_cli("book", "--scenario", "plan", "--out", str(locations.BOOK))
    assert result.returncode == 2 and "not written into book/" in result.stderr
    assert tree_digest(locations.BOOK) == book_digest
