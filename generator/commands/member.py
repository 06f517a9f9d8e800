"""`python -m generator member approve|dues|promote|suspend|reinstate|retire|expel ID`: a
membership's events as reviewed edits of the member's file, instead of hand-edited YAML;
`member sponsor ID --by SPONSOR` and `member github ID LOGIN` settle the report's items about
a candidate's sponsor (C3) and a missing login (R2).

Each action edits ``members/ID.yml`` in place (comments, key order and formatting kept),
prints the diff, refuses a change that would bring a new ``check`` error, and writes nothing
with ``--dry-run``. ID is the file's id, or a real name or group nickname only one member has.
Dates (``--date``, ``--paid``) default to ``--today``.

Exit status: 0 written (or shown with --dry-run), 1 refused by the check, 2 the action does not
apply (wrong status, unknown member, not an admin) or the charter is unusable.
"""

from __future__ import annotations

import argparse

from generator.admin import lifecycle, settle
from generator.admin.edit import Change
from generator.commands.args import parse_amount  # core/typed.py
from generator.commands.args import parse_date as date_arg
from generator.commands.lifecycle import action_parser, add_dry_run, run_change
from generator.data.community import Community


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_dry_run(p)
    sub = p.add_subparsers(dest="action", metavar="ACTION")
    sub.required = True
    a = action_parser(sub, "approve", "admit a candidate: status active, joined on --date, "
                      "approved by --by")
    a.add_argument("--by", required=True, metavar="ADMIN", help="the approving admin's id")
    d = action_parser(sub, "dues", "record a dues payment in the ledger")
    d.add_argument("--year", type=int, default=None,
                   help="membership year paid for (default: the earliest unpaid year)")
    d.add_argument("--paid", type=date_arg, default=None, metavar="DATE",
                   help="date received (default: today)")
    d.add_argument("--amount", type=parse_amount, default=None,
                   help="amount (default: the charter's dues)")
    d.add_argument("--note", default=None, help="e.g. 转账 or 首年会费")
    action_parser(sub, "promote", "move an active outer-court member into the inner circle "
                  "on --date (counted in that year's intake; dues start that year)")
    s = action_parser(sub, "suspend", "suspend an active member from --date")
    s.add_argument("--reason", default=None, help="why (kept in the file, never published)")
    action_parser(sub, "reinstate", "end a suspension on --date (kept in the file's "
                  "suspensions history)")
    action_parser(sub, "retire", "an active or suspended member leaves on --date: alumni")
    e = action_parser(sub, "expel", "expel: the record stays in git, the person leaves every "
                      "edition")
    e.add_argument("--reason", required=True, help="why (kept in the file, never published)")
    for name in ("approve", "promote", "suspend", "reinstate", "retire", "expel"):
        sub.choices[name].add_argument("--date", type=date_arg, default=None, metavar="DATE",
                                       help="the day it takes effect (default: today)")
    for action in sub.choices.values():
        action.add_argument("id", metavar="ID", help="member id (file name) or exact name")
    add_settling(sub)


def add_settling(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The actions that settle the report's member items other than the membership's
    events: a candidate's sponsor (C3), a GitHub login (R2)."""
    s = action_parser(sub, "sponsor", "give a member (a candidate) a new sponsor: an active "
                      "inner member, --by")
    s.add_argument("--by", required=True, metavar="SPONSOR", help="the sponsor's id or name")
    s.add_argument("id", metavar="ID", help="member id (file name) or exact name")
    g = action_parser(sub, "github", "record a member's GitHub login (R2: they can then edit "
                      "their own file)")
    g.add_argument("id", metavar="ID", help="member id (file name) or exact name")
    g.add_argument("login", metavar="LOGIN", help="the GitHub login (with or without @)")


def run(args: argparse.Namespace) -> int:
    def make(com: Community) -> tuple[Change, str]:
        on = getattr(args, "date", None) or com.today
        what = f"{args.action} {args.id}"
        if args.action == "approve":
            return lifecycle.approve(com, args.id, args.by, on), what
        if args.action == "dues":
            return lifecycle.dues(com, args.id, args.year, args.paid or com.today, args.amount,
                                  args.note), what
        if args.action == "promote":
            return lifecycle.promote(com, args.id, on), what
        if args.action == "suspend":
            return lifecycle.suspend(com, args.id, on, args.reason), what
        if args.action == "reinstate":
            return lifecycle.reinstate(com, args.id, on), what
        if args.action == "retire":
            return lifecycle.retire(com, args.id, on), what
        if args.action == "sponsor":
            return settle.sponsor(com, args.id, args.by), f"{what} --by {args.by}"
        if args.action == "github":
            return settle.github(com, args.id, args.login), f"{what} {args.login}"
        return lifecycle.expel(com, args.id, on, args.reason), what

    return run_change(args, make, NEXT[args.action].format(id=args.id))


NEXT = {
    "approve": "member dues {id}",  # a new member's first year
    "dues": "report",
    "promote": "member dues {id}",  # dues start the year of promotion
    "suspend": "member reinstate {id}  (once settled; or member expel {id} --reason …)",
    "reinstate": "report",
    "retire": "codeowners",  # CODEOWNERS follows who may review
    "expel": "codeowners",
    "sponsor": "member approve {id} --by ADMIN",
    "github": "codeowners",  # the login is what CODEOWNERS matches
}
"""The command that usually follows each action (said after writing)."""
