"""The 2020-2025 nowcast, its back-test (no look-ahead), and the 2018 evidence, against the data by hand."""

import math

import numpy as np
import pandas as pd
import pytest

from carbonpeak import data
from carbonpeak.analysis import nowcast, peaks, record
from carbonpeak.errors import ModelError, ParameterError
from carbonpeak.inputs import params
from carbonpeak.pages import overview

SZ = "广东深圳"


@pytest.fixture(scope="module")
def inputs():
    return nowcast.shenzhen_record(), nowcast.guangdong_ceads()


def test_fit_reads_nothing_after_its_origin(inputs):
    city, province = inputs
    for origin in (2008, 2012, 2016, 2018):
        full = nowcast.fit(city, province, origin)
        cut = nowcast.fit(city[city.index <= origin], province[province.index <= origin], origin)
        assert full == cut
        noisy_city = city.where(city.index <= origin, city * 10)
        noisy_province = province.where(province.index <= origin, province * 0.1)
        assert nowcast.fit(noisy_city, noisy_province, origin) == full


@pytest.mark.parametrize("method", list(nowcast.METHODS))
def test_backtest_has_no_look_ahead(inputs, method):
    """Each origin's nowcasts, recomputed from data truncated at the origin (the city) and with every province
    year other than the origin's and the targets' scrambled, are the same numbers."""
    city, province = inputs
    bt = nowcast.backtest(method)
    for origin, part in bt.groupby("origin"):
        targets = list(part["year"])
        keep = set(province.index[province.index <= origin]) | set(targets)
        scrambled = province.where(province.index.isin(sorted(keep)), province * 3.0)
        again = nowcast.nowcast_from(city[city.index <= origin], scrambled, origin, targets, method)
        cols = [c for c in again.columns if c not in ("origin", "year", "horizon")]
        np.testing.assert_allclose(part[cols].to_numpy(dtype=float), again[cols].to_numpy(dtype=float), rtol=1e-12)
        assert (part["year"] > origin).all() and (part["horizon"] <= nowcast.MAX_HORIZON).all()


def test_backtest_covers_every_measured_target_2010_2019(inputs):
    city, _ = inputs
    bt = nowcast.backtest()
    assert sorted(bt["year"].unique()) == [y for y in city.index if 2010 <= y <= 2019]
    assert bt["origin"].min() == 2008  # the first origin with four Shenzhen changes before it
    # bounds ordered, the wider interval contains the narrower one, coverage is what the rows say
    assert (bt["lower_95"] <= bt["lower_80"]).all() and (bt["lower_80"] < bt["median"]).all()
    assert (bt["median"] < bt["upper_80"]).all() and (bt["upper_80"] <= bt["upper_95"]).all()
    inside = (bt["actual"] >= bt["lower_80"]) & (bt["actual"] <= bt["upper_80"])
    summary = nowcast.backtest_summary().set_index("method").loc[nowcast.METHODS["ratio"]]
    assert summary["80 % interval covered %"] == pytest.approx(round(inside.mean() * 100, 1))
    assert summary["nowcasts"] == len(bt)


def test_fit_by_hand_at_2019(inputs):
    city, province = inputs
    years = list(city.index)
    pairs = list(zip(years[:-1], years[1:]))
    resid = [(math.log(city[b] / city[a]) - math.log(province[b] / province[a])) ** 2 / (b - a) for a, b in pairs]
    f = nowcast.fit(city, province, 2019, "ratio")
    assert f.pairs == len(pairs) == 14 and f.beta == 1.0
    assert f.sigma == pytest.approx(math.sqrt(sum(resid) / len(pairs)))
    naive = nowcast.fit(city, province, 2019, "naive")
    assert naive.sigma == pytest.approx(
        math.sqrt(sum(math.log(city[b] / city[a]) ** 2 / (b - a) for a, b in pairs) / 14)
    )
    dy = np.array([math.log(city[b] / city[a]) for a, b in pairs])
    dx = np.array([math.log(province[b] / province[a]) for a, b in pairs])
    k = np.array([b - a for a, b in pairs], float)
    assert nowcast.fit(city, province, 2019, "regression").beta == pytest.approx(
        np.sum(dx * dy / k) / np.sum(dx * dx / k)
    )


