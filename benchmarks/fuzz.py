"""Fuzz the loader and ``check`` with 10,000 random hostile documents per kind (issue 14), and
the charter and every command people type with 10,000 runs each (issue 23 item 6).

    python -m benchmarks.fuzz                    # 10,000 per kind
    python -m benchmarks.fuzz --examples 1000
    python -m benchmarks.fuzz --targets commands # charter, report, digest, jielong, roster,
                                                 # apply, access-code: 10,000 runs each
    python -m benchmarks.fuzz --targets jielong,apply --examples 2000

Commands run in this process (``python -m generator``'s own ``main``) on a copy of the tests'
base community, with tests/fuzz_commands.py's strategies; a run that raises, prints a
traceback, exits other than 0/1/2 or leaves a file changed after failing is counted as a
traceback and its first lines printed. Printed per target: runs, exits 0/1/2, tracebacks
(goal 0), the slowest run.

The documents and the harness are tests/fuzzing.py's (the suite runs a fixed few hundred per
kind in tests/test_fuzz.py). A document that makes the loader or a rule raise is printed
with the error and the run fails; otherwise prints, per kind, how many documents ran, how
many were refused by the loader or the models, and the slowest one (goal: none over 2 s).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
import fuzz_commands
from fuzzing import Harness, documents

from benchmarks import common
from generator.data.models import KINDS


def run_kind(harness: Harness, kind: str, examples: int) -> list[object]:
    stats = {"n": 0, "slowest": 0.0}
    before = harness.reached_rules

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=documents(kind))
    def run(data: bytes) -> None:
        t = time.perf_counter()
        problems = harness.exercise(kind, data)
        took = time.perf_counter() - t
        stats["n"] += 1
        stats["slowest"] = max(stats["slowest"], took)
        assert problems is not None

    run()
    return [kind, stats["n"], harness.reached_rules - before,
            round(float(stats["slowest"]) * 1000, 1)]


def run_target(harness: fuzz_commands.Harness, target: str, examples: int) -> list[object]:
    stats = {"n": 0, "slowest": 0.0, 0: 0, 1: 0, 2: 0, "tracebacks": 0}
    seen: set[str] = set()

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(run=fuzz_commands.examples(harness, target))
    def one(run: Callable[..., fuzz_commands.Outcome]) -> None:
        stats["n"] += 1
        try:
            outcome = run()
        except fuzz_commands.Traceback as exc:
            stats["tracebacks"] += 1
            last = str(exc).strip().splitlines()[-1][:200]
            if last not in seen:
                seen.add(last)
                print(f"TRACEBACK ({target}): {str(exc)[:1500]}", file=sys.stderr)
            return
        stats[outcome.code] += 1
        stats["slowest"] = max(stats["slowest"], outcome.seconds)

    one()
    return [target, stats["n"], stats[0], stats[1], stats[2], stats["tracebacks"],
            round(float(stats["slowest"]) * 1000, 1)]


def commands(targets: list[str], examples: int) -> int:
    harness = fuzz_commands.Harness()
    rows = []
    today = ["--today", fuzz_commands.TODAY]
    for warm in (["report", *today], ["digest", *today], ["access-code", "li-na", *today],
                 ["jielong", "salon-2026", "--dry-run", "--file", "{input}", *today],
                 ["roster", "recruit", "--file", "{input}", *today]):
        harness.run(warm, text="1. 李娜\n", secret=fuzz_commands.SECRET)  # imports, caches
    try:
        t = time.perf_counter()
        for target in targets:
            rows.append(run_target(harness, target, examples))
            print(common.table(["target", "runs", "exit 0", "exit 1", "exit 2", "tracebacks",
                                "slowest (ms)"], rows[-1:]), file=sys.stderr)
        wall = time.perf_counter() - t
    finally:
        harness.close()
    print(common.table(["target", "runs", "exit 0", "exit 1", "exit 2", "tracebacks",
                        "slowest (ms)"], rows))
    tracebacks = sum(int(str(r[5])) for r in rows)
    print(f"{sum(int(str(r[1])) for r in rows)} runs in {wall:.0f} s, {tracebacks} tracebacks")
    return 1 if tracebacks else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=10_000)
    ap.add_argument("--targets", default="kinds",
                    help="kinds (the data files), commands (the charter and every command), "
                         "or a comma-separated list of " + ", ".join(fuzz_commands.TARGETS))
    args = ap.parse_args(argv)
    if args.targets != "kinds":
        names = (list(fuzz_commands.TARGETS) if args.targets == "commands"
                 else args.targets.split(","))
        unknown = sorted(set(names) - set(fuzz_commands.TARGETS))
        if unknown:
            ap.error(f"unknown targets {unknown}; choose from {fuzz_commands.TARGETS}")
        return commands(names, args.examples)
    harness = Harness()
    try:
        t = time.perf_counter()
        rows = [run_kind(harness, kind, args.examples) for kind in sorted(KINDS)]
        wall = time.perf_counter() - t
    finally:
        harness.close()
    print(common.table(["kind", "documents", "validated (rules ran)", "slowest (ms)"], rows))
    print(f"{sum(int(str(r[1])) for r in rows)} documents in {wall:.0f} s, no traceback")
    return 0


if __name__ == "__main__":
    sys.exit(main())
