"""`python -m generator jielong EVENT [--date OCCURRENCE] [--attended] [--full-list] [--file F |
stdin]`: a pasted 群接龙 recorded as the RSVPs (or, with ``--attended``, the attendance) of one
occurrence of an event.

Every line is read by the line grammar (:mod:`generator.admin.jielong`): entries, explicit
edits (``取消：李娜``), chat and non-person lines (dates, times, agenda, 签到 — skipped and
listed). Each person is *sure*, *doubtful* or *unknown* (:mod:`generator.analysis.people`);
only sure ones are written. A doubtful line is listed with the member it looks like, why it
is doubtful and the exact ``--map`` line that confirms it (or asked at the prompt with
``--file`` on a terminal); unknown lines likewise, or ``--unknown-as-guests``.

The list is fair: cancellations free seats for the waitlist first, then for new sign-ups in
list order; a waitlisted host's guests take no seat (they are kept in ``waitlist_guests``
and move up with the host when both fit). ``--full-list`` (the text is the whole
current list, as a re-post is) cancels members missing from its last list and says so.
A cancelled occurrence refuses sign-ups, and attendance is refused for a date after today.
Re-importing the same text changes nothing.

Exit status: 0 written (or nothing to change); 1 lines left doubtful or unknown (the sure ones
are still written) or refused by the check; 2 unknown event, a date that is not an
occurrence, a cancelled occurrence, attendance ahead of today, an unreadable or oversized text.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from generator.admin import jielong, lifecycle
from generator.admin.edit import Change, flow_seq
from generator.analysis.people import WHY_KEYS, Matcher, Verdict
from generator.commands.args import parse_date as date_arg  # the one date flag (core/typed.py)
from generator.commands.lifecycle import add_dry_run, read_text, run_change, say
from generator.core.occurrences import happenings
from generator.core.signup import may_sign_up, occurrence_open
from generator.data.community import Community
from generator.i18n import catalogue, messages

if TYPE_CHECKING:
    from ruamel.yaml.comments import CommentedMap

    from generator.i18n.keys import Key



def add_arguments(p: argparse.ArgumentParser) -> None:
    add_dry_run(p)
    p.add_argument("event", metavar="EVENT", help="event id (file name)")
    p.add_argument("--date", type=date_arg, default=None, metavar="OCCURRENCE",
                   help="the occurrence of a recurring event (its date)")
    p.add_argument("--attended", action="store_true",
                   help="record attendance instead of RSVPs")
    p.add_argument("--file", default=None, help="the 接龙 text (default: stdin)")
    p.add_argument("--map", default=None, metavar="FILE",
                   help="resolve lines: 'line text: member-id | guest | skip', one a line")
    p.add_argument("--unknown-as-guests", action="store_true",
                   help="record lines naming nobody in the registry as guests")
    p.add_argument("--full-list", action="store_true",
                   help="the text is the whole current list (a re-post): members missing "
                   "from it are cancelled")




def _looks_like(lang: str, com: Community, v: Verdict) -> str:
    """``王健（分众传媒）``, or several such, for a doubtful verdict."""
    sep = catalogue.text(lang, "punct.list")
    return sep.join(messages.render("jl.member", lang, {"name": com.members[c].name,
                                                        "org": com.members[c].org, "id": c})
                    for c in v.candidates if c in com.members)


def report(lang: str, com: Community, parsed: jielong.Jielong, got: jielong.Resolved) -> None:
    """The lines left for the admin (doubtful, unknown) and the lines skipped."""
    for r in got.doubtful:
        why = messages.render(WHY_KEYS.get(r.verdict.why, "jl.why-other"), lang,
                              {"rest": r.verdict.rest or "-"})
        say(lang, "jl.doubtful", line=r.line.line, text=r.line.body,
            member=_looks_like(lang, com, r.verdict), why=why,
            map=f"{r.line.body}: {r.verdict.member}")
    for r in got.unknown:
        say(lang, "jl.unknown", line=r.line.line, text=r.line.body)
    skipped = [x.line for x in parsed.lines if x.kind in ("skip", "chat", "long")]
    if skipped:
        say(lang, "jl.skipped", count=len(skipped), lines=", ".join(map(str, skipped[:40])))


def _ask(lang: str, items: list[jielong.Read], known: set[str]) -> dict[str, str]:
    """Ask the admin about each doubtful or unknown line (member id, guest, or Enter to
    skip); a doubtful line's suggestion is confirmed with y."""
    out: dict[str, str] = {}
    for r in items:
        say(lang, "jl.ask", text=r.line.body, ids=", ".join(r.verdict.candidates) or "-")
        answer = input("> ").strip()
        if answer in ("y", "Y") and r.verdict.member:
            answer = r.verdict.member
        if answer in known or answer in ("guest", "skip"):
            out[jielong.norm_key(r.line.body)] = answer
    return out


