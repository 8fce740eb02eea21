"""Render chapter templates into executed notebooks with papermill, safely and reproducibly.

- Everything is checked before any kernel starts (exit 2 from the CLI): parameter names against the
  template (``papermill.inspect_notebook``; papermill itself only warns on an unknown name and runs the
  defaults), types, ranges and combinations against ``carbonpeak.inputs.params``, the run's size against its
  budget and the scenarios' extremes against overflow (``carbonpeak.runner.budget``), every data file a
  chapter reads against its sidecar (``carbonpeak.data.verify_all``, under a shared lock on data/processed/
  so ``carbonpeak data`` cannot replace tables mid-run), and the output folder
  (``carbonpeak.files.output_folder``, the one function that decides where a run may write: book/ only for
  ``carbonpeak book`` without a scenario).
- The kernel is this project's own and starts in a private empty folder (``carbonpeak.runner.kernel``).
- A page is written only once complete, relative to the output folder opened once
  (``carbonpeak.files.Output``). A book (every chapter, or several) is rendered into a staging folder and
  its pages are moved into place only when every chapter succeeded, so a failed or interrupted run never
  leaves a half-written page or a mix of new and old pages behind, and files the run did not write are
  never touched.
- papermill's timings and paths are stripped and the injected-parameters cell gets a fixed id, so the
  same inputs give byte-identical notebooks.
"""

from __future__ import annotations

import ast
import os
import sys
import time
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError, ThreadPoolExecutor, as_completed
from contextlib import ExitStack, contextmanager
from pathlib import Path

import nbformat
import psutil

from carbonpeak import files, locations
from carbonpeak.data import verify_all
from carbonpeak.errors import ExecutionError, ParameterError, printable
from carbonpeak.inputs import params
from carbonpeak.inputs.scenarios import is_shipped, reference
from carbonpeak.runner import budget, kernel, receipt

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
TIMES: dict[str, float] = {}  # seconds per chapter in this process, for the summary a book run prints


EDITIONS = ("zh",)  # the other language editions: chapters/<edition>/ -> book/<edition>/


def chapters() -> dict[str, Path]:
    """Chapter name -> template path, for every template in chapters/ and its editions' twins (chapters/zh/answer.ipynb
    is chapter 'zh/answer')."""
    out = {p.stem: p for p in sorted(locations.CHAPTERS.glob("*.ipynb"))}
    for edition in EDITIONS:
        out.update({f"{edition}/{p.stem}": p for p in sorted((locations.CHAPTERS / edition).glob("*.ipynb"))})
    return out


def page_file(chapter: str) -> str:
    """The file a single run of ``chapter`` writes: 'answer.ipynb', 'zh-answer.ipynb'."""
    return chapter.replace("/", "-") + ".ipynb"


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


def single_scenario(chapter: str) -> bool:
    """Whether ``chapter`` examines one scenario (its template's default names one, as the model chapter's)."""
    default = template_defaults(chapter).get("scenarios")
    return isinstance(default, str) and "," not in default


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
    if "," in str(checked.get("scenarios", "")) and single_scenario(chapter):
        raise ParameterError(
            f"chapter '{chapter}' examines one scenario; give one in 'scenarios', got {checked['scenarios']!r}"
        )
    params.check_together({**template_defaults(chapter), **checked})
    return checked


def scenario_parameters(chapter: str, scenario) -> dict:
    """The parameters a scenario file sets for ``chapter``: a scenario file overrides the city model's
    assumptions only, so a chapter that runs the model (one that declares ``scenarios``) compares it with the
    shipped baseline -- or, when the chapter examines one scenario (the model chapter), runs it alone --
    naming the file as ``scenarios.reference`` does (relative to the project); other chapters run with their
    defaults."""
    declared = template_parameters(chapter)
    values = {}
    if "scenarios" in declared:
        baseline = is_shipped(scenario, "baseline")
        named = "baseline" if baseline else reference(scenario.path)
        values["scenarios"] = named if baseline or single_scenario(chapter) else f"baseline,{named}"
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


def _full(chapter: str, parameters: dict) -> dict:
    return {**template_defaults(chapter), **parameters}


@contextmanager
def _reading_data():
    """Every data file checked against its sidecar, and data/processed/ held (shared) while chapters run."""
    with files.reading(locations.PROCESSED):
        verify_all()
        yield


