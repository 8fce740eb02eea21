"""The assumption registry: every entry is read by some module, no key is given twice, bad files and values
are refused with a message naming what is wrong."""

import ast

import numpy as np
import pytest
import yaml

from carbonpeak import locations
from carbonpeak.errors import DataError, ParameterError
from carbonpeak.inputs import assumptions, params
from carbonpeak.inputs.scenarios import read_yaml
from carbonpeak.model import core


def string_constants() -> set[str]:
    """Every string literal in the package's source."""
    out = set()
    for path in (locations.ROOT / "carbonpeak").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                out.add(node.value)
    return out


def test_every_assumption_is_read_by_some_module():
    literals = string_constants()
    unread = [name for name in assumptions.registry() if name not in literals]
    assert not unread, f"assumptions no module reads: {unread}"


def test_the_model_reads_only_registered_assumptions_and_the_renamed_ones_exist():
    reg = assumptions.registry()
    assert set(core.ALL_NAMES) <= set(reg)
    assert reg["gdp_growth"].is_path and reg["gdp_growth"].milestones == (2025, 2030, 2035)
    assert "ev_kwh_per_vehicle" in core.NAMES["road"] and not reg["ev_kwh_per_vehicle"].is_path
    for retired in ("gdp_growth_path", "ev_kwh_per_vehicle_year", "grid_ef", "import_share", "nev_saturation"):
        assert retired not in reg


def test_the_file_gives_no_key_twice():
    raw = read_yaml(assumptions.FILE)  # the strict reader refuses a key given twice
    assert set(raw) == set(assumptions.registry())


def test_assumption_parameters_refuse_values_outside_their_range():
    with pytest.raises(ParameterError, match=r"'coal_ef' = 2.0 is outside its range"):
        params.check("coal_ef", 2.0)
    with pytest.raises(ParameterError, match=r"'gdp_growth' = 0.2 in 2025 is outside its range"):
        params.check("gdp_growth", [0.2, 0.04, 0.03])
    with pytest.raises(ParameterError, match="expects 3 values"):
        params.check("gdp_growth", [0.04, 0.03])
    assert params.check("gdp_growth", [0.05, 0.04, 0.03]) == [0.05, 0.04, 0.03]


@pytest.mark.parametrize(
    "entry, message",
    [
        (
            {
                "label": "x",
                "unit": "u",
                "default": 2,
                "low": 0,
                "high": 1,
                "grade": "assumption",
                "source": "s",
                "reason": "r",
            },
            r"'x': default 2.0 outside \[0.0, 1.0\]",
        ),
        (
            {
                "label": "x",
                "unit": "u",
                "default": 1,
                "low": 0,
                "high": 2,
                "grade": "guess",
                "source": "s",
                "reason": "r",
            },
            "grade 'guess' is not one of",
        ),
        (
            {"label": "x", "unit": "u", "default": 1, "low": 0, "high": 2, "grade": "assumption", "source": "s"},
            r"lacks \['reason'\]",
        ),
        (
            {
                "label": "x",
                "unit": "u",
                "default": {2025: 1},
                "low": 0,
                "high": 2,
                "grade": "assumption",
                "source": "s",
                "reason": "r",
            },
            "must all be numbers or all be milestone mappings",
        ),
    ],
)
def test_bad_assumption_file_is_named(tmp_path, monkeypatch, entry, message):
    bad = tmp_path / "assumptions.yml"
    bad.write_text(yaml.safe_dump({"x": entry}))
    monkeypatch.setattr(assumptions, "FILE", bad)
    assumptions.registry.cache_clear()
    try:
        with pytest.raises(DataError, match=message):
            assumptions.registry()
    finally:
        assumptions.registry.cache_clear()


def test_a_named_draw_does_not_depend_on_the_others():
    # one stream per name (assumptions.stream): drawing another assumption first, or not at all, moves nothing
    both = assumptions.draw(["carbon_fraction", "wood_density"], 500, 7)
    alone = assumptions.draw(["wood_density"], 500, 7)
    np.testing.assert_array_equal(both["wood_density"], alone["wood_density"])
    assert not np.array_equal(assumptions.draw(["wood_density"], 500, 8)["wood_density"], alone["wood_density"])


def test_an_estimate_block_belongs_to_an_estimated_assumption_only(tmp_path, monkeypatch):
    """An estimated entry without its estimate block, or a judged one with a block, is refused."""
    text = assumptions.FILE.read_text(encoding="utf-8")
    entries = yaml.safe_load(text)
    missing = dict(entries)
    missing["import_ef_change"] = {k: v for k, v in entries["import_ef_change"].items() if k != "estimate"}
    extra = dict(entries)
    extra["coal_ef"] = {**entries["coal_ef"], "estimate": dict(entries["import_ef_change"]["estimate"])}
    for bad, words in ((missing, "needs an estimate block"), (extra, "has an estimate block but grade")):
        path = tmp_path / "assumptions.yml"
        path.write_text(yaml.safe_dump(bad, allow_unicode=True, sort_keys=False), encoding="utf-8")
        monkeypatch.setattr(assumptions, "FILE", path)
        assumptions.registry.cache_clear()
        with pytest.raises(DataError, match=words):
            assumptions.registry()
    monkeypatch.undo()
    assumptions.registry.cache_clear()


@pytest.mark.parametrize("chapter", ["answer", "zh/answer", "synthesis"])
def test_a_peak_rule_the_model_chapters_cannot_apply_is_refused_before_any_kernel(chapter):
    from carbonpeak.runner import render

    with pytest.raises(ParameterError, match="cannot apply peak_rule = 'mann_kendall'"):
        render.parse_assignments(chapter, ["peak_rule=mann_kendall"])
    with pytest.raises(ParameterError, match="use n_years or c40"):
        render.check_parameters(chapter, {"peak_rule": "mann_kendall"})
    assert render.check_parameters(chapter, {"peak_rule": "c40"}) == {"peak_rule": "c40"}
    # the overview applies every rule to one record: it still takes Mann-Kendall
    assert render.check_parameters("overview", {"peak_rule": "mann_kendall"}) == {"peak_rule": "mann_kendall"}
