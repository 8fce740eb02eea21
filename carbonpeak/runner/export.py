"""``carbonpeak export``: every scenario of the synthesis' run in the IAMC format (carbonpeak.model.iamc), written
as CSV and XLSX.

The run is the synthesis chapter's: the same parameters (read from the synthesis template's parameter cell, so
there is one home for the defaults) give the same draws and the same numbers as its pages.
"""

from __future__ import annotations

import ast
from pathlib import Path

from carbonpeak import files
from carbonpeak.model import outcomes, synthesis
from carbonpeak.model.iamc import FILENAME, csv_text, frame
from carbonpeak.runner.render import template_parameters


def synthesis_defaults() -> dict:
    """The synthesis chapter's parameter defaults (its template's parameter cell)."""
    return {name: ast.literal_eval(info["default"]) for name, info in template_parameters("synthesis").items()}


def write(df, out) -> list[Path]:
    """<out>/carbonpeak_iamc.csv and .xlsx (data and meta sheets), moved into place together once both are
    complete. ``out`` is an open ``files.Output`` or a folder (checked and opened here)."""
    if not isinstance(out, files.Output):
        with files.open_output(files.output_folder(out)) as opened:
            return write(df, opened)
    csv, xlsx = f"{FILENAME}.csv", f"{FILENAME}.xlsx"
    text = csv_text(df)
    with out.staged() as staging:
        (staging / csv).write_text(text, encoding="utf-8", newline="\n")
        df.to_excel(staging / xlsx)
    return [out.path / csv, out.path / xlsx]


def run_default(echo=print) -> tuple:
    """The synthesis' run at its defaults: (ensemble, peak table)."""
    p = synthesis_defaults()
    echo(f"export: running the city model for {p['scenarios']} ({p['draws']} draws, seed {p['seed']}) ...")
    ens = synthesis.run(synthesis.load_scenarios(p["scenarios"]), p["draws"], p["seed"], p["horizon_end"])
    table = outcomes.peak_table(ens.results, p["horizon_end"], p["peak_rule_years"], p["rule_start"], p["record_2018"])
    return ens, table


def export(out, echo=print) -> list[Path]:
    """``carbonpeak export``: every scenario of the synthesis' run, IAMC CSV and XLSX, into the open output
    folder ``out`` (``files.Output``)."""
    ens, table = run_default(echo)
    paths = write(frame(ens, table), out)
    for p in paths:
        echo(f"export: wrote {p}")
    return paths
