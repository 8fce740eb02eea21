"""The chapter "The city model": how it is built, what it is calibrated on, and how well it reproduces
what was measured (2019 balance, checks against 2020-2025 figures, the 2010-2019 hindcast)."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts, data
from carbonpeak.analysis import nowcast
from carbonpeak.constants import SHENZHEN
from carbonpeak.data import compiled
from carbonpeak.data.provenance import grade_label
from carbonpeak.model import base, core, draws, runs, summary
from carbonpeak.pages import common
from carbonpeak.pages.findings import KeyFindings, city_numbers
from carbonpeak.pages.tables import Table

SOURCES = ["ceads_city", "ceads_provinces", "official_points", "literature", "crea_power"]


def central(scenario) -> core.Result:
    """The model at the stated value of every assumption (one draw at the medians)."""
    base_year, obs = runs.calibration()
    settings = scenario.settings()
    v = draws.values(settings, {k: np.array([0.5]) for k in settings})
    return core.simulate(v, base_year, obs, 2035, runs.milestones())


def calibration_points() -> pd.DataFrame:
    """The observed figures the model is calibrated on or checked against."""
    b = base.base_year()
    obs = base.observed()
    rows = [
        ("CEADs territorial CO2, 2019", f"{b.co2_total:.2f} Mt", "measured", "calibration: the base-year total"),
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


def balance_2019(result: core.Result) -> pd.DataFrame:
    """The 2019 electricity balance at the stated values (TWh and shares)."""
    rows = [("demand", k, float(v[0, 0])) for k, v in result.demand.items()]
    rows += [("supply", k, float(v[0, 0])) for k, v in result.supply.items()]
    df = pd.DataFrame(rows, columns=["side", "item", "TWh"])
    df["share"] = df["TWh"] / df.groupby("side")["TWh"].transform("sum")
    return df.assign(TWh=df["TWh"].round(2), share=(100 * df["share"]).round(1).astype(str) + " %")


def co2_2019(result: core.Result) -> pd.DataFrame:
    """2019 CO2 by part at the stated values, the two totals, and the commentary's figures beside them."""
    lit = compiled.published_figures()
    rows = [
        ("this book", part, float(v[0, 0]), "derived" if part != "power plants" else "derived")
        for part, v in result.parts.items()
    ]
    rows += [
        ("this book", "territorial total (CEADs)", float(result.territorial[0, 0]), "measured"),
        (
            "this book",
            f"imported electricity ({result.supply['imports'][0, 0]:.1f} TWh x {result.import_ef[0, 0]:.3f} t/MWh)",
            float(result.imported[0, 0]),
            "derived",
        ),
        ("this book", "total with imported electricity", float(result.with_imports[0, 0]), "derived"),
        (
            "commentary",
            "territorial (provincial basis)",
            float(lit.at["commentary_sz_2019_provincial", "value"]),
            lit.at["commentary_sz_2019_provincial", "grade"],
        ),
        (
            "commentary",
            "total including imported electricity",
            float(lit.at["commentary_sz_2019_national", "value"]),
            lit.at["commentary_sz_2019_national", "grade"],
        ),
    ]
    return pd.DataFrame(rows, columns=["account", "item", "Mt CO2", "grade"]).assign(
        **{"Mt CO2": lambda d: d["Mt CO2"].round(2)}
    )


def recent_checks(ens, levels=(0.8,)) -> pd.DataFrame:
    """Territorial CO2 2020-2025: the model (median and band) beside the nowcast and CMCC."""
    name, result = next(iter(ens))
    b = summary.bands(result.territorial, result.years, levels)
    b = b[(b["year"] >= 2020) & (b["year"] <= 2025)]
    now = nowcast.nowcast().set_index("year")
    cmcc = data.series("shenzhen_co2_cmcc", SHENZHEN, "co2")
    tag = f"{levels[0] * 100:g}"
    rows = []
    for r in b.itertuples():
        y = int(r.year)
        rows.append(
            {
                "year": y,
                f"model ({name}), median": round(r.median, 1),
                f"model, {tag} % band": f"{getattr(r, f'lower_{tag}'):.1f}-{getattr(r, f'upper_{tag}'):.1f}",
                "nowcast, median": round(float(now.at[y, "median"]), 1),
                f"nowcast, {tag} % band": f"{now.at[y, f'lower_{tag}']:.1f}-{now.at[y, f'upper_{tag}']:.1f}",
                "CMCC": "" if y not in cmcc.index else f"{cmcc[y]:.1f}",
            }
        )
    return pd.DataFrame(rows)


