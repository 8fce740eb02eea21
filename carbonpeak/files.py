"""Reading files a user hands us, deciding where a run may write, and publishing files into a folder.

Reading (scenario files, data/assumptions.yml): only a regular file is opened (a FIFO, a device such as
/dev/zero or a folder is refused without reading it), never more than a size cap is read, and YAML is
parsed by a strict loader that refuses anchors and aliases (so no alias bomb can expand), merge keys,
duplicated keys, non-finite numbers (.nan, .inf) and values its constructors cannot convert, naming the line.

Where a run may write: ``output_folder`` decides, before anything runs. Each command has a home (book/ for
``carbonpeak book`` without a scenario, data/processed/ for ``data`` and ``backtest``) or writes into runs/
by default; ``--out`` (resolved in the caller's folder) may name any other folder, but never one inside
book/, chapters/, data/, scenarios/, the package, the tests or .git, nor the project folder or a folder that
contains it, nor something that is not a folder or cannot be written. Folders are compared by identity
(device and inode), so a symbolic link or a bind mount of book/ is book/. A folder that already holds
files carbonpeak did not write is refused unless ``--force`` is given: carbonpeak marks the folders it
creates (``MARKER``), and everything under the project's runs/ is its own.

Publishing (``Output``): the output folder is opened once, checked again through that descriptor, and every
file is written relative to it (no path is looked up again, no link followed), so swapping the folder for
a link mid-run changes nothing. A command that publishes several files (``carbonpeak book``, ``data``,
``backtest``, ``export``) writes them into a staging folder inside the target (same filesystem, so a mount
point works too) and, once all are complete, moves each into place with ``os.replace`` (signals held
back meanwhile); only the files the command writes are replaced, everything else in the folder is left
as it is. Those commands hold an exclusive lock (``fcntl.flock``) on the folder for the whole run, so a
second writer is refused at once; a single page (``carbonpeak run``) takes the lock only to move its page
into place. A run killed outright leaves a dot-folder (``.carbonpeak.staging-<pid>-<random>``) that git,
Jupyter Book and pytest ignore, removed by the next publish into the same folder once its process is gone.
"""

from __future__ import annotations

import errno
import fcntl
import math
import os
import secrets
import shutil
import signal
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml

from carbonpeak import locations
from carbonpeak.errors import CarbonPeakError, DataError, OutputError, ParameterError, WriteError, one_line

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
    except OSError as exc:  # e.g. EIO from a special or failing file
        raise error(f"{path}: cannot be read ({exc.strerror})") from None
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


def _excerpt(text: object, width: int = 40) -> str:
    """A short quote of what a file holds, for a message (never a whole line of someone else's file)."""
    text = str(text)
    return repr(text if len(text) <= width else text[:width] + "...")


class StrictLoader(yaml.SafeLoader):
    """Safe YAML without anchors, aliases, merge keys, duplicated keys, non-finite floats or values the
    constructors cannot convert (``0x_``, a 13th month)."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise Refused(event.start_mark, "anchors and aliases (& and *) are not allowed; write the values out")
        return super().compose_node(parent, index)

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:  # e.g. int('', 16) for 0x_, a date with month 13
            shown = _excerpt(node.value) if isinstance(node, yaml.ScalarNode) else "this value"
            kind = node.tag.rsplit(":", 1)[-1]
            raise Refused(node.start_mark, f"{shown} cannot be read as {kind} ({exc})") from None

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
                    raise Refused(key_node.start_mark, f"key {_excerpt(key)} appears twice (first on line {first})")
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_float(self, node):
        value = super().construct_yaml_float(node)
        if not math.isfinite(value):
            raise Refused(node.start_mark, f"{node.value!r} is not a finite number (NaN and infinity are refused)")
        return value


StrictLoader.add_constructor("tag:yaml.org,2002:float", StrictLoader.construct_yaml_float)


def describe_yaml_error(exc: yaml.YAMLError, text: str = "") -> str:
    """A YAML error in one line, starting with its line and column when the error has a position."""
    if isinstance(exc, yaml.reader.ReaderError):  # raised before parsing: a character YAML does not allow
        line = text[: exc.position].count("\n") + 1 if text else None
        where = f"line {line}: " if line else ""
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return one_line(f"{where}character #x{code:04x} is not allowed in YAML (a control character)")
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc)
    return one_line(where + problem)


def parse_trusted_yaml(text: str):
    """YAML the project ships (its message catalogue, its data sidecars) parsed with libyaml's safe loader,
    several times faster than the pure-Python one, which a user's settings file still goes through
    (``load_yaml``: strict, with one-line errors)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_yaml(path: Path, *, max_bytes: int = MAX_YAML_BYTES, error: type[CarbonPeakError] = ParameterError):
    """Parse the YAML file ``path`` with ``StrictLoader``; any problem raises ``error`` naming file and line."""
    text = read_text(path, max_bytes=max_bytes, error=error)
    loader = None
    try:
        loader = StrictLoader(text)  # the reader checks every character here, before parsing
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        raise error(f"{path}: {describe_yaml_error(exc, text)}") from None
    except RecursionError:
        raise error(f"{path}: is nested too deeply to be a settings file") from None
    finally:
        if loader is not None:
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
MARKER = ".carbonpeak-output"  # in every folder carbonpeak created for its output
MARKER_TEXT = "carbonpeak writes its pages, tables and exports into this folder (see the project's README).\n"
STAGING_PREFIX = ".carbonpeak.staging-"
TMP_INFIX = ".tmp."  # a file being written is .<name>.tmp.<random> until it is complete

