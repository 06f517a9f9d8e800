"""The WeChat corpus (issue 25, ENGINEERING.md §9): 接龙 texts written the way people write
them, with their expected outcome (tests/fixtures/wechat/corpus/{tune,holdout}), read by the
line grammar and the sure / doubtful / unknown matcher, then put on a fair list.

The held-out part was committed before the matcher and grammar existed and is never tuned on;
its figures are printed (``pytest -s``) and the goals asserted on it: no wrong person written
(precision 1.00), recall of sure members >= 0.95, guests exact, waitlist order exact."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator.admin import jielong
from generator.analysis.people import Matcher
from generator.data.community import load_community
from tests.conftest import REPO

CORPUS = Path(__file__).parent / "fixtures" / "wechat" / "corpus"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    com = load_community(str(REPO), dt.date(2026, 12, 7))
    return Matcher(com.charter, [m for m in com.members.values() if m.status != "expelled"])


def _spec(text: str) -> dict[str, object]:
    words = text.split()
    out: dict[str, object] = {"cls": words[0], "member": None, "intent": "join", "guests": 0}
    for w in words[1:]:
        if w.startswith("+"):
            out["guests"] = int(w[1:])
        elif w in ("join", "cancel", "waitlist", "guestcancel"):
            out["intent"] = w
        else:
            out["member"] = w
    return out


def evaluate(split: str, matcher: Matcher) -> tuple[Counter[str], list[str]]:
    """Counts over every text of ``split`` and the list of mismatches (for the message)."""
    expected = yaml.safe_load((CORPUS / split / "expected.yml").read_text("utf-8"))
    c: Counter[str] = Counter()
    bad: list[str] = []
    for name, exp in sorted(expected.items()):
        text = (CORPUS / split / f"{name}.txt").read_text("utf-8")
        parsed = jielong.parse(text)
        got = jielong.resolve(matcher, parsed, {})
        reads = {r.line.raw.strip(): r for r in got.reads}
        lines = {x.raw.strip(): x for x in parsed.lines}
        c["texts"] += 1
        for key, want_text in exp["lines"].items():
            want = _spec(want_text)
            read = reads.get(key)
            cls = read.verdict.cls if read else ("chat" if lines[key].kind == "chat" else "skip")
            member = read.verdict.member if read else None
            c[f"expected {want['cls']}"] += 1
            if want["cls"] == "sure":
                c["sure found"] += cls == "sure" and member == want["member"]
                if read is not None:
                    c["intent right"] += read.line.intent == want["intent"]
                    c["guests right"] += read.line.guests == want["guests"]
                c["person lines"] += 1
            elif want["cls"] == "doubtful":
                c["doubtful caught"] += cls == "doubtful" and want["member"] in (
                    read.verdict.candidates if read else [])
            elif want["cls"] == "unknown":
                c["unknown found"] += cls == "unknown"
                if read is not None:
                    c["unknown guests right"] += read.line.guests == want["guests"]
            else:
                c["not a person found"] += cls in ("chat", "skip")
            if cls in ("doubtful", "unknown"):
                c[f"said {cls}"] += 1
                c[f"said {cls} right"] += want["cls"] == cls
            if cls == "sure":
                c["written"] += 1
                c["written right"] += want["cls"] == "sure" and member == want["member"]
            if (cls, member) != (want["cls"], want["member"]) and not (
                    cls in ("chat", "skip") and want["cls"] in ("chat", "skip")):
                bad.append(f"{split}/{name}: {key!r}: got {cls} {member}, want {want_text}")
        # lines the file does not list are non-person lines: nothing may be written for them
        for key, read in reads.items():
            if key not in exp["lines"] and read.verdict.cls == "sure":
                c["written"] += 1
                bad.append(f"{split}/{name}: {key!r}: written as {read.verdict.member}, "
                           "want a non-person line")
        before = exp.get("before", {})
        alloc = jielong.allocate(before.get("rsvp", []), before.get("waitlist", []),
                                 exp.get("capacity"), got, exp.get("full_list", False),
                                 waiting_guests=before.get("waitlist_guests"))
        for what, value in (("rsvp", alloc.rsvp), ("waitlist", alloc.waitlist),
                            ("guests", alloc.guests),
                            ("waitlist_guests", alloc.waitlist_guests)):
            if what not in exp:  # waitlist_guests: only where a text says it
                continue
            ok = value == exp[what]
            c[f"{what} exact"] += ok
            if not ok:
                bad.append(f"{split}/{name}: {what} {value}, want {exp[what]}")
    return c, bad


def figures(split: str, c: Counter[str]) -> dict[str, float]:
    def ratio(a: str, b: str) -> float:
        return c[a] / c[b] if c[b] else 1.0

    out = {
        "precision of written members": ratio("written right", "written"),
        "recall of sure members": ratio("sure found", "expected sure"),
        "doubtful caught (recall)": ratio("doubtful caught", "expected doubtful"),
        "doubtful precision": ratio("said doubtful right", "said doubtful"),
        "unknown found (recall)": ratio("unknown found", "expected unknown"),
        "unknown precision": ratio("said unknown right", "said unknown"),
        "non-person lines skipped": c["not a person found"] / max(
            1, c["expected chat"] + c["expected skip"]),
        "intent right (sure lines)": ratio("intent right", "person lines"),
        "guests right (sure lines)": ratio("guests right", "person lines"),
        "rsvp exact (texts)": ratio("rsvp exact", "texts"),
        "waitlist exact (texts)": ratio("waitlist exact", "texts"),
        "guest count exact (texts)": ratio("guests exact", "texts"),
    }
    print(f"\n[{split}] {c['texts']} texts, {c['expected sure']} sure, "
          f"{c['expected doubtful']} doubtful, {c['expected unknown']} unknown, "
          f"{c['expected chat'] + c['expected skip']} chat/non-person lines annotated")
    for k, v in out.items():
        print(f"[{split}] {k}: {v:.2f}")
    return out


def test_the_corpus_is_big_enough_and_split() -> None:
    tune = yaml.safe_load((CORPUS / "tune" / "expected.yml").read_text("utf-8"))
    hold = yaml.safe_load((CORPUS / "holdout" / "expected.yml").read_text("utf-8"))
    assert len(tune) + len(hold) >= 40
    assert len(hold) >= 0.3 * (len(tune) + len(hold))
    for split, exp in (("tune", tune), ("holdout", hold)):
        assert sorted(p.stem for p in (CORPUS / split).glob("*.txt")) == sorted(exp)
    for split in ("holdout2", "holdout3", "holdout3/rosters"):  # every text is measured
        exp = yaml.safe_load((CORPUS / split / "expected.yml").read_text("utf-8"))
        assert sorted(p.stem for p in (CORPUS / split).glob("*.txt")) == sorted(exp)
    assert len(yaml.safe_load((CORPUS / "holdout3" / "expected.yml").read_text("utf-8"))) >= 15


def test_holdout_goals(matcher: Matcher) -> None:
    """The goals of issue 25, on texts the code was never tuned on."""
    c, bad = evaluate("holdout", matcher)
    f = figures("holdout", c)
    assert f["precision of written members"] == 1.0, bad
    assert f["recall of sure members"] >= 0.95, bad
    assert f["guests right (sure lines)"] == 1.0, bad
    assert f["guest count exact (texts)"] == 1.0, bad
    assert f["waitlist exact (texts)"] == 1.0, bad
    assert f["rsvp exact (texts)"] == 1.0, bad


def test_second_holdout_figures(matcher: Matcher) -> None:
    """A second held-out part, written after the code and committed before its first run.
    Its misses (0.92 recall, a ❌ read as a seat, 一家三口, 李丽娜 unknown) were fixed in
    general forms by wechat2 on 2026-12-07, so it is held out no more: the goals are
    asserted on it as a regression check (the held-out figures are holdout3's)."""
    c, bad = evaluate("holdout2", matcher)
    f = figures("holdout2", c)
    print("\n".join(f"[holdout2] miss: {b}" for b in bad))
    assert f["precision of written members"] == 1.0, bad
    assert f["recall of sure members"] >= 0.95, bad
    for what in ("guests right (sure lines)", "guest count exact (texts)",
                 "waitlist exact (texts)", "rsvp exact (texts)", "doubtful caught (recall)"):
        assert f[what] == 1.0, (what, bad)


def test_third_holdout_figures(matcher: Matcher) -> None:
    """holdout3 (wechat2, 2026-12-07): 18 texts written and committed (f2f4020) before any
    fix of that session, never tuned on. Its figures are reported as they come out; only
    precision of written members (no wrong person) is asserted.

    Measured (``pytest -q -s tests/test_wechat_corpus.py -k third``), before the fixes
    (70b10cc) → after them (6569f30): precision 1.00 → 1.00; recall of sure members 0.86
    (80/93) → 0.97 (90/93); doubtful caught 1.00 → 1.00, doubtful precision 0.57 → 0.93;
    intent right 0.86 → 0.95; guests right 0.92 → 0.95; texts with rsvp / waitlist / guest
    count exact 11 / 17 / 14 → 15 / 17 / 16 of 18; rosters 9/9 and 9/9 → the same. The misses
    left (not fixed: that would be tuning on it) are listed in the corpus README."""
    c, bad = evaluate("holdout3", matcher)
    f = figures("holdout3", c)
    print("\n".join(f"[holdout3] miss: {b}" for b in bad))
    assert f["precision of written members"] == 1.0, bad


def roster_findings(name: str) -> tuple[int, int, list[str]]:
    """How many of a holdout3 roster's expected findings the patrol reports (suspects,
    status, renames, R1 list, outsider count, duplicates), of how many, and the misses."""
    from generator.admin import roster
    from generator.data.community import load_community

    want = yaml.safe_load((CORPUS / "holdout3" / "rosters" / "expected.yml")
                          .read_text("utf-8"))[name]
    com = load_community(str(REPO), dt.date(2026, 12, 7))
    lines = roster.nicknames((CORPUS / "holdout3" / "rosters" / f"{name}.txt")
                             .read_text("utf-8"))
    audit = roster.audit(com, com.groups[want["group"]], lines)
    got = {("suspect", s.nickname, s.member) for s in audit.suspects if s.reason == "looks"}
    got |= {("status", s.nickname, s.member) for s in audit.suspects if s.reason != "looks"}
    got |= {("rename", r.nickname, r.member) for r in audit.renames}
    got |= {("r1", n, None) for n in audit.unformatted}
    got.add(("outsiders", str(len(audit.outsiders)), None))
    got |= {("duplicate", nicks[0], None) for nicks in audit.duplicates}
    exp = {("suspect", k, v) for k, v in want["suspects"].items()}
    exp |= {("status", k, v) for k, v in want["status"].items()}
    exp |= {("rename", k, v) for k, v in want["renames"].items()}
    exp |= {("r1", n, None) for n in want["r1"]}
    exp.add(("outsiders", str(want["outsiders"]), None))
    exp |= {("duplicate", n, None) for n in want.get("duplicates", [])}
    misses = [f"missing {e}" for e in sorted(exp - got, key=str)]
    misses += [f"extra {g}" for g in sorted(got - exp, key=str)
               if g[0] in ("suspect", "status", "rename")]
    return len(exp & got), len(exp), misses


@pytest.mark.parametrize("name", ["r6-jobs", "r7-big-group"])
def test_third_holdout_rosters(name: str) -> None:
    """holdout3's rosters, reported: findings right of expected; asserted only that no
    lookalike is asked to rename (a rename request names a member, so it must be sure)."""
    right, total, misses = roster_findings(name)
    print(f"\n[holdout3 roster {name}] findings right: {right}/{total}")
    print("\n".join(f"[holdout3 roster {name}] {m}" for m in misses))
    assert not [m for m in misses if m.startswith("extra ('rename'")], misses


def test_tune_figures(matcher: Matcher) -> None:
    c, bad = evaluate("tune", matcher)
    f = figures("tune", c)
    assert f["precision of written members"] == 1.0, bad
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("split", ["tune", "holdout", "holdout2", "holdout3"])
def test_every_text_imported_twice_changes_nothing(split: str, matcher: Matcher) -> None:
    """Idempotence: the occurrence after a text, given the same text again, stays the same."""
    expected = yaml.safe_load((CORPUS / split / "expected.yml").read_text("utf-8"))
    for name, exp in sorted(expected.items()):
        got = jielong.resolve(matcher, jielong.parse(
            (CORPUS / split / f"{name}.txt").read_text("utf-8")), {})
        before = exp.get("before", {})
        once = jielong.allocate(before.get("rsvp", []), before.get("waitlist", []),
                                exp.get("capacity"), got, exp.get("full_list", False),
                                waiting_guests=before.get("waitlist_guests"))
        twice = jielong.allocate(once.rsvp, once.waitlist, exp.get("capacity"), got,
                                 exp.get("full_list", False),
                                 waiting_guests=once.waitlist_guests)
        assert (twice.rsvp, twice.waitlist, twice.guests, twice.waitlist_guests) == (
            once.rsvp, once.waitlist, once.guests, once.waitlist_guests), name
        assert not (twice.added or twice.cancelled or twice.moved_up or twice.dropped
                    or twice.waitlisted), name