def electricity_checks(result: core.Result) -> pd.DataFrame:
    """Observed electricity use against the model before it is scaled to it (the calibration scale)."""
    obs = base.electricity_record()
    demand = sum(result.demand.values())
    ev = result.demand["electric vehicles"]
    rows = []
    for y, value in obs.items():
        j = int(np.nonzero(result.years == y)[0][0])
        scale = float(np.median(result.calibration[:, j]))
        unscaled = float(np.median((demand[:, j] - ev[:, j]) / result.calibration[:, j] + ev[:, j]))
        rows.append(
            {
                "year": y,
                "observed (TWh)": round(value, 2),
                "model before scaling (TWh)": round(unscaled, 2),
                "scale applied": round(scale, 3),
            }
        )
    return pd.DataFrame(rows)


def sector_shares_check(result: core.Result, year: int = 2023) -> pd.DataFrame:
    """The model's electricity split in ``year`` against the published shares."""
    j = int(np.nonzero(result.years == year)[0][0])
    d = sum(result.demand.values())[:, j]
    model = {
        "industry": result.demand["industry"][:, j] / d,
        "services (with vehicle charging)": (result.demand["services"][:, j] + result.demand["electric vehicles"][:, j])
        / d,
        "households": result.demand["households"][:, j] / d,
    }
    observed = {
        "industry": data.point("electricity_share_secondary", year),
        "services (with vehicle charging)": data.point("electricity_share_tertiary", year),
        "households": data.point("electricity_share_residential", year),
    }
    return pd.DataFrame(
        [
            {
                "use": k,
                "model median (%)": round(100 * float(np.median(model[k])), 1),
                "published (%)": round(observed[k], 1),
            }
            for k in model
        ]
    )


def nev_checks(result: core.Result) -> pd.DataFrame:
    """Observed NEV stock figures against the fleet model (median and 80 % band), never fitted."""
    rows = []
    for r in base.nev_stock_checks().itertuples():
        if r.t < result.years[0]:
            continue
        draws = np.array([np.interp(r.t, result.years, row) for row in result.fleet.nev])
        lo, med, hi = np.quantile(draws, [0.1, 0.5, 0.9])
        rows.append(
            {
                "figure": f"{r.variable} {r.year}",
                "observed": f"{r.value:,.0f}",
                "model median": f"{med:,.0f}",
                "model 80 % band": f"{lo:,.0f}-{hi:,.0f}",
                "inside": bool(lo <= r.value <= hi),
            }
        )
    return pd.DataFrame(rows)


def import_factor_checks(result: core.Result) -> pd.DataFrame:
    """The model's import factor against the published provincial and regional factors."""
    lit = base.published()
    rows = []
    for y in (2021, 2022):
        j = int(np.nonzero(result.years == y)[0][0])
        rows.append(
            {
                "year": y,
                "model median (t/MWh)": round(float(np.median(result.import_ef[:, j])), 3),
                "Guangdong average (MEE/NBS)": lit[f"grid_ef_guangdong_{y}"],
                "Southern grid average (MEE/NBS)": lit[f"grid_ef_southern_{y}"],
            }
        )
    return pd.DataFrame(rows)


def hindcast_summary(cov: pd.DataFrame) -> pd.DataFrame:
    """Per series, how many measured years fall inside the hindcast's 80 % band, and the share."""
    return (
        cov.groupby("series", sort=False)
        .agg(years=("year", "count"), inside=("inside", "sum"))
        .assign(
            **{
                "share inside the 80 % band": lambda d: (
                    (100 * d["inside"] / d["years"]).round(0).astype(int).astype(str) + " %"
                )
            }
        )
        .reset_index()
    )


