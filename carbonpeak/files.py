"""Reading files a user hands us, deciding where a run may write, and publishing several files at once.

Reading (scenario files, data/assumptions.yml): only a regular file is opened (a FIFO, a device such as
/dev/zero or a folder is refused without reading it), never more than a size cap is read, and YAML is
parsed by a strict loader that refuses anchors and aliases (so no alias bomb can expand), merge keys,
duplicated keys and non-finite numbers (.nan, .inf), naming the line.

Where a run may write: ``output_folder`` is the one function that decides, before anything runs. Each
command has a home (book/ for ``carbonpeak book`` without a scenario, data/processed/ for ``data`` and
``backtest``) or writes into runs/ by default; ``--out`` (resolved in the caller's folder) may name any other
folder, but never one inside book/, chapters/, data/, scenarios/, the package, the tests or .git, nor the
project folder itself, nor something that is not a folder or cannot be written.

Publishing (``carbonpeak book``, ``carbonpeak data``): the new files are written into a staging folder
next to the target, which starts as a copy of the target; when every file is in place the staging folder
and the target are exchanged in one step (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere each file is
moved in turn). An interrupted run removes its staging folder; one killed outright leaves a dot-folder
(``.<target>.staging-<pid>-<random>``) that git, Jupyter Book and pytest ignore, removed by the next
publish into the same target once its process is gone.
"""

from __future__ import annotations

import ctypes
import errno
import math
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from carbonpeak import locations
from carbonpeak.errors import CarbonPeakError, OutputError, ParameterError, one_line

MAX_YAML_BYTES = 256 * 1024  # a scenario file is a few kB; data/assumptions.yml about 20 kB

_KINDS = [
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
]


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words for a refusal ("a folder", "a named pipe (FIFO)", ...)."""
    return next((label for test, label in _KINDS if test(mode)), "not a regular file")


def read_text(path: Path, *, max_bytes: int = MAX_YAML_BYTES, error: type[CarbonPeakError] = ParameterError) -> str:
    """The UTF-8 text of the regular file ``path``, refused (``error``) if it is anything else or too large."""
    path = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; the check below refuses it anyway.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise error(f"{path}: file not found") from None
    except OSError as exc:
        raise error(f"{path}: cannot be opened ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{path}: is {kind_of(info.st_mode)}, not a file; give the path of a text file")
        if info.st_size > max_bytes:
            raise error(f"{path}: is {info.st_size:,} bytes, more than the {max_bytes:,} allowed")
        chunks, size = [], 0
        while size <= max_bytes:
            chunk = os.read(fd, max_bytes + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        data = b"".join(chunks)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise error(f"{path}: is more than the {max_bytes:,} bytes allowed")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{path}: is not UTF-8 text (byte {exc.start} cannot be decoded)") from None


class Refused(yaml.YAMLError):
    """A YAML construct the strict loader refuses, with the position where it was found."""

    def __init__(self, mark, problem: str):
        super().__init__(problem)
        self.problem_mark, self.problem = mark, problem


class StrictLoader(yaml.SafeLoader):
    """Safe YAML without anchors, aliases, merge keys, duplicated keys or non-finite floats."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise Refused(event.start_mark, "anchors and aliases (& and *) are not allowed; write the values out")
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise Refused(key_node.start_mark, "merge keys (<<) are not allowed; write the values out")
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                    seen.setdefault(key, key_node.start_mark.line + 1)
                except TypeError:
                    raise Refused(key_node.start_mark, "a key must be a plain value") from None
                if first is not None:
                    raise Refused(key_node.start_mark, f"key {key!r} appears twice (first on line {first})")
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_float(self, node):
        value = super().construct_yaml_float(node)
        if not math.isfinite(value):
            raise Refused(node.start_mark, f"{node.value!r} is not a finite number (NaN and infinity are refused)")
        return value


StrictLoader.add_constructor("tag:yaml.org,2002:float", StrictLoader.construct_yaml_float)


def describe_yaml_error(exc: yaml.YAMLError) -> str:
    """A YAML error in one line, starting with its line and column when the error has a position."""
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc)
    return one_line(where + problem)


