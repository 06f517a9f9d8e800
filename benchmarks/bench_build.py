"""How much does Courtyard add to a bare MkDocs build, and does the build stay linear?

    python -m benchmarks.bench_build [--members 1000 10000] [--repeat 1] [--one-core]

For each size, a cached synthetic community (``benchmarks/out/``, with resources and events),
runs interleaved so a busy machine disturbs each alike, best of ``--repeat``:

* full  — ``python -m generator build --root DIR --today 2026-11-24`` as a child process:
  check, generate every page, MkDocs (strict), atomic swap, on every core it may use; with
  the peak RSS of its largest process;
* bare  — ``python -m mkdocs build`` of the very same generated pages (written once by the
  generator beforehand), with the same theme, overrides, nav, search and jieba dictionary but
  no hook: the floor any MkDocs site of that size pays (MkDocs builds on one core);
* with ``--one-core``, full again with ``COURTYARD_JOBS=1``: every step on one core, which
  shows what Courtyard's own work adds, apart from what the second core wins back.

Ratios are the median over the interleaved pairs of runs (see :func:`paired`).

Prints (a) full/bare — goal ≤ 1.2; (b) the 10k/1k wall ratio — goal ≤ 11; (c) peak RSS —
goal ≤ 400 MB; (d) search-index bytes per member — goal ≤ 1 KB; and the CPU time of the full
build over bare MkDocs' (both cores counted).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from benchmarks import common, synth

TODAY = synth.TODAY.isoformat()
GOALS = {"ratio": 1.2, "scale": 11.0, "rss": 400.0, "index": 1024.0}


def bare_config(root: Path, work: Path) -> Path:
    """Generate the pages once and write an mkdocs.yml that builds them without the hook
    (in a child process: this one must stay small, see :mod:`benchmarks.rusage`)."""
    code = ("import sys; from pathlib import Path; from benchmarks import bench_build; "
            "bench_build._bare_config(Path(sys.argv[1]), Path(sys.argv[2]))")
    run = common.Child([sys.executable, "-c", code, str(root), str(work)])
    if run.returncode != 0:
        raise SystemExit(f"generating the pages failed:\n{run.stderr[-3000:]}")
    return work / "mkdocs.yml"


def _bare_config(root: Path, work: Path) -> None:
    from generator.data.community import load_community
    from generator.pages.generate import generate
    com = load_community(str(root), synth.TODAY)
    gen = generate(com, "public", str(work / "docs"), str(work / "jieba.txt"))
    with open(common.REPO / "mkdocs.yml", encoding="utf-8") as fh:
        cfg: dict[str, Any] = yaml.safe_load(fh)
    cfg.pop("hooks", None)
    cfg.pop("watch", None)
    cfg.update(docs_dir=gen.docs_dir, site_name=gen.site_name, site_url=gen.site_url,
               nav=gen.nav)
    cfg["theme"]["custom_dir"] = str(common.REPO / "overrides")
    cfg["extra"] = {"courtyard": {"edition": "public", "lang": gen.lang}}
    cfg["plugins"] = [{"search": {"jieba_dict_user": gen.jieba_dict}}]
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")


def paired(runs: list[common.Child], floors: list[common.Child]) -> float:
    """The median of run i / floor i over interleaved pairs: each pair ran within seconds,
    so a machine whose speed drifts by ±30 % from minute to minute disturbs both alike (the
    best time of each side, taken minutes apart, does not)."""
    return statistics.median(r.wall / f.wall for r, f in zip(runs, floors, strict=False))


def measure(members: int, repeat: int, one_core: bool) -> dict[str, Any]:
    root = common.community(members)
    # in the repository, where a real build writes (site/ and its staging folder), rather
    # than in /tmp: on this machine creating a file costs 0.1-1 ms depending on the folder
    common.OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-build-", dir=common.OUT) as tmp:
        work = Path(tmp)
        cfg = bare_config(root, work)
        build = [sys.executable, "-m", "generator", "build", "--root", str(root), "--out",
                 str(work / "full"), "--today", TODAY]
        fulls, bares, serials = [], [], []
        for _ in range(repeat):  # interleaved, so a busy machine disturbs all alike
            shutil.rmtree(work / "full", ignore_errors=True)
            fulls.append(common.Child(build))
            bares.append(common.Child([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                                       str(cfg), "-d", str(work / "bare")]))
            if one_core:
                shutil.rmtree(work / "full", ignore_errors=True)
                serials.append(common.Child(build, env_extra={"COURTYARD_JOBS": "1"}))
        for run in fulls + bares + serials:
            if run.returncode != 0:
                raise SystemExit(f"build failed ({run.returncode}):\n{run.stderr[-3000:]}")
        full = min(fulls, key=lambda r: r.wall)
        bare = min(bares, key=lambda r: r.wall)
        index = (work / "full" / "search" / "search_index.json").stat().st_size
        pages = sum(1 for _ in (work / "full").rglob("index.html"))
    return {"members": members, "full": full.wall, "bare": bare.wall,
            "ratio": paired(fulls, bares), "best_ratio": full.wall / bare.wall,
            "rss": full.peak_mb, "bare_rss": bare.peak_mb,
            "index": index / members, "pages": pages,
            "serial": paired(serials, bares) if serials else "-",
            "cpu": full.cpu / bare.cpu}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--members", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--one-core", action="store_true",
                    help="also time the full build with COURTYARD_JOBS=1 (every step on one "
                         "core: what Courtyard itself adds to MkDocs)")
    args = ap.parse_args(argv)
    print(f"load average before: {common.load()}")
    rows = [measure(n, args.repeat, args.one_core) for n in args.members]
    print(common.table(
        ["members", "pages", "full build s", "bare mkdocs s", "(a) full/bare",
         "best/best", "full/bare one core", "CPU full/bare", "(c) peak RSS MB",
         "bare RSS MB", "(d) index B/member"],
        [[r["members"], r["pages"], r["full"], r["bare"], r["ratio"], r["best_ratio"],
          r["serial"], r["cpu"], r["rss"], r["bare_rss"], r["index"]] for r in rows]))
    print("(a) and one core: median over interleaved pairs; seconds and best/best: the best "
          "run of each side")
    print(f"load average after: {common.load()}")
    if len(rows) >= 2:
        small, big = rows[0], rows[-1]
        scale = big["full"] / small["full"]
        print(f"\n(b) {big['members']}/{small['members']} wall ratio: {scale:.2f} "
              f"(members ×{big['members'] / small['members']:g}; goal ≤ {GOALS['scale']:g})")
    worst = max(rows, key=lambda r: r["ratio"])
    print(f"goals: (a) ≤ {GOALS['ratio']} — worst {worst['ratio']:.2f}; (c) ≤ {GOALS['rss']:g} "
          f"MB — worst {max(r['rss'] for r in rows):.0f}; (d) ≤ {GOALS['index']:g} B — worst "
          f"{max(r['index'] for r in rows):.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
