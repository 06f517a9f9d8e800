"""The members edition on a phone (issue 27.2): cold and further page loads of the public and
the unlocked encrypted members edition, before and after, on a throttled phone in Chromium.

    python -m benchmarks.bench_phone [--before 45b3212] [--runs 3]

Builds the sample community's public edition and encrypted members edition with this
checkout and with ``--before`` (a commit, unpacked with ``git archive``; 45b3212 is the commit
this work started from), serves each on 127.0.0.1 with a small static host that this script
starts and stops (gzip for text, Cache-Control as ``deploy`` sets it, ETag revalidation, 404.html
for what is missing), and loads home, the directory, a member, an event and the request form in
Debian's Chromium as a phone in WeChat: 390 px, touch, WeChat's user agent, CPU throttled 4×
(CDP ``Emulation.setCPUThrottlingRate``) and the network at 400 ms round trip, 1.6 Mbps down
(CDP ``Network.emulateNetworkConditions``).

* **cold** — a new tab with an empty cache on a device that is unlocked (the members edition:
  what the device keeps is put in place first, as a member's earlier visit left it);
* **further** — the next page in the same tab after the home page (cache warm, tab unlocked);
* **KB** — bytes on the wire (CDP ``encodedDataLength``) until the network is idle;
* **first content** — ms from navigation start to the first frame with the page's content
  shown (members: the members version, marked by its edition banner), by a requestAnimationFrame
  watch in the page; median of ``--runs``.

Goals: an unlocked members page's bytes ≤ 1.3× the public page's and its first content
≤ 1.5× the public page's (cold); a further members page ≤ 1.2 s.
"""

from __future__ import annotations

import argparse
import base64
import functools
import gzip
import hashlib
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

from benchmarks.common import REPO, load, table
from generator.build import access, deploy, encrypt

BEFORE = "45b3212"
TODAY = "2026-12-07"
MEMBER = "liu-yang"
PAGES = {"home": "", "directory": "directory/", "member": "members/li-na/",
         "event": "events/2026-annual-gathering/", "form": "request/"}
RTT_MS, DOWN_KBPS, UP_KBPS, CPU = 400, 1600, 750, 4
WECHAT_UA = ("Mozilla/5.0 (Linux; Android 13; V2049A Build/TP1A.220624.014; wv) "
             "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile "
             "Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560"
             "(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64")
SECRET = "bench-phone-" + "0123456789abcdefghijklmnopqrstuvwxyz"
COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/javascript",
                "image/svg+xml")
