"""Scenario files (scenarios/*.yml or an analyst's own): located, read safely, and checked as overrides of
the city model's assumptions (the schema and its meaning: carbonpeak.model.scenario).

Reading goes through ``carbonpeak.files.load_yaml``: regular files only, a size cap, no anchors or aliases,
no duplicated keys, no NaN or infinity.

Naming a scenario: a bare slug (``plan``) is a shipped file, scenarios/plan.yml; anything else is a path.
On the command line a path is resolved once, in the caller's folder; pages store it relative to the project
(``reference``: scenarios/plan.yml, runs/my.yml), and a chapter reads it relative to the project, so two
checkouts give the same bytes. A file's ``extends`` is resolved the same way, beside that file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from . import files, paths
from .errors import ParameterError

SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def is_shipped_name(text: str) -> bool:
    return SLUG.fullmatch(text) is not None


def available() -> list[str]:
    return sorted(p.stem for p in paths.SCENARIOS.glob("*.yml"))


def locate(text: str | Path, base: Path | None = None) -> Path:
    """The file a scenario reference names: a bare slug is scenarios/<slug>.yml (or, when no shipped scenario
    has that name, a file of that name in ``base``; both at once is refused as ambiguous); anything else is a
    path, relative to ``base`` (the caller's folder on the command line; the project folder by default)."""
    text = str(text).strip()
    if not text:
        raise ParameterError("a scenario is named by an empty text")
    if is_shipped_name(text):
        shipped = paths.SCENARIOS / f"{text}.yml"
        local = base is not None and (Path(base) / text).exists()
        if shipped.is_file() and local:
            raise ParameterError(f"'{text}' is both a shipped scenario and a file in {base}; write ./{text} for the file")
        if shipped.is_file():
            return shipped
        if not local:
            raise ParameterError(f"unknown scenario '{text}': neither a file nor one of scenarios/*.yml "
                                 f"({', '.join(available())})")
    path = Path(text).expanduser()
    return Path(os.path.abspath(path if path.is_absolute() else Path(base or paths.ROOT) / path))


def reference(path: Path) -> str:
    """How a page names a scenario file: its path relative to the project (scenarios/plan.yml), never an
    absolute path, so pages do not depend on where the project is checked out."""
    path = Path(os.path.abspath(path))
    rel = Path(os.path.relpath(path, os.path.abspath(paths.ROOT))).as_posix()
    if "," in rel:
        raise ParameterError(f"{path}: a scenario path cannot contain a comma (scenario lists are comma-separated)")
    return f"./{rel}" if is_shipped_name(rel) else rel


def is_shipped(scenario, name: str) -> bool:
    """Whether ``scenario`` was read from the shipped file scenarios/<name>.yml."""
    return Path(os.path.abspath(scenario.path)) == Path(os.path.abspath(paths.SCENARIOS / f"{name}.yml"))


def read_yaml(path: Path):
    """The mapping in a scenario file, read with the limits above."""
    return files.load_yaml(path, error=ParameterError)


def load(text: str | Path, base: Path | None = None):
    """A checked scenario (carbonpeak.model.scenario.Scenario), with the scenarios it extends."""
    from .model.scenario import load as load_scenario

    return load_scenario(locate(text, base))
