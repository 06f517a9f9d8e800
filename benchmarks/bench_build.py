"""How much does Courtyard add to a bare MkDocs build, and does the build stay linear?

    python -m benchmarks.bench_build [--members 1000 10000] [--repeat 1] [--one-core]
        [--cold] [--tree DIR] [--variant NAME:VAR=VALUE[;VAR=VALUE…]] …

For each size, a cached synthetic community (``benchmarks/out/``, with resources and events),
runs interleaved so a busy machine disturbs each alike, best of ``--repeat``, after one
untimed full build (so the build cache under ``<root>/.courtyard/cache/`` is warm, as it is
for every build but a community's first):

* full  — ``python -m generator build --root DIR --today 2026-11-24`` as a child process:
  check, generate every page, MkDocs (strict), atomic swap; with the peak RSS of its largest
  process;
* bare  — ``python -m mkdocs build`` of the very same generated pages (written once by the
  generator beforehand), with the same theme, overrides, nav, search and jieba dictionary but
  no hook: the floor any MkDocs site of that size pays;
* with ``--cold``, full again with the build cache emptied first (a community's first build,
  or one after every input changed);
* with ``--changed``, full again after one member's file changed (a comment line added or
  removed): the generated docs are made anew, the QR codes and vCards come from the cache
  — what a pull request that edits one file costs;
* with ``--variant``, full again with extra environment variables (e.g. a checkout whose
  speed devices can be switched off one by one, see benchmarks/README.md): each variant's
  time over the full build's in the same pairs is what switching it on or off is worth.

``--one-core`` runs every command under ``taskset -c 0``. ``--tree DIR`` runs the builds of
another checkout of the repository (e.g. a ``git worktree`` of an older commit).

Ratios are the median over the interleaved pairs of runs (see :func:`paired`).

Prints (a) full/bare — goal ≤ 1.2; (b) the 10k/1k wall ratio — goal ≤ 11; (c) peak RSS —
goal ≤ 400 MB; (d) search-index bytes per member — goal ≤ 1 KB; and the CPU time of the full
build over bare MkDocs'.
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


def bare_config(root: Path, work: Path, tree: Path = common.REPO) -> Path:
    """Generate the pages once and write an mkdocs.yml that builds them without the hook
    (in a child process: this one must stay small, see :mod:`benchmarks.rusage`)."""
    code = ("import sys; from pathlib import Path; from benchmarks import bench_build; "
            "bench_build._bare_config(Path(sys.argv[1]), Path(sys.argv[2]))")
    run = common.Child([sys.executable, "-c", code, str(root), str(work)], cwd=tree)
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
    return statistics.median(r.wall / f.wall for r, f in zip(runs, floors, strict=True))


def spread(runs: list[common.Child], floors: list[common.Child]) -> str:
    """The lowest and highest of the pairs' ratios: how much to trust the median."""
    ratios = [r.wall / f.wall for r, f in zip(runs, floors, strict=True)]
    return f"{min(ratios):.2f}–{max(ratios):.2f}"


def cpu_paired(runs: list[common.Child], floors: list[common.Child]) -> float:
    """As :func:`paired`, for CPU seconds (user + system, worker processes included): the
    work done, whatever the other processes on the machine did to the wall time."""
    return statistics.median(r.cpu / f.cpu for r, f in zip(runs, floors, strict=True))


def parse_variant(text: str) -> tuple[str, dict[str, str]]:
    """``NAME:VAR=VALUE;VAR=VALUE`` → (NAME, {VAR: VALUE})."""
    name, _, assignments = text.partition(":")
    env = dict(a.split("=", 1) for a in assignments.split(";") if a)
    if not name or not env:
        raise argparse.ArgumentTypeError(f"expected NAME:VAR=VALUE[;VAR=VALUE], got {text!r}")
    return name, env


def cache_dir(root: Path) -> Path:
    return root / ".courtyard" / "cache"


