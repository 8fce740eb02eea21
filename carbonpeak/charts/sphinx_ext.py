"""Sphinx extension: what the book's pages load, and what every page says about the book.

- The vega / vega-lite / vega-embed bundle is served from the book's own ``_static`` (it comes from vl-convert,
  no network), on pages with a chart only. It is wrapped in a function scope because, unwrapped, its top-level
  names collide with other scripts on the page and charts silently vanish; the bundle's own snippet still
  publishes ``window.vegaEmbed``. It is written once per vega-lite version under the build folder.
- ``carbonpeak.css`` (``static/``): the book's styles for the light and dark themes and for print.
- A page loads only what it uses: no code-cell toggles, copy buttons or code highlighting on a page without
  code, sphinx-design's styles only where a page uses them, no thebe (the book runs no code in the browser;
  sphinx-thebe also declares its ``THEBE_JS_URL`` twice, an error on every page), no search index outside the
  search page (search-as-you-type is off: the search box opens the search page), the theme's icon set
  subset to the icons drawn and its stylesheets to the rules the pages can use (``carbonpeak.charts.subset``).
- A code cell with nothing left to show (its source removed by ``nb_remove_code_source``, no output: the
  ``parameters`` cell and papermill's injected one) leaves no empty box behind.
- Every page's footer gives the book's version, the data's vintage (the latest year observed in
  ``data/processed``: it changes with the data, never with the day of the build), the edition note and the
  citation (``CITATION.cff``, served beside the pages).
- The answer pages link their PDF briefs, which ``carbonpeak.charts.pdf`` prints after the build.
- Every page links its twin in the other language edition (the English pages at book/, the Chinese at zh/,
  ``carbonpeak.charts.editions``), or the other edition's landing page where it has no twin yet; the Chinese
  edition's search segments words (``carbonpeak.charts.search_zh``).
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
from importlib import metadata
from pathlib import Path

import altair as alt
from docutils import nodes

from carbonpeak import data, locations
from carbonpeak.charts import SOURCES_ANCHOR

BUNDLE_NAME = "carbonpeak-vega.js"
CSS_NAME = "carbonpeak.css"
STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
# assets a page loads only when its HTML uses them: file name -> a marker its body holds when it does
TOGGLES = ('class="toggle', "toggle-details", "dropdown")
ONLY_WHERE_USED = {
    BUNDLE_NAME: ('class="carbonpeak-chart"',),
    "togglebutton.js": TOGGLES,
    "togglebutton.css": TOGGLES,
    "clipboard.min.js": ("<pre",),
    "copybutton.js": ("<pre",),
    "copybutton.css": ("<pre",),
    "pygments.css": ('class="highlight',),
    "sphinx-design.min.css": ('class="sd-',),
    "design-tabs.js": ('class="sd-tab',),
}
NEVER = ("sphinx-thebe.js", "sphinx-thebe.css", "THEBE_JS_URL")
# the inline settings of a script left out go with it
SETTINGS_OF = {"togglebutton.js": ("toggleHint", "toggleOpenOnPrint", "togglebuttonSelector")}
SOURCES_HEADING = {"en": "Sources of the charts", "zh": "图表来源"}
_CAPTION_SOURCE = re.compile(r'<figcaption data-source="([^"]*)">')
_RECEIPT = re.compile(r'<section[^>]*\bid="execution-receipt"')

FOOTER_WORDS = {
    "en": {"version": "Version", "data": "data to", "edition": "What changed in this edition", "cite": "How to cite"},
    "zh": {"version": "版本", "data": "数据截至", "edition": "本版有何变化", "cite": "引用方式"},
}


def _vega_lite_version() -> str:
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"v{major}.{minor}"


def write_bundle(folder: Path) -> Path:
    """Write the vega bundle (wrapped in a function scope; rebuilt only for a new vega-lite or vl-convert
    version) and the book's CSS into ``folder``; return the bundle's path."""
    import vl_convert

    version = _vega_lite_version()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / BUNDLE_NAME
    stamp = folder / f"{BUNDLE_NAME}.{version}.{vl_convert.__version__}"
    if not (target.exists() and stamp.exists()):
        code = vl_convert.javascript_bundle(vl_version=version)
        target.write_text("(function () {\n" + code + "\n})();\n", encoding="utf-8")
        stamp.write_text("", encoding="utf-8")
    shutil.copyfile(STATIC / CSS_NAME, folder / CSS_NAME)
    return target


# What every page's footer says ----------------------------------------------------------------------------


def version() -> str:
    """The book's version (the package's, as pyproject.toml and CITATION.cff state it)."""
    return metadata.version("carbonpeak")


# The site holds two editions, each a Jupyter Book build: the English pages at book/<page>.html (built from the
# project's root) and the Chinese ones at zh/<page>.html (built from book/zh/, carbonpeak.charts.editions).
EDITIONS = {
    "en": {"root": "", "docs": "book/", "hreflang": "en", "switch": "English"},
    "zh": {"root": "zh/", "docs": "", "hreflang": "zh-CN", "switch": "中文"},
}
SWITCH_WORDS = {"en": "This page in English", "zh": "本页中文版"}
SWITCH_HOME = {"zh": "中文版首页（本页暂无中文版）", "en": "English edition"}


def edition_line(lang: str) -> str:
    """'Version 0.1.0 · data to 2025' in the page's language."""
    words = FOOTER_WORDS[lang]
    return f"{words['version']} {html.escape(version())} · {words['data']} {data.vintage()}"


