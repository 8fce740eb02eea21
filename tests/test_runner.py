"""Parameters and the runner: typed checks, refusals with clear messages, atomic and byte-identical renders."""

import os
import shutil
import subprocess
import sys

import nbformat
import pytest

from carbonpeak import params, paths, run
from carbonpeak.errors import ParameterError

from conftest import run_cli, tree_digest


def test_every_template_parameter_is_registered_with_its_type():
    for chapter in run.chapters():
        for name, info in run.template_parameters(chapter).items():
            assert name in params.SPECS, f"{chapter}: parameter '{name}' has no spec in carbonpeak.params"
            assert info["inferred_type_name"] == params.SPECS[name].type, f"{chapter}: '{name}' annotation"
            default = eval(info["default"])  # the template's literal default must pass its own check
            params.check(name, default)


@pytest.mark.parametrize("name, text, value", [
    ("horizon_end", "2040", 2040), ("city", "广东肇庆", "广东肇庆"), ("levels", "0.5,0.9", [0.5, 0.9]),
    ("levels", "[0.8, 0.95]", [0.8, 0.95]), ("method", "ets", "ets"),
])
def test_parse_and_check_accept_good_values(name, text, value):
    assert params.check(name, params.parse(name, text)) == value


@pytest.mark.parametrize("name, text, message", [
    ("horizon_end", "soon", "expects an int, got 'soon'"),
    ("horizon_end", "2035.5", "expects an int"),
    ("horizon_end", "1990", r"outside its range \[2020, 2060\]"),
    ("levels", "0.8,1.5", r"outside its range \(0, 1\)"),
    ("levels", "0.8,0.8", "repeated values"),
    ("levels", "high", "expects a list of numbers"),
    ("city", "Atlantis", "unknown value 'Atlantis'"),
    ("method", "crystal-ball", "unknown value 'crystal-ball'"),
    ("peak_rule_years", "0", "outside its range"),
])
def test_parse_and_check_refuse_bad_values(name, text, message):
    with pytest.raises(ParameterError, match=message):
        params.check(name, params.parse(name, text))


def test_check_refuses_wrong_python_types():
    with pytest.raises(ParameterError, match="expects int, got bool"):
        params.check("horizon_end", True)
    with pytest.raises(ParameterError, match="expects str, got int"):
        params.check("city", 5)


@pytest.mark.parametrize("args, message", [
    (["run", "overview", "--set", "sectr=x"], "chapter 'overview' has no parameter 'sectr'"),
    (["run", "overview", "--set", "horizon_end=soon"], "parameter 'horizon_end' expects an int, got 'soon'"),
    (["run", "overview", "--set", "city=Atlantis"], "parameter 'city': unknown value 'Atlantis'"),
    (["run", "overview", "--set", "horizon_end=2100"], "outside its range"),
    (["run", "overveiw"], "unknown chapter 'overveiw'"),
    (["run", "overview", "--set", "city"], "--set expects name=value"),
])
def test_cli_refuses_bad_input_and_leaves_book_untouched(tmp_path, book_digest, args, message):
    result = run_cli(*args, "--out", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert tree_digest(paths.BOOK) == book_digest


@pytest.fixture
def project_copy(tmp_path):
    """A copy of the package, templates and data, imported in place of the installed one."""
    root = tmp_path / "copy"
    for name in ("carbonpeak", "chapters", "data"):
        shutil.copytree(paths.ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    env = dict(os.environ, PYTHONPATH=str(root))
    return root, env


def test_malformed_data_fails_the_run_and_keeps_the_published_page(tmp_path, project_copy):
    root, env = project_copy
    csv = root / "data" / "processed" / "shenzhen_economy.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",gdp,", ",gdp,").replace(lines[3].split(",")[3], "n/a", 1)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "published"
    out.mkdir()
    (out / "overview.ipynb").write_text("published page", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "carbonpeak.cli", "run", "overview", "--out", str(out)],
                            capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert result.returncode == 1, result.stderr
    assert "shenzhen_economy.csv: row 3, column 'value': 'n/a' is not a number" in result.stderr
    assert "left unchanged" in result.stderr
    assert (out / "overview.ipynb").read_text(encoding="utf-8") == "published page"
    assert [p.name for p in out.iterdir()] == ["overview.ipynb"]  # no temporary file left behind


@pytest.mark.parametrize("chapter", sorted(run.chapters()))
def test_rerender_is_byte_identical_to_the_book(tmp_path, chapter):
    result = run_cli("run", chapter, "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / f"{chapter}.ipynb").read_bytes() == (paths.BOOK / f"{chapter}.ipynb").read_bytes(), (
        f"book/{chapter}.ipynb is stale or not deterministic: run `make book`")


def test_another_city_renders_outside_the_book(tmp_path, book_digest):
    outs = []
    for attempt in ("a", "b"):
        result = run_cli("run", "overview", "--set", "city=广东肇庆", "--set", "method=ets",
                         "--out", str(tmp_path / attempt))
        assert result.returncode == 0, result.stderr
        outs.append((tmp_path / attempt / "overview.ipynb").read_bytes())
    assert outs[0] == outs[1]  # injected parameters do not break determinism
    nb = nbformat.reads(outs[0].decode("utf-8"), as_version=4)
    assert nb.metadata["carbonpeak"]["parameters"] == {"city": "广东肇庆", "method": "ets"}
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and injected[0]["id"] == run.INJECTED_CELL_ID
    text = outs[0].decode("utf-8")
    assert "Zhaoqing (广东肇庆)" in text and "damped-trend exponential smoothing" in text
    assert "No GDP or population series for Zhaoqing" in text
    assert "papermill" not in nb.metadata and all("execution" not in c.metadata for c in nb.cells)
    assert tree_digest(paths.BOOK) == book_digest
