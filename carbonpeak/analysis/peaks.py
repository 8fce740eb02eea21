"""Peak definitions: one home for every rule that says whether a series "has peaked".

A claim "has peaked" means nothing without its rule, so every result here names one:

- ``n_years`` (the book's default, and CEADs' reading in Shan et al. 2022): the maximum of the record is
  the peak once at least ``rule_years`` observed years follow it, all below it.
- ``c40`` (C40 Cities' peaking criteria, as coded in C40's own peaking analysis): at least 3 inventory
  years; the maximum at least 5 calendar years before the latest inventory year; the latest inventory at
  most 5 years older than a reference year; and the latest value at least 10 % below the maximum. When the
  data are too few or too old C40 answers "unknown", not "not peaked"; so does this rule.
- ``mann_kendall`` (statistical): the observed years from the maximum to the latest year fall with a
  significant Mann-Kendall downward trend (pymannkendall, two-sided, 5 %).

Shared conventions, so the rules differ only where they mean to:

- **Candidate peak.** The maximum of the observed values; on a tie the later year wins (a record that
  returns to its maximum has not peaked before).
- **Gaps.** A missing year (absent, or NaN) is neither below nor above the peak: it is not counted. The
  N-years rule counts observed years after the maximum; C40 measures calendar years between the peak and
  the latest inventory, as C40 does (its inventories are rarely annual); Mann-Kendall uses the order of
  the observed values only, so a gap does not change it.
- **C40's 10 %.** C40's analysis computes (peak - latest) / peak >= 10 %: the latest value at least 10 %
  below the peak (the peak then sits at least 11.1 % above the latest). The threshold counts as met within
  a float tolerance of 1e-9, far below the precision of any inventory.
- **C40's reference year.** "The latest inventory no older than 5 years" is measured against
  ``reference_year``: the year the question is asked. C40 uses the year of its analysis. By default it is
  the last year of the grid passed in (so a model path is judged at its own horizon); the atlas passes
  the year an assessment is made as of.

``status`` judges one series; ``status_draws`` judges every row of a draws x years array at once, without
a Python loop over rows (n_years and c40), for Monte Carlo paths; ``statement`` writes one sentence that
names the rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from carbonpeak.errors import ModelError

DEFAULT_RULE = "n_years"
DEFAULT_RULE_YEARS = 5  # CEADs / Shan et al. 2022: at least five years below the peak
# C40 Cities' criteria (C40 peaking analysis, 2019: PC1-PC4).
C40_MIN_POINTS = 3
C40_MIN_GAP = 5  # calendar years from the peak to the latest inventory
C40_MAX_AGE = 5  # the latest inventory at most this many years before the reference year
C40_DECLINE = 0.10  # latest at least 10 % below the peak, relative to the peak
MK_ALPHA = 0.05
# With fewer than 4 observed years after the maximum (5 values with it), a two-sided Mann-Kendall test
# cannot reach 5 % significance however the values fall (|z| <= 1.70 for 4 values), so the rule says
# "too short" rather than "no trend".
MK_MIN_AFTER = 4
TOLERANCE = 1e-9

RULES: dict[str, dict[str, str]] = {
    "n_years": {
        "label": "N-years-below rule",
        "description": "the maximum is followed by at least N observed years, all below it (CEADs uses 5)",
    },
    "c40": {
        "label": "C40 rule",
        "description": (
            "at least 3 inventory years, the maximum at least 5 years before the latest inventory, "
            "the latest inventory at most 5 years old, and the latest at least 10 % below the maximum"
        ),
    },
    "mann_kendall": {
        "label": "Mann-Kendall rule",
        "description": (
            "a significant (5 %) Mann-Kendall downward trend over the observed years from the maximum "
            "to the latest year"
        ),
    },
}
# why a rule found what it found: each reason's English, completed with the numbers of Status.facts
REASONS = {
    "no_data": "the series has no observed value",
    "n_years_peaked": "the maximum is followed by {after} observed years, all below it (rule: at least {rule_years})",
    "n_years_short": (
        "the maximum is followed by only {after} observed year(s) (rule: at least {rule_years} years below it)"
    ),
    "c40_few": "only {points} inventory year(s) (C40 needs at least {needed})",
    "c40_old": (
        "the latest inventory ({latest_year}) is {age} years old in {reference_year} (C40 needs at most {needed})"
    ),
    "c40_decline": (
        "the latest inventory ({latest_year}) is {decline:.1%} below the maximum (C40 needs at least {needed:.0%})"
    ),
    "c40_gap": (
        "the maximum ({peak_year}) is only {gap} year(s) before the latest inventory (C40 needs at least {needed})"
    ),
    "c40_peaked": (
        "the maximum is {gap} years before the latest inventory ({latest_year}), which is {decline:.1%} below it "
        "and {age} year(s) old in {reference_year}, with {points} inventory years"
    ),
    "mk_short": (
        "only {after} observed year(s) follow the maximum (a Mann-Kendall test needs at least {needed} to reach "
        "{alpha:.0%} significance)"
    ),
    "mk_falling": (
        "the {values} observed values from the maximum to {latest_year} fall with a significant downward trend "
        "(p = {p:.3f} < {alpha:g})"
    ),
    "mk_no_trend": (
        "the {values} observed values from the maximum to {latest_year} show no significant downward trend "
        "(p = {p:.3f}, needs < {alpha:g})"
    ),
}
VECTORISED = ("n_years", "c40")
VERDICTS = ("peaked", "not yet", "unknown")


@dataclass(frozen=True)
class Status:
    """A peak rule's verdict on one series."""

    peaked: bool
    year: int | None  # year of the candidate peak (the maximum, later year on a tie)
    value: float | None
    years_after: int  # observed years after the maximum
    rule: str
    reason: str  # why, in words (completes "... because ...")
    verdict: str = "not yet"  # "peaked", "not yet" or "unknown" (C40: too few or too old data)
    latest_year: int | None = None
    latest_value: float | None = None
    p_value: float | None = None  # Mann-Kendall only
    why: str = ""  # the reason's key in REASONS (a page words it in its own language)
    facts: dict = field(default_factory=dict)  # the numbers the reason states


