"""Lighthouse scores of the public site as a phone in mainland China would load it (issue 16).

    python -m benchmarks.bench_lighthouse [--site DIR] [--lighthouse PATH] [--repeat 1]

Builds the repository's sample community (public edition, ``--today 2026-11-24``) unless
``--site`` names a built site, serves it on 127.0.0.1 with gzip like a real host (static
hosts and CDNs compress text; Python's own server does not), and runs Lighthouse (npm
``lighthouse``, mobile preset, its default throttling) with Debian's Chromium on four pages:
home, the directory, a member page and the events page. Prints the four category scores per
page (0–100; with ``--repeat`` the median of each) and every audit below 1 in accessibility,
best practices and SEO.

Lighthouse is not a test dependency: install it once (``npm i -E lighthouse@12.2.3`` in any
folder — version 13 wants Node 22) and pass its binary with ``--lighthouse``, or put it on
PATH. Goal (issue 16): 100 in accessibility, best practices and SEO, at least 95 in
performance.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PAGES = {"home": "", "directory": "directory/", "member": "members/wang-jian/",
         "events": "events/"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".ics")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run"


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text gzipped when the browser accepts it (level 6, as nginx does)."""

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "public, max-age=300")
        super().end_headers()

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gzip_ok and path.endswith(COMPRESSIBLE) and os.path.isfile(path)):
            return super().send_head()
        if not self.path.split("?", 1)[0].endswith("/") and os.path.isdir(
                self.translate_path(self.path)):
            return super().send_head()  # the redirect to the folder's slash
        with open(path, "rb") as fh:
            body = gzip.compress(fh.read(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_args: Any) -> bytes:
        out, self.data = self.data, b""
        return out

    def close(self) -> None:
        pass


def build_sample(out: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(REPO),
                    "--out", str(out), "--today", "2026-11-24"], check=True, env=env)
    return out


def lighthouse(binary: str, url: str) -> dict[str, Any]:
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"}
    done = subprocess.run(
        [binary, url, "--output=json", "--quiet", f"--chrome-flags={CHROME_FLAGS}",
         "--only-categories=" + ",".join(CATEGORIES)],
        capture_output=True, text=True, env=env, check=False, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=None, help="a built site (default: build "
                    "the sample's public edition)")
    ap.add_argument("--lighthouse", default="lighthouse", help="the lighthouse binary")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build_sample(Path(tmp) / "site")
        handler = functools.partial(GzipHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            print("| page | " + " | ".join(CATEGORIES) + " |")
            print("|---" * (len(CATEGORIES) + 1) + "|")
            failing: dict[str, set[str]] = {}
            for name, path in PAGES.items():
                runs = [lighthouse(args.lighthouse, base + path) for _ in range(args.repeat)]
                scores = [statistics.median(round(100 * (r["categories"][c]["score"] or 0))
                                            for r in runs) for c in CATEGORIES]
                print(f"| {name} | " + " | ".join(f"{s:g}" for s in scores) + " |", flush=True)
                for cat in CATEGORIES[1:]:
                    for ref in runs[0]["categories"][cat]["auditRefs"]:
                        audit = runs[0]["audits"][ref["id"]]
                        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                            failing.setdefault(f"{cat}: {ref['id']}", set()).add(name)
                perf = runs[0]["audits"]
                print(f"  {name}: FCP {perf['first-contentful-paint']['displayValue']}, "
                      f"LCP {perf['largest-contentful-paint']['displayValue']}, "
                      f"TBT {perf['total-blocking-time']['displayValue']}, "
                      f"CLS {perf['cumulative-layout-shift']['displayValue']}", flush=True)
            for audit, pages in sorted(failing.items()):
                print(f"below 1: {audit} ({', '.join(sorted(pages))})")
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
