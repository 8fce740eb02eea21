"""The ``carbonpeak`` command.

    carbonpeak list                                  chapters and their parameters
    carbonpeak run CHAPTER [--set name=value ...] [--scenario FILE] [--out DIR] [--scheduler ADDRESS]
    carbonpeak book [CHAPTER ...]                    render chapters with their defaults into book/ (all by default)
    carbonpeak book --scenario FILE [--out DIR]      every chapter with a scenario's values, into runs/<name>/
    carbonpeak data [--out DIR]                      build data/processed/ from data/raw/
    carbonpeak backtest [--out DIR] [--workers N | --scheduler ADDRESS]
                                                     rolling-origin backtest into data/processed/ (minutes)
    carbonpeak export [--out DIR]                    every scenario's results, IAMC CSV and XLSX (pyam)
    carbonpeak hindcast --origin YEAR [--draws N] [--seed S] [--scenario NAME] --out DIR
                                                     the model from YEAR (2005-2016) -> DIR/hindcast_YEAR.csv

``--scheduler ADDRESS`` (or the environment variable CARBONPEAK_SCHEDULER) sends the heavy sweeps to an
existing dask cluster: the backtest's, and those of the chapters that ``run`` and ``book`` render (their
kernels inherit the variable). Without one, the backtest starts a local cluster of --workers processes (the
usable cores by default) and the chapters run their sweeps in-process (``carbonpeak.parallel``).

``run`` writes to runs/ unless --out says otherwise, so an analyst's runs stay apart from the published
book; only ``book`` without a scenario writes into book/ (``carbonpeak.files.output_folder`` decides).
Relative paths (--out, --scenario, scenario files in --set scenarios=...) are taken in the caller's folder;
--force lets a command write into a folder that holds files it did not write (it replaces only its own).

Every failure is printed as one line naming the culprit, control characters escaped, with exit status 2
(bad input, checked before anything runs: parameters, files, folders, a run larger than its budget, a
mistyped command line) or 1 (a chapter failed or its kernel died while running, a write failed); nothing
already published is changed in either case, nor when the command is interrupted (Ctrl-C, SIGTERM, SIGHUP:
one line naming the signal, exit 130).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

from carbonpeak.errors import BAD_INPUT, CHAPTER_FAILED, CarbonPeakError, one_line, printable

INTERRUPTED = 130
STOPPING = (signal.SIGTERM, signal.SIGHUP)  # like Ctrl-C: every `finally` runs, nothing half-written is left


class UsageError(CarbonPeakError):
    """The command line itself is wrong (an unknown option, a missing or ill-typed argument)."""


class Parser(argparse.ArgumentParser):
    """argparse with its errors raised as one line (argparse prints the usage and the error on two)."""

    def error(self, message):
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _scheduler(parser) -> None:
    parser.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run the heavy sweeps on the dask cluster of this scheduler, tcp://HOST:PORT "
        "(default: $CARBONPEAK_SCHEDULER, if set)",
    )


def _force(parser) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that holds files carbonpeak did not write (only its own files are replaced)",
    )


def _parser() -> argparse.ArgumentParser:
    parser = Parser(prog="carbonpeak", description="Shenzhen carbon-peak book: data, chapters, runs.")
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
    _scheduler(run)
    _force(run)
    book = sub.add_parser("book", help="render chapters with their defaults into book/, or a scenario's book elsewhere")
    book.add_argument("chapters", nargs="*", metavar="CHAPTER", help="only these chapters (default: every chapter)")
    book.add_argument(
        "--scenario",
        default=None,
        metavar="FILE",
        help="render every chapter with a scenario's values (into runs/<scenario name>/ by default)",
    )
    book.add_argument("--out", default=None, help="output folder (not book/ when a scenario is given)")
    _scheduler(book)
    _force(book)
    data = sub.add_parser("data", help="build data/processed from data/raw")
    data.add_argument("--out", default=None, help="output folder (default: data/processed)")
    _force(data)
    bt = sub.add_parser("backtest", help="run the rolling-origin backtest and write its tables (several minutes)")
    bt.add_argument("--out", default=None, help="output folder (default: data/processed)")
    bt.add_argument(
        "--workers",
        type=int,
        default=None,
        help="worker processes of the local cluster (default: the usable cores, at most those)",
    )
    _scheduler(bt)
    _force(bt)
    export = sub.add_parser("export", help="every scenario's results in the IAMC format (CSV and XLSX, pyam)")
    export.add_argument("--out", default=None, help="output folder (default: runs/export/)")
    _force(export)
    hc = sub.add_parser("hindcast", help="the city model from an origin year with what was known then (CSV)")
    hc.add_argument("--origin", required=True, metavar="YEAR", help="first year, 2005-2016")
    hc.add_argument("--draws", default=None, metavar="N", help="Monte Carlo draws (default 10000)")
    hc.add_argument("--seed", default=None, metavar="S", help="seed of every random draw (default 20231007)")
    hc.add_argument("--scenario", default="baseline", metavar="NAME", help="whose priors (default: baseline)")
    hc.add_argument("--out", required=True, metavar="DIR", help="output folder; writes DIR/hindcast_<YEAR>.csv")
    _force(hc)
    return parser


class Interrupted(KeyboardInterrupt):
    """A stop signal, raised where the program is so every `finally` runs (temporary files are removed)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)