def _check_rule(rule: str) -> str:
    if rule not in RULES:
        raise ModelError(f"unknown peak rule {rule!r}; choose one of: {', '.join(RULES)}")
    return rule


def _check_whole(name: str, value, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ModelError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return int(value)


def _years_array(years) -> np.ndarray:
    arr = np.asarray(years)
    if arr.ndim != 1:
        raise ModelError(f"years must be one-dimensional, got shape {arr.shape}")
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        if not np.issubdtype(arr.dtype, np.floating) or not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
            raise ModelError("years must be whole numbers")
    arr = arr.astype(np.int64)
    if np.any(np.diff(arr) <= 0):
        raise ModelError("years must be strictly increasing (no duplicates)")
    return arr


def _values_array(values, ndim: int) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ModelError("values must be numbers (NaN marks a missing year)") from None
    if arr.ndim != ndim:
        raise ModelError(f"values must be {ndim}-dimensional, got shape {arr.shape}")
    if np.isinf(arr).any():
        raise ModelError("values must be finite (NaN marks a missing year; infinity is not allowed)")
    return arr


def _options(rule: str, opts: dict) -> dict:
    allowed = {"n_years": {"rule_years"}, "c40": {"reference_year"}, "mann_kendall": {"alpha"}}[rule]
    unknown = sorted(set(opts) - allowed)
    if unknown:
        raise ModelError(f"peak rule {rule!r} takes options {sorted(allowed)}, not {unknown}")
    out = dict(opts)
    if rule == "n_years":
        out["rule_years"] = _check_whole("rule_years", opts.get("rule_years", DEFAULT_RULE_YEARS), 1)
    if rule == "c40" and opts.get("reference_year") is not None:
        out["reference_year"] = _check_whole("reference_year", opts["reference_year"])
    if rule == "mann_kendall":
        alpha = opts.get("alpha", MK_ALPHA)
        if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
            raise ModelError(f"alpha must be a number strictly between 0 and 1, got {alpha!r}")
        out["alpha"] = float(alpha)
    return out


def status(years, values, rule: str = DEFAULT_RULE, **opts) -> Status:
    """The verdict of ``rule`` on one series: ``years`` (whole, increasing) and ``values`` (NaN = missing).

    Options: ``rule_years`` (n_years, default 5); ``reference_year`` (c40, default the last of ``years``);
    ``alpha`` (mann_kendall, default 0.05).
    """
    _check_rule(rule)
    opts = _options(rule, opts)
    grid = _years_array(years)
    vals = _values_array(values, 1)
    if len(vals) != len(grid):
        raise ModelError(f"years ({len(grid)}) and values ({len(vals)}) differ in length")
    observed = ~np.isnan(vals)
    obs_years, obs_values = grid[observed], vals[observed]
    if obs_values.size == 0:
        return Status(False, None, None, 0, rule, REASONS["no_data"], "unknown", why="no_data")
    top = len(obs_values) - 1 - int(np.argmax(obs_values[::-1]))  # last occurrence of the maximum
    base = dict(
        year=int(obs_years[top]),
        value=float(obs_values[top]),
        years_after=len(obs_values) - 1 - top,
        rule=rule,
        latest_year=int(obs_years[-1]),
        latest_value=float(obs_values[-1]),
    )
    if rule == "n_years":
        return _n_years(base, opts["rule_years"])
    if rule == "c40":
        reference = opts.get("reference_year")
        return _c40(base, len(obs_values), int(grid[-1]) if reference is None else reference)
    return _mann_kendall(base, obs_values[top:], opts["alpha"])


def _judged(peaked: bool, verdict: str, why: str, base: dict, **facts) -> Status:
    """A verdict with its reason's key (``REASONS``) and the numbers the reason states."""
    p_value = facts.get("p") if base["rule"] == "mann_kendall" else None
    return Status(
        peaked, reason=REASONS[why].format(**facts), verdict=verdict, why=why, facts=facts, p_value=p_value, **base
    )


def _n_years(base: dict, rule_years: int) -> Status:
    after = base["years_after"]
    if after >= rule_years:
        return _judged(True, "peaked", "n_years_peaked", base, after=after, rule_years=rule_years)
    return _judged(False, "not yet", "n_years_short", base, after=after, rule_years=rule_years)


def _c40(base: dict, points: int, reference_year: int) -> Status:
    peak_year, latest_year = base["year"], base["latest_year"]
    age = reference_year - latest_year
    gap = latest_year - peak_year
    decline = (base["value"] - base["latest_value"]) / base["value"] if base["value"] else 0.0
    if points < C40_MIN_POINTS:
        return _judged(False, "unknown", "c40_few", base, points=points, needed=C40_MIN_POINTS)
    if age > C40_MAX_AGE:
        return _judged(
            False, "unknown", "c40_old", base, latest_year=latest_year, age=age, reference_year=reference_year,
            needed=C40_MAX_AGE,
        )  # fmt: skip
    if decline < C40_DECLINE - TOLERANCE:
        return _judged(
            False, "not yet", "c40_decline", base, latest_year=latest_year, decline=decline, needed=C40_DECLINE
        )
    if gap < C40_MIN_GAP:
        return _judged(False, "not yet", "c40_gap", base, peak_year=peak_year, gap=gap, needed=C40_MIN_GAP)
    return _judged(
        True, "peaked", "c40_peaked", base, gap=gap, latest_year=latest_year, decline=decline, age=age,
        reference_year=reference_year, points=points,
    )  # fmt: skip


def _mann_kendall(base: dict, segment: np.ndarray, alpha: float) -> Status:
    after = base["years_after"]
    if after < MK_MIN_AFTER:
        return _judged(False, "not yet", "mk_short", base, after=after, needed=MK_MIN_AFTER, alpha=alpha)
    import pymannkendall

    test = pymannkendall.original_test(segment, alpha=alpha)
    p = float(test.p)
    facts = {"values": len(segment), "latest_year": base["latest_year"], "p": p, "alpha": alpha}
    if test.trend == "decreasing":
        return _judged(True, "peaked", "mk_falling", base, **facts)
    return _judged(False, "not yet", "mk_no_trend", base, **facts)


def status_series(series, rule: str = DEFAULT_RULE, **opts) -> Status:
    """``status`` for a pandas Series indexed by year (missing years absent or NaN)."""
    s = series.sort_index()
    return status(s.index.to_numpy(), s.to_numpy(dtype=float), rule, **opts)


def status_draws(years, values_2d, rule: str = DEFAULT_RULE, **opts) -> dict[str, np.ndarray]:
    """``status`` for every row of a draws x years array at once (rules n_years and c40).

    NaN marks a missing year in a row. Returns arrays, one entry per row: ``peaked`` (bool), ``verdict``
    (str), ``year`` and ``latest_year`` (int, -1 for an empty row), ``value`` and ``latest_value`` (float,
    NaN for an empty row), ``years_after`` (int). Equal, row by row, to ``status``.
    """
    _check_rule(rule)
    if rule not in VECTORISED:
        raise ModelError(
            f"status_draws covers the rules {', '.join(VECTORISED)}; apply status() row by row for {rule!r}"
        )
    opts = _options(rule, opts)
    grid = _years_array(years)
    vals = _values_array(values_2d, 2)
    if vals.shape[1] != len(grid):
        raise ModelError(f"values_2d has {vals.shape[1]} columns for {len(grid)} years")
    if vals.shape[1] == 0:  # no years at all: every row is empty
        grid, vals = np.zeros(1, dtype=np.int64), np.full((vals.shape[0], 1), np.nan)
    rows = np.arange(vals.shape[0])
    last = vals.shape[1] - 1
    observed = ~np.isnan(vals)
    has_data = observed.any(axis=1)
    filled = np.where(observed, vals, -np.inf)
    top = last - np.argmax(filled[:, ::-1], axis=1)  # last occurrence of the maximum
    observed_from = np.cumsum(observed[:, ::-1], axis=1)[:, ::-1]  # observed years from column j to the end
    after = np.where(has_data, observed_from[rows, top] - 1, 0)
    latest = last - np.argmax(observed[:, ::-1], axis=1)
    out = {
        "year": np.where(has_data, grid[top], -1),
        "value": np.where(has_data, vals[rows, top], np.nan),
        "years_after": after,
        "latest_year": np.where(has_data, grid[latest], -1),
        "latest_value": np.where(has_data, vals[rows, latest], np.nan),
    }
    if rule == "n_years":
        peaked = has_data & (after >= opts["rule_years"])
        verdict = np.where(peaked, "peaked", np.where(has_data, "not yet", "unknown"))
    else:
        reference = int(grid[-1]) if opts.get("reference_year") is None else opts["reference_year"]
        points = observed.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            decline = np.where(out["value"] != 0, (out["value"] - out["latest_value"]) / out["value"], 0.0)
        known = has_data & (points >= C40_MIN_POINTS) & (reference - out["latest_year"] <= C40_MAX_AGE)
        peaked = known & (decline >= C40_DECLINE - TOLERANCE) & (out["latest_year"] - out["year"] >= C40_MIN_GAP)
        verdict = np.where(peaked, "peaked", np.where(known, "not yet", "unknown"))
    out["peaked"] = peaked
    out["verdict"] = verdict
    return out


def label(rule: str) -> str:
    """The rule's name as pages print it (e.g. "N-years-below rule"); an unknown rule raises ModelError."""
    return RULES[_check_rule(rule)]["label"]


def statement(st: Status, unit: str = "") -> str:
    """One sentence that names the rule and says what it found."""
    name = label(st.rule)
    unit = f" {unit}" if unit else ""
    if st.year is None:
        return f"No data: the {name} cannot be applied."
    if st.verdict == "peaked":
        return f"Peaked in {st.year} at {st.value:,.1f}{unit} under the {name}: {st.reason}."
    if st.verdict == "unknown":
        return (
            f"Peak status unknown under the {name}: {st.reason}; the highest value is {st.value:,.1f}{unit} "
            f"in {st.year}."
        )
    return f"Not yet peaked under the {name}: the highest value is {st.value:,.1f}{unit} in {st.year}, and {st.reason}."


@dataclass(frozen=True)
class Rule:
    """A rule with its options, as a chapter's parameters give them (peak_rule, peak_rule_years,
    reference_year); ``judge`` applies it to a series, ``describe`` says it in words."""

    name: str = DEFAULT_RULE
    rule_years: int = DEFAULT_RULE_YEARS
    reference_year: int | None = None

    def options(self) -> dict:
        return {
            "n_years": {"rule_years": self.rule_years},
            "c40": {"reference_year": self.reference_year},
            "mann_kendall": {},
        }[_check_rule(self.name)]

    def judge(self, series) -> Status:
        return status_series(series, self.name, **self.options())

    def describe(self) -> str:
        if self.name == "n_years":
            return (
                f"{label(self.name)}: the maximum counts as the peak when at least {self.rule_years} "
                "later observed years are all below it"
            )
        return f"{label(self.name)}: {RULES[self.name]['description']}"
