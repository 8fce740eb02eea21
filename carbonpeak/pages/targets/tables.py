"""The targets page's tables: the units, the coverage of each part of the plan, the observations against the
targets, the registry by part of the plan and the status board with its download."""

from __future__ import annotations

import pandas as pd

from carbonpeak import charts, targets
from carbonpeak.formats import probability
from carbonpeak.model import boundaries
from carbonpeak.pages import messages
from carbonpeak.pages.common import basis_label, quantity
from carbonpeak.pages.tables import Table
from carbonpeak.pages.targets.labels import (
    K,
    M,
    _fmt,
    _grade,
    _optional,
    _plan_indicators,
    _status,
    action_label,
)
from carbonpeak.targets import ACTIONS, UNITS


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
    key = f"{K}.board_indicator"
    return [
        M(
            f"{key}.text",
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
            c["basis"]: board["basis"].map(lambda b: basis_label(b, lang)),
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
    rows = M("common.table.download_rows", lang, n="{n}")
    return charts.Download(df, "targets_status_board", M(f"{K}.board.download", lang), rows)


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


def units_frame(lang: str = "en") -> pd.DataFrame:
    """The units the registry uses, with what each means."""
    key = f"{K}.units"
    return pd.DataFrame(
        {
            M(f"{key}.unit", lang): [messages.label("target_unit", u, lang) for u in UNITS],
            M(f"{key}.meaning", lang): [_optional(f"{key}.meanings", u, lang, m) for u, m in UNITS.items()],
        }
    )
