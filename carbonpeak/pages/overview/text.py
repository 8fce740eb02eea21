"""The overview page's sentences: key findings, the settings line, notes, the peak statements, the nowcast and
the 2018 test in words, in the page's language."""

from __future__ import annotations

import pandas as pd

from carbonpeak import data
from carbonpeak.analysis import nowcast, projections, record
from carbonpeak.constants import SHENZHEN, level_name
from carbonpeak.pages import messages
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.overview.labels import WAN, M, city_label, method_label, method_text, pct, say


def statement(st, lang: str = "en") -> str:
    """The peak rule's verdict on one series in one sentence (carbonpeak.analysis.peaks.statement's, in the
    page's language)."""
    rule = messages.label("rule", st.rule, lang)
    if st.year is None:
        return M("overview.statement.no_data", lang, rule=rule)
    kind = {"peaked": "peaked", "unknown": "unknown"}.get(st.verdict, "not_yet" if st.years_after else "not_yet_last")
    return M(
        f"overview.statement.{kind}",
        lang,
        rule=rule,
        year=st.year,
        value=st.value,
        wan=st.value * WAN,
        unit=f" {record.CO2_UNIT}",
        reason=st.reason,
        after=st.years_after,
    )


def _rule_description(rule, lang: str) -> str:
    """The rule with its options in words (carbonpeak.analysis.peaks.Rule.describe's, in the page's language)."""
    description = messages.label("rule_description", rule.name, lang).replace("N", str(rule.rule_years), 1)
    return M(
        "overview.summary.rule_text",
        lang,
        describe=rule.describe(),
        label=messages.label("rule", rule.name, lang),
        description=description,
    )


def settings_markdown(city: str, projection: pd.DataFrame, horizon_end: int, rule, levels, record_2018: str, lang="en"):
    """The line of settings under the key findings: city, projection, rule, intervals, the 2018 value."""
    return M(
        "overview.settings",
        lang,
        city=city_label(city, lang),
        method=method_label(projection, lang),
        end=horizon_end,
        rule=messages.label("rule", rule.name, lang),
        levels=messages.join((M("overview.level", lang, level=lv, pct=lv * 100) for lv in levels), lang, "enum"),
        record_2018=M(f"overview.record_2018_value.{record_2018}", lang),
    )


def shenzhen_only_note(lang: str = "en") -> str:
    """What another city's page says where Shenzhen's has the GDP table."""
    return M("overview.shenzhen_only", lang)


def indicators_notes(lang: str = "en") -> str:
    """The indicators' notes (what each latest year covers)."""
    return M("overview.indicators_table.notes", lang, notes=nowcast.indicators().attrs["notes"])


def _cmcc_inside(nc: pd.DataFrame, tag: str, lang: str) -> str:
    cmcc = data.series("shenzhen_co2_cmcc", SHENZHEN, "co2")
    band = nc.set_index("year")
    inside = [band.at[y, f"lower_{tag}"] <= v <= band.at[y, f"upper_{tag}"] for y, v in cmcc.items() if y in band.index]
    return M("overview.findings.inside" if inside and all(inside) else "overview.findings.not_inside", lang)


def _verdict_case(j) -> str:
    """Which of assess_2018's verdicts ``j`` is."""
    return "usual" if not j.unusual else "corroborated" if j.corroborated else "doubtful"


def verdict_2018(j, lang: str = "en", whole: bool = True) -> str:
    """The 2018 test's verdict (its first word alone unless ``whole``), in the page's language."""
    case = _verdict_case(j)
    word = M(f"overview.verdict.{case}", lang)
    if not whole:
        return M("overview.verdict.word", lang, verdict=j.verdict.split(":")[0], word=word)
    parts = [(M("overview.verdict.own", lang), j.jump_pct > j.own_max_pct)]
    parts.append((M("overview.verdict.peers", lang), j.peer_share < nowcast.UNUSUAL_SHARE))
    why = M("overview.verdict.and", lang).join(w for w, hit in parts if hit)
    reason = M(f"overview.verdict.{case}_reason", lang, why=why)
    return M("overview.verdict.text", lang, verdict=j.verdict, word=word, reason=reason)


