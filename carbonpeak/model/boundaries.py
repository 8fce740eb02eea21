"""The accounting boundaries, declared once: what each counts, and its names in English and Chinese (long, for
headings and tables, and short, for sentences and legends). Every page labels a boundary from here.

- territorial: scope 1 inside the city, as CEADs counts it;
- with_imports: plus the CO2 of carbon-bearing imported electricity at its own factor (the nuclear power the
  city buys back and the new channels' clean power at zero);
- with_purchases: plus every purchase from the provincial grid at Guangdong's average factor (MEE/NBS), the
  way the official factors are meant for the CO2 of electricity consumed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Boundary:
    """One boundary's names."""

    name: str
    en: str
    en_short: str
    zh: str
    zh_short: str

    def label(self, lang: str = "en", short: bool = False) -> str:
        """The name in ``lang`` (en or zh), long or short."""
        if lang == "zh":
            return self.zh_short if short else self.zh
        return self.en_short if short else self.en


BOUNDARIES = {
    b.name: b
    for b in (
        Boundary(
            "territorial",
            "territorial (scope 1, as CEADs)",
            "territorial",
            "属地排放（范围一，与CEADs清单口径一致）",
            "属地排放",
        ),
        Boundary(
            "with_imports",
            "with imported electricity",
            "with imported electricity",
            "含外来电排放（属地排放加上含碳外来电的排放，按其排放因子计）",
            "含外来电排放",
        ),
        Boundary(
            "with_purchases",
            "with every purchase at the grid average",
            "with purchases at the grid average",
            "含全部外购电排放（属地排放加上全部外购电的排放，按广东电网平均排放因子计）",
            "含外购电排放（电网平均因子）",
        ),
    )
}


def label(name: str, lang: str = "en", short: bool = False) -> str:
    """A boundary's name for a page; an unknown name is returned as it is."""
    return BOUNDARIES[name].label(lang, short) if name in BOUNDARIES else name
