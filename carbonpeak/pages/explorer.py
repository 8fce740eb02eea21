"""The scenario explorer: readers move sliders for the main levers and see the city's CO2 path and its peak
year on both boundaries, in the page, with no server and no network.

How. The city model (carbonpeak.model.core.simulate) runs once, vectorised, over every combination of the
levers' slider positions, each grid point one "draw" with every other assumption at its stated value (the
baseline's central run). The grid is embedded in the chart as its data; vega-lite parameters bound to
sliders pick one grid point with a filter transform, and the path and peak years drawn are that point's.

Each lever moves named assumptions of data/assumptions.yml. A path assumption (values at milestone years)
is scaled as a whole: the slider gives its value at a reference milestone and every milestone is scaled by
the same factor, so the path keeps its stated shape; the stated value is always a slider position, so the
sliders' starting point reproduces the central run. The slider ranges cover the assumption's range and
the values the scenario files set.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts
from carbonpeak.analysis import peaks
from carbonpeak.inputs import scenarios
from carbonpeak.model import core, draws, outcomes, runs
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table, boundary_label, number, percent

FIRST_RECORD_YEAR = 2005
DOWNLOAD_YEARS = (2020, 2025, 2030, 2035)  # the chart's download keeps the page light; wide_table() has every year
SOURCES = ["ceads_city", "ceads_provinces", "official_points", "literature", "crea_power"]
BOUNDARY_COLOURS = {"territorial": "#c55a11", "with_imports": "#1f4e79"}
BOUNDARY_SHORT = {"territorial": "territorial", "with_imports": "with imported electricity"}


@dataclass(frozen=True)
class Lever:
    """A slider: the assumptions it moves, its positions in its own unit, and how a position scales them."""

    key: str  # the vega parameter's name (a JavaScript identifier)
    label: str  # the slider's label, with its unit
    names: tuple  # assumptions it moves
    values: tuple  # slider positions, in the slider's unit (evenly spaced; the stated value among them)
    per_unit: float = 1.0  # slider unit -> the assumption's unit (e.g. 0.01 for % -> fraction)
    milestone: int | None = None  # for a path: the milestone whose value the slider shows
    is_factor: bool = False  # the slider is the factor itself (x the stated values)

    @property
    def step(self) -> float:
        return round(self.values[1] - self.values[0], 10)

    def stated(self, settings: dict) -> float:
        """The slider position of the stated values (the central run)."""
        if self.is_factor:
            return 1.0
        s = settings[self.names[0]]
        value = s.default[s.milestones.index(self.milestone)] if s.is_path else s.default
        return round(value / self.per_unit, 10)

    def factor(self, settings: dict, position: np.ndarray) -> np.ndarray:
        """How much each grid point scales the stated path (or number)."""
        if self.is_factor:
            return np.asarray(position, dtype=float)
        return np.asarray(position, dtype=float) / self.stated(settings)


# GDP growth's name in the model's registry (it was renamed gdp_growth_path -> gdp_growth)
GDP_GROWTH = next(n for n in ("gdp_growth", "gdp_growth_path") if n in core.ALL_NAMES)

LEVERS = (
    Lever("gdp", "GDP growth in 2030, % a year", (GDP_GROWTH,), (2.5, 3.5, 4.5, 5.5), 0.01, 2030),
    Lever(
        "eff",
        "intensity decline, industry and services, × the stated pace",
        (
            "industry_fuel_intensity_change",
            "industry_electricity_intensity_change",
            "services_electricity_intensity_change",
        ),
        (0.5, 1.0, 1.5),
        is_factor=True,
    ),
    Lever(
        "ief",
        "import emission factor, change after 2024, % a year",
        ("import_ef_change",),
        (-4.5, -3.0, -1.5, 0.0),
        0.01,
        2030,
    ),
    Lever("nev", "NEV share of new vehicles, ceiling, %", ("nev_sales_share_max",), (90.0, 95.0, 100.0), 0.01),
    Lever("gas", "new gas capacity from 2026, GW", ("gas_capacity_added_gw",), (2.67, 3.78, 4.89, 6.0), 1.0, 2026),
    Lever("hrs", "gas running hours, × those of 2019", ("gas_hours_change",), (0.5, 0.75, 1.0, 1.25), 1.0, 2030),
)


def _fmt_path(x) -> str:
    return "(" + ", ".join(f"{v:g}" for v in x) + ")" if isinstance(x, tuple) else f"{x:g}"


def _fmt_range(s) -> str:
    return f"{_fmt_path(s.low)} to {_fmt_path(s.high)}"


def _baseline_settings() -> dict:
    return scenarios.load("baseline").settings()


def lever_table(settings: dict | None = None) -> pd.DataFrame:
    """What each slider moves: the assumptions, the stated value, the slider's positions, the registry's
    range and the scenario files' values at the same milestone."""
    settings = settings or _baseline_settings()
    plan = scenarios.load("plan").settings()
    acc = scenarios.load("accelerated").settings()

    def at(s, lever):
        if s.is_path:
            return s.default[s.milestones.index(lever.milestone)] / lever.per_unit
        return s.default / lever.per_unit

    rows = []
    for lever in LEVERS:
        s = settings[lever.names[0]]
        if lever.is_factor:
            ranged = "; ".join(f"{n}: {_fmt_range(settings[n])}" for n in lever.names)
            scen = "; ".join(
                f"{label}: {name} {_fmt_path(x[name].default)}"
                for label, x in (("plan", plan), ("accelerated", acc))
                for name in lever.names
                if x[name].default != settings[name].default
            )
        else:
            lo, hi = (x[s.milestones.index(lever.milestone)] if s.is_path else x for x in (s.low, s.high))
            ranged = f"{lo / lever.per_unit:g} to {hi / lever.per_unit:g}"
            scen = "; ".join(
                f"{label}: {at(x[lever.names[0]], lever):g}"
                for label, x in (("plan", plan), ("accelerated", acc))
                if x[lever.names[0]].default != s.default
            )
        rows.append(
            {
                "slider": lever.label,
                "assumptions moved": ", ".join(lever.names),
                "stated value": f"{lever.stated(settings):g}",
                "positions": ", ".join(f"{v:g}" for v in lever.values),
                "range in the registry": ranged,
                "scenario files": scen or "as stated",
            }
        )
    return pd.DataFrame(rows)


