"""Safe reading and safe publishing (carbonpeak.files) and one-line messages (carbonpeak.errors), in process:
what a reader refuses, what a publish replaces and what it leaves alone, locks, and folders compared by
identity rather than by path."""

from __future__ import annotations

import fcntl
import os
import subprocess
import threading

import pytest

from carbonpeak import files, locations
from carbonpeak.errors import OutputError, ParameterError, WriteError, one_line, printable


@pytest.mark.parametrize(
    "text, shown",
    [
        ("plain", "plain"),
        ("a\x1b[2Jb", "a\\x1b[2Jb"),  # clear the screen
        ("\x07bell", "\\x07bell"),
        ("x\u202eevil", "x\\u202eevil"),  # right-to-left override: reorders what follows
        ("zero\u200bwidth", "zero\\u200bwidth"),
        ("\x9bcsi", "\\x9bcsi"),  # the C1 control sequence introducer
        ("深圳", "深圳"),  # letters of any script stay as they are
    ],
)
def test_printable_escapes_control_and_format_characters(text, shown):
    assert printable(text) == shown


def test_one_line_joins_lines_and_escapes():
    assert one_line("first\nsecond\r\n\tthird\x1b") == "first second third\\x1b"


def test_a_file_that_fails_when_read_is_named(tmp_path):
    # /proc/self/mem is a regular file whose first page cannot be read (EIO): the error names it, in one line
    with pytest.raises(ParameterError, match="/proc/self/mem: cannot be read"):
        files.read_text("/proc/self/mem")


@pytest.mark.parametrize(
    "text, message",
    [
        ("a: 0x_\n", r"line 1, column 4: '0x_' cannot be read as int"),
        ("a: 0b_\n", "'0b_' cannot be read as int"),
        ("a: 2023-02-30\n", "'2023-02-30' cannot be read as timestamp"),
        ("a: b\nc: d\x07\n", "line 2: character #x0007"),
        ("a: \x00\n", "character #x0000"),
        ("a: [1, 2\n", "line 2"),
    ],
)
def test_every_yaml_parser_error_is_one_refusal(tmp_path, text, message):
    path = tmp_path / "s.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError, match=message) as caught:
        files.load_yaml(path)
    assert "\n" not in str(caught.value)


# Publishing ------------------------------------------------------------------------------------------------


def _open(folder, **kw):
    return files.open_output(files.output_folder(folder, **kw), **kw)


def test_a_staged_publish_replaces_only_its_own_files(tmp_path):
    out = tmp_path / "out"
    with _open(out) as output:
        (out / "keep.txt").write_text("someone else's", encoding="utf-8")
        (out / "page.ipynb").write_text("old page", encoding="utf-8")
        (out / "linked.txt").write_text("shared", encoding="utf-8")
        os.link(out / "linked.txt", tmp_path / "elsewhere.txt")
        keep = os.stat(out / "keep.txt")
        with output.staged() as staging:
            (staging / "page.ipynb").write_text("new page", encoding="utf-8")
            (staging / "table.csv").write_text("a,b\n", encoding="utf-8")
            assert (out / "page.ipynb").read_text(encoding="utf-8") == "old page"  # nothing moves before the end
    assert (out / "page.ipynb").read_text(encoding="utf-8") == "new page"
    assert (out / "table.csv").read_text(encoding="utf-8") == "a,b\n"
    after = os.stat(out / "keep.txt")
    assert (after.st_ino, after.st_mtime_ns) == (keep.st_ino, keep.st_mtime_ns)  # not copied, not rewritten
    assert os.stat(out / "linked.txt").st_nlink == 2  # a hard link to a file it did not write still holds
    assert sorted(p.name for p in out.iterdir()) == [files.MARKER, "keep.txt", "linked.txt", "page.ipynb", "table.csv"]


def test_a_failed_staged_publish_leaves_the_folder_as_it_was(tmp_path):
    out = tmp_path / "out"
    with _open(out) as output:
        (out / "page.ipynb").write_text("old page", encoding="utf-8")
        with pytest.raises(RuntimeError), output.staged() as staging:
            (staging / "page.ipynb").write_text("half", encoding="utf-8")
            raise RuntimeError("a chapter failed")
    assert (out / "page.ipynb").read_text(encoding="utf-8") == "old page"
    assert sorted(p.name for p in out.iterdir()) == [files.MARKER, "page.ipynb"]


