"""PDFs printed from the built book with the system's Chromium, offline, right after the HTML build: a brief
of each answer page (A4, at most ``BRIEF_PAGES`` sheets, with the print stylesheet of ``carbonpeak.css``) and,
when the build asks for it, the whole book as one PDF with a bookmark per page.

A page is laid out for paper before its charts draw: print media and a window as wide as the sheet's text
column, so every chart is drawn at the width it will be printed (a chart drawn for a wider screen would be cut
or shrunk). Sheets are numbered in their footer.
"""

from __future__ import annotations

import io
import posixpath
from pathlib import Path

from carbonpeak.charts import browser

FOLDER = "pdf"  # beside the pages in the built site: _build/html/pdf/
BRIEF_PAGES = 4
A4_TEXT_PX = 718  # A4's 210 mm less 2 x 12 mm margins, at 96 CSS px per inch (703 px), and a little room
FOOTER = (  # on every sheet: the page's title, the book's version and data vintage, the sheet's number
    '<div style="font-size: 7pt; width: 100%; text-align: right; margin: 0 11mm; color: #333;">'
    '<span class="title"></span> · {note} · <span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)
WORDS = {
    "en": {
        "lead": "PDF",
        "own": "this answer as a brief (A4, at most {n} pages)",
        "other": "中文简报",
        "book": "the whole book",
    },
    "zh": {"lead": "PDF", "own": "本页简报（A4，至多 {n} 页）", "other": "英文简报", "book": "全书"},
}


def links_html(lang: str, hrefs: dict[str, str], book_href: str | None) -> str:
    """The line under an answer page's title that links its brief, the other language's and the book."""
    words = WORDS[lang]
    items = [f'<a href="{hrefs[lang]}">{words["own"].format(n=BRIEF_PAGES)}</a>']
    others = [(other, href) for other, href in hrefs.items() if other != lang]
    items += [f'<a href="{href}" hreflang="{other}">{words["other"]}</a>' for other, href in others]
    if book_href:
        items.append(f'<a href="{book_href}">{words["book"]}</a>')
    return f'<p class="carbonpeak-downloads">{words["lead"]}: ' + " · ".join(items) + "</p>\n"


def print_page(chromium, url: str, note: str, brief: bool = False) -> bytes:
    """The page at ``url`` printed on A4 (its print stylesheet, its charts drawn at the sheet's width), ``note``
    (HTML) in every sheet's footer; a ``brief`` is marked so the stylesheet can leave out what a brief does
    not carry."""
    tab = browser.open_page(chromium, url, width=A4_TEXT_PX, height=1000, media="print")
    try:
        if brief:
            tab.evaluate("() => document.documentElement.classList.add('carbonpeak-brief')")
        return tab.pdf(
            format="A4",
            print_background=True,
            prefer_css_page_size=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=FOOTER.format(note=note),
        )
    finally:
        tab.close()


def page_count(data: bytes) -> int:
    """The number of sheets in a PDF."""
    import pypdf

    return len(pypdf.PdfReader(io.BytesIO(data)).pages)


def reading_order(env, root: str) -> list[str]:
    """Every page of the book in the order of its table of contents, the root first."""
    order = [root]
    for child in env.toctree_includes.get(root, []):
        order += [doc for doc in reading_order(env, child) if doc not in order]
    return order


def book(chromium, base: str, pages: list[tuple[str, str, str]]) -> bytes:
    """``pages`` (path, title, footer note) printed one after the other into one PDF, a bookmark per page."""
    import pypdf

    writer = pypdf.PdfWriter()
    for path, title, note in pages:
        writer.append(io.BytesIO(print_page(chromium, base + path, note)), outline_item=title, import_outline=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def print_all(app, outdir: Path, note) -> None:
    """Print the briefs (and the book, if asked) of the site just built into ``outdir/pdf``; ``note(docname)``
    is the line each sheet's footer adds for a page."""
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    folder = outdir / FOLDER
    folder.mkdir(exist_ok=True)
    with browser.chromium() as chromium, browser.served(outdir) as base:
        for docname, name in app.config.carbonpeak_briefs.items():
            data = print_page(chromium, base + app.builder.get_target_uri(docname), note(docname), brief=True)
            (folder / name).write_bytes(data)
            if page_count(data) > BRIEF_PAGES:
                logger.warning(f"the PDF brief {name} has {page_count(data)} pages, more than {BRIEF_PAGES}")
        if app.config.carbonpeak_book_pdf:
            docs = reading_order(app.env, app.config.root_doc)
            pages = [(app.builder.get_target_uri(d), app.env.titles[d].astext(), note(d)) for d in docs]
            (folder / app.config.carbonpeak_book_pdf).write_bytes(book(chromium, base, pages))
    logger.info(f"PDFs printed into {posixpath.join(outdir.name, FOLDER)}/")