Identity = tuple[int, int]


def _identity(info: os.stat_result) -> Identity:
    return info.st_dev, info.st_ino


def _protected_identities() -> dict[Identity, Path]:
    """The identity of every folder in and below each protected place -> that place (so a bind mount of
    book/ or of data/processed/ is recognised wherever it is mounted)."""
    out = {}
    for place in PROTECTED:
        if not place.is_dir():
            continue
        out[_identity(place.stat())] = place
        for folder, subfolders, _ in os.walk(place):
            for name in subfolders:
                try:
                    out.setdefault(_identity(os.stat(os.path.join(folder, name), follow_symlinks=False)), place)
                except OSError:
                    continue
    return out


def _project_identities() -> set[Identity]:
    """The project folder and every folder that contains it."""
    root = locations.ROOT.resolve()
    return {_identity(p.stat()) for p in (root, *root.parents)}


def _shown(path: Path) -> str:
    try:
        return f"{Path(path).resolve().relative_to(locations.ROOT.resolve()).as_posix()}/"
    except ValueError:
        return str(path)


def _check_text(out: object) -> None:
    text = str(out)
    if not text.strip():
        raise OutputError("--out is empty; give a folder, e.g. runs/")
    if text != text.strip():
        raise OutputError(f"--out {text!r} starts or ends with a space; give the folder's name exactly")
    if one_line(text) != text:
        raise OutputError(f"--out {one_line(text)} holds a control character; give a plain folder name")


def _refuse_protected(chain: list[Identity], exists: bool, shown: str, home: Path | None) -> None:
    """Refuse a folder whose identity (or an ancestor's, ``chain`` starting with the folder or its nearest
    existing ancestor) is a protected folder, or that is the project folder or contains it."""
    if home is not None and exists and home.is_dir() and chain[0] == _identity(home.stat()):
        return
    if exists and chain[0] in _project_identities():
        raise OutputError(f"output folder {shown} is the project folder or contains it; choose a folder such as runs/")
    protected = _protected_identities()
    for i, ident in enumerate(chain):
        if ident in protected:
            place = protected[ident]
            where = "is" if i == 0 and exists and _identity(place.stat()) == ident else "lies inside"
            raise OutputError(
                f"output folder {shown} {where} {_shown(place)}, {PROTECTED[place]}; choose another folder, e.g. runs/"
            )


def _chain_of_path(path: Path) -> list[Identity]:
    return [_identity(p.stat()) for p in (path, *path.parents)]


def _chain_of_fd(fd: int) -> list[Identity]:
    """The identity of the folder open as ``fd`` and of each folder above it (through '..', not by path)."""
    chain = [_identity(os.fstat(fd))]
    current = os.dup(fd)
    try:
        while True:
            parent = os.open("..", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC, dir_fd=current)
            os.close(current)
            current = parent
            ident = _identity(os.fstat(current))
            if ident == chain[-1]:
                return chain
            chain.append(ident)
    finally:
        os.close(current)


def _foreign_entry(names: list[str]) -> str | None:
    """The first name in a folder that shows carbonpeak did not make it (None if it did, or it is empty)."""
    if MARKER in names:
        return None
    return min(names) if names else None


def _owned(path: Path) -> bool:
    runs = RUNS.resolve()
    return path == runs or runs in path.parents


def _refuse_foreign(path: Path, names: list[str], shown: str, force: bool) -> None:
    entry = None if force or _owned(path) else _foreign_entry(names)
    if entry is not None:
        raise OutputError(
            f"output folder {shown} already holds files carbonpeak did not write (e.g. {one_line(entry)!r}); "
            "give a new or empty folder, or add --force to write beside them (only the files the command "
            "writes are replaced)"
        )


