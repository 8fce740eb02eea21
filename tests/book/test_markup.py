"""Nothing a user hands in becomes markup on a published page, built with jupyter-book and the book's own
_config.yml and opened in Chromium: no script runs, no tag appears, and no template expression is evaluated
when the site is built.

The payloads reach the page by every route a user has: a scenario file's title and description (free text,
shown in the synthesis' scenario table), the receipt's parameters and scenario-file names (written here
with receipt.markdown as if the path checks had let them through, so the receipt's own escaping is what is
tested), and plain page text (as if any user text reached a markdown cell unescaped, so the configuration
itself is what is tested: no extension evaluates ``{{ ... }}``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from support import run_cli

from carbonpeak import locations
from carbonpeak.runner import receipt, render

BIN = Path(sys.executable).parent


def payloads(witness: Path) -> dict[str, str]:
    """Each payload with the mark it leaves if it runs: a global in the page, or a file on disk."""
    jinja = "{{ lipsum.__globals__['os'].popen('touch %s').read() }}"
    return {
        "img": '`<img src=x onerror="window.__pwned = (window.__pwned || 0) + 1">`',
        "script": "<script>window.__pwned = (window.__pwned || 0) + 1</script>",
        "jinja-title": jinja % (witness / "title"),
        "jinja-text": jinja % (witness / "text"),
        "jinja-receipt": jinja % (witness / "receipt"),
        "link": "[click](javascript:window.__pwned=1)",
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("markup")
    witness = tmp / "witness"
    witness.mkdir()
    p = payloads(witness)
    # 1. a real run: a scenario whose title and description carry the payloads (its file name is plain)
    scenario = yaml.safe_load((locations.SCENARIOS / "plan.yml").read_text(encoding="utf-8"))
    scenario.update(name="hostile", title=f"{p['img']} {p['jinja-title']}", description=f"{p['script']} {p['link']}")
    (tmp / "hostile.yml").write_text(yaml.safe_dump(scenario, allow_unicode=True), encoding="utf-8")
    settings = ["--set", "scenarios=baseline,hostile.yml", "--set", "draws=200", "--set", "sobol_base=64"]
    result = run_cli("run", "synthesis", *settings, "--out", str(tmp / "book"), cwd=tmp)
    assert result.returncode == 0, result.stderr
    page = nbformat.read(tmp / "book" / "synthesis.ipynb", as_version=4)
    # 2. the receipt built from values no path check would let through, and plain text with a template expression
    values = {"scenarios": f"baseline,a{p['img']}.yml,{p['jinja-receipt']}", "city": p["script"]}
    page.cells.append(nbformat.v4.new_markdown_cell(f"Plain text: {p['jinja-text']} and {p['link']}"))
    page.cells.append(
        nbformat.v4.new_markdown_cell(
            receipt.markdown("synthesis", render.template("synthesis"), values, {}, {f"b{p['img']}.yml": "0" * 32})
        )
    )
    nbformat.write(page, tmp / "book" / "synthesis.ipynb")
    shutil.copy(locations.ROOT / "_config.yml", tmp / "_config.yml")
    (tmp / "_toc.yml").write_text("format: jb-book\nroot: book/synthesis\n", encoding="utf-8")
    build = subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(tmp), "--path-output", str(tmp / "out")],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    html = tmp / "out" / "_build" / "html" / "book" / "synthesis.html"
    assert html.exists()
    return html, witness, p


def test_no_template_expression_is_evaluated_when_the_site_is_built(site):
    html, witness, _ = site
    assert not list(witness.iterdir())
    assert "lipsum.__globals__" in html.read_text(encoding="utf-8")  # shown as text, not evaluated away


def test_no_user_value_becomes_a_tag_or_runs_in_chromium(site, browser):
    html, witness, p = site
    dialogs = []
    tab = browser.new_page()  # the session's browser (Playwright runs one at a time per thread)
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    tab.goto(html.as_uri())
    tab.wait_for_timeout(1500)  # let any injected handler fire
    state = tab.evaluate(
        """() => ({
            pwned: window.__pwned === undefined ? null : window.__pwned,
            onerror: document.querySelectorAll('[onerror]').length,
            images: [...document.images].map(i => i.getAttribute('src')).filter(s => s === 'x').length,
            jsLinks: [...document.links].filter(a => a.href.startsWith('javascript:')).length,
            injected: [...document.scripts].filter(s => s.textContent.includes('__pwned')).length,
            text: document.body.innerText,
        })"""
    )
    tab.close()
    assert not dialogs
    assert state["pwned"] is None
    assert state["onerror"] == 0 and state["images"] == 0 and state["jsLinks"] == 0 and state["injected"] == 0
    # every payload is on the page, as the text it is
    assert 'onerror="window.__pwned' in state["text"]  # the scenario's title, in the scenario table
    assert "<script>window.__pwned" in state["text"]
    assert "lipsum.__globals__" in state["text"]
    assert not list(witness.iterdir())


# Extensions that only parse markup; any other (substitution's Jinja, dollarmath's raw TeX, html_image's raw
# attributes) would need a reason and a test here first.
PARSE_ONLY = {"colon_fence", "deflist", "linkify"}


def test_the_book_configuration_evaluates_nothing_at_build_time():
    config = yaml.safe_load((locations.ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert set(config["parse"]["myst_enable_extensions"]) <= PARSE_ONLY
    assert "myst_substitutions" not in str(config)
    assert config["execute"]["execute_notebooks"] == "off"  # pages are executed by carbonpeak, never by the build
    assert config["sphinx"]["extra_extensions"] == ["carbonpeak.charts.sphinx_ext"]
    assert not config["launch_buttons"]["thebe"]
