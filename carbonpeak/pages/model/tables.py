"""The model chapter's tables, in English or in Chinese (the catalogue's model.yml): what the model is calibrated on
and assumes, what it estimates, the 2019 balance, the checks against 2020-2025 figures and the hindcasts, for
reading. CO2 in Mt or in 万吨, electricity in TWh or in 亿千瓦时."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak.analysis import deviation
from carbonpeak.model import base, boundaries, core, diagnostics, hindcast
from carbonpeak.pages import common, messages
from carbonpeak.pages.model.text import TWH_IN_YI_KWH, record_label
from carbonpeak.pages.tables import Table

M = messages.text


def _table(df: pd.DataFrame, caption: str, lang: str, **options) -> Table:
    """A table of this page, a folded one counting its rows in the page's language."""
    return Table(df, caption, lang=lang, **options)


def _headers(df: pd.DataFrame, key: str, lang: str) -> pd.DataFrame:
    """``df`` with each column the catalogue names under ``key`` headed in the page's language."""
    known = messages.catalogue()
    return df.rename(columns={c: M(f"{key}.{c}", lang) for c in df.columns if f"{key}.{c}" in known})


def _grade(grade: str, lang: str) -> str:
    return messages.label("grade", grade, lang)


def calibration_points(lang: str = "en") -> pd.DataFrame:
    """The observed figures the model is calibrated on or checked against (grades as keys)."""
    key = "model.table.calibration"

    def t(name: str, **values) -> str:
        return M(f"{key}.{name}", lang, **values)

    def twh(value: float) -> str:
        return t("twh", value=value, yi=value * TWH_IN_YI_KWH)

    b = base.base_year()
    obs = base.observed()
    shares = (t("share_item", use=t(f"use.{use}"), share=share) for use, share in b.electricity_shares.items())
    rows = [
        (t("co2"), t("co2_value", value=b.co2_total, wan=messages.co2(b.co2_total, "zh")), "estimated", t("co2_use")),
        (t("electricity"), twh(b.electricity), "derived", t("electricity_use")),
        (t("shares"), messages.join(shares, lang), "official_point", t("shares_use")),
        (t("coal"), t("gw", value=b.coal_gw, wan=b.coal_gw * 100), "official_point", t("coal_use")),
        (t("wte"), t("gw", value=b.wte_gw, wan=b.wte_gw * 100), "official_point", t("wte_use")),
        (t("public_ev"), t("count", value=b.public_ev_count), "official_point", t("public_ev_use")),
    ]
    rows += [
        (
            t("electricity_year", year=y),
            twh(v),
            "official_point" if y in (2020, 2021, 2023) else "derived",
            t("recent_use"),
        )
        for y, v in obs.electricity.items()
    ]
    rows += [
        (t("gdp", year=y), t("percent", value=g), "official_point", t("gdp_use")) for y, g in obs.gdp_growth.items()
    ]
    rows += [
        (t("stock", t=year), t("count", value=v), "official_point", t("stock_use"))
        for year, v in obs.vehicle_stock.items()
    ]
    rows += [
        (t("nev_share", year=y), t("percent", value=s), "official_point", t("nev_share_use"))
        for y, s in zip(obs.nev_share_years, obs.nev_shares, strict=False)
    ]
    rows += [
        (t("thermal", year=y), t("index", value=v), "proxy", t("thermal_use")) for y, v in obs.import_ef_index.items()
    ]
    return pd.DataFrame(rows, columns=[t("figure"), t("value"), t("grade"), t("used for")])


