"""Every file the package reads goes through ``data.load`` or the checked reader (``data.compiled``): an AST scan
of carbonpeak/ finds any other call that reads a file, outside the modules whose reading is not of data."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from carbonpeak import locations

PACKAGE = locations.ROOT / "carbonpeak"
# calls that read a file whatever they are called on (pandas' readers, pathlib's, numpy's, YAML's)
READERS = {
    "read_csv",
    "read_excel",
    "read_parquet",
    "read_json",
    "read_table",
    "read_fwf",
    "read_feather",
    "read_pickle",
    "read_text",
    "read_bytes",
    "loadtxt",
    "genfromtxt",
    "fromfile",
    "safe_load",
    "full_load",
    "unsafe_load",
}
# ``load`` and ``open`` read a file only on these modules (``data.load`` is the checked reader itself)
MODULE_READERS = {"load": {"json", "yaml", "np", "numpy", "pickle"}, "open": {"io", "gzip", "bz2", "lzma", "codecs"}}
# Where reading a file is not reading data, or is the checked reading itself.
ALLOWED = {
    "data": "the checked readers (data.load, data.compiled, the sidecars) and the builders of data/processed",
    "files.py": "the safe reader of scenario and settings YAML (size cap, no aliases)",
    "cache.py": "the run cache's own store",
    "runner": "kernel logs and the code the receipt fingerprints",
    "charts/browser.py": "the built HTML pages it measures",
    "charts/subset.py": "the built HTML pages and the theme's static files",
    "charts/search_zh.py": "the Chinese glossary page (book/zh/glossary.md), the search's termbase: a page",
    "pages/messages": "the translation catalogue (pages/messages/*.yml): the package's own text, not data",
}
# Reads by module and call, each with why it stays: the theme's CSS is not data; the processed tables read for
# the latest observed year are data still to move behind the checked reader (none may be added; a fixed one
# leaves this list).
KNOWN = {
    "charts/sphinx_ext.py read_text": "the theme's CSS",
}


def _allowed(relative: str) -> bool:
    return any(relative == place or relative.startswith(place + "/") for place in ALLOWED)


def direct_reads(package: Path) -> list[str]:
    """Every call under ``package`` that reads a file without the checked reader, as 'path:line name'."""
    found = []
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package).as_posix()
        if _allowed(relative):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id in READERS | {"open"}:
                found.append(f"{relative}:{node.lineno} {func.id}")
            elif isinstance(func, ast.Attribute):
                owner = func.value.id if isinstance(func.value, ast.Name) else None
                if func.attr in READERS or owner in MODULE_READERS.get(func.attr, ()):
                    found.append(f"{relative}:{node.lineno} {func.attr}")
    return found


def test_every_file_read_goes_through_the_checked_readers():
    found = direct_reads(PACKAGE)
    unknown = [f for f in found if re.sub(r":\d+ ", " ", f) not in KNOWN]
    assert unknown == [], "read these through data.load or data.compiled.read_checked"
    stale = set(KNOWN) - {re.sub(r":\d+ ", " ", f) for f in found}
    assert not stale, f"no longer found, so leave KNOWN: {sorted(stale)}"


@pytest.mark.parametrize(
    ("where", "code", "expected"),
    [
        ("model/x.py", "import pandas as pd\n\npd.read_csv('data/targets.csv')\n", ["model/x.py:3 read_csv"]),
        ("pages/x.py", "from pathlib import Path\nPath('a.txt').read_text()\n", ["pages/x.py:2 read_text"]),
        (
            "analysis/x.py",
            "import json\nwith open('a') as f:\n    json.load(f)\n",
            ["analysis/x.py:2 open", "analysis/x.py:3 load"],
        ),
        ("targets/x.py", "import numpy as np\nnp.load('a.npz')\n", ["targets/x.py:2 load"]),
        ("model/x.py", "from carbonpeak import data\ndata.load('city_co2')\n", []),
        ("data/x.py", "import pandas as pd\npd.read_csv('a.csv')\n", []),
    ],
)
def test_the_scan_catches_a_planted_read(tmp_path, where, code, expected):
    planted = tmp_path / where
    planted.parent.mkdir(parents=True)
    planted.write_text(code, encoding="utf-8")
    assert direct_reads(tmp_path) == expected