def output_folder(
    out: Path | str | None = None, *, default: Path = RUNS, home: Path | None = None, force: bool = False
) -> Path:
    """The folder a command may write into, checked before anything runs (nothing is created here).

    ``out`` (relative paths are taken in the caller's folder) or else ``default``; ``home`` is the folder the
    command owns (book/ for ``carbonpeak book`` without a scenario, data/processed/ for ``data``/``backtest``),
    the only protected folder it may write into; ``force`` allows a folder that holds other files. Raises
    OutputError naming the folder and the fix. ``Output`` checks the folder again once it is open."""
    if out is not None:
        _check_text(out)
    folder = Path(default) if out is None else Path(out).expanduser()
    if not folder.is_absolute():
        folder = Path.cwd() / folder
    shown = str(out) if out is not None else _shown(folder)
    resolved = folder.resolve()
    if home is not None and not resolved.exists() and resolved == Path(home).resolve():
        return resolved  # the home folder, to be created
    existing = resolved
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    _refuse_protected(_chain_of_path(existing), existing == resolved, shown, home)
    where = "is" if existing == resolved else f"cannot be created: {existing} is"
    if not existing.is_dir():
        kind = "a file" if existing.is_file() else kind_of(existing.stat().st_mode)
        raise OutputError(f"output folder {shown} {where} {kind}, not a folder; give a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"output folder {shown} {where} not writable; choose a folder you can write to")
    if existing == resolved and not _is_home(resolved, home):
        try:
            names = os.listdir(resolved)
        except OSError as exc:
            raise OutputError(f"output folder {shown} cannot be read ({exc.strerror})") from None
        _refuse_foreign(resolved, names, shown, force)
    return resolved


def _is_home(path: Path, home: Path | None) -> bool:
    return home is not None and path.exists() and Path(home).exists() and os.path.samefile(path, home)


# Publishing ----------------------------------------------------------------------------------------------

_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
_OPEN_DIR = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write_at(dir_fd: int, name: str, data: bytes) -> None:
    """Write ``name`` in the folder ``dir_fd`` complete or not at all: a temporary file beside it, moved into
    place when written (readable by all, like any published file)."""
    tmp = f".{name}{TMP_INFIX}{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644, dir_fd=dir_fd)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fchmod(fd, 0o644)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        try:
            os.unlink(tmp, dir_fd=dir_fd)
        except OSError:
            pass
        raise


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back Ctrl-C, SIGTERM and SIGHUP while files are moved into place (delivered right after)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


class Output:
    """An output folder opened once, checked through its descriptor, and written only relative to it.

    Use ``open_output``. ``write(name, data)`` publishes one file; ``staged()`` yields a private folder for
    several files that are moved into place together when the block ends without an error."""

    def __init__(self, path: Path, fd: int, shown: str, locked: bool):
        self.path, self.fd, self.shown, self.locked = path, fd, shown, locked

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)  # releases the lock
            self.fd = -1

    def __enter__(self) -> Output:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _lock(self, wait: bool) -> Iterator[None]:
        if self.locked:
            yield
            return
        _lock(self.fd, self.shown, wait=wait)
        try:
            yield
        finally:
            fcntl.flock(self.fd, fcntl.LOCK_UN)

    def write(self, name: str, data: bytes) -> Path:
        """Publish ``name`` (a file name, no folder) with ``data``, complete or not at all."""
        with self._lock(wait=True), _writing(self.shown):
            _refuse_folder_in_the_way(self.fd, [name], self.shown)
            with _signals_held():
                _write_at(self.fd, name, data)
                os.fsync(self.fd)
        return self.path / name

    @contextmanager
    def staged(self) -> Iterator[Path]:
        """A new, empty, private folder inside this one: write the files into it (by the path yielded); when
        the block ends without an error each is moved into place (``os.replace``), all of them, and only them.
        On any error or interrupt the staging folder is removed and this folder is left exactly as it was."""
        name = f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        with _writing(self.shown):
            os.mkdir(name, 0o700, dir_fd=self.fd)
        staging_fd = os.open(name, _OPEN_DIR, dir_fd=self.fd)
        # Writers get a path to the staging folder through its open descriptor (Linux), so a folder renamed or
        # swapped for a link meanwhile does not redirect them; elsewhere, its path.
        through_fd = Path(f"/proc/self/fd/{staging_fd}")
        try:
            yield through_fd if through_fd.is_dir() else self.path / name
            with self._lock(wait=True), _writing(self.shown):
                self._commit(staging_fd)
        finally:
            os.close(staging_fd)
            shutil.rmtree(name, dir_fd=self.fd, ignore_errors=True)

    def _commit(self, staging_fd: int) -> None:
        names = sorted(os.listdir(staging_fd))
        for name in names:
            if not stat.S_ISREG(os.stat(name, dir_fd=staging_fd, follow_symlinks=False).st_mode):
                raise OutputError(f"{self.shown}: {one_line(name)} was staged but is not a regular file")
        _refuse_folder_in_the_way(self.fd, names, self.shown)
        with _signals_held():
            for name in names:
                os.replace(name, name, src_dir_fd=staging_fd, dst_dir_fd=self.fd)
            os.fsync(self.fd)


