"""The daily group patrol (issue 15): `roster` on a 500-line member list made from the sample
plus noise, against the interpreter's start-up.

    python -m benchmarks.bench_roster [--repeat 5]

* roster — ``python -m generator roster events --file F`` as a child process (what the admin
  runs: start-up, imports, loading the community, the audit and the report);
* audit — :func:`generator.admin.roster.audit` alone, in this process;
* floor — ``python -m generator --version`` (interpreter, imports, CLI wiring).

Goal (issue 15): the whole command under 1 s on the 500-line roster; on a machine so busy
that the start-up alone takes longer, the part beyond start-up under 1 s. :func:`planted` is
also the test's roster (tests/test_roster.py), with what the patrol must find in it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.common import best_of
from generator.admin import roster
from generator.checks.members import expected_display_name

if TYPE_CHECKING:
    from generator.data.community import Community

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 24)
GOAL = 1.0

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "子涵雨欣浩然梓轩思远一诺宇航佳怡紫萱俊杰晨曦博文嘉怡欣妍天佑明轩若曦"
ORGS = ["某某传媒", "星河广告", "蓝海数字", "启明公关", "云端互动", "大湾区文旅", "光年影业"]
NOISE_ONLY = ["🌟Tom🌟", "小王", "A 阿杰", "Lily", "旺旺", "奋斗的蜗牛", "深圳-广告人"]


def planted(com: Community) -> tuple[list[str], dict[str, object]]:
    """A 500-line roster and what the patrol must find in it."""
    rng = random.Random(15)
    ch = com.charter
    lines: list[str] = []
    r1: dict[str, str] = {}  # nickname → expected
    allowed = sorted((m for m in com.members.values() if m.status in roster.ALLOWED),
                     key=lambda m: m.id)
    missing = {m.id for m in allowed if m.status == "active"}
    for i, m in enumerate(allowed):
        want = expected_display_name(ch, m.org, m.name)
        if i % 9 == 8:
            continue  # left out: must be reported missing (when active)
        missing.discard(m.id)
        if i % 4 == 1:  # planted R1: short org, name only, org after name, pinyin
            nick = [f"{m.org[:2]}+{m.name}", m.name, f"{m.name} {m.org}",
                    f"{m.org}|{m.name}🌸"][i % 16 // 4]
            if nick.replace("|", "+") != want:  # "奥美+秦雨" is already right
                r1[nick] = want
        else:  # fine, with any separator the charter allows (half- or full-width)
            nick = want.replace("+", rng.choice(["+", "＋", "-", "·", "|"]))
        lines.append(nick)
    suspects = {f"{com.members[c].org}+{com.members[c].name}"
                for c in ("ke-yan", "peng-fei", "wei-dong")}  # candidates: not yet approved
    lines += sorted(suspects)
    names = {m.name for m in com.members.values()}
    while len(lines) < 492:
        person = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice([1, 2])))
        if any(n in person or person in n for n in names):
            continue  # a stranger, not a registry name
        nick = f"{rng.choice(ORGS)}+{person}"
        if nick not in lines:
            lines.append(nick)
            suspects.add(nick)
    lines += NOISE_ONLY
    suspects |= set(NOISE_ONLY)
    dup = lines[3]
    lines.append(dup)
    rng.shuffle(lines)
    return lines, {"r1": r1, "r2": suspects, "missing": missing, "dup": dup,
                   "unformatted": {"Lily", "旺旺", "小王", "🌟Tom🌟", "奋斗的蜗牛"}}


def best(fn: Callable[[], object], repeat: int) -> float:
    """benchmarks.common.best_of, with the arguments in this file's order."""
    return best_of(repeat, fn)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    from generator.data.community import load_community

    com = load_community(str(REPO), TODAY)
    lines, _want = planted(com)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "roster.txt"
        src.write_text("\n".join(lines) + "\n", "utf-8")
        py = [sys.executable, "-m", "generator"]

        def command() -> None:
            subprocess.run([*py, "roster", "events", "--file", str(src), "--root", str(REPO),
                            "--today", TODAY.isoformat()], capture_output=True, check=False)

        def floor() -> None:
            subprocess.run([*py, "--version"], capture_output=True, check=True)

        cmd, base = best(command, args.repeat), best(floor, args.repeat)
        audit = best(lambda: roster.audit(com, com.groups["events"], lines), args.repeat)
    print(f"lines {len(lines)}  roster {cmd:.3f} s  start-up {base:.3f} s  "
          f"roster/start-up {cmd / base:.2f}  audit alone {audit * 1000:.1f} ms")
    print(f"roster beyond start-up {cmd - base:.3f} s")
    print(f"goal: roster < {GOAL:.1f} s: {'met' if cmd < GOAL else 'NOT met'} "
          f"(beyond start-up: {'met' if cmd - base < GOAL else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