def test_nowcast_by_hand():
    nc = nowcast.nowcast().set_index("year")
    assert list(nc.index) == list(range(2020, 2026))
    cm = data.load("carbon_monitor").pivot(index="year", columns="variable", values="value")
    anchor = data.series("city_co2", SZ, "co2")[2019]
    assert nc.at[2020, "median"] == pytest.approx(anchor * cm.at[2020, "co2"] / cm.at[2019, "co2"])
    assert nc.at[2024, "median"] == pytest.approx(anchor * cm.at[2024, "co2"] / cm.at[2019, "co2"])
    # 2025: 2024's year over 2019's, times January-November 2025 over January-November 2024
    expected = (
        anchor * cm.at[2024, "co2"] / cm.at[2019, "co2"] * cm.at[2025, "co2_jan_nov"] / cm.at[2024, "co2_jan_nov"]
    )
    assert nc.at[2025, "median"] == pytest.approx(expected)
    sigma = nc.attrs["sigma"] if nc.attrs else nowcast.nowcast().attrs["sigma"]
    half = 1.2815515655446004 * sigma * math.sqrt(6)
    assert nc.at[2025, "upper_80"] == pytest.approx(expected * math.exp(half))
    assert nc.at[2025, "lower_80"] == pytest.approx(expected * math.exp(-half))


def test_nowcast_stays_a_separate_derived_series():
    ceads = data.load("city_co2")
    assert ceads[ceads["region"] == SZ]["year"].max() == 2019  # never written into the CEADs table
    rec = nowcast.record_to_2025()
    assert set(rec["grade"]) == {"measured", "derived"}
    derived = rec[rec["grade"] == "derived"]
    assert set(derived["series"]) == {nowcast.SERIES["nowcast"]} and list(derived["year"]) == list(range(2020, 2026))
    assert rec[rec["series"] == nowcast.SERIES["ceads"]]["year"].max() == 2019
    assert rec[rec["grade"] == "measured"]["lower_80"].isna().all()


def test_record_2018_outlier_drops_the_year_everywhere(inputs):
    city, province = inputs
    out = nowcast.shenzhen_record("outlier")
    assert 2018 not in out.index and 2018 in city.index and len(out) == len(city) - 1
    f = nowcast.fit(out, province, 2019)
    assert f.pairs == 13  # 2016 -> 2019 becomes one three-year change
    assert 2018 not in nowcast.backtest(record_2018="outlier")["year"].values
    assert 2018 not in record.record(SZ, "outlier").index
    assert 2018 in record.record("广东肇庆", "outlier").index  # other cities are not affected
    with pytest.raises(ModelError, match="record_2018 must be one of"):
        nowcast.shenzhen_record("drop")


def test_record_2018_parameter_spec():
    assert params.check("record_2018", "outlier") == "outlier"
    with pytest.raises(ParameterError, match="unknown value 'maybe'"):
        params.check("record_2018", "maybe")


def test_bad_method_and_too_few_years_are_refused(inputs):
    city, province = inputs
    with pytest.raises(ModelError, match="unknown nowcast method"):
        nowcast.fit(city, province, 2019, "magic")
    with pytest.raises(ModelError, match="at least 4 needed"):
        nowcast.fit(city, province, 2002)


def test_evidence_2018_numbers_against_the_data():
    ev = nowcast.evidence_2018().set_index("series")
    sz = ev.loc["CEADs Shenzhen, Mt CO2"]
    assert sz["2016"] == 35.28 and sz["2018"] == 46.99 and np.isnan(sz["2017"])
    assert sz["change 2016-2018 %"] == pytest.approx(round((46.994533 / 35.282289 - 1) * 100, 1))
    district = ev.loc["District sum, Chen et al. 2020 (top-down), Mt CO2"]
    assert district["change 2016-2017 %"] == pytest.approx(round((35.0466 / 36.7343 - 1) * 100, 1))  # -4.6
    assert np.isnan(district["2018"])
    gd = ev.loc["CEADs Guangdong, Mt CO2"]
    assert gd["change 2016-2018 %"] == pytest.approx(7.0) and gd["2019"] == pytest.approx(569.12)
    assert ev.loc["Guangdong electricity use, TWh", "change 2016-2018 %"] == pytest.approx(
        round((632.3 / 561.01342 - 1) * 100, 1)
    )
    assert ev.loc["Guangdong thermal generation, TWh", "change 2016-2018 %"] == pytest.approx(
        round((326.01 / 297.1 - 1) * 100, 1)
    )
    cmcc = ev.loc["CMCC Shenzhen (another method), Mt CO2"]
    assert cmcc["2020"] == 43.73 and cmcc["2021"] == 45.67


