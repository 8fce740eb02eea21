"""The atlas: counts recomputed from the processed table by plain loops, the published-count steps, peers,
growth-to-peak and the hindsight check without look-ahead."""

import numpy as np
import pandas as pd
import pymannkendall
import pytest

from carbonpeak import data
from carbonpeak.analysis import atlas
from carbonpeak.data import builders

SHENZHEN = "广东深圳"


@pytest.fixture(scope="module")
def records():
    """Each city's observed (year, value) pairs straight from the processed CSV, gaps absent."""
    df = data.load("city_co2")
    return {city: part.sort_values("year").set_index("year")["value"] for city, part in df.groupby("region")}


@pytest.fixture(scope="module")
def matrix():
    return atlas.co2_matrix()


def _max_last(s):
    top = max(y for y, v in s.items() if v == s.max())  # the later year on a tie
    return top, s[top]


def test_matrix_keeps_gaps_as_nan(matrix, records):
    assert matrix.shape[0] == len(records) == 290
    sz = matrix.loc[SHENZHEN]
    assert sz[list(range(2004, 2008)) + [2017]].isna().all()
    assert matrix.notna().sum().sum() == sum(len(s) for s in records.values())


def test_counts_recomputed_from_the_processed_table(matrix, records):
    expected = {"n_years": 0, "c40": 0, "c40_unknown": 0, "mann_kendall": 0}
    for s in records.values():
        top, peak = _max_last(s)
        after = s.loc[top + 1 :]
        latest_year, latest = s.index[-1], s.iloc[-1]
        expected["n_years"] += len(after) >= 5
        if len(s) < 3 or 2022 - latest_year > 5:
            expected["c40_unknown"] += 1
        elif (peak - latest) / peak >= 0.1 - 1e-9 and latest_year - top >= 5:
            expected["c40"] += 1
        if len(after) >= 4:
            expected["mann_kendall"] += pymannkendall.original_test(s.loc[top:].to_numpy()).trend == "decreasing"
    counts = atlas.counts(atlas.classify(matrix, 5, 2022)).set_index("rule")
    assert counts.loc["n_years", "peaked"] == expected["n_years"]
    assert counts.loc["c40", "peaked"] == expected["c40"]
    assert counts.loc["c40", "unknown"] == expected["c40_unknown"]
    assert counts.loc["mann_kendall", "peaked"] == expected["mann_kendall"]
    assert (counts["cities"] == 290).all()


def test_closest_reading_of_shan_2022_recomputed(matrix, records):
    expected = 0
    for s in records.values():
        s = s.loc[2001:2019]
        if len(s) and s.index[-1] == 2019:
            top, _ = _max_last(s)
            expected += top <= 2014
    steps = atlas.shan_steps(matrix).set_index("step")
    assert steps.loc["4", "cities peaked"] == expected
    assert steps.loc["published", "cities peaked"] == 38 + 21
    # each line's change is the difference of the counts, and step 3 is a subset of step 4
    assert steps.loc["4", "change"] == steps.loc["4", "cities peaked"] - steps.loc["3", "cities peaked"]
    assert steps.loc["3", "cities peaked"] <= steps.loc["4", "cities peaked"]


def test_named_examples_are_read_from_the_record(matrix, records):
    ex = atlas.named_examples(matrix).set_index("city")
    fuxin = ex.loc["辽宁阜新"]
    assert fuxin["last year in the file"] == records["辽宁阜新"].index[-1]
    assert fuxin["closest reading (step 4)"] == ("peaked" if records["辽宁阜新"].index[-1] == 2019 else "not counted")


def test_major_cities_table_matches_the_crosswalk(records):
    mc = data.load("major_cities")
    regions = set(mc["region"])
    assert regions == {region for region, _ in builders.MAJOR_CITIES.values()} and len(regions) == 35
    assert regions <= set(records)
    sz = mc[(mc["region"] == SHENZHEN) & (mc["variable"] == "gdp")].set_index("year")["value"].sort_index()
    own = data.series("shenzhen_economy", SHENZHEN, "gdp", source="nbs_major_cities")
    assert list(sz.index) == list(own.index) and np.allclose(sz.to_numpy(), own.to_numpy())