def key_findings(city: str, rule, projection: pd.DataFrame, levels, record_2018: str, lang: str = "en") -> KeyFindings:
    """Three to five sentences a reader can take away, from the numbers on this page."""
    hist = record.record(city, record_2018)
    top_year = int(hist.idxmax())
    dropped = M("overview.findings.dropped", lang) if city == SHENZHEN and record_2018 == "outlier" else ""
    last_value = hist.iloc[-1]
    lines = [
        M(
            "overview.findings.record",
            lang,
            dropped=dropped,
            last=last_value,
            last_wan=last_value * WAN,
            last_year=int(hist.index[-1]),
            top=hist.max(),
            top_wan=hist.max() * WAN,
            top_year=top_year,
            statement=statement(rule.judge(hist), lang),
        )
    ]
    label = M("common.findings.label", lang)
    if city != SHENZHEN:
        end = projection.iloc[-1]
        lines.append(
            M(
                "overview.findings.projection",
                lang,
                method=method_label(projection, lang),
                value=end["mean"],
                wan=end["mean"] * WAN,
                year=int(end["year"]),
            )
        )
        return KeyFindings(lines, label=label)
    nc = nowcast.nowcast(record_2018, levels=levels)
    tag = f"{min(levels) * 100:g}".replace(".", "_")
    last = nc.iloc[-1]
    cover = (
        nowcast.backtest_summary(record_2018, levels).set_index("method").loc[nowcast.METHODS[nowcast.DEFAULT_METHOD]]
    )
    lower, upper = last[f"lower_{tag}"], last[f"upper_{tag}"]
    lines.append(
        M(
            "overview.findings.nowcast",
            lang,
            median=last["median"],
            median_wan=last["median"] * WAN,
            year=int(last["year"]),
            level=f"{min(levels) * 100:g}",
            lower=lower,
            upper=upper,
            lower_wan=lower * WAN,
            upper_wan=upper * WAN,
            cover=cover[f"{tag} % interval covered %"],
            inside=_cmcc_inside(nc, tag, lang),
        )
    )
    j = nowcast.assess_2018()
    without = rule.judge(nowcast.shenzhen_record("outlier"))
    lines.append(
        M(
            "overview.findings.jump",
            lang,
            jump=j.jump_pct,
            verdict=verdict_2018(j, lang, whole=False),
            peer=j.peer_share * 100,
            guangdong=j.independent["CEADs Guangdong, Mt CO2"],
            statement=statement(without, lang),
        )
    )
    kept = rule.judge(hist).peaked
    rule_name = messages.label("rule", rule.name, lang)
    if not (kept or without.peaked):
        lines.append(M("overview.findings.answer_none", lang, rule=rule_name))
    else:
        which = M("overview.findings.with" if kept else "overview.findings.only_without", lang)
        lines.append(M("overview.findings.answer_peak", lang, rule=rule_name, which=which))
    return KeyFindings(lines, label=label)


def peak_summary(city: str, rule, projection: pd.DataFrame, levels, hist: pd.Series | None = None, lang="en") -> str:
    """Markdown: the peak rule applied to the record (``hist``, default the full CEADs series) and to the
    central projected path, with caveats."""
    hist = data.series("city_co2", city, "co2") if hist is None else hist
    observed = rule.judge(hist)
    central = pd.concat([hist, projection.set_index("year")["mean"]])
    projected = rule.judge(central)
    wide = level_name(max(levels))
    last = projection.iloc[-1]
    lower, upper = last[f"lower_{wide}"], last[f"upper_{wide}"]
    lines = [
        M("overview.summary.rule", lang, rule=_rule_description(rule, lang)),
        M("overview.summary.observed", lang, statement=statement(observed, lang)),
        M(
            "overview.summary.projected",
            lang,
            method=method_label(projection, lang),
            statement=statement(projected, lang),
        ),
        M(
            "overview.summary.spread",
            lang,
            year=int(last["year"]),
            wide=wide,
            lower=lower,
            upper=upper,
            lower_wan=lower * WAN,
            upper_wan=upper * WAN,
        ),
    ]
    if projection.attrs["method"] == "naive":
        lines.append(M("overview.summary.naive", lang))
    if city == SHENZHEN:
        cmcc = data.series("shenzhen_co2_cmcc", city, "co2")
        points = messages.join(
            (M("overview.summary.cmcc_point", lang, value=v, wan=v * WAN, year=y) for y, v in cmcc.items()), lang
        )
        lines.append(M("overview.summary.cmcc", lang, points=points))
    return "\n".join(lines)


