"""The sinks chapter as a reader sees it: its key findings and tables, from carbonpeak.model.sinks' results
(nothing here computes a result)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts
from carbonpeak.constants import level_name
from carbonpeak.data import point
from carbonpeak.inputs import assumptions
from carbonpeak.model import sinks
from carbonpeak.pages import common, messages
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table, number
from carbonpeak.targets import target

M = messages.text
# the unit of a sink in a table: Mt to 0.001 in English, 万吨 to 0.1 in Chinese (the same precision); of a stock:
# million m3 in English, 万立方米 in Chinese
SINK_DIGITS = {"en": 3, "zh": 1}
STOCK_SCALE = {"en": 1, "zh": 100}


def _target(tid: str) -> float:
    return float(target(tid)["target_value"])


def key_findings(
    centres: dict, summary: pd.DataFrame, year: int, levels, board: pd.DataFrame, lang: str = "en"
) -> KeyFindings:
    """What the chapter finds, in its own numbers: the cover trend against C01, the size of the sink against the
    city's emissions, the sink in ``year`` by both methods, and the targets' status."""
    level = sorted(levels)[0]
    tag = level_name(level)
    c25 = sinks.cover_trend([2025], levels).iloc[0]
    status = board.set_index("id")
    central = sinks.point_estimate(centres, 2019)
    emitted = sinks.city_emissions(2019)
    share = (central["forest_per_ha"] + central["mangroves"]) / emitted
    at = summary[summary["year"] == year].set_index("part")
    per_ha, stock = at.loc["forests, per-hectare method"], at.loc["forests, stock-change method"]
    counts = status["status"].value_counts()
    key = "sinks.finding"

    def label(tid: str) -> str:
        return messages.label("status", status.at[tid, "status"], lang)

    def wan(x: float) -> float:
        return messages.co2(x, "zh")

    return KeyFindings(
        [
            M(
                f"{key}.cover",
                lang,
                slope=abs(sinks.cover_slope()),
                median=c25["mean"],
                level=common.level_label(level, lang),
                low=c25[f"lower_{tag}"],
                high=c25[f"upper_{tag}"],
                goal=_target("C01"),
                status=label("C01"),
            ),
            M(
                f"{key}.size",
                lang,
                forest=central["forest_per_ha"],
                forest_wan=wan(central["forest_per_ha"]),
                mangroves_kt=central["mangroves"] * 1000,
                mangroves_wan=wan(central["mangroves"]),
                share=share,
                share_pct=100 * share,
                emitted=emitted,
                emitted_wan=wan(emitted),
            ),
            M(
                f"{key}.methods",
                lang,
                year=year,
                per_ha=per_ha["mean"],
                per_ha_low=per_ha[f"lower_{tag}"],
                per_ha_high=per_ha[f"upper_{tag}"],
                stock=stock["mean"],
                stock_low=stock[f"lower_{tag}"],
                stock_high=stock[f"upper_{tag}"],
                per_ha_wan=wan(per_ha["mean"]),
                per_ha_low_wan=wan(per_ha[f"lower_{tag}"]),
                per_ha_high_wan=wan(per_ha[f"upper_{tag}"]),
                stock_wan=wan(stock["mean"]),
                stock_low_wan=wan(stock[f"lower_{tag}"]),
                stock_high_wan=wan(stock[f"upper_{tag}"]),
            ),
            M(
                f"{key}.mangroves",
                lang,
                ha=sinks.mangroves_planted_or_restored(),
                goal=_target("C06"),
                status=label("C06"),
            ),
            M(
                f"{key}.targets",
                lang,
                n=len(status),
                on_track=int(counts.get("on track", 0)),
                no_data=int(counts.get("no data", 0)),
            ),
        ],
        label=M("common.findings.label", lang),
    )


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


def scorecard(levels) -> pd.DataFrame:
    """The sink targets' status board: C01 scored from the cover trend in 2025, C06 from the observed figure."""
    return sinks.scorecard_table(sinks.target_projections(levels))


def sink_text(centres: dict, lang: str = "en") -> str:
    """The 2019 sink at the stated factors beside the city's emissions (markdown)."""
    central = sinks.point_estimate(centres, 2019)
    total = central["forest_per_ha"] + central["mangroves"]
    emitted = sinks.city_emissions(2019)
    return M(
        "sinks.sink_text",
        lang,
        forest=central["forest_per_ha"],
        stock=central["forest_stock_change"],
        mangroves_kt=central["mangroves"] * 1000,
        share=total / emitted,
        emitted=emitted,
        forest_wan=messages.co2(central["forest_per_ha"], "zh"),
        stock_wan=messages.co2(central["forest_stock_change"], "zh"),
        mangroves_wan=messages.co2(central["mangroves"], "zh"),
        share_pct=100 * total / emitted,
        emitted_wan=messages.co2(emitted, "zh"),
    )


def cover_text(levels, lang: str = "en") -> str:
    """Where the fitted forest-cover line reaches in 2025 against the C01 target (markdown)."""
    c25 = sinks.cover_trend([2025], levels).iloc[0]
    goal = _target("C01")
    return M(
        "sinks.cover_text",
        lang,
        slope=abs(sinks.cover_slope()),
        median=c25["mean"],
        side=M("sinks.above" if c25["mean"] >= goal else "sinks.below", lang),
        goal=goal,
    )


def boundaries_markdown(lang: str = "en") -> str:
    """Why the sink targets are read on different boundaries, with their numbers from the target registry."""
    return M("sinks.boundaries", lang, c01=_target("C01"), c02=_target("C02"), c03_wan=_target("C03") * 100)


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