def test_peers_ratios_from_the_tables(matrix, records):
    table = atlas.peers(matrix, "n_years", 5, 2022)
    own = table[table["region"] == SHENZHEN].iloc[0]
    mc = data.load("major_cities")
    sz = mc[mc["region"] == SHENZHEN]
    gdp = sz[sz["variable"] == "gdp"].set_index("year")["value"]
    pop = sz[sz["variable"] == "population_wup_agglomeration"].set_index("year")["value"]
    year = max(set(records[SHENZHEN].index) & set(gdp.index))
    assert own["year"] == year
    co2 = records[SHENZHEN][year]
    assert own["t_co2_per_person"] == pytest.approx(co2 / pop[year], abs=0.005)
    assert own["t_co2_per_10k_yuan"] == pytest.approx(co2 / gdp[year] * 100, abs=0.005)
    peaked = table[table["what"] == "at its peak"]
    bj = peaked[peaked["region"] == "北京"].iloc[0]
    top, value = _max_last(records["北京"])
    assert bj["year"] == top and bj["co2_Mt"] == pytest.approx(value, abs=0.005)
    rank = atlas.shenzhen_rank(table)
    assert rank["t_co2_per_person_n"] == peaked["t_co2_per_person"].notna().sum()
    assert rank["t_co2_per_person_below"] == (peaked["t_co2_per_person"] < own["t_co2_per_person"]).sum()


def test_growth_to_peak_uses_consecutive_years_only():
    m = pd.DataFrame(
        [[1.0, 1.1, np.nan, 3.0, 3.3, 4.0, 3.5, 3.4, 3.3, 3.2, 3.1]], index=["X"], columns=range(2000, 2011)
    )
    g = atlas.growth_to_peak(m, "n_years", 5, 2010).iloc[0]
    # 2001->2003 triples across a gap and does not count; the fastest consecutive growth is 2005 (+21 %)
    assert g["fastest growth year"] == 2005 and g["peak year"] == 2005 and g["years from fastest growth to peak"] == 0
    assert g["fastest growth (%)"] == pytest.approx(21.2, abs=0.1)


def test_hindsight_calls_a_peak_and_sees_it_overturned():
    m = pd.DataFrame(
        [[5, 10, 9, 8, 7, 6, 5, 11, 4.0], [5, 10, 9, 8, 7, 6, 5, 4, 3.0]],
        index=["re", "stays"],
        columns=range(2000, 2009),
    )
    calls = atlas.hindsight(m, 5, first=2003).set_index(["rule", "city"])
    re = calls.loc[("n_years", "re")]
    assert (
        re["called in"] == 2006
        and re["peak year"] == 2001
        and re["re-rose"]
        and re["first year at or above the peak"] == 2007
    )
    assert not calls.loc[("n_years", "stays"), "re-rose"]
    summary = atlas.hindsight_summary(atlas.hindsight(m, 5, first=2003)).set_index("rule")
    assert summary.loc["n_years", "wrong in hindsight (%)"] == 50.0


def test_hindsight_reads_nothing_after_the_as_of_year(matrix):
    cutoff = 2012
    rng = np.random.default_rng(7)
    scrambled = matrix.copy()
    later = scrambled.columns > cutoff
    block = scrambled.loc[:, later]
    scrambled.loc[:, later] = np.where(block.notna(), rng.uniform(0, 500, block.shape), np.nan)
    for rule in atlas.RULE_NAMES:
        a = atlas.verdicts(atlas.as_of(matrix, cutoff), rule, 5, cutoff)
        b = atlas.verdicts(atlas.as_of(scrambled, cutoff), rule, 5, cutoff)
        pd.testing.assert_frame_equal(a, b)
    assert atlas.as_of(matrix, cutoff).columns.max() == cutoff
    key = ["rule", "city", "called in", "peak year", "peak (Mt CO2)"]
    before = atlas.hindsight(matrix, 5, last=cutoff)[key]
    after = atlas.hindsight(scrambled, 5, last=cutoff)[key]
    pd.testing.assert_frame_equal(before, after)  # the calls up to the cutoff do not see the later values
