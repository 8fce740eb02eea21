"""Peak definitions against hand cases, the vectorised rules against the scalar ones, and bad input."""

import numpy as np
import pandas as pd
import pytest

from carbonpeak.analysis import peaks, projections
from carbonpeak.errors import ModelError, ParameterError
from carbonpeak.inputs import params

NAN = np.nan
Y = np.arange(2000, 2012)  # 12 years


def st(values, rule="n_years", years=None, **opts):
    return peaks.status(Y[: len(values)] if years is None else years, values, rule, **opts)


# ---- n_years ---------------------------------------------------------------------------------------


def test_n_years_counts_observed_years_after_the_maximum():
    s = st([1, 3, 9, 8, 7, 6, 5, 4])  # maximum in 2002, five observed years after it
    assert s.years_after == 5 and s.peaked and s.year == 2002 and s.value == 9.0
    assert not st([1, 3, 9, 8, 7, 6, 5]).peaked  # four years after: not yet
    assert st([1, 3, 9, 8, 7, 6, 5], rule_years=4).peaked


def test_n_years_tie_goes_to_the_later_maximum():
    s = st([9, 5, 5, 5, 5, 5, 9, 1, 1])  # back to 9 in 2006: only two years after that
    assert s.year == 2006 and s.years_after == 2 and not s.peaked


def test_n_years_gaps_are_absent_not_below():
    values = [1, 9, NAN, NAN, 8, 7, NAN, 6, 5]  # maximum 2001; 8 calendar years after it, only 4 observed
    s = st(values)
    assert s.year == 2001 and s.years_after == 4 and not s.peaked
    # the same observed points passed without NaN, as absent years, give the same verdict
    years = np.array([2000, 2001, 2004, 2005, 2007, 2008])
    assert peaks.status(years, [1, 9, 8, 7, 6, 5]) == s


def test_n_years_too_short_and_empty_series():
    assert not st([5.0]).peaked and st([5.0]).years_after == 0
    empty = st([NAN, NAN])
    assert empty.year is None and empty.verdict == "unknown" and not empty.peaked
    assert "No data" in peaks.statement(empty)


def test_peak_at_the_last_year_is_not_a_peak_under_any_rule():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    for rule in peaks.RULES:
        s = st(values, rule)
        assert s.year == 2009 and s.years_after == 0 and not s.peaked, rule


def test_all_equal_values_never_peak():
    values = [4.0] * 12
    for rule in peaks.RULES:
        s = st(values, rule)
        assert s.year == 2011 and not s.peaked, rule  # the later of equal maxima: the last year


def test_models_peak_delegates_to_the_n_years_rule():
    series = pd.Series([1, 9, 8, 7, 6, 5, 4], index=range(2010, 2017))
    p = projections.peak(series, 5)
    s = peaks.status_series(series, "n_years", rule_years=5)
    assert (p.peaked, p.year, p.value, p.years_after) == (s.peaked, s.year, s.value, s.years_after)
    assert p.peaked and p.year == 2011


# ---- C40 ---------------------------------------------------------------------------------------------


def test_c40_all_criteria_met():
    s = st([50, 100, 95, 95, 92, 91, 90], "c40", reference_year=2008)  # peak 2001, latest 2006 (5 years on)
    assert s.peaked and s.verdict == "peaked" and s.year == 2001 and s.latest_year == 2006
    assert "C40 rule" in peaks.statement(s, "Mt")


def test_c40_ten_percent_threshold_exactly():
    assert st([100, 95, 95, 95, 95, 90], "c40").peaked  # exactly 10 % below the peak
    s = st([100, 95, 95, 95, 95, 90.01], "c40")
    assert not s.peaked and s.verdict == "not yet" and "10%" in s.reason
    # C40 measures the decline relative to the peak: a peak 10 % above the latest (100 vs 90.91) is not enough
    assert not st([100, 95, 95, 95, 95, 100 / 1.1], "c40").peaked


def test_c40_needs_five_calendar_years_gaps_count_as_calendar_time():
    assert not st([100, 95, 95, 95, 80], "c40").peaked  # 4 years from peak to latest
    years = np.array([2000, 2005])  # only two points: unknown
    assert st([100, 80], "c40", years=years).verdict == "unknown"
    years = np.array([2000, 2003, 2005])  # three inventories; 5 calendar years despite the gaps
    s = peaks.status(years, [100, 90, 80], "c40")
    assert s.peaked and s.years_after == 2


def test_c40_latest_inventory_too_old_is_unknown():
    values = [100, 95, 95, 95, 95, 80]  # latest 2005
    assert st(values, "c40", reference_year=2010).peaked  # 5 years old: still counts
    s = st(values, "c40", reference_year=2011)
    assert not s.peaked and s.verdict == "unknown" and "6 years old in 2011" in s.reason
    assert "unknown under the C40 rule" in peaks.statement(s)


def test_c40_reference_year_defaults_to_the_end_of_the_grid():
    values = [100, 95, 95, 95, 95, 80] + [NAN] * 6  # latest 2005, grid to 2011
    assert st(values, "c40").verdict == "unknown"