def _write(target: CommentedMap, key: str, values: list[str]) -> None:
    seq = target.get(key)
    if values == list(seq or []):
        return
    if isinstance(seq, list):
        seq[:] = values
    else:
        lifecycle.put_field(target, key, flow_seq(values))
    if not values:
        del target[key]


def run(args: argparse.Namespace) -> int:
    try:
        text = read_text(args.file)
        mapping = jielong.read_mapping(read_text(args.map)) if args.map else {}
        parsed = jielong.parse(text)
    except jielong.TooLong as exc:
        say(args.lang or "zh", "jl.too-long", chars=exc.chars, lines=exc.lines,
            max_chars=jielong.MAX_CHARS, max_lines=jielong.MAX_LINES)
        return 2
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{exc}", file=sys.stderr)
        return 2
    left: list[jielong.Read] = []

    def make(com: Community) -> tuple[Change, str]:
        lang = args.lang or com.charter.language
        ev = lifecycle.event(com, args.event)
        day = args.date or com.event_start(ev).date()
        if args.attended and day > com.today:
            raise lifecycle.Refused("jl.future-attendance", event=ev.id, date=day.isoformat(),
                                    today=com.today.isoformat())
        happening = next((h for h in happenings(com, ev) if h.date == day), None)
        if (not args.attended and happening is not None
                and not occurrence_open(ev, happening, com.today)):
            closed: Key = "jl.cancelled" if happening.cancelled else "jl.past"
            raise lifecycle.Refused(closed, event=ev.id, date=day.isoformat(),
                                    today=com.today.isoformat())
        matcher = Matcher(com.charter, [m for m in com.members.values()
                                        if m.status != "expelled"])
        got = jielong.resolve(matcher, parsed, mapping, args.unknown_as_guests)
        if (got.doubtful or got.unknown) and args.file and sys.stdin.isatty():
            mapping.update(_ask(lang, got.doubtful + got.unknown, matcher.ids))
            got = jielong.resolve(matcher, parsed, mapping, args.unknown_as_guests)
        left.extend(got.doubtful + got.unknown)
        if happening is not None and not args.attended:  # who may sign up: core.signup
            refused = [mid for mid in got.order if got.intent[mid] != "cancel"
                       and not may_sign_up(com.charter, com.members[mid], ev, happening,
                                           com.today)]
            for mid in refused:
                got.intent[mid] = "cancel"  # not written: a cancel of someone not listed
            if refused:
                say(lang, "jl.not-allowed", ids=", ".join(refused), event=ev.id,
                    audience=ev.audience)
        say(lang, "jl.read", title=parsed.title or "-", lines=len(parsed.entries),
            members=len(got.join), cancelled=len(got.cancel),
            guests=sum(got.guests.get(m, 0) for m in got.join) + got.outsider_guests
            + len(got.guest_names))
        report(lang, com, parsed, got)
        ch = Change(com.root)
        target = lifecycle.occurrence_target(com, ev, ch, args.date)
        when = f" {args.date.isoformat()}" if args.date else ""
        if args.attended:
            done = lifecycle.record_attendance(target, got.join)
            return ch, f"jielong --attended {ev.id}{when}: + {', '.join(done) or '-'}"
        guests0 = lifecycle.guest_count(target)
        alloc = jielong.allocate(list(target.get("rsvp") or []),
                                 list(target.get("waitlist") or []), ev.capacity, got,
                                 args.full_list,
                                 len(got.guest_names) + got.outsider_guests,
                                 lifecycle.waiting_guests(target))
        if alloc.dropped:
            say(lang, "jl.full-list", ids=", ".join(alloc.dropped))
        _write(target, "rsvp", alloc.rsvp)
        _write(target, "waitlist", alloc.waitlist)
        waiting0 = lifecycle.waiting_guests(target)
        lifecycle.put_waiting_guests(target, alloc.waitlist_guests)
        if alloc.guests != lifecycle.guest_count(target):
            if alloc.guests:
                lifecycle.put_field(target, "guests", alloc.guests)
            elif "guests" in target:
                del target["guests"]
        names = list(target.get("guest_names") or [])
        if got.guest_names != names and (got.guest_names or names):
            if got.guest_names:
                lifecycle.put_field(target, "guest_names", flow_seq(got.guest_names))
            else:
                del target["guest_names"]
        parts = [f"{label} {', '.join(ids)}" for label, ids in (
            ("+", alloc.added), ("waitlist", alloc.waitlisted),
            ("-", alloc.cancelled + alloc.dropped), ("moved up", alloc.moved_up)) if ids]
        before = lifecycle.guest_count(target) if "guests" in target else 0
        if guests0 != before:
            parts.append(f"guests {guests0} -> {before}")
        if waiting0 != alloc.waitlist_guests:
            parts.append("waitlist guests " + (", ".join(
                f"{m} +{n}" for m, n in alloc.waitlist_guests.items()) or "-"))
        return ch, f"jielong {ev.id}{when}: {'; '.join(parts) or '-'}"

    code = run_change(args, make)
    return max(code, 1) if left and code != 2 else code
