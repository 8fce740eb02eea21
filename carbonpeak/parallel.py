"""Where the heavy sweeps run: on a dask.distributed cluster, or in this process.

The sweeps hand their tasks to ``map_keyed``: the backtest's series, the explorer grid's batches, the Sobol
design's chunks, the discrepancy calibration's origins and bootstrap resamples. It runs them

- on the cluster of the innermost ``cluster()`` block: what the ``carbonpeak`` commands open, a
  ``LocalCluster`` sized to this machine (one single-threaded worker process per core this process may use),
  or the scheduler named by ``--scheduler`` or the environment variable ``CARBONPEAK_SCHEDULER`` (or of
  the innermost ``use(client)`` block, for a client of your own);
- else, when ``CARBONPEAK_SCHEDULER`` names a scheduler, on that one (a chapter's kernel inherits the
  variable from the command that started it);
- else in this process, one task after another: a chapter run without a scheduler, a test, an analyst's
  notebook (a cluster started per chapter kernel costs more than it saves; see the README).

Results do not depend on where the tasks run or on how many workers there are: a task draws no random number
of its own choosing (every draw comes from the run's seed, one stream per named quantity, before the tasks
are cut or inside a task from the seed it is handed), a sweep cuts its tasks the same way whatever the
cluster, and the results come back in the items' order.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import uuid
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, redirect_stdout

from carbonpeak.errors import SchedulerError, one_line, printable

SCHEDULER_VARIABLE = "CARBONPEAK_SCHEDULER"
SCHEMES = ("tcp",)  # how a dask scheduler listens by default; an address without a scheme is tcp
CONNECT_SECONDS = 10  # a scheduler that does not answer in this time is reported as unreachable
_ACTIVE: list = []  # the clients of the open ``cluster()`` blocks, innermost last
_CONNECTED: dict = {}  # address -> client, for CARBONPEAK_SCHEDULER outside any block (kept for the process)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, e.g. under taskset or a container's cpuset)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def scheduler_address(given: str | None = None) -> str | None:
    """The scheduler to use: ``given`` (``--scheduler``), else ``CARBONPEAK_SCHEDULER``; None for neither (an
    empty value counts as none)."""
    for value in (given, os.environ.get(SCHEDULER_VARIABLE)):
        if value is not None and value.strip():
            return value
    return None


def _quiet() -> None:
    """Only errors from distributed's loggers: a warning (slow garbage collection on a busy machine, a
    worker restarted) would otherwise land in a page's output or under a command's one-line message."""
    names = [n for n in logging.root.manager.loggerDict if n == "distributed" or n.startswith("distributed.")]
    for name in ["distributed", *names]:
        logging.getLogger(name).setLevel(logging.ERROR)


def check_address(address: str) -> None:
    """A SchedulerError unless ``address`` reads as a scheduler's, [tcp://]HOST:PORT. Checked before connecting:
    distributed's client, given a malformed one, prints a traceback when it is discarded."""
    from distributed.comm.addressing import parse_address, parse_host_port

    hint = f"expected tcp://HOST:PORT; check --scheduler or {SCHEDULER_VARIABLE}"
    try:
        scheme, location = parse_address(address.strip())
        host, port = parse_host_port(location)
    except (ValueError, TypeError):
        raise SchedulerError(f"{address!r} is not a dask scheduler's address ({hint})") from None
    if scheme not in SCHEMES or not host or not 0 < port < 65536 or printable(address) != address or " " in address:
        raise SchedulerError(f"{address!r} is not a dask scheduler's address ({hint})")


def _identity(address: str) -> dict:
    """What the server at ``address`` says it is, within CONNECT_SECONDS. Asked on a thread of its own (a
    chapter's kernel already runs an event loop): a server that is not a dask scheduler may never answer,
    and the client would wait for it forever."""
    from distributed.core import rpc

    async def ask() -> dict:
        server = rpc(address, timeout=CONNECT_SECONDS)
        try:
            return await server.identity()
        finally:
            await server.close_rpc()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(asyncio.wait_for(ask(), CONNECT_SECONDS))).result()


