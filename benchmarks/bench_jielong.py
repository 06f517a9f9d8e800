"""Bounded work for pasted text (issue 23 item 5): `jielong`, `roster` and `apply` on hostile
pastes, against the interpreter's start-up measured in the same run.

    python -m benchmarks.bench_jielong [--repeat 3]

* 1 MB line — ``jielong`` given one line of 1,000,000 characters (a member's name repeated):
  the command must answer (refuse it, with a message) in under 2 s beyond start-up;
* at the caps — ``jielong`` on the largest text it reads (:data:`jielong.MAX_CHARS`
  characters in lines of :data:`jielong.MAX_LINE`, every one an entry full of names), and
  ``roster`` on a 1 MB paste (cut at :data:`roster.MAX_LINES` lines of
  :data:`roster.MAX_LINE` characters), and ``apply --dry-run`` on the 1 MB line (refused over
  its ``MAX_CHARS``);
* pinyin per member — :class:`generator.analysis.people.Matcher` classifying the at-cap text
  in-process, against the same text with half the members (the work must not grow with
  members × candidates);
* floors — ``python -m generator --version`` (start-up), and ``jielong`` / ``roster`` on a
  three-line text (start-up, loading the community, the check of the change: what every run
  pays whatever the paste).

Reported as ratios to the floors; the goal is the part beyond start-up under 2 s, and the
part the paste adds (beyond the small-text floor) far under it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

from benchmarks.common import best_of
from generator.admin import jielong, roster
from generator.analysis.people import Matcher

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 24)
GOAL = 2.0
EVENT = "2026-monthly-member-salon"


def best(fn: Callable[[], object], repeat: int) -> float:
    """benchmarks.common.best_of, with the arguments in this file's order."""
    return best_of(repeat, fn)


def at_cap_text() -> str:
    """The largest text jielong reads: numbered lines of MAX_LINE characters of names."""
    line = "王健华陈浩然黎娜分众传媒新潮" * 20
    rows, size, i = [], 0, 1
    while True:
        row = f"{i}. {line}"[: jielong.MAX_LINE]
        if size + len(row) + 1 > jielong.MAX_CHARS or i > jielong.MAX_LINES:
            break
        rows.append(row)
        size += len(row) + 1
        i += 1
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    from generator.data.community import load_community

    com = load_community(str(REPO), TODAY)
    members = list(com.members.values())
    cap = at_cap_text()
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.txt"
        small.write_text("#接龙\n沙龙\n1. 王健\n", "utf-8")
        huge = Path(tmp) / "huge.txt"
        huge.write_text("1. " + "王健" * 500_000 + "\n", "utf-8")
        capped = Path(tmp) / "cap.txt"
        capped.write_text(cap, "utf-8")
        py = [sys.executable, "-m", "generator"]
        common = ["--root", str(REPO), "--today", TODAY.isoformat()]

        def run(*extra: str) -> None:
            subprocess.run([*py, *extra, *common], capture_output=True, check=False)

        floor = best(lambda: subprocess.run([*py, "--version"], capture_output=True,
                                            check=True), args.repeat)
        one_mb = best(lambda: run("jielong", EVENT, "--date", "2026-12-17", "--dry-run",
                                  "--file", str(huge)), args.repeat)
        at_cap = best(lambda: run("jielong", EVENT, "--date", "2026-12-17", "--dry-run",
                                  "--file", str(capped)), args.repeat)
        roster_mb = best(lambda: run("roster", "events", "--file", str(huge)), args.repeat)
        apply_mb = best(lambda: run("apply", "--dry-run", "--file", str(huge)), args.repeat)
        apply_small = best(lambda: run("apply", "--dry-run", "--file", str(small)),
                           args.repeat)
        jl_small = best(lambda: run("jielong", EVENT, "--date", "2026-12-17", "--dry-run",
                                    "--file", str(small)), args.repeat)
        roster_small = best(lambda: run("roster", "events", "--file", str(small)),
                            args.repeat)
    parsed = jielong.parse(cap)
    full = Matcher(com.charter, members)
    half = Matcher(com.charter, members[: len(members) // 2])
    t_full = best(lambda: jielong.resolve(full, parsed, {}), args.repeat)
    t_half = best(lambda: jielong.resolve(half, parsed, {}), args.repeat)
    print(f"floor (start-up) {floor:.3f} s; jielong on 3 lines {jl_small:.3f} s; "
          f"roster on 3 lines {roster_small:.3f} s")
    for name, t, small_t in (("jielong, 1 MB line", one_mb, jl_small),
                             ("jielong, text at the caps", at_cap, jl_small),
                             ("roster, 1 MB paste", roster_mb, roster_small),
                             ("apply, 1 MB line", apply_mb, apply_small)):
        beyond = t - floor
        print(f"{name}: {t:.3f} s  ratio to start-up {t / floor:.2f}  to the 3-line run "
              f"{t / small_t:.2f}  beyond start-up {beyond:.3f} s  beyond the 3-line run "
              f"{t - small_t:.3f} s  goal < {GOAL:.0f} s beyond start-up: "
              f"{'met' if beyond < GOAL else 'NOT met'}")
    text_mb = "1. " + "王健" * 500_000

    def refuse() -> None:
        try:
            jielong.parse(text_mb)
        except jielong.TooLong:
            pass

    t_norm = best(lambda: unicodedata.normalize("NFKC", text_mb), args.repeat)
    t_refuse = best(refuse, args.repeat)
    t_cap = best(lambda: jielong.resolve(full, jielong.parse(cap), {}), args.repeat)
    t_roster = best(lambda: roster.audit(com, com.groups["events"],
                                         roster.nicknames(text_mb)), args.repeat)
    print(f"in-process, floor = NFKC of the 1 MB text {t_norm * 1000:.1f} ms: jielong refuses "
          f"1 MB in {t_refuse * 1000:.2f} ms (ratio {t_refuse / t_norm:.3f}); parse+resolve at "
          f"the caps {t_cap * 1000:.0f} ms (ratio {t_cap / t_norm:.1f}); roster audit of the "
          f"1 MB paste {t_roster * 1000:.1f} ms (ratio {t_roster / t_norm:.2f})")
    print(f"resolve at the caps ({len(parsed.entries)} entries): {len(members)} members "
          f"{t_full * 1000:.0f} ms, {len(members) // 2} members {t_half * 1000:.0f} ms "
          f"(ratio {t_full / t_half:.2f}; members x candidates would be ~2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
