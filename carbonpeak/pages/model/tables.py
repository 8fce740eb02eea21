"""The model chapter's tables: what the model is calibrated on and assumes, what it estimates, the 2019 balance,
the checks against 2020-2025 figures and the hindcasts, for reading."""

from __future__ import annotations

import numpy as np
import pandas as pd

from carbonpeak.data.provenance import grade_label
from carbonpeak.model import base, core, diagnostics, hindcast, synthesis
from carbonpeak.pages import common
from carbonpeak.pages.model.text import record_label
from carbonpeak.pages.tables import Table


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


def pooled_table(points: pd.DataFrame) -> Table:
    """Coverage of the 80 % band and median log error, pooled over the tuning origins and over the others."""
    tuned = points["origin"].isin(hindcast.TUNING_ORIGINS)
    parts = []
    for label, sel in (("tuning origins", tuned), ("other origins", ~tuned)):
        parts.append(hindcast.pooled(points[sel]).assign(origins=label))
    df = pd.concat(parts, ignore_index=True)
    df["record"] = df["variable"].map(record_label)
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
    df["record"] = df["variable"].map(record_label)
    wide = df.pivot(index="origin", columns="record", values="inside")
    shown = wide.map(lambda x: "–" if pd.isna(x) else f"{100 * x:.0f} %").reset_index()
    shown.insert(1, "tuning origin", shown["origin"].isin(hindcast.TUNING_ORIGINS).map({True: "yes", False: "no"}))
    return Table(shown, "Share of recorded values inside the hindcast's 80 % band, by origin")


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