def load_yaml(path: Path, *, max_bytes: int = MAX_YAML_BYTES, error: type[CarbonPeakError] = ParameterError):
    """Parse the YAML file ``path`` with ``StrictLoader``; any problem raises ``error`` naming file and line."""
    text = read_text(path, max_bytes=max_bytes, error=error)
    loader = StrictLoader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        raise error(f"{path}: {describe_yaml_error(exc)}") from None
    except RecursionError:
        raise error(f"{path}: is nested too deeply to be a settings file") from None
    finally:
        loader.dispose()


# Where a run may write ---------------------------------------------------------------------------------

RUNS = locations.ROOT / "runs"
PROTECTED = {  # folder -> what it holds; no run writes inside them except a command into its own home
    locations.BOOK: "the published pages (only `carbonpeak book` without a scenario writes there; a scenario's "
    "book or a chapter run is not written into book/)",
    locations.CHAPTERS: "the chapter templates",
    locations.DATA: "the data (only `carbonpeak data` and `carbonpeak backtest` write into data/processed/)",
    locations.SCENARIOS: "the shipped scenarios",
    locations.ROOT / "carbonpeak": "the package",
    locations.ROOT / "tests": "the tests",
    locations.ROOT / ".git": "git's records",
}


def _shown(path: Path) -> str:
    try:
        return f"{Path(path).resolve().relative_to(locations.ROOT.resolve()).as_posix()}/"
    except ValueError:
        return str(path)


def output_folder(out: Path | str | None = None, *, default: Path = RUNS, home: Path | None = None) -> Path:
    """The folder a command may write into, checked before anything runs (nothing is created here).

    ``out`` (relative paths are taken in the caller's folder) or else ``default``; ``home`` is the folder the
    command owns (book/ for ``carbonpeak book`` without a scenario, data/processed/ for ``data``/``backtest``),
    the only protected folder it may write into. Raises OutputError naming the folder and the fix."""
    folder = Path(default) if out is None else Path(out).expanduser()
    if not folder.is_absolute():
        folder = Path.cwd() / folder
    shown = str(out) if out is not None else _shown(folder)
    resolved = folder.resolve()
    if home is not None and resolved == Path(home).resolve():
        return Path(home)
    for place, what in PROTECTED.items():
        place = place.resolve()
        if resolved == place or place in resolved.parents:
            where = "is" if resolved == place else "lies inside"
            raise OutputError(
                f"output folder {shown} {where} {_shown(place)}, {what}; choose another folder, e.g. runs/"
            )
    if resolved == locations.ROOT.resolve():
        raise OutputError(f"output folder {shown} is the project folder itself; choose a folder such as runs/")
    existing = resolved
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    where = "is" if existing == resolved else f"cannot be created: {existing} is"
    if not existing.is_dir():
        kind = "a file" if existing.is_file() else kind_of(existing.stat().st_mode)
        raise OutputError(f"output folder {shown} {where} {kind}, not a folder; give a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"output folder {shown} {where} not writable; choose a folder you can write to")
    return resolved


def prepare_output(folder: Path) -> Path:
    """Create ``folder`` and prove it can be written (a permission check alone misses read-only mounts,
    immutable folders and root's privileges)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise OutputError(
            f"output folder {folder} cannot be written ({exc.strerror}); choose a folder you can write to"
        ) from None
    return folder


# Publishing ----------------------------------------------------------------------------------------------

STAGING_MARK = ".staging-"


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE). False where not supported."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_staging(target: Path) -> None:
    """Remove staging folders of ``target`` left by a run that was killed (its process is gone)."""
    for folder in target.parent.glob(f".{target.name}{STAGING_MARK}*"):
        pid = folder.name[len(f".{target.name}{STAGING_MARK}") :].split("-")[0]
        if folder.is_dir() and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def staged(target: Path) -> Iterator[Path]:
    """A staging folder that starts as a copy of ``target`` (created if missing). Write the new files into
    it; when the block ends without an error it replaces ``target`` in one step. On any error or interrupt
    it is removed and ``target`` is left exactly as it was."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    target = target.resolve()  # a symlinked folder: stage beside (and swap) the folder it points to
    remove_stale_staging(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING_MARK}{os.getpid()}-", dir=target.parent))
    try:
        shutil.copytree(target, staging, symlinks=True, dirs_exist_ok=True)
        staging.chmod(target.stat().st_mode & 0o7777)  # mkdtemp makes it private
        yield staging
        if not _exchange(staging, target):
            for item in sorted(staging.iterdir()):
                if item.is_file():
                    os.replace(item, target / item.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # after an exchange this holds the old files