# ---- Mann-Kendall -------------------------------------------------------------------------------------


def test_mann_kendall_steady_fall_after_the_peak():
    s = st([5, 8, 10, 9, 8, 7, 6, 5], "mann_kendall")
    assert s.peaked and s.year == 2002 and s.p_value < 0.05
    assert "Mann-Kendall rule" in peaks.statement(s)


def test_mann_kendall_plateau_below_the_peak_is_not_a_trend():
    s = st([5, 10, 8, 8.2, 7.9, 8.1, 8.0, 8.05], "mann_kendall")
    assert not s.peaked and s.p_value > 0.05 and s.verdict == "not yet"
    assert st([5, 10, 8, 8.2, 7.9, 8.1, 8.0, 8.05]).peaked  # the N-years rule calls it a peak


def test_mann_kendall_too_short_after_the_peak():
    s = st([5, 10, 9, 8, 7], "mann_kendall")  # three years after: cannot be significant at 5 %
    assert not s.peaked and s.p_value is None and "at least 4" in s.reason
    assert st([5, 10, 9, 8, 7, 6], "mann_kendall").peaked  # four strictly falling years: p = 0.027


def test_mann_kendall_ignores_gaps():
    with_gaps = st([5, 10, NAN, 9, NAN, 8, 7, 6], "mann_kendall")
    years = np.array([2000, 2001, 2003, 2005, 2006, 2007])
    assert peaks.status(years, [5, 10, 9, 8, 7, 6], "mann_kendall") == with_gaps


# ---- vectorised = scalar --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule, opts",
    [("n_years", {"rule_years": 5}), ("n_years", {"rule_years": 2}), ("c40", {}), ("c40", {"reference_year": 2016})],
)
def test_vectorised_equals_scalar_on_random_cases(rule, opts):
    rng = np.random.default_rng(20240)
    years = np.arange(2000, 2015)
    # integers make ties common; NaNs make gaps; some rows are short or empty
    values = rng.integers(1, 8, size=(600, len(years))).astype(float)
    values[:, :] *= np.where(rng.random(values.shape) < 0.5, 1.0, 1.1)
    values[rng.random(values.shape) < 0.25] = np.nan
    values[0] = np.nan
    values[1, 3:] = np.nan
    out = peaks.status_draws(years, values, rule, **opts)
    for i, row in enumerate(values):
        s = peaks.status(years, row, rule, **opts)
        assert bool(out["peaked"][i]) == s.peaked, (i, row)
        assert out["verdict"][i] == s.verdict, (i, row)
        assert out["years_after"][i] == s.years_after
        assert out["year"][i] == (-1 if s.year is None else s.year)
        assert np.isnan(out["value"][i]) if s.value is None else out["value"][i] == s.value
    assert out["peaked"].any() and (~out["peaked"]).any()  # the cases exercise both outcomes


def test_vectorised_c40_threshold_exactly():
    years = np.arange(2000, 2006)
    rows = np.array([[100, 95, 95, 95, 95, 90], [100, 95, 95, 95, 95, 90.01], [1.1, 1, 1, 1, 1, 0.99]])
    assert peaks.status_draws(years, rows, "c40")["peaked"].tolist() == [True, False, True]


def test_vectorised_refuses_mann_kendall_and_bad_shapes():
    with pytest.raises(ModelError, match="status_draws covers the rules n_years, c40"):
        peaks.status_draws(Y, np.ones((2, len(Y))), "mann_kendall")
    with pytest.raises(ModelError, match="columns"):
        peaks.status_draws(Y, np.ones((2, 3)), "n_years")


# ---- bad input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: peaks.status(Y, np.ones(12), "crystal"), "unknown peak rule 'crystal'"),
        (lambda: peaks.status(Y, np.ones(11)), "differ in length"),
        (lambda: peaks.status([2001, 2001, 2002], [1, 2, 3]), "strictly increasing"),
        (lambda: peaks.status([2001.5, 2002], [1, 2]), "whole numbers"),
        (lambda: peaks.status(Y, [np.inf] + [1] * 11), "finite"),
        (lambda: peaks.status(Y, ["a"] * 12), "must be numbers"),
        (lambda: peaks.status(Y, np.ones(12), rule_years=0), "rule_years must be a whole number >= 1"),
        (lambda: peaks.status(Y, np.ones(12), "c40", rule_years=3), "takes options"),
        (lambda: peaks.status(Y, np.ones(12), "mann_kendall", alpha=1.5), "alpha"),
    ],
)
def test_bad_input_is_refused_with_a_message(call, message):
    with pytest.raises(ModelError, match=message):
        call()


def test_peak_rule_parameter_accepts_every_rule_and_refuses_others():
    for rule in peaks.RULES:
        assert params.check("peak_rule", rule) == rule
    with pytest.raises(ParameterError, match="unknown value 'crystal'"):
        params.check("peak_rule", "crystal")
    with pytest.raises(ParameterError, match="outside its range"):
        params.check("reference_year", 1990)
