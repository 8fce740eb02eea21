"""The execution receipt at the end of every rendered page: what made it.

Deterministic on purpose, so a re-render of the same inputs stays byte-identical: the parameters the page
ran with, a fingerprint of the code (sha256 over the package's source files and the chapter's template, by
content, so every checkout of the same code gives the same fingerprint), the md5 of every data file a
chapter can read, the md5 of the user's own scenario files the run read (and of the files they extend), and
the versions of the packages that compute the numbers. The git commit is not recorded: the commit that stores
a page is always made after the page, so it would never match; the code fingerprint identifies the code
instead.

Nothing a user hands in becomes markup: every value (a parameter, a file name) is written as a code span
(``literal``) whose fence is longer than any run of backticks in it, with control characters escaped, so
MyST and the HTML it produces show it as text; a value can neither close the span nor open a tag, a role or
a link.
"""

from __future__ import annotations

import hashlib
import os
import re
from importlib import metadata as importlib_metadata
from pathlib import Path

from carbonpeak import files, locations
from carbonpeak.data.provenance import md5sum
from carbonpeak.errors import printable
from carbonpeak.inputs import scenarios

PACKAGES = (
    "numpy",
    "pandas",
    "scipy",
    "statsmodels",
    "altair",
    "vl-convert-python",
    "papermill",
    "SALib",
    "pymannkendall",
    "pyam-iamc",
)


def code_fingerprint(template: Path) -> str:
    """sha256 over the package's .py files (by path and content) and the chapter's template."""
    h = hashlib.sha256()
    package = locations.ROOT / "carbonpeak"
    for p in sorted(package.rglob("*.py")):
        if "__pycache__" in p.parts:
            continue
        h.update(p.relative_to(locations.ROOT).as_posix().encode())
        h.update(p.read_bytes())
    h.update(template.read_bytes())
    return h.hexdigest()[:16]


def data_files() -> list[Path]:
    """Every file a chapter can read: processed tables, the compiled tables, assumptions, scenarios."""
    files = sorted(locations.PROCESSED.glob("*.csv")) + sorted(locations.PROCESSED.glob("*.csv.gz"))
    files += sorted(locations.DATA.glob("*.csv")) + [locations.DATA / "assumptions.yml"]
    files += sorted(locations.SCENARIOS.glob("*.yml"))
    return [p for p in files if p.is_file()]


def scenario_files(values: dict) -> dict[str, str]:
    """The user's own scenario files a run with parameters ``values`` reads -> their md5, each named as the page
    names it (relative to the project): every file in ``scenarios`` that is not a shipped scenario, and the
    files it extends (shipped scenarios are among ``data_files``)."""
    out = {}
    for item in str(values.get("scenarios") or "").split(","):
        item = item.strip()
        if not item or scenarios.is_shipped_name(item):
            continue
        for link in scenarios.load(item).chain():
            if Path(os.path.abspath(link.path)).parent == Path(os.path.abspath(locations.SCENARIOS)):
                continue
            text = files.read_text(link.path)
            out[scenarios.reference(link.path)] = hashlib.md5(text.encode("utf-8")).hexdigest()
    return out


def package_versions() -> dict[str, str]:
    """The installed version of each package in PACKAGES ("not installed" when missing)."""
    out = {}
    for name in PACKAGES:
        try:
            out[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def literal(text: object) -> str:
    """``text`` as a markdown code span that shows it verbatim: the fence is one backtick longer than the
    longest run of backticks inside, padded with a space where the text starts or ends with a backtick or a
    space (CommonMark strips one), and control characters are escaped (a line break would end the span)."""
    text = printable(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown(
    chapter: str, template: Path, parameters: dict, defaults: dict, scenario_files: dict[str, str] | None = None
) -> str:
    """The receipt as a markdown cell: every parameter's value (those set for this run marked) and, when the
    run read scenario files of the user's own, each file's md5 (``scenario_files``: name on the page -> md5)."""
    from carbonpeak.inputs.params import edition_of
    from carbonpeak.pages.messages import text

    lang = edition_of(chapter)[0]

    def m(key: str, **values) -> str:
        return text(f"receipt.{key}", lang, **values)

    sep = text("common.punct.list", lang)
    shown = sep.join(
        literal(f"{k}={v!r}") + (m("set") if k in parameters else "") for k, v in {**defaults, **parameters}.items()
    ) or m("none")
    rows = "\n".join(f"- {literal(p.relative_to(locations.ROOT).as_posix())}: md5 `{md5sum(p)}`" for p in data_files())
    own = ""
    if scenario_files:
        own = m("scenario_files", files=sep.join(f"{literal(name)} `{md5}`" for name, md5 in scenario_files.items()))
        own += "\n"
    versions = sep.join(f"{k} {v}" for k, v in package_versions().items())
    command = literal(f"carbonpeak run {chapter} --set <parameter>=<value> --out runs/")
    where = template.relative_to(locations.ROOT).as_posix()
    return (
        f"{m('title')}\n\n"
        f"{m('chapter', chapter=literal(chapter), template=where, shown=shown)}\n"
        f"{own}"
        f"{m('rerun', command=command)}\n"
        f"{m('fingerprint', fingerprint=code_fingerprint(template))}\n"
        f"{m('packages', versions=versions)}\n\n"
        f"<details><summary>{m('data_files')}</summary>\n\n{rows}\n\n</details>\n"
    )
