"""How a probability and an amount of CO2 are written, in English and in Chinese: one formatter for every page,
table and chart text.

A probability from a finite set of draws is never written as certain: if any draw fails it is at most
'> 99 %', if any succeeds at least '< 1 %', and even when all draws agree it stays '> 99 %' / '< 1 %'
(10 000 draws cannot show that an outcome is certain). Chinese writes 超过99% and 不足1%, with no space.
"""

from __future__ import annotations

import math

LANGUAGES = ("en", "zh")


def probability(p: float, lang: str = "en") -> str:
    """``p`` (0-1) as a whole percentage for a reader: 0.864 -> '86 %' ('86%' in Chinese), 0.998 or 1.0 ->
    '> 99 %' (超过99%), 0.003 or 0.0 -> '< 1 %' (不足1%); a missing value -> '–'."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {LANGUAGES}")
    try:
        value = float(p)
    except (TypeError, ValueError):  # None, pandas' NA
        return "–"
    if math.isnan(value):
        return "–"
    shown = round(100 * value)
    if lang == "zh":
        return "超过99%" if shown >= 100 else "不足1%" if shown <= 0 else f"{shown}%"
    return "> 99 %" if shown >= 100 else "< 1 %" if shown <= 0 else f"{shown} %"


def co2(mt: float, lang: str = "en") -> str:
    """Mt CO2 for a reader, to 0.1 Mt (the precision the pages use): 46.99 -> '47.0 Mt', in Chinese '4700万吨';
    a missing value -> '–'."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {LANGUAGES}")
    try:
        value = float(mt)
    except (TypeError, ValueError):
        return "–"
    if math.isnan(value):
        return "–"
    return f"{round(value, 1) * 100:.0f}万吨" if lang == "zh" else f"{value:.1f} Mt"
