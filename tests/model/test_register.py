"""The register of published estimates, like with like: its schema, what each study states (checked against
the abstract's words), and a chart that draws no bound its sources do not state."""

import csv
import io
import re

import numpy as np
import pandas as pd
import pytest
import yaml

from carbonpeak import data, locations
from carbonpeak.data import compiled, provenance, register
from carbonpeak.errors import DataError
from carbonpeak.model import synthesis
from carbonpeak.pages import synthesis as synthesis_page

STUDIES = locations.RAW / "literature" / "published_studies.csv"


@pytest.fixture(scope="module")
def reg():
    return synthesis.published_estimates()


def _raw_register() -> pd.DataFrame:  # read directly, not through the module under test
    return pd.read_csv(register.REGISTER_FILE, dtype=str, keep_default_na=False)


def _ensemble() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "scenario": ["baseline", "plan"],
            "boundary": ["territorial", "with_imports"],
            "low": [2019.0, 2021.0],
            "high": [2027.0, 2030.0],
            "peaked": [0.6, 0.9],
            "rule": ["n_years", "n_years"],
        }
    )


@pytest.mark.parametrize("path", [register.REGISTER_FILE, register.CONTEXT_FILE], ids=lambda p: p.name)
def test_register_files_meet_their_sidecars(path):
    meta = provenance.validate_sidecar(path, "curated")
    df = register.read_register(path)
    assert meta["rows"] == len(df) and set(meta["grades"]) == set(df["grade"])
    for item in meta["compiled_from"]:
        assert provenance.md5sum(locations.ROOT / item["path"]) == item["md5"], item["path"]
    assert set(df["scenario_type"]) <= set(register.SCENARIO_TYPES)


def test_every_row_says_its_kind_of_scenario_and_an_open_bound_has_no_start(reg):
    raw = _raw_register()
    assert (raw["scenario_type"] != "").all() and (raw["boundary"] != "").all()
    before = raw[raw["peak_bound"] == "before"]
    assert len(before) >= 2 and (before["peak_year_low"] == "").all() and (before["peak_year_high"] != "").all()
    # the LEAP study's policy result and the growing baseline it is set against are both recorded
    types = raw.set_index("id")["scenario_type"]
    assert types["ji_2024_low_carbon"] == "policy" and types["ji_2024_baseline"] == "BAU"
    assert types["plan_2023"] == "target"
    assert all("Shenzhen" in r or "cities" in r for r in raw["region"])  # other regions are context


def test_the_chart_draws_no_lower_bound_the_register_does_not_state(reg):
    rows = synthesis.register_rows(reg, _ensemble())
    raw = _raw_register().set_index("id")
    compared = raw[(raw["peak_year_high"] != "") & raw["scenario_type"].isin(["BAU", "policy", "target"])]
    published = rows[rows["id"] != ""]
    assert sorted(published["id"]) == sorted(compared.index)
    for r in published.itertuples():
        stated = raw.at[r.id, "peak_year_low"]
        if stated:
            assert r.low == float(stated) and r.bound == "range", r.id
        else:
            assert np.isnan(r.low) and r.bound == "before", r.id
        assert r.high == float(raw.at[r.id, "peak_year_high"])
    # what the page carries: every record of the chart's inline data
    spec = synthesis_page.register_figure(reg, _ensemble()).spec
    records = [v for values in spec["datasets"].values() for v in values if v.get("id")]
    assert sorted(v["id"] for v in records) == sorted(compared.index)
    for v in records:
        stated = raw.at[v["id"], "peak_year_low"]
        assert v.get("low") == (float(stated) if stated else None), v["id"]


def test_bau_studies_sit_beside_the_baseline_and_policy_beside_the_plan(reg):
    rows = synthesis.register_rows(reg, _ensemble())
    raw = _raw_register().set_index("id")
    for r in rows[rows["id"] != ""].itertuples():
        kind = raw.at[r.id, "scenario_type"]
        expected = {"BAU": "baseline", "policy": "plan", "target": "plan"}[kind]
        assert r.group == expected, r.id
    book = rows[rows["kind"] == "book"]
    assert (book["group"] == book["scenario"]).all() and set(book["scenario"]) == {"baseline", "plan"}


