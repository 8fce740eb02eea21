"""The scenario explorer: readers move sliders for the main levers and see the city's CO2 band and its
probability of peaking by 2025 and by 2030 on both boundaries, in the page, with no server and no network.

How. ``carbonpeak.model.grid`` runs the city model's Monte Carlo at every combination of the levers'
positions (the same draws at every setting, so the stated setting is the baseline's Monte Carlo number
for number). The grid is embedded in the chart as its data; vega-lite parameters bound to sliders pick one
setting with a filter transform, and the band, median and probabilities drawn are that setting's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts
from carbonpeak.analysis import peaks
from carbonpeak.formats import probability
from carbonpeak.inputs import assumptions, scenarios
from carbonpeak.model import boundaries, outcomes
from carbonpeak.model import grid as model_grid
from carbonpeak.model.grid import LEVERS, Grid, compute, positions, strides  # noqa: F401  (the page's API)
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table, boundary_label, number

FIRST_RECORD_YEAR = 2005
DOWNLOAD_YEARS = (2020, 2025, 2030, 2035)  # the chart's download keeps the page light
SOURCES = ["ceads_city", "ceads_provinces", "official_points", "literature", "crea_power"]
BOUNDARY_COLOURS = {"territorial": "#c55a11", "with_imports": "#1f4e79"}
BOUNDARY_SHORT = {name: boundaries.label(name, short=True) for name in ("territorial", "with_imports")}
PREFIX = {"territorial": "t", "with_imports": "w"}
DATASET = "explorer_settings"


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


def _key_expr() -> str:
    s = strides()
    return " + ".join(
        f"round(({lever.key} - {lever.values[0]:g}) / {lever.step:g}) * {s[lever.key]}" for lever in LEVERS
    )


def record_points(rule_start: int, base_year: int) -> pd.DataFrame:
    """CEADs' territorial record from ``rule_start`` to the base year (Mt, one decimal): the chart's points."""
    rec = outcomes.record(base_year, rule_start, "keep")
    return pd.DataFrame(
        {"year": rec.index.astype(int), "value": rec.round(1).to_numpy(), "series": "CEADs record (measured)"}
    )


def rows(grid: Grid) -> list[dict]:
    """The chart's data: one row per setting; both boundaries' 10th, 50th and 90th percentiles per year in
    whole tenths of a Mt, and the probabilities as the book writes them."""
    out = []
    for i, k in enumerate(grid.positions["k"]):
        row = {"k": int(k)}
        for boundary, prefix in PREFIX.items():
            q = np.rint(grid.bands[boundary][i] * 10).astype(int)
            row.update({f"{prefix}{n}": q[j].tolist() for j, n in enumerate(("lo", "mid", "hi"))})
        for label, _, _ in model_grid.JUDGED:
            for j, year in enumerate(model_grid.PEAK_YEARS):
                row[f"{label}_{year}"] = probability(grid.probability[label][i, j])
        out.append(row)
    return out


def wide_table(grid: Grid, years=DOWNLOAD_YEARS) -> pd.DataFrame:
    """The grid as a table: slider positions, P(peak by 2025 / 2030) per boundary and the median paths in
    ``years`` (Mt)."""
    df = grid.positions.rename(columns={"k": "setting", **{lever.key: lever.label for lever in LEVERS}})
    for label, _, _ in model_grid.JUDGED:
        for j, year in enumerate(model_grid.PEAK_YEARS):
            df[f"P(peak ≤ {year}), {label.replace('_', ' ')}"] = np.round(grid.probability[label][:, j], 3)
    for boundary in model_grid.BOUNDARIES:
        for j, year in enumerate(grid.years):
            if year in years:
                df[f"{BOUNDARY_SHORT[boundary]} {year}, median (Mt)"] = np.round(grid.bands[boundary][:, 1, j], 1)
    return df


UNITS = {"gdp": "% a year", "eff": "×", "ief": "×", model_grid.NEV: "%", "gas": "GW", "hrs": "×"}  # after a value
PRESETS = ("baseline", "plan", "accelerated")  # the shipped scenarios, as buttons


@dataclass(frozen=True)
class Preset:
    """A scenario's slider positions: where the scenario moves a slider's assumptions by one factor that is a
    position, that position; elsewhere the stated one. ``beyond`` names the scenario's overrides the sliders
    cannot show (its other measures, or a change that is not one of the positions)."""

    scenario: str
    positions: dict
    beyond: tuple


def preset(scenario: str) -> Preset:
    """The sliders set as ``scenario``'s file sets their assumptions (see Preset)."""
    base = _baseline_settings()
    scen = scenarios.load(scenario).settings()
    moved = [name for name in scen if scen[name].overridden]
    chosen, shown = {}, set()
    for lever in LEVERS:
        stated = lever.stated(base)
        factors = set()
        for name in lever.names:
            now, was = (np.atleast_1d(np.asarray(x.default, dtype=float)) for x in (scen[name], base[name]))
            factors |= {float(a / b) if b else (1.0 if a == b else np.inf) for a, b in zip(now, was)}
        factor = factors.pop() if len(factors) == 1 else None
        position = stated * factor if factor is not None and not lever.is_factor else factor
        hits = [v for v in lever.values if position is not None and np.isclose(v, position)]
        chosen[lever.key] = hits[0] if hits else stated
        if hits:
            shown.update(lever.names)
    beyond = tuple(assumptions.get(name).label for name in moved if name not in shown)
    return Preset(scenario, chosen, beyond)


