"""The sinks chapter's words: its Key findings and the sentences on the sink's size, the cover trend and the
targets' boundaries."""

from __future__ import annotations

import pandas as pd

from carbonpeak.constants import level_name
from carbonpeak.model import sinks
from carbonpeak.pages import common, messages
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.targets import target

M = messages.text


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
