"""One computation per parameter set: a run's results kept on disk, outside book/, and read back by every
chapter that asks for the same run.

- The key is the kind of result, its parameters, a fingerprint of the package's computing code (every layer
  but the presenting ones: pages, charts, runner) and a fingerprint of every data and scenario file: a change
  to any of them misses, and a stale result is never read.
- Results are stored as plain arrays and JSON in one ``.npz`` file (read with ``allow_pickle=False``), so a
  cache file can carry numbers but never code; only the dataclasses registered with ``storable`` are
  rebuilt. A file that cannot be read (truncated, foreign, of an older layout) is a miss: the result is
  computed again and the file replaced.
- A read gives back the same bytes the computation gave (float64 arrays as stored, Python floats through
  their shortest repr), so a page made from the cache is the page a cold run makes.
- Concurrent chapters asking for the same key wait for the first one (an exclusive lock per key) instead
  of computing it twice.
- ``CARBONPEAK_CACHE`` names the folder (default ``.cache/runs`` in the project); ``CARBONPEAK_CACHE=off``
  computes everything afresh. The folder is pruned to ``MAX_BYTES``, least recently used first.
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import io
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from carbonpeak import locations

ENV = "CARBONPEAK_CACHE"
OFF = "off"
DEFAULT = locations.ROOT / ".cache" / "runs"
MAX_BYTES = 4 * 1024**3  # a 10,000-draw run of three scenarios takes about 0.2 GB
LAYOUT = 1  # bumped when the stored layout changes: older files then miss
T = TypeVar("T")

_STORABLE: dict[str, type] = {}


def storable(cls: type) -> type:
    """Register a dataclass whose instances may be stored and rebuilt (by its module and name)."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls.__name__} is not a dataclass")
    _STORABLE[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return cls


# fingerprints -------------------------------------------------------------------------------------------


def _digest(paths, root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


# The layers that present results: nothing that computes imports them (tests/test_layout.py keeps it so), so
# a cached result cannot depend on them, and editing a page's wording does not rerun the ensemble.
PRESENTING = ("pages", "charts", "runner")


def package_files() -> list[Path]:
    """The package's computing source files (what the code fingerprint covers): every .py file outside the
    presenting layers."""
    package = locations.ROOT / "carbonpeak"
    return [
        p
        for p in package.rglob("*.py")
        if "__pycache__" not in p.parts and p.relative_to(package).parts[0] not in PRESENTING
    ]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """sha256 over the package's computing .py files, by path and content."""
    return _digest(package_files(), locations.ROOT)


@lru_cache(maxsize=1)
def data_fingerprint() -> str:
    """sha256 over every file under data/ and scenarios/, by path and content (hidden files aside: locks and
    files being written)."""
    files = [
        p
        for folder in (locations.DATA, locations.SCENARIOS)
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return _digest(files, locations.ROOT)


def key(kind: str, parameters: dict) -> str:
    """The cache key of a ``kind`` of result for ``parameters`` (JSON-able) under this code and data."""
    text = json.dumps(
        {"kind": kind, "parameters": parameters, "code": code_fingerprint(), "data": data_fingerprint(), "v": LAYOUT},
        sort_keys=True,
        default=_json_default,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _json_default(x):
    if isinstance(x, (np.integer, np.floating)):
        return x.item()
    if isinstance(x, np.ndarray):
        return x.tolist()
    if dataclasses.is_dataclass(x):
        return {"__class__": type(x).__qualname__, **{f.name: getattr(x, f.name) for f in dataclasses.fields(x)}}
    if isinstance(x, Path):
        return str(x)
    raise TypeError(f"a cache key cannot hold {type(x).__name__}")


# encoding: a JSON tree with the arrays beside it ----------------------------------------------------------


class _Encoder:
    def __init__(self):
        self.arrays: dict[str, np.ndarray] = {}

    def array(self, a: np.ndarray) -> dict:
        if a.dtype.hasobject:
            raise TypeError("object arrays are not stored")
        name = f"a{len(self.arrays)}"
        self.arrays[name] = a
        return {"__array__": name}

    def encode(self, x):
        if x is None or isinstance(x, (bool, str)):
            return x
        if isinstance(x, int) and not isinstance(x, bool):
            return x
        if isinstance(x, np.generic):  # before float: np.float64 is a float, and must come back as one
            return {"__scalar__": self.array(np.asarray(x))}
        if isinstance(x, float):
            return {"__float__": x.hex()}  # exact, NaN and infinities included
        if isinstance(x, np.ndarray):
            return self.array(x)
        if isinstance(x, tuple):
            return {"__tuple__": [self.encode(v) for v in x]}
        if isinstance(x, list):
            return [self.encode(v) for v in x]
        if isinstance(x, dict):
            return {"__dict__": [[self.encode(k), self.encode(v)] for k, v in x.items()]}
        if isinstance(x, pd.DataFrame):
            return {"__frame__": self.frame(x)}
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            name = f"{type(x).__module__}.{type(x).__qualname__}"
            if name not in _STORABLE:
                raise TypeError(f"{name} is not registered as storable")
            return {
                "__dataclass__": name,
                "fields": {f.name: self.encode(getattr(x, f.name)) for f in dataclasses.fields(x)},
            }
        raise TypeError(f"cannot store {type(x).__name__}")

    def frame(self, df: pd.DataFrame) -> dict:
        if not isinstance(df.index, pd.RangeIndex):
            raise TypeError("only frames with a RangeIndex are stored")
        columns = []
        for label in df.columns:
            col = df[label]
            if not (pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_bool_dtype(col.dtype)):
                values = {"__list__": [self.encode(v) for v in col.tolist()], "dtype": str(col.dtype)}
            else:
                values = self.array(col.to_numpy())
            columns.append([self.encode(label), values])
        index = df.index
        return {"columns": columns, "range": [index.start, index.stop, index.step]}


class _Decoder:
    def __init__(self, arrays):
        self.arrays = arrays

    def decode(self, x):
        if isinstance(x, list):
            return [self.decode(v) for v in x]
        if not isinstance(x, dict):
            return x
        if "__float__" in x:
            return float.fromhex(x["__float__"])
        if "__array__" in x:
            return self.arrays[x["__array__"]]  # each read from the file once, so no copy is needed
        if "__scalar__" in x:
            return self.decode(x["__scalar__"])[()]
        if "__tuple__" in x:
            return tuple(self.decode(v) for v in x["__tuple__"])
        if "__dict__" in x:
            return {self.decode(k): self.decode(v) for k, v in x["__dict__"]}
        if "__frame__" in x:
            return self.frame(x["__frame__"])
        if "__dataclass__" in x:
            cls = _STORABLE[x["__dataclass__"]]  # a KeyError (unknown class) is a miss
            return cls(**{k: self.decode(v) for k, v in x["fields"].items()})
        raise ValueError("unknown node in a cache file")

    def frame(self, spec: dict) -> pd.DataFrame:
        data = {}
        for label, values in spec["columns"]:
            if isinstance(values, dict) and "__list__" in values:
                data[self.decode(label)] = pd.Series(
                    [self.decode(v) for v in values["__list__"]], dtype=values["dtype"]
                )
            else:
                data[self.decode(label)] = self.decode(values)
        return pd.DataFrame(data, index=pd.RangeIndex(*spec["range"]))


def dump(value, target) -> None:
    """Write ``value`` as one .npz file (a JSON tree and its arrays) to ``target`` (a path or a binary file),
    array by array: no second copy of the run is held in memory."""
    enc = _Encoder()
    tree = json.dumps(enc.encode(value), sort_keys=True).encode("utf-8")
    np.savez(target, __tree__=np.frombuffer(tree, dtype=np.uint8), **enc.arrays)


def dumps(value) -> bytes:
    """``value`` as the bytes of one .npz file."""
    buffer = io.BytesIO()
    dump(value, buffer)
    return buffer.getvalue()


def loads(blob) -> object:
    """The value ``dumps`` stored; raises ValueError (or KeyError, zipfile.BadZipFile) on a file it cannot read."""
    with np.load(blob if not isinstance(blob, bytes) else io.BytesIO(blob), allow_pickle=False) as z:
        arrays = {name: z[name] for name in z.files}
    tree = json.loads(arrays.pop("__tree__").tobytes().decode("utf-8"))
    return _Decoder(arrays).decode(tree)


# the store ------------------------------------------------------------------------------------------------


def folder() -> Path | None:
    """The cache folder, or None when the cache is off."""
    setting = os.environ.get(ENV, "")
    if setting.strip().lower() == OFF:
        return None
    return Path(setting).expanduser().resolve() if setting.strip() else DEFAULT


@contextmanager
def _locked(path: Path):
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read(path: Path):
    """The stored value at ``path``, or raises _Miss."""
    try:
        value = loads(path)
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise _Miss from exc
    os.utime(path)  # recently used: pruned last
    return value


class _Miss(Exception):
    pass


def _write(path: Path, value) -> None:
    """Store ``value`` at ``path`` atomically (a temporary file beside it, then renamed); TypeError when it
    cannot be stored, OSError when the disk refuses."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".npz")
    try:
        with os.fdopen(fd, "wb") as handle:
            dump(value, handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def prune(where: Path, limit: int = MAX_BYTES) -> None:
    """Remove the least recently used results until the folder holds at most ``limit`` bytes."""
    entries = sorted(where.glob("*.npz"), key=lambda p: p.stat().st_mtime)
    total = sum(p.stat().st_size for p in entries)
    for p in entries:
        if total <= limit:
            break
        total -= p.stat().st_size
        p.unlink(missing_ok=True)
        (where / f"{p.stem}.lock").unlink(missing_ok=True)


def cached(kind: str, parameters: dict, compute: Callable[[], T]) -> T:
    """The result of ``compute()`` for ``kind`` and ``parameters``: read from the cache when this code and
    data computed it before, computed (once, whoever else asks at the same time) and stored otherwise. A
    result that cannot be stored (an unregistered type) is returned uncached."""
    where = folder()
    if where is None:
        return compute()
    try:
        where.mkdir(parents=True, exist_ok=True)
    except OSError:
        return compute()  # a read-only or missing place: compute, as if the cache were off
    k = f"{re.sub(r'[^a-z0-9]+', '-', kind.lower()).strip('-')}-{key(kind, parameters)}"  # the kind shows
    path = where / f"{k}.npz"
    with _locked(where / f"{k}.lock"):
        try:
            return _read(path)
        except _Miss:
            pass
        value = compute()
        try:
            _write(path, value)
        except (TypeError, OSError):
            return value  # not storable, or a full disk: the result stands, the cache does not
    prune(where)
    return value  # what a later read gives back, bit for bit and type for type (tests/test_cache.py)
