"""The "Key findings" box every chapter opens with, and the key numbers behind it.

A chapter's findings are generated from its results. On the page they are a box (HTML with the class
``carbonpeak-findings``, styled by ``carbonpeak.charts.sphinx_ext``; myst-nb shows text/html before text/markdown); the
markdown travels with it for other viewers. The numbers they rest on travel with the output as
metadata (``carbonpeak_key_numbers``, name -> value), so a test can read every published page and check
that a number shown in more than one chapter (e.g. the baseline's median territorial CO2 in 2030) is the
same everywhere. Names say what they hold: ``<scenario>/<boundary>/<year>/median_mt``,
``<scenario>/<boundary>/<rule>/p_peak_by_<year>``, and for the sector chapters
``<scenario>/<kind>/<item>/<year>/median_<unit>`` (kind: part, supply, demand, fleet, import_ef; item
slugged: 'road: cars' -> road_cars), e.g. ``plan/supply/imports/2030/median_twh``.
"""

from __future__ import annotations

import html
import re

import numpy as np
from markdown_it import MarkdownIt

from carbonpeak.constants import MILESTONES

META_KEY = "carbonpeak_key_numbers"
MT_DIGITS = 1  # Mt are shown with one decimal
P_DIGITS = 3


BOX_CLASS = "carbonpeak-findings"
_INLINE = MarkdownIt("commonmark", {"html": False})  # bullets are markdown text; raw HTML in them is escaped


class KeyFindings:
    """Bullets (inline markdown) shown in a box; ``numbers`` stored with them as output metadata. ``label``
    names the box for screen readers, in the page's language."""

    def __init__(self, bullets: list[str], numbers: dict | None = None, label: str = "Key findings"):
        self.bullets = [b for b in bullets if b]
        self.numbers = dict(sorted((numbers or {}).items()))
        self.label = label

    def markdown(self) -> str:
        return "\n".join(f"- {b}" for b in self.bullets)

    def to_html(self) -> str:
        items = "".join(f"<li>{_INLINE.renderInline(b)}</li>\n" for b in self.bullets)
        return f'<aside class="{BOX_CLASS}" aria-label="{html.escape(self.label)}">\n<ul>\n{items}</ul>\n</aside>\n'

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/html": self.to_html(), "text/markdown": self.markdown(), "text/plain": self.markdown()}
        return data, {"text/markdown": {META_KEY: self.numbers}}


BOTTOM_LINE_CLASS = "carbonpeak-bottom-line"
BOTTOM_LINE_KEY = "carbonpeak_bottom_line"


class BottomLine:
    """One sentence (inline markdown) that opens a page with the answer; the sentence travels with the output as
    metadata (``carbonpeak_bottom_line``), so a test can check that every page carrying it says the same."""

    def __init__(self, sentence: str):
        self.sentence = sentence

    def to_html(self) -> str:
        return f'<p class="{BOTTOM_LINE_CLASS}">{_INLINE.renderInline(self.sentence)}</p>\n'

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/html": self.to_html(), "text/markdown": self.sentence, "text/plain": self.sentence}
        return data, {"text/markdown": {BOTTOM_LINE_KEY: self.sentence}}


NUMBERS_CLASS = "carbonpeak-numbers"


class Numbers:
    """A few numbers that matter, each with what it counts, drawn side by side (a description list)."""

    def __init__(self, items: list[tuple[str, str]], label: str):
        self.items = items  # (number as shown, what it counts, inline markdown)
        self.label = label

    def markdown(self) -> str:
        return "\n".join(f"- **{value}** {what}" for value, what in self.items)

    def to_html(self) -> str:
        rows = "".join(
            f"<div><dt>{html.escape(value)}</dt><dd>{_INLINE.renderInline(what)}</dd></div>\n"
            for value, what in self.items
        )
        return f'<dl class="{NUMBERS_CLASS}" aria-label="{html.escape(self.label)}">\n{rows}</dl>\n'

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": self.to_html(), "text/markdown": self.markdown(), "text/plain": self.markdown()}, {}


def city_numbers(ensemble, years=(2030,)) -> dict:
    """Median total CO2 per scenario, boundary and year (Mt, one decimal)."""
    out = {}
    for name, result in ensemble:
        for boundary in ("territorial", "with_imports"):
            total = result.total(boundary)
            for year in years:
                j = np.nonzero(result.years == year)[0]
                if len(j):
                    out[f"{name}/{boundary}/{year}/median_mt"] = round(float(np.median(total[:, j[0]])), MT_DIGITS)
    return out


def peak_numbers(table, years=MILESTONES) -> dict:
    """P(peak by year) per scenario, boundary and rule from an outcomes.peak_table."""
    out = {}
    for r in table.to_dict("records"):
        for year in years:
            out[f"{r['scenario']}/{r['boundary']}/{r['rule']}/p_peak_by_{year}"] = round(
                float(r[f"P(peak <= {year})"]), P_DIGITS
            )
    return out


TWH_DIGITS = 1  # TWh are shown with one decimal
EF_DIGITS = 3  # t CO2 per MWh
VEHICLE_ROUNDING = -3  # vehicles to the nearest thousand


def slug(text: str) -> str:
    """A name's part as it appears in a key: 'road: cars' -> 'road_cars'."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _at(result, year: int):
    j = np.nonzero(result.years == year)[0]
    return int(j[0]) if len(j) else None


def median_numbers(ensemble, kind: str, items: dict, years, unit: str, digits: int) -> dict:
    """``<scenario>/<kind>/<item>/<year>/median_<unit>`` for every scenario, item and year in the run;
    ``items`` maps an item's name to a function of a result giving draws x years."""
    out = {}
    for name, result in ensemble:
        for item, values_of in items.items():
            values = values_of(result)
            for year in years:
                j = _at(result, year)
                if j is not None:
                    value = round(float(np.median(values[:, j])), digits)
                    out[f"{name}/{kind}/{slug(item)}/{year}/median_{unit}"] = int(value) if digits <= 0 else value
    return out


def part_numbers(ensemble, parts, years=(2030,)) -> dict:
    """Median CO2 of territorial parts (and 'imported electricity'), Mt."""
    items = {p: (lambda r, p=p: r.imported if p == "imported electricity" else r.parts[p]) for p in parts}
    return median_numbers(ensemble, "part", items, years, "mt", MT_DIGITS)


def supply_numbers(ensemble, sources, years=(2030,)) -> dict:
    """Median electricity supply by source, TWh."""
    return median_numbers(
        ensemble, "supply", {s: (lambda r, s=s: r.supply[s]) for s in sources}, years, "twh", TWH_DIGITS
    )


def demand_numbers(ensemble, uses, years=(2030,)) -> dict:
    """Median electricity demand by use ('total' for the sum), TWh."""
    items = {u: (lambda r, u=u: sum(r.demand.values()) if u == "total" else r.demand[u]) for u in uses}
    return median_numbers(ensemble, "demand", items, years, "twh", TWH_DIGITS)
