"""Projection core and peak rule, against numbers worked out by hand."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from carbonpeak import data, locations
from carbonpeak.analysis import projections
from carbonpeak.errors import ModelError

Z80 = norm.ppf(0.9)


def s(values, start=2000, years=None):
    index = pd.Index(years if years is not None else range(start, start + len(values)), dtype="int64")
    return pd.Series(values, index=index, dtype=float)


def test_columns_and_years():
    out = projections.project(s([10, 11, 10, 12]), 3, "naive")
    assert list(out.columns) == ["year", "mean", "lower_80", "upper_80", "lower_95", "upper_95"]
    assert out["year"].tolist() == [2004, 2005, 2006]
    custom = projections.project(s([10, 11, 10, 12]), 1, "naive", levels=(0.5, 0.975))
    assert list(custom.columns) == ["year", "mean", "lower_50", "upper_50", "lower_97_5", "upper_97_5"]


def test_naive_by_hand():
    # log changes are log(1.1) and log(0.9): sigma^2 = mean of their squares
    out = projections.project(s([100, 110, 99]), 2, "naive")
    sigma = math.sqrt((math.log(1.1) ** 2 + math.log(0.9) ** 2) / 2)
    assert out["mean"].tolist() == pytest.approx([99, 99])
    assert out.loc[0, "upper_80"] == pytest.approx(99 * math.exp(Z80 * sigma))
    assert out.loc[1, "lower_80"] == pytest.approx(99 * math.exp(-Z80 * sigma * math.sqrt(2)))


def test_naive_counts_a_gap_as_years_not_one_step():
    # 2000 -> 2002 is a two-year change: its variance counts as 2 sigma^2
    out = projections.project(s([100, 121], years=[2000, 2002]), 1, "naive", log=True)
    sigma2 = math.log(1.21) ** 2 / 2
    assert out.loc[0, "year"] == 2003
    assert out.loc[0, "upper_80"] == pytest.approx(121 * math.exp(Z80 * math.sqrt(sigma2)))


def test_drift_and_loglinear_continue_exact_growth():
    exact = s([100 * 1.05**t for t in range(10)])
    for method in ("drift", "loglinear"):
        out = projections.project(exact, 3, method)
        assert out["mean"].tolist() == pytest.approx([100 * 1.05**t for t in (10, 11, 12)], rel=1e-9)
        assert (out["upper_95"] - out["lower_95"]).abs().max() < 1e-6  # no noise, no spread


def test_drift_uses_real_years_across_gaps():
    out = projections.project(s([100, 100 * 1.05**4, 100 * 1.05**5], years=[2000, 2004, 2005]), 1, "drift")
    assert out.loc[0, "mean"] == pytest.approx(100 * 1.05**6)


def test_level_scale():
    out = projections.project(s([-1.0, 0.0, 1.0, 2.0]), 2, "drift", log=False)
    assert out["mean"].tolist() == pytest.approx([3.0, 4.0])


@pytest.mark.parametrize("method", [m for m in projections.METHODS if m != "gm11"] + ["default"])
def test_every_method_on_shenzhen_with_gaps(method):
    co2 = data.series("city_co2", "广东深圳", "co2")  # gaps 2004-2007 and 2017
    out = projections.project(co2, 16, method)
    assert out["year"].tolist() == list(range(2020, 2036))
    assert np.isfinite(out.drop(columns="year").to_numpy()).all()
    assert (out["lower_95"] <= out["lower_80"]).all() and (out["lower_80"] <= out["mean"]).all()
    assert (out["mean"] <= out["upper_80"]).all() and (out["upper_80"] <= out["upper_95"]).all()
    assert (out["upper_95"] - out["lower_95"]).iloc[-1] > (out["upper_95"] - out["lower_95"]).iloc[0]
    assert out.attrs["method"] == projections.resolve_method(method) and out.attrs["last_year"] == 2019


def test_gm11_needs_consecutive_final_years():
    with pytest.raises(ModelError, match="last 4 years to be consecutive"):
        projections.project(data.series("city_co2", "广东深圳", "co2"), 5, "gm11")  # 2017 is missing


def test_mean3_and_damped_drift_by_hand():
    x = s([100.0, 110.0, 121.0, 133.1])
    m = projections.project(x, 2, "mean3")
    assert m["mean"].tolist() == pytest.approx([math.exp(np.mean(np.log([110, 121, 133.1])))] * 2)
    d = projections.project(x, 2, "damped_drift")
    g = math.log(1.1)
    assert d["mean"].tolist() == pytest.approx([133.1 * math.exp(g * 0.8), 133.1 * math.exp(g * (0.8 + 0.64))])


def test_default_is_naive_with_calibrated_intervals():
    co2 = data.series("city_co2", "广东深圳", "co2")
    default, naive = projections.project(co2, 8), projections.project(co2, 8, "naive")
    assert default["mean"].tolist() == pytest.approx(naive["mean"].tolist())
    cal = pd.read_csv(locations.PROCESSED / projections.CALIBRATION_FILE).set_index("h")
    sigma = projections._rw_sigma(np.log(co2))
    for h in (1, 5, 8):  # beyond the fifth year the fifth year's quantile is used
        q = cal.loc[min(h, 5), "q_80"]
        assert default.loc[h - 1, "upper_80"] == pytest.approx(44.263193 * math.exp(q * sigma * math.sqrt(h)), rel=1e-6)
    assert default.attrs["calibrated"] and "calibrated" in default.attrs["label"]
    with pytest.raises(ModelError, match="calibrated for levels"):
        projections.project(co2, 3, "default", levels=(0.85,))


def test_a_projection_leaves_its_record_unchanged():
    co2 = data.series("city_co2", "广东肇庆", "co2")
    for method in ["default", *projections.METHODS]:
        series = (co2 if method != "gm11" else co2[co2.index <= 2016]).copy()  # gm11: consecutive final years
        before = series.copy()
        projections.project(series, 10, method)
        pd.testing.assert_series_equal(series, before)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(method="magic"), "unknown method 'magic'"),
        (dict(horizon=0), "horizon must be a whole number"),
        (dict(horizon=2.5), "horizon must be a whole number"),
        (dict(levels=(0.8, 1.2)), "levels must be distinct numbers strictly between 0 and 1"),
        (dict(levels=()), "levels must be distinct"),
    ],
)
def test_bad_arguments_are_refused(kwargs, message):
    args = dict(series=s([1.0, 2.0, 3.0]), horizon=2) | kwargs
    with pytest.raises(ModelError, match=message):
        projections.project(**args)


def test_bad_series_are_refused():
    with pytest.raises(ModelError, match="needs positive values"):
        projections.project(s([1.0, 0.0, 2.0]), 1, "naive")
    with pytest.raises(ModelError, match="needs at least 6 observations"):
        projections.project(s([1.0, 2.0, 3.0]), 1, "ets")
    with pytest.raises(ModelError, match="indexed by integer years"):
        projections.project(pd.Series([1.0, 2.0], index=["a", "b"]), 1)
    with pytest.raises(ModelError, match="duplicate years"):
        projections.project(s([1.0, 2.0, 3.0], years=[2000, 2000, 2001]), 1)
    with pytest.raises(ModelError, match="pandas Series"):
        projections.project([1.0, 2.0], 1)


def test_peak_rule_by_hand():
    path = s([1, 2, 3, 2.5, 2, 1.5, 1])  # max in 2002, four years after it
    assert not projections.peak(path, 5).peaked
    p = projections.peak(path, 4)
    assert (p.peaked, p.year, p.value, p.years_after) == (True, 2002, 3.0, 4)


def test_peak_ties_go_to_the_later_year():
    p = projections.peak(s([1, 3, 2, 3, 2, 1]), 2)
    assert (p.year, p.years_after, p.peaked) == (2003, 2, True)


def test_peak_needs_years_after_the_maximum():
    p = projections.peak(s([1, 2, 3, 4]), 1)
    assert (p.peaked, p.year, p.years_after) == (False, 2003, 0)
    assert "Not yet peaked" in p.statement("Mt")


def test_peak_counts_observed_years_only():
    # max in 2000, then two observed years spread over 2005 and 2010: two years, not ten
    p = projections.peak(s([5, 4, 3], years=[2000, 2005, 2010]), 3)
    assert (p.peaked, p.years_after) == (False, 2)


def test_peak_on_shenzhen_record():
    p = projections.peak(data.series("city_co2", "广东深圳", "co2"), 5)
    assert (p.peaked, p.year, p.years_after) == (False, 2018, 1)
    assert p.value == pytest.approx(46.994533, abs=1e-6)


def test_peak_rejects_bad_rule():
    with pytest.raises(ModelError, match="rule_years"):
        projections.peak(s([1, 2]), 0)
