"""`python -m generator init DIR`: a new club from zero (:mod:`generator.admin.init` does the
work). Asks for what no flag gave — name, language, cap, dues and dues year, the rules, the
founders — or, with ``--yes``, never asks and uses the flags and defaults. Writes the club
into DIR (new or empty), then checks it and says the next command.

    python -m generator init my-club --yes --name "Riverside Printers" --language en \\
        --cap 30 --dues 1200 --year anniversary --rules R1,R2,R4,C1,C2,C3,C5 \\
        --founder "Ada Lane|Lane Press" --founder "Bo Chen|Chen Type"

Exit status: 0 written and checked clean (warnings allowed), 1 written but ``check`` found
errors, 2 usage error, cancelled, or DIR not empty (nothing written).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TypeVar

from generator.admin import init
from generator.commands.args import parse_date as date_arg
from generator.core.typed import split_list
from generator.i18n import Key, dynamic, text

T = TypeVar("T")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", metavar="DIR", help="the new club's folder (new or empty)")
    p.add_argument("--name", default=None, help="the club's name")
    p.add_argument("--language", choices=["zh", "en"], default=None,
                   help="the club's language (pages, messages, forms)")
    p.add_argument("--cap", type=int, default=None, help="most members the inner circle may "
                   "have (default: 50)")
    p.add_argument("--dues", type=float, default=None, help="dues a year (default: 0)")
    p.add_argument("--currency", default="CNY", help="dues currency (default: CNY)")
    p.add_argument("--year", choices=["calendar", "anniversary"], default=None,
                   help="dues years: calendar (1 January) or anniversary (from joining)")
    p.add_argument("--rules", default=None, metavar="R1,R2,…",
                   help="the charter's rules (default: " + ",".join(init.DEFAULT_RULES) + ")")
    p.add_argument("--founder", action="append", default=[], metavar="NAME|ORG",
                   help="a founder (repeat for each)")
    p.add_argument("--founded", type=date_arg, default=None, metavar="DATE",
                   help="founding date (default: today); founders' dues are recorded from it")
    p.add_argument("--timezone", default="Asia/Shanghai", help="IANA time zone")
    p.add_argument("--url", default="https://example.org/", help="the site's address")
    p.add_argument("--circle", default=None, metavar="NAME",
                   help="the inner circle's name (default: Members / 核心会员)")
    p.add_argument("--organisation-word", default=None, metavar="WORD",
                   help="what a member's organisation is called on pages and forms "
                        "(default: organisation / 机构)")
    p.add_argument("--yes", "--no-input", dest="no_input", action="store_true",
                   help="never ask: flags and defaults only")


def _ask(lang: str, key: Key, default: str, parse: Callable[[str], T], **kw: object) -> T:
    """Ask on stderr until ``parse`` accepts the answer (Enter: ``default``)."""
    while True:
        print(f"{text(lang, key, **kw)} [{default}]: ", end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        try:
            return parse(line.strip() or default)
        except ValueError:
            print(text(lang, "init.bad.number", found=line.strip(), what=text(lang, key, **kw)),
                  file=sys.stderr)
        except init.InitError as exc:
            print(text(lang, exc.key, **exc.args_), file=sys.stderr)


def _founder(lang: str, raw: str) -> init.Founder:
    name, bar, org = raw.partition("|")
    if not bar or not name.strip() or not org.strip():
        raise init.InitError("init.bad.founder", found=raw)
    return init.Founder(name.strip(), org.strip())


def _language(raw: str) -> str:
    if raw not in ("zh", "en"):
        raise init.InitError("init.bad.language", found=raw, allowed="zh, en")
    return raw


def _setup(args: argparse.Namespace, asking: bool) -> init.Setup:
    lang = args.language or (_ask("en", "init.ask.language", "en", _language) if asking
                             else "en")
    name = args.name or (_ask(lang, "init.ask.name", "", str) if asking else "")
    cap = args.cap if args.cap is not None else (
        _ask(lang, "init.ask.cap", "50", int) if asking else 50)
    dues = args.dues if args.dues is not None else (
        _ask(lang, "init.ask.dues", "0", float) if asking else 0.0)
    year = args.year or (_ask(lang, "init.ask.year", "calendar", str) if asking
                         else "calendar")
    rules = tuple(r.upper() for r in split_list(args.rules)) if args.rules else None
    if rules is None and asking:
        for r in init.RULES:
            print(text(lang, "init.rule-list", id=r,
                       title=text(lang, dynamic("init.rule.title.", r))),
                  file=sys.stderr)
        rules = tuple(r.upper() for r in split_list(_ask(
            lang, "init.ask.rules", ",".join(init.DEFAULT_RULES), str,
            choices=", ".join(init.RULES))))
    founders = [_founder(lang, f) for f in args.founder]
    while asking and (not founders or not args.founder):
        line = _ask(lang, "init.ask.founder", "", str)
        if not line:
            if founders:
                break
            continue
        try:
            founders.append(_founder(lang, line))
        except init.InitError as exc:
            print(text(lang, exc.key, **exc.args_), file=sys.stderr)
    return init.Setup(name=name, language=lang, cap=cap, dues=dues, currency=args.currency,
                      year=year, rules=rules or init.DEFAULT_RULES, founders=founders,
                      founded=args.founded, timezone=args.timezone, url=args.url,
                      circle=args.circle, organisation=args.organisation_word)


def run(args: argparse.Namespace) -> int:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from generator.commands.check import collect
    from generator.problems import report_text

    lang = args.lang or args.language or "en"
    try:
        setup = _setup(args, not args.no_input)
        lang = args.lang or setup.language
        today = args.today or dt.datetime.now(ZoneInfo(setup.timezone)).date()
        written = init.write(args.dir, setup, today)
    except init.InitError as exc:
        print(text(lang, exc.key, **exc.args_), file=sys.stderr)
        return 2
    except (EOFError, KeyboardInterrupt):
        print(text(lang, "new.cancelled"), file=sys.stderr)
        return 2
    com, problems = collect(args.dir, today)
    if problems:
        report_text(problems, lang, com.charter, sys.stderr)
    errors = sum(1 for p in problems if p.severity == "error")
    print(text(lang, "init.checked", errors=errors, warnings=len(problems) - errors))
    print(text(lang, "init.written", path=args.dir, count=len(written)))
    return 1 if errors else 0

