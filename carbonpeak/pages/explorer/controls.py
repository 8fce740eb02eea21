"""The explorer's controls: presets, reset, a link to the setting and the live line, and the script that ties
them to the chart."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

import numpy as np

from carbonpeak import charts
from carbonpeak.inputs import scenarios
from carbonpeak.model.grid import LEVERS, Grid, strides
from carbonpeak.pages import messages
from carbonpeak.pages.explorer.labels import (
    M,
    baseline_settings,
)


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
    base = baseline_settings()
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
