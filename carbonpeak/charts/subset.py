"""The theme's icons and stylesheets, subset after the build to what the book's pages use.

Icons: the theme draws about fifteen icons (menu, search, theme switch, download, full screen, arrows) with
Font Awesome Free's whole solid, regular and brands sets: a 1.5 MB script that swaps every icon for an SVG,
and its webfont and 1,900 code-point rules in the theme's stylesheet. ``subset`` draws the icons the built
pages name with CSS alone (each icon's outline, taken from the theme's own copy of the set, as a mask painted
in the text's colour, so it follows the theme, prints, and needs no script), empties the script and takes the
code-point rules and webfont declarations out of the theme's stylesheet. Font Awesome Free's icons are
CC BY 4.0, its code MIT (see the theme's fontawesome.js.LICENSE.txt).

Stylesheets: the theme's and the notebook extension's stylesheets carry all of Bootstrap and the styles of
widgets no page has. A selector that needs a class no built page has and no script names (as a word, or by
a prefix a script completes, such as Bootstrap's ``bs-``) can match nothing and is left out; a rule left with
no selector goes. Selectors with a functional pseudo-class (``:not(.x)`` matches where ``.x`` is absent) are
always kept, and so are at-rules other than media, supports, container and layer blocks.
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

SCRIPTS = Path("_static") / "scripts"
SCRIPT = SCRIPTS / "fontawesome.js"
THEME_CSS = Path("_static") / "styles" / "pydata-sphinx-theme.css"
STUB = "/* The theme's icons are drawn by carbonpeak.css (carbonpeak.charts.subset); the full set is not loaded. */\n"

_PACK = re.compile(r"var p=\{")
_SOLID_CALL = re.compile(r'd\("fas",p\)')
# name:[width,height,[aliases],"code point","outline"]; a name with a dash is quoted
_ICON = re.compile(r'(?:"([a-z0-9-]+)"|([a-z0-9]+)):\[(\d+),(\d+),\[([^\]]*)\],"[0-9a-f]+","([^"]+)"\]')
_USED = re.compile(r"\bfa-([a-z0-9]+(?:-[a-z0-9]+)*)")
_CODE_POINTS = re.compile(r'(?:\.fa-[a-z0-9-]+:before,)*\.fa-[a-z0-9-]+:before\{content:"[^"]*"\}')
_WEBFONTS = re.compile(r"@font-face\{[^}]*Font Awesome[^}]*\}")
# class names that modify an icon (size, animation) rather than name one
_MODIFIERS = {"solid", "regular", "brands", "lg", "xs", "sm", "xl", "fw", "spin", "pulse", "border", "inverse"}


def theme_script() -> Path:
    """The theme's own, complete copy of the icon script (never the subset written into a build)."""
    import pydata_sphinx_theme

    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    return theme / "static" / "scripts" / SCRIPT.name


def solid_icons(script: str) -> dict[str, tuple[int, int, str]]:
    """Every icon of the solid set in ``script`` (the theme's fontawesome.js), by name and by alias:
    name -> (width, height, outline path)."""
    call = _SOLID_CALL.search(script)
    if call is None:
        raise ValueError("the theme's icon script has no solid icon set (has the theme changed?)")
    start = [m.end() for m in _PACK.finditer(script, 0, call.start())][-1]
    icons = {}
    for quoted, bare, width, height, aliases, outline in _ICON.findall(script, start, call.start()):
        shape = (int(width), int(height), outline)
        for name in [quoted or bare, *re.findall(r'"([a-z0-9-]+)"', aliases)]:
            icons.setdefault(name, shape)
    return icons


def used(texts) -> set[str]:
    """The icon names (``fa-<name>`` classes) in ``texts``, modifiers left out."""
    return {name for text in texts for name in _USED.findall(text)} - _MODIFIERS


