"""The ``carbonpeak`` command.

    carbonpeak list                                  chapters and their parameters
    carbonpeak run CHAPTER [--set name=value ...] [--scenario FILE] [--out DIR]
    carbonpeak book [CHAPTER ...]                    render chapters with their defaults into book/ (all by default)
    carbonpeak book --scenario FILE [--out DIR]      every chapter with a scenario's values, into runs/<name>/
    carbonpeak data [--out DIR]                      build data/processed/ from data/raw/
    carbonpeak backtest [--out DIR] [--workers N]    rolling-origin backtest into data/processed/ (minutes)
    carbonpeak export [--out DIR]                    every scenario's results, IAMC CSV and XLSX (pyam)
    carbonpeak hindcast --origin YEAR [--draws N] [--seed S] [--scenario NAME] --out DIR
                                                     the model from YEAR (2005-2016) -> DIR/hindcast_YEAR.csv

``run`` writes to runs/ unless --out says otherwise, so an analyst's runs stay apart from the published
book; only ``book`` without a scenario writes into book/ (``carbonpeak.files.output_folder`` decides).
Relative paths (--out, --scenario, scenario files in --set scenarios=...) are taken in the caller's folder.
Errors are printed as one line naming the problem, with exit status 2 (bad input, checked before anything
runs) or 1 (a chapter failed while running); nothing already published is changed in either case, nor when
the command is interrupted (Ctrl-C, SIGTERM: exit 130).
"""

from __future__ import annotations

import argparse
import signal
import sys

from carbonpeak.errors import CHAPTER_FAILED, CarbonPeakError, one_line

INTERRUPTED = 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="carbonpeak", description="Shenzhen carbon-peak book: data, chapters, runs.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list chapters and their parameters")
    run = sub.add_parser("run", help="run one chapter with parameters")
    run.add_argument("chapter")
    run.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a parameter (once each); see `carbonpeak list`",
    )
    run.add_argument(
        "--scenario",
        default=None,
        metavar="FILE",
        help="take parameters from a scenario (a name in scenarios/ or a file); --set overrides it",
    )
    run.add_argument("--out", default=None, help="output folder (default: runs/; never book/)")
    book = sub.add_parser("book", help="render chapters with their defaults into book/, or a scenario's book elsewhere")
    book.add_argument("chapters", nargs="*", metavar="CHAPTER", help="only these chapters (default: every chapter)")
    book.add_argument(
        "--scenario",
        default=None,
        metavar="FILE",
        help="render every chapter with a scenario's values (into runs/<scenario name>/ by default)",
    )
    book.add_argument("--out", default=None, help="output folder (not book/ when a scenario is given)")
    data = sub.add_parser("data", help="build data/processed from data/raw")
    data.add_argument("--out", default=None, help="output folder (default: data/processed)")
    bt = sub.add_parser("backtest", help="run the rolling-origin backtest and write its tables (several minutes)")
    bt.add_argument("--out", default=None, help="output folder (default: data/processed)")
    bt.add_argument("--workers", type=int, default=2, help="worker processes (default: 2; at most the core count)")
    sub.add_parser("export", help="every scenario's results in the IAMC format (CSV and XLSX, pyam)").add_argument(
        "--out", default=None, help="output folder (default: runs/export/)"
    )
    hc = sub.add_parser("hindcast", help="the city model from an origin year with what was known then (CSV)")
    hc.add_argument("--origin", required=True, metavar="YEAR", help="first year, 2005-2016")
    hc.add_argument("--draws", default=None, metavar="N", help="Monte Carlo draws (default 10000)")
    hc.add_argument("--seed", default=None, metavar="S", help="seed of every random draw (default 20231007)")
    hc.add_argument("--scenario", default="baseline", metavar="NAME", help="whose priors (default: baseline)")
    hc.add_argument("--out", required=True, metavar="DIR", help="output folder; writes DIR/hindcast_<YEAR>.csv")
    return parser


def _interrupt(signum, frame):
    raise KeyboardInterrupt  # so every `finally` runs: temporary pages and staging folders are removed


def main(argv: list[str] | None = None) -> int:
    """Run the ``carbonpeak`` command line and return its exit status; an error is printed in one line, and
    SIGTERM is treated as an interrupt."""
    args = _parser().parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        # imported here, inside the error handler: loading the package reads data/assumptions.yml, and a
        # broken file must give one line and exit 2, not a traceback
        from carbonpeak.runner import commands

        if args.command == "list":
            commands.list_chapters()
        elif args.command == "run":
            commands.run(args)
        elif args.command == "book":
            commands.book(args)
        elif args.command == "data":
            commands.data(args)
        elif args.command == "backtest":
            commands.backtest(args)
        elif args.command == "export":
            commands.export_results(args)
        elif args.command == "hindcast":
            commands.hindcast(args)
    except CarbonPeakError as exc:
        print(f"carbonpeak: error: {one_line(exc)}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print("carbonpeak: interrupted; nothing was published", file=sys.stderr)
        return INTERRUPTED
    except OSError as exc:  # e.g. the disk filled up while writing; nothing was published
        print(
            f"carbonpeak: error: {exc.filename or ''}: {exc.strerror or one_line(exc)}; nothing was published",
            file=sys.stderr,
        )
        return CHAPTER_FAILED
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0


if __name__ == "__main__":
    sys.exit(main())
