"""Bad and hostile input, table-driven: every case is refused before anything runs, with exit status 2 and one
line that names the culprit, no traceback, nothing written where it should not be, and book/, chapters/ and
data/ unchanged (md5 over every file).

Cases that only read their input run the CLI in this process (``cli.main``; fast); cases that must damage
the data run the CLI of a temporary copy of the project in a subprocess.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from conftest import copy_project, protected_digests, run_copy

from carbonpeak import locations
from carbonpeak.runner import cli, commands

PLAN = (locations.SCENARIOS / "plan.yml").read_text(encoding="utf-8")


def scenario_text(name: str = "mine", overrides: str = "") -> str:
    """A valid scenario file (the shipped plan, renamed) whose overrides are replaced by ``overrides`` where it
    sets the same assumption (e.g. "  coal_ef: {value: .nan, source: s}\n") or extended by them."""
    text = PLAN.replace("name: plan", f"name: {name}", 1)
    head, body = text.split("overrides:\n", 1)
    given = {line.split(":")[0] for line in overrides.splitlines()}
    entries, current = [], None
    for line in body.splitlines(keepends=True):  # an override is its key line and the indented lines below it
        if line.startswith("  ") and not line.startswith("    "):
            current = [line]
            entries.append(current)
        elif current is not None:
            current.append(line)
    kept = "".join("".join(e) for e in entries if e[0].split(":")[0] not in given)
    return head + "overrides:\n" + overrides + kept


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")
)


def fifo(folder: Path) -> Path:
    path = folder / "pipe.yml"
    os.mkfifo(path)
    return path


def read_only_folder(folder: Path) -> Path:
    """A folder no one can write into, root included (chattr +i), or skip where that cannot be made."""
    path = folder / "locked"
    path.mkdir()
    if os.geteuid() != 0:
        path.chmod(0o555)
    elif shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
        pytest.skip("cannot make a read-only folder here (root without chattr)")
    return path


def unlock(folder: Path) -> None:
    path = folder / "locked"
    if path.exists():
        if os.geteuid() == 0 and shutil.which("chattr"):
            subprocess.run(["chattr", "-i", str(path)], capture_output=True)
        path.chmod(0o755)


@dataclass
class Case:
    id: str
    args: list[str]  # {tmp} is the case's folder (also the working directory)
    culprit: list[str]  # every one of these must appear in the message
    files: dict[str, object] = field(default_factory=dict)  # name -> text, bytes, or fn(folder) -> Path


def out(*args: str) -> list[str]:
    return [*args, "--out", "{tmp}/out"]


CASES = [
    # numbers: NaN and infinity, wherever a number is read
    Case("set-nan", out("run", "sinks", "--set", "wood_density=nan"), ["wood_density", "nan", "finite"]),
    Case("set-inf", out("run", "sinks", "--set", "wood_density=inf"), ["wood_density", "inf", "finite"]),
    Case("set-minus-inf", out("run", "sinks", "--set", "carbon_fraction=-inf"), ["carbon_fraction", "finite"]),
    Case("set-overflow", out("run", "sinks", "--set", "wood_density=1e400"), ["wood_density", "finite"]),
    Case("set-list-inf", out("run", "overview", "--set", "levels=[0.8, 1e999]"), ["levels", "finite"]),
    Case("set-list-nan", out("run", "overview", "--set", "levels=0.8,nan"), ["levels", "0.8,nan"]),
    Case("set-int-nan", out("run", "synthesis", "--set", "draws=nan"), ["draws", "nan"]),
    Case("set-list-nested", out("run", "overview", "--set", "levels=" + "[" * 1500 + "0.5" + "]" * 1500), ["levels"]),
    Case("set-too-long", out("run", "overview", "--set", "levels=" + "0.5," * 3000 + "0.6"), ["levels", "characters"]),
    Case(
        "set-twice",
        out("run", "overview", "--set", "horizon_end=2030", "--set", "horizon_end=2040"),
        ["horizon_end", "twice"],
    ),
    # combinations, checked before the kernel starts
    Case("levels-uncalibrated", out("run", "overview", "--set", "levels=0.85"), ["levels", "0.85", "calibrated"]),
    Case(
        "levels-same-column",
        out("run", "overview", "--set", "method=ets", "--set", "levels=0.8,0.8000000001"),
        ["levels", "0.8000000001"],
    ),
    Case(
        "levels-same-column-synthesis",
        out("run", "synthesis", "--set", "levels=0.8,0.8000000001"),
        ["levels", "0.8000000001"],
    ),
    Case("levels-odd-column", out("run", "synthesis", "--set", "levels=0.0000001"), ["levels", "1e-07"]),
    Case("synthesis-horizon", out("run", "synthesis", "--set", "horizon_end=2020"), ["horizon_end", "2020"]),
    Case(
        "thresholds-order",
        out("run", "targets", "--set", "on_track_probability=0.1", "--set", "off_track_probability=0.5"),
        ["on_track_probability", "off_track_probability"],
    ),
    Case(
        "scenario-out-of-range",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["s.yml", "overrides.coal_ef", "outside its range"],
        {"s.yml": scenario_text(overrides="  coal_ef: {value: 2.0, source: s}\n")},
    ),
    Case("backtest-workers-zero", ["backtest", "--workers", "0", "--out", "{tmp}/out"], ["--workers"]),
    # scenario files: names are slugs, never paths
    Case(
        "name-dotdot",
        ["book", "--scenario", "s.yml"],
        ["s.yml", "'name'", "../chapters"],
        {"s.yml": scenario_text("../chapters")},
    ),
    Case(
        "name-absolute",
        ["book", "--scenario", "s.yml"],
        ["s.yml", "'name'", "/tmp/elsewhere"],
        {"s.yml": scenario_text("/tmp/elsewhere")},
    ),
    Case(
        "name-into-book",
        ["book", "--scenario", "s.yml"],
        ["s.yml", "'name'", "../book/x"],
        {"s.yml": scenario_text("../book/x")},
    ),
    Case(
        "name-baseline-compared-with-baseline",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["s.yml", "baseline"],
        {"s.yml": scenario_text("baseline")},
    ),
    Case(
        "bare-name-also-a-file",
        out("run", "energy", "--scenario", "baseline"),
        ["baseline", "./baseline"],
        {"baseline": scenario_text("mine")},
    ),
    # scenario files: hostile YAML and files that are not files
    Case(
        "alias-bomb",
        ["book", "--scenario", "bomb.yml", "--out", "{tmp}/out"],
        ["bomb.yml", "aliases"],
        {"bomb.yml": ALIAS_BOMB},
    ),
    Case(
        "anchor",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["s.yml", "anchors"],
        {"s.yml": scenario_text().replace("title:", "title: &t", 1)},
    ),
    Case(
        "merge-key",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["s.yml", "merge"],
        {"s.yml": scenario_text(overrides="  coal_ef: {<<: {value: 0.9, source: s}}\n")},
    ),
    Case("dev-zero", ["book", "--scenario", "/dev/zero", "--out", "{tmp}/out"], ["/dev/zero", "character device"]),
    Case("fifo", ["book", "--scenario", "pipe.yml", "--out", "{tmp}/out"], ["pipe.yml", "FIFO"], {"pipe.yml": fifo}),
    Case("folder", ["book", "--scenario", "{tmp}", "--out", "{tmp}/out"], ["folder"]),
    Case(
        "too-large",
        ["book", "--scenario", "big.yml", "--out", "{tmp}/out"],
        ["big.yml", "bytes"],
        {"big.yml": scenario_text() + "#" * 300_000 + "\n"},
    ),
    Case("missing", ["book", "--scenario", "nowhere.yml", "--out", "{tmp}/out"], ["nowhere.yml", "not found"]),
    Case(
        "not-utf8",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["s.yml", "UTF-8"],
        {"s.yml": scenario_text().encode("utf-8") + b"# \xff\xfe\n"},
    ),
    Case(
        "not-a-mapping",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["s.yml", "mapping"],
        {"s.yml": "- just\n- a list\n"},
    ),
    Case(
        "duplicate-top-key",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["s.yml", "'title'", "twice"],
        {"s.yml": scenario_text() + "title: again\n"},
    ),
    Case(
        "duplicate-override",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["s.yml", "'coal_ef'", "twice"],
        {"s.yml": scenario_text(overrides="  coal_ef: {value: 0.9, source: s}\n  coal_ef: {value: 0.85, source: s}\n")},
    ),
    Case(
        "yaml-nan",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["s.yml", ".nan", "finite"],
        {"s.yml": scenario_text(overrides="  coal_ef: {value: .nan, source: s}\n")},
    ),
    Case(
        "yaml-inf-value",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["s.yml", ".inf", "finite"],
        {"s.yml": scenario_text(overrides="  coal_ef: {value: .inf, source: s}\n")},
    ),
    Case(
        "yaml-inf-range",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["s.yml", ".inf", "finite"],
        {"s.yml": scenario_text(overrides="  coal_ef: {value: 0.85, low: 0.8, high: .inf, source: s}\n")},
    ),
    Case(
        "path-wrong-length",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["s.yml", "overrides.gdp_growth.value", "3 value"],
        {"s.yml": scenario_text(overrides="  gdp_growth: {value: [0.05, 0.04], source: s}\n")},
    ),
    Case(
        "huge-integer",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["s.yml", "overrides.coal_ef.value", "finite"],
        {"s.yml": scenario_text(overrides=f"  coal_ef: {{value: 1{'0' * 400}, source: s}}\n")},
    ),
    Case(
        "override-not-a-mapping",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["s.yml", "overrides.coal_ef"],
        {"s.yml": scenario_text(overrides="  coal_ef: [0.9]\n")},
    ),
    Case(
        "override-unknown",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["s.yml", "overrides.grid_ef", "not an assumption"],
        {"s.yml": scenario_text(overrides="  grid_ef: {value: 0.5, source: s}\n")},
    ),
    Case(
        "scenarios-in-a-scenario",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["s.yml", "scenarios", "not a scenario key"],
        {"s.yml": scenario_text() + "scenarios: plan\n"},
    ),
    Case(
        "extends-a-fifo",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["pipe.yml", "FIFO"],
        {"pipe.yml": fifo, "s.yml": scenario_text().replace("extends: baseline", "extends: pipe.yml", 1)},
    ),
    Case(
        "set-scenarios-bomb",
        out("run", "synthesis", "--set", "scenarios=baseline,bomb.yml"),
        ["bomb.yml", "aliases"],
        {"bomb.yml": ALIAS_BOMB},
    ),
    Case(
        "set-scenarios-fifo",
        out("run", "synthesis", "--set", "scenarios=baseline,pipe.yml"),
        ["pipe.yml", "FIFO"],
        {"pipe.yml": fifo},
    ),
    Case(
        "set-scenarios-same-name",
        out("run", "synthesis", "--set", "scenarios=baseline,s.yml"),
        ["s.yml", "baseline"],
        {"s.yml": scenario_text("baseline")},
    ),
    # where a run may write
    Case("run-into-book", ["run", "overview", "--out", str(locations.BOOK)], ["book/", "not written into book/"]),
    Case(
        "run-into-book-relative",
        ["run", "overview", "--out", "../../../../../../../../../../" + str(locations.BOOK)],
        ["book/"],
    ),
    Case("run-under-book", ["run", "overview", "--out", str(locations.BOOK / "x")], ["book/"]),
    Case("run-into-chapters", ["run", "overview", "--out", str(locations.CHAPTERS)], ["chapters/"]),
    Case("run-into-data", ["run", "overview", "--out", str(locations.PROCESSED)], ["data/"]),
    Case("run-into-scenarios", ["run", "overview", "--out", str(locations.SCENARIOS)], ["scenarios/"]),
    Case("run-into-package", ["run", "overview", "--out", str(locations.ROOT / "carbonpeak")], ["carbonpeak/"]),
    Case("run-into-project", ["run", "overview", "--out", str(locations.ROOT)], ["project folder"]),
    Case(
        "run-via-symlink",
        ["run", "overview", "--out", "link"],
        ["link", "book/"],
        {"link": lambda folder: (folder / "link").symlink_to(locations.BOOK)},
    ),
    Case("scenario-book-into-book", ["book", "--scenario", "plan", "--out", str(locations.BOOK)], ["book/"]),
    Case("scenario-book-under-book", ["book", "--scenario", "plan", "--out", str(locations.BOOK / "plan")], ["book/"]),
    Case("defaults-book-into-chapters", ["book", "--out", str(locations.CHAPTERS)], ["chapters/"]),
    Case("data-into-book", ["data", "--out", str(locations.BOOK)], ["book/"]),
    Case("backtest-into-chapters", ["backtest", "--out", str(locations.CHAPTERS)], ["chapters/"]),
    Case("out-is-a-file", ["run", "overview", "--out", "f.txt"], ["f.txt", "a file"], {"f.txt": "x"}),
    Case("out-under-a-file", ["run", "overview", "--out", "f.txt/sub"], ["f.txt", "a file"], {"f.txt": "x"}),
    Case("out-dev-null", ["run", "overview", "--out", "/dev/null"], ["/dev/null", "not a folder"]),
    Case("out-read-only", ["run", "overview", "--out", "locked/sub"], ["locked", "writ"], {"locked": read_only_folder}),
    Case("scenario-with-chapters", ["book", "overview", "--scenario", "plan", "--out", "{tmp}/out"], ["scenario"]),
    Case("book-unknown-chapter", ["book", "overveiw", "--out", "{tmp}/out"], ["overveiw"]),
]


def run_main(args: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(args)
    return code, err.getvalue()


@pytest.fixture(scope="module")
def digests_before():
    return protected_digests()


def check_refusal(code: int, message: str, culprit: list[str]) -> None:
    assert code == 2, message
    assert "Traceback" not in message
    lines = message.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("carbonpeak: error: "), message
    for part in culprit:
        assert part in lines[0], f"{part!r} not named in: {lines[0]}"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input_is_refused(case, tmp_path, monkeypatch, digests_before):
    for name, content in case.files.items():
        if callable(content):
            content(tmp_path)
        elif isinstance(content, bytes):
            (tmp_path / name).write_bytes(content)
        else:
            (tmp_path / name).write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runs_before = sorted((locations.ROOT / "runs").rglob("*")) if (locations.ROOT / "runs").exists() else []
    try:
        code, message = run_main([a.replace("{tmp}", str(tmp_path)) for a in case.args])
    finally:
        unlock(tmp_path)
    check_refusal(code, message, case.culprit)
    assert not (tmp_path / "out").exists()
    assert protected_digests() == digests_before
    assert (sorted((locations.ROOT / "runs").rglob("*")) if (locations.ROOT / "runs").exists() else []) == runs_before


# Cases that damage the data: run in a copy of the project --------------------------------------------------

CITY = Path("data/processed/city_co2.csv")
CEADS = Path("data/raw/ceads_city/ceads_290_cities_co2_1997_2019.xlsx")
CMCC = Path("data/raw/cmcc/cmcc_huo2022_annual_totals_shenzhen_guangzhou_dongguan_2020_2021.csv")
OFFICIAL = Path("data/raw/official_points/shenzhen_quoted_official_figures.csv")
ENERGY_INSTITUTE = Path("data/raw/energy_institute/energy_institute_statistical_review_2023_all_data.xlsx")


def drop_lines(path: Path, first: int, count: int) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:first] + lines[first + count :]), encoding="utf-8")


def update_sidecar_md5(path: Path) -> None:
    from carbonpeak.data.provenance import md5sum

    side = path.with_name(path.name + ".meta.yml")
    meta = yaml.safe_load(side.read_text(encoding="utf-8"))
    meta["md5"] = md5sum(path)
    side.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")


def corrupt_with_sidecar(root: Path, rel: Path) -> None:
    """A truncated raw file whose sidecar was updated to match (so only reading it can tell)."""
    path = root / rel
    path.write_bytes(path.read_bytes()[:5000])
    update_sidecar_md5(path)


def edit_raw_with_sidecar(root: Path, rel: Path) -> None:
    """A raw file changed (and its sidecar with it) without rebuilding the tables: they are now stale."""
    path = root / rel
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    update_sidecar_md5(path)


@dataclass
class DataCase:
    id: str
    damage: Callable[[Path], None]
    args: list[str]
    culprit: list[str]


DATA_CASES = [
    DataCase(
        "processed-rows-deleted",
        lambda r: drop_lines(r / CITY, 100, 2),
        ["run", "overview"],
        ["city_co2.csv", "3927 rows", "3929", "carbonpeak data"],
    ),
    DataCase(
        "processed-empty",
        lambda r: (r / "data/processed/shenzhen_economy.csv").write_bytes(b""),
        ["run", "overview"],
        ["shenzhen_economy.csv", "carbonpeak data"],
    ),
    DataCase(
        "processed-sidecar-missing",
        lambda r: (r / "data/processed/shenzhen_points.csv.meta.yml").unlink(),
        ["run", "energy"],
        ["shenzhen_points.csv", "sidecar", "carbonpeak data"],
    ),
    DataCase(
        "processed-stale",
        lambda r: edit_raw_with_sidecar(r, OFFICIAL),
        ["run", "energy"],
        ["shenzhen_quoted_official_figures.csv", "stale", "carbonpeak data"],
    ),
    DataCase(
        "backtest-table-edited",
        lambda r: drop_lines(r / "data/processed/backtest_calibration.csv", 1, 1),
        ["run", "overview"],
        ["backtest_calibration.csv", "carbonpeak backtest"],
    ),
    DataCase("raw-missing", lambda r: (r / CMCC).unlink(), ["data"], [CMCC.name, "missing", "git checkout"]),
    DataCase(
        "raw-corrupt",
        lambda r: (r / CEADS).write_bytes((r / CEADS).read_bytes()[:5000]),
        ["data"],
        [CEADS.name, "md5", "git checkout"],
    ),
    DataCase(
        "raw-corrupt-sidecar-updated", lambda r: corrupt_with_sidecar(r, CEADS), ["data"], [CEADS.name, "cannot read"]
    ),
    # the last table's raw file fails to read: no table is written, not even the damaged first one
    # (which the build would otherwise have rewritten before reaching the last)
    DataCase(
        "data-all-or-nothing",
        lambda r: (drop_lines(r / CITY, 100, 2), corrupt_with_sidecar(r, ENERGY_INSTITUTE)),
        ["data"],
        [ENERGY_INSTITUTE.name, "cannot read"],
    ),
    DataCase(
        "assumptions-broken-yaml",
        lambda r: (r / "data/assumptions.yml").write_text("gdp_growth: [\n"),
        ["list"],
        ["assumptions.yml", "line 2"],
    ),
    DataCase(
        "assumptions-not-a-mapping",
        lambda r: (r / "data/assumptions.yml").write_text("gdp_growth: 5\n"),
        ["list"],
        ["assumptions.yml", "gdp_growth"],
    ),
    DataCase(
        "assumptions-nan",
        lambda r: (r / "data/assumptions.yml").write_text(
            (r / "data/assumptions.yml").read_text(encoding="utf-8").replace("default: 0.85", "default: .nan", 1)
        ),
        ["run", "energy"],
        ["assumptions.yml", ".nan"],
    ),
]


@pytest.mark.parametrize("case", DATA_CASES, ids=[c.id for c in DATA_CASES])
def test_damaged_data_is_refused(case, tmp_path, digests_before):
    root, env = copy_project(tmp_path / "copy")
    case.damage(root)
    before = protected_digests(root)
    result = run_copy(
        root, env, *case.args, *(["--out", str(tmp_path / "out")] if case.args[0] == "run" else []), timeout=300
    )
    check_refusal(result.returncode, result.stderr, case.culprit)
    assert protected_digests(root) == before  # in particular `carbonpeak data` wrote no table
    assert not (tmp_path / "out").exists()
    assert not [p for p in root.rglob(".*") if ".staging-" in p.name]
    assert protected_digests() == digests_before


def test_workers_are_capped_at_the_core_count(capsys):
    cores = os.cpu_count() or 1
    assert commands.workers(1) == 1
    assert commands.workers(cores) == cores
    assert commands.workers(200) == cores
    assert f"capped at the {cores} core(s)" in capsys.readouterr().err