def recent_checks(ens, levels=(0.8,), lang: str = "en") -> pd.DataFrame:
    """Territorial CO2 2020-2025 (diagnostics.recent_checks) for reading: medians to 0.1 Mt, bands as ranges."""
    key = "model.table.recent"
    name, _ = next(iter(ens))
    tag = f"{levels[0] * 100:g}"
    scenario = messages.label("scenario", name, lang)

    def median(v: float) -> float:
        return float(M(f"{key}.median", lang, value=v, wan=messages.co2(v, "zh")))

    def band(low: float, high: float) -> str:
        return M(
            f"{key}.band", lang, low=low, high=high, low_wan=messages.co2(low, "zh"), high_wan=messages.co2(high, "zh")
        )

    rows = []
    for r in diagnostics.recent_checks(ens, levels).itertuples():
        rows.append(
            {
                M(f"{key}.year", lang): r.year,
                M(f"{key}.model", lang, scenario=scenario): median(r.model_median),
                M(f"{key}.model_band", lang, tag=tag): band(r.model_lower, r.model_upper),
                M(f"{key}.nowcast", lang): median(r.nowcast_median),
                M(f"{key}.nowcast_band", lang, tag=tag): band(r.nowcast_lower, r.nowcast_upper),
                M(f"{key}.CMCC", lang): ""
                if np.isnan(r.cmcc)
                else M(f"{key}.median", lang, value=r.cmcc, wan=messages.co2(r.cmcc, "zh")),
            }
        )
    return pd.DataFrame(rows)


def nev_checks(result: core.Result, lang: str = "en") -> pd.DataFrame:
    """Observed NEV stock figures against the fleet model (diagnostics.nev_checks) for reading."""
    key = "model.table.nev"
    checks = diagnostics.nev_checks(result)
    bands = zip(checks["lower"], checks["upper"], strict=True)
    return pd.DataFrame(
        {
            "figure": [M(f"{key}.{v}", lang, year=y) for v, y in zip(checks["variable"], checks["year"], strict=True)],
            "observed": [f"{v:,.0f}" for v in checks["observed"]],
            "model median": [f"{v:,.0f}" for v in checks["median"]],
            "model 80 % band": [M(f"{key}.band", lang, low=lo, high=hi) for lo, hi in bands],
            "inside": checks["inside"],
        }
    )


def _estimate_text(key: str, part: str, text: str, lang: str, **values) -> str:
    """A method's or a sample's words: as stated (English), in Chinese by its key; unknown keys as stated."""
    name = f"model.estimate.{key}.{part}"
    return M(name, lang, text=text, **values) if name in messages.catalogue() else text


def estimates_table(fits: list, lang: str = "en") -> Table:
    """The estimates for reading."""
    key = "model.table.estimates"
    df = diagnostics.estimates_frame(fits)
    cities = deviation.panel_deviation().cities
    known = messages.catalogue()

    def quantity(k: str, text: str) -> str:
        if f"model.estimate.{k}.quantity" in known:
            return _estimate_text(k, "quantity", text, lang)
        return M(f"model.fit.{k}", lang) if f"model.fit.{k}" in known else messages.label("assumption", k, lang)

    df = df.assign(
        quantity=[quantity(k, v) for k, v in zip(df["key"], df["quantity"], strict=True)],
        estimator=[_estimate_text(k, "estimator", v, lang) for k, v in zip(df["key"], df["estimator"], strict=True)],
        sample=[
            _estimate_text(k, "sample", v, lang, cities=cities) for k, v in zip(df["key"], df["sample"], strict=True)
        ],
    ).drop(columns="key")
    return _table(
        _headers(df, key, lang),
        M(f"{key}.title", lang),
        lang,
        formats={M(f"{key}.estimate", lang): "{:.4f}", M(f"{key}.standard error", lang): "{:.4f}"},
    )


def _term(term: str, lang: str) -> str:
    """A regression term in the page's language (a year-named scale by its year)."""
    if term.startswith("log scale in "):
        return M("model.term.log scale in {year}", lang, year=term.rsplit(" ", 1)[1])
    return messages.text(f"model.term.{term}", lang) if f"model.term.{term}" in messages.catalogue() else term


def fit_coefficients(fits: list, lang: str = "en") -> Table:
    """The coefficients of every regression, with their standard errors."""
    key = "model.table.coefficients"
    df = pd.concat([e.coefficients.assign(fit=M(f"model.fit.{e.name}", lang)) for e in fits], ignore_index=True)
    df = df[["fit", "term", "coefficient", "standard error"]].assign(
        term=lambda d: d["term"].map(lambda t: _term(t, lang))
    )
    return _table(
        _headers(df, key, lang),
        M(f"{key}.title", lang),
        lang,
        formats={M(f"{key}.coefficient", lang): "{:.4f}", M(f"{key}.standard error", lang): "{:.4f}"},
    )


