"""Search at scale in Chromium (issue 17): how big the index is, what one query downloads, and
how soon the first result appears, on a desktop and on a phone (390 px, CPU throttled 4× by
CDP ``Emulation.setCPUThrottlingRate``).

    python -m benchmarks.bench_search [--members 1000 5000 10000] [--repeat 3]
        [--tree DIR [--tree-name NAME]]

For each size, a cached synthetic community (``benchmarks/out/``) is built (public edition,
``python -m generator build``) with this checkout and, with ``--tree``, with another one (e.g.
a ``git worktree`` of the commit before issue 17, which searched with Material's lunr), and
served on 127.0.0.1. Each measurement opens a fresh browser context (empty cache: a cold
load), and as soon as the page's ``load`` event has fired types a member's full name into
Material's search box as a reader would (the IME commits the word, then a key press):

* **typed → result** — from that key press to the first result item in the list;
* **load → result** — from the start of navigation to the first result item (what the reader
  waits from tapping a link, when they search straight away);
* **warm** — the same for another member's name typed once the page is idle (index loaded);
* **load** — the page's own load event (the floor every page view pays, same run);
* **top ok** — whether the first result is that member's page;
* **query KB** — bytes of search files (index and worker) the page fetched for the query,
  raw and gzip -6 (what a server that compresses sends);
* **index B/member** — every file under ``search/``, raw and gzipped, over the member count.

Best of ``--repeat`` (each profile, each size). Goal (issue 17) at 5,000 members: typed →
result ≤ 1,000 ms throttled at 390 px and ≤ 300 ms on the desktop, measured from a cold load.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from playwright.sync_api import Error as PlaywrightError

from benchmarks import common

if TYPE_CHECKING:
    from playwright.sync_api import Browser

TODAY = "2026-11-24"
CHROMIUM = "/usr/bin/chromium"
sys.path.insert(0, str(common.REPO / "tests"))  # the browser tests' server and launch flags

WATCH = """() => {
  window.__cy = {typed: null, first: null};
  document.addEventListener("keyup", e => {
    if (e.target.matches && e.target.matches(".md-search__input"))
      window.__cy.typed = performance.now();
  }, true);
  new MutationObserver(() => {
    if (window.__cy.first === null && window.__cy.typed !== null &&
        document.querySelector(".md-search-result__item"))
      window.__cy.first = performance.now();
  }).observe(document, {childList: true, subtree: true});
}"""

PROFILES: dict[str, dict[str, Any]] = {
    "desktop": {"context": {"viewport": {"width": 1366, "height": 900}}, "throttle": 1},
    "phone 4x": {"context": {"viewport": {"width": 390, "height": 844},
                             "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
                 "throttle": 4},
}


def build(root: Path, out: Path, tree: Path) -> None:
    run = common.Child([sys.executable, "-m", "generator", "build", "--root", str(root),
                        "--out", str(out), "--today", TODAY], cwd=tree)
    if run.returncode != 0:
        raise SystemExit(f"build failed ({run.returncode}):\n{run.stderr[-3000:]}")


def gz_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def search_files(site: Path) -> list[Path]:
    return sorted(p for p in (site / "search").rglob("*") if p.is_file())


def people(root: Path) -> list[tuple[str, str]]:
    """Two members to search for (id, name), each the only one of that name: from the middle
    of the directory and a third of the way in."""
    files = sorted((root / "members").glob("*.yml"))
    names = {f.stem: str(yaml.safe_load(f.read_text("utf-8"))["name"]) for f in files}
    count: dict[str, int] = {}
    for name in names.values():
        count[name] = count.get(name, 0) + 1
    out = []
    for start in (len(files) // 2, len(files) // 3):
        mid = next(f.stem for f in files[start:] if count[names[f.stem]] == 1)
        out.append((mid, names[mid]))
    return out


def type_query(page: Any, query: str) -> None:
    icon = page.locator("label.md-header__button[for='__search']")
    if icon.is_visible():
        icon.click()
    else:
        page.locator(".md-search__input").click()
    page.keyboard.insert_text(query)
    page.keyboard.press("End")


def first_result(page: Any) -> tuple[float, float, str]:
    """(typed → result ms, navigation start → result ms, path of the first result)."""
    page.wait_for_function("window.__cy.first !== null", timeout=60_000)
    cy = page.evaluate("window.__cy")
    href = page.eval_on_selector(".md-search-result__item a", "a => new URL(a.href).pathname")
    return cy["first"] - cy["typed"], cy["first"], str(href)


def once(browser: Browser, site: Any, profile: dict[str, Any], who: list[tuple[str, str]]
         ) -> dict[str, Any]:
    context = browser.new_context(**profile["context"], locale="zh-CN")
    fetched: list[str] = []
    context.on("request", lambda r: fetched.append(r.url))
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile["throttle"]})
    page.add_init_script(f"({WATCH})()")
    try:
        page.goto(site.url(""), wait_until="load")
        load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
        type_query(page, who[0][1])
        typed, from_nav, top = first_result(page)
        page.wait_for_load_state("networkidle")
        page.locator(".md-search__input").fill("")
        page.evaluate("window.__cy.typed = null; window.__cy.first = null")
        page.keyboard.insert_text(who[1][1])
        page.keyboard.press("End")
        warm, _nav, warm_top = first_result(page)
    finally:
        context.close()
    return {"typed": typed, "from_nav": from_nav, "warm": warm, "load": load,
            "ok": top == f"/members/{who[0][0]}/" and warm_top == f"/members/{who[1][0]}/",
            "fetched": fetched}


def measure(browser: Browser, site_dir: Path, members: int, root: Path, repeat: int
            ) -> list[dict[str, Any]]:
    from browser.conftest import serve

    who = people(root)
    files = search_files(site_dir)
    raw = sum(p.stat().st_size for p in files)
    gz = sum(gz_size(p) for p in files)
    rows = []
    with serve(site_dir) as site:
        for name, profile in PROFILES.items():
            runs, failed = [], []
            for _ in range(repeat):
                try:
                    runs.append(once(browser, site, profile, who))
                except PlaywrightError as exc:  # no result within a minute: say so, go on
                    failed.append(str(exc).splitlines()[0])
                    print(f"{members} {name}: {failed[-1]}", file=sys.stderr)
            if not runs:
                rows.append({"members": members, "profile": name, "failed": failed})
                continue
            best = min(runs, key=lambda r: r["typed"])
            asked = {site.url(str(p.relative_to(site_dir))) for p in files}
            worker = [u for u in best["fetched"] if "/javascripts/workers/" in u
                      or "/javascripts/lunr/" in u or u.endswith("search-worker.js")]
            used = [site_dir / u.removeprefix(site.base) for u in best["fetched"]
                    if u in asked or u in worker]
            rows.append({
                "members": members, "profile": name,
                "index B/member": f"{raw / members:.0f} / {gz / members:.0f}",
                "query KB": f"{sum(p.stat().st_size for p in used) / 1024:.0f} / "
                            f"{sum(gz_size(p) for p in used) / 1024:.0f}",
                "load ms": best["load"], "typed→result ms": best["typed"],
                "load→result ms": best["from_nav"],
                "warm ms": min(r["warm"] for r in runs),
                "top ok": all(r["ok"] for r in runs) and not failed,
                "runs": f"{len(runs)}/{repeat}"})
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--members", type=int, nargs="+", default=[1000, 5000, 10000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--tree", type=Path, help="also measure the build of another checkout")
    ap.add_argument("--tree-name", default="other tree")
    args = ap.parse_args(argv)
    from browser.conftest import LAUNCH_ARGS
    from playwright.sync_api import sync_playwright

    trees = [("this tree", common.REPO)] + ([(args.tree_name, args.tree)] if args.tree else [])
    rows = []
    common.OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="bench-search-",
                                                             dir=common.OUT) as tmp:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for members in args.members:
            root = common.community(members)
            for label, tree in trees:
                site_dir = Path(tmp) / f"site-{members}"
                build(root, site_dir, tree)
                for row in measure(browser, site_dir, members, root, args.repeat):
                    rows.append({"engine": label, **row})
                    print(row, file=sys.stderr, flush=True)
                shutil.rmtree(site_dir)
        browser.close()
    header = max((list(r) for r in rows), key=len)
    print(f"load average {common.load()}")
    print(common.table(header, [[r.get(h, "failed") for h in header] for r in rows]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