def grid_positions() -> pd.DataFrame:
    """Every combination of slider positions, the first lever varying slowest; ``k`` is the row number."""
    combos = list(itertools.product(*(lever.values for lever in LEVERS)))
    df = pd.DataFrame(combos, columns=[lever.key for lever in LEVERS])
    df.insert(0, "k", np.arange(len(df)))
    return df


def strides() -> dict[str, int]:
    """Row-number stride of each lever in ``grid_positions`` (for the key the sliders compute)."""
    out, stride = {}, 1
    for lever in reversed(LEVERS):
        out[lever.key] = stride
        stride *= len(lever.values)
    return out


def grid_inputs(settings: dict, positions: pd.DataFrame) -> dict[str, np.ndarray]:
    """The model's input values for every grid point: the stated values, with the levers' assumptions
    scaled by each point's factors."""
    n = len(positions)
    central = draws.values(settings, {k: np.array([0.5]) for k in settings})
    v = {name: np.repeat(x, n, axis=0) for name, x in central.items()}
    for lever in LEVERS:
        f = lever.factor(settings, positions[lever.key].to_numpy())
        for name in lever.names:
            stated = np.atleast_1d(np.asarray(settings[name].default, dtype=float))
            scaled = stated[None, :] * f[:, None]
            v[name] = scaled if settings[name].is_path else scaled[:, 0]
    return v


