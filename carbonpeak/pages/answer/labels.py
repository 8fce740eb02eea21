"""Names on the answer page in its language: scenarios, boundaries, rules, assumptions, statuses, years and
probabilities."""

from __future__ import annotations

from carbonpeak.formats import probability
from carbonpeak.inputs import assumptions
from carbonpeak.model import boundaries
from carbonpeak.pages import messages
from carbonpeak.pages.tables import whole

LANGS = messages.LANGS
M = messages.text


def scenario_label(name: str, lang: str) -> str:
    """A scenario's name in the page's language (the catalogue's label; its own name where it has none)."""
    return messages.label("scenario", name, lang)


def boundary_label(b: str, lang: str, short: bool = False) -> str:
    """A boundary's label in the page's language; ``short`` picks the short form."""
    return boundaries.label(b, lang, short=short)


def rule_label(rule: str, lang: str) -> str:
    """A peak rule's label in the page's language."""
    return messages.label("rule", rule, lang)


def assumption_label(name: str, lang: str) -> str:
    """An assumption's label in the page's language."""
    return messages.label("assumption", name, lang)


def status_label(status: str, lang: str) -> str:
    """A target status in the page's language."""
    return messages.label("status", status, lang)


def _year(y, lang: str) -> str:
    return M("common.unit.year", lang, year=whole(y))


def _short(name: str) -> str:
    """An assumption's label without its parenthesis: what a finding names."""
    return assumptions.get(name).label.split(" (")[0]


def _pct(x: float, lang: str) -> str:
    return probability(x, lang)


def _named(name: str, value: str, lang: str) -> str:
    """'plan 86 %' / '规划情景86%'."""
    return f"{scenario_label(name, lang)}{M('common.punct.name_value', lang)}{value}"
