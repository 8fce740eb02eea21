"""The chapter on the plan's targets as a reader sees it, in English and in Chinese: its key findings, tables
and charts, from the registry and the status board (carbonpeak.targets, carbonpeak.targets.reports; nothing
here computes a result; every text is the message catalogue's, carbonpeak/pages/messages/targets.yml)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carbonpeak import charts, targets
from carbonpeak.formats import probability
from carbonpeak.model import boundaries
from carbonpeak.pages import messages
from carbonpeak.pages.common import basis_text, quantity
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table
from carbonpeak.targets import ACTIONS, UNITS, reports

M = messages.text
K = "targets"


def _optional(key: str, name: str, lang: str, default: str) -> str:
    """A catalogue entry by a name that comes from data, or ``default``."""
    entry = messages.catalogue().get(f"{key}.{name}")
    return entry[lang] if entry else default


def _symbol(comparator: str, lang: str) -> str:
    return M(f"{K}.symbol.{comparator}", lang)


def _status(status: str, lang: str) -> str:
    return messages.label("status", status, lang)


def key_findings(
    registry: pd.DataFrame, board: pd.DataFrame, on_track: float, off_track: float, lang: str = "en"
) -> KeyFindings:
    """What the chapter finds, from the registry and the board: how many targets are stated, observed and scored,
    their status, T01, and where data is missing."""
    key = f"{K}.finding"
    n_number = int(registry["target_value"].notna().sum())
    n_observed = int(registry["observed_value"].notna().sum())
    one = targets.per_target(board)
    counts = one["status"].value_counts()
    scored = len(one) - int(counts.get("no data", 0))
    cover = coverage_frame(registry, board).set_index("action").drop(index="All targets")
    blind = cover[(cover["with an observation"] == 0) & (cover["with a projection"] == 0)]
    lost = registry[registry["value_status"] == "missing_in_source"]
    t01 = board.set_index("id").loc["T01"]
    bullets = [
        M(f"{key}.count", lang, n=len(registry), n_number=n_number, n_observed=n_observed, scored=scored),
        M(
            f"{key}.status",
            lang,
            on_track=int(counts.get("on track", 0)),
            at_risk=int(counts.get("at risk", 0)),
            off_track=int(counts.get("off track", 0)),
            no_data=int(counts.get("no data", 0)),
            p_on=M("common.unit.percent", lang, value=100 * on_track),
            p_off=M("common.unit.percent", lang, value=100 * off_track),
        ),
        M(
            f"{key}.t01",
            lang,
            symbol=_symbol(t01["comparator"], lang),
            value=t01["target_value"],
            status=_status(t01["status"], lang),
            probability=probability(t01["probability"], lang),
        ),
    ]
    if len(blind):
        items = (
            M(f"{key}.blind_item", lang, action=action_label(a, lang), n=int(n))
            for a, n in zip(blind["key"], blind["targets"])
        )
        bullets.append(M(f"{key}.blind", lang, items=messages.join(items, lang, "clause")))
    if len(lost):
        items = (
            M(f"{key}.lost_item", lang, id=r.id, indicator=r.indicator_en, indicator_zh=r.indicator_zh)
            for r in lost.itertuples()
        )
        many = "lost_many" if len(lost) > 1 else "lost_one"
        bullets.append(M(f"{key}.{many}", lang, n=len(lost), items=messages.join(items, lang, "enum")))
    return KeyFindings(bullets, label=M("common.findings.label", lang))


def scoring_text(on_track: float, off_track: float, about_tolerance: float, lang: str = "en") -> str:
    """How a target is scored, with the thresholds of this run (markdown)."""
    return M(f"{K}.scoring", lang, on_track=on_track, off_track=off_track, about=1 - about_tolerance)


def units_table(lang: str = "en") -> Table:
    """The units the targets are stated in."""
    return Table(units_frame(lang), M(f"{K}.units.title", lang), lang=lang)


def coverage_table(registry: pd.DataFrame, board: pd.DataFrame, lang: str = "en") -> Table:
    """Targets per part of the plan, and how many can be checked."""
    key = f"{K}.coverage"
    df = coverage_frame(registry, board)
    labels = {a: action_label(a, lang) for a in ACTIONS} | {"All targets": M(f"{key}.all", lang)}
    names = ["action", "targets", "with_number", "with_observation", "with_projection"]
    english = {M(f"{key}.{n}", "en"): M(f"{key}.{n}", lang) for n in names}
    df = df.assign(action=df["key"].map(labels)).drop(columns="key").rename(columns=english)
    return Table(df, M(f"{key}.title", lang), lang=lang)


def progress_table(progress: pd.DataFrame, lang: str = "en") -> Table:
    """The latest observation against each target that has one."""
    note = M(f"{K}.progress.note", lang)
    return Table(progress_frame(progress, lang), M(f"{K}.progress.title", lang), lang=lang, lang_columns={note: "en"})


def registry_table(registry: pd.DataFrame, action: str, lang: str = "en") -> Table:
    """The targets of one part of the plan (``action``)."""
    title = M(f"{K}.registry.title", lang, action=action_label(action, lang))
    note = M(f"{K}.registry_columns.note", lang)
    return Table(registry_frame(registry, action, lang), title, summary=title, lang=lang, lang_columns={note: "en"})


def _indicators(board: pd.DataFrame, lang: str) -> list[str]:
    """Each board row's indicator: the board's English, or the plan's own words with the boundary scored."""
    plan = targets.load_targets().set_index("id")["indicator_zh"]
    short = {boundaries.label(b, short=True): boundaries.label(b, lang, short=True) for b in boundaries.BOUNDARIES}
    key = "common.scorecard"
    return [
        M(
            f"{key}.indicator_text",
            lang,
            indicator=r.indicator,
            indicator_zh=plan.get(r.id, r.indicator),
            boundary=M(f"{key}.boundary", lang, boundary=short.get(r.boundary, r.boundary)) if r.boundary else "",
        )
        for r in board.itertuples()
    ]


