"""The targets page's labels in the page's language (the message catalogue's targets.yml and labels.yml)."""

from __future__ import annotations

from carbonpeak import targets
from carbonpeak.pages import messages
from carbonpeak.targets import ACTIONS

M = messages.text
K = "targets"


def _optional(key: str, name: str, lang: str, default: str) -> str:
    """A catalogue entry by a name that comes from data, or ``default``."""
    entry = messages.catalogue().get(f"{key}.{name}")
    return entry[lang] if entry else default


def _symbol(comparator: str, lang: str) -> str:
    return M(f"{K}.symbol.{comparator}", lang)


def _status(status: str, lang: str) -> str:
    return messages.label("status", status, lang)


def action_label(action: str, lang: str = "en") -> str:
    """An action's name: in English with its Chinese name in brackets, in Chinese the plan's own."""
    zh, en = ACTIONS[action]
    return M(f"{K}.coverage.action_label", lang, en=en, zh=zh)


def _grade(grade: str, lang: str = "en") -> str:
    return messages.label("grade", grade, lang)


def _plan_indicators() -> dict:
    return targets.load_targets().set_index("id")["indicator_zh"].to_dict()


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.4g}"
