"""The explorer's sentences: key findings, the method note and the list of sliders."""

from __future__ import annotations

from carbonpeak import charts
from carbonpeak.formats import probability
from carbonpeak.model import grid as model_grid
from carbonpeak.model.grid import LEVERS, Grid
from carbonpeak.pages import messages
from carbonpeak.pages.explorer.figures import page_weight
from carbonpeak.pages.explorer.labels import (
    M,
)
from carbonpeak.pages.explorer.tables import lever_table, probability_by_position
from carbonpeak.pages.findings import KeyFindings


def key_findings(grid: Grid, lang: str = "en"):
    """What the grid shows, generated: the stated setting's probabilities, their range across the settings,
    and the slider that moves P(peak by 2030) with imported electricity most."""
    d = grid.default_key
    p = {label: grid.probability[label][:, 1] for label, _, _ in model_grid.JUDGED}
    by_position = probability_by_position(grid, lang=lang)
    reach = by_position.groupby("slider", sort=False)["P"].agg(lambda x: x.max() - x.min())
    top = reach.idxmax()
    at = by_position[by_position["slider"] == top]

    def pr(x) -> str:
        return probability(x, lang)

    bullets = [
        M(
            "explorer.findings.stated",
            lang,
            territorial=pr(p["territorial"][d]),
            outlier=pr(p["territorial_outlier"][d]),
            imports=pr(p["with_imports"][d]),
            draws=grid.draws,
        ),
        M(
            "explorer.findings.across",
            lang,
            settings=len(grid.positions),
            imports_low=pr(p["with_imports"].min()),
            imports_high=pr(p["with_imports"].max()),
            territorial_low=pr(p["territorial"].min()),
            territorial_high=pr(p["territorial"].max()),
        ),
        M(
            "explorer.findings.top",
            lang,
            slider=top,
            low=pr(at["P"].iloc[0]),
            low_at=at["position"].iloc[0],
            high=pr(at["P"].iloc[-1]),
            high_at=at["position"].iloc[-1],
        ),
    ]
    numbers = {f"explorer/stated/{k}/p_peak_by_2030": round(float(v[d]), 3) for k, v in p.items()}
    numbers.update({f"explorer/stated/{k}/p_peak_by_2025": round(float(grid.probability[k][d, 0]), 3) for k in p})
    return KeyFindings(bullets, numbers, label=M("common.findings.label", lang))


def method_note(grid: Grid, fig: charts.Figure, lang: str = "en") -> str:
    """The grid's size and the page weight it brings, for the method section (markdown)."""
    w = page_weight(fig)
    return M(
        "explorer.method_note",
        lang,
        settings=len(grid.positions),
        sizes=" × ".join(str(len(lever.values)) for lever in LEVERS),
        draws=grid.draws,
        first=int(grid.years[0]),
        end=grid.horizon_end,
        seed=grid.seed,
        spec=w["spec_bytes"] / 1000,
        csv=w["csv_link_bytes"] / 1000,
        html=w["html_bytes"] / 1000,
    )


def lever_list(settings: dict | None = None, lang: str = "en") -> str:
    """The lever table as a markdown list (one entry per slider: it reads on a phone and in print)."""
    rows = lever_table(settings, lang).to_dict("records")
    return "\n".join(
        M(
            "explorer.lever_list.item",
            lang,
            slider=r["slider"],
            names=M("explorer.lever_list.names", lang).join(
                messages.label("assumption", n, lang) for n in r["assumptions moved"].split(", ")
            ),
            positions=r["positions"],
            stated=r["stated value"],
            range=r["range in the registry"],
            scenarios=r["scenario files"],
        )
        for r in rows
    )
