"""`python -m generator jielong EVENT [--date OCCURRENCE] [--attended] [--file F | stdin]`:
a pasted 群接龙 recorded as the RSVPs (or, with ``--attended``, the attendance) of one
occurrence of an event.

The latest re-post of a 接龙 holds everything, so importing it again is safe: members already
signed up stay where they are, new ones join (or the waitlist, once the capacity is reached),
a cancellation line (``取消:李娜``) takes the member off and moves the waitlist up, and the
guest count is set to the list's. Lines that fit several members or none are listed with
the closest members; resolve them with ``--map FILE`` (``line text: member-id | guest |
skip``), interactively (with ``--file`` on a terminal), or ``--unknown-as-guests``. The edit
goes through the ``event rsvp``/``attend`` code: diff, ``check``, ``--dry-run``.

Exit status: 0 written (or nothing to change); 1 lines left unresolved (the rest is still
written) or refused by the check; 2 unknown event, a date that is not an occurrence, an
unreadable file.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from generator.__main__ import parse_date as date_arg  # the one date flag (core/typed.py)
from generator.admin import jielong, lifecycle
from generator.admin.edit import Change
from generator.commands.lifecycle import add_dry_run, read_text, run_change, say
from generator.data.community import Community

if TYPE_CHECKING:
    from generator.i18n.keys import Key

HELP = "record a pasted 群接龙 as RSVPs or attendance of one event occurrence"


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


def _ask(lang: str, items: list[jielong.Match], known: set[str]) -> dict[str, str]:
    """Ask the admin about each unresolved line (member id, guest, or Enter to skip)."""
    out: dict[str, str] = {}
    for m in items:
        say(lang, "jl.ask", text=m.entry.text, ids=", ".join(m.ids) or "-")
        answer = input("> ").strip()
        if answer in known or answer in ("guest", "skip"):
            out[m.entry.text] = answer
    return out


def run(args: argparse.Namespace) -> int:
    try:
        text = read_text(args.file)
        mapping = jielong.read_mapping(read_text(args.map)) if args.map else {}
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{exc}", file=sys.stderr)
        return 2
    parsed = jielong.parse(text)
    left: list[jielong.Match] = []

    def make(com: Community) -> tuple[Change, str]:
        ev = lifecycle.event(com, args.event)
        matcher = jielong.Matcher(com.charter, [m for m in com.members.values()
                                                if m.status != "expelled"])
        got = jielong.resolve(matcher, parsed, mapping, args.unknown_as_guests)
        if got.unresolved and args.file and sys.stdin.isatty():
            mapping.update(_ask(args.lang or com.charter.language, got.unresolved,
                                set(matcher.by_id)))
            got = jielong.resolve(matcher, parsed, mapping, args.unknown_as_guests)
        left.extend(got.unresolved)
        lang = args.lang or com.charter.language
        say(lang, "jl.read", title=parsed.title or "-", lines=len(parsed.entries),
            members=len(got.join), cancelled=len(got.cancel), guests=got.guests)
        for m in got.unresolved:
            key: Key = "jl.ambiguous" if m.ids else "jl.unknown"
            say(lang, key, line=m.entry.line, text=m.entry.text, ids=", ".join(m.ids))
        ch = Change(com.root)
        target = lifecycle.occurrence_target(com, ev, ch, args.date)
        when = f" {args.date.isoformat()}" if args.date else ""
        if args.attended:
            done = lifecycle.record_attendance(target, got.join)
            return ch, f"jielong --attended {ev.id}{when}: + {', '.join(done) or '-'}"
        signup = lifecycle.sign_up(com, ev, target, got.join, got.cancel, got.guests,
                                   got.guest_names)
        return ch, f"jielong {ev.id}{when}: {signup.summary()}"

    code = run_change(args, make)
    return max(code, 1) if left and code != 2 else code
