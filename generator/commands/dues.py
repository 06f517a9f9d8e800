"""`python -m generator dues`: the treasurer's ledger — who owes what today (partial payments
owe the rest, several years sum up, suspended members included), totals per dues year and
cash received per calendar year, from the one dues ledger (generator/core/ledger.py).

``--format text`` for a terminal, ``json`` for tools (amounts as numbers), ``csv`` the ledger
CSV (one row per member and year, the members edition's ``exports/ledger.csv``).

Exit 0 whether or not anyone owes money: owing is the ledger's normal state (everyone owes
next year's dues in December), not a problem in the data — ``check`` exits 1 for those
(C2.lapsed, C2.amount) and ``report`` says what to do. Exit 1 when a data file did not load
(the ledger would be missing it; the problems go to standard error), 2 when the charter is
unusable or ``--year`` is not a year.
"""

from __future__ import annotations

import argparse
import json
import sys

from generator.admin import dues
from generator.commands import progress
from generator.commands.args import community_or_report
from generator.exports import csv_export
from generator.problems import report_text, sort_problems


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, default=None, metavar="YYYY",
                   help="only this dues year (and the cash received in this calendar year)")
    p.add_argument("--format", choices=["text", "csv", "json"], default="text",
                   help="text for a terminal, csv for a spreadsheet (the ledger CSV), json "
                        "for tools")
    progress.add_arguments(p)


def run(args: argparse.Namespace) -> int:
    log = progress.Log(progress.verbosity(args))
    com = community_or_report(args)
    if com is None:
        return 2
    lang = args.lang or com.charter.language
    errors = sort_problems([p for p in com.problems if p.severity == "error"])
    if errors:  # a file that did not load is missing from the ledger: say so, exit 1
        report_text(errors, lang, None, sys.stderr)
    if args.year is not None and not 1900 <= args.year <= 9999:
        from generator.i18n import messages
        print(messages.render("dues.bad-year", lang, {"year": args.year}), file=sys.stderr)
        return 2
    if args.format == "csv":
        sys.stdout.buffer.write(csv_export.ledger_csv(com, args.year))
        sys.stdout.flush()
        return 1 if errors else 0
    v = dues.view(com, args.year)
    if args.format == "json":
        sys.stdout.write(json.dumps(dues.as_json(v, com, lang), ensure_ascii=False,
                                    indent=2) + "\n")
    else:
        dues.write_text(v, com, lang, sys.stdout)
    log.detail(f"dues for {com.today.isoformat()}: {len(v.lines)} line(s), "
               f"{len(v.debts)} member(s) owing")
    return 1 if errors else 0