def method_note(projection: pd.DataFrame, lang: str = "en") -> str:
    """One sentence on the fitted projection (method, observed years, log or levels, years ahead) and any
    fitting warnings."""
    a = projection.attrs
    text = M(
        "overview.method_note.text",
        lang,
        method=method_label(projection, lang),
        n_obs=a["n_obs"],
        first=a["first_year"],
        last=a["last_year"],
        scale=M("overview.method_note.log" if a["log"] else "overview.method_note.levels", lang),
        ahead=len(projection),
    )
    if a["warnings"]:
        text += M("overview.method_note.warnings", lang, warnings="; ".join(a["warnings"]))
    return text


def intensity_note(city: str, lang: str = "en") -> str:
    """What the page says where no GDP or population series exists for the city."""
    return M("overview.intensity.none", lang, city=city_label(city, lang))


def record_2018_note(city: str, record_2018: str, lang: str = "en") -> str:
    """Markdown: what the ``record_2018`` setting does on this city's page (it concerns Shenzhen only)."""
    if city != SHENZHEN:
        return M("overview.record_2018_note.other_city", lang)
    return M(f"overview.record_2018_note.{record_2018}", lang)


def _verdict_paths(method: str, horizon_end: int, levels):
    """(basis, projection label, record_2018 choice, path) for record.peak_verdicts' three bases, so that each
    statement can be written in the page's language (record.peak_verdicts gives them in English)."""
    for basis in BASES:
        for choice in nowcast.RECORD_2018:
            hist = nowcast.shenzhen_record(choice)
            label = ""
            if basis == BASES[1]:
                proj = projections.project(hist, horizon_end - int(hist.index.max()), method, levels)
                path, label = pd.concat([hist, proj.set_index("year")["mean"]]), proj.attrs["label"]
            elif basis == BASES[2]:
                path = pd.concat([hist, nowcast.nowcast(choice).set_index("year")["median"]])
            else:
                path = hist
            yield basis, label, choice, path


BASES = (
    "CEADs record (measured)",
    "CEADs record + central projection",
    "CEADs record + nowcast central 2020-2025 (what-if: the nowcast is derived, not measured)",
)


def peak_verdicts_markdown(rule, method: str, horizon_end: int, levels, lang: str = "en") -> str:
    """The peak statements with and without CEADs' 2018 value, one bullet per basis."""
    rows: dict[str, dict] = {}
    for basis, label, choice, path in _verdict_paths(method, horizon_end, levels):
        row = rows.setdefault(basis, {"method": ""})
        row["method"] = label or row["method"]
        row[choice] = statement(rule.judge(path), lang)
    lines = []
    for basis, r in rows.items():
        shown = M("overview.verdicts.method", lang, method=method_text(r["method"], lang)) if r["method"] else ""
        lines.append(
            M(
                "overview.verdicts.item",
                lang,
                basis=say("basis", basis, lang) + shown,
                keep=r["keep"],
                outlier=r["outlier"],
            )
        )
    return "\n".join(lines)


