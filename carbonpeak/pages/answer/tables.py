"""The answer page's tables: peak probabilities, the target board's counts, the plan's level targets, what is
measured and what is assumed, and the IAMC download for analysts."""

from __future__ import annotations

import base64
import html

import pandas as pd

from carbonpeak import targets
from carbonpeak.formats import probability
from carbonpeak.inputs import assumptions
from carbonpeak.model import boundaries, core, iamc, outcomes, runs, sensitivity, synthesis
from carbonpeak.pages import common, messages, zh
from carbonpeak.pages.answer.figures import GRADES
from carbonpeak.pages.answer.labels import M, _short, assumption_label, rule_label, scenario_label, status_label
from carbonpeak.pages.answer.run import Answer
from carbonpeak.pages.tables import Table, whole


def peak_table(a: Answer, rule: str, lang: str = "en") -> Table:
    """Scenario x boundary under one rule: P(peak <= 2025 / 2030), not peaked, median peak year and value."""
    t = a.peaks[a.peaks["rule"] == rule]
    end = a.horizon_end
    key = "answer.peak_table"
    df = common.headed(
        key,
        lang,
        {
            "scenario": t["scenario"].map(lambda s: scenario_label(s, lang)),
            "boundary": t["boundary"].map(lambda b: boundaries.label(b, lang, short=True)),
            "by_2025": t["P(peak <= 2025)"],
            "by_2030": t["P(peak <= 2030)"],
            "not_peaked": t[f"P(not peaked by {end})"],
            "year": t["median peak year"],
            "value": messages.co2(t["median peak value (Mt)"], lang),
        },
        end=end,
    )

    def p(x) -> str:
        return probability(x, lang)

    def value(v) -> str:  # Mt to 0.1, 万吨 to 10: the same precision
        return "–" if pd.isna(v) else M(f"{key}.value_format", lang, value=v, rounded=round(v, -1))

    return Table(
        df,
        M(f"{key}.title", lang, rule=rule_label(rule, lang), draws=f"{a.ensemble.draws:,}"),
        formats={
            M(f"{key}.by_2025", lang): p,
            M(f"{key}.by_2030", lang): p,
            M(f"{key}.not_peaked", lang, end=end): p,
            M(f"{key}.year", lang): whole,
            M(f"{key}.value", lang): value,
        },
    )


def status_table(a: Answer, lang: str = "en") -> Table:
    """The status board in counts: one row per sector, one column per status, and the total."""
    board = targets.per_target(a.board)
    order = [s for s in messages.group("sector", lang) if s in set(board["sector"])]
    counts = pd.crosstab(board["sector"], board["status"]).reindex(
        index=order, columns=list(targets.STATUSES), fill_value=0
    )
    counts["all"] = counts.sum(axis=1)
    total = counts.sum().rename("all")
    counts = pd.concat([counts, total.to_frame().T])
    key = "answer.status_table"
    sector = M(f"{key}.sector", lang)
    df = counts.rename(
        columns={**{s: status_label(s, lang) for s in targets.STATUSES}, "all": M(f"{key}.all_targets", lang)}
    ).reset_index(names=sector)
    df[sector] = df[sector].map({**messages.group("sector", lang), "all": M(f"{key}.all_sectors", lang)})
    return Table(df, M(f"{key}.title", lang))


def plan_level_targets(a: Answer, lang: str = "en") -> Table:
    """The plan's city-wide targets (T01-T03) as the board scores them."""
    rows = a.board[a.board["sector"] == "cross_cutting"].merge(
        targets.load_targets()[["id", "indicator_zh"]], on="id", how="left"
    )
    rows = rows[rows["id"].str.startswith("T")]
    key = "answer.plan_targets"
    # the indicator in the page's language: the plan's own words on a Chinese page, with the boundary scored
    indicator = [
        M(f"{key}.indicator_text", lang, indicator=i, indicator_zh=z)
        for i, z in zip(rows["indicator"], rows["indicator_zh"], strict=True)
    ]
    scored_on = rows["boundary"].map(lambda b: M(f"{key}.boundary", lang, boundary=zh.BOUNDARY_NAMES[b]) if b else "")
    df = common.headed(
        key,
        lang,
        {
            "id": rows["id"],
            "indicator": [i + b for i, b in zip(indicator, scored_on, strict=True)],
            "in_plan": rows["indicator_zh"],
            "target_year": rows["target_year"],
            "status": rows["status"].map(lambda x: status_label(x, lang)),
            "probability": rows["probability"],
        },
    )
    basis = "; ".join(dict.fromkeys(f"{i}: {b}" for i, b in zip(rows["id"], rows["basis"], strict=False)))
    return Table(
        df,
        M(f"{key}.title", lang, basis=basis),
        formats={
            M(f"{key}.target_year", lang): whole,
            M(f"{key}.probability", lang): lambda x: probability(x, lang),
        },
    )