def controls(fig: charts.Figure, grid: Grid) -> Controls:
    """Presets, reset, the setting in the page's address and a live line for screen readers, for ``fig``."""
    return Controls(fig.id, [preset(name) for name in PRESETS], grid, grid_dataset(fig, grid))


def grid_dataset(fig: charts.Figure, grid: Grid) -> str:
    """The name the chart's spec gives the embedded grid (altair names a dataset by its content's hash)."""
    return next(name for name, rows in fig.spec["datasets"].items() if len(rows) == len(grid.positions))


class Controls:
    """The explorer's buttons and live line (HTML), and the script that ties them to the chart: a preset or reset
    sets the sliders; every change writes the setting into the page's address (so a link shares it) and the
    probabilities into an aria-live line; an address that carries a setting sets the sliders on load."""

    def __init__(self, figure_id: str, presets: list[Preset], grid: Grid, dataset: str):
        self.figure_id, self.presets, self.grid, self.dataset = figure_id, presets, grid, dataset

    def presets_note(self) -> str:
        """Which scenarios' measures the sliders cannot show (markdown)."""
        notes = [f"**{p.scenario}** also changes {', '.join(p.beyond)}" for p in self.presets if p.beyond]
        return (
            "A preset sets each slider where the scenario's file sets its assumptions; "
            + "; ".join(notes)
            + ": no slider shows these, so the explorer's preset is not the scenario's full run (the synthesis has "
            "that)."
            if notes
            else ""
        )

    def to_html(self) -> str:
        buttons = "".join(
            f'<button type="button" data-preset="{p.scenario}">{p.scenario}</button> ' for p in self.presets
        )
        config = {
            "figure": f"cp-vis-{self.figure_id}",
            "levers": [lever.key for lever in LEVERS],
            "units": UNITS,
            "values": {lever.key: list(lever.values) for lever in LEVERS},
            "strides": strides(),
            "presets": {p.scenario: p.positions for p in self.presets},
            "reset": self.presets[0].positions,
            "dataset": self.dataset,
        }
        return (
            f'<div class="carbonpeak-explorer-controls" id="cp-controls-{self.figure_id}">'
            f'<span class="label">Presets:</span> {buttons}'
            '<button type="button" data-preset="reset">reset</button> '
            '<a class="share" href="#">link to this setting</a>'
            '<p class="live" aria-live="polite"></p></div>\n'
            f'<script type="text/javascript">\n{_CONTROLS_JS % json.dumps(config, sort_keys=True)}</script>\n'
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = "[controls] presets " + ", ".join(p.scenario for p in self.presets) + ", reset, link, live line"
        return {"text/html": self.to_html(), "text/plain": text}


_CONTROLS_JS = """(function () {
  var c = %s;
  var el = document.getElementById(c.figure);
  var box = el.closest('.cell_output') || document;
  el.closest('figure').classList.add('carbonpeak-explorer');
  var controls = document.getElementById('cp-controls-' + c.figure.slice(7));
  var live = controls.querySelector('.live'), share = controls.querySelector('.share');
  function nearest(key, x) {
    var best = c.values[key][0];
    c.values[key].forEach(function (v) { if (Math.abs(v - x) < Math.abs(best - x)) { best = v; } });
    return best;
  }
  function row(view) {
    var k = 0;
    c.levers.forEach(function (key) { k += c.values[key].indexOf(nearest(key, view.signal(key))) * c.strides[key]; });
    return el.carbonpeakSpec.datasets[c.dataset][k];
  }
  function setting(view) {
    var parts = c.levers.map(function (key) { return key + '=' + view.signal(key); });
    return parts.concat(['rec2018=' + view.signal('rec2018')]).join('&');
  }
  function report(view) {
    var r = row(view), t = view.signal('rec2018') === 'kept' ? 'territorial' : 'territorial_outlier';
    live.textContent = 'P(peak by 2025 / by 2030): territorial ' + r[t + '_2025'] + ' / ' + r[t + '_2030'] +
      '; with imported electricity ' + r.with_imports_2025 + ' / ' + r.with_imports_2030 + '.';
    var hash = '#' + setting(view);
    share.setAttribute('href', hash);
    if (window.location.hash !== hash) { history.replaceState(null, '', hash); }
  }
  function apply(view, values) {
    Object.keys(values).forEach(function (key) {
      if (c.levers.indexOf(key) >= 0) { view.signal(key, nearest(key, Number(values[key]))); }
      else if (key === 'rec2018' && (values[key] === 'kept' || values[key] === 'outlier')) {
        view.signal(key, values[key]);
      }
    });
    return view.runAsync();
  }
  function fromAddress() {
    var out = {};
    window.location.hash.slice(1).split('&').forEach(function (pair) {
      var kv = pair.split('=');
      if (kv.length === 2 && (c.levers.indexOf(kv[0]) >= 0 || kv[0] === 'rec2018') && kv[1] !== '' &&
          (kv[0] === 'rec2018' || isFinite(Number(kv[1])))) { out[kv[0]] = decodeURIComponent(kv[1]); }
    });
    return out;
  }
  function units() {
    box.querySelectorAll('.vega-bind input[type=range]').forEach(function (input) {
      var value = input.nextElementSibling;
      if (c.units[input.name] && value && !input.parentNode.querySelector('.unit')) {
        var u = document.createElement('span'); u.classList.add('unit'); u.textContent = ' ' + c.units[input.name];
        value.after(u);
      }
    });
  }
  function ready(view) {
    units();
    c.levers.concat(['rec2018']).forEach(function (key) {
      view.addSignalListener(key, function () { report(view); });
    });
    controls.querySelectorAll('button[data-preset]').forEach(function (b) {
      b.addEventListener('click', function () {
        var name = b.getAttribute('data-preset');
        apply(view, Object.assign({rec2018: 'kept'}, name === 'reset' ? c.reset : c.presets[name]));
      });
    });
    apply(view, fromAddress()).then(function () { report(view); });
  }
  if (el.carbonpeakView) { ready(el.carbonpeakView); }
  else { el.addEventListener('carbonpeak:drawn', function () { ready(el.carbonpeakView); }, {once: true}); }
})();
"""


def figure(grid: Grid, rule_start: int = 2005) -> charts.Figure:
    """The explorer: sliders, the selected setting's median and 80 % band on both boundaries, the stated
    setting's medians dashed, the CEADs record as points, and P(peak by 2025 / 2030) written in the chart."""
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
    first = int(grid.years[0])
    data = alt.NamedData(name=DATASET)  # one copy of the grid, named, so altair does not copy it per layer
    colour = alt.Color(
        "boundary:N",
        title="boundary",
        scale=alt.Scale(
            domain=list(BOUNDARY_SHORT.values()),
            range=[BOUNDARY_COLOURS["territorial"], BOUNDARY_COLOURS["with_imports"]],
        ),
        legend=alt.Legend(orient="bottom", direction="horizontal", labelLimit=0, title=None),
    )

    def band(selector: str, boundary: str):
        p = PREFIX[boundary]
        return (
            alt.Chart(data)
            .transform_filter(selector)
            .transform_flatten([f"{p}lo", f"{p}mid", f"{p}hi"], as_=["lo", "mid", "hi"])
            .transform_window(i="row_number()")
            .transform_calculate(
                year=f"{first - 1} + datum.i",
                lower="datum.lo / 10",
                value="datum.mid / 10",
                upper="datum.hi / 10",
                boundary=f"'{BOUNDARY_SHORT[boundary]}'",
            )
        )

    x = alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(domain=[FIRST_RECORD_YEAR, grid.horizon_end]))
    top = float(np.ceil(grid.bands["with_imports"][:, -1, :].max() / 10) * 10)
    y = alt.Y("value:Q", title="Mt CO2 per year", scale=alt.Scale(domain=[0, top]))
    selected = f"datum.k == ({_key_expr()})"
    layers = []
    for boundary in model_grid.BOUNDARIES:
        chosen = band(selected, boundary)
        layers += [
            chosen.mark_area(opacity=0.18).encode(
                x=x, y=alt.Y("lower:Q", title="Mt CO2 per year"), y2="upper:Q", color=colour
            ),
            chosen.mark_line(strokeWidth=2.5).encode(
                x=x,
                y=y,
                color=colour,
                tooltip=[
                    "boundary:N",
                    alt.Tooltip("year:Q", format="d"),
                    alt.Tooltip("value:Q", title="median", format=".1f"),
                    alt.Tooltip("lower:Q", title="10th percentile", format=".1f"),
                    alt.Tooltip("upper:Q", title="90th percentile", format=".1f"),
                ],
            ),
            band(f"datum.k == {grid.default_key}", boundary)
            .mark_line(strokeDash=[4, 3], strokeWidth=1.2, opacity=0.7)
            .encode(x=x, y=y, color=alt.value("#555")),
        ]
    record = (
        alt.Chart(record_points(rule_start, first))
        .mark_point(filled=True, color="#222", size=30)
        .encode(x=x, y=y, tooltip=["series:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=".1f")])
    )
    territorial = "(rec2018 == 'kept' ? datum.territorial_{y} : datum.territorial_outlier_{y})"
    text = (
        alt.Chart(data)
        .transform_filter(selected)
        .transform_calculate(
            lh="'P(peak by 2025 / by 2030)'",
            lt="'territorial: ' + " + territorial.format(y=2025) + " + ' / ' + " + territorial.format(y=2030),
            lw="'with imports: ' + datum.with_imports_2025 + ' / ' + datum.with_imports_2030",
        )
    )
    labels = [
        text.mark_text(align="left", baseline="top", fontSize=12, fontWeight="bold", color=colour_).encode(
            x=alt.value(6), y=alt.value(6 + 17 * i), text=f"{field}:N"
        )
        for i, (field, colour_) in enumerate(
            (("lh", "#333"), ("lt", BOUNDARY_COLOURS["territorial"]), ("lw", BOUNDARY_COLOURS["with_imports"]))
        )
    ]
    chart = (
        alt.layer(*layers, record, *labels)
        .add_params(*params, rec)
        .properties(
            title=alt.TitleParams(
                "Shenzhen's CO2 as the levers move",
                subtitle="Units: Mt CO2 per year; band: central 80 % of the draws",
                frame="bounds",
            ),
            width=charts.WIDTH,
            height=220,
        )
    )
    chart.datasets = {DATASET: rows(grid)}
    d = grid.default_key
    alt_text = (
        "Interactive chart: sliders for GDP growth, the pace of intensity decline, the import emission factor's "
        "decline, the NEV share ceiling, new gas capacity and gas running hours select one of "
        f"{len(grid.positions):,} precomputed Monte Carlo runs; it draws the median and central 80 % of the city's "
        f"CO2 from {first} to {grid.horizon_end} on both boundaries beside the CEADs record and writes the "
        "probability of a peak by 2025 and by 2030 on each. At the stated values P(peak ≤ 2030) is "
        f"{probability(grid.probability['territorial'][d, 1])} on the territorial boundary and "
        f"{probability(grid.probability['with_imports'][d, 1])} with imported electricity."
    )
    note = (
        f"City model, {grid.draws:,} draws at each of {len(grid.positions):,} slider settings (the same draws at "
        "every setting); dashed grey: the medians with every slider at its stated value; peak: "
        f"{peaks.label('n_years')} ({grid.rule_years} years below), judged on record-like values. The download "
        f"holds every setting's probabilities and its medians in {', '.join(map(str, DOWNLOAD_YEARS))}."
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=charts.source_note(SOURCES, ["measured", "estimated", "derived", "assumption"], note),
        data=wide_table(grid),
        filename="explorer_grid",
    )


def probability_by_position(grid: Grid, label: str = "with_imports", year: int = 2030) -> pd.DataFrame:
    """P(peak by ``year``) at each position of each slider, averaged over the other sliders' positions."""
    j = model_grid.PEAK_YEARS.index(year)
    out = []
    for lever in LEVERS:
        means = pd.Series(grid.probability[label][:, j]).groupby(grid.positions[lever.key].to_numpy()).mean()
        out += [{"slider": lever.label, "position": f"{x:g}", "P": float(p)} for x, p in means.items()]
    return pd.DataFrame(out)


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
    """How far each slider moves the median CO2 in ``year`` (the horizon by default): the mean over every other
    slider's positions, at each of its own positions, and the spread between its lowest and highest (Mt)."""
    year = year or grid.horizon_end
    j = int(np.nonzero(grid.years == year)[0][0])
    out = []
    for lever in LEVERS:
        for boundary in model_grid.BOUNDARIES:
            medians = grid.bands[boundary][:, 1, j]
            means = pd.Series(medians).groupby(grid.positions[lever.key].to_numpy()).mean()
            out.append(
                {
                    "lever": lever.key,
                    "slider": lever.label,
                    "boundary": boundary,
                    "low": float(means.min()),
                    "high": float(means.max()),
                    "spread": float(means.max() - means.min()),
                }
            )
    return pd.DataFrame(out)


def key_findings(grid: Grid):
    """What the grid shows, generated: the stated setting's probabilities, their range across the settings,
    and the slider that moves P(peak by 2030) with imported electricity most."""
    d = grid.default_key
    p = {label: grid.probability[label][:, 1] for label, _, _ in model_grid.JUDGED}
    by_position = probability_by_position(grid)
    reach = by_position.groupby("slider", sort=False)["P"].agg(lambda x: x.max() - x.min())
    top = reach.idxmax()
    at = by_position[by_position["slider"] == top]
    bullets = [
        "**With every slider at its stated value** (the baseline), P(peak ≤ 2030) is "
        f"{probability(p['territorial'][d])} on the territorial boundary "
        f"({probability(p['territorial_outlier'][d])} with CEADs' 2018 value treated as an outlier) and "
        f"{probability(p['with_imports'][d])} with imported electricity: the synthesis' baseline on its first "
        f"{grid.draws:,} draws.",
        f"**Across the {len(grid.positions):,} slider settings** P(peak ≤ 2030) with imported electricity runs from "
        f"{probability(p['with_imports'].min())} to {probability(p['with_imports'].max())}, on the territorial "
        f"boundary from {probability(p['territorial'].min())} to {probability(p['territorial'].max())}.",
        f"**The slider that moves it most** (with imported electricity, averaged over the others) is “{top}”: from "
        f"{probability(at['P'].iloc[0])} at {at['position'].iloc[0]} to {probability(at['P'].iloc[-1])} at "
        f"{at['position'].iloc[-1]}.",
    ]
    numbers = {f"explorer/stated/{k}/p_peak_by_2030": round(float(v[d]), 3) for k, v in p.items()}
    numbers.update({f"explorer/stated/{k}/p_peak_by_2025": round(float(grid.probability[k][d, 0]), 3) for k in p})
    return KeyFindings(bullets, numbers)


def method_note(grid: Grid, fig: charts.Figure) -> str:
    """The grid's size and the page weight it brings, for the method section (markdown)."""
    w = page_weight(fig)
    sizes = " × ".join(str(len(lever.values)) for lever in LEVERS)
    return (
        f"The grid holds **{len(grid.positions):,} slider settings** ({sizes} positions), each a Monte Carlo of "
        f"{grid.draws:,} draws of the city model from {int(grid.years[0])} to {grid.horizon_end}, the same draws "
        f"(seed {grid.seed}) at every setting. Paths are kept to 0.1 Mt. The chart with its embedded grid weighs "
        f"**{w['spec_bytes'] / 1000:,.0f} kB**, its download link {w['csv_link_bytes'] / 1000:,.0f} kB: "
        f"**{w['html_bytes'] / 1000:,.0f} kB** in all."
    )


def lever_list(settings: dict | None = None) -> str:
    """The lever table as a markdown list (one entry per slider: it reads on a phone and in print)."""
    rows = lever_table(settings).to_dict("records")
    return "\n".join(
        f"- **{r['slider']}** moves {'; '.join(assumptions.get(n).label for n in r['assumptions moved'].split(', '))};"
        " positions "
        f"{r['positions']} (stated: {r['stated value']}); range in the registry: {r['range in the registry']}; "
        f"scenario files: {r['scenario files']}."
        for r in rows
    )


def summary_table(grid: Grid):
    """P(peak by 2030) with imported electricity at each slider position, averaged over the other sliders."""
    df = probability_by_position(grid)
    return Table(
        df.rename(columns={"P": "P(peak ≤ 2030), with imported electricity"}),
        "P(peak ≤ 2030) with imported electricity at each slider position (mean over the other sliders)",
        formats={"P(peak ≤ 2030), with imported electricity": probability},
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
