"""How much slower is ``python -m generator check`` than merely parsing the same files?

    python -m benchmarks.bench_check [--members 1000 10000] [--repeat 3] [--phases]
        [--wait-quiet SECONDS]

For each size, a cached synthetic community (``benchmarks/out/``) is measured, runs
interleaved so a busy machine disturbs both sides alike, best of ``--repeat``:

* floor — bare ``yaml.load(f, yaml.CSafeLoader)`` of the charter and every data file, one
  after the other, in this process (no interpreter start-up: the strictest floor);
* check — ``python -m generator check --root DIR --today 2026-11-24`` as a child process, so
  interpreter start-up, imports and reporting count; with its peak RSS (workers included);
* collect — ``generator.commands.check.collect()`` in this process (load, validate, rules);
* start-up — ``python -m generator --version`` (interpreter, imports, CLI wiring);
* CPU — user + system seconds of the floor and of check (its worker included): check may
  spend more CPU than the floor and still take less wall time, on two cores.

Goal (issue 2): check/floor ≤ 1.2 at 10,000 members on a 2-core machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from benchmarks import common, synth

TODAY = synth.TODAY.isoformat()
GOAL = 1.2


def floor(paths: list[str]) -> None:
    """What any YAML-reading tool must pay at least: parse every file, nothing else."""
    for p in paths:
        with open(p, "rb") as fh:
            yaml.load(fh, yaml.CSafeLoader)


def collect(root: Path) -> Any:
    from generator.commands.check import collect as run
    return run(str(root), synth.TODAY)


def phases(root: Path) -> dict[str, float]:
    """Where the in-process time goes: parse (files → plain data, in parallel), validate
    (data → records), rules. Uses the loader's internals; for orientation only."""
    from generator.checks import run_all
    from generator.data import community as c
    from generator.data import parallel_load
    from generator.data.models import KINDS
    out: dict[str, float] = {}
    t = time.perf_counter()
    charter = c.load_charter(str(root))
    files = c.data_files(str(root))
    com = c.Community(root=str(root), charter=charter, today=synth.TODAY)
    with c._gc_paused():
        loaded = parallel_load.load_all(str(root), [rel for _k, rel in files],
                                        charter.max_file_bytes)
        out["parse"] = time.perf_counter() - t
        t = time.perf_counter()
        for (kind, _rel), ld in zip(files, loaded, strict=False):
            rec, _problems = c.build_record(ld, KINDS[kind][1])
            if rec is not None:
                com.by_kind(kind)[rec.id] = rec
    out["validate"] = time.perf_counter() - t
    t = time.perf_counter()
    run_all(com)
    out["rules"] = time.perf_counter() - t
    return out


def measure(members: int, repeat: int) -> dict[str, Any]:
    root = common.community(members)
    paths = synth.data_paths(root)
    size_mb = sum(os.path.getsize(p) for p in paths) / 1e6
    check_argv = [sys.executable, "-m", "generator", "check", "--root", str(root),
                  "--today", TODAY]
    floors, floor_cpu, checks, collects, startups = [], [], [], [], []
    for _ in range(repeat):  # interleaved
        cpu = time.process_time()
        floors.append(common.best_of(1, lambda: floor(paths)))
        floor_cpu.append(time.process_time() - cpu)
        checks.append(common.Child(check_argv))
        collects.append(common.best_of(1, lambda: collect(root)))
        startups.append(common.Child([sys.executable, "-m", "generator", "--version"]))
    best = min(checks, key=lambda r: r.wall)
    if best.returncode != 0:
        last = best.stdout.strip().splitlines()[-1:] or [best.stderr[-500:]]
        print(f"warning: check reports errors on the synthetic community: {last[0]}",
              file=sys.stderr)
    f = min(floors)
    return {"members": members, "files": len(paths), "MB": size_mb, "floor": f,
            "check": best.wall, "check/floor": best.wall / f, "collect": min(collects),
            "collect/floor": min(collects) / f, "start-up": min(s.wall for s in startups),
            "floor CPU": min(floor_cpu), "check CPU": best.cpu,
            "peak RSS MB": max(r.peak_mb for r in checks), "summary": best.stdout.strip()
            .splitlines()[-1] if best.stdout.strip() else ""}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.bench_check",
                                 description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--members", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--phases", action="store_true", help="also print where collect's time goes")
    ap.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                    help="first wait up to this long for the machine to be idle (1-minute load "
                         "average below 0.5): other work steals a core from check's workers")
    a = ap.parse_args(argv)
    for n in a.members:
        common.community(n)  # generate before waiting for quiet
    if a.wait_quiet:
        common.wait_quiet(a.wait_quiet)
    print(f"# check vs floor — {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
          f"PyYAML {yaml.__version__} (libyaml {yaml.__with_libyaml__}), "
          f"best of {a.repeat}, {dt.date.today().isoformat()}, load average {common.load()}")
    rows = [measure(n, a.repeat) for n in a.members]
    print(f"# load average after: {common.load()}")
    cols = ["members", "files", "MB", "floor", "check", "check/floor", "collect",
            "collect/floor", "start-up", "floor CPU", "check CPU", "peak RSS MB"]
    timed = ("floor", "check", "collect", "start-up", "floor CPU", "check CPU")
    print(common.table([c + (" (s)" if c in timed else "") for c in cols],
                       [[r[c] for c in cols] for r in rows]))
    for r in rows:
        print(f"{r['members']} members: check says {r['summary']!r}")
    big = max(rows, key=lambda r: r["members"])
    verdict = "met" if big["check/floor"] <= GOAL else "NOT met"
    print(f"goal check/floor ≤ {GOAL} at {big['members']} members: {big['check/floor']:.2f} "
          f"({verdict})")
    if a.phases:
        for n in a.members:
            ph = phases(common.community(n))
            total = sum(ph.values())
            print(f"{n} members, in-process phases: " + ", ".join(
                f"{k} {v:.2f} s ({v / total:.0%})" for k, v in ph.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
