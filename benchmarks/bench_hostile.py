"""The worst a pull request of hostile event files can make ``build`` (issue 14) and ``check``
(issue 23 item 5) do.

    python -m benchmarks.bench_hostile            # 50 hostile events through build
    python -m benchmarks.bench_hostile --judge    # 1,000 hostile events through check
    python -m benchmarks.bench_hostile --judge --bulk 10   # ten times the bulk (30 MB)

**--judge**: the sample plus 1,000 event files drawn from ``hostile_events`` (rules that never
happen, huge COUNTs, extreme INTERVALs, deep BYDAY ordinals and BYSETPOS, long strings, many
occurrences and exdates, starts in a daylight-saving gap and at the ends of the calendar,
UNTIL in UTC), judged by ``check`` as the pull-request judge runs it, against ``check`` on
the sample alone in the same run (goal: under 60 s). Then each hostile event's recurrence
questions in-process (``never_happens``, ``rule_starts`` to a year ahead, ``happenings``):
the slowest event, goal ≤ 50 ms.

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
import datetime as dt
import json
import random
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


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def hostile_rule(rng: random.Random, start: dt.date) -> str:
    """A recurrence rule meant to hurt: most never happen or ask for a great deal."""
    other = WEEKDAYS[(start.weekday() + rng.randint(1, 6)) % 7]
    month = (start.month % 12) + 1
    return rng.choice([
        f"FREQ=DAILY;INTERVAL=7;BYDAY={other}",
        f"FREQ=DAILY;INTERVAL={7 * rng.randint(1, 400)};BYDAY={other};UNTIL=20300101",
        f"FREQ=WEEKLY;INTERVAL=20871;BYMONTH={month};BYMONTHDAY=1",
        f"FREQ=MONTHLY;INTERVAL=12;BYMONTH={month}",
        f"FREQ=MONTHLY;INTERVAL={12 * rng.randint(1, 800)};BYMONTH={month};BYDAY=-1FR",
        "FREQ=MONTHLY;BYDAY=5MO;BYMONTHDAY=1",
        f"FREQ=MONTHLY;BYDAY={rng.choice([6, 20, 53, -53])}{other}",
        "FREQ=YEARLY;BYMONTH=1;BYDAY=1MO;BYMONTHDAY=31",
        "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29",
        f"FREQ=YEARLY;BYDAY={rng.choice([53, -53])}{other};INTERVAL={rng.randint(1, 9999)}",
        f"FREQ=DAILY;COUNT={rng.choice([10**6, 999_999_999, 10**18])}",
        f"FREQ=DAILY;INTERVAL={rng.choice([10**9, 10**18, 146097, 146097 * 7 + 1])}",
        f"FREQ=WEEKLY;INTERVAL={rng.randint(2, 10**6)};BYDAY=MO,TU,WE,TH,FR,SA,SU",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=" + ",".join(
            str(rng.choice([-1, 1]) * rng.randint(1, 366)) for _ in range(50)),
        "FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=DAILY;BYMONTH=" + ",".join(["2"] * 5000) + ";BYMONTHDAY=29;BYDAY=MO",
        "FREQ=DAILY;" + "BYDAY=MO;" * 3000,
        f"FREQ=DAILY;UNTIL={rng.choice(['20261231T235959Z', '99991231T235959Z', '00010101'])}",
        "FREQ=DAILY;INTERVAL=0",
        "FREQ=WEEKLY;BYDAY=" + "1MO" * 5000,
    ])


def hostile_events(count: int, organizer: str, members: list[str], seed: int = 23,
                   bulk: int = 1) -> list[tuple[str, str]]:
    """``count`` hostile event files (name, YAML text), the same for the same seed; a third
    carry bulk (exdates, occurrences with sign-ups, a long description or title), ``bulk``
    times 200 exdates, 30 occurrences, 200 repeats of the description's sentence."""
    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for i in range(count):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(-400, 800))
        when = rng.choice([f"{day} 19:30", f"{day} 02:30", str(day), "0001-01-01 00:00",
                           "9999-12-30 23:30", "2027-03-14 02:30", "2026-11-01 01:30"])
        lines = [f"title: 边界活动 {i}", f'start: "{when}"', f"organizers: [{organizer}]",
                 "recurrence:", f"  rrule: {json.dumps(hostile_rule(rng, day))}"]
        extra = rng.randint(0, 5)
        if extra == 0:
            lines.append("  exdates: [" + ", ".join(
                str(day + dt.timedelta(days=7 * j)) for j in range(200 * bulk)) + "]")
        elif extra == 1:
            lines.append("occurrences:\n" + "\n".join(
                f"  - date: {day + dt.timedelta(days=j)}\n    rsvp: [{', '.join(members[:20])}]"
                for j in range(30 * bulk)))
        elif extra == 2:
            lines.append("description: |\n  " + "很长的活动介绍。" * (200 * bulk))
        elif extra == 3:
            lines.append("title: " + "长" * (1_000 * bulk))
        out.append((f"2026-hostile-{i:04d}", "\n".join(lines) + "\n"))
    return out


