"""The sinks chapter's tables: the observed figures against the targets, the factors drawn, forest cover on the
fitted line and the CO2 taken up by each estimate, in the page's language."""

from __future__ import annotations

import pandas as pd

from carbonpeak.data import point
from carbonpeak.inputs import assumptions
from carbonpeak.model import sinks
from carbonpeak.pages import common, messages
from carbonpeak.pages.tables import Table, number
from carbonpeak.targets import target

M = messages.text

# the unit of a sink in a table: Mt to 0.001 in English, 万吨 to 0.1 in Chinese (the same precision); of a stock:
# million m3 in English, 万立方米 in Chinese
SINK_DIGITS = {"en": 3, "zh": 1}
STOCK_SCALE = {"en": 1, "zh": 100}


def progress_table(lang: str = "en") -> Table:
    """Observed figures against the sink and greening targets."""
    key = "sinks.progress"
    df = progress_frame(lang)
    return Table(common.headed(key, lang, {c: df[c] for c in df.columns}), M(f"{key}.caption", lang))


def assumptions_table(values: dict, lang: str = "en") -> Table:
    """The factors drawn, with the values this run used, their default and range, by their meaning."""
    df = assumptions.table(values)
    key = "sinks.assumptions"

    def range_text(text: str) -> str:  # '2.1 to 3.9' in the page's language
        low, high = text.split(" to ")
        return M("sinks.range_text", lang, low=low, high=high)

    columns = {
        "assumption": df["parameter"].map(lambda n: messages.label("assumption", n, lang)),
        "name": df["parameter"],
        "unit": df["unit"].map(lambda u: messages.label("unit", u, lang)),
        "this_run": df["value"],
        "stated": df["default"],
        "range": df["range"].map(range_text),
        "grade": df["grade"].map(lambda g: messages.label("grade", g, lang)),
        "source": df["source"],
        "reason": df["reason"],
    }
    return Table(common.headed(key, lang, columns), M(f"{key}.caption", lang))


def cover_table(years, levels, lang: str = "en") -> Table:
    """Forest cover on the fitted line in ``years`` (% of land area), with its intervals."""
    key = "sinks.cover_table"
    df = sinks.cover_trend(years, levels)
    unit = M(f"{key}.unit", lang)
    df = df.rename(
        columns={
            "year": M(f"{key}.year", lang),
            "mean": M(f"{key}.central", lang),
            **{c: _bound(c, unit, lang) for c in df.columns if c.startswith(("lower_", "upper_"))},
        }
    )
    year = M(f"{key}.year", lang)
    return Table(df, M(f"{key}.caption", lang), formats={c: number(1) for c in df.columns if c != year})


def sink_table(summary: pd.DataFrame, years, lang: str = "en") -> Table:
    """CO2 taken up per year by each estimate in ``years`` (Mt CO2; 万吨 in Chinese), with its intervals."""
    key = "sinks.sink_table"
    df = summary[summary["year"].isin(years)][
        ["part", "year", *[c for c in summary.columns if c not in ("part", "year")]]
    ]
    values = [c for c in df.columns if c not in ("part", "year")]
    df = df.assign(
        part=df["part"].map(lambda p: M(f"sinks.estimate.{p}", lang)),
        **{c: messages.co2(df[c], lang) for c in values},
    )
    unit = M(f"{key}.unit", lang)
    median = M(f"{key}.median", lang)
    df = df.rename(
        columns={
            "part": M(f"{key}.estimate", lang),
            "year": M(f"{key}.year", lang),
            "mean": median,
            **{c: _bound(c, unit, lang) for c in df.columns if c.startswith(("lower_", "upper_"))},
        }
    )
    shown = [median, *[c for c in df.columns if unit in c and c != median]]
    return Table(df, M(f"{key}.caption", lang), formats={c: number(SINK_DIGITS[lang]) for c in shown})


def _bound(column: str, unit: str, lang: str = "en") -> str:
    side, tag = column.split("_", 1)
    return M("sinks.bound", lang, level=tag.replace("_", "."), side=M(f"sinks.side.{side}", lang), unit=unit)


def progress_frame(lang: str = "en") -> pd.DataFrame:
    """Observed figures against the sink and greening targets, with their boundary notes."""
    t = {tid: target(tid)["target_value"] for tid in ("C01", "C03", "C04", "C06", "B01")}
    observed = {
        "C01": point("forest_cover", 2018),
        "C03": point("forest_stock", sinks.STOCK_YEAR) * STOCK_SCALE[lang],
        "C06": sinks.mangroves_planted_or_restored(),
        "B01": point("green_coverage_built_up", 2018),
        # the park count is not in the points table; the registry holds it with its source row
        "C04": float(target("C04")["observed_value"]),
    }
    key = "sinks.progress"
    rows = [
        (
            M(f"{key}.{tid}.target", lang, goal=t[tid], goal_wan=t[tid] * 100),
            value,
            M(f"{key}.{tid}.unit", lang),
            M(f"{key}.{tid}.when", lang),
            M(f"{key}.{tid}.note", lang),
        )
        for tid, value in observed.items()
    ]
    return pd.DataFrame(rows, columns=["target", "observed", "unit", "when", "note"])
