"""The chapter on the plan's targets as a reader sees it: its key findings, tables and charts, from the registry
and the status board (carbonpeak.targets, carbonpeak.targets.reports; nothing here computes a result)."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carbonpeak import charts, targets
from carbonpeak.data.provenance import grade_label
from carbonpeak.formats import probability
from carbonpeak.pages.common import quantity
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table, percent
from carbonpeak.targets import ACTIONS, UNITS, reports

SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "~": "about", "=": "="}


def key_findings(registry: pd.DataFrame, board: pd.DataFrame, on_track: float, off_track: float) -> KeyFindings:
    """What the chapter finds, from the registry and the board: how many targets are stated, observed and scored,
    their status, T01, and where data is missing."""
    n_number = int(registry["target_value"].notna().sum())
    n_observed = int(registry["observed_value"].notna().sum())
    one = targets.per_target(board)
    counts = one["status"].value_counts()
    scored = len(one) - int(counts.get("no data", 0))
    cover = coverage_frame(registry, board).set_index("action").drop(index="All targets")
    blind = cover[(cover["with an observation"] == 0) & (cover["with a projection"] == 0)]
    lost = registry[registry["value_status"] == "missing_in_source"]
    t01 = board.set_index("id").loc["T01"]
    pct = percent()
    bullets = [
        f"**{len(registry)} quantitative targets**, each with the plan's own sentence: {n_number} state a number, "
        f"{n_observed} have an observed value in the data pack, and {scored} are scored against a projection.",
        f"**Status of the scored targets:** {int(counts.get('on track', 0))} on track (a probability of at least "
        f"{pct(on_track)}), {int(counts.get('at risk', 0))} at risk and {int(counts.get('off track', 0))} off track "
        f"(below {pct(off_track)}); the other {int(counts.get('no data', 0))} have no projection or no number.",
        f"**Energy use per unit of GDP** (T01: {SYMBOLS[t01['comparator']]} {t01['target_value']:g} % from 2020 to "
        f"2025) is {t01['status']}: {probability(t01['probability'])} of the draws meet it.",
    ]
    if len(blind):
        bullets.append(
            "**No data at all** (no observation, no projection) for the targets of: "
            + "; ".join(f"{a} ({int(n)})" for a, n in blind["targets"].items())
            + "."
        )
    if len(lost):
        bullets.append(
            f"**{len(lost)} target{'s' if len(lost) > 1 else ''} lost {'their' if len(lost) > 1 else 'its'} "
            "number in the source text** ("
            + ", ".join(f"{r.id} {r.indicator_en}" for r in lost.itertuples())
            + "); the registry marks the value missing rather than guess it."
        )
    return KeyFindings(bullets)


def units_table() -> Table:
    """The units the targets are stated in."""
    return Table(units_frame(), "The units targets are stated in")


def coverage_table(registry: pd.DataFrame, board: pd.DataFrame) -> Table:
    """Targets per part of the plan, and how many can be checked."""
    return Table(
        coverage_frame(registry, board),
        "Targets per part of the plan, and how many can be checked (number of targets)",
    )


def progress_table(progress: pd.DataFrame) -> Table:
    """The latest observation against each target that has one."""
    return Table(progress_frame(progress), "The latest observation against each target that has one")


def registry_table(registry: pd.DataFrame, action: str) -> Table:
    """The targets of one part of the plan (``action``)."""
    return Table(
        registry_frame(registry, action),
        f"The targets of {action_label(action)}",
        summary=f"The targets of {action_label(action)}",
    )


def board_frame(board: pd.DataFrame) -> pd.DataFrame:
    """The status board formatted for reading: targets and projections in their units (years as years), the
    probability in %, the gap (positive: ahead)."""
    return pd.DataFrame(
        {
            "id": board["id"],
            "indicator": board["indicator"],
            "target": [
                f"{c} {quantity(v, u)} {u}" if pd.notna(v) else f"{c} (no number in the plan)"
                for c, v, u in zip(board["comparator"], board["target_value"], board["unit"])
            ],
            "target year": board["target_year"].replace("", "not stated"),
            "status": board["status"],
            "probability of meeting it": board["probability"].map(lambda p: "" if pd.isna(p) else probability(p)),
            "projected": [quantity(v, u) for v, u in zip(board["central"], board["unit"])],
            "gap (positive: ahead)": [quantity(v, u) for v, u in zip(board["gap"], board["unit"])],
            "basis": board["basis"],
        }
    )


def board_table(board: pd.DataFrame) -> Table:
    """The status board: every target, scored where a chapter projects it."""
    return Table(
        board_frame(board),
        "The status board: every target, scored where a chapter projects it",
        summary="The status board: every target",
    )


def action_label(action: str) -> str:
    """An action's English name with its Chinese name in brackets."""
    zh, en = ACTIONS[action]
    return f"{en} ({zh})"


def coverage_frame(targets: pd.DataFrame, board: pd.DataFrame) -> pd.DataFrame:
    """Per action: how many targets, how many with a number, with an observation, with a projection."""
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
    out.index = [action_label(a) for a in out.index]
    out.loc["All targets"] = out.sum()
    out = out.rename(
        columns={
            "with_number": "with a number",
            "with_observation": "with an observation",
            "with_projection": "with a projection",
        }
    )
    return out.rename_axis("action").reset_index()


