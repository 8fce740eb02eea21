"""The chapter "The city model": how it is built, what it is calibrated on, and how well it reproduces
what was measured (2019 balance, checks against 2020-2025 figures, the 2010-2019 hindcast)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts, data
from carbonpeak.analysis import level, nowcast
from carbonpeak.constants import MILESTONES, SHENZHEN
from carbonpeak.data.provenance import grade_label
from carbonpeak.model import base, core, diagnostics, hindcast, summary, synthesis
from carbonpeak.pages import common
from carbonpeak.pages.findings import KeyFindings, city_numbers
from carbonpeak.pages.tables import Table

SOURCES = ["ceads_city", "ceads_provinces", "official_points", "literature", "crea_power"]


def calibration_points() -> pd.DataFrame:
    """The observed figures the model is calibrated on or checked against."""
    b = base.base_year()
    obs = base.observed()
    rows = [
        (
            "territorial CO2, 2019: level filtered from CEADs and the county-level series",
            f"{b.co2_total:.2f} Mt",
            "estimated",
            "calibration: the base-year total (analysis.level)",
        ),
        (
            "electricity use, 2019 (2020 total less its growth)",
            f"{b.electricity:.2f} TWh",
            "derived",
            "calibration: base-year demand",
        ),
        (
            "electricity use by sector, 2020",
            ", ".join(f"{k} {v:.1%}" for k, v in b.electricity_shares.items()),
            "official_point",
            "calibration: base-year split",
        ),
        ("Mawan coal capacity", f"{b.coal_gw:g} GW", "official_point", "calibration: coal-gas split"),
        ("waste-to-energy capacity, 2020", f"{b.wte_gw:g} GW", "official_point", "calibration"),
        (
            "electric buses and taxis",
            f"{b.public_ev_count:,.0f}",
            "official_point",
            "calibration: NEVs not privately owned",
        ),
    ]
    rows += [
        (
            f"electricity use, {y}",
            f"{v:.2f} TWh",
            "official_point" if y in (2020, 2021, 2023) else "derived",
            "the recent years' demand",
        )
        for y, v in obs.electricity.items()
    ]
    rows += [
        (f"real GDP growth, {y}", f"{g:.1%}", "official_point", "the recent years' driver")
        for y, g in obs.gdp_growth.items()
    ]
    rows += [
        (f"vehicle stock, year-end equivalent {t:g}", f"{v:,.0f}", "official_point", "the stock path")
        for t, v in obs.vehicle_stock.items()
    ]
    rows += [
        (f"NEV share of new registrations, {y}", f"{s:.1%}", "official_point", "the NEV sales curve")
        for y, s in zip(obs.nev_share_years, obs.nev_shares, strict=False)
    ]
    rows += [
        (
            f"Guangdong thermal generation per unit of use, {y} (2019 = 1)",
            f"{v:.3f}",
            "proxy",
            "the import factor and the local plants in recent years",
        )
        for y, v in obs.import_ef_index.items()
    ]
    return pd.DataFrame(rows, columns=["figure", "value", "grade", "used for"])


def recent_checks(ens, levels=(0.8,)) -> pd.DataFrame:
    """Territorial CO2 2020-2025 (diagnostics.recent_checks) for reading: medians to 0.1 Mt, bands as ranges."""
    name, _ = next(iter(ens))
    tag = f"{levels[0] * 100:g}"
    rows = []
    for r in diagnostics.recent_checks(ens, levels).itertuples():
        rows.append(
            {
                "year": r.year,
                f"model ({name}), median": round(r.model_median, 1),
                f"model, {tag} % band": f"{r.model_lower:.1f}-{r.model_upper:.1f}",
                "nowcast, median": round(r.nowcast_median, 1),
                f"nowcast, {tag} % band": f"{r.nowcast_lower:.1f}-{r.nowcast_upper:.1f}",
                "CMCC": "" if np.isnan(r.cmcc) else f"{r.cmcc:.1f}",
            }
        )
    return pd.DataFrame(rows)


def nev_checks(result: core.Result) -> pd.DataFrame:
    """Observed NEV stock figures against the fleet model (diagnostics.nev_checks) for reading."""
    checks = diagnostics.nev_checks(result)
    bands = zip(checks["lower"], checks["upper"], strict=True)
    return pd.DataFrame(
        {
            "figure": checks["figure"],
            "observed": [f"{v:,.0f}" for v in checks["observed"]],
            "model median": [f"{v:,.0f}" for v in checks["median"]],
            "model 80 % band": [f"{lo:,.0f}-{hi:,.0f}" for lo, hi in bands],
            "inside": checks["inside"],
        }
    )


# Estimated relationships ------------------------------------------------------------------------------


def estimates_table(fits: list) -> Table:
    """The estimates for reading."""
    return Table(
        diagnostics.estimates_frame(fits),
        "What the model estimates from data, with standard errors",
        formats={"estimate": "{:.4f}", "standard error": "{:.4f}"},
    )


def fit_coefficients(fits: list) -> Table:
    """The coefficients of every regression, with their standard errors."""
    df = pd.concat([e.coefficients.assign(fit=e.label) for e in fits], ignore_index=True)
    return Table(
        df[["fit", "term", "coefficient", "standard error"]],
        "Coefficients of the fitted relationships",
        formats={"coefficient": "{:.4f}", "standard error": "{:.4f}"},
    )


def residuals_figure(fits: list) -> charts.Figure:
    """The residuals of every regression by year, one panel per fit."""
    df = pd.concat([e.residuals.assign(fit=e.label) for e in fits], ignore_index=True)
    chart = (
        alt.Chart(df)
        .mark_point(filled=True, size=45)
        .encode(
            x=alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False)),
            y=alt.Y("residual:Q", title="residual (log)"),
            color=alt.Color("fit:N", title=None, legend=alt.Legend(orient="bottom", columns=1)),
            shape="fit:N",
            tooltip=["fit:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("residual:Q", format=".3f")],
        )
        .properties(
            title=charts.title("Residuals of the fitted relationships", "log units, by year"),
            width=charts.WIDTH,
            height=charts.HEIGHT,
        )
    )
    largest = df.loc[df["residual"].abs().idxmax()]
    return charts.Figure(
        chart,
        alt_text=(
            "Points of the residuals of the fitted relationships by year; the largest is "
            f"{largest['residual']:+.3f} ({largest['fit']}, {int(largest['year'])})."
        ),
        source=charts.source_note(["crea_power", "official_points", "nbs_major_cities"], ["proxy", "official_point"]),
        data=df,
        filename="model_residuals",
    )


def _band_and_records(band, fields, opacity, records, record_fields, size) -> alt.LayerChart:
    """A blue band and its middle line (``fields``: lower, middle, upper columns of ``band``; Mt CO2) under
    the records as points, one colour and shape per series (``record_fields``: series and value columns)."""
    lower, middle, upper = fields
    series, value = record_fields
    x = alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False))
    return alt.layer(
        alt.Chart(band)
        .mark_area(opacity=opacity, color="#2e75b6")
        .encode(x=x, y=alt.Y(f"{lower}:Q", title="Mt CO2"), y2=f"{upper}:Q"),
        alt.Chart(band).mark_line(color="#2e75b6").encode(x=x, y=f"{middle}:Q"),
        alt.Chart(records)
        .mark_point(filled=True, size=size)
        .encode(
            x=x,
            y=f"{value}:Q",
            color=alt.Color(f"{series}:N", title=None, legend=alt.Legend(orient="bottom", columns=1)),
            shape=f"{series}:N",
            tooltip=[f"{series}:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip(f"{value}:Q", format=",.1f")],
        ),
    )


def level_figure() -> charts.Figure:
    """The smoothed territorial level (central 80 %) with both records."""
    path = level.filtered_path(base.BASE_YEAR)
    band = path[["year", "level", "lower_80", "upper_80"]]
    pts = path.melt(id_vars="year", value_vars=["CEADs", "county-level sum"], var_name="series").dropna()
    chart = _band_and_records(band, ("lower_80", "level", "upper_80"), 0.2, pts, ("series", "value"), 50).properties(
        title=charts.title(
            "The territorial level both records share", "Mt CO2; line and band: smoothed level, central 80 %"
        ),
        width=charts.WIDTH,
        height=charts.HEIGHT,
    )
    last = path.iloc[-1]
    return charts.Figure(
        chart,
        alt_text=(
            f"Smoothed level of Shenzhen's territorial CO2 with the CEADs and county-level records as points; in "
            f"{int(last['year'])} the level is {last['level']:.1f} Mt against CEADs' {last['CEADs']:.1f} Mt."
        ),
        source=charts.source_note(["ceads_city", "chen2020"], ["measured", "proxy", "estimated"]),
        data=path,
        filename="model_level",
    )


# Hindcasts ----------------------------------------------------------------------------------------------

SHOWN_ORIGINS = (2008, 2011, 2014)  # none of them a tuning origin
RECORD_LABELS = {
    "co2_territorial": "CEADs (territorial)",
    "co2_county": "county-level sum (Chen et al. 2020)",
    "electricity_demand": "electricity use (TWh)",
}


def pooled_table(points: pd.DataFrame) -> Table:
    """Coverage of the 80 % band and median log error, pooled over the tuning origins and over the others."""
    tuned = points["origin"].isin(hindcast.TUNING_ORIGINS)
    parts = []
    for label, sel in (("tuning origins", tuned), ("other origins", ~tuned)):
        parts.append(hindcast.pooled(points[sel]).assign(origins=label))
    df = pd.concat(parts, ignore_index=True)
    df["record"] = df["variable"].map(RECORD_LABELS)
    df = df[["origins", "record", "values", "inside 80 % band", "median log error"]]
    return Table(
        df.assign(**{"inside 80 % band": (100 * df["inside 80 % band"]).round(0).astype(int).astype(str) + " %"}),
        "Hindcasts from every origin 2005-2016: recorded values inside the central 80 % band and the median "
        "log error (log recorded - log median), pooled",
        formats={"median log error": "{:+.3f}"},
    )


def origins_table(points: pd.DataFrame) -> Table:
    """Per origin and record: values scored and the share inside the band."""
    g = points.groupby(["origin", "variable"], sort=True)
    df = pd.DataFrame({"values": g.size(), "inside": g["inside"].mean()}).reset_index()
    df["record"] = df["variable"].map(RECORD_LABELS)
    wide = df.pivot(index="origin", columns="record", values="inside")
    shown = wide.map(lambda x: "–" if pd.isna(x) else f"{100 * x:.0f} %").reset_index()
    shown.insert(1, "tuning origin", shown["origin"].isin(hindcast.TUNING_ORIGINS).map({True: "yes", False: "no"}))
    return Table(shown, "Share of recorded values inside the hindcast's 80 % band, by origin")


def hindcast_figure(points: pd.DataFrame, origin: int) -> charts.Figure:
    """The band of territorial CO2 from one origin (a CEADs-like record's band) with both records."""
    df = points[(points["origin"] == origin) & points["variable"].isin(["co2_territorial", "co2_county"])].copy()
    df["record"] = df["variable"].map(RECORD_LABELS)
    band = df[df["variable"] == "co2_territorial"]
    chart = _band_and_records(band, ("p10", "p50", "p90"), 0.18, df, ("record", "recorded"), 45).properties(
        title=charts.title(
            f"Hindcast from {origin} against what was recorded",
            "Mt CO2, territorial; band: central 80 % of a CEADs-like record",
        ),
        width=charts.WIDTH,
        height=charts.HEIGHT,
    )
    share = df.groupby("record")["inside"].mean()
    return charts.Figure(
        chart,
        alt_text=(
            f"Band of the hindcast from {origin} with the recorded values as points; "
            + "; ".join(f"{k}: {v:.0%} of values inside" for k, v in share.items())
            + "."
        ),
        source=charts.source_note(
            ["ceads_city", "chen2020", "official_points"],
            ["measured", "proxy", "assumption"],
            "Hindcast: drivers observed after the origin, priors of data/assumptions.yml.",
        ),
        data=df,
        filename=f"model_hindcast_{origin}",
    )


# The seam at the last observed year -------------------------------------------------------------------


def seam_tables(scen, draws: int, seed: int, horizon_end: int) -> tuple[Table, Table]:
    """Median growth across the last observed year, and the peak years around it with and without the
    structural discrepancy."""
    growth, peaks = diagnostics.seam(scen, draws, seed, horizon_end)
    peaks["boundary"] = peaks["boundary"].map(synthesis.BOUNDARY_LABELS)
    year = diagnostics.last_observed_year()
    return (
        Table(
            growth,
            f"Median growth per year (%) across {year}, the last year of observed drivers",
            formats={c: "{:+.1f}" for c in growth.columns if c != "quantity"},
        ),
        Table(
            peaks,
            f"Share of draws (%) whose peak falls in each year around {year} (N-years-below rule)",
            formats={c: "{:.1f}" for c in peaks.columns if c not in ("run", "boundary")},
        ),
    )


def recent_figure(ens, levels=(0.8,)):
    """The model's territorial path 2019-2025 beside the nowcast band and CMCC."""
    name, result = next(iter(ens))
    b = summary.bands(result.territorial, result.years, levels)
    b = b[b["year"] <= 2025].assign(series=f"model ({name})")
    now = nowcast.nowcast()[["year", "median", "lower_80", "upper_80"]].assign(series="nowcast")
    df = pd.concat([b[["year", "median", "lower_80", "upper_80", "series"]], now], ignore_index=True)
    cmcc = data.series("shenzhen_co2_cmcc", SHENZHEN, "co2")
    pts = pd.DataFrame({"year": cmcc.index, "value": cmcc.to_numpy(), "series": "CMCC"})
    colour = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=[f"model ({name})", "nowcast"], range=["#2e75b6", "#c55a11"]),
        legend=alt.Legend(orient="bottom"),
    )
    base_chart = alt.Chart(df).encode(
        x=alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False)), color=colour
    )
    chart = alt.layer(
        base_chart.mark_area(opacity=0.15).encode(y=alt.Y("lower_80:Q", title="Mt CO2"), y2="upper_80:Q"),
        base_chart.mark_line(point=True).encode(
            y="median:Q",
            tooltip=["series:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("median:Q", format=",.1f")],
        ),
        alt.Chart(pts)
        .mark_point(shape="diamond", size=90, filled=True, color="#222")
        .encode(x="year:Q", y="value:Q", tooltip=["series:N", alt.Tooltip("value:Q", format=",.1f")]),
    ).properties(
        title=charts.title(
            "2020-2025: the model beside the nowcast and CMCC", "Mt CO2, territorial; bands: central 80 %"
        ),
        width=charts.WIDTH,
        height=charts.HEIGHT,
    )
    y = 2023
    alt_text = (
        f"Two bands with medians, 2019-2025: the model's territorial path ({name}) and the nowcast carried with "
        f"Guangdong's Carbon Monitor change; in {y} the model's median is "
        f"{float(b.set_index('year').at[y, 'median']):.1f} Mt and the nowcast's "
        f"{float(now.set_index('year').at[y, 'median']):.1f} Mt. Black diamonds: CMCC 2020-2021."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            SOURCES + ["cmcc", "carbon_monitor"],
            ["measured", "derived", "assumption"],
            "Nowcast and model are both derived here, by different methods.",
        ),
        data=pd.concat([df, pts], ignore_index=True),
        filename="model_recent_checks",
    )


