"""Parameters and the runner: typed checks, refusals with clear messages, atomic and byte-identical renders."""

import hashlib
import shutil
import signal
import subprocess
import sys
import time

import nbformat
import pytest
from support import copy_project, run_cli, run_copy, tree_digest

from carbonpeak import files, locations
from carbonpeak.data import provenance
from carbonpeak.errors import OutputError, ParameterError
from carbonpeak.inputs import params
from carbonpeak.runner import cli, render


def test_every_template_parameter_is_registered_with_its_type():
    for chapter in render.chapters():
        for name, info in render.template_parameters(chapter).items():
            assert name in params.SPECS, f"{chapter}: parameter '{name}' has no spec in carbonpeak.inputs.params"
            assert info["inferred_type_name"] == params.SPECS[name].type, f"{chapter}: '{name}' annotation"
            default = eval(info["default"])  # the template's literal default must pass its own check
            params.check(name, default)


@pytest.mark.parametrize(
    "name, text, value",
    [
        ("horizon_end", "2040", 2040),
        ("city", "广东肇庆", "广东肇庆"),
        ("levels", "0.5,0.9", [0.5, 0.9]),
        ("levels", "[0.8, 0.95]", [0.8, 0.95]),
        ("method", "ets", "ets"),
    ],
)
def test_parse_and_check_accept_good_values(name, text, value):
    assert params.check(name, params.parse(name, text)) == value


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("horizon_end", "soon", "expects an int, got 'soon'"),
        ("horizon_end", "2035.5", "expects an int"),
        ("horizon_end", "1990", r"outside its range \[2025, 2060\]"),
        ("levels", "0.8,1.5", r"outside its range \(0, 1\)"),
        ("levels", "0.8,0.8", "repeated values"),
        ("levels", "high", "expects a list of numbers"),
        ("city", "Atlantis", "unknown value 'Atlantis'"),
        ("method", "crystal-ball", "unknown value 'crystal-ball'"),
        ("peak_rule_years", "0", "outside its range"),
    ],
)
def test_parse_and_check_refuse_bad_values(name, text, message):
    with pytest.raises(ParameterError, match=message):
        params.check(name, params.parse(name, text))


def test_check_refuses_wrong_python_types():
    with pytest.raises(ParameterError, match="expects int, got bool"):
        params.check("horizon_end", True)
    with pytest.raises(ParameterError, match="expects str, got int"):
        params.check("city", 5)


