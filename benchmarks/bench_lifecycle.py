"""What does a lifecycle command (``member …`` / ``event …``) cost next to ``check``?

    python -m benchmarks.bench_lifecycle [--members 0 1000] [--repeat 3]

A command loads the community, builds the edit, then runs the whole rule set twice (before
and after the change, on a scratch copy of the data) so it can refuse only the errors the
change brings. Floor: ``python -m generator check`` on the same community, as a child process
(interpreter start-up and imports included on both sides). ``0`` members means the sample
community in this repository; other sizes are cached synthetic communities (benchmarks/out/).

Goal (issue 13): ``member suspend ID --dry-run`` ≤ 3× check (two checks, a copy and a diff).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from benchmarks import common, synth

GOAL = 3.0


def someone_active(root: Path) -> str:
    for f in sorted((root / "members").glob("*.yml")):
        if re.search(r"^status: active$", f.read_text("utf-8"), re.M):
            return f.stem
    raise SystemExit(f"no active member in {root}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--members", type=int, nargs="+", default=[0, 1000])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    today = synth.TODAY.isoformat()
    rows = []
    for n in args.members:
        root = common.REPO if n == 0 else common.community(n)
        check = common.best_child(args.repeat, [sys.executable, "-m", "generator", "check",
                                                "--root", str(root), "--today", today, "-q"])
        who = someone_active(root)
        step = common.best_child(args.repeat, [
            sys.executable, "-m", "generator", "member", "suspend", who, "--reason", "bench",
            "--dry-run", "--root", str(root), "--today", today])
        rows.append([n or "sample", check.wall, step.wall, step.wall / check.wall,
                     step.peak_mb, "yes" if step.wall / check.wall <= GOAL else "NO"])
    print(common.table(["members", "check s", "suspend --dry-run s", "ratio", "peak MB",
                        f"≤ {GOAL}×"], rows))
    print(f"load average while measuring: {common.load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
