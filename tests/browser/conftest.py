"""Fixtures for the browser tests: the sample community built once per package run (public and
members editions, plus a tiny community for calendar edge cases), each served on 127.0.0.1 by
a server the fixture starts and stops, and one headless Debian Chromium shared by every test.

Package scope, not session scope: the Playwright driver is stopped when this package is done,
so a later test that starts its own ``sync_playwright()`` (test_feeds_vcard) is not refused
for running inside another Playwright's event loop.

Chromium is launched with every external host name mapped to "not found": a request that
leaves the site fails at once (and is still recorded) instead of waiting on a network this
machine does not have.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from conftest import BASE, REPO, run_cli

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
TINY_TODAY = "2026-02-01"
ARTIFACTS = REPO / "tests" / "_artifacts"

PHONE: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
                         "is_mobile": True, "has_touch": True}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1366, "height": 900}}
DEVICES = {"phone": PHONE, "desktop": DESKTOP}

# Two events that only a tiny community needs: a late-evening event written in UTC (its
# Beijing-time day is the 31st, its UTC day the 31st too but 15:30) and a cancelled one.
TINY_EVENTS = {
    "new-year-countdown.yml": (
        "title: 跨年倒数\nstart: \"2025-12-31T15:30:00Z\"\nend: \"2025-12-31T16:30:00Z\"\n"
        "audience: public\nlocation: 深圳湾\n"),
    "typhoon-salon.yml": (
        "title: 台风停办沙龙\nstart: \"2026-01-10 19:00\"\nend: \"2026-01-10 21:00\"\n"
        "audience: public\nstatus: cancelled\n"),
}


@dataclass(frozen=True)
class Site:
    """A built site on disk and the address it is served at."""

    folder: Path
    base: str  # "http://127.0.0.1:PORT/"

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")

    @property
    def netloc(self) -> str:
        return urlsplit(self.base).netloc


@dataclass
class Recorder:
    """Everything a browser context asked the network for, and every console or script error,
    from pages and their workers alike (Material's search runs in a worker)."""

    site: Site
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url')})")

    def foreign(self) -> list[str]:
        """Requests to anything but the site's own server (data: and blob: stay in the page)."""
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob"):
                continue
            if parts.scheme != "http" or parts.netloc != self.site.netloc:
                out.append(url)
        return out


class Tabs:
    """Opens browser contexts (one per device / site) for a test and closes them after it."""

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.contexts: list[BrowserContext] = []

    def open(self, site: Site, device: str = "desktop", **options: Any) -> tuple[Page, Recorder]:
        context = self.browser.new_context(**{**DEVICES[device], "locale": "zh-CN",
                                              "timezone_id": "Asia/Shanghai", **options})
        self.contexts.append(context)
        rec = Recorder(site)
        context.on("request", rec.on_request)
        context.on("console", rec.on_console)
        page = context.new_page()
        page.on("pageerror", lambda exc: rec.errors.append(f"pageerror: {exc}"))
        page.set_default_timeout(30_000)  # a hang guard: a busy machine is slow
        return page, rec

    def close(self) -> None:
        for context in self.contexts:
            context.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = QuietHandler,
          prefix: str = "") -> Iterator[Site]:
    """Serve ``folder`` on 127.0.0.1 (a free port) for as long as the context lasts, with
    ``handler_class``; the site's address ends in ``prefix`` (default ``/``)."""
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=f"serve {folder.name}",
                              daemon=True)
    thread.start()
    try:
        yield Site(folder, f"http://127.0.0.1:{server.server_port}{prefix or '/'}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def build(root: Path, out: Path, audience: str, today: str) -> Path:
    proc = run_cli("build", "--root", str(root), "--audience", audience, "--out", str(out),
                   "--today", today)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.fixture(scope="package")
def chromium() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium (.ci/run)")
        pytest.skip(f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium "
                    "fonts-noto-cjk; .ci/run does this in CI)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def tabs(chromium: Browser) -> Iterator[Tabs]:
    t = Tabs(chromium)
    try:
        yield t
    finally:
        t.close()


def _served(tmp: pytest.TempPathFactory, root: Path, audience: str,
            today: str) -> Iterator[Site]:
    out = build(root, tmp.mktemp(f"site-{audience}") / "site", audience, today)
    with serve(out) as site:
        yield site


@pytest.fixture(scope="package")
def public_site(chromium: Browser, sample_sites: dict[str, Path]) -> Iterator[Site]:
    """The sample community's public edition (what CI publishes), built once per session."""
    with serve(sample_sites["public"]) as site:
        yield site


@pytest.fixture(scope="package")
def members_site(chromium: Browser, sample_sites: dict[str, Path]) -> Iterator[Site]:
    """The sample community's members edition (hosted behind access control)."""
    with serve(sample_sites["members"]) as site:
        yield site


@pytest.fixture(scope="package")
def tiny_site(chromium: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The tests' base community plus TINY_EVENTS, public edition."""
    root = tmp_path_factory.mktemp("tiny") / "community"
    shutil.copytree(BASE, root)
    for name, text in TINY_EVENTS.items():
        (root / "content" / "events" / name).write_text(text, encoding="utf-8")
    yield from _served(tmp_path_factory, root, "public", TINY_TODAY)
