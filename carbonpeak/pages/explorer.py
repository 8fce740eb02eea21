"""The scenario explorer: readers move sliders for the main levers and see the city's CO2 band and its
probability of peaking by 2025 and by 2030 on both boundaries, in the page, with no server and no network.

How. ``carbonpeak.model.grid`` runs the city model's Monte Carlo at every combination of the levers'
positions (the same draws at every setting, so the stated setting is the baseline's Monte Carlo number
for number). The grid is embedded in the chart as its data; vega-lite parameters bound to sliders pick one
setting with a filter transform, and the band, median and probabilities drawn are that setting's.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from carbonpeak import charts
from carbonpeak.formats import probability
from carbonpeak.inputs import scenarios
from carbonpeak.model import boundaries, outcomes
from carbonpeak.model import grid as model_grid
from carbonpeak.model.grid import LEVERS, Grid, compute, positions, strides  # noqa: F401  (the page's API)
from carbonpeak.pages import messages
from carbonpeak.pages.findings import KeyFindings
from carbonpeak.pages.tables import Table, number

M = messages.text

FIRST_RECORD_YEAR = 2005
DOWNLOAD_YEARS = (2020, 2025, 2030, 2035)  # the chart's download keeps the page light
SOURCES = ["ceads_city", "ceads_provinces", "official_points", "literature", "crea_power"]
BOUNDARY_COLOURS = {"territorial": "#c55a11", "with_imports": "#1f4e79"}


def _boundary_short(lang: str) -> dict[str, str]:
    """The two boundaries' short names in the page's language."""
    return {name: boundaries.label(name, lang, short=True) for name in ("territorial", "with_imports")}


PREFIX = {"territorial": "t", "with_imports": "w"}
DATASET = "explorer_settings"


def _fmt_path(x) -> str:
    return "(" + ", ".join(f"{v:g}" for v in x) + ")" if isinstance(x, tuple) else f"{x:g}"


def _fmt_range(s, lang: str = "en") -> str:
    return M("explorer.lever_list.range", lang, low=_fmt_path(s.low), high=_fmt_path(s.high))


def lever_label(lever, lang: str = "en") -> str:
    """A slider's label with its unit in the page's language (the grid's own in English)."""
    return M(f"explorer.lever.{lever.key}", lang, label=lever.label)


def _co2(lang: str) -> float:
    """The language's CO2 unit per Mt (Mt in English, 万吨 in Chinese)."""
    return messages.co2(1, lang)


def _baseline_settings() -> dict:
    return scenarios.load("baseline").settings()


def lever_table(settings: dict | None = None, lang: str = "en") -> pd.DataFrame:
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
            ranged = M("common.punct.clause", lang).join(
                M(
                    "explorer.lever_list.named_range",
                    lang,
                    name=n,
                    label=messages.label("assumption", n, lang),
                    range=_fmt_range(settings[n], lang),
                )
                for n in lever.names
            )
            scen = M("common.punct.clause", lang).join(
                M(
                    "explorer.lever_list.scenario_named",
                    lang,
                    scenario=messages.label("scenario", label, lang),
                    name=name,
                    label=messages.label("assumption", name, lang),
                    value=_fmt_path(x[name].default),
                )
                for label, x in (("plan", plan), ("accelerated", acc))
                for name in lever.names
                if x[name].default != settings[name].default
            )
        else:
            lo, hi = (x[s.milestones.index(lever.milestone)] if s.is_path else x for x in (s.low, s.high))
            ranged = M(
                "explorer.lever_list.range", lang, low=f"{lo / lever.per_unit:g}", high=f"{hi / lever.per_unit:g}"
            )
            scen = M("common.punct.clause", lang).join(
                M(
                    "explorer.lever_list.scenario_value",
                    lang,
                    scenario=messages.label("scenario", label, lang),
                    value=f"{at(x[lever.names[0]], lever):g}",
                )
                for label, x in (("plan", plan), ("accelerated", acc))
                if x[lever.names[0]].default != s.default
            )
        rows.append(
            {
                "slider": lever_label(lever, lang),
                "assumptions moved": ", ".join(lever.names),
                "stated value": f"{lever.stated(settings):g}",
                "positions": messages.join((f"{v:g}" for v in lever.values), lang, "enum"),
                "range in the registry": ranged,
                "scenario files": scen or M("explorer.lever_list.as_stated", lang),
            }
        )
    return pd.DataFrame(rows)


def _key_expr() -> str:
    s = strides()
    return " + ".join(
        f"round(({lever.key} - {lever.values[0]:g}) / {lever.step:g}) * {s[lever.key]}" for lever in LEVERS
    )


def record_points(rule_start: int, base_year: int, lang: str = "en") -> pd.DataFrame:
    """CEADs' territorial record from ``rule_start`` to the base year (Mt, one decimal; 万吨 in Chinese): the
    chart's points."""
    rec = outcomes.record(base_year, rule_start, "keep")
    return pd.DataFrame(
        {
            "year": rec.index.astype(int),
            "value": rec.round(1).to_numpy() * _co2(lang),
            "series": M("explorer.record_series", lang),
        }
    )


def rows(grid: Grid, lang: str = "en") -> list[dict]:
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
                row[f"{label}_{year}"] = probability(grid.probability[label][i, j], lang)
        out.append(row)
    return out


def wide_table(grid: Grid, years=DOWNLOAD_YEARS, lang: str = "en") -> pd.DataFrame:
    """The grid as a table: slider positions, P(peak by 2025 / 2030) per boundary and the median paths in
    ``years`` (Mt; 万吨 in Chinese)."""
    names = {"k": M("explorer.download.setting", lang), **{lever.key: lever_label(lever, lang) for lever in LEVERS}}
    df = grid.positions.rename(columns=names)
    for label, _, _ in model_grid.JUDGED:
        for j, year in enumerate(model_grid.PEAK_YEARS):
            name = M(
                "explorer.download.probability", lang, year=year, label=M(f"explorer.download.judged.{label}", lang)
            )
            df[name] = np.round(grid.probability[label][:, j], 3)
    short = _boundary_short(lang)
    for boundary in model_grid.BOUNDARIES:
        for j, year in enumerate(grid.years):
            if year in years:
                name = M("explorer.download.median", lang, boundary=short[boundary], year=year)
                df[name] = np.round(grid.bands[boundary][:, 1, j], 1) * _co2(lang)
    return df


def units(lang: str = "en") -> dict[str, str]:
    """Each slider's unit, shown after its value."""
    return {lever.key: M(f"explorer.unit.{lever.key}", lang) for lever in LEVERS}


PRESETS = ("baseline", "plan", "accelerated")  # the shipped scenarios, as buttons


@dataclass(frozen=True)
class Preset:
    """A scenario's slider positions: where the scenario moves a slider's assumptions by one factor that is a
    position, that position; elsewhere the stated one. ``beyond`` names the scenario's overrides the sliders
    cannot show (its other measures, or a change that is not one of the positions): assumption names."""

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
    beyond = tuple(name for name in moved if name not in shown)
    return Preset(scenario, chosen, beyond)


def controls(fig: charts.Figure, grid: Grid, lang: str = "en") -> Controls:
    """Presets, reset, the setting in the page's address and a live line for screen readers, for ``fig``."""
    return Controls(fig.id, [preset(name) for name in PRESETS], grid, grid_dataset(fig, grid), lang)


def grid_dataset(fig: charts.Figure, grid: Grid) -> str:
    """The name the chart's spec gives the embedded grid (altair names a dataset by its content's hash)."""
    return next(name for name, rows in fig.spec["datasets"].items() if len(rows) == len(grid.positions))


class Controls:
    """The explorer's buttons and live line (HTML), and the script that ties them to the chart: a preset or reset
    sets the sliders; every change writes the setting into the page's address (so a link shares it) and the
    probabilities into an aria-live line; an address that carries a setting sets the sliders on load."""

    def __init__(self, figure_id: str, presets: list[Preset], grid: Grid, dataset: str, lang: str = "en"):
        self.figure_id, self.presets, self.grid, self.dataset = figure_id, presets, grid, dataset
        self.lang = lang

    def _name(self, p: Preset) -> str:
        return messages.label("scenario", p.scenario, self.lang)

    def presets_note(self) -> str:
        """Which scenarios' measures the sliders cannot show (markdown)."""
        lang = self.lang
        notes = [
            M(
                "explorer.controls.beyond",
                lang,
                scenario=self._name(p),
                names=messages.join((messages.label("assumption", b, lang) for b in p.beyond), lang, "enum"),
            )
            for p in self.presets
            if p.beyond
        ]
        return M("explorer.controls.note", lang, notes=M("common.punct.clause", lang).join(notes)) if notes else ""

    def to_html(self) -> str:
        lang = self.lang
        buttons = "".join(
            f'<button type="button" data-preset="{p.scenario}">{html.escape(self._name(p))}</button> '
            for p in self.presets
        )
        config = {
            "figure": f"cp-vis-{self.figure_id}",
            "levers": [lever.key for lever in LEVERS],
            "live": M("explorer.controls.live", lang, t25="{t25}", t30="{t30}", w25="{w25}", w30="{w30}"),
            "units": units(lang),
            "values": {lever.key: list(lever.values) for lever in LEVERS},
            "strides": strides(),
            "presets": {p.scenario: p.positions for p in self.presets},
            "reset": self.presets[0].positions,
            "dataset": self.dataset,
        }
        return (
            f'<div class="carbonpeak-explorer-controls" id="cp-controls-{self.figure_id}">'
            f'<span class="label">{html.escape(M("explorer.controls.presets", lang))}</span> {buttons}'
            f'<button type="button" data-preset="reset">{html.escape(M("explorer.controls.reset", lang))}</button> '
            f'<a class="share" href="#">{html.escape(M("explorer.controls.link", lang))}</a>'
            '<p class="live" aria-live="polite"></p></div>\n'
            f'<script type="text/javascript">\n{_CONTROLS_JS % json.dumps(config, sort_keys=True)}</script>\n'
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        names = messages.join((self._name(p) for p in self.presets), self.lang, "enum")
        text = M("explorer.controls.plain", self.lang, names=names)
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
    live.textContent = c.live.replace('{t25}', r[t + '_2025']).replace('{t30}', r[t + '_2030'])
      .replace('{w25}', r.with_imports_2025).replace('{w30}', r.with_imports_2030);
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


def figure(grid: Grid, rule_start: int = 2005, lang: str = "en") -> charts.Figure:
    """The explorer: sliders, the selected setting's median and 80 % band on both boundaries, the stated
    setting's medians dashed, the CEADs record as points, and P(peak by 2025 / 2030) written in the chart."""
    settings = _baseline_settings()
    params = [
        alt.param(
            name=lever.key,
            value=lever.stated(settings),
            bind=alt.binding_range(
                min=lever.values[0], max=lever.values[-1], step=lever.step, name=lever_label(lever, lang) + " "
            ),
        )
        for lever in LEVERS
    ]
    choices = ["kept", "outlier"]
    rec = alt.param(
        name="rec2018",
        value="kept",
        bind=alt.binding_radio(
            options=choices,
            labels=[M(f"explorer.radio.{c}", lang) for c in choices],
            name=M("explorer.radio.name", lang),
        ),
    )
    short = _boundary_short(lang)
    scale = 10 / _co2(lang)  # the grid's tenths of a Mt -> the page's unit
    first = int(grid.years[0])
    data = alt.NamedData(name=DATASET)  # one copy of the grid, named, so altair does not copy it per layer
    colour = alt.Color(
        "boundary:N",
        title=M("explorer.chart.boundary", lang),
        scale=alt.Scale(
            domain=list(short.values()),
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
                lower=f"datum.lo / {scale:g}",
                value=f"datum.mid / {scale:g}",
                upper=f"datum.hi / {scale:g}",
                boundary=f"'{short[boundary]}'",
            )
        )

    x = alt.X("year:Q", axis=charts.YEAR_AXIS, scale=alt.Scale(domain=[FIRST_RECORD_YEAR, grid.horizon_end]))
    top = float(np.ceil(grid.bands["with_imports"][:, -1, :].max() / 10) * 10) * _co2(lang)
    y_title = M("explorer.chart.y", lang)
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(domain=[0, top]))
    selected = f"datum.k == ({_key_expr()})"
    layers = []
    for boundary in model_grid.BOUNDARIES:
        chosen = band(selected, boundary)
        layers += [
            chosen.mark_area(opacity=0.18).encode(x=x, y=alt.Y("lower:Q", title=y_title), y2="upper:Q", color=colour),
            chosen.mark_line(strokeWidth=2.5).encode(
                x=x,
                y=y,
                color=colour,
                tooltip=[
                    "boundary:N",
                    alt.Tooltip("year:Q", format="d"),
                    alt.Tooltip("value:Q", title=M("explorer.chart.median", lang), format=".1f"),
                    alt.Tooltip("lower:Q", title=M("explorer.chart.p10", lang), format=".1f"),
                    alt.Tooltip("upper:Q", title=M("explorer.chart.p90", lang), format=".1f"),
                ],
            ),
            band(f"datum.k == {grid.default_key}", boundary)
            .mark_line(strokeDash=[4, 3], strokeWidth=1.2, opacity=0.7)
            .encode(x=x, y=y, color=alt.value("#555")),
        ]
    record = (
        alt.Chart(record_points(rule_start, first, lang))
        .mark_point(filled=True, color="#222", size=30)
        .encode(x=x, y=y, tooltip=["series:N", alt.Tooltip("year:Q", format="d"), alt.Tooltip("value:Q", format=".1f")])
    )
    territorial = "(rec2018 == 'kept' ? datum.territorial_{y} : datum.territorial_outlier_{y})"
    slash = M("explorer.chart.slash", lang)
    text = (
        alt.Chart(data)
        .transform_filter(selected)
        .transform_calculate(
            lh=f"'{M('explorer.chart.heading', lang)}'",
            lt=f"'{M('explorer.chart.territorial', lang)}' + "
            + territorial.format(y=2025)
            + f" + '{slash}' + "
            + territorial.format(y=2030),
            lw=f"'{M('explorer.chart.with_imports', lang)}' + datum.with_imports_2025 + '{slash}' + "
            + "datum.with_imports_2030",
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
                M("explorer.chart.title", lang),
                subtitle=M("explorer.chart.subtitle", lang),
                frame="bounds",
            ),
            width=charts.WIDTH,
            height=220,
        )
    )
    chart.datasets = {DATASET: rows(grid, lang)}
    d = grid.default_key
    alt_text = M(
        "explorer.chart.alt",
        lang,
        settings=len(grid.positions),
        first=first,
        end=grid.horizon_end,
        p_territorial=probability(grid.probability["territorial"][d, 1], lang),
        p_imports=probability(grid.probability["with_imports"][d, 1], lang),
    )
    note = M(
        "explorer.chart.note",
        lang,
        draws=grid.draws,
        settings=len(grid.positions),
        rule=messages.label("rule", "n_years", lang),
        years=grid.rule_years,
        download_years=M("explorer.chart.download_years", lang).join(map(str, DOWNLOAD_YEARS)),
    )
    return charts.Figure(
        chart,
        alt_text=alt_text,
        source=messages.source_note(SOURCES, ["measured", "estimated", "derived", "assumption"], note, lang),
        data=wide_table(grid, lang=lang),
        filename="explorer_grid",
        **messages.figure_csv(lang),
    )


