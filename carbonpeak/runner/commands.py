"""What each ``carbonpeak`` command does (``carbonpeak.runner.cli`` parses the command line and turns every
error into one line)."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

from carbonpeak import files, locations, parallel
from carbonpeak.analysis.backtest import Config, build_outputs, write_outputs
from carbonpeak.data.builders import build_all
from carbonpeak.errors import ParameterError
from carbonpeak.inputs import params
from carbonpeak.inputs.scenarios import load
from carbonpeak.parallel import usable_cores
from carbonpeak.runner.export import export
from carbonpeak.runner.render import (
    chapters,
    parse_assignments,
    render,
    render_all,
    scenario_parameters,
    template_parameters,
)


def list_chapters() -> None:
    """Print every chapter and its parameters with their defaults and the registry's help."""
    for name in chapters():
        print(name)
        for pname, info in template_parameters(name).items():
            help_text = params.SPECS[pname].help if pname in params.SPECS else info.get("help", "")
            print(f"  {pname}: {info['inferred_type_name']} = {info['default']}  # {help_text}")


@contextmanager
def kernels_scheduler(given: str | None):
    """The chapters' kernels send their sweeps to the scheduler of --scheduler (or CARBONPEAK_SCHEDULER),
    checked here before any kernel starts; with neither, they run them in-process (see carbonpeak.parallel)."""
    address = parallel.scheduler_address(given)
    if address is None:
        yield
        return
    parallel.connect(address).close()
    before = os.environ.get(parallel.SCHEDULER_VARIABLE)
    os.environ[parallel.SCHEDULER_VARIABLE] = address  # what the kernels inherit
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(parallel.SCHEDULER_VARIABLE, None)
        else:
            os.environ[parallel.SCHEDULER_VARIABLE] = before


def run(args, echo=print) -> None:
    """Run one chapter with a scenario's values and --set assignments (checked before any kernel starts)."""
    with kernels_scheduler(args.scheduler):
        _run(args, echo)


def _run(args, echo) -> None:
    values = {}
    if args.scenario is not None:
        values = scenario_parameters(args.chapter, load(args.scenario, Path.cwd()))
    assigned = parse_assignments(args.chapter, args.assignments)
    if args.scenario is not None and "scenarios" in assigned:
        raise ParameterError("--scenario and --set scenarios=... both name the scenarios; give one of them")
    values.update(assigned)
    render(args.chapter, values, args.out, echo=echo, force=args.force)


def book(args, echo=print) -> None:
    """Render chapters with their defaults into book/, or every chapter with a scenario's values elsewhere."""
    with kernels_scheduler(args.scheduler):
        _book(args, echo)


def _book(args, echo) -> None:
    if args.scenario is None:
        render_all(args.out, names=args.chapters, echo=echo, force=args.force)
        return
    if args.chapters:
        raise ParameterError(
            "a scenario's book renders every chapter; leave out the chapter names or use `carbonpeak run`"
        )

    render_all(args.out, scenario=load(args.scenario, Path.cwd()), echo=echo, force=args.force)


def workers(requested: int) -> int:
    """Worker processes of the backtest's local cluster: at least 1, at most the cores this process may use."""
    if requested < 1:
        raise ParameterError(f"--workers must be at least 1, got {requested}")
    cores = usable_cores()
    if requested > cores:
        print(f"carbonpeak: --workers {requested} capped at the {cores} core(s) this process may use", file=sys.stderr)
    return min(requested, cores)


def export_results(args, echo=print) -> None:
    """Write every scenario's results in the IAMC format."""
    folder = files.output_folder(args.out, default=files.RUNS / "export", force=args.force)
    with files.open_output(folder, force=args.force) as output:
        export(output, echo=echo)


def backtest(args, echo=print) -> None:
    """Run the rolling-origin backtest on a dask cluster (a local one unless a scheduler is given) and publish
    its tables together."""
    address = parallel.scheduler_address(args.scheduler)
    if address is not None and args.workers is not None:
        raise ParameterError(
            f"--workers sizes a local cluster; the scheduler at {address!r} runs the backtest on its own workers "
            f"(give one of --workers and --scheduler/{parallel.SCHEDULER_VARIABLE})"
        )
    n = None if args.workers is None else workers(args.workers)
    folder = files.output_folder(args.out, default=locations.PROCESSED, home=locations.PROCESSED, force=args.force)
    with (
        parallel.cluster(address, workers=n),
        files.open_output(folder, home=locations.PROCESSED, force=args.force) as output,
    ):
        tables = build_outputs(Config())
        with output.staged() as staging:
            write_outputs(tables, staging, echo=lambda _: None)
    echo(f"wrote {', '.join(tables)} into {folder}")


def data(args, echo=print) -> None:
    """Build data/processed from data/raw."""
    build_all(args.out, echo=echo, force=args.force)


def hindcast(args, echo=print) -> None:
    """The hindcast from --origin: year, variable, p10, p50, p90 into DIR/hindcast_<YEAR>.csv (every value
    checked, and the folder, before the model runs)."""
    from carbonpeak.charts import published
    from carbonpeak.model import hindcast as model_hindcast
    from carbonpeak.model import runs

    values = {
        name: params.check(name, params.parse(name, text))
        for name, text in (("origin", args.origin), ("draws", args.draws), ("seed", args.seed))
        if text is not None
    }
    origin = values["origin"]
    scenario = load(args.scenario, Path.cwd())
    folder = files.output_folder(args.out, force=args.force)
    with files.open_output(folder, force=args.force) as output:
        table = model_hindcast.hindcast(
            origin,
            scenario,
            values.get("draws", params.default("draws")),
            values.get("seed", params.default("seed")),
            runs.milestones(),
        )
        text = published(table).to_csv(index=False, lineterminator="\n")
        target = output.write(f"hindcast_{origin}.csv", text.encode("utf-8"))
    echo(f"wrote {target}")
