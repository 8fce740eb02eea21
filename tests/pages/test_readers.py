"""Pages for readers: the answer in English and Chinese, tables fit for print, the scenario explorer's grid,
the glossary, and the IAMC export (pyam)."""

import base64
import re
import warnings

import nbformat
import numpy as np
import pandas as pd
import pytest
import yaml
from support import run_cli

from carbonpeak import locations
from carbonpeak.formats import co2, probability
from carbonpeak.inputs import scenarios
from carbonpeak.model import core, draws, iamc, outcomes, runs, summary, synthesis, uncertainty
from carbonpeak.model import grid as model_grid
from carbonpeak.pages import answer, explorer, zh
from carbonpeak.pages import synthesis as synthesis_page
from carbonpeak.pages.findings import META_KEY
from carbonpeak.pages.tables import Table, number, percent, whole
from carbonpeak.runner import export

# tables ------------------------------------------------------------------------------------------------


def test_table_formats_cells_for_reading_and_hides_the_index():
    df = pd.DataFrame(
        {"scenario": ["baseline", "plan"], "P": [0.8642, 0.99961], "year": [2018.0, 2026.0], "Mt": [46.995, 1234.56]},
        index=[7, 8],
    )
    t = Table(df, "cap", formats={"P": percent(), "year": whole, "Mt": number(1)})
    assert t.shown().values.tolist() == [["baseline", "86 %", "2018", "47.0"], ["plan", "> 99 %", "2026", "1,234.6"]]
    html = t.to_html()
    assert "2018.0" not in html and "46.995" not in html and ">7<" not in html  # no floats for years, no index
    assert "row_heading" not in html and "blank" not in html
    assert re.search(r'<th id="T_[0-9a-f]{10}_level0_col0"', html)  # the id is the content hash, not random


def test_table_ids_follow_the_content():
    a = Table(pd.DataFrame({"x": [1.5]})).to_html()
    assert a == Table(pd.DataFrame({"x": [1.5]})).to_html()
    assert a != Table(pd.DataFrame({"x": [2.5]})).to_html()


def test_long_tables_fold_and_identifiers_can_wrap():
    df = pd.DataFrame({"assumption": ["industry_electricity_intensity_change"] * 20, "value": range(20)})
    html = Table(df, "Every assumption").to_html()
    assert html.startswith("<details") and "<summary>Every assumption (20 rows)</summary>" in html
    assert "industry_<wbr>electricity_<wbr>intensity_<wbr>change" in html
    assert "<details" not in Table(df.head(5)).to_html()


def test_percent_never_rounds_to_certainty():
    p = percent()
    assert [p(x) for x in (0.0, 0.0004, 0.5, 0.9996, 1.0)] == ["0 %", "< 1 %", "50 %", "> 99 %", "100 %"]


def test_a_probability_is_never_written_as_certain_in_either_language():
    """One formatter for every probability: a share of draws is never 0 % or 100 %, even when every draw
    agrees (a finite set of draws cannot show certainty)."""
    shown = [probability(x) for x in (0.0, 0.0004, 0.004, 0.5, 0.8642, 0.996, 0.9996, 1.0)]
    assert shown == ["< 1 %", "< 1 %", "< 1 %", "50 %", "86 %", "> 99 %", "> 99 %", "> 99 %"]
    zh_shown = [probability(x, "zh") for x in (0.0, 0.8642, 1.0)]
    assert zh_shown == ["不足1%", "86%", "超过99%"]
    assert probability(float("nan")) == "–" and probability(None) == "–"
    with pytest.raises(ValueError):
        probability(0.5, "fr")
    assert zh.year(2024.0) == "2024年"


def test_an_amount_of_co2_is_written_to_a_tenth_of_a_megatonne_in_either_language():
    assert [co2(x) for x in (46.9945, 0.04, 21.15)] == ["47.0 Mt", "0.0 Mt", "21.1 Mt"]  # 21.15 is 21.149... in binary
    assert [co2(x, "zh") for x in (46.9945, 0.04, 1234.56)] == ["4700万吨", "0万吨", "123460万吨"]
    assert co2(float("nan")) == co2(None, "zh") == "–"
    with pytest.raises(ValueError):
        co2(1.0, "fr")


def test_table_refuses_formats_for_missing_columns():
    with pytest.raises(ValueError, match="'nope'"):
        Table(pd.DataFrame({"x": [1]}), formats={"nope": whole})


# the answer pages --------------------------------------------------------------------------------------