def _execute(chapter: str, parameters: dict, echo: Callable[[str], None]) -> bytes:
    """Run one chapter; returns its page (the executed notebook, normalised, with its receipt) as bytes."""
    shown = ", ".join(f"{k}={v!r}" for k, v in parameters.items()) or "defaults"
    echo(f"{chapter}: running with {shown} ...")
    start = time.perf_counter()
    own_files = receipt.scenario_files(_full(chapter, parameters))
    nb = kernel.execute(chapter, template(chapter), parameters)
    if receipt.scenario_files(_full(chapter, parameters)) != own_files:
        raise ExecutionError(
            f"chapter '{chapter}': a scenario file changed while the chapter ran; run it again ({kernel.UNCHANGED})"
        )
    nbformat.validate(nb)
    text = nbformat.writes(
        normalise(
            nb,
            parameters,
            receipt.markdown(chapter, template(chapter), parameters, template_defaults(chapter), own_files),
        )
    )
    seconds = time.perf_counter() - start
    echo(f"{chapter}: done in {seconds:.1f} s")
    TIMES[chapter] = seconds
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def render(
    chapter: str,
    parameters: dict | None = None,
    out_dir: Path | str | None = None,
    echo: Callable[[str], None] = print,
    force: bool = False,
) -> Path:
    """Execute ``chapter`` with ``parameters`` (checked here) into ``out_dir``/<chapter>.ipynb (default runs/;
    never book/: ``render_all`` publishes the book)."""
    parameters = check_parameters(chapter, dict(parameters or {}))
    budget.check(chapter, _full(chapter, parameters))
    folder = files.output_folder(out_dir, force=force)
    with _reading_data(), files.open_output(folder, force=force, hold=False) as output:
        target = output.write(page_file(chapter), _execute(chapter, parameters, echo))
    echo(f"{chapter}: wrote {target}")
    return target


def render_all(
    out_dir: Path | str | None = None,
    echo: Callable[[str], None] = print,
    scenario=None,
    names: Iterable[str] | None = None,
    force: bool = False,
) -> list[Path]:
    """Every chapter (or ``names``) with its defaults into book/ (what ``make book`` publishes), or with a
    scenario's values into runs/<scenario name>/ (or ``out_dir``). Every chapter's parameters and size are
    checked before the first one runs, and the pages replace the folder's old ones only when every chapter
    ran (files of other names in the folder are left alone)."""
    names = list(names) if names else list(chapters())
    for name in names:
        template(name)
    values = {name: scenario_parameters(name, scenario) if scenario else check_parameters(name, {}) for name in names}
    for name in names:
        budget.check(name, _full(name, values[name]))
    if scenario is None:
        home = locations.BOOK
        folder = files.output_folder(out_dir, default=home, home=home, force=force)
    else:
        home = None
        folder = files.output_folder(out_dir, default=files.RUNS / scenario.name, force=force)
    editions = sorted({params.edition_of(name)[0] for name in names} - {"en"})
    with (
        _reading_data(),
        files.open_output(folder, home=home, force=force) as output,
        output.staged() as staging,
        ExitStack() as stack,
        progress(len(names), echo) as (tick, say),
    ):
        # each edition's pages in its own folder (book/zh/), published with the English ones
        staged = {"en": staging}
        for edition in editions:
            own = stack.enter_context(
                files.open_output(folder / edition, home=home / edition if home else None, force=force)
            )
            staged[edition] = stack.enter_context(own.staged())
        for name, page in _execute_all(names, values, say, tick):
            edition, stem = params.edition_of(name)
            (staged[edition] / f"{stem}.ipynb").write_bytes(page)
    pages = [folder / f"{name}.ipynb" for name in names]
    echo(summary_table(names))
    echo(f"wrote {len(pages)} page(s) into {folder}")
    return pages


def workers(count: int) -> int:
    """How many chapters run at once: one per core this process may use, at most ``count``."""
    return max(1, min(count, len(os.sched_getaffinity(0))))


def _execute_all(names: list[str], values: dict, say, tick) -> list[tuple[str, bytes]]:
    """Every chapter's page, chapters running side by side (one kernel per core): a run that several chapters
    share is computed by the first and read from the cache by the others (``carbonpeak.cache``). The first
    failure, in chapter order, is raised once every running chapter has stopped; an interrupt stops every
    kernel."""
    pages: dict[str, bytes] = {}
    errors: dict[str, BaseException] = {}
    with ThreadPoolExecutor(max_workers=workers(len(names))) as pool:
        futures = {pool.submit(_execute, name, values[name], say): name for name in names}
        try:
            for future in as_completed(futures):
                name = futures[future]
                try:
                    pages[name] = future.result()
                    tick()
                except CancelledError:
                    continue
                except Exception as exc:
                    errors[name] = exc
                    for other in futures:
                        other.cancel()
        except BaseException:
            _stop_kernels()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    for name in names:
        if name in errors:
            raise errors[name]
    return [(name, pages[name]) for name in names]


def _stop_kernels() -> None:
    """Kill this process's child processes (the chapters' kernels), so an interrupt leaves none behind."""
    for child in psutil.Process().children(recursive=True):
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass


@contextmanager
def progress(total: int, echo: Callable[[str], None]):
    """A progress bar on a terminal (tqdm, on stderr), plain lines elsewhere (CI logs): yields (tick, say)."""
    if not sys.stderr.isatty():
        yield (lambda: None), echo
        return
    from tqdm import tqdm

    bar = tqdm(total=total, unit="chapter", file=sys.stderr, leave=False)
    try:
        yield bar.update, (lambda text: bar.write(printable(text), file=sys.stderr))
    finally:
        bar.close()


def summary_table(names: Iterable[str]) -> str:
    """Seconds per chapter of this run and their total, as a small text table."""
    names = [n for n in names if n in TIMES]
    width = max([len(n) for n in names] + [len("chapter")])
    lines = [f"{'chapter':<{width}}  seconds"] + [f"{n:<{width}}  {TIMES[n]:7.1f}" for n in names]
    lines.append(f"{'total':<{width}}  {sum(TIMES[n] for n in names):7.1f}")
    return "\n".join(lines)