def measure(members: int, repeat: int, cpus: str | None, tree: Path,
            variants: list[tuple[str, dict[str, str]]], cold: bool,
            changed: bool = False) -> dict[str, Any]:
    root = common.community(members)
    member = sorted((root / "members").iterdir())[0]
    original = member.read_bytes()
    # in the repository, where a real build writes (site/ and its temporary folder), rather
    # than in /tmp: on this machine creating a file costs 0.1-1 ms depending on the folder
    common.OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-build-", dir=common.OUT) as tmp:
        work = Path(tmp)
        cfg = bare_config(root, work, tree)
        build = [sys.executable, "-m", "generator", "build", "--root", str(root), "--out",
                 str(work / "full"), "--today", TODAY]

        def full(env: dict[str, str] | None = None) -> common.Child:
            shutil.rmtree(work / "full", ignore_errors=True)
            return common.Child(build, cwd=tree, env_extra=env, cpus=cpus)

        try:
            warmup = full()  # untimed: the build cache and the OS's file cache are warm
            fulls, bares, colds, edits = [], [], [], []
            others: dict[str, list[common.Child]] = {name: [] for name, _env in variants}
            for _ in range(repeat):  # interleaved, so a busy machine disturbs all alike
                bares.append(common.Child([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                                           str(cfg), "-d", str(work / "bare")], cwd=tree,
                                          cpus=cpus))
                fulls.append(full())
                for name, env in variants:
                    others[name].append(full(env))
                if changed:
                    edited = member.read_bytes() != original
                    member.write_bytes(original if edited else original + b"# edited\n")
                    edits.append(full())
                if cold:
                    shutil.rmtree(cache_dir(root), ignore_errors=True)
                    colds.append(full())
        finally:
            member.write_bytes(original)
        for run in [warmup, *fulls, *bares, *colds, *edits,
                    *(r for v in others.values() for r in v)]:
            if run.returncode != 0:
                raise SystemExit(f"build failed ({run.returncode}):\n{run.stderr[-3000:]}")
        best = min(fulls, key=lambda r: r.wall)
        bare = min(bares, key=lambda r: r.wall)
        index = sum(p.stat().st_size for p in (work / "full" / "search").rglob("*")
                    if p.is_file())  # every file of the search index (issue 17)
        pages = sum(1 for _ in (work / "full").rglob("index.html"))
    if changed:
        others["one member changed"] = edits
    if cold:
        others["cold cache"] = colds
    return {"members": members, "full": best.wall, "bare": bare.wall,
            "ratio": paired(fulls, bares), "spread": spread(fulls, bares),
            "best_ratio": best.wall / bare.wall,
            "rss": best.peak_mb, "bare_rss": bare.peak_mb,
            "index": index / members, "pages": pages,
            "cpu": cpu_paired(fulls, bares),
            "variants": [(name, min(r.wall for r in runs), paired(runs, fulls),
                          spread(runs, fulls), cpu_paired(runs, fulls), paired(runs, bares),
                          max(r.peak_mb for r in runs))
                         for name, runs in others.items()]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--members", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--one-core", action="store_true",
                    help="run every command on one core (taskset -c 0)")
    ap.add_argument("--cold", action="store_true",
                    help="also time the full build with an empty build cache")
    ap.add_argument("--changed", action="store_true",
                    help="also time the full build after one member's file changed")
    ap.add_argument("--tree", type=Path, default=common.REPO,
                    help="checkout whose builds are timed (default: this one)")
    ap.add_argument("--variant", type=parse_variant, action="append", default=[],
                    metavar="NAME:VAR=VALUE[;VAR=VALUE]",
                    help="also time the full build with these environment variables")
    args = ap.parse_args(argv)
    cpus = "0" if args.one_core else None
    print(f"tree: {args.tree.resolve()}; {'one core' if cpus else 'every core'}; "
          f"load average before: {common.load()}")
    rows = [measure(n, args.repeat, cpus, args.tree.resolve(), args.variant, args.cold,
                    args.changed) for n in args.members]
    print(common.table(
        ["members", "pages", "full build s", "bare mkdocs s", "(a) full/bare", "pairs",
         "best/best", "CPU full/bare", "(c) peak RSS MB", "bare RSS MB",
         "(d) index B/member"],
        [[r["members"], r["pages"], r["full"], r["bare"], r["ratio"], r["spread"],
          r["best_ratio"],
          r["cpu"], r["rss"], r["bare_rss"], r["index"]] for r in rows]))
    if any(r["variants"] for r in rows):
        print()
        print(common.table(
            ["members", "variant", "variant s", "variant/full", "pairs", "CPU variant/full",
             "variant/bare", "peak RSS MB"],
            [[r["members"], name, *values] for r in rows for name, *values in r["variants"]]))
    print("ratios: median over interleaved pairs; seconds and best/best: the best run of "
          "each side")
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