def nowcast_markdown(record_2018: str = "keep", levels=nowcast.LEVELS, lang: str = "en") -> str:
    """The nowcast in words: method, 2025 value and interval, back-test coverage and the benchmark."""
    nc = nowcast.nowcast(record_2018, levels=levels)
    a = nc.attrs
    summary = nowcast.backtest_summary(record_2018, levels).set_index("method")
    ours, naive = summary.loc[nowcast.METHODS[nowcast.DEFAULT_METHOD]], summary.loc[nowcast.METHODS["naive"]]
    narrow, wide = min(levels), max(levels)
    tags = {lv: f"{lv * 100:g}".replace(".", "_") for lv in levels}
    last = nc.iloc[-1]
    cover = messages.join(
        (
            M(
                "overview.nowcast_text.cover_item",
                lang,
                level=pct(lv, lang),
                covered=ours[f"{tags[lv]} % interval covered %"],
            )
            for lv in sorted(levels)
        ),
        lang,
    )
    bounds = {
        "lower": last[f"lower_{tags[narrow]}"],
        "upper": last[f"upper_{tags[narrow]}"],
        "wide_lower": last[f"lower_{tags[wide]}"],
        "wide_upper": last[f"upper_{tags[wide]}"],
        "median": last["median"],
        "anchor": a["anchor"],
    }
    beat = naive["median abs error %"] > ours["median abs error %"]
    lines = [
        M(
            "overview.nowcast_text.nowcast",
            lang,
            method=say("nowcast_method", nowcast.METHODS[nowcast.DEFAULT_METHOD], lang),
            anchor_year=a["anchor_year"],
            year=int(last["year"]),
            narrow=pct(narrow, lang),
            wide=pct(wide, lang),
            sigma=a["sigma"] * 100,
            pairs=a["pairs"],
            **bounds,
            **{f"{k}_wan": v * WAN for k, v in bounds.items()},
        ),
        M(
            "overview.nowcast_text.backtest",
            lang,
            nowcasts=int(ours["nowcasts"]),
            origins=int(ours["origins"]),
            median=ours["median abs error %"],
            cover=cover,
        ),
        M(
            "overview.nowcast_text.benchmark",
            lang,
            median=naive["median abs error %"],
            verdict=M("overview.nowcast_text.beat" if beat else "overview.nowcast_text.did_not_beat", lang),
        ),
    ]
    return "\n".join(lines)


def no_nowcast_note(city: str, lang: str = "en") -> str:
    """Why another city's page has no nowcast."""
    return M("overview.no_nowcast", lang, city=city_label(city, lang))


def no_2018_test_note(lang: str = "en") -> str:
    """Why another city's page does not test CEADs' 2018 value."""
    return M("overview.no_2018_test", lang)


def verdict_2018_markdown(lang: str = "en") -> str:
    """The 2018 question answered in a few sentences with the numbers (for the overview and the synthesis)."""
    j = nowcast.assess_2018()
    ind = M("common.punct.clause", lang).join(
        M(
            "overview.verdict_2018.independent_item",
            lang,
            name=say("series", k.split(",")[0], lang),
            change=v,
            years=M("overview.verdict_2018.district_years", lang) if k.startswith("District") else "",
        )
        for k, v in j.independent.items()
    )
    cmcc = data.series("shenzhen_co2_cmcc", SHENZHEN, "co2")
    values = {"v2016": j.value_2016, "v2018": j.value_2018, "v2019": j.value_2019}
    lines = [
        M(
            "overview.verdict_2018.jump",
            lang,
            jump=j.jump_pct,
            **values,
            **{f"{k}_wan": v * WAN for k, v in values.items()},
        ),
        M(
            "overview.verdict_2018.own",
            lang,
            spread=j.yoy_spread_pct,
            z=j.z,
            own_max=j.own_max_pct,
        ),
        M(
            "overview.verdict_2018.peers",
            lang,
            count=j.peer_count,
            share=j.peer_share * 100,
            as_large=j.guangdong_cities_as_large,
            cities=j.guangdong_cities,
            share_gd=j.guangdong_cities_as_large / j.guangdong_cities * 100,
            before=j.guangdong_share_before * 100,
        ),
        M(
            "overview.verdict_2018.independent",
            lang,
            items=ind,
            cmcc=M("overview.verdict_2018.and", lang).join(f"{v:.1f}" for v in cmcc.to_numpy()),
            cmcc_wan=M("overview.verdict_2018.and", lang).join(f"{v * WAN:.0f}" for v in cmcc.to_numpy()),
        ),
        M(
            "overview.verdict_2018.verdict",
            lang,
            verdict=verdict_2018(j, lang),
            unusual=pct(nowcast.UNUSUAL_SHARE, lang),
            corroboration=pct(nowcast.CORROBORATION, lang),
        ),
    ]
    return "\n".join(lines)
