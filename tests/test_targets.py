"""The target registry (quotes, schema, observations) and the scorecard (hand-checked cases)."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from carbonpeak import metadata, paths, targets
from carbonpeak.errors import DataError, ModelError


@pytest.fixture(scope="module")
def registry():
    return targets.load_targets()


def test_registry_sidecar_and_inputs(registry):
    meta = metadata.validate_sidecar(targets.TARGETS_FILE, "curated")
    assert meta["rows"] == len(registry)
    for item in meta["compiled_from"]:
        assert metadata.md5sum(paths.ROOT / item["path"]) == item["md5"]


def test_every_quote_is_verbatim_in_the_plan(registry):
    assert targets.unquoted(registry) == []
    text = targets.plan_text()
    for row in registry.itertuples():
        assert row.quote_zh.endswith("。") and row.quote_zh in text


def test_registry_shape(registry):
    assert len(registry) >= 50
    assert registry["id"].is_unique
    assert set(registry["unit"]) <= set(targets.UNITS)
    assert set(registry["comparator"]) <= set(targets.COMPARATORS)
    assert set(registry["sector"]) <= set(targets.SECTORS)
    # every one of the plan's sector actions with numbers is represented
    assert {"energy_transition", "industry", "transport", "urban_construction", "carbon_sinks",
            "green_industry"} <= set(registry["action"])


@pytest.mark.parametrize("tid, value, unit, year, comparator", [
    ("T01", -14.5, "% change", "2025", "<="),
    ("E05", 1.5, "GW", "2021-2025", ">="),
    ("E06", 2.4, "GW", "2030", ">="),
    ("E02", 6.0, "GW", "2021-2025", "~"),
    ("R08", 1_300_000, "vehicles", "2025", "~"),
    ("R12", 2_000_000, "vehicles", "2030", "~"),
    ("R02", 640, "km", "2025", ">="),
    ("R05", 830, "km", "2030", ">="),
    ("R13", 600_000, "count", "2025", ">="),
    ("C01", 37.4, "%", "2025", ">="),
    ("C03", 5.73, "million m3", "2025", ">="),
    ("I01", 15_000, "100 million yuan", "2025", ">"),
    ("S02", 1.25, "ratio", "", "<"),
])
def test_known_targets(registry, tid, value, unit, year, comparator):
    row = registry.set_index("id").loc[tid]
    assert (row.target_value, row.unit, row.target_year, row.comparator) == (pytest.approx(value), unit, year, comparator)


def test_damaged_and_unstated_numbers_are_kept_without_a_number(registry):
    rows = registry.set_index("id")
    assert rows.loc["C05", "value_status"] == "missing_in_source" and math.isnan(rows.loc["C05", "target_value"])
    assert "自然岸线%" in rows.loc["C05", "quote_zh"]
    assert rows.loc["T02", "value_status"] == "not_stated" and math.isnan(rows.loc["T02", "target_value"])


def test_observed_values_trace_to_their_source_row(registry):
    official = pd.read_csv(paths.RAW / "official_points" / "shenzhen_quoted_official_figures.csv", dtype=str)
    observed = registry[registry["observed_value"].notna()]
    assert len(observed) >= 8
    for row in observed.itertuples():
        source, _, key = row.observed_source.partition(": ")
        assert source == "official_points", row.id
        indicator, _, year = key.rpartition(" | ")
        hit = official[(official["indicator"] == indicator) & (official["year"] == year)]
        assert len(hit) == 1, f"{row.id}: no single source row for {key!r}"
        text = " ".join(hit.iloc[0][["indicator", "value", "unit", "reliability_note"]].astype(str))
        assert row.observed_quote in text, f"{row.id}: {row.observed_quote!r} not in its source row"
    nev = registry.set_index("id").loc["R08"]
    assert (nev.observed_value, nev.observed_year, nev.observed_grade) == (1_190_000, "2024", "official_point")


GOOD = open(targets.TARGETS_FILE, encoding="utf-8").read().splitlines()


@pytest.mark.parametrize("edit, message", [
    (lambda r: r.replace(",>=,95,%,2025,", ",≥,95,%,2025,"), r"row 4 \(id E01\), column 'comparator': '≥'"),
    (lambda r: r.replace(",>=,95,%,2025,", ",>=,95,percent,2025,"), r"row 4 \(id E01\), column 'unit': 'percent'"),
    (lambda r: r.replace(",>=,95,%,2025,", ",>=,lots,%,2025,"), r"row 4 \(id E01\), column 'target_value': 'lots'"),
    (lambda r: r.replace(",>=,95,%,2025,", ",>=,95,%,by 2025,"), r"row 4 \(id E01\), column 'target_year'"),
    (lambda r: r.replace("E01,energy_transition", "E01,energies"), r"row 4 \(id E01\), column 'action'"),
])
def test_malformed_registry_row_is_named(tmp_path, edit, message):
    lines = list(GOOD)
    lines[4] = edit(lines[4])
    assert lines[4] != GOOD[4]
    bad = tmp_path / "targets.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=message):
        targets.load_targets(bad)


def test_duplicate_id_is_refused(tmp_path):
    bad = tmp_path / "targets.csv"
    bad.write_text("\n".join(GOOD + [GOOD[4]]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="id 'E01' appears more than once"):
        targets.load_targets(bad)


def target(comparator=">=", value=100.0, unit="count"):
    return {"id": "X01", "comparator": comparator, "target_value": value, "unit": unit, "value_status": "stated"}


def test_clearly_met_missed_borderline_and_no_data():
    draws_high = np.full(1000, 150.0)
    met = targets.scorecard(target(), draws_high)
    assert (met.status, met.probability, met.gap) == ("on track", 1.0, 50.0)
    missed = targets.scorecard(target(), np.full(1000, 60.0))
    assert (missed.status, missed.probability, missed.gap) == ("off track", 0.0, -40.0)
    border = targets.scorecard(target(), np.arange(50.0, 150.0))  # half the draws reach 100
    assert border.status == "at risk" and border.probability == pytest.approx(0.5)
    none = targets.scorecard(target(), None)
    assert (none.status, none.probability, none.reason) == ("no data", None, "no projection yet")
    unstated = targets.scorecard(target() | {"target_value": float("nan"), "value_status": "missing_in_source"},
                                 draws_high)
    assert unstated.status == "no data" and "lost in the source" in unstated.reason


def test_ceiling_targets_score_the_other_way():
    low = targets.scorecard(target("<=", 100.0), np.full(10, 80.0))
    assert (low.status, low.gap) == ("on track", 20.0)
    high = targets.scorecard(target("<=", 100.0), np.full(10, 120.0))
    assert (high.status, high.gap) == ("off track", -20.0)
    cut = targets.scorecard(target("<=", -14.5, "% change"), np.array([-16.0, -15.0, -14.0, -13.0]))
    assert cut.probability == pytest.approx(0.5) and cut.status == "at risk"


def test_about_target_uses_the_tolerance():
    draws = np.array([94.0, 96.0, 99.0, 101.0])
    assert targets.scorecard(target("~"), draws, about_tolerance=0.05).probability == pytest.approx(0.75)
    assert targets.scorecard(target("~"), draws, about_tolerance=0.0).probability == pytest.approx(0.25)


def test_interval_projection_by_hand():
    # log-symmetric 80 % interval: sigma on the log scale = ln(1.25) / z(0.9)
    proj = {"mean": 100.0, "lower_80": 80.0, "upper_80": 125.0, "lower_95": 60.0, "upper_95": 160.0}
    sigma = math.log(1.25) / norm.ppf(0.9)
    assert math.log(100 / 80) == pytest.approx(math.log(1.25))
    assert targets.scorecard(target(">=", 100.0), proj).probability == pytest.approx(0.5)
    assert targets.scorecard(target(">=", 80.0), proj).probability == pytest.approx(0.9)
    assert targets.scorecard(target("<=", 80.0), proj).status == "off track"
    p = targets.scorecard(target(">=", 110.0), proj).probability
    assert p == pytest.approx(1 - norm.cdf(math.log(1.1) / sigma))
    row = pd.Series(proj)  # a row of models.project works the same way
    assert targets.scorecard(target(">=", 110.0), row).probability == pytest.approx(p)


def test_thresholds_are_parameters_and_checked():
    draws = np.array([90.0, 110.0, 120.0, 130.0])  # P = 0.75
    assert targets.scorecard(target(), draws).status == "at risk"
    assert targets.scorecard(target(), draws, on_track=0.7).status == "on track"
    assert targets.scorecard(target(), draws, off_track=0.8, on_track=0.9).status == "off track"
    with pytest.raises(ModelError, match="thresholds"):
        targets.scorecard(target(), draws, on_track=0.2, off_track=0.8)
    with pytest.raises(ModelError, match="draws must be"):
        targets.scorecard(target(), np.array([np.nan]))


def test_status_board_covers_every_target(registry):
    board = targets.status_board(registry, projections={"R08": np.full(5, 1_400_000.0)})
    assert len(board) == len(registry) and board["id"].tolist() == registry["id"].tolist()
    assert board.set_index("id").loc["R08", "status"] == "on track"
    assert set(board["status"]) <= set(targets.STATUSES)
