"""Render chapter templates into executed notebooks with papermill, safely and reproducibly.

- Everything is checked before any kernel starts (exit 2 from the CLI): parameter names against the
  template (``papermill.inspect_notebook``; papermill itself only warns on an unknown name and runs the
  defaults), types, ranges and combinations against ``carbonpeak.inputs.params``, the processed tables against
  their sidecars (``carbonpeak.data.verify_all``), and the output folder (``carbonpeak.files.output_folder``,
  the one function that decides where a run may write: book/ only for ``carbonpeak book`` without a scenario).
- One chapter is written to a temporary file beside its target and moved into place only when the whole
  notebook ran. A book (every chapter, or several) is rendered into a staging copy of its folder that
  replaces the folder only when every chapter succeeded (``carbonpeak.files.staged``), so a failed or
  interrupted run never leaves a half-written page or a mix of new and old pages behind.
- papermill's timings and paths are stripped and the injected-parameters cell gets a fixed id, so the
  same inputs give byte-identical notebooks.
"""

from __future__ import annotations

import ast
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

import nbformat

from carbonpeak import files, locations
from carbonpeak.data import verify_all
from carbonpeak.errors import ExecutionError, ParameterError
from carbonpeak.inputs import params
from carbonpeak.inputs.scenarios import is_shipped, reference
from carbonpeak.runner import receipt

__all__ = [
    "ExecutionError",
    "chapters",
    "template",
    "template_parameters",
    "parse_assignments",
    "check_parameters",
    "scenario_parameters",
    "render",
    "render_all",
]

INJECTED_CELL_ID = "injected-parameters"
RECEIPT_CELL_ID = "execution-receipt"
# The kernel would warn "running over TCP without encryption" at every start: it talks to this process on
# localhost only, so the warning is noise; errors are still reported.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR"]
TMP_INFIX = ".tmp."  # temporary pages are .<chapter>.tmp.<random>.ipynb (git and pytest ignore them)
TIMES: dict[str, float] = {}  # seconds per chapter in this process, for the summary a book run prints


def chapters() -> dict[str, Path]:
    """Chapter name -> template path, for every template in chapters/."""
    return {p.stem: p for p in sorted(locations.CHAPTERS.glob("*.ipynb"))}


def template(chapter: str) -> Path:
    """The template of ``chapter``; a ParameterError lists the chapters if it is unknown."""
    known = chapters()
    if chapter not in known:
        raise ParameterError(f"unknown chapter '{chapter}'; chapters: {', '.join(known) or '(none)'}")
    return known[chapter]


def template_parameters(chapter: str) -> dict[str, dict]:
    """The parameters a template declares: name -> {inferred_type_name, default, help}."""
    import papermill

    return papermill.inspect_notebook(str(template(chapter)))


def template_defaults(chapter: str) -> dict:
    """The template's default values (its parameters cell holds literals only)."""
    return {name: ast.literal_eval(info["default"]) for name, info in template_parameters(chapter).items()}


def parse_assignments(chapter: str, assignments: list[str]) -> dict:
    """Turn ``["name=value", ...]`` into typed parameters for ``chapter``, each checked on its own."""
    declared = template_parameters(chapter)
    values = {}
    for item in assignments:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ParameterError(f"--set expects name=value, got '{item}'")
        if name not in declared:
            raise ParameterError(
                f"chapter '{chapter}' has no parameter '{name}'; its parameters: {', '.join(declared)}"
            )
        if name in values:
            raise ParameterError(f"parameter '{name}' is set twice with --set; give it once")
        values[name] = params.check_for(chapter, name, params.parse(name, text))
    return values


def check_parameters(chapter: str, values: dict) -> dict:
    """Check typed parameters against the template and the registry, one by one and together with the
    template's defaults (e.g. levels against the default method's calibration)."""
    declared = template_parameters(chapter)
    unknown = [n for n in values if n not in declared]
    if unknown:
        raise ParameterError(
            f"chapter '{chapter}' has no parameter(s) {unknown}; its parameters: {', '.join(declared)}"
        )
    checked = {name: params.check_for(chapter, name, value) for name, value in values.items()}
    params.check_together({**template_defaults(chapter), **checked})
    return checked


def scenario_parameters(chapter: str, scenario) -> dict:
    """The parameters a scenario file sets for ``chapter``: a scenario file overrides the city model's
    assumptions only, so a chapter that runs the model (one that declares ``scenarios``) compares it with the
    shipped baseline, naming the file as ``scenarios.reference`` does (relative to the project); other chapters
    run with their defaults."""
    declared = template_parameters(chapter)
    values = {}
    if "scenarios" in declared:
        values["scenarios"] = "baseline" if is_shipped(scenario, "baseline") else f"baseline,{reference(scenario.path)}"
    return check_parameters(chapter, values)