def coverage_figure(targets: pd.DataFrame) -> charts.Figure:
    """Stacked bars of the targets of each action by the data behind them (reports.AVAILABILITY)."""
    df = targets.assign(
        data=[reports.availability(r) for r in targets.to_dict("records")],
        action_name=[ACTIONS[a][1] for a in targets["action"]],
    )
    counts = df.groupby(["action_name", "data"], sort=False).size().rename("targets").reset_index()
    order = [ACTIONS[a][1] for a in ACTIONS if a in set(targets["action"])]
    chart = (
        alt.Chart(counts)
        .mark_bar()
        .encode(
            y=alt.Y("action_name:N", sort=order, title=None),
            x=alt.X("targets:Q", title="Number of targets"),
            color=alt.Color(
                "data:N",
                scale=alt.Scale(domain=list(reports.AVAILABILITY), range=["#1f4e79", "#9dc3e6", "#bfbfbf", "#c00000"]),
                title=None,
            ),
            order=alt.Order("data:N"),
            tooltip=["action_name:N", "data:N", "targets:Q"],
        )
        .properties(
            title=charts.title(
                "The plan's quantitative targets, by action and by the data behind them", "number of targets"
            ),
            width=charts.WIDTH,
            height=260,
        )
    )
    observed = int(targets["observed_value"].notna().sum())
    alt_text = (
        f"Horizontal stacked bars: {len(targets)} targets across {len(order)} parts of the plan; only "
        f"{observed} have an observed value in the data pack, most have a number but no observation, and "
        "a few have no number at all."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["plan", "official_points"],
            ["official_point"],
            "Registry compiled here from the plan text (data/targets.csv).",
        ),
        data=counts,
        filename="targets_by_action",
    )


def progress_frame(progress: pd.DataFrame) -> pd.DataFrame:
    """The observed-vs-target rows formatted for reading (the figure's CSV keeps the raw numbers)."""
    return pd.DataFrame(
        {
            "id": progress["id"],
            "indicator": progress["indicator_en"],
            "target": [
                f"{c} {_fmt(v)} {u} ({y})"
                for c, v, u, y in zip(
                    progress["comparator"], progress["target_value"], progress["unit"], progress["target_year"]
                )
            ],
            "observed": [
                f"{_fmt(v)} ({y}, {_grade(g)})"
                for v, y, g in zip(progress["observed_value"], progress["observed_year"], progress["observed_grade"])
            ],
            "observed as % of the target": progress["observed_pct_of_target"].map(lambda x: f"{x:.0f} %"),
            "note": progress["observed_note"],
        }
    )


def progress_figure(progress: pd.DataFrame) -> charts.Figure:
    """Bars of each observed target's latest observation as a percentage of its target level, coloured by
    grade."""
    df = progress.assign(
        label=progress["id"] + " " + progress["indicator_en"],  # in full: the chart wraps it
        year_pair=progress["observed_year"] + " vs " + progress["target_year"],
        grade=progress["observed_grade"].map(_grade),
    )
    bars = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=None, title=None),
            x=alt.X("observed_pct_of_target:Q", title="Latest observation as % of the target level"),
            color=alt.Color(
                "grade:N",
                title="grade of the observation",
                scale=alt.Scale(
                    domain=[_grade(g) for g in charts.GRADE_COLOURS], range=list(charts.GRADE_COLOURS.values())
                ),
            ),
            tooltip=[
                "id:N",
                "indicator_en:N",
                "observed_value:Q",
                "observed_year:N",
                "target_value:Q",
                "unit:N",
                "target_year:N",
                "observed_pct_of_target:Q",
            ],
        )
    )
    rule = alt.Chart(pd.DataFrame({"x": [100]})).mark_rule(strokeDash=[4, 3], color="#444").encode(x="x:Q")
    chart = alt.layer(bars, rule).properties(
        title=charts.title("Where the targets with data stand", "latest observation as % of the target (100 = target)"),
        width=charts.WIDTH,
        height=24 * len(df) + 20,
    )
    alt_text = (
        "Horizontal bars, one per target with an observation, showing the observation as a percentage of "
        "the target level with a dashed line at 100 %: "
        + "; ".join(
            f"{r.id} {r.observed_pct_of_target:.0f} % ({r.observed_year} vs {r.target_year})" for r in df.itertuples()
        )
        + "."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            ["official_points"],
            sorted(set(df["observed_grade"])),
            "Observation years differ from target years; definitions may differ (see notes).",
        ),
        data=progress,
        filename="observed_vs_target",
    )


def registry_frame(targets: pd.DataFrame, action: str) -> pd.DataFrame:
    """One action's targets, for reading: the target as written and what is observed."""
    df = targets[targets["action"] == action]
    target = [
        f"{r.comparator} {_fmt(r.target_value)} {r.unit}"
        if pd.notna(r.target_value)
        else f"({r.value_status.replace('_', ' ')})"
        for r in df.itertuples()
    ]
    observed = [
        f"{_fmt(r.observed_value)} ({r.observed_year}, {_grade(r.observed_grade)})"
        if pd.notna(r.observed_value)
        else "none in reach"
        for r in df.itertuples()
    ]
    return pd.DataFrame(
        {
            "id": df["id"],
            "indicator": df["indicator_en"],
            "指标": df["indicator_zh"],
            "target": target,
            "target year": df["target_year"].replace("", "not stated"),
            "observed": observed,
            "note": df["scope_note"],
        }
    ).reset_index(drop=True)


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.4g}"


def _grade(grade: str) -> str:
    return grade_label(grade)


def quotes_markdown(targets: pd.DataFrame) -> str:
    """Each target id with the plan's sentence, verbatim."""
    return "\n".join(f"- **{r.id}** {r.indicator_en}: 「{r.quote_zh}」" for r in targets.itertuples())


def units_frame() -> pd.DataFrame:
    """The units the registry uses, with what each means."""
    return pd.DataFrame({"unit": list(UNITS), "meaning": list(UNITS.values())})
