"""Where the sweeps run does not change what they give: the backtest, the explorer grid, the Sobol design and
the discrepancy calibration give the same bytes in this process and on LocalClusters of 1 and 2 workers (the
clusters cutting the Sobol design into more, smaller tasks); a scheduler that cannot be used is refused in
one line naming it; the progress bar shows on a terminal only."""

from __future__ import annotations

import contextlib
import io
import socket
import threading

import pandas as pd
import pytest
from distributed import Client

from carbonpeak import cache, parallel
from carbonpeak.analysis import backtest
from carbonpeak.errors import SchedulerError
from carbonpeak.inputs import scenarios
from carbonpeak.model import grid, hindcast, runs, sensitivity
from carbonpeak.runner import cli

CITIES = ("广东深圳", "广东肇庆", "上海")  # three series, three tasks (the pooled model needs more than two)
ROUTES = ("in this process", "1 worker", "2 workers")


def sweeps() -> dict:
    """Small runs of every sweep that goes through parallel.map_keyed."""
    by, obs = runs.calibration()
    baseline = scenarios.load("baseline")
    return {
        "backtest": backtest.run_forecasts(backtest.Config(cities=CITIES, include_sectors=False)),
        "grid": grid.compute(draws=20, seed=11),
        "sobol": sensitivity.sobol(baseline.settings(), by, obs, runs.milestones(), n_base=64, seed=3),
        "calibration": hindcast.calibrate(baseline, 300, 5, runs.milestones(), reps=6),
    }


@pytest.fixture(scope="module")
def clients():
    with parallel.local_cluster(1) as one, parallel.local_cluster(2) as two:
        with Client(one, set_as_default=False) as c1, Client(two, set_as_default=False) as c2:
            yield {"1 worker": c1, "2 workers": c2}


@pytest.fixture(scope="module")
def results(clients):
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(parallel.SCHEDULER_VARIABLE, raising=False)
        mp.setenv(cache.ENV, cache.OFF)  # every route computes its sweeps (the grid is cached otherwise)
        out = {"in this process": sweeps()}
        mp.setattr(sensitivity, "CHUNK", 500)  # the design in several tasks, not one
        for route, client in clients.items():
            with parallel.use(client):
                out[route] = sweeps()
    return out


def test_the_clusters_have_the_workers_named(clients):
    assert [len(c.scheduler_info()["workers"]) for c in clients.values()] == [1, 2]


@pytest.mark.parametrize("route", ROUTES[1:])
def test_the_backtest_is_the_same_on_any_cluster(results, route):
    mine, theirs = results["in this process"]["backtest"], results[route]["backtest"]
    assert set(mine["series"]) == {f"city:{c}" for c in CITIES}
    pd.testing.assert_frame_equal(theirs, mine, check_exact=True)


@pytest.mark.parametrize("route", ROUTES[1:])
def test_the_grid_is_the_same_on_any_cluster(results, route):
    mine, theirs = results["in this process"]["grid"], results[route]["grid"]
    pd.testing.assert_frame_equal(theirs.positions, mine.positions, check_exact=True)
    assert theirs.default_key == mine.default_key
    for b in grid.BOUNDARIES:
        assert mine.bands[b].shape == (len(mine.positions), len(grid.QUANTILES), len(mine.years))
        assert theirs.bands[b].tobytes() == mine.bands[b].tobytes(), b
    for label in mine.probability:
        assert theirs.probability[label].tobytes() == mine.probability[label].tobytes(), label


@pytest.mark.parametrize("route", ROUTES[1:])
def test_the_sobol_indices_are_the_same_on_any_cluster(results, route):
    mine, theirs = results["in this process"]["sobol"], results[route]["sobol"]
    assert len(mine) > 0 and mine[["S1", "ST"]].notna().all().all()
    pd.testing.assert_frame_equal(theirs, mine, check_exact=True)


