"""`python -m generator report`: what needs an admin's action, each item with its clause.

Dues due soon, overdue and lapsed (C2); attendance this year and in completed years, and
events held without attendance (R4); sharing this year (R4, C4); cap headroom and minimum
(C1); the yearly intake and candidates waiting (C5, C3); board posts expiring (C4); ads
without their red packet (R3); upcoming events without organisers or over capacity (C7);
members without a GitHub login (R2); what is new since ``--since``.

Sections with something to do come first, most urgent first (dues past the grace period, a
breached cap or minimum, candidates waiting, then what falls due soon, then the rest), in
the same order in every format. Text and Markdown list at most 10 items per section and fold
the same item for many members (the dues everyone owes on 1 January) into one line with the
count; ``--all`` lists everything.

``--format markdown`` is what the weekly workflow posts as an issue (it finds the issue again
by the hidden ``<!-- courtyard-report -->`` marker); ``text`` is for a terminal, in colour
when standard output is one. Exit 0 (the report is informational), 2 when the charter is
unusable.
"""

from __future__ import annotations

import argparse
import sys

from generator.admin.report import build_report
from generator.admin.report_format import DEFAULT_LIMIT, write
from generator.commands import progress
from generator.commands.args import config_language, parse_date
from generator.commands.check import collect
from generator.data.community import ConfigError
from generator.problems import report_text, sort_problems


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text",
                   help="text for a terminal, markdown for the weekly issue, json for tools")
    p.add_argument("--since", type=parse_date, default=None, metavar="YYYY-MM-DD",
                   help="start of the 'new since' window (default: a week before --today)")
    p.add_argument("--limit", type=int, default=None, metavar="N",
                   help=f"at most N items per section in text and markdown (default "
                        f"{DEFAULT_LIMIT}; markdown also shrinks itself to fit a GitHub issue)")
    p.add_argument("--all", action="store_true",
                   help="list every item: no limit per section, no line standing for many "
                        "members")
    progress.add_arguments(p)


def run(args: argparse.Namespace) -> int:
    log = progress.Log(progress.verbosity(args))
    try:
        com, problems = collect(args.root, args.today)
    except ConfigError as exc:
        report_text(sort_problems(exc.problems), config_language(args.root, args.lang), None,
                    sys.stderr)
        return 2
    lang = args.lang or com.charter.language
    log.detail(f"report for {com.today.isoformat()}: {len(com.members)} members, "
               f"{len(com.events)} events, {len(problems)} problem(s) from check")
    rep = build_report(com, problems, lang, args.since, fold=not args.all)
    color = args.format == "text" and progress.interactive(sys.stdout)
    limit = None if args.all else DEFAULT_LIMIT if args.limit is None else args.limit
    write(rep, args.format, sys.stdout, color, limit)
    log.detail(f"{sum(len(s.items) for s in rep.sections)} item(s) in "
               f"{len(rep.sections)} section(s)")
    return 0
