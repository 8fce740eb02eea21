"""The explorer's names in the page's language: the sliders, the boundaries, ranges, and CO2 in Mt or 万吨."""

from __future__ import annotations

from carbonpeak.inputs import scenarios
from carbonpeak.model import boundaries
from carbonpeak.pages import messages

M = messages.text


def boundary_short(lang: str) -> dict[str, str]:
    """The two boundaries' short names in the page's language."""
    return {name: boundaries.label(name, lang, short=True) for name in ("territorial", "with_imports")}


def fmt_path(x) -> str:
    """A value or a path of values as the lever list writes it: 4.5, (0.5, 1, 1.5)."""
    return "(" + ", ".join(f"{v:g}" for v in x) + ")" if isinstance(x, tuple) else f"{x:g}"


def fmt_range(s, lang: str = "en") -> str:
    """A registry range ('low to high') in the page's language."""
    return M("explorer.lever_list.range", lang, low=fmt_path(s.low), high=fmt_path(s.high))


def lever_label(lever, lang: str = "en") -> str:
    """A slider's label with its unit in the page's language (the grid's own in English)."""
    return M(f"explorer.lever.{lever.key}", lang, label=lever.label)


def co2_unit(lang: str) -> float:
    """The language's CO2 unit per Mt (Mt in English, 万吨 in Chinese)."""
    return messages.co2(1, lang)


def baseline_settings() -> dict:
    """The baseline scenario's settings: where every slider's stated value comes from."""
    return scenarios.load("baseline").settings()
