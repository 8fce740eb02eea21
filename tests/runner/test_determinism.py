"""Same inputs, same bytes on any x86-64 machine: a chapter rendered under two OpenBLAS kernels is byte-identical,
and identical to the published page.

OpenBLAS picks its kernel from the CPU; OPENBLAS_CORETYPE forces one. The kernels differ in the order of
floating-point sums, so least-squares and maximum-likelihood fits (and everything computed from them) differ in
their last digits; ``carbonpeak.charts`` rounds what goes into a page so those digits never reach it. The
synthesis is checked: it sums every sector chapter's fitted paths over 10 000 draws, and it differed across
kernels before pages were rounded. Two kernels this CPU can run are picked from /proc/cpuinfo, the most and
the least capable, so a CI machine without AVX-512 still compares two.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import run_cli

from carbonpeak import locations

CHAPTER = "synthesis"
KERNELS = (("avx512f", "SkylakeX"), ("avx2", "Haswell"), ("avx", "Sandybridge"))  # most capable first


def supported_kernels() -> list[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return []
    flags = set()
    for line in text.splitlines():
        if line.startswith("flags"):
            flags |= set(line.split(":", 1)[1].split())
    return [kernel for flag, kernel in KERNELS if flag in flags]


def corename(env: dict) -> str | None:
    """The kernel numpy's OpenBLAS runs under ``env`` (None if its library cannot be found)."""
    code = (
        "import ctypes, glob, os, numpy\n"
        "libs = glob.glob(os.path.join(os.path.dirname(numpy.__file__), os.pardir, 'numpy.libs', '*openblas*'))\n"
        "lib = ctypes.CDLL(libs[0]) if libs else None\n"
        "names = [n for n in ('scipy_openblas_get_corename64_', 'openblas_get_corename64_', 'openblas_get_corename')"
        " if lib is not None and hasattr(lib, n)]\n"
        "f = getattr(lib, names[0]) if names else None\n"
        "if f: f.restype = ctypes.c_char_p\n"
        "print(f().decode() if f else '')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    return out.stdout.strip() or None


def test_cpu_kernels_are_read_from_cpuinfo():
    kernels = supported_kernels()
    assert all(k in {name for _, name in KERNELS} for k in kernels)
    if Path("/proc/cpuinfo").exists():
        assert kernels, "an x86-64 CPU supports at least AVX"


def test_a_chapter_is_byte_identical_under_two_blas_kernels(tmp_path):
    kernels = supported_kernels()
    if len(kernels) < 2:
        pytest.skip(f"this CPU supports {kernels or 'no'} OpenBLAS kernel(s) to compare")
    pages = {}
    for kernel in (kernels[0], kernels[-1]):
        env = dict(os.environ, OPENBLAS_CORETYPE=kernel, CARBONPEAK_CACHE="off")  # computed under this kernel
        running = corename(env)
        assert running in (None, kernel), f"OPENBLAS_CORETYPE={kernel} ran {running}"
        result = run_cli("run", CHAPTER, "--out", str(tmp_path / kernel), env=env)
        assert result.returncode == 0, result.stderr
        pages[kernel] = (tmp_path / kernel / f"{CHAPTER}.ipynb").read_bytes()
    first, last = pages.values()
    assert first == last, f"{CHAPTER} differs between the {' and '.join(pages)} kernels"
    assert first == (locations.BOOK / f"{CHAPTER}.ipynb").read_bytes(), (
        f"book/{CHAPTER}.ipynb is stale: run `make book`"
    )