def _key_numbers(page: str) -> dict:
    nb = nbformat.read(locations.BOOK / f"{page}.ipynb", as_version=4)
    out = {}
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            out.update(o.get("metadata", {}).get("text/markdown", {}).get(META_KEY, {}))
    return out


def _template_defaults(chapter: str) -> dict:
    import ast

    from carbonpeak.runner.render import template_parameters

    return {k: ast.literal_eval(v["default"]) for k, v in template_parameters(chapter).items()}


def test_answer_pages_run_the_synthesis_with_its_defaults():
    syn = _template_defaults("synthesis")
    for page in ("answer", "zh/answer"):
        assert _template_defaults(page) == syn, page


def test_answer_pages_carry_the_synthesis_numbers():
    p = _template_defaults("synthesis")
    scens = synthesis.load_scenarios(p["scenarios"])
    ens = synthesis.run(scens, p["draws"], p["seed"], p["horizon_end"])
    table = outcomes.peak_table(ens.results, p["horizon_end"], p["peak_rule_years"], p["rule_start"], p["record_2018"])
    indices = synthesis.sobol_indices(
        scens, scens[-1].name, 64, p["seed"], p["horizon_end"], p["peak_rule_years"], p["rule_start"], p["record_2018"]
    )
    expected = synthesis_page.key_findings(
        table, indices, ens, p["peak_rule"], p["horizon_end"], p["record_2018"]
    ).numbers
    en, zh_numbers = _key_numbers("answer"), _key_numbers("zh/answer")
    assert len(expected) >= 36 and en == expected and zh_numbers == expected
    # by hand: the baseline's 2030 median and its probability of a peak by 2030 on the wider boundary
    r = ens.results["baseline"]
    j = int(np.nonzero(r.years == 2030)[0][0])
    assert en["baseline/with_imports/2030/median_mt"] == round(float(np.median(r.with_imports[:, j])), 1)
    st = outcomes.apply_rule(r, "with_imports", "n_years", p["peak_rule_years"], p["rule_start"])
    assert en["baseline/with_imports/n_years/p_peak_by_2030"] == round(
        float(np.mean(st["peaked"] & (st["year"] <= 2030))), 3
    )


def test_numbers_shown_on_several_pages_agree():
    pages = {
        p.relative_to(locations.BOOK).with_suffix("").as_posix(): _key_numbers(
            p.relative_to(locations.BOOK).with_suffix("").as_posix()
        )
        for p in sorted(locations.BOOK.glob("**/*.ipynb"))
    }
    seen = {}
    for page, numbers in pages.items():
        for name, value in numbers.items():
            seen.setdefault(name, {})[page] = value
    shared = {n: v for n, v in seen.items() if len(v) > 1}
    assert any({"answer", "zh/answer"} <= set(v) for v in shared.values())
    for name, values in shared.items():
        assert len(set(values.values())) == 1, f"{name} differs between pages: {values}"


def test_findings_in_both_languages_state_the_same_probabilities():
    a = answer.compute("baseline,plan", 2035, "n_years", 5, 2005, "keep", 400, 7, 64)
    en, cn = answer.key_findings(a, "en"), answer.key_findings(a, "zh")
    assert len(en.bullets) == len(cn.bullets) == 6 and en.numbers == cn.numbers
    p = a.peaks.set_index(["scenario", "boundary", "rule"])["P(peak <= 2030)"]
    for s, label in (("baseline", "基准情景"), ("plan", "规划情景")):
        x = p[(s, "with_imports", "n_years")]
        assert f"{s} {probability(x)}" in en.bullets[0]
        assert f"{label}{probability(x, 'zh')}" in cn.bullets[0]
    counts = answer.board_counts(a.board)
    assert f"{counts['on track']}项有望达成" in cn.bullets[-1] and f"{counts['on track']} on track" in en.bullets[-1]


def test_chinese_labels_cover_every_model_assumption_and_the_glossary_uses_them():
    assert set(core.ALL_NAMES) <= set(zh.ASSUMPTIONS)
    glossary = (locations.BOOK / "glossary.md").read_text(encoding="utf-8")
    for labels in (zh.SCENARIOS, zh.BOUNDARIES, zh.BOUNDARIES_SHORT, zh.RULES, zh.STATUSES, zh.GRADES):
        for text in labels.values():
            assert text in glossary, text


