"""The execution receipt at the end of every rendered page: what made it.

Deterministic on purpose, so a re-render of the same inputs stays byte-identical: the parameters the page
ran with, a fingerprint of the code (sha256 over the package's source files and the chapter's template, by
content, so every checkout of the same code gives the same fingerprint), the md5 of every data file a
chapter can read, and the versions of the packages that compute the numbers. The git commit is not
recorded: the commit that stores a page is always made after the page, so it would never match; the code
fingerprint identifies the code instead.
"""

from __future__ import annotations

import hashlib
from importlib import metadata as importlib_metadata
from pathlib import Path

from carbonpeak import locations
from carbonpeak.data.provenance import md5sum

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


def package_versions() -> dict[str, str]:
    """The installed version of each package in PACKAGES ("not installed" when missing)."""
    out = {}
    for name in PACKAGES:
        try:
            out[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def markdown(chapter: str, template: Path, parameters: dict, defaults: dict) -> str:
    """The receipt as a markdown cell: every parameter's value (those set for this run marked)."""
    shown = (
        ", ".join(f"`{k}={v!r}`" + (" (set)" if k in parameters else "") for k, v in {**defaults, **parameters}.items())
        or "none"
    )
    rows = "\n".join(f"- `{p.relative_to(locations.ROOT).as_posix()}`: md5 `{md5sum(p)}`" for p in data_files())
    versions = ", ".join(f"{k} {v}" for k, v in package_versions().items())
    return (
        f"## Execution receipt\n\n"
        f"- **Chapter:** `{chapter}` ({template.relative_to(locations.ROOT).as_posix()}); **parameters:** {shown}.\n"
        f"- **Re-run:** `carbonpeak run {chapter} --set <parameter>=<value> --out runs/` with any of the parameters "
        f"above (`carbonpeak list` gives their ranges), or download this page's notebook (.ipynb) from the top "
        f"of the page.\n"
        f"- **Code fingerprint:** `{code_fingerprint(template)}` (sha256 of the carbonpeak package's source and "
        f"this chapter's template; every checkout of the same code gives the same value).\n"
        f"- **Packages:** {versions}.\n\n"
        f"<details><summary>Data files read (md5)</summary>\n\n{rows}\n\n</details>\n"
    )
