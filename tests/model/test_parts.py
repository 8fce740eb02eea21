"""The parts are declared once (data/parts.yml) and the model, the export and the pages follow the declaration:
a part added to the file is modelled, summed, exported and labelled with no code changed; a bad declaration
is one DataError naming the entry and the field."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys

import numpy as np
import pytest
import yaml
from support import copy_project

from carbonpeak.data.provenance import md5sum
from carbonpeak.errors import DataError
from carbonpeak.inputs import assumptions, parts, scenarios
from carbonpeak.model import core, electricity, iamc, runs
from carbonpeak.pages import zh

DRAWS, SEED = 200, 7


def test_every_name_the_declaration_uses_is_an_assumption_of_the_model():
    for part in parts.parts().values():
        for name in (part.intensity, part.scale, part.coal_scale, *(part.electrified or ())[:2]):
            if name:
                assert name in core.ALL_NAMES and assumptions.get(name), (part.name, name)
    iamc = [p.iamc for p in parts.parts().values() if p.iamc]
    assert len(iamc) == len(set(iamc))


def test_the_labels_come_from_the_declaration_in_both_languages():
    for name, part in parts.parts().items():
        assert zh.PARTS[name] == part.zh and re.search(r"[\u4e00-\u9fff]", part.zh)
    assert list(iamc.PARTS) == list(core.PARTS)
    assert list(iamc.SOURCES) == list(electricity.SUPPLY) and list(iamc.USES) == list(core.DEMAND)


def test_the_balance_gives_every_declared_source_and_use():
    r = runs.compute([scenarios.load("baseline")], 20, SEED, 2030)["baseline"]
    assert list(r.supply) == list(parts.sources()) and list(r.demand) == list(parts.uses())
    assert list(r.parts) == list(parts.territorial())
    np.testing.assert_allclose(sum(r.supply.values()), sum(r.demand.values()), rtol=1e-12)


SCRIPT = """
import json
import numpy as np
from carbonpeak.inputs import scenarios
from carbonpeak.model import runs
from carbonpeak.model import iamc
r = runs.compute([scenarios.load("baseline")], {draws}, {seed}, 2035)["baseline"]
rows = iamc.variables(r)
print(json.dumps({{
    "parts": {{k: v.tolist() for k, v in r.parts.items()}},
    "territorial": r.territorial.tolist(),
    "exported": sorted(rows),
}}))
"""


def test_a_part_added_to_the_declaration_is_modelled_summed_and_exported(tmp_path):
    """Split 'other sectors' into construction and a new part, agriculture, by adding one entry to the file:
    the new part is modelled from its own Guangdong rows, the parts still sum to the territorial total, the
    two together are the old part, and the export names it."""
    root, env = copy_project(tmp_path / "copy")
    env["CARBONPEAK_CACHE"] = "off"
    path = root / "data" / "parts.yml"
    declared = yaml.safe_load(path.read_text(encoding="utf-8"))
    other = declared["parts"]["other sectors"]
    other["guangdong"] = [["construction", "*"]]
    agriculture = {**copy.deepcopy(other), "en": "agriculture", "zh": "农业", "iamc": "Agriculture"}
    declared["parts"]["agriculture"] = agriculture
    declared["parts"]["agriculture"]["guangdong"] = [["agriculture", "*"]]
    path.write_text(yaml.safe_dump(declared, allow_unicode=True, sort_keys=False), encoding="utf-8")
    side = root / "data" / "parts.yml.meta.yml"
    side.write_text(re.sub(r"md5: \w+", f"md5: {md5sum(path)}", side.read_text(encoding="utf-8")), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(draws=DRAWS, seed=SEED)],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    new = json.loads(out.stdout)
    old = runs.compute([scenarios.load("baseline")], DRAWS, SEED, 2035)["baseline"]
    got = {k: np.array(v) for k, v in new["parts"].items()}
    assert list(got) == [*core.PARTS, "agriculture"]
    np.testing.assert_allclose(sum(got.values()), np.array(new["territorial"]), rtol=1e-12)
    np.testing.assert_allclose(np.array(new["territorial"]), old.territorial, rtol=1e-9)
    np.testing.assert_allclose(got["other sectors"] + got["agriculture"], old.parts["other sectors"], rtol=1e-9)
    assert np.all(got["agriculture"] > 0) and np.all(got["other sectors"] > 0)
    assert "Emissions|CO2|Agriculture" in new["exported"]


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["parts"]["buildings"].update(kind="magic"), "part 'buildings': 'kind' is 'magic'"),
        (lambda d: d["parts"]["buildings"].pop("intensity"), "part 'buildings': a fuel part needs 'intensity"),
        (lambda d: d["parts"]["buildings"].update(guangdong=[["residential"]]), "part 'buildings': 'guangdong'"),
        (lambda d: d["parts"]["buildings"].update(colour="red"), "part 'buildings': unknown field(s) ['colour']"),
        (lambda d: d["parts"]["buildings"]["electrified"].update(use="trains"), "goes to 'trains', not a use"),
        (lambda d: d["parts"]["buildings"].update(kind="power"), "part 'buildings': a power part has no intensity"),
        (lambda d: d["parts"].pop("imported electricity"), "exactly one power part and one imported part"),
        (lambda d: d["uses"]["industry"].pop("zh"), "use 'industry': needs exactly the fields"),
        (lambda d: d["sources"]["coal"].update(external="no"), "source 'coal': 'external' must be true or false"),
        (lambda d: d.pop("uses"), "must hold the mappings parts, uses and sources"),
    ],
)
def test_a_bad_declaration_is_one_error_naming_the_entry(tmp_path, monkeypatch, change, message):
    declared = yaml.safe_load(parts.FILE.read_text(encoding="utf-8"))
    change(declared)
    bad = tmp_path / "parts.yml"
    bad.write_text(yaml.safe_dump(declared, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(parts, "FILE", bad)
    parts.declaration.cache_clear()
    try:
        with pytest.raises(DataError, match=re.escape(message)):
            parts.declaration()
    finally:
        parts.declaration.cache_clear()
