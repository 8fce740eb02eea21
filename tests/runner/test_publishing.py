"""What a run does while it runs, tried as an attacker or an unlucky user would: code planted where the kernel
could import it, a foreign kernelspec, an output folder swapped for a link mid-run, other programs writing
beside the pages, two writers at once, a mount point, a full disk, a kernel that dies, a hang-up. Each case
gives its exit status and one line, and publishing touches no file it did not write.

Every case runs the command line in a subprocess, most of them in a copy of the project (``copy_project``)
so that book/ and data/ of the checkout are never at risk.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from support import BIN, copy_project, protected_digests, run_cli, run_copy, tree_digest

from carbonpeak import files, locations
from carbonpeak.data.provenance import md5sum
from carbonpeak.runner import receipt, render


def start(root: Path, env: dict, *args, cwd=None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "carbonpeak.runner.cli", *args],
        cwd=cwd or root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for(condition, proc: subprocess.Popen, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        assert proc.poll() is None, f"ended before {what}: {proc.communicate()}"
        time.sleep(0.05)
    proc.kill()
    pytest.fail(f"never reached: {what}")


def kernel_running(proc: subprocess.Popen) -> bool:
    return any("ipykernel" in " ".join(c.cmdline()) for c in psutil.Process(proc.pid).children(recursive=True))


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("carbonpeak: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


def mount_tmpfs(point: Path, size: str = "8m") -> None:
    point.mkdir(parents=True, exist_ok=True)
    if (
        os.geteuid() != 0
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)], capture_output=True
        ).returncode
    ):
        pytest.skip("cannot mount a tmpfs here (needs root and mount rights)")


def test_no_code_from_the_output_folder_the_callers_folder_jupyter_path_or_ipython_profile(tmp_path):
    planted = tmp_path / "planted"
    (planted / "carbonpeak").mkdir(parents=True)
    witness = tmp_path / "witnesses"
    witness.mkdir()
    for path in (planted / "carbonpeak" / "__init__.py", planted / "numpy.py", planted / "sitecustomize.py"):
        path.write_text(f"open({str(witness / path.stem)!r}, 'w').close()\n", encoding="utf-8")
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [
        "/bin/sh",
        "-c",
        f"touch {witness / 'kernelspec'}; exec {sys.executable} -m ipykernel_launcher -f {{connection_file}}",
    ]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "another checkout", "language": "python"}), encoding="utf-8"
    )
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00.py").write_text(f"open({str(witness / 'startup')!r}, 'w').close()\n", encoding="utf-8")
    env = dict(os.environ, JUPYTER_PATH=str(tmp_path / "jupyter"), IPYTHONDIR=str(tmp_path / "ipython"))
    result = run_cli("run", "sources", "--out", ".", "--force", env=env, cwd=planted)
    assert result.returncode == 0, result.stderr
    assert not list(witness.iterdir())  # nothing planted ran, in the kernel or around it
    page = nbformat.read(planted / "sources.ipynb", as_version=4)
    assert f"`{receipt.code_fingerprint(render.template('sources'))}`" in page.cells[-1].source


@pytest.mark.parametrize("command", [["run", "sources"], ["export"]])
def test_a_folder_swapped_for_a_link_mid_run_does_not_redirect_the_write(tmp_path, command):
    root, env = copy_project(tmp_path / "copy")
    book = tree_digest(root / "book")
    out = tmp_path / "out"
    proc = start(root, env, *command, "--out", str(out))
    wait_for(lambda: (out / files.MARKER).exists(), proc, "the output folder is opened")
    out.rename(tmp_path / "moved")
    out.symlink_to(root / "book")  # the attacker's swap: the path now leads into book/
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert tree_digest(root / "book") == book
    written = {p.name for p in (tmp_path / "moved").iterdir()}
    assert written >= ({"sources.ipynb"} if command[0] == "run" else {"carbonpeak_iamc.csv", "carbonpeak_iamc.xlsx"})


def test_publishing_touches_only_the_files_it_writes(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("someone else's", encoding="utf-8")
    os.link(out / "notes.txt", tmp_path / "notes-link.txt")
    os.chown(out / "notes.txt", 4321, 4321) if os.geteuid() == 0 else None
    with open(out / "sparse.img", "wb") as fh:
        fh.truncate(2 * 2**30)  # 2 GB, no block written
    (out / "sub").mkdir()
    (out / "sub" / "keep.txt").write_text("x", encoding="utf-8")
    before = {p.name: os.stat(p) for p in out.iterdir()}
    proc = start(locations.ROOT, None, "book", "sources", "--out", str(out), "--force", cwd=tmp_path)
    wait_for(lambda: any(p.name.startswith(files.STAGING_PREFIX) for p in out.iterdir()), proc, "staging")
    (out / "late.log").write_text("written by another program during the run\n", encoding="utf-8")
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    for name, info in before.items():
        now = os.stat(out / name)
        assert (now.st_ino, now.st_uid, now.st_nlink, now.st_blocks, now.st_mtime_ns) == (
            info.st_ino,
            info.st_uid,
            info.st_nlink,
            info.st_blocks,
            info.st_mtime_ns,
        ), name
    assert (out / "late.log").exists() and (out / "sources.ipynb").exists()
    assert sorted(p.name for p in out.iterdir()) == ["late.log", "notes.txt", "sources.ipynb", "sparse.img", "sub"]


def test_a_second_book_run_is_refused_while_the_first_publishes(tmp_path):
    root, env = copy_project(tmp_path / "copy")
    (root / "book" / "sources.ipynb").write_text("old", encoding="utf-8")
    template = root / "chapters" / "sources.ipynb"  # the first run holds book/ long enough for the second
    nb = nbformat.read(template, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import time\ntime.sleep(30)"))
    nbformat.write(nb, template)
    first = start(root, env, "book", "sources", cwd=tmp_path)
    wait_for(lambda: kernel_running(first), first, "the first run's kernel")
    second = run_copy(root, env, "book", "overview", cwd=tmp_path)
    assert second.returncode == 2
    assert "book/ is in use by another carbonpeak run" in one_line(second.stderr)
    _, err = first.communicate(timeout=600)
    assert first.returncode == 0, err
    assert (root / "book" / "sources.ipynb").read_text(encoding="utf-8") != "old"  # the first run's page stands


def test_a_mount_point_is_published_into(tmp_path):
    point = tmp_path / "mnt"
    mount_tmpfs(point)
    try:
        result = run_cli("book", "sources", "--out", str(point))
        assert result.returncode == 0, result.stderr
        assert sorted(p.name for p in point.iterdir()) == [files.MARKER, "sources.ipynb"]
    finally:
        subprocess.run(["umount", "-l", str(point)])


def test_a_full_disk_is_one_line_exit_1_and_no_partial_page(tmp_path):
    point = tmp_path / "tiny"
    mount_tmpfs(point, size="64k")  # the page is about 120 kB
    try:
        result = run_cli("run", "sources", "--out", str(point))
        assert result.returncode == 1, result.stderr
        line = one_line(result.stderr)
        assert "No space left on device" in line and str(point) in line and "nothing was published" in line
        assert sorted(p.name for p in point.iterdir()) == [files.MARKER]
    finally:
        subprocess.run(["umount", "-l", str(point)])


def test_a_kernel_that_dies_is_one_line_exit_1(tmp_path):
    root, env = copy_project(tmp_path / "copy")
    template = root / "chapters" / "sources.ipynb"
    nb = nbformat.read(template, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"))
    nbformat.write(nb, template)
    before = protected_digests(root)
    result = run_copy(root, env, "book", "sources", cwd=tmp_path)
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert "chapter 'sources'" in line and "kernel died" in line and "left unchanged" in line
    assert protected_digests(root) == before


def hang_up_and_find_nothing_published(proc, out) -> None:
    """SIGHUP the command: exit 130, one line, nothing but the marker in ``out``; then let its children go."""
    os.kill(proc.pid, signal.SIGHUP)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert one_line(err) == "carbonpeak: interrupted (SIGHUP); nothing was published"
    assert sorted(p.name for p in out.iterdir()) == [files.MARKER]
    time.sleep(1)


def test_a_hang_up_mid_run_is_one_line_and_leaves_no_temporary_file(tmp_path):
    out = tmp_path / "out"
    proc = start(locations.ROOT, None, "run", "overview", "--out", str(out), cwd=tmp_path)
    wait_for(lambda: kernel_running(proc), proc, "the kernel")
    hang_up_and_find_nothing_published(proc, out)
    assert not [p for p in psutil.process_iter(["cmdline"]) if str(out) in " ".join(p.info["cmdline"] or [])]


def test_a_hang_up_while_chapters_run_side_by_side_stops_every_kernel(tmp_path):
    out = tmp_path / "out"
    proc = start(locations.ROOT, None, "book", "overview", "sources", "--out", str(out), cwd=tmp_path)

    def kernels():
        return [c for c in psutil.Process(proc.pid).children(recursive=True) if "ipykernel" in " ".join(c.cmdline())]

    wait_for(lambda: len(kernels()) == 2, proc, "two kernels side by side")
    running = kernels()
    hang_up_and_find_nothing_published(proc, out)
    assert not [k for k in running if k.is_running() and k.status() != psutil.STATUS_ZOMBIE]


def test_run_model_with_a_scenario_shows_that_scenario_and_the_receipt_lists_its_files(tmp_path):
    plan = (locations.SCENARIOS / "plan.yml").read_text(encoding="utf-8")
    (tmp_path / "parent.yml").write_text(plan.replace("name: plan", "name: parent", 1), encoding="utf-8")
    mine = plan.replace("name: plan", "name: mine", 1).replace("extends: baseline", "extends: parent.yml", 1)
    (tmp_path / "mine.yml").write_text(mine.replace('title: "', 'title: "Mine: ', 1), encoding="utf-8")
    result = run_cli("run", "model", "--scenario", "mine.yml", "--set", "draws=300", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = nbformat.read(tmp_path / "out" / "model.ipynb", as_version=4)
    ref = os.path.relpath(tmp_path / "mine.yml", locations.ROOT)
    assert page.metadata["carbonpeak"]["parameters"]["scenarios"] == ref  # this scenario alone, not the baseline
    shown = "".join(
        str(o.get("data", {}).get("text/html", "")) + str(o.get("data", {}).get("text/markdown", ""))
        for c in page.cells
        for o in c.get("outputs", [])
    )
    assert "mine" in shown and "'baseline'" not in shown
    last = page.cells[-1].source
    parent_ref = os.path.relpath(tmp_path / "parent.yml", locations.ROOT)
    assert f"`{ref}` `{md5sum(tmp_path / 'mine.yml')}`" in last
    assert f"`{parent_ref}` `{md5sum(tmp_path / 'parent.yml')}`" in last


def test_the_backtest_workers_follow_the_cpu_affinity_mask():
    code = (
        "import os\n"
        "os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})\n"
        "from carbonpeak.runner import commands\n"
        "print(commands.workers(4))\n"
    )
    result = subprocess.run([str(BIN / "python"), "-c", code], capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "1", result.stderr
    assert "capped at the 1 core(s) this process may use" in result.stderr
