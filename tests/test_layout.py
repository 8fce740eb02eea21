"""The package's shape: layers as folders, no import cycles, lint-clean code, one home for every chapter
parameter's default and help, and one chapter shape."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from graphlib import CycleError, TopologicalSorter

import pytest

from carbonpeak import locations
from carbonpeak.inputs import params
from carbonpeak.runner import render

PACKAGE = locations.ROOT / "carbonpeak"
LAYERS = ("data", "analysis", "inputs", "model", "targets", "pages", "charts", "runner")
# Which layer may import which: a lower layer never imports a higher one (the foundation modules at the
# top of the package - constants, errors, locations, files, formats, cache, parallel - may be imported by all).
# The target registry (carbonpeak.targets itself) reads data/targets.csv and sits with the data; scoring the
# targets (targets.trends, targets.scorers) sits above the model. Scenario files are checked against the
# model's assumptions, so inputs and model share a level.
RANK = {
    "data": 1,
    "charts": 1,
    "registry": 1,
    "analysis": 2,
    "inputs": 3,
    "model": 3,
    "targets": 4,
    "pages": 5,
    "runner": 6,
}


def modules() -> dict[str, object]:
    """Every module of the package: dotted name -> file."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(locations.ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def imports_of(name: str, path) -> set[str]:
    """The package modules ``name`` imports, at module level or inside a function."""
    known = modules()
    found = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = {  # imports under `if TYPE_CHECKING:` are for annotations and never run
        id(n)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
        for n in ast.walk(block)
    }
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found |= {module} | {f"{module}.{a.name}" for a in node.names}
    return {m for m in found if m in known and m != name}


def graph() -> dict[str, set[str]]:
    return {name: imports_of(name, path) for name, path in modules().items()}


def layer(name: str) -> str | None:
    if name == "carbonpeak.targets":
        return "registry"
    parts = name.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def test_every_layer_is_a_folder_and_nothing_else_sits_at_the_top():
    top = {p.stem for p in PACKAGE.glob("*.py")}
    # foundation modules every layer may import: names and years, errors, paths, safe files, number formats,
    # the run cache, where the heavy sweeps run
    assert top == {"__init__", "constants", "errors", "locations", "files", "formats", "cache", "parallel"}
    assert all((PACKAGE / name / "__init__.py").is_file() for name in LAYERS)


def test_no_import_cycles():
    try:
        tuple(TopologicalSorter(graph()).static_order())
    except CycleError as exc:
        pytest.fail(f"import cycle: {' -> '.join(exc.args[1])}")


def test_a_cycle_is_caught():
    # the check above can fail: the same sorter on a graph with a loop raises
    with pytest.raises(CycleError):
        tuple(TopologicalSorter({"a": {"b"}, "b": {"a"}}).static_order())


def upward_imports() -> set[str]:
    out = set()
    for name, targets in graph().items():
        for target in targets:
            here, there = layer(name), layer(target)
            if here and there and RANK[there] > RANK[here]:
                out.add(f"{name.removeprefix('carbonpeak.')} -> {target.removeprefix('carbonpeak.')}")
    return out


def test_no_layer_imports_a_higher_one():
    assert upward_imports() == set(), f"imports up a layer: {sorted(upward_imports())}"


def test_every_module_imports_in_a_fresh_interpreter():
    names = sorted(modules())
    code = "import importlib, sys\nfor n in sys.argv[1:]:\n    importlib.import_module(n)\n"
    result = subprocess.run([sys.executable, "-c", code, *names], capture_output=True, text=True, cwd=locations.ROOT)
    assert result.returncode == 0, result.stderr[-2000:]


def test_ruff_lint_and_format_are_clean():
    for args in (["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args], capture_output=True, text=True, cwd=locations.ROOT
        )
        assert result.returncode == 0, f"ruff {args[0]}: {result.stdout[-3000:]}{result.stderr[-1000:]}"


# Compute below, present above -----------------------------------------------------------------------------

COMPUTING = ("data", "analysis", "inputs", "model", "targets")
# what draws a chart or writes a page: the charting and display libraries, and the presentation layers
PRESENTING = ("altair", "vl_convert", "IPython", "carbonpeak.charts", "carbonpeak.pages", "carbonpeak.runner")
# functions that build a page's text or a figure are named for it
PAGE_TEXT = re.compile(r"_(markdown|figure|alt_text)$")


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom):
        module = ("carbonpeak." if node.level else "") + (node.module or "")
        return [module] + [f"{module}.{a.name}" for a in node.names]
    return []


def presentation_below_pages(package) -> list[str]:
    """Every place in the computing layers of ``package`` that imports a charting or display library or a
    presentation layer, or defines a function that builds page text or a figure."""
    found = []
    for folder in COMPUTING:
        for path in sorted((package / folder).rglob("*.py")):
            where = path.relative_to(package).as_posix()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                hits = [n for n in _imported(node) if any(n == p or n.startswith(p + ".") for p in PRESENTING)]
                if hits:
                    found.append(f"{where}:{node.lineno} imports {hits[0]}")
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and PAGE_TEXT.search(node.name):
                    found.append(f"{where}:{node.lineno} defines {node.name}")
    return found