# the first frame with the page's content: the members version carries its edition banner
WATCH = """(() => {
  const members = %s;
  const tick = () => {
    const shown = getComputedStyle(document.documentElement).visibility !== 'hidden';
    const el = document.querySelector(members ? '.cy-edition' : '.md-content');
    if (shown && el && el.getBoundingClientRect().height > 0) {
      window.__cyFirst = window.__cyFirst || performance.now();
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""


# --------------------------------------------------------------------------- sites


def unpack(ref: str, dest: Path) -> Path:
    archive = subprocess.run(["git", "archive", ref], cwd=REPO, capture_output=True,
                             check=True).stdout
    with tempfile.TemporaryFile() as fh:
        fh.write(archive)
        fh.seek(0)
        with tarfile.open(fileobj=fh) as tar:
            tar.extractall(dest, filter="data")
    return dest


def build(tree: Path, out: Path) -> dict[str, Path]:
    """The sample's public and encrypted members editions, built by the code in ``tree``
    from its own copy of the sample (its mkdocs.yml names its own hooks)."""
    env = {**os.environ, "PYTHONPATH": str(tree), access.SECRET_ENV: SECRET,
           "NO_MKDOCS_2_WARNING": "1"}
    sites = {"public": out / "public", "members": out / "members"}
    for edition, args in (("public", []), ("members", ["--audience", "members", "--encrypt"])):
        proc = subprocess.run([sys.executable, "-m", "generator", "build", "--root",
                               str(tree), *args, "--today", TODAY, "--out",
                               str(sites[edition])], cwd=tree, env=env, capture_output=True,
                              text=True, check=False)
        if proc.returncode:
            raise SystemExit(f"build failed in {tree}:\n{proc.stdout}\n{proc.stderr}")
    return sites


class Host(http.server.SimpleHTTPRequestHandler):
    """What a static host with gzip does: Content-Type and Cache-Control as ``deploy`` sets
    them (the encrypted edition's own files by :func:`generator.build.encrypt.cache_control`),
    an ETag to revalidate, gzip for text, 404.html for a missing page."""

    zipped: ClassVar[dict[Path, bytes]] = {}

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        root = Path(self.directory)
        rel = self.path.split("?", 1)[0].lstrip("/")
        path = root / rel
        if path.is_dir():
            rel, path = rel + "index.html", path / "index.html"
        status = 200
        if not path.is_file():
            status, rel, path = 404, "404.html", root / "404.html"
        data = path.read_bytes()
        kind = deploy.content_type(rel)
        tag = '"' + hashlib.md5(data).hexdigest() + '"'  # an ETag, not security
        if status == 200 and self.headers.get("If-None-Match") == tag:
            self.send_response(304)
            self.send_header("ETag", tag)
            self.end_headers()
            return
        if kind.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            if path not in self.zipped:
                self.zipped[path] = gzip.compress(data, 6, mtime=0)
            data = self.zipped[path]
            zipped = True
        else:
            zipped = False
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", encrypt.cache_control(rel) or deploy.cache_control(rel))
        self.send_header("ETag", tag)
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Host, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --------------------------------------------------------------------------- the phone


def device_keeps(site: Path) -> dict[str, str]:
    """localStorage as an unlocked device holds it: the code itself before, the code's KDF
    output for this site after (each version's lock.js reads its own)."""
    code = access.normalise_code(access.access_code(SECRET.encode(), MEMBER))
    assert code is not None
    lock = json.loads((site / encrypt.LOCK_FILE).read_text(encoding="utf-8"))
    if lock.get("v", 1) == 1:
        return {"courtyard-lock:/code": code}
    bits = hashlib.pbkdf2_hmac("sha256", code.encode(), base64.b64decode(lock["kdf"]["salt"]),
                               lock["kdf"]["iterations"], lock["kdf"]["bits"] // 8)
    return {"courtyard-lock:/kek": base64.b64encode(bits).decode()}


class Phone:
    def __init__(self, browser: Any, base: str, members: bool, keeps: dict[str, str]) -> None:
        self.context = browser.new_context(
            viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
            has_touch=True, user_agent=WECHAT_UA, locale="zh-CN", timezone_id="Asia/Shanghai")
        self.context.add_init_script(WATCH % ("true" if members else "false"))
        self.base, self.members = base, members
        if keeps:
            page = self.context.new_page()
            page.goto(base + encrypt.LOCK_FILE)
            page.evaluate("keeps => Object.entries(keeps).forEach(([k, v]) => "
                          "localStorage.setItem(k, v))", keeps)
            page.close()
        self.page = self.context.new_page()
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("Network.enable")
        self.cdp.send("Network.clearBrowserCache")
        self.cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU})
        self.cdp.send("Network.emulateNetworkConditions", {
            "offline": False, "latency": RTT_MS, "downloadThroughput": DOWN_KBPS * 125,
            "uploadThroughput": UP_KBPS * 125})
        self.bytes = 0
        self.cdp.on("Network.loadingFinished", self._count)

    def _count(self, event: dict[str, Any]) -> None:
        self.bytes += int(event.get("encodedDataLength", 0))

    def load(self, rel: str) -> tuple[float, float]:
        """(KB on the wire, ms to first content) of one navigation."""
        self.bytes = 0
        self.page.goto(self.base + rel, wait_until="load", timeout=120_000)
        self.page.wait_for_function("window.__cyFirst", timeout=120_000)
        self.page.wait_for_load_state("networkidle", timeout=120_000)
        if self.members:
            self.page.locator(".cy-lock-logout").wait_for(timeout=60_000)
        first = float(self.page.evaluate("window.__cyFirst"))
        return self.bytes / 1000, first

    def close(self) -> None:
        self.context.close()


def measure(browser: Any, site: Path, base: str, members: bool, runs: int
            ) -> dict[tuple[str, str], tuple[float, float]]:
    """(page, cold|further) → (median KB, median ms)."""
    keeps = device_keeps(site) if members else {}
    got: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for _run in range(runs):
        for name, rel in PAGES.items():
            phone = Phone(browser, base, members, keeps)
            got.setdefault((name, "cold"), []).append(phone.load(rel))
            phone.close()
        phone = Phone(browser, base, members, keeps)
        phone.load(PAGES["home"])
        for name in [*list(PAGES)[1:], "home"]:
            got.setdefault((name, "further"), []).append(phone.load(PAGES[name]))
        phone.close()
    return {k: (statistics.median(v[0] for v in vals), statistics.median(v[1] for v in vals))
            for k, vals in got.items()}


def ratio(members: float, public: float) -> str:
    return f"{members / public:.2f}×" if public else "–"  # the public page came from cache


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", default=BEFORE, help=f"commit to compare with ({BEFORE})")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="bench-phone-"))
    try:
        trees = {"before": unpack(args.before, work / "before-tree"), "after": REPO}
        sites = {v: build(tree, work / f"{v}-sites") for v, tree in trees.items()}
        results: dict[tuple[str, str], dict[tuple[str, str], tuple[float, float]]] = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu"])
            for version in ("before", "after"):
                for edition in ("public", "members"):
                    with serve(sites[version][edition]) as base:
                        results[version, edition] = measure(
                            browser, sites[version][edition], base, edition == "members",
                            args.runs)
                    print(version, edition, results[version, edition], file=sys.stderr)
            browser.close()
        rows = []
        for name in PAGES:
            for kind in ("cold", "further"):
                row: list[Any] = [name, kind]
                for version in ("before", "after"):
                    pub = results[version, "public"][name, kind]
                    mem = results[version, "members"][name, kind]
                    row += [f"{pub[0]:.0f} / {mem[0]:.0f}", ratio(mem[0], pub[0]),
                            f"{pub[1]:.0f} / {mem[1]:.0f}", ratio(mem[1], pub[1])]
                rows.append(row)
        print(f"runs {args.runs}, median; load average {load()}; before = {args.before}")
        print(table(["page", "load", "before KB pub / mem", "×", "before ms pub / mem", "×",
                     "after KB pub / mem", "×", "after ms pub / mem", "×"], rows))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