def css(names, icons: dict[str, tuple[int, int, str]]) -> str:
    """CSS that draws each of ``names`` found in ``icons`` as a mask in the current text colour."""
    found = sorted(n for n in set(names) if n in icons)
    if not found:
        return ""
    selectors = ",".join(f".fa-{n}::before" for n in found)
    lines = [
        f"{selectors}{{content:''!important;display:inline-block;height:1em;vertical-align:-0.125em;"
        "background-color:currentColor;-webkit-mask:var(--cp-icon) no-repeat center/contain;"
        "mask:var(--cp-icon) no-repeat center/contain}"
    ]
    for n in found:
        width, height, outline = icons[n]
        svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{outline}'/></svg>"
        url = "data:image/svg+xml," + urllib.parse.quote(svg, safe=" =:/'.,-")
        lines.append(f'.fa-{n}::before{{width:{width / height:.4g}em;--cp-icon:url("{url}")}}')
    return "/* the theme's icons, subset (carbonpeak.charts.subset) */\n" + "\n".join(lines) + "\n"


# Stylesheets ----------------------------------------------------------------------------------------------

PURGED = ("styles/pydata-sphinx-theme.css", "styles/sphinx-book-theme.css", "mystnb.*.css")
_COMMENT = re.compile(r"/\*.*?\*/", flags=re.S)
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_WORD = re.compile(r"[A-Za-z_][\w-]*")
_BLOCKS = ("@media", "@supports", "@container", "@layer")
DYNAMIC_PREFIXES = ("bs-",)  # Bootstrap composes these class names in its scripts ("bs-" + name + "-auto")


class Corpus:
    """The class names the built pages have and the words their scripts hold: what a selector may need."""

    def __init__(self, html_texts, script_texts):
        self.classes = {c for text in html_texts for attr in re.findall(r'class="([^"]*)"', text) for c in attr.split()}
        self.words = {w for text in [*html_texts, *script_texts] for w in _WORD.findall(text)}
        self.prefixes = {w for w in self.words if w.endswith("-") and len(w) >= 4} | set(DYNAMIC_PREFIXES)

    def has(self, name: str) -> bool:
        """A class some page may carry."""
        return name in self.classes or name in self.words or any(name.startswith(p) for p in self.prefixes)


def _blocks(text: str):
    """The top-level (prelude, body) pairs of a stylesheet without comments."""
    i, n = 0, len(text)
    while (start := text.find("{", i)) >= 0:
        depth, k = 0, start
        while k < n:
            if text[k] in "\"'":
                quote, k = text[k], k + 1
                while text[k] != quote:
                    k += 2 if text[k] == "\\" else 1
            elif text[k] == "{":
                depth += 1
            elif text[k] == "}":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        yield text[i:start].strip(), text[start + 1 : k]
        i = k + 1


def purge(css: str, corpus: Corpus) -> str:
    """``css`` without the selectors that need a class ``corpus`` lacks (see the module's docstring)."""
    out = []
    for prelude, body in _blocks(_COMMENT.sub("", css)):
        if prelude.startswith(_BLOCKS):
            inner = purge(body, corpus)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{body}}}")
        else:
            selectors = re.split(r",(?![^(]*\))", prelude)
            kept = [s.strip() for s in selectors if "(" in s or all(corpus.has(c) for c in _CLASS.findall(s))]
            if kept:
                out.append(f"{','.join(kept)}{{{body.strip()}}}")
    return "".join(out)


def subset(outdir: Path, stylesheet: Path, styles: str) -> list[str]:
    """In the built site ``outdir``: write ``styles`` and the CSS of every icon its pages and theme scripts
    name into ``stylesheet``, empty the icon script, take the code points and webfonts out of the theme's
    stylesheet and purge the theme's and extensions' stylesheets (each step gives the same files when repeated
    on a build Sphinx did not need to redo). Returns the icons drawn."""
    pages = [p.read_text(encoding="utf-8") for p in outdir.rglob("*.html")]
    static = outdir / "_static"
    scripts = [
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(static.rglob("*.js")) if p != outdir / SCRIPT
    ]
    icons = solid_icons(theme_script().read_text(encoding="utf-8"))
    names = sorted(used([*pages, *scripts]) & set(icons))
    stylesheet.write_text(styles + css(names, icons), encoding="utf-8")
    (outdir / SCRIPT).write_text(STUB, encoding="utf-8")
    theme_css = outdir / THEME_CSS
    text = theme_css.read_text(encoding="utf-8")
    theme_css.write_text(_WEBFONTS.sub("", _CODE_POINTS.sub("", text)), encoding="utf-8")
    corpus = Corpus(pages, scripts)
    for pattern in PURGED:
        for path in static.glob(pattern):
            path.write_text(purge(path.read_text(encoding="utf-8"), corpus), encoding="utf-8")
    return names