def test_nothing_below_pages_draws_a_chart_or_writes_page_text():
    assert presentation_below_pages(PACKAGE) == []


@pytest.mark.parametrize(
    "planted, expected",
    [
        ("import altair as alt\n", "model/core.py:1 imports altair"),
        ("from IPython.display import Markdown\n", "model/core.py:1 imports IPython.display"),
        ("from carbonpeak import charts\n", "model/core.py:1 imports carbonpeak.charts"),
        ("def verdict_markdown():\n    return ''\n", "model/core.py:1 defines verdict_markdown"),
    ],
)
def test_the_rule_catches_a_planted_violation(tmp_path, planted, expected):
    copy = tmp_path / "carbonpeak"
    for folder in COMPUTING:
        shutil.copytree(PACKAGE / folder, copy / folder)
    core = copy / "model" / "core.py"
    core.write_text(planted + core.read_text(encoding="utf-8"), encoding="utf-8")
    assert presentation_below_pages(copy) == [expected]


# One home for every parameter's default and help ----------------------------------------------------------

PARAMETER_LINE = re.compile(r"(?P<name>\w+): (?P<type>\w+) = (?P<default>.+?)  # (?P<help>.+)")


def parameter_lines(chapter: str) -> list[str]:
    nb = json.loads(render.template(chapter).read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    source = "".join(cells[0]["source"]) if cells else ""  # the sources appendix takes no parameters
    return [line for line in source.splitlines() if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize("chapter", render.chapters())
def test_template_parameters_state_the_registry_default_and_help(chapter):
    for line in parameter_lines(chapter):
        m = PARAMETER_LINE.fullmatch(line)
        assert m, f"{chapter}: '{line}' is not 'name: type = default  # help'"
        name = m["name"]
        assert name in params.SPECS, f"{chapter}: '{name}' has no entry in the parameter registry"
        assert m["help"] == params.SPECS[name].help, f"{chapter}: the help of '{name}' differs from the registry's"
        assert ast.literal_eval(m["default"]) == params.default(name, chapter), (
            f"{chapter}: the default of '{name}' differs from the registry's ({params.default(name, chapter)!r})"
        )
        assert line == params.template_line(name, chapter), f"{chapter}: write '{params.template_line(name, chapter)}'"


def test_a_changed_help_text_is_caught():
    line = params.template_line("horizon_end", "overview")
    m = PARAMETER_LINE.fullmatch(line.replace("last projected year", "final year"))
    assert m["help"] != params.SPECS["horizon_end"].help


# One chapter shape -------------------------------------------------------------------------------------------

SHAPE = ("Key findings", "The question", "Data and sources", "Method", "Results", "Targets", "Caveats", "What next")
# Pages with a shape of their own, and why: the reader pages answer first and link to the chapters; the
# explorer is a tool; the sources appendix is a catalogue; the edition notes compare editions; the landing
# page opens with the answer and the ways in.
OWN_SHAPE = {"index", "answer", "edition", "explorer", "sources"}


def headings(chapter: str) -> list[str]:
    nb = json.loads(render.template(chapter).read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            out += [line[3:].strip() for line in "".join(cell["source"]).splitlines() if line.startswith("## ")]
    return out


def in_order(found: list[str], shape=SHAPE) -> list[str]:
    """The sections of ``shape`` missing from ``found`` or out of order (a section may carry a subtitle)."""
    missing, at = [], 0
    for section in shape:
        hit = next((i for i in range(at, len(found)) if found[i].startswith(section)), None)
        if hit is None:
            missing.append(section)
        else:
            at = hit + 1
    return missing


# a Chinese twin (zh/<chapter>) has its English template's shape (tests/pages/test_editions.py)
@pytest.mark.parametrize("chapter", [c for c in render.chapters() if c not in OWN_SHAPE and "/" not in c])
def test_every_chapter_has_the_report_shape(chapter):
    found = headings(chapter)
    assert found[0] == "Key findings", f"{chapter} opens with '{found[0]}'"
    assert not in_order(found), f"{chapter}: sections missing or out of order: {in_order(found)}"


def test_the_shape_check_catches_a_swapped_section():
    assert in_order(
        ["Key findings", "The question", "Method", "Data and sources", "Results", "Targets", "Caveats", "What next"]
    ) == ["Method"]


# what the chapters' packages share: cells and charts of every page, findings, tables, the catalogue
SHARED_PAGE_MODULES = {"common", "findings", "tables", "messages", "zh"}


def test_every_chapter_presents_from_a_package_of_its_own():
    pages = PACKAGE / "pages"
    chapters = {c for c in render.chapters() if "/" not in c and c != "index"}  # the landing page shows the answer's
    packages = {p.name for p in pages.iterdir() if (p / "__init__.py").is_file()}
    modules = {p.stem for p in pages.glob("*.py")} - {"__init__"}
    assert chapters <= packages, f"chapters without a package in carbonpeak/pages: {sorted(chapters - packages)}"
    assert modules | (packages - chapters) <= SHARED_PAGE_MODULES, (
        f"neither a chapter's package nor shared: {sorted((modules | packages - chapters) - SHARED_PAGE_MODULES)}"
    )
