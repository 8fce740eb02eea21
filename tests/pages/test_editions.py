"""The Chinese edition beside the English one, from the rendered pages (no HTML build): each Chinese template is
its English template's twin (the same code, called with "zh"), the twins show the same numbers, and a chart's
CSV download on a Chinese page has Chinese column names and a byte-order mark."""

import base64
import json
import re

import nbformat
import pytest
import yaml

from carbonpeak import locations
from carbonpeak.runner import render

TWINS = sorted(p.stem for p in (locations.CHAPTERS / "zh").glob("*.ipynb"))
KEY = "carbonpeak_key_numbers"
HAN = re.compile(r"[\u4e00-\u9fff]")


def _cells(path, kind):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == kind]


def test_every_twin_has_an_english_template():
    assert {"answer", "edition", "index"} <= set(TWINS)
    for name in TWINS:
        assert (locations.CHAPTERS / f"{name}.ipynb").is_file(), name
        assert f"zh/{name}" in render.chapters()


@pytest.mark.parametrize("name", TWINS)
def test_a_twin_runs_its_english_templates_code_in_chinese(name):
    en = _cells(locations.CHAPTERS / f"{name}.ipynb", "code")
    zh = _cells(locations.CHAPTERS / "zh" / f"{name}.ipynb", "code")
    assert [c.replace('"en"', '"zh"') for c in en] == zh
    assert sum(c.count('"zh"') for c in zh) == sum(c.count('"en"') for c in en) > 0


@pytest.mark.parametrize("name", TWINS)
def test_a_twin_has_its_english_templates_sections_in_chinese(name):
    def headings(path):
        return [line for cell in _cells(path, "markdown") for line in cell.splitlines() if line.startswith("#")]

    en, zh = headings(locations.CHAPTERS / f"{name}.ipynb"), headings(locations.CHAPTERS / "zh" / f"{name}.ipynb")
    assert len(zh) >= len(en) - 1  # the English landing page's chapter list is the toc's
    assert all(HAN.search(h) for h in zh), zh


def _outputs(page):
    nb = nbformat.read(locations.BOOK / f"{page}.ipynb", as_version=4)
    return [o for cell in nb.cells for o in cell.get("outputs", [])]


def _numbers(page):
    out = {}
    for o in _outputs(page):
        out.update(o.get("metadata", {}).get("text/markdown", {}).get(KEY, {}))
    return out


@pytest.mark.parametrize("name", TWINS)
def test_the_twins_show_the_same_key_numbers(name):
    en, zh = _numbers(name), _numbers(f"zh/{name}")
    assert en == zh
    if name == "answer":
        assert len(en) >= 36


def _bottom_line(page):
    found = [
        "".join(o["data"]["text/markdown"])
        for o in _outputs(page)
        if "carbonpeak-bottom-line" in "".join(o.get("data", {}).get("text/html", ""))
    ]
    assert len(found) == 1, page
    return found[0]


@pytest.mark.parametrize("name", ["answer", "index"])
def test_the_bottom_line_gives_the_same_percentages_in_both_languages(name):
    en = [int(x) for x in re.findall(r"(\d+) ?%", _bottom_line(name))]
    zh = [int(x) for x in re.findall(r"(\d+) ?%", _bottom_line(f"zh/{name}"))]
    assert en == zh and len(en) >= 3


def test_the_chinese_toc_lists_only_chinese_pages():
    toc = yaml.safe_load((locations.BOOK / "zh" / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    for f in files:
        path = next(p for p in (locations.BOOK / "zh").glob(f"{f}.*") if p.suffix in (".ipynb", ".md"))
        text = path.read_text(encoding="utf-8")
        assert len(HAN.findall(text)) > 500, f


def _csvs(page):
    for o in _outputs(page):
        html = "".join(o.get("data", {}).get("text/html", ""))
        for name, data in re.findall(r'download="([^"]+)" href="data:text/csv;charset=utf-8;base64,([^"]+)"', html):
            yield name, base64.b64decode(data)


def test_a_chinese_pages_chart_data_has_chinese_headers_and_a_bom():
    # the charts' data (the IAMC download keeps the format's own column names, which pyam reads)
    found = [(name, data) for name, data in _csvs("zh/answer") if name.startswith("answer_zh_")]
    assert len(found) == 6
    for name, data in found:
        assert data.startswith(b"\xef\xbb\xbf"), name
        header = data.decode("utf-8-sig").splitlines()[0].split(",")
        assert all(HAN.search(h) for h in header), (name, header)
    for _name, data in [c for c in _csvs("answer") if c[0].startswith("answer_en_")]:  # the English page's as before
        assert not data.startswith(b"\xef\xbb\xbf") and data.decode("ascii")