def key_findings(result: core.Result, co2: pd.DataFrame, points: pd.DataFrame, recent: pd.DataFrame, nev, ens):
    """What the chapter finds, in its own numbers: the 2019 level and balance, 2020-2021 beside CMCC, the
    hindcasts' coverage at the origins not tuned on, and the NEV checks."""
    t = co2.set_index("key")["Mt CO2"]
    power = float(t[core.POWER])
    demand = sum(float(v[0, 0]) for v in result.demand.values())
    imports, nuclear = float(result.supply["imports"][0, 0]), float(result.supply["nuclear (bought)"][0, 0])
    bought = (imports + nuclear) / demand
    lvl = level.territorial_level(base.BASE_YEAR)
    low, high = np.exp(lvl.mean[0] + np.array([-1.2816, 1.2816]) * np.sqrt(lvl.cov[0, 0]))
    lines = [
        f"**The 2019 level.** Filtered from CEADs and the county-level series, Shenzhen's territorial CO2 stood "
        f"at {lvl.level:.1f} Mt in 2019 (80 %: {low:.1f}-{high:.1f} Mt); CEADs recorded "
        f"{float(result.recorded[0, 0]):.1f} Mt, a record that runs above the path its neighbours share, as "
        "city records often do for a few years.",
        f"**2019 balance.** {demand:.1f} TWh of demand: {bought:.0%} bought from the provincial grid ({imports:.1f} "
        f"TWh carbon-bearing imports and {nuclear:.1f} TWh of the Daya Bay base's nuclear power), {1 - bought:.0%} "
        f"from local plants; local coal and gas emit {power:.1f} Mt, the imports {result.imported[0, 0]:.2f} Mt.",
    ]
    row = recent.set_index("year")
    lines.append(
        f"**2020-2021.** The model's median is {row.at[2020, recent.columns[1]]} and {row.at[2021, recent.columns[1]]} "
        f"Mt; CMCC (another method) has {row.at[2020, 'CMCC']} and {row.at[2021, 'CMCC']} Mt."
    )
    other = points[~points["origin"].isin(hindcast.TUNING_ORIGINS)]
    pooled = hindcast.pooled(other).set_index("variable")
    parts = [
        f"{RECORD_LABELS[v]} {pooled.at[v, 'inside 80 % band']:.0%} (median log error "
        f"{pooled.at[v, 'median log error']:+.2f})"
        for v in pooled.index
    ]
    lines.append(
        "**Hindcasts.** Started at the origins 2005-2016 that were not used to calibrate the discrepancy, the "
        "model's 80 % bands hold " + "; ".join(parts) + "."
    )
    lines.append(
        f"**Fleet.** {int(nev['inside'].sum())} of {len(nev)} observed NEV stock figures fall inside the fleet "
        "model's 80 % band; they were never used to fit it."
    )
    return KeyFindings(lines, city_numbers(ens, MILESTONES))