def test_writes_go_to_the_folder_that_was_opened_not_to_its_path(tmp_path):
    out, decoy = tmp_path / "out", tmp_path / "decoy"
    decoy.mkdir()
    with _open(out) as output:
        out.rename(tmp_path / "moved")
        out.symlink_to(decoy)  # the path now leads elsewhere
        output.write("page.ipynb", b"page")
        with output.staged() as staging:
            (staging / "table.csv").write_bytes(b"t")  # the staging folder is found through the open folder too
    assert sorted(p.name for p in (tmp_path / "moved").iterdir()) == [files.MARKER, "page.ipynb", "table.csv"]
    assert not list(decoy.iterdir())


def test_a_second_writer_is_refused_while_the_first_holds_the_folder(tmp_path):
    out = tmp_path / "out"
    with _open(out):
        with pytest.raises(OutputError, match="in use by another carbonpeak run"):
            _open(out)
    _open(out).close()  # free again once the first is done


def test_a_single_page_waits_for_a_writer_that_holds_the_folder(tmp_path, capsys):
    out = tmp_path / "out"
    with files.open_output(files.output_folder(out), hold=False) as output:  # a page run does not hold it...
        other = os.open(out, os.O_RDONLY)
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # ...so another run can take the lock meanwhile
        writer = threading.Thread(target=output.write, args=("page.ipynb", b"page"))
        writer.start()
        writer.join(0.5)
        assert writer.is_alive() and not (out / "page.ipynb").exists()  # waits to move its page into place
        os.close(other)
        writer.join(10)
    assert (out / "page.ipynb").read_bytes() == b"page"
    assert "waiting for another carbonpeak run" in capsys.readouterr().err


def test_a_folder_of_other_files_needs_force(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="notes.txt"):
        files.output_folder(tmp_path)
    with _open(tmp_path, force=True) as output:
        output.write("page.ipynb", b"page")
    assert not (tmp_path / files.MARKER).exists()  # not claimed: the next run needs --force again
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_folder_in_the_way_of_a_file_is_refused_before_anything_moves(tmp_path):
    out = tmp_path / "out"
    with _open(out) as output:
        (out / "b.csv").mkdir()
        (out / "a.csv").write_text("old", encoding="utf-8")
        with pytest.raises(OutputError, match="b.csv is a folder"), output.staged() as staging:
            (staging / "a.csv").write_text("new", encoding="utf-8")
            (staging / "b.csv").write_text("new", encoding="utf-8")
    assert (out / "a.csv").read_text(encoding="utf-8") == "old"


def test_a_full_disk_is_one_line_and_leaves_no_partial_file(tmp_path, monkeypatch):
    out = tmp_path / "out"
    with _open(out) as output:

        def full(fd, data):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "write", full)
        with pytest.raises(WriteError, match="No space left on device"):
            output.write("page.ipynb", b"page")
    assert sorted(p.name for p in out.iterdir()) == [files.MARKER]


def test_a_killed_runs_staging_folder_is_removed_by_the_next_publish(tmp_path):
    out = tmp_path / "out"
    _open(out).close()
    dead = subprocess.run(["true"]).returncode or 999_999  # a pid no process has
    left = out / f"{files.STAGING_PREFIX}{dead}-abcd1234"
    left.mkdir()
    (left / "page.ipynb").write_text("half", encoding="utf-8")
    _open(out).close()
    assert not left.exists()


# Folders compared by identity ------------------------------------------------------------------------------


def test_a_link_to_a_protected_folder_is_that_folder(tmp_path):
    (tmp_path / "pages").symlink_to(locations.BOOK)
    with pytest.raises(OutputError, match="book/"):
        files.output_folder(tmp_path / "pages")
    with pytest.raises(OutputError, match="book/"):
        files.output_folder(tmp_path / "pages" / "sub")


def test_the_project_and_every_folder_above_it_are_refused():
    for folder in (locations.ROOT, locations.ROOT.parent, "/"):
        with pytest.raises(OutputError, match="contains it"):
            files.output_folder(folder)


def test_a_bind_mount_of_a_protected_folder_is_refused(tmp_path):
    point = tmp_path / "mnt"
    point.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "--bind", str(locations.SCENARIOS), str(point)]).returncode:
        pytest.skip("cannot bind-mount here")
    try:
        with pytest.raises(OutputError, match="scenarios/"):
            files.output_folder(point)
    finally:
        subprocess.run(["umount", "-l", str(point)])


def test_the_home_folder_is_accepted_only_for_its_command():
    assert files.output_folder(None, default=locations.BOOK, home=locations.BOOK) == locations.BOOK.resolve()
    with pytest.raises(OutputError, match="book/"):
        files.output_folder(locations.BOOK)
    with pytest.raises(OutputError, match="book/"):
        files.output_folder(locations.BOOK / "sub", home=locations.BOOK)
