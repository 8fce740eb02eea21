"""The run cache: what it stores comes back bit for bit, a file it cannot read is a miss (never code), the
key moves with the parameters, the code and the data, concurrent askers compute once, and the folder is
pruned."""

from __future__ import annotations

import math
import multiprocessing
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from carbonpeak import cache, locations
from carbonpeak.inputs import scenarios
from carbonpeak.model import runs


@cache.storable
@dataclass(frozen=True)
class Inner:
    values: np.ndarray
    label: str


@cache.storable
@dataclass
class Outer:
    inner: Inner
    by_year: dict
    pair: tuple
    weight: float
    count: int
    scalar: object
    nothing: object = None


@dataclass
class Unregistered:
    x: int


def sample() -> Outer:
    arrays = np.array([[0.1, -0.0, np.inf], [np.nan, 1e-300, 2.0 / 3.0]])
    return Outer(
        Inner(arrays, "库"),
        {2019: 1.5, 2024.5: np.float64(0.1) * 3, "a": [1, 2.5, None]},
        (1, (2.0, "x")),
        0.1 + 0.2,
        7,
        np.int64(3),
    )


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "store"))
    return tmp_path / "store"


def test_a_stored_value_comes_back_bit_for_bit():
    value = sample()
    back = cache.loads(cache.dumps(value))
    assert isinstance(back, Outer) and isinstance(back.inner, Inner)
    assert back.inner.values.dtype == np.float64 and back.inner.values.tobytes() == value.inner.values.tobytes()
    assert back.inner.label == "库"
    assert list(back.by_year) == [2019, 2024.5, "a"] and type(list(back.by_year)[0]) is int
    assert back.by_year[2024.5] == value.by_year[2024.5] and type(back.by_year[2024.5]) is np.float64
    assert back.by_year["a"] == [1, 2.5, None]
    assert back.pair == (1, (2.0, "x")) and isinstance(back.pair[1], tuple)
    assert back.weight == 0.30000000000000004 and math.copysign(1, back.inner.values[0, 1]) == -1
    assert back.count == 7 and type(back.scalar) is np.int64 and back.nothing is None


def test_a_frame_comes_back_with_its_types():
    df = pd.DataFrame({"name": ["a", "b", None], "x": [0.1, np.nan, 3.0], "n": [1, 2, 3], "ok": [True, False, True]})
    df["label"] = pd.Series(["深圳", "x", "y"], dtype="string")
    back = cache.loads(cache.dumps(df))
    pd.testing.assert_frame_equal(back, df)
    assert back["x"].to_numpy().tobytes() == df["x"].to_numpy().tobytes()


def test_what_cannot_be_stored_is_refused_on_writing():
    for value in (Unregistered(1), np.array([object()]), pd.DataFrame({"x": [1]}, index=[5]), {1, 2}):
        with pytest.raises(TypeError):
            cache.dumps(value)


def test_an_unstorable_result_is_computed_and_not_kept(store):
    assert cache.cached("t", {}, lambda: Unregistered(2)) == Unregistered(2)
    assert not list(store.glob("*.npz"))


def test_a_hit_reads_and_a_miss_computes(store):
    calls = []

    def compute():
        calls.append(1)
        return {"x": np.arange(3.0)}

    first = cache.cached("t", {"n": 1}, compute)
    second = cache.cached("t", {"n": 1}, compute)
    assert len(calls) == 1 and np.array_equal(first["x"], second["x"])
    cache.cached("t", {"n": 2}, compute)  # another parameter: a miss
    cache.cached("u", {"n": 1}, compute)  # another kind: a miss
    assert len(calls) == 3 and len(list(store.glob("*.npz"))) == 3


def test_off_computes_every_time(monkeypatch):
    monkeypatch.setenv(cache.ENV, "off")
    calls = []
    for _ in range(2):
        cache.cached("t", {}, lambda: calls.append(1) or 1.0)
    assert len(calls) == 2


class Planted:
    def __reduce__(self):
        return (Path.touch, (Path(PLANTED),))


PLANTED = "/tmp/carbonpeak-cache-test-planted"