def footer(lang: str, pathto, edition: str, citation: str, original: str = "") -> str:
    """The footer's lines for a page in ``lang`` (``pathto`` makes a link relative to it)."""
    words = FOOTER_WORDS[lang]
    facts = (
        f"{edition_line(lang)} · "
        f'<a href="{pathto(edition)}">{words["edition"]}</a> · '
        f'<a href="{pathto(citation, 1)}">{words["cite"]}</a> ({html.escape(citation)})'
    )
    lines = [f'<p class="carbonpeak-edition">{facts}</p>'] + ([f"<p>{original}</p>"] if original else [])
    return '<div class="carbonpeak-footer">' + "".join(lines) + "</div>"


def twin_exists(lang: str, stem: str) -> bool:
    """Whether the edition ``lang`` has the page ``stem`` (its source in book/ or book/zh/)."""
    folder = locations.BOOK if lang == "en" else locations.BOOK / lang
    return any((folder / f"{stem}{suffix}").is_file() for suffix in (".ipynb", ".md"))


def switch_html(lang: str, docname: str) -> str:
    """The language switch of the page ``docname`` of edition ``lang``: a link to its twin in the other edition
    (relative to the page), or to the other edition's landing page where the twin does not exist yet."""
    own = EDITIONS[lang]
    other_lang = next(x for x in EDITIONS if x != lang)
    other = EDITIONS[other_lang]
    stem = docname[len(own["docs"]) :] if docname.startswith(own["docs"]) else docname
    found = twin_exists(other_lang, stem)
    target = other["root"] + other["docs"] + (stem if found else "index") + ".html"
    here = posixpath.dirname(own["root"] + docname) or "."
    words = SWITCH_WORDS[other_lang] if found else SWITCH_HOME[other_lang]
    return (
        f'<p class="carbonpeak-lang"><a href="{posixpath.relpath(target, here)}" hreflang="{other["hreflang"]}" '
        f'lang="{other["hreflang"]}">{other["switch"]}</a> · <span lang="{other["hreflang"]}">{words}</span></p>\n'
    )


# What a page loads ----------------------------------------------------------------------------------------


def _name(asset) -> str:
    return posixpath.basename(str(asset.filename or "").split("?")[0])


def _kept(asset, body: str) -> bool:
    name = _name(asset)
    inline = asset.attributes.get("body", "") if hasattr(asset, "attributes") else ""
    if name in NEVER or any(marker in inline for marker in NEVER):
        return False
    for script, settings in SETTINGS_OF.items():
        if inline and any(s in inline for s in settings):
            name = script
    return any(marker in body for marker in ONLY_WHERE_USED.get(name, ("",)))


def with_chart_sources(body: str, lang: str) -> str:
    """``body`` with the full source note of every chart on it listed once (in the order the charts appear),
    before the execution receipt: under each chart stands only its short line (charts.Figure)."""
    notes = list(dict.fromkeys(_CAPTION_SOURCE.findall(body)))  # escaped once already, as attribute values
    if not notes:
        return body
    items = "".join(f"<li>{note}</li>\n" for note in notes)
    section = (
        f'<section id="{SOURCES_ANCHOR}">\n<h2>{SOURCES_HEADING[lang]}</h2>\n'
        f'<ol class="carbonpeak-chart-sources">\n{items}</ol>\n</section>\n'
    )
    receipt = _RECEIPT.search(body)
    at = receipt.start() if receipt else len(body)
    return body[:at] + section + body[at:]