def test_glossary_quotes_the_plans_terms_as_the_plan_writes_them():
    plan = (locations.RAW / "plan" / "shenzhen_carbon_peak_plan_2023_mirror.txt").read_text(encoding="utf-8")
    glossary = (locations.BOOK / "glossary.md").read_text(encoding="utf-8")
    section = glossary.split("## The plan's terms")[1].split("\n## ")[0]
    terms = [line.split(" · ")[0] for line in section.splitlines() if line and not line.startswith((":", " "))]
    assert len(terms) >= 25
    for term in terms:
        for part in re.split(r" / |、", term):
            assert part in plan, f"'{part}' is not in the plan's text"


# the explorer --------------------------------------------------------------------------------------------


GRID_DRAWS, GRID_SEED = 300, 20231007


@pytest.fixture(scope="module")
def grid():
    return explorer.compute("baseline", GRID_DRAWS, GRID_SEED)


def test_levers_move_named_assumptions_over_even_steps_through_the_stated_value():
    settings = explorer.baseline_settings()
    for lever in explorer.LEVERS:
        assert set(lever.names) <= set(core.ALL_NAMES), lever.names
        steps = np.diff(lever.values)
        assert np.allclose(steps, lever.step), lever.key
        assert any(np.isclose(v, lever.stated(settings)) for v in lever.values), lever.key


def test_the_stated_setting_is_the_synthesis_baseline_on_the_same_draws(grid):
    """The explorer agrees with the answer: its stated setting is the synthesis' baseline Monte Carlo on the
    same draws and seed, band for band and probability for probability."""
    ens = synthesis.run(synthesis.load_scenarios("baseline"), GRID_DRAWS, GRID_SEED, grid.horizon_end)
    r = ens.results["baseline"]
    d = grid.default_key
    for b in model_grid.BOUNDARIES:
        np.testing.assert_allclose(grid.bands[b][d], np.quantile(r.total(b), model_grid.QUANTILES, axis=0))
    table = outcomes.peak_table(ens.results, grid.horizon_end, rules=("n_years",)).set_index("boundary")
    for label, boundary in (("territorial", "territorial"), ("with_imports", "with_imports")):
        for j, year in enumerate(model_grid.PEAK_YEARS):
            assert grid.probability[label][d, j] == pytest.approx(table.at[boundary, f"P(peak <= {year})"])


def test_a_setting_is_the_model_with_its_assumptions_scaled_in_the_registry(grid):
    """Another route to one setting: the levers' assumptions restated with scaled values and ranges (a split
    triangular scales with its range), drawn afresh, run through the model."""
    scenario = scenarios.load("baseline")
    settings = scenario.settings()
    pos = grid.positions
    chosen = {"gdp": 3.5, "eff": 1.5, "ief": 0.0, "nev": 100.0, "gas": 6.0, "hrs": 0.5}
    row = pos[np.all([np.isclose(pos[k], v) for k, v in chosen.items()], axis=0)].iloc[0]
    scaled = dict(settings)
    for lever in explorer.LEVERS:
        f = float(lever.factor(settings, chosen[lever.key]))
        for name in lever.names:
            s = settings[name]

            low, mid, high = (np.atleast_1d(np.asarray(x, dtype=float)) * f for x in (s.low, s.default, s.high))
            shown = [list(x) if s.is_path else float(x[0]) for x in (mid, low, high)]
            scaled[name] = draws.override(s, *shown, "test")
    base_year, obs = runs.calibration()
    v = {**draws.Inputs("baseline", scaled).draw(GRID_DRAWS, GRID_SEED)}
    v.update(uncertainty.draw(GRID_DRAWS, GRID_SEED, grid.years, base_year.level))
    r = core.simulate(v, base_year, obs, grid.horizon_end, runs.milestones())
    k = int(row["k"])
    for b in model_grid.BOUNDARIES:
        np.testing.assert_allclose(grid.bands[b][k], np.quantile(r.total(b), model_grid.QUANTILES, axis=0), rtol=1e-9)
    st = outcomes.apply_rule(r, "with_imports", "n_years", 5, 2005)
    assert grid.probability["with_imports"][k, 1] == pytest.approx(np.mean(st["peaked"] & (st["year"] <= 2030)))


def _key_in_python(expr: str, values: dict) -> int:
    """The sliders' key expression (vega) evaluated for one setting: JavaScript round() and Python's agree
    away from halves, which evenly spaced positions never are."""
    return int(eval(expr.replace("round(", "_round("), {"_round": lambda x: int(np.floor(x + 0.5))}, dict(values)))


def test_the_key_the_sliders_compute_picks_the_row_of_that_setting(grid):
    expr = explorer.key_expr()
    rows = grid.positions.sample(200, random_state=1)
    for _, row in rows.iterrows():
        values = {lever.key: float(row[lever.key]) for lever in explorer.LEVERS}
        assert _key_in_python(expr, values) == int(row["k"])