# Tables for reading ---------------------------------------------------------------------------------------


def _graded(df: pd.DataFrame) -> pd.DataFrame:
    return df.assign(grade=df["grade"].map(grade_label))


def assumptions_table() -> Table:
    """Every assumption the model reads, by its meaning, with the name scenario files use."""
    return common.assumptions_view(common.assumptions_frame())


def calibration_table() -> Table:
    """The figures the model is calibrated on or checked against, grades in words."""
    return Table(_graded(calibration_points()), "Figures the model is calibrated on or checked against")


def balance_table(result: core.Result) -> Table:
    """The 2019 electricity balance at the stated values, for reading."""
    df = diagnostics.balance_2019(result).rename(
        columns={
            "side": "side of the balance",
            "item": "use or source",
            "TWh": "TWh in 2019",
            "share": "share of its side",
        }
    )
    return Table(df, "The 2019 electricity balance at the stated values", formats={"TWh in 2019": "{:.2f}"})


def co2_table(co2: pd.DataFrame) -> Table:
    """2019 CO2 by part, the two totals and the commentary's figures, grades in words."""
    return Table(
        _graded(co2.drop(columns="key")),
        "CO2 in 2019 by part, the two totals, and the commentary's figures (Mt CO2)",
        formats={"Mt CO2": "{:.2f}"},
    )


