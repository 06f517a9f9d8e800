"""`python -m generator event rsvp|attend EVENT [--date OCCURRENCE] MEMBER… [--cancel]`:
replies and attendance as reviewed edits of the event's file; `event organiser EVENT MEMBER…`
and `event capacity EVENT N` settle the report's event items (C7).

``rsvp`` signs the members up for the event — or for one occurrence of a recurring event
(``--date``; default the next session), says who was already on the list, and puts them
on the waitlist once the capacity (RSVPs and guests) is reached; ``--cancel`` takes them off,
and the waitlist moves up. ``attend`` records who came, the same way per occurrence (default
the latest session held; a session after today is refused). MEMBER is an id, or a real name or group
nickname only one member has. The diff is printed, a change that would bring a new
``check`` error is refused, and ``--dry-run`` writes nothing.

Exit status: 0 written (or shown, or nothing to change), 1 refused by the check, 2 unknown
event or member, a date that is not an occurrence, or an unusable charter.
"""

from __future__ import annotations

import argparse

from generator.admin import lifecycle, settle
from generator.admin.edit import Change
from generator.commands.args import parse_date as date_arg  # the one date flag (core/typed.py)
from generator.commands.lifecycle import action_parser, add_dry_run, run_change
from generator.data.community import Community


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_dry_run(p)
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    sub.required = True
    for name, text in (("rsvp", "add members to the event's RSVPs (--cancel: remove)"),
                       ("attend", "record who attended (--cancel: remove)")):
        a = action_parser(sub, name, text)
        a.add_argument("--date", type=date_arg, default=None, metavar="OCCURRENCE",
                       help="the occurrence of a recurring event (default: rsvp the next "
                            "session, attend the latest one held)")
        a.add_argument("--cancel", action="store_true", help="remove instead of add")
        a.add_argument("event", metavar="EVENT", help="event id (file name)")
        a.add_argument("members", metavar="MEMBER", nargs="+", help="member ids or names")
    add_settling(sub)


def add_settling(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The actions that settle the report's event items (C7): organisers, capacity."""
    o = action_parser(sub, "organiser", "add members to the event's organisers")
    o.add_argument("event", metavar="EVENT", help="event id (file name)")
    o.add_argument("members", metavar="MEMBER", nargs="+", help="member ids or names")
    c = action_parser(sub, "capacity", "set the event's capacity (RSVPs and guests)")
    c.add_argument("event", metavar="EVENT", help="event id (file name)")
    c.add_argument("places", metavar="N", type=int, help="places")


def run_settling(args: argparse.Namespace) -> int:
    def make(com: Community) -> tuple[Change, str]:
        if args.action == "capacity":
            return (settle.capacity(com, args.event, args.places),
                    f"capacity {args.event} {args.places}")
        change, added = settle.organise(com, args.event, args.members)
        return change, f"organiser {args.event}: {', '.join(added)}"

    return run_change(args, make, "report")


def run(args: argparse.Namespace) -> int:
    if args.action in ("organiser", "capacity"):
        return run_settling(args)
    day: list[str] = []

    def make(com: Community) -> tuple[Change, str]:
        ev = lifecycle.event(com, args.event)
        on = args.date or (lifecycle.next_session(com, ev) if args.action == "rsvp"
                           else lifecycle.last_session(com, ev))
        when = f" {on.isoformat()}" if on else ""
        day.append((on or com.event_start(ev).date()).isoformat())  # said in the next step
        head = f"{args.action}{' --cancel' if args.cancel else ''} {args.event}{when}"
        if args.action == "rsvp":
            change, signup = lifecycle.rsvp(com, args.event, args.members, args.cancel, on)
            told = signup.summary(args.lang or com.charter.language)
        else:
            change, done = lifecycle.attend(com, args.event, args.members, args.cancel, on)
            told = ", ".join(done)
        return change, head + (f": {told}" if told else "")

    def after() -> str:
        if args.action == "attend" or args.cancel:
            return "report"
        date = f" --date {day[0]}" if day and day[0] else ""
        return f"event attend {args.event}{date} {' '.join(args.members)}  (after the session)"

    return run_change(args, make, after)