def connect(address: str):
    """A client of the scheduler at ``address``; a SchedulerError naming it if no scheduler answers there."""
    from distributed import Client

    check_address(address)
    _quiet()
    try:
        kind = _identity(address).get("type")
    except TimeoutError:
        raise SchedulerError(
            f"no dask scheduler answered at {address!r} in {CONNECT_SECONDS} s; check --scheduler or "
            f"{SCHEDULER_VARIABLE}"
        ) from None
    except Exception as exc:  # refused, unknown host, closed mid-handshake, not dask's protocol
        reason = one_line(f"{type(exc).__name__}: {exc}")[:200]
        raise SchedulerError(
            f"cannot reach a dask scheduler at {address!r} ({reason}); check --scheduler or {SCHEDULER_VARIABLE}"
        ) from None
    if kind != "Scheduler":
        raise SchedulerError(
            f"{address!r} is a dask {kind}, not a scheduler; check --scheduler or {SCHEDULER_VARIABLE}"
        )
    return Client(address, timeout=CONNECT_SECONDS, set_as_default=False)


def local_cluster(workers: int | None = None):
    """A LocalCluster on this machine: ``workers`` processes (default: the usable cores) of one thread each,
    listening on localhost only, with no dashboard and only errors logged."""
    import dask
    from distributed import LocalCluster

    _quiet()
    # distributed sets MALLOC_TRIM_THRESHOLD_ in its workers, which turns off glibc's adaptive mmap threshold:
    # every large array the model allocates is then mapped and faulted in afresh (measured 1.7x slower)
    with dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
        return LocalCluster(
            n_workers=workers or usable_cores(),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            # the scheduler's HTTP server (health and metrics) starts even without a dashboard: on a free port
            # of localhost, not on 8787, which another cluster may hold (distributed then warns)
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.ERROR,
        )


@contextmanager
def cluster(address: str | None = None, workers: int | None = None) -> Iterator:
    """A ``distributed.Client`` that the sweeps inside the block use: of the scheduler at ``address`` (or
    ``CARBONPEAK_SCHEDULER``), else of a new LocalCluster of ``workers`` processes, closed at the end."""
    from distributed import Client

    address = scheduler_address(address)
    local = None if address else local_cluster(workers)
    try:
        client = connect(address) if address else Client(local, set_as_default=False)
        try:
            with use(client):
                yield client
        finally:
            client.close()
    finally:
        if local is not None:
            local.close()


@contextmanager
def use(client) -> Iterator:
    """The sweeps inside the block run on ``client``, a ``distributed.Client`` the caller opened (and closes)."""
    _ACTIVE.append(client)
    try:
        yield client
    finally:
        _ACTIVE.remove(client)


def current():
    """The client the sweeps use now (see the module docstring), or None to run them in this process."""
    if _ACTIVE:
        return _ACTIVE[-1]
    address = scheduler_address()
    if address is None:
        return None
    if address not in _CONNECTED:
        _CONNECTED[address] = connect(address)
    return _CONNECTED[address]


def _progress(futures: list, client) -> None:
    """Dask's progress bar, on a terminal only (on stderr, like the book's), until every future is done."""
    if not sys.stderr.isatty():
        return
    from distributed import progress

    with redirect_stdout(sys.stderr):
        progress(futures, notebook=False, multi=False, scheduler=client.scheduler.address)


def map_keyed(fn: Callable, items: Mapping, **shared) -> dict:
    """``fn(item, **shared)`` for every item, on the current client (``current``) or in this process; the
    results keyed as ``items`` and in their order. Each of ``shared`` (large inputs every task reads) is sent
    to every worker once; the items are sent as data too, not inside the task graph (a Sobol design's chunks
    would make a graph of megabytes, slow to send, and distributed warns about it on stderr)."""
    keys = list(items)
    client = current()
    if client is None:
        return {k: fn(items[k], **shared) for k in keys}
    sent, parts, futures = {}, [], []
    try:
        sent = {name: client.scatter([value], broadcast=True, hash=False)[0] for name, value in shared.items()}
        parts = client.scatter([items[k] for k in keys], hash=False)
        run = f"{fn.__name__.strip('_')}-{uuid.uuid4().hex}"  # the tasks' names only, never their inputs
        futures = client.map(fn, parts, key=[f"{run}-{i}" for i in range(len(keys))], **sent)
        _progress(futures, client)
        results = client.gather(futures)
    finally:
        client.cancel(futures + parts + list(sent.values()))
    return dict(zip(keys, results))
