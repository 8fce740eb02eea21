"""The ``carbonpeak`` command.

    carbonpeak list                                  chapters and their parameters
    carbonpeak run CHAPTER [--set name=value ...] [--out DIR]
    carbonpeak book                                  render every chapter with its defaults into book/
    carbonpeak data [--out DIR]                      build data/processed/ from data/raw/
    carbonpeak backtest [--out DIR] [--workers N]    rolling-origin backtest into data/processed/ (minutes)
    carbonpeak export [--out DIR]                    every scenario's results, IAMC CSV and XLSX (pyam)

``run`` writes to runs/ unless --out says otherwise, so an analyst's runs stay apart from the published
book. Errors are printed as one line naming the problem, with exit status 2 (bad input) or 1 (a chapter
failed while running); nothing already published is changed in either case.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths
from .errors import CarbonPeakError

DEFAULT_RUN_DIR = paths.ROOT / "runs"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="carbonpeak", description="Shenzhen carbon-peak book: data, chapters, runs.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list chapters and their parameters")
    run = sub.add_parser("run", help="run one chapter with parameters")
    run.add_argument("chapter")
    run.add_argument("--set", dest="assignments", action="append", default=[], metavar="NAME=VALUE",
                     help="set a parameter (repeatable); see `carbonpeak list`")
    run.add_argument("--scenario", type=Path, default=None, metavar="FILE",
                     help="take parameters from a scenario file (scenarios/*.yml or a path); --set overrides it")
    run.add_argument("--out", type=Path, default=DEFAULT_RUN_DIR,
                     help=f"output folder (default: {DEFAULT_RUN_DIR.relative_to(paths.ROOT)}/)")
    book = sub.add_parser("book", help="render every chapter with its defaults into book/, or a scenario's book elsewhere")
    book.add_argument("--scenario", type=Path, default=None, metavar="FILE",
                      help="render every chapter with a scenario file's values (into runs/<scenario name>/ by default)")
    book.add_argument("--out", type=Path, default=None, help="output folder (not book/ when a scenario is given)")
    data = sub.add_parser("data", help="build data/processed from data/raw")
    data.add_argument("--out", type=Path, default=None, help="output folder (default: data/processed)")
    bt = sub.add_parser("backtest", help="run the rolling-origin backtest and write its tables (several minutes)")
    bt.add_argument("--out", type=Path, default=None, help="output folder (default: data/processed)")
    bt.add_argument("--workers", type=int, default=2, help="worker processes (default: 2)")
    sub.add_parser("export", help="every scenario's results in the IAMC format (CSV and XLSX, pyam)").add_argument(
        "--out", type=Path, default=DEFAULT_RUN_DIR / "export", help="output folder (default: runs/export/)")
    return parser


def _list() -> None:
    from . import params
    from .run import chapters, template_parameters

    for name in chapters():
        print(name)
        for pname, info in template_parameters(name).items():
            help_text = info.get("help") or params.SPECS.get(pname, params.Spec("?", "")).help
            print(f"  {pname}: {info['inferred_type_name']} = {info['default']}  # {help_text}")


def _book(args) -> None:
    from .errors import ParameterError
    from .run import render_all

    if args.scenario is None:
        render_all(args.out.resolve() if args.out else paths.BOOK)
        return
    from .scenarios import load

    scenario = load(args.scenario)
    out = (args.out or DEFAULT_RUN_DIR / scenario.name).resolve()
    if out == paths.BOOK.resolve():
        raise ParameterError("a scenario's book is not written into book/ (the published defaults); choose another --out")
    render_all(out, scenario=scenario)
    print(f"scenario '{scenario.name}': {len(list(out.glob('*.ipynb')))} chapters in {out}")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "list":
            _list()
        elif args.command == "run":
            from .run import parse_assignments, render, scenario_parameters

            values = {}
            if args.scenario is not None:
                from .scenarios import load

                values = scenario_parameters(args.chapter, load(args.scenario))
            values.update(parse_assignments(args.chapter, args.assignments))
            render(args.chapter, values, args.out.resolve())
        elif args.command == "book":
            _book(args)
        elif args.command == "data":
            from .build import build_all

            build_all(args.out.resolve() if args.out else None)
        elif args.command == "backtest":
            from .backtest import Config, build_outputs, write_outputs

            tables = build_outputs(Config(workers=max(1, args.workers)))
            write_outputs(tables, args.out.resolve() if args.out else paths.PROCESSED)
        elif args.command == "export":
            from .export import export

            export(args.out.resolve())
    except CarbonPeakError as exc:
        from .run import ExecutionError

        print(f"carbonpeak: error: {exc}", file=sys.stderr)
        return 1 if isinstance(exc, ExecutionError) else 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
