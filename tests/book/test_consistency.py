"""One set of numbers: every key number published in more than one page of the book has the same value
everywhere (the pages' Key findings carry them as output metadata, pages.findings.META_KEY)."""

from collections import defaultdict

import nbformat
import pytest

from carbonpeak import locations
from carbonpeak.pages.findings import META_KEY


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