def _interrupt(signum, frame):
    raise Interrupted(signum)


def echo(text: str) -> None:
    """Print a progress line with control characters escaped (a path or a value may carry them)."""
    print("\n".join(printable(line) for line in str(text).split("\n")))


def _error(message: str) -> None:
    print(f"carbonpeak: error: {one_line(message)}", file=sys.stderr)


def _dispatch(args) -> None:
    # imported here, inside the error handler: loading the package reads data/assumptions.yml, and a
    # broken file must give one line and exit 2, not a traceback
    from carbonpeak.runner import commands

    if args.command == "list":
        commands.list_chapters()
    else:
        getattr(commands, {"export": "export_results"}.get(args.command, args.command))(args, echo=echo)


def main(argv: list[str] | None = None) -> int:
    """Run the ``carbonpeak`` command line and return its exit status; every failure is printed in one line,
    and SIGTERM and SIGHUP are treated as an interrupt."""
    previous = {signum: signal.signal(signum, _interrupt) for signum in STOPPING}
    command = "carbonpeak"
    try:
        try:
            os.getcwd()
        except FileNotFoundError:
            raise UsageError("the current folder no longer exists (deleted or moved); cd into a folder") from None
        try:
            args = _parser().parse_args(argv)
        except SystemExit as exc:  # --help and --version print and stop
            return exc.code if isinstance(exc.code, int) else 0
        command = f"carbonpeak {args.command}"
        _dispatch(args)
    except CarbonPeakError as exc:
        _error(str(exc))
        return exc.exit_status
    except KeyboardInterrupt as exc:
        name = str(exc) if isinstance(exc, Interrupted) else "Ctrl-C"
        print(f"carbonpeak: interrupted ({name}); nothing was published", file=sys.stderr)
        return INTERRUPTED
    except OSError as exc:  # e.g. the disk filled up or a file could not be read; nothing was published
        what = exc.strerror or type(exc).__name__
        where = f"{exc.filename}: " if exc.filename else ""
        _error(f"{where}{what} (while running `{command}`); nothing was published")
        return CHAPTER_FAILED
    except RecursionError:
        _error(f"input nested too deeply (while running `{command}`); nothing was published")
        return BAD_INPUT
    except Exception as exc:  # a failure no check foresaw: still one line, never a traceback
        _error(f"{type(exc).__name__}: {exc or 'no message'} (while running `{command}`); nothing was published")
        return CHAPTER_FAILED
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    return 0


if __name__ == "__main__":
    sys.exit(main())