@dataclass
class Grid:
    """The model run over every combination of slider positions, its peak years, and the stated values' point."""

    positions: pd.DataFrame  # k and one column per lever
    result: core.Result
    peak_year: dict  # "territorial", "territorial_outlier", "with_imports" -> int array (0: not peaked)
    default_key: int
    rule_years: int
    horizon_end: int


def compute(horizon_end: int = 2035, rule_years: int = 5, rule_start: int = 2005) -> Grid:
    """Run the model over the whole grid in one vectorised call and apply the N-years rule to every point."""
    settings = _baseline_settings()
    positions = grid_positions()
    base_year, obs = runs.calibration()
    result = core.simulate(grid_inputs(settings, positions), base_year, obs, horizon_end, runs.milestones())
    years = {}
    for label, boundary, rec in (
        ("territorial", "territorial", "keep"),
        ("territorial_outlier", "territorial", "outlier"),
        ("with_imports", "with_imports", "keep"),
    ):
        st = outcomes.apply_rule(result, boundary, "n_years", rule_years, rule_start, rec)
        years[label] = np.where(st["peaked"], st["year"], 0).astype(int)
    stated = {lever.key: lever.stated(settings) for lever in LEVERS}
    match = np.all([np.isclose(positions[k], v) for k, v in stated.items()], axis=0)
    return Grid(positions, result, years, int(positions["k"][match].iloc[0]), rule_years, horizon_end)


def rows(grid: Grid) -> list[dict]:
    """The chart's data: one row per grid point, paths as whole tenths of a Mt (the model's years)."""
    t = np.rint(grid.result.territorial * 10).astype(int)
    w = np.rint(grid.result.with_imports * 10).astype(int)
    return [
        {
            "k": int(k),
            "t": t[i].tolist(),
            "w": w[i].tolist(),
            "pt": int(grid.peak_year["territorial"][i]),
            "po": int(grid.peak_year["territorial_outlier"][i]),
            "pw": int(grid.peak_year["with_imports"][i]),
        }
        for i, k in enumerate(grid.positions["k"])
    ]


def wide_table(grid: Grid, years=None) -> pd.DataFrame:
    """The grid as a table: slider positions, peak years (0: none called) and both paths in ``years`` (every
    modelled year by default), Mt."""
    df = grid.positions.copy()
    df["peak year, territorial"] = grid.peak_year["territorial"]
    df["peak year, territorial, 2018 as outlier"] = grid.peak_year["territorial_outlier"]
    df["peak year, with imported electricity"] = grid.peak_year["with_imports"]
    for boundary, values in (
        ("territorial", grid.result.territorial),
        ("with imported electricity", grid.result.with_imports),
    ):
        for j, year in enumerate(grid.result.years):
            if years is None or year in years:
                df[f"{boundary} {year} (Mt)"] = np.round(values[:, j], 1)
    return df


def _key_expr() -> str:
    s = strides()
    return " + ".join(
        f"round(({lever.key} - {lever.values[0]:g}) / {lever.step:g}) * {s[lever.key]}" for lever in LEVERS
    )


def record_points(rule_start: int, base_year: int) -> pd.DataFrame:
    """CEADs' territorial record from ``rule_start`` to before ``base_year`` (Mt, one decimal): the chart's points."""
    rec = outcomes.record(base_year, rule_start, "keep")
    return pd.DataFrame(
        {"year": rec.index.astype(int), "value": rec.round(1).to_numpy(), "series": "CEADs record (measured)"}
    )