def test_each_study_states_what_the_register_says_it_states(reg):
    quotes = pd.read_csv(STUDIES, dtype=str).set_index("id")["quote"]
    figure = reg.set_index("id")["figure_value"]
    ke = [float(x) for x in re.findall(r"([\d.]+)%", quotes["ke_2022"])]
    assert figure["ke_2022_growth"] == ke[0] and figure["ke_2022_decline"] == -ke[1]
    shan = [int(x) for x in re.findall(r"(\d+) cities", quotes["shan_2022"])]
    assert figure["shan_2022"] == shan[0] and "another 21" in reg.set_index("id").at["shan_2022", "figure"]
    assert shan == [38, 21]
    wang = [int(x.replace(",", "")) for x in re.findall(r"US\$([\d,]+)", quotes["wang_2019"])]
    row = reg.set_index("id").loc["wang_2019_threshold"]
    assert [row["figure_value"], row["figure_low"]] == wang[:2] and row["figure_high"] == 22000
    assert "before 2025" in quotes["ji_2024"] and reg.set_index("id").at["ji_2024_low_carbon", "peak_year_high"] == 2025
    dois = pd.read_csv(STUDIES, dtype=str).set_index("id")["doi"]
    for ident, doi in dois.items():
        assert reg["citation"].str.contains(doi, regex=False).any(), ident
    assert provenance.validate_sidecar(STUDIES, "raw")["grade"] == "derived"


def test_levels_agree_with_their_raw_files(reg):
    row = reg.set_index("id")
    lit = compiled.published_figures()
    assert row.at["commentary_2019_national", "figure_value"] == lit.at["commentary_sz_2019_national", "value"]
    assert row.at["commentary_2019_provincial", "figure_value"] == lit.at["commentary_sz_2019_provincial", "value"]
    ctx = synthesis.published_context().set_index("id")
    gd = data.load("guangdong_sector_co2").query("variable == 'co2_total'").set_index("year")["value"]
    assert ctx.at["guangdong_ceads", "figure_value"] == pytest.approx(gd[2019], abs=0.05)
    assert "Shenzhen" not in " ".join(ctx["region"])  # other regions only


def _edited(tmp_path, edit):
    rows = list(csv.DictReader(io.StringIO(register.REGISTER_FILE.read_text(encoding="utf-8"))))
    edit(rows)
    path = tmp_path / "register.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    meta = yaml.safe_load(provenance.sidecar_path(register.REGISTER_FILE).read_text(encoding="utf-8"))
    meta |= {"rows": len(rows), "md5": provenance.md5sum(path)}
    provenance.sidecar_path(path).write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("peak_year_low", "2010", r"an open bound \('before'\) has a peak_year_high and no peak_year_low"),
        ("scenario_type", "guess", r"column 'scenario_type': 'guess' is not one of"),
        ("boundary", "global", r"column 'boundary': 'global' is not one of"),
        ("peak_bound", "", r"a peak year is given without saying"),
        ("peak_year_high", "soon", r"column 'peak_year_high': 'soon' is not a number"),
    ],
)
def test_a_bad_register_row_is_refused_naming_row_and_column(tmp_path, column, value, message):
    def edit(rows):
        rows[0][column] = value  # plan_2023: 'before 2030'

    path = _edited(tmp_path, edit)
    with pytest.raises(DataError, match=message) as err:
        register.read_register(path)
    assert "row 1 (id plan_2023)" in str(err.value)


def test_the_chinese_register_chart_labels_this_books_rows_in_chinese(reg):
    spec = synthesis_page.register_figure(reg, _ensemble(), "zh").spec
    book = [v for values in spec["datasets"].values() for v in values if v.get("bound") == "range" and not v.get("id")]
    assert len(book) == 2
    for v in book:
        assert "本报告" in v["label"] and "抽样" in v["note"] and "draws" not in v["note"], v
