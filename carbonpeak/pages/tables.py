"""Tables fit for print, rendered by pandas' Styler: no index column, a format per column (percentages as
percentages, years as whole numbers, numbers to the precision they support), cells that wrap instead of
being cut or scrolling sideways, and long tables folded into a <details> block.

The Styler's element ids come from a hash of the table's content (``set_uuid``), so the same table gives the
same bytes on every render.

    Table(df, formats={"P(peak ≤ 2030)": percent(), "year": whole, "median (Mt)": number(1)})
"""

from __future__ import annotations

import hashlib
import html
from typing import Callable

import numpy as np
import pandas as pd

LONG = 15  # a table with more rows than this is folded (the reader opens it)
NARROW = 600  # px: below this width (a phone) the table's type and padding shrink so it fits the column
NA = "–"
STYLES = [
    {"selector": "", "props": [("border-collapse", "collapse"), ("margin", "0.6em 0 1em"), ("font-size", "0.9em"),
                               ("max-width", "100%"), ("font-variant-numeric", "tabular-nums")]},
    {"selector": "caption", "props": [("caption-side", "top"), ("text-align", "left"), ("font-weight", "600"),
                                      ("padding-bottom", "0.3em")]},
    # cells wrap between words (and inside a word longer than the column) instead of being cut
    {"selector": "td, th", "props": [("white-space", "normal"), ("overflow-wrap", "break-word"), ("vertical-align", "top"),
                                     ("text-align", "left"), ("padding", "0.25em 0.6em"), ("border-bottom", "1px solid #ddd")]},
    {"selector": "thead th", "props": [("border-bottom", "2px solid #888")]},
]


def percent(digits: int = 0, space: bool = True) -> Callable[[float], str]:
    """A share (0-1) as a percentage: 0.8642 -> '86 %' (or '86%' for Chinese text, space=False). A share that
    is not 0 or 1 never prints as 0 % or 100 %: 0.9996 -> '> 99 %', 0.0004 -> '< 1 %' (at digits=0)."""
    sep = " " if space else ""
    step = 10.0 ** -digits

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


def number(digits: int = 1, separator: str = ",") -> Callable[[float], str]:
    """A number to ``digits`` decimals with thousands separated: 1234.56 -> '1,234.6'."""
    return lambda x: NA if _missing(x) else f"{x:{separator}.{digits}f}"


def whole(x) -> str:
    """A whole number or a year without decimals or separators: 2018.0 -> '2018'."""
    return NA if _missing(x) else str(int(round(float(x))))


def _breakable(text) -> str:
    """A cell as HTML: escaped, with a break opportunity after each '_' and '/' so a long identifier
    (industry_electricity_intensity_change, data/assumptions.yml) wraps instead of widening the table."""
    return html.escape(str(text), quote=False).replace("_", "_<wbr>").replace("/", "/<wbr>")


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and np.isnan(x))


def _default(x):
    """Cells without a format: floats as their digits (97.3, not 97.300000), missing as a dash."""
    if isinstance(x, (float, np.floating)):
        return NA if np.isnan(x) else f"{x:,.6f}".rstrip("0").rstrip(".")
    return NA if x is None else x


class Table:
    """A table for the page. ``formats`` maps a column to a function (or a format string such as '{:.1f}');
    numeric columns are right-aligned; a table longer than ``long`` rows is folded under ``summary``."""

    def __init__(self, df: pd.DataFrame, caption: str | None = None, *, formats: dict | None = None,
                 long: int = LONG, summary: str | None = None):
        unknown = sorted(set(formats or {}) - set(df.columns))
        if unknown:
            raise ValueError(f"formats name columns the table does not have: {unknown}")
        self.df = df.reset_index(drop=True)
        self.caption = caption
        self.formats = dict(formats or {})
        self.long = long
        self.summary = summary

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
            out[col] = [f(x) for x in self.df[col]]
        return pd.DataFrame(out, columns=self.df.columns)

    def _numeric(self) -> list:
        return [c for c in self.df.columns if pd.api.types.is_numeric_dtype(self.df[c]) and not pd.api.types.is_bool_dtype(self.df[c])]

    def to_html(self) -> str:
        shown = self.shown().map(_breakable)
        shown.columns = [_breakable(c) for c in shown.columns]
        styler = shown.style.hide(axis="index").set_uuid(self._id()).set_table_attributes('class="carbonpeak-table"')
        styles = list(STYLES)
        for col in self._numeric():
            j = list(shown.columns).index(col)
            styles.append({"selector": f"td.col{j}, th.col_heading.col{j}", "props": [("text-align", "right")]})
        styler = styler.set_table_styles(styles)
        if self.caption:
            styler = styler.set_caption(html.escape(self.caption))
        table = styler.to_html() + self._narrow_css(styler.uuid)
        if len(self.df) > self.long:
            label = html.escape(self.summary or self.caption or "The table")
            return f"<details class=\"carbonpeak-details\"><summary>{label} ({len(self.df)} rows)</summary>\n{table}</details>\n"
        return table

    @staticmethod
    def _narrow_css(uuid: str) -> str:
        t = f"#T_{uuid}"
        return (f"<style>@media (max-width: {NARROW}px) {{ {t} {{ font-size: 0.7em; }} "
                f"{t} td, {t} th {{ padding: 0.15em 0.25em; }} }}</style>\n")

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = self.shown().to_string(index=False)
        return {"text/html": self.to_html(), "text/plain": (self.caption + "\n" if self.caption else "") + text}
