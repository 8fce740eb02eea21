"""Tables fit for print, the one table every page shows: rendered by pandas' Styler with no index column, a
format per column (percentages as percentages, years as whole numbers, numbers to the precision they
support), cells that wrap instead of being cut or scrolling sideways, and long tables folded into a
<details> block. A table whose columns cannot fit the text column it sits in, even with every cell wrapped
(a CSS container query on the table's own width, so it holds for a phone, a laptop's narrow window and the
book's sidebar layout alike), reads as one card per row, each cell labelled with its column's name; no
table is ever wider than its column.

The Styler's element ids come from a hash of the table's content (``set_uuid``), so the same table gives the
same bytes on every render.

    Table(df, formats={"P(peak ≤ 2030)": percent(), "year": whole, "median (Mt)": number(1)})
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from carbonpeak.analysis.peaks import RULES, label
from carbonpeak.charts import published
from carbonpeak.errors import DataError
from carbonpeak.inputs import assumptions
from carbonpeak.model import boundaries

LONG = 15  # a table with more rows than this is folded (the reader opens it)
NARROW = 600  # px: in a column narrower than this (a phone) type and padding shrink
CHAR_PX, HEAD_PX, CELL_PX = (
    8.2,
    8.8,
    22,
)  # a cell character and a bold header character at 0.9em, a cell's padding (generous)
NA = "–"
STYLES = [
    {
        "selector": "",
        "props": [
            ("border-collapse", "collapse"),
            ("margin", "0.6em 0 1em"),
            ("font-size", "0.9em"),
            ("max-width", "100%"),
            ("font-variant-numeric", "tabular-nums"),
        ],
    },
    {
        "selector": "caption",
        "props": [("caption-side", "top"), ("text-align", "left"), ("font-weight", "600"), ("padding-bottom", "0.3em")],
    },
    # cells wrap between words (and inside a word longer than the column) instead of being cut
    {
        "selector": "td, th",
        "props": [
            ("white-space", "normal"),
            ("overflow-wrap", "break-word"),
            ("vertical-align", "top"),
            ("text-align", "left"),
            ("padding", "0.25em 0.6em"),
            ("border-bottom", "1px solid #ddd"),
        ],
    },
    {"selector": "thead th", "props": [("border-bottom", "2px solid #888")]},
]


def percent(digits: int = 0, space: bool = True) -> Callable[[float], str]:
    """A share (0-1) as a percentage: 0.8642 -> '86 %' (or '86%' for Chinese text, space=False). A share that
    is not 0 or 1 never prints as 0 % or 100 %: 0.9996 -> '> 99 %', 0.0004 -> '< 1 %' (at digits=0)."""
    sep = " " if space else ""
    step = 10.0**-digits

    def fmt(x):
        if _missing(x):
            return NA
        shown = round(100 * x, digits)
        if shown >= 100 and x < 1:
            return f"> {100 - step:.{digits}f}{sep}%"
        if shown <= 0 < x:
            return f"< {step:.{digits}f}{sep}%"
        return f"{shown:.{digits}f}{sep}%"

    return fmt


def points(digits: int = 1) -> Callable[[float], str]:
    """A value already in percent (12.3) with its sign kept and the % written: '12.3 %', '-4.0 %'."""
    return lambda x: NA if _missing(x) else f"{x:.{digits}f} %"


def number(digits: int = 1, separator: str = ",") -> Callable[[float], str]:
    """A number to ``digits`` decimals with thousands separated: 1234.56 -> '1,234.6'."""
    return lambda x: NA if _missing(x) else f"{x:{separator}.{digits}f}"


def whole(x) -> str:
    """A whole number or a year without decimals or separators: 2018.0 -> '2018'."""
    return NA if _missing(x) else str(int(round(float(x))))


def _breakable(text) -> str:
    """A cell as HTML: escaped, with a break opportunity after each '_' and '/', after a '.' inside a name and
    inside long runs of letters and digits, so a long identifier (industry_electricity_intensity_change,
    data/assumptions.yml, an md5) wraps instead of widening the table."""
    text = html.escape(str(text), quote=False)
    text = re.sub(r"([_/]|\.(?=[A-Za-z]))", r"\1<wbr>", text)
    return re.sub(r"([A-Za-z0-9]{12})(?=[A-Za-z0-9]{4})", r"\1<wbr>", text)


def _missing(x) -> bool:
    return x is None or (isinstance(x, (float, np.floating)) and np.isnan(x)) or x is pd.NA or x is pd.NaT


def _default(x):
    """Cells without a format: floats as their digits (97.3, not 97.300000), missing as a dash."""
    if _missing(x):
        return NA
    if isinstance(x, (float, np.floating)):
        return f"{x:,.6f}".rstrip("0").rstrip(".")
    return x


def _holds_years(values: pd.Series, column) -> bool:
    """A numeric column named for a year whose values are all whole: shown as 2018, never 2,018 or 2018.0."""
    whole_values = values.dropna().map(lambda v: float(v).is_integer()).all()
    return bool(re.search(r"(^|\s)year$", str(column))) and bool(whole_values)


def _css_text(text) -> str:
    """``text`` as a CSS string (a card's cell label)."""
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


class Table:
    """A table for the page. ``formats`` maps a column to a function (or a format string such as '{:.1f}');
    numeric columns are right-aligned, a numeric column named for years shows whole years; a table longer
    than ``long`` rows is folded under ``summary``."""

    def __init__(
        self,
        df: pd.DataFrame,
        caption: str | None = None,
        *,
        formats: dict | None = None,
        long: int = LONG,
        summary: str | None = None,
        lang_columns: dict[str, str] | None = None,
        lang: str = "en",
    ):
        unknown = sorted((set(formats or {}) | set(lang_columns or {})) - set(df.columns))
        if unknown:
            raise ValueError(f"formats or lang_columns name columns the table does not have: {unknown}")
        # floats rounded as every page rounds them (carbonpeak.charts), so the content hash in the element ids
        # and every formatted cell are the same bytes under any BLAS kernel
        self.df = published(df.reset_index(drop=True))
        self.caption = caption
        self.formats = {c: whole for c in self._numeric() if _holds_years(self.df[c], c)} | dict(formats or {})
        self.long = long
        self.summary = summary
        # columns whose text may be in another language than the page's (a source's own English on a Chinese
        # page; 'zxx' for identifiers): each cell marked with its language, for screen readers and the
        # edition's checks
        self.lang_columns = dict(lang_columns or {})
        self.lang = lang  # the page's language: the folded table's row count is written in it

    def _id(self) -> str:
        payload = self.df.to_csv(index=False) + (self.caption or "") + self.text_rows()
        return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:10]

    def text_rows(self) -> str:
        return self.shown().to_csv(index=False)

    def shown(self) -> pd.DataFrame:
        """The table as it reads: every cell formatted to text."""
        out = {}
        for col in self.df.columns:
            fmt = self.formats.get(col, _default)
            f = fmt.format if isinstance(fmt, str) else fmt
            out[col] = [NA if _missing(x) else f(x) for x in self.df[col]]  # a gap reads as a dash in any format
        return pd.DataFrame(out, columns=self.df.columns)

    def _numeric(self) -> list:
        return [
            c
            for c in self.df.columns
            if pd.api.types.is_numeric_dtype(self.df[c]) and not pd.api.types.is_bool_dtype(self.df[c])
        ]

    def to_html(self) -> str:
        shown = self.shown().map(_breakable)
        shown.columns = [_breakable(c) for c in shown.columns]
        cells = shown.copy()
        for col, lang in self.lang_columns.items():
            if lang == self.lang:  # a cell in the page's own language needs no mark
                continue
            j = list(self.df.columns).index(col)
            cells.iloc[:, j] = [f'<span lang="{lang}">{v}</span>' for v in shown.iloc[:, j]]
        styler = cells.style.hide(axis="index").set_uuid(self._id()).set_table_attributes('class="carbonpeak-table"')
        styles = list(STYLES)
        for col in self._numeric():
            j = list(self.df.columns).index(col)
            styles.append({"selector": f"td.col{j}, th.col_heading.col{j}", "props": [("text-align", "right")]})
        styler = styler.set_table_styles(styles)
        if self.caption:
            styler = styler.set_caption(html.escape(self.caption))
        table = (
            '<div class="carbonpeak-table-wrap" style="container-type: inline-size">\n'
            + styler.to_html()
            + self._narrow_css(styler.uuid, shown)
            + "</div>\n"
        )
        if len(self.df) > self.long:
            label = html.escape(self.summary or self.caption or "The table")
            return (
                f'<details class="carbonpeak-details"><summary>{label}{html.escape(self._rows())}'
                f"</summary>\n{table}</details>\n"
            )
        return table

    @staticmethod
    def min_width(shown: pd.DataFrame) -> int:
        """About the narrowest (px) the browser can lay ``shown`` (cells as HTML) out: per column, the longest
        piece of a cell or its header that cannot break, plus padding."""

        def longest(cell: str) -> int:
            return max((len(html.unescape(piece)) for piece in re.split(r"<wbr>|\s+|(?<=-)", cell)), default=0)

        return (
            int(
                sum(
                    max(max((longest(v) for v in shown[c]), default=0) * CHAR_PX, longest(c) * HEAD_PX) + CELL_PX
                    for c in shown.columns
                )
            )
            + 8
        )

    def _narrow_css(self, uuid: str, shown: pd.DataFrame) -> str:
        """In a narrow column: smaller type and padding; in a column narrower than the table's least width, one
        card per row with each cell labelled by its column's name (the header row hidden)."""
        t = f"#T_{uuid}"
        small = [f"{t} {{ font-size: 0.8em; }}", f"{t} td, {t} th {{ padding: 0.15em 0.3em; }}"]
        cards = [
            f"{t}, {t} tbody, {t} tr, {t} td, {t} caption {{ display: block; }}",
            f"{t} thead {{ display: none; }}",
            f"{t} tr {{ border-top: 1px solid #999; padding: 0.3em 0; }}",
            f"{t} td {{ border: none; text-align: left; padding: 0.05em 0.3em; }}",
        ]
        cards += [
            f'{t} td.col{j}::before {{ content: {_css_text(c)} ": "; font-weight: 600; }}'
            for j, c in enumerate(self.df.columns)
        ]
        return (
            f"<style>@container (max-width: {NARROW}px) {{ {' '.join(small)} }} "
            f"@container (max-width: {self.min_width(shown)}px) {{ {' '.join(cards)} }}</style>\n"
        )

    def _rows(self) -> str:
        from carbonpeak.pages import messages

        return messages.text("common.table.rows", self.lang, n=len(self.df))

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = self.shown().to_string(index=False)
        return {"text/html": self.to_html(), "text/plain": (self.caption + "\n" if self.caption else "") + text}


# Labels: the words a table shows for the book's identifiers -------------------------------------------


def sector_label(sector: str) -> str:
    """'carbon_sinks' -> 'carbon sinks' (the catalogue's sector labels)."""
    from carbonpeak.pages import messages

    return messages.label("sector", sector, "en")


def boundary_label(boundary: str) -> str:
    """'with_imports' -> 'with imported electricity' (carbonpeak.model.boundaries); another name stays."""
    return boundaries.label(boundary) if boundary in boundaries.BOUNDARIES else boundary


def rule_label(rule: str) -> str:
    """'n_years' -> 'N-years-below rule' (carbonpeak.analysis.peaks)."""
    return label(rule) if rule in RULES else rule


def assumption_label(name: str) -> str:
    """A named assumption as a reader reads it: its label in data/assumptions.yml, its name after it for the
    analyst who sets it ('real GDP growth per year (...) · gdp_growth')."""
    try:
        return f"{assumptions.get(name).label} · {name}"
    except DataError:  # not a named assumption
        return name