@pytest.mark.parametrize("kind", ["garbage", "truncated", "pickled", "unknown-class", "foreign-npz"])
def test_a_file_it_cannot_read_is_a_miss_and_never_runs_code(store, kind):
    Path(PLANTED).unlink(missing_ok=True)
    good = cache.cached("t", {}, lambda: Outer(Inner(np.ones(2), "a"), {}, (), 1.0, 1, np.int64(1)))
    path = next(store.glob("*.npz"))
    blob = path.read_bytes()
    if kind == "garbage":
        path.write_bytes(b"\x00not a zip")
    elif kind == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif kind == "pickled":
        np.savez(path, __tree__=np.array([Planted()], dtype=object))
    elif kind == "unknown-class":
        with np.load(path) as z:
            arrays = {name: z[name] for name in z.files}
        tree = arrays.pop("__tree__").tobytes().replace(b"test_cache.Outer", b"test_cache.Xuter")
        np.savez(path, __tree__=np.frombuffer(tree, dtype=np.uint8), **arrays)
    else:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("something.txt", "hello")
    assert path.read_bytes() != blob
    again = cache.cached("t", {}, lambda: Outer(Inner(np.ones(2), "a"), {}, (), 1.0, 1, np.int64(1)))
    assert np.array_equal(again.inner.values, good.inner.values) and again.weight == 1.0
    assert not Path(PLANTED).exists()
    assert cache.loads(path).weight == 1.0  # the file was replaced by a good one


def test_the_key_moves_with_the_parameters_the_code_and_the_data(tmp_path, monkeypatch):
    root = tmp_path / "copy"
    for name in ("carbonpeak", "data", "scenarios"):
        shutil.copytree(locations.ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))

    def key(parameters=None):
        cache.code_fingerprint.cache_clear()
        cache.data_fingerprint.cache_clear()
        return cache.key("ensemble", parameters or {"draws": 100})

    monkeypatch.setattr(locations, "ROOT", root)
    monkeypatch.setattr(locations, "DATA", root / "data")
    monkeypatch.setattr(locations, "SCENARIOS", root / "scenarios")
    try:
        first = key()
        assert key() == first
        assert key({"draws": 101}) != first
        source = root / "carbonpeak" / "model" / "core.py"
        source.write_text(source.read_text() + "\n# a comment is a change\n")
        changed_code = key()
        assert changed_code != first
        page = root / "carbonpeak" / "pages" / "answer" / "__init__.py"
        page.write_text(page.read_text() + "\n# a page's wording is not the computation\n")
        assert key() == changed_code
        table = root / "data" / "targets.csv"
        table.write_bytes(table.read_bytes() + b"\n")
        assert key() not in (first, changed_code)
        (root / "data" / ".lock").write_text("")  # hidden files (locks, files being written) are not data
        assert key() == key()
    finally:
        cache.code_fingerprint.cache_clear()
        cache.data_fingerprint.cache_clear()


def test_a_scenario_setting_moves_the_run_key():
    base = scenarios.load("baseline")
    plain = runs.scenario_key(base)
    assert runs.scenario_key(base) == plain
    assert runs.scenario_key(base, {"gdp_growth": [0.05, 0.04, 0.04]}) != plain
    assert cache.key("ensemble", {"s": plain}) != cache.key(
        "ensemble", {"s": runs.scenario_key(scenarios.load("plan"))}
    )


def _slow_compute(marker: str):
    import time

    with open(marker, "a") as handle:
        handle.write("computed\n")
    time.sleep(1.0)
    return np.arange(5.0)


def _ask(args):
    folder, marker = args
    import os

    os.environ[cache.ENV] = folder
    return cache.cached("slow", {}, lambda: _slow_compute(marker)).tolist()


def test_concurrent_askers_compute_once(tmp_path):
    marker = tmp_path / "calls.txt"
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        results = pool.map(_ask, [(str(tmp_path / "store"), str(marker))] * 3)
    assert results == [[0.0, 1.0, 2.0, 3.0, 4.0]] * 3
    assert marker.read_text().splitlines() == ["computed"]


def test_the_folder_is_pruned_least_recently_used_first(store):
    for n in range(4):
        cache.cached("t", {"n": n}, lambda n=n: np.zeros(1000) + n)
    files = sorted(store.glob("*.npz"), key=lambda p: p.stat().st_mtime)
    size = files[0].stat().st_size
    cache.prune(store, limit=2 * size)
    kept = set(store.glob("*.npz"))
    assert kept == set(files[2:])


def test_the_explorer_grid_is_computed_once_and_read_back_whole(store, monkeypatch):
    from carbonpeak.model import grid

    first = grid.compute(draws=20, seed=11)
    assert len(list(store.glob("grid-*.npz"))) == 1
    read = grid.compute(draws=20, seed=11)
    monkeypatch.setenv(cache.ENV, cache.OFF)
    cold = grid.compute(draws=20, seed=11)
    for other in (read, cold):
        pd.testing.assert_frame_equal(other.positions, first.positions)
        for name in first.bands:
            assert other.bands[name].tobytes() == first.bands[name].tobytes()
        for name in first.probability:
            assert other.probability[name].tobytes() == first.probability[name].tobytes()
        assert (other.default_key, other.draws, other.horizon_end) == (first.default_key, 20, first.horizon_end)
