"""Names and units on the overview page in the page's language: the catalogue's words for what the analysis
names in English (series, vintages, methods), the city, and CO2 in Mt or 万吨."""

from __future__ import annotations

import pandas as pd

from carbonpeak.analysis import projections, record
from carbonpeak.pages import messages

M = messages.text
WAN = messages.CO2_SCALE["zh"]  # 万吨 per Mt: the Chinese sentences' values are given in both units
TWH_SCALE = {"en": 1, "zh": 10}  # TWh in English, 亿千瓦时 in Chinese


def say(group: str, english: str, lang: str) -> str:
    """A name the analysis gives in English (a series, a vintage, a basis) in ``lang``; one the catalogue does
    not list is shown as it is."""
    entry = messages.catalogue().get(f"overview.{group}.{english}")
    return entry[lang] if entry and entry.get(lang) else english


def citation(text: str, lang: str) -> str:
    """A short citation as a table shows it: whole in English, the source's name in Chinese."""
    name = messages.label("source_name", text.split(" (")[0], lang)
    return M("overview.citation", lang, citation=text, name=name)


def grades(text: str, lang: str = "en") -> str:
    """'measured, official_point' -> 'measured, official point figure'."""
    return messages.join((messages.label("grade", g.strip(), lang) for g in str(text).split(",")), lang)


def city_label(city: str, lang: str = "en") -> str:
    """The city as the page names it: 'Shenzhen (广东深圳)' in English, its CEADs name in Chinese."""
    english = record.ENGLISH_NAMES.get(city)
    return M("overview.city.label", lang, english=english, city=city) if english else city


def method_label(projection: pd.DataFrame, lang: str = "en") -> str:
    """The projection's method as the page names it (carbonpeak.analysis.projections' label)."""
    a = projection.attrs
    return M(f"overview.method.{a['method']}", lang) + (
        M("overview.method.calibrated", lang) if a["calibrated"] else ""
    )


def scaled(df: pd.DataFrame, columns, lang: str) -> pd.DataFrame:
    """Mt CO2 columns in the language's unit (万吨 in Chinese)."""
    return df.assign(**{c: messages.co2(df[c], lang) for c in columns})


def digits(lang: str, en: int) -> int:
    """Decimals of a CO2 value in the language's unit: ``en`` for Mt, two fewer for 万吨 (100 per Mt)."""
    return max(0, en - len(str(messages.CO2_SCALE[lang])) + 1)


def method_text(label: str, lang: str) -> str:
    """A projection label (carbonpeak.analysis.projections') in the page's language."""
    for name, text in projections.METHOD_LABELS.items():
        if label.startswith(text):
            calibrated = label != text
            return M(f"overview.method.{name}", lang) + (M("overview.method.calibrated", lang) if calibrated else "")
    return label


def pct(fraction: float, lang: str = "en") -> str:
    """A share as a percentage: 0.1 -> '10 %' ('10%' in Chinese)."""
    return M("overview.nowcast_text.pct", lang, pct=fraction * 100)


def in_units(df: pd.DataFrame, columns, lang: str) -> pd.DataFrame:
    """Each evidence row in the language's unit: Mt CO2 -> 万吨, TWh -> 亿千瓦时 in Chinese (ten per TWh)."""
    scale = df["series"].map(lambda s: messages.co2(1, lang) if s.endswith("Mt CO2") else TWH_SCALE[lang])
    out = df.copy()
    for c in columns:
        out[c] = df[c] * scale
    return out