def recent_table(recent: pd.DataFrame) -> Table:
    """Territorial CO2 2020-2025: the model beside the nowcast and CMCC."""
    return Table(recent, "Territorial CO2 2020-2025 (Mt CO2): the model beside the nowcast and CMCC")


def electricity_table(result: core.Result) -> Table:
    """Observed electricity use against the model before it is scaled to it, and the scale applied."""
    return Table(
        diagnostics.electricity_checks(result),
        "Electricity use: observed and the model before it is scaled to it",
        formats={"observed (TWh)": "{:.2f}", "model before scaling (TWh)": "{:.2f}", "scale applied": "{:.3f}"},
    )


def shares_table(result: core.Result, year: int = 2023) -> Table:
    """The model's electricity use by sector in ``year`` against the published shares."""
    return Table(
        diagnostics.sector_shares_check(result, year),
        f"Electricity use by sector in {year}: the model and the published shares",
        formats={"model median (%)": "{:.1f}", "published (%)": "{:.1f}"},
    )


def nev_table(nev: pd.DataFrame) -> Table:
    """Observed NEV stock figures against the fleet model, each marked inside its band or not."""
    return Table(
        nev.assign(inside=nev["inside"].map({True: "yes", False: "no"})).rename(columns={"inside": "inside the band"}),
        "Observed NEV stock against the fleet model (vehicles)",
    )


def import_factor_table(result: core.Result) -> Table:
    """The model's import factor against the published grid factors (t/MWh)."""
    df = diagnostics.import_factor_checks(result).rename(
        columns={
            "Guangdong average (MEE/NBS)": "Guangdong average (MEE/NBS, t/MWh)",
            "Southern grid average (MEE/NBS)": "Southern grid average (MEE/NBS, t/MWh)",
        }
    )
    return Table(df, "The import factor against the published grid factors", formats={"model median (t/MWh)": "{:.3f}"})
