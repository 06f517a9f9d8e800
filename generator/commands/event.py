"""`python -m generator event rsvp|attend EVENT [--date OCCURRENCE] MEMBER… [--cancel]`:
replies and attendance as reviewed edits of the event's file.

``rsvp`` signs the members up for the event — or for one occurrence of a recurring event
(``--date``, required there) — and puts them on the waitlist once the capacity (RSVPs and
guests) is reached; ``--cancel`` takes them off, and the waitlist moves up. ``attend``
records who came, the same way per occurrence. MEMBER is an id, or a real name or group
nickname only one member has. The diff is printed, a change that would bring a new
``check`` error is refused, and ``--dry-run`` writes nothing.

Exit status: 0 written (or shown, or nothing to change), 1 refused by the check, 2 unknown
event or member, a date that is not an occurrence, or an unusable charter.
"""

from __future__ import annotations

import argparse

from generator.__main__ import parse_date as date_arg  # the one date flag (core/typed.py)
from generator.admin import lifecycle
from generator.admin.edit import Change
from generator.commands.lifecycle import action_parser, add_dry_run, run_change
from generator.data.community import Community

HELP = "record RSVPs or attendance for an event (or one occurrence of a series)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_dry_run(p)
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    sub.required = True
    for name, text in (("rsvp", "add members to the event's RSVPs (--cancel: remove)"),
                       ("attend", "record who attended (--cancel: remove)")):
        a = action_parser(sub, name, text)
        a.add_argument("--date", type=date_arg, default=None, metavar="OCCURRENCE",
                       help="the occurrence of a recurring event (its date)")
        a.add_argument("--cancel", action="store_true", help="remove instead of add")
        a.add_argument("event", metavar="EVENT", help="event id (file name)")
        a.add_argument("members", metavar="MEMBER", nargs="+", help="member ids or names")


def run(args: argparse.Namespace) -> int:
    def make(com: Community) -> tuple[Change, str]:
        when = f" {args.date.isoformat()}" if args.date else ""
        head = f"{args.action}{' --cancel' if args.cancel else ''} {args.event}{when}: "
        if args.action == "rsvp":
            change, signup = lifecycle.rsvp(com, args.event, args.members, args.cancel,
                                            args.date)
            return change, head + signup.summary()
        change, done = lifecycle.attend(com, args.event, args.members, args.cancel, args.date)
        return change, head + (", ".join(done) or "-")

    return run_change(args, make)