def grades_table(a: Answer, lang: str = "en") -> Table:
    """What the answer rests on, grade by grade: measured, official figures, proxies, derived, assumed."""
    rec = outcomes.record(2100, a.rule_start, "keep")  # every CEADs year the rule reads, the base year included
    missing = sorted(set(range(int(rec.index.min()), int(rec.index.max()) + 1)) - set(int(y) for y in rec.index))
    base_year, obs = runs.calibration()
    by_grade = {}
    for name in core.ALL_NAMES:
        by_grade.setdefault(assumptions.get(name).grade, []).append(name)
    top = list(sensitivity.top(a.indices, synthesis.sobol_outputs(a.indices)[0], 3)["assumption"])
    gdp_years = sorted(obs.gdp_growth)
    n = {g: len(by_grade.get(g, [])) for g in GRADES}
    key = "answer.grades"
    gaps = M(f"{key}.missing", lang, years=messages.join(map(str, missing), lang, "enum")) if missing else ""
    what = {
        "measured": M(f"{key}.measured", lang, first=rec.index.min(), last=rec.index.max(), n=len(rec), missing=gaps),
        "official_point": M(
            f"{key}.official_point",
            lang,
            gdp_first=gdp_years[0],
            gdp_last=gdp_years[-1],
            vehicle_counts=len(obs.vehicle_stock),
            nev_first=obs.nev_share_years[0],
            nev_last=obs.nev_share_years[-1],
            n=n["official_point"],
        ),
        "proxy": M(f"{key}.proxy", lang, first=min(obs.import_ef_index), last=max(obs.import_ef_index)),
        "derived": M(f"{key}.derived", lang, n=n["derived"]),
        "assumption": M(
            f"{key}.assumption",
            lang,
            n=n["assumption"],
            scenario=scenario_label(a.scenarios[-1].name, lang),
            names=messages.join(
                (M(f"{key}.assumption_item", lang, short=_short(x), label=assumption_label(x, lang)) for x in top),
                lang,
                "items",
            ),
        ),
    }
    df = common.headed(
        key,
        lang,
        {
            "grade": [messages.label("grade", g, lang) for g in GRADES],
            "meaning": [messages.label("grade_meaning", g, lang) for g in GRADES],
            "rests_on": [what[g] for g in GRADES],
        },
    )
    return Table(df, M(f"{key}.title", lang))


def download(a: Answer, lang: str = "en") -> Download:
    """Every scenario's results as an IAMC CSV (the file `carbonpeak export` writes for the same parameters)."""
    text, rows = iamc.export_text(a.ensemble, a.peaks)
    return Download(text, rows, M("answer.download", lang), M("answer.download_rows", lang, rows="{rows}"))


class Download:
    """A link on the page to the IAMC CSV (a data: link, so it works offline and re-renders byte-identically)."""

    def __init__(self, text: str, rows: int, label: str, rows_note: str = "({rows} rows, IAMC CSV)"):
        self.text = text
        self.label = label
        self.rows_note = rows_note  # in the page's language
        self.rows = rows

    def href(self) -> str:
        return "data:text/csv;charset=utf-8;base64," + base64.b64encode(self.text.encode("utf-8")).decode("ascii")

    def _repr_mimebundle_(self, include=None, exclude=None):
        link = (
            f'<p><a download="{iamc.FILENAME}.csv" href="{self.href()}">{html.escape(self.label)}</a> '
            f"{html.escape(self.rows_note.format(rows=self.rows))}</p>"
        )
        return {"text/html": link, "text/plain": f"[download] {self.label}"}
