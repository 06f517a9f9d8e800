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
  what the device keeps is put in place first, as a member's earlier visit to this build
  left it);
* **cold, new build** — the same, on a device whose last visit was to an earlier build: it
  keeps the code's KDF output but no key of this build, so ``_c/lock.json`` is read first
  (the public edition's cold load stands for its own);
* **further** — the next page in the same tab after the home page (cache warm, tab unlocked),
  reached by a tap on a link to it (``Page.tap``: touchstart, then the click; before
  this session's work the further loads typed the address, the same navigation but without
  the touch);
* **KB** — bytes the host wrote for the load (status lines, headers and bodies, as gzip sent
  them) until the network is idle; counted at the host since this session (before: CDP
  ``encodedDataLength`` of the page's session, which misses a prefetch that outlives its page
  and the search worker's own script, 4.5 KB of each cold load in both editions);
* **first content** — ms from navigation start to the first frame with the page's content
  shown (members: the members version, marked by its edition banner), by a requestAnimationFrame
  watch in the page; median of ``--runs``; × is the median of each run's members ÷ public,
  the two loads made one after the other.

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
from contextlib import ExitStack, contextmanager
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

TAP_LINK = """url => {
  const a = document.createElement('a');
  a.id = 'cy-bench-next';
  a.href = url;
  a.textContent = 'next';
  a.style.cssText = 'position:fixed;top:60px;left:0;z-index:99999;padding:20px;background:#fff';
  document.body.appendChild(a);
}"""

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
    sent: ClassVar[list[int]] = [0]  # bytes written (headers and bodies), all hosts
    counting: ClassVar[threading.Lock] = threading.Lock()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def count(self, n: int) -> None:
        with self.counting:
            self.sent[0] += n

    def end_headers(self) -> None:
        self.count(sum(len(h) for h in getattr(self, "_headers_buffer", [])) + 2)
        super().end_headers()

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
        self.count(len(data))
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


def device_keeps(site: Path, new_build: bool = False) -> dict[str, str]:
    """localStorage as an unlocked device holds it after a visit to this build: the code
    itself (45b3212), the code's KDF output for this site, and this build's content key and
    texts (each version's lock.js reads what it wrote; a version that does not keep the
    content key ignores it). ``new_build``: as the device holds it when a build was published
    since its last visit (the KDF output only; its old content key opens nothing)."""
    code = access.normalise_code(access.access_code(SECRET.encode(), MEMBER))
    assert code is not None
    lock = json.loads((site / encrypt.LOCK_FILE).read_text(encoding="utf-8"))
    if lock.get("v", 1) == 1:
        return {"courtyard-lock:/code": code}
    salt = base64.b64decode(lock["kdf"]["salt"])
    bits = hashlib.pbkdf2_hmac("sha256", code.encode(), salt, lock["kdf"]["iterations"],
                               lock["kdf"]["bits"] // 8)
    keeps = {"courtyard-lock:/kek": base64.b64encode(bits).decode()}
    if not new_build:
        keys = {k: base64.b64decode(v) for k, v in lock["keys"].items()}
        content = access.unwrap(keys, code, salt)
        assert content is not None
        keeps["courtyard-lock:/key"] = f"{lock['build']}:{base64.b64encode(content).decode()}"
        keeps["courtyard-lock:/text"] = json.dumps(lock["text"], ensure_ascii=False)
    return keeps


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

    def load(self, rel: str, tap: bool = False) -> tuple[float, float]:
        """(KB on the wire, ms to first content) of one navigation; ``tap``: by a tap on a
        link to the page (a link put at the top of the page, as a reader's finger finds one)
        instead of typing the address."""
        start = Host.sent[0]
        if tap:
            self.page.evaluate(TAP_LINK, self.base + rel)
            with self.page.expect_navigation(wait_until="load", timeout=120_000):
                self.page.tap("#cy-bench-next")
        else:
            self.page.goto(self.base + rel, wait_until="load", timeout=120_000)
        self.page.wait_for_function("window.__cyFirst", timeout=120_000)
        self.page.wait_for_load_state("networkidle", timeout=120_000)
        if self.members:
            self.page.locator(".cy-lock-logout").wait_for(timeout=60_000)
        first = float(self.page.evaluate("window.__cyFirst"))
        return (Host.sent[0] - start) / 1000, first

    def close(self) -> None:
        self.context.close()


Sample = tuple[float, float]  # (KB, ms) of one load
KINDS = ("cold", "cold, new build", "further")


def one_run(browser: Any, editions: dict[str, tuple[Path, str]]
            ) -> dict[tuple[str, str, str], Sample]:
    """One load of every (edition, page, kind), the public and the members edition's loads of
    a page one after the other (the machine's load changes by the minute: a ratio is taken
    between loads made seconds apart). The public edition has no "new build" case: its cold
    load stands for it."""
    got: dict[tuple[str, str, str], Sample] = {}
    keeps = {"public": {}, "members": device_keeps(editions["members"][0])}
    stale = device_keeps(editions["members"][0], new_build=True)
    for name, rel in PAGES.items():
        for edition, kind, kept in (("public", "cold", keeps["public"]),
                                    ("members", "cold", keeps["members"]),
                                    ("members", "cold, new build", stale)):
            phone = Phone(browser, editions[edition][1], edition == "members", kept)
            got[edition, name, kind] = phone.load(rel)
            phone.close()
        got["public", name, "cold, new build"] = got["public", name, "cold"]
    for edition, (_site, base) in editions.items():
        phone = Phone(browser, base, edition == "members", keeps[edition])
        phone.load(PAGES["home"])
        for name in [*list(PAGES)[1:], "home"]:
            got[edition, name, "further"] = phone.load(PAGES[name], tap=True)
        phone.close()
    return got


def ratio(members: float, public: float) -> float | None:
    return members / public if public else None  # None: the public page came from cache


def summary(runs: list[dict[tuple[str, str, str], Sample]], name: str, kind: str
            ) -> list[str]:
    """[KB pub / mem, ×, ms pub / mem, ×]: medians over the runs; × is the median of each
    run's own ratio."""
    out = []
    for i in (0, 1):
        pub = statistics.median(r["public", name, kind][i] for r in runs)
        mem = statistics.median(r["members", name, kind][i] for r in runs)
        ratios = [x for r in runs if (x := ratio(r["members", name, kind][i],
                                                 r["public", name, kind][i])) is not None]
        out += [f"{pub:.0f} / {mem:.0f}",
                f"{statistics.median(ratios):.2f}×" if ratios else "–"]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", default=BEFORE,
                    help=f"commit(s) to compare with, comma-separated ({BEFORE})")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="bench-phone-"))
    try:
        befores = [ref for ref in args.before.split(",") if ref]
        trees = {ref: unpack(ref, work / f"{ref}-tree") for ref in befores}
        trees["after"] = REPO
        sites = {v: build(tree, work / f"{v}-sites") for v, tree in trees.items()}
        runs: dict[str, list[dict[tuple[str, str, str], Sample]]] = {v: [] for v in sites}
        loads = [load()]
        with sync_playwright() as p, ExitStack() as stack:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu"])
            bases = {(v, e): stack.enter_context(serve(sites[v][e]))
                     for v in sites for e in ("public", "members")}
            for _run in range(args.runs):
                for version in sites:
                    runs[version].append(one_run(browser, {
                        e: (sites[version][e], bases[version, e])
                        for e in ("public", "members")}))
                loads.append(load())
                print("run done, load average", loads[-1], file=sys.stderr)
            browser.close()
        rows = []
        for name in PAGES:
            for kind in KINDS:
                row: list[Any] = [name, kind]
                for version in sites:
                    row += summary(runs[version], name, kind)
                rows.append(row)
        print(f"runs {args.runs}, median (× = median of each run's members ÷ public); "
              f"load average before and after each run: {' | '.join(loads)}")
        head = ["page", "load"]
        for version in sites:
            head += [f"{version} KB pub / mem", "×", f"{version} ms pub / mem", "×"]
        print(table(head, rows))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
