"""The synthesis page's labels and numbers in the page's language (the message catalogue's
synthesis.yml and labels.yml)."""

from __future__ import annotations

import pandas as pd

from carbonpeak.inputs import parts
from carbonpeak.model import boundaries
from carbonpeak.pages import messages
from carbonpeak.pages.tables import NA

M = messages.text
K = "synthesis"


def _scenario(name: str, lang: str) -> str:
    return messages.label("scenario", name, lang)


def _boundary(boundary: str, lang: str) -> str:
    return boundaries.label(boundary, lang)


def _rule(rule: str, lang: str) -> str:
    return messages.label("rule", rule, lang)


def _assumption(name: str, lang: str) -> str:
    """An assumption's label, with its name for the analyst who sets it on an English page."""
    return M(f"{K}.assumption", lang, label=messages.label("assumption", name, lang), name=name)


def _part(part: str, lang: str) -> str:
    """A part's label (the English label of data/parts.yml is the model's key)."""
    return {p.en: getattr(p, lang) for p in parts.parts().values()}.get(part, part)


def _optional(key: str, name: str, lang: str, default: str) -> str:
    """A catalogue entry by a name that comes from data (a scenario file, a register row), or ``default``."""
    entry = messages.catalogue().get(f"{key}.{name}")
    return entry[lang] if entry else default


def _mt(value, lang: str) -> str:
    return NA if pd.isna(value) else M(f"{K}.mt", lang, value=value, wan=messages.co2(round(value, 1), "zh"))


def _mt_range(low, high, lang: str) -> str:
    if pd.isna(low):
        return M(f"{K}.none", lang)
    return M(
        f"{K}.mt_range",
        lang,
        low=low,
        high=high,
        low_wan=messages.co2(round(low, 1), "zh"),
        high_wan=messages.co2(round(high, 1), "zh"),
    )


def _columns(key: str, lang: str, names: list[str], **values) -> dict[str, str]:
    return {n: M(f"{key}.{n}", lang, **values) for n in names}


def _output(output: str, lang: str) -> str:
    return _optional(f"{K}.sobol.outputs", output, lang, output)
