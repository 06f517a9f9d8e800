"""Fuzz the loader and ``check`` with 10,000 random hostile documents per kind (issue 14).

    python -m benchmarks.fuzz                    # 10,000 per kind
    python -m benchmarks.fuzz --examples 1000

The documents and the harness are tests/fuzzing.py's (the suite runs a fixed few hundred per
kind in tests/test_fuzz.py). A document that makes the loader or a rule raise is printed
with the error and the run fails; otherwise prints, per kind, how many documents ran, how
many were refused by the loader or the models, and the slowest one (goal: none over 2 s).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=10_000)
    args = ap.parse_args(argv)
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
