"""The execution receipt every page ends with: deterministic, and true to the files and the run."""

import html
import re

import nbformat
import pytest
from support import run_cli

from carbonpeak import locations
from carbonpeak.data.provenance import md5sum
from carbonpeak.errors import printable
from carbonpeak.inputs import scenarios
from carbonpeak.runner import receipt, render


def receipts() -> dict[str, str]:
    out = {}
    for page in sorted(locations.BOOK.rglob("*.ipynb")):  # both editions: zh/answer is the Chinese answer
        nb = nbformat.read(page, as_version=4)
        last = nb.cells[-1]
        assert last.cell_type == "markdown" and last["id"] == render.RECEIPT_CELL_ID, page.name
        out[page.relative_to(locations.BOOK).with_suffix("").as_posix()] = last.source
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


HOSTILE = [
    "a`<img src=x onerror=alert(1)>`.yml",
    "``<script>alert(1)</script>``",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "[x](javascript:alert(1))",
    "{eval}`1+1`",
    "<details><summary>x</summary>",
    "*emphasis* _and_ **strong** $x$ | table |",
    "`",
    " spaced ",
    "line\nbreak\n\n# heading",
    "\x1b[2J\u202e",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_literal_is_text_to_a_markdown_parser(text):
    """Rendered by markdown-it (the parser under MyST, with the book's extensions), a value is one code span
    holding exactly its text: no tag, link, role or heading comes out of it."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.colon_fence import colon_fence_plugin
    from mdit_py_plugins.deflist import deflist_plugin

    md = MarkdownIt("commonmark", {"linkify": True}).enable("linkify").use(colon_fence_plugin).use(deflist_plugin)
    out = md.render(receipt.literal(text))
    assert out == f"<p><code>{html.escape(printable(text), quote=False)}</code></p>\n"


def test_the_receipt_lists_the_users_scenario_files_with_their_md5(tmp_path, monkeypatch):
    parent = tmp_path / "parent.yml"
    parent.write_text(
        (locations.SCENARIOS / "plan.yml").read_text(encoding="utf-8").replace("name: plan", "name: parent", 1),
        encoding="utf-8",
    )
    mine = tmp_path / "mine.yml"
    mine.write_text(
        (locations.SCENARIOS / "plan.yml")
        .read_text(encoding="utf-8")
        .replace("name: plan", "name: mine", 1)
        .replace("extends: baseline", "extends: parent.yml", 1),
        encoding="utf-8",
    )
    ref = scenarios.reference(mine)
    listed = receipt.scenario_files({"scenarios": f"baseline,plan,{ref}"})
    assert listed == {ref: md5sum(mine), scenarios.reference(parent): md5sum(parent)}  # shipped ones are data files
    text = receipt.markdown("energy", render.template("energy"), {"scenarios": f"baseline,{ref}"}, {}, listed)
    assert f"`{ref}` `{md5sum(mine)}`" in text
