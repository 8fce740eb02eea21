"""The target registry (quotes, schema, observations) and the scorecard (hand-checked cases)."""

import math
import re

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from carbonpeak import data, locations, targets
from carbonpeak.data import provenance
from carbonpeak.errors import DataError, ModelError
from carbonpeak.targets import scorers


@pytest.fixture(scope="module")
def registry():
    return targets.load_targets()


def test_registry_sidecar_and_inputs(registry):
    meta = provenance.validate_sidecar(targets.TARGETS_FILE, "curated")
    assert meta["rows"] == len(registry)
    for item in meta["compiled_from"]:
        assert provenance.md5sum(locations.ROOT / item["path"]) == item["md5"]


def test_every_quote_is_verbatim_in_the_plan(registry):
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
    assert {
        "energy_transition",
        "industry",
        "transport",
        "urban_construction",
        "carbon_sinks",
        "green_industry",
    } <= set(registry["action"])


@pytest.mark.parametrize(
    "tid, value, unit, year, comparator",
    [
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
    ],
)
def test_known_targets(registry, tid, value, unit, year, comparator):
    row = registry.set_index("id").loc[tid]
    assert (row.target_value, row.unit, row.target_year, row.comparator) == (
        pytest.approx(value),
        unit,
        year,
        comparator,
    )


def test_damaged_and_unstated_numbers_are_kept_without_a_number(registry):
    rows = registry.set_index("id")
    assert rows.loc["C05", "value_status"] == "missing_in_source" and math.isnan(rows.loc["C05", "target_value"])
    assert "自然岸线%" in rows.loc["C05", "quote_zh"]
    assert rows.loc["T02", "value_status"] == "not_stated" and math.isnan(rows.loc["T02", "target_value"])


OFFICIAL_DIR = locations.RAW / "official_points"
TARGET_FIGURES = OFFICIAL_DIR / "shenzhen_target_figures_2019_2025.csv"


def official_rows() -> pd.DataFrame:
    """Every row of every compiled file in data/raw/official_points (quote_original empty where absent)."""
    frames = [pd.read_csv(f, dtype=str, keep_default_na=False) for f in sorted(OFFICIAL_DIR.glob("*.csv"))]
    return pd.concat(frames, ignore_index=True).fillna("")


def test_observed_values_trace_to_their_source_row(registry):
    official = official_rows()
    observed = registry[registry["observed_value"].notna()]
    assert len(observed) >= 8
    for row in observed.itertuples():
        source, _, key = row.observed_source.partition(": ")
        assert source == "official_points", row.id
        indicator, _, year = key.rpartition(" | ")
        hit = official[(official["indicator"] == indicator) & (official["year"] == year)]
        assert len(hit) == 1, f"{row.id}: no single source row for {key!r} across the folder"
        text = " ".join(hit.iloc[0][["indicator", "value", "unit", "reliability_note", "quote_original"]].astype(str))
        assert row.observed_quote in text, f"{row.id}: {row.observed_quote!r} not in its source row"
    nev = registry.set_index("id").loc["R08"]
    assert (nev.observed_value, nev.observed_year, nev.observed_grade) == (1_190_000, "2024", "official_point")


# observed value (target's unit) = points value x factor: every new observation traced to the points table
TRACED = {
    "E04": ("lng_bunkering_yantian_ytd", 2025, 0.01),
    "E06": ("pv_distributed_capacity", 2024, 1),
    "E08": ("vpp_adjustable_capacity", 2025, 1),
    "E10": ("vpp_adjustable_capacity", 2025, 1),
    "I01": ("sei_value_added", 2024, 1),
    "I04": ("green_factories_national", 2024, 1),
    "I06": ("industrial_solid_waste_use_rate", 2022, 1),
    "G03": ("icv_revenue", 2021, 1),
    "R02": ("rail_length", 2024, 1),
    "R05": ("rail_length", 2024, 1),
    "R11": ("nev_share_of_new_cars", 2024, 1),
    "R12": ("nev_stock", 2024, 1),
    "R14": ("fast_chargers_public", 2021, 1),
    "B01": ("green_coverage_built_up", 2023, 1),
    "B03": ("construction_waste_resource_rate", 2022, 1),
    "B07": ("prefab_share_new_buildings", 2022, 1),
    "C01": ("forest_cover", 2019, 1),
    "P01": ("household_waste_resource_rate", 2022, 1),
}


