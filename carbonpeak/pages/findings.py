"""The "Key findings" box every chapter opens with, and the key numbers behind it.

A chapter's findings are generated from its results. The numbers they rest on travel with the output as
metadata (``carbonpeak_key_numbers``, name -> value), so a test can read every published page and check
that a number shown in more than one chapter (e.g. the baseline's median territorial CO2 in 2030) is the
same everywhere. Names say what they hold: ``<scenario>/<boundary>/<year>/median_mt`` and
``<scenario>/<boundary>/<rule>/p_peak_by_<year>``.
"""

from __future__ import annotations

import numpy as np

META_KEY = "carbonpeak_key_numbers"
MT_DIGITS = 1  # Mt are shown with one decimal
P_DIGITS = 3


class KeyFindings:
    """Bullets shown as markdown; ``numbers`` stored with them as output metadata."""

    def __init__(self, bullets: list[str], numbers: dict | None = None):
        self.bullets = [b for b in bullets if b]
        self.numbers = dict(sorted((numbers or {}).items()))

    def markdown(self) -> str:
        return "\n".join(f"- {b}" for b in self.bullets)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/markdown": self.markdown(), "text/plain": self.markdown()}, {"text/markdown": {META_KEY: self.numbers}}


def city_numbers(ensemble, years=(2030,)) -> dict:
    """Median total CO2 per scenario, boundary and year (Mt, one decimal)."""
    out = {}
    for name, result in ensemble:
        for boundary in ("territorial", "with_imports"):
            total = result.total(boundary)
            for year in years:
                j = np.nonzero(result.years == year)[0]
                if len(j):
                    out[f"{name}/{boundary}/{year}/median_mt"] = round(float(np.median(total[:, j[0]])), MT_DIGITS)
    return out


def peak_numbers(table, years=(2025, 2030)) -> dict:
    """P(peak by year) per scenario, boundary and rule from an outcomes.peak_table."""
    out = {}
    for r in table.to_dict("records"):
        for year in years:
            out[f"{r['scenario']}/{r['boundary']}/{r['rule']}/p_peak_by_{year}"] = round(float(r[f"P(peak <= {year})"]), P_DIGITS)
    return out