@contextmanager
def _writing(shown: str) -> Iterator[None]:
    """Turn an OSError while writing (a full disk, an I/O error) into one line naming the folder."""
    try:
        yield
    except OSError as exc:
        what = exc.strerror or one_line(exc)
        raise WriteError(f"cannot write into {shown} ({what}); nothing was published") from None


def _refuse_folder_in_the_way(dir_fd: int, names: list[str], shown: str) -> None:
    for name in names:
        try:
            info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(f"{shown}{name} is a folder; move it away so the file of that name can be written")


def _lock(fd: int, shown: str, *, wait: bool, shared: bool = False) -> None:
    """Take the folder's lock; if another run holds it, wait (``wait``, saying so) or refuse in one line."""
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    try:
        fcntl.flock(fd, mode | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        if shared:
            raise DataError(
                f"{shown} is being rebuilt by another carbonpeak run (`carbonpeak data` or `backtest`); "
                "wait for it to end"
            ) from None
        if not wait:
            raise OutputError(
                f"{shown} is in use by another carbonpeak run (it holds the folder's lock); "
                "wait for that run to end, or choose another --out"
            ) from None
    print(f"carbonpeak: waiting for another carbonpeak run to finish writing {shown}", file=sys.stderr)
    fcntl.flock(fd, mode)


def _remove_stale_staging(fd: int) -> None:
    """Remove staging folders left in the folder ``fd`` by a run that was killed (its process is gone)."""
    for name in os.listdir(fd):
        if not name.startswith(STAGING_PREFIX):
            continue
        pid = name[len(STAGING_PREFIX) :].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(name, dir_fd=fd, ignore_errors=True)


def open_output(folder: Path, *, home: Path | None = None, force: bool = False, hold: bool = True) -> Output:
    """Create and open the checked folder ``folder`` (``output_folder``), check it again through the open
    descriptor (identity, not path), prove it can be written, and take its lock: held until the Output is
    closed (``hold``, for commands that publish several files; a second writer is refused), or taken only
    while a file is moved into place."""
    folder = Path(folder)
    shown = _shown(folder)
    existed = folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder, _OPEN_DIR)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(f"output folder {shown} became a symbolic link; give the folder itself") from None
        raise OutputError(f"output folder {shown} cannot be created or written ({exc.strerror})") from None
    try:
        _refuse_protected(_chain_of_fd(fd), True, shown, home)
        if hold:
            _lock(fd, shown, wait=False)
        names = os.listdir(fd)
        at_home = home is not None and Path(home).exists() and _identity(os.fstat(fd)) == _identity(Path(home).stat())
        if not at_home:
            _refuse_foreign(folder, [n for n in names if not n.startswith(STAGING_PREFIX)], shown, force)
        _probe(fd, shown)
        if not at_home and (not existed or not names):
            _write_at(fd, MARKER, MARKER_TEXT.encode())
        _remove_stale_staging(fd)
    except BaseException:
        os.close(fd)
        raise
    return Output(folder, fd, shown, locked=hold)


def _probe(fd: int, shown: str) -> None:
    """Prove the folder can be written (a permission check alone misses read-only mounts, immutable
    folders and root's privileges)."""
    name = f".carbonpeak-probe-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=fd))
        os.unlink(name, dir_fd=fd)
    except OSError as exc:
        raise OutputError(
            f"output folder {shown} cannot be written ({exc.strerror}); choose a folder you can write to"
        ) from None


@contextmanager
def reading(folder: Path) -> Iterator[None]:
    """Hold a shared lock on ``folder`` (data/processed/) while a run reads it, so ``carbonpeak data`` or
    ``carbonpeak backtest`` cannot replace tables under it; refused in one line while one of them runs."""
    try:
        fd = os.open(folder, _OPEN_DIR)
    except FileNotFoundError:
        raise DataError(f"{_shown(folder)} is missing; run `carbonpeak data` to build it") from None
    try:
        _lock(fd, _shown(folder), wait=False, shared=True)
        yield
    finally:
        os.close(fd)