def pooled_table(points: pd.DataFrame, lang: str = "en") -> Table:
    """Coverage of the 80 % band and median log error, pooled over the tuning origins and over the others."""
    key = "model.table.pooled"
    tuned = points["origin"].isin(hindcast.TUNING_ORIGINS)
    parts = []
    for label, sel in (("tuning origins", tuned), ("other origins", ~tuned)):
        parts.append(hindcast.pooled(points[sel]).assign(origins=M(f"{key}.{label}", lang)))
    df = pd.concat(parts, ignore_index=True)
    df["record"] = df["variable"].map(lambda v: record_label(v, lang))
    df = df[["origins", "record", "values", "inside 80 % band", "median log error"]]
    inside = (100 * df["inside 80 % band"]).round(0).astype(int)
    df = df.assign(**{"inside 80 % band": inside.map(lambda v: M(f"{key}.inside", lang, value=v))})
    return _table(
        _headers(df, key, lang), M(f"{key}.title", lang), lang, formats={M(f"{key}.median log error", lang): "{:+.3f}"}
    )


def origins_table(points: pd.DataFrame, lang: str = "en") -> Table:
    """Per origin and record: values scored and the share inside the band."""
    key = "model.table.origins"
    g = points.groupby(["origin", "variable"], sort=True)
    df = pd.DataFrame({"values": g.size(), "inside": g["inside"].mean()}).reset_index()
    df["record"] = df["variable"].map(lambda v: record_label(v, lang))
    wide = df.pivot(index="origin", columns="record", values="inside")
    shown = wide.map(lambda x: "–" if pd.isna(x) else M(f"{key}.share", lang, value=100 * x)).reset_index()
    yes_no = {True: M("model.table.nev.yes", lang), False: M("model.table.nev.no", lang)}
    shown.insert(1, "tuning origin", shown["origin"].isin(hindcast.TUNING_ORIGINS).map(yes_no))
    return _table(_headers(shown, key, lang), M(f"{key}.title", lang), lang)


def seam_tables(scen, draws: int, seed: int, horizon_end: int, lang: str = "en") -> tuple[Table, Table]:
    """Median growth across the last observed year, and the peak years around it with and without the
    structural discrepancy."""
    key = "model.table.seam"
    growth, peaks = diagnostics.seam(scen, draws, seed, horizon_end)
    spans = {c: M(f"{key}.span", lang, first=c.split("-")[0], last=c.split("-")[1]) for c in growth.columns if "-" in c}
    growth = growth.assign(quantity=growth["quantity"].map(lambda q: M(f"{key}.{q}", lang))).rename(columns=spans)
    peaks = peaks.assign(
        run=peaks["run"].map(lambda r: M(f"{key}.{r}", lang)),
        boundary=peaks["boundary"].map(lambda b: boundaries.label(b, lang)),
    )
    year = diagnostics.last_observed_year()
    growth, peaks = _headers(growth, key, lang), _headers(peaks, key, lang)
    fixed = {M(f"{key}.quantity", lang), M(f"{key}.run", lang), M(f"{key}.boundary", lang)}
    return (
        _table(
            growth,
            M(f"{key}.growth_title", lang, year=year),
            lang,
            formats={c: "{:+.1f}" for c in growth.columns if c not in fixed},
        ),
        _table(
            peaks,
            M(f"{key}.peaks_title", lang, year=year),
            lang,
            formats={c: "{:.1f}" for c in peaks.columns if c not in fixed},
        ),
    )


def assumptions_table(lang: str = "en") -> Table:
    """Every assumption the model reads, by its meaning, with the name scenario files use."""
    return common.assumptions_view(common.assumptions_frame(lang), lang=lang)


def calibration_table(lang: str = "en") -> Table:
    """The figures the model is calibrated on or checked against, grades in words."""
    key = "model.table.calibration"
    df = calibration_points(lang)
    grade = M(f"{key}.grade", lang)
    return _table(df.assign(**{grade: df[grade].map(lambda g: _grade(g, lang))}), M(f"{key}.title", lang), lang)