def figure(grid: Grid, rule_start: int = 2005) -> charts.Figure:
    """The explorer: sliders, the selected path on both boundaries, the central path dashed, the CEADs
    record as points, and the peak year per boundary written in the chart."""
    settings = _baseline_settings()
    params = [
        alt.param(
            name=lever.key,
            value=lever.stated(settings),
            bind=alt.binding_range(min=lever.values[0], max=lever.values[-1], step=lever.step, name=lever.label + " "),
        )
        for lever in LEVERS
    ]
    rec = alt.param(
        name="rec2018", value="kept", bind=alt.binding_radio(options=["kept", "outlier"], name="CEADs' 2018 value ")
    )
    first = int(grid.result.years[0])
    data = alt.InlineData(values=rows(grid))
    path_steps = dict(boundary="datum.b == 't' ? 'territorial' : 'with imported electricity'")
    colour = alt.Color(
        "boundary:N",
        title="boundary",
        scale=alt.Scale(
            domain=["territorial", "with imported electricity"],
            range=[BOUNDARY_COLOURS["territorial"], BOUNDARY_COLOURS["with_imports"]],
        ),
        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=0),
    )

    def paths(selector: str):
        return (
            alt.Chart(data)
            .transform_filter(selector)
            .transform_flatten(["t", "w"])
            .transform_window(i="row_number()")
            .transform_calculate(year=f"{first - 1} + datum.i")
            .transform_fold(["t", "w"], as_=["b", "v"])
            .transform_calculate(value="datum.v / 10", **path_steps)
        )

    x = alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(domain=[FIRST_RECORD_YEAR, grid.horizon_end]))
    top = float(np.ceil(grid.result.with_imports.max() / 10) * 10)
    y = alt.Y("value:Q", title="Mt CO2 per year", scale=alt.Scale(domain=[0, top]))
    selected = f"datum.k == ({_key_expr()})"
    line = (
        paths(selected)
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=y,
            color=colour,
            tooltip=["boundary:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=".1f")],
        )
    )
    central = (
        paths(f"datum.k == {grid.default_key}")
        .mark_line(strokeDash=[4, 3], strokeWidth=1.2, opacity=0.7)
        .encode(x=x, y=y, detail="boundary:N", color=alt.value("#555"))
    )
    record = (
        alt.Chart(record_points(rule_start, first))
        .mark_point(filled=True, color="#222", size=30)
        .encode(x=x, y=y, tooltip=["series:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=".1f")])
    )
    none = f"'none by {grid.horizon_end}'"
    peak_t = "(rec2018 == 'kept' ? datum.pt : datum.po)"
    text = (
        alt.Chart(data)
        .transform_filter(selected)
        .transform_calculate(
            lt=f"'Peak, territorial: ' + ({peak_t} > 0 ? {peak_t} : {none})",
            lw=f"'Peak, with imports: ' + (datum.pw > 0 ? datum.pw : {none})",
        )
    )
    label_t = text.mark_text(
        align="left", baseline="top", fontSize=12, fontWeight="bold", color=BOUNDARY_COLOURS["territorial"]
    ).encode(x=alt.value(6), y=alt.value(6), text="lt:N")
    label_w = text.mark_text(
        align="left", baseline="top", fontSize=12, fontWeight="bold", color=BOUNDARY_COLOURS["with_imports"]
    ).encode(x=alt.value(6), y=alt.value(24), text="lw:N")
    peak_rules = (
        alt.Chart(data)
        .transform_filter(selected)
        .transform_calculate(t=f"{peak_t}", w="datum.pw")
        .transform_fold(["t", "w"], as_=["b", "year"])
        .transform_filter("datum.year > 0")
        .transform_calculate(**path_steps)
        .mark_rule(strokeDash=[2, 2], strokeWidth=1.5)
        .encode(x=x, color=colour)
    )
    chart = (
        alt.layer(central, record, line, peak_rules, label_t, label_w)
        .add_params(*params, rec)
        .properties(
            title=alt.TitleParams(
                ["Shenzhen's CO2 and its peak", "as the levers move"], subtitle="Units: Mt CO2 per year", frame="bounds"
            ),
            width=charts.WIDTH,
            height=340,
        )
    )
    d = grid.default_key
    alt_text = (
        "Interactive chart: sliders for GDP growth, the pace of intensity decline, the import emission factor's "
        "change, the NEV share ceiling, new gas capacity and gas running hours select one of "
        f"{len(grid.positions):,} precomputed model runs; it draws the city's CO2 from {first} to "
        f"{grid.horizon_end} on both boundaries beside the CEADs record and writes the peak year of each. "
        f"At the stated values the territorial path is {grid.result.territorial[d, -1]:.1f} Mt and the path with "
        f"imported electricity {grid.result.with_imports[d, -1]:.1f} Mt in {grid.horizon_end}."
    )
    note = (
        f"City model, {len(grid.positions):,} runs, one per combination of slider positions, every other assumption "
        f"at its stated value; dashed grey: all sliders at their stated values; peak: {peaks.label('n_years')} "
        f"({grid.rule_years} years below). Not a Monte Carlo: no uncertainty band (see the synthesis). The download "
        f"holds every setting's peak years and its values in {', '.join(map(str, DOWNLOAD_YEARS))}."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(SOURCES, ["measured", "derived", "assumption"], note),
        data=wide_table(grid, DOWNLOAD_YEARS),
        filename="explorer_grid",
    )


def summary(grid: Grid) -> pd.DataFrame:
    """How often each peak year comes up across the grid, per boundary (every slider setting counted once)."""
    out = []
    for label, name in (
        ("territorial", "territorial (2018 kept)"),
        ("territorial_outlier", "territorial (2018 as an outlier)"),
        ("with_imports", "with imported electricity"),
    ):
        years = pd.Series(grid.peak_year[label])
        counts = years.value_counts().sort_index()
        for year, n in counts.items():
            out.append(
                {
                    "boundary": name,
                    "peak year": "none called" if year == 0 else str(year),
                    "share of slider settings": n / len(years),
                }
            )
    return pd.DataFrame(out)


def stated_path(grid: Grid) -> pd.DataFrame:
    """The path at the sliders' starting point, every year (Mt)."""
    d = grid.default_key
    return pd.DataFrame(
        {
            "year": grid.result.years.astype(int),
            "territorial (Mt)": grid.result.territorial[d],
            "with imported electricity (Mt)": grid.result.with_imports[d],
        }
    )


def page_weight(fig: charts.Figure) -> dict:
    """Bytes of the explorer's HTML and of its embedded grid (what a reader downloads with the page)."""
    html = fig.to_html()
    spec = json.dumps(fig.spec, sort_keys=True, ensure_ascii=False)
    return {
        "html_bytes": len(html.encode("utf-8")),
        "spec_bytes": len(spec.encode("utf-8")),
        "csv_link_bytes": len(charts.csv_href(fig.data)),
    }


def lever_effects(grid: Grid, year: int | None = None) -> pd.DataFrame:
    """How far each slider moves CO2 in ``year`` (the horizon by default): the mean over every other slider's
    positions, at each of its own positions, and the spread between its lowest and highest mean (Mt)."""
    year = year or grid.horizon_end
    j = int(np.nonzero(grid.result.years == year)[0][0])
    rows = []
    for lever in LEVERS:
        for boundary, values in (("territorial", grid.result.territorial), ("with_imports", grid.result.with_imports)):
            means = pd.Series(values[:, j]).groupby(grid.positions[lever.key].to_numpy()).mean()
            rows.append(
                {
                    "lever": lever.key,
                    "slider": lever.label,
                    "boundary": boundary,
                    "low": float(means.min()),
                    "high": float(means.max()),
                    "spread": float(means.max() - means.min()),
                }
            )
    return pd.DataFrame(rows)


def key_findings(grid: Grid):
    """What the grid shows, generated: the stated setting's peaks, how often settings peak by 2030, and the
    slider that moves the horizon's CO2 most on each boundary."""
    pct = percent()
    d = grid.default_key
    py = {k: int(v[d]) for k, v in grid.peak_year.items()}
    none = f"no peak called by {grid.horizon_end}"
    shown = {k: (str(v) if v else none) for k, v in py.items()}
    by_2030 = {k: float(np.mean((v > 0) & (v <= 2030))) for k, v in grid.peak_year.items()}
    eff = lever_effects(grid)
    top = {
        b: eff[eff["boundary"] == b].sort_values("spread", ascending=False).iloc[0]
        for b in ("territorial", "with_imports")
    }
    n = len(grid.positions)
    bullets = [
        f"**With every slider at its stated value**, the territorial path peaks in {shown['territorial']} under the "
        f"{peaks.label('n_years')} ({shown['territorial_outlier']} with CEADs' 2018 value treated as an outlier); the "
        f"path with imported electricity: {shown['with_imports']}.",
        f"**Across the {n:,} slider settings** a peak by 2030 is called with imported electricity in "
        f"{pct(by_2030['with_imports'])} of them and on the territorial boundary in {pct(by_2030['territorial'])} "
        "(shares of settings, not probabilities: the settings are not equally likely).",
        *[
            f"**{'Territorial' if b == 'territorial' else 'With imported electricity'}, the slider that moves "
            f"{grid.horizon_end} CO2 most** is “{r['slider']}”: from {r['low']:.1f} to {r['high']:.1f} Mt on average "
            "over the other sliders."
            for b, r in top.items()
        ],
    ]
    numbers = {f"explorer/stated/{k}/peak_year": v for k, v in py.items()}
    numbers.update({f"explorer/settings/{k}/share_peak_by_2030": round(v, 3) for k, v in by_2030.items()})
    return KeyFindings(bullets, numbers)


def method_note(grid: Grid, fig: charts.Figure) -> str:
    """The grid's size and the page weight it brings, for the method section (markdown)."""
    w = page_weight(fig)
    sizes = " × ".join(str(len(lever.values)) for lever in LEVERS)
    return (
        f"The grid holds **{len(grid.positions):,} model runs** ({sizes} slider positions), computed in one vectorised "
        f"call of the city model from {int(grid.result.years[0])} to {grid.horizon_end}. Paths are kept to 0.1 Mt. "
        f"The chart with its embedded grid weighs **{w['spec_bytes'] / 1000:,.0f} kB**, its download link "
        f"{w['csv_link_bytes'] / 1000:,.0f} kB: **{w['html_bytes'] / 1000:,.0f} kB** in all."
    )


def lever_list(settings: dict | None = None) -> str:
    """The lever table as a markdown list (one entry per slider: it reads on a phone and in print)."""
    rows = lever_table(settings).to_dict("records")
    return "\n".join(
        f"- **{r['slider']}** moves {', '.join(f'`{n}`' for n in r['assumptions moved'].split(', '))}; positions "
        f"{r['positions']} (stated: {r['stated value']}); range in the registry: {r['range in the registry']}; "
        f"scenario files: {r['scenario files']}."
        for r in rows
    )


def summary_table(grid: Grid):
    """``summary`` for reading: the share of slider settings per peak year, in %."""
    return Table(
        summary(grid),
        "Peak years across the slider settings (each setting counted once)",
        formats={"share of slider settings": percent()},
    )


def effects_table(grid: Grid, year: int | None = None):
    """``lever_effects`` for reading: each slider's reach on each boundary (Mt CO2)."""
    year = year or grid.horizon_end
    df = lever_effects(grid, year).drop(columns=["lever"])
    df = df.assign(boundary=df["boundary"].map(boundary_label)).rename(
        columns={"low": "lowest mean (Mt CO2)", "high": "highest mean (Mt CO2)", "spread": "spread (Mt CO2)"}
    )
    return Table(
        df,
        f"How far each slider moves CO2 in {year} (mean over the other sliders)",
        formats={c: number(1) for c in df.columns if "Mt CO2" in c},
    )