def hindcast_figure(result: core.Result, cov: pd.DataFrame):
    """The hindcast from 2010 (median and central 80 % band, territorial) with the measured values as points."""
    band = summary.bands(result.territorial, result.years, (0.8,))
    base_chart = alt.Chart(band).encode(x=alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(zero=False)))
    pts = cov.rename(columns={"observed (Mt)": "value"})
    chart = alt.layer(
        base_chart.mark_area(opacity=0.2, color="#2e75b6").encode(
            y=alt.Y("lower_80:Q", title="Mt CO2"), y2="upper_80:Q"
        ),
        base_chart.mark_line(color="#2e75b6").encode(
            y="median:Q", tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("median:Q", format=",.1f")]
        ),
        alt.Chart(pts)
        .mark_point(filled=True, size=55)
        .encode(
            x="year:Q",
            y="value:Q",
            color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom", columns=1)),
            shape="series:N",
            tooltip=["series:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=",.1f")],
        ),
    ).properties(
        title=charts.title(
            "Hindcast 2010-2019: the model started in 2010 against what was measured",
            "Mt CO2, territorial; band: central 80 % of draws",
        ),
        width=charts.WIDTH,
        height=charts.HEIGHT,
    )
    share = cov.groupby("series")["inside"].mean()
    alt_text = (
        "Band of the hindcast from 2010 with the measured CEADs values and the rebased county-level series as points; "
        + "; ".join(f"{k}: {v:.0%} of years inside the band" for k, v in share.items())
        + "."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(
            SOURCES + ["chen2020"],
            ["measured", "derived", "assumption"],
            "Hindcast: observed drivers 2011-2019, priors of data/assumptions.yml.",
        ),
        data=pd.concat([band.assign(series="hindcast"), pts], ignore_index=True),
        filename="hindcast",
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


def key_findings(
    result: core.Result, co2: pd.DataFrame, cov_summary: pd.DataFrame, recent: pd.DataFrame, nev: pd.DataFrame, ens
):
    """What the chapter finds, in its own numbers: the 2019 balance, 2020-2021 beside CMCC, and how many measured
    years and NEV figures fall inside the model's band."""
    t = co2.set_index("item")["Mt CO2"]
    power = float(t["power plants"])
    demand = sum(float(v[0, 0]) for v in result.demand.values())
    imports, nuclear = float(result.supply["imports"][0, 0]), float(result.supply["nuclear (bought)"][0, 0])
    bought = (imports + nuclear) / demand
    gap = float(t["total including imported electricity"] - t["territorial (provincial basis)"])
    lines = [
        f"**2019 balance.** {demand:.1f} TWh of demand: {bought:.0%} bought from the provincial grid ({imports:.1f} "
        f"TWh carbon-bearing imports and {nuclear:.1f} TWh of the Daya Bay base's nuclear power), {1 - bought:.0%} "
        f"from local plants; local coal and gas emit {power:.1f} Mt of CEADs' {result.territorial[0, 0]:.2f} Mt, and "
        f"the imports {result.imported[0, 0]:.2f} Mt, close to the {gap:.2f} Mt between the commentary's two totals."
    ]
    row = recent.set_index("year")
    y = 2021
    lines.append(
        f"**2020-2021.** The model's median is {row.at[2020, recent.columns[1]]} and {row.at[y, recent.columns[1]]} "
        f"Mt; CMCC (another method) has {row.at[2020, 'CMCC']} and {row.at[y, 'CMCC']} Mt."
    )
    for r in cov_summary.itertuples():
        lines.append(
            f"**Hindcast ({r.series}).** {r.inside} of {r.years} measured years 2011-2019 fall inside the model's 80 % "
            "band: the band holds the uncertainty of the assumptions, not the record's year-to-year swings."
        )
    lines.append(
        f"**Fleet.** {int(nev['inside'].sum())} of {len(nev)} observed NEV stock figures fall inside the fleet "
        "model's 80 % band; they were never used to fit it."
    )
    return KeyFindings(lines, city_numbers(ens, (2025, 2030)))


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
    df = balance_2019(result).rename(
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
        _graded(co2),
        "CO2 in 2019 by part, the two totals, and the commentary's figures (Mt CO2)",
        formats={"Mt CO2": "{:.2f}"},
    )


def recent_table(recent: pd.DataFrame) -> Table:
    """Territorial CO2 2020-2025: the model beside the nowcast and CMCC."""
    return Table(recent, "Territorial CO2 2020-2025 (Mt CO2): the model beside the nowcast and CMCC")


def electricity_table(result: core.Result) -> Table:
    """Observed electricity use against the model before it is scaled to it, and the scale applied."""
    return Table(
        electricity_checks(result),
        "Electricity use: observed and the model before it is scaled to it",
        formats={"observed (TWh)": "{:.2f}", "model before scaling (TWh)": "{:.2f}", "scale applied": "{:.3f}"},
    )


def shares_table(result: core.Result, year: int = 2023) -> Table:
    """The model's electricity use by sector in ``year`` against the published shares."""
    return Table(
        sector_shares_check(result, year),
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
    df = import_factor_checks(result).rename(
        columns={
            "Guangdong average (MEE/NBS)": "Guangdong average (MEE/NBS, t/MWh)",
            "Southern grid average (MEE/NBS)": "Southern grid average (MEE/NBS, t/MWh)",
        }
    )
    return Table(df, "The import factor against the published grid factors", formats={"model median (t/MWh)": "{:.3f}"})


def hindcast_table(cover: pd.DataFrame) -> Table:
    """Per series, the measured years 2011-2019 inside the hindcast's central 80 % band."""
    df = cover.rename(columns={"years": "measured years", "inside": "inside the band"})
    return Table(df, "Measured years 2011-2019 inside the hindcast's central 80 % band")


def hindcast_years_table(coverage: pd.DataFrame) -> Table:
    """The hindcast year by year: observed, median and the central 80 % band (Mt CO2, territorial)."""
    df = coverage.rename(
        columns={"lower": "band, lower (Mt)", "upper": "band, upper (Mt)", "inside": "inside the band"}
    )
    df["inside the band"] = df["inside the band"].map({True: "yes", False: "no"})
    mt = {c: "{:.2f}" for c in ("observed (Mt)", "hindcast median (Mt)", "band, lower (Mt)", "band, upper (Mt)")}
    return Table(df, "The hindcast year by year (Mt CO2, territorial; band: central 80 % of draws)", formats=mt)