def normalise(nb: nbformat.NotebookNode, parameters: dict, receipt_text: str | None = None) -> nbformat.NotebookNode:
    """Remove what differs run to run (timings, paths, random cell ids), keep what was asked, and end the page
    with its execution receipt (carbonpeak.runner.receipt)."""
    nb.metadata.pop("papermill", None)
    nb.metadata["carbonpeak"] = {"parameters": parameters}
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = INJECTED_CELL_ID
    if receipt_text is not None:
        cell = nbformat.v4.new_markdown_cell(receipt_text)
        cell["id"] = RECEIPT_CELL_ID
        nb.cells.append(cell)
    return nb


def _preflight(out: Path | str | None, *, default: Path = files.RUNS, home: Path | None = None) -> Path:
    """Data and output folder checked (nothing runs before this passes); returns the folder, created."""
    verify_all()
    return files.prepare_output(files.output_folder(out, default=default, home=home))


def _execute(chapter: str, parameters: dict, folder: Path, echo: Callable[[str], None]) -> Path:
    """Run one chapter into ``folder``/<chapter>.ipynb through a temporary file beside it."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    target = folder / f"{chapter}.ipynb"
    shown = ", ".join(f"{k}={v!r}" for k, v in parameters.items()) or "defaults"
    echo(f"{chapter}: running with {shown} ...")
    start = time.perf_counter()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{chapter}{TMP_INFIX}", suffix=".ipynb", dir=folder)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            nb = papermill.execute_notebook(
                str(template(chapter)),
                str(tmp),
                parameters=parameters,
                kernel_name="python3",
                progress_bar=False,
                cwd=str(folder),
                log_output=False,
                extra_arguments=KERNEL_ARGUMENTS,
            )
        except PapermillExecutionError as exc:
            raise ExecutionError(
                f"chapter '{chapter}' failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
                " (published pages left unchanged)"
            ) from None
        nbformat.validate(nb)
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            nbformat.write(
                normalise(
                    nb, parameters, receipt.markdown(chapter, template(chapter), parameters, template_defaults(chapter))
                ),
                fh,
            )
        tmp.chmod(0o644)  # mkstemp makes it private; a published page is readable like any other file
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    seconds = time.perf_counter() - start
    echo(f"{chapter}: done in {seconds:.1f} s")
    TIMES[chapter] = seconds
    return target


def render(
    chapter: str, parameters: dict | None = None, out_dir: Path | str | None = None, echo: Callable[[str], None] = print
) -> Path:
    """Execute ``chapter`` with ``parameters`` (checked here) into ``out_dir``/<chapter>.ipynb (default runs/;
    never book/: ``render_all`` publishes the book)."""
    parameters = check_parameters(chapter, dict(parameters or {}))
    folder = _preflight(out_dir)
    target = _execute(chapter, parameters, folder, echo)
    echo(f"{chapter}: wrote {target}")
    return target


def render_all(
    out_dir: Path | str | None = None,
    echo: Callable[[str], None] = print,
    scenario=None,
    names: Iterable[str] | None = None,
) -> list[Path]:
    """Every chapter (or ``names``) with its defaults into book/ (what ``make book`` publishes), or with a
    scenario's values into runs/<scenario name>/ (or ``out_dir``). Every chapter's parameters are checked
    before the first one runs, and the pages replace the folder's old ones only when every chapter ran."""
    names = list(names) if names else list(chapters())
    for name in names:
        template(name)
    values = {name: scenario_parameters(name, scenario) if scenario else check_parameters(name, {}) for name in names}
    if scenario is None:
        folder = _preflight(out_dir, default=locations.BOOK, home=locations.BOOK)
    else:
        folder = _preflight(out_dir, default=files.RUNS / scenario.name)
    with files.staged(folder) as staging, progress(len(names), echo) as (tick, say):
        for name in names:
            _execute(name, values[name], staging, say)
            tick()
    pages = [folder / f"{name}.ipynb" for name in names]
    echo(summary_table(names))
    echo(f"wrote {len(pages)} page(s) into {folder}")
    return pages


@contextmanager
def progress(total: int, echo: Callable[[str], None]):
    """A progress bar on a terminal (tqdm, on stderr), plain lines elsewhere (CI logs): yields (tick, say)."""
    if not sys.stderr.isatty():
        yield (lambda: None), echo
        return
    from tqdm import tqdm

    bar = tqdm(total=total, unit="chapter", file=sys.stderr, leave=False)
    try:
        yield bar.update, (lambda text: bar.write(text, file=sys.stderr))
    finally:
        bar.close()


def summary_table(names: Iterable[str]) -> str:
    """Seconds per chapter of this run and their total, as a small text table."""
    names = [n for n in names if n in TIMES]
    width = max([len(n) for n in names] + [len("chapter")])
    lines = [f"{'chapter':<{width}}  seconds"] + [f"{n:<{width}}  {TIMES[n]:7.1f}" for n in names]
    lines.append(f"{'total':<{width}}  {sum(TIMES[n] for n in names):7.1f}")
    return "\n".join(lines)
