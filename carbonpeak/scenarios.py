"""Scenario files (scenarios/*.yml or an analyst's own): read safely, then checked as overrides of the
city model's assumptions (schema and meaning: carbonpeak.model.scenario).

Reading is limited on purpose: a scenario is a small text file, so a non-regular file (a FIFO, a device,
a folder) or one above ``MAX_BYTES`` is refused before it is read; YAML anchors and aliases are refused
(no alias bombs) and so are duplicated keys (no silent last-one-wins).
"""

from __future__ import annotations

import stat
from pathlib import Path

import yaml

from . import paths
from .errors import ParameterError

MAX_BYTES = 64 * 1024


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases and duplicated keys."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent) or getattr(self.peek_event(), "anchor", None):
            event = self.peek_event()
            raise yaml.YAMLError(f"anchors and aliases are not allowed (line {event.start_mark.line + 1})")
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.YAMLError(f"key {key!r} is given twice (line {key_node.start_mark.line + 1})")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_yaml(path: Path):
    """The YAML mapping in ``path``, read with the limits above; a ParameterError names the file."""
    path = Path(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise ParameterError(f"{path}: cannot be read ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ParameterError(f"{path}: is not a regular file")
    if info.st_size > MAX_BYTES:
        raise ParameterError(f"{path}: is {info.st_size} bytes; a scenario file is at most {MAX_BYTES}")
    try:
        with open(path, "rb") as fh:
            text = fh.read(MAX_BYTES + 1).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParameterError(f"{path}: cannot be read as UTF-8 text ({exc})") from None
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ParameterError(f"{path}: is not valid YAML ({str(exc).splitlines()[0]})") from None


def load(ref):
    """A checked scenario (carbonpeak.model.scenario.Scenario) from a shipped name or a path."""
    from .model.scenario import load as load_scenario

    return load_scenario(ref)


def available() -> list[str]:
    return sorted(p.stem for p in paths.SCENARIOS.glob("*.yml"))
