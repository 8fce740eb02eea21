"""The system's Chromium, driven offline through Playwright: one home for the browser the build prints the PDF
briefs with, the benchmark weighs pages with and the tests read rendered pages with.

Playwright never downloads a browser here: it is pointed at the Debian package's ``chromium``. Pages are
served from the built book over a loopback HTTP server (so every byte a page loads is seen as a response,
as a reader's browser would fetch it), and every host name resolves to nothing, so a page that reaches for
the network fails as it would offline.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import http.server
import json
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

from carbonpeak.errors import CarbonPeakError

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # no network at all: any attempt to reach a CDN fails, as it would offline (the loopback server is an IP)
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
CHARTS_DRAWN = "() => [...document.querySelectorAll('.carbonpeak-chart')].every(e => e.querySelector('svg'))"


def executable() -> str:
    """The system's Chromium, or a one-line error saying how to install it."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise CarbonPeakError("Chromium is not installed: apt-get install -y chromium fonts-noto-cjk")
    return found


@contextlib.contextmanager
def chromium() -> Iterator:
    """A headless Chromium (Playwright's Browser) on the system's executable."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable(), args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the benchmark and the build print their own lines
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` served on a free loopback port for the duration; yields the base URL (ends with '/')."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def open_page(browser, url: str, width: int = 1280, height: int = 800, dark: bool = False, media: str = "screen"):
    """A tab with ``url`` loaded at ``width`` x ``height`` CSS px (colour scheme dark or light), its charts
    drawn and its fonts loaded."""
    tab = browser.new_page(viewport={"width": width, "height": height}, color_scheme="dark" if dark else "light")
    tab.emulate_media(media=media)
    tab.goto(url, wait_until="load")
    tab.wait_for_function(CHARTS_DRAWN, timeout=60000)
    tab.evaluate("() => document.fonts.ready.then(() => true)")
    return tab


def weigh(browser, url: str, width: int = 1280, height: int = 800) -> dict[str, int]:
    """Every response a page loads at ``width`` x ``height`` (charts drawn, fonts loaded): URL path -> bytes.
    ``data:`` URLs are part of the page that holds them and are not fetched again."""
    sizes: dict[str, int] = {}

    def record(response):
        if response.url.startswith("http://127.0.0.1"):
            with contextlib.suppress(Exception):  # a redirect or an aborted request has no body
                path = "/" + response.url.split("/", 3)[3].split("?")[0]
                sizes[path] = sizes.get(path, 0) + len(response.body())

    tab = browser.new_page(viewport={"width": width, "height": height})
    tab.on("response", record)
    tab.goto(url, wait_until="load")
    tab.wait_for_function(CHARTS_DRAWN, timeout=60000)
    tab.evaluate("() => document.fonts.ready.then(() => true)")
    tab.wait_for_timeout(500)  # late requests (a font a script asked for) settle
    tab.close()
    return sizes


# WCAG 2 contrast of an element's text against what is drawn behind it (its own and its ancestors' backgrounds
# composited over the page's canvas), for every element a selector matches.
CONTRAST = """(selector) => {
  const parse = c => { const v = c.match(/rgba?\\(([^)]+)\\)/)[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
                       return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const behind = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reverse().reduce((under, c) => over(c, under), [255, 255, 255, 1]);
  };
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
                     return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  return [...document.querySelectorAll(selector)].filter(el => el.getClientRects().length).map(el => {
    const bg = behind(el); return ratio(over(parse(getComputedStyle(el).color), bg), bg); });
}"""


def _luminance(colour: str) -> float:
    channels = [float(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3]]
    r, g, b = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two opaque colours given as 'rgb(r, g, b)', '#rrggbb' or '#rgb'."""

    def rgb(colour: str) -> str:
        if colour.startswith("#"):
            digits = colour[1:] if len(colour) == 7 else "".join(c * 2 for c in colour[1:4])
            return " ".join(str(int(digits[i : i + 2], 16)) for i in (0, 2, 4))
        return colour

    high, low = sorted((_luminance(rgb(first)), _luminance(rgb(second))), reverse=True)
    return (high + 0.05) / (low + 0.05)


def contrasts(tab, selector: str) -> list[float]:
    """The text contrast ratio (WCAG 2) of every visible element ``selector`` matches on the open page."""
    return tab.evaluate(CONTRAST, selector)


# Page weights ----------------------------------------------------------------------------------------------

CHARTLESS_TARGET = 600_000  # bytes a page without charts loads in all
CHART_TARGET = 1_600_000  # bytes the heaviest page with charts loads, an embedded grid of model runs left out
GRID_PAGES = ("book/explorer.html",)  # pages whose chart embeds the model's grid of runs (left out of the count)
_SPEC = re.compile(r"var spec = (\{.*?\});\n")
_DATA_URI = re.compile(r'href="(data:[^"]*)"')


@dataclasses.dataclass(frozen=True)
class Weight:
    """What a page loads: ``total`` bytes, ``counted`` against its ``target`` (an embedded grid left out), and
    the files it loads, largest first."""

    page: str
    total: int
    counted: int
    target: int
    largest: list[tuple[str, int]]


def _size(value) -> int:
    return len(json.dumps(value, ensure_ascii=False).encode())


def _values_bytes(node) -> int:
    """Bytes of the inline data in a chart spec: vega-lite's ``datasets`` and any ``values`` list."""
    if isinstance(node, dict):
        own = _size(node["values"]) if isinstance(node.get("values"), list) else 0
        own += sum(_size(v) for v in node["datasets"].values()) if isinstance(node.get("datasets"), dict) else 0
        return own + sum(_values_bytes(v) for k, v in node.items() if k not in ("values", "datasets"))
    if isinstance(node, list):
        return sum(_values_bytes(v) for v in node)
    return 0


def embedded_data(page_html: str) -> int:
    """Bytes of the data a page's charts carry inline (their specs' data values and their CSV downloads)."""
    specs = sum(_values_bytes(json.loads(s.replace("<\\/", "</"))) for s in _SPEC.findall(page_html))
    return specs + sum(len(uri) for uri in _DATA_URI.findall(page_html))


def weigh_site(site: Path, width: int = 1280, height: int = 800, browser=None) -> list[Weight]:
    """Every page of the book in ``site`` (a built _build/html) weighed at ``width`` x ``height``, in
    ``browser`` (one of its own when None: Playwright runs one at a time per thread)."""
    pages = sorted(p.relative_to(site).as_posix() for p in (site / "book").glob("*.html"))
    out = []
    with contextlib.ExitStack() as stack:
        b = browser or stack.enter_context(chromium())
        base = stack.enter_context(served(site))
        for page in pages:
            sizes = weigh(b, base + page, width, height)
            text = (site / page).read_text(encoding="utf-8")
            total = sum(sizes.values())
            grid = embedded_data(text) if page in GRID_PAGES else 0
            target = CHART_TARGET if 'class="carbonpeak-chart"' in text else CHARTLESS_TARGET
            largest = sorted(((k.rsplit("/", 1)[-1], v) for k, v in sizes.items()), key=lambda kv: -kv[1])
            out.append(Weight(page, total, total - grid, target, largest))
    return out