def test_the_chart_embeds_every_setting_once_with_its_band_and_probabilities(grid):
    fig = explorer.figure(grid)
    datasets = list(fig.spec["datasets"].values())
    big = max(datasets, key=len)
    assert len(big) == len(grid.positions) == int(np.prod([len(lv.values) for lv in explorer.LEVERS]))
    assert sum(len(d) == len(big) for d in datasets) == 1  # the grid is embedded once
    row = big[grid.default_key]
    assert row["k"] == grid.default_key and len(row["wmid"]) == len(grid.years)
    assert np.allclose(np.array(row["wmid"]) / 10, grid.bands["with_imports"][grid.default_key, 1], atol=0.05)
    assert row["with_imports_2030"] == probability(grid.probability["with_imports"][grid.default_key, 1])
    names = {p["name"] for p in fig.spec["params"]}
    assert {lever.key for lever in explorer.LEVERS} | {"rec2018"} <= names
    assert explorer.page_weight(fig)["html_bytes"] < 1_200_000  # the page stays light enough for a phone


# the IAMC export ---------------------------------------------------------------------------------------


def _pyam():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pyam
    return pyam


def test_iamc_values_equal_the_models_tables(tmp_path):
    scens = synthesis.load_scenarios("baseline,plan")
    ens = synthesis.run(scens, 300, 11, 2035)
    table = outcomes.peak_table(ens.results, 2035)
    written = export.write(iamc.frame(ens, table), tmp_path)
    assert [p.name for p in written] == ["carbonpeak_iamc.csv", "carbonpeak_iamc.xlsx"]
    pyam = _pyam()
    df = pyam.IamDataFrame(tmp_path / "carbonpeak_iamc.csv")
    assert list(df.scenario) == ["baseline", "plan"] and list(df.region) == ["Shenzhen"]
    data = df.data.set_index(["scenario", "variable", "year"])["value"]
    paths_ = summary.city_paths(ens, (0.8,))
    for r in paths_.itertuples():
        var = {  # each boundary its own variable, as the IAMC file names them
            "territorial": "Emissions|CO2",
            "with_imports": "Emissions incl. Imported Electricity|CO2",
            "with_purchases": "Emissions incl. Grid Purchases|CO2",
        }[r.boundary]
        assert data[(r.scenario, f"{var}|Median", r.year)] == pytest.approx(r.median, abs=0.005)
        assert data[(r.scenario, f"{var}|10th Percentile", r.year)] == pytest.approx(r.lower_80, abs=0.005)
        assert data[(r.scenario, f"{var}|90th Percentile", r.year)] == pytest.approx(r.upper_80, abs=0.005)
    parts = summary.part_medians(ens)
    for r in parts.itertuples():
        var = (
            "Indirect Emissions|CO2|Imported Electricity"
            if r.part == "imported electricity"
            else f"Emissions|CO2|{iamc.PARTS[r.part]}"
        )
        assert data[(r.scenario, f"{var}|Median", r.year)] == pytest.approx(r.median, abs=0.005)
    elec = summary.electricity_medians(ens)
    for r in elec.itertuples():
        name = iamc.USES[r.item] if r.side == "demand" else iamc.SOURCES[r.item]
        var = f"Electricity|{'Demand' if r.side == 'demand' else 'Supply'}|{name}"
        assert data[(r.scenario, f"{var}|Median", r.year)] == pytest.approx(r.median, abs=0.005)
    # the IAMC convention: Emissions|CO2 is territorial and is the sum of its parts; the wider boundary is its
    # own variable, territorial plus the imported electricity's CO2 (pyam's check, on the means, which add)
    for total, parts in iamc.AGGREGATES.items():
        assert df.check_aggregate(f"{total}|Mean", components=[f"{p}|Mean" for p in parts], atol=0.1) is None
    mean = data.xs("Emissions|CO2|Mean", level="variable")
    assert mean[("baseline", 2030)] == pytest.approx(
        float(ens.results["baseline"].territorial[:, 11].mean()), abs=0.005
    )
    long = iamc.long_table(ens)
    long.loc[long["variable"] == "Emissions|CO2|Buildings|Mean", "value"] *= 2  # a part that no longer adds up
    assert iamc.aggregate_gaps(pyam.IamDataFrame(long)) is not None
    xlsx = pyam.IamDataFrame(tmp_path / "carbonpeak_iamc.xlsx")
    pd.testing.assert_frame_equal(xlsx.data, df.data)  # the same numbers in both files
    meta = xlsx.meta.reset_index().set_index("scenario")
    assert meta.loc["plan", "P(peak <= 2030) with_imports n_years"] == pytest.approx(
        table[(table["scenario"] == "plan") & (table["boundary"] == "with_imports") & (table["rule"] == "n_years")][
            "P(peak <= 2030)"
        ].iloc[0],
        abs=1e-4,
    )


