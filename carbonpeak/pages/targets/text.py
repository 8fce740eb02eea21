"""The targets page's sentences: its key findings, how a target is scored, and the plan's sentences."""

from __future__ import annotations

import pandas as pd

from carbonpeak import targets
from carbonpeak.formats import probability
from carbonpeak.pages import messages
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.targets.labels import (
    K,
    M,
    _status,
    _symbol,
    action_label,
)
from carbonpeak.pages.targets.tables import coverage_frame


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


def quotes_markdown(targets: pd.DataFrame, lang: str = "en") -> str:
    """Each target id with the plan's sentence, verbatim."""
    return "\n".join(
        M(f"{K}.quote", lang, id=r.id, indicator=r.indicator_en, indicator_zh=r.indicator_zh, quote=r.quote_zh)
        for r in targets.itertuples()
    )