def balance_table(result: core.Result, lang: str = "en") -> Table:
    """The 2019 electricity balance at the stated values, for reading."""
    key = "model.table.balance"
    df = diagnostics.balance_2019(result)
    df = df.assign(
        side=df["side"].map(lambda side: M(f"{key}.{side}", lang)),
        item=df["item"].map(lambda item: M(f"{key}.items.{item}", lang)),
        share=df["share"].map(lambda v: M(f"{key}.share_value", lang, value=v)),
    )
    return _table(
        _headers(df, key, lang),
        M(f"{key}.title", lang),
        lang,
        formats={M(f"{key}.TWh", lang): lambda v: M(f"{key}.twh_digits", lang, value=v, yi=v * TWH_IN_YI_KWH)},
    )


def co2_table(co2: pd.DataFrame, result: core.Result, lang: str = "en") -> Table:
    """2019 CO2 by part, the two totals and the commentary's figures, grades in words."""
    key = "model.table.co2"
    twh, ef = float(result.supply["imports"][0, 0]), float(result.import_ef[0, 0])

    def item(k: str) -> str:
        if k == diagnostics.IMPORTED:
            return M(f"{key}.imported", lang, twh=twh, yi=round(twh, 1) * TWH_IN_YI_KWH, ef=ef)
        if f"{key}.{k}" in messages.catalogue():
            return M(f"{key}.{k}", lang)
        return M(f"{key}.part", lang, name=k, label=messages.label("part", k, "zh"))

    df = co2.assign(
        account=co2["account"].map(lambda a: M(f"{key}.{a}", lang)),
        item=co2["key"].map(item),
        grade=co2["grade"].map(lambda g: _grade(g, lang)),
        **{"Mt CO2": messages.co2(co2["Mt CO2"], lang)},
    ).drop(columns="key")
    return _table(
        _headers(df, key, lang),
        M(f"{key}.title", lang),
        lang,
        formats={M(f"{key}.Mt CO2", lang): lambda v: M(f"{key}.value", lang, value=v, wan=v)},
    )


def recent_table(recent: pd.DataFrame, lang: str = "en") -> Table:
    """Territorial CO2 2020-2025: the model beside the nowcast and CMCC."""
    return _table(recent, M("model.table.recent.title", lang), lang)


def electricity_table(result: core.Result, lang: str = "en") -> Table:
    """Observed electricity use against the model before it is scaled to it, and the scale applied."""
    key = "model.table.electricity"
    df = _headers(diagnostics.electricity_checks(result), key, lang)

    def twh(v: float) -> str:
        return M(f"{key}.twh_digits", lang, value=v, yi=v * TWH_IN_YI_KWH)

    formats = {M(f"{key}.{c}", lang): twh for c in ("observed (TWh)", "model before scaling (TWh)")}
    return _table(df, M(f"{key}.title", lang), lang, formats=formats | {M(f"{key}.scale applied", lang): "{:.3f}"})


def shares_table(result: core.Result, year: int = 2023, lang: str = "en") -> Table:
    """The model's electricity use by sector in ``year`` against the published shares."""
    key = "model.table.shares"
    df = diagnostics.sector_shares_check(result, year)
    df["use"] = df["use"].map(lambda u: M(f"{key}.{u}", lang))
    return _table(
        _headers(df, key, lang),
        M(f"{key}.title", lang, year=year),
        lang,
        formats={M(f"{key}.model median (%)", lang): "{:.1f}", M(f"{key}.published (%)", lang): "{:.1f}"},
    )


def nev_table(nev: pd.DataFrame, lang: str = "en") -> Table:
    """Observed NEV stock figures against the fleet model, each marked inside its band or not."""
    key = "model.table.nev"
    yes_no = {True: M(f"{key}.yes", lang), False: M(f"{key}.no", lang)}
    df = nev.assign(inside=nev["inside"].map(yes_no)).rename(columns={"inside": "inside the band"})
    return _table(_headers(df, key, lang), M(f"{key}.title", lang), lang)


def import_factor_table(result: core.Result, lang: str = "en") -> Table:
    """The model's import factor against the published grid factors (t/MWh)."""
    key = "model.table.import_factor"
    df = _headers(diagnostics.import_factor_checks(result), key, lang)
    return _table(df, M(f"{key}.title", lang), lang, formats={M(f"{key}.model median (t/MWh)", lang): "{:.3f}"})
