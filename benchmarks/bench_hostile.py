"""The worst a pull request of 50 hostile event files can make ``build`` do (issue 14).

    python -m benchmarks.bench_hostile

Three runs on copies of the sample community, in the same session:

* **sample** — the sample as it is: the floor;
* **refused** — plus 50 events whose rules used to stall the build (FREQ=MINUTELY with an
  impossible BYMONTHDAY took 62 s each): ``check`` refuses them, so ``build`` stops at once;
* **accepted** — plus 50 events with the most expensive rules ``check`` still accepts: weekly,
  open-ended, started so that each has just under the 120 instances a series may have up to
  a year ahead (generator/checks/events.py), with a long description and every member
  invited (every instance is a line on the events and calendar pages and in the .ics files).

Printed: wall seconds and the ratio to the sample's build (goal: accepted / sample < 2).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import common

REPO = common.REPO
TODAY = "2026-11-24"
COUNT = 50

REFUSED = """title: 每分钟的活动 {i}
start: "2026-12-01 19:30"
organizers: [{organizer}]
recurrence:
  rrule: FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30
"""

ACCEPTED = """title: 每天的活动 {i}
start: "2025-08-28 19:30"
end: "2025-08-28 21:30"
audience: public
organizers: [{organizer}]
rsvp: [{everyone}]
description: |
{description}
recurrence:
  rrule: FREQ=WEEKLY;INTERVAL=1
"""


def community(tmp: Path, name: str, template: str | None) -> Path:
    root = tmp / name
    for name in ("members", "resources", "content"):
        shutil.copytree(REPO / name, root / name)
    if template is not None:
        members = sorted(p.stem for p in (root / "members").glob("*.yml"))
        description = "\n".join("  " + "很长的活动介绍。" * 20 for _ in range(30))
        for i in range(COUNT):
            (root / "content" / "events" / f"2026-hostile-{i:02d}.yml").write_text(
                template.format(i=i, organizer=members[0], everyone=", ".join(members),
                                description=description), encoding="utf-8")
    return root


def build(root: Path) -> tuple[float, int]:
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--root", str(root),
                           "--out", str(root / "site"), "--today", TODAY, "-q"],
                          cwd=REPO, capture_output=True, text=True, check=False)
    return time.perf_counter() - t, done.returncode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        roots = {name: community(Path(tmp), name, template) for name, template in
                 (("sample", None), ("refused", REFUSED), ("accepted", ACCEPTED))}
        walls = {name: min(build(root)[0] for _ in range(args.repeat))
                 for name, root in roots.items()}
        codes = {name: build(root)[1] for name, root in roots.items()}
    for name in roots:
        rows.append([name, codes[name], round(walls[name], 2),
                     round(walls[name] / walls["sample"], 2)])
    print(common.table(["community", "build exit", "build (s)", "/ sample"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