def judge(count: int, bulk: int) -> int:
    from generator.core import occurrences, recurrence
    from generator.core.occurrences import happenings, never_happens, rule_starts
    from generator.data.community import load_community

    with tempfile.TemporaryDirectory(prefix="bench-judge-") as tmp:
        floor_root = community(Path(tmp), "sample", None)
        root = community(Path(tmp), "hostile", None)
        members = sorted(p.stem for p in (root / "members").glob("*.yml"))
        events = hostile_events(count, members[0], members, bulk=bulk)
        for name, text in events:
            (root / "content" / "events" / f"{name}.yml").write_text(text, encoding="utf-8")
        size = sum(len(t.encode()) for _, t in events)

        def check(where: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
            t = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "generator", "check", "--root",
                                   str(where), "--today", TODAY, "--lang", "en"],
                                  cwd=REPO, capture_output=True, text=True, check=False)
            return time.perf_counter() - t, done

        floor, _ = check(floor_root)
        wall, done = check(root)
        tracebacks = done.stderr.count("Traceback") + done.stdout.count("[internal]")
        flagged = {line.split(":", 1)[0] for line in done.stdout.splitlines()
                   if "2026-hostile-" in line}
        com = load_community(str(root), dt.date.fromisoformat(TODAY))
        times: list[tuple[float, str]] = []
        for name, _ in events:
            ev = com.events.get(name)
            if ev is None:
                continue
            runs = []
            for _ in range(3):  # the least disturbed of three, each from cold caches
                occurrences._read.cache_clear()
                recurrence._year.cache_clear()
                t = time.thread_time()
                never_happens(com, ev)
                rule_starts(com, ev, com.today + dt.timedelta(days=366))
                happenings(com, ev)
                runs.append(time.thread_time() - t)
            times.append((min(runs), name))
        times.sort()
        slowest, which = times[-1] if times else (0.0, "")
        median = times[len(times) // 2][0] if times else 0.0
    print(common.table(["run", "files", "check exit", "check (s)", "/ sample"], [
        ["sample", "-", 0, round(floor, 2), 1.0],
        [f"+{count} hostile events ({size / 1e6:.1f} MB)", count, done.returncode,
         round(wall, 2), round(wall / floor, 2)]]))
    print(f"hostile files with a problem: {len(flagged)} of {count}; tracebacks or internal "
          f"problems: {tracebacks}; goal < 60 s: {'met' if wall < 60 else 'NOT met'}")
    print(f"each hostile event's recurrence questions in-process (CPU, best of 3, cold caches, "
          f"{len(times)} events that loaded): median {median * 1000:.2f} ms, slowest "
          f"{slowest * 1000:.1f} ms ({which}); goal <= 50 ms: "
          f"{'met' if slowest <= 0.05 else 'NOT met'}")
    return 0 if tracebacks == 0 else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--judge", action="store_true", help="1,000 hostile events through check")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--bulk", type=int, default=1,
                    help="scale of the bulky third of the events (10: 2,000 exdates, …)")
    args = ap.parse_args(argv)
    if args.judge:
        return judge(args.count, args.bulk)
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