def board_frame(board: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The status board formatted for reading: targets and projections in their units (years as years), the
    probability in %, the gap (positive: ahead)."""
    key = f"{K}.board"
    c = {n: M(f"common.scorecard.{n}", lang) for n in ("id", "indicator", "target", "status", "basis")}
    return pd.DataFrame(
        {
            c["id"]: board["id"],
            c["indicator"]: _indicators(board, lang),
            c["target"]: [
                M(
                    f"{key}.target_text",
                    lang,
                    comparator=messages.label("comparator", cmp, lang),
                    value=quantity(v, u),
                    unit=messages.label("target_unit", u, lang),
                )
                if pd.notna(v)
                else M(f"{key}.no_number", lang, comparator=messages.label("comparator", cmp, lang))
                for cmp, v, u in zip(board["comparator"], board["target_value"], board["unit"])
            ],
            M(f"{key}.target_year", lang): board["target_year"].replace("", M(f"{K}.not_stated", lang)),
            c["status"]: board["status"].map(lambda s: _status(s, lang)),
            M(f"{key}.probability", lang): board["probability"].map(
                lambda p: "" if pd.isna(p) else probability(p, lang)
            ),
            M(f"{key}.projected", lang): [quantity(v, u) for v, u in zip(board["central"], board["unit"])],
            M(f"{key}.gap", lang): [quantity(v, u) for v, u in zip(board["gap"], board["unit"])],
            c["basis"]: board["basis"].map(lambda b: basis_text(b, lang)),
        }
    )


def board_table(board: pd.DataFrame, lang: str = "en") -> Table:
    """The status board: every target, scored where a chapter projects it."""
    key = f"{K}.board"
    return Table(board_frame(board, lang), M(f"{key}.title", lang), summary=M(f"{key}.summary", lang), lang=lang)


def board_download(registry: pd.DataFrame, board: pd.DataFrame, lang: str = "en") -> charts.Download:
    """The registry with the status board, as a CSV download."""
    df = registry.merge(board[["id", "status", "probability", "central", "gap", "basis"]], on="id")
    df = df.rename(columns=messages.group("column", lang))  # the catalogue's column names (identical in English)
    rows = M("common.download_rows", lang, rows=len(df))
    return charts.Download(df, "targets_status_board", M(f"{K}.board.download", lang), rows_text=rows)


def action_label(action: str, lang: str = "en") -> str:
    """An action's name: in English with its Chinese name in brackets, in Chinese the plan's own."""
    zh, en = ACTIONS[action]
    return M(f"{K}.coverage.action_label", lang, en=en, zh=zh)


def coverage_frame(targets: pd.DataFrame, board: pd.DataFrame) -> pd.DataFrame:
    """Per action: how many targets, how many with a number, with an observation, with a projection (``key``:
    the action's name in the registry, 'All targets' for the sum)."""
    projected = (
        board["status"].ne("no data").groupby(board["id"]).any()
    )  # a target scored on two boundaries counts once
    df = targets.assign(projected=projected.loc[targets["id"]].to_numpy())
    out = df.groupby("action", sort=False).agg(
        targets=("id", "size"),
        with_number=("target_value", lambda s: int(s.notna().sum())),
        with_observation=("observed_value", lambda s: int(s.notna().sum())),
        with_projection=("projected", "sum"),
    )
    out = out.reindex([a for a in ACTIONS if a in out.index])
    out.loc["All targets"] = out.sum()
    out = out.rename(
        columns={
            "with_number": "with a number",
            "with_observation": "with an observation",
            "with_projection": "with a projection",
        }
    )
    out.insert(0, "action", [action_label(a) if a in ACTIONS else a for a in out.index])
    return out.rename_axis("key").reset_index()


def _bars(df: pd.DataFrame, y: alt.Y, x: str, x_title: str, colour: alt.Color, tooltip: list, **more) -> alt.Chart:
    """Horizontal bars of ``x`` per ``y`` coloured by ``colour`` (the chapter's two bar charts); ``more``: other
    channels (a stacking order)."""
    return alt.Chart(df).mark_bar().encode(y=y, x=alt.X(x, title=x_title), color=colour, **more, tooltip=tooltip)


def _title(text: str, units: str, lang: str) -> alt.TitleParams:
    """A chart title whose subtitle states the units (charts.title, in the page's language)."""
    return alt.TitleParams(text=text, subtitle=M("common.unit.units", lang) + units)


def coverage_figure(targets: pd.DataFrame, lang: str = "en") -> charts.Figure:
    """Stacked bars of the targets of each action by the data behind them (reports.AVAILABILITY)."""
    key = f"{K}.figure"

    def available(name: str) -> str:
        return M(f"{key}.availability.{name}", lang)

    names = {a: M(f"{key}.action", lang, en=en, zh=zh) for a, (zh, en) in ACTIONS.items()}
    df = targets.assign(
        data=[available(reports.availability(r)) for r in targets.to_dict("records")],
        action_name=targets["action"].map(names),
    )
    counts = df.groupby(["action_name", "data"], sort=False).size().rename("targets").reset_index()
    order = [names[a] for a in ACTIONS if a in set(targets["action"])]
    colour = alt.Color(
        "data:N",
        scale=alt.Scale(
            domain=[available(a) for a in reports.AVAILABILITY], range=["#1f4e79", "#9dc3e6", "#bfbfbf", "#c00000"]
        ),
        title=None,
    )
    chart = _bars(
        counts,
        alt.Y("action_name:N", sort=order, title=None),
        "targets:Q",
        M(f"{key}.coverage_axis", lang),
        colour,
        ["action_name:N", "data:N", "targets:Q"],
        order=alt.Order("data:N"),
    ).properties(
        title=_title(M(f"{key}.coverage_title", lang), M(f"{key}.coverage_units", lang), lang),
        width=charts.WIDTH,
        height=260,
    )
    observed = int(targets["observed_value"].notna().sum())
    alt_text = M(f"{key}.coverage_alt", lang, n=len(targets), parts=len(order), observed=observed)
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=messages.source_note(
            ["plan", "official_points"], ["official_point"], M(f"{key}.coverage_note", lang), lang
        ),
        data=counts,
        filename="targets_by_action",
        **messages.figure_csv(lang),
    )


def _target_text(c, v, u, y, lang: str) -> str:
    return M(
        f"{K}.progress.target_text",
        lang,
        comparator=messages.label("comparator", c, lang),
        value=_fmt(v),
        unit=messages.label("target_unit", u, lang),
        year=y,
    )


def progress_frame(progress: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The observed-vs-target rows formatted for reading (the figure's CSV keeps the raw numbers)."""
    key = f"{K}.progress"
    c = {n: M(f"{key}.{n}", lang) for n in ("id", "indicator", "target", "observed", "share", "note")}
    plan = _plan_indicators()
    indicator = [
        M(f"{key}.indicator_text", lang, indicator=e, indicator_zh=plan.get(i, e))
        for i, e in zip(progress["id"], progress["indicator_en"])
    ]
    return pd.DataFrame(
        {
            c["id"]: progress["id"],
            c["indicator"]: indicator,
            c["target"]: [
                _target_text(c_, v, u, y, lang)
                for c_, v, u, y in zip(
                    progress["comparator"], progress["target_value"], progress["unit"], progress["target_year"]
                )
            ],
            c["observed"]: [
                M(f"{key}.observed_text", lang, value=_fmt(v), year=y, grade=_grade(g, lang))
                for v, y, g in zip(progress["observed_value"], progress["observed_year"], progress["observed_grade"])
            ],
            c["share"]: progress["observed_pct_of_target"].map(lambda x: M(f"{key}.percent", lang, value=x)),
            c["note"]: progress["observed_note"],
        }
    )


def _plan_indicators() -> dict:
    return targets.load_targets().set_index("id")["indicator_zh"].to_dict()


def progress_figure(progress: pd.DataFrame, lang: str = "en") -> charts.Figure:
    """Bars of each observed target's latest observation as a percentage of its target level, coloured by
    grade."""
    key = f"{K}.figure"
    plan = _plan_indicators()
    df = progress.assign(
        label=[  # in full: the chart wraps it
            M(f"{key}.progress_label", lang, id=i, indicator=e, indicator_zh=plan.get(i, e))
            for i, e in zip(progress["id"], progress["indicator_en"])
        ],
        year_pair=[
            M(f"{key}.progress_years", lang, observed=o, target=t)
            for o, t in zip(progress["observed_year"], progress["target_year"])
        ],
        grade=progress["observed_grade"].map(lambda g: _grade(g, lang)),
    )
    colour = alt.Color(
        "grade:N",
        title=M(f"{key}.progress_colour", lang),
        scale=alt.Scale(
            domain=[_grade(g, lang) for g in charts.GRADE_COLOURS], range=list(charts.GRADE_COLOURS.values())
        ),
    )
    tooltip = ["id:N", "indicator_en:N", "observed_value:Q", "observed_year:N", "target_value:Q", "unit:N"]
    bars = _bars(
        df,
        alt.Y("label:N", sort=None, title=None),
        "observed_pct_of_target:Q",
        M(f"{key}.progress_axis", lang),
        colour,
        [*tooltip, "target_year:N", "observed_pct_of_target:Q"],
    )
    rule = alt.Chart(pd.DataFrame({"x": [100]})).mark_rule(strokeDash=[4, 3], color="#444").encode(x="x:Q")
    chart = alt.layer(bars, rule).properties(
        title=_title(M(f"{key}.progress_title", lang), M(f"{key}.progress_units", lang), lang),
        width=charts.WIDTH,
        height=24 * len(df) + 20,
    )
    items = (
        M(
            f"{key}.progress_item",
            lang,
            id=r.id,
            pct=r.observed_pct_of_target,
            observed=r.observed_year,
            target=r.target_year,
        )
        for r in df.itertuples()
    )
    alt_text = M(f"{key}.progress_alt", lang, items=messages.join(items, lang, "clause"))
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=messages.source_note(
            ["official_points"], sorted(set(df["observed_grade"])), M(f"{key}.progress_note", lang), lang
        ),
        data=progress,
        filename="observed_vs_target",
        **messages.figure_csv(lang),
    )


def registry_frame(targets: pd.DataFrame, action: str, lang: str = "en") -> pd.DataFrame:
    """One action's targets, for reading: the target as written and what is observed."""
    df = targets[targets["action"] == action]
    key = f"{K}.registry"
    target = [
        M(
            f"{key}.target_text",
            lang,
            comparator=messages.label("comparator", r.comparator, lang),
            value=_fmt(r.target_value),
            unit=messages.label("target_unit", r.unit, lang),
        )
        if pd.notna(r.target_value)
        else M(f"{key}.value_status.{r.value_status}", lang)
        for r in df.itertuples()
    ]
    observed = [
        M(
            f"{K}.progress.observed_text",
            lang,
            value=_fmt(r.observed_value),
            year=r.observed_year,
            grade=_grade(r.observed_grade, lang),
        )
        if pd.notna(r.observed_value)
        else M(f"{K}.none_in_reach", lang)
        for r in df.itertuples()
    ]
    fields = {
        "id": df["id"],
        "indicator": df["indicator_en"],
        "indicator_zh": df["indicator_zh"],
        "target": target,
        "target_year": df["target_year"].replace("", M(f"{K}.not_stated", lang)),
        "observed": observed,
        "note": df["scope_note"],
    }
    shown = M(f"{K}.registry_fields", lang).split()
    return pd.DataFrame({M(f"{K}.registry_columns.{n}", lang): fields[n] for n in shown}).reset_index(drop=True)


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.4g}"


def _grade(grade: str, lang: str = "en") -> str:
    return messages.label("grade", grade, lang)


def quotes_markdown(targets: pd.DataFrame, lang: str = "en") -> str:
    """Each target id with the plan's sentence, verbatim."""
    return "\n".join(
        M(f"{K}.quote", lang, id=r.id, indicator=r.indicator_en, indicator_zh=r.indicator_zh, quote=r.quote_zh)
        for r in targets.itertuples()
    )


def units_frame(lang: str = "en") -> pd.DataFrame:
    """The units the registry uses, with what each means."""
    key = f"{K}.units"
    return pd.DataFrame(
        {
            M(f"{key}.unit", lang): [messages.label("target_unit", u, lang) for u in UNITS],
            M(f"{key}.meaning", lang): [_optional(f"{key}.meanings", u, lang, m) for u, m in UNITS.items()],
        }
    )
