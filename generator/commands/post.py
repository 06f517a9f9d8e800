"""`python -m generator post renew|close|ad POST`: a board post's life as reviewed edits of
its file (resources/board/POST.yml), instead of hand-edited YAML.

``renew`` keeps the post on the board through ``--until`` (default: 30 days after today);
``close`` takes it off from ``--date`` (default today: it expires the day before); ``ad``
declares it an ad with the red packet sent for it (R3: ``--amount``, ``--recipients``
default to the charter's minimum, ``--sent`` the day it was sent). The diff is printed, a
change that would bring a new ``check`` error is refused, and ``--dry-run`` writes nothing.

Exit status: 0 written (or shown with --dry-run, or nothing to change), 1 refused by the
check, 2 unknown post, a date that cannot be, or an unusable charter.
"""

from __future__ import annotations

import argparse
import datetime as dt

from generator.admin import settle
from generator.admin.edit import Change
from generator.commands.args import parse_amount
from generator.commands.args import parse_date as date_arg
from generator.commands.lifecycle import action_parser, add_dry_run, run_change
from generator.data.community import Community

RENEW_DAYS = 30
"""How long ``renew`` keeps a post on the board without ``--until``."""


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_dry_run(p)
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    sub.required = True
    r = action_parser(sub, "renew", "keep the post on the board through --until")
    r.add_argument("--until", type=date_arg, default=None, metavar="DATE",
                   help=f"its new expiry date (default: {RENEW_DAYS} days after today)")
    c = action_parser(sub, "close", "take the post off the board from --date")
    c.add_argument("--date", type=date_arg, default=None, metavar="DATE",
                   help="the first day it is no longer shown (default: today)")
    a = action_parser(sub, "ad", "declare the post an ad with its red packet (R3)")
    a.add_argument("--amount", type=parse_amount, default=None,
                   help="the red packet's total (default: the charter's minimum)")
    a.add_argument("--recipients", type=int, default=None, metavar="N",
                   help="how many people can open it (default: the charter's minimum)")
    a.add_argument("--sent", type=date_arg, default=None, metavar="DATE",
                   help="the day it was sent in the group")
    for action in sub.choices.values():
        action.add_argument("post", metavar="POST", help="post id (file name in "
                            "resources/board/)")


def run(args: argparse.Namespace) -> int:
    def make(com: Community) -> tuple[Change, str]:
        what = f"{args.action} {args.post}"
        if args.action == "renew":
            until = args.until or com.today + dt.timedelta(days=RENEW_DAYS)
            return settle.renew(com, args.post, until), f"{what} --until {until.isoformat()}"
        if args.action == "close":
            return settle.close(com, args.post, args.date or com.today), what
        return settle.declare_ad(com, args.post, args.amount, args.recipients, args.sent), what

    return run_change(args, make, NEXT[args.action])


NEXT = {"renew": "report", "close": "report", "ad": "report"}
"""The command that usually follows each action (said after writing)."""
