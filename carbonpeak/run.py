"""Render chapter templates into executed notebooks with papermill, safely and reproducibly.

- Parameters are checked before any kernel starts: names against the template
  (``papermill.inspect_notebook``; papermill itself only warns on an unknown name and runs the defaults),
  types and ranges against ``carbonpeak.params``.
- The output is written to a temporary file beside the target and moved into place only when the whole
  notebook ran, so a failed run never leaves a half-written or changed page behind.
- papermill's timings and paths are stripped and the injected-parameters cell gets a fixed id, so the
  same inputs give byte-identical notebooks.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Callable

import nbformat

from . import params, paths
from .errors import CarbonPeakError, ParameterError

INJECTED_CELL_ID = "injected-parameters"


class ExecutionError(CarbonPeakError):
    """A chapter raised an error while it ran."""


def chapters() -> dict[str, Path]:
    """Chapter name -> template path, for every template in chapters/."""
    return {p.stem: p for p in sorted(paths.CHAPTERS.glob("*.ipynb"))}


def template(chapter: str) -> Path:
    known = chapters()
    if chapter not in known:
        raise ParameterError(f"unknown chapter '{chapter}'; chapters: {', '.join(known) or '(none)'}")
    return known[chapter]


def template_parameters(chapter: str) -> dict[str, dict]:
    """The parameters a template declares: name -> {inferred_type_name, default, help}."""
    import papermill

    return papermill.inspect_notebook(str(template(chapter)))


def parse_assignments(chapter: str, assignments: list[str]) -> dict:
    """Turn ``["name=value", ...]`` into checked, typed parameters for ``chapter``."""
    declared = template_parameters(chapter)
    values = {}
    for item in assignments:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ParameterError(f"--set expects name=value, got '{item}'")
        if name not in declared:
            raise ParameterError(f"chapter '{chapter}' has no parameter '{name}'; "
                                 f"its parameters: {', '.join(declared)}")
        values[name] = params.check(name, params.parse(name, text))
    return values


def check_parameters(chapter: str, values: dict) -> dict:
    """Check already-typed parameters (e.g. from a scenario) against the template and the registry."""
    declared = template_parameters(chapter)
    unknown = [n for n in values if n not in declared]
    if unknown:
        raise ParameterError(f"chapter '{chapter}' has no parameter(s) {unknown}; its parameters: {', '.join(declared)}")
    return {name: params.check(name, value) for name, value in values.items()}


def scenario_parameters(chapter: str, scenario) -> dict:
    """The parameters a scenario file sets for ``chapter``: a scenario file overrides the city model's
    assumptions only, so a chapter that runs the model (one that declares ``scenarios``) compares it with
    the baseline; other chapters run with their defaults."""
    declared = template_parameters(chapter)
    values = {}
    if "scenarios" in declared:
        values["scenarios"] = "baseline" if scenario.name == "baseline" else f"baseline,{scenario.path.resolve()}"
    return check_parameters(chapter, values)


def normalise(nb: nbformat.NotebookNode, parameters: dict) -> nbformat.NotebookNode:
    """Remove what differs run to run (timings, paths, random cell ids) and keep what was asked."""
    nb.metadata.pop("papermill", None)
    nb.metadata["carbonpeak"] = {"parameters": parameters}
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = INJECTED_CELL_ID
    return nb


def render(chapter: str, parameters: dict | None = None, out_dir: Path | None = None,
           echo: Callable[[str], None] = print) -> Path:
    """Execute ``chapter`` with ``parameters`` (already checked) into ``out_dir``/<chapter>.ipynb."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    parameters = dict(parameters or {})
    source = template(chapter)
    out_dir = Path(out_dir) if out_dir else paths.BOOK
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{chapter}.ipynb"
    shown = ", ".join(f"{k}={v!r}" for k, v in parameters.items()) or "defaults"
    echo(f"{chapter}: running with {shown} ...")
    start = time.perf_counter()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{chapter}.tmp.", suffix=".ipynb", dir=out_dir)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        try:
            nb = papermill.execute_notebook(str(source), str(tmp), parameters=parameters, kernel_name="python3",
                                            progress_bar=False, cwd=str(out_dir), log_output=False)
        except PapermillExecutionError as exc:
            raise ExecutionError(f"chapter '{chapter}' failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
                                 f" ({target} left unchanged)") from None
        nbformat.validate(nb)
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            nbformat.write(normalise(nb, parameters), fh)
        tmp.chmod(0o644)  # mkstemp makes it private; a published page is readable like any other file
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    echo(f"{chapter}: wrote {target} in {time.perf_counter() - start:.1f} s")
    return target


def render_all(out_dir: Path | None = None, echo: Callable[[str], None] = print, scenario=None) -> list[Path]:
    """Every chapter with its defaults (what ``make book`` publishes into book/), or with a scenario's
    values. Every chapter's parameters are checked before the first one runs."""
    values = {name: scenario_parameters(name, scenario) if scenario else {} for name in chapters()}
    return [render(name, values[name], out_dir, echo) for name in chapters()]