@pytest.mark.parametrize("tid", sorted(TRACED))
def test_new_observations_equal_their_traced_point(registry, tid):
    variable, year, factor = TRACED[tid]
    row = registry.set_index("id").loc[tid]
    assert row.observed_value == pytest.approx(data.point(variable, year) * factor)
    assert row.observed_year == str(year) and row.observed_grade == "official_point"


def test_derived_port_share_by_hand(registry):
    row = registry.set_index("id").loc["R01"]
    share = data.point("port_water_transshipment", 2022) / data.point("port_container_throughput", 2022) * 100
    assert share == pytest.approx(735 / 3003.56 * 100)
    assert (row.observed_value, row.observed_grade) == (round(share, 2), "derived")


def test_targets_observed_count_by_sector(registry):
    observed = registry[registry["observed_value"].notna()]
    assert len(observed) >= 25  # 9 before the target-figures file, 23 before the 2023-2025 compilation
    by_sector = observed.groupby("sector")["id"].count().to_dict()
    minimum = {"energy": 4, "industry": 4, "transport": 9, "buildings": 2, "carbon_sinks": 5, "cross_cutting": 1}
    for sector, n in minimum.items():
        assert by_sector.get(sector, 0) >= n, sector


def test_target_figures_file_rows_carry_their_numbers():
    rows = pd.read_csv(TARGET_FIGURES, dtype=str, keep_default_na=False)
    assert list(rows.columns) == [
        *pd.read_csv(OFFICIAL_DIR / "shenzhen_quoted_official_figures.csv", nrows=0).columns,
        "quote_original",
    ]
    for row in rows.itertuples():
        assert row._7.startswith("http"), row.indicator  # the stored page's URL
        assert row.reliability_note.startswith(("OFFICIAL", "press report", "repost", "LOW")), row.indicator
        quote = row.quote_original.replace("兆", "")  # 1兆4500億元 = 14500億元
        for number in re.findall(r"[\d.]+", row.value):
            assert number in quote, f"{row.indicator}: {number} not in its quote"


def test_low_reliability_observations_say_so(registry):
    rows = official_rows()
    low = set(rows.loc[rows["reliability_note"].str.startswith("LOW"), "indicator"])
    for row in registry[registry["observed_value"].notna()].itertuples():
        indicator = row.observed_source.partition(": ")[2].rpartition(" | ")[0]
        if indicator in low:
            assert "LOW reliability" in row.observed_note, row.id


GOOD = open(targets.TARGETS_FILE, encoding="utf-8").read().splitlines()