def _with_target_line(fan, value: float):
    """A fan chart with the target as a dashed red line (the layer keeps the fan's title)."""
    rule = (
        alt.Chart(pd.DataFrame({"target": [value]})).mark_rule(color="#c00000", strokeDash=[2, 2]).encode(y="target:Q")
    )
    return alt.layer(fan, rule).properties(title=fan.title)


def _target_fan_figure(
    hist: pd.DataFrame,
    proj: pd.DataFrame,
    levels,
    goal: float,
    key: str,
    lang: str,
    *,
    alt_text: str,
    sources: list[str],
    grades: list[str],
    data: pd.DataFrame,
    filename: str,
) -> charts.Figure:
    """A fan chart of a record and its projection against a target (dashed red), with the words of ``key``
    (title, units, y_title, label, note) in the page's language."""
    fan = charts.fan_chart(
        hist,
        proj,
        levels,
        title_text=M(f"{key}.title", lang),
        units=M(f"{key}.units", lang),
        y_title=M(f"{key}.y_title", lang),
        label=M(f"{key}.label", lang),
        words=(
            M("sinks.cover_figure.record", lang),
            M("sinks.band", lang, level="{level}"),
            M("common.unit.units", lang),
        ),
    )
    return charts.Figure(
        _with_target_line(fan, goal),
        alt_text=alt_text,
        source=messages.source_note(sources, grades, M(f"{key}.note", lang), lang),
        data=data,
        filename=filename,
        **messages.figure_csv(lang),
    )


def cover_figure(horizon_end: int, levels, lang: str = "en"):
    """Fan chart of forest cover: the three points, the OLS trend with its intervals and the 2025 target."""
    hist = sinks.forest_cover()
    proj = sinks.cover_trend(range(sinks.COVER_POINTS[0], horizon_end + 1), levels)
    goal = float(target("C01")["target_value"])
    c25 = proj[proj["year"] == 2025].iloc[0]
    key = "sinks.cover_figure"
    first, second, third = hist["value"].iloc[:3]
    return _target_fan_figure(
        hist,
        proj,
        levels,
        goal,
        key,
        lang,
        alt_text=M(f"{key}.alt", lang, first=first, second=second, third=third, median=c25["mean"], goal=goal),
        sources=["official_points", "plan"],
        grades=["official_point", "derived"],
        data=pd.concat([hist.assign(kind=M(f"{key}.record", lang)), proj.assign(kind=M(f"{key}.trend", lang))]),
        filename="forest_cover",
    )


def sink_figure(summary: pd.DataFrame, year: int, level: float, lang: str = "en"):
    """Bars of each sink's median uptake in ``year`` with its ``level`` interval (Mt; 万吨 in Chinese)."""
    tag = level_name(level)
    key = "sinks.sink_figure"
    row = summary[summary["year"] == year]
    values = [c for c in row.columns if c not in ("part", "year")]
    row = row.assign(
        part=row["part"].map(lambda p: M(f"sinks.estimate.{p}", lang)),
        **{c: messages.co2(row[c], lang) for c in values},
    )
    digits = SINK_DIGITS[lang]
    base = alt.Chart(row).encode(y=alt.Y("part:N", title=None, sort=None))
    chart = alt.layer(
        base.mark_bar(color="#548235", opacity=0.7).encode(
            x=alt.X("mean:Q", title=M(f"{key}.x_title", lang)),
            tooltip=["part:N", alt.Tooltip("mean:Q", format=f".{digits}f")],
        ),
        base.mark_rule(color="#222").encode(x=f"lower_{tag}:Q", x2=f"upper_{tag}:Q"),
    ).properties(
        title=charts.title(
            M(f"{key}.title", lang, year=year),
            M(f"{key}.units", lang, level=f"{level:.0%}"),
            M("common.unit.units", lang),
        ),
        width=charts.WIDTH,
        height=140,
    )
    items = (
        M(
            f"{key}.alt_item",
            lang,
            part=r.part,
            median=f"{r.mean:.{digits}f}",
            low=f"{getattr(r, 'lower_' + tag):.{digits}f}",
            high=f"{getattr(r, 'upper_' + tag):.{digits}f}",
        )
        for r in row.itertuples()
    )
    return charts.Figure(
        chart,
        alt_text=M(f"{key}.alt", lang, year=year, items=messages.join(items, lang, "clause")),
        source=messages.source_note(
            ["official_points"], ["official_point", "derived", "proxy", "assumption"], M(f"{key}.note", lang), lang
        ),
        data=row,
        filename=f"sinks_{year}",
        **messages.figure_csv(lang),
    )


def stock_figure(centres: dict, n: int, seed: int, horizon_end: int, levels, lang: str = "en"):
    """Fan chart of the forest stock grown at the drawn net rate, against the whole-city target (million m3;
    万立方米 in Chinese)."""
    scale = STOCK_SCALE[lang]
    years = np.arange(sinks.STOCK_YEAR, horizon_end + 1)
    p = sinks.sink_paths(sinks.draws(centres, n, seed), years)
    proj = sinks.summarise(p["stock"] * scale, years, levels)
    hist = pd.DataFrame({"year": [sinks.STOCK_YEAR], "value": [point("forest_stock", sinks.STOCK_YEAR) * scale]})
    goal = float(target("C03")["target_value"]) * scale
    s25 = proj[proj["year"] == 2025].iloc[0]
    key = "sinks.stock_figure"
    return _target_fan_figure(
        hist,
        proj,
        levels,
        goal,
        key,
        lang,
        alt_text=M(f"{key}.alt", lang, first=hist["value"].iloc[0], median=s25["mean"], goal=goal),
        sources=["official_points", "plan"],
        grades=["official_point", "proxy"],
        data=proj,
        filename="forest_stock",
    )
