"""Pages made from the cache are the pages a cold run makes, and chapters that share a run compute it once."""

from __future__ import annotations

import os

from support import run_cli


def _render(chapter: str, out, cache) -> bytes:
    env = dict(os.environ, CARBONPEAK_CACHE=str(cache))
    result = run_cli("run", chapter, "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    return (out / f"{chapter}.ipynb").read_bytes()


def test_a_warm_page_is_the_cold_page_and_the_warm_run_computes_nothing(tmp_path):
    store = tmp_path / "store"
    cold = _render("industry", tmp_path / "cold", store)
    kept = {p.name: p.stat().st_ino for p in store.glob("*.npz")}
    assert {name.split("-")[0] for name in kept} == {"calibration", "ensemble"}
    warm = _render("industry", tmp_path / "warm", store)
    assert warm == cold
    assert {p.name: p.stat().st_ino for p in store.glob("*.npz")} == kept  # read, not written again
    assert _render("industry", tmp_path / "off", "off") == cold


def test_a_chapter_that_shares_another_ones_runs_computes_none_of_them(tmp_path):
    store = tmp_path / "store"
    _render("industry", tmp_path / "one", store)
    kept = {p.name: p.stat().st_ino for p in store.glob("*.npz")}
    _render("buildings", tmp_path / "two", store)
    assert {p.name: p.stat().st_ino for p in store.glob("*.npz")} == kept