def _page_context(app, pagename, templatename, context, doctree) -> None:
    if "body" in context:
        context["body"] = with_chart_sources(context["body"], app.config.carbonpeak_lang)
    body = context.get("body", "")
    for key in ("script_files", "css_files"):
        if key in context:
            kept = []
            for asset in context[key]:
                if _kept(asset, body) and asset not in kept:  # an asset added twice is loaded once
                    kept.append(asset)
            context[key] = kept
    if "pathto" in context:
        context["theme_extra_footer"] = footer(
            app.config.carbonpeak_lang,
            context["pathto"],
            app.config.carbonpeak_edition,
            app.config.carbonpeak_citation,
            app.config.html_theme_options.get("extra_footer", ""),
        )


# What a page shows ----------------------------------------------------------------------------------------


# the execution receipt's heading in each language (carbonpeak/pages/messages/receipt.yml): its section is
# #execution-receipt whatever the language (a Chinese heading gives no id of its own), for the chart sources
# placed before it and the brief's print style that leaves it out
RECEIPT_ID = "execution-receipt"
RECEIPT_TITLES = ("Execution receipt", "运行记录")


def _name_the_receipt(app, doctree) -> None:
    for section in doctree.findall(nodes.section):
        if section.children and section[0].astext() in RECEIPT_TITLES and RECEIPT_ID not in section["ids"]:
            section["ids"].insert(0, RECEIPT_ID)


def _drop_empty_cells(app, doctree) -> None:
    """A code cell whose source is removed and that has no output (the parameters cells) leaves nothing."""
    for cell in list(doctree.findall(nodes.container)):
        if cell.get("nb_element") == "cell_code" and not cell.children:
            cell.parent.remove(cell)


def _title_of(doctree):
    return next(iter(doctree.findall(nodes.title)), None)


def _link_twin(app, doctree) -> None:
    """Under the title of every page: the language switch to its twin in the other edition."""
    title = _title_of(doctree)
    if title is None:
        return
    html_text = switch_html(app.config.carbonpeak_lang, app.env.docname)
    title.parent.insert(title.parent.index(title) + 1, nodes.raw("", html_text, format="html"))


def _link_briefs(app, doctree) -> None:
    """Under the title of each page with a PDF brief: links to the briefs (this edition's and the other's) and
    the whole book."""
    from carbonpeak.charts import pdf

    docname = app.env.docname
    briefs = app.config.carbonpeak_briefs
    if docname not in briefs:
        return
    title = _title_of(doctree)
    if title is None:
        return
    here = posixpath.dirname(docname)

    def href(path: str) -> str:  # a path from the build's root, relative to this page
        return posixpath.relpath(path, here or ".")

    lang = app.config.carbonpeak_lang
    book = app.config.carbonpeak_book_pdf
    hrefs = {lang: href(posixpath.join(pdf.FOLDER, briefs[docname]))}
    hrefs.update({other: href(path) for other, path in app.config.carbonpeak_other_briefs.items()})
    links = pdf.links_html(lang, hrefs, href(posixpath.join(pdf.FOLDER, book)) if book else None)
    title.parent.insert(title.parent.index(title) + 1, nodes.raw("", links, format="html"))


# Wiring ---------------------------------------------------------------------------------------------------


def _add_static(app) -> None:
    folder = Path(app.doctreedir).parent / "carbonpeak_static"
    write_bundle(folder)
    app.config.html_static_path.append(str(folder))


def _add_templates(app, config) -> None:
    config.templates_path = [str(TEMPLATES), *config.templates_path]


def _finish(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from carbonpeak.charts import pdf, subset

    outdir = Path(app.outdir)
    subset.subset(outdir, outdir / "_static" / CSS_NAME, (STATIC / CSS_NAME).read_text(encoding="utf-8"))
    lang = app.config.carbonpeak_lang
    pdf.print_all(app, outdir, lambda docname: edition_line(lang))


def setup(app):
    """Sphinx entry point."""
    from sphinx.search import languages

    languages["zh"] = "carbonpeak.charts.search_zh.SearchChineseTerms"  # the Chinese edition's search
    app.add_config_value("carbonpeak_briefs", {}, "html", types=[dict])
    app.add_config_value("carbonpeak_book_pdf", "", "html", types=[str])
    app.add_config_value("carbonpeak_edition", "book/edition", "html", types=[str])
    app.add_config_value("carbonpeak_citation", "CITATION.cff", "html", types=[str])
    app.add_config_value("carbonpeak_lang", "en", "html", types=[str])
    app.add_config_value("carbonpeak_other_briefs", {}, "html", types=[dict])
    app.connect("config-inited", _add_templates)
    app.connect("builder-inited", _add_static)
    app.connect("doctree-read", _drop_empty_cells)
    app.connect("doctree-read", _name_the_receipt)
    app.connect("doctree-read", _link_briefs)
    app.connect("doctree-read", _link_twin)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _finish)
    app.add_js_file(BUNDLE_NAME)
    app.add_css_file(CSS_NAME)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
