"""One set of numbers: every key number published in more than one page of the book has the same value
everywhere (the pages' Key findings carry them as output metadata, pages.findings.META_KEY)."""

import re
from collections import defaultdict

import nbformat
import pytest

from carbonpeak import locations
from carbonpeak.pages.findings import BOTTOM_LINE_KEY, META_KEY


def key_numbers(page) -> dict:
    """name -> value for every key number in a page's outputs."""
    out = {}
    for cell in nbformat.read(page, 4).cells:
        for output in cell.get("outputs", []):
            for meta in output.get("metadata", {}).values():
                if isinstance(meta, dict) and META_KEY in meta:
                    out.update(meta[META_KEY])
    return out


@pytest.fixture(scope="module")
def published():
    pages = {p.stem: key_numbers(p) for p in sorted(locations.BOOK.glob("*.ipynb"))}
    return {k: v for k, v in pages.items() if v}


def test_every_sector_chapter_and_the_synthesis_publish_key_numbers(published):
    assert {"energy", "industry", "transport", "buildings", "synthesis", "model"} <= set(published)


def test_a_number_shown_in_several_pages_is_the_same_everywhere(published):
    values = defaultdict(dict)
    for page, numbers in published.items():
        for name, value in numbers.items():
            values[name][page] = value
    shared = {name: by_page for name, by_page in values.items() if len(by_page) > 1}
    # the test can fail: the city totals are published by the synthesis, the model chapter and every sector chapter
    assert max(len(by_page) for by_page in shared.values()) >= 3
    assert "baseline/territorial/2030/median_mt" in shared
    differ = {name: by_page for name, by_page in shared.items() if len(set(by_page.values())) > 1}
    assert not differ, f"numbers that differ between pages: {differ}"


def bottom_lines(page) -> list[str]:
    """The bottom-line sentences a page's outputs carry (pages.findings.BOTTOM_LINE_KEY)."""
    found = []
    for cell in nbformat.read(page, 4).cells:
        for output in cell.get("outputs", []):
            for meta in output.get("metadata", {}).values():
                if isinstance(meta, dict) and BOTTOM_LINE_KEY in meta:
                    found.append(meta[BOTTOM_LINE_KEY])
    return found


def test_the_landing_page_and_the_answer_open_with_the_same_bottom_line():
    index, answer = (bottom_lines(locations.BOOK / f"{p}.ipynb") for p in ("index", "answer"))
    assert len(index) == 1 and index == answer
    assert len(bottom_lines(locations.BOOK / "zh" / "answer.ipynb")) == 1


@pytest.mark.parametrize("page", ["answer", "zh/answer"])
def test_the_bottom_line_quotes_the_answer_pages_own_probabilities(page):
    """The sentence's percentages are the plan's P(peak by 2030) with imports, then the other scenarios', then the
    territorial one, as the page's key numbers give them (a route apart from the sentence's own code)."""
    path = locations.BOOK / f"{page}.ipynb"
    numbers = key_numbers(path)
    (sentence,) = bottom_lines(path)
    shown = [int(p) for p in re.findall(r"(\d+) ?%", sentence)]
    expected = [
        round(100 * numbers[f"{s}/{b}/n_years/p_peak_by_2030"])
        for s, b in [
            ("plan", "with_imports"),
            ("baseline", "with_imports"),
            ("accelerated", "with_imports"),
            ("plan", "territorial"),
        ]
    ]
    assert shown == expected, sentence
