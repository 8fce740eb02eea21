""" "The plan in numbers": tables and charts over the target registry and the status board."""

from __future__ import annotations

import altair as alt
import pandas as pd

from carbonpeak import charts
from carbonpeak.data.provenance import grade_label
from carbonpeak.targets import ACTIONS, UNITS

AVAILABILITY = (
    "observed value in the data pack",
    "number stated, no observation in reach",
    "no number in the plan (set elsewhere)",
    "number lost in the source text",
)


def action_label(action: str) -> str:
    """An action's English name with its Chinese name in brackets."""
    zh, en = ACTIONS[action]
    return f"{en} ({zh})"


def availability(row) -> str:
    """Which AVAILABILITY group a registry row is in: observed, a number without an observation, no number
    in the plan, or a number lost in the source text."""
    if row["value_status"] == "missing_in_source":
        return AVAILABILITY[3]
    if row["value_status"] == "not_stated":
        return AVAILABILITY[2]
    return AVAILABILITY[0] if pd.notna(row["observed_value"]) else AVAILABILITY[1]


def coverage(targets: pd.DataFrame, board: pd.DataFrame) -> pd.DataFrame:
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
    """Stacked bars of the targets of each action by the data behind them (AVAILABILITY)."""
    df = targets.assign(
        data=[availability(r) for r in targets.to_dict("records")],
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
                scale=alt.Scale(domain=list(AVAILABILITY), range=["#1f4e79", "#9dc3e6", "#bfbfbf", "#c00000"]),
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


def observed_vs_target(targets: pd.DataFrame) -> pd.DataFrame:
    """Targets with an observed value: the observation as a percentage of the target level."""
    df = targets[targets["observed_value"].notna() & targets["target_value"].notna()].copy()
    df["observed_pct_of_target"] = (df["observed_value"] / df["target_value"] * 100).round(1)
    return df[
        [
            "id",
            "indicator_en",
            "comparator",
            "target_value",
            "unit",
            "target_year",
            "observed_value",
            "observed_year",
            "observed_grade",
            "observed_pct_of_target",
            "observed_note",
        ]
    ].reset_index(drop=True)


def progress_table(progress: pd.DataFrame) -> pd.DataFrame:
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


def registry_table(targets: pd.DataFrame, action: str) -> pd.DataFrame:
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


def units_table() -> pd.DataFrame:
    """The units the registry uses, with what each means."""
    return pd.DataFrame({"unit": list(UNITS), "meaning": list(UNITS.values())})
