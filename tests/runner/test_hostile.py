"""Bad and hostile input, table-driven: every case is refused before anything runs, with exit status 2 and one
line that names the culprit, no traceback, nothing written where it should not be, and book/, chapters/,
data/, scenarios/ and the package unchanged (md5 over every file).

Cases that only read their input run the CLI in this process (``cli.main``; fast); cases that must damage
the data run the CLI of a temporary copy of the project in a subprocess. Failures while a chapter runs
(a dead kernel, a full disk, a hang-up) and what publishing must leave alone are in test_publishing.py.
"""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from support import copy_project, protected_digests, run_copy

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


# Helpers of the third round: folders held or mounted while a case runs, undone afterwards ---------------------

HELD: list[int] = []  # descriptors whose locks a case holds while the command runs


def hold_lock(path: Path, mode: int = fcntl.LOCK_EX) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, mode)
    HELD.append(fd)


def release_locks() -> None:
    while HELD:
        os.close(HELD.pop())


def locked_out(folder: Path) -> Path:
    """An output folder another carbonpeak run is writing (its lock is held)."""
    out = folder / "busy"
    out.mkdir()
    (out / ".carbonpeak-output").write_text("x", encoding="utf-8")
    hold_lock(out)
    return out


def mounts_under(folder: Path) -> list[str]:
    with open("/proc/mounts", encoding="utf-8") as fh:
        points = [line.split()[1] for line in fh]
    return [p for p in points if p.startswith(str(folder))]


def bind_mount(source: Path, name: str = "mnt") -> Callable[[Path], Path]:
    """A bind mount of ``source`` at ``<case folder>/name`` (the same folder under another path), or skip."""

    def make(folder: Path) -> Path:
        point = folder / name
        point.mkdir()
        if (
            os.geteuid() != 0
            or subprocess.run(["mount", "--bind", str(source), str(point)], capture_output=True).returncode
        ):
            pytest.skip("cannot bind-mount here (needs root and mount rights)")
        return point

    return make


def unmount(folder: Path) -> None:
    for point in reversed(mounts_under(folder)):
        subprocess.run(["umount", "-l", point], capture_output=True)