def probability_by_position(
    grid: Grid, label: str = "with_imports", year: int = 2030, lang: str = "en"
) -> pd.DataFrame:
    """P(peak by ``year``) at each position of each slider, averaged over the other sliders' positions."""
    j = model_grid.PEAK_YEARS.index(year)
    out = []
    for lever in LEVERS:
        means = pd.Series(grid.probability[label][:, j]).groupby(grid.positions[lever.key].to_numpy()).mean()
        out += [{"slider": lever_label(lever, lang), "position": f"{x:g}", "P": float(p)} for x, p in means.items()]
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


def summary_table(grid: Grid, lang: str = "en"):
    """P(peak by 2030) with imported electricity at each slider position, averaged over the other sliders."""
    df = probability_by_position(grid, lang=lang)
    p = M("explorer.summary_table.probability", lang)
    names = {c: M(f"explorer.summary_table.{c}", lang) for c in ("slider", "position")}
    return Table(
        df.rename(columns={"P": p, **names}),
        M("explorer.summary_table.title", lang),
        formats={p: lambda x: probability(x, lang)},
        lang=lang,
    )


def effects_table(grid: Grid, year: int | None = None, lang: str = "en"):
    """``lever_effects`` for reading: each slider's reach on each boundary (Mt CO2; 万吨 in Chinese)."""
    year = year or grid.horizon_end
    df = lever_effects(grid, year).drop(columns=["lever"])
    values = ["low", "high", "spread"]
    sliders = {lever.label: lever_label(lever, lang) for lever in LEVERS}
    df = df.assign(
        slider=df["slider"].map(sliders),
        boundary=df["boundary"].map(lambda b: boundaries.label(b, lang)),
        **{c: df[c] * _co2(lang) for c in values},
    )
    names = {c: M(f"explorer.effects_table.{c}", lang) for c in ["slider", "boundary", *values]}
    return Table(
        df.rename(columns=names),
        M("explorer.effects_table.title", lang, year=year),
        formats={names[c]: number(max(0, 1 - round(np.log10(_co2(lang))))) for c in values},
        lang=lang,
    )