def test_the_2018_jump_against_peers_by_a_plain_loop():
    wide = data.load("city_co2").pivot(index="year", columns="region", values="value")
    sz = wide[SZ]
    jump = math.log(sz[2018] / sz[2016])
    changes = []
    for region in wide.columns:
        s = wide[region].dropna()
        for end in range(2011, 2020):
            if end in s.index and end - 2 in s.index and not (region == SZ and end == 2018):
                changes.append(math.log(s[end] / s[end - 2]))
    j = nowcast.assess_2018()
    assert j.peer_count == len(changes)
    assert j.peer_share == pytest.approx(sum(c >= jump for c in changes) / len(changes))
    own = [
        math.log(sz[e] / sz[e - 2])
        for e in range(2010, 2020)
        if e != 2018 and not np.isnan(sz.get(e, np.nan)) and not np.isnan(sz.get(e - 2, np.nan))
    ]
    assert j.own_max_pct == pytest.approx((math.exp(max(own)) - 1) * 100)  # 2014 -> 2016, +19.9 %
    assert j.jump_pct == pytest.approx((sz[2018] / sz[2016] - 1) * 100)
    yoy = [math.log(sz[y] / sz[y - 1]) for y in sz.dropna().index if y - 1 in sz.dropna().index]
    assert j.yoy_spread_pct == pytest.approx(np.std(yoy, ddof=1) * 100)
    assert j.unusual == (j.peer_share < nowcast.UNUSUAL_SHARE or j.jump_pct > j.own_max_pct)
    gd = [c for c in wide.columns if c.startswith("广东") and c != SZ]
    moved = [
        abs(math.log(wide.at[2018, c] / wide.at[2016, c])) >= jump
        for c in gd
        if not (np.isnan(wide.at[2018, c]) or np.isnan(wide.at[2016, c]))
    ]
    assert (j.guangdong_cities_as_large, j.guangdong_cities) == (sum(moved), len(moved))


def test_the_verdict_follows_its_stated_rules(monkeypatch):
    j = nowcast.assess_2018()
    strongest = max(math.log(1 + v / 100) * (2 if k.startswith("District") else 1) for k, v in j.independent.items())
    jump = math.log(1 + j.jump_pct / 100)
    assert j.corroborated == (strongest >= nowcast.CORROBORATION * jump)
    assert j.verdict.startswith("doubtful") == (j.unusual and not j.corroborated)
    # a looser corroboration rule (30 %) makes Guangdong's electricity use (+12.7 %) count
    monkeypatch.setattr(nowcast, "CORROBORATION", 0.3)
    loose = nowcast.assess_2018()
    assert loose.corroborated and loose.verdict.startswith("plausible: large")
    assert "plausible: large" in overview.verdict_2018_markdown()


def test_peak_verdicts_with_and_without_2018():
    table = record.peak_verdicts(peaks.Rule("n_years", 5), "default", 2035, [0.8, 0.95]).set_index("basis")
    measured = table.loc["CEADs record (measured)"]
    assert measured["2018 keep"].startswith(
        "Not yet peaked under the N-years-below rule: the highest value is 47.0 Mt CO2 in 2018"
    )
    assert measured["2018 outlier"].startswith(
        "Not yet peaked under the N-years-below rule: the highest value is 44.3 Mt CO2 in 2019"
    )
    flat = table.loc["CEADs record + central projection"]
    assert flat["2018 keep"].startswith("Peaked in 2018") and flat["2018 outlier"].startswith("Not yet peaked")
    c40 = record.peak_verdicts(peaks.Rule("c40", reference_year=2022), "default", 2035, [0.8, 0.95]).set_index("basis")
    # C40 needs the latest inventory 10 % below the maximum: 44.3 is only 5.8 % below 47.0
    assert "5.8% below the maximum" in c40.loc["CEADs record (measured)", "2018 keep"]


def test_indicators_are_the_published_changes():
    ind = nowcast.indicators()
    cm = data.load("carbon_monitor").pivot(index="year", columns="variable", values="value")
    assert ind.at[2025, "Guangdong CO2, Carbon Monitor"] == pytest.approx(
        round((cm.at[2025, "co2_jan_nov"] / cm.at[2024, "co2_jan_nov"] - 1) * 100, 1)
    )
    assert ind.at[2021, "Shenzhen electricity use"] == 12.2 and ind.at[2024, "Shenzhen electricity use"] == 7.8
    assert ind.at[2020, "Shenzhen real GDP"] == 3.1 and np.isnan(ind.at[2022, "Shenzhen electricity use"])


def test_gdp_record_names_each_vintage():
    g = record.gdp_record().set_index("year")
    assert list(g.index) == list(range(2001, 2026))
    assert (g.loc[:2017, "source"] == "nbs_major_cities").all() and (g.loc[2018:, "source"] == "official_points").all()
    assert g.loc[2018, "vintage"].startswith("initial figure") and "census" in g.loc[2001, "vintage"]
    assert g.loc[2:, "vintage"].str.len().gt(0).all()
    assert pd.isna(g.at[2011, "real growth %"]) and pd.isna(g.at[2015, "real growth %"])  # not found: left out