def link_to(target: str, name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        (folder / name).symlink_to(target)
        return folder / name

    return make


def with_text(text: str, name: str) -> Callable[[Path], Path]:
    """A file whose name holds characters a plain ``files`` key could not (e.g. a backtick or ESC)."""

    def make(folder: Path) -> Path:
        (folder / name).write_text(text, encoding="utf-8")
        return folder / name

    return make


OVERFLOW = (  # growth of 10^30 a year at the top of the range: finite numbers that overflow once compounded
    "  gdp_growth: {value: [0.055, 0.045, 0.04], low: [0.03, 0.02, 0.02], high: [1.0e+30, 1.0e+30, 1.0e+30], "
    "source: s}\n"
)
IMG = "a`<img src=x onerror=alert(1)>`.yml"
JINJA = "x{{ lipsum.__globals__['os'].popen('touch PWNED').read() }}.yml"


@dataclass
class Case:
    id: str
    args: list[str]  # {tmp} is the case's folder (also the working directory)
    culprit: list[str]  # every one of these must appear in the message
    files: dict[str, object] = field(default_factory=dict)  # name -> text, bytes, or fn(folder) -> Path
    gone_cwd: bool = False  # run in a working folder that was deleted


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
    # dask schedulers: refused before any chapter, cluster or folder is opened
    Case("scheduler-malformed", out("run", "overview", "--scheduler", "not an address"), ["'not an address'"]),
    Case("scheduler-scheme", ["book", "overview", "--scheduler", "http://127.0.0.1:8786"], ["'http://127.0.0.1:8786'"]),
    Case("scheduler-no-port", out("backtest", "--scheduler", "tcp://127.0.0.1"), ["'tcp://127.0.0.1'"]),
    Case(
        "scheduler-nothing-listens",
        out("backtest", "--scheduler", "tcp://127.0.0.1:1"),
        ["'tcp://127.0.0.1:1'", "dask scheduler", "--scheduler"],
    ),
    Case(
        "scheduler-and-workers",
        out("backtest", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"),
        ["--workers", "--scheduler", "'tcp://127.0.0.1:1'"],
    ),
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

# Third round ------------------------------------------------------------------------------------------------
ROUND_3 = [
    # no markup from users: a scenario path that means something to MyST or HTML never reaches a page
    Case(
        "markup-img-run-scenario",
        out("run", "energy", "--scenario", IMG),
        ["a`<img", "markup"],
        {IMG: with_text(PLAN, IMG)},
    ),
    Case(
        "markup-jinja-book-scenario",
        ["book", "--scenario", JINJA, "--out", "{tmp}/out"],
        ["lipsum", "'{'", "markup"],
        {JINJA: with_text(scenario_text("jinja"), JINJA)},
    ),
    Case(
        "markup-img-set-scenarios",
        out("run", "synthesis", "--set", f"scenarios=baseline,{IMG}"),
        ["a`<img", "markup"],
        {IMG: with_text(scenario_text("img"), IMG)},
    ),
    Case(
        "markup-link-name",
        out("run", "energy", "--scenario", "[x](javascript:alert(1)).yml"),
        ["javascript", "markup"],
        {"[x](javascript:alert(1)).yml": scenario_text("link")},
    ),
    Case(
        "markup-extends",
        out("run", "energy", "--scenario", "s.yml"),
        ["<b>.yml", "markup"],
        {
            "<b>.yml": scenario_text("bold"),
            "s.yml": scenario_text().replace("extends: baseline", "extends: <b>.yml", 1),
        },
    ),
    Case(
        "markup-bidi-override",
        out("run", "energy", "--scenario", "\u202eLMY.yml"),
        ["\\u202e", "markup"],
        {"\u202eLMY.yml": scenario_text("bidi")},
    ),
    # scenario paths read scenario files only
    Case("scenario-not-yaml", out("run", "energy", "--scenario", "/etc/passwd"), ["/etc/passwd", ".yml"]),
    Case(
        "scenario-link-to-etc",
        out("run", "energy", "--scenario", "s.yml"),
        ["s.yml", "passwd", ".yml"],
        {"s.yml": link_to("/etc/passwd", "s.yml")},
    ),
    Case(
        "extends-a-path",
        out("run", "energy", "--scenario", "s.yml"),
        ["s.yml", "'extends'", "not a path"],
        {"s.yml": scenario_text().replace("extends: baseline", "extends: ../../../etc/passwd", 1)},
    ),
    Case(
        "error-echoes-no-long-line",
        out("run", "energy", "--scenario", "s.yml"),
        ["s.yml", "not a scenario key", "..."],
        {"s.yml": scenario_text() + "root" + "x" * 200 + ": 1\n"},
    ),
    # control characters are shown escaped, never printed raw
    Case(
        "escape-in-yaml-key",
        out("run", "energy", "--scenario", "s.yml"),
        ["s.yml", "\\x1b[2J", "not a scenario key"],
        {"s.yml": scenario_text() + '"\\e[2Jfake": 1\n'},
    ),
    Case(
        "escape-in-file-name",
        out("run", "energy", "--scenario", "\x1b[2Jx.yml"),
        ["\\x1b[2Jx.yml", "markup"],
    ),
    # YAML the parser itself rejects: one line naming file and line, no traceback
    Case(
        "yaml-control-char",
        out("run", "energy", "--scenario", "s.yml"),
        ["s.yml", "line 2", "#x0007"],
        {"s.yml": "name: a\ntitle: b\x07\n"},
    ),
    Case(
        "yaml-nul-byte", out("run", "energy", "--scenario", "s.yml"), ["s.yml", "#x0000"], {"s.yml": b"name: a\x00\n"}
    ),
    Case(
        "yaml-bad-hex-int",
        out("run", "energy", "--scenario", "s.yml"),
        ["s.yml", "line", "'0x_'"],
        {"s.yml": scenario_text(overrides="  coal_ef: {value: 0x_, source: s}\n")},
    ),
    Case(
        "yaml-bad-date",
        out("run", "energy", "--scenario", "s.yml"),
        ["s.yml", "'2023-13-45'", "month"],
        {"s.yml": "name: 2023-13-45\n"},
    ),
    Case("yaml-bad-binary", out("run", "energy", "--scenario", "s.yml"), ["s.yml", "'0b_'"], {"s.yml": "name: 0b_\n"}),
    Case(
        "yaml-python-tag",
        out("run", "energy", "--scenario", "s.yml"),
        ["s.yml", "line 1"],
        {"s.yml": "name: !!python/name:os.system\n"},
    ),
    Case(
        "yaml-tab-indent", out("run", "energy", "--scenario", "s.yml"), ["s.yml", "line 2"], {"s.yml": "a:\n\tb: 1\n"}
    ),
    # the command line itself: one line, exit 2
    Case("argparse-unknown-option", ["run", "overview", "--bogus"], ["--bogus", "--help"]),
    Case("argparse-bad-int", ["backtest", "--workers", "two"], ["--workers", "'two'"]),
    Case("argparse-unknown-command", ["frobnicate"], ["frobnicate"]),
    Case("argparse-no-command", [], ["required"]),
    Case("cwd-deleted", ["run", "overview", "--out", "x"], ["current folder", "no longer exists"], gone_cwd=True),
    # `run model --scenario X` shows X or refuses: a chapter that examines one scenario takes only one
    Case("model-two-scenarios", out("run", "model", "--set", "scenarios=baseline,plan"), ["model", "one scenario"]),
    Case(
        "scenario-and-set-scenarios",
        out("run", "energy", "--scenario", "plan", "--set", "scenarios=baseline"),
        ["--scenario", "scenarios"],
    ),
    # bounded runs: refused with the estimate and the parameter to lower
    Case(
        "budget-draws-horizon",
        out("run", "synthesis", "--set", "draws=100000", "--set", "horizon_end=2060"),
        ["synthesis", "GB of memory", "budget", "lower draws"],
    ),
    Case(
        "budget-sobol",
        out("run", "synthesis", "--set", "sobol_base=8192", "--set", "horizon_end=2060"),
        ["synthesis", "Sobol", "lower sobol_base"],
    ),
    Case(
        "budget-energy-draws",
        out(
            "run",
            "energy",
            "--set",
            "draws=100000",
            "--set",
            "horizon_end=2060",
            "--set",
            "scenarios=baseline,plan,accelerated",
        ),
        ["energy", "memory", "lower draws"],
    ),
    Case(
        "too-many-scenarios",
        out("run", "synthesis", "--set", "scenarios=" + ",".join(f"s{i}.yml" for i in range(7))),
        ["scenarios", "7", "at most 6"],
    ),
    Case(
        "too-many-levels",
        out(
            "run", "overview", "--set", "method=ets", "--set", "levels=" + ",".join(f"0.{i:02d}" for i in range(1, 400))
        ),
        ["levels", "399", "at most 6"],
    ),
    Case(
        "seven-levels", out("run", "synthesis", "--set", "levels=0.1,0.2,0.3,0.4,0.5,0.6,0.7"), ["levels", "at most 6"]
    ),
    Case(
        "overflow-range-book",
        ["book", "--scenario", "s.yml", "--out", "{tmp}/out"],
        ["s.yml", "overrides.gdp_growth", "overflow"],
        {"s.yml": scenario_text(overrides=OVERFLOW)},
    ),
    Case(
        "overflow-range-set-scenarios",
        out("run", "synthesis", "--set", "scenarios=baseline,s.yml"),
        ["s.yml", "overrides.gdp_growth", "overflow"],
        {"s.yml": scenario_text(overrides=OVERFLOW)},
    ),
    Case(
        "overflow-in-extended-file",
        out("run", "energy", "--scenario", "s.yml"),
        ["p.yml", "overrides.gdp_growth", "overflow"],
        {
            "p.yml": scenario_text("parent", overrides=OVERFLOW),
            "s.yml": scenario_text().replace("extends: baseline", "extends: p.yml", 1),
        },
    ),
    # where a run may write: compared by identity, ancestors of the project, foreign and odd folders, locks
    Case("out-project-parent", ["run", "overview", "--out", str(locations.ROOT.parent)], ["contains it"]),
    Case("out-filesystem-root", ["run", "overview", "--out", "/"], ["/", "contains it"]),
    Case(
        "book-into-project-parent", ["book", "--scenario", "plan", "--out", str(locations.ROOT.parent)], ["contains it"]
    ),
    Case(
        "out-bind-mount-of-book",
        ["run", "overview", "--out", "mnt"],
        ["mnt", "book/"],
        {"mnt": bind_mount(locations.BOOK)},
    ),
    Case(
        "out-bind-mount-of-processed",
        ["run", "overview", "--out", "mnt"],
        ["mnt", "data/"],
        {"mnt": bind_mount(locations.PROCESSED)},
    ),
    Case(
        "out-under-bind-mount-of-chapters",
        ["book", "--scenario", "plan", "--out", "mnt/plan"],
        ["mnt/plan", "chapters/"],
        {"mnt": bind_mount(locations.CHAPTERS)},
    ),
    Case(
        "out-link-to-package",
        ["export", "--out", "pkg"],
        ["pkg", "carbonpeak/"],
        {"pkg": link_to(str(locations.ROOT / "carbonpeak"), "pkg")},
    ),
    Case(
        "out-foreign-folder",
        ["run", "overview", "--out", "mine"],
        ["mine", "notes.txt", "--force"],
        {"mine": lambda folder: (folder / "mine").mkdir(), "mine/notes.txt": "my notes"},
    ),
    Case(
        "out-home-folder",
        ["book", "--scenario", "plan", "--out", "~"],
        ["~", "did not write", "--force"],
        {".bashrc": "x"},
    ),
    Case("out-empty", ["run", "overview", "--out", ""], ["--out", "empty"]),
    Case("out-blank", ["run", "overview", "--out", "   "], ["--out", "empty"]),
    Case("out-trailing-space", ["run", "overview", "--out", "out "], ["'out '", "space"]),
    Case("out-control-char", ["run", "overview", "--out", "o\x1b[2Jut"], ["o\\x1b[2Jut", "control character"]),
    Case(
        "out-locked-by-another-run",
        ["book", "--scenario", "plan", "--out", "busy"],
        ["busy", "in use by another carbonpeak run"],
        {"busy": locked_out},
    ),
    Case(
        "data-being-rebuilt",
        out("run", "overview"),
        ["data/processed/", "being rebuilt"],
        {"lock": lambda folder: hold_lock(locations.PROCESSED)},
    ),
]
CASES += ROUND_3


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
    if case.gone_cwd:
        (tmp_path / "gone").mkdir()
        monkeypatch.chdir(tmp_path / "gone")
        (tmp_path / "gone").rmdir()
    monkeypatch.setenv("HOME", str(tmp_path))  # `~` is a folder of other files
    runs_before = sorted((locations.ROOT / "runs").rglob("*")) if (locations.ROOT / "runs").exists() else []
    try:
        code, message = run_main([a.replace("{tmp}", str(tmp_path)) for a in case.args])
    finally:
        unlock(tmp_path)
        release_locks()
        unmount(tmp_path)
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


def replace_once(path: Path, old: str, new: str) -> None:
    """Edit a file in place: the first ``old`` becomes ``new``; an edit that finds nothing to change fails, so a
    case cannot pass by damaging nothing."""
    text = path.read_text(encoding="utf-8")
    edited = text.replace(old, new, 1)
    assert edited != text, f"{path.name}: {old!r} not found"
    path.write_text(edited, encoding="utf-8")


def append(path: Path, lines: str) -> None:
    """Add ``lines`` at the end of a file."""
    assert lines
    path.write_text(path.read_text(encoding="utf-8") + lines, encoding="utf-8")


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
    # third round: every file a chapter reads is checked against its sidecar before the kernel starts
    DataCase(
        "targets-status-edited",
        lambda r: replace_once(r / "data/targets.csv", ",<=,-14.5,% change,2025,", ",<=,-1.5,% change,2025,"),
        ["run", "targets"],
        ["data/targets.csv", "does not match its sidecar", "git checkout"],
    ),
    DataCase(
        "published-estimates-edited",
        lambda r: drop_lines(r / "data/published_estimates.csv", 2, 1),
        ["run", "synthesis"],
        ["data/published_estimates.csv", "sidecar"],
    ),
    DataCase(
        "assumptions-default-edited",
        lambda r: replace_once(r / "data/assumptions.yml", "default: 0.3", "default: 0.31"),
        ["run", "energy"],
        ["data/assumptions.yml", "does not match its sidecar", "assumptions.yml.meta.yml"],
    ),
    DataCase(
        "assumptions-sidecar-missing",
        lambda r: (r / "data/assumptions.yml.meta.yml").unlink(),
        ["run", "sinks"],
        ["data/assumptions.yml", "sidecar", "missing"],
    ),
    DataCase(
        "raw-read-by-a-page-edited",
        lambda r: append(r / "data/raw/literature/published_figures.csv", "x,1\n"),
        ["run", "model"],
        ["published_figures.csv", "does not match its sidecar"],
    ),
    DataCase(
        "assumptions-nan",
        lambda r: replace_once(r / "data/assumptions.yml", "default: 0.85", "default: .nan"),
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
