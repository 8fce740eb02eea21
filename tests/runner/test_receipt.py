"""The execution receipt every page ends with: deterministic, and true to the files and the run."""

import re

import nbformat
from conftest import run_cli

from carbonpeak import locations
from carbonpeak.data.provenance import md5sum
from carbonpeak.runner import receipt, render


def receipts() -> dict[str, str]:
    out = {}
    for page in sorted(locations.BOOK.glob("*.ipynb")):
        nb = nbformat.read(page, as_version=4)
        last = nb.cells[-1]
        assert last.cell_type == "markdown" and last["id"] == render.RECEIPT_CELL_ID, page.name
        out[page.stem] = last.source
    return out


def test_every_page_ends_with_a_receipt_whose_md5s_match_the_data_files():
    pages = receipts()
    assert set(pages) == set(render.chapters())
    for chapter, text in pages.items():
        listed = dict(re.findall(r"- `([^`]+)`: md5 `([0-9a-f]{32})`", text))
        assert listed, chapter
        assert set(listed) == {p.relative_to(locations.ROOT).as_posix() for p in receipt.data_files()}, chapter
        for name, md5 in listed.items():
            assert md5sum(locations.ROOT / name) == md5, f"{chapter}: {name}"
        assert f"`{receipt.code_fingerprint(render.template(chapter))}`" in text, chapter
        defaults = render.template_defaults(chapter)
        for name, value in defaults.items():
            assert f"`{name}={value!r}`" in text, (chapter, name)


def test_the_fingerprint_follows_the_code(tmp_path):
    template = render.template("energy")
    first = receipt.code_fingerprint(template)
    copy = tmp_path / "energy.ipynb"
    copy.write_bytes(template.read_bytes() + b"\n")
    assert receipt.code_fingerprint(copy) != first  # a changed template changes it
    assert receipt.code_fingerprint(template) == first


def test_a_run_is_quiet_and_a_book_run_ends_with_its_times(tmp_path):
    result = run_cli("book", "sources", "--out", str(tmp_path / "book"))
    assert result.returncode == 0, result.stderr
    assert "without encryption" not in result.stderr + result.stdout
    lines = (result.stdout + result.stderr).splitlines()
    start = lines.index(next(line for line in lines if line.startswith("chapter") and "seconds" in line))
    assert lines[start + 1].startswith("sources") and lines[start + 2].startswith("total")