def write_registry(path, lines, record_md5=True):
    """A registry of ``lines`` with the real registry's sidecar, its md5 recorded for the new file (or not)."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    side = provenance.sidecar_path(targets.TARGETS_FILE).read_text(encoding="utf-8")
    if record_md5:
        side = side.replace(provenance.md5sum(targets.TARGETS_FILE), provenance.md5sum(path))
    provenance.sidecar_path(path).write_text(side, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda r: r.replace(",>=,95,%,2025,", ",≥,95,%,2025,"), r"row 4 \(id E01\), column 'comparator': '≥'"),
        (lambda r: r.replace(",>=,95,%,2025,", ",>=,95,percent,2025,"), r"row 4 \(id E01\), column 'unit': 'percent'"),
        (lambda r: r.replace(",>=,95,%,2025,", ",>=,lots,%,2025,"), r"row 4 \(id E01\), column 'target_value': 'lots'"),
        (lambda r: r.replace(",>=,95,%,2025,", ",>=,95,%,by 2025,"), r"row 4 \(id E01\), column 'target_year'"),
        (lambda r: r.replace("E01,energy_transition", "E01,energies"), r"row 4 \(id E01\), column 'action'"),
    ],
)
def test_malformed_registry_row_is_named(tmp_path, edit, message):
    lines = list(GOOD)
    lines[4] = edit(lines[4])
    assert lines[4] != GOOD[4]
    bad = write_registry(tmp_path / "targets.csv", lines)
    with pytest.raises(DataError, match=message):
        targets.load_targets(bad)


def test_a_registry_edited_behind_its_sidecar_is_refused(tmp_path):
    # the registry is read through the checked reader: one changed row and the recorded md5 no longer matches
    edited = write_registry(tmp_path / "targets.csv", GOOD[:-1], record_md5=False)
    with pytest.raises(DataError, match="md5 .* does not match the file"):
        targets.load_targets(edited)
    assert len(targets.load_targets(write_registry(tmp_path / "targets.csv", GOOD[:-1]))) == len(GOOD) - 2


def test_duplicate_id_is_refused(tmp_path):
    bad = write_registry(tmp_path / "targets.csv", GOOD + [GOOD[4]])
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
    unstated = targets.scorecard(
        target() | {"target_value": float("nan"), "value_status": "missing_in_source"}, draws_high
    )
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
    # the 80 % pair sets the spread: the upper 80 % bound is met with probability 0.1
    assert targets.scorecard(target(">=", 125.0), proj).probability == pytest.approx(0.1)
    assert targets.scorecard(target(">=", 100.0), proj).probability == pytest.approx(0.5)
    assert targets.scorecard(target(">=", 80.0), proj).probability == pytest.approx(0.9)
    assert targets.scorecard(target("<=", 80.0), proj).status == "off track"
    p = targets.scorecard(target(">=", 110.0), proj).probability
    assert p == pytest.approx(1 - norm.cdf(math.log(1.1) / sigma))
    row = pd.Series(proj)  # a row of projections.project works the same way
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
    board = targets.status_board(registry, {"R08": np.full(5, 1_400_000.0)})
    assert len(board) == len(registry) and board["id"].tolist() == registry["id"].tolist()
    assert board.set_index("id").loc["R08", "status"] == "on track"
    assert set(board["status"]) <= set(targets.STATUSES)


# Scores from the pace of a target's own figures (carbonpeak.targets.trends), checked by hand.


def test_linear_pace_by_hand():
    from carbonpeak.targets.trends import pace_draws

    # construction waste 13 % (2020) -> 28 % (2022): 7.5 points a year, three more years to 2025
    out = pace_draws((13, 28), (2020.5, 2022.5), 2025.5, 0.0, 4, seed=1)
    assert out == pytest.approx([50.5] * 4)
    spread = pace_draws((13, 28), (2020.5, 2022.5), 2025.5, 0.3, 20_000, seed=1)
    assert spread.min() >= 28 + 7.5 * 0.7 * 3 and spread.max() <= 28 + 7.5 * 1.3 * 3
    assert np.median(spread) == pytest.approx(50.5, abs=0.1)
    capped = pace_draws((67.9, 75.9), (2023.5, 2024 + 5 / 12), 2030.5, 0.3, 100, seed=2, cap=100.0)
    assert (capped == 100.0).all()


def test_growth_pace_by_hand():
    from carbonpeak.targets.trends import pace_draws

    out = pace_draws((14_500, 15_600), (2023.5, 2024.5), 2025.5, 0.0, 3, seed=1, growth=True)
    assert out == pytest.approx([15_600**2 / 14_500] * 3)


@pytest.mark.parametrize(
    "values, times, target_t, kwargs, message",
    [
        ((1, 2), (2021, 2020), 2025, {}, "time order"),
        ((1, 2), (2020, 2021), 2019, {}, "before the last figure"),
        ((0, 2), (2020, 2021), 2025, {"growth": True}, "positive figures"),
        ((1, 2), (2020, 2021), 2025, {"spread": 1.0}, "pace spread"),
        ((1, float("nan")), (2020, 2021), 2025, {}, "finite"),
    ],
)
def test_bad_pace_input_is_refused(values, times, target_t, kwargs, message):
    from carbonpeak.targets.trends import pace_draws

    with pytest.raises(ModelError, match=message):
        pace_draws(values, times, target_t, **({"spread": 0.3, "n": 10, "seed": 1} | kwargs))


def test_trends_read_their_figures_from_the_points_table():
    from carbonpeak.targets import trends

    for t in trends.TRENDS:
        values, times = trends.figures(t)
        assert times == sorted(times) and t.target_t >= times[-1]
        for (year, _, stated), value in zip(t.figures, values):
            assert value == (data.point(t.variable, year) if stated is None else stated)


def test_lng_bunkering_probability_by_hand(registry):
    from carbonpeak.targets import trends

    trend = next(t for t in trends.TRENDS if t.id == "E04")
    frac = 197 / 365  # 1 January to 17 July
    pace_rest = 28.5 / frac * (1 - frac)  # 10 000 m3 in the rest of the year at the pace so far
    x = (50 - 28.5) / pace_rest  # pace factor needed to reach 50万 m3
    p_hand = 1 - (x - 0.7) ** 2 / (0.6 * 0.3)  # triangular(0.7, 1, 1.3), x below the mode
    d = trends.draws(trend, 0.3, 200_000, 5)
    assert np.median(d) == pytest.approx(28.5 / frac * 0.01, rel=1e-3)
    score = targets.scorecard(registry.set_index("id").loc["E04"].to_dict() | {"id": "E04"}, d)
    assert score.probability == pytest.approx(p_hand, abs=0.005)


def test_trend_scores_on_the_status_board_and_chapter_scorecards():
    from carbonpeak.pages import buildings, industry

    board = scorers.status_board().set_index("id")
    expected = {
        "I01": "on track",
        "B03": "off track",
        "B07": "on track",
        "R07": "on track",
        "R11": "on track",
        "E04": "on track",
    }
    for tid, status in expected.items():
        assert board.loc[tid, "status"] == status, tid
    assert board.loc["B03", "central"] == pytest.approx(50.5, abs=0.3)  # 13 % -> 28 %, three more years
    assert board.loc["I01", "central"] == pytest.approx(15_600**2 / 14_500, rel=2e-3)
    ind = industry.scorecard().set_index("id")
    assert ind.loc["I01", "status"] == "on track" and (ind.drop("I01")["status"] == "no data").all()
    bld = buildings.scorecard().set_index("id")
    assert set(bld.index[bld["status"] != "no data"]) == {"B03", "B07"}


def test_the_peak_target_is_scored_on_both_boundaries():
    """T03 (a peak before 2030) has one row per boundary (both readings of the wider one), each the share of
    the baseline's draws whose peak, judged from 2019 on that boundary, comes before 2030."""
    from carbonpeak.model import scoring

    board = scorers.status_board()
    t03 = board[board["id"] == "T03"].set_index("boundary")
    assert set(t03.index) == set(scoring.BOUNDARY_NAMES.values())
    result = scoring.baseline_result()
    for boundary, label in scoring.BOUNDARY_NAMES.items():
        years = scoring.peak_years(result, boundary)
        assert t03.at[label, "probability"] == pytest.approx(np.mean(years < 2030))
    # the wider boundary is the harder one here: the two boundaries are not one number told twice
    assert t03.at["with imported electricity", "probability"] < t03.at["territorial", "probability"]