@pytest.mark.parametrize(
    "args, message",
    [
        (["run", "overview", "--set", "sectr=x"], "chapter 'overview' has no parameter 'sectr'"),
        (["run", "overview", "--set", "horizon_end=soon"], "parameter 'horizon_end' expects an int, got 'soon'"),
        (["run", "overview", "--set", "city=Atlantis"], "parameter 'city': unknown value 'Atlantis'"),
        (["run", "overview", "--set", "horizon_end=2100"], "outside its range"),
        (["run", "overveiw"], "unknown chapter 'overveiw'"),
        (["run", "overview", "--set", "city"], "--set expects name=value"),
    ],
)
def test_cli_refuses_bad_input_and_leaves_book_untouched(tmp_path, book_digest, args, message):
    result = run_cli(*args, "--out", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert tree_digest(locations.BOOK) == book_digest


def test_a_failing_chapter_exits_1_and_keeps_the_published_page(tmp_path, project_copy):
    root, env = project_copy
    csv = root / "data" / "processed" / "shenzhen_economy.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(lines[3].split(",")[3], "n/a", 1)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    side = root / "data" / "processed" / "shenzhen_economy.csv.meta.yml"  # as if the build had written it
    side.write_text(
        side.read_text(encoding="utf-8").replace(
            provenance.md5sum(locations.PROCESSED / csv.name), provenance.md5sum(csv)
        ),
        encoding="utf-8",
    )
    out = tmp_path / "published"
    out.mkdir()
    (out / files.MARKER).write_text(files.MARKER_TEXT, encoding="utf-8")  # a folder carbonpeak wrote before
    (out / "overview.ipynb").write_text("published page", encoding="utf-8")
    result = run_copy(root, env, "run", "overview", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "shenzhen_economy.csv: row 3, column 'value': 'n/a' is not a number" in result.stderr
    assert "left unchanged" in result.stderr
    assert (out / "overview.ipynb").read_text(encoding="utf-8") == "published page"
    assert sorted(p.name for p in out.iterdir()) == [files.MARKER, "overview.ipynb"]  # no temporary file left


def test_render_never_writes_into_the_book():
    with pytest.raises(OutputError, match="not written into book/"):
        render.render("sources", {}, locations.BOOK)
    with pytest.raises(OutputError, match="chapters/"):
        render.render_all(locations.CHAPTERS, names=["sources"])


def test_book_publishes_only_when_every_chapter_ran(tmp_path, project_copy):
    root, env = project_copy
    (root / "book" / "overview.ipynb").write_text("the published overview", encoding="utf-8")
    broken = nbformat.read(root / "chapters" / "sources.ipynb", as_version=4)
    broken.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('broken on purpose')"))
    nbformat.write(broken, root / "chapters" / "sources.ipynb")
    before = tree_digest(root / "book")
    result = run_copy(root, env, "book", "overview", "sources", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "chapter 'sources' failed" in result.stderr and "broken on purpose" in result.stderr
    assert tree_digest(root / "book") == before  # overview ran, but is not moved in alone
    assert not [p for p in [*root.iterdir(), *(root / "book").iterdir()] if ".staging-" in p.name]


def _staging(root):
    return [p for p in (root / "book").iterdir() if p.name.startswith(files.STAGING_PREFIX)]


def _pages_digest(folder):
    """The digest of the published pages: every file except a killed run's staging folder."""
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not any(part.startswith(files.STAGING_PREFIX) for part in p.parts):
            h.update(str(p.relative_to(folder)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.mark.parametrize("signame", ["SIGKILL", "SIGTERM"])
def test_interrupted_book_leaves_the_book_as_it_was(tmp_path, project_copy, signame):
    import psutil

    root, env = project_copy
    before = _pages_digest(root / "book")
    proc = subprocess.Popen(
        [sys.executable, "-m", "carbonpeak.runner.cli", "book", "energy", "overview", "sources"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    children = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # mid-run: the chapters' kernels are running (pages are held until all end)
            if psutil.Process(proc.pid).children(recursive=True):
                break
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.1)
        else:
            pytest.fail("the book never started a kernel")
        time.sleep(2)  # the kernels are running their chapters
        children = psutil.Process(proc.pid).children(recursive=True)
        proc.send_signal(getattr(signal, signame))
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
        for child in children:  # the kernel; it also stops by itself once its parent is gone
            if child.is_running():
                child.kill()
    assert _pages_digest(root / "book") == before
    if signame == "SIGTERM":
        assert proc.returncode == cli.INTERRUPTED
        assert err.strip() == "carbonpeak: interrupted (SIGTERM); nothing was published"  # one line, no kernel noise
        assert tree_digest(root / "book") == before and not _staging(root)
        assert not list((root / "book").glob(".*"))
    else:
        assert proc.returncode == -signal.SIGKILL
        left = _staging(root)  # a killed run cannot clean up: a dot-folder git, Jupyter Book and pytest ignore
        assert len(left) == 1
        result = run_copy(root, env, "book", "sources", cwd=tmp_path)  # the next publish removes it
        assert result.returncode == 0, result.stderr
        assert not _staging(root)
        assert tree_digest(root / "book") == before  # and publishes the same bytes


def test_temporary_files_are_ignored_by_git_and_pytest(tmp_path, project_copy):
    root, env = project_copy
    if shutil.which("git") and (locations.ROOT / ".git").exists():
        for name in (
            "book/.overview.ipynb.tmp.abc12345",
            "runs/x/.energy.ipynb.tmp.abc12345",
            "book/.carbonpeak.staging-12-ab12cd34/x.ipynb",
            "data/processed/.carbonpeak.staging-12-ab12cd34/city_co2.csv",
            "data/processed/.carbonpeak-probe-12-ab12cd34",
        ):
            ignored = subprocess.run(["git", "-C", str(locations.ROOT), "check-ignore", "-q", "--no-index", name])
            assert ignored.returncode == 0, f"git does not ignore {name}"
    shutil.copy(locations.ROOT / "pyproject.toml", root / "pyproject.toml")
    shutil.copy(root / "book" / "sources.ipynb", root / "book" / ".sources.ipynb.tmp.x1y2")
    (root / "book" / ".carbonpeak.staging-1-ab").mkdir()
    shutil.copy(root / "book" / "sources.ipynb", root / "book" / ".carbonpeak.staging-1-ab" / "sources.ipynb")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "--nbval",
            "--nbval-current-env",
            "-p",
            "no:cacheprovider",
            "book",
            ".",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "book/sources.ipynb" in result.stdout, result.stdout + result.stderr
    assert ".sources.ipynb.tmp." not in result.stdout and ".carbonpeak.staging-" not in result.stdout


def test_readme_scenario_example_works_from_the_callers_folder_and_checkouts_agree(tmp_path):
    """`carbonpeak run synthesis --set scenarios=baseline,my.yml --out runs/` in a folder holding my.yml; two
    checkouts at different places give the same bytes, and the page names the file relative to the project."""
    pages = []
    for where in ("a", "b/deeper"):
        root, env = copy_project(tmp_path / where / "checkout")
        caller = root / "runs" / "analyst"
        caller.mkdir(parents=True)
        (caller / "my.yml").write_text(
            (locations.SCENARIOS / "plan.yml")
            .read_text(encoding="utf-8")
            .replace("name: plan", "name: mine", 1)
            .replace("  grid_ef: 0.442", "  grid_ef: 0.5", 1),
            encoding="utf-8",
        )
        result = run_copy(
            root,
            env,
            "run",
            "synthesis",
            "--set",
            "scenarios=baseline,my.yml",
            "--set",
            "draws=200",
            "--out",
            "runs/",
            cwd=caller,
        )
        assert result.returncode == 0, result.stderr
        pages.append((caller / "runs" / "synthesis.ipynb").read_bytes())
    assert pages[0] == pages[1]
    text = pages[0].decode("utf-8")
    assert str(tmp_path) not in text
    nb = nbformat.reads(text, as_version=4)
    assert nb.metadata["carbonpeak"]["parameters"]["scenarios"] == "baseline,runs/analyst/my.yml"
    assert "mine" in text


def test_a_scenario_named_baseline_is_not_replaced_by_the_shipped_one(tmp_path):
    from carbonpeak.inputs import scenarios

    mine = tmp_path / "my_baseline.yml"
    mine.write_text(
        (locations.SCENARIOS / "baseline.yml")
        .read_text(encoding="utf-8")
        .replace("overrides: {}", "overrides:\n  coal_ef: {value: 0.9, source: my own plant data}", 1),
        encoding="utf-8",
    )
    scenario = scenarios.load(mine)
    assert scenario.name == "baseline" and not scenarios.is_shipped(scenario, "baseline")
    assert scenario.settings()["coal_ef"].default == 0.9  # the analyst's value reaches the model
    assert scenarios.load("baseline").settings()["coal_ef"].default == 0.85
    # compared with the shipped baseline, two scenarios would carry one name: refused, not silently merged
    with pytest.raises(ParameterError, match="both named 'baseline'"):
        render.scenario_parameters("synthesis", scenario)
    assert render.scenario_parameters("synthesis", scenarios.load("baseline"))["scenarios"] == "baseline"


@pytest.mark.parametrize("chapter", sorted(render.chapters()))
def test_rerender_is_byte_identical_to_the_book(tmp_path, chapter):
    result = run_cli("run", chapter, "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = tmp_path / render.page_file(chapter)  # zh/answer is written as zh-answer.ipynb
    assert written.read_bytes() == (locations.BOOK / f"{chapter}.ipynb").read_bytes(), (
        f"book/{chapter}.ipynb is stale or not deterministic: run `make book`"
    )


def test_another_city_renders_outside_the_book(tmp_path, book_digest):
    outs = []
    for attempt in ("a", "b"):
        result = run_cli(
            "run", "overview", "--set", "city=广东肇庆", "--set", "method=ets", "--out", str(tmp_path / attempt)
        )
        assert result.returncode == 0, result.stderr
        outs.append((tmp_path / attempt / "overview.ipynb").read_bytes())
    assert outs[0] == outs[1]  # injected parameters do not break determinism
    nb = nbformat.reads(outs[0].decode("utf-8"), as_version=4)
    assert nb.metadata["carbonpeak"]["parameters"] == {"city": "广东肇庆", "method": "ets"}
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and injected[0]["id"] == render.INJECTED_CELL_ID
    text = outs[0].decode("utf-8")
    assert "Zhaoqing (广东肇庆)" in text and "damped-trend exponential smoothing" in text
    assert "No GDP or population series for Zhaoqing" in text
    assert "papermill" not in nb.metadata and all("execution" not in c.metadata for c in nb.cells)
    assert tree_digest(locations.BOOK) == book_digest
