"""A run's size is estimated before its kernel starts (carbonpeak.runner.budget): the estimate bounds what a
run really allocates (measured by tracemalloc, not by the estimate's own formula), every chapter's defaults
fit the budget, and a scenario whose range makes the model overflow is refused."""

from __future__ import annotations

import re

import pytest

from carbonpeak.errors import BudgetError, ParameterError
from carbonpeak.inputs import scenarios
from carbonpeak.model import outcomes, runs, summary, synthesis
from carbonpeak.runner import budget, render


def allocated(fn) -> int:
    runs.calibration()  # read once, outside the measurement
    return budget.peak_allocation(fn)


@pytest.mark.parametrize(
    "names, draws, horizon, sobol_base",
    [("baseline", 2000, 2035, None), ("baseline,plan", 1000, 2060, None), ("baseline,plan", 500, 2035, 64)],
)
def test_the_estimate_bounds_what_a_run_allocates(names, draws, horizon, sobol_base):
    def chapter_like():
        scens = [scenarios.load(n) for n in names.split(",")]
        ens = runs.run(scens, draws, 1, horizon)
        outcomes.peak_table(ens.results, horizon)
        summary.city_paths(ens, [0.8, 0.95])
        if sobol_base:
            synthesis.sobol_indices(scens, scens[-1].name, sobol_base, 1, horizon, 5, 2005, "keep")

    values = {"scenarios": names, "draws": draws, "horizon_end": horizon}
    if sobol_base:
        values["sobol_base"] = sobol_base
    estimated = budget.estimate(values).memory - budget.KERNEL_BYTES
    used = allocated(chapter_like)
    assert used <= estimated <= 3 * used, (used, estimated)


def test_a_chapter_without_draws_has_no_estimate():
    assert budget.estimate({"horizon_end": 2060}) is None


def test_every_chapter_fits_the_budget_with_its_defaults():
    for chapter in render.chapters():
        budget.check(chapter, render.template_defaults(chapter))


def test_the_refusal_names_the_parameter_that_dominates():
    with pytest.raises(BudgetError, match="lower draws"):
        budget.check("energy", {"scenarios": "baseline,plan,accelerated", "draws": 100_000, "horizon_end": 2060})
    with pytest.raises(BudgetError, match="lower sobol_base"):
        budget.check("synthesis", {"scenarios": "baseline", "draws": 1000, "horizon_end": 2060, "sobol_base": 8192})


def test_the_largest_draws_suggested_fit_the_budget():
    values = {"scenarios": "baseline,plan,accelerated", "draws": 100_000, "horizon_end": 2060}
    with pytest.raises(BudgetError, match=r"at most about ([\d,]+)") as caught:
        budget.check("energy", values)
    most = int(re.search(r"at most about ([\d,]+)", str(caught.value)).group(1).replace(",", ""))
    budget.check("energy", {**values, "draws": most})  # the advice is one that passes


@pytest.mark.parametrize("name", scenarios.available())
def test_the_shipped_scenarios_stay_finite_at_their_extremes(name):
    budget.check_finite(scenarios.load(name), 2060)


def test_a_range_that_overflows_is_refused_naming_the_override(tmp_path):
    text = (scenarios.locations.SCENARIOS / "plan.yml").read_text(encoding="utf-8").replace("name: plan", "name: wide")
    text = text.replace(
        "overrides:\n",
        "overrides:\n  freight_growth_elasticity: {value: 1.0, low: 0.5, high: 5000.0, source: s}\n",
        1,
    )
    path = tmp_path / "wide.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError, match="'overrides.freight_growth_elasticity' is refused: .* overflow"):
        budget.check_finite(scenarios.load(path), 2035)
