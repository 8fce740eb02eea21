"""Sphinx extension: serve the vega / vega-lite / vega-embed bundle from the book's own ``_static``.

The bundle comes from vl-convert (no network). It is wrapped in a function scope because, unwrapped, its
top-level names collide with other scripts on the page and charts silently vanish; the bundle's own snippet
still publishes ``window.vegaEmbed``. It is written once per vega-lite version under the build folder.
"""

from __future__ import annotations

from pathlib import Path

import altair as alt

BUNDLE_NAME = "carbonpeak-vega.js"
CSS_NAME = "carbonpeak.css"
CSS = """.carbonpeak-figure { margin: 1.2em 0; }
.carbonpeak-figure figcaption { font-size: 0.85em; color: #444; margin-top: 0.3em; }
.carbonpeak-chart { width: 100%; min-height: 120px; }
/* Chinese text in the Simplified Chinese glyph forms (a bare fallback may pick the Japanese ones) */
:root { --pst-font-family-base-system: system-ui, "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
        "Microsoft YaHei", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji"; }
/* sliders of interactive charts: one per line, label above, as wide as a phone allows */
.carbonpeak-chart .vega-bindings { margin-top: 0.6em; font-size: 0.9em; }
.carbonpeak-chart .vega-bind { margin: 0.4em 0; }
.carbonpeak-chart .vega-bind-name { display: block; }
.carbonpeak-chart .vega-bind input[type="range"] { width: min(100%, 20em); vertical-align: middle; }
.carbonpeak-chart .vega-bind-radio label { margin: 0 1em 0 0.25em; }
details.carbonpeak-details > summary { cursor: pointer; margin: 0.4em 0; }
/* a long word in running text (a URL, a file name) breaks rather than widening the page */
.bd-article p, .bd-article li, .bd-article dd { overflow-wrap: break-word; }
/* the "Key findings" box every chapter opens with (carbonpeak.pages.findings.KeyFindings) */
.carbonpeak-findings { border: 1px solid #b7cde3; border-left: 5px solid #2e75b6; border-radius: 4px;
                       background: #f2f7fc; padding: 0.5em 1em 0.5em 0.4em; margin: 0.4em 0 1.4em; }
.carbonpeak-findings ul { margin: 0; padding-left: 1.6em; }
.carbonpeak-findings li { margin: 0.35em 0; }
html[data-theme="dark"] .carbonpeak-findings { background: #16222e; border-color: #2e4a66; border-left-color: #5b9bd5; }
/* file names and hashes in tables and lists (e.g. the execution receipt) break anywhere rather than widen the page */
td code, li code { overflow-wrap: anywhere; word-break: break-word; }
"""


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
    (folder / CSS_NAME).write_text(CSS, encoding="utf-8")
    return target


def _add_static(app) -> None:
    folder = Path(app.doctreedir).parent / "carbonpeak_static"
    write_bundle(folder)
    app.config.html_static_path.append(str(folder))


def setup(app):
    """Sphinx entry point: write the bundle once the builder starts and add it and the CSS to every page."""
    app.connect("builder-inited", _add_static)
    app.add_js_file(BUNDLE_NAME)
    app.add_css_file(CSS_NAME)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