def test_export_cli_writes_the_file_the_answer_page_links(tmp_path):
    result = run_cli("export", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    csv = (tmp_path / "out" / "carbonpeak_iamc.csv").read_bytes()
    page = nbformat.read(locations.BOOK / "answer.ipynb", as_version=4)
    links = [
        m
        for c in page.cells
        for o in c.get("outputs", [])
        for m in re.findall(
            r'download="carbonpeak_iamc.csv" href="data:text/csv;charset=utf-8;base64,([^"]+)"',
            o.get("data", {}).get("text/html", ""),
        )
    ]
    assert len(links) == 1 and base64.b64decode(links[0]) == csv
    header = csv.decode("utf-8").splitlines()[0].split(",")
    assert header[:5] == ["Model", "Scenario", "Region", "Variable", "Unit"] and header[5:] == [
        str(y) for y in range(2019, 2036)
    ]


def test_export_refuses_a_file_as_its_folder_and_leaves_it(tmp_path):
    target = tmp_path / "taken"
    target.write_text("mine", encoding="utf-8")
    result = run_cli("export", "--out", str(target))
    assert result.returncode == 2
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith("carbonpeak: error: ") and f"{target} is a file" in line
    assert target.read_text(encoding="utf-8") == "mine"


def test_the_answer_comes_first_in_the_book():
    import yaml

    toc = yaml.safe_load((locations.ROOT / "_toc.yml").read_text(encoding="utf-8"))
    first = toc["parts"][0]
    assert first["caption"] == "The answer"
    assert [c["file"] for c in first["chapters"]] == [
        "book/answer",
        "book/edition",
        "book/explorer",
        "book/glossary",
    ]


def _overrides(name: str) -> dict:
    """A shipped scenario's overrides with those of the scenarios it extends, read from the files by hand."""
    spec = yaml.safe_load((locations.SCENARIOS / f"{name}.yml").read_text(encoding="utf-8"))
    parent = spec.get("extends")
    return {**(_overrides(parent) if parent else {}), **(spec.get("overrides") or {})}


@pytest.mark.parametrize("name", ["plan", "accelerated"])
def test_a_preset_sets_the_sliders_the_scenario_moves_and_names_what_no_slider_shows(name):
    preset = explorer.preset(name)
    stated = explorer.preset("baseline").positions
    overrides = _overrides(name)
    on_sliders = {n for lever in explorer.LEVERS for n in lever.names}
    expected = dict(stated)
    if "nev_sales_share_max" in overrides:
        expected["nev"] = 100 * overrides["nev_sales_share_max"]["value"]
    assert preset.positions == pytest.approx(expected)
    shown = {n for n in overrides if n in on_sliders and n == "nev_sales_share_max"}
    assert sorted(preset.beyond) == sorted(n for n in overrides if n not in shown)
    assert explorer.preset("baseline").beyond == ()


EN_DASH_YEARS = re.compile(r"\b(?:19|20)\d\d–(?:19|20)\d\d\b")


def _page_text(path) -> str:
    """What a reader reads on a committed page: markdown cells and every text output."""
    nb = nbformat.read(path, as_version=4)
    parts = [c.source for c in nb.cells if c.cell_type == "markdown"]
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        for out in cell.get("outputs", []):
            parts += [str(v) for k, v in out.get("data", {}).items() if k.startswith("text/")]
            parts.append(str(out.get("text", "")))
    return "\n".join(parts)


@pytest.mark.parametrize("page", sorted(p.stem for p in locations.BOOK.glob("*.ipynb")))
def test_an_english_page_writes_a_range_of_years_one_way(page):
    """'2008-2019' on every English page (the Chinese edition writes 2008—2019年), never '2008–2019' beside it."""
    found = EN_DASH_YEARS.findall(_page_text(locations.BOOK / f"{page}.ipynb"))
    assert found == [], f"{page}: {found[:5]}"


def test_the_range_check_sees_an_en_dash():
    assert EN_DASH_YEARS.findall("CEADs, 1997–2019 with gaps; 2008-2019") == ["1997–2019"]