@pytest.mark.parametrize("route", ROUTES[1:])
def test_the_calibration_is_the_same_on_any_cluster(results, route):
    mine = results["in this process"]["calibration"]
    assert any(v["standard_error"] > 0 for v in mine.values())  # the resamples differ: the check has teeth
    assert results[route]["calibration"] == mine


def test_results_come_back_in_the_items_order(clients):
    items = {k: k for k in (5, 3, 9, 1, 7, 2)}
    with parallel.use(clients["2 workers"]):
        found = parallel.map_keyed(pow, items, exp=2)
    assert list(found.items()) == [(k, k**2) for k in items]


def test_without_a_scheduler_the_sweeps_run_in_this_process(monkeypatch):
    monkeypatch.delenv(parallel.SCHEDULER_VARIABLE, raising=False)
    assert parallel.current() is None


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("tty", [True, False])
def test_the_progress_bar_shows_on_a_terminal_only(clients, tty):
    err, out = (Terminal() if tty else io.StringIO()), io.StringIO()
    with parallel.use(clients["1 worker"]), contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        parallel.map_keyed(pow, {k: k for k in range(4)}, exp=2)
    assert out.getvalue() == ""
    assert ("100% Completed" in err.getvalue()) is tty, err.getvalue()


@pytest.mark.parametrize(
    "address", ["not an address", "tcp://127.0.0.1", "http://127.0.0.1:8786", "tcp://127.0.0.1:99999", "tcp://:8786"]
)
def test_a_malformed_address_is_named(address):
    with pytest.raises(SchedulerError, match="not a dask scheduler's address") as info:
        parallel.connect(address)
    assert repr(address) in str(info.value) and "\n" not in str(info.value)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_address_where_nothing_listens_is_named():
    address = f"tcp://127.0.0.1:{closed_port()}"
    # distributed retries a refused connection until its timeout: either message may come first
    with pytest.raises(SchedulerError, match="cannot reach a dask scheduler|no dask scheduler answered") as info:
        parallel.connect(address)
    assert repr(address) in str(info.value)


def test_a_server_that_never_answers_is_named_after_the_timeout(monkeypatch):
    monkeypatch.setattr(parallel, "CONNECT_SECONDS", 1)
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        accepted = []
        threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
        address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
        with pytest.raises(SchedulerError, match="no dask scheduler answered") as info:
            parallel.connect(address)
    assert repr(address) in str(info.value)


def test_a_worker_is_not_taken_for_a_scheduler(clients):
    worker = next(iter(clients["1 worker"].scheduler_info()["workers"]))
    with pytest.raises(SchedulerError, match="not a scheduler"):
        parallel.connect(worker)


def test_the_variable_names_the_scheduler_when_no_flag_does(monkeypatch, clients):
    address = clients["2 workers"].scheduler.address
    monkeypatch.setenv(parallel.SCHEDULER_VARIABLE, address)
    assert parallel.scheduler_address(None) == address
    assert parallel.scheduler_address("tcp://10.0.0.1:8786") == "tcp://10.0.0.1:8786"  # the flag wins
    client = parallel.current()
    try:
        assert client.scheduler.address == address
        assert parallel.map_keyed(pow, {1: 3}, exp=2) == {1: 9}
    finally:
        parallel._CONNECTED.pop(address).close()


@pytest.mark.parametrize("command", [["backtest"], ["run", "overview"], ["book", "--scenario", "plan"]])
def test_a_bad_variable_is_refused_before_anything_runs(monkeypatch, tmp_path, command):
    address = f"tcp://127.0.0.1:{closed_port()}"
    monkeypatch.setenv(parallel.SCHEDULER_VARIABLE, address)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main([*command, "--out", str(tmp_path / "out")])
    lines = err.getvalue().strip().splitlines()
    assert code == 2 and len(lines) == 1, err.getvalue()
    assert repr(address) in lines[0] and parallel.SCHEDULER_VARIABLE in lines[0]
    assert not (tmp_path / "out").exists()
